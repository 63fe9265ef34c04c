package org.cephgw.actors.fh;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cephgw.actors.ExportSpec;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.rpc.AuthSysParms;

/**
 * The exports of a head and the pseudo file system joining them. With a single export at
 * pseudo path "/", the export's root is the NFSv4 root and there is no pseudo file system.
 * Immutable.
 */
public final class Exports {
    private final Map<Integer, ExportSpec> byId = new LinkedHashMap<>();
    private final PseudoFs pseudo;
    private final Fh rootFh;

    public Exports(List<ExportSpec> exports) {
        if (exports.isEmpty()) {
            throw new IllegalArgumentException("no exports configured");
        }
        Map<Integer, String> paths = new LinkedHashMap<>();
        for (ExportSpec e : exports) {
            if (byId.put(e.id(), e) != null) {
                throw new IllegalArgumentException("export id " + e.id() + " is used twice");
            }
            paths.put(e.id(), e.pseudoPath());
        }
        ExportSpec atRoot = exports.stream().filter(e -> e.pseudoPath().equals("/")).findFirst().orElse(null);
        if (atRoot != null) {
            if (exports.size() > 1) {
                throw new IllegalArgumentException("export " + atRoot.id()
                        + " has pseudo path \"/\": it must then be the only export");
            }
            pseudo = null;
            rootFh = new Fh(atRoot.id(), atRoot.fs().root());
        } else {
            pseudo = new PseudoFs(paths);
            rootFh = new Fh(Fh.PSEUDO_EXPORT, pseudo.root());
        }
    }

    public Fh rootFh() {
        return rootFh;
    }

    /** The export, or null for the pseudo file system and unknown ids. */
    public ExportSpec export(int id) {
        return byId.get(id);
    }

    public PseudoFs pseudo() {
        return pseudo;
    }

    /** The back end of a handle's export, or null when the export id is unknown (stale handle). */
    public Filesystem fs(int exportId) {
        if (exportId == Fh.PSEUDO_EXPORT) {
            return pseudo;
        }
        ExportSpec e = byId.get(exportId);
        return e == null ? null : e.fs();
    }

    public List<ExportSpec> all() {
        return List.copyOf(byId.values());
    }

    /** May a client at this address use the export? The pseudo file system is open to all. */
    public boolean allowed(int exportId, InetAddress client) {
        ExportSpec e = byId.get(exportId);
        return e == null || client == null || e.clients().test(client);
    }

    /**
     * The identity an RPC's credential maps to on an export: AUTH_SYS ids squashed per the
     * export; AUTH_NONE is the anonymous identity.
     */
    public static Creds creds(AuthSysParms sys, ExportSpec export) {
        int anonUid = export == null ? 65534 : export.anonUid();
        int anonGid = export == null ? 65534 : export.anonGid();
        if (sys == null) {
            return new Creds(anonUid, anonGid, new int[0]);
        }
        ExportSpec.Squash squash = export == null ? ExportSpec.Squash.NONE : export.squash();
        switch (squash) {
            case ALL:
                return new Creds(anonUid, anonGid, new int[0]);
            case ROOT: {
                int uid = sys.uid() == 0 ? anonUid : sys.uid();
                int gid = sys.gid() == 0 ? anonGid : sys.gid();
                int[] gids = sys.gids().clone();
                for (int i = 0; i < gids.length; i++) {
                    if (gids[i] == 0) {
                        gids[i] = anonGid;
                    }
                }
                return new Creds(uid, gid, gids);
            }
            default:
                return new Creds(sys.uid(), sys.gid(), sys.gids());
        }
    }
}
