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

/** The production {@link BackendFactory}: opens an export's back end by its {@code backend} key. */
public final class Backends {
    private Backends() {
    }

    public static Filesystem open(ExportConfig export) throws IOException {
        return switch (export.backend()) {
            case "local" -> openLocal(export);
            case "cephfs" -> openCephfs(export);
            default -> throw new IllegalArgumentException("unknown back end \"" + export.backend() + "\"");
        };
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
    private static Filesystem openCephfs(ExportConfig export) {
        CephConfig c = export.ceph();
        return new CephFilesystem(new CephOptions(c.conf(), c.user(), c.keyring(), c.key(), c.fs(),
                export.path().toString(), export.id(), c.mountTimeout(), null, CephOptions.DEFAULT_INODE_CACHE_SIZE));
    }

    /** The local-directory back end (org.cephgw.fsal.local). */
    static Filesystem local(Path dir, ExportConfig export) throws IOException {
        return new LocalFilesystem(dir, LocalOptions.defaults().withHandleSecret(handleSecret(export)));
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
