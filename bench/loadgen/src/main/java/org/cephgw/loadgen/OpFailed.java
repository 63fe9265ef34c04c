package org.cephgw.loadgen;

import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.NfsOpnum4;
import org.cephgw.protocol.nfs4.NfsStat4;

/** A COMPOUND that did not end in NFS4_OK: counted as an error by its status and failing operation. */
final class OpFailed extends RuntimeException {
    private final String kind;

    OpFailed(COMPOUND4res res) {
        super(null, null, false, false);
        String op = res.resarray().isEmpty() ? "?" : NfsOpnum4.name(res.resarray().get(res.resarray().size() - 1).opnum());
        this.kind = NfsStat4.name(res.status()) + " in " + op;
    }

    /** "NFS4ERR_X in OP_Y". */
    String kind() {
        return kind;
    }

    @Override
    public String getMessage() {
        return kind;
    }
}
