package org.cephgw.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.cephgw.protocol.nfs4.Fattr4;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.cb.CB_GETATTR4args;
import org.cephgw.protocol.nfs4.cb.CB_GETATTR4res;
import org.cephgw.protocol.nfs4.cb.CB_RECALL4args;
import org.cephgw.protocol.nfs4.cb.CB_RECALL4res;
import org.cephgw.protocol.nfs4.cb.CB_SEQUENCE4args;
import org.cephgw.protocol.nfs4.cb.CB_SEQUENCE4res;
import org.cephgw.protocol.nfs4.cb.CbCompound;
import org.cephgw.protocol.nfs4.cb.CbOp;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.xdr.XdrDecoder;

/**
 * The test client's callback service (NFS4_CALLBACK, RFC 8881 §20): answers CB_NULL, and
 * CB_COMPOUNDs of CB_SEQUENCE, CB_RECALL (NFS4_OK, remembered) and CB_GETATTR (the attributes
 * {@link #getattr} gives). Every call is recorded with its credential, so tests can check what
 * the server sent.
 */
public final class CallbackServer implements NfsClient.CallbackHandler {
    /** One call the server made: its RPC header and, for CB_COMPOUND, the operations. */
    public record Received(RpcCall call, List<CbOp> ops) {
    }

    private final List<Received> received = new ArrayList<>();
    private Function<CB_GETATTR4args, Fattr4> getattr = a -> null;
    private int recallStatus = NfsStat4.NFS4_OK;

    /** Installs this on the connection. */
    public static CallbackServer on(NfsClient client) {
        CallbackServer s = new CallbackServer();
        client.onCallback(s);
        return s;
    }

    /** What CB_GETATTR answers; a null Fattr4 is NFS4ERR_BADHANDLE. */
    public CallbackServer getattr(Function<CB_GETATTR4args, Fattr4> f) {
        getattr = f;
        return this;
    }

    public CallbackServer recallStatus(int status) {
        recallStatus = status;
        return this;
    }

    @Override
    public synchronized byte[] handle(RpcCall call) {
        if (call.procedure() == CbCompound.CB_NULL) {
            received.add(new Received(call, List.of()));
            return new byte[0];
        }
        CbCompound.Args args = CbCompound.decodeArgs(new XdrDecoder(call.record(), call.argsOffset(),
                call.record().length - call.argsOffset()));
        received.add(new Received(call, args.ops()));
        List<CbOp> res = new ArrayList<>();
        int status = NfsStat4.NFS4_OK;
        for (CbOp op : args.ops()) {
            if (op instanceof CB_SEQUENCE4args s) {
                res.add(new CB_SEQUENCE4res(NfsStat4.NFS4_OK, s.sessionId(), s.sequenceId(), s.slotId(),
                        s.highestSlotId(), s.highestSlotId()));
            } else if (op instanceof CB_RECALL4args) {
                res.add(new CB_RECALL4res(recallStatus));
                status = recallStatus;
            } else if (op instanceof CB_GETATTR4args g) {
                Fattr4 f = getattr.apply(g);
                res.add(f == null ? new CB_GETATTR4res(NfsStat4.NFS4ERR_BADHANDLE, null)
                        : new CB_GETATTR4res(NfsStat4.NFS4_OK, f));
                status = f == null ? NfsStat4.NFS4ERR_BADHANDLE : status;
            }
            if (status != NfsStat4.NFS4_OK) {
                break;
            }
        }
        return CbCompound.encodeRes(new CbCompound.Res(status, args.tag(), res));
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The CB_RECALLs received so far. */
    public List<CB_RECALL4args> recalls() {
        return ops(CB_RECALL4args.class);
    }

    /** The CB_SEQUENCEs received so far, in order. */
    public List<CB_SEQUENCE4args> sequences() {
        return ops(CB_SEQUENCE4args.class);
    }

    private synchronized <T extends CbOp> List<T> ops(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Received r : received) {
            for (CbOp op : r.ops()) {
                if (type.isInstance(op)) {
                    out.add(type.cast(op));
                }
            }
        }
        return out;
    }
}
