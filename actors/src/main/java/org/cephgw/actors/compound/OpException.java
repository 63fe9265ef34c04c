package org.cephgw.actors.compound;

/** An operation fails with this nfsstat4; the COMPOUND stops there. */
public final class OpException extends RuntimeException {
    private final int status;

    public OpException(int status) {
        super(org.cephgw.protocol.nfs4.NfsStat4.name(status), null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
