package org.cephgw.e2e.protocol;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.ArrayList;
import java.util.List;
import org.cephgw.e2e.client.Ops;
import org.cephgw.e2e.client.Res;
import org.cephgw.e2e.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.StateOwner4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

class ZzPerfProbeTest extends GatewayTestBase {
    @Test
    void probe() throws Exception {
        Session s = newSession("perf");
        List<NfsArgop> ga = new ArrayList<>(Ops.root("/rw"));
        ga.add(Ops.getattr(FATTR4_SIZE, FATTR4_CHANGE, FATTR4_MODE));
        for (int i = 0; i < 2000; i++) s.seq(ga);
        long t0 = System.nanoTime();
        int n = 5000;
        for (int i = 0; i < n; i++) s.seq(ga);
        long t1 = System.nanoTime();
        System.out.printf("PERF getattr %.1f us/compound%n", (t1 - t0) / 1000.0 / n);
        StateOwner4 owner = Ops.owner(s.clientId(), "o");
        int m = 1000;
        t0 = System.nanoTime();
        for (int i = 0; i < m; i++) {
            List<NfsArgop> op = new ArrayList<>(Ops.root("/rw"));
            op.add(Ops.openCreate(owner, "pf" + i, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, Ops.unchecked()));
            op.add(Ops.getfh());
            COMPOUND4res r = s.seq(op);
            Stateid4 sid = Res.openStateid(r);
            s.seq(Ops.list(Ops.putfh(Res.fh(r)), Ops.write(sid, 0, "hello"), Ops.close(sid)));
        }
        t1 = System.nanoTime();
        System.out.printf("PERF create+write+close %.1f us/file%n", (t1 - t0) / 1000.0 / m);
    }
}
