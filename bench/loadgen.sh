#!/bin/bash
# The project's NFSv4.1 load generator (bench/loadgen): many clients, each with its own session
# and several slots in flight, running named workloads against any NFSv4.1 server; one table.
#
#   bench/loadgen.sh --server 127.0.0.1:2049 --clients 1,8,64 [--workloads all] [--help for the rest]
#
# Builds bench/loadgen/target/loadgen.jar if it is missing (mvn -B -q install -DskipTests first
# when the other modules changed). Env: LOADGEN_JAVA_OPTS (JVM options).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/bench/loadgen/target/loadgen.jar
if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && mvn -B -q -o install -DskipTests -pl bench/loadgen -am >&2)
fi
# shellcheck disable=SC2086  # LOADGEN_JAVA_OPTS: several words on purpose
exec java -XX:+UseParallelGC ${LOADGEN_JAVA_OPTS:-} -jar "$JAR" "$@"
