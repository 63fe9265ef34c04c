package org.cephgw.fsal.contract;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The base of the contract every {@link Filesystem} back end must keep (one abstract class per
 * area in this package, run against the local back end always and against CephFS with
 * {@code -Dceph=true}, the way GraceDbContract is for the grace databases). A subclass says how
 * to get a fresh export per test; each test gets {@link #fs}, the helpers below, and the
 * {@link #fixture} for everything else.
 */
public abstract class BackendContract {
    protected static final Creds ROOT = Creds.ROOT;
    protected static final Creds USER = new Creds(1000, 1000, new int[0]);
    protected static final Creds USER_IN_2000 = new Creds(1000, 1000, new int[] {2000});
    protected static final Creds OTHER = new Creds(1001, 1001, new int[0]);

    protected BackendFixture fixture;
    protected Filesystem fs;

    /** A fresh, empty export and its back end; {@code name} is unique in the run and fit for a file name. */
    protected abstract BackendFixture newFixture(String name) throws Exception;

    @BeforeEach
    void openFixture(TestInfo info) throws Exception {
        String name = getClass().getSimpleName() + "-" + info.getTestMethod().map(m -> m.getName()).orElse("t");
        fixture = newFixture(name);
        fs = fixture.fs();
    }

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            try {
                assertThat(fixture.fs().openHandles()).as("IoHandles left open by the test").isZero();
            } finally {
                fixture.close();
            }
        }
    }

    protected Filesystem reopen() {
        fs = fixture.reopen();
        return fs;
    }

    /** The FsError a call fails with (fails the test if it does not fail with an FsException). */
    protected static FsError errorOf(ThrowingCallable call) {
        FsError[] out = new FsError[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(FsException.class, e -> out[0] = e.error());
        return out[0];
    }

    protected FileHandle createFile(FileHandle dir, String name) {
        return fs.create(ROOT, dir, name, CreateHow.GUARDED, SetAttributes.NONE).handle();
    }

    protected FileHandle createFile(FileHandle dir, String name, byte[] content) {
        FileHandle h = createFile(dir, name);
        write(fs, h, 0, content);
        return h;
    }

    protected FileHandle mkdir(FileHandle dir, String name) {
        return fs.mkdir(ROOT, dir, name, SetAttributes.NONE).handle();
    }

    protected static SetAttributes mode(int mode) {
        return new SetAttributes(mode, null, null, null, null, null);
    }

    protected static void write(Filesystem f, FileHandle h, long offset, byte[] data) {
        try (IoHandle io = f.open(ROOT, h, Filesystem.Access.WRITE)) {
            io.write(offset, ByteBuffer.wrap(data), IoHandle.Stability.UNSTABLE);
        }
    }

    /** The whole file, read in the largest pieces the back end moves. */
    public static byte[] readAll(Filesystem f, FileHandle h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IoHandle io = f.open(ROOT, h, Filesystem.Access.READ)) {
            for (long pos = 0; ; ) {
                Filesystem.ReadResult r = io.read(pos, 1 << 20);
                byte[] b = new byte[r.data().remaining()];
                r.data().get(b);
                out.write(b, 0, b.length);
                pos += b.length;
                if (r.eof() || b.length == 0) {
                    return out.toByteArray();
                }
            }
        }
    }

    protected byte[] readAll(FileHandle h) {
        return readAll(fs, h);
    }
}
