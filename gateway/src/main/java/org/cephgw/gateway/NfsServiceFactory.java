package org.cephgw.gateway;

import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.NfsService;
import org.cephgw.actors.NfsSettings;

/**
 * Starts the NFS service on the gateway's actor system: {@code Nfs4Server::start} in
 * production, a fake in the gateway's tests.
 */
@FunctionalInterface
public interface NfsServiceFactory {
    NfsService start(ActorSystem<?> system, NfsSettings settings, List<ExportSpec> exports);
}
