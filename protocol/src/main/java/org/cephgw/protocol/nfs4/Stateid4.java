package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * stateid4 (RFC 8881 §8.2): a seqid and 12 opaque bytes. The special stateids of §8.2.3 are
 * constants here. Equality is by value.
 */
public record Stateid4(int seqid, byte[] other) implements XdrEncodable {
    private static final byte[] ZEROS = new byte[Nfs4Const.NFS4_OTHER_SIZE];
    private static final byte[] ONES = filled((byte) 0xff);

    /** All zeros: the anonymous stateid. */
    public static final Stateid4 ANONYMOUS = new Stateid4(0, ZEROS.clone());
    /** All ones: the READ bypass stateid. */
    public static final Stateid4 READ_BYPASS = new Stateid4(0xffffffff, ONES.clone());
    /** seqid 1, other zero: "the current stateid" of the COMPOUND (§16.2.3.1.2). */
    public static final Stateid4 CURRENT = new Stateid4(1, ZEROS.clone());
    /** seqid NFS4_UINT32_MAX, other zero: a stateid that is never valid. */
    public static final Stateid4 INVALID = new Stateid4(0xffffffff, ZEROS.clone());

    public Stateid4 {
        Nfs4Xdr.requireLength(other, Nfs4Const.NFS4_OTHER_SIZE, "stateid4.other");
    }

    private static byte[] filled(byte b) {
        byte[] a = new byte[Nfs4Const.NFS4_OTHER_SIZE];
        Arrays.fill(a, b);
        return a;
    }

    public boolean isAnonymous() {
        return seqid == 0 && Arrays.equals(other, ZEROS);
    }

    public boolean isReadBypass() {
        return seqid == 0xffffffff && Arrays.equals(other, ONES);
    }

    public boolean isCurrent() {
        return seqid == 1 && Arrays.equals(other, ZEROS);
    }

    public boolean isInvalid() {
        return seqid == 0xffffffff && Arrays.equals(other, ZEROS);
    }

    /**
     * True when {@code other} is all zeros or all ones: one of the reserved forms of §8.2.3
     * (whichever seqid it carries; a server rejects the combinations that mean nothing).
     */
    public boolean isSpecial() {
        return Arrays.equals(other, ZEROS) || Arrays.equals(other, ONES);
    }

    /** The same {@code other} with another seqid. */
    public Stateid4 withSeqid(int newSeqid) {
        return new Stateid4(newSeqid, other);
    }

    /** True if both name the same state, whatever their seqids. */
    public boolean sameOther(Stateid4 o) {
        return Arrays.equals(other, o.other);
    }

    public static Stateid4 decode(XdrDecoder x) {
        int seqid = x.readInt();
        return new Stateid4(seqid, x.readFixedOpaque(Nfs4Const.NFS4_OTHER_SIZE));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(seqid);
        x.writeFixedOpaque(other, Nfs4Const.NFS4_OTHER_SIZE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stateid4 s && s.seqid == seqid && Arrays.equals(s.other, other);
    }

    @Override
    public int hashCode() {
        return 31 * seqid + Arrays.hashCode(other);
    }

    @Override
    public String toString() {
        return "Stateid4[" + Integer.toUnsignedString(seqid) + ":" + Nfs4Xdr.hex(other) + "]";
    }
}
