package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * open_delegation4 (RFC 8881 §18.16): the delegation, if any, that OPEN (or WANT_DELEGATION)
 * hands out. NONE_EXT (new in 4.1) says why there is none.
 */
public sealed interface OpenDelegation4 extends XdrEncodable {
    OpenDelegation4 NONE = new None();

    /** open_delegation_type4. */
    int delegationType();

    record None() implements OpenDelegation4 {
        @Override
        public int delegationType() {
            return Nfs4Const.OPEN_DELEGATE_NONE;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.OPEN_DELEGATE_NONE);
        }
    }

    /** open_read_delegation4. */
    record Read(Stateid4 stateid, boolean recall, Nfsace4 permissions) implements OpenDelegation4 {
        @Override
        public int delegationType() {
            return Nfs4Const.OPEN_DELEGATE_READ;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.OPEN_DELEGATE_READ);
            stateid.encode(x);
            x.writeBoolean(recall);
            permissions.encode(x);
        }
    }

    /** open_write_delegation4. */
    record Write(Stateid4 stateid, boolean recall, NfsSpaceLimit4 spaceLimit, Nfsace4 permissions)
            implements OpenDelegation4 {
        @Override
        public int delegationType() {
            return Nfs4Const.OPEN_DELEGATE_WRITE;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.OPEN_DELEGATE_WRITE);
            stateid.encode(x);
            x.writeBoolean(recall);
            spaceLimit.encode(x);
            permissions.encode(x);
        }
    }

    /**
     * open_none_delegation4: {@code ondWhy} (why_no_delegation4) and, for WND4_CONTENTION
     * ond_server_will_push_deleg or for WND4_RESOURCE ond_server_will_signal_avail, in
     * {@code serverWill}; for other reasons {@code serverWill} is always false.
     */
    record NoneExt(int ondWhy, boolean serverWill) implements OpenDelegation4 {
        public NoneExt {
            if (!carriesFlag(ondWhy)) {
                serverWill = false;
            }
        }

        public NoneExt(int ondWhy) {
            this(ondWhy, false);
        }

        private static boolean carriesFlag(int why) {
            return why == Nfs4Const.WND4_CONTENTION || why == Nfs4Const.WND4_RESOURCE;
        }

        @Override
        public int delegationType() {
            return Nfs4Const.OPEN_DELEGATE_NONE_EXT;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.OPEN_DELEGATE_NONE_EXT);
            x.writeInt(ondWhy);
            if (carriesFlag(ondWhy)) {
                x.writeBoolean(serverWill);
            }
        }
    }

    static OpenDelegation4 decode(XdrDecoder x) {
        int type = x.readInt();
        return switch (type) {
            case Nfs4Const.OPEN_DELEGATE_NONE -> NONE;
            case Nfs4Const.OPEN_DELEGATE_READ -> {
                Stateid4 s = Stateid4.decode(x);
                boolean recall = x.readBoolean();
                yield new Read(s, recall, Nfsace4.decode(x));
            }
            case Nfs4Const.OPEN_DELEGATE_WRITE -> {
                Stateid4 s = Stateid4.decode(x);
                boolean recall = x.readBoolean();
                NfsSpaceLimit4 limit = NfsSpaceLimit4.decode(x);
                yield new Write(s, recall, limit, Nfsace4.decode(x));
            }
            case Nfs4Const.OPEN_DELEGATE_NONE_EXT -> {
                int why = x.readInt();
                boolean flag = (why == Nfs4Const.WND4_CONTENTION || why == Nfs4Const.WND4_RESOURCE) && x.readBoolean();
                yield new NoneExt(why, flag);
            }
            default -> throw Nfs4Xdr.badDiscriminant("open_delegation4", type);
        };
    }
}
