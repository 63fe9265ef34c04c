package org.cephgw.gateway;

import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.NfsService;
import org.cephgw.actors.NfsSettings;
import org.cephgw.actors.grace.GraceLink;

/**
 * Starts the NFS service on the gateway's actor system: {@code Nfs4Server::start} in
 * production, a fake in the gateway's tests.
 */
@FunctionalInterface
public interface NfsServiceFactory {
    /** @param grace the head's grace participant and the gate the service must ask before granting state */
    NfsService start(ActorSystem<?> system, NfsSettings settings, List<ExportSpec> exports, GraceLink grace);
}
