package org.cephgw.fsal.local;

import org.cephgw.fsal.contract.BackendFixture;
import org.cephgw.fsal.contract.NamespaceContract;

class LocalNamespaceContractTest extends NamespaceContract {
    @Override
    protected BackendFixture newFixture(String name) throws Exception {
        return new LocalFixture();
    }
}
