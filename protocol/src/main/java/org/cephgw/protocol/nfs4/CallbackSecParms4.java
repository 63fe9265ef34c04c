package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.rpc.AuthSysParms;
import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * callback_sec_parms4 (RFC 8881 §18.36): how the server is to authenticate its callbacks. A
 * flavor other than AUTH_NONE, AUTH_SYS and RPCSEC_GSS is undecodable (the union has no default).
 */
public sealed interface CallbackSecParms4 extends XdrEncodable {
    int flavor();

    /** AUTH_NONE. */
    record AuthNone() implements CallbackSecParms4 {
        @Override
        public int flavor() {
            return RpcConstants.AUTH_NONE;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(RpcConstants.AUTH_NONE);
        }
    }

    /** AUTH_SYS with the credential to send. */
    record AuthSys(AuthSysParms cbspSysCred) implements CallbackSecParms4 {
        @Override
        public int flavor() {
            return RpcConstants.AUTH_SYS;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(RpcConstants.AUTH_SYS);
            cbspSysCred.encode(x);
        }
    }

    /** RPCSEC_GSS: gss_cb_handles4. */
    record RpcsecGss(int gcbpService, byte[] gcbpHandleFromServer, byte[] gcbpHandleFromClient)
            implements CallbackSecParms4 {
        @Override
        public int flavor() {
            return RpcConstants.RPCSEC_GSS;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(RpcConstants.RPCSEC_GSS);
            x.writeInt(gcbpService);
            x.writeOpaque(gcbpHandleFromServer);
            x.writeOpaque(gcbpHandleFromClient);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RpcsecGss g && g.gcbpService == gcbpService
                    && Arrays.equals(g.gcbpHandleFromServer, gcbpHandleFromServer)
                    && Arrays.equals(g.gcbpHandleFromClient, gcbpHandleFromClient);
        }

        @Override
        public int hashCode() {
            return gcbpService * 961 + Arrays.hashCode(gcbpHandleFromServer) * 31 + Arrays.hashCode(gcbpHandleFromClient);
        }

        @Override
        public String toString() {
            return "RpcsecGss[service=" + gcbpService + ", fromServer=" + Nfs4Xdr.hex(gcbpHandleFromServer)
                    + ", fromClient=" + Nfs4Xdr.hex(gcbpHandleFromClient) + "]";
        }
    }

    static CallbackSecParms4 decode(XdrDecoder x) {
        int flavor = x.readInt();
        return switch (flavor) {
            case RpcConstants.AUTH_NONE -> new AuthNone();
            case RpcConstants.AUTH_SYS -> new AuthSys(AuthSysParms.decode(x));
            case RpcConstants.RPCSEC_GSS -> {
                int svc = x.readInt();
                byte[] s = x.readOpaque(Nfs4Limits.MAX_SEC_OPAQUE);
                yield new RpcsecGss(svc, s, x.readOpaque(Nfs4Limits.MAX_SEC_OPAQUE));
            }
            default -> throw Nfs4Xdr.badDiscriminant("callback_sec_parms4", flavor);
        };
    }
}
