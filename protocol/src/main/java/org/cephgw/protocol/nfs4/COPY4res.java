package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * COPY4res (RFC 7862 §15.2).
 *
 * @param resok        present exactly when status is NFS4_OK
 * @param requirements present exactly when status is NFS4ERR_OFFLOAD_NO_REQS
 */
public record COPY4res(int status, COPY4resok resok, CopyRequirements4 requirements) implements NfsResop {
    public COPY4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "COPY4resok");
        Nfs4Xdr.requireStatus(status, requirements != null, status == NfsStat4.NFS4ERR_OFFLOAD_NO_REQS,
                "copy_requirements4");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_COPY;
    }

    public static COPY4res ok(COPY4resok resok) {
        return new COPY4res(NfsStat4.NFS4_OK, resok, null);
    }

    public static COPY4res noReqs(CopyRequirements4 requirements) {
        return new COPY4res(NfsStat4.NFS4ERR_OFFLOAD_NO_REQS, null, requirements);
    }

    public static COPY4res error(int status) {
        return new COPY4res(status, null, null);
    }

    public static COPY4res decode(XdrDecoder x) {
        int status = x.readInt();
        return switch (status) {
            case NfsStat4.NFS4_OK -> ok(COPY4resok.decode(x));
            case NfsStat4.NFS4ERR_OFFLOAD_NO_REQS -> noReqs(CopyRequirements4.decode(x));
            default -> error(status);
        };
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (resok != null) {
            resok.encode(x);
        } else if (requirements != null) {
            requirements.encode(x);
        }
    }
}
