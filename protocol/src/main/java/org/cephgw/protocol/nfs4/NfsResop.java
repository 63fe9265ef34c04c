package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrEncodable;

/**
 * nfs_resop4 (RFC 8881 §16.2): the result of one operation of a COMPOUND. {@link #encode}
 * writes the status and the union arm that status selects; the opnum before them is written by
 * {@link Compound}.
 */
public interface NfsResop extends XdrEncodable {
    /** The nfs_opnum4 this is the result of. */
    int opnum();

    /** The nfsstat4 of the operation. */
    int status();
}
