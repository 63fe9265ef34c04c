package org.cephgw.persistence.rados;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;

/**
 * The librados functions that rados-java 0.6.0 does not wrap — compound read and write operations
 * (atomic data + omap access with the object version), watch/notify, and reading the default
 * ceph.conf — bound by jnr-ffi to the runtime library {@code librados.so.2} (Debian's librados2
 * 16.2). Signatures are those of {@code rados/librados.h} (16.2). As in the fsal's
 * {@code LibCephFs}, every pointer ({@code rados_t}, {@code rados_ioctx_t}, op handles, buffers,
 * out-parameters) is passed as its address in a {@code long}; the caller keeps the memory alive
 * (direct {@link ByteBuffer}s) for the duration of the call.
 *
 * <p><b>jnr-ffi 2.3.4 drops the sixth argument</b> of a function whose six parameters are all
 * primitive numbers (see {@code LibCephFs}): the six-parameter functions here,
 * {@code rados_read_op_read} and {@code rados_notify_ack}, therefore take one parameter as a
 * {@link Pointer}. Keep it so when adding functions.
 */
final class LibRados {

    /** {@code rados_watchcb2_t}: called by librados on its own thread for every notify. */
    public interface WatchCallback {
        /** The payload is a Pointer (not a long) so that this six-parameter signature is never all-primitive. */
        @Delegate
        void call(long arg, long notifyId, long cookie, long notifierId, Pointer data, long dataLen);
    }

    /** {@code rados_watcherrcb_t}: the watch is broken ({@code -ENOTCONN}, {@code -ETIMEDOUT}, …). */
    public interface WatchErrorCallback {
        @Delegate
        void call(long arg, long cookie, int err);
    }

    /** librados, bound by jnr-ffi; addresses as {@code long}. */
    public interface Api {
        /** path 0 = the default search ($CEPH_CONF, /etc/ceph/ceph.conf, ~/.ceph/config, ./ceph.conf) */
        int rados_conf_read_file(long cluster, long path);

        long rados_get_last_version(long io);

        long rados_create_read_op();

        void rados_release_read_op(long readOp);

        void rados_read_op_assert_version(long readOp, long ver);

        void rados_read_op_read(long readOp, long offset, long len, long buffer, long bytesReadOut, Pointer prval);

        void rados_read_op_omap_get_vals2(long readOp, long startAfter, long filterPrefix, long maxReturn,
                                          long iterOut, long moreOut, long prval);

        int rados_read_op_operate(long readOp, long io, long oid, int flags);

        int rados_omap_get_next(long iter, long keyOut, long valOut, long lenOut);

        void rados_omap_get_end(long iter);

        long rados_create_write_op();

        void rados_release_write_op(long writeOp);

        void rados_write_op_assert_version(long writeOp, long ver);

        void rados_write_op_assert_exists(long writeOp);

        void rados_write_op_create(long writeOp, int exclusive, long category);

        void rados_write_op_write_full(long writeOp, long buffer, long len);

        void rados_write_op_omap_set(long writeOp, long keys, long vals, long lens, long num);

        void rados_write_op_omap_rm_keys(long writeOp, long keys, long num);

        void rados_write_op_omap_clear(long writeOp);

        int rados_write_op_operate(long writeOp, long io, long oid, long mtime, int flags);

        int rados_watch3(long io, long oid, long cookieOut, WatchCallback watchcb, WatchErrorCallback watcherrcb,
                         int timeoutSeconds, long arg);

        int rados_watch_check(long io, long cookie);

        int rados_unwatch2(long io, long cookie);

        int rados_watch_flush(long cluster);

        int rados_notify2(long io, long oid, long buf, int bufLen, long timeoutMs, long replyOut, long replyLenOut);

        int rados_notify_ack(long io, long oid, long notifyId, long cookie, Pointer buf, int bufLen);

        void rados_buffer_free(long buf);
    }

    /** {@code LIBRADOS_CREATE_EXCLUSIVE}: {@code rados_write_op_create} fails with -EEXIST if the object exists. */
    static final int CREATE_EXCLUSIVE = 1;
    /** {@code LIBRADOS_CREATE_IDEMPOTENT}: create if missing, else nothing. */
    static final int CREATE_IDEMPOTENT = 0;

    static final Api API;
    static final jnr.ffi.Runtime RUNTIME;
    private static final Throwable LOAD_FAILURE;

    static {
        Api api = null;
        jnr.ffi.Runtime rt = null;
        Throwable failure = null;
        try {
            try {
                api = load("rados");
            } catch (UnsatisfiedLinkError e) {
                // only the runtime package (librados2) is installed: no librados.so symlink, just the soname
                api = load("librados.so.2");
            }
            rt = jnr.ffi.Runtime.getRuntime(api);
        } catch (Throwable t) {
            failure = t;
        }
        API = api;
        RUNTIME = rt;
        LOAD_FAILURE = failure;
    }

    private static Api load(String name) {
        return LibraryLoader.create(Api.class)
                .option(LibraryOption.IgnoreError, true)
                .failImmediately()
                .load(name);
    }

    private LibRados() {
    }

    /** Throws when librados could not be loaded (package librados2 missing, unsupported platform). */
    static void requireLoaded() {
        if (API == null) {
            throw new IllegalStateException("librados (package librados2) cannot be loaded: " + LOAD_FAILURE,
                    LOAD_FAILURE);
        }
    }

    /** A zero-filled direct buffer in native byte order. */
    static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(Math.max(1, size)).order(ByteOrder.nativeOrder());
    }

    /** The address of a direct buffer's first byte (0 for null). */
    static long address(ByteBuffer direct) {
        if (direct == null) {
            return 0;
        }
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("need a direct buffer");
        }
        return Pointer.wrap(RUNTIME, direct.duplicate().position(0)).address();
    }

    /** A NUL-terminated UTF-8 copy of {@code s} in native memory (null stays null). */
    static ByteBuffer cstring(String s) {
        if (s == null) {
            return null;
        }
        return cbytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A NUL-terminated copy of {@code b} in native memory. */
    static ByteBuffer cbytes(byte[] b) {
        ByteBuffer buf = direct(b.length + 1);
        buf.put(0, b);
        return buf;
    }

    /** {@code len} bytes at native address {@code addr}. */
    static byte[] bytesAt(long addr, int len) {
        byte[] b = new byte[len];
        Pointer.wrap(RUNTIME, addr).get(0, b, 0, len);
        return b;
    }

    /** The NUL-terminated bytes at native address {@code addr}. */
    static byte[] cstringAt(long addr) {
        Pointer p = Pointer.wrap(RUNTIME, addr);
        int len = 0;
        while (p.getByte(len) != 0) {
            len++;
        }
        return bytesAt(addr, len);
    }

    /** A native array of pointers to NUL-terminated copies of {@code items}; {@code keep} holds the copies. */
    static ByteBuffer pointerArray(java.util.List<byte[]> items, java.util.List<ByteBuffer> keep) {
        ByteBuffer array = direct(8 * items.size());
        for (int i = 0; i < items.size(); i++) {
            ByteBuffer c = cbytes(items.get(i));
            keep.add(c);
            array.putLong(8 * i, address(c));
        }
        return array;
    }
}
