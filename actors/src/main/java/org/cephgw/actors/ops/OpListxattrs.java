package org.cephgw.actors.ops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.nfs4.LISTXATTRS4args;
import org.cephgw.protocol.nfs4.LISTXATTRS4res;
import org.cephgw.protocol.nfs4.LISTXATTRS4resok;
import org.cephgw.protocol.nfs4.Nfs4Limits;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * LISTXATTRS (RFC 8276 §8.4.4): the names of the current file's user attributes, a page at a
 * time. The names are sorted and a cookie is the index of the next one (0: from the start), so a
 * listing resumes where it stopped however the back end orders its attributes; a name added or
 * removed meanwhile can shift it by that name. lxa_maxcount bounds the whole LISTXATTRS4resok:
 * one too small for the next name is NFS4ERR_TOOSMALL, and a cookie past the last name is
 * NFS4ERR_BAD_COOKIE.
 */
public final class OpListxattrs implements Operation<LISTXATTRS4args> {
    /** lxr_cookie, the length of lxr_names and lxr_eof */
    static final int FIXED = 8 + 4 + 4;

    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, LISTXATTRS4args args) {
        Fh fh = ctx.fh();
        Filesystem.Xattrs xattrs = XattrSupport.of(ctx, fh);
        Creds creds = ctx.creds(fh);
        long cookie = args.cookie();
        long budget = Math.min(Integer.toUnsignedLong(args.maxcount()), XattrSupport.replyLimit(ctx));
        return ctx.ioReading(fh, () -> {
            List<String> names = new ArrayList<>(xattrs.list(creds, fh.handle()));
            Collections.sort(names);
            if (Long.compareUnsigned(cookie, names.size()) > 0) {
                throw new OpException(NfsStat4.NFS4ERR_BAD_COOKIE);
            }
            if (budget < FIXED) {
                throw new OpException(NfsStat4.NFS4ERR_TOOSMALL);
            }
            List<String> page = new ArrayList<>();
            long used = FIXED;
            int next = (int) cookie;
            // this codebase's own decoder takes no more names in one array (Nfs4Limits)
            while (next < names.size() && page.size() < Nfs4Limits.MAX_ARRAY) {
                String n = names.get(next);
                int size = 4 + ((n.getBytes(StandardCharsets.UTF_8).length + 3) & ~3);
                if (used + size > budget) {
                    break;
                }
                page.add(n);
                used += size;
                next++;
            }
            if (page.isEmpty() && next < names.size()) {
                throw new OpException(NfsStat4.NFS4ERR_TOOSMALL);
            }
            return (NfsResop) LISTXATTRS4res.ok(new LISTXATTRS4resok(next, page, next == names.size()));
        });
    }
}
