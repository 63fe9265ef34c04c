package org.cephgw.protocol.xdr;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes XDR (RFC 4506) into a growable big-endian buffer. Every item is a multiple of four
 * bytes; variable-length opaques and strings are padded with zeros.
 *
 * <p><b>Spliced data.</b> An opaque of at least {@link #SPLICE_MIN} bytes given as a
 * {@link ByteBuffer} ({@link #writeOpaque(ByteBuffer)}: READ data) is not copied into the
 * buffer but referred to; {@link #toChain} hands the message out as the encoded bytes with the
 * data between them, for one gathering write, and {@link #toByteArray} copies it in. Positions
 * ({@link #position}, {@link #patchInt}, {@link #truncate}) count spliced bytes like any other.
 */
public final class XdrEncoder {
    private static final byte[] PAD = new byte[4];

    /** Opaque data from a ByteBuffer at least this large is spliced rather than copied. */
    public static final int SPLICE_MIN = 16 * 1024;

    private byte[] buf;
    private int pos;
    /** spliced opaques in order: where in {@link #buf} each goes, a fixed view of it, the buffer given */
    private int[] spliceAt = new int[0];
    private ByteBuffer[] spliceView = new ByteBuffer[0];
    private ByteBuffer[] spliceOwner = new ByteBuffer[0];
    private int splices;
    private int splicedBytes;

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

    /**
     * opaque x&lt;&gt; from {@code data}'s remaining bytes, its position unmoved. At least
     * {@link #SPLICE_MIN} bytes are spliced: the buffer must not change until the encoded
     * message is written (or copied), and {@link XdrChain#release} gives it back to
     * {@link BufferPool#SHARED} when it came from there.
     */
    public XdrEncoder writeOpaque(ByteBuffer data) {
        int len = data.remaining();
        if (len < SPLICE_MIN) {
            if (data.hasArray()) {
                return writeOpaque(data.array(), data.arrayOffset() + data.position(), len);
            }
            writeInt(len);
            int padded = (len + 3) & ~3;
            ensure(padded);
            data.get(data.position(), buf, pos, len);
            System.arraycopy(PAD, 0, buf, pos + len, padded - len);
            pos += padded;
            return this;
        }
        writeInt(len);
        if (splices == spliceAt.length) {
            int n = Math.max(2, splices * 2);
            spliceAt = Arrays.copyOf(spliceAt, n);
            spliceView = Arrays.copyOf(spliceView, n);
            spliceOwner = Arrays.copyOf(spliceOwner, n);
        }
        spliceAt[splices] = pos;
        spliceView[splices] = data.duplicate();
        spliceOwner[splices] = data;
        splices++;
        splicedBytes += len;
        int pad = ((len + 3) & ~3) - len;
        ensure(pad);
        System.arraycopy(PAD, 0, buf, pos, pad);
        pos += pad;
        return this;
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

    /** Current length in bytes, spliced data included. */
    public int position() {
        return pos + splicedBytes;
    }

    /** Overwrites the int at {@code at} (an earlier {@link #position()}), e.g. a count known late. */
    public void patchInt(int at, int v) {
        int p = physical(at);
        if (p < 0 || p + 4 > pos) {
            throw new IndexOutOfBoundsException(at);
        }
        buf[p] = (byte) (v >>> 24);
        buf[p + 1] = (byte) (v >>> 16);
        buf[p + 2] = (byte) (v >>> 8);
        buf[p + 3] = (byte) v;
    }

    /** Drops everything after {@code at}, an earlier {@link #position()}. */
    public void truncate(int at) {
        int p = physical(at);
        if (p < 0 || p > pos) {
            throw new IndexOutOfBoundsException(at);
        }
        int before = 0;
        int kept = 0;
        while (kept < splices && spliceAt[kept] + before + spliceView[kept].remaining() <= at) {
            before += spliceView[kept].remaining();
            kept++;
        }
        for (int i = kept; i < splices; i++) {
            spliceView[i] = null;
            spliceOwner[i] = null;
        }
        splices = kept;
        splicedBytes = before;
        pos = p;
    }

    /** Where the byte at position {@code at} is in {@link #buf}; -1 when it is inside spliced data. */
    private int physical(int at) {
        int before = 0;
        for (int i = 0; i < splices; i++) {
            int start = spliceAt[i] + before;
            if (at <= start) {
                break;
            }
            int len = spliceView[i].remaining();
            if (at < start + len) {
                return -1;
            }
            before += len;
        }
        return at - before;
    }

    /** The whole message in one new array (spliced data copied in); the encoder stays usable. */
    public byte[] toByteArray() {
        if (splices == 0) {
            return Arrays.copyOf(buf, pos);
        }
        // a chain over the buffer for just as long as it takes to copy it
        return toChain().toByteArray();
    }

    /**
     * The message as encoded bytes and spliced data, without copying either: the encoder hands
     * its buffer over and must not be used afterwards.
     */
    public XdrChain toChain() {
        int[] at = Arrays.copyOf(spliceAt, splices);
        ByteBuffer[] views = Arrays.copyOf(spliceView, splices);
        ByteBuffer[] owners = Arrays.copyOf(spliceOwner, splices);
        return new XdrChain(buf, pos, at, views, owners);
    }

    /** The backing array; valid bytes are [0, position()). Not a copy; none while data is spliced. */
    public byte[] array() {
        if (splices > 0) {
            throw new IllegalStateException("spliced data is not in the array");
        }
        return buf;
    }
}
