package org.cephgw.persistence.grace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceState.Flags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link GraceDb} must have (run against LocalGraceDb here; the RADOS
 * implementation can extend it too). Expected dumps are written out byte for byte.
 */
abstract class GraceDbContract {
    static final String RULE = "======================================================";
    static final int ENOENT = -2;
    static final int EINVAL = -22;
    static final int ENOKEY = -126;

    private GraceDb db;

    /** A new database handle on storage where no grace database exists yet. */
    protected abstract GraceDb newDb();

    GraceDb db() {
        if (db == null) {
            db = newDb();
        }
        return db;
    }

    GraceDb created() {
        db().create();
        return db();
    }

    @AfterEach
    void closeDb() {
        if (db != null) {
            db.close();
        }
    }

    static String dump(String epochs, String... memberLines) {
        StringBuilder sb = new StringBuilder(epochs).append('\n').append(RULE).append('\n');
        for (String l : memberLines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    static int errno(Runnable r) {
        try {
            r.run();
        } catch (StoreException e) {
            return e.errno();
        }
        throw new AssertionError("no StoreException");
    }

    @Test
    void ruleIs54() {
        assertThat(RULE).hasSize(54).matches("=+");
    }

    @Test
    void createIsExclusiveAndIdempotent() {
        assertThat(db().create()).isTrue();
        assertThat(db().create()).isFalse();
        assertThat(db().read()).isEqualTo(new GraceState(1, 0, new java.util.TreeMap<>()));
        assertThat(db().dump()).isEqualTo("cur=1 rec=0\n" + RULE + "\n");
    }

    @Test
    void everyOperationOnAMissingDatabaseIsENOENT() {
        GraceDb d = db();
        assertThat(errno(d::read)).isEqualTo(ENOENT);
        assertThat(errno(d::dump)).isEqualTo(ENOENT);
        assertThat(errno(() -> d.add("a"))).isEqualTo(ENOENT);
        assertThat(errno(() -> d.member("a"))).isEqualTo(ENOENT);
        assertThat(errno(() -> d.join("a"))).isEqualTo(ENOENT);
        assertThat(errno(() -> d.start("a"))).isEqualTo(ENOENT);
        assertThat(errno(() -> d.lift("a"))).isEqualTo(ENOENT);
        assertThat(errno(() -> d.remove("a"))).isEqualTo(ENOENT);
        assertThat(errno(() -> d.enforce("a"))).isEqualTo(ENOENT);
        assertThat(errno(() -> d.noenforce("a"))).isEqualTo(ENOENT);
        assertThat(errno(() -> d.enforcing("a"))).isEqualTo(ENOENT);
    }

    /** The example of grace-db.md, step by step, dumps byte for byte. */
    @Test
    void walkthroughOfTheGraceDbDocument() {
        GraceDb d = created();
        d.add("a", "b");
        assertThat(d.dump()).isEqualTo(dump("cur=1 rec=0", "a\t E", "b\t E"));

        GraceState s = d.start("a");
        assertThat(s.cur()).isEqualTo(2);
        assertThat(s.rec()).isEqualTo(1);
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE", "b\t E"));

        d.start("b"); // during a's grace period: epochs unchanged
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE", "b\tNE"));

        d.lift("a");
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\t E", "b\tNE"));

        s = d.lift("b");
        assertThat(s.rec()).isZero();
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=0", "a\t E", "b\t E"));

        d.noenforce("a");
        d.noenforce("b");
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=0", "a\t  ", "b\t  "));
    }

    @Test
    void joinDuringAGracePeriodBehavesLikeStart() {
        GraceDb d = created();
        d.add("a", "b");
        d.start("a");
        d.join("b");
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE", "b\tNE"));
    }

    /** grace-db.md: b starting after a lifted opens a new grace period. */
    @Test
    void startAfterTheLiftOpensANewPeriod() {
        GraceDb d = created();
        d.add("a", "b");
        d.start("a");
        d.lift("a");
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=0", "a\t E", "b\t E"));
        GraceState s = d.start("b");
        assertThat(s.cur()).isEqualTo(3);
        assertThat(s.rec()).isEqualTo(2);
        assertThat(d.dump()).isEqualTo(dump("cur=3 rec=2", "a\t E", "b\tNE"));
        // a, seeing rec != 0, enforces (it already does) and can check that everyone does
        assertThat(d.enforcing("a")).isTrue();
    }

    @Test
    void addOfAnExistingMemberChangesNothing() {
        GraceDb d = created();
        d.add("a");
        d.start("a");
        String before = d.dump();
        GraceState s = d.add("c", "a"); // one already exists: nothing is added
        assertThat(s).isEqualTo(d.read());
        assertThat(d.dump()).isEqualTo(before);
        assertThat(d.member("c")).isFalse();
        d.add("a"); // flags of an existing member are not reset
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE"));
    }

    @Test
    void addRejectsMissingAndMalformedNodeIds() {
        GraceDb d = created();
        assertThat(errno(() -> d.add(List.of()))).isEqualTo(EINVAL);
        assertThat(errno(() -> d.add(""))).isEqualTo(EINVAL);
        assertThat(errno(() -> d.add("a\tb"))).isEqualTo(EINVAL);
        assertThat(errno(() -> d.add("a\nb"))).isEqualTo(EINVAL);
        assertThat(errno(() -> d.add("ok", null))).isEqualTo(EINVAL);
        assertThat(errno(() -> d.add("x".repeat(1025)))).isEqualTo(EINVAL);
        assertThat(d.read().members()).isEmpty();
        d.add("x".repeat(1024), "n\u00e4me", "\ud83d\ude00");
        assertThat(d.read().members()).hasSize(3);
    }

    @Test
    void aNodeNamedTwiceCountsOnce() {
        GraceDb d = created();
        d.add("a", "a", "b");
        d.start("a", "a");
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE", "b\t E"));
    }

    @Test
    void memberChecksThatAllExist() {
        GraceDb d = created();
        d.add("a", "b");
        assertThat(d.member("a")).isTrue();
        assertThat(d.member("a", "b")).isTrue();
        assertThat(d.member("a", "c")).isFalse();
        assertThat(d.member("c")).isFalse();
        assertThat(errno(() -> d.member(List.of()))).isEqualTo(EINVAL);
    }

    @Test
    void joinWithoutAGracePeriodChangesNothing() {
        GraceDb d = created();
        d.add("a");
        d.noenforce("a");
        GraceState s = d.join("a");
        assertThat(s).isEqualTo(new GraceState(1, 0, members("a", Flags.NONE)));
        assertThat(d.dump()).isEqualTo(dump("cur=1 rec=0", "a\t  "));
    }

    @Test
    void joinAndStartOfAnUnknownNodeAreENOKEYAndChangeNothing() {
        GraceDb d = created();
        d.add("a");
        assertThat(errno(() -> d.start("a", "zz"))).isEqualTo(ENOKEY);
        assertThat(errno(() -> d.join("zz"))).isEqualTo(ENOKEY);
        assertThat(d.dump()).isEqualTo(dump("cur=1 rec=0", "a\t E"));
        StoreException e = (StoreException) catchThrowable(() -> d.start("zz"));
        assertThat(e.cliMessage()).isEqualTo("Failure: -126");
        assertThat(e.getMessage()).contains("'zz'");
    }

    @Test
    void startSetsNeedAndEnforcingEvenIfEnforcingWasCleared() {
        GraceDb d = created();
        d.add("a", "b");
        d.noenforce("a", "b");
        d.start("a");
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE", "b\t  "));
    }

    @Test
    void liftWhileSomeMemberDoesNotEnforceChangesNothing() {
        GraceDb d = created();
        d.add("a", "b");
        d.noenforce("b");
        d.start("a");
        String before = d.dump();
        GraceState s = d.lift("a");
        assertThat(s.rec()).isEqualTo(1);
        assertThat(d.dump()).isEqualTo(before);
        // checked before membership, as nfs-ganesha does: no error for an unknown node either
        d.lift("zz");
        d.remove("a");
        assertThat(d.dump()).isEqualTo(before);
        // once b enforces the lift goes through
        d.enforce("b");
        assertThat(d.lift("a").rec()).isZero();
    }

    @Test
    void liftOfAnUnknownNodeIsENOKEY() {
        GraceDb d = created();
        d.add("a");
        d.start("a");
        assertThat(errno(() -> d.lift("a", "zz"))).isEqualTo(ENOKEY);
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE"));
        assertThat(errno(() -> d.lift(List.of()))).isEqualTo(EINVAL);
    }

    @Test
    void liftOfANodeWithoutNeedChangesNothing() {
        GraceDb d = created();
        d.add("a", "b");
        d.start("a");
        String before = d.dump();
        d.lift("b");
        assertThat(d.dump()).isEqualTo(before);
    }

    @Test
    void liftEndsTheGraceOnlyWhenNobodyNeedsIt() {
        GraceDb d = created();
        d.add("a", "b", "c");
        d.start("a", "b");
        assertThat(d.lift("a").rec()).isEqualTo(1);
        assertThat(d.lift("b").rec()).isZero();
        assertThat(d.read().cur()).isEqualTo(2);
        d.start("c");
        assertThat(d.lift("a", "b", "c").rec()).isZero();
        assertThat(d.dump()).isEqualTo(dump("cur=3 rec=0", "a\t E", "b\t E", "c\t E"));
    }

    /** nfs-ganesha compares counts: removing b (no N) while exactly a has N would end a's grace. */
    @Test
    void removeOfANodeWithoutNeedKeepsAnotherNodesGrace() {
        GraceDb d = created();
        d.add("a", "b");
        d.start("a");
        GraceState s = d.remove("b");
        assertThat(s.rec()).isEqualTo(1);
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE"));
    }

    /** nfs-ganesha compares counts: removing a (N) and b (no N) would leave a grace nobody needs. */
    @Test
    void removeOfTheLastNeedingNodeWithAnotherEndsTheGrace() {
        GraceDb d = created();
        d.add("a", "b", "c");
        d.start("a");
        GraceState s = d.remove("a", "b");
        assertThat(s.rec()).isZero();
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=0", "c\t E"));
    }

    @Test
    void removeKeepsTheGraceWhileAnotherNodeNeedsIt() {
        GraceDb d = created();
        d.add("a", "b", "c");
        d.start("a", "b");
        assertThat(d.remove("a", "c").rec()).isEqualTo(1);
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "b\tNE"));
        assertThat(d.remove("b").rec()).isZero();
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=0"));
    }

    @Test
    void removeOutsideAGracePeriodJustRemoves() {
        GraceDb d = created();
        d.add("a", "b");
        d.noenforce("a");
        d.remove("a");
        assertThat(d.dump()).isEqualTo(dump("cur=1 rec=0", "b\t E"));
        assertThat(errno(() -> d.remove("a"))).isEqualTo(ENOKEY);
        assertThat(errno(() -> d.remove(List.of()))).isEqualTo(EINVAL);
    }

    @Test
    void enforceAndNoenforceToggleOnlyE() {
        GraceDb d = created();
        d.add("a", "b");
        d.start("a");
        d.noenforce("a");
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tN ", "b\t E"));
        d.enforce("a");
        d.enforce("a");
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE", "b\t E"));
        assertThat(errno(() -> d.enforce("a", "zz"))).isEqualTo(ENOKEY);
        assertThat(errno(() -> d.noenforce("zz"))).isEqualTo(ENOKEY);
        assertThat(d.dump()).isEqualTo(dump("cur=2 rec=1", "a\tNE", "b\t E"));
    }

    @Test
    void enforcingRequiresMembershipAndEveryMemberEnforcing() {
        GraceDb d = created();
        assertThat(d.enforcing("a")).isFalse();
        d.add("a", "b");
        assertThat(d.enforcing("a")).isTrue();
        assertThat(d.enforcing("zz")).isFalse();
        d.noenforce("b");
        assertThat(d.enforcing("a")).isFalse();
        assertThat(d.enforcing("b")).isFalse();
        assertThat(errno(() -> d.enforcing(""))).isEqualTo(EINVAL);
    }

    @Test
    void returnedStateIsTheStoredState() {
        GraceDb d = created();
        assertThat(d.add("a", "b")).isEqualTo(d.read());
        assertThat(d.start("a")).isEqualTo(d.read());
        assertThat(d.noenforce("b")).isEqualTo(d.read());
        assertThat(d.lift("a")).isEqualTo(d.read()); // no change: b does not enforce
        assertThat(d.enforce("b")).isEqualTo(d.read());
        assertThat(d.lift("a")).isEqualTo(d.read());
        assertThat(d.remove("b")).isEqualTo(d.read());
    }

    @Test
    void dumpListsMembersInByteOrder() {
        GraceDb d = created();
        d.add("z", "\u00e4", "B", "a", "\ud83d\ude00", "\ufffd");
        assertThat(d.dump()).isEqualTo(dump("cur=1 rec=0",
                "B\t E", "a\t E", "z\t E", "\u00e4\t E", "\ufffd\t E", "\ud83d\ude00\t E"));
    }

    static java.util.SortedMap<String, Flags> members(Object... nodeFlags) {
        java.util.TreeMap<String, Flags> m = new java.util.TreeMap<>();
        for (int i = 0; i < nodeFlags.length; i += 2) {
            m.put((String) nodeFlags[i], (Flags) nodeFlags[i + 1]);
        }
        return m;
    }

    static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("nothing thrown");
    }

    @Test
    void noNodesIsEINVALEverywhere() {
        GraceDb d = created();
        assertThat(errno(() -> d.join(List.of()))).isEqualTo(EINVAL);
        assertThat(errno(() -> d.start(List.of()))).isEqualTo(EINVAL);
        assertThat(errno(() -> d.enforce(List.of()))).isEqualTo(EINVAL);
        assertThat(errno(() -> d.noenforce(List.of()))).isEqualTo(EINVAL);
        assertThatThrownBy(() -> d.add(List.of())).isInstanceOf(StoreException.class)
                .hasMessageContaining("at least one node");
    }
}
