package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.FATTR4_RDATTR_ERROR;

import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.attr.Attributes;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.FileAttrs;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.Fattr4;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.NfsAttrsException;
import org.cephgw.protocol.nfs4.NfsStat4;

/** VERIFY and NVERIFY compare the client's attribute values with the server's, byte for byte. */
final class Verification {
    private Verification() {
    }

    /** Completes with true when the client's fattr4 equals the file's current attributes. */
    static CompletionStage<Boolean> same(CompoundContext ctx, Fattr4 given) {
        Fh fh = ctx.fh();
        try {
            NfsAttrs.decode(given);
        } catch (NfsAttrsException e) {
            throw new OpException(e.status());
        }
        if (given.attrmask().isSet(FATTR4_RDATTR_ERROR)) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        if (!Attributes.supported(ctx.minorVersion()).containsAll(given.attrmask())) {
            throw new OpException(NfsStat4.NFS4ERR_ATTRNOTSUPP);
        }
        return ctx.ioReading(fh, () -> {
            Fattr4 mine = FileAttrs.fetch(ctx, fh, given.attrmask());
            return mine.attrmask().equals(given.attrmask()) && Arrays.equals(mine.attrVals(), given.attrVals());
        });
    }
}
