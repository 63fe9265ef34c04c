package org.cephgw.protocol.rpc;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** opaque_auth: a flavor and up to 400 bytes of body (RFC 5531 §8.2). */
public record OpaqueAuth(int flavor, byte[] body) {
    public static final OpaqueAuth NONE = new OpaqueAuth(RpcConstants.AUTH_NONE, new byte[0]);

    public OpaqueAuth {
        if (body.length > RpcConstants.MAX_AUTH_BYTES) {
            throw new IllegalArgumentException("auth body of " + body.length + " bytes");
        }
    }

    public static OpaqueAuth decode(XdrDecoder x) {
        int flavor = x.readInt();
        return new OpaqueAuth(flavor, x.readOpaque(RpcConstants.MAX_AUTH_BYTES));
    }

    public void encode(XdrEncoder x) {
        x.writeInt(flavor);
        x.writeOpaque(body);
    }

    public static OpaqueAuth authSys(AuthSysParms p) {
        XdrEncoder x = new XdrEncoder(64);
        p.encode(x);
        return new OpaqueAuth(RpcConstants.AUTH_SYS, x.toByteArray());
    }
}
