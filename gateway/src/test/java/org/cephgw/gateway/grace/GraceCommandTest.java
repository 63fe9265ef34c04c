package org.cephgw.gateway.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grace command on the local-file database: output and exit codes as ganesha-rados-grace's. */
class GraceCommandTest {
    static final String RULE = "=".repeat(54);
    static final String USAGE = "Usage:\n"
            + "gateway.jar grace [ --userid ceph_user ] [ --cephconf /path/to/ceph.conf ] [ --ns namespace ]"
            + " [ --oid obj_id ] [ --pool pool_id ] dump|add|start|join|lift|remove|enforce|noenforce|member"
            + " [ nodeid ... ]\n"
            + "gateway.jar grace --state-dir DIR dump|add|start|join|lift|remove|enforce|noenforce|member [ nodeid ... ]\n"
            + "gateway.jar grace [ options ] evict nodeid ...   (a member gone for good: enforce for it, then remove it)\n";

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = GraceCommand.run(GraceCommand.PROGRAM, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result local(String... args) {
        List<String> a = new ArrayList<>(List.of("--state-dir", dir.toString()));
        a.addAll(List.of(args));
        return run(a.toArray(new String[0]));
    }

    static final Result OK = new Result(0, "", "");

    @Test
    void aClusterLifecycleAsTheToolShowsIt() {
        assertThat(local()).isEqualTo(new Result(1, "", "Failure: -2\n")); // dump of a missing database
        assertThat(local("member", "a")).isEqualTo(new Result(1, "", "Failure: -2\n"));
        assertThat(local("start", "a")).isEqualTo(new Result(1, "", "Failure: -2\n"));
        assertThat(local("add", "a", "b")).isEqualTo(OK); // creates it
        assertThat(Files.exists(dir.resolve("grace.db"))).isTrue();
        assertThat(local("dump")).isEqualTo(new Result(0, "cur=1 rec=0\n" + RULE + "\na\t E\nb\t E\n", ""));
        assertThat(local("start", "a")).isEqualTo(OK);
        assertThat(local("join", "b")).isEqualTo(OK);
        assertThat(local()).isEqualTo(new Result(0, "cur=2 rec=1\n" + RULE + "\na\tNE\nb\tNE\n", ""));
        assertThat(local("lift", "a", "b")).isEqualTo(OK);
        assertThat(local("noenforce", "a")).isEqualTo(OK);
        assertThat(local("remove", "b")).isEqualTo(OK);
        assertThat(local("dump", "ignored", "args")).isEqualTo(new Result(0, "cur=2 rec=0\n" + RULE + "\na\t  \n", ""));
        assertThat(local("enforce", "a")).isEqualTo(OK);
        assertThat(local("dump").out()).endsWith("a\t E\n");
    }

    @Test
    void evictRemovesAMemberThatDiedWithoutEnforcingWhereRemoveCannot() {
        local("add", "a", "b", "c");
        local("noenforce", "a", "b", "c");
        // a restarts: a grace period; b died before it could enforce, so nobody can lift
        local("start", "a");
        local("enforce", "c");
        assertThat(local("remove", "b")).isEqualTo(OK);
        assertThat(local("dump").out()).contains("b\t  \n"); // nfs-ganesha's remove: nothing changes
        assertThat(local("evict", "b")).isEqualTo(new Result(0, "cur=2 rec=1\n" + RULE + "\na\tNE\nc\t E\n", ""));
        // and when another member does not enforce yet, it says which
        local("add", "d");
        local("noenforce", "d");
        local("start", "c");
        Result r = local("evict", "c");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("not removed: c (a grace period is in force and these members do not enforce yet: d;"
                + " evict them too if they are gone)\n");
    }

    @Test
    void memberExitCodes() {
        local("add", "a", "b");
        assertThat(local("member", "a")).isEqualTo(OK);
        assertThat(local("member", "a", "b")).isEqualTo(OK);
        assertThat(local("member", "a", "zz")).isEqualTo(new Result(1, "", "Failure: -2\n"));
    }

    @Test
    void failuresPrintTheNegativeErrno() {
        local("add", "a");
        assertThat(local("join", "zz")).isEqualTo(new Result(1, "", "Failure: -126\n"));
        assertThat(local("enforce", "a", "zz")).isEqualTo(new Result(1, "", "Failure: -126\n"));
        assertThat(local("add", "bad\tid")).isEqualTo(new Result(1, "", "Failure: -22\n"));
        for (String cmd : List.of("add", "start", "join", "lift", "remove", "enforce", "noenforce", "member", "DUMP")) {
            assertThat(local(cmd)).as(cmd).isEqualTo(new Result(1, "", "Need at least one nodeid.\nFailure: -22\n"));
        }
        assertThat(local("bogus", "a")).isEqualTo(new Result(1, "", USAGE + "Failure: -22\n"));
    }

    @Test
    void aCorruptDatabaseIsRefusedNotRepaired() throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("grace.db"), new byte[] {1, 2, 3});
        assertThat(local("dump")).isEqualTo(new Result(1, "", "Failure: -131\n"));
        assertThat(local("add", "a")).isEqualTo(new Result(1, "", "Can't create grace db: -131\n"));
        assertThat(Files.readAllBytes(dir.resolve("grace.db"))).containsExactly(1, 2, 3);
    }

    @Test
    void optionsAreParsedLikeGetoptLong() {
        String d = dir.toString();
        assertThat(run("add", "a", "--state-dir", d)).isEqualTo(OK); // options after operands
        assertThat(run("--state-dir=" + d, "member", "a")).isEqualTo(OK);
        assertThat(run("--st", d, "member", "a")).isEqualTo(OK); // unambiguous prefix
        assertThat(run("--state-dir", d, "--", "member", "a")).isEqualTo(OK);
        assertThat(run("--state-dir", d, "--", "--oid", "a")).isEqualTo(new Result(1, "", USAGE + "Failure: -22\n"));
        assertThat(run("--help")).isEqualTo(new Result(1, "", "gateway.jar grace: unrecognized option '--help'\n" + USAGE));
        assertThat(run("--xyz=1")).isEqualTo(new Result(1, "", "gateway.jar grace: unrecognized option '--xyz=1'\n" + USAGE));
        assertThat(run("-x")).isEqualTo(new Result(1, "", "gateway.jar grace: invalid option -- 'x'\n" + USAGE));
        assertThat(run("--oi")).isEqualTo(new Result(1, "", "gateway.jar grace: option '--oid' requires an argument\n" + USAGE));
        assertThat(run("-p")).isEqualTo(new Result(1, "", "gateway.jar grace: option requires an argument -- 'p'\n" + USAGE));
        assertThat(run("--state-dir", d, "--pool", "p", "dump").err())
                .startsWith("gateway.jar grace: --state-dir (the local grace database) cannot be combined").endsWith(USAGE);
    }

    @Test
    void nodeIdsAreWrittenAsUtf8WhateverTheLocale() {
        local("add", "\u00e4-node");
        assertThat(local("dump").out()).endsWith("\u00e4-node\t E\n");
    }
}
