#!/usr/bin/env bash
# The operator's memory under upstream's limits: builds target/boot-operator.jar, then runs OperatorMemoryBenchmark,
# which starts the jar with the image's JVM flags (operator.jvm.flags in boot-operator/pom.xml) in a cgroup of its
# own (memory limit, no swap, cpu 500m) against the fabric8 mock API server holding 1,000 Servers and
# ServerBootConfigurations on an image in a real docker-registry. It prints a BENCH line (peak RSS from VmHWM, the
# cgroup's peak, OOM kills, time until all are Ready) and Native Memory Tracking's summary.
#
#   boot-operator/bench/operator-memory.sh                 # the limit of deploy/deployment.yaml's container
#   LIMIT_MIB=128 boot-operator/bench/operator-memory.sh   # upstream's limit
#   FLAGS="-XX:+UseSerialGC -Xmx64m" boot-operator/bench/operator-memory.sh   # other JVM flags
#   COUNT=200 boot-operator/bench/operator-memory.sh
#
# Needs root (it creates the cgroup) and Debian's docker-registry. See docs/benchmarks.md, "Operator memory".
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ $(id -u) != 0 ]]; then
  echo "operator-memory.sh: needs root, to create the cgroup that sets the memory and cpu limits" >&2
  exit 2
fi
limit=${LIMIT_MIB:-$(sed -n 's/^ *memory: \([0-9]*\)Mi$/\1/p' boot-operator/deploy/deployment.yaml | tail -1)}
args=(-Dtest=OperatorMemoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false
      -Dbench.memoryLimitMiB="$limit" -Dbench.count="${COUNT:-1000}")
if [[ -n ${FLAGS+x} ]]; then
  args+=(-Dbench.jvmFlags="$FLAGS")
fi
./mvnw -B -q -pl boot-operator -am package -DskipTests
echo "load before: $(uptime)"
./mvnw -B -pl boot-operator -am test "${args[@]}" | sed -n '/^BENCH/,/^\[INFO\] Tests run/p'
echo "load after: $(uptime)"
