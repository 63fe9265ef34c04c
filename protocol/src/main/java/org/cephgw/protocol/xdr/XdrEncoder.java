package org.cephgw.protocol.xdr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes XDR (RFC 4506) into a growable big-endian buffer. Every item is a multiple of four
 * bytes; variable-length opaques and strings are padded with zeros.
 */
public final class XdrEncoder {
    private static final byte[] PAD = new byte[4];

    private byte[] buf;
    private int pos;

    public XdrEncoder() {
        this(256);
    }

    public XdrEncoder(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int more) {
        int need = pos + more;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public XdrEncoder writeInt(int v) {
        ensure(4);
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        pos += 4;
        return this;
    }

    /** An XDR unsigned int given as a Java long in [0, 2^32). */
    public XdrEncoder writeUnsignedInt(long v) {
        return writeInt((int) v);
    }

    public XdrEncoder writeHyper(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    public XdrEncoder writeBoolean(boolean b) {
        return writeInt(b ? 1 : 0);
    }

    /** opaque x[n]: exactly {@code len} bytes of {@code data}, padded. */
    public XdrEncoder writeFixedOpaque(byte[] data, int len) {
        if (data.length != len) {
            throw new IllegalArgumentException("fixed opaque of " + len + " bytes given " + data.length);
        }
        return writeRaw(data, 0, len);
    }

    /** opaque x&lt;&gt;: length then bytes, padded. */
    public XdrEncoder writeOpaque(byte[] data) {
        return writeOpaque(data, 0, data.length);
    }

    public XdrEncoder writeOpaque(byte[] data, int off, int len) {
        writeInt(len);
        return writeRaw(data, off, len);
    }

    /** string x&lt;&gt; in UTF-8 (NFSv4 utf8str_cs / component4). */
    public XdrEncoder writeString(String s) {
        return writeOpaque(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes, then zero padding up to a multiple of four. */
    private XdrEncoder writeRaw(byte[] data, int off, int len) {
        int padded = (len + 3) & ~3;
        ensure(padded);
        System.arraycopy(data, off, buf, pos, len);
        System.arraycopy(PAD, 0, buf, pos + len, padded - len);
        pos += padded;
        return this;
    }

    /** Copies already-encoded XDR (a multiple of four bytes) verbatim. */
    public XdrEncoder writeEncoded(byte[] xdr, int off, int len) {
        if ((len & 3) != 0) {
            throw new IllegalArgumentException("encoded XDR must be a multiple of 4 bytes: " + len);
        }
        ensure(len);
        System.arraycopy(xdr, off, buf, pos, len);
        pos += len;
        return this;
    }

    public XdrEncoder write(XdrEncodable v) {
        v.encode(this);
        return this;
    }

    /** Current length in bytes. */
    public int position() {
        return pos;
    }

    /** Overwrites the int at {@code at} (an earlier {@link #position()}), e.g. a count known late. */
    public void patchInt(int at, int v) {
        if (at < 0 || at + 4 > pos) {
            throw new IndexOutOfBoundsException(at);
        }
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** Drops everything after {@code at}, an earlier {@link #position()}. */
    public void truncate(int at) {
        if (at < 0 || at > pos) {
            throw new IndexOutOfBoundsException(at);
        }
        pos = at;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** The backing array; valid bytes are [0, position()). Not a copy. */
    public byte[] array() {
        return buf;
    }
}
