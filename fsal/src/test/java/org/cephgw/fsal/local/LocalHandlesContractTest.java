package org.cephgw.fsal.local;

import org.cephgw.fsal.contract.BackendFixture;
import org.cephgw.fsal.contract.HandlesContract;

class LocalHandlesContractTest extends HandlesContract {
    @Override
    protected BackendFixture newFixture(String name) throws Exception {
        return new LocalFixture();
    }
}
