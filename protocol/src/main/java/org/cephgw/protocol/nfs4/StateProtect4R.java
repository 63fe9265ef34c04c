package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** state_protect4_r (RFC 8881 §18.35): the state protection the server granted in EXCHANGE_ID. */
public sealed interface StateProtect4R extends XdrEncodable {
    StateProtect4R NONE = new None();

    int how();

    record None() implements StateProtect4R {
        @Override
        public int how() {
            return Nfs4Const.SP4_NONE;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.SP4_NONE);
        }
    }

    record MachCred(StateProtectOps4 sprMachOps) implements StateProtect4R {
        @Override
        public int how() {
            return Nfs4Const.SP4_MACH_CRED;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.SP4_MACH_CRED);
            sprMachOps.encode(x);
        }
    }

    /** ssv_prot_info4. */
    record Ssv(StateProtectOps4 spiOps, int spiHashAlg, int spiEncrAlg, int spiSsvLen, int spiWindow,
               List<byte[]> spiHandles) implements StateProtect4R {
        public Ssv {
            spiHandles = List.copyOf(spiHandles);
        }

        @Override
        public int how() {
            return Nfs4Const.SP4_SSV;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.SP4_SSV);
            spiOps.encode(x);
            x.writeInt(spiHashAlg);
            x.writeInt(spiEncrAlg);
            x.writeInt(spiSsvLen);
            x.writeInt(spiWindow);
            Nfs4Xdr.writeList(x, spiHandles, XdrEncoder::writeOpaque);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ssv s && s.spiOps.equals(spiOps) && s.spiHashAlg == spiHashAlg
                    && s.spiEncrAlg == spiEncrAlg && s.spiSsvLen == spiSsvLen && s.spiWindow == spiWindow
                    && OpaqueLists.equal(s.spiHandles, spiHandles);
        }

        @Override
        public int hashCode() {
            return spiOps.hashCode() + 31 * (spiHashAlg + 31 * (spiEncrAlg + 31 * (spiSsvLen + 31 * spiWindow)))
                    + OpaqueLists.hash(spiHandles);
        }

        @Override
        public String toString() {
            return "Ssv[ops=" + spiOps + ", hashAlg=" + spiHashAlg + ", encrAlg=" + spiEncrAlg + ", ssvLen="
                    + spiSsvLen + ", window=" + spiWindow + ", handles=" + OpaqueLists.toString(spiHandles) + "]";
        }
    }

    static StateProtect4R decode(XdrDecoder x) {
        int how = x.readInt();
        return switch (how) {
            case Nfs4Const.SP4_NONE -> NONE;
            case Nfs4Const.SP4_MACH_CRED -> new MachCred(StateProtectOps4.decode(x));
            case Nfs4Const.SP4_SSV -> {
                StateProtectOps4 ops = StateProtectOps4.decode(x);
                int hash = x.readInt();
                int encr = x.readInt();
                int len = x.readInt();
                int window = x.readInt();
                yield new Ssv(ops, hash, encr, len, window, OpaqueLists.read(x, Nfs4Limits.MAX_SEC_OPAQUE));
            }
            default -> throw Nfs4Xdr.badDiscriminant("state_protect4_r", how);
        };
    }
}
