package org.cephgw.actors.grace;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cephgw.persistence.grace.LocalGraceDb;

/** Run in a child JVM by the tests: one change of a local grace database by another process. */
public final class LocalGraceTool {
    private LocalGraceTool() {
    }

    /** {@code <file> start|lift|enforce|noenforce <node>...} */
    public static void main(String[] args) {
        List<String> nodes = Arrays.asList(args).subList(2, args.length);
        try (LocalGraceDb db = new LocalGraceDb(Path.of(args[0]))) {
            switch (args[1]) {
                case "start" -> db.start(nodes);
                case "lift" -> db.lift(nodes);
                case "enforce" -> db.enforce(nodes);
                case "noenforce" -> db.noenforce(nodes);
                default -> throw new IllegalArgumentException(args[1]);
            }
        }
    }
}
