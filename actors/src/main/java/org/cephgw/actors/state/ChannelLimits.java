package org.cephgw.actors.state;

/** One direction's negotiated session channel attributes (channel_attrs4 without RDMA). */
public record ChannelLimits(int maxRequestSize, int maxResponseSize, int maxResponseSizeCached,
                            int maxOperations, int maxRequests) {

    /** The lower of each limit: what a server grants when a client asks for {@code asked}. */
    public ChannelLimits min(ChannelLimits asked) {
        return new ChannelLimits(
                Math.min(maxRequestSize, asked.maxRequestSize),
                Math.min(maxResponseSize, asked.maxResponseSize),
                Math.min(maxResponseSizeCached, asked.maxResponseSizeCached),
                Math.min(maxOperations, asked.maxOperations),
                Math.min(maxRequests, asked.maxRequests));
    }
}
