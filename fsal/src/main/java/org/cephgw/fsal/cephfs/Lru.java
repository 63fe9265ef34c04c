package org.cephgw.fsal.cephfs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A thread-safe map of bounded size that drops its least recently used entries, split into
 * segments by key hash (each an access-ordered LinkedHashMap under its own lock) so that threads
 * working on different files rarely meet. The eviction callback runs outside the segment lock.
 */
final class Lru<K, V> {
    private final Segment<K, V>[] segments;
    private final Consumer<V> onEvict;

    @SuppressWarnings({"unchecked", "rawtypes"})
    Lru(int capacity, Consumer<V> onEvict) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        int n = Integer.highestOneBit(Math.max(1, Math.min(64, capacity / 16)));
        segments = new Segment[n];
        int per = Math.max(1, (capacity + n - 1) / n);
        for (int i = 0; i < n; i++) {
            segments[i] = new Segment<>(per);
        }
        this.onEvict = onEvict;
    }

    private Segment<K, V> segment(Object key) {
        int h = key.hashCode();
        h ^= (h >>> 16);
        return segments[h & (segments.length - 1)];
    }

    V get(K key) {
        Segment<K, V> s = segment(key);
        synchronized (s) {
            return s.map.get(key);
        }
    }

    /** Inserts unless present; returns the value now mapped (the existing one, or {@code value}). */
    V putIfAbsent(K key, V value) {
        Segment<K, V> s = segment(key);
        List<V> evicted;
        synchronized (s) {
            V existing = s.map.get(key);
            if (existing != null) {
                return existing;
            }
            s.map.put(key, value);
            evicted = s.trim();
        }
        evict(evicted);
        return value;
    }

    /** Removes (and evicts) the entry if it maps to {@code value}, or any value when that is null. */
    boolean remove(K key, V value) {
        Segment<K, V> s = segment(key);
        V old;
        synchronized (s) {
            old = s.map.get(key);
            if (old == null || (value != null && old != value)) {
                return false;
            }
            s.map.remove(key);
        }
        onEvict.accept(old);
        return true;
    }

    int size() {
        int n = 0;
        for (Segment<K, V> s : segments) {
            synchronized (s) {
                n += s.map.size();
            }
        }
        return n;
    }

    /** Removes (and evicts) everything. */
    void clear() {
        for (Segment<K, V> s : segments) {
            List<V> all;
            synchronized (s) {
                all = new ArrayList<>(s.map.values());
                s.map.clear();
            }
            evict(all);
        }
    }

    private void evict(List<V> evicted) {
        if (evicted != null) {
            for (V v : evicted) {
                onEvict.accept(v);
            }
        }
    }

    private static final class Segment<K, V> {
        final int capacity;
        final LinkedHashMap<K, V> map;

        Segment(int capacity) {
            this.capacity = capacity;
            this.map = new LinkedHashMap<>(Math.min(capacity, 1024) * 4 / 3 + 1, 0.75f, true);
        }

        List<V> trim() {
            if (map.size() <= capacity) {
                return null;
            }
            List<V> out = new ArrayList<>(1);
            Iterator<Map.Entry<K, V>> it = map.entrySet().iterator();
            while (map.size() > capacity && it.hasNext()) {
                out.add(it.next().getValue());
                it.remove();
            }
            return out;
        }
    }
}
