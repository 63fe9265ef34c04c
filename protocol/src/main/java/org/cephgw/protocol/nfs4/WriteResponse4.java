package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * write_response4 (RFC 7862 §15.2): the outcome of COPY (or WRITE_SAME).
 *
 * @param callbackId wr_callback_id&lt;1&gt;: the stateid of an asynchronous copy, or null
 */
public record WriteResponse4(Stateid4 callbackId, long count, int committed, byte[] writeverf)
        implements XdrEncodable {
    public WriteResponse4 {
        Nfs4Xdr.requireLength(writeverf, Nfs4Const.NFS4_VERIFIER_SIZE, "wr_writeverf");
    }

    public static WriteResponse4 decode(XdrDecoder x) {
        Stateid4 id = Nfs4Xdr.readOptional(x, Stateid4::decode);
        long count = x.readHyper();
        int committed = x.readInt();
        return new WriteResponse4(id, count, committed, Nfs4Xdr.readVerifier(x));
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeOptional(x, callbackId, (e, s) -> s.encode(e));
        x.writeHyper(count);
        x.writeInt(committed);
        Nfs4Xdr.writeVerifier(x, writeverf);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WriteResponse4 w && java.util.Objects.equals(w.callbackId, callbackId)
                && w.count == count && w.committed == committed && Arrays.equals(w.writeverf, writeverf);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(callbackId, count, committed) * 31 + Arrays.hashCode(writeverf);
    }

    @Override
    public String toString() {
        return "WriteResponse4[callbackId=" + callbackId + ", count=" + count + ", committed=" + committed
                + ", writeverf=" + Nfs4Xdr.hex(writeverf) + "]";
    }
}
