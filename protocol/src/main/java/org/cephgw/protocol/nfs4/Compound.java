package org.cephgw.protocol.nfs4;

import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;

/**
 * The codec of NFSPROC4_COMPOUND (RFC 8881 §16.2) for both sides.
 *
 * <p>{@link #decodeArgs} never fails because of an operation: when operation k cannot be
 * decoded, the argarray holds operations 0..k-1 and then a placeholder ({@link BadXdrArgop},
 * {@link IllegalArgop} or {@link UnsupportedArgop}), and decoding stops there, because nothing
 * after an undecodable operation can be located. The server runs the operations before the
 * placeholder and answers the placeholder with its error, which ends the COMPOUND as any error
 * does. Only a header that does not decode (tag, minor version, operation count) throws
 * {@link XdrException}, which the RPC layer turns into GARBAGE_ARGS.
 *
 * <p>Bytes after the last operation are ignored.
 */
public final class Compound {
    private static final int TABLE_SIZE = OP_REMOVEXATTR + 1;
    private static final List<Function<XdrDecoder, ? extends NfsArgop>> ARGS = argTable();
    private static final List<Function<XdrDecoder, ? extends NfsResop>> RESULTS = resTable();

    private Compound() {
    }

    private static List<Function<XdrDecoder, ? extends NfsArgop>> argTable() {
        List<Function<XdrDecoder, ? extends NfsArgop>> t = new ArrayList<>();
        for (int i = 0; i < TABLE_SIZE; i++) {
            t.add(null);
        }
        t.set(OP_ACCESS, ACCESS4args::decode);
        t.set(OP_CLOSE, CLOSE4args::decode);
        t.set(OP_COMMIT, COMMIT4args::decode);
        t.set(OP_CREATE, CREATE4args::decode);
        t.set(OP_DELEGPURGE, DELEGPURGE4args::decode);
        t.set(OP_DELEGRETURN, DELEGRETURN4args::decode);
        t.set(OP_GETATTR, GETATTR4args::decode);
        t.set(OP_GETFH, GETFH4args::decode);
        t.set(OP_LINK, LINK4args::decode);
        t.set(OP_LOCK, LOCK4args::decode);
        t.set(OP_LOCKT, LOCKT4args::decode);
        t.set(OP_LOCKU, LOCKU4args::decode);
        t.set(OP_LOOKUP, LOOKUP4args::decode);
        t.set(OP_LOOKUPP, LOOKUPP4args::decode);
        t.set(OP_NVERIFY, NVERIFY4args::decode);
        t.set(OP_OPEN, OPEN4args::decode);
        t.set(OP_OPENATTR, OPENATTR4args::decode);
        t.set(OP_OPEN_DOWNGRADE, OPEN_DOWNGRADE4args::decode);
        t.set(OP_PUTFH, PUTFH4args::decode);
        t.set(OP_PUTPUBFH, PUTPUBFH4args::decode);
        t.set(OP_PUTROOTFH, PUTROOTFH4args::decode);
        t.set(OP_READ, READ4args::decode);
        t.set(OP_READDIR, READDIR4args::decode);
        t.set(OP_READLINK, READLINK4args::decode);
        t.set(OP_REMOVE, REMOVE4args::decode);
        t.set(OP_RENAME, RENAME4args::decode);
        t.set(OP_RESTOREFH, RESTOREFH4args::decode);
        t.set(OP_SAVEFH, SAVEFH4args::decode);
        t.set(OP_SECINFO, SECINFO4args::decode);
        t.set(OP_SETATTR, SETATTR4args::decode);
        t.set(OP_VERIFY, VERIFY4args::decode);
        t.set(OP_WRITE, WRITE4args::decode);
        t.set(OP_BACKCHANNEL_CTL, BACKCHANNEL_CTL4args::decode);
        t.set(OP_BIND_CONN_TO_SESSION, BIND_CONN_TO_SESSION4args::decode);
        t.set(OP_EXCHANGE_ID, EXCHANGE_ID4args::decode);
        t.set(OP_CREATE_SESSION, CREATE_SESSION4args::decode);
        t.set(OP_DESTROY_SESSION, DESTROY_SESSION4args::decode);
        t.set(OP_FREE_STATEID, FREE_STATEID4args::decode);
        t.set(OP_GET_DIR_DELEGATION, GET_DIR_DELEGATION4args::decode);
        t.set(OP_SECINFO_NO_NAME, SECINFO_NO_NAME4args::decode);
        t.set(OP_SEQUENCE, SEQUENCE4args::decode);
        t.set(OP_TEST_STATEID, TEST_STATEID4args::decode);
        t.set(OP_WANT_DELEGATION, WANT_DELEGATION4args::decode);
        t.set(OP_DESTROY_CLIENTID, DESTROY_CLIENTID4args::decode);
        t.set(OP_RECLAIM_COMPLETE, RECLAIM_COMPLETE4args::decode);
        t.set(OP_ALLOCATE, ALLOCATE4args::decode);
        t.set(OP_COPY, COPY4args::decode);
        t.set(OP_COPY_NOTIFY, COPY_NOTIFY4args::decode);
        t.set(OP_DEALLOCATE, DEALLOCATE4args::decode);
        t.set(OP_IO_ADVISE, IO_ADVISE4args::decode);
        t.set(OP_OFFLOAD_CANCEL, OFFLOAD_CANCEL4args::decode);
        t.set(OP_OFFLOAD_STATUS, OFFLOAD_STATUS4args::decode);
        t.set(OP_READ_PLUS, READ_PLUS4args::decode);
        t.set(OP_SEEK, SEEK4args::decode);
        t.set(OP_CLONE, CLONE4args::decode);
        t.set(OP_GETXATTR, GETXATTR4args::decode);
        t.set(OP_SETXATTR, SETXATTR4args::decode);
        t.set(OP_LISTXATTRS, LISTXATTRS4args::decode);
        t.set(OP_REMOVEXATTR, REMOVEXATTR4args::decode);
        return java.util.Collections.unmodifiableList(t);
    }

    private static List<Function<XdrDecoder, ? extends NfsResop>> resTable() {
        List<Function<XdrDecoder, ? extends NfsResop>> t = new ArrayList<>();
        for (int i = 0; i < TABLE_SIZE; i++) {
            t.add(null);
        }
        t.set(OP_ACCESS, ACCESS4res::decode);
        t.set(OP_CLOSE, CLOSE4res::decode);
        t.set(OP_COMMIT, COMMIT4res::decode);
        t.set(OP_CREATE, CREATE4res::decode);
        t.set(OP_DELEGPURGE, DELEGPURGE4res::decode);
        t.set(OP_DELEGRETURN, DELEGRETURN4res::decode);
        t.set(OP_GETATTR, GETATTR4res::decode);
        t.set(OP_GETFH, GETFH4res::decode);
        t.set(OP_LINK, LINK4res::decode);
        t.set(OP_LOCK, LOCK4res::decode);
        t.set(OP_LOCKT, LOCKT4res::decode);
        t.set(OP_LOCKU, LOCKU4res::decode);
        t.set(OP_LOOKUP, LOOKUP4res::decode);
        t.set(OP_LOOKUPP, LOOKUPP4res::decode);
        t.set(OP_NVERIFY, NVERIFY4res::decode);
        t.set(OP_OPEN, OPEN4res::decode);
        t.set(OP_OPENATTR, OPENATTR4res::decode);
        t.set(OP_OPEN_DOWNGRADE, OPEN_DOWNGRADE4res::decode);
        t.set(OP_PUTFH, PUTFH4res::decode);
        t.set(OP_PUTPUBFH, PUTPUBFH4res::decode);
        t.set(OP_PUTROOTFH, PUTROOTFH4res::decode);
        t.set(OP_READ, READ4res::decode);
        t.set(OP_READDIR, READDIR4res::decode);
        t.set(OP_READLINK, READLINK4res::decode);
        t.set(OP_REMOVE, REMOVE4res::decode);
        t.set(OP_RENAME, RENAME4res::decode);
        t.set(OP_RESTOREFH, RESTOREFH4res::decode);
        t.set(OP_SAVEFH, SAVEFH4res::decode);
        t.set(OP_SECINFO, SECINFO4res::decode);
        t.set(OP_SETATTR, SETATTR4res::decode);
        t.set(OP_VERIFY, VERIFY4res::decode);
        t.set(OP_WRITE, WRITE4res::decode);
        t.set(OP_BACKCHANNEL_CTL, BACKCHANNEL_CTL4res::decode);
        t.set(OP_BIND_CONN_TO_SESSION, BIND_CONN_TO_SESSION4res::decode);
        t.set(OP_EXCHANGE_ID, EXCHANGE_ID4res::decode);
        t.set(OP_CREATE_SESSION, CREATE_SESSION4res::decode);
        t.set(OP_DESTROY_SESSION, DESTROY_SESSION4res::decode);
        t.set(OP_FREE_STATEID, FREE_STATEID4res::decode);
        t.set(OP_GET_DIR_DELEGATION, GET_DIR_DELEGATION4res::decode);
        t.set(OP_SECINFO_NO_NAME, SECINFO_NO_NAME4res::decode);
        t.set(OP_SEQUENCE, SEQUENCE4res::decode);
        t.set(OP_TEST_STATEID, TEST_STATEID4res::decode);
        t.set(OP_WANT_DELEGATION, WANT_DELEGATION4res::decode);
        t.set(OP_DESTROY_CLIENTID, DESTROY_CLIENTID4res::decode);
        t.set(OP_RECLAIM_COMPLETE, RECLAIM_COMPLETE4res::decode);
        t.set(OP_ALLOCATE, ALLOCATE4res::decode);
        t.set(OP_COPY, COPY4res::decode);
        t.set(OP_COPY_NOTIFY, COPY_NOTIFY4res::decode);
        t.set(OP_DEALLOCATE, DEALLOCATE4res::decode);
        t.set(OP_IO_ADVISE, IO_ADVISE4res::decode);
        t.set(OP_OFFLOAD_CANCEL, OFFLOAD_CANCEL4res::decode);
        t.set(OP_OFFLOAD_STATUS, OFFLOAD_STATUS4res::decode);
        t.set(OP_READ_PLUS, READ_PLUS4res::decode);
        t.set(OP_SEEK, SEEK4res::decode);
        t.set(OP_CLONE, CLONE4res::decode);
        t.set(OP_GETXATTR, GETXATTR4res::decode);
        t.set(OP_SETXATTR, SETXATTR4res::decode);
        t.set(OP_LISTXATTRS, LISTXATTRS4res::decode);
        t.set(OP_REMOVEXATTR, REMOVEXATTR4res::decode);
        return java.util.Collections.unmodifiableList(t);
    }

    /** True if this codec decodes the arguments of {@code opnum}. */
    public static boolean decodesArgs(int opnum) {
        return opnum >= 0 && opnum < TABLE_SIZE && ARGS.get(opnum) != null;
    }

    /** True if this codec decodes results of {@code opnum}. */
    public static boolean decodesResult(int opnum) {
        return opnum == OP_ILLEGAL || opnum >= 0 && opnum < TABLE_SIZE && RESULTS.get(opnum) != null;
    }

    // ------------------------------------------------------------------ requests

    /**
     * Decodes COMPOUND4args from a call's arguments.
     *
     * @throws XdrException only when the tag, minor version or operation count does not decode
     *         (or the count exceeds {@link Nfs4Limits#MAX_OPS} or what the bytes can hold)
     */
    public static COMPOUND4args decodeArgs(XdrDecoder x) {
        byte[] tag = x.readOpaque(Nfs4Limits.MAX_TAG_BYTES);
        int minorversion = x.readInt();
        int n = x.readCount(Nfs4Limits.MAX_OPS, 4);
        List<NfsArgop> ops = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            NfsArgop op = decodeArgop(x, minorversion);
            ops.add(op);
            if (isPlaceholder(op)) {
                break;
            }
        }
        return new COMPOUND4args(tag, minorversion, ops);
    }

    /** True for the stand-ins of undecodable operations, which end an argarray. */
    public static boolean isPlaceholder(NfsArgop op) {
        return op instanceof BadXdrArgop || op instanceof IllegalArgop || op instanceof UnsupportedArgop;
    }

    /** One nfs_argop4 (opnum and arguments); never throws. */
    public static NfsArgop decodeArgop(XdrDecoder x, int minorversion) {
        if (x.remaining() < 4) {
            return new BadXdrArgop(OP_ILLEGAL, NfsStat4.NFS4ERR_BADXDR, "truncated before the opnum");
        }
        int opnum = x.readInt();
        if (!NfsOpnum4.isOperation(opnum, minorversion)) {
            return new IllegalArgop(opnum);
        }
        Function<XdrDecoder, ? extends NfsArgop> decoder = ARGS.get(opnum);
        if (decoder == null) {
            return new UnsupportedArgop(opnum);
        }
        try {
            return decoder.apply(x);
        } catch (XdrDecoder.InvalidUtf8Exception e) {
            return new BadXdrArgop(opnum, NfsStat4.NFS4ERR_INVAL, e.getMessage());
        } catch (XdrException | IllegalArgumentException e) {
            return new BadXdrArgop(opnum, NfsStat4.NFS4ERR_BADXDR, e.getMessage());
        } catch (RuntimeException e) {
            // a codec bug must not take the connection down; the reason makes it visible
            return new BadXdrArgop(opnum, NfsStat4.NFS4ERR_BADXDR, "internal: " + e);
        }
    }

    public static void encodeArgs(XdrEncoder x, COMPOUND4args args) {
        x.writeOpaque(args.tag());
        x.writeInt(args.minorversion());
        x.writeInt(args.argarray().size());
        for (NfsArgop op : args.argarray()) {
            encodeArgop(x, op);
        }
    }

    public static void encodeArgop(XdrEncoder x, NfsArgop op) {
        x.writeInt(op.opnum());
        op.encode(x);
    }

    // ------------------------------------------------------------------ replies

    public static void encodeRes(XdrEncoder x, COMPOUND4res res) {
        x.writeInt(res.status());
        x.writeOpaque(res.tag());
        x.writeInt(res.resarray().size());
        for (NfsResop r : res.resarray()) {
            encodeResop(x, r);
        }
    }

    /** One nfs_resop4: the opnum, then the result's union. */
    public static void encodeResop(XdrEncoder x, NfsResop r) {
        x.writeInt(r.opnum());
        r.encode(x);
    }

    /**
     * Decodes COMPOUND4res (the client side). Results of operations without a result codec
     * decode as {@link StatusOnlyRes} when their status carries no body.
     *
     * @throws XdrException for anything malformed, including a successful result of an
     *         operation whose result this codec cannot decode
     */
    public static COMPOUND4res decodeRes(XdrDecoder x) {
        int status = x.readInt();
        byte[] tag = x.readOpaque(Nfs4Limits.MAX_TAG_BYTES);
        int n = x.readCount(Nfs4Limits.MAX_OPS, 8);
        List<NfsResop> out = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            out.add(decodeResop(x));
        }
        return new COMPOUND4res(status, tag, out);
    }

    public static NfsResop decodeResop(XdrDecoder x) {
        int opnum = x.readInt();
        if (opnum == OP_ILLEGAL) {
            return ILLEGAL4res.decode(x);
        }
        Function<XdrDecoder, ? extends NfsResop> decoder =
                opnum >= 0 && opnum < TABLE_SIZE ? RESULTS.get(opnum) : null;
        try {
            if (decoder != null) {
                return decoder.apply(x);
            }
            int status = x.readInt();
            if (statusNeedsBody(opnum, status)) {
                throw new XdrException("no codec for the result of " + NfsOpnum4.name(opnum)
                        + " with " + NfsStat4.name(status));
            }
            return new StatusOnlyRes(opnum, status);
        } catch (IllegalArgumentException e) {
            throw new XdrException(NfsOpnum4.name(opnum) + ": " + e.getMessage());
        }
    }

    /**
     * The result a server sends for {@code opnum} failing with {@code status} (not NFS4_OK):
     * {@link ILLEGAL4res} for OP_ILLEGAL, a SETATTR4res with no attributes set for SETATTR
     * (whose result is not a union), a bare status otherwise.
     *
     * @throws IllegalArgumentException for the errors whose union arm carries data (LOCK and
     *         LOCKT with NFS4ERR_DENIED, COPY with NFS4ERR_OFFLOAD_NO_REQS, ...)
     */
    public static NfsResop errorResult(int opnum, int status) {
        if (status == NfsStat4.NFS4_OK) {
            throw new IllegalArgumentException("NFS4_OK is not an error");
        }
        if (opnum == OP_ILLEGAL) {
            return new ILLEGAL4res(status);
        }
        if (opnum == OP_SETATTR) {
            return SETATTR4res.error(status);
        }
        return new StatusOnlyRes(opnum, status);
    }

    /** The result a server sends for an undecodable operation (a placeholder of {@link #decodeArgs}). */
    public static NfsResop placeholderResult(NfsArgop placeholder) {
        if (placeholder instanceof BadXdrArgop b) {
            return errorResult(b.opnum(), b.status());
        }
        if (placeholder instanceof IllegalArgop) {
            return ILLEGAL4res.INSTANCE;
        }
        if (placeholder instanceof UnsupportedArgop u) {
            return errorResult(u.opnum(), NfsStat4.NFS4ERR_NOTSUPP);
        }
        throw new IllegalArgumentException(placeholder + " is not a placeholder");
    }

    /** True when the result union of {@code opnum} with {@code status} has more than the status. */
    static boolean statusNeedsBody(int opnum, int status) {
        if (opnum == OP_SETATTR) {
            return true;
        }
        if (status == NfsStat4.NFS4_OK) {
            return !okIsBare(opnum);
        }
        return switch (status) {
            case NfsStat4.NFS4ERR_DENIED -> opnum == OP_LOCK || opnum == OP_LOCKT;
            case NfsStat4.NFS4ERR_OFFLOAD_NO_REQS -> opnum == OP_COPY;
            case NfsStat4.NFS4ERR_TOOSMALL -> opnum == OP_GETDEVICEINFO;
            case NfsStat4.NFS4ERR_LAYOUTTRYLATER -> opnum == OP_LAYOUTGET;
            case NfsStat4.NFS4ERR_CLID_INUSE -> opnum == OP_SETCLIENTID;
            default -> false;
        };
    }

    private static boolean okIsBare(int opnum) {
        return switch (opnum) {
            case OP_DELEGPURGE, OP_DELEGRETURN, OP_LOCKT, OP_LOOKUP, OP_LOOKUPP, OP_NVERIFY, OP_OPENATTR,
                    OP_PUTFH, OP_PUTPUBFH, OP_PUTROOTFH, OP_RENEW, OP_RESTOREFH, OP_SAVEFH,
                    OP_SETCLIENTID_CONFIRM, OP_VERIFY, OP_RELEASE_LOCKOWNER, OP_BACKCHANNEL_CTL,
                    OP_DESTROY_SESSION, OP_FREE_STATEID, OP_DESTROY_CLIENTID, OP_RECLAIM_COMPLETE,
                    OP_ALLOCATE, OP_DEALLOCATE, OP_LAYOUTERROR, OP_LAYOUTSTATS, OP_OFFLOAD_CANCEL,
                    OP_CLONE, OP_ILLEGAL -> true;
            default -> false;
        };
    }
}
