package org.cephgw.persistence.grace;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.file.SealedFormat;
import org.cephgw.persistence.grace.GraceState.Flags;

/**
 * The file format of {@link LocalGraceDb} (format 1), all integers little-endian:
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "CGWGRACE"
 *      8     4  u32 format = 1
 *     12     8  u64 version: 1 when created, +1 on every committed change
 *     20    16  u64 cur, u64 rec — byte for byte the 16 data bytes of the RADOS "grace" object
 *     36     4  u32 n: number of members (at most 1024)
 *     40        n times: u16 length L (1..1024), L bytes node id (UTF-8), u8 flags (0x1 N, 0x2 E;
 *               no other bits); members sorted by node id bytes, no duplicates
 *    end-4   4  u32 CRC-32C of every byte before it
 * </pre>
 *
 * Anything else — wrong size, magic, format, checksum, {@code cur == 0}, unsorted or duplicate
 * members, unknown flag bits, trailing bytes — is a corrupt database ({@code -ENOTRECOVERABLE}).
 */
final class LocalGraceFormat {
    static final SealedFormat ENVELOPE = new SealedFormat("CGWGRACE", 1, "grace database");

    /** A committed state with its change counter. */
    record Stored(long version, GraceState state) {}

    private LocalGraceFormat() {}

    static byte[] encode(long version, GraceState s) {
        List<byte[]> keys = new ArrayList<>(s.members().size());
        int body = 8 + 16 + 4;
        for (String n : s.members().keySet()) {
            byte[] k = n.getBytes(StandardCharsets.UTF_8);
            keys.add(k);
            body += 2 + k.length + 1;
        }
        ByteBuffer b = ENVELOPE.newBuffer(body);
        b.putLong(version).putLong(s.cur()).putLong(s.rec()).putInt(keys.size());
        int i = 0;
        for (Flags f : s.members().values()) {
            byte[] k = keys.get(i++);
            b.putShort((short) k.length).put(k).put((byte) f.bits());
        }
        return ENVELOPE.seal(b);
    }

    static Stored decode(byte[] content, Path path) {
        ByteBuffer b = ENVELOPE.open(content, path);
        return ENVELOPE.decode(path, () -> {
            long version = b.getLong();
            long cur = b.getLong();
            long rec = b.getLong();
            if (cur == 0) {
                throw ENVELOPE.corrupt(path, "current epoch 0 (epoch 0 is never valid)");
            }
            long n = Integer.toUnsignedLong(b.getInt());
            if (n > GraceTransitions.MAX_MEMBERS) {
                throw ENVELOPE.corrupt(path, n + " members, more than " + GraceTransitions.MAX_MEMBERS);
            }
            TreeMap<String, Flags> members = new TreeMap<>(GraceState.NODE_ORDER);
            String previous = null;
            for (long i = 0; i < n; i++) {
                int len = Short.toUnsignedInt(b.getShort());
                if (len == 0 || len > GraceTransitions.MAX_NODE_ID_BYTES) {
                    throw ENVELOPE.corrupt(path, "member " + i + " has a node id of " + len + " bytes");
                }
                String node = ENVELOPE.utf8(b, len, path);
                try {
                    GraceTransitions.validateNodeId(node);
                } catch (StoreException e) {
                    throw ENVELOPE.corrupt(path, "member " + i + ": " + e.getMessage());
                }
                if (previous != null && GraceState.NODE_ORDER.compare(previous, node) >= 0) {
                    throw ENVELOPE.corrupt(path, "members out of order or duplicated at "
                            + GraceTransitions.printable(node));
                }
                int flags = Byte.toUnsignedInt(b.get());
                if ((flags & ~(Flags.NEED_GRACE | Flags.ENFORCING)) != 0) {
                    throw ENVELOPE.corrupt(path, "member " + GraceTransitions.printable(node)
                            + " has unknown flag bits 0x" + Integer.toHexString(flags));
                }
                members.put(node, Flags.of(flags));
                previous = node;
            }
            ENVELOPE.requireEnd(b, path);
            return new Stored(version, new GraceState(cur, rec, members));
        });
    }
}
