package org.cephgw.protocol.xdr;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads XDR (RFC 4506) from a byte array slice. Every read is bounds-checked and every
 * variable length is checked against a caller-given maximum before anything is allocated, so
 * hostile input costs at most the bytes it sent. Violations throw {@link XdrException}.
 */
public final class XdrDecoder {
    private final byte[] buf;
    private final int end;
    private int pos;

    public XdrDecoder(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public XdrDecoder(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IndexOutOfBoundsException("slice " + off + "+" + len + " of " + buf.length);
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new XdrException("truncated: need " + n + " bytes, have " + (end - pos));
        }
    }

    public int readInt() {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** An XDR unsigned int as a Java long in [0, 2^32). */
    public long readUnsignedInt() {
        return readInt() & 0xffffffffL;
    }

    public long readHyper() {
        long hi = readInt() & 0xffffffffL;
        long lo = readInt() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    public boolean readBoolean() {
        int v = readInt();
        if (v == 0) {
            return false;
        }
        if (v == 1) {
            return true;
        }
        throw new XdrException("bool is " + v);
    }

    /** A count or length that must lie in [0, max]. */
    public int readLength(int max) {
        long len = readUnsignedInt();
        if (len > max) {
            throw new XdrException("length " + len + " exceeds " + max);
        }
        return (int) len;
    }

    /**
     * A count of array elements that each take at least {@code minElementBytes}: beyond checking
     * it against {@code max}, it must fit in what is left, so a lying count cannot make the
     * caller preallocate.
     */
    public int readCount(int max, int minElementBytes) {
        int n = readLength(max);
        if ((long) n * minElementBytes > end - pos) {
            throw new XdrException("count " + n + " cannot fit in " + (end - pos) + " bytes");
        }
        return n;
    }

    public byte[] readFixedOpaque(int len) {
        int padded = (len + 3) & ~3;
        need(padded);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += padded;
        return out;
    }

    public byte[] readOpaque(int max) {
        return readFixedOpaque(readLength(max));
    }

    /** Skips a variable-length opaque without copying it. */
    public void skipOpaque(int max) {
        int len = readLength(max);
        int padded = (len + 3) & ~3;
        need(padded);
        pos += padded;
    }

    /** A variable-length opaque read as a slice of the input: no copy. */
    public ByteBuffer readOpaqueSlice(int max) {
        int len = readLength(max);
        int padded = (len + 3) & ~3;
        need(padded);
        ByteBuffer slice = ByteBuffer.wrap(buf, pos, len).slice();
        pos += padded;
        return slice;
    }

    /** A string that must be valid UTF-8 (RFC 8881 §1.4.3 utf8str_*). */
    public String readString(int max) {
        int len = readLength(max);
        int padded = (len + 3) & ~3;
        need(padded);
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos, len)).toString();
            pos += padded;
            return s;
        } catch (CharacterCodingException e) {
            throw new InvalidUtf8Exception("string is not valid UTF-8");
        }
    }

    /** Bytes left to read. */
    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    /** The underlying array (for zero-copy slices; valid bytes depend on the slice given). */
    public byte[] array() {
        return buf;
    }

    /** Fails unless every byte has been consumed. */
    public void expectEnd() {
        if (pos != end) {
            throw new XdrException((end - pos) + " trailing bytes");
        }
    }

    /** A string of bytes that is not UTF-8: NFS4ERR_INVAL rather than BADXDR for names. */
    public static final class InvalidUtf8Exception extends XdrException {
        public InvalidUtf8Exception(String message) {
            super(message);
        }
    }
}
