package org.cephgw.fsal.cephfs;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.cephfs.InodeRef.Vino;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of the CephFS back end that need no cluster (and no libcephfs). */
class CephUnitTest {

    @Test
    void noBindingHasSixPrimitiveParameters() {
        // jnr-ffi 2.3.4 passes garbage as the sixth argument of such functions (see LibCephFs)
        for (Method m : LibCephFs.Api.class.getMethods()) {
            if (m.getParameterCount() == 6) {
                assertThat(Arrays.stream(m.getParameterTypes()).allMatch(Class::isPrimitive))
                        .as("%s has six primitive parameters", m.getName()).isFalse();
            }
        }
    }

    @Test
    void handlesRoundTripAndRejectForeignOnes() {
        FileHandle h = CephHandles.encode(513, 0x10000000abcL, -2L, 7);
        assertThat(h.length()).isEqualTo(26);
        byte[] b = h.bytes();
        assertThat(b[0]).isEqualTo((byte) 2); // 513 big-endian
        assertThat(b[1]).isEqualTo((byte) 1);
        assertThat(b[2]).isEqualTo((byte) 0xbc); // ino little-endian
        assertThat(CephHandles.decode(h, 513, 7)).isEqualTo(new Vino(0x10000000abcL, -2L));
        assertThat(error(() -> CephHandles.decode(h, 514, 7))).isEqualTo(FsError.BADHANDLE);
        assertThat(error(() -> CephHandles.decode(h, 513, 8))).isEqualTo(FsError.BADHANDLE);
        assertThat(error(() -> CephHandles.decode(new FileHandle(Arrays.copyOf(b, 25)), 513, 7))).isEqualTo(FsError.BADHANDLE);
        assertThat(error(() -> CephHandles.decode(CephHandles.encode(513, 0, -2L, 7), 513, 7))).isEqualTo(FsError.BADHANDLE);
        assertThat(CephHandles.encode(513, 0x10000000abcL, -2L, 7)).isEqualTo(h);
    }

    private static FsError error(Runnable r) {
        try {
            r.run();
        } catch (FsException e) {
            return e.error();
        }
        throw new AssertionError("no FsException");
    }

    @Test
    void optionsAreChecked() {
        CephOptions o = CephOptions.of(Path.of("/etc/ceph/ceph.conf"), "cephgw", null, "a", "/exports/one");
        assertThat(o.effectiveUserId()).isEqualTo("cephgw");
        assertThat(o.withUserId(null).effectiveUserId()).isEqualTo("admin");
        assertThat(o.exportId()).isEqualTo(1);
        assertThat(o.mountTimeout()).isEqualTo(CephOptions.DEFAULT_MOUNT_TIMEOUT);
        assertThat(o.withExportPath(null).exportPath()).isEqualTo("/");
        assertThatThrownBy(() -> o.withExportPath("relative")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withExportId(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withUserId("client.admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withMountTimeout(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withInodeCacheSize(3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(o.withKey("secret").toString()).doesNotContain("secret");
        assertThat(o.withKeyring(Path.of("/k")).withKey("s").keyring()).isNull();
    }

    @Test
    void changeOverlayBumpsDirectoriesWhoseVersionDidNotMove() {
        ChangeOverlay c = new ChangeOverlay(16);
        Vino d = new Vino(5, -2);
        assertThat(c.value(d, 3)).isEqualTo(3L << ChangeOverlay.SHIFT);
        // the version moved: nothing to remember
        assertThat(c.modified(d, 3, 4)).isEqualTo(4L << ChangeOverlay.SHIFT);
        assertThat(c.size()).isZero();
        // it did not (libcephfs kept a stale copy): bumped, and the bump sticks
        long v1 = c.modified(d, 4, 4);
        assertThat(v1).isGreaterThan(4L << ChangeOverlay.SHIFT);
        assertThat(c.value(d, 4)).isEqualTo(v1);
        long v2 = c.modified(d, 4, 4);
        assertThat(v2).isGreaterThan(v1);
        // libcephfs catches up: the value keeps growing
        assertThat(c.value(d, 5)).isEqualTo(5L << ChangeOverlay.SHIFT).isGreaterThan(v2);
        assertThat(c.value(d, 5)).isEqualTo(5L << ChangeOverlay.SHIFT);
        // other files are untouched
        assertThat(c.value(new Vino(6, -2), 4)).isEqualTo(4L << ChangeOverlay.SHIFT);
    }
}
