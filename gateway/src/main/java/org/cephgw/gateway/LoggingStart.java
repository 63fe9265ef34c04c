package org.cephgw.gateway;

import org.slf4j.LoggerFactory;

/**
 * Logback's start (reading its configuration: about a third of a second) on a thread of its own,
 * so that the gateway parses its configuration and binds its NFS port meanwhile (see
 * {@link Main#main}). Loggers asked for before it is done are SLF4J's substitutes, which log
 * through logback once it is ready; what must talk to logback itself (the log level) waits for it.
 */
final class LoggingStart {
    private static volatile Thread starting;

    private LoggingStart() {
    }

    static void inBackground() {
        Thread t = new Thread(LoggerFactory::getILoggerFactory, "cephgw-logging-start");
        t.setDaemon(true);
        starting = t;
        t.start();
    }

    /** Returns once logback has started (at once when it was not started in the background). */
    static void await() {
        Thread t = starting;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
