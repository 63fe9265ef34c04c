package org.cephgw.fsal;

/** A back-end operation failed for a reason the client is told about. */
public class FsException extends RuntimeException {
    private final FsError error;

    public FsException(FsError error, String message) {
        super(error + ": " + message, null, false, false);
        this.error = error;
    }

    public FsError error() {
        return error;
    }

    public static FsException errno(int errno, String what) {
        return new FsException(FsError.fromErrno(errno), what + " (errno " + errno + ")");
    }
}
