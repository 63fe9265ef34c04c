package org.cephgw.actors.state;

import java.util.Arrays;
import java.util.HexFormat;

/** A stateid in domain terms: a sequence and 12 opaque bytes (stateid4). */
public record StateId(int seqid, byte[] other) {
    public StateId {
        if (other.length != 12) {
            throw new IllegalArgumentException("stateid other of " + other.length + " bytes");
        }
        other = other.clone();
    }

    @Override
    public byte[] other() {
        return other.clone();
    }

    public String key() {
        return HexFormat.of().formatHex(other);
    }

    /** The anonymous stateid (all zeros) and the READ bypass stateid (all ones): no state at all. */
    public boolean isSpecial() {
        return isAnonymous() || isBypass();
    }

    public boolean isAnonymous() {
        return seqid == 0 && allBytes(0);
    }

    public boolean isBypass() {
        return seqid == -1 && allBytes(-1);
    }

    private boolean allBytes(int v) {
        for (byte b : other) {
            if (b != (byte) v) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateId s && s.seqid == seqid && Arrays.equals(s.other, other);
    }

    @Override
    public int hashCode() {
        return seqid * 31 + Arrays.hashCode(other);
    }

    @Override
    public String toString() {
        return seqid + ":" + key();
    }
}
