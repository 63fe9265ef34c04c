package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * secinfo4 (RFC 8881 §18.29): one security flavor acceptable for an object.
 *
 * @param flavorInfo non-null exactly when {@code flavor} is RPCSEC_GSS
 */
public record SecinfoEntry4(int flavor, RpcsecGssInfo flavorInfo) implements XdrEncodable {
    public static final SecinfoEntry4 AUTH_SYS = new SecinfoEntry4(RpcConstants.AUTH_SYS, null);
    public static final SecinfoEntry4 AUTH_NONE = new SecinfoEntry4(RpcConstants.AUTH_NONE, null);

    public SecinfoEntry4 {
        if ((flavor == RpcConstants.RPCSEC_GSS) != (flavorInfo != null)) {
            throw new IllegalArgumentException("secinfo4 flavor " + flavor + " with " + flavorInfo);
        }
    }

    public static SecinfoEntry4 decode(XdrDecoder x) {
        int flavor = x.readInt();
        return new SecinfoEntry4(flavor, flavor == RpcConstants.RPCSEC_GSS ? RpcsecGssInfo.decode(x) : null);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(flavor);
        if (flavorInfo != null) {
            flavorInfo.encode(x);
        }
    }
}
