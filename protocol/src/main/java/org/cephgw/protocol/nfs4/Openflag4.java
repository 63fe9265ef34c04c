package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * openflag4 (RFC 8881 §18.16): whether OPEN may create, and how. The default arm is void, so
 * an opentype other than OPEN4_CREATE decodes without {@code how}.
 *
 * @param how non-null exactly when {@code opentype} is OPEN4_CREATE
 */
public record Openflag4(int opentype, Createhow4 how) implements XdrEncodable {
    public static final Openflag4 NOCREATE = new Openflag4(Nfs4Const.OPEN4_NOCREATE, null);

    public Openflag4 {
        if ((opentype == Nfs4Const.OPEN4_CREATE) != (how != null)) {
            throw new IllegalArgumentException("openflag4 " + opentype + " with createhow " + how);
        }
    }

    public static Openflag4 create(Createhow4 how) {
        return new Openflag4(Nfs4Const.OPEN4_CREATE, how);
    }

    public boolean isCreate() {
        return opentype == Nfs4Const.OPEN4_CREATE;
    }

    public static Openflag4 decode(XdrDecoder x) {
        int t = x.readInt();
        return new Openflag4(t, t == Nfs4Const.OPEN4_CREATE ? Createhow4.decode(x) : null);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(opentype);
        if (how != null) {
            how.encode(x);
        }
    }
}
