package org.cephgw.actors.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.actors.state.ByteRangeLocks.MAX;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.cephgw.actors.state.ByteRangeLocks.Lock;
import org.junit.jupiter.api.Test;

/**
 * Byte-range locks against a reference model that records, per byte of a small offset space,
 * which owner holds it how. Bytes 0..{@value #LAST_FINITE} are exact; model byte {@value #TOP}
 * stands for [TOP, 2^64-1], which only "to end of file" ranges (length all ones) reach.
 */
class ByteRangeLocksTest {
    private static final int TOP = 63;
    private static final int LAST_FINITE = 61;

    private static final OwnerKey A = owner(1, "a");
    private static final OwnerKey B = owner(1, "b");
    private static final OwnerKey C = owner(2, "c");
    private static final List<OwnerKey> OWNERS = List.of(A, B, C);

    private static OwnerKey owner(long client, String name) {
        return new OwnerKey(client, name.getBytes(StandardCharsets.US_ASCII));
    }

    // ------------------------------------------------------------------ the model

    sealed interface Op {
    }

    record LockOp(int owner, boolean write, long offset, long length) implements Op {
    }

    record UnlockOp(int owner, long offset, long length) implements Op {
    }

    record TestOp(int owner, boolean write, long offset, long length) implements Op {
    }

    record ReleaseOwnerOp(int owner) implements Op {
    }

    record ReleaseClientOp(long clientId) implements Op {
    }

    /** byte → owner → write? */
    private static final class Model {
        @SuppressWarnings({"unchecked", "rawtypes"})
        final Map<OwnerKey, Boolean>[] bytes = new Map[TOP + 1];

        Model() {
            for (int i = 0; i <= TOP; i++) {
                bytes[i] = new HashMap<>();
            }
        }

        boolean conflicts(OwnerKey o, boolean write, int first, int last) {
            for (int i = first; i <= last; i++) {
                for (Map.Entry<OwnerKey, Boolean> e : bytes[i].entrySet()) {
                    if (!e.getKey().equals(o) && (write || e.getValue())) {
                        return true;
                    }
                }
            }
            return false;
        }

        void set(OwnerKey o, boolean write, int first, int last) {
            for (int i = first; i <= last; i++) {
                bytes[i].put(o, write);
            }
        }

        void clear(OwnerKey o, int first, int last) {
            for (int i = first; i <= last; i++) {
                bytes[i].remove(o);
            }
        }
    }

    private static int modelLast(long offset, long length) {
        return length == MAX ? TOP : (int) (offset + length - 1);
    }

    private static int modelLastOf(Lock l) {
        if (l.last() == MAX) {
            return TOP;
        }
        assertThat(l.last()).as("finite ranges stay below the model's top byte").isLessThanOrEqualTo(LAST_FINITE);
        return (int) l.last();
    }

    // ------------------------------------------------------------------ the property

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> owner = Arbitraries.integers().between(0, 2);
        Arbitrary<Long> offset = Arbitraries.longs().between(0, 56);
        Arbitrary<Long> length = Arbitraries.oneOf(Arbitraries.longs().between(1, 6), Arbitraries.just(MAX));
        Arbitrary<Boolean> write = Arbitraries.of(true, false);
        Arbitrary<Op> lock = Combinators.combine(owner, write, offset, length).as(LockOp::new);
        Arbitrary<Op> unlock = Combinators.combine(owner, offset, length).as(UnlockOp::new);
        Arbitrary<Op> test = Combinators.combine(owner, write, offset, length).as(TestOp::new);
        Arbitrary<Op> release = owner.map(ReleaseOwnerOp::new);
        Arbitrary<Op> releaseClient = Arbitraries.of(1L, 2L).map(ReleaseClientOp::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, lock),
                net.jqwik.api.Tuple.of(4, unlock),
                net.jqwik.api.Tuple.of(4, test),
                net.jqwik.api.Tuple.of(1, release),
                net.jqwik.api.Tuple.of(1, releaseClient)).list().ofMaxSize(60);
    }

    @Property(tries = 500)
    void behavesLikePerByteOwnership(@ForAll("operations") List<Op> ops) {
        ByteRangeLocks locks = new ByteRangeLocks();
        Model model = new Model();
        for (Op op : ops) {
            if (op instanceof LockOp l) {
                OwnerKey o = OWNERS.get(l.owner());
                long last = ByteRangeLocks.lastByte(l.offset(), l.length());
                int mf = (int) l.offset();
                int ml = modelLast(l.offset(), l.length());
                boolean conflict = model.conflicts(o, l.write(), mf, ml);
                Lock c = locks.lock(o, l.write(), l.offset(), last);
                assertThat(c != null).as("conflict of %s", op).isEqualTo(conflict);
                if (c == null) {
                    model.set(o, l.write(), mf, ml);
                } else {
                    assertRealConflict(c, o, l.write(), l.offset(), last);
                }
            } else if (op instanceof UnlockOp u) {
                OwnerKey o = OWNERS.get(u.owner());
                locks.unlock(o, u.offset(), ByteRangeLocks.lastByte(u.offset(), u.length()));
                model.clear(o, (int) u.offset(), modelLast(u.offset(), u.length()));
            } else if (op instanceof TestOp t) {
                OwnerKey o = OWNERS.get(t.owner());
                long last = ByteRangeLocks.lastByte(t.offset(), t.length());
                Lock c = locks.conflict(o, t.write(), t.offset(), last);
                assertThat(c != null).as("test %s", op)
                        .isEqualTo(model.conflicts(o, t.write(), (int) t.offset(), modelLast(t.offset(), t.length())));
                if (c != null) {
                    assertRealConflict(c, o, t.write(), t.offset(), last);
                }
            } else if (op instanceof ReleaseOwnerOp r) {
                OwnerKey o = OWNERS.get(r.owner());
                locks.releaseOwner(o);
                model.clear(o, 0, TOP);
            } else if (op instanceof ReleaseClientOp r) {
                locks.releaseClient(r.clientId());
                for (OwnerKey o : OWNERS) {
                    if (o.clientId() == r.clientId()) {
                        model.clear(o, 0, TOP);
                    }
                }
            }
            assertSameHoldings(locks, model, op);
        }
    }

    private static void assertRealConflict(Lock c, OwnerKey o, boolean write, long first, long last) {
        assertThat(c.owner()).isNotEqualTo(o);
        assertThat(write || c.write()).isTrue();
        assertThat(Long.compareUnsigned(c.first(), last) <= 0 && Long.compareUnsigned(first, c.last()) <= 0)
                .as("%s overlaps [%d, %d]", c, first, last).isTrue();
    }

    private static void assertSameHoldings(ByteRangeLocks locks, Model model, Op after) {
        Model actual = new Model();
        List<Lock> held = locks.locks();
        for (Lock l : held) {
            assertThat(Long.compareUnsigned(l.first(), l.last())).as("%s is a range", l).isLessThanOrEqualTo(0);
            for (int i = (int) l.first(); i <= modelLastOf(l); i++) {
                assertThat(actual.bytes[i].put(l.owner(), l.write()))
                        .as("byte %d held twice by %s after %s: %s", i, l.owner(), after, held).isNull();
            }
        }
        for (int i = 0; i <= TOP; i++) {
            assertThat(actual.bytes[i]).as("byte %d after %s: %s", i, after, held).isEqualTo(model.bytes[i]);
        }
        // canonical form: ranges of one owner and type neither overlap nor touch (they merge)
        for (Lock x : held) {
            for (Lock y : held) {
                if (x != y && x.owner().equals(y.owner()) && x.write() == y.write()) {
                    boolean apart = (x.last() != MAX && x.last() + 1 < y.first())
                            || (y.last() != MAX && y.last() + 1 < x.first());
                    assertThat(apart).as("%s and %s should have merged after %s", x, y, after).isTrue();
                }
            }
        }
        for (OwnerKey o : OWNERS) {
            boolean any = false;
            for (int i = 0; i <= TOP; i++) {
                any |= model.bytes[i].containsKey(o);
            }
            assertThat(locks.holdsAny(o)).isEqualTo(any);
        }
        assertThat(locks.isEmpty()).isEqualTo(held.isEmpty());
    }

    // ------------------------------------------------------------------ unsigned ranges

    @Test
    void rangesAreValidatedAsUnsigned64BitOffsetAndLength() {
        assertThat(ByteRangeLocks.lastByte(0, 0)).as("length 0").isNull();
        assertThat(ByteRangeLocks.lastByte(MAX, 0)).isNull();
        assertThat(ByteRangeLocks.lastByte(0, 1)).isEqualTo(0L);
        assertThat(ByteRangeLocks.lastByte(10, 5)).isEqualTo(14L);
        // all ones: to the end of the file, whatever the offset
        assertThat(ByteRangeLocks.lastByte(0, MAX)).isEqualTo(MAX);
        assertThat(ByteRangeLocks.lastByte(12345, MAX)).isEqualTo(MAX);
        assertThat(ByteRangeLocks.lastByte(MAX, MAX)).isEqualTo(MAX);
        // offset + length may reach 2^64 - 1 but not go beyond (RFC 8881 §18.10.4)
        assertThat(ByteRangeLocks.lastByte(MAX - 1, 1)).isEqualTo(MAX - 1);
        assertThat(ByteRangeLocks.lastByte(2, MAX - 2)).isEqualTo(MAX - 1);
        assertThat(ByteRangeLocks.lastByte(MAX, 1)).as("2^64-1 + 1").isNull();
        assertThat(ByteRangeLocks.lastByte(MAX - 1, 2)).as("2^64-2 + 2").isNull();
        assertThat(ByteRangeLocks.lastByte(2, MAX - 1)).as("2 + 2^64-2").isNull();
        assertThat(ByteRangeLocks.lastByte(Long.MIN_VALUE, Long.MIN_VALUE)).as("2^63 + 2^63").isNull();
        assertThat(ByteRangeLocks.lastByte(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(MAX - 1);
        assertThat(ByteRangeLocks.lastByte(MAX - 100, 1000)).isNull();
    }

    @Test
    void locksNearTheTopOfTheOffsetSpace() {
        ByteRangeLocks l = new ByteRangeLocks();
        long high = MAX - 10;
        assertThat(l.lock(A, true, high, MAX)).isNull();
        // offsets above 2^63 are large, not negative
        assertThat(l.lock(B, false, MAX - 1, MAX - 1)).isNotNull();
        assertThat(l.lock(B, false, Long.MIN_VALUE, high - 1)).isNull();
        assertThat(l.lock(C, true, 0, Long.MAX_VALUE)).isNull();
        Lock c = l.conflict(C, false, MAX, MAX);
        assertThat(c).isNotNull();
        assertThat(c.owner()).isEqualTo(A);
        assertThat(c.length()).as("to end of file").isEqualTo(MAX);
        // unlocking the very last byte splits "to end" into a finite range
        l.unlock(A, MAX, MAX);
        assertThat(l.conflict(C, false, MAX, MAX)).isNull();
        assertThat(l.conflict(C, false, MAX - 1, MAX - 1)).isNotNull();
    }

    @Test
    void adjacentAndOverlappingRangesOfOneOwnerMerge() {
        ByteRangeLocks l = new ByteRangeLocks();
        l.lock(A, false, 0, 9);
        l.lock(A, false, 10, 19);
        assertThat(l.locks()).containsExactly(new Lock(A, false, 0, 19));
        l.lock(A, false, 15, 30);
        assertThat(l.locks()).containsExactly(new Lock(A, false, 0, 30));
        // another type does not merge
        l.lock(A, true, 31, 40);
        assertThat(l.locks()).hasSize(2);
        // nor do other owners' ranges
        l.lock(B, false, 41, 50);
        assertThat(sorted(l.locks())).containsExactly(new Lock(A, false, 0, 30), new Lock(A, true, 31, 40),
                new Lock(B, false, 41, 50));
        // merging up to the end of the file
        ByteRangeLocks top = new ByteRangeLocks();
        top.lock(A, true, MAX - 5, MAX);
        top.lock(A, true, MAX - 10, MAX - 6);
        assertThat(top.locks()).containsExactly(new Lock(A, true, MAX - 10, MAX));
    }

    @Test
    void upgradesDowngradesAndUnlocksSplitRanges() {
        ByteRangeLocks l = new ByteRangeLocks();
        l.lock(A, false, 0, 99);
        l.lock(A, true, 40, 59);
        assertThat(sorted(l.locks())).containsExactly(new Lock(A, false, 0, 39), new Lock(A, true, 40, 59),
                new Lock(A, false, 60, 99));
        // downgrading the middle back merges everything
        l.lock(A, false, 40, 59);
        assertThat(l.locks()).containsExactly(new Lock(A, false, 0, 99));
        l.unlock(A, 10, 19);
        assertThat(sorted(l.locks())).containsExactly(new Lock(A, false, 0, 9), new Lock(A, false, 20, 99));
        assertThat(sorted(l.locks()).get(0).length()).isEqualTo(10);
        // unlocking what is not held changes nothing, and never someone else's
        l.unlock(B, 0, MAX);
        assertThat(l.locks()).hasSize(2);
        ByteRangeLocks eof = new ByteRangeLocks();
        eof.lock(A, true, 100, MAX);
        eof.unlock(A, 200, 299);
        assertThat(sorted(eof.locks())).containsExactly(new Lock(A, true, 100, 199), new Lock(A, true, 300, MAX));
        assertThat(sorted(eof.locks()).get(1).length()).isEqualTo(MAX);
    }

    @Test
    void readLocksShareWriteLocksExclude() {
        ByteRangeLocks l = new ByteRangeLocks();
        assertThat(l.lock(A, false, 0, 9)).isNull();
        assertThat(l.lock(B, false, 5, 14)).isNull();
        Lock c = l.lock(C, true, 9, 9);
        assertThat(c).isNotNull();
        assertThat(c.owner()).isIn(A, B);
        assertThat(l.lock(C, true, 15, 20)).isNull();
        assertThat(l.lock(A, false, 20, 20)).isEqualTo(new Lock(C, true, 15, 20));
        // a failed lock takes nothing
        assertThat(l.holdsAny(A)).isTrue();
        assertThat(l.locks()).hasSize(3);
        l.releaseClient(1);
        assertThat(l.locks()).containsExactly(new Lock(C, true, 15, 20));
    }

    private static List<Lock> sorted(List<Lock> locks) {
        List<Lock> l = new ArrayList<>(locks);
        l.sort(Comparator.comparing((Lock x) -> x.owner().toString()).thenComparing(x -> x.first(), Long::compareUnsigned));
        return l;
    }
}
