package org.cephgw.persistence.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.cephgw.persistence.StoreException;

/** Random operation sequences give the same results, states and dumps as {@link GraceModel}. */
class GraceModelPropertiesTest {

    enum Kind { ADD, MEMBER, JOIN, START, LIFT, REMOVE, ENFORCE, NOENFORCE, ENFORCING }

    record Op(Kind kind, List<String> nodes) {
        @Override
        public String toString() {
            return kind.name().toLowerCase() + " " + String.join(" ", nodes);
        }
    }

    /** Something that executes operations: the pure transitions or a real database. */
    interface Subject {
        /** 0 or a negative errno; MEMBER: 0 / -2; ENFORCING: 1 / 0. */
        int apply(Op op);

        GraceState state();
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.ADD)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.MEMBER)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.JOIN)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.START)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.LIFT)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.REMOVE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.ENFORCE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.NOENFORCE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.ENFORCING)));
        Arbitrary<List<String>> someNodes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.of("a", "b", "c", "d")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("x"))) // never added: unknown member
                .list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<String>> nodes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, someNodes),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(List.<String>of()))); // -EINVAL
        return Combinators.combine(kinds, nodes).as(Op::new).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 1000)
    void transitionsAgreeWithTheModel(@ForAll("ops") List<Op> ops) {
        check(ops, new TransitionsSubject());
    }

    @Property(tries = 300)
    void localDatabaseAgreesWithTheModel(@ForAll("ops") List<Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("grace-prop");
        try (LocalGraceDb db = LocalGraceDb.inStateDir(dir)) {
            db.create();
            check(ops, new DbSubject(db));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void check(List<Op> ops, Subject subject) {
        GraceModel model = new GraceModel();
        int step = 0;
        for (Op op : ops) {
            step++;
            int expected = apply(model, op);
            int actual = subject.apply(op);
            String where = "step " + step + " (" + op + ")";
            assertThat(actual).as(where).isEqualTo(expected);
            GraceState s = subject.state();
            assertThat(s.dump()).as(where).isEqualTo(model.dump());
            assertThat(s.cur()).as(where).isEqualTo(model.cur);
            assertThat(s.rec()).as(where).isEqualTo(model.rec);
            for (Map.Entry<String, Integer> e : model.flags.entrySet()) {
                assertThat(s.members().get(e.getKey()).bits()).as(where).isEqualTo(e.getValue());
            }
            assertThat(s.members().keySet()).as(where).containsExactlyElementsOf(model.members());
            // invariants of the protocol
            assertThat(s.rec() == 0 || s.rec() == s.cur() - 1).as(where + ": rec is 0 or cur-1").isTrue();
            assertThat(!s.anyNeedsGrace() || s.inGrace()).as(where + ": N only during a grace period").isTrue();
        }
    }

    private static int apply(GraceModel m, Op op) {
        List<String> n = op.nodes();
        switch (op.kind()) {
            case ADD: return m.add(n);
            case MEMBER: return m.member(n);
            case JOIN: return m.join(n, false);
            case START: return m.join(n, true);
            case LIFT: return m.lift(n, false);
            case REMOVE: return m.lift(n, true);
            case ENFORCE: return m.enforce(n, true);
            case NOENFORCE: return m.enforce(n, false);
            case ENFORCING: return m.enforcing(n.isEmpty() ? "a" : n.get(0)) ? 1 : 0;
            default: throw new AssertionError(op);
        }
    }

    static final class TransitionsSubject implements Subject {
        GraceState s = GraceTransitions.create();

        @Override
        public int apply(Op op) {
            List<String> n = op.nodes();
            try {
                switch (op.kind()) {
                    case ADD: s = GraceTransitions.add(s, n); return 0;
                    case MEMBER: return GraceTransitions.member(s, n) ? 0 : -2;
                    case JOIN: s = GraceTransitions.join(s, n, false); return 0;
                    case START: s = GraceTransitions.join(s, n, true); return 0;
                    case LIFT: s = GraceTransitions.lift(s, n); return 0;
                    case REMOVE: s = GraceTransitions.remove(s, n); return 0;
                    case ENFORCE: s = GraceTransitions.enforce(s, n, true); return 0;
                    case NOENFORCE: s = GraceTransitions.enforce(s, n, false); return 0;
                    case ENFORCING: return s.enforcing(n.isEmpty() ? "a" : n.get(0)) ? 1 : 0;
                    default: throw new AssertionError(op);
                }
            } catch (StoreException e) {
                return e.errno();
            }
        }

        @Override
        public GraceState state() {
            return s;
        }
    }

    static final class DbSubject implements Subject {
        final GraceDb db;

        DbSubject(GraceDb db) {
            this.db = db;
        }

        @Override
        public int apply(Op op) {
            List<String> n = op.nodes();
            try {
                GraceState after;
                switch (op.kind()) {
                    case ADD: after = db.add(n); break;
                    case MEMBER: return db.member(n) ? 0 : -2;
                    case JOIN: after = db.join(n); break;
                    case START: after = db.start(n); break;
                    case LIFT: after = db.lift(n); break;
                    case REMOVE: after = db.remove(n); break;
                    case ENFORCE: after = db.enforce(n); break;
                    case NOENFORCE: after = db.noenforce(n); break;
                    case ENFORCING: return db.enforcing(n.isEmpty() ? "a" : n.get(0)) ? 1 : 0;
                    default: throw new AssertionError(op);
                }
                assertThat(after).as("returned state of " + op).isEqualTo(db.read());
                return 0;
            } catch (StoreException e) {
                return e.errno();
            }
        }

        @Override
        public GraceState state() {
            return db.read();
        }
    }
}
