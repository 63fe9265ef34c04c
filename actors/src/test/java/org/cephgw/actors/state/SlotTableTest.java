package org.cephgw.actors.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cephgw.actors.state.SlotTable.Execute;
import org.cephgw.actors.state.SlotTable.Refuse;
import org.cephgw.actors.state.SlotTable.Replay;
import org.cephgw.actors.state.SlotTable.Verdict;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.Test;

/** The slot table and reply cache (RFC 8881 §2.10.6.1). */
class SlotTableTest {

    private static final byte[] REPLY = {1, 2, 3};

    private static int refusal(Verdict v) {
        assertThat(v).isInstanceOf(Refuse.class);
        return ((Refuse) v).status();
    }

    @Test
    void firstRequestOnASlotCarriesOneAndIsExecuted() {
        SlotTable t = new SlotTable(4, 1024);
        assertThat(t.size()).isEqualTo(4);
        assertThat(t.highestSlotId()).isEqualTo(3);
        assertThat(t.begin(0, 1, 11)).isInstanceOf(Execute.class);
        assertThat(t.anyBusy()).isTrue();
        t.complete(0, 1, REPLY);
        assertThat(t.anyBusy()).isFalse();
        assertThat(t.begin(0, 2, 12)).isInstanceOf(Execute.class);
    }

    @Test
    void aRetryOfTheLastRequestReplaysTheCachedBytes() {
        SlotTable t = new SlotTable(2, 1024);
        t.begin(1, 1, 77);
        t.complete(1, 1, REPLY);
        Verdict v = t.begin(1, 1, 77);
        assertThat(v).isInstanceOf(Replay.class);
        assertThat(((Replay) v).reply()).containsExactly(REPLY);
        // a replay does not occupy the slot, and the next request still follows on
        assertThat(t.anyBusy()).isFalse();
        assertThat(t.begin(1, 2, 78)).isInstanceOf(Execute.class);
    }

    @Test
    void aRetryWhileTheRequestIsInProgressIsDelayed() {
        SlotTable t = new SlotTable(1, 1024);
        t.begin(0, 1, 5);
        assertThat(refusal(t.begin(0, 1, 5))).isEqualTo(NfsStat4.NFS4ERR_DELAY);
        // the next sequence id while the slot is busy cannot be executed either
        assertThat(refusal(t.begin(0, 2, 6))).isEqualTo(NfsStat4.NFS4ERR_DELAY);
        t.complete(0, 1, REPLY);
        assertThat(t.begin(0, 2, 6)).isInstanceOf(Execute.class);
    }

    @Test
    void skippingOrGoingBackIsMisordered() {
        SlotTable t = new SlotTable(1, 1024);
        assertThat(refusal(t.begin(0, 2, 1))).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        t.begin(0, 1, 1);
        t.complete(0, 1, REPLY);
        assertThat(refusal(t.begin(0, 3, 1))).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(refusal(t.begin(0, 0, 1))).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(refusal(t.begin(0, -5, 1))).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
    }

    @Test
    void sequenceZeroOnAnUnusedSlotIsMisorderedNotARetry() {
        // nothing was ever sent on the slot, so there is no request this could be a retry of
        SlotTable t = new SlotTable(2, 1024);
        assertThat(refusal(t.begin(1, 0, 9))).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(t.anyBusy()).isFalse();
        assertThat(t.begin(1, 1, 9)).isInstanceOf(Execute.class);
    }

    @Test
    void theSameSequenceIdWithAnotherRequestIsAFalseRetry() {
        SlotTable t = new SlotTable(1, 1024);
        t.begin(0, 1, 100);
        t.complete(0, 1, REPLY);
        assertThat(refusal(t.begin(0, 1, 101))).isEqualTo(NfsStat4.NFS4ERR_SEQ_FALSE_RETRY);
        // the cached reply survives a false retry
        assertThat(t.begin(0, 1, 100)).isInstanceOf(Replay.class);
    }

    @Test
    void aReplyTooBigForTheCacheCannotBeReplayed() {
        SlotTable t = new SlotTable(1, 2);
        t.begin(0, 1, 3);
        t.complete(0, 1, REPLY);
        assertThat(refusal(t.begin(0, 1, 3))).isEqualTo(NfsStat4.NFS4ERR_RETRY_UNCACHED_REP);
        // exactly the limit is kept
        t.begin(0, 2, 4);
        t.complete(0, 2, new byte[] {9, 9});
        assertThat(((Replay) t.begin(0, 2, 4)).reply()).containsExactly(9, 9);
    }

    @Test
    void aSlotOutsideTheTableIsBad() {
        SlotTable t = new SlotTable(3, 1024);
        assertThat(refusal(t.begin(3, 1, 0))).isEqualTo(NfsStat4.NFS4ERR_BADSLOT);
        assertThat(refusal(t.begin(-1, 1, 0))).isEqualTo(NfsStat4.NFS4ERR_BADSLOT);
        assertThat(refusal(t.begin(Integer.MAX_VALUE, 1, 0))).isEqualTo(NfsStat4.NFS4ERR_BADSLOT);
        assertThatThrownBy(() -> new SlotTable(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSequenceIdWrapsAt2To32() throws Exception {
        SlotTable top = atSequence(0xfffffffeL);
        assertThat(top.begin(0, 0xffffffff, 1)).isInstanceOf(Execute.class);
        top.complete(0, 0xffffffff, REPLY);
        assertThat(top.begin(0, 0xffffffff, 1)).isInstanceOf(Replay.class);
        // after 0xffffffff comes 0, not 1
        assertThat(refusal(top.begin(0, 1, 2))).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(top.begin(0, 0, 2)).isInstanceOf(Execute.class);
        top.complete(0, 0, new byte[] {7});
        assertThat(((Replay) top.begin(0, 0, 2)).reply()).containsExactly(7);
        assertThat(top.begin(0, 1, 3)).isInstanceOf(Execute.class);
    }

    @Test
    void completeForAnotherSequenceIdIsIgnored() {
        SlotTable t = new SlotTable(1, 1024);
        t.begin(0, 1, 0);
        t.complete(0, 2, REPLY);
        t.complete(5, 1, REPLY);
        assertThat(t.anyBusy()).isTrue();
        t.complete(0, 1, REPLY);
        assertThat(t.anyBusy()).isFalse();
    }

    @Test
    void busySlotsExceptTheCallers() {
        SlotTable t = new SlotTable(3, 1024);
        t.begin(1, 1, 0);
        assertThat(t.anyBusyExcept(1)).isFalse();
        assertThat(t.anyBusyExcept(0)).isTrue();
        t.begin(2, 1, 0);
        assertThat(t.anyBusyExcept(1)).isTrue();
    }

    /**
     * A one-slot table whose last executed request had sequence id {@code s} (unsigned). Getting
     * there through begin/complete takes up to 2^32 steps, so the slot's counter is set directly.
     */
    private static SlotTable atSequence(long s) throws Exception {
        SlotTable t = new SlotTable(1, 1024);
        t.begin(0, 1, 0);
        t.complete(0, 1, REPLY);
        java.lang.reflect.Field f = SlotTable.class.getDeclaredField("seq");
        f.setAccessible(true);
        ((int[]) f.get(t))[0] = (int) s;
        return t;
    }
}
