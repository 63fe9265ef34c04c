package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cephgw.e2e.ceph.CephDevCluster;

/** {@code java -jar gateway.jar grace …} ({@code ganesha-rados-grace} compatible) on the dev cluster's grace objects. */
final class GraceCli {
    record Result(int exit, String out) {
    }

    private GraceCli() {
    }

    /** {@code java -jar JAR grace --cephconf … --userid … --pool … --ns … --oid OID ARGS}, run in {@code work}. */
    static Result run(Path jar, CephDevCluster ceph, String oid, Path work, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "grace", "--cephconf", ceph.conf().toString(), "--userid", ceph.userId(),
                "--pool", ceph.metaPool(), "--ns", ceph.namespace(), "--oid", oid));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "cli", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CEPH_"));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("grace %s finished", List.of(args)).isTrue();
        String text = Files.readString(out);
        Files.delete(out);
        return new Result(p.exitValue(), text);
    }
}
