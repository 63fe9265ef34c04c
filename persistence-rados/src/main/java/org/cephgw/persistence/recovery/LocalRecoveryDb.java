package org.cephgw.persistence.recovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.NodeIds;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.file.AtomicFile;
import org.cephgw.persistence.file.SealedFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery databases as local files: one file per (epoch, node) in a directory (normally
 * {@code <gateway.state-dir>}), named like the RADOS object, {@code rec-<epoch %016x>:<nodeid>}.
 * Every change rewrites the file whole — write {@code <name>.tmp}, fsync, atomic rename, fsync the
 * directory — under an exclusive lock (in-JVM and {@code FileChannel.lock} on
 * {@code rec-lock:<nodeid>}), see {@link AtomicFile}. Reads take no lock.
 *
 * <p>File format 1, integers little-endian:
 * <pre>
 *   8  magic "CGWRECDB"
 *   4  u32 format = 1
 *   8  u64 epoch            (must match the file name)
 *   2  u16 length L, L bytes node id (UTF-8; must match the file name)
 *   4  u32 n: number of records
 *      n times: u64 clientid, u32 length V, V bytes value (ASCII, {@link RecoveryRecord#encode()});
 *      sorted by unsigned clientid, no duplicates
 *   4  u32 CRC-32C of every byte before it
 * </pre>
 * Anything else is corrupt ({@code -ENOTRECOVERABLE}), refused; only {@link #clear} overwrites a
 * corrupt file, since it discards the content anyway.
 *
 * <p>Node ids must in addition be free of {@code '/'} and at most {@value #MAX_NODE_ID_BYTES} UTF-8
 * bytes (they are part of a file name).
 */
public final class LocalRecoveryDb implements RecoveryDb {
    private static final Logger log = LoggerFactory.getLogger(LocalRecoveryDb.class);
    static final SealedFormat ENVELOPE = new SealedFormat("CGWRECDB", 1, "recovery database");

    /** Longest node id for file names ({@code rec-} + 16 + {@code :} + id + {@code .tmp} within 255 bytes). */
    public static final int MAX_NODE_ID_BYTES = 200;
    /** Prefix of the per-node lock file. */
    public static final String LOCK_PREFIX = "rec-lock:";

    private final Path dir;
    private final String nodeId;
    private final Path lockFile;

    /**
     * @param dir the directory of the files (created when needed)
     * @param nodeId this head's node id
     */
    public LocalRecoveryDb(Path dir, String nodeId) {
        NodeIds.validate(nodeId);
        if (nodeId.indexOf('/') >= 0) {
            throw new StoreException(-Errno.EINVAL, "node id " + NodeIds.quote(nodeId) + " contains '/'");
        }
        if (nodeId.getBytes(StandardCharsets.UTF_8).length > MAX_NODE_ID_BYTES) {
            throw new StoreException(-Errno.EINVAL, "node id longer than " + MAX_NODE_ID_BYTES
                    + " bytes cannot name a local file");
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.nodeId = nodeId;
        this.lockFile = this.dir.resolve(LOCK_PREFIX + nodeId);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** The file of an epoch's database. */
    public Path path(long epoch) {
        return dir.resolve(RecoveryDb.objectName(epoch, nodeId));
    }

    @Override
    public boolean exists(long epoch) {
        return Files.exists(path(epoch));
    }

    @Override
    public void create(long epoch) {
        AtomicFile f = file(epoch);
        io(f, "create", () -> f.update(tx -> {
            byte[] content = tx.read();
            if (content == null) {
                tx.write(encode(epoch, Collections.emptySortedMap()));
            } else {
                decode(epoch, content, f.path());
            }
            return null;
        }));
    }

    @Override
    public void clear(long epoch) {
        AtomicFile f = file(epoch);
        io(f, "clear", () -> f.update(tx -> {
            byte[] content = tx.read();
            if (content != null) {
                try {
                    if (decode(epoch, content, f.path()).isEmpty()) {
                        return null;
                    }
                } catch (StoreException e) {
                    log.warn("clearing {}: {}", f.path(), e.getMessage());
                }
            }
            tx.write(encode(epoch, Collections.emptySortedMap()));
            return null;
        }));
    }

    @Override
    public void put(long epoch, long clientId, RecoveryRecord record) {
        String value = record.encode();
        AtomicFile f = file(epoch);
        io(f, "put", () -> f.update(tx -> {
            SortedMap<Long, String> values = decode(epoch, existing(tx.read(), f), f.path());
            if (!value.equals(values.put(clientId, value))) {
                tx.write(encode(epoch, values));
            }
            return null;
        }));
    }

    @Override
    public void putAll(long epoch, java.util.Map<Long, RecoveryRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        java.util.Map<Long, String> encoded = new java.util.LinkedHashMap<>();
        records.forEach((id, r) -> encoded.put(id, r.encode()));
        AtomicFile f = file(epoch);
        io(f, "put", () -> f.update(tx -> {
            SortedMap<Long, String> values = decode(epoch, existing(tx.read(), f), f.path());
            boolean changed = false;
            for (var e : encoded.entrySet()) {
                changed |= !e.getValue().equals(values.put(e.getKey(), e.getValue()));
            }
            if (changed) {
                tx.write(encode(epoch, values));
            }
            return null;
        }));
    }

    @Override
    public void remove(long epoch, long clientId) {
        AtomicFile f = file(epoch);
        io(f, "remove", () -> f.update(tx -> {
            SortedMap<Long, String> values = decode(epoch, existing(tx.read(), f), f.path());
            if (values.remove(clientId) != null) {
                tx.write(encode(epoch, values));
            }
            return null;
        }));
    }

    @Override
    public SortedMap<Long, RecoveryRecord> list(long epoch) {
        AtomicFile f = file(epoch);
        byte[] content = io(f, "list", f::read);
        SortedMap<Long, RecoveryRecord> records = new TreeMap<>(Long::compareUnsigned);
        for (Map.Entry<Long, String> e : decode(epoch, existing(content, f), f.path()).entrySet()) {
            try {
                records.put(e.getKey(), RecoveryRecord.decode(e.getValue()));
            } catch (IllegalArgumentException bad) {
                throw ENVELOPE.corrupt(f.path(), "clientid " + RecoveryDb.key(e.getKey()) + ": " + bad.getMessage());
            }
        }
        return Collections.unmodifiableSortedMap(records);
    }

    @Override
    public boolean delete(long epoch) {
        AtomicFile f = file(epoch);
        return io(f, "delete", () -> f.update(tx -> tx.delete()));
    }

    @Override
    public SortedSet<Long> epochs() {
        SortedSet<Long> epochs = new TreeSet<>(Long::compareUnsigned);
        String suffix = ":" + nodeId;
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.length() == 4 + 16 + suffix.length() && name.startsWith("rec-") && name.endsWith(suffix)) {
                    String hex = name.substring(4, 20);
                    if (hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                        long epoch = Long.parseUnsignedLong(hex, 16);
                        if (epoch != 0) {
                            epochs.add(epoch);
                        }
                    }
                }
            });
        } catch (NoSuchFileException e) {
            return epochs;
        } catch (IOException e) {
            throw new StoreException(-Errno.EIO, "listing recovery databases in " + dir + " failed: " + e, e);
        }
        return epochs;
    }

    @Override
    public void close() {
        // nothing held between calls
    }

    @Override
    public String toString() {
        return "LocalRecoveryDb[" + dir + ", " + nodeId + "]";
    }

    private AtomicFile file(long epoch) {
        return new AtomicFile(path(epoch), lockFile);
    }

    private byte[] existing(byte[] content, AtomicFile f) {
        if (content == null) {
            throw new StoreException(-Errno.ENOENT, "recovery database " + f.path() + " does not exist (create it first)");
        }
        return content;
    }

    private byte[] encode(long epoch, SortedMap<Long, String> values) {
        byte[] node = nodeId.getBytes(StandardCharsets.UTF_8);
        List<byte[]> encoded = new ArrayList<>(values.size());
        int body = 8 + 2 + node.length + 4;
        for (String v : values.values()) {
            byte[] b = v.getBytes(StandardCharsets.US_ASCII);
            encoded.add(b);
            body += 8 + 4 + b.length;
        }
        ByteBuffer b = ENVELOPE.newBuffer(body);
        b.putLong(epoch).putShort((short) node.length).put(node).putInt(values.size());
        int i = 0;
        for (Long clientId : values.keySet()) {
            byte[] v = encoded.get(i++);
            b.putLong(clientId).putInt(v.length).put(v);
        }
        return ENVELOPE.seal(b);
    }

    private SortedMap<Long, String> decode(long epoch, byte[] content, Path path) {
        ByteBuffer b = ENVELOPE.open(content, path);
        return ENVELOPE.decode(path, () -> {
            long storedEpoch = b.getLong();
            String storedNode = ENVELOPE.utf8(b, Short.toUnsignedInt(b.getShort()), path);
            if (storedEpoch != epoch || !storedNode.equals(nodeId)) {
                throw ENVELOPE.corrupt(path, "it holds epoch " + Long.toHexString(storedEpoch) + " of node "
                        + NodeIds.quote(storedNode) + ", not what its name says");
            }
            long n = Integer.toUnsignedLong(b.getInt());
            if (n > b.remaining() / 12) {
                throw ENVELOPE.corrupt(path, n + " records cannot fit in " + b.remaining() + " bytes");
            }
            SortedMap<Long, String> values = new TreeMap<>(Long::compareUnsigned);
            Long previous = null;
            for (long i = 0; i < n; i++) {
                long clientId = b.getLong();
                long len = Integer.toUnsignedLong(b.getInt());
                if (len == 0 || len > b.remaining()) {
                    throw ENVELOPE.corrupt(path, "record " + i + " has a value of " + len + " bytes");
                }
                byte[] v = new byte[(int) len];
                b.get(v);
                for (byte x : v) {
                    if (x < 0x20 || x > 0x7e) {
                        throw ENVELOPE.corrupt(path, "record " + i + " has a value that is not printable ASCII");
                    }
                }
                if (previous != null && Long.compareUnsigned(previous, clientId) >= 0) {
                    throw ENVELOPE.corrupt(path, "records out of order or duplicated at clientid "
                            + RecoveryDb.key(clientId));
                }
                values.put(clientId, new String(v, StandardCharsets.US_ASCII));
                previous = clientId;
            }
            ENVELOPE.requireEnd(b, path);
            return values;
        });
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(AtomicFile f, String op, IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new StoreException(-Errno.EIO, op + " on recovery database " + f.path() + " failed: " + e, e);
        }
    }
}
