package org.cephgw.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Debian packages a cluster test runs (haproxy, iptables), installed with apt-get when the
 * command is missing and the test runs as root — as scripts/kclient/build.sh does for qemu — so
 * that the README's test command works on a fresh Debian 12 machine, not only under .ci/run.
 */
final class DebianPackages {
    private DebianPackages() {
    }

    /**
     * Makes sure {@code command} is on the PATH (or in /usr/sbin), installing {@code pkg} if not.
     *
     * @throws IllegalStateException naming the package when it is missing and cannot be installed
     */
    static synchronized void ensure(String command, String pkg) throws IOException, InterruptedException {
        if (present(command)) {
            return;
        }
        Process p = new ProcessBuilder("apt-get", "install", "-y", "-q", "--no-install-recommends", pkg)
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !present(command)) {
            throw new IllegalStateException(command + " is missing and `apt-get install " + pkg + "` failed (root? apt-get"
                    + " update first?):\n" + out);
        }
    }

    private static boolean present(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
