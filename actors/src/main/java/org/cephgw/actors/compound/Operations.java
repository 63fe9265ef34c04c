package org.cephgw.actors.compound;

import java.util.HashMap;
import java.util.Map;
import org.cephgw.actors.ops.*;
import org.cephgw.protocol.nfs4.*;

/** The operations this server implements, by argument type; any other answers NFS4ERR_NOTSUPP. */
final class Operations {
    private Operations() {
    }

    static Map<Class<?>, Operation<?>> all() {
        Map<Class<?>, Operation<?>> m = new HashMap<>();
        m.put(ACCESS4args.class, new OpAccess());
        m.put(ALLOCATE4args.class, new OpAllocate());
        m.put(BACKCHANNEL_CTL4args.class, new OpBackchannelCtl());
        m.put(BIND_CONN_TO_SESSION4args.class, new OpBindConnToSession());
        m.put(CLOSE4args.class, new OpClose());
        m.put(COMMIT4args.class, new OpCommit());
        m.put(COPY4args.class, new OpCopy());
        m.put(CREATE4args.class, new OpCreate());
        m.put(CREATE_SESSION4args.class, new OpCreateSession());
        m.put(DEALLOCATE4args.class, new OpDeallocate());
        m.put(DELEGRETURN4args.class, new OpDelegreturn());
        m.put(DESTROY_CLIENTID4args.class, new OpDestroyClientid());
        m.put(DESTROY_SESSION4args.class, new OpDestroySession());
        m.put(EXCHANGE_ID4args.class, new OpExchangeId());
        m.put(FREE_STATEID4args.class, new OpFreeStateid());
        m.put(GETATTR4args.class, new OpGetattr());
        m.put(GETFH4args.class, new OpGetfh());
        m.put(GETXATTR4args.class, new OpGetxattr());
        m.put(LINK4args.class, new OpLink());
        m.put(LISTXATTRS4args.class, new OpListxattrs());
        m.put(LOCK4args.class, new OpLock());
        m.put(LOCKT4args.class, new OpLockt());
        m.put(LOCKU4args.class, new OpLocku());
        m.put(LOOKUP4args.class, new OpLookup());
        m.put(LOOKUPP4args.class, new OpLookupp());
        m.put(NVERIFY4args.class, new OpNverify());
        m.put(OPEN4args.class, new OpOpen());
        m.put(OPEN_DOWNGRADE4args.class, new OpOpenDowngrade());
        m.put(PUTFH4args.class, new OpPutfh());
        m.put(PUTPUBFH4args.class, new OpPutpubfh());
        m.put(PUTROOTFH4args.class, new OpPutrootfh());
        m.put(READ4args.class, new OpRead());
        m.put(READ_PLUS4args.class, new OpReadPlus());
        m.put(READDIR4args.class, new OpReaddir());
        m.put(READLINK4args.class, new OpReadlink());
        m.put(RECLAIM_COMPLETE4args.class, new OpReclaimComplete());
        m.put(REMOVE4args.class, new OpRemove());
        m.put(REMOVEXATTR4args.class, new OpRemovexattr());
        m.put(RENAME4args.class, new OpRename());
        m.put(RESTOREFH4args.class, new OpRestorefh());
        m.put(SAVEFH4args.class, new OpSavefh());
        m.put(SECINFO4args.class, new OpSecinfo());
        m.put(SECINFO_NO_NAME4args.class, new OpSecinfoNoName());
        m.put(SEEK4args.class, new OpSeek());
        m.put(SETATTR4args.class, new OpSetattr());
        m.put(SETXATTR4args.class, new OpSetxattr());
        m.put(TEST_STATEID4args.class, new OpTestStateid());
        m.put(VERIFY4args.class, new OpVerify());
        m.put(WRITE4args.class, new OpWrite());
        return Map.copyOf(m);
    }
}
