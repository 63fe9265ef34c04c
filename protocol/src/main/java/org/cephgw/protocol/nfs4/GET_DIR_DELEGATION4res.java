package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * GET_DIR_DELEGATION4res (RFC 8881 §18.39). With NFS4_OK the GET_DIR_DELEGATION4res_non_fatal
 * union follows: GDD4_OK with a delegation ({@code resok}), or GDD4_UNAVAIL with
 * gddrnf_will_signal_deleg_avail ({@code willSignalDelegAvail}).
 */
public record GET_DIR_DELEGATION4res(int status, int nonFatalStatus, GET_DIR_DELEGATION4resok resok,
                                     boolean willSignalDelegAvail) implements NfsResop {
    public GET_DIR_DELEGATION4res {
        boolean ok = status == NfsStat4.NFS4_OK;
        if (ok && nonFatalStatus != Nfs4Const.GDD4_OK && nonFatalStatus != Nfs4Const.GDD4_UNAVAIL) {
            throw new IllegalArgumentException("gddrnf4_status " + nonFatalStatus);
        }
        Nfs4Xdr.requireStatus(status, resok != null, ok && nonFatalStatus == Nfs4Const.GDD4_OK,
                "GET_DIR_DELEGATION4resok");
        if (!ok) {
            nonFatalStatus = 0;
            willSignalDelegAvail = false;
        } else if (nonFatalStatus == Nfs4Const.GDD4_OK) {
            willSignalDelegAvail = false;
        }
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_GET_DIR_DELEGATION;
    }

    public static GET_DIR_DELEGATION4res ok(GET_DIR_DELEGATION4resok resok) {
        return new GET_DIR_DELEGATION4res(NfsStat4.NFS4_OK, Nfs4Const.GDD4_OK, resok, false);
    }

    public static GET_DIR_DELEGATION4res unavailable(boolean willSignalDelegAvail) {
        return new GET_DIR_DELEGATION4res(NfsStat4.NFS4_OK, Nfs4Const.GDD4_UNAVAIL, null, willSignalDelegAvail);
    }

    public static GET_DIR_DELEGATION4res error(int status) {
        return new GET_DIR_DELEGATION4res(status, 0, null, false);
    }

    public static GET_DIR_DELEGATION4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return error(status);
        }
        int nf = x.readInt();
        return switch (nf) {
            case Nfs4Const.GDD4_OK -> ok(GET_DIR_DELEGATION4resok.decode(x));
            case Nfs4Const.GDD4_UNAVAIL -> unavailable(x.readBoolean());
            default -> throw Nfs4Xdr.badDiscriminant("GET_DIR_DELEGATION4res_non_fatal", nf);
        };
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            x.writeInt(nonFatalStatus);
            if (resok != null) {
                resok.encode(x);
            } else {
                x.writeBoolean(willSignalDelegAvail);
            }
        }
    }
}
