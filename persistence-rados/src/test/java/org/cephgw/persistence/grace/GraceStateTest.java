package org.cephgw.persistence.grace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceState.Flags;
import org.junit.jupiter.api.Test;

class GraceStateTest {
    @Test
    void flagBytesAreNfsGaneshas() {
        assertThat(Flags.N.bits()).isEqualTo(0x1);
        assertThat(Flags.E.bits()).isEqualTo(0x2);
        assertThat(Flags.NE.bits()).isEqualTo(0x3);
        assertThat(Flags.NONE.bits()).isZero();
        assertThat(Flags.of(0x3)).isEqualTo(Flags.NE);
        assertThat(Flags.of(0x80 | 0x2)).isEqualTo(Flags.E);
        assertThat(List.of(Flags.NONE.render(), Flags.N.render(), Flags.E.render(), Flags.NE.render()))
                .containsExactly("  ", "N ", " E", "NE");
    }

    @Test
    void dumpPrintsEpochsUnsigned() {
        GraceState s = new GraceState(-1L, -2L, new TreeMap<>());
        assertThat(s.dump()).isEqualTo("cur=18446744073709551615 rec=18446744073709551614\n" + "=".repeat(54) + "\n");
    }

    @Test
    void membersAreAnUnmodifiableCopyInByteOrder() {
        TreeMap<String, Flags> m = new TreeMap<>();
        m.put("\ud83d\ude00", Flags.E); // U+1F600: after U+FFFD in code point (and UTF-8 byte) order
        m.put("\ufffd", Flags.E);
        GraceState s = new GraceState(1, 0, m);
        m.put("later", Flags.E);
        assertThat(s.members()).hasSize(2);
        assertThat(new ArrayList<>(s.members().keySet())).containsExactly("\ufffd", "\ud83d\ude00");
        assertThatThrownBy(() -> s.members().put("x", Flags.E)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(s).isEqualTo(new GraceState(1, 0, new TreeMap<>(s.members())));
    }

    @Test
    void derivedQuestions() {
        TreeMap<String, Flags> m = new TreeMap<>();
        m.put("a", Flags.NE);
        m.put("b", Flags.E);
        GraceState s = new GraceState(2, 1, m);
        assertThat(s.inGrace()).isTrue();
        assertThat(s.anyNeedsGrace()).isTrue();
        assertThat(s.allEnforcing()).isTrue();
        assertThat(s.enforcing("a")).isTrue();
        assertThat(s.enforcing("c")).isFalse();
        assertThat(s.flags("b")).contains(Flags.E);
        assertThat(GraceState.initial().allEnforcing()).isTrue();
        assertThat(GraceState.initial().inGrace()).isFalse();
    }

    @Test
    void atMost1024Members() {
        GraceState s = GraceState.initial();
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            nodes.add("n" + i);
        }
        s = GraceTransitions.add(s, nodes);
        assertThat(s.members()).hasSize(1024);
        GraceState full = s;
        StoreException e = (StoreException) org.assertj.core.api.Assertions.catchThrowable(
                () -> GraceTransitions.add(full, List.of("one-more")));
        assertThat(e.errno()).isEqualTo(-Errno.ENOSPC);
        assertThat(GraceTransitions.add(full, List.of("n5", "one-more"))).isSameAs(full); // exists: no change
    }

    @Test
    void theCurrentEpochDoesNotWrap() {
        TreeMap<String, Flags> m = new TreeMap<>();
        m.put("a", Flags.E);
        GraceState last = new GraceState(-1L, 0, m);
        StoreException e = (StoreException) org.assertj.core.api.Assertions.catchThrowable(
                () -> GraceTransitions.join(last, List.of("a"), true));
        assertThat(e.errno()).isEqualTo(-Errno.EOVERFLOW);
        GraceState before = new GraceState(-2L, 0, m);
        GraceState after = GraceTransitions.join(before, List.of("a"), true);
        assertThat(after.cur()).isEqualTo(-1L);
        assertThat(after.rec()).isEqualTo(-2L);
    }

    @Test
    void storeExceptionsCarryNegativeErrnos() {
        StoreException e = new StoreException(Errno.ENOKEY, "x");
        assertThat(e.errno()).isEqualTo(-126);
        assertThat(e.cliMessage()).isEqualTo("Failure: -126");
        assertThat(e.getMessage()).isEqualTo("x (ENOKEY)");
        assertThat(new StoreException(-Errno.ENOENT, "y").errno()).isEqualTo(-2);
        assertThatThrownBy(() -> new StoreException(0, "z")).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(Errno.ENOENT, Errno.EIO, Errno.EEXIST, Errno.EINVAL, Errno.ENOSPC, Errno.ERANGE,
                Errno.EL2NSYNC, Errno.EOVERFLOW, Errno.ENOKEY, Errno.ENOTRECOVERABLE))
                .containsExactly(2, 5, 17, 22, 28, 34, 45, 75, 126, 131);
    }
}
