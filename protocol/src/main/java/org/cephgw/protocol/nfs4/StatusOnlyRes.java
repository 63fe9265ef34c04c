package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * A result that is nothing but a status, for any operation: the error of an operation without
 * a result record here (NFS4ERR_NOTSUPP for an unimplemented one), or a generic error of any
 * operation. Refuses the (opnum, status) pairs whose union arm carries data, where a bare status
 * would be malformed: every SETATTR result, LOCK/LOCKT with NFS4ERR_DENIED, COPY with
 * NFS4ERR_OFFLOAD_NO_REQS, and NFS4_OK of operations whose success carries a body.
 */
public record StatusOnlyRes(int opnum, int status) implements NfsResop {
    public StatusOnlyRes {
        if (Compound.statusNeedsBody(opnum, status)) {
            throw new IllegalArgumentException(NfsOpnum4.name(opnum) + " with " + NfsStat4.name(status)
                    + " carries more than a status");
        }
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "StatusOnlyRes[" + NfsOpnum4.name(opnum) + ", " + NfsStat4.name(status) + "]";
    }
}
