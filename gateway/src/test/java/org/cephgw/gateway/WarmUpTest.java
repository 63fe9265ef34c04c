package org.cephgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code gateway.jar warm-up}: the start and stop a class-data-sharing archive is recorded from. */
class WarmUpTest {
    @Test
    void startsServesOverTcpAndStops() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = WarmUp.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("warm-up: started, served and stopped a gateway in ");
    }
}
