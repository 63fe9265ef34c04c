package org.cephgw.actors.metrics;

/**
 * Counts one head keeps up to date for metrics: its confirmed clients and its sessions. Written
 * by the head's client registry (one writer), read by metrics at scrape time; reading them costs
 * no message to the registry.
 */
public final class HeadStats {
    private volatile int confirmedClients;
    private volatile int sessions;

    /** Called by the client registry whenever either count changes. */
    public void update(int confirmedClients, int sessions) {
        this.confirmedClients = confirmedClients;
        this.sessions = sessions;
    }

    /** Client ids confirmed by a CREATE_SESSION and not yet gone (expired, destroyed, replaced). */
    public int confirmedClients() {
        return confirmedClients;
    }

    /** Sessions that exist now. */
    public int sessions() {
        return sessions;
    }
}
