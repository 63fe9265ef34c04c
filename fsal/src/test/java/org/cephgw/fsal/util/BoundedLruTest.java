package org.cephgw.fsal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoundedLruTest {
    @Test
    void sequentialInodeNumbersSpreadOverEverySegmentAndOverTheSegmentsOwnBuckets() {
        int segments = 64;
        List<Set<Integer>> lowBits = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            lowBits.add(new HashSet<>());
        }
        for (long ino = 100_000; ino < 110_000; ino++) {
            int h = Long.hashCode(ino);
            int seg = BoundedLru.segmentOf(h, segments);
            // what the segment's HashMap indexes a table of 256 buckets by
            lowBits.get(seg).add((h ^ (h >>> 16)) & 255);
        }
        assertThat(lowBits).allSatisfy(buckets -> assertThat(buckets).hasSizeGreaterThan(100));
    }

    @Test
    void keepsAtMostItsCapacityAndDropsTheLeastRecentlyUsed() {
        List<Long> evicted = new ArrayList<>();
        BoundedLru<Long, Long> lru = new BoundedLru<>(1, evicted::add);
        lru.put(1L, 10L);
        lru.put(2L, 20L);
        assertThat(lru.get(1L)).isNull();
        assertThat(lru.get(2L)).isEqualTo(20L);
        assertThat(evicted).containsExactly(10L);
    }
}
