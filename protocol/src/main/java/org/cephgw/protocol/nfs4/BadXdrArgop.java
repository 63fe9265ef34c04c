package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * Placeholder for an operation whose arguments did not decode. It ends the decoded argarray:
 * the server executes the operations before it and answers this one with {@code status}
 * (NFS4ERR_BADXDR, or NFS4ERR_INVAL for a name that is not UTF-8), e.g. through
 * {@link Compound#errorResult}.
 *
 * @param opnum the operation, or OP_ILLEGAL if not even the opnum could be read
 */
public record BadXdrArgop(int opnum, int status, String reason) implements NfsArgop {
    @Override
    public void encode(XdrEncoder x) {
        throw new IllegalStateException("a placeholder for undecodable arguments cannot be encoded");
    }
}
