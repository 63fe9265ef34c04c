package org.cephgw.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** Actor test kits with quiet logging: stopped actors leave dead letters on purpose here. */
public final class TestKits {
    private TestKits() {
    }

    public static ActorTestKit create() {
        Config c = ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.actor.testkit.typed.single-expect-default = 3s
                """);
        return ActorTestKit.create(c.withFallback(ConfigFactory.load()));
    }
}
