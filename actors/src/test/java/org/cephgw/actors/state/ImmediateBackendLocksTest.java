package org.cephgw.actors.state;

/**
 * {@link BackendLocksTest} with a lock manager that answers at once, as the local back end's
 * fcntl does: the file's actor makes the calls itself instead of handing them to the I/O pool,
 * and everything the gateway promises about back-end locks holds the same (the tests of a slow
 * back end do not apply).
 */
class ImmediateBackendLocksTest extends BackendLocksTest {
    @Override
    protected boolean immediateLocker() {
        return true;
    }
}
