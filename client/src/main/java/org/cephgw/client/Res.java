package org.cephgw.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.GETATTR4res;
import org.cephgw.protocol.nfs4.GETFH4res;
import org.cephgw.protocol.nfs4.LOCK4res;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.NfsOpnum4;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.OPEN4res;
import org.cephgw.protocol.nfs4.READ4res;
import org.cephgw.protocol.nfs4.Stateid4;

/** Reading COMPOUND4res: results by type, the values tests look at, readable failures. */
public final class Res {
    private Res() {
    }

    /** The last result of this type; AssertionError (showing the reply) when there is none. */
    public static <T extends NfsResop> T get(COMPOUND4res res, Class<T> type) {
        for (int i = res.resarray().size() - 1; i >= 0; i--) {
            NfsResop r = res.resarray().get(i);
            if (type.isInstance(r)) {
                return type.cast(r);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + res);
    }

    /** The last result (the one whose status the COMPOUND reports). */
    public static NfsResop last(COMPOUND4res res) {
        if (res.resarray().isEmpty()) {
            throw new AssertionError("no results in " + res);
        }
        return res.resarray().get(res.resarray().size() - 1);
    }

    /** The reply when it is NFS4_OK; AssertionError with the whole reply otherwise. */
    public static COMPOUND4res ok(COMPOUND4res res) {
        if (res.status() != NfsStat4.NFS4_OK) {
            throw new AssertionError("expected NFS4_OK, got " + describe(res));
        }
        return res;
    }

    /** "NFS4ERR_X (from OP_Y)": what a failed COMPOUND says, for messages. */
    public static String describe(COMPOUND4res res) {
        String op = res.resarray().isEmpty() ? "no operation" : NfsOpnum4.name(last(res).opnum());
        return NfsStat4.name(res.status()) + " (last result " + op + ") in " + res;
    }

    /** The status as its name, so that assertion failures read well. */
    public static String status(COMPOUND4res res) {
        return NfsStat4.name(res.status());
    }

    public static String name(int status) {
        return NfsStat4.name(status);
    }

    public static Stateid4 openStateid(COMPOUND4res res) {
        OPEN4res o = get(res, OPEN4res.class);
        if (o.status() != NfsStat4.NFS4_OK) {
            throw new AssertionError("OPEN failed: " + describe(res));
        }
        return o.resok().stateid();
    }

    public static Stateid4 lockStateid(COMPOUND4res res) {
        LOCK4res l = get(res, LOCK4res.class);
        if (l.status() != NfsStat4.NFS4_OK) {
            throw new AssertionError("LOCK failed: " + describe(res));
        }
        return l.lockStateid();
    }

    public static byte[] fh(COMPOUND4res res) {
        return get(res, GETFH4res.class).object();
    }

    public static NfsAttrs attrs(COMPOUND4res res) {
        return NfsAttrs.decode(get(res, GETATTR4res.class).objAttributes());
    }

    public static byte[] readData(COMPOUND4res res) {
        ByteBuffer b = get(res, READ4res.class).resok().data().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    public static String readString(COMPOUND4res res) {
        return new String(readData(res), StandardCharsets.UTF_8);
    }
}
