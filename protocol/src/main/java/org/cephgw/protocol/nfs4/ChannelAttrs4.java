package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * channel_attrs4 (RFC 8881 §18.36): the limits of a session's fore or back channel.
 *
 * @param rdmaIrd ca_rdma_ird&lt;1&gt;: null when absent
 */
public record ChannelAttrs4(int headerpadsize, int maxrequestsize, int maxresponsesize,
                            int maxresponsesizeCached, int maxoperations, int maxrequests,
                            Integer rdmaIrd) implements XdrEncodable {

    public static ChannelAttrs4 decode(XdrDecoder x) {
        int pad = x.readInt();
        int req = x.readInt();
        int resp = x.readInt();
        int cached = x.readInt();
        int ops = x.readInt();
        int reqs = x.readInt();
        Integer ird = Nfs4Xdr.readOptional(x, XdrDecoder::readInt);
        return new ChannelAttrs4(pad, req, resp, cached, ops, reqs, ird);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(headerpadsize);
        x.writeInt(maxrequestsize);
        x.writeInt(maxresponsesize);
        x.writeInt(maxresponsesizeCached);
        x.writeInt(maxoperations);
        x.writeInt(maxrequests);
        Nfs4Xdr.writeOptional(x, rdmaIrd, XdrEncoder::writeInt);
    }
}
