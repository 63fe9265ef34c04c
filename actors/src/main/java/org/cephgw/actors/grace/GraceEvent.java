package org.cephgw.actors.grace;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.cephgw.actors.CborSerializable;
import org.cephgw.persistence.grace.GraceState;

/**
 * A reading of the grace database as the {@link GraceWatcher} singleton published it on the
 * cluster topic {@link GraceWatcher#TOPIC}: {@code rec != 0} tells every head to enforce (a grace
 * period is in force), {@code rec == 0} that the grace period was lifted. Its own record rather
 * than {@link GraceState}, because it crosses nodes (Jackson CBOR) and the persistence module's
 * types are not made for that.
 *
 * @param publisher   the cluster address of the node whose watcher read it (where the singleton ran)
 * @param incarnation identifies one run of the singleton; {@code seq} counts within it
 * @param seq         1, 2, … in the order the watcher read the states (each differs from the previous)
 * @param cur         the current epoch (unsigned)
 * @param rec         the recovery epoch (unsigned; 0 = no grace period)
 * @param members     node id → flag byte as stored ({@link GraceState.Flags#bits()})
 */
public record GraceEvent(String publisher, long incarnation, long seq, long cur, long rec, Map<String, Byte> members)
        implements CborSerializable {

    public GraceEvent {
        Objects.requireNonNull(publisher, "publisher");
        members = Map.copyOf(Objects.requireNonNull(members, "members"));
    }

    static GraceEvent of(String publisher, long incarnation, long seq, GraceState st) {
        Map<String, Byte> m = new TreeMap<>();
        st.members().forEach((node, flags) -> m.put(node, (byte) flags.bits()));
        return new GraceEvent(publisher, incarnation, seq, st.cur(), st.rec(), m);
    }

    /** The state this event carries, as the persistence module models it. */
    public GraceState state() {
        TreeMap<String, GraceState.Flags> m = new TreeMap<>(GraceState.NODE_ORDER);
        members.forEach((node, bits) -> m.put(node, GraceState.Flags.of(bits)));
        return new GraceState(cur, rec, m);
    }
}
