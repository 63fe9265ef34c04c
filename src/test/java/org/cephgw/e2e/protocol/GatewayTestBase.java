package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.NfsOpnum4;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One gateway for all tests of a class (see {@link TestGateway}); every test works with its own
 * client owners and file names, so tests do not see each other's state. Connections a test opens
 * through {@link #connect} are closed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class GatewayTestBase {
    private static final AtomicInteger NAMES = new AtomicInteger();

    protected TestGateway gw;
    private Path base;
    private final List<NfsClient> connections = new ArrayList<>();

    /** The lease of this class's gateway. */
    protected Duration lease() {
        return Duration.ofSeconds(60);
    }

    @BeforeAll
    void startGateway() throws IOException {
        base = Files.createTempDirectory("cephgw-e2e-");
        gw = TestGateway.start(base, lease());
    }

    @AfterAll
    void stopGateway() throws IOException {
        if (gw != null) {
            gw.close();
        }
        if (base != null) {
            try (Stream<Path> s = Files.walk(base)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @AfterEach
    void closeConnections() {
        connections.forEach(NfsClient::close);
        connections.clear();
    }

    /** A new connection (AUTH_SYS root), closed after the test. */
    protected NfsClient connect() throws IOException {
        NfsClient c = gw.connect();
        connections.add(c);
        return c;
    }

    /** A client owner nobody else uses, with a session, ready for OPEN. */
    protected Session newSession(String ownerHint) throws IOException {
        return Session.open(connect(), unique(ownerHint));
    }

    /** A name unique in this JVM run: {@code hint} and a counter. */
    protected static String unique(String hint) {
        return hint + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    // ------------------------------------------------------------------ assertions

    /** The COMPOUND failed with {@code status}, and it was operation {@code opnum} that failed. */
    protected static void assertFailed(COMPOUND4res res, int opnum, int status) {
        assertThat(Res.status(res)).as("status of %s", res).isEqualTo(NfsStat4.name(status));
        NfsResop last = Res.last(res);
        assertThat(NfsOpnum4.name(last.opnum())).as("failing operation in %s", res).isEqualTo(NfsOpnum4.name(opnum));
        assertThat(NfsStat4.name(last.status())).isEqualTo(NfsStat4.name(status));
    }

    protected static void assertOk(COMPOUND4res res) {
        Res.ok(res);
    }
}
