package org.cephgw.fsal.local;

import org.cephgw.fsal.contract.BackendFixture;
import org.cephgw.fsal.contract.PermissionsContract;

class LocalPermissionsContractTest extends PermissionsContract {
    @Override
    protected BackendFixture newFixture(String name) throws Exception {
        return new LocalFixture();
    }
}
