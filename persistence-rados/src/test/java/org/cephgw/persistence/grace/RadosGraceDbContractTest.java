package org.cephgw.persistence.grace;

import org.cephgw.persistence.rados.RadosCluster;
import org.cephgw.persistence.rados.RadosGraceDb;
import org.cephgw.persistence.rados.RadosTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The GraceDb contract against the RADOS implementation, on a fresh object per test. */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class RadosGraceDbContractTest extends GraceDbContract {
    private static RadosCluster cluster;

    @BeforeAll
    static void connect() {
        cluster = RadosTestSupport.connect();
    }

    @AfterAll
    static void disconnect() {
        if (cluster != null) {
            RadosTestSupport.cleanup(cluster);
            cluster.close();
        }
    }

    @Override
    protected GraceDb newDb() {
        return new RadosGraceDb(cluster, RadosTestSupport.uniqueOid("contract"));
    }
}
