package org.cephgw.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small file that is only ever replaced whole, so that a reader sees either the previous or the
 * next committed content and never a mix.
 *
 * <p>Every change runs inside {@link #update}: under an in-JVM lock (one per lock file) and an
 * exclusive {@link FileChannel#lock() FileChannel lock} on a separate lock file (so other processes,
 * e.g. the gateway and a command-line tool, are serialized too) it reads the committed content,
 * and a commit writes {@code <file>.tmp}, {@code fsync}s it, renames it over the file (atomic on
 * POSIX file systems) and {@code fsync}s the directory. The lock file is never deleted (deleting a
 * lock file that another process holds would split the lock).
 *
 * <p>Why an in-JVM lock as well: file locks belong to the whole process, so two channels of one JVM
 * cannot exclude each other ({@code OverlappingFileLockException}), and closing <em>any</em> channel
 * of a file may release every lock the process holds on it. The lock file is therefore opened only
 * while the in-JVM lock is held.
 *
 * <p>A {@code .tmp} file found while holding the locks was left by a writer that died before its
 * rename: its change was never committed (the writer never reported success), so it is discarded
 * with a warning; the committed file is untouched by a crash at any point. Readers take no lock.
 */
public final class AtomicFile {
    private static final Logger log = LoggerFactory.getLogger(AtomicFile.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** Suffix of the temporary file a commit writes before renaming it over the file. */
    public static final String TEMP_SUFFIX = ".tmp";

    private final Path file;
    private final Path temp;
    private final Path lockFile;

    /**
     * @param file the committed file
     * @param lockFile the lock file guarding it (may guard several files; created on first use)
     */
    public AtomicFile(Path file, Path lockFile) {
        this.file = file.toAbsolutePath().normalize();
        this.temp = this.file.resolveSibling(this.file.getFileName() + TEMP_SUFFIX);
        this.lockFile = lockFile.toAbsolutePath().normalize();
    }

    public Path path() {
        return file;
    }

    public Path tempPath() {
        return temp;
    }

    public Path lockPath() {
        return lockFile;
    }

    /** The committed content, or {@code null} if the file does not exist. Takes no lock. */
    public byte[] read() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** What an {@link Action} may do while it holds the locks. */
    public interface Transaction {
        /** The committed content, or {@code null} if the file does not exist. */
        byte[] read() throws IOException;

        /** Commits {@code content}: write temp, fsync, rename over the file, fsync the directory. */
        void write(byte[] content) throws IOException;

        /** Deletes the file (and fsyncs the directory); false if it did not exist. */
        boolean delete() throws IOException;
    }

    @FunctionalInterface
    public interface Action<T> {
        T run(Transaction tx) throws IOException;
    }

    /** Runs {@code action} holding the in-JVM and the inter-process lock; blocks until both are free. */
    public <T> T update(Action<T> action) throws IOException {
        Files.createDirectories(file.getParent());
        Files.createDirectories(lockFile.getParent());
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(
                lockFile.getParent().toRealPath().resolve(lockFile.getFileName()), k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            discardLeftoverTemp();
            return action.run(new Tx());
        } finally {
            jvmLock.unlock();
        }
    }

    private void discardLeftoverTemp() throws IOException {
        if (Files.deleteIfExists(temp)) {
            log.warn("discarded {}: a writer died before committing it; {} holds the last committed state",
                    temp, file);
        }
    }

    private final class Tx implements Transaction {
        @Override
        public byte[] read() throws IOException {
            return AtomicFile.this.read();
        }

        @Override
        public void write(byte[] content) throws IOException {
            try (FileChannel c = FileChannel.open(temp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    c.write(b);
                }
                c.force(true);
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
        }

        @Override
        public boolean delete() throws IOException {
            boolean existed = Files.deleteIfExists(file);
            if (existed) {
                syncDirectory();
            }
            return existed;
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can fsync a directory; the rename itself is still atomic
            log.debug("cannot fsync directory {}: {}", file.getParent(), e.toString());
        }
    }
}
