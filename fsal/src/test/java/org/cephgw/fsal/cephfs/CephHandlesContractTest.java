package org.cephgw.fsal.cephfs;

import org.cephgw.fsal.contract.BackendFixture;
import org.cephgw.fsal.contract.HandlesContract;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephHandlesContractTest extends HandlesContract {
    @RegisterExtension
    static final CephFixtures CEPH = new CephFixtures();

    @Override
    protected BackendFixture newFixture(String name) {
        return CEPH.newFixture(name);
    }
}
