package org.cephgw.persistence.recovery;

import java.util.Objects;

/**
 * One client of a recovery database.
 *
 * @param clientId the clientid (unsigned 64-bit; stored as its decimal string)
 * @param record the client's record
 */
public record RecoveryEntry(long clientId, RecoveryRecord record) {
    public RecoveryEntry {
        Objects.requireNonNull(record, "record");
    }
}
