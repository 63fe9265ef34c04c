package org.cephgw.protocol.nfs4.cb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cephgw.protocol.nfs4.Nfs4Xdr;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;

/**
 * CB_COMPOUND (RFC 8881 §16.3 / §20), program NFS4_CALLBACK version 1, for both sides: the server
 * encodes arguments and decodes results; a client (the project's tests) does the reverse.
 * Operations other than CB_SEQUENCE, CB_RECALL and CB_GETATTR are not decodable here.
 */
public final class CbCompound {
    /** Procedures of the callback program. */
    public static final int CB_NULL = 0;
    public static final int CB_COMPOUND = 1;
    /** The callback program's version. */
    public static final int NFS_CB_VERSION = 1;
    /** Most operations a decoded CB_COMPOUND may hold (a bound on hostile input). */
    public static final int MAX_OPS = 64;

    private CbCompound() {
    }

    /** CB_COMPOUND4args. */
    public record Args(String tag, int minorVersion, int callbackIdent, List<CbOp> ops) {
    }

    /** CB_COMPOUND4res. */
    public record Res(int status, String tag, List<CbOp> results) {
    }

    public static byte[] encodeArgs(Args a) {
        XdrEncoder x = new XdrEncoder(256);
        x.writeString(a.tag());
        x.writeInt(a.minorVersion()).writeInt(a.callbackIdent());
        x.writeInt(a.ops().size());
        for (CbOp op : a.ops()) {
            x.writeInt(op.opnum());
            op.encode(x);
        }
        return x.toByteArray();
    }

    public static Args decodeArgs(XdrDecoder x) {
        String tag = Nfs4Xdr.readUtf8(x);
        int minor = x.readInt();
        int ident = x.readInt();
        int n = x.readCount(MAX_OPS, 4);
        List<CbOp> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int op = x.readInt();
            switch (op) {
                case CbOp.OP_CB_SEQUENCE -> ops.add(CB_SEQUENCE4args.decode(x));
                case CbOp.OP_CB_RECALL -> ops.add(CB_RECALL4args.decode(x));
                case CbOp.OP_CB_GETATTR -> ops.add(CB_GETATTR4args.decode(x));
                default -> throw new XdrException("callback operation " + op + " is not supported here");
            }
        }
        return new Args(tag, minor, ident, ops);
    }

    public static byte[] encodeRes(Res r) {
        XdrEncoder x = new XdrEncoder(128);
        x.writeInt(r.status());
        x.writeString(r.tag());
        x.writeInt(r.results().size());
        for (CbOp op : r.results()) {
            x.writeInt(op.opnum());
            op.encode(x);
        }
        return x.toByteArray();
    }

    public static Res decodeRes(XdrDecoder x) {
        int status = x.readInt();
        String tag = new String(x.readOpaque(1024), StandardCharsets.UTF_8);
        int n = x.readCount(MAX_OPS, 8);
        List<CbOp> res = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int op = x.readInt();
            switch (op) {
                case CbOp.OP_CB_SEQUENCE -> res.add(CB_SEQUENCE4res.decode(x));
                case CbOp.OP_CB_RECALL -> res.add(CB_RECALL4res.decode(x));
                case CbOp.OP_CB_GETATTR -> res.add(CB_GETATTR4res.decode(x));
                default -> {
                    // CB_ILLEGAL or an operation we never send: its status ends the list
                    x.readInt();
                    return new Res(status, tag, res);
                }
            }
        }
        return new Res(status, tag, res);
    }
}
