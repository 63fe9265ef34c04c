package org.cephgw.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cephgw.fsal.Filesystem;
import org.cephgw.gateway.config.ExportConfig;

/** The production {@link BackendFactory}: opens an export's back end by its {@code backend} key. */
public final class Backends {
    private Backends() {
    }

    public static Filesystem open(ExportConfig export) throws IOException {
        return switch (export.backend()) {
            case "local" -> openLocal(export);
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

    /** The local-directory back end (org.cephgw.fsal.local). */
    static Filesystem local(Path dir, ExportConfig export) {
        return new org.cephgw.fsal.local.LocalFilesystem(dir, org.cephgw.fsal.local.LocalOptions.defaults());
    }
}
