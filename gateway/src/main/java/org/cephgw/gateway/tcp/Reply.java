package org.cephgw.gateway.tcp;

import java.nio.ByteBuffer;
import org.cephgw.protocol.xdr.XdrChain;

/**
 * A framed RPC record (record mark included) on its way to the socket: one array, or a header
 * and a body that is not copied behind it (a COMPOUND4res with READ data spliced in).
 * {@link #NONE}: nothing to send (a back-channel reply was taken). Handed over: nobody changes
 * the arrays afterwards, and whoever ends the reply's life (written, or dropped) calls
 * {@link #release} so that spliced buffers go back to their pool.
 */
record Reply(byte[] head, XdrChain body) {
    static final Reply NONE = new Reply(new byte[0], null);

    static Reply of(byte[] framed) {
        return new Reply(framed, null);
    }

    boolean isEmpty() {
        return head.length == 0 && (body == null || body.length() == 0);
    }

    int size() {
        return head.length + (body == null ? 0 : body.length());
    }

    /** Fresh buffers over the reply, for one gathering write. */
    ByteBuffer[] buffers() {
        if (body == null) {
            return new ByteBuffer[] {ByteBuffer.wrap(head)};
        }
        ByteBuffer[] b = body.buffers();
        ByteBuffer[] all = new ByteBuffer[b.length + 1];
        all[0] = ByteBuffer.wrap(head);
        System.arraycopy(b, 0, all, 1, b.length);
        return all;
    }

    /** Written or dropped: spliced buffers go back to their pool. */
    void release() {
        if (body != null) {
            body.release();
        }
    }

    /** The whole record in one array (tests). */
    byte[] toByteArray() {
        if (body == null) {
            return head.clone();
        }
        byte[] all = java.util.Arrays.copyOf(head, size());
        byte[] b = body.toByteArray();
        System.arraycopy(b, 0, all, head.length, b.length);
        return all;
    }
}
