#!/usr/bin/env bash
# The long soak: the built jar (-Xmx128m) under mixed load (/ipxe/{uuid}, /ignition/{uuid} from Butane, /httpboot,
# /image layers from a real docker-registry) from 6 client threads for SECONDS (default 600), while 5 of its 200
# config files are rewritten atomically, rewritten in place, broken and repaired every second. It fails on any
# non-200 answer, any request that sees a machine without its script or Ignition, or heap after a full GC growing
# more than 10% between the first third and the end. The same test runs for 60 s in CI (SoakIT).
#
#   boot-jetty-app/bench/soak.sh            # 10 minutes
#   SECONDS_TO_RUN=120 boot-jetty-app/bench/soak.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
./mvnw -B -q -pl boot-jetty-app -am verify -Dit.test=SoakIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dboot.soak.seconds="${SECONDS_TO_RUN:-600}"
grep -h "^soak:" boot-jetty-app/target/failsafe-reports/dev.bootoperator.jetty.SoakIT-output.txt 2>/dev/null || true
