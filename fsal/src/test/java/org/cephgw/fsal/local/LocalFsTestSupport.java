package org.cephgw.fsal.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A LocalFilesystem on a fresh directory below a JUnit temp dir, plus helpers. */
abstract class LocalFsTestSupport {
    static final Creds ROOT = Creds.ROOT;
    static final byte[] SECRET = "test-secret".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    Path export;
    LocalFilesystem fs;

    LocalOptions options() {
        return LocalOptions.defaults().withHandleSecret(SECRET);
    }

    @BeforeEach
    void openExport() throws IOException {
        export = Files.createDirectory(tmp.resolve("export"));
        fs = new LocalFilesystem(export, options());
    }

    @AfterEach
    void closeExport() {
        if (fs != null) {
            fs.close();
        }
    }

    LocalFilesystem reopen() {
        fs.close();
        fs = new LocalFilesystem(export, options());
        return fs;
    }

    static boolean runningAsRoot() {
        return Native.LIBC.geteuid() == 0;
    }

    /** The FsError a call fails with (fails the test if it does not fail with an FsException). */
    static FsError errorOf(ThrowingCallable call) {
        FsError[] out = new FsError[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(FsException.class, e -> out[0] = e.error());
        return out[0];
    }

    FileHandle createFile(FileHandle dir, String name) {
        return fs.create(ROOT, dir, name, CreateHow.GUARDED, SetAttributes.NONE).handle();
    }

    FileHandle createFile(FileHandle dir, String name, byte[] content) {
        FileHandle h = createFile(dir, name);
        try (IoHandle io = fs.open(ROOT, h, Filesystem.Access.WRITE)) {
            io.write(0, ByteBuffer.wrap(content), IoHandle.Stability.UNSTABLE);
        }
        return h;
    }

    FileHandle mkdir(FileHandle dir, String name) {
        return fs.mkdir(ROOT, dir, name, SetAttributes.NONE).handle();
    }

    byte[] readAll(FileHandle h) {
        try (IoHandle io = fs.open(ROOT, h, Filesystem.Access.READ)) {
            Filesystem.ReadResult r = io.read(0, 1 << 20);
            byte[] b = new byte[r.data().remaining()];
            r.data().get(b);
            return b;
        }
    }

    /**
     * How many of this process's descriptors refer to files below this test's temporary
     * directory: only the back end opens those, while other threads of the test JVM (JUnit,
     * jqwik, the JIT) open and close descriptors of their own at any moment.
     */
    int openFdCount() {
        return openFdCountBelow(tmp);
    }

    /** How many of this process's descriptors refer to files below {@code dir}. */
    static int openFdCountBelow(Path dir) {
        String below = dir.toAbsolutePath().toString();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith(below);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many of this process's descriptors refer to deleted files below {@code dir}. */
    static long openDeletedFilesBelow(Path dir) {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(t -> t.startsWith(dir.toString()) && t.endsWith(" (deleted)")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
