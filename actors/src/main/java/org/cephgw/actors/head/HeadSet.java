package org.cephgw.actors.head;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The heads of a cluster: each with a unique name and a unique index, the first byte of the
 * clientids and sessionids it issues ({@link org.cephgw.actors.state.Ids}). Immutable; the heads
 * are kept in the order of their indexes, whatever order they were given in.
 *
 * <p>{@link #forOwner} assigns a new client to a head by rendezvous (highest-random-weight)
 * hashing over the head names: every head is weighed with a hash of (its name, the client's
 * co_ownerid) and the heaviest wins. The choice depends only on the set of names and the owner,
 * so every node that knows the same heads picks the same head; a head leaving moves only the
 * owners it held, and a head joining takes owners only to itself.
 *
 * <p><b>The weight function is part of the cluster's protocol and must never change</b>: nodes
 * of different releases run side by side during a rolling upgrade, and two nodes that disagree
 * would send one client to two heads. {@code HeadSetTest} pins concrete results so that an
 * accidental change fails the build.
 */
public final class HeadSet {

    /**
     * One head.
     *
     * @param name  its name in the cluster, unique, what {@link #forOwner} hashes
     * @param index 0..255: the first byte of the clientids and sessionids it issues
     */
    public record Head(String name, int index) {
        public Head {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty head name");
            }
            if (index < 0 || index > MAX_INDEX) {
                throw new IllegalArgumentException("head index " + index + " of " + name + " is outside 0.." + MAX_INDEX);
            }
        }
    }

    /** The largest head index: one byte of the identifiers. */
    public static final int MAX_INDEX = 255;

    private final List<Head> heads;
    private final Head[] byIndex = new Head[MAX_INDEX + 1];
    private final Map<String, Head> byName;
    /** per head (as in {@link #heads}): the hash state after its name, see {@link #weight} */
    private final long[] nameStates;
    /** per head: its name in UTF-8, to break ties */
    private final byte[][] nameBytes;

    /**
     * @throws IllegalArgumentException when two heads share a name or an index
     */
    public HeadSet(Collection<Head> heads) {
        List<Head> sorted = new ArrayList<>(heads.size());
        Map<String, Head> names = new HashMap<>();
        for (Head h : heads) {
            Objects.requireNonNull(h, "head");
            Head other = byIndex[h.index()];
            if (other != null) {
                throw new IllegalArgumentException("heads " + other.name() + " and " + h.name()
                        + " have the same index " + h.index());
            }
            if (names.containsKey(h.name())) {
                throw new IllegalArgumentException("two heads are named " + h.name());
            }
            byIndex[h.index()] = h;
            names.put(h.name(), h);
            sorted.add(h);
        }
        sorted.sort(Comparator.comparingInt(Head::index));
        this.heads = List.copyOf(sorted);
        this.byName = Map.copyOf(names);
        this.nameStates = new long[sorted.size()];
        this.nameBytes = new byte[sorted.size()][];
        for (int i = 0; i < sorted.size(); i++) {
            nameBytes[i] = sorted.get(i).name().getBytes(StandardCharsets.UTF_8);
            nameStates[i] = absorbLength(absorb(FNV_OFFSET, nameBytes[i]), nameBytes[i].length);
        }
    }

    public static HeadSet of(Head... heads) {
        return new HeadSet(Arrays.asList(heads));
    }

    /** The heads, by increasing index. */
    public List<Head> heads() {
        return heads;
    }

    public int size() {
        return heads.size();
    }

    /** The head with this index; empty also for an index outside 0..255. */
    public Optional<Head> byIndex(int index) {
        if (index < 0 || index > MAX_INDEX) {
            return Optional.empty();
        }
        return Optional.ofNullable(byIndex[index]);
    }

    public Optional<Head> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The head a new client with this EXCHANGE_ID co_ownerid is assigned to: the head whose
     * {@link #weight(byte[], byte[]) weight} for the owner is the highest (as an unsigned
     * number; on a tie, which needs a 64-bit collision, the head whose name's UTF-8 bytes are
     * greater). Depends only on the set of head names and the owner bytes.
     *
     * @throws IllegalStateException when the set is empty
     */
    public Head forOwner(byte[] ownerId) {
        Objects.requireNonNull(ownerId, "ownerId");
        if (heads.isEmpty()) {
            throw new IllegalStateException("no heads to assign a client to");
        }
        int best = 0;
        long bestWeight = weightFrom(nameStates[0], ownerId);
        for (int i = 1; i < nameStates.length; i++) {
            long w = weightFrom(nameStates[i], ownerId);
            int c = Long.compareUnsigned(w, bestWeight);
            if (c > 0 || c == 0 && Arrays.compareUnsigned(nameBytes[i], nameBytes[best]) > 0) {
                best = i;
                bestWeight = w;
            }
        }
        return heads.get(best);
    }

    // ------------------------------------------------------------------ the weight (never change)

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /**
     * The rendezvous weight of a head for an owner. 64-bit FNV-1a over the name's bytes, the
     * name's length (4 bytes, big-endian), the owner's bytes and the owner's length, so that no
     * two (name, owner) pairs feed the same bytes; then a finalizer of the MurmurHash3 kind
     * (xor-shift 33, multiply, xor-shift 33, multiply, xor-shift 33) so that every input bit
     * reaches every output bit, which FNV alone does not do for its high bits. Only Java's
     * defined 64-bit integer arithmetic: the same on every platform.
     *
     * <p><b>Never change this function</b> (nor the UTF-8 encoding of names): every node of a
     * cluster, of whatever release, must compute the same weights.
     */
    static long weight(byte[] name, byte[] owner) {
        return weightFrom(absorbLength(absorb(FNV_OFFSET, name), name.length), owner);
    }

    private static long weightFrom(long nameState, byte[] owner) {
        return finish(absorbLength(absorb(nameState, owner), owner.length));
    }

    private static long absorb(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    private static long absorbLength(long h, int length) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            h = (h ^ ((length >>> shift) & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    // ------------------------------------------------------------------ value semantics

    /** Two sets are equal when they hold the same heads (names and indexes). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HeadSet s && s.heads.equals(heads);
    }

    @Override
    public int hashCode() {
        return heads.hashCode();
    }

    @Override
    public String toString() {
        return "HeadSet" + heads;
    }
}
