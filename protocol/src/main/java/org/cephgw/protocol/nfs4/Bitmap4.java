package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * bitmap4 (RFC 8881 §3.3.7): bit n is bit (n mod 32) of word n/32. Immutable. The words are
 * encoded exactly as given (a decoded bitmap re-encodes byte for byte, trailing zero words
 * included), while equality ignores trailing zero words, i.e. compares the sets of bits.
 */
public record Bitmap4(int[] words) implements XdrEncodable {
    public static final Bitmap4 EMPTY = new Bitmap4(new int[0]);

    public Bitmap4 {
        words = words.clone();
    }

    @Override
    public int[] words() {
        return words.clone();
    }

    public static Bitmap4 of(int... bits) {
        Builder b = new Builder();
        for (int bit : bits) {
            b.set(bit);
        }
        return b.build();
    }

    public boolean isSet(int bit) {
        if (bit < 0) {
            return false;
        }
        int w = bit >>> 5;
        return w < words.length && (words[w] & (1 << (bit & 31))) != 0;
    }

    /** This bitmap with {@code bit} also set. */
    public Bitmap4 set(int bit) {
        checkBit(bit);
        int w = bit >>> 5;
        int[] out = Arrays.copyOf(words, Math.max(words.length, w + 1));
        out[w] |= 1 << (bit & 31);
        return new Bitmap4(out);
    }

    /** This bitmap without {@code bit}. */
    public Bitmap4 clear(int bit) {
        if (!isSet(bit)) {
            return this;
        }
        int[] out = words.clone();
        out[bit >>> 5] &= ~(1 << (bit & 31));
        return new Bitmap4(out);
    }

    public Bitmap4 and(Bitmap4 o) {
        int n = Math.min(words.length, o.words.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = words[i] & o.words[i];
        }
        return new Bitmap4(trim(out));
    }

    public Bitmap4 or(Bitmap4 o) {
        int[] out = Arrays.copyOf(words, Math.max(words.length, o.words.length));
        for (int i = 0; i < o.words.length; i++) {
            out[i] |= o.words[i];
        }
        return new Bitmap4(out);
    }

    /** The bits of this bitmap that are not in {@code o}. */
    public Bitmap4 andNot(Bitmap4 o) {
        int[] out = words.clone();
        for (int i = 0; i < Math.min(out.length, o.words.length); i++) {
            out[i] &= ~o.words[i];
        }
        return new Bitmap4(trim(out));
    }

    /** True if every bit of {@code o} is set here. */
    public boolean containsAll(Bitmap4 o) {
        return o.andNot(this).isEmpty();
    }

    public boolean isEmpty() {
        for (int w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    public int cardinality() {
        int n = 0;
        for (int w : words) {
            n += Integer.bitCount(w);
        }
        return n;
    }

    /** The set bits, ascending. */
    public int[] bits() {
        int[] out = new int[cardinality()];
        int k = 0;
        for (int i = 0; i < words.length; i++) {
            int w = words[i];
            while (w != 0) {
                int b = Integer.numberOfTrailingZeros(w);
                out[k++] = i * 32 + b;
                w &= w - 1;
            }
        }
        return out;
    }

    /** The highest set bit, or -1. */
    public int highestBit() {
        for (int i = words.length - 1; i >= 0; i--) {
            if (words[i] != 0) {
                return i * 32 + 31 - Integer.numberOfLeadingZeros(words[i]);
            }
        }
        return -1;
    }

    /** The same bits in the fewest words. */
    public Bitmap4 trimmed() {
        int[] t = trim(words);
        return t.length == words.length ? this : new Bitmap4(t);
    }

    private static int[] trim(int[] w) {
        int n = w.length;
        while (n > 0 && w[n - 1] == 0) {
            n--;
        }
        return n == w.length ? w : Arrays.copyOf(w, n);
    }

    private static void checkBit(int bit) {
        if (bit < 0 || bit >= Nfs4Limits.MAX_BITMAP_WORDS * 32) {
            throw new IllegalArgumentException("bit " + bit);
        }
    }

    public static Bitmap4 decode(XdrDecoder x) {
        int n = x.readCount(Nfs4Limits.MAX_BITMAP_WORDS, 4);
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = x.readInt();
        }
        return new Bitmap4(w);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(words.length);
        for (int w : words) {
            x.writeInt(w);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Bitmap4 b)) {
            return false;
        }
        int n = Math.max(words.length, b.words.length);
        for (int i = 0; i < n; i++) {
            int x = i < words.length ? words[i] : 0;
            int y = i < b.words.length ? b.words[i] : 0;
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(trim(words));
    }

    @Override
    public String toString() {
        return "Bitmap4" + Arrays.toString(bits());
    }

    /** Accumulates bits without an allocation per bit. */
    public static final class Builder {
        private int[] words = new int[3];
        private int used;

        public Builder set(int bit) {
            checkBit(bit);
            int w = bit >>> 5;
            if (w >= words.length) {
                words = Arrays.copyOf(words, w + 1);
            }
            words[w] |= 1 << (bit & 31);
            used = Math.max(used, w + 1);
            return this;
        }

        public Builder setAll(Bitmap4 b) {
            for (int bit : b.bits()) {
                set(bit);
            }
            return this;
        }

        public Bitmap4 build() {
            return new Bitmap4(Arrays.copyOf(words, used));
        }
    }
}
