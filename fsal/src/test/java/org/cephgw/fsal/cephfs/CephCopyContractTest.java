package org.cephgw.fsal.cephfs;

import org.cephgw.fsal.contract.BackendFixture;
import org.cephgw.fsal.contract.CopyContract;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephCopyContractTest extends CopyContract {
    @RegisterExtension
    static final CephFixtures CEPH = new CephFixtures();

    @Override
    protected BackendFixture newFixture(String name) {
        return CEPH.newFixture(name);
    }
}
