package org.cephgw.fsal.util;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A thread-safe map of bounded size that drops its least recently used entries. It is split into
 * segments by key hash, each an access-ordered {@link LinkedHashMap} under its own lock, so that
 * threads working on different files rarely meet; the LRU order is per segment. The eviction
 * callback runs after the segment's lock is released. The back ends' caches (file descriptors,
 * inode references, credentials, change counters) are built on it.
 */
public final class BoundedLru<K, V> {
    private final Segment<K, V>[] segments;
    private final Consumer<V> onEvict;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public BoundedLru(int capacity, Consumer<V> onEvict) {
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
        return segments[segmentOf(key.hashCode(), segments.length)];
    }

    /**
     * The segment of a key hash: the top bits of a multiplicative (Fibonacci) hash. Not the low
     * bits: the segment's own {@code HashMap} indexes by those, and keys that all share them
     * (inode numbers, every 64th of them in one segment) would fall into a 64th of its buckets —
     * long chains turned into trees, a lookup many times slower (seen in READDIR of a large
     * directory).
     */
    static int segmentOf(int hash, int segments) {
        return ((hash * 0x9E3779B9) >>> 26) & (segments - 1);
    }

    public V get(K key) {
        Segment<K, V> s = segment(key);
        synchronized (s) {
            return s.map.get(key);
        }
    }

    /** Inserts unless present; returns the value now mapped (the existing one, or {@code value}). */
    public V putIfAbsent(K key, V value) {
        Segment<K, V> s = segment(key);
        V existing;
        List<V> evicted;
        synchronized (s) {
            existing = s.map.get(key);
            if (existing != null) {
                return existing;
            }
            s.map.put(key, value);
            evicted = s.trim();
        }
        evict(evicted);
        return value;
    }

    /** Maps the key to a value, replacing (and evicting) an old one. */
    public void put(K key, V value) {
        Segment<K, V> s = segment(key);
        V old;
        List<V> evicted;
        synchronized (s) {
            old = s.map.put(key, value);
            evicted = s.trim();
        }
        if (old != null && old != value) {
            onEvict.accept(old);
        }
        evict(evicted);
    }

    public V computeIfAbsent(K key, Function<K, V> create) {
        Segment<K, V> s = segment(key);
        V v;
        List<V> evicted;
        synchronized (s) {
            v = s.map.get(key);
            if (v != null) {
                return v;
            }
            v = create.apply(key);
            s.map.put(key, v);
            evicted = s.trim();
        }
        evict(evicted);
        return v;
    }

    /** Removes the entry (evicting it) if it maps to {@code value}, or any value if that is null. */
    public boolean remove(K key, V value) {
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

    public int size() {
        int n = 0;
        for (Segment<K, V> s : segments) {
            synchronized (s) {
                n += s.map.size();
            }
        }
        return n;
    }

    /** Removes (and evicts) everything. */
    public void clear() {
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
