package org.cephgw.fsal.local;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.Filesystem.ByteRangeLocker;
import org.cephgw.fsal.IoHandle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local back end's byte-range locks (Linux OFD locks, one open file description per owner):
 * owners conflict with each other and with locks local processes hold on the exported file.
 */
class LocalLocksTest extends LocalFsTestSupport {
    static final long TO_EOF = -1L;

    ByteRangeLocker locker() {
        return fs.locker().orElseThrow();
    }

    @Test
    void closingTheHandleOrReleasingTheOwnerDropsItsLocksAndDescriptor() {
        ByteRangeLocker l = locker();
        FileHandle f = createFile(fs.root(), "f");
        int before = openFdCount();
        try (IoHandle b = fs.open(ROOT, f, Access.READ | Access.WRITE)) {
            IoHandle a = fs.open(ROOT, f, Access.READ | Access.WRITE);
            assertThat(l.tryLock(a, 1, true, 0, TO_EOF)).isTrue();
            assertThat(l.tryLock(a, 2, false, 0, TO_EOF)).isFalse();
            assertThat(OfdLocks.owners(a)).isEqualTo(2);
            assertThat(openFdCount()).isEqualTo(before + 4);
            a.close();
            assertThat(openFdCount()).isEqualTo(before + 1);
            assertThat(l.tryLock(b, 3, true, 0, TO_EOF)).isTrue();
            l.release(b, 3);
            assertThat(OfdLocks.owners(b)).isZero();
            assertThat(openFdCount()).isEqualTo(before + 1);
            assertThat(l.test(b, 4, true, 0, TO_EOF)).isNull();
            assertThat(l.tryLock(b, 4, true, 0, TO_EOF)).isTrue();
        }
        assertThat(openFdCount()).isEqualTo(before);
    }

    /** Each owner that locked has a descriptor of its own; unlocking or testing makes none. */
    @Test
    void onlyOwnersThatLockedHaveADescriptor() {
        ByteRangeLocker l = locker();
        FileHandle f = createFile(fs.root(), "f", new byte[100]);
        try (IoHandle a = fs.open(ROOT, f, Access.READ | Access.WRITE)) {
            assertThat(l.tryLock(a, 1, true, 0, 10)).isTrue();
            l.unlock(a, 1, 0, TO_EOF);
            l.unlock(a, 99, 0, TO_EOF);
            assertThat(l.test(a, 98, true, 0, TO_EOF)).isNull();
            assertThat(OfdLocks.owners(a)).isEqualTo(1);
        }
    }

    @Test
    void aLocalProcessHoldingALockMakesTryLockFail() throws Exception {
        ByteRangeLocker l = locker();
        FileHandle f = createFile(fs.root(), "f", new byte[100]);
        Path file = export.resolve("f");
        try (IoHandle a = fs.open(ROOT, f, Access.READ | Access.WRITE)) {
            // a child process (not this JVM) takes a classic POSIX write lock on bytes 10..19
            try (LockingProcess p = LockingProcess.lock(file, "LOCK_EX", 10, 10)) {
                assertThat(l.tryLock(a, 1, false, 15, 1)).isFalse();
                assertThat(l.tryLock(a, 1, true, 0, TO_EOF)).isFalse();
                ByteRangeLocker.Conflict c = l.test(a, 1, false, 0, TO_EOF);
                assertThat(c).isEqualTo(new ByteRangeLocker.Conflict(true, 10, 10));
                assertThat(l.tryLock(a, 1, true, 0, 10)).as("outside its range").isTrue();
                assertThat(l.tryLock(a, 1, true, 20, TO_EOF)).isTrue();
            }
            // it exited: its lock is gone
            assertThat(l.tryLock(a, 1, true, 0, TO_EOF)).isTrue();
            // and the other way round: a local process cannot lock what the gateway holds
            assertThat(LockingProcess.tryOnce(file, "LOCK_SH", 50, 1)).isFalse();
            l.unlock(a, 1, 0, TO_EOF);
            assertThat(LockingProcess.tryOnce(file, "LOCK_SH", 50, 1)).isTrue();
            // a read lock held by the gateway lets local readers in, not writers
            assertThat(l.tryLock(a, 1, false, 0, TO_EOF)).isTrue();
            assertThat(LockingProcess.tryOnce(file, "LOCK_SH", 50, 1)).isTrue();
            assertThat(LockingProcess.tryOnce(file, "LOCK_EX", 50, 1)).isFalse();
        }
    }

    /** Python's fcntl.lockf: POSIX (fcntl F_SETLK) locks of another process. */
    static final class LockingProcess implements AutoCloseable {
        private static final String PY = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        private final Process process;

        private LockingProcess(Process process) {
            this.process = process;
        }

        /** Starts a process that holds the lock until closed. */
        static LockingProcess lock(Path file, String type, long offset, long length) throws Exception {
            String script = "import fcntl,sys\n"
                    + "f=open(sys.argv[1],'r+b')\n"
                    + "fcntl.lockf(f, fcntl." + type + "|fcntl.LOCK_NB, " + length + ", " + offset + ")\n"
                    + "print('locked', flush=True)\n"
                    + "sys.stdin.readline()\n";
            Process p = new ProcessBuilder(PY, "-c", script, file.toString()).redirectErrorStream(true).start();
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as("the child process took its lock").isEqualTo("locked");
            return new LockingProcess(p);
        }

        /** Whether a process can take the lock now (it exits right after). */
        static boolean tryOnce(Path file, String type, long offset, long length) throws Exception {
            String script = "import fcntl,sys\n"
                    + "f=open(sys.argv[1],'r+b')\n"
                    + "try:\n"
                    + "    fcntl.lockf(f, fcntl." + type + "|fcntl.LOCK_NB, " + length + ", " + offset + ")\n"
                    + "except OSError:\n"
                    + "    sys.exit(3)\n";
            Process p = new ProcessBuilder(PY, "-c", script, file.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit status of the locking process").isIn(0, 3);
            return p.exitValue() == 0;
        }

        @Override
        public void close() throws Exception {
            try (OutputStream in = process.getOutputStream()) {
                in.write('\n');
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }
}
