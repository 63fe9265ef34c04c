package org.cephgw.loadgen;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.cephgw.client.Ops;
import org.cephgw.client.Res;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.Entry4;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.READDIR4res;
import org.cephgw.protocol.nfs4.Stateid4;

/**
 * The directory tree a load run works in, {@code <path>/loadgen-<run>/} in the server's
 * namespace: {@code shared/f<i>} (stat, open-close), {@code big/e<i>} (readdir), {@code data}
 * (random and sequential I/O) — each made by the first workload that needs it — and a directory
 * {@code c<i>} per client. Also the bulk helpers that make and remove many names with every slot
 * of a client busy.
 */
final class Tree {
    /** What the Linux client asks for in GETATTR after LOOKUP and in READDIR (readdirplus). */
    static final int[] ATTRS = {FATTR4_TYPE, FATTR4_CHANGE, FATTR4_SIZE, FATTR4_FSID, FATTR4_FILEID, FATTR4_MODE,
        FATTR4_NUMLINKS, FATTR4_OWNER, FATTR4_OWNER_GROUP, FATTR4_RAWDEV, FATTR4_SPACE_USED, FATTR4_TIME_ACCESS,
        FATTR4_TIME_METADATA, FATTR4_TIME_MODIFY, FATTR4_MOUNTED_ON_FILEID};
    static final int[] READDIR_ATTRS = {FATTR4_RDATTR_ERROR, FATTR4_TYPE, FATTR4_CHANGE, FATTR4_SIZE, FATTR4_FSID, FATTR4_FILEHANDLE,
        FATTR4_FILEID, FATTR4_MODE, FATTR4_NUMLINKS, FATTR4_OWNER, FATTR4_OWNER_GROUP, FATTR4_RAWDEV,
        FATTR4_SPACE_USED, FATTR4_TIME_ACCESS, FATTR4_TIME_METADATA, FATTR4_TIME_MODIFY, FATTR4_MOUNTED_ON_FILEID};
    static final int MIB = 1 << 20;

    private final Options options;
    private LoadClient admin;
    final String name;
    private final byte[] parent;
    final byte[] root;
    private byte[] shared;
    private byte[] big;
    private byte[] data;
    private final List<byte[]> clientDirs = new ArrayList<>();

    private Tree(Options options, LoadClient admin, String name, byte[] parent, byte[] root) {
        this.options = options;
        this.admin = admin;
        this.name = name;
        this.parent = parent;
        this.root = root;
    }

    /** Makes {@code <path>/loadgen-<run>} with {@code admin}, the client that also makes the fixtures. */
    static Tree make(Options options, LoadClient admin, String run) throws IOException {
        List<NfsArgop> lookup = new ArrayList<>(Ops.root(options.path()));
        lookup.add(Ops.getfh());
        byte[] parent = Res.fh(admin.okNow(0, lookup));
        String name = "loadgen-" + run;
        byte[] root = mkdir(admin, parent, name);
        return new Tree(options, admin, name, parent, root);
    }

    static byte[] mkdir(LoadClient c, byte[] dir, String name) throws IOException {
        COMPOUND4res r = c.callNow(0, List.of(Ops.putfh(dir), Ops.mkdir(name), Ops.getfh()));
        if (r.status() == NfsStat4.NFS4ERR_EXIST) {
            r = c.okNow(0, List.of(Ops.putfh(dir), Ops.lookup(name), Ops.getfh()));
        }
        return Res.fh(LoadClient.requireOk(r));
    }

    /** From now on {@code c} makes the fixtures and removes the tree (the first admin is gone). */
    synchronized void admin(LoadClient c) {
        this.admin = c;
    }

    /** How many files {@link #shared} has. */
    int files() {
        return options.files();
    }

    /** Size of {@link #data} in bytes. */
    long dataBytes() {
        return (long) options.dataMiB() * MIB;
    }

    /** {@code shared/} with {@code --files} empty files f0... */
    synchronized byte[] shared() throws IOException {
        if (shared == null) {
            byte[] d = mkdir(admin, root, "shared");
            createFiles(admin, d, "f", options.files());
            shared = d;
        }
        return shared;
    }

    /** {@code big/} with {@code --dir-entries} empty files e0... */
    synchronized byte[] big() throws IOException {
        if (big == null) {
            byte[] d = mkdir(admin, root, "big");
            createFiles(admin, d, "e", options.dirEntries());
            big = d;
        }
        return big;
    }

    /** {@code data}, {@code --data-mib} MiB written in 1 MiB writes (or {@link LoadClient#ioMax}) and committed. */
    synchronized byte[] data() throws IOException {
        if (data == null) {
            COMPOUND4res r = admin.okNow(0, List.of(Ops.putfh(root),
                    Ops.openCreate(admin.owner("setup"), "data", OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE,
                            Ops.unchecked()), Ops.getfh()));
            byte[] fh = Res.fh(r);
            Stateid4 open = Res.openStateid(r);
            int size = admin.ioMax();
            byte[] chunk = new byte[size];
            new java.util.Random(1).nextBytes(chunk);
            forEach(admin, (int) (dataBytes() / size), (slot, i) ->
                    admin.okPatiently(slot, List.of(Ops.putfh(fh), Ops.writeUnstable(open, (long) i * size, chunk))));
            admin.okNow(0, List.of(Ops.putfh(fh), Ops.commit(0, 0), Ops.close(open)));
            data = fh;
        }
        return data;
    }

    /** Client {@code index}'s own directory {@code c<index>}. */
    byte[] clientDir(LoadClient c) throws IOException {
        synchronized (clientDirs) {
            while (clientDirs.size() <= c.index) {
                clientDirs.add(null);
            }
            if (clientDirs.get(c.index) == null) {
                clientDirs.set(c.index, mkdir(c, root, "c" + c.index));
            }
            return clientDirs.get(c.index);
        }
    }

    /** Empty files {@code prefix0...} in {@code dir}, every slot busy. */
    static void createFiles(LoadClient c, byte[] dir, String prefix, int count) throws IOException {
        forEach(c, count, (slot, i) -> createFile(c, slot, dir, prefix + i));
    }

    /** An empty file {@code name} in {@code dir} (there may be one already); its handle. */
    static byte[] createFile(LoadClient c, byte[] dir, String name) throws IOException {
        return LoadClient.await(createFile(c, 0, dir, name));
    }

    /** OPEN (create, unchecked) and CLOSE. */
    static CompletableFuture<byte[]> createFile(LoadClient c, int slot, byte[] dir, String name) {
        return c.okPatiently(slot, List.of(Ops.putfh(dir), Ops.openCreate(c.owner("setup" + slot), name,
                        OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_NONE, Ops.unchecked()), Ops.getfh()))
                .thenCompose(r -> c.okPatiently(slot, List.of(Ops.putfh(Res.fh(r)), Ops.close(Res.openStateid(r))))
                        .thenApply(x -> Res.fh(r)));
    }

    /**
     * Runs {@code fn(slot, i)} for i in [0, count) with every slot of {@code c} kept busy; waits
     * for all and throws the first failure.
     */
    static void forEach(LoadClient c, int count, BiFunction<Integer, Integer, CompletableFuture<?>> fn)
            throws IOException {
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (int s = 0; s < c.slots; s++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            chains.add(done);
            step(next, count, s, fn, done);
        }
        LoadClient.await(CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)));
    }

    private static void step(AtomicInteger next, int count, int slot,
                             BiFunction<Integer, Integer, CompletableFuture<?>> fn, CompletableFuture<Void> done) {
        int i = next.getAndIncrement();
        if (i >= count) {
            done.complete(null);
            return;
        }
        fn.apply(slot, i).whenComplete((r, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                step(next, count, slot, fn, done);
            }
        });
    }

    /** Removes the whole tree (what every workload left in it included). */
    void remove() throws IOException {
        removeContents(admin, root);
        admin.okNow(0, List.of(Ops.putfh(parent), Ops.remove(name)));
    }

    private static void removeContents(LoadClient c, byte[] dir) throws IOException {
        while (true) {
            List<Entry4> entries = new ArrayList<>();
            long cookie = 0;
            byte[] verf = new byte[8];
            boolean eof = false;
            while (!eof && entries.size() < 50_000) {
                COMPOUND4res r = c.okNow(0, List.of(Ops.putfh(dir),
                        Ops.readdir(cookie, verf, 65536, 262144, FATTR4_TYPE, FATTR4_FILEHANDLE)));
                READDIR4res rd = Res.get(r, READDIR4res.class);
                verf = rd.resok().cookieverf();
                for (Entry4 e : rd.resok().reply().entries()) {
                    entries.add(e);
                    cookie = e.cookie();
                }
                eof = rd.resok().reply().eof() || rd.resok().reply().entries().isEmpty();
            }
            if (entries.isEmpty()) {
                return;
            }
            for (Entry4 e : entries) {
                NfsAttrs a = NfsAttrs.decode(e.attrs());
                if (a.type() != null && a.type() == NF4DIR) {
                    removeContents(c, a.filehandle());
                }
            }
            forEach(c, entries.size(), (slot, i) -> c.call(slot, List.of(Ops.putfh(dir), Ops.remove(entries.get(i).name())))
                    .thenApply(res -> res.status() == NfsStat4.NFS4ERR_NOENT ? res : LoadClient.requireOk(res)));
        }
    }
}
