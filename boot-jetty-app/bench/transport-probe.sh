#!/usr/bin/env bash
# The registry transport alone: one blob of $BLOB_MIB MiB read from Debian's docker-registry on loopback by each
# HTTP client in turn (boot-core's TransportProbe), and by Apache HttpClient 5 classic when its jars are in ~/.m2.
#
#   ./mvnw -q -pl boot-core -am test-compile
#   boot-jetty-app/bench/transport-probe.sh
#
# Settings (environment): BLOB_MIB=512 ROUNDS=4 MODES="jdk-httpclient urlconnection ..." (TransportProbe's modes),
# PROBE_JAVA_OPTS (e.g. -Djdk.httpclient.bufsize=262144, which the server sets)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
BLOB_MIB=${BLOB_MIB:-512}
ROUNDS=${ROUNDS:-4}
MODES=${MODES:-}
PROBE_JAVA_OPTS=${PROBE_JAVA_OPTS:-}
log() { echo "[transport-probe $(date -u +%H:%M:%S)] $*" >&2; }
command -v docker-registry >/dev/null || { echo "needs docker-registry: apt-get install docker-registry" >&2; exit 1; }
[ -d "$root/boot-core/target/test-classes/dev/bootoperator/bench" ] \
  || { echo "build first: ./mvnw -q -pl boot-core -am test-compile" >&2; exit 1; }

work=$(mktemp -d /tmp/transport-probe.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: 127.0.0.1:$port, secret: bench }
YML
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null && break; sleep 0.1; done

log "pushing a random blob of $BLOB_MIB MiB"
head -c $(( BLOB_MIB << 20 )) /dev/urandom > "$work/blob"
hex=$(sha256sum "$work/blob" | cut -d' ' -f1)
location=$(curl -fsS -X POST -D - -o /dev/null "http://127.0.0.1:$port/v2/bench/blobs/uploads/" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
case "$location" in http*) ;; *) location="http://127.0.0.1:$port$location" ;; esac
curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$work/blob" "$location&digest=sha256:$hex" -o /dev/null
rm "$work/blob"
url="http://127.0.0.1:$port/v2/bench/blobs/sha256:$hex"
curl -fsS -o /dev/null "$url"

m2=${M2_REPO:-$HOME/.m2/repository}
# HttpTransport needs only slf4j-api besides the JDK (no binding: its few log lines are dropped)
slf4j2=$(ls "$m2"/org/slf4j/slf4j-api/2.*/slf4j-api-2.*.jar | sort -V | tail -1)
cp="$slf4j2:$root/boot-core/target/test-classes:$root/boot-core/target/classes"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
java $PROBE_JAVA_OPTS -cp "$cp" dev.bootoperator.bench.TransportProbe "$url" "$ROUNDS" "$work" $MODES
apache=($m2/org/apache/httpcomponents/client5/httpclient5/5.*/httpclient5-5.*.jar)
core=($m2/org/apache/httpcomponents/core5/httpcore5/5.*/httpcore5-5.*.jar)
slf=($m2/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar)
if [ -f "${apache[0]}" ] && [ -f "${core[0]}" ] && [ -f "${slf[0]}" ]; then
  java -cp "${apache[0]}:${core[0]}:${slf[0]}" "$here/ApacheClientProbe.java" "$url" "$ROUNDS" 2>/dev/null
else
  log "Apache HttpClient 5 jars not in $m2: skipped"
fi
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
