#!/usr/bin/env bash
# HTTP/1.1 keep-alive throughput, latency and proxy CPU per request:
# direct to an nginx backend, through Remora, and through nginx as a reverse proxy.
#
# Usage: bench/http1.sh [--rounds N] [--duration S] [--warmup S] [--connections C]
#                       [--no-remora] [--require-remora] [--allow-build] [--keep-tmp] [--smoke]
#
# Pinning: proxy on core $PROXY_CPU (1); wrk and backend on core $LOAD_CPU (0).
# Contenders alternate inside each round; medians over rounds are quoted.
# Exit status: 0 = table printed (or smoke passed); 1 = a run had errors / smoke failed;
# 2 = usage or environment problem.
# Env overrides: LOAD_CPU, PROXY_CPU, PORT_BASE (18080), PORT_LAST (18099),
#                REMORA_BIN (./remora), REMORA_JAR (proxy/target/remora.jar).
set -uo pipefail

PROG=http1.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=3
DURATION=8
WARMUP=2
CONNECTIONS=64
SMOKE=0
NO_REMORA=0
REQUIRE_REMORA=0
KEEP_TMP=0
ALLOW_BUILD=0
LOAD_CPU=${LOAD_CPU:-0}
PROXY_CPU=${PROXY_CPU:-1}
PORT_BASE=${PORT_BASE:-18080}
PORT_LAST=${PORT_LAST:-18099}
REMORA_READY_SECONDS=20

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while (($#)); do
  case $1 in
    --rounds) ROUNDS=${2:-}; shift 2 || die "--rounds needs a value" ;;
    --rounds=*) ROUNDS=${1#*=}; shift ;;
    --duration) DURATION=${2:-}; shift 2 || die "--duration needs a value" ;;
    --duration=*) DURATION=${1#*=}; shift ;;
    --warmup) WARMUP=${2:-}; shift 2 || die "--warmup needs a value" ;;
    --warmup=*) WARMUP=${1#*=}; shift ;;
    --connections) CONNECTIONS=${2:-}; shift 2 || die "--connections needs a value" ;;
    --connections=*) CONNECTIONS=${1#*=}; shift ;;
    --no-remora) NO_REMORA=1; shift ;;
    --require-remora) REQUIRE_REMORA=1; shift ;;
    --keep-tmp) KEEP_TMP=1; shift ;;
    --allow-build) ALLOW_BUILD=1; shift ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
DURATION=${DURATION%s}; WARMUP=${WARMUP%s}
for v in ROUNDS DURATION WARMUP CONNECTIONS; do
  is_uint "${!v}" || die "--${v,,} must be a whole number (got '${!v}')"
done
((ROUNDS >= 1 && DURATION >= 1 && CONNECTIONS >= 1)) || die "rounds, duration and connections must be >= 1"

if ((SMOKE)); then
  # Tiny run: checks the harness end to end, not the numbers.
  ROUNDS=1; DURATION=1; WARMUP=0; CONNECTIONS=4
fi

# ---------------------------------------------------------------- environment
NGINX=$(find_nginx) || die "nginx not found (apt-get install -y nginx)"
command -v wrk >/dev/null || die "wrk not found (apt-get install -y wrk)"
need_tools taskset curl setsid pgrep timeout awk sed
check_pinning

make_tmp http1
install_traps

# ---------------------------------------------------------------- ports
pick_ports 4
BACKEND_PORT=${FREE_PORTS[0]}
NGINX_PROXY_PORT=${FREE_PORTS[1]}
REMORA_PORT=${FREE_PORTS[2]}
REMORA_ADMIN_PORT=${FREE_PORTS[3]}
TEMPLATE_VARS=([BACKEND_PORT]=$BACKEND_PORT [PROXY_PORT]=$NGINX_PROXY_PORT
  [LISTEN_PORT]=$REMORA_PORT [ADMIN_PORT]=$REMORA_ADMIN_PORT)

# ---------------------------------------------------------------- servers
start_nginx backend "$BENCH/nginx-backend.conf" "$LOAD_CPU"
wait_ready "http://127.0.0.1:$BACKEND_PORT/" 10 "${SERVER_PID[backend]}" || fail_start backend "$TMP/backend"
[[ $(curl -s --max-time 2 "http://127.0.0.1:$BACKEND_PORT/") == hello ]] || die "backend body is not 'hello'"

start_nginx nginx "$BENCH/nginx-proxy.conf" "$PROXY_CPU"
await nginx "http://127.0.0.1:$NGINX_PROXY_PORT/" 10 || fail_start "nginx proxy" "$TMP/nginx"

CONTENDERS=(direct nginx)
declare -A URL=([direct]="http://127.0.0.1:$BACKEND_PORT/" [nginx]="http://127.0.0.1:$NGINX_PROXY_PORT/"
  [remora]="http://127.0.0.1:$REMORA_PORT/")
declare -A LABEL=([direct]="direct (no proxy)" [nginx]="nginx proxy" [remora]="remora")
REMORA_NOTE=""

skip_remora() {
  REMORA_NOTE="remora skipped: $1"
  echo "http1.sh: $REMORA_NOTE" >&2
  if ((REQUIRE_REMORA)); then echo "http1.sh: --require-remora given; failing" >&2; exit 1; fi
}

if ((NO_REMORA)); then
  skip_remora "--no-remora given"
elif why=$(remora_unusable "$ALLOW_BUILD") && [[ -n $why ]]; then
  skip_remora "$why"
else
  mkdir -p "$TMP/remora"
  fill_template "$BENCH/remora-http1.yaml" "$TMP/remora/remora.yaml"
  remora_command "$TMP/remora/remora.yaml"
  start_session remora "$PROXY_CPU" "$TMP/remora/stdout.log" "${REMORA_CMD[@]}" --concurrency 1
  if await remora "${URL[remora]}" "$REMORA_READY_SECONDS"; then
    CONTENDERS+=(remora)
  else
    echo "http1.sh: remora log (last lines):" >&2
    tail -n 20 "$TMP/remora/stdout.log" >&2
    if kill -0 "${SERVER_PID[remora]}" 2>/dev/null; then
      why="no answer on 127.0.0.1:$REMORA_PORT within ${REMORA_READY_SECONDS}s"
    else
      why="it exited before answering on 127.0.0.1:$REMORA_PORT (log above)"
    fi
    stop_server remora
    skip_remora "$why"
  fi
fi

# ---------------------------------------------------------------- measuring
# run_wrk CONTENDER SECONDS OUTFILE -> runs wrk pinned to LOAD_CPU
run_wrk() {
  timeout $(($2 + 15)) taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency \
    -H 'Connection: keep-alive' "${URL[$1]}" >"$3" 2>&1
}

declare -A RPS=() P50=() P99=() CPU=() CPUU=() CPUS=() RSS=()
ERRORS=()
OTHERS=()
RAW="$TMP/raw.txt"
: >"$RAW"
printf '%-6s %-18s %10s %10s %10s %10s %12s %7s %7s %12s\n' round contender requests req/s p50_us p99_us cpu_us/req non2xx sockerr others_on_c$PROXY_CPU >>"$RAW"

run_one() { # ROUND CONTENDER
  local r=$1 c=$2 out="$TMP/wrk-$2-r$1.txt" before after parsed n2 se
  if ((WARMUP > 0)); then
    run_wrk "$c" "$WARMUP" "$out.warmup"
    parsed=$(parse_wrk "$out.warmup") || { ERRORS+=("round $r $c warm-up: wrk output not understood (see below)"); cat "$out.warmup" >&2; return; }
    read -r _ _ _ _ n2 se <<<"$parsed"
    ((n2 == 0 && se == 0)) || ERRORS+=("round $r $c warm-up: $n2 non-2xx responses, $se socket errors")
  fi
  before="0 0"; after="0 0"
  [[ $c != direct ]] && before=$(cpu_ticks "$c")
  local core_before core_after
  core_before=$(core_ticks "$PROXY_CPU")
  run_wrk "$c" "$DURATION" "$out"
  core_after=$(core_ticks "$PROXY_CPU")
  [[ $c != direct ]] && after=$(cpu_ticks "$c")
  if ! parsed=$(parse_wrk "$out"); then
    ERRORS+=("round $r $c: wrk output not understood (see below)")
    cat "$out" >&2
    return
  fi
  local req rps p50 p99 n2 se cpu="-" cu cs bu bs au as
  read -r req rps p50 p99 n2 se <<<"$parsed"
  ((n2 == 0 && se == 0)) || ERRORS+=("round $r $c: $n2 non-2xx responses, $se socket errors")
  ((req > 0)) || ERRORS+=("round $r $c: no requests completed")
  if [[ $c != direct ]] && ((req > 0)); then
    read -r bu bs <<<"$before"; read -r au as <<<"$after"
    cu=$(awk -v d=$((au - bu)) -v n="$req" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", d / t * 1e6 / n}')
    cs=$(awk -v d=$((as - bs)) -v n="$req" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", d / t * 1e6 / n}')
    cpu=$(awk -v a="$cu" -v b="$cs" 'BEGIN {printf "%.2f", a + b}')
    CPU[$c]+="$cpu "; CPUU[$c]+="$cu "; CPUS[$c]+="$cs "
  fi
  # Share of the proxy's core used by anything but the proxy: other work skews the run.
  read -r bu bs <<<"$before"; read -r au as <<<"$after"
  local others
  others=$(awk -v cb="$core_before" -v ca="$core_after" -v own=$((au - bu + as - bs)) 'BEGIN {
    split(cb, b, " "); split(ca, a, " "); t = a[2] - b[2]; o = a[1] - b[1] - own
    if (o < 0) o = 0; printf "%.0f", (t > 0 ? 100 * o / t : 0) }')
  OTHERS+=("$others")
  RPS[$c]+="$rps "; P50[$c]+="$p50 "; P99[$c]+="$p99 "
  printf '%-6s %-18s %10s %10s %10s %10s %12s %7s %7s %11s%%\n' "$r" "${LABEL[$c]}" "$req" "$rps" "$p50" "$p99" "$cpu" "$n2" "$se" "$others" >>"$RAW"
  echo "  round $r/$ROUNDS ${LABEL[$c]}: $rps req/s, p50 ${p50}us, p99 ${p99}us, cpu/req ${cpu}us" >&2
}

echo "http1.sh: contenders: ${CONTENDERS[*]}; $ROUNDS round(s) x ${DURATION}s after ${WARMUP}s warm-up, -c$CONNECTIONS" >&2
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
n=${#CONTENDERS[@]}
for ((r = 1; r <= ROUNDS; r++)); do
  for ((i = 0; i < n; i++)); do
    run_one "$r" "${CONTENDERS[(i + r - 1) % n]}"   # rotate the order each round
  done
done
for c in "${CONTENDERS[@]}"; do
  [[ $c != direct ]] && RSS[$c]=$(rss_kb "$c")
done

# ---------------------------------------------------------------- report

REPORT="$TMP/report.txt"
{
  echo "Remora HTTP/1.1 proxy bench - $(date '+%Y-%m-%d %H:%M:%S %Z')"
  echo "host $(hostname), $(nproc) cpus, kernel $(uname -r); $("$NGINX" -v 2>&1 | sed 's/.*: //'); wrk $(wrk -v 2>&1 | awk 'NR==1 {print $2}')"
  echo "load average at start: $LOAD_AT_START, at end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
  echo "repo $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$( ((SMOKE)) && echo ' - SMOKE RUN, figures meaningless')"
  echo "wrk -t1 -c$CONNECTIONS --latency, keep-alive, GET / -> 200 'hello\\n' (6 bytes) from nginx backend"
  echo "pinning: wrk + backend on core $LOAD_CPU, proxy on core $PROXY_CPU; $ROUNDS round(s) x ${DURATION}s after ${WARMUP}s warm-up each, contenders alternating; medians"
  [[ -n $REMORA_NOTE ]] && echo "$REMORA_NOTE"
  echo
  echo "per run:"
  cat "$RAW"
  echo
} >"$REPORT"

if ((${#ERRORS[@]})); then
  {
    echo "NO COMPARISON: some runs had errors:"
    printf '  %s\n' "${ERRORS[@]}"
  } >>"$REPORT"
  cat "$REPORT"
  ((SMOKE)) && echo "SMOKE FAILED"
  exit 1
fi

{
  printf '%-18s %10s %10s %10s %30s %9s\n' contender req/s p50 p99 "proxy CPU/request" RSS
  for c in "${CONTENDERS[@]}"; do
    rps=$(median ${RPS[$c]}); p50=$(median ${P50[$c]}); p99=$(median ${P99[$c]})
    if [[ $c == direct ]]; then
      cpu="-"; rss="-"
    else
      cpu=$(printf '%.1f us (%.1f usr + %.1f sys)' "$(median ${CPU[$c]})" "$(median ${CPUU[$c]})" "$(median ${CPUS[$c]})")
      rss="$((RSS[$c] / 1024)) MB"
    fi
    printf '%-18s %10s %10s %10s %30s %9s\n' "${LABEL[$c]}" "$(fmt_rps "$rps")" "$(fmt_lat "$p50")" "$(fmt_lat "$p99")" "$cpu" "$rss"
  done
  echo
  if [[ " ${CONTENDERS[*]} " == *" remora "* ]]; then
    rr=$(median ${RPS[remora]}); rn=$(median ${RPS[nginx]}); rd=$(median ${RPS[direct]})
    echo "Remora/nginx : req/s $(ratio "$rr" "$rn")x, p99 $(ratio "$(median ${P99[remora]})" "$(median ${P99[nginx]})")x, CPU/request $(ratio "$(median ${CPU[remora]})" "$(median ${CPU[nginx]})")x"
    echo "Remora/direct: req/s $(ratio "$rr" "$rd")x"
  else
    echo "Remora/nginx : n/a (remora not measured)"
    echo "Remora/direct: n/a (remora not measured)"
  fi
  echo "nginx/direct : req/s $(ratio "$(median ${RPS[nginx]})" "$(median ${RPS[direct]})")x"
  echo "(differences under ~10 % are noise on shared machines)"
  busiest=$(printf '%s\n' "${OTHERS[@]}" | sort -n | tail -n1)
  if ((busiest > 5)); then
    echo "WARNING: other processes used up to ${busiest}% of core $PROXY_CPU during the runs (column others_on_c$PROXY_CPU):"
    echo "         req/s and latency are skewed; CPU/request is the figure to trust. Rerun on a quiet machine."
  fi
} >>"$REPORT"

cat "$REPORT"
if ((SMOKE)); then
  echo "SMOKE OK"
else
  mkdir -p "$BENCH/results"
  out="$BENCH/results/http1-$(date +%Y-%m-%d-%H%M%S).txt"
  cp "$REPORT" "$out"
  echo "written to ${out#"$ROOT"/}"
fi
exit 0
