package org.cephgw.fsal.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;

import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.contract.BackendFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's fixture for the local back end: a fresh export directory below a temporary
 * directory of its own, and java.nio (this process, outside the back end) as the outside view.
 */
final class LocalFixture implements BackendFixture {
    private final Path tmp;
    private final Path export;
    private LocalFilesystem fs;
    private final List<Filesystem> extra = new ArrayList<>();

    LocalFixture() throws IOException {
        tmp = Files.createTempDirectory("cephgw-local-contract-");
        export = Files.createDirectory(tmp.resolve("export"));
        Files.setPosixFilePermissions(export, PosixFilePermissions.fromString("rwxrwxrwx"));
        fs = new LocalFilesystem(export, options());
    }

    static LocalOptions options() {
        return LocalOptions.defaults().withHandleSecret(LocalFsTestSupport.SECRET);
    }

    @Override
    public Filesystem fs() {
        return fs;
    }

    @Override
    public Filesystem reopen() {
        fs.close();
        fs = new LocalFilesystem(export, options());
        return fs;
    }

    @Override
    public Filesystem reopenWithHandleCache(int entries) {
        fs.close();
        fs = new LocalFilesystem(export, options().withFdCacheSize(entries));
        return fs;
    }

    @Override
    public int cachedHandles() {
        return fs.cachedDescriptors();
    }

    @Override
    public Filesystem secondClient() {
        LocalFilesystem f = new LocalFilesystem(export, options());
        extra.add(f);
        return f;
    }

    @Override
    public Filesystem otherExport() {
        try {
            Path other = Files.createDirectories(tmp.resolve("other"));
            LocalFilesystem f = new LocalFilesystem(other, options());
            extra.add(f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean switchesCredentials() {
        return LocalFsTestSupport.runningAsRoot();
    }

    @Override
    public boolean handlesSurviveRestart() {
        return fs.handleKind() == LocalFilesystem.HandleKind.KERNEL;
    }

    /** Kept per back end instance (ChangeTracker), from the ctime when it has not seen a file. */
    @Override
    public boolean changeAttributeIsShared() {
        return false;
    }

    @Override
    public boolean seekFindsHoles() {
        return true;
    }

    @Override
    public boolean allocateReservesSpace() {
        return true;
    }

    /** What fits depends on the file system of the temp dir (ext4: about one block). */
    @Override
    public boolean keepsLargeXattrValues() {
        return false;
    }

    /** Cookies are kernel directory offsets (ext4: 63-bit hash positions) plus 3. */
    @Override
    public java.util.OptionalLong cookieBeyondEveryPosition() {
        return java.util.OptionalLong.empty();
    }

    @Override
    public void assertCallerIdentityRestored() {
        try {
            assertThat(LocalPermissionsTest.fsuidOfThisThread()).as("fsuid of the calling thread").isZero();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Its cached descriptor of a removed file is dropped at once, so that the space is freed. */
    @Override
    public void assertRemovedFilesReleased() {
        assertThat(LocalFsTestSupport.openDeletedFilesBelow(export)).as("descriptors of removed files").isZero();
    }

    @Override
    public void close() {
        try {
            fs.close();
            for (Filesystem f : extra) {
                f.close();
            }
            extra.clear();
        } finally {
            try {
                LocalFsTestSupport.deleteTree(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public Outside outside() {
        return new Outside() {
            Path p(String path) {
                return export.resolve(path);
            }

            @Override
            public void createFile(String path) {
                io(() -> Files.createFile(p(path)));
            }

            @Override
            public void write(String path, long offset, byte[] data) {
                io(() -> {
                    try (RandomAccessFile f = new RandomAccessFile(p(path).toFile(), "rw")) {
                        f.seek(offset);
                        f.write(data);
                    }
                    return null;
                });
            }

            @Override
            public void truncate(String path, long size) {
                io(() -> {
                    try (RandomAccessFile f = new RandomAccessFile(p(path).toFile(), "rw")) {
                        f.setLength(size);
                    }
                    return null;
                });
            }

            @Override
            public byte[] read(String path) {
                return io(() -> Files.readAllBytes(p(path)));
            }

            @Override
            public void remove(String path) {
                io(() -> {
                    Files.delete(p(path));
                    return null;
                });
            }

            @Override
            public Seen stat(String path) {
                return io(() -> new Seen(((Number) Files.getAttribute(p(path), "unix:ino")).longValue(),
                        ((Number) Files.getAttribute(p(path), "unix:mode")).intValue() & 07777,
                        ((Number) Files.getAttribute(p(path), "unix:uid")).intValue(),
                        ((Number) Files.getAttribute(p(path), "unix:gid")).intValue(),
                        Files.size(p(path))));
            }

            @Override
            public String readlink(String path) {
                return io(() -> Files.readSymbolicLink(p(path)).toString());
            }

            @Override
            public byte[] getXattr(String path, String fullName) {
                assertThat(fullName).startsWith("user.");
                return io(() -> {
                    UserDefinedFileAttributeView v = Files.getFileAttributeView(p(path), UserDefinedFileAttributeView.class);
                    String name = fullName.substring(5); // Java's view names user attributes without the prefix
                    ByteBuffer b = ByteBuffer.allocate(v.size(name));
                    v.read(name, b);
                    return b.array();
                });
            }

            @Override
            public List<String> xattrNames(String path) {
                return io(() -> Files.getFileAttributeView(p(path), UserDefinedFileAttributeView.class).list()
                        .stream().map(n -> "user." + n).toList());
            }

            @Override
            public void setXattr(String path, String fullName, byte[] value) {
                setRaw(p(path), fullName, value);
            }

            /** trusted.* needs CAP_SYS_ADMIN: the contract runs the local back end as root. */
            @Override
            public String setForeignXattr(String path) {
                setRaw(p(path), "trusted.cephgw", "hidden".getBytes(StandardCharsets.UTF_8));
                return "trusted.cephgw";
            }
        };
    }

    private static void setRaw(Path p, String name, byte[] value) {
        Scratch s = Scratch.get();
        Scratch.putCString(s.path1, p.toString().getBytes(StandardCharsets.UTF_8));
        Scratch.putCString(s.path2, name.getBytes(StandardCharsets.UTF_8));
        jnr.ffi.Pointer v = s.io(Math.max(1, value.length));
        v.put(0, value, 0, value.length);
        assertThat(Native.LIBC.setxattr(s.path1P, s.path2P, v, value.length, 0)).as("setxattr %s", name).isZero();
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(IoCall<T> c) {
        try {
            return c.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
