# Where the boot server's request threads spend their Java time, from a JFR recording:
#
#   jfr print --events jdk.ExecutionSample --stack-depth 96 boot.jfr | awk -f jfr-breakdown.awk [-v from=HH:MM:SS -v to=HH:MM:SS]
#
# Each sample of a "boot-http" thread counts once, for the first of these found anywhere in its stack:
# logging, metrics, boot-core, servlet adapter, Jetty. Kernel time (socket I/O, the write of a log line) is not
# sampled by JFR: read it from the process's system time instead.
/^jdk\.ExecutionSample/ { sample = 1; n = 0; delete frame; next }
sample && /^ +startTime/ { time = $3 }
sample && /^ +sampledThread/ { thread = $3 }
sample && /^    [a-zA-Z_$].*line:/ { frame[++n] = $1; next }
sample && /^}/ {
    sample = 0
    if (thread !~ /boot-http/ || (from != "" && time < from) || (to != "" && time > to)) next
    total++
    what = ""
    for (i = 1; i <= n && what == ""; i++) if (frame[i] ~ /^ch\.qos\.logback|^org\.slf4j/) what = "logging (logback, slf4j)"
    for (i = 1; i <= n && what == ""; i++) if (frame[i] ~ /^io\.micrometer|^io\.prometheus/) what = "metrics (micrometer)"
    for (i = 1; i <= n && what == ""; i++) if (frame[i] ~ /^dev\.bootoperator\.(boot|store|ipxe|ignition|config)\./) what = "boot-core (BootService.handle)"
    for (i = 1; i <= n && what == ""; i++) if (frame[i] ~ /^dev\.bootoperator\.servlet\./) what = "servlet adapter (BootRequests, with Jetty's response writing below it)"
    for (i = 1; i <= n && what == ""; i++) if (frame[i] ~ /^org\.eclipse\.jetty/) what = "jetty (HTTP parsing, dispatch, selector)"
    if (what == "") what = "other"
    count[what]++
}
END {
    for (w in count) printf "%6d %5.1f%%  %s\n", count[w], 100 * count[w] / total, w | "sort -rn"
    close("sort -rn")
    printf "%6d samples of boot-http threads\n", total
}
