package org.cephgw.fsal.local;

import org.cephgw.fsal.contract.BackendFixture;
import org.cephgw.fsal.contract.LocksContract;

class LocalLocksContractTest extends LocksContract {
    @Override
    protected BackendFixture newFixture(String name) throws Exception {
        return new LocalFixture();
    }
}
