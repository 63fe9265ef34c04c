package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.Stat;
import org.cephgw.protocol.nfs4.ACCESS4args;
import org.cephgw.protocol.nfs4.ACCESS4res;
import org.cephgw.protocol.nfs4.ACCESS4resok;
import org.cephgw.protocol.nfs4.NfsResop;

/**
 * ACCESS (RFC 8881 §18.1): which of the asked rights the caller has. LOOKUP and DELETE mean
 * something for directories only, so for other files they are not in "supported". In NFSv4.2
 * on back ends with extended attributes, XAREAD/XAWRITE/XALIST (RFC 8276 §8.6) follow the
 * file's read and write permission, as the user namespace's do on Linux; listing needs none.
 */
public final class OpAccess implements Operation<ACCESS4args> {
    private static final int KNOWN = ACCESS4_READ | ACCESS4_LOOKUP | ACCESS4_MODIFY | ACCESS4_EXTEND
            | ACCESS4_DELETE | ACCESS4_EXECUTE;
    private static final int CHANGES = ACCESS4_MODIFY | ACCESS4_EXTEND | ACCESS4_DELETE;
    private static final int XATTRS = ACCESS4_XAREAD | ACCESS4_XAWRITE | ACCESS4_XALIST;

    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, ACCESS4args args) {
        Fh fh = ctx.fh();
        Filesystem fs = ctx.fs(fh);
        Creds creds = ctx.creds(fh);
        boolean readOnly = ctx.readOnly(fh);
        int asked = args.access();
        boolean xattrs = ctx.minorVersion() >= 2 && fs.xattrs().isPresent();
        return ctx.ioReading(fh, () -> {
            Stat st = fs.getattr(creds, fh.handle());
            int posix = fs.access(creds, fh.handle(),
                    Access.READ | Access.WRITE | Access.EXECUTE | Access.LOOKUP | Access.MODIFY_DIR);
            boolean r = (posix & Access.READ) != 0;
            int supported;
            int granted = 0;
            if (st.isDirectory()) {
                supported = asked & KNOWN;
                if (r) {
                    granted |= ACCESS4_READ;
                }
                if ((posix & Access.LOOKUP) != 0) {
                    granted |= ACCESS4_LOOKUP | ACCESS4_EXECUTE;
                }
                if ((posix & Access.MODIFY_DIR) != 0 && !readOnly) {
                    granted |= CHANGES;
                }
            } else {
                supported = asked & KNOWN & ~(ACCESS4_LOOKUP | ACCESS4_DELETE);
                if (r) {
                    granted |= ACCESS4_READ;
                }
                if ((posix & Access.WRITE) != 0 && !readOnly) {
                    granted |= ACCESS4_MODIFY | ACCESS4_EXTEND;
                }
                if ((posix & Access.EXECUTE) != 0) {
                    granted |= ACCESS4_EXECUTE;
                }
            }
            if (xattrs) {
                supported |= asked & XATTRS;
                granted |= ACCESS4_XALIST;
                if (r) {
                    granted |= ACCESS4_XAREAD;
                }
                int write = st.isDirectory() ? Access.MODIFY_DIR : Access.WRITE;
                if ((posix & write) != 0 && !readOnly) {
                    granted |= ACCESS4_XAWRITE;
                }
            }
            return ACCESS4res.ok(new ACCESS4resok(supported, granted & supported));
        });
    }
}
