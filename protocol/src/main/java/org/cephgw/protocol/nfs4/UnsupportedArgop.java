package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * A valid operation whose arguments this codec does not decode (pNFS layouts, SET_SSV,
 * WRITE_SAME, the NFSv4.0-only operations, ...). It ends the decoded argarray; the server
 * answers it NFS4ERR_NOTSUPP.
 */
public record UnsupportedArgop(int opnum) implements NfsArgop {
    @Override
    public void encode(XdrEncoder x) {
        throw new IllegalStateException(NfsOpnum4.name(opnum) + " arguments are not supported by this codec");
    }
}
