package org.cephgw.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.cephfs.CephFilesystem;
import org.cephgw.fsal.cephfs.CephOptions;
import org.cephgw.gateway.config.CephConfig;
import org.cephgw.fsal.local.LocalFilesystem;
import org.cephgw.fsal.local.LocalOptions;
import org.cephgw.gateway.config.ExportConfig;
import org.cephgw.gateway.config.GatewayConfig;
import org.cephgw.gateway.config.GraceConfig;

/** The production {@link BackendFactory}: opens an export's back end by its {@code backend} key. */
public final class Backends {
    private Backends() {
    }

    /** Opens {@code export} as a single, independent gateway would: no CephFS session reclaim. */
    public static Filesystem open(ExportConfig export) throws IOException {
        return open(export, null);
    }

    /**
     * The back ends of the gateway {@code gc} describes. With the RADOS grace store (clustered
     * mode: node ids are the unique members of one grace database) every CephFS export mounts with
     * this head's stable session uuid ({@link #reclaimUuid}), so that a restarted head resets the
     * CephFS session its previous incarnation left behind (caps, locks) at once instead of waiting
     * for the MDS to time it out; the mount happens only after every member enforces the grace
     * period (see {@link GatewayServer}). With the local store the gateway is a single node whose
     * node id need not be unique on the Ceph cluster (two gateways on one host would reset each
     * other's sessions), so there is no uuid.
     */
    public static BackendFactory forGateway(GatewayConfig gc) {
        return forHead(gc, gc.nodeId());
    }

    /** As {@link #forGateway}, for head {@code head} (a head of the virtual-IP mode: its own session uuid). */
    public static BackendFactory forHead(GatewayConfig gc, String head) {
        boolean reclaim = gc.grace() != null && GraceConfig.RADOS.equals(gc.grace().store());
        return export -> open(export, reclaim ? reclaimUuid(head, export.id()) : null);
    }

    /**
     * The CephFS client uuid of head {@code nodeId}'s export {@code exportId}:
     * {@code cephgw-<nodeid>-<export id as 4 lower-case hex digits>}, in the spirit of
     * nfs-ganesha's {@code ganesha-<nodeid>-<%04hx>} (a different prefix: a cephgw head never
     * resets an nfs-ganesha head's session of the same node id).
     */
    public static String reclaimUuid(String nodeId, int exportId) {
        return "cephgw-" + nodeId + "-" + String.format("%04x", exportId & 0xffff);
    }

    private static Filesystem open(ExportConfig export, String cephUuid) throws IOException {
        return switch (export.backend()) {
            case "local" -> openLocal(export);
            case "cephfs" -> openCephfs(export, cephUuid);
            default -> throw new IllegalArgumentException("unknown back end \"" + export.backend() + "\"");
        };
    }

    /**
     * Closes a back end at shutdown: a CephFS export mounted with a session uuid (clustered mode)
     * is aborted ({@code ceph_abort_conn}) rather than unmounted, so that the MDS keeps its caps
     * and locks for this head's successor, which reclaims them with the same uuid while its
     * clients reclaim their state (grace-db.md, "A head's life" 5). Every other back end is closed.
     */
    public static void close(Filesystem fs) {
        if (fs instanceof CephFilesystem ceph && ceph.options().uuid() != null) {
            ceph.abortConnection();
        } else {
            fs.close();
        }
    }

    private static Filesystem openLocal(ExportConfig export) throws IOException {
        Path dir = export.path();
        if (!Files.exists(dir) && export.createIfMissing()) {
            Files.createDirectories(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        return local(dir, export);
    }

    /**
     * A CephFS export through libcephfs. Connecting fails within the configured mount timeout
     * with a message naming what was wrong (monitor, key, file system, path).
     */
    private static Filesystem openCephfs(ExportConfig export, String uuid) {
        CephConfig c = export.ceph();
        return new CephFilesystem(new CephOptions(c.conf(), c.user(), c.keyring(), c.key(), c.fs(),
                export.path().toString(), export.id(), c.mountTimeout(), uuid, CephOptions.DEFAULT_INODE_CACHE_SIZE));
    }

    /** The local-directory back end (org.cephgw.fsal.local). */
    static Filesystem local(Path dir, ExportConfig export) throws IOException {
        return new LocalFilesystem(dir, LocalOptions.defaults().withHandleSecret(handleSecret(export))
                .withReaddirAttributesMaxAge(export.readdirAttributesMaxAge()));
    }

    /**
     * The export's file-handle secret: the configured one, else one generated at first start and
     * kept in the state directory, so that handles stay valid across restarts. Heads that must
     * accept each other's handles need the same secret configured.
     */
    static byte[] handleSecret(ExportConfig export) throws IOException {
        if (export.handleSecret() != null) {
            return export.handleSecret().getBytes(StandardCharsets.UTF_8);
        }
        Path file = export.secretFile();
        if (file == null) {
            return new byte[0];
        }
        if (Files.exists(file)) {
            byte[] secret = Files.readAllBytes(file);
            if (secret.length < 16) {
                throw new IOException(file + ": a handle secret must be at least 16 bytes; delete the file to make a new one"
                        + " (clients then need to remount)");
            }
            return secret;
        }
        Files.createDirectories(file.getParent());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path tmp = Files.createTempFile(file.getParent(), ".handle-secret", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, secret);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }
}
