package org.cephgw.persistence;

/**
 * A failed grace- or recovery-database operation. {@link #errno()} is a <em>negative</em> Linux
 * errno as nfs-ganesha's {@code rados_grace_*} functions and librados return it (see
 * {@link Errno}); {@link #cliMessage()} is what {@code ganesha-rados-grace} prints for it.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param errno a negative errno ({@code -Errno.ENOENT}, …); a positive value is negated
     * @param message what failed, naming the database (path or object) and the nodes involved
     */
    public StoreException(int errno, String message) {
        this(errno, message, null);
    }

    public StoreException(int errno, String message, Throwable cause) {
        super(message + " (" + Errno.name(errno) + ")", cause);
        if (errno == 0) {
            throw new IllegalArgumentException("errno 0 is not an error");
        }
        this.errno = -Math.abs(errno);
    }

    /** The negative errno, e.g. {@code -126} for {@code -ENOKEY}. */
    public int errno() {
        return errno;
    }

    /** {@code Failure: <errno>}, exactly as {@code ganesha-rados-grace} reports a failed command. */
    public String cliMessage() {
        return "Failure: " + errno;
    }
}
