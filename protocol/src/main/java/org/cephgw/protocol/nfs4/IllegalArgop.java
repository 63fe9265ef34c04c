package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * An opnum that is not an operation of the COMPOUND's minor version (including OP_ILLEGAL
 * itself). Its arguments, if any, cannot be known, so it ends the decoded argarray. The server
 * answers it with {@link ILLEGAL4res} (RFC 8881 §15.2, §18.52). Encoding it writes no arguments,
 * which lets a test client send illegal operations.
 */
public record IllegalArgop(int opnum) implements NfsArgop {
    @Override
    public void encode(XdrEncoder x) {
    }
}
