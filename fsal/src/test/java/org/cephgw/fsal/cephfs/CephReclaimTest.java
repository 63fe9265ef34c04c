package org.cephgw.fsal.cephfs;

import java.util.UUID;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.IoHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session reclaim: a node that aborts its connection leaves its session (and locks) at the MDS;
 * its successor with the same uuid resets that session at mount, so the locks go at once instead
 * of after the MDS's session timeout.
 */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephReclaimTest extends CephFsTestSupport {

    @Test
    void aSuccessorWithTheSameUuidResetsTheAbortedSession() {
        FileHandle f = createFile(fs.root(), "f", new byte[10]);
        String uuid = "cephgw-test-" + UUID.randomUUID();
        CephFilesystem other = secondClient(options());
        try (IoHandle io = other.open(ROOT, f, Access.READ | Access.WRITE)) {
            CephFilesystem first = new CephFilesystem(options().withUuid(uuid)); // no old session: nothing to reclaim
            IoHandle held = first.open(ROOT, f, Access.READ | Access.WRITE);
            first.lock(held, 1, true, 0, -1, false);
            assertThat(errorOf(() -> other.lock(io, 2, true, 0, 1, false))).isEqualTo(FsError.DENIED);
            first.abortConnection(); // a node going away without giving back its caps and locks
            assertThat(first.openHandles()).isZero();
            assertThat(errorOf(() -> first.getattr(ROOT, f))).isEqualTo(FsError.SERVERFAULT);
            held.close(); // harmless
            // the MDS still holds the aborted session's lock (until its session timeout, 60 s by default)
            assertThat(errorOf(() -> other.lock(io, 2, true, 0, 1, false))).isEqualTo(FsError.DENIED);

            long t0 = System.nanoTime();
            CephFilesystem successor = secondClient(options().withUuid(uuid)); // resets the old session
            other.lock(io, 2, true, 0, 1, false);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("reclaim + lock took %d ms", ms).isLessThan(15_000);
            other.unlock(io, 2, 0, 1);
            // and the successor works on the file at once (no caps of the old session in the way)
            try (IoHandle w = successor.open(ROOT, f, Access.READ | Access.WRITE)) {
                successor.lock(w, 3, true, 5, 1, false);
            }
        }
    }
}
