#!/usr/bin/env bash
# The image proxy against the registry it fronts and against nginx, with one large layer, in one run.
#
#   ./mvnw -q -pl boot-jetty-app -am package -DskipTests
#   boot-jetty-app/bench/image-proxy-vs-registry.sh
#
# What it does:
#   1. installs docker-registry, skopeo, nginx, curl and a JDK's jstat when missing (Debian packages);
#   2. writes an OCI layout with random layers of $LAYER_MIB MiB (media type ironcore squashfs) and pushes it
#      with skopeo to Debian's docker-registry on a loopback port (filesystem storage in a temp dir);
#   3. starts nginx serving the same bytes as static files, and the boot server jar with -Xmx$HEAP, the registry
#      allow-listed and insecure, and an empty cache directory, and warms its JIT up on a 64 MiB layer;
#   4. for CLIENTS in $CLIENT_COUNTS, $ROUNDS rounds, downloads the layer with that many concurrent curl clients:
#        direct  GET /v2/<repo>/blobs/<digest> from the registry;
#        cold    GET /image?...&layerDigest=... through the proxy for a layer it has not seen (each cold
#                measurement has its own layer), so all clients share one upstream download;
#        warm    the same request again, served from the verified cache;
#        nginx   the static file;
#      every body must have the layer's length, and in round 1 one more download from each hashes to its digest;
#      and, for reference, "to-file": one curl writing the layer from the registry into a new file on the cache
#      directory's file system, the least any cache must do (no hashing, no serving), to show the machine's ceiling;
#   5. records the CPU seconds spent per GiB delivered: by the whole machine (/proc/stat), the server and the
#      registry (/proc/PID/stat), to tell a CPU-bound run from a slow path;
#   6. samples the server's heap (jstat: used survivor + eden + old) every 200 ms and prints the peak.
# Figures are aggregate MiB/s (bytes delivered to all clients / wall time of the slowest).
# Everything it starts is stopped on exit.
#
# Settings (environment): LAYER_MIB=512 CLIENT_COUNTS="1 16" ROUNDS=2 HEAP=128m BOOT_JAR BOOT_JAVA_OPTS KEEP_WORK=1
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
LAYER_MIB=${LAYER_MIB:-512}
CLIENT_COUNTS=${CLIENT_COUNTS:-"1 16"}
ROUNDS=${ROUNDS:-2}
HEAP=${HEAP:-128m}
BOOT_JAR=${BOOT_JAR:-$root/boot-jetty-app/target/boot-jetty-app.jar}
BOOT_JAVA_OPTS=${BOOT_JAVA_OPTS:-}

log() { echo "[image-proxy-bench $(date -u +%H:%M:%S)] $*" >&2; }

need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
command -v nginx >/dev/null || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
[ -f "$BOOT_JAR" ] || { echo "no server jar at $BOOT_JAR; build it: ./mvnw -q -pl boot-jetty-app -am package -DskipTests" >&2; exit 1; }
JSTAT=$(command -v jstat || echo "$(dirname "$(readlink -f "$(command -v java)")")/jstat")

work=$(mktemp -d /tmp/image-proxy-bench.XXXXXX)
chmod 755 "$work" # nginx workers read the layout as another user
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${KEEP_WORK:-0}" = 1 ] && log "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_http() { # url, seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "no answer from $1 after $2 s" >&2; return 1
}

# --- the image ------------------------------------------------------------------------------------------------
# One layer per cold measurement (so the cache is cold without restarting the server, whose JIT stays warm), plus
# a small warm-up layer.
layout=$work/layout
mkdir -p "$layout/blobs/sha256"
n_cold=$(( ROUNDS * $(wc -w <<< "$CLIENT_COUNTS") ))
layer_hexes=()
layers_json=""
add_layer() { # MiB
  head -c $(( $1 << 20 )) /dev/urandom > "$work/layer.tmp"
  local hex
  hex=$(sha256sum "$work/layer.tmp" | cut -d' ' -f1)
  mv "$work/layer.tmp" "$layout/blobs/sha256/$hex"
  layer_hexes+=("$hex")
  layers_json+="${layers_json:+,}{\"mediaType\":\"application/vnd.ironcore.image.squashfs\",\"digest\":\"sha256:$hex\",\"size\":$(( $1 << 20 ))}"
}
log "writing $n_cold random layers of $LAYER_MIB MiB and a warm-up layer of 64 MiB"
add_layer 64
for _ in $(seq 1 "$n_cold"); do add_layer "$LAYER_MIB"; done
chmod 644 "$layout"/blobs/sha256/*
layer_size=$(( LAYER_MIB << 20 ))
printf '{}' > "$layout/blobs/sha256/config"
config_hex=$(sha256sum "$layout/blobs/sha256/config" | cut -d' ' -f1)
mv "$layout/blobs/sha256/config" "$layout/blobs/sha256/$config_hex"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":2},"layers":[%s]}' \
  "$config_hex" "$layers_json" > "$work/manifest.json"
manifest_hex=$(sha256sum "$work/manifest.json" | cut -d' ' -f1)
cp "$work/manifest.json" "$layout/blobs/sha256/$manifest_hex"
printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"1"}}]}' \
  "$manifest_hex" "$(stat -c %s "$work/manifest.json")" > "$layout/index.json"

reg_port=$(free_port)
cat > "$work/registry.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$reg_port
  secret: bench
EOF
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
reg_pid=$!
pids+=($reg_pid)
await_http "http://127.0.0.1:$reg_port/v2/" 10
log "pushing to the registry on 127.0.0.1:$reg_port"
skopeo copy -q --dest-tls-verify=false "oci:$layout:1" "docker://127.0.0.1:$reg_port/bench/os:1" >&2

# --- nginx ------------------------------------------------------------------------------------------------------
nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$nginx_port; root $layout/blobs/sha256; }
}
EOF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)
await_http "http://127.0.0.1:$nginx_port/$config_hex" 10

# --- the boot server --------------------------------------------------------------------------------------------
mkdir -p "$work/config"
boot_pid=""
heap_log=$work/heap.log
start_boot() { # cache dir
  boot_port=$(free_port); image_port=$(free_port)
  java -Xmx"$HEAP" $BOOT_JAVA_OPTS -jar "$BOOT_JAR" --config-dir "$work/config" --boot-server-address "127.0.0.1:$boot_port" \
    --image-proxy-server-address "127.0.0.1:$image_port" --allowed-registries "127.0.0.1:$reg_port" \
    --insecure-registries "127.0.0.1:$reg_port" --image-cache-dir "$1" --image-cache-max-bytes 4Gi \
    > "$work/boot.log" 2>&1 &
  boot_pid=$!
  pids+=($boot_pid)
  await_http "http://127.0.0.1:$image_port/healthz" 30
  ( while kill -0 "$boot_pid" 2>/dev/null; do "$JSTAT" -gc "$boot_pid" 2>/dev/null | tail -1; sleep 0.2; done ) >> "$heap_log" &
  pids+=($!)
}
stop_boot() { kill "$boot_pid" 2>/dev/null || true; wait "$boot_pid" 2>/dev/null || true; }

# --- measuring ----------------------------------------------------------------------------------------------------
# verify URL: one untimed download whose body must hash to the layer's digest
verify() {
  local got
  got=$(curl -fsS "$1" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$layer_hex" ] || { echo "$1 served a body with sha256 $got, not $layer_hex" >&2; exit 1; }
}

# fetch URL CLIENTS -> aggregate MiB/s. The timed clients discard the bytes (hashing them would make the
# clients, not the servers, the bottleneck on a small machine) but each must get exactly the layer's length.
# CPU seconds: the whole machine busy (all CPUs, from /proc/stat), and one process (utime + stime)
machine_cpu() { awk '/^cpu / { print ($2 + $3 + $4 + $7 + $8) / 100 }' /proc/stat; }
process_cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# fetch URL CLIENTS -> aggregate MiB/s; also appends "machine server registry" CPU seconds per GiB delivered to
# $work/cpu.last
fetch() {
  local url=$1 clients=$2 i p start end m0 s0 r0
  local clients_pids=()
  m0=$(machine_cpu); s0=$(process_cpu "$boot_pid"); r0=$(process_cpu "$reg_pid")
  start=$(date +%s.%N)
  for i in $(seq 1 "$clients"); do
    ( curl -fsS -o /dev/null -w '%{size_download}' "$url" > "$work/got.$i" 2>&1 || echo "curl failed" >> "$work/got.$i" ) &
    clients_pids+=($!)
  done
  for p in "${clients_pids[@]}"; do wait "$p" || true; done
  end=$(date +%s.%N)
  for i in $(seq 1 "$clients"); do
    [ "$(cat "$work/got.$i")" = "$layer_size" ] || { echo "client $i of $url: $(cat "$work/got.$i") instead of $layer_size bytes" >&2; exit 1; }
  done
  local gib
  gib=$(python3 -c "print($clients * $layer_size / 1073741824)")
  python3 -c "print(round(($(machine_cpu) - $m0) / $gib, 2), round(($(process_cpu "$boot_pid") - $s0) / $gib, 2), round(($(process_cpu "$reg_pid") - $r0) / $gib, 2))" > "$work/cpu.last"
  python3 -c "print(round($clients * $layer_size / 1048576 / ($end - $start), 1))"
}

# to_file URL -> MiB/s of one client writing the body into a new file next to the cache (then deleted)
to_file() {
  local start end
  rm -f "$work/to-file.bin"
  start=$(date +%s.%N)
  curl -fsS -o "$work/to-file.bin" "$1"
  end=$(date +%s.%N)
  [ "$(stat -c %s "$work/to-file.bin")" = "$layer_size" ] || { echo "to-file: short body from $1" >&2; exit 1; }
  rm -f "$work/to-file.bin"
  python3 -c "print(round($layer_size / 1048576 / ($end - $start), 1))"
}

url_direct() { echo "http://127.0.0.1:$reg_port/v2/bench/os/blobs/sha256:$1"; }
url_proxy() { echo "http://127.0.0.1:$image_port/image?imageName=127.0.0.1:$reg_port/bench/os&version=1&layerDigest=sha256:$1"; }
url_nginx() { echo "http://127.0.0.1:$nginx_port/$1"; }

start_boot "$work/cache"
log "warming up the server's JIT: the 64 MiB layer, cold then 4 times warm, 1 and 4 clients"
warm_hex=${layer_hexes[0]}
saved_size=$layer_size; layer_size=$(( 64 << 20 ))
for c in 1 1 4 4 4; do fetch "$(url_proxy "$warm_hex")" "$c" > /dev/null; done
layer_size=$saved_size

results=$work/results.tsv
: > "$results"
next=1
for round in $(seq 1 "$ROUNDS"); do
  for clients in $CLIENT_COUNTS; do
    hex=${layer_hexes[$next]}; next=$(( next + 1 ))
    layer_hex=$hex
    before=$(curl -fsS "http://127.0.0.1:$boot_port/metrics" | awk '/^boot_image_cache_upstream_fetches_total /{print $2}')
    d=$(fetch "$(url_direct "$hex")" "$clients"); cd_=$(cat "$work/cpu.last")
    log "round $round, $clients client(s): direct $d MiB/s; CPU s/GiB machine server registry: $cd_"
    c=$(fetch "$(url_proxy "$hex")" "$clients"); cc=$(cat "$work/cpu.last")
    log "round $round, $clients client(s): proxy cold $c MiB/s; CPU s/GiB machine server registry: $cc"
    t=$(to_file "$(url_direct "$hex")")
    log "round $round: one client writing the layer from the registry to a new file: $t MiB/s (load $(cut -d' ' -f1 /proc/loadavg))"
    w=$(fetch "$(url_proxy "$hex")" "$clients"); cw=$(cat "$work/cpu.last")
    log "round $round, $clients client(s): proxy warm $w MiB/s; CPU s/GiB machine server registry: $cw"
    n=$(fetch "$(url_nginx "$hex")" "$clients"); cn=$(cat "$work/cpu.last")
    log "round $round, $clients client(s): nginx $n MiB/s; CPU s/GiB machine server registry: $cn"
    [ "$round" = 1 ] && { verify "$(url_proxy "$hex")"; verify "$(url_direct "$hex")"; verify "$(url_nginx "$hex")"; }
    after=$(curl -fsS "http://127.0.0.1:$boot_port/metrics" | awk '/^boot_image_cache_upstream_fetches_total /{print $2}')
    upstream=$(python3 -c "print(int($after - $before))")
    load=$(cut -d' ' -f1 /proc/loadavg)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$clients" "$d" "$c" "$w" "$n" "$upstream" "$t" "$load" >> "$results"
  done
done
stop_boot

peak=$(awk 'NF >= 10 && $1 ~ /^[0-9.]+$/ { used = $3 + $4 + $6 + $8; if (used > max) max = used } END { printf "%.1f", max / 1024 }' "$heap_log")
echo
echo "layer $LAYER_MIB MiB; $(nproc) CPUs; $(date -u +%Y-%m-%dT%H:%MZ); server -Xmx$HEAP; $ROUNDS round(s); MiB/s summed over clients"
printf '%-8s %8s %8s %8s %8s %8s %12s %12s %13s %10s %9s\n' clients direct cold warm nginx to-file cold/direct warm/nginx cold/to-file upstream load
for clients in $CLIENT_COUNTS; do
  awk -v c="$clients" -F'\t' '$2 == c { d += $3; k += $4; w += $5; n += $6; u = $7; t += $8; r++; l = l (l == "" ? "" : ",") $9 }
    END { printf "%-8s %8.0f %8.0f %8.0f %8.0f %8.0f %12.2f %12.2f %13.2f %10s %9s\n", c, d/r, k/r, w/r, n/r, t/r, k/d, w/n, k/t, u, l }' "$results"
done
echo "per round (clients: cold/direct cold/to-file warm/nginx):"
awk -F'\t' '{ printf "  round %s, %s: %.2f %.2f %.2f\n", $1, $2, $4/$3, $4/$8, $5/$6 }' "$results"
echo "to-file: one client writing the layer from the registry into a new file on the cache's file system (MiB/s),"
echo "  measured in every round next to the cold fetch; load: the 1-minute load average at the end of each round"
echo "upstream: blob downloads the proxy made for a cold+warm pair (1 = one download shared by every client)"
echo "peak heap used by the server (jstat S0U+S1U+EU+OU): $peak MiB"
[ "${KEEP_WORK:-0}" = 1 ] && cp "$results" "$work/results.kept.tsv"
exit 0
