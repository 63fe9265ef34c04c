package org.cephgw.fsal.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.SetAttributes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What only the local back end does about credentials (the rest is LocalPermissionsContractTest):
 * needs the tests to run as root (they do in CI).
 */
class LocalPermissionsTest extends LocalFsTestSupport {
    static final Creds USER = new Creds(1000, 1000, new int[0]);
    static final Creds USER_IN_2000 = new Creds(1000, 1000, new int[] {2000});

    @BeforeEach
    void needRoot() throws Exception {
        assumeTrue(runningAsRoot(), "needs root to switch credentials");
        Files.setPosixFilePermissions(export, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** fs.protected_hardlinks (on by default) forbids linking files one cannot read and write. */
    @Test
    void protectedHardlinksForbidLinkingOthersFiles() {
        FileHandle mine = fs.create(USER, fs.root(), "mine", CreateHow.GUARDED, SetAttributes.NONE).handle();
        fs.link(USER, mine, fs.root(), "mine2");
        FileHandle theirs = fs.create(ROOT, fs.root(), "theirs", CreateHow.GUARDED, new SetAttributes(0600, null, null, null, null, null)).handle();
        assertThat(errorOf(() -> fs.link(USER, theirs, fs.root(), "stolen"))).isEqualTo(FsError.PERM);
    }

    /** The fsuid of the calling thread, from /proc/thread-self/status ("Uid: real eff saved fs"). */
    static int fsuidOfThisThread() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                return Integer.parseInt(f[3]);
            }
        }
        throw new IllegalStateException("no Uid line");
    }
}
