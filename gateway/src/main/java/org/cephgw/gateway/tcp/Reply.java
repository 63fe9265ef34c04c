package org.cephgw.gateway.tcp;

import java.nio.ByteBuffer;

/**
 * A framed RPC record (record mark included) on its way to the socket: one array, or a header
 * and a large body that is not copied behind it (READ data). {@link #NONE}: nothing to send (a
 * back-channel reply was taken). The arrays are handed over: nobody changes them afterwards.
 */
record Reply(byte[] head, byte[] body) {
    static final Reply NONE = new Reply(new byte[0], null);

    static Reply of(byte[] framed) {
        return new Reply(framed, null);
    }

    boolean isEmpty() {
        return head.length == 0 && (body == null || body.length == 0);
    }

    int size() {
        return head.length + (body == null ? 0 : body.length);
    }

    /** Fresh buffers over the arrays, for one gathering write. */
    ByteBuffer[] buffers() {
        return body == null ? new ByteBuffer[] {ByteBuffer.wrap(head)} : new ByteBuffer[] {ByteBuffer.wrap(head), ByteBuffer.wrap(body)};
    }

    /** The whole record in one array (tests). */
    byte[] toByteArray() {
        if (body == null) {
            return head.clone();
        }
        byte[] all = java.util.Arrays.copyOf(head, size());
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
