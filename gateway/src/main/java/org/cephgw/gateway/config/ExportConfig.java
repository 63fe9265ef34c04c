package org.cephgw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import org.cephgw.actors.ExportSpec;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.local.LocalOptions;

/**
 * One entry of {@code gateway.exports}, validated.
 *
 * @param id              pinned export id, 1..65535 (goes into every file handle)
 * @param path            the directory served (absolute, normalised)
 * @param pseudo          where clients see it in the NFSv4 pseudo file system
 * @param readOnly        {@code access = "ro"}
 * @param squash          identity mapping for AUTH_SYS callers
 * @param anonUid         uid squashed callers become
 * @param anonGid         gid squashed callers become
 * @param clients         who may mount it
 * @param backend         back-end kind ({@code local} for now)
 * @param createIfMissing create {@link #path} at start when it does not exist
 * @param handleSecret    the secret keying the back end's file-handle MACs, or null
 * @param secretFile      where a generated secret is kept when none is configured (null otherwise)
 * @param ceph            for {@code backend = "cephfs"}: how to reach the file system ({@link #path}
 *                        is then the directory inside CephFS); null for local exports
 * @param delegations     clients asking for delegations may get them
 * @param readdirAttributesMaxAge local back end: how old the attributes a READDIR gives may be
 *                        for files changed beside the gateway (see {@code LocalOptions})
 */
public record ExportConfig(int id, Path path, String pseudo, boolean readOnly, ExportSpec.Squash squash,
                           int anonUid, int anonGid, ClientMatcher clients, String backend,
                           boolean createIfMissing, String handleSecret, Path secretFile, CephConfig ceph,
                           boolean delegations, Duration readdirAttributesMaxAge) {

    /** The export as the NFS layer takes it, served by {@code fs}. */
    public ExportSpec toSpec(Filesystem fs) {
        return new ExportSpec(id, pseudo, fs, readOnly, squash, anonUid, anonGid, clients, delegations);
    }

    /** The single read-write export the {@code --export DIR} flag stands for. */
    public static ExportConfig simple(Path dir) {
        return new ExportConfig(1, dir.toAbsolutePath().normalize(), "/", false, ExportSpec.Squash.ROOT,
                65534, 65534, ClientMatcher.any(), "local", true, null, null, null, true,
                LocalOptions.DEFAULT_READDIR_ATTRIBUTES_MAX_AGE);
    }
}
