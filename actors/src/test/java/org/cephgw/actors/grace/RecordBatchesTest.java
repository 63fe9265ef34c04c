package org.cephgw.actors.grace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.cephgw.persistence.recovery.RecoveryRecord;
import org.junit.jupiter.api.Test;

class RecordBatchesTest {
    private static RecoveryRecord rec(String owner) {
        return new RecoveryRecord("10.0.0.1", owner.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void recordsArrivingDuringAWriteGoTogetherInTheNextAndTheirWaitersAreReleasedOnlyThen() {
        RecordBatches b = new RecordBatches();
        CompletableFuture<Void> first = new CompletableFuture<>();
        b.add(1, rec("a"), first);
        assertThat(b.ready()).isTrue();
        RecordBatches.Batch one = b.start();
        assertThat(one.records()).containsOnlyKeys(1L);
        assertThat(b.ready()).isFalse();

        CompletableFuture<Void> second = new CompletableFuture<>();
        CompletableFuture<Void> third = new CompletableFuture<>();
        b.add(2, rec("b"), second);
        b.add(3, rec("c"), third);
        assertThat(b.ready()).as("one write at a time").isFalse();
        assertThat(b.pending()).isEqualTo(2);
        assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class);

        b.finished(one);
        assertThat(first).isCompleted();
        assertThat(second).isNotCompleted();
        RecordBatches.Batch two = b.start();
        assertThat(two.records()).containsOnlyKeys(2L, 3L);
        b.finished(two);
        assertThat(second).isCompleted();
        assertThat(third).isCompleted();
        assertThat(b.ready()).isFalse();
    }

    @Test
    void aClientGoneBeforeItsWriteIsNotWrittenAndNobodyWaitsForIt() {
        RecordBatches b = new RecordBatches();
        CompletableFuture<Void> f = new CompletableFuture<>();
        b.add(1, rec("a"), f);
        b.drop(1);
        assertThat(f).isCompleted();
        assertThat(b.ready()).isFalse();
    }

    @Test
    void aClientConfirmedTwiceBeforeTheWriteHasItsLatestRecordWrittenOnceAndBothWaitersReleased() {
        RecordBatches b = new RecordBatches();
        CompletableFuture<Void> f1 = new CompletableFuture<>();
        CompletableFuture<Void> f2 = new CompletableFuture<>();
        b.add(1, rec("old"), f1);
        b.add(1, rec("new"), f2);
        RecordBatches.Batch batch = b.start();
        assertThat(batch.records().get(1L).encode()).isEqualTo("10.0.0.1-(3:new)");
        b.finished(batch);
        assertThat(f1).isCompleted();
        assertThat(f2).isCompleted();
    }
}
