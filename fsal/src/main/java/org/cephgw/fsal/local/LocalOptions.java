package org.cephgw.fsal.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LocalFilesystem}.
 *
 * @param fdCacheSize    how many O_PATH descriptors (one per recently used file) stay open
 * @param handleSecret   the per-export secret the handles' MACs are keyed with; handles stay valid
 *                       across restarts only with the same secret. Empty means "no secret": the
 *                       key then derives from the export root alone, which rejects random and
 *                       foreign handles but not handles forged by someone who knows this code
 * @param inodeMapSize   in inode-handle (fallback) mode: how many inode → (parent, name) entries
 *                       are kept; files beyond it are found only while their descriptor is cached
 * @param changeMapSize  how many files' change-attribute state is kept (see {@link ChangeTracker})
 * @param handleMode     AUTO: kernel handles when open_by_handle_at works, else inode handles;
 *                       KERNEL: fail unless kernel handles work; INODE: always inode handles
 * @param readdirAttributesMaxAge how old the attributes READDIR gives for an entry of a directory
 *                       listed before may be ({@link DirListings}): changes made through this back
 *                       end show at once, changes made beside it after at most this long; zero
 *                       reads every entry's attributes afresh
 */
public record LocalOptions(int fdCacheSize, byte[] handleSecret, int inodeMapSize, int changeMapSize, HandleMode handleMode,
                           Duration readdirAttributesMaxAge) {

    /** The default of {@link #readdirAttributesMaxAge}. */
    public static final Duration DEFAULT_READDIR_ATTRIBUTES_MAX_AGE = Duration.ofSeconds(1);

    public enum HandleMode {
        AUTO, KERNEL, INODE
    }

    public LocalOptions {
        Objects.requireNonNull(handleSecret, "handleSecret");
        Objects.requireNonNull(handleMode, "handleMode");
        Objects.requireNonNull(readdirAttributesMaxAge, "readdirAttributesMaxAge");
        if (readdirAttributesMaxAge.isNegative()) {
            throw new IllegalArgumentException("readdirAttributesMaxAge must not be negative, not " + readdirAttributesMaxAge);
        }
        if (fdCacheSize < 16) {
            throw new IllegalArgumentException("fdCacheSize must be at least 16, not " + fdCacheSize);
        }
        if (inodeMapSize < 16 || changeMapSize < 16) {
            throw new IllegalArgumentException("map sizes must be at least 16");
        }
        handleSecret = handleSecret.clone();
    }

    @Override
    public byte[] handleSecret() {
        return handleSecret.clone();
    }

    /** 4096 descriptors, no secret, 1M inode entries, 256K change entries, AUTO, listed attributes 1 s. */
    public static LocalOptions defaults() {
        return new LocalOptions(4096, new byte[0], 1 << 20, 1 << 18, HandleMode.AUTO, DEFAULT_READDIR_ATTRIBUTES_MAX_AGE);
    }

    public LocalOptions withFdCacheSize(int n) {
        return new LocalOptions(n, handleSecret, inodeMapSize, changeMapSize, handleMode, readdirAttributesMaxAge);
    }

    public LocalOptions withHandleSecret(byte[] secret) {
        return new LocalOptions(fdCacheSize, secret, inodeMapSize, changeMapSize, handleMode, readdirAttributesMaxAge);
    }

    public LocalOptions withHandleSecret(String secret) {
        return withHandleSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    public LocalOptions withInodeMapSize(int n) {
        return new LocalOptions(fdCacheSize, handleSecret, n, changeMapSize, handleMode, readdirAttributesMaxAge);
    }

    public LocalOptions withChangeMapSize(int n) {
        return new LocalOptions(fdCacheSize, handleSecret, inodeMapSize, n, handleMode, readdirAttributesMaxAge);
    }

    public LocalOptions withHandleMode(HandleMode mode) {
        return new LocalOptions(fdCacheSize, handleSecret, inodeMapSize, changeMapSize, mode, readdirAttributesMaxAge);
    }

    public LocalOptions withReaddirAttributesMaxAge(Duration maxAge) {
        return new LocalOptions(fdCacheSize, handleSecret, inodeMapSize, changeMapSize, handleMode, maxAge);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalOptions x && x.fdCacheSize == fdCacheSize && java.util.Arrays.equals(x.handleSecret, handleSecret)
                && x.inodeMapSize == inodeMapSize && x.changeMapSize == changeMapSize && x.handleMode == handleMode
                && x.readdirAttributesMaxAge.equals(readdirAttributesMaxAge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fdCacheSize, java.util.Arrays.hashCode(handleSecret), inodeMapSize, changeMapSize, handleMode,
                readdirAttributesMaxAge);
    }

    @Override
    public String toString() {
        return "LocalOptions[fdCacheSize=" + fdCacheSize + ", handleSecret=" + (handleSecret.length == 0 ? "none" : "set")
                + ", inodeMapSize=" + inodeMapSize + ", changeMapSize=" + changeMapSize + ", handleMode=" + handleMode
                + ", readdirAttributesMaxAge=" + readdirAttributesMaxAge + "]";
    }
}
