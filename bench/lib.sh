# Shared functions of the bench/ scripts (http1.sh, suite.sh). Source it; it runs nothing.
#
#   PROG=name; source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Provides: messages (die/warn), a temp dir with every server we start in its own session
# (stopped on exit), free-port picking, template filling, nginx/HAProxy/Remora start-up,
# readiness polling, CPU/RSS accounting from /proc, wrk output parsing and medians.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
PROG=${PROG:-bench}

die() { echo "$PROG: $*" >&2; exit 2; }
warn() { echo "$PROG: $*" >&2; }
is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

# need_tools TOOL... -> dies naming the first missing one
need_tools() {
  local tool
  for tool in "$@"; do command -v "$tool" >/dev/null || die "$tool not found"; done
}

find_nginx() { command -v nginx || { test -x /usr/sbin/nginx && echo /usr/sbin/nginx; }; }
find_haproxy() { command -v haproxy || { test -x /usr/sbin/haproxy && echo /usr/sbin/haproxy; }; }

# check_pinning -> dies when LOAD_CPU is unusable; falls back to LOAD_CPU for PROXY_CPU
check_pinning() {
  taskset -c "$LOAD_CPU" true 2>/dev/null || die "cannot pin to core $LOAD_CPU (LOAD_CPU)"
  if ! taskset -c "$PROXY_CPU" true 2>/dev/null; then
    warn "warning: core $PROXY_CPU not usable; proxy shares core $LOAD_CPU"
    PROXY_CPU=$LOAD_CPU
  fi
}
CLK_TCK=$(getconf CLK_TCK)

# ---------------------------------------------------------------- temp dir, servers, cleanup
KEEP_TMP=${KEEP_TMP:-0}
TMP=""
declare -A SERVER_PID=()   # name -> pid of the session leader (setsid) we started

make_tmp() { # TAG
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/remora-bench-$1.XXXXXX") || die "mktemp failed"
}

stop_server() {
  local name=$1 pid=${SERVER_PID[$1]:-}
  [[ -n $pid ]] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  unset 'SERVER_PID[$name]'
}
# Extra cleanup steps (function names) run before the servers are stopped.
CLEANUP_HOOKS=()
cleanup() {
  local name hook
  for hook in "${CLEANUP_HOOKS[@]}"; do "$hook"; done
  for name in "${!SERVER_PID[@]}"; do stop_server "$name"; done
  [[ -n $TMP ]] || return 0
  if ((KEEP_TMP)); then warn "temp dir kept: $TMP"; else rm -rf "$TMP"; fi
}
install_traps() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# start_session NAME CPU LOG CMD... -> runs CMD pinned to CPU in a new session (so its whole
# process group can be stopped), output to LOG; records the pid in SERVER_PID[NAME]
start_session() {
  local name=$1 cpu=$2 log=$3
  shift 3
  (cd "$ROOT" && exec setsid taskset -c "$cpu" "$@" >"$log" 2>&1 </dev/null) &
  SERVER_PID[$name]=$!
}

# ---------------------------------------------------------------- ports
port_in_use() {
  if command -v ss >/dev/null; then
    [[ -n $(ss -Htan "( sport = :$1 )" 2>/dev/null) ]] && return 0
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
# pick_ports N -> FREE_PORTS holds the first N free ports in PORT_BASE..PORT_LAST
pick_ports() {
  local p
  FREE_PORTS=()
  for ((p = PORT_BASE; p <= PORT_LAST && ${#FREE_PORTS[@]} < $1; p++)); do
    port_in_use "$p" || FREE_PORTS+=("$p")
  done
  ((${#FREE_PORTS[@]} == $1)) || die "need $1 free ports in $PORT_BASE-$PORT_LAST (set PORT_BASE/PORT_LAST)"
}

# ---------------------------------------------------------------- templates
# TEMPLATE_VARS[KEY]=VALUE replaces __KEY__. fill_template IN OUT [KEY=VALUE...] (extra
# pairs override TEMPLATE_VARS for this file only).
declare -A TEMPLATE_VARS=()
fill_template() {
  local in=$1 out=$2 k v args=()
  shift 2
  declare -A vars=()
  for k in "${!TEMPLATE_VARS[@]}"; do vars[$k]=${TEMPLATE_VARS[$k]}; done
  for k in "$@"; do vars[${k%%=*}]=${k#*=}; done
  for k in "${!vars[@]}"; do
    v=${vars[$k]//\\/\\\\}; v=${v//|/\\|}; v=${v//&/\\&}
    args+=(-e "s|__${k}__|${v}|g")
  done
  sed "${args[@]}" "$in" >"$out"
}

# ---------------------------------------------------------------- readiness
# http_status URL -> prints the status code (000 when nothing answered)
http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1" 2>/dev/null || true; }

# wait_ready URL SECONDS PID -> 0 when URL answered 200 within SECONDS; 3 when it only
# answered with other statuses (LAST_STATUS holds the last); 1 when nothing answered
# or the process died.
wait_ready() {
  local url=$1 pid=$3 deadline=$((SECONDS + $2))
  LAST_STATUS=000
  while ((SECONDS < deadline)); do
    LAST_STATUS=$(http_status "$url")
    [[ $LAST_STATUS == 200 ]] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  [[ $LAST_STATUS != 000 ]] && return 3
  return 1
}

# await NAME URL SECONDS -> 0 when the server answers (a non-200 answer is only warned
# about: the runs then count non-2xx responses and refuse the comparison)
await() {
  wait_ready "$2" "$3" "${SERVER_PID[$1]}"
  case $? in
    0) return 0 ;;
    3) warn "warning: $1 answers HTTP $LAST_STATUS, not 200"; return 0 ;;
    *) return 1 ;;
  esac
}

fail_start() { # NAME DIR
  warn "$1 did not start; last lines of its logs:"
  tail -n 20 "$2"/*.log >&2 2>/dev/null
  exit 2
}

# ---------------------------------------------------------------- servers
# start_nginx NAME TEMPLATE CPU [KEY=VALUE...] -> nginx in its own session, prefix $TMP/NAME
start_nginx() {
  local name=$1 template=$2 cpu=$3 dir="$TMP/$1"
  shift 3
  mkdir -p "$dir"
  fill_template "$template" "$dir/nginx.conf" "$@"
  local globals='daemon off;'
  # Run workers as the invoking user too (as root nginx would switch them to nobody).
  if (($(id -u) == 0)); then globals+=" user $(id -un) $(id -gn);"; fi
  start_session "$name" "$cpu" "$dir/stdout.log" \
    "$NGINX" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" -g "$globals"
}

# start_haproxy NAME TEMPLATE CPU [KEY=VALUE...] -> haproxy -db (foreground, as the
# current user), pid file and output in $TMP/NAME
start_haproxy() {
  local name=$1 template=$2 cpu=$3 dir="$TMP/$1"
  shift 3
  mkdir -p "$dir"
  fill_template "$template" "$dir/haproxy.cfg" "$@"
  start_session "$name" "$cpu" "$dir/stdout.log" \
    "$HAPROXY" -db -f "$dir/haproxy.cfg" -p "$dir/haproxy.pid"
}

# remora_command CONFIG -> REMORA_CMD: `./remora proxy -c CONFIG`, or, when REMORA_CLASSPATH
# is set (the smoke test runs from Maven's test classpath), java -cp ... Main proxy -c CONFIG
# with the launcher's default flags (deploy/jvm.options; REMORA_JVM_OPTS replaces them, as in
# the launcher).
# REMORA_CLASSPATH=proxy/target/remora.jar runs a built jar without the launcher's
# rebuild-when-stale check.
REMORA_BIN=${REMORA_BIN:-$ROOT/remora}
REMORA_JAR=${REMORA_JAR:-$ROOT/proxy/target/remora.jar}
remora_command() {
  if [[ -n ${REMORA_CLASSPATH:-} ]]; then
    local java=java flags
    [[ -n ${JAVA_HOME:-} ]] && java=$JAVA_HOME/bin/java
    if [[ -n ${REMORA_JVM_OPTS+set} ]]; then
      read -r -a flags <<<"$REMORA_JVM_OPTS"
    else
      # The launcher's defaults: its argument file (deploy/jvm.options says why each flag is
      # there), plus the trim flag where this JVM has it.
      flags=("@$ROOT/deploy/jvm.options")
      if [[ -z ${REMORA_TRIM_FLAG+set} ]]; then
        REMORA_TRIM_FLAG=""
        "$java" -XX:TrimNativeHeapInterval=1000 -version >/dev/null 2>&1 && REMORA_TRIM_FLAG=-XX:TrimNativeHeapInterval=1000
      fi
      [[ -n $REMORA_TRIM_FLAG ]] && flags+=("$REMORA_TRIM_FLAG")
    fi
    [[ -n ${REMORA_JIT_SCALING:-} ]] && flags+=(-XX:CompileThresholdScaling="$REMORA_JIT_SCALING")
    REMORA_CMD=("$java" "${flags[@]}"
      -Dio.netty.tryReflectionSetAccessible=true
      --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
      -cp "$REMORA_CLASSPATH" io.remora.server.Main proxy -c "$1")
  else
    REMORA_CMD=("$REMORA_BIN" proxy -c "$1")
  fi
}

# stale_inputs -> the first pom or source file newer than the jar (the launcher's rule)
stale_inputs() {
  local inputs=() path
  for path in "$ROOT/pom.xml" "$ROOT/proxy/pom.xml" "$ROOT/greeter/pom.xml" "$ROOT/proxy/src" "$ROOT/greeter/src"; do
    [[ -e $path ]] && inputs+=("$path")
  done
  ((${#inputs[@]})) || return 0
  find "${inputs[@]}" -newer "$REMORA_JAR" -print -quit 2>/dev/null | sed "s|^$ROOT/||"
}

# remora_unusable ALLOW_BUILD -> prints why Remora cannot be run (nothing when it can)
remora_unusable() {
  [[ -n ${REMORA_CLASSPATH:-} ]] && return 0
  if [[ ! -x $REMORA_BIN ]]; then
    echo "launcher $REMORA_BIN is missing (or not executable)"
  elif [[ ! -f $REMORA_JAR ]]; then
    echo "jar $REMORA_JAR is missing; build it first (mvn -B -q -DskipTests package)"
  elif (($1 == 0)) && [[ -n $(stale_inputs) ]]; then
    # The launcher rebuilds when any source or pom is newer than the jar; a build in the
    # middle of a benchmark is slow, loads the cores and may not be wanted in this tree.
    echo "jar $REMORA_JAR is older than $(stale_inputs) (the launcher would rebuild it); build first, or pass --allow-build"
  fi
}

# ---------------------------------------------------------------- accounting
# cpu_ticks NAME -> "utime stime" in clock ticks, summed over every process in the
# server's session (nginx master + worker; the JVM and any launcher shell).
cpu_ticks() {
  local sid=${SERVER_PID[$1]} p u=0 s=0 line
  for p in $(pgrep -s "$sid"); do
    line=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    line=${line##*) }                 # drop "pid (comm) "; field 3 (state) comes first
    read -r -a f <<<"$line"
    u=$((u + f[11])); s=$((s + f[12]))  # fields 14 (utime) and 15 (stime)
  done
  echo "$u $s"
}
# rss_kb NAME [FIELD] -> VmRSS (or FIELD, e.g. VmHWM) summed over the server's session, kB
rss_kb() {
  local sid=${SERVER_PID[$1]} field=${2:-VmRSS} p kb total=0
  for p in $(pgrep -s "$sid"); do
    kb=$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$p/status" 2>/dev/null)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}

# core_ticks CPU -> "busy total" clock ticks of one core since boot, from /proc/stat
core_ticks() {
  awk -v c="cpu$1" '$1 == c { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6; exit }' /proc/stat
}

# to_us "1.23ms" -> microseconds
to_us() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") m = 1; else if (u == "ms") m = 1000; else if (u == "s") m = 1000000;
    else if (u == "m") m = 60000000; else { print "nan"; exit }
    printf "%.1f", n * m }'
}

# parse_wrk FILE -> "requests rps p50us p99us non2xx sockerr" (or returns 1)
parse_wrk() {
  local f=$1 req rps p50 p99 non2xx sockerr
  req=$(awk '/ requests in / {print $1; exit}' "$f")
  rps=$(awk '/^Requests\/sec:/ {print $2; exit}' "$f")
  p50=$(awk '$1 == "50%" {print $2; exit}' "$f")
  p99=$(awk '$1 == "99%" {print $2; exit}' "$f")
  non2xx=$(awk -F: '/Non-2xx or 3xx responses/ {gsub(/ /, "", $2); print $2; exit}' "$f")
  sockerr=$(awk '/Socket errors:/ {t = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) t += $i + 0; print t; exit}' "$f")
  [[ -n $req && -n $rps && -n $p50 && -n $p99 ]] || return 1
  echo "$req $rps $(to_us "$p50") $(to_us "$p99") ${non2xx:-0} ${sockerr:-0}"
}

median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# ---------------------------------------------------------------- formatting
fmt_rps() { awk -v v="$1" 'BEGIN { if (v == "nan" || v == "") print "-"; else printf "%.1fk", v / 1000 }'; }
fmt_lat() { awk -v v="$1" 'BEGIN { if (v == "nan" || v == "") print "-"; else if (v >= 1000 || v <= -1000) printf "%.2f ms", v / 1000; else printf "%.0f us", v }'; }
fmt_mb() { awk -v v="$1" 'BEGIN { if (v == "nan" || v == "") print "-"; else printf "%.0f MB", v / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "nan" && b != "nan" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
