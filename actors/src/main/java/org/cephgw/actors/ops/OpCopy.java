package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.UNSTABLE4;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.io.SharedIo;
import org.cephgw.actors.state.StateId;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.Stat;
import org.cephgw.protocol.nfs4.COPY4args;
import org.cephgw.protocol.nfs4.COPY4res;
import org.cephgw.protocol.nfs4.COPY4resok;
import org.cephgw.protocol.nfs4.CopyRequirements4;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.WriteResponse4;

/**
 * COPY (RFC 7862 §15.2), intra-server and synchronous: from the saved filehandle to the current
 * one, inside one export, through the back end ({@link IoHandle#copyTo}). The stateids are
 * checked as READ checks the source's and WRITE the destination's. Even a client that allows an
 * asynchronous copy gets the result at once (no wr_callback_id, cr_synchronous true), so
 * OFFLOAD_STATUS / OFFLOAD_CANCEL have nothing to act on and stay unsupported, as does the
 * inter-server COPY_NOTIFY. The data is written unstably: wr_committed is UNSTABLE4 with WRITE's
 * verifier, and the client COMMITs as after unstable WRITEs.
 */
public final class OpCopy implements Operation<COPY4args> {
    /**
     * The most one COPY moves. The copy occupies an I/O worker until it is done, and with it
     * every other file whose calls go to that worker; 16 MiB is a fraction of a second even when
     * the back end copies through the gateway (CephFS). A longer request gets a short wr_count
     * (§15.2.3 allows it) and the client asks again for the rest, as after a short WRITE.
     */
    static final long MAX_COPY = 16L << 20;

    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, COPY4args args) {
        Fh dst = ctx.fh();
        Fh src = ctx.savedFh();
        if (!args.sourceServer().isEmpty()) {
            // another server's file: the inter-server copy (COPY_NOTIFY on the source) is not offered
            throw new OpException(NfsStat4.NFS4ERR_NOTSUPP);
        }
        if (src.exportId() != dst.exportId()) {
            throw new OpException(NfsStat4.NFS4ERR_XDEV);
        }
        StateId srcSid = ctx.stateid(args.srcStateid());
        StateId dstSid = ctx.stateid(args.dstStateid());
        Filesystem fs = ctx.fs(dst);
        byte[] verifier = ctx.svc().writeVerifier();
        return ctx.io(dst, () -> {
            Stat s = fs.getattr(ctx.creds(src), src.handle());
            requireRegular(s);
            requireRegular(fs.getattr(ctx.creds(dst), dst.handle()));
            return s.size();
        }).thenCompose(srcSize -> {
            long n = amount(args, srcSize, src.key().equals(dst.key()));
            ctx.requireWritable(dst);
            return StateChecks.forIo(ctx, src, srcSid, false).thenCompose(srcIo -> {
                CompletionStage<SharedIo> dstCheck;
                try {
                    dstCheck = StateChecks.forIo(ctx, dst, dstSid, true);
                } catch (RuntimeException e) {
                    release(srcIo);
                    throw e;
                }
                return dstCheck.whenComplete((dstIo, err) -> {
                    if (err != null) {
                        release(srcIo);
                    }
                }).thenCompose(dstIo -> ctx.io(dst, () -> {
                    try {
                        long copied = copy(ctx, fs, src, srcIo, dst, dstIo, args, n);
                        return (NfsResop) COPY4res.ok(new COPY4resok(new WriteResponse4(null, copied, UNSTABLE4, verifier),
                                new CopyRequirements4(true, true)));
                    } finally {
                        release(srcIo);
                        release(dstIo);
                    }
                }));
            });
        });
    }

    /**
     * How many bytes this COPY moves: ca_count, or up to the source's end for 0, at most
     * {@link #MAX_COPY}. A range reaching past the source's end is NFS4ERR_INVAL (§15.2.3), as
     * is one that overlaps itself within one file.
     */
    static long amount(COPY4args args, long srcSize, boolean sameFile) {
        long off = args.srcOffset();
        if (Long.compareUnsigned(off, srcSize) > 0) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        long available = srcSize - off;
        long want = args.count() == 0 ? available : args.count();
        if (Long.compareUnsigned(want, available) > 0) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        long dstOff = args.dstOffset();
        if (dstOff < 0 || dstOff + want < 0) {
            throw new OpException(NfsStat4.NFS4ERR_FBIG);
        }
        if (sameFile && want > 0 && off < dstOff + want && dstOff < off + want) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        return Math.min(want, MAX_COPY);
    }

    /** Directories are NFS4ERR_ISDIR as for READ and WRITE; other non-files NFS4ERR_WRONG_TYPE (§15.2.3). */
    private static void requireRegular(Stat s) {
        if (s.type() == FileType.DIRECTORY) {
            throw new OpException(NfsStat4.NFS4ERR_ISDIR);
        }
        if (s.type() != FileType.REGULAR) {
            throw new OpException(NfsStat4.NFS4ERR_WRONG_TYPE);
        }
    }

    /** The copy itself, on the I/O worker: through the opens' handles, or handles of its own for special stateids. */
    private static long copy(CompoundContext ctx, Filesystem fs, Fh src, SharedIo srcIo, Fh dst, SharedIo dstIo,
                             COPY4args args, long n) {
        if (n == 0) {
            return 0;
        }
        IoHandle own = null;
        IoHandle ownDst = null;
        try {
            IoHandle in = srcIo != null ? srcIo.handle() : (own = fs.open(ctx.creds(src), src.handle(), Access.READ));
            IoHandle out = dstIo != null ? dstIo.handle() : (ownDst = fs.open(ctx.creds(dst), dst.handle(), Access.WRITE));
            return in.copyTo(args.srcOffset(), out, args.dstOffset(), n);
        } finally {
            if (ownDst != null) {
                ownDst.close();
            }
            if (own != null) {
                own.close();
            }
        }
    }

    private static void release(SharedIo io) {
        if (io != null) {
            io.release();
        }
    }
}
