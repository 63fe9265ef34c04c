package org.cephgw.persistence.grace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cephgw.persistence.rados.RadosCluster;
import org.cephgw.persistence.rados.RadosGraceDb;
import org.cephgw.persistence.rados.RadosTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two librados connections (two RADOS clients, as two heads would be) hammer one grace object
 * with interleaved transitions; assert_version + retry must lose no update: at the end every node
 * is a member with E exactly when its index is even (the same check as the local store's test).
 */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class RadosGraceDbConcurrencyTest {
    static final int PER_WRITER = 100;

    @Test
    void twoConnectionsLoseNoUpdate() throws Exception {
        String oid = RadosTestSupport.uniqueOid("hammer");
        try (RadosCluster c1 = RadosTestSupport.connect(); RadosCluster c2 = RadosTestSupport.connect();
                RadosGraceDb d1 = new RadosGraceDb(c1, oid); RadosGraceDb d2 = new RadosGraceDb(c2, oid)) {
            try {
                d1.create();
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    RadosGraceDb[] dbs = {d1, d2};
                    for (int t = 0; t < 2; t++) {
                        RadosGraceDb db = dbs[t];
                        String prefix = "c" + t;
                        done.add(pool.submit(() -> {
                            for (int k = 0; k < PER_WRITER; k++) {
                                GraceHammer.step(db, prefix + "-" + k, k);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get(300, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                LocalGraceDbConcurrencyTest.verify(d2.read(), List.of("c0", "c1"), PER_WRITER);
            } finally {
                RadosTestSupport.cleanup(c1);
            }
        }
    }
}
