package org.cephgw.persistence.rados;

import static org.cephgw.persistence.rados.LibRados.API;
import static org.cephgw.persistence.rados.LibRados.address;
import static org.cephgw.persistence.rados.LibRados.cstring;
import static org.cephgw.persistence.rados.LibRados.direct;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rados.exceptions.RadosException;
import com.sun.jna.Pointer;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.StoreException;

/**
 * One librados connection (cephx user {@link RadosSettings#userId()}) and an I/O context on the
 * configured pool and namespace, shared by the grace database and the recovery databases of a
 * head. rados-java does the connection and the simple object calls (stat, remove, list); the
 * compound operations and watch/notify go through {@link LibRados} on the same I/O context.
 * Thread-safe; every method blocks. Close it after the databases using it.
 */
public final class RadosCluster implements AutoCloseable {
    static final int EPERM = 1;
    static final int EACCES = 13;
    static final int EOVERFLOW = 75;
    static final int ETIMEDOUT = 110;

    private final RadosSettings settings;
    private final Handle rados;
    private final IoCTX io;
    /**
     * A second I/O context used only for versioned reads: {@code rados_get_last_version} reports
     * the version of the last operation on an I/O context, so reading it must not race with any
     * other operation on that context. Guarded by itself.
     */
    private final IoCTX versionedIo;
    private boolean closed; // guarded by this

    /** rados-java's handle with access to the {@code rados_t} for the calls it does not wrap. */
    private static final class Handle extends Rados {
        Handle(String id) {
            super(id);
        }

        long address() {
            return Pointer.nativeValue(clusterPtr);
        }
    }

    private RadosCluster(RadosSettings settings, Handle rados, IoCTX io, IoCTX versionedIo) {
        this.settings = settings;
        this.rados = rados;
        this.io = io;
        this.versionedIo = versionedIo;
    }

    /**
     * Connects. Fails within about {@link RadosSettings#connectTimeout()} with a
     * {@link RadosConnectException} naming the setting to fix: an unreadable ceph.conf, a wrong key or
     * unknown user, no monitor answering, a missing pool.
     */
    public static RadosCluster connect(RadosSettings s) {
        LibRados.requireLoaded();
        Handle r;
        try {
            r = new Handle(s.userId());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new RadosConnectException("rados_create", -Errno.EIO, RadosSettings.USER_ID,
                    "cannot create a librados handle for user '" + s.userId() + "': " + e, e);
        }
        boolean ok = false;
        IoCTX io = null;
        IoCTX vio = null;
        try {
            readConf(r, s);
            long secs = Math.max(1, s.connectTimeout().toSeconds());
            set(r, "client_mount_timeout", Long.toString(secs));
            set(r, "rados_mon_op_timeout", Long.toString(secs));
            set(r, "rados_osd_op_timeout", Long.toString(secs));
            if (s.keyring() != null) {
                if (!Files.isReadable(s.keyring())) {
                    throw new RadosConnectException("rados_conf_set", -Errno.ENOENT, RadosSettings.KEYRING,
                            RadosSettings.KEYRING + " " + s.keyring() + " cannot be read", null);
                }
                set(r, "keyring", s.keyring().toString());
            }
            if (s.key() != null) {
                set(r, "key", s.key());
            }
            try {
                r.connect();
            } catch (RadosException e) {
                throw connectFailure(s, errno(e), e);
            }
            try {
                io = r.ioCtxCreate(s.pool());
                vio = r.ioCtxCreate(s.pool());
            } catch (RadosException e) {
                int rc = errno(e);
                String why = rc == -Errno.ENOENT ? "does not exist" : "cannot be opened (" + rc + ")";
                throw new RadosConnectException("rados_ioctx_create", rc, RadosSettings.POOL,
                        RadosSettings.POOL + " '" + s.pool() + "' " + why, e);
            }
            io.setNamespace(s.namespace() == null ? "" : s.namespace());
            vio.setNamespace(s.namespace() == null ? "" : s.namespace());
            ok = true;
            return new RadosCluster(s, r, io, vio);
        } finally {
            if (!ok) {
                if (io != null) {
                    r.ioCtxDestroy(io);
                }
                if (vio != null) {
                    r.ioCtxDestroy(vio);
                }
                r.shutDown();
            }
        }
    }

    private static void readConf(Handle r, RadosSettings s) {
        ByteBuffer path = s.cephConf() == null ? null : cstring(s.cephConf().toString());
        int rc = API.rados_conf_read_file(r.address(), address(path));
        Reference.reachabilityFence(path);
        if (rc < 0) {
            String what = s.cephConf() == null
                    ? RadosSettings.CEPH_CONF + " not given and none found ($CEPH_CONF, /etc/ceph/ceph.conf, "
                            + "~/.ceph/config, ./ceph.conf)"
                    : RadosSettings.CEPH_CONF + " " + s.cephConf() + " cannot be read"
                            + (rc == -Errno.ENOENT ? ": no such file" : " (" + rc + ")");
            throw new RadosConnectException("rados_conf_read_file", rc, RadosSettings.CEPH_CONF, what, null);
        }
    }

    private static void set(Handle r, String option, String value) {
        try {
            r.confSet(option, value);
        } catch (RadosException e) {
            String setting = option.equals("key") ? RadosSettings.KEY
                    : option.equals("keyring") ? RadosSettings.KEYRING : RadosSettings.CONNECT_TIMEOUT;
            throw new RadosConnectException("rados_conf_set", errno(e), setting,
                    setting + ": librados refuses " + option + (option.equals("key") ? "" : "=" + value), e);
        }
    }

    private static RadosConnectException connectFailure(RadosSettings s, int rc, Throwable cause) {
        String credentials = s.key() != null ? RadosSettings.KEY
                : s.keyring() != null ? RadosSettings.KEYRING + " " + s.keyring()
                : "the keyring named by " + RadosSettings.CEPH_CONF;
        if (rc == -EACCES || rc == -EPERM) {
            return new RadosConnectException("rados_connect", rc, RadosSettings.USER_ID, RadosSettings.USER_ID
                    + " '" + s.userId() + "' was refused by the monitors: unknown user or wrong key (check "
                    + RadosSettings.USER_ID + " and " + credentials + ")", cause);
        }
        if (rc == -Errno.ENOENT) {
            return new RadosConnectException("rados_connect", rc, RadosSettings.KEYRING, "no key for "
                    + RadosSettings.USER_ID + " '" + s.userId() + "' (check " + credentials + ")", cause);
        }
        if (rc == -ETIMEDOUT) {
            return new RadosConnectException("rados_connect", rc, RadosSettings.CEPH_CONF, "no monitor answered within "
                    + RadosSettings.CONNECT_TIMEOUT + " " + s.connectTimeout().toSeconds() + " s (check 'mon host' in "
                    + RadosSettings.CEPH_CONF + (s.cephConf() == null ? "" : " " + s.cephConf()) + ")", cause);
        }
        return new RadosConnectException("rados_connect", rc, RadosSettings.CEPH_CONF, "cannot connect to the "
                + "cluster of " + RadosSettings.CEPH_CONF + (s.cephConf() == null ? "" : " " + s.cephConf())
                + " as " + RadosSettings.USER_ID + " '" + s.userId() + "' (" + rc + ")", cause);
    }

    /** The negative errno of a rados-java exception. */
    static int errno(RadosException e) {
        int rc = e.getReturnValue();
        return rc == 0 ? -Errno.EIO : -Math.abs(rc);
    }

    public RadosSettings settings() {
        return settings;
    }

    /** rados-java's I/O context (stat, remove, list of this namespace). */
    IoCTX ioCtx() {
        return io;
    }

    /** The native {@code rados_ioctx_t}. */
    long ioAddress() {
        return Pointer.nativeValue(io.getPointer());
    }

    long clusterAddress() {
        return rados.address();
    }

    /** {@code pool/namespace/oid}, for messages. */
    String where(String oid) {
        return settings.location() + "/" + oid;
    }

    /** A failed operation on {@code oid}. */
    StoreException failure(int rc, String op, String oid) {
        String hint = rc == -EPERM || rc == -EACCES
                ? ": user '" + settings.userId() + "' lacks osd caps 'allow rw pool=" + settings.pool()
                        + (settings.namespace() == null ? "" : " namespace=" + settings.namespace()) + "'"
                : rc == -ETIMEDOUT ? ": no answer within " + settings.connectTimeout().toSeconds() + " s" : "";
        return new StoreException(rc, op + " on RADOS object " + where(oid) + " failed (" + rc + ")" + hint);
    }

    // ---------------------------------------------------------------- versioned read

    /** What {@link #read} found. */
    record ReadResult(long version, byte[] data, Map<String, byte[]> omap, boolean more) {
    }

    /**
     * One read op: optionally the first {@code dataLen} bytes of data, and up to {@code maxOmap} omap
     * entries after {@code startAfter} ("" = from the start), with the object's version. With
     * {@code assertVersion != null} the op fails with -ERANGE (or -EOVERFLOW) if the object has
     * changed since. Returns null if the object does not exist; other failures are returned as a
     * negative errno in an exception.
     *
     * @param dataLen bytes of data to read; -1 = none
     */
    ReadResult read(String oid, int dataLen, String startAfter, int maxOmap, Long assertVersion) {
        ByteBuffer oidBuf = cstring(oid);
        ByteBuffer after = cstring(startAfter == null ? "" : startAfter);
        ByteBuffer noFilter = cstring("");
        ByteBuffer data = dataLen >= 0 ? direct(dataLen) : null;
        // out-parameters: bytes_read (size_t) @0, read prval @8, omap iterator @16, more @24, omap prval @28
        ByteBuffer out = direct(32);
        long outAddr = address(out);
        long op = API.rados_create_read_op();
        try {
            if (assertVersion != null) {
                API.rados_read_op_assert_version(op, assertVersion);
            }
            if (data != null) {
                API.rados_read_op_read(op, 0, dataLen, address(data), outAddr,
                        jnr.ffi.Pointer.wrap(LibRados.RUNTIME, outAddr + 8));
            }
            API.rados_read_op_omap_get_vals2(op, address(after), address(noFilter), maxOmap, outAddr + 16, outAddr + 24,
                    outAddr + 28);
            int rc;
            long version;
            synchronized (versionedIo) {
                rc = API.rados_read_op_operate(op, Pointer.nativeValue(versionedIo.getPointer()), address(oidBuf), 0);
                version = API.rados_get_last_version(Pointer.nativeValue(versionedIo.getPointer()));
            }
            long iter = out.getLong(16);
            try {
                if (rc == -Errno.ENOENT) {
                    return null;
                }
                if (rc < 0) {
                    throw new OpFailed(rc);
                }
                if (data != null && out.getInt(8) < 0) {
                    throw new OpFailed(out.getInt(8));
                }
                if (out.getInt(28) < 0) {
                    throw new OpFailed(out.getInt(28));
                }
                byte[] bytes = null;
                if (data != null) {
                    bytes = new byte[(int) out.getLong(0)];
                    data.get(0, bytes);
                }
                Map<String, byte[]> omap = new LinkedHashMap<>();
                if (iter != 0) {
                    ByteBuffer kv = direct(24);
                    long kvAddr = address(kv);
                    while (true) {
                        int r = API.rados_omap_get_next(iter, kvAddr, kvAddr + 8, kvAddr + 16);
                        if (r < 0) {
                            throw new OpFailed(r);
                        }
                        long k = kv.getLong(0);
                        if (k == 0) {
                            break;
                        }
                        long v = kv.getLong(8);
                        int len = (int) kv.getLong(16);
                        byte[] key = LibRados.cstringAt(k);
                        omap.put(decodeKey(key), len == 0 ? new byte[0] : LibRados.bytesAt(v, len));
                    }
                }
                return new ReadResult(version, bytes, omap, out.get(24) != 0);
            } finally {
                if (iter != 0) {
                    API.rados_omap_get_end(iter);
                }
            }
        } finally {
            API.rados_release_read_op(op);
            Reference.reachabilityFence(oidBuf); // the native call used these buffers by address only
            Reference.reachabilityFence(after);
            Reference.reachabilityFence(noFilter);
            Reference.reachabilityFence(data);
            Reference.reachabilityFence(out);
        }
    }

    /** An omap key as text; a key that is not UTF-8 cannot be a node id or clientid this project wrote. */
    private static String decodeKey(byte[] key) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadKey(key);
        }
    }

    /** A native operation returned a negative errno. */
    static final class OpFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int rc;

        OpFailed(int rc) {
            super(null, null, false, false);
            this.rc = rc;
        }
    }

    /** An omap key that is not UTF-8. */
    static final class BadKey extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final byte[] key;

        BadKey(byte[] key) {
            super(null, null, false, false);
            this.key = key;
        }
    }

    // ---------------------------------------------------------------- compound write

    /** The parts of one atomic write op, applied in the order create, asserts, data, omap. */
    static final class Write {
        Integer create; // CREATE_EXCLUSIVE / CREATE_IDEMPOTENT
        boolean assertExists;
        Long assertVersion;
        byte[] writeFull;
        boolean omapClear;
        final Map<String, byte[]> omapSet = new LinkedHashMap<>();
        final List<String> omapRemove = new ArrayList<>();

        boolean isEmpty() {
            return create == null && writeFull == null && !omapClear && omapSet.isEmpty() && omapRemove.isEmpty();
        }
    }

    /** Performs one write op; returns 0 or a negative errno. */
    int write(String oid, Write w) {
        List<ByteBuffer> keep = new ArrayList<>();
        ByteBuffer oidBuf = cstring(oid);
        long op = API.rados_create_write_op();
        try {
            if (w.create != null) {
                API.rados_write_op_create(op, w.create, 0);
            }
            if (w.assertExists) {
                API.rados_write_op_assert_exists(op);
            }
            if (w.assertVersion != null) {
                API.rados_write_op_assert_version(op, w.assertVersion);
            }
            if (w.writeFull != null) {
                ByteBuffer b = direct(w.writeFull.length);
                b.put(0, w.writeFull);
                keep.add(b);
                API.rados_write_op_write_full(op, address(b), w.writeFull.length);
            }
            if (w.omapClear) {
                API.rados_write_op_omap_clear(op);
            }
            if (!w.omapSet.isEmpty()) {
                List<byte[]> keys = new ArrayList<>();
                List<byte[]> vals = new ArrayList<>();
                for (Map.Entry<String, byte[]> e : w.omapSet.entrySet()) {
                    keys.add(e.getKey().getBytes(StandardCharsets.UTF_8));
                    vals.add(e.getValue());
                }
                ByteBuffer keyArray = LibRados.pointerArray(keys, keep);
                ByteBuffer valArray = LibRados.pointerArray(vals, keep);
                ByteBuffer lens = direct(8 * vals.size());
                for (int i = 0; i < vals.size(); i++) {
                    lens.putLong(8 * i, vals.get(i).length);
                }
                keep.add(keyArray);
                keep.add(valArray);
                keep.add(lens);
                API.rados_write_op_omap_set(op, address(keyArray), address(valArray), address(lens), keys.size());
            }
            if (!w.omapRemove.isEmpty()) {
                List<byte[]> keys = new ArrayList<>();
                for (String k : w.omapRemove) {
                    keys.add(k.getBytes(StandardCharsets.UTF_8));
                }
                ByteBuffer keyArray = LibRados.pointerArray(keys, keep);
                keep.add(keyArray);
                API.rados_write_op_omap_rm_keys(op, address(keyArray), keys.size());
            }
            return API.rados_write_op_operate(op, ioAddress(), address(oidBuf), 0, 0);
        } finally {
            API.rados_release_write_op(op);
            Reference.reachabilityFence(oidBuf); // the native call used these buffers by address only
            Reference.reachabilityFence(keep);
        }
    }

    // ---------------------------------------------------------------- watch / notify

    /** Registers a watch; returns its cookie, or a negative errno as {@link OpFailed}. */
    long watch(String oid, LibRados.WatchCallback cb, LibRados.WatchErrorCallback errCb, int timeoutSeconds) {
        ByteBuffer oidBuf = cstring(oid);
        ByteBuffer cookie = direct(8);
        int rc = API.rados_watch3(ioAddress(), address(oidBuf), address(cookie), cb, errCb, timeoutSeconds, 0);
        Reference.reachabilityFence(oidBuf);
        if (rc < 0) {
            throw new OpFailed(rc);
        }
        return cookie.getLong(0);
    }

    /** {@code rados_watch_check}: ms since the watch was last confirmed, or a negative errno if it is broken. */
    int watchCheck(long cookie) {
        return API.rados_watch_check(ioAddress(), cookie);
    }

    int unwatch(long cookie) {
        return API.rados_unwatch2(ioAddress(), cookie);
    }

    /** Waits until no watch callback of this connection is running or queued. */
    void watchFlush() {
        API.rados_watch_flush(clusterAddress());
    }

    int notifyAck(String oid, long notifyId, long cookie) {
        ByteBuffer oidBuf = cstring(oid);
        int rc = API.rados_notify_ack(ioAddress(), address(oidBuf), notifyId, cookie, null, 0);
        Reference.reachabilityFence(oidBuf);
        return rc;
    }

    /** Sends an empty notify and waits up to {@code timeoutMs} for the watchers' acks; 0 or a negative errno. */
    int notify(String oid, long timeoutMs) {
        ByteBuffer oidBuf = cstring(oid);
        ByteBuffer out = direct(16);
        long outAddr = address(out);
        int rc = API.rados_notify2(ioAddress(), address(oidBuf), 0, 0, timeoutMs, outAddr, outAddr + 8);
        Reference.reachabilityFence(oidBuf);
        long reply = out.getLong(0);
        if (reply != 0) {
            API.rados_buffer_free(reply);
        }
        return rc;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        rados.ioCtxDestroy(versionedIo);
        rados.ioCtxDestroy(io);
        rados.shutDown();
    }

    @Override
    public String toString() {
        return "RadosCluster[" + settings.userId() + "@" + settings.location() + "]";
    }
}
