package org.cephgw.gateway.config;

import java.util.List;

/**
 * The configuration cannot be served. Carries every problem found (not just the first), each
 * naming its key, e.g. {@code gateway.exports[0].access: must be "rw" or "ro", got "rx"}, so an
 * operator fixes the file in one pass.
 */
public final class GatewayConfigException extends RuntimeException {
    private final List<String> problems;

    public GatewayConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        this.problems = List.copyOf(problems);
    }

    public GatewayConfigException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem, each starting with the key it concerns. */
    public List<String> problems() {
        return problems;
    }
}
