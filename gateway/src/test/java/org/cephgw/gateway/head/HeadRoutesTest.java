package org.cephgw.gateway.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When forwarded calls are sent, held and sent again, without actors or a cluster. */
class HeadRoutesTest {
    private static final String A = "pekko://cephgw@10.0.0.1:25520";
    private static final String B = "pekko://cephgw@10.0.0.2:25520";

    /** A call, told apart by identity as the router's are. */
    private static final class Call {
        final String name;

        Call(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final HeadRoutes<Call> routes = new HeadRoutes<>(4, 3);

    @Test
    void callsForAReachableHeadGoOutAndTheirAnswerCounts() {
        routes.status(1, A, 7, "serving");
        Call c = new Call("c");
        assertThat(routes.admit(1, c)).isEqualTo(HeadRoutes.Admission.SEND);
        int attempt = routes.attempt(1, c);
        assertThat(routes.underWay(1)).isEqualTo(1);
        assertThat(routes.finish(1, c, attempt)).isTrue();
        assertThat(routes.underWay(1)).isZero();
        assertThat(routes.finish(1, c, attempt)).as("a second answer to the same attempt").isFalse();
    }

    @Test
    void onlyTheAnswerToTheLatestAttemptCounts() {
        routes.status(0, A, 1, "serving");
        Call c = new Call("c");
        routes.admit(0, c);
        int first = routes.attempt(0, c);
        int second = routes.attempt(0, c); // answered MOVING, sent again
        assertThat(routes.finish(0, c, first)).isFalse();
        assertThat(routes.finish(0, c, second)).isTrue();
    }

    @Test
    void anUnreachableNodesHeadsHoldNewCallsUntilTheirNextIncarnationWhichGetsTheUnansweredOnesToo() {
        routes.status(0, A, 1, "serving");
        routes.status(1, B, 1, "serving");
        Call lost = new Call("lost");
        routes.admit(0, lost);
        routes.attempt(0, lost);

        routes.nodeUnreachable(A);
        Call held = new Call("held");
        Call other = new Call("other");
        assertThat(routes.admit(0, held)).isEqualTo(HeadRoutes.Admission.HELD);
        assertThat(routes.admit(1, other)).as("a head on another node").isEqualTo(HeadRoutes.Admission.SEND);
        assertThat(routes.held(0)).isEqualTo(1);

        assertThat(routes.status(0, A, 1, "serving")).as("the same incarnation's status again").isEmpty();
        List<Call> again = routes.status(0, B, 2, "starting");
        assertThat(again).containsExactly(lost, held);
        assertThat(routes.held(0)).isZero();
        assertThat(routes.admit(0, new Call("new"))).isEqualTo(HeadRoutes.Admission.SEND);

        int resent = routes.attempt(0, lost);
        assertThat(routes.finish(0, lost, resent - 1)).as("the first attempt's late answer").isFalse();
        assertThat(routes.finish(0, lost, resent)).isTrue();
        int firstOfHeld = routes.attempt(0, held);
        assertThat(firstOfHeld).isEqualTo(1);
        assertThat(routes.finish(0, held, firstOfHeld)).isTrue();
    }

    @Test
    void aFalseAlarmSendsWhatWaitedAndLeavesWhatWasSentAlone() {
        routes.status(2, A, 5, "serving");
        Call sent = new Call("sent");
        routes.admit(2, sent);
        int attempt = routes.attempt(2, sent);
        routes.nodeUnreachable(A);
        Call waited = new Call("waited");
        routes.admit(2, waited);

        Map<Integer, List<Call>> flush = routes.nodeReachable(A);
        assertThat(flush).containsOnlyKeys(2);
        assertThat(flush.get(2)).containsExactly(waited);
        assertThat(routes.finish(2, sent, attempt)).as("still answered from there").isTrue();
        assertThat(routes.nodeReachable(A)).as("nothing held any more").isEmpty();
    }

    @Test
    void aHeadHandingOffKeepsHoldingUntilItsSuccessorRuns() {
        routes.status(3, A, 9, "serving");
        routes.status(3, A, 9, "handing-off");
        Call c = new Call("c");
        assertThat(routes.admit(3, c)).isEqualTo(HeadRoutes.Admission.HELD);
        assertThat(routes.status(3, A, 9, "handing-off")).isEmpty();
        assertThat(routes.status(3, B, 10, "starting")).containsExactly(c);
    }

    @Test
    void heldCallsAreBounded() {
        routes.status(0, A, 1, "serving");
        routes.nodeUnreachable(A);
        for (int i = 0; i < 3; i++) {
            assertThat(routes.admit(0, new Call("c" + i))).isEqualTo(HeadRoutes.Admission.HELD);
        }
        assertThat(routes.admit(0, new Call("one too many"))).isEqualTo(HeadRoutes.Admission.FULL);
        assertThat(routes.held(0)).isEqualTo(3);
    }

    @Test
    void aHeadNotHeardOfYetIsNotHeldByAnyNodesTrouble() {
        routes.nodeUnreachable(A);
        assertThat(routes.admit(0, new Call("c"))).isEqualTo(HeadRoutes.Admission.SEND);
    }
}
