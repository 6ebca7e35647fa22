#!/usr/bin/env bash
# Two variants of the boot server, A and B, side by side in one run: both are started on the same 10,000
# machines, warmed up, then measured in turns (A B B A A B ...) with the same wrk load, so that the noise of a
# shared machine falls on both alike. Prints req/s and the CPU each variant spent per request. Used to find
# where the server's time goes (docs/benchmarks.md), e.g. the per-request event log:
#
#   A_JAVA_OPTS= B_JAVA_OPTS=-Dlogback.configurationFile=boot-jetty-app/bench/logback-events-off.xml \
#       boot-jetty-app/bench/boot-ab.sh
#
# Settings (environment): A_JAVA_OPTS, B_JAVA_OPTS, A_ARGS, B_ARGS (more server flags), A_SERVER, B_SERVER
# (jar or bare: BareBootServer.java on the jar's classpath), ENDPOINT=ipxe|ignition-json|ignition-butane,
# PAIRS=4, DURATION=10 WARMUP=10 (seconds), THREADS=2 CONNECTIONS=64 MACHINES=10000, BOOT_JAR.
# Everything it starts is stopped on exit; every wait and every wrk run is bounded in time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ENDPOINT=${ENDPOINT:-ipxe}
PAIRS=${PAIRS:-4}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
MACHINES=${MACHINES:-10000}
BOOT_JAR=${BOOT_JAR:-$root/boot-jetty-app/target/boot-jetty-app.jar}

log() { printf '[boot-ab %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk (or run wrk-vs-nginx.sh once)"
[[ -f $BOOT_JAR ]] || die "no jar at $BOOT_JAR; build it: ./mvnw -q -pl boot-jetty-app -am package -DskipTests"

work=$(mktemp -d /tmp/boot-ab.XXXXXX)
pids=()
cleanup() {
    local rc=$? pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    [[ $rc == 0 ]] && rm -rf "$work" || log "work directory kept: $work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$BOOT_JAR" "$work/boot-server.jar"
timeout 300 java "$here/GenerateMachines.java" "$work/data" "$MACHINES" >/dev/null
paths=$work/data/paths-$ENDPOINT.txt
[[ -f $paths ]] || die "ENDPOINT is ipxe, ignition-json or ignition-butane, not $ENDPOINT"
last=$(tail -n1 "$paths")

free_port() {
    local p
    for _ in $(seq 100); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    die "no free loopback port"
}

declare -A pid port
start() { # VARIANT SERVER JAVA_OPTS ARGS
    local v=$1 server=${2:-jar} opts=$3 args=$4 p cmd
    p=$(free_port)
    case $server in
        jar) cmd=(-jar "$work/boot-server.jar") ;;
        bare) cmd=(-cp "$work/boot-server.jar" "$here/BareBootServer.java") ;;
        *) die "server is jar or bare, not $server" ;;
    esac
    # shellcheck disable=SC2086  # options and flags are word lists on purpose
    java $opts "${cmd[@]}" --config-dir "$work/data/config" --boot-server-address "127.0.0.1:$p" \
        --ipxe-service-url "http://127.0.0.1:$p" $args >"$work/boot-$v.log" 2>&1 &
    pid[$v]=$!
    port[$v]=$p
    pids+=("$!")
    log "variant $v: $server ${opts:-(default JVM options)} ${args} on port $p"
}
start A "${A_SERVER:-jar}" "${A_JAVA_OPTS:-}" "${A_ARGS:-}"
start B "${B_SERVER:-jar}" "${B_JAVA_OPTS:-}" "${B_ARGS:-}"
for v in A B; do
    deadline=$((SECONDS + 180))
    until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${port[$v]}$last" 2>/dev/null; do
        kill -0 "${pid[$v]}" 2>/dev/null || { tail -n 20 "$work/boot-$v.log" >&2; die "variant $v exited"; }
        ((SECONDS < deadline)) || die "variant $v did not serve $last within 180 s"
        sleep 0.5
    done
done
# The iPXE script names the server's own URL: compare with the ports masked.
cmp -s <(curl -fsS "http://127.0.0.1:${port[A]}$last" | sed "s/:${port[A]}/:PORT/g") \
    <(curl -fsS "http://127.0.0.1:${port[B]}$last" | sed "s/:${port[B]}/:PORT/g") \
    || die "A and B answer different bodies for $last"

clk=$(getconf CLK_TCK)
printf 'variant\treq_per_s\tcpu_us_per_req\n' >"$work/rows.tsv"
run() { # VARIANT SECONDS [record]
    local v=$1 secs=$2 out=$work/wrk.txt t0 t1 n rps
    t0=$(awk '{print $14 + $15}' "/proc/${pid[$v]}/stat")
    timeout --kill-after=5 $((secs + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" -s "$here/rotate.lua" \
        "http://127.0.0.1:${port[$v]}" -- "$paths" >"$out" 2>&1 || die "wrk against $v failed: $(tail -n3 "$out")"
    t1=$(awk '{print $14 + $15}' "/proc/${pid[$v]}/stat")
    grep -q Non-2xx "$out" && die "variant $v answered non-2xx: $(grep Non-2xx "$out")"
    [[ ${3:-} == record ]] || return 0
    n=$(awk '/requests in/{print $1}' "$out"); rps=$(awk '/^Requests\/sec:/{print $2}' "$out")
    awk -v v="$v" -v rps="$rps" -v n="$n" -v t=$((t1 - t0)) -v clk="$clk" \
        'BEGIN { printf "%s\t%.0f\t%.1f\n", v, rps, t * 1e6 / clk / n }' >>"$work/rows.tsv"
    log "$(tail -n1 "$work/rows.tsv" | awk -F'\t' '{printf "%s %9s req/s  %s us CPU/req", $1, $2, $3}')"
}
log "warm-up ${WARMUP} s each, then $PAIRS pairs of ${DURATION} s on $ENDPOINT, wrk -t$THREADS -c$CONNECTIONS"
run A "$WARMUP"; run B "$WARMUP"
for i in $(seq "$PAIRS"); do
    if ((i % 2)); then run A "$DURATION" record; run B "$DURATION" record
    else run B "$DURATION" record; run A "$DURATION" record; fi
done
echo
echo "$ENDPOINT, wrk -t$THREADS -c$CONNECTIONS, $PAIRS x ${DURATION} s each; $(nproc) CPUs; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "A: ${A_SERVER:-jar} ${A_JAVA_OPTS:-} ${A_ARGS:-}"
echo "B: ${B_SERVER:-jar} ${B_JAVA_OPTS:-} ${B_ARGS:-}"
awk -F'\t' 'NR > 1 { rps[$1] += $2; cpu[$1] += $3; n[$1]++; all[$1] = all[$1] " " $3 }
    END { split("A B", vs, " ")
          for (i = 1; i <= 2; i++) { v = vs[i]; printf "%s: %8.0f req/s  %5.1f us CPU/req (runs:%s)\n", v, rps[v] / n[v], cpu[v] / n[v], all[v] }
          printf "B/A: req/s %.2f, CPU per request %.2f\n", (rps["B"] / n["B"]) / (rps["A"] / n["A"]), (cpu["B"] / n["B"]) / (cpu["A"] / n["A"]) }' \
    "$work/rows.tsv"
