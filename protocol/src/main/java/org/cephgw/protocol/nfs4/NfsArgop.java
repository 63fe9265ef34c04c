package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrEncodable;

/**
 * nfs_argop4 (RFC 8881 §16.2): one operation of a COMPOUND request. {@link #encode} writes the
 * operation's arguments only; the opnum before them is written by {@link Compound}.
 * Besides the {@code XXX4args} records, {@link BadXdrArgop}, {@link IllegalArgop} and
 * {@link UnsupportedArgop} stand for operations that could not be decoded.
 */
public interface NfsArgop extends XdrEncodable {
    /** The nfs_opnum4 of this operation. */
    int opnum();
}
