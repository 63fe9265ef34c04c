package org.cephgw.actors.fh;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cephgw.fsal.ChangeInfo;
import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.FsInfo;
import org.cephgw.fsal.FsStats;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.cephgw.fsal.Timestamp;

/**
 * The NFSv4 pseudo file system (RFC 8881 §7.3): read-only directories that lead from the root
 * to each export's pseudo path. A directory that is an export's pseudo path is a junction: the
 * gateway crosses into the export there (see {@link #junction}). In memory, immutable.
 */
public final class PseudoFs implements Filesystem {
    private static final long ROOT_ID = 1;

    private static final class Node {
        final long id;
        final String name;
        final Node parent;
        final Map<String, Node> children = new LinkedHashMap<>();
        int junctionExport;

        Node(long id, String name, Node parent) {
            this.id = id;
            this.name = name;
            this.parent = parent;
        }
    }

    private final Map<Long, Node> nodes = new LinkedHashMap<>();
    private final Node root;
    private final Timestamp created = Timestamp.now();

    /** @param exports export id → pseudo path (absolute, not "/") */
    public PseudoFs(Map<Integer, String> exports) {
        root = new Node(ROOT_ID, "", null);
        nodes.put(ROOT_ID, root);
        long next = ROOT_ID + 1;
        for (Map.Entry<Integer, String> e : exports.entrySet()) {
            Node n = root;
            for (String part : e.getValue().split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                Node c = n.children.get(part);
                if (c == null) {
                    c = new Node(next++, part, n);
                    n.children.put(part, c);
                    nodes.put(c.id, c);
                }
                n = c;
            }
            if (n == root) {
                throw new IllegalArgumentException("an export at \"/\" cannot share the pseudo file system");
            }
            // a second export at the same place would silently make the first unreachable
            if (n.junctionExport != 0) {
                throw new IllegalArgumentException("exports " + n.junctionExport + " and " + e.getKey()
                        + " share the pseudo path " + e.getValue());
            }
            n.junctionExport = e.getKey();
        }
        // lookups cross into the export at a junction, so pseudo directories below one could
        // never be reached: an export inside another's pseudo path would be lost
        for (Node n : nodes.values()) {
            if (n.junctionExport != 0 && !n.children.isEmpty()) {
                throw new IllegalArgumentException("export " + n.junctionExport + " at " + path(n)
                        + " contains the pseudo path of another export");
            }
        }
    }

    private static String path(Node n) {
        return n.parent == null ? "" : path(n.parent) + "/" + n.name;
    }

    /** The export whose root sits at this pseudo directory, or 0. */
    public int junction(FileHandle h) {
        return node(h).junctionExport;
    }

    /** The pseudo directory an export is mounted on. */
    public FileHandle mountPoint(int exportId) {
        for (Node n : nodes.values()) {
            if (n.junctionExport == exportId) {
                return handle(n);
            }
        }
        throw new FsException(FsError.STALE, "export " + exportId + " not in the pseudo file system");
    }

    public long fileId(FileHandle h) {
        return node(h).id;
    }

    private static FileHandle handle(Node n) {
        return new FileHandle(ByteBuffer.allocate(8).putLong(n.id).array());
    }

    private Node node(FileHandle h) {
        if (h.length() != 8) {
            throw new FsException(FsError.BADHANDLE, "not a pseudo handle");
        }
        Node n = nodes.get(ByteBuffer.wrap(h.bytes()).getLong());
        if (n == null) {
            throw new FsException(FsError.STALE, "no such pseudo directory");
        }
        return n;
    }

    private Stat stat(Node n) {
        return new Stat(FileType.DIRECTORY, 0555, 2 + n.children.size(), 0, 0, 4096, 4096, 0, 0, n.id,
                created, created, created, created, 1);
    }

    @Override
    public FsInfo info() {
        return new FsInfo(0, 0, 0, 1 << 20, 1 << 20, 255, false, false, false, 1, false);
    }

    @Override
    public FileHandle root() {
        return handle(root);
    }

    @Override
    public Stat getattr(Creds creds, FileHandle file) {
        return stat(node(file));
    }

    @Override
    public Stat setattr(Creds creds, FileHandle file, SetAttributes attrs) {
        throw readOnly();
    }

    @Override
    public int access(Creds creds, FileHandle file, int mask) {
        node(file);
        return mask & (Access.READ | Access.LOOKUP | Access.EXECUTE);
    }

    @Override
    public Lookup lookup(Creds creds, FileHandle dir, String name) {
        Node c = node(dir).children.get(name);
        if (c == null) {
            throw new FsException(FsError.NOENT, name);
        }
        return new Lookup(handle(c), stat(c));
    }

    @Override
    public Lookup lookupParent(Creds creds, FileHandle dir) {
        Node n = node(dir);
        if (n.parent == null) {
            throw new FsException(FsError.NOENT, "the pseudo root has no parent");
        }
        return new Lookup(handle(n.parent), stat(n.parent));
    }

    @Override
    public Created create(Creds creds, FileHandle dir, String name, CreateHow how, SetAttributes attrs) {
        throw readOnly();
    }

    @Override
    public Created mkdir(Creds creds, FileHandle dir, String name, SetAttributes attrs) {
        throw readOnly();
    }

    @Override
    public Created symlink(Creds creds, FileHandle dir, String name, String target, SetAttributes attrs) {
        throw readOnly();
    }

    @Override
    public Created mknod(Creds creds, FileHandle dir, String name, FileType type, int major, int minor, SetAttributes attrs) {
        throw readOnly();
    }

    @Override
    public ChangeInfo link(Creds creds, FileHandle file, FileHandle dir, String name) {
        throw readOnly();
    }

    @Override
    public ChangeInfo remove(Creds creds, FileHandle dir, String name) {
        throw readOnly();
    }

    @Override
    public Renamed rename(Creds creds, FileHandle fromDir, String fromName, FileHandle toDir, String toName) {
        throw readOnly();
    }

    @Override
    public String readlink(Creds creds, FileHandle link) {
        throw new FsException(FsError.INVAL, "not a symlink");
    }

    @Override
    public DirList readdir(Creds creds, FileHandle dir, long cookie, int maxEntries) {
        Node n = node(dir);
        List<DirEntry> out = new ArrayList<>();
        // cookies: 3 + the child's position, so 0..2 are never used
        int i = 0;
        for (Node c : n.children.values()) {
            long ck = 3 + i++;
            if (Long.compareUnsigned(ck, cookie) <= 0) {
                continue;
            }
            if (out.size() == maxEntries) {
                return new DirList(out, false);
            }
            out.add(new DirEntry(c.name, ck, handle(c), stat(c)));
        }
        if (cookie != 0 && Long.compareUnsigned(cookie, 3L + n.children.size()) > 0) {
            throw new FsException(FsError.BAD_COOKIE, "cookie " + cookie);
        }
        return new DirList(out, true);
    }

    @Override
    public FsStats statfs(Creds creds, FileHandle file) {
        return new FsStats(0, 0, 0, nodes.size(), 0, 0);
    }

    @Override
    public IoHandle open(Creds creds, FileHandle file, int accessMask) {
        throw new FsException(FsError.ISDIR, "pseudo directory");
    }

    @Override
    public int openHandles() {
        return 0;
    }

    @Override
    public void close() {
    }

    private static FsException readOnly() {
        return new FsException(FsError.ROFS, "the pseudo file system is read-only");
    }
}
