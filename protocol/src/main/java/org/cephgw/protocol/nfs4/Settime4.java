package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * settime4 (RFC 8881 §3.3.2): in SETATTR, "use the server's clock" or a client-supplied time.
 * The union's default arm is void, so {@code setIt} values other than the two of time_how4
 * decode (with no time) and are the server's to reject.
 *
 * @param time non-null exactly when {@code setIt} is SET_TO_CLIENT_TIME4
 */
public record Settime4(int setIt, Nfstime4 time) implements XdrEncodable {
    public static final Settime4 SERVER_TIME = new Settime4(Nfs4Const.SET_TO_SERVER_TIME4, null);

    public Settime4 {
        if ((setIt == Nfs4Const.SET_TO_CLIENT_TIME4) != (time != null)) {
            throw new IllegalArgumentException("settime4 " + setIt + " with time " + time);
        }
    }

    public static Settime4 serverTime() {
        return SERVER_TIME;
    }

    public static Settime4 clientTime(Nfstime4 t) {
        return new Settime4(Nfs4Const.SET_TO_CLIENT_TIME4, t);
    }

    public boolean isServerTime() {
        return setIt == Nfs4Const.SET_TO_SERVER_TIME4;
    }

    public static Settime4 decode(XdrDecoder x) {
        int how = x.readInt();
        return new Settime4(how, how == Nfs4Const.SET_TO_CLIENT_TIME4 ? Nfstime4.decode(x) : null);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(setIt);
        if (time != null) {
            time.encode(x);
        }
    }
}
