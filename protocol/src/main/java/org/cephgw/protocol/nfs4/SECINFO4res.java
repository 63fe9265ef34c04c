package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SECINFO4res (RFC 8881 §18.29): SECINFO4resok is the list of acceptable flavors, best first.
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record SECINFO4res(int status, List<SecinfoEntry4> resok) implements NfsResop {
    public SECINFO4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
        if (resok != null) {
            resok = List.copyOf(resok);
        }
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SECINFO;
    }

    public static SECINFO4res ok(List<SecinfoEntry4> resok) {
        return new SECINFO4res(NfsStat4.NFS4_OK, resok);
    }

    public static SECINFO4res error(int status) {
        return new SECINFO4res(status, null);
    }

    public static SECINFO4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new SECINFO4res(status, null);
        }
        List<SecinfoEntry4> resok = Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 4, SecinfoEntry4::decode);
        return new SECINFO4res(status, resok);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            Nfs4Xdr.writeList(x, resok, (e, t) -> t.encode(e));
        }
    }

    @Override
    public String toString() {
        return "SECINFO4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
