package org.cephgw.client;

import java.io.IOException;
import java.util.List;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.NfsArgop;

/**
 * Something that sends a COMPOUND and waits for its reply: the blocking {@link NfsClient} or a
 * pipelined {@link RpcConnection}. {@link Session} runs over either.
 */
public interface CompoundCaller {
    /** A COMPOUND; throws {@link NfsClient.RpcException} unless the RPC was accepted with SUCCESS. */
    NfsClient.CompoundReply compoundReply(int minorversion, List<NfsArgop> ops) throws IOException;

    default COMPOUND4res compound(int minorversion, List<NfsArgop> ops) throws IOException {
        return compoundReply(minorversion, ops).res();
    }
}
