package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.list;
import static org.cephgw.client.Ops.lockNew;
import static org.cephgw.client.Ops.putfh;
import static org.cephgw.protocol.nfs4.Nfs4Const.WRITE_LT;

import java.io.IOException;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.LOCK4res;
import org.cephgw.protocol.nfs4.NfsOpnum4;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;

/**
 * A test client's conflicting write-lock requests on a file another client holds a lock on: each
 * {@link #lock()} is a LOCK for a new lock-owner (derived from the client's open) on one range,
 * and says what the server answered.
 */
final class LockProbe {
    private final Session session;
    private final byte[] fh;
    private final Stateid4 open;
    private final long offset;
    private final long length;
    private final String ownerPrefix;
    private int serial;
    private volatile Stateid4 granted;

    LockProbe(Session session, byte[] fh, Stateid4 open, long offset, long length, String ownerPrefix) {
        this.session = session;
        this.fh = fh;
        this.open = open;
        this.offset = offset;
        this.length = length;
        this.ownerPrefix = ownerPrefix;
    }

    /**
     * LOCK's status name ("NFS4_OK", "NFS4ERR_DENIED", "NFS4ERR_GRACE", …); the failing operation
     * must be the LOCK, and a DENIED must name the holder.
     */
    synchronized String lock() throws IOException {
        COMPOUND4res r = session.seq(list(putfh(fh), lockNew(WRITE_LT, offset, length, open,
                session.owner(ownerPrefix + (++serial)))));
        if (r.status() == NfsStat4.NFS4_OK) {
            granted = Res.lockStateid(r);
            return "NFS4_OK";
        }
        assertThat(NfsOpnum4.name(Res.last(r).opnum())).as("failing op of %s", Res.describe(r)).isEqualTo("OP_LOCK");
        if (r.status() == NfsStat4.NFS4ERR_DENIED) {
            assertThat(Res.get(r, LOCK4res.class).denied()).isNotNull();
        }
        return NfsStat4.name(r.status());
    }

    /**
     * Asks for the lock every {@code everyMillis} in the background until {@link Polling#stop};
     * counts the answers by status name.
     */
    Polling poll(long everyMillis) {
        return new Polling(this, everyMillis);
    }

    /** A background {@link #lock()} loop. */
    static final class Polling {
        private final java.util.Map<String, Integer> seen =
                java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
        private final java.util.concurrent.atomic.AtomicBoolean on = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final java.util.concurrent.CompletableFuture<Void> loop;

        private Polling(LockProbe probe, long everyMillis) {
            loop = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    while (on.get()) {
                        seen.merge(probe.lock(), 1, Integer::sum);
                        Thread.sleep(everyMillis);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        /** Stops asking (safe to call twice); returns what LOCK answered how often, in order of first answer. */
        java.util.Map<String, Integer> stop() throws Exception {
            on.set(false);
            loop.get(30, java.util.concurrent.TimeUnit.SECONDS);
            return java.util.Map.copyOf(new java.util.LinkedHashMap<>(seen));
        }
    }

    /** The lock stateid of the last LOCK that was granted (null: none). */
    Stateid4 granted() {
        return granted;
    }

    byte[] fh() {
        return fh;
    }

    Stateid4 open() {
        return open;
    }
}
