#!/usr/bin/env bash
# The boot server against nginx serving the same bytes as static files, side by side in one run.
#
#   ./mvnw -q -pl boot-jetty-app -am package -DskipTests
#   boot-jetty-app/bench/wrk-vs-nginx.sh
#
# What it does:
#   1. installs wrk, nginx and curl when missing (Debian packages);
#   2. writes a config directory of $MACHINES machines (GenerateMachines.java, beside this script);
#   3. starts the boot server jar on one loopback port and waits until every machine answers;
#   4. saves one machine's /ipxe/{uuid}, its Ignition (JSON) and a Butane machine's Ignition as files that
#      nginx (foreground, its own config, pid and log paths, access_log off, worker_processes auto) serves
#      from a temp root on another loopback port, and checks that both servers answer byte-identical bodies;
#   5. warms both up, then runs wrk in pairs, back to back: nginx static file / boot server rotating over
#      every machine's UUID (rotate.lua), for /ipxe, /ignition (JSON) and /ignition (Butane, memoised),
#      $ROUNDS rounds with the order inside a pair alternating;
#   6. prints a table of req/s, boot/nginx ratios and the CPU each server spent per request.
# Beside nginx, /ipxe is also measured against the Go anchor (../shared/bench/go-anchor relative to the repository:
# Go net/http doing upstream's per-request work; built here with Debian's golang-go, no modules fetched), and
# before the measurements the server's start-up is timed $STARTUPS times: from `java -jar` to the first 200 answer
# of /ipxe/{uuid} for the last of the $MACHINES machines (curl polling every 10 ms).
# Everything it starts is stopped on exit; every wait and every wrk run is bounded in time.
#
# Settings (environment): DURATION=20 WARMUP=10 (seconds), THREADS=2 CONNECTIONS=64 ROUNDS=2 MACHINES=10000,
# BOOT_JAR, BOOT_JAVA_OPTS (JVM options), BOOT_EXTRA_ARGS (more server flags), BOOT_PORT, NGINX_PORT,
# BOOT_SERVER=bare starts BareBootServer.java (Jetty + BootServlet only, a control) instead of the jar's main,
# with BOOT_CLASSPATH (default: a copy of the jar) as its classpath,
# KEEP_WORK=1 keeps the temp directory (configs, logs, raw wrk output), RESULTS=FILE also writes the rows
# as TSV, GO_ANCHOR_DIR (default ../shared/bench/go-anchor from the repository; GO_ANCHOR=0 skips it),
# STARTUPS=2 (start-up timings; 0 skips them).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-2}
MACHINES=${MACHINES:-10000}
BOOT_JAR=${BOOT_JAR:-$root/boot-jetty-app/target/boot-jetty-app.jar}
BOOT_JAVA_OPTS=${BOOT_JAVA_OPTS:-}
BOOT_EXTRA_ARGS=${BOOT_EXTRA_ARGS:-}
BOOT_SERVER=${BOOT_SERVER:-jar}
BOOT_CLASSPATH=${BOOT_CLASSPATH:-}
KEEP_WORK=${KEEP_WORK:-0}
RESULTS=${RESULTS:-}
GO_ANCHOR=${GO_ANCHOR:-1}
GO_ANCHOR_DIR=${GO_ANCHOR_DIR:-$root/../shared/bench/go-anchor}
STARTUPS=${STARTUPS:-2}

log() { printf '[wrk-vs-nginx %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# --- 1. tools -----------------------------------------------------------------------------------------
install_missing() {
    local missing=()
    command -v wrk >/dev/null || missing+=(wrk)
    command -v curl >/dev/null || missing+=(curl)
    if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
        # nginx-light is the smallest flavour where the release still has it; plain nginx elsewhere.
        if apt-cache policy nginx-light 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            missing+=(nginx-light)
        else
            missing+=(nginx)
        fi
    fi
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        [[ $(id -u) == 0 ]] || die "need root to apt-get install ${missing[*]}"
        timeout 300 apt-get update -qq || true
        # policy-rc.d (or no init) keeps the packaged nginx service from starting; we never use it.
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if [[ $GO_ANCHOR == 1 ]] && ! command -v go >/dev/null; then
        log "installing golang-go (for the Go anchor)"
        [[ $(id -u) == 0 ]] || die "need root to apt-get install golang-go"
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends golang-go >/dev/null
    fi
    command -v java >/dev/null || die "java is not on PATH"
}
install_missing
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ $BOOT_SERVER == bare || -f $BOOT_JAR ]] || die "no boot server jar at $BOOT_JAR; build it: ./mvnw -q -pl boot-jetty-app -am package -DskipTests"

# --- lifecycle ----------------------------------------------------------------------------------------
work=$(mktemp -d /tmp/wrk-vs-nginx.XXXXXX)
chmod 755 "$work"   # nginx workers run as nobody and must read the static root
pids=()
cleanup() {
    local rc=$?
    local pid
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ $KEEP_WORK == 1 || $rc != 0 ]]; then
        log "work directory kept: $work"
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local p
    for _ in $(seq 100); do
        p=$((20000 + RANDOM % 40000))
        if port_free "$p"; then echo "$p"; return; fi
    done
    die "no free loopback port found"
}
BOOT_PORT=${BOOT_PORT:-$(free_port)}
NGINX_PORT=${NGINX_PORT:-$(free_port)}
[[ $BOOT_PORT != "$NGINX_PORT" ]] || NGINX_PORT=$(free_port)
boot_url=http://127.0.0.1:$BOOT_PORT
nginx_url=http://127.0.0.1:$NGINX_PORT

# Waits up to $2 seconds until URL $1 answers 200; gives up early if process $3 has died.
wait_ok() {
    local url=$1 deadline=$((SECONDS + $2)) pid=$3
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || return 1
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

# A private copy of the jar, so that a rebuild during the run cannot pull classes from under the server.
if [[ -f $BOOT_JAR ]]; then
    cp "$BOOT_JAR" "$work/boot-server.jar"
    BOOT_CLASSPATH=${BOOT_CLASSPATH:-$work/boot-server.jar}
fi
[[ -n $BOOT_CLASSPATH ]] || die "BOOT_SERVER=bare needs BOOT_CLASSPATH or a jar at $BOOT_JAR"

# --- 2. machines --------------------------------------------------------------------------------------
log "generating $MACHINES machines in $work/data"
timeout 300 java "$here/GenerateMachines.java" "$work/data" "$MACHINES" >/dev/null
first_ipxe=$(head -n1 "$work/data/paths-ipxe.txt")
last_ipxe=$(tail -n1 "$work/data/paths-ipxe.txt")
first_json=$(head -n1 "$work/data/paths-ignition-json.txt")
first_butane=$(head -n1 "$work/data/paths-ignition-butane.txt")

# --- 3. boot server -----------------------------------------------------------------------------------
case $BOOT_SERVER in
    jar) boot_cmd=(-jar "$work/boot-server.jar") ;;
    bare) boot_cmd=(-cp "$BOOT_CLASSPATH" "$here/BareBootServer.java") ;;
    *) die "BOOT_SERVER is jar or bare, not $BOOT_SERVER" ;;
esac

# Start-up: a fresh server each time, from the java command to the first 200 for the last machine's /ipxe/{uuid}.
startup_times=()
for i in $(seq "$STARTUPS"); do
    port=$(free_port)
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    java $BOOT_JAVA_OPTS "${boot_cmd[@]}" --config-dir "$work/data/config" \
        --boot-server-address "127.0.0.1:$port" --ipxe-service-url "http://127.0.0.1:$port" $BOOT_EXTRA_ARGS \
        >"$work/startup-$i.log" 2>&1 &
    spid=$!
    until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port$last_ipxe" 2>/dev/null; do
        kill -0 "$spid" 2>/dev/null || { tail -n 20 "$work/startup-$i.log" >&2; die "the server died while starting"; }
        (( $(date +%s%N) - t0 < 120000000000 )) || die "no answer within 120 s of starting"
        sleep 0.01
    done
    t1=$(date +%s%N)
    kill -TERM "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
    startup_times+=("$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e9 }')")
    log "start-up $i: $(tail -n1 <<<"${startup_times[-1]}") s from java to the first /ipxe answer for machine $MACHINES (load $(cut -d' ' -f1 /proc/loadavg))"
done
log "starting the boot server ($BOOT_SERVER: ${boot_cmd[-1]}) on $boot_url"
# shellcheck disable=SC2086  # BOOT_JAVA_OPTS and BOOT_EXTRA_ARGS are word lists on purpose
java $BOOT_JAVA_OPTS "${boot_cmd[@]}" --config-dir "$work/data/config" \
    --boot-server-address "127.0.0.1:$BOOT_PORT" --ipxe-service-url "$boot_url" $BOOT_EXTRA_ARGS \
    >"$work/boot.log" 2>&1 &
boot_pid=$!
pids+=("$boot_pid")
started=$SECONDS
if ! wait_ok "$boot_url$last_ipxe" 180 "$boot_pid" || ! wait_ok "$boot_url$first_ipxe" 10 "$boot_pid"; then
    tail -n 30 "$work/boot.log" >&2 || true
    die "the boot server did not serve $last_ipxe within 180 s (log above)"
fi
log "boot server serves all $MACHINES machines after $((SECONDS - started)) s"

# --- 4. nginx with the same bytes ---------------------------------------------------------------------
www=$work/www
mkdir -p "$www/ipxe" "$www/ignition" "$work/nginx/logs" "$work/nginx/tmp"
for path in "$first_ipxe" "$first_json" "$first_butane"; do
    curl -fsS --max-time 10 -o "$www$path" "$boot_url$path" || die "cannot fetch $boot_url$path"
done
chmod -R a+rX "$www"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $www;
        location /ipxe/ { default_type "text/plain; charset=utf-8"; }
        location /ignition/ { default_type application/json; }
    }
}
EOF
log "starting nginx on $nginx_url"
"$NGINX" -p "$work/nginx/" -e "$work/nginx/logs/error.log" -c "$work/nginx/nginx.conf" \
    >"$work/nginx/logs/stdout.log" 2>&1 &
nginx_pid=$!
pids+=("$nginx_pid")
wait_ok "$nginx_url$first_ipxe" 20 "$nginx_pid" || { cat "$work/nginx/logs/"*.log >&2; die "nginx did not start"; }

for path in "$first_ipxe" "$first_json" "$first_butane"; do
    cmp -s <(curl -fsS --max-time 10 "$nginx_url$path") <(curl -fsS --max-time 10 "$boot_url$path") \
        || die "nginx and the boot server answer different bodies for $path"
done
printf '%s\n' "$first_ipxe" >"$work/nginx-ipxe.txt"
printf '%s\n' "$first_json" >"$work/nginx-ignition-json.txt"
printf '%s\n' "$first_butane" >"$work/nginx-ignition-butane.txt"

# --- 4b. the Go anchor --------------------------------------------------------------------------------
go_pid=""
if [[ $GO_ANCHOR == 1 ]]; then
    [[ -f $GO_ANCHOR_DIR/main.go ]] || die "no Go anchor at $GO_ANCHOR_DIR (GO_ANCHOR=0 skips it)"
    cp -r "$GO_ANCHOR_DIR" "$work/go-anchor-src"
    chmod -R u+w "$work/go-anchor-src"
    (cd "$work/go-anchor-src" && GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$work/go-cache" timeout 300 go build -o "$work/go-anchor" .) \
        || die "go build of $GO_ANCHOR_DIR failed"
    GO_PORT=$(free_port)
    "$work/go-anchor" "$GO_PORT" >"$work/go-anchor.log" 2>&1 &
    go_pid=$!
    pids+=("$go_pid")
    go_url=http://127.0.0.1:$GO_PORT
    # its machines: 6b1f2c3d-4e5f-4a6b-8c7d-<12 hex digits of i>, i = 0..9999
    awk 'BEGIN { for (i = 0; i < 10000; i++) printf "/ipxe/6b1f2c3d-4e5f-4a6b-8c7d-%012x\n", i }' >"$work/go-ipxe.txt"
    wait_ok "$go_url$(head -n1 "$work/go-ipxe.txt")" 20 "$go_pid" || die "the Go anchor did not start"
    log "Go anchor ($(go version | awk '{print $3}')) on $go_url: $(curl -fsS "$go_url$(head -n1 "$work/go-ipxe.txt")" | wc -c) B per /ipxe answer"
fi
log "bodies: ipxe $(wc -c <"$www$first_ipxe") B, ignition json $(wc -c <"$www$first_json") B, ignition butane $(wc -c <"$www$first_butane") B; identical on both servers"

# --- 5. measuring -------------------------------------------------------------------------------------
clk=$(getconf CLK_TCK)
# CPU ticks (user+system) of a process and its direct children (nginx's workers).
cpu_ticks() {
    local total=0 p t
    for p in "$1" $(pgrep -P "$1" || true); do
        t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
        total=$((total + t))
    done
    echo "$total"
}
# Busy ticks of the whole machine, to tell how much else was running.
machine_busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
# CPU seconds used by this shell's finished children so far (wrk, curl), from bash's `times`, into $children_cpu.
# `times` must run in this shell, not in a $(...) subshell, whose children are others: hence the file.
mark_children_cpu() {
    times >"$work/times.txt"
    children_cpu=$(awk 'END { n = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); n += a[1] * 60 + a[2] } printf "%.3f", n }' "$work/times.txt")
}

results=$work/results.tsv
printf 'round\tendpoint\tserver\treq_per_s\trequests\tnon2xx\tsocket_errors\tlatency_avg\tserver_cpu_us_per_req\tserver_cores\twrk_cores\tother_cores\n' >"$results"

# run ROUND ENDPOINT SERVER BASE_URL PATHS_FILE PID SECONDS
run() {
    local round=$1 endpoint=$2 server=$3 url=$4 paths=$5 pid=$6 secs=$7
    local out=$work/wrk-$round-$endpoint-$server.txt
    local c0 b0 w0 c1 b1 w1
    mark_children_cpu; w0=$children_cpu; c0=$(cpu_ticks "$pid"); b0=$(machine_busy_ticks)
    timeout --kill-after=5 $((secs + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --latency \
        -s "$here/rotate.lua" "$url" -- "$paths" >"$out" 2>&1 || die "wrk against $server $endpoint failed: $(tail -n3 "$out")"
    c1=$(cpu_ticks "$pid"); b1=$(machine_busy_ticks); mark_children_cpu; w1=$children_cpu
    kill -0 "$pid" 2>/dev/null || die "$server died during the $endpoint run"
    [[ $round == warmup ]] && return 0
    local rps reqs non2xx sockerr lat
    rps=$(awk '/^Requests\/sec:/{print $2}' "$out")
    reqs=$(awk '/requests in/{print $1}' "$out")
    non2xx=$(awk '/Non-2xx/{print $NF}' "$out"); non2xx=${non2xx:-0}
    sockerr=$(awk -F'[ ,]+' '/Socket errors/{print $4 + $6 + $8 + $10}' "$out"); sockerr=${sockerr:-0}
    lat=$(awk '$1 == "Latency" {print $2; exit}' "$out")
    [[ -n $rps && -n $reqs ]] || die "cannot read wrk output $out"
    awk -v r="$round" -v e="$endpoint" -v s="$server" -v rps="$rps" -v n="$reqs" -v bad="$non2xx" \
        -v se="$sockerr" -v lat="$lat" -v dc=$((c1 - c0)) -v db=$((b1 - b0)) -v w0="$w0" -v w1="$w1" \
        -v clk="$clk" -v secs="$secs" 'BEGIN {
            server = dc / clk; wrkc = w1 - w0; other = db / clk - server - wrkc; if (other < 0) other = 0
            per = 0; if (n > 0) per = server * 1e6 / n
            printf "%s\t%s\t%s\t%.0f\t%d\t%d\t%d\t%s\t%.1f\t%.2f\t%.2f\t%.2f\n", r, e, s, rps, n, bad, se, lat, \
                per, server / secs, wrkc / secs, other / secs }' >>"$results"
    log "$(tail -n1 "$results" | awk -F'\t' '{printf "round %s %-15s %-6s %9s req/s  non-2xx %s  latency %s  server CPU %s us/req", $1, $2, $3, $4, $6, $8, $9}')"
}

endpoints=(ipxe ignition-json ignition-butane)
boot_paths() { echo "$work/data/paths-$1.txt"; }
nginx_paths() { echo "$work/nginx-$1.txt"; }

log "warm-up: ${WARMUP} s per endpoint on the boot server (JIT), $(((WARMUP + 1) / 2)) s on nginx"
for e in "${endpoints[@]}"; do
    run warmup "$e" boot "$boot_url" "$(boot_paths "$e")" "$boot_pid" "$WARMUP"
    run warmup "$e" nginx "$nginx_url" "$(nginx_paths "$e")" "$nginx_pid" $(((WARMUP + 1) / 2))
done
[[ -z $go_pid ]] || run warmup ipxe go "$go_url" "$work/go-ipxe.txt" "$go_pid" $(((WARMUP + 1) / 2))

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "measuring: $ROUNDS round(s) x ${#endpoints[@]} pairs x ${DURATION} s, wrk -t$THREADS -c$CONNECTIONS"
for round in $(seq "$ROUNDS"); do
    for e in "${endpoints[@]}"; do
        if ((round % 2)); then
            run "$round" "$e" nginx "$nginx_url" "$(nginx_paths "$e")" "$nginx_pid" "$DURATION"
            run "$round" "$e" boot "$boot_url" "$(boot_paths "$e")" "$boot_pid" "$DURATION"
            [[ $e != ipxe || -z $go_pid ]] || run "$round" "$e" go "$go_url" "$work/go-ipxe.txt" "$go_pid" "$DURATION"
        else
            [[ $e != ipxe || -z $go_pid ]] || run "$round" "$e" go "$go_url" "$work/go-ipxe.txt" "$go_pid" "$DURATION"
            run "$round" "$e" boot "$boot_url" "$(boot_paths "$e")" "$boot_pid" "$DURATION"
            run "$round" "$e" nginx "$nginx_url" "$(nginx_paths "$e")" "$nginx_pid" "$DURATION"
        fi
    done
done

# --- 6. summary ---------------------------------------------------------------------------------------
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $ROUNDS round(s); $(nproc) CPUs ($(lscpu | awk -F: '/Model name/{gsub(/^ +/, "", $2); print $2; exit}')); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load average (1, 5, 15 min) before the measured runs: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "nginx: one static file per endpoint; boot: /ipxe/{uuid} and /ignition/{uuid} rotating over $MACHINES machines' UUIDs ($(($(wc -l <"$work/data/paths-ignition-json.txt"))) for each Ignition format)"
awk -F'\t' -v startups="${startup_times[*]}" '
    NR == 1 { next }
    { key = $2 SUBSEP $3; rps[key] += $4; n[key]++; cpu[key] += $9; bad[key] += $6 + $7; other[key] += $12; runs++ ; otot += $12
      r[$1 SUBSEP $2 SUBSEP $3] = $4; rounds[$1] = 1; eps[$2] = 1 }
    END {
        printf "\n%-16s %11s %11s %11s %10s %8s %20s %19s %7s\n", "endpoint", "nginx req/s", "boot req/s", "go req/s", "boot/nginx", "boot/go", "per-round b/n (b/go)", "CPU us/req n|b|go", "errors"
        split("ipxe ignition-json ignition-butane", order, " ")
        for (i = 1; i <= 3; i++) {
            e = order[i]; if (!(e in eps)) continue
            nk = e SUBSEP "nginx"; bk = e SUBSEP "boot"; gk = e SUBSEP "go"
            ng = rps[nk] / n[nk]; bo = rps[bk] / n[bk]; go = (gk in n) ? rps[gk] / n[gk] : 0
            per = ""
            for (rd = 1; (rd SUBSEP e SUBSEP "nginx") in r; rd++) {
                per = per (per == "" ? "" : " ") sprintf("%.2f", r[rd SUBSEP e SUBSEP "boot"] / r[rd SUBSEP e SUBSEP "nginx"])
                if ((rd SUBSEP e SUBSEP "go") in r) per = per sprintf("(%.2f)", r[rd SUBSEP e SUBSEP "boot"] / r[rd SUBSEP e SUBSEP "go"])
            }
            printf "%-16s %11.0f %11.0f %11s %10.2f %8s %20s %6.1f|%5.1f|%-5s %7d\n", e, ng, bo, go ? sprintf("%.0f", go) : "-", bo / ng, \
                go ? sprintf("%.2f", bo / go) : "-", per, cpu[nk] / n[nk], cpu[bk] / n[bk], go ? sprintf("%.1f", cpu[gk] / n[gk]) : "-", bad[nk] + bad[bk] + bad[gk]
            verdict = verdict sprintf("%s boot/nginx %.2f %s", e, bo / ng, bo / ng >= 0.8 ? "MET" : "NOT MET")
            if (go) verdict = verdict sprintf(", boot/go %.2f %s", bo / go, bo / go >= 1.1 ? "MET" : "NOT MET")
            verdict = verdict "; "
        }
        printf "\ntargets boot >= 0.8 x nginx, /ipxe >= 1.1 x Go: %s\n", verdict
        if (startups != "") printf "start-up (java -jar to the first /ipxe/{uuid} answer): %s s; target <= 2 s\n", startups
        printf "other load on the machine during the runs: %.2f cores on average (other engineers, builds)\n", otot / runs
    }' "$results"
echo "per-run rows: $results$([[ $KEEP_WORK == 1 ]] || echo ' (removed on exit; KEEP_WORK=1 keeps it)')"
[[ -z $RESULTS ]] || cp "$results" "$RESULTS"
