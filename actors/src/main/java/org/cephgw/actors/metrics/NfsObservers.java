package org.cephgw.actors.metrics;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The {@link NfsObserver} of the heads started on an actor system: the gateway installs its
 * metrics before it starts any head; what starts without one reports to {@link NfsObserver#NONE}.
 * An extension rather than a parameter so that the many ways a head starts (per-node, virtual-IP,
 * tests) need not each carry it.
 */
public final class NfsObservers implements Extension {

    public static final ExtensionId<NfsObservers> ID = new ExtensionId<>() {
        @Override
        public NfsObservers createExtension(ActorSystem<?> system) {
            return new NfsObservers();
        }
    };

    private volatile NfsObserver observer = NfsObserver.NONE;

    private NfsObservers() {
    }

    /** The observer heads started on {@code system} report to. */
    public static NfsObserver of(ActorSystem<?> system) {
        return ID.apply(system).observer;
    }

    /** Heads (and I/O pools) started on {@code system} from now on report to {@code observer}. */
    public static void install(ActorSystem<?> system, NfsObserver observer) {
        ID.apply(system).observer = java.util.Objects.requireNonNull(observer, "observer");
    }
}
