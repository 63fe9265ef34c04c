package org.cephgw.actors.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.cephgw.actors.state.SequenceGate.Demand;
import org.cephgw.actors.state.SequenceGate.Result;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.Test;

/** A session's SEQUENCE gate, without actors. */
class SequenceGateTest {
    /** caches COMPOUND4res of up to 16 bytes: ca_maxresponsesize_cached counts the RPC reply header too */
    private static final ChannelLimits FORE = new ChannelLimits(1 << 20, 1 << 20, 16 + ChannelLimits.RPC_REPLY_HEADER, 8, 4);
    private static final Duration LEASE = Duration.ofSeconds(90);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ClientLease lease = new ClientLease(now::get);
    private final AtomicInteger courtesyEnded = new AtomicInteger();
    private final SequenceGate gate = new SequenceGate(FORE, lease, courtesyEnded::incrementAndGet, false);

    private Result sequence(int slot, int seq, long hash) {
        return gate.sequence(slot, seq, hash, Demand.NONE);
    }

    @Test
    void aNewRequestIsExecutedAndRenewsTheLease() {
        now.addAndGet(LEASE.toNanos() + 1);
        assertThat(lease.expired(LEASE)).isTrue();
        Result r = sequence(0, 1, 10);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(r.replay()).isNull();
        assertThat(r.highestSlotId()).isEqualTo(3);
        assertThat(r.targetHighestSlotId()).isEqualTo(3);
        assertThat(r.statusFlags()).isZero();
        assertThat(r.reclaimComplete()).isFalse();
        assertThat(lease.expired(LEASE)).isFalse();
        assertThat(courtesyEnded).hasValue(0);
    }

    @Test
    void aCompoundBeyondTheChannelLimitsFailsAtSequenceAndLeavesSlotAndLeaseAlone() {
        int big = 1 << 20;
        int cached = FORE.maxResponseSizeCached();
        now.addAndGet(LEASE.toNanos() + 1);
        assertThat(gate.sequence(0, 1, 1, new Demand(9, 100, 100, false)).status()).isEqualTo(NfsStat4.NFS4ERR_TOO_MANY_OPS);
        assertThat(gate.sequence(0, 1, 1, new Demand(8, big + 1, 100, false)).status()).isEqualTo(NfsStat4.NFS4ERR_REQ_TOO_BIG);
        assertThat(gate.sequence(0, 1, 1, new Demand(8, big, big + 1, false)).status()).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        assertThat(gate.sequence(0, 1, 1, new Demand(8, big, cached + 1, true)).status())
                .isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG_TO_CACHE);
        assertThat(lease.expired(LEASE)).isTrue();
        // the slot still expects seqid 1; at the limits the request runs
        assertThat(gate.sequence(0, 1, 1, new Demand(8, big, cached, true)).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(lease.expired(LEASE)).isFalse();
    }

    @Test
    void completedRequestsAreReplayedAndOnlyNewOnesRenew() {
        sequence(2, 1, 10);
        // in progress
        assertThat(sequence(2, 1, 10).status()).isEqualTo(NfsStat4.NFS4ERR_DELAY);
        gate.complete(2, 1, new byte[] {4, 2});
        now.addAndGet(LEASE.toNanos() + 1);
        Result replay = sequence(2, 1, 10);
        assertThat(replay.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(replay.replay()).containsExactly(4, 2);
        assertThat(sequence(2, 1, 11).status()).isEqualTo(NfsStat4.NFS4ERR_SEQ_FALSE_RETRY);
        assertThat(sequence(2, 3, 12).status()).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(sequence(4, 1, 12).status()).isEqualTo(NfsStat4.NFS4ERR_BADSLOT);
        assertThat(lease.expired(LEASE)).as("a replay is no new request").isTrue();
        // a reply larger than ca_maxresponsesize_cached (16 bytes after the RPC header) is not kept
        sequence(2, 2, 13);
        gate.complete(2, 2, new byte[17]);
        assertThat(sequence(2, 2, 13).status()).isEqualTo(NfsStat4.NFS4ERR_RETRY_UNCACHED_REP);
    }

    @Test
    void destroyWaitsForBusySlotsButNotTheCallersOwnThenEverythingIsRefused() {
        sequence(0, 1, 1);
        sequence(1, 1, 1);
        assertThat(gate.destroy(-1)).isEqualTo(NfsStat4.NFS4ERR_DELAY);
        assertThat(gate.destroy(1)).as("slot 0 is still busy").isEqualTo(NfsStat4.NFS4ERR_DELAY);
        gate.complete(0, 1, new byte[] {1});
        assertThat(gate.destroy(1)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(sequence(2, 1, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        assertThat(sequence(0, 2, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        assertThat(gate.destroy(-1)).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
    }

    @Test
    void aClosedGateRefusesEvenARetry() {
        sequence(0, 1, 1);
        gate.complete(0, 1, new byte[] {1});
        gate.close();
        assertThat(sequence(0, 1, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        assertThat(sequence(0, 2, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
    }

    @Test
    void aCourtesyClientsNextRequestEndsItsCourtesyOnce() {
        assertThat(lease.enterCourtesy(LEASE)).as("not expired yet").isFalse();
        now.addAndGet(LEASE.toNanos() + 1);
        assertThat(lease.enterCourtesy(LEASE)).isTrue();
        sequence(0, 1, 1);
        gate.complete(0, 1, new byte[] {1});
        sequence(0, 2, 1);
        assertThat(courtesyEnded).hasValue(1);
        assertThat(lease.courtesy()).isFalse();
    }

    @Test
    void whatTheSessionPublishesIsReportedOnLaterSequences() {
        sequence(0, 1, 1);
        gate.complete(0, 1, new byte[] {1});
        gate.publish(7, true);
        gate.reclaimComplete();
        Result r = sequence(0, 2, 2);
        assertThat(r.statusFlags()).isEqualTo(7);
        assertThat(r.callbacks()).isTrue();
        assertThat(r.reclaimComplete()).isTrue();
    }
}
