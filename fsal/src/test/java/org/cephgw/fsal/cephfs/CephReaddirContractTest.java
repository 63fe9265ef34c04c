package org.cephgw.fsal.cephfs;

import org.cephgw.fsal.contract.BackendFixture;
import org.cephgw.fsal.contract.ReaddirContract;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephReaddirContractTest extends ReaddirContract {
    @RegisterExtension
    static final CephFixtures CEPH = new CephFixtures();

    @Override
    protected BackendFixture newFixture(String name) {
        return CEPH.newFixture(name);
    }
}
