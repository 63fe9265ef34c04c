package org.cephgw.actors.head;

import static org.cephgw.protocol.nfs4.NfsOpnum4.OP_BIND_CONN_TO_SESSION;
import static org.cephgw.protocol.nfs4.NfsOpnum4.OP_CREATE_SESSION;
import static org.cephgw.protocol.nfs4.NfsOpnum4.OP_DESTROY_CLIENTID;
import static org.cephgw.protocol.nfs4.NfsOpnum4.OP_DESTROY_SESSION;
import static org.cephgw.protocol.nfs4.NfsOpnum4.OP_EXCHANGE_ID;
import static org.cephgw.protocol.nfs4.NfsOpnum4.OP_SEQUENCE;

import java.util.Arrays;
import java.util.HexFormat;
import org.cephgw.actors.state.Ids;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.Nfs4Limits;
import org.cephgw.protocol.rpc.RpcCall;

/**
 * Which head a COMPOUND belongs to, read from the first bytes of the call without decoding it:
 * the COMPOUND header (tag, skipped; minor version; operation count), then the first
 * operation's opnum and as much of its arguments as names the head. It runs on the I/O path of
 * every request, so it allocates nothing but the owner id of an EXCHANGE_ID and never throws:
 * whatever cannot be read goes to {@link Any} head, whose executor answers the error.
 *
 * <p>The head is the first byte of the clientid or sessionid the first operation carries
 * ({@link Ids}): SEQUENCE, DESTROY_SESSION and BIND_CONN_TO_SESSION carry a sessionid,
 * CREATE_SESSION and DESTROY_CLIENTID a clientid. An EXCHANGE_ID goes by its co_ownerid
 * ({@link HeadSet#forOwner}). A COMPOUND declaring more operations than the executor decodes is
 * still routed by its first, so that its SEQUENCE answers NFS4ERR_TOO_MANY_OPS from the session.
 */
public final class CompoundRoute {
    private CompoundRoute() {
    }

    /** Where a COMPOUND goes. */
    public sealed interface Target permits ByHead, ByOwner, Any {
    }

    /** To the head with this index (0..255), named by the clientid or sessionid of the first operation. */
    public record ByHead(int index) implements Target {
        public ByHead {
            if (index < 0 || index > HeadSet.MAX_INDEX) {
                throw new IllegalArgumentException("head index " + index + " is outside 0.." + HeadSet.MAX_INDEX);
            }
        }
    }

    /**
     * An EXCHANGE_ID: to the head the owner is assigned to.
     *
     * @param ownerId the co_ownerid, a copy of the bytes of the call (at most 1024)
     */
    public record ByOwner(byte[] ownerId) implements Target {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByOwner b && Arrays.equals(b.ownerId, ownerId);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ownerId);
        }

        @Override
        public String toString() {
            return "ByOwner[" + HexFormat.of().formatHex(ownerId) + "]";
        }
    }

    /**
     * To any head: an empty COMPOUND, one whose first operation names no head, minor version
     * 0 or unknown, not a COMPOUND, or bytes that cannot be read.
     */
    public record Any() implements Target {
    }

    /** The one {@link Any}, so that routing allocates nothing. */
    public static final Any ANY = new Any();

    /** One {@link ByHead} per index, so that routing to a head allocates nothing. */
    private static final ByHead[] BY_HEAD = new ByHead[HeadSet.MAX_INDEX + 1];

    static {
        for (int i = 0; i < BY_HEAD.length; i++) {
            BY_HEAD[i] = new ByHead(i);
        }
    }

    private static final int SESSIONID_BYTES = Nfs4Const.NFS4_SESSIONID_SIZE;
    private static final int VERIFIER_BYTES = Nfs4Const.NFS4_VERIFIER_SIZE;

    /** Where the call goes; {@link #ANY} for a call that is not NFSv4 COMPOUND. */
    public static Target target(RpcCall call) {
        if (call.program() != Nfs4Const.NFS4_PROGRAM || call.version() != Nfs4Const.NFS_V4
                || call.procedure() != Nfs4Const.NFSPROC4_COMPOUND) {
            return ANY;
        }
        return target(call.record(), call.argsOffset());
    }

    /**
     * Where the COMPOUND4args starting at {@code argsOffset} of an RPC record go (the record
     * ends with the array).
     */
    public static Target target(byte[] record, int argsOffset) {
        int end = record.length;
        int pos = argsOffset;
        if (pos < 0 || pos > end) {
            return ANY;
        }
        // tag<>: skipped, within the decoder's bound
        if (end - pos < 4) {
            return ANY;
        }
        long tagLength = u32(record, pos);
        pos += 4;
        if (tagLength > Nfs4Limits.MAX_TAG_BYTES || end - pos < padded(tagLength)) {
            return ANY;
        }
        pos += padded(tagLength);
        // minorversion, operation count, the first opnum
        if (end - pos < 12) {
            return ANY;
        }
        int minor = (int) u32(record, pos);
        long count = u32(record, pos + 4);
        int opnum = (int) u32(record, pos + 8);
        pos += 12;
        if ((minor != 1 && minor != 2) || count == 0) {
            return ANY;
        }
        switch (opnum) {
            case OP_SEQUENCE, OP_DESTROY_SESSION, OP_BIND_CONN_TO_SESSION -> {
                // sessionid4 = [clientid:8][counter:4][boot:4]: the whole 16 bytes must be there
                return end - pos < SESSIONID_BYTES ? ANY : BY_HEAD[Ids.head(u64(record, pos))];
            }
            case OP_CREATE_SESSION, OP_DESTROY_CLIENTID -> {
                return end - pos < 8 ? ANY : BY_HEAD[Ids.head(u64(record, pos))];
            }
            case OP_EXCHANGE_ID -> {
                // client_owner4: co_verifier (fixed), co_ownerid<NFS4_OPAQUE_LIMIT>
                if (end - pos < VERIFIER_BYTES + 4) {
                    return ANY;
                }
                pos += VERIFIER_BYTES;
                long ownerLength = u32(record, pos);
                pos += 4;
                if (ownerLength > Nfs4Const.NFS4_OPAQUE_LIMIT || end - pos < padded(ownerLength)) {
                    return ANY;
                }
                return new ByOwner(Arrays.copyOfRange(record, pos, pos + (int) ownerLength));
            }
            default -> {
                return ANY;
            }
        }
    }

    /** The bytes an opaque of this length takes with its padding (lengths are at most 2^32 - 1). */
    private static long padded(long length) {
        return (length + 3) & ~3L;
    }

    /** The XDR unsigned int at {@code at}; the caller has checked that 4 bytes are there. */
    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** The XDR hyper at {@code at}; the caller has checked that 8 bytes are there. */
    private static long u64(byte[] b, int at) {
        return (u32(b, at) << 32) | u32(b, at + 4);
    }
}
