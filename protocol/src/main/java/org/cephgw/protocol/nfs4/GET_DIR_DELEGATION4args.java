package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** GET_DIR_DELEGATION4args (RFC 8881 §18.39). */
public record GET_DIR_DELEGATION4args(boolean signalDelegAvail, Bitmap4 notificationTypes, Nfstime4 childAttrDelay, Nfstime4 dirAttrDelay, Bitmap4 childAttributes, Bitmap4 dirAttributes) implements NfsArgop {
    public GET_DIR_DELEGATION4args {
        java.util.Objects.requireNonNull(notificationTypes, "notificationTypes");
        java.util.Objects.requireNonNull(childAttrDelay, "childAttrDelay");
        java.util.Objects.requireNonNull(dirAttrDelay, "dirAttrDelay");
        java.util.Objects.requireNonNull(childAttributes, "childAttributes");
        java.util.Objects.requireNonNull(dirAttributes, "dirAttributes");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_GET_DIR_DELEGATION;
    }

    public static GET_DIR_DELEGATION4args decode(XdrDecoder x) {
        boolean signalDelegAvail = x.readBoolean();
        Bitmap4 notificationTypes = Bitmap4.decode(x);
        Nfstime4 childAttrDelay = Nfstime4.decode(x);
        Nfstime4 dirAttrDelay = Nfstime4.decode(x);
        Bitmap4 childAttributes = Bitmap4.decode(x);
        Bitmap4 dirAttributes = Bitmap4.decode(x);
        return new GET_DIR_DELEGATION4args(signalDelegAvail, notificationTypes, childAttrDelay, dirAttrDelay, childAttributes, dirAttributes);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(signalDelegAvail);
        notificationTypes.encode(x);
        childAttrDelay.encode(x);
        dirAttrDelay.encode(x);
        childAttributes.encode(x);
        dirAttributes.encode(x);
    }
}
