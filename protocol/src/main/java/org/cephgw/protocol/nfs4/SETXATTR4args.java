package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SETXATTR4args (RFC 8276 §8.4.3); option is a setxattr_option4. */
public record SETXATTR4args(int option, String key, byte[] value) implements NfsArgop {
    public SETXATTR4args {
        java.util.Objects.requireNonNull(key, "key");
        Nfs4Xdr.requireMaxLength(value, Nfs4Limits.MAX_XATTR_VALUE, "value");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SETXATTR;
    }

    public static SETXATTR4args decode(XdrDecoder x) {
        int option = x.readInt();
        String key = Nfs4Xdr.readComponent(x);
        byte[] value = x.readOpaque(Nfs4Limits.MAX_XATTR_VALUE);
        return new SETXATTR4args(option, key, value);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(option);
        x.writeString(key);
        x.writeOpaque(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SETXATTR4args o && o.option == option
                && java.util.Objects.equals(o.key, key)
                && Arrays.equals(o.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (Integer.hashCode(option)) + java.util.Objects.hashCode(key)) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "SETXATTR4args[" + "option=" + option + ", " + "key=" + key + ", " + "value=" + Nfs4Xdr.hex(value) + "]";
    }
}
