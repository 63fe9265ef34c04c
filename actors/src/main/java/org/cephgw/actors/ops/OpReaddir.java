package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.FATTR4_RDATTR_ERROR;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.attr.Attributes;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.FileAttrs;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.Stat;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.Dirlist4;
import org.cephgw.protocol.nfs4.Entry4;
import org.cephgw.protocol.nfs4.Fattr4;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.READDIR4args;
import org.cephgw.protocol.nfs4.READDIR4res;
import org.cephgw.protocol.nfs4.READDIR4resok;

/**
 * READDIR (RFC 8881 §18.23). Cookies are the back end's stable directory positions, so a
 * listing resumes where it stopped however long it takes and whatever else changes; the cookie
 * verifier is constant. Entries fill the reply up to the client's maxcount (and the session's
 * reply size); dircount bounds the names and cookies.
 */
public final class OpReaddir implements Operation<READDIR4args> {
    private static final byte[] VERIFIER = new byte[8];
    /** verifier, the list's terminating "no entry" and eof booleans */
    private static final int FIXED = 8 + Dirlist4.EMPTY_SIZE;
    /** room left for the other operations of the COMPOUND (SEQUENCE, PUTFH, GETATTR) */
    private static final int COMPOUND_HEADROOM = 1024;
    private static final int PAGE = 256;

    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, READDIR4args args) {
        Fh dir = ctx.fh();
        long cookie = args.cookie();
        if (cookie == 1 || cookie == 2) {
            throw new OpException(NfsStat4.NFS4ERR_BAD_COOKIE);
        }
        int maxcount = args.maxcount();
        if (ctx.session() != null) {
            maxcount = Math.min(maxcount, ctx.session().fore().maxResponseSize() - COMPOUND_HEADROOM);
        }
        int budget = maxcount - FIXED;
        int dirBudget = args.dircount() == 0 ? Integer.MAX_VALUE : args.dircount();
        Bitmap4 requested = args.attrRequest();
        Attributes.Plan plan = Attributes.plan(requested, ctx.minorVersion());
        Filesystem fs = ctx.fs(dir);
        Creds creds = ctx.creds(dir);
        return ctx.ioReading(dir, () -> {
            List<Entry4> entries = new ArrayList<>();
            long pos = cookie;
            int used = 0;
            int dirUsed = 0;
            boolean eof = false;
            fill:
            while (true) {
                Filesystem.DirList page;
                try {
                    page = fs.readdir(creds, dir.handle(), pos, PAGE);
                } catch (FsException e) {
                    throw OpLookup.notDir(e, fs, creds, dir.handle());
                }
                for (Filesystem.DirEntry e : page.entries()) {
                    Entry4 entry = new Entry4(e.cookie(), e.name(), attrs(ctx, dir, e, requested, plan));
                    int size = entry.encodedSize();
                    int dirSize = 8 + 4 + ((e.name().length() + 3) & ~3);
                    if (used + size > budget || (!entries.isEmpty() && dirUsed + dirSize > dirBudget)) {
                        break fill;
                    }
                    entries.add(entry);
                    used += size;
                    dirUsed += dirSize;
                    pos = e.cookie();
                }
                if (page.eof()) {
                    eof = true;
                    break;
                }
                if (page.entries().isEmpty()) {
                    break;
                }
            }
            if (entries.isEmpty() && !eof) {
                throw new OpException(NfsStat4.NFS4ERR_TOOSMALL);
            }
            return (NfsResop) READDIR4res.ok(new READDIR4resok(VERIFIER, new Dirlist4(entries, eof)));
        });
    }

    /** An entry's attributes; a junction of the pseudo file system shows its export's root. */
    private static Fattr4 attrs(CompoundContext ctx, Fh dir, Filesystem.DirEntry e, Bitmap4 requested,
                                Attributes.Plan plan) {
        Fh fh = new Fh(dir.exportId(), e.handle());
        Stat stat = e.stat();
        try {
            Fh crossed = OpLookup.cross(ctx, fh);
            if (crossed != fh) {
                Stat root = ctx.fs(crossed).getattr(ctx.creds(crossed), crossed.handle());
                return FileAttrs.encode(ctx, crossed, root, requested);
            }
            return FileAttrs.encode(ctx, fh, stat, plan);
        } catch (FsException | OpException err) {
            if (!requested.isSet(FATTR4_RDATTR_ERROR)) {
                throw err;
            }
            int status = err instanceof OpException o ? o.status() : Errors.status(((FsException) err).error());
            return new NfsAttrs().rdattrError(status).encode(Bitmap4.of(FATTR4_RDATTR_ERROR));
        }
    }
}
