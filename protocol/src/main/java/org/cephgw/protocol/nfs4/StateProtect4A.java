package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * state_protect4_a (RFC 8881 §18.35): the state protection a client asks for in EXCHANGE_ID.
 * SP4_MACH_CRED and SP4_SSV are decoded in full so that a server can refuse them knowingly.
 */
public sealed interface StateProtect4A extends XdrEncodable {
    StateProtect4A NONE = new None();

    /** state_protect_how4. */
    int how();

    record None() implements StateProtect4A {
        @Override
        public int how() {
            return Nfs4Const.SP4_NONE;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.SP4_NONE);
        }
    }

    record MachCred(StateProtectOps4 spaMachOps) implements StateProtect4A {
        @Override
        public int how() {
            return Nfs4Const.SP4_MACH_CRED;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.SP4_MACH_CRED);
            spaMachOps.encode(x);
        }
    }

    /** ssv_sp_parms4. The OID lists are lists of DER-encoded OIDs (sec_oid4). */
    record Ssv(StateProtectOps4 sspOps, List<byte[]> sspHashAlgs, List<byte[]> sspEncrAlgs,
               int sspWindow, int sspNumGssHandles) implements StateProtect4A {
        public Ssv {
            sspHashAlgs = List.copyOf(sspHashAlgs);
            sspEncrAlgs = List.copyOf(sspEncrAlgs);
        }

        @Override
        public int how() {
            return Nfs4Const.SP4_SSV;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.SP4_SSV);
            sspOps.encode(x);
            Nfs4Xdr.writeList(x, sspHashAlgs, XdrEncoder::writeOpaque);
            Nfs4Xdr.writeList(x, sspEncrAlgs, XdrEncoder::writeOpaque);
            x.writeInt(sspWindow);
            x.writeInt(sspNumGssHandles);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ssv s && s.sspOps.equals(sspOps) && OpaqueLists.equal(s.sspHashAlgs, sspHashAlgs)
                    && OpaqueLists.equal(s.sspEncrAlgs, sspEncrAlgs) && s.sspWindow == sspWindow
                    && s.sspNumGssHandles == sspNumGssHandles;
        }

        @Override
        public int hashCode() {
            return sspOps.hashCode() * 31 + OpaqueLists.hash(sspHashAlgs) * 17 + OpaqueLists.hash(sspEncrAlgs)
                    + sspWindow * 7 + sspNumGssHandles;
        }

        @Override
        public String toString() {
            return "Ssv[ops=" + sspOps + ", hashAlgs=" + OpaqueLists.toString(sspHashAlgs) + ", encrAlgs="
                    + OpaqueLists.toString(sspEncrAlgs) + ", window=" + sspWindow + ", numGssHandles="
                    + sspNumGssHandles + "]";
        }
    }

    static StateProtect4A decode(XdrDecoder x) {
        int how = x.readInt();
        return switch (how) {
            case Nfs4Const.SP4_NONE -> NONE;
            case Nfs4Const.SP4_MACH_CRED -> new MachCred(StateProtectOps4.decode(x));
            case Nfs4Const.SP4_SSV -> {
                StateProtectOps4 ops = StateProtectOps4.decode(x);
                List<byte[]> hash = OpaqueLists.read(x, Nfs4Limits.MAX_SEC_OPAQUE);
                List<byte[]> encr = OpaqueLists.read(x, Nfs4Limits.MAX_SEC_OPAQUE);
                int window = x.readInt();
                yield new Ssv(ops, hash, encr, window, x.readInt());
            }
            default -> throw Nfs4Xdr.badDiscriminant("state_protect4_a", how);
        };
    }
}
