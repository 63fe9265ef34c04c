package org.cephgw.e2e.cluster;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Remembers whether a case of the class failed, so that its clean-up keeps and shows the logs. */
final class FailureFlag implements TestWatcher {
    private volatile boolean failed;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    boolean failed() {
        return failed;
    }
}
