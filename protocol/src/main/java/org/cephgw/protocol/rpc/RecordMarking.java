package org.cephgw.protocol.rpc;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP record marking (RFC 5531 §11): each fragment is preceded by four bytes, the high bit set
 * on the last fragment of a record, the low 31 bits its length. {@link Assembler} turns a byte
 * stream into records; {@link #frame} does the reverse.
 */
public final class RecordMarking {
    private static final int LAST_FRAGMENT = 0x80000000;

    private RecordMarking() {
    }

    /** A record as one last fragment: header + body. */
    public static byte[] frame(byte[] record) {
        return frame(record, 0, record.length);
    }

    public static byte[] frame(byte[] record, int off, int len) {
        byte[] out = new byte[4 + len];
        int h = LAST_FRAGMENT | len;
        out[0] = (byte) (h >>> 24);
        out[1] = (byte) (h >>> 16);
        out[2] = (byte) (h >>> 8);
        out[3] = (byte) h;
        System.arraycopy(record, off, out, 4, len);
        return out;
    }

    /** A record split into fragments of at most {@code fragmentSize} bytes (for tests and clients). */
    public static byte[] frameFragments(byte[] record, int fragmentSize) {
        if (fragmentSize <= 0) {
            throw new IllegalArgumentException("fragment size " + fragmentSize);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(record.length + 4 * (record.length / fragmentSize + 1));
        int off = 0;
        do {
            int n = Math.min(fragmentSize, record.length - off);
            boolean last = off + n == record.length;
            int h = (last ? LAST_FRAGMENT : 0) | n;
            out.write(h >>> 24);
            out.write(h >>> 16);
            out.write(h >>> 8);
            out.write(h);
            out.write(record, off, n);
            off += n;
        } while (off < record.length);
        return out.toByteArray();
    }

    /** The record is larger than the configured maximum: the connection must be closed. */
    public static final class RecordTooLargeException extends RuntimeException {
        public RecordTooLargeException(long size, int max) {
            super("record of at least " + size + " bytes exceeds the maximum of " + max);
        }
    }

    /**
     * Incremental reassembly of records from arbitrary chunks of a TCP stream. Memory held is at
     * most the configured maximum record size, and at most eight times what has arrived: a sender
     * that announces more than the maximum is refused before its bytes are buffered. Not
     * thread-safe (one per connection).
     */
    public static final class Assembler {
        private final int maxRecordSize;
        private final byte[] header = new byte[4];
        private int headerFill;
        /** bytes still to come in the current fragment; -1 while reading a header */
        private int fragmentLeft = -1;
        private boolean lastFragment;
        private byte[] record = new byte[0];
        private int recordFill;
        /** the record's size once the header of its last fragment is in, else -1 */
        private int finalSize = -1;

        public Assembler(int maxRecordSize) {
            if (maxRecordSize <= 0) {
                throw new IllegalArgumentException("max record size " + maxRecordSize);
            }
            this.maxRecordSize = maxRecordSize;
        }

        /** Consumes a chunk; returns the records it completed (possibly none). */
        public List<byte[]> feed(byte[] data, int off, int len) {
            List<byte[]> done = null;
            int end = off + len;
            while (off < end) {
                if (fragmentLeft < 0) {
                    int n = Math.min(4 - headerFill, end - off);
                    System.arraycopy(data, off, header, headerFill, n);
                    headerFill += n;
                    off += n;
                    if (headerFill < 4) {
                        break;
                    }
                    headerFill = 0;
                    int h = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                    lastFragment = (h & LAST_FRAGMENT) != 0;
                    fragmentLeft = h & ~LAST_FRAGMENT;
                    long size = (long) recordFill + fragmentLeft;
                    if (size > maxRecordSize) {
                        throw new RecordTooLargeException(size, maxRecordSize);
                    }
                    finalSize = lastFragment ? (int) size : -1;
                }
                int n = Math.min(fragmentLeft, end - off);
                ensureCapacity(recordFill + n);
                System.arraycopy(data, off, record, recordFill, n);
                recordFill += n;
                fragmentLeft -= n;
                off += n;
                if (fragmentLeft == 0) {
                    fragmentLeft = -1;
                    if (lastFragment) {
                        if (done == null) {
                            done = new ArrayList<>(2);
                        }
                        done.add(record.length == recordFill ? record : java.util.Arrays.copyOf(record, recordFill));
                        record = new byte[0];
                        recordFill = 0;
                    }
                }
            }
            return done == null ? List.of() : done;
        }

        /**
         * Grows the record buffer for bytes that have arrived, not for what a header announced
         * (a peer announcing a large fragment and sending little costs at most eight times what
         * it sent), and geometrically, so that a record sent in many small fragments is not
         * copied once per fragment. Once an eighth of a record of known size is in, the buffer
         * takes its whole size: a 1 MiB WRITE arriving 64 KiB at a time is copied 192 KiB over
         * instead of 960 KiB (and allocated three times instead of five).
         */
        private void ensureCapacity(int needed) {
            if (needed > record.length) {
                long cap = Math.max(needed, Math.max(256L, 2L * record.length));
                if (finalSize >= 0) {
                    if (needed >= finalSize / 8) {
                        cap = finalSize;
                    }
                    // no point growing past the known size, and landing on it spares a trim copy
                    cap = Math.min(cap, finalSize);
                }
                cap = Math.min(cap, maxRecordSize);
                record = java.util.Arrays.copyOf(record, (int) cap);
            }
        }

        /** True when no partial record is buffered. */
        public boolean isIdle() {
            return fragmentLeft < 0 && headerFill == 0 && recordFill == 0;
        }
    }
}
