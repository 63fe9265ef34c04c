package org.cephgw.actors.compound;

import org.cephgw.actors.attr.Attributes;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.fh.PseudoFs;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsStats;
import org.cephgw.fsal.Stat;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.Fattr4;

/** Builds a file's fattr4 from its back end. Blocking: call on the I/O worker of the file. */
public final class FileAttrs {
    /** What the COMPOUND4res around attributes costs at most (headers, status, bitmaps). */
    private static final int IO_HEADROOM = 1024;

    private FileAttrs() {
    }

    /** getattr (and statfs when needed) of {@code fh}, encoded for {@code requested}. */
    public static Fattr4 fetch(CompoundContext ctx, Fh fh, Bitmap4 requested) {
        Filesystem fs = ctx.fs(fh);
        Creds creds = ctx.creds(fh);
        return encode(ctx, fh, fs.getattr(creds, fh.handle()), requested);
    }

    /** Encodes attributes from an already-fetched stat (statfs is still fetched if asked for). */
    public static Fattr4 encode(CompoundContext ctx, Fh fh, Stat stat, Bitmap4 requested) {
        return encode(ctx, fh, stat, Attributes.plan(requested, ctx.minorVersion()));
    }

    /** Likewise with the request worked out already (READDIR: once for all its entries). */
    public static Fattr4 encode(CompoundContext ctx, Fh fh, Stat stat, Attributes.Plan plan) {
        FsStats stats = plan.statfs() ? ctx.fs(fh).statfs(ctx.creds(fh), fh.handle()) : null;
        return Attributes.encode(plan, source(ctx, fh, stat, stats));
    }

    public static Attributes.Source source(CompoundContext ctx, Fh fh, Stat stat, FsStats stats) {
        NfsServices svc = ctx.svc();
        Filesystem fs = ctx.fs(fh);
        long mountedOn = stat.fileId();
        PseudoFs pseudo = svc.exports().pseudo();
        if (pseudo != null && !fh.isPseudo() && fh.handle().equals(fs.root())) {
            // an export's root reports the pseudo directory it is mounted on (RFC 8881 §5.8.2.23)
            mountedOn = pseudo.fileId(pseudo.mountPoint(fh.exportId()));
        }
        // a READ of this size fits whole even with other results around it (BoundedReply.roomFor)
        int maxRead = Math.min(fs.info().maxRead(), svc.settings().maxResponseSize() - BoundedReply.FOLLOWING
                - BoundedReply.READ_FIXED);
        int maxWrite = Math.min(fs.info().maxWrite(), svc.settings().maxRequestSize() - IO_HEADROOM);
        return new Attributes.Source(stat, fh.toBytes(), fs.info(), fh.exportId(), 0, stats, mountedOn,
                (int) svc.settings().leaseTime().toSeconds(), maxRead, maxWrite, ctx.minorVersion(), svc.ids(),
                fs.xattrs().isPresent());
    }
}
