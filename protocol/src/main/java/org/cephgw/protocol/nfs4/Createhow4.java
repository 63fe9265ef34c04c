package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * createhow4 (RFC 8881 §18.16): how OPEN creates a file. EXCLUSIVE4 carries only a verifier;
 * EXCLUSIVE4_1 (new in 4.1) a verifier and initial attributes.
 */
public sealed interface Createhow4 extends XdrEncodable {
    /** createmode4. */
    int mode();

    record Unchecked4(Fattr4 createattrs) implements Createhow4 {
        @Override
        public int mode() {
            return Nfs4Const.UNCHECKED4;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(mode());
            createattrs.encode(x);
        }
    }

    record Guarded4(Fattr4 createattrs) implements Createhow4 {
        @Override
        public int mode() {
            return Nfs4Const.GUARDED4;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(mode());
            createattrs.encode(x);
        }
    }

    record Exclusive4(byte[] createverf) implements Createhow4 {
        public Exclusive4 {
            Nfs4Xdr.requireLength(createverf, Nfs4Const.NFS4_VERIFIER_SIZE, "createverf");
        }

        @Override
        public int mode() {
            return Nfs4Const.EXCLUSIVE4;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(mode());
            Nfs4Xdr.writeVerifier(x, createverf);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exclusive4 e && Arrays.equals(e.createverf, createverf);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(createverf);
        }

        @Override
        public String toString() {
            return "Exclusive4[" + Nfs4Xdr.hex(createverf) + "]";
        }
    }

    /** EXCLUSIVE4_1: creatverfattr. */
    record Exclusive4_1(byte[] cvaVerf, Fattr4 cvaAttrs) implements Createhow4 {
        public Exclusive4_1 {
            Nfs4Xdr.requireLength(cvaVerf, Nfs4Const.NFS4_VERIFIER_SIZE, "cva_verf");
        }

        @Override
        public int mode() {
            return Nfs4Const.EXCLUSIVE4_1;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(mode());
            Nfs4Xdr.writeVerifier(x, cvaVerf);
            cvaAttrs.encode(x);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exclusive4_1 e && Arrays.equals(e.cvaVerf, cvaVerf) && e.cvaAttrs.equals(cvaAttrs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(cvaVerf) * 31 + cvaAttrs.hashCode();
        }

        @Override
        public String toString() {
            return "Exclusive4_1[" + Nfs4Xdr.hex(cvaVerf) + ", " + cvaAttrs + "]";
        }
    }

    static Createhow4 decode(XdrDecoder x) {
        int mode = x.readInt();
        return switch (mode) {
            case Nfs4Const.UNCHECKED4 -> new Unchecked4(Fattr4.decode(x));
            case Nfs4Const.GUARDED4 -> new Guarded4(Fattr4.decode(x));
            case Nfs4Const.EXCLUSIVE4 -> new Exclusive4(Nfs4Xdr.readVerifier(x));
            case Nfs4Const.EXCLUSIVE4_1 -> {
                byte[] v = Nfs4Xdr.readVerifier(x);
                yield new Exclusive4_1(v, Fattr4.decode(x));
            }
            default -> throw Nfs4Xdr.badDiscriminant("createhow4", mode);
        };
    }
}
