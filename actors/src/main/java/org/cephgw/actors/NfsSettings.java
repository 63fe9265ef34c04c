package org.cephgw.actors;

import java.time.Duration;

/**
 * Server-wide NFSv4 settings.
 *
 * @param nodeId          this head's name (grace database member, server owner)
 * @param headIndex       0..255: first byte of every clientid and sessionid this head issues,
 *                        so any node can route a request to its head without a lookup
 * @param leaseTime       NFSv4 lease (clients renew within it; expiry frees their state)
 * @param graceTime       how long a grace period lasts at most
 * @param maxRequestSize  largest COMPOUND request accepted (bytes; fore channel ca_maxrequestsize cap)
 * @param maxResponseSize largest COMPOUND reply produced
 * @param maxOperations   most operations in one COMPOUND
 * @param maxSessionSlots most slots per session
 * @param ioWorkers       I/O worker count (blocking back-end calls run on these)
 * @param idmapDomain     NFSv4 id-mapping domain for owner strings "user@domain"
 * @param numericOwners   true: owners go out as numeric strings ("1000"), as the Linux client
 *                        without idmapd expects
 */
public record NfsSettings(String nodeId, int headIndex, Duration leaseTime, Duration graceTime,
                          int maxRequestSize, int maxResponseSize, int maxOperations,
                          int maxSessionSlots, int ioWorkers, String idmapDomain, boolean numericOwners) {

    public NfsSettings {
        if (headIndex < 0 || headIndex > 255) {
            throw new IllegalArgumentException("head index " + headIndex + " outside 0..255");
        }
    }
}
