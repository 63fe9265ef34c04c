package org.cephgw.protocol.xdr;

import java.nio.ByteBuffer;

/**
 * An encoded XDR message as it goes to a socket: the bytes the encoder wrote, with large opaque
 * data ({@link XdrEncoder#writeOpaque(ByteBuffer)}, READ data) between them by reference rather
 * than copied in. {@link #buffers} gives views for one gathering write; {@link #release} gives
 * the spliced buffers back to {@link BufferPool#SHARED} once the message is written or dropped
 * (forgetting to is not a leak, only a buffer the pool allocates again).
 */
public final class XdrChain {
    private static final int[] NO_SPLICES = new int[0];
    private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];

    private final byte[] bytes;
    private final int byteLength;
    /** where in {@link #bytes} each spliced buffer goes, ascending */
    private final int[] at;
    private final ByteBuffer[] views;
    private final ByteBuffer[] owners;
    private final int length;

    XdrChain(byte[] bytes, int byteLength, int[] at, ByteBuffer[] views, ByteBuffer[] owners) {
        this.bytes = bytes;
        this.byteLength = byteLength;
        this.at = at;
        this.views = views;
        this.owners = owners;
        int n = byteLength;
        for (ByteBuffer v : views) {
            n += v.remaining();
        }
        this.length = n;
    }

    /** A message that is all in {@code bytes} (handed over: nobody changes the array afterwards). */
    public static XdrChain of(byte[] bytes) {
        return new XdrChain(bytes, bytes.length, NO_SPLICES, NO_BUFFERS, NO_BUFFERS);
    }

    /** The message's length in bytes. */
    public int length() {
        return length;
    }

    /** True when some of the message is spliced data rather than encoded bytes. */
    public boolean isSpliced() {
        return at.length > 0;
    }

    /** Fresh views of the message in order, for one gathering write (empty pieces left out). */
    public ByteBuffer[] buffers() {
        ByteBuffer[] out = new ByteBuffer[2 * at.length + 1];
        int n = 0;
        int from = 0;
        for (int i = 0; i < at.length; i++) {
            if (at[i] > from) {
                out[n++] = ByteBuffer.wrap(bytes, from, at[i] - from);
            }
            out[n++] = views[i].duplicate();
            from = at[i];
        }
        if (byteLength > from || n == 0) {
            out[n++] = ByteBuffer.wrap(bytes, from, byteLength - from);
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * The message in one array: the encoded bytes themselves when nothing is spliced and they
     * fill their array (not a copy then: do not change it), else a copy.
     */
    public byte[] toByteArray() {
        if (at.length == 0 && byteLength == bytes.length) {
            return bytes;
        }
        byte[] out = new byte[length];
        int from = 0;
        int to = 0;
        for (int i = 0; i < at.length; i++) {
            int n = at[i] - from;
            System.arraycopy(bytes, from, out, to, n);
            to += n;
            from = at[i];
            ByteBuffer d = views[i];
            d.get(d.position(), out, to, d.remaining());
            to += d.remaining();
        }
        System.arraycopy(bytes, from, out, to, byteLength - from);
        return out;
    }

    /** The message is written or dropped: spliced buffers from the pool go back to it (once). */
    public void release() {
        for (ByteBuffer b : owners) {
            BufferPool.SHARED.release(b);
        }
    }
}
