package org.cephgw.protocol.xdr;

/**
 * Bytes that do not decode as the XDR type asked for: truncated input, a length beyond its
 * bound, a boolean that is neither 0 nor 1, an enum value outside its set. At the RPC layer this
 * becomes GARBAGE_ARGS; inside a COMPOUND, NFS4ERR_BADXDR.
 */
public class XdrException extends RuntimeException {
    public XdrException(String message) {
        super(message);
    }
}
