package org.cephgw.actors.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeadRolesTest {
    private static final HeadSet SIX = set("h0", "h1", "h2", "h3", "h4", "h5");
    private static final HeadSet FOUR = set("h0", "h1", "h2", "h3");

    private static HeadSet set(String... names) {
        List<HeadSet.Head> hs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            hs.add(new HeadSet.Head(names[i], i));
        }
        return new HeadSet(hs);
    }

    @Test
    void aNodesHeadsTravelAsRolesAndComeBack() {
        List<String> roles = HeadRoles.roles(FOUR);
        assertThat(roles).containsExactly("cephgw-head:h0=0", "cephgw-head:h1=1", "cephgw-head:h2=2", "cephgw-head:h3=3");
        assertThat(HeadRoles.heads(roles)).containsExactlyElementsOf(FOUR.heads());
        assertThat(HeadRoles.parse("dc-default")).isEmpty();
        assertThat(HeadRoles.parse("cephgw-head:x=")).isEmpty();
        assertThat(HeadRoles.parse("cephgw-head:x=300")).isEmpty();
        assertThat(HeadRoles.parse("cephgw-head:a=b=7")).contains(new HeadSet.Head("a=b", 7));
    }

    @Test
    void duringARollANodeWithTheSmallerSetKnowsTheHeadsOnlyTheOldNodesHave() {
        HeadSet known = HeadRoles.union(FOUR, List.of(Set.copyOf(HeadRoles.roles(SIX)), Set.of("dc-default")), c -> {
            throw new AssertionError(c);
        });
        assertThat(known).isEqualTo(SIX);
        assertThat(HeadRoles.configured(List.of(Set.copyOf(HeadRoles.roles(SIX)), Set.copyOf(HeadRoles.roles(FOUR)))))
                .contains(Set.of("h0", "h1", "h2", "h3", "h4", "h5"));
        // the roll is through: only the smaller set is configured anywhere
        assertThat(HeadRoles.configured(List.of(Set.copyOf(HeadRoles.roles(FOUR)), Set.copyOf(HeadRoles.roles(FOUR)))))
                .contains(Set.of("h0", "h1", "h2", "h3"));
    }

    @Test
    void aHeadClashingWithOneAlreadyKnownIsLeftOutAndReported() {
        List<String> clashes = new ArrayList<>();
        HeadSet known = HeadRoles.union(FOUR, List.of(Set.of("cephgw-head:x=2", "cephgw-head:h1=9", "cephgw-head:h9=9")),
                clashes::add);
        assertThat(known.byName("x")).isEmpty();
        assertThat(known.byName("h1")).contains(new HeadSet.Head("h1", 1));
        assertThat(known.byName("h9")).contains(new HeadSet.Head("h9", 9));
        assertThat(clashes).hasSize(2).allSatisfy(c -> assertThat(c).contains("clashes with"));
    }

    @Test
    void aMemberPublishingNoHeadsMakesTheConfiguredSetUnknown() {
        assertThat(HeadRoles.configured(List.of(Set.copyOf(HeadRoles.roles(FOUR)), Set.of("dc-default"))))
                .isEqualTo(Optional.empty());
    }
}
