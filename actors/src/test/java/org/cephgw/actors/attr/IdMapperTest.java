package org.cephgw.actors.attr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uid/gid ↔ owner strings, from passwd/group files of the test's own. */
class IdMapperTest {
    @TempDir
    Path dir;
    private Path passwd;
    private Path group;

    @BeforeEach
    void files() throws Exception {
        passwd = dir.resolve("passwd");
        group = dir.resolve("group");
        Files.writeString(passwd, """
                root:x:0:0:root:/root:/bin/bash
                alice:x:1000:1000:Alice:/home/alice:/bin/sh
                alias:x:1000:1000:same uid, later line:/:/bin/sh
                # a comment
                broken:x:notanumber:0::/:/bin/false
                :x:5:5::/:
                bob:x:4294967294:100::/:/bin/sh
                """);
        Files.writeString(group, """
                root:x:0:
                wheel:x:10:alice
                staff:x:50:
                """);
    }

    private IdMapper names() {
        return new IdMapper("example.org", false, passwd, group);
    }

    @Test
    void idsRenderAsNameAtDomain() {
        IdMapper m = names();
        assertThat(m.owner(0)).isEqualTo("root@example.org");
        assertThat(m.owner(1000)).as("first entry of a uid wins").isEqualTo("alice@example.org");
        assertThat(m.owner(4242)).as("unknown: the number").isEqualTo("4242");
        assertThat(m.owner(-2)).as("unsigned").isEqualTo("bob@example.org");
        assertThat(m.owner(-3)).isEqualTo("4294967293");
        assertThat(m.group(10)).isEqualTo("wheel@example.org");
        assertThat(m.group(1000)).isEqualTo("1000");
    }

    @Test
    void numericModeRendersNumbersButStillReadsNames() {
        IdMapper m = new IdMapper("example.org", true, passwd, group);
        assertThat(m.owner(1000)).isEqualTo("1000");
        assertThat(m.owner(-2)).isEqualTo("4294967294");
        assertThat(m.group(10)).isEqualTo("10");
        assertThat(m.uid("alice@example.org")).isEqualTo(1000);
        assertThat(m.gid("wheel@example.org")).isEqualTo(10);
    }

    @Test
    void namesParseBackInTheRightDomainOnly() {
        IdMapper m = names();
        assertThat(m.uid("alice@example.org")).isEqualTo(1000);
        assertThat(m.uid("alias@example.org")).isEqualTo(1000);
        assertThat(m.uid("alice@EXAMPLE.org")).as("domains are case-insensitive").isEqualTo(1000);
        assertThat(m.uid("alice")).isEqualTo(1000);
        assertThat(m.uid("bob@example.org")).isEqualTo(-2);
        assertThat(m.uid("alice@other.org")).isEqualTo(IdMapper.BAD);
        assertThat(m.uid("alice@")).isEqualTo(IdMapper.BAD);
        assertThat(m.uid("carol@example.org")).isEqualTo(IdMapper.BAD);
        assertThat(m.uid("broken@example.org")).isEqualTo(IdMapper.BAD);
        assertThat(m.uid("wheel@example.org")).as("a group is no user").isEqualTo(IdMapper.BAD);
        assertThat(m.gid("wheel@example.org")).isEqualTo(10);
        assertThat(m.gid("alice@example.org")).isEqualTo(IdMapper.BAD);
        assertThat(m.gid("staff@other.org")).isEqualTo(IdMapper.BAD);
    }

    @Test
    void numbersParseAsUnsigned32Bit() {
        IdMapper m = names();
        assertThat(m.uid("0")).isZero();
        assertThat(m.uid("1000")).isEqualTo(1000);
        assertThat(m.uid("4294967295")).isEqualTo(-1);
        assertThat(m.gid("007")).isEqualTo(7);
        assertThat(m.uid("")).isEqualTo(IdMapper.BAD);
        // beyond 32 bits it is no id, least of all root's (2^32 would truncate to 0)
        assertThat(m.uid("4294967296")).isEqualTo(IdMapper.BAD);
        assertThat(m.gid("4294967296")).isEqualTo(IdMapper.BAD);
        assertThat(m.uid("99999999999999999999")).isEqualTo(IdMapper.BAD);
        // digits of other scripts are no decimal number here
        assertThat(m.uid("\u0663")).isEqualTo(IdMapper.BAD);
        assertThat(m.uid("-1")).isEqualTo(IdMapper.BAD);
        assertThat(m.uid("+5")).isEqualTo(IdMapper.BAD);
    }

    @Test
    void withoutDatabasesOnlyNumbers() {
        IdMapper m = new IdMapper("example.org", false, dir.resolve("none"), dir.resolve("none2"));
        assertThat(m.owner(0)).isEqualTo("0");
        assertThat(m.uid("12")).isEqualTo(12);
        assertThat(m.uid("root@example.org")).isEqualTo(IdMapper.BAD);
    }
}
