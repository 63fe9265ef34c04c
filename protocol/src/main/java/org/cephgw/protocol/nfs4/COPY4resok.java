package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** COPY4resok (RFC 7862 §15.2). */
public record COPY4resok(WriteResponse4 response, CopyRequirements4 requirements) implements XdrEncodable {
    public COPY4resok {
        java.util.Objects.requireNonNull(response, "response");
        java.util.Objects.requireNonNull(requirements, "requirements");
    }

    public static COPY4resok decode(XdrDecoder x) {
        WriteResponse4 response = WriteResponse4.decode(x);
        CopyRequirements4 requirements = CopyRequirements4.decode(x);
        return new COPY4resok(response, requirements);
    }

    @Override
    public void encode(XdrEncoder x) {
        response.encode(x);
        requirements.encode(x);
    }
}
