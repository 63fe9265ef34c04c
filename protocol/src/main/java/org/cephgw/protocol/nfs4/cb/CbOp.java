package org.cephgw.protocol.nfs4.cb;

import org.cephgw.protocol.xdr.XdrEncodable;

/**
 * nfs_cb_argop4 and nfs_cb_resop4 (RFC 8881 §20): one operation of a CB_COMPOUND and its result.
 * The server sends the callbacks it needs: CB_SEQUENCE (first in every CB_COMPOUND), CB_RECALL
 * and CB_GETATTR. {@link #encode} writes the body only; the opnum is written by {@link CbCompound}.
 */
public sealed interface CbOp extends XdrEncodable
        permits CB_SEQUENCE4args, CB_RECALL4args, CB_GETATTR4args, CB_SEQUENCE4res, CB_RECALL4res, CB_GETATTR4res {
    /** OP_CB_GETATTR (RFC 8881 §20.1). */
    int OP_CB_GETATTR = 3;
    /** OP_CB_RECALL (§20.2). */
    int OP_CB_RECALL = 4;
    /** OP_CB_SEQUENCE (§20.9). */
    int OP_CB_SEQUENCE = 11;
    int OP_CB_ILLEGAL = 10044;

    int opnum();
}
