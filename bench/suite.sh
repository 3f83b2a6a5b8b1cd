#!/usr/bin/env bash
# Side-by-side benchmark suite (issue #3): direct (no proxy), Remora, nginx and HAProxy
# as HTTP/1.1 reverse proxies in front of one nginx backend, in one run, alternating.
#
# Usage: bench/suite.sh [--only throughput,latency,memory,syscalls,alloc,startup,scale] [--rounds N]
#                       [--duration S] [--warmup S] [--connections C] [--rate R[,R16K]]
#                       [--tick US] [--starts N] [--generator auto|c|python] [--allow-build]
#                       [--keep-tmp] [--smoke]
#
#   throughput  wrk -t1 -cC at saturation, 6-byte and 16 KiB bodies: req/s, proxy CPU
#   latency     open-loop constant rate (bench/openloop.c, compiled with cc, or the
#               slower bench/openloop.py) at half nginx's req/s (or --rate R for 6 B,
#               R16K for 16 KiB; one R sets both): p50/p99/p99.9 added to direct's.
#               --tick US (100): the C generator wakes every US microseconds and sends
#               what is due (0: at each request's exact time; see bench/README.md)
#   memory      proxy RSS idle, and holding 1, 1,000 and 10,000 idle keep-alive connections
#   syscalls    system calls per proxied request (strace -c -f on every process and thread
#               of each proxy, over a wrk run), total and the most frequent ones
#   alloc       Remora: bytes allocated per request on the steady-state path (JFR's
#               jdk.ThreadAllocationStatistics before and after a wrk run)
#   startup     Remora: exec to first request answered and to admin /ready LIVE (--starts)
#   scale       Remora with 1/100/10,000 prefix routes, 10,000 header routes, 1/100/1,000
#               hosts in a cluster: req/s and open-loop p99
# Pinning: proxies on core $PROXY_CPU (1); wrk, load generators and backend on $LOAD_CPU (0).
# Exit status: 0 table printed (or smoke passed); 1 a run had errors (no comparison is
# printed); 2 usage or environment problem.
# Env: LOAD_CPU, PROXY_CPU, PORT_BASE (18100), PORT_LAST (18199), REMORA_BIN, REMORA_JAR,
#      REMORA_CLASSPATH (run io.remora.server.Main from this classpath instead of ./remora),
#      REMORA_JVM_OPTS.
set -uo pipefail

PROG=suite.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=3
DURATION=8
WARMUP=2
CONNECTIONS=64
ONLY=throughput,latency,memory,syscalls,alloc,startup,scale
RATE=""
TICK=100
STARTS=5
GENERATOR=auto
SMOKE=0
ALLOW_BUILD=0
LOAD_CPU=${LOAD_CPU:-0}
PROXY_CPU=${PROXY_CPU:-1}
PORT_BASE=${PORT_BASE:-18100}
PORT_LAST=${PORT_LAST:-18199}
MEM_CONNS="1 1000 10000"
OL_WARMUP=1   # seconds of each open-loop run at the same rate, not measured
SCALE_CASES="r1 r100 r10000 h10000 e100 e1000"

usage() { sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --only) ONLY=${2:-}; shift 2 || die "--only needs a value" ;;
    --only=*) ONLY=${1#*=}; shift ;;
    --rounds) ROUNDS=${2:-}; shift 2 || die "--rounds needs a value" ;;
    --rounds=*) ROUNDS=${1#*=}; shift ;;
    --duration) DURATION=${2:-}; shift 2 || die "--duration needs a value" ;;
    --duration=*) DURATION=${1#*=}; shift ;;
    --warmup) WARMUP=${2:-}; shift 2 || die "--warmup needs a value" ;;
    --warmup=*) WARMUP=${1#*=}; shift ;;
    --connections) CONNECTIONS=${2:-}; shift 2 || die "--connections needs a value" ;;
    --connections=*) CONNECTIONS=${1#*=}; shift ;;
    --rate) RATE=${2:-}; shift 2 || die "--rate needs a value" ;;
    --rate=*) RATE=${1#*=}; shift ;;
    --tick) TICK=${2:-}; shift 2 || die "--tick needs a value" ;;
    --tick=*) TICK=${1#*=}; shift ;;
    --starts) STARTS=${2:-}; shift 2 || die "--starts needs a value" ;;
    --starts=*) STARTS=${1#*=}; shift ;;
    --generator) GENERATOR=${2:-}; shift 2 || die "--generator needs a value" ;;
    --generator=*) GENERATOR=${1#*=}; shift ;;
    --allow-build) ALLOW_BUILD=1; shift ;;
    --keep-tmp) KEEP_TMP=1; shift ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
DURATION=${DURATION%s}; WARMUP=${WARMUP%s}
for v in ROUNDS DURATION WARMUP CONNECTIONS STARTS; do
  is_uint "${!v}" || die "--${v,,} must be a whole number (got '${!v}')"
done
[[ $GENERATOR =~ ^(auto|c|python)$ ]] || die "--generator must be auto, c or python"
RATE_16K=${RATE#*,}
RATE=${RATE%%,*}
[[ -z $RATE ]] || { is_uint "$RATE" && is_uint "$RATE_16K"; } ||
  die "--rate must be a whole number of requests per second, or two (6 B,16 KiB) separated by a comma"
is_uint "$TICK" || die "--tick must be a whole number of microseconds"
((ROUNDS >= 1 && DURATION >= 1 && CONNECTIONS >= 1 && STARTS >= 1)) || die "rounds, duration, connections and starts must be >= 1"
declare -A SECTION=()
IFS=, read -r -a _only <<<"$ONLY"
for s in "${_only[@]}"; do
  case $s in
    throughput|latency|memory|syscalls|alloc|startup|scale) SECTION[$s]=1 ;;
    *) die "--only: unknown section '$s' (throughput,latency,memory,syscalls,alloc,startup,scale)" ;;
  esac
done
((${#SECTION[@]})) || die "--only: no section"
on() { [[ -n ${SECTION[$1]:-} ]]; }

if ((SMOKE)); then
  # Tiny run: every contender and every section once, a few hundred requests each. It
  # checks the harness end to end (and that no request fails), not the numbers.
  ROUNDS=1; DURATION=1; WARMUP=0; CONNECTIONS=4; STARTS=1
  RATE=${RATE:-300}; RATE_16K=${RATE_16K:-$RATE}
  OL_WARMUP=0
  MEM_CONNS="1 50"
  SCALE_CASES="r1 r100 h100 e10"
fi
# Scale cases run shorter: they are many, and their figures are Remora against itself.
SCALE_DURATION=$(( (DURATION + 1) / 2 ))
SCALE_WARMUP=$(( WARMUP > 1 ? 1 : WARMUP ))

# ---------------------------------------------------------------- environment
NGINX=$(find_nginx) || die "nginx not found (apt-get install -y nginx)"
HAPROXY=$(find_haproxy) || die "haproxy not found (apt-get install -y haproxy)"
command -v wrk >/dev/null || die "wrk not found (apt-get install -y wrk)"
need_tools python3 taskset curl setsid pgrep timeout awk sed
check_pinning
if on memory || on scale || on throughput; then
  # Each proxy needs one descriptor per idle connection (plus its upstream pool).
  want=$(( ${MEM_CONNS##* } + 1000 ))
  ((want < 65536)) && want=65536
  ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
  if (($(ulimit -n) < ${MEM_CONNS##* } + 500)); then
    warn "warning: ulimit -n is $(ulimit -n) (hard limit $(ulimit -Hn)); memory section limited to 1 and 1000 connections"
    MEM_CONNS="1 1000"
  fi
fi
# HAProxy wants 2 descriptors per connection it may accept (maxconn) and will not start
# when ulimit -n is below that; connections past maxconn wait in the accept queue.
HAPROXY_MAXCONN=$(( ($(ulimit -n) - 200) / 2 ))
((HAPROXY_MAXCONN > 40000)) && HAPROXY_MAXCONN=40000
declare -A CONN_LIMIT=([remora]=$(( $(ulimit -n) - 500 )) [nginx]=$(( $(ulimit -n) - 500 )) [haproxy]=$HAPROXY_MAXCONN)

why=$(remora_unusable "$ALLOW_BUILD")
[[ -z $why ]] || die "cannot run Remora: $why"

make_tmp suite
install_traps

# The open-loop generator: the C one when it compiles (CPython tops out near 15k req/s on
# a core it shares with the backend), else the Python one.
CC=$(command -v cc || command -v gcc || true)
OPENLOOP=(python3 "$BENCH/openloop.py")
GENERATOR_NOTE="bench/openloop.py, CPython $(python3 -c 'import platform; print(platform.python_version())')"
if [[ $GENERATOR != python ]]; then
  if [[ -n $CC ]] && "$CC" -O2 -o "$TMP/openloop" "$BENCH/openloop.c" -lm 2>"$TMP/openloop-cc.log"; then
    OPENLOOP=("$TMP/openloop" --tick "$TICK")
    GENERATOR_NOTE="bench/openloop.c, built with $(basename "$CC") -O2, waking every $TICK us"
  elif [[ $GENERATOR == c ]]; then
    die "--generator c: cannot compile bench/openloop.c: $(head -c 300 "$TMP/openloop-cc.log" 2>/dev/null || echo 'no C compiler')"
  else
    warn "no C compiler (or bench/openloop.c did not build): using the slower bench/openloop.py"
  fi
fi
# The proxy core's own wake-up lateness (bench/wakeup.c), probed while direct's open-loop runs
# leave that core idle: the part of any proxy's tail that is the core's, not the proxy's.
WAKEUP=()
if [[ -n $CC ]] && "$CC" -O2 -o "$TMP/wakeup" "$BENCH/wakeup.c" 2>"$TMP/wakeup-cc.log"; then
  WAKEUP=("$TMP/wakeup")
fi

# ---------------------------------------------------------------- ports and servers
pick_ports 5
BACKEND_PORT=${FREE_PORTS[0]}
NGINX_PORT=${FREE_PORTS[1]}
HAPROXY_PORT=${FREE_PORTS[2]}
REMORA_PORT=${FREE_PORTS[3]}
REMORA_ADMIN_PORT=${FREE_PORTS[4]}
TEMPLATE_VARS=([BACKEND_PORT]=$BACKEND_PORT [LISTEN_PORT]=$REMORA_PORT [ADMIN_PORT]=$REMORA_ADMIN_PORT)
PORT_BASE=$((REMORA_ADMIN_PORT + 1))

mkdir -p "$TMP/backend/html"
head -c 16384 /dev/zero | tr '\0' 'x' >"$TMP/backend/html/16k"
MAX_HOSTS=1
if on scale; then
  for c in $SCALE_CASES; do [[ $c == e* ]] && ((${c#e} > MAX_HOSTS)) && MAX_HOSTS=${c#e}; done
  python3 "$BENCH/genconfig.py" --listen 0 --admin 0 --backend-port 0 --print-addresses "$MAX_HOSTS" |
    tail -n +2 | awk -v p="$BACKEND_PORT" '{ print "listen " $1 ":" p ";" }' >"$TMP/backend/listen-hosts.conf"
fi
start_nginx backend "$BENCH/nginx-backend.conf" "$LOAD_CPU"
wait_ready "http://127.0.0.1:$BACKEND_PORT/" 10 "${SERVER_PID[backend]}" || fail_start backend "$TMP/backend"
[[ $(curl -s --max-time 2 "http://127.0.0.1:$BACKEND_PORT/") == hello ]] || die "backend body is not 'hello'"
[[ $(curl -s --max-time 2 -o /dev/null -w '%{size_download}' "http://127.0.0.1:$BACKEND_PORT/16k") == 16384 ]] ||
  die "backend /16k is not 16384 bytes"

CONTENDERS=(direct remora nginx haproxy)
PROXIES=(remora nginx haproxy)
declare -A PORT=([direct]=$BACKEND_PORT [remora]=$REMORA_PORT [nginx]=$NGINX_PORT [haproxy]=$HAPROXY_PORT)
declare -A LABEL=([direct]="direct (no proxy)" [remora]="Remora" [nginx]="nginx" [haproxy]="HAProxy")
declare -A HEADER=()
BODIES=(small 16k)
declare -A BODY_PATH=([small]=/ [16k]=/16k)
declare -A BODY_LABEL=([small]="6 B" [16k]="16 KiB")

start_nginx nginx "$BENCH/nginx-proxy.conf" "$PROXY_CPU" PROXY_PORT="$NGINX_PORT"
await nginx "http://127.0.0.1:$NGINX_PORT/" 10 || fail_start "nginx proxy" "$TMP/nginx"
start_haproxy haproxy "$BENCH/haproxy.cfg" "$PROXY_CPU" PROXY_PORT="$HAPROXY_PORT" MAXCONN="$HAPROXY_MAXCONN"
await haproxy "http://127.0.0.1:$HAPROXY_PORT/" 10 || fail_start haproxy "$TMP/haproxy"

# start_remora NAME CONFIG SECONDS -> Remora on PROXY_CPU (one event loop), waits for URL
start_remora() {
  local name=$1 config=$2
  check_fresh
  mkdir -p "$TMP/$name"
  remora_command "$config"
  start_session "$name" "$PROXY_CPU" "$TMP/$name/stdout.log" "${REMORA_CMD[@]}" --concurrency 1
}
# check_fresh -> dies when the sources changed since the start (the launcher would rebuild
# the jar in the middle of the run)
check_fresh() {
  local why
  why=$(remora_unusable "$ALLOW_BUILD")
  [[ -z $why ]] || die "cannot (re)start Remora: $why"
}
remora_failed() { # NAME
  warn "$1 did not answer; last lines of its log:"
  tail -n 20 "$TMP/$1/stdout.log" >&2
  exit 2
}
mkdir -p "$TMP/remora"
fill_template "$BENCH/remora-http1.yaml" "$TMP/remora/remora.yaml"
start_remora remora "$TMP/remora/remora.yaml"
await remora "http://127.0.0.1:$REMORA_PORT/" 60 || remora_failed remora

# ---------------------------------------------------------------- bookkeeping
ERRORS=()
RAW="$TMP/runs.txt"
: >"$RAW"
declare -A V=()   # "metric|contender|case" -> space-separated values over rounds
add() { V[$1]+="$2 "; }
med() { median ${V[$1]:-}; }
# fmt_wake BODY -> "p50 / p99 / p99.9 us" of the proxy core's wake-up probe, medians of rounds
fmt_wake() {
  [[ -n ${V[wake99|$1]:-} ]] || { echo "n/a"; return; }
  echo "$(med "wake50|$1") / $(med "wake99|$1") / $(med "wake999|$1") us"
}
raw() { printf '%s\n' "$*" >>"$RAW"; }
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
GEN_LATE=0   # worst open-loop generator lateness seen (us)

# url C CASE -> URL to load for contender C and body/scale case
url_of() { echo "http://127.0.0.1:${PORT[$1]}${2}"; }

# wrk_run C URL SECONDS OUT [HEADER] -> wrk pinned to LOAD_CPU
wrk_run() {
  local hdr=()
  [[ -n ${5:-} ]] && hdr=(-H "$5")
  timeout $(($3 + 15)) taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$3"s --latency \
    -H 'Connection: keep-alive' "${hdr[@]}" "$2" >"$4" 2>&1
}

# saturate NAME C URL [HEADER] [DURATION] [WARMUP] -> one wrk run with CPU accounting;
# appends rps|NAME, p99w|NAME, cpu|NAME, cpuu|NAME, cpus|NAME
saturate() {
  local name=$1 c=$2 url=$3 hdr=${4:-} dur=${5:-$DURATION} wu=${6:-$WARMUP}
  [[ -n ${DEAD[$c]:-} ]] && return
  alive "$c" || return
  local out="$TMP/wrk-${name//|/-}-$r.txt" parsed req rps p50 p99 n2 se
  if ((wu > 0)); then
    wrk_run "$c" "$url" "$wu" "$out.warmup" "$hdr"
    if parsed=$(parse_wrk "$out.warmup"); then
      read -r _ _ _ _ n2 se <<<"$parsed"
      ((n2 == 0 && se == 0)) || ERRORS+=("$name round $r warm-up: $n2 non-2xx responses, $se socket errors")
    else
      ERRORS+=("$name round $r warm-up: wrk output not understood: $(tr '\n' ' ' <"$out.warmup")")
    fi
  fi
  local before="0 0" after="0 0" cb ca
  [[ $c != direct ]] && before=$(cpu_ticks "$c")
  cb=$(core_ticks "$PROXY_CPU")
  wrk_run "$c" "$url" "$dur" "$out" "$hdr"
  ca=$(core_ticks "$PROXY_CPU")
  [[ $c != direct ]] && after=$(cpu_ticks "$c")
  if ! parsed=$(parse_wrk "$out"); then
    ERRORS+=("$name round $r: wrk output not understood: $(tr '\n' ' ' <"$out")")
    return
  fi
  read -r req rps p50 p99 n2 se <<<"$parsed"
  ((n2 == 0 && se == 0)) || ERRORS+=("$name round $r: $n2 non-2xx responses, $se socket errors")
  ((req > 0)) || ERRORS+=("$name round $r: no requests completed")
  local bu bs au as cu=- cs=- others
  read -r bu bs <<<"$before"; read -r au as <<<"$after"
  if [[ $c != direct ]] && ((req > 0)); then
    cu=$(awk -v d=$((au - bu)) -v n="$req" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", d / t * 1e6 / n}')
    cs=$(awk -v d=$((as - bs)) -v n="$req" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", d / t * 1e6 / n}')
    add "cpu|$name" "$(awk -v a="$cu" -v b="$cs" 'BEGIN {print a + b}')"
    add "cpuu|$name" "$cu"; add "cpus|$name" "$cs"
  fi
  others=$(awk -v cb="$cb" -v ca="$ca" -v own=$((au - bu + as - bs)) 'BEGIN {
    split(cb, b, " "); split(ca, a, " "); t = a[2] - b[2]; o = a[1] - b[1] - own
    if (o < 0) o = 0; printf "%.0f", (t > 0 ? 100 * o / t : 0) }')
  [[ $c != direct ]] && add "others|all" "$others"   # direct leaves core $PROXY_CPU idle
  add "rps|$name" "$rps"; add "p99w|$name" "$p99"
  raw "$(printf '%-10s %-5s %-26s %9s %10s %9s %9s %8s %8s %5s %5s %6s%%' wrk "r$r" "$name" "$req" "$rps" "$p50" "$p99" "$cu" "$cs" "$n2" "$se" "$others")"
  echo "  round $r ${name}: $rps req/s, wrk p99 ${p99}us, cpu/req ${cu}+${cs}us, others on core $PROXY_CPU ${others}%" >&2
}

# alive C -> 0 when contender C (a server we started) is still running; else records an error
alive() {
  [[ $1 == direct ]] && return 0
  local pid=${SERVER_PID[$1]:-}
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then return 0; fi
  ERRORS+=("$1 is no longer running (killed from outside, or crashed): last log lines: $(tail -n 3 "$TMP/$1/stdout.log" 2>/dev/null | tr '\n' ' ')")
  DEAD[$1]=1
  return 1
}
declare -A DEAD=()

# openloop NAME URL RATE [HEADER] [DURATION] -> one open-loop run; appends p50|NAME ...
openloop() {
  local name=$1 url=$2 rate=$3 hdr=${4:-} dur=${5:-$DURATION} out line c=${1%%|*}
  [[ -n ${DEAD[$c]:-} ]] && return
  alive "$c" || return
  local hargs=()
  [[ -n $hdr ]] && hargs=(--header "$hdr")
  out="$TMP/openloop-${name//|/-}-$r.txt"
  local probe=""
  if [[ $c == direct && ${#WAKEUP[@]} -gt 0 ]]; then
    probe="$TMP/wakeup-${name//|/-}-$r.txt"
    timeout $((dur + OL_WARMUP + 30)) taskset -c "$PROXY_CPU" "${WAKEUP[@]}" \
      --duration $((dur + OL_WARMUP)) >"$probe" 2>&1 &
  fi
  timeout $((dur + 30)) taskset -c "$LOAD_CPU" "${OPENLOOP[@]}" --url "$url" --rate "$rate" \
    --duration "$dur" --warmup "$OL_WARMUP" --connections "$CONNECTIONS" "${hargs[@]}" >"$out" 2>&1
  if [[ -n $probe ]]; then
    wait $! 2>/dev/null
    line=$(grep -m1 '^wakeups=' "$probe")
    if [[ -n $line ]]; then
      eval "$(sed 's/\([a-z0-9_]*\)=/local wk_\1=/g' <<<"$line")" 2>/dev/null
      local b=${name#*|}
      add "wake50|$b" "$wk_p50_us"; add "wake99|$b" "$wk_p99_us"; add "wake999|$b" "$wk_p999_us"
      raw "$(printf '%-10s %-5s %-26s %9s %10s %9s %9s %9s' wakeup "r$r" "core$PROXY_CPU|$b" "$wk_wakeups" - "$wk_p50_us" "$wk_p99_us" "$wk_p999_us")"
      echo "  round $r core $PROXY_CPU idle (during direct|$b): wake-up p50 ${wk_p50_us}us p99 ${wk_p99_us}us p99.9 ${wk_p999_us}us" >&2
    fi
  fi
  line=$(grep -m1 '^sent=' "$out")
  if [[ -z $line ]]; then
    ERRORS+=("$name round $r: openloop.py failed: $(tr '\n' ' ' <"$out")")
    return
  fi
  eval "$(sed 's/\([a-z0-9_]*\)=/local ol_\1=/g' <<<"$line")" 2>/dev/null
  ((ol_errors == 0)) || ERRORS+=("$name round $r: open loop: $ol_errors errors (non-200 or unanswered) of $ol_sent sent (+ those never sent)")
  add "p50|$name" "$ol_p50_us"; add "p99|$name" "$ol_p99_us"; add "p999|$name" "$ol_p999_us"
  add "late|$name" "$ol_late_p99_us"
  GEN_LATE=$(awk -v a="$GEN_LATE" -v b="$ol_late_p99_us" 'BEGIN { if (b == "nan") b = 1e12; print (b > a ? b : a) }')
  raw "$(printf '%-10s %-5s %-26s %9s %10s %9s %9s %9s %9s %5s %s' openloop "r$r" "$name" "$ol_completed" "$ol_achieved_rps" "$ol_p50_us" "$ol_p99_us" "$ol_p999_us" "$ol_late_p99_us" "$ol_errors" "rate=$rate")"
  echo "  round $r ${name} @${rate}/s: p50 ${ol_p50_us}us p99 ${ol_p99_us}us p99.9 ${ol_p999_us}us (generator late p99 ${ol_late_p99_us}us)" >&2
}

# warm_up_proxies -> once per suite run, before the first measured section: each proxy takes
# 2 x --warmup seconds of wrk per body. Without it the first round runs partly before
# Remora's JIT has compiled the hot path (the launcher raises the compile thresholds for
# start-up): about 13 us of user time per request in round 1 against 7 after. Every proxy
# gets the same load.
WARMED_UP=0
warm_up_proxies() {
  ((WARMED_UP || WARMUP == 0)) && return
  WARMED_UP=1
  local c b
  for c in "${PROXIES[@]}"; do
    for b in "${BODIES[@]}"; do
      wrk_run "$c" "$(url_of "$c" "${BODY_PATH[$b]}")" $((WARMUP * 2)) "$TMP/jit-warmup-$c-$b.txt"
    done
  done
}

# ---------------------------------------------------------------- throughput
if on throughput; then
  echo "$PROG: throughput: ${CONTENDERS[*]} x ${BODIES[*]}; $ROUNDS round(s) x ${DURATION}s after ${WARMUP}s warm-up, wrk -t1 -c$CONNECTIONS" >&2
  warm_up_proxies
  raw "$(printf '%-10s %-5s %-26s %9s %10s %9s %9s %8s %8s %5s %5s %7s' tool round run requests req/s p50_us p99_us usr_us/r sys_us/r non2x sockerr others)"
  n=${#CONTENDERS[@]}
  for ((r = 1; r <= ROUNDS; r++)); do
    for b in "${BODIES[@]}"; do
      for ((i = 0; i < n; i++)); do
        c=${CONTENDERS[(i + r - 1) % n]}   # rotate the order each round
        saturate "$c|$b" "$c" "$(url_of "$c" "${BODY_PATH[$b]}")"
      done
    done
  done
  for c in "${PROXIES[@]}"; do V["hwm|$c"]=$(rss_kb "$c" VmHWM); done
fi

# ---------------------------------------------------------------- latency
declare -A LAT_RATE=()
if on latency; then
  for b in "${BODIES[@]}"; do
    if [[ -n $RATE ]]; then
      LAT_RATE[$b]=$([[ $b == small ]] && echo "$RATE" || echo "$RATE_16K")
    elif [[ -n ${V[rps|nginx|$b]:-} ]]; then
      LAT_RATE[$b]=$(awk -v v="$(med "rps|nginx|$b")" 'BEGIN {printf "%d", v / 2}')
    else
      LAT_RATE[$b]=$([[ $b == small ]] && echo 10000 || echo 4000)
      warn "latency: no nginx throughput measured (--only without throughput): using ${LAT_RATE[$b]} req/s for $b; set --rate"
    fi
  done
  echo "$PROG: latency: open loop at ${LAT_RATE[small]} req/s (6 B), ${LAT_RATE[16k]} req/s (16 KiB); $ROUNDS round(s) x ${DURATION}s after 1 s warm-up, $CONNECTIONS connections" >&2
  warm_up_proxies
  raw "$(printf '%-10s %-5s %-26s %9s %10s %9s %9s %9s %9s %5s' tool round run completed req/s p50_us p99_us p999_us late_p99 errors)"
  n=${#CONTENDERS[@]}
  for ((r = 1; r <= ROUNDS; r++)); do
    for b in "${BODIES[@]}"; do
      for ((i = 0; i < n; i++)); do
        c=${CONTENDERS[(i + r - 1) % n]}
        openloop "$c|$b" "$(url_of "$c" "${BODY_PATH[$b]}")" "${LAT_RATE[$b]}"
      done
    done
  done
fi

# ---------------------------------------------------------------- memory
# "Idle" is idle after load: when neither the throughput nor the latency section ran, each
# proxy first takes one wrk run per body, so that a JVM has compiled its hot path and
# touched its young generation, as it has in production. Then MEM_SETTLE seconds of quiet
# (the JIT's queue drains; the launcher's -XX:TrimNativeHeapInterval=1000 hands freed native
# memory back) and the median of three samples.
MEM_SETTLE=${MEM_SETTLE:-8}
((SMOKE)) && MEM_SETTLE=1
if on memory; then
  echo "$PROG: memory: RSS idle after load and holding $MEM_CONNS idle keep-alive connections" >&2
  if ! on throughput && ! on latency; then
    for c in "${PROXIES[@]}"; do
      for b in "${BODIES[@]}"; do
        wrk_run "$c" "$(url_of "$c" "${BODY_PATH[$b]}")" "$DURATION" "$TMP/memload-$c-$b.txt"
      done
    done
  fi
  sleep "$MEM_SETTLE"
  for k in 1 2 3; do
    for c in "${PROXIES[@]}"; do add "idles|$c" "$(rss_kb "$c")"; done
    sleep 0.5
  done
  for c in "${PROXIES[@]}"; do
    V["idle|$c"]=$(med "idles|$c")
  done
  for nconn in $MEM_CONNS; do
    for c in "${PROXIES[@]}"; do
      [[ -n ${DEAD[$c]:-} ]] && continue
      alive "$c" || continue
      if ((nconn > CONN_LIMIT[$c])); then
        warn "memory: $c skipped at $nconn connections: it can take ${CONN_LIMIT[$c]} with ulimit -n $(ulimit -n)"
        V["conn$nconn|$c"]="limit"
        continue
      fi
      log="$TMP/idle-$c-$nconn.txt"
      start_session idle "$LOAD_CPU" "$log" python3 "$BENCH/idleconns.py" \
        --url "$(url_of "$c" /)" --connections "$nconn" --hold 300
      line=""
      for ((k = 0; k < 1800; k++)); do   # 180 s at most
        line=$(grep -m1 '^open=' "$log" 2>/dev/null) && break
        kill -0 "${SERVER_PID[idle]}" 2>/dev/null || break
        sleep 0.1
      done
      if [[ -z $line ]]; then
        ERRORS+=("memory $c $nconn: idleconns.py did not report: $(tail -n 3 "$log" | tr '\n' ' ')")
        stop_server idle
        continue
      fi
      # Steady state with the connections open: the same quiet time as for "idle", so that
      # native memory the JIT used for the accept and connect paths has been handed back.
      sleep "$MEM_SETTLE"
      samples=()
      for k in 1 2 3; do
        samples+=("$(rss_kb "$c")")
        sleep 0.5
      done
      rss=$(median "${samples[@]}")
      eval "$(sed 's/\([a-z]*\)=/local_\1=/g' <<<"$line")"
      ((local_errors == 0 && local_open == nconn)) ||
        ERRORS+=("memory $c $nconn: $local_open open, $local_errors failed")
      V["conn$nconn|$c"]=$rss
      raw "$(printf '%-10s %-5s %-26s %9s %10s' memory - "$c|$nconn conns" "$((rss / 1024))MB" "$line")"
      echo "  $c with $nconn idle connections: RSS $((rss / 1024)) MB ($line)" >&2
      stop_server idle
      sleep 0.5
    done
  done
fi

# ---------------------------------------------------------------- syscalls
# strace -c -f -p every process of the proxy's session (-f with -p attaches every thread
# of a multi-threaded process: Remora's event loops, JIT, GC and VM threads; nginx's master
# and worker; HAProxy's threads) during one wrk run after a warm-up; system calls counted
# divided by the requests wrk completed. strace slows the proxy (every system call stops
# it twice), so only the count per request means anything, not the rate.
SYSCALL_DURATION=4
((SMOKE)) && SYSCALL_DURATION=1
SYSCALL_NOTE=""
declare -A SC_TOP=()
# syscall_run C BODY -> appends sc|C|BODY, scerr|C|BODY; SC_TOP[C|BODY] = "name per-request,..."
syscall_run() {
  local c=$1 b=$2 url out="$TMP/strace-$1-$2" pids=() p threads=0 attached k req parsed n2 se spid
  url=$(url_of "$c" "${BODY_PATH[$b]}")
  [[ -n ${DEAD[$c]:-} ]] && return
  alive "$c" || return
  if ((WARMUP > 0)); then wrk_run "$c" "$url" "$WARMUP" "$out.warmup"; fi
  for p in $(pgrep -s "${SERVER_PID[$c]}"); do
    pids+=(-p "$p")
    threads=$((threads + $(ls "/proc/$p/task" 2>/dev/null | wc -l)))
  done
  timeout $((SYSCALL_DURATION + 60)) taskset -c "$LOAD_CPU" strace -c -f -o "$out.txt" "${pids[@]}" 2>"$out.err" &
  spid=$!
  for ((k = 0; k < 100; k++)); do   # until every thread is attached (5 s at most)
    # "Process N attached", or "Process N attached with K threads" (-f with -p)
    attached=$(awk '/attached with [0-9]+ threads$/ { n += $(NF - 1); next } /attached$/ { n++ } END { print n + 0 }' "$out.err" 2>/dev/null)
    ((${attached:-0} >= threads)) && break
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.05
  done
  if ! kill -0 "$spid" 2>/dev/null; then
    wait "$spid" 2>/dev/null
    SYSCALL_NOTE="strace could not attach ($(head -n 2 "$out.err" | tr '\n' ' ')): section skipped"
    warn "syscalls: $SYSCALL_NOTE"
    return 1
  fi
  wrk_run "$c" "$url" "$SYSCALL_DURATION" "$out.wrk"
  kill -INT "$spid" 2>/dev/null
  wait "$spid" 2>/dev/null
  if ! parsed=$(parse_wrk "$out.wrk"); then
    ERRORS+=("syscalls $c $b: wrk output not understood: $(tr '\n' ' ' <"$out.wrk")")
    return
  fi
  read -r req _ _ _ n2 se <<<"$parsed"
  ((n2 == 0 && se == 0)) || ERRORS+=("syscalls $c $b: $n2 non-2xx responses, $se socket errors")
  ((req > 0)) || { ERRORS+=("syscalls $c $b: no requests completed"); return; }
  # strace -c: "% time seconds usecs/call calls [errors] syscall"; calls is field 4.
  local total errs top
  total=$(awk '$NF == "total" {print $4}' "$out.txt")
  errs=$(awk '$NF == "total" {print (NF == 6 ? $5 : 0)}' "$out.txt")
  [[ -n $total ]] || { ERRORS+=("syscalls $c $b: no strace summary: $(head -c 300 "$out.err")"); return; }
  top=$(awk -v n="$req" '$4 ~ /^[0-9]+$/ && $NF != "total" && $NF !~ /^-/ { printf "%s %.2f\n", $NF, $4 / n }' "$out.txt" |
    sort -k2,2gr | awk '$2 >= 0.01' | head -n 6 | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')
  add "sc|$c|$b" "$(awk -v t="$total" -v n="$req" 'BEGIN {printf "%.2f", t / n}')"
  add "scerr|$c|$b" "$(awk -v t="$errs" -v n="$req" 'BEGIN {printf "%.2f", t / n}')"
  add "screq|$c|$b" "$req"
  SC_TOP[$c|$b]=$top
  raw "$(printf '%-10s %-5s %-26s %9s %10s %s' strace - "$c|$b" "$req" "$(awk -v t="$total" -v n="$req" 'BEGIN {printf "%.2f/req", t / n}')" "failed $(awk -v t="$errs" -v n="$req" 'BEGIN {printf "%.2f/req", t / n}'); $top")"
  echo "  $c $b: $total system calls for $req requests: $(med "sc|$c|$b") per request ($top)" >&2
}
if on syscalls; then
  if ! command -v strace >/dev/null; then
    SYSCALL_NOTE="strace not installed (apt-get install -y strace): section skipped"
    warn "syscalls: $SYSCALL_NOTE"
  else
    echo "$PROG: syscalls: strace -c -f over wrk -t1 -c$CONNECTIONS -d${SYSCALL_DURATION}s (after ${WARMUP}s warm-up) per proxy and body" >&2
    for b in "${BODIES[@]}"; do
      for c in "${PROXIES[@]}"; do
        syscall_run "$c" "$b" || break 2
      done
    done
  fi
fi

# ---------------------------------------------------------------- alloc (Remora)
# JFR's jdk.ThreadAllocationStatistics (each Java thread's allocated bytes since it
# started: the same counter as ThreadMXBean.getThreadAllocatedBytes, TLAB-exact) is emitted
# for every thread when a recording starts and when it stops; a recording with only that
# event enabled (bench/alloc.jfc) brackets one wrk run. Bytes allocated by the event-loop
# threads (remora-worker-*) in between, divided by the requests wrk completed, is the
# steady-state figure; "all threads" adds the acceptor (wrk opens its connections afresh
# for every run), admin and VM threads, less JFR's own threads and jcmd's Attach Listener.
ALLOC_NOTE=""
remora_jvm_pid() { # -> pid of the JVM in Remora's session
  local p
  for p in $(pgrep -s "${SERVER_PID[remora]}"); do
    [[ $(cat "/proc/$p/comm" 2>/dev/null) == java ]] && { echo "$p"; return 0; }
  done
  return 1
}
alloc_run() { # BODY
  local b=$1 url out="$TMP/alloc-$1" jpid req parsed n2 se line
  url=$(url_of remora "${BODY_PATH[$b]}")
  [[ -n ${DEAD[remora]:-} ]] && return
  alive remora || return
  jpid=$(remora_jvm_pid) || { ALLOC_NOTE="no java process in Remora's session: section skipped"; return 1; }
  # The JIT warm-up: twice the usual when no saturation runs came before.
  local wu=$((WARMUP * 2))
  on throughput && wu=$WARMUP
  ((wu > 0)) && wrk_run remora "$url" "$wu" "$out.warmup"
  if ! timeout 60 taskset -c "$LOAD_CPU" jcmd "$jpid" JFR.start name=remora-bench-alloc settings="$BENCH/alloc.jfc" >"$out.jcmd" 2>&1 ||
    ! grep -q 'Started recording' "$out.jcmd"; then
    ALLOC_NOTE="jcmd JFR.start failed ($(tr '\n' ' ' <"$out.jcmd" | head -c 200)): section skipped"
    return 1
  fi
  wrk_run remora "$url" "$DURATION" "$out.wrk"
  timeout 60 taskset -c "$LOAD_CPU" jcmd "$jpid" JFR.stop name=remora-bench-alloc filename="$out.jfr" >>"$out.jcmd" 2>&1
  if ! parsed=$(parse_wrk "$out.wrk"); then
    ERRORS+=("alloc $b: wrk output not understood: $(tr '\n' ' ' <"$out.wrk")")
    return
  fi
  read -r req _ _ _ n2 se <<<"$parsed"
  ((n2 == 0 && se == 0)) || ERRORS+=("alloc $b: $n2 non-2xx responses, $se socket errors")
  ((req > 0)) || { ERRORS+=("alloc $b: no requests completed"); return; }
  [[ -s $out.jfr ]] || { ERRORS+=("alloc $b: no JFR recording: $(tr '\n' ' ' <"$out.jcmd" | head -c 300)"); return; }
  line=$(timeout 60 taskset -c "$LOAD_CPU" jfr print --json --events jdk.ThreadAllocationStatistics "$out.jfr" |
    python3 -c '
import json, sys
events = json.load(sys.stdin)["recording"]["events"]
samples = {}
for e in events:
    v = e["values"]
    samples.setdefault((v["thread"]["javaThreadId"], v["thread"]["javaName"]), []).append((v["startTime"], v["allocated"]))
end = max(v["startTime"] for e in events for v in [e["values"]])
delta = {}
for k, s in samples.items():
    s.sort()
    if len(s) >= 2:
        delta[k] = s[-1][1] - s[0][1]
    elif s[0][0] == end:
        delta[k] = s[0][1]      # started during the run: its counter started at 0
    else:
        delta[k] = 0            # ended during the run: unknown, only a transient thread
worker = sum(v for k, v in delta.items() if k[1].startswith("remora-worker"))
nworkers = sum(1 for k in delta if k[1].startswith("remora-worker"))
others = sum(v for k, v in delta.items() if not (k[1].startswith("JFR") or k[1] == "Attach Listener"))
print(f"worker={worker} workers={nworkers} all={others}")
')
  [[ $line == worker=* ]] || { ERRORS+=("alloc $b: JFR recording not understood"); return; }
  eval "$(sed 's/\([a-z]*\)=/local al_\1=/g' <<<"$line")"
  ((al_workers > 0)) || { ERRORS+=("alloc $b: no remora-worker thread in the recording"); return; }
  add "alloc|$b" "$(awk -v a="$al_worker" -v n="$req" 'BEGIN {printf "%.0f", a / n}')"
  add "allocall|$b" "$(awk -v a="$al_all" -v n="$req" 'BEGIN {printf "%.0f", a / n}')"
  add "allocreq|$b" "$req"
  raw "$(printf '%-10s %-5s %-26s %9s %10s %s' jfr - "remora|$b" "$req" "$(med "alloc|$b")B/req" "event-loop threads ($al_workers): $al_worker B; all threads: $al_all B ($(med "allocall|$b") B/req)")"
  echo "  remora $b: $(med "alloc|$b") bytes per request on the event loop ($al_worker B for $req requests), $(med "allocall|$b") with every thread" >&2
}
if on alloc; then
  if ! command -v jcmd >/dev/null || ! command -v jfr >/dev/null; then
    ALLOC_NOTE="jcmd or jfr not found (a full JDK is needed): section skipped"
  else
    echo "$PROG: alloc: Remora, JFR jdk.ThreadAllocationStatistics around wrk -t1 -c$CONNECTIONS -d${DURATION}s per body" >&2
    for b in "${BODIES[@]}"; do alloc_run "$b" || break; done
  fi
  [[ -n $ALLOC_NOTE ]] && warn "alloc: $ALLOC_NOTE"
fi

# ---------------------------------------------------------------- scale (Remora only)
declare -A SCALE_LABEL=() SCALE_PATH=()
if on scale; then
  echo "$PROG: scale: Remora with ${SCALE_CASES}; $ROUNDS round(s) x ${SCALE_DURATION}s saturation + ${SCALE_DURATION}s open loop" >&2
  SCALE_RATE=${LAT_RATE[small]:-${RATE:-}}
  if [[ -z $SCALE_RATE ]]; then
    if [[ -n ${V[rps|nginx|small]:-} ]]; then
      SCALE_RATE=$(awk -v v="$(med "rps|nginx|small")" 'BEGIN {printf "%d", v / 2}')
    else
      SCALE_RATE=10000
    fi
  fi
  scase=()
  for sc in $SCALE_CASES; do
    kind=${sc:0:1} num=${sc:1}
    name="s_$sc"
    pick_ports 2
    PORT[$name]=${FREE_PORTS[0]}
    PORT_BASE=$((FREE_PORTS[1] + 1))
    case $kind in
      r) args=(--routes "$num"); SCALE_PATH[$sc]="/r$((num - 1))/x"; HEADER[$sc]=""
         SCALE_LABEL[$sc]="$num route$( ((num > 1)) && echo s) (path prefix, last matches)" ;;
      h) args=(--header-routes "$num"); SCALE_PATH[$sc]="/"; HEADER[$sc]="x-route: v$((num - 1))"
         SCALE_LABEL[$sc]="$num header-matched routes (last matches)" ;;
      e) args=(--hosts "$num"); SCALE_PATH[$sc]="/"; HEADER[$sc]=""
         SCALE_LABEL[$sc]="$num hosts in the cluster (round robin)" ;;
      *) die "bad scale case $sc" ;;
    esac
    mkdir -p "$TMP/$name"
    python3 "$BENCH/genconfig.py" --listen "${PORT[$name]}" --admin "${FREE_PORTS[1]}" \
      --backend-port "$BACKEND_PORT" "${args[@]}" >"$TMP/$name/remora.yaml" || die "genconfig.py failed"
    start_remora "$name" "$TMP/$name/remora.yaml"
    scase+=("$sc")
  done
  for sc in "${scase[@]}"; do
    name="s_$sc"
    hdr=()
    [[ -n ${HEADER[$sc]} ]] && hdr=(-H "${HEADER[$sc]}")
    deadline=$((SECONDS + 120))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${hdr[@]}" "$(url_of "$name" "${SCALE_PATH[$sc]}")") == 200 ]]; do
      kill -0 "${SERVER_PID[$name]}" 2>/dev/null && ((SECONDS < deadline)) || remora_failed "$name"
      sleep 0.2
    done
  done
  # Each JVM gets its JIT warm-up once before the rounds (they share core $PROXY_CPU).
  if ((WARMUP > 0)); then
    for sc in "${scase[@]}"; do
      wrk_run "s_$sc" "$(url_of "s_$sc" "${SCALE_PATH[$sc]}")" $((WARMUP * 2)) "$TMP/s_$sc/jit-warmup.txt" "${HEADER[$sc]}"
    done
  fi
  n=${#scase[@]}
  for ((r = 1; r <= ROUNDS; r++)); do
    for ((i = 0; i < n; i++)); do
      sc=${scase[(i + r - 1) % n]}
      name="s_$sc"
      saturate "$name" "$name" "$(url_of "$name" "${SCALE_PATH[$sc]}")" "${HEADER[$sc]}" "$SCALE_DURATION" "$SCALE_WARMUP"
      # The fixed rate, or half of what this case just sustained when that is lower: an
      # open loop above a case's capacity only measures its queue (and leaves requests
      # unanswered, which count as errors).
      last=${V[rps|$name]:-}; last=${last% }; last=${last##* }
      rate=$(awk -v a="$SCALE_RATE" -v s="${last:-0}" 'BEGIN { h = int(s / 2); if (h >= 1 && h < a) a = h; print a }')
      add "rate|$name" "$rate"
      openloop "$name" "$(url_of "$name" "${SCALE_PATH[$sc]}")" "$rate" "${HEADER[$sc]}" "$SCALE_DURATION"
    done
  done
  for sc in "${scase[@]}"; do
    V["rss|s_$sc"]=$(rss_kb "s_$sc")
    stop_server "s_$sc"
  done
fi

# ---------------------------------------------------------------- startup (Remora)
if on startup; then
  echo "$PROG: startup: $STARTS start(s) of Remora (exec to first answer, to /ready LIVE)" >&2
  pick_ports 2
  TEMPLATE_VARS[LISTEN_PORT]=${FREE_PORTS[0]}; TEMPLATE_VARS[ADMIN_PORT]=${FREE_PORTS[1]}
  mkdir -p "$TMP/startup"
  fill_template "$BENCH/remora-http1.yaml" "$TMP/startup/remora.yaml"
  remora_command "$TMP/startup/remora.yaml"
  for ((k = 1; k <= STARTS; k++)); do
    check_fresh
    log="$TMP/startup/run-$k.txt"
    start_session startup "$LOAD_CPU" "$log" python3 "$BENCH/startup.py" --timeout 60 \
      --url "http://127.0.0.1:${FREE_PORTS[0]}/" --ready-url "http://127.0.0.1:${FREE_PORTS[1]}/ready" \
      -- taskset -c "$PROXY_CPU" "${REMORA_CMD[@]}" --concurrency 1
    wait "${SERVER_PID[startup]}" 2>/dev/null
    unset 'SERVER_PID[startup]'
    line=$(grep -m1 '^first_ms=' "$log")
    if [[ -z $line || $line == *first_ms=-1* || $line == *ready_ms=-1* ]]; then
      ERRORS+=("startup $k: $(tail -n 5 "$log" | tr '\n' ' ')")
      continue
    fi
    eval "$(sed 's/\([a-z_]*\)=/st_\1=/g' <<<"$line")"
    add "first|startup" "$st_first_ms"; add "ready|startup" "$st_ready_ms"
    if [[ ${st_cpu_ms:--1} != -1 ]]; then add "cpu|startup" "$st_cpu_ms"; fi
    raw "$(printf '%-10s %-5s %-26s %s' startup "s$k" remora "$line")"
    echo "  start $k: first request answered after ${st_first_ms} ms, /ready LIVE after ${st_ready_ms} ms" >&2
  done
fi

# ---------------------------------------------------------------- report
JAVA_V=$(java -version 2>&1 | head -n1)
REPORT="$TMP/report.txt"
{
  echo "Remora benchmark suite - $(date '+%Y-%m-%d %H:%M %Z')"
  echo "machine: $(hostname), $(nproc) cpus ($(awk -F: '/model name/ {gsub(/^ /, "", $2); print $2; exit}' /proc/cpuinfo)), kernel $(uname -r)"
  echo "tools: $("$NGINX" -v 2>&1 | sed 's/.*: //'), $("$HAPROXY" -v | head -n1 | awk '{print "HAProxy " $3}'), wrk $(wrk -v 2>&1 | awk 'NR==1 {print $2}'), $JAVA_V, python $(python3 -c 'import platform; print(platform.python_version())')"
  echo "repo $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n ${REMORA_CLASSPATH:-} ]] && echo ', Remora from REMORA_CLASSPATH')$( ((SMOKE)) && echo ' - SMOKE RUN, figures meaningless')"
  echo "load average at start: $LOAD_AT_START, at end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
  echo "sections: $ONLY; pinning: proxies on core $PROXY_CPU, wrk/generators/backend on core $LOAD_CPU; $ROUNDS round(s), contenders alternating; medians"
  echo
  echo "per run:"
  cat "$RAW"
  echo
} >"$REPORT"

save_report() {
  ((SMOKE)) && return 0
  mkdir -p "$BENCH/results"
  local out="$BENCH/results/suite-$(date +%Y-%m-%d-%H%M%S).txt"
  cp "$REPORT" "$out"
  echo "written to ${out#"$ROOT"/}"
}

if ((${#ERRORS[@]})); then
  {
    echo "NO COMPARISON: some runs had errors (the error rate must be zero):"
    printf '  %s\n' "${ERRORS[@]}"
  } >>"$REPORT"
  cat "$REPORT"
  save_report
  ((SMOKE)) && echo "SMOKE FAILED"
  exit 1
fi

fmt_int() { awk -v v="$1" 'BEGIN { printf "%d", v }'; }
fmt_conn() { case $1 in "") echo "–" ;; limit) echo "n/a (fd limit)" ;; *) fmt_mb "$1" ;; esac; }
cell() { [[ -n ${V[$1]:-} ]] && "$2" "$(med "$1")" || echo "–"; }
cpu100k() { awk -v v="$1" 'BEGIN { printf "%.2f s", v / 10 }'; }   # us/request -> s/100k requests
added() { # METRIC C BODY -> contender's median minus direct's
  local a=${V[$1|$2|$3]:-} d=${V[$1|direct|$3]:-}
  [[ -n $a && -n $d ]] || { echo "–"; return; }
  [[ $2 == direct ]] && { echo "(${4:-$(fmt_lat "$(med "$1|direct|$3")")})"; return; }
  local x; x=$(awk -v a="$(median $a)" -v d="$(median $d)" 'BEGIN {print a - d}')
  awk -v v="$x" 'BEGIN { s = (v < 0 ? "-" : "+"); v = (v < 0 ? -v : v); if (v >= 1000) printf "%s%.2f ms", s, v / 1000; else printf "%s%.0f us", s, v }'
}
{
  if on throughput || on latency || on memory; then
  echo "| contender | body | req/s | vs nginx | p50 added | p99 added | p99.9 added | proxy CPU per 100k req | RSS idle | RSS, 1k idle conns | RSS, 10k idle conns |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for c in "${CONTENDERS[@]}"; do
    first=1
    for b in "${BODIES[@]}"; do
      k="$c|$b"
      rps=$(cell "rps|$k" fmt_rps)
      vs="–"
      [[ -n ${V[rps|$k]:-} && -n ${V[rps|nginx|$b]:-} ]] && vs="$(ratio "$(med "rps|$k")" "$(med "rps|nginx|$b")")x"
      cpu="–"
      [[ -n ${V[cpu|$k]:-} ]] && cpu=$(cpu100k "$(med "cpu|$k")")
      mem=("–" "–" "–")
      if ((first)) && [[ $c != direct ]]; then
        [[ -n ${V[idle|$c]:-} ]] && mem[0]=$(fmt_mb "${V[idle|$c]}")
        mem[1]=$(fmt_conn "${V[conn1000|$c]:-}")
        mem[2]=$(fmt_conn "${V[conn10000|$c]:-}")
      fi
      echo "| ${LABEL[$c]} | ${BODY_LABEL[$b]} | $rps | $vs | $(added p50 "$c" "$b") | $(added p99 "$c" "$b") | $(added p999 "$c" "$b") | $cpu | ${mem[0]} | ${mem[1]} | ${mem[2]} |"
      first=0
    done
  done
  echo
  fi
  if on latency; then
    echo "- Added latency: open loop ($GENERATOR_NOTE) at ${LAT_RATE[small]} req/s (6 B) and ${LAT_RATE[16k]} req/s (16 KiB)$([[ -z $RATE ]] && echo ', half of nginx'"'"'s saturation'), $CONNECTIONS connections; the contender's percentile minus direct's (direct's own in brackets)."
    if [[ -n ${V[wake99|small]:-} ]]; then
      echo "- The proxy core's own wake-up lateness (bench/wakeup.c on core $PROXY_CPU while direct's runs leave it idle; medians of rounds): p50 / p99 / p99.9 $(fmt_wake small) at 6 B, $(fmt_wake 16k) at 16 KiB. A proxy on that core is woken the same way, so its p99 added latency cannot be below the core's own p99."
    fi
    echo "- Generator lateness, worst p99 of all runs: $(awk -v v="$GEN_LATE" 'BEGIN { if (v >= 1e12) print "never on time (every request waited for a connection)"; else printf "%.0f us", v }')$(awk -v v="$GEN_LATE" 'BEGIN { if (v > 1000) print " - above 1 ms: the generator (core '"$LOAD_CPU"') fell behind; latency figures are skewed"}')."
  fi
  if on throughput; then
    echo "- req/s: wrk -t1 -c$CONNECTIONS at saturation. Proxy CPU: user + system time of the proxy's processes per 100k requests (from /proc)."
    busiest=$(printf '%s\n' ${V[others|all]:-0} | sort -n | tail -n1)
    ((busiest > 5)) && echo "- WARNING: other processes used up to ${busiest}% of core $PROXY_CPU during saturation runs: req/s are skewed; CPU per request is the figure to trust."
  fi
  if on memory; then
    line="- RSS with N idle keep-alive connections (bench/idleconns.py):"
    for c in "${PROXIES[@]}"; do
      line+=" ${LABEL[$c]}"
      for nconn in $MEM_CONNS; do line+=" $nconn: $(fmt_conn "${V[conn$nconn|$c]:-}"),"; done
      line="${line%,};"
    done
    echo "${line%;}."
    [[ -n ${V[hwm|remora]:-} ]] && echo "- Peak RSS (VmHWM) after the throughput runs: Remora $(fmt_mb "${V[hwm|remora]}"), nginx $(fmt_mb "${V[hwm|nginx]}"), HAProxy $(fmt_mb "${V[hwm|haproxy]}")."
  fi
  if on syscalls; then
    echo
    if [[ -n $SYSCALL_NOTE ]]; then
      echo "System calls per request: $SYSCALL_NOTE."
    else
      echo "| proxy | body | system calls per request | vs nginx | of which failed (EAGAIN...) | most frequent, per request | requests counted |"
      echo "| --- | --- | ---: | ---: | ---: | --- | ---: |"
      for c in "${PROXIES[@]}"; do
        for b in "${BODIES[@]}"; do
          [[ -n ${V[sc|$c|$b]:-} ]] || continue
          vs="–"
          [[ -n ${V[sc|nginx|$b]:-} ]] && vs="$(ratio "$(med "sc|$c|$b")" "$(med "sc|nginx|$b")")x"
          echo "| ${LABEL[$c]} | ${BODY_LABEL[$b]} | $(med "sc|$c|$b") | $vs | $(med "scerr|$c|$b") | ${SC_TOP[$c|$b]} | $(med "screq|$c|$b") |"
        done
      done
      echo
      echo "System calls: strace -c -f attached to every process and thread of the proxy for one wrk -t1 -c$CONNECTIONS -d${SYSCALL_DURATION}s run (after a ${WARMUP} s warm-up), divided by the requests wrk completed; includes the $CONNECTIONS connections wrk opens (accept, close) and the proxy's timer and housekeeping threads. strace slows the proxy several-fold, so the request rate under it means nothing."
    fi
  fi
  if on alloc; then
    echo
    if [[ -n $ALLOC_NOTE ]]; then
      echo "Bytes allocated per request: $ALLOC_NOTE."
    else
      echo "| Remora, body | bytes allocated per request (event loop) | all Java threads | requests counted |"
      echo "| --- | ---: | ---: | ---: |"
      for b in "${BODIES[@]}"; do
        [[ -n ${V[alloc|$b]:-} ]] || continue
        echo "| ${BODY_LABEL[$b]} | $(med "alloc|$b") B | $(med "allocall|$b") B | $(med "allocreq|$b") |"
      done
      echo
      echo "Allocation: JFR jdk.ThreadAllocationStatistics (bench/alloc.jfc: each Java thread's allocated bytes, the counter of ThreadMXBean.getThreadAllocatedBytes) at the start and the end of a recording around one wrk -t1 -c$CONNECTIONS -d${DURATION}s run, after warm-up; the event-loop threads' (remora-worker-*) difference divided by the requests wrk completed. 'All Java threads' adds the acceptor ($CONNECTIONS new connections per run), admin and VM threads, not JFR's own."
    fi
  fi
  if on startup && [[ -n ${V[first|startup]:-} ]]; then
    echo "- Remora start-up (median of $STARTS): exec to first request answered $(med "first|startup") ms, to admin /ready LIVE $(med "ready|startup") ms$([[ -n ${V[cpu|startup]:-} ]] && echo ", CPU used by then $(med "cpu|startup") ms")."
  fi
  if on scale; then
    echo
    echo "| Remora with | req/s | vs 1 route | p99 (open loop) | at req/s | RSS |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    base=${V[rps|s_r1]:-}
    for sc in "${scase[@]}"; do
      vs="–"
      [[ -n $base && -n ${V[rps|s_$sc]:-} ]] && vs="$(ratio "$(med "rps|s_$sc")" "$(median $base)")x"
      echo "| ${SCALE_LABEL[$sc]} | $(cell "rps|s_$sc" fmt_rps) | $vs | $(cell "p99|s_$sc" fmt_lat) | $(cell "rate|s_$sc" fmt_int) | $(fmt_mb "${V[rss|s_$sc]:-}") |"
    done
    echo
    echo "Scale: wrk -c$CONNECTIONS for ${SCALE_DURATION} s per round; p99 open loop at ${SCALE_RATE} req/s, or half the case's own saturation when that is lower (median rate shown)."
  fi
  echo
  echo "Machine: $(nproc) cores ($(awk -F: '/model name/ {gsub(/^ /, "", $2); print $2; exit}' /proc/cpuinfo)), $(uname -r), load average $LOAD_AT_START at start; $(date '+%Y-%m-%d'). Differences under ~10 % are noise on shared machines."
} >>"$REPORT"

cat "$REPORT"
save_report
((SMOKE)) && echo "SMOKE OK"
exit 0
