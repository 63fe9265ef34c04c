package org.cephgw.actors.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.state.ClientActor;
import org.cephgw.actors.state.ClientProtocol;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.StateId;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.nfs4.TEST_STATEID4args;
import org.cephgw.protocol.nfs4.TEST_STATEID4res;

/**
 * TEST_STATEID (RFC 8881 §18.48): the validity of each stateid for this client, as the file
 * holding it judges; stateids it does not know (another client's, the special ones) are bad.
 */
public final class OpTestStateid implements Operation<TEST_STATEID4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, TEST_STATEID4args args) {
        long clientId = ctx.clientId();
        List<byte[]> others = new ArrayList<>();
        for (Stateid4 s : args.stateids()) {
            others.add(s.other());
        }
        return ctx.svc().<ClientActor.Command, List<ClientProtocol.StateLocation>>ask(ctx.session().client(),
                r -> new ClientActor.LocateStates(clientId, others, r))
                .thenCompose(locations -> {
                    List<CompletableFuture<Integer>> each = new ArrayList<>();
                    for (int i = 0; i < args.stateids().size(); i++) {
                        Stateid4 s = args.stateids().get(i);
                        ClientProtocol.StateLocation loc = locations.get(i);
                        if (loc == null) {
                            each.add(CompletableFuture.completedFuture(NfsStat4.NFS4ERR_BAD_STATEID));
                            continue;
                        }
                        StateId sid = new StateId(s.seqid(), s.other());
                        each.add(ctx.svc().<OpenFiles.Command, ClientProtocol.Status>ask(ctx.svc().openFiles(),
                                        r -> new OpenFiles.Forward(loc.file(), new OpenFileActor.TestState(clientId, sid, r)))
                                .thenApply(ClientProtocol.Status::status).toCompletableFuture());
                    }
                    return CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
                        int[] codes = new int[each.size()];
                        for (int i = 0; i < codes.length; i++) {
                            codes[i] = each.get(i).join();
                        }
                        return (NfsResop) new TEST_STATEID4res(NfsStat4.NFS4_OK, codes);
                    });
                });
    }
}
