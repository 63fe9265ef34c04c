package org.cephgw.fsal.local;

import org.cephgw.fsal.contract.BackendFixture;
import org.cephgw.fsal.contract.ReaddirContract;

class LocalReaddirContractTest extends ReaddirContract {
    @Override
    protected BackendFixture newFixture(String name) throws Exception {
        return new LocalFixture();
    }
}
