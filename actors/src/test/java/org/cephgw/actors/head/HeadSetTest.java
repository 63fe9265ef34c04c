package org.cephgw.actors.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.cephgw.actors.head.HeadSet.Head;
import org.junit.jupiter.api.Test;

/** The heads of a cluster and the rendezvous assignment of new clients to them. */
class HeadSetTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Heads with these names, indexed from {@code firstIndex} on in the order given. */
    private static HeadSet named(List<String> names, int firstIndex) {
        List<Head> heads = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            heads.add(new Head(names.get(i), (firstIndex + i) % 256));
        }
        return new HeadSet(heads);
    }

    // ------------------------------------------------------------------ the set

    @Test
    void looksUpHeadsByIndexAndName() {
        HeadSet s = HeadSet.of(new Head("c", 9), new Head("a", 0), new Head("b", 255));
        assertThat(s.size()).isEqualTo(3);
        // kept in index order, whatever order they were given in
        assertThat(s.heads()).containsExactly(new Head("a", 0), new Head("c", 9), new Head("b", 255));
        assertThat(s.byIndex(9)).contains(new Head("c", 9));
        assertThat(s.byIndex(255)).contains(new Head("b", 255));
        assertThat(s.byIndex(1)).isEmpty();
        assertThat(s.byIndex(-1)).isEmpty();
        assertThat(s.byIndex(256)).isEmpty();
        assertThat(s.byName("a")).contains(new Head("a", 0));
        assertThat(s.byName("d")).isEmpty();
        assertThat(s).isEqualTo(HeadSet.of(new Head("b", 255), new Head("a", 0), new Head("c", 9)));
        assertThat(s).hasSameHashCodeAs(HeadSet.of(new Head("b", 255), new Head("a", 0), new Head("c", 9)));
        assertThat(s).isNotEqualTo(HeadSet.of(new Head("a", 0), new Head("c", 9), new Head("b", 254)));
    }

    @Test
    void theListOfHeadsCannotBeChanged() {
        HeadSet s = HeadSet.of(new Head("a", 0));
        assertThatThrownBy(() -> s.heads().add(new Head("b", 1))).isInstanceOf(UnsupportedOperationException.class);
        List<Head> given = new ArrayList<>(List.of(new Head("a", 0)));
        HeadSet t = new HeadSet(given);
        given.add(new Head("b", 1));
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void refusesDuplicateNamesAndIndexes() {
        assertThatThrownBy(() -> HeadSet.of(new Head("a", 1), new Head("b", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same index 1").hasMessageContaining("a").hasMessageContaining("b");
        assertThatThrownBy(() -> HeadSet.of(new Head("a", 1), new Head("a", 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named a");
    }

    @Test
    void refusesBadHeads() {
        assertThatThrownBy(() -> new Head("a", 256)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
        assertThatThrownBy(() -> new Head("a", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new Head("", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new Head(null, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> HeadSet.of(new Head("a", 0), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anEmptySetAssignsNobody() {
        HeadSet empty = HeadSet.of();
        assertThat(empty.size()).isZero();
        assertThat(empty.heads()).isEmpty();
        assertThatThrownBy(() -> empty.forOwner(new byte[] {1})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSingleHeadTakesEveryone() {
        HeadSet one = HeadSet.of(new Head("only", 17));
        assertThat(one.forOwner(new byte[0])).isEqualTo(new Head("only", 17));
        assertThat(one.forOwner(new byte[1024])).isEqualTo(new Head("only", 17));
    }

    // ------------------------------------------------------------------ golden values

    /**
     * The weight function is part of the cluster protocol: these values were computed by an
     * independent implementation of the algorithm the javadoc describes. If this test fails, the
     * hash changed, and nodes of different releases would assign clients differently.
     */
    @Test
    void theWeightNeverChanges() {
        assertThat(HeadSet.weight(bytes("head-0"), new byte[0])).isEqualTo(0xedf0def5be067369L);
        assertThat(HeadSet.weight(bytes("head-0"), bytes("Linux NFSv4.1 client1"))).isEqualTo(0x8017a10fbcf094d6L);
        assertThat(HeadSet.weight(bytes("a"), new byte[] {0})).isEqualTo(0xc52d7e37bd864f53L);
        byte[] sixteen = new byte[16];
        for (int i = 0; i < 16; i++) {
            sixteen[i] = (byte) i;
        }
        assertThat(HeadSet.weight(bytes("nfs-b"), sixteen)).isEqualTo(0x1f536aa82e47a2b1L);
        // names are hashed as UTF-8
        assertThat(HeadSet.weight(bytes("h\u00e9ad"), bytes("x"))).isEqualTo(0xa249586bee642673L);
    }

    @Test
    void theAssignmentNeverChanges() {
        HeadSet six = HeadSet.of(new Head("head-a", 0), new Head("head-b", 1), new Head("head-c", 2),
                new Head("head-d", 3), new Head("head-e", 4), new Head("head-f", 5));
        byte[] ones = new byte[1024];
        Arrays.fill(ones, (byte) 0xff);
        assertThat(six.forOwner(bytes("Linux NFSv4.1 client1")).name()).isEqualTo("head-e");
        assertThat(six.forOwner(bytes("Linux NFSv4.1 client2")).name()).isEqualTo("head-f");
        assertThat(six.forOwner(new byte[0]).name()).isEqualTo("head-a");
        assertThat(six.forOwner(ones).name()).isEqualTo("head-b");
        assertThat(six.forOwner(bytes("0123456789abcdef")).name()).isEqualTo("head-b");
    }

    @Test
    void theAssignmentGoesByNameNotIndex() {
        HeadSet six = HeadSet.of(new Head("head-a", 0), new Head("head-b", 1), new Head("head-c", 2),
                new Head("head-d", 3), new Head("head-e", 4), new Head("head-f", 5));
        HeadSet renumbered = HeadSet.of(new Head("head-a", 50), new Head("head-b", 40), new Head("head-c", 30),
                new Head("head-d", 20), new Head("head-e", 10), new Head("head-f", 0));
        assertThat(renumbered.forOwner(bytes("Linux NFSv4.1 client1"))).isEqualTo(new Head("head-e", 10));
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) {
            byte[] owner = new byte[r.nextInt(40)];
            r.nextBytes(owner);
            assertThat(renumbered.forOwner(owner).name()).isEqualTo(six.forOwner(owner).name());
        }
    }

    // ------------------------------------------------------------------ properties

    @Provide
    Arbitrary<List<String>> names() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '\u00e9')
                .ofMinLength(1).ofMaxLength(12).set().ofMinSize(1).ofMaxSize(10).<List<String>>map(ArrayList::new);
    }

    @Provide
    Arbitrary<List<byte[]>> owners() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64).list().ofMinSize(1).ofMaxSize(50);
    }

    /** Depends only on the set of names and the owner: not on the order or the indexes. */
    @Property(tries = 300)
    void theChoiceDependsOnlyOnTheNames(@ForAll("names") List<String> names, @ForAll("owners") List<byte[]> owners,
                                        @ForAll long seed) {
        HeadSet s = named(names, 0);
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(seed));
        HeadSet t = named(shuffled, (int) (seed & 0xff));
        for (byte[] owner : owners) {
            assertThat(t.forOwner(owner).name()).isEqualTo(s.forOwner(owner).name());
            // and the same set asked again answers the same
            assertThat(s.forOwner(owner.clone())).isEqualTo(s.forOwner(owner));
        }
    }

    /** A head leaving moves only the owners it held; they spread over the others. */
    @Property(tries = 300)
    void removingAHeadMovesOnlyItsOwners(@ForAll("names") List<String> names, @ForAll("owners") List<byte[]> owners,
                                         @ForAll long seed) {
        if (names.size() < 2) {
            return;
        }
        HeadSet before = named(names, 0);
        List<String> fewer = new ArrayList<>(names);
        String gone = fewer.remove(new Random(seed).nextInt(fewer.size()));
        HeadSet after = named(fewer, 0);
        for (byte[] owner : owners) {
            String was = before.forOwner(owner).name();
            String is = after.forOwner(owner).name();
            if (!was.equals(gone)) {
                assertThat(is).as("owner of %s", was).isEqualTo(was);
            }
        }
    }

    /** A head joining takes owners only to itself. */
    @Property(tries = 300)
    void addingAHeadMovesOwnersOnlyToIt(@ForAll("names") List<String> names, @ForAll("owners") List<byte[]> owners) {
        String added = "new-" + String.join("", names);
        HeadSet before = named(names, 0);
        List<String> more = new ArrayList<>(names);
        more.add(added);
        HeadSet after = named(more, 100);
        for (byte[] owner : owners) {
            String was = before.forOwner(owner).name();
            String is = after.forOwner(owner).name();
            assertThat(is).isIn(was, added);
        }
    }

    /** 60,000 random owners over 6 heads: every head gets 10,000 ± 10%. */
    @Property(tries = 5)
    void spreadsOwnersEvenly(@ForAll("sixNames") List<String> names, @ForAll long seed) {
        HeadSet s = named(names, 0);
        Map<String, Integer> counts = new HashMap<>();
        Random r = new Random(seed);
        for (int i = 0; i < 60_000; i++) {
            byte[] owner = new byte[1 + r.nextInt(48)];
            r.nextBytes(owner);
            counts.merge(s.forOwner(owner).name(), 1, Integer::sum);
        }
        assertThat(counts.keySet()).isEqualTo(Set.copyOf(names));
        assertThat(counts.values()).as("%s", counts).allSatisfy(n -> assertThat(n).isBetween(9_000, 11_000));
    }

    /** Owners as real clients make them: one prefix and a counter, differing in a byte or two. */
    @Property(tries = 5)
    void spreadsSimilarOwnersEvenly(@ForAll("sixNames") List<String> names) {
        HeadSet s = named(names, 0);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 60_000; i++) {
            counts.merge(s.forOwner(bytes("Linux NFSv4.2 host-" + i)).name(), 1, Integer::sum);
        }
        assertThat(counts.values()).as("%s", counts).hasSize(6)
                .allSatisfy(n -> assertThat(n).isBetween(9_000, 11_000));
    }

    @Provide
    Arbitrary<List<String>> sixNames() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-')
                .ofMinLength(1).ofMaxLength(16).set().ofSize(6).<List<String>>map(ArrayList::new);
    }
}
