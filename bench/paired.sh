#!/usr/bin/env bash
# Two proxies under load at the same time, on the same core: CPU per request of each, paired.
#
#   bench/paired.sh [--rounds N] [--duration S] [--path /16k] A B
#
# A and B: remora (the launcher), remora:JAR (a built jar, java -cp with the launcher's JVM
# flags, no class-data archive), nginx, haproxy. Both proxies run pinned to PROXY_CPU (1),
# the nginx backend and two wrk -t1 -c64 (one per proxy, started together) to LOAD_CPU (0).
# After two warm-up runs (12 s, 6 s: each JVM gets about half the core, and the launcher's
# doubled JIT thresholds need ~100k requests to reach C2 code), each round prints both proxies' user + system time per
# request (from /proc, all processes of each) and B/A. On a shared machine whose other work
# moves from second to second, alternating runs (suite.sh) swing by 10-30 %; two proxies
# loaded at once see the same interference, and the ratio of an A/A run stays within ~2 %.
# Ports: PORT_BASE..PORT_LAST (18100-18999).
set -uo pipefail # no -e: lib.sh's cleanup trap must reach every server (as in suite.sh)
PROG=paired
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=5
DURATION=8
URL_PATH=/
while (($#)); do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --path) URL_PATH=$2; shift 2 ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
(($# == 2)) || die "usage: bench/paired.sh [--rounds N] [--duration S] [--path P] A B (remora, remora:JAR, nginx, haproxy)"
is_uint "$ROUNDS" && is_uint "$DURATION" || die "--rounds and --duration take whole numbers"
LOAD_CPU=${LOAD_CPU:-0}
PROXY_CPU=${PROXY_CPU:-1}
PORT_BASE=${PORT_BASE:-18100}
PORT_LAST=${PORT_LAST:-18999}
NGINX=$(find_nginx) || die "nginx not found"
HAPROXY=$(find_haproxy) || true
need_tools wrk taskset curl setsid pgrep awk sed
check_pinning
make_tmp paired
install_traps

pick_ports 5
BACKEND_PORT=${FREE_PORTS[0]}
TEMPLATE_VARS=([BACKEND_PORT]=$BACKEND_PORT)
mkdir -p "$TMP/backend/html"
head -c 16384 /dev/zero | tr '\0' 'x' >"$TMP/backend/html/16k"
start_nginx backend "$BENCH/nginx-backend.conf" "$LOAD_CPU"
wait_ready "http://127.0.0.1:$BACKEND_PORT/" 10 "${SERVER_PID[backend]}" || fail_start backend "$TMP/backend"

# start_contender NAME SPEC PORT ADMIN_PORT -> the proxy SPEC on PROXY_CPU, listening on PORT
start_contender() {
  local name=$1 spec=$2 port=$3 admin=$4
  case $spec in
    nginx) start_nginx "$name" "$BENCH/nginx-proxy.conf" "$PROXY_CPU" PROXY_PORT="$port" ;;
    haproxy)
      [[ -n $HAPROXY ]] || die "haproxy not found"
      start_haproxy "$name" "$BENCH/haproxy.cfg" "$PROXY_CPU" PROXY_PORT="$port" MAXCONN=4000 ;;
    remora | remora:*)
      mkdir -p "$TMP/$name"
      fill_template "$BENCH/remora-http1.yaml" "$TMP/$name/remora.yaml" LISTEN_PORT="$port" ADMIN_PORT="$admin"
      if [[ $spec == remora:* ]]; then
        [[ -f ${spec#remora:} ]] || die "no jar ${spec#remora:}"
        REMORA_CLASSPATH=${spec#remora:} remora_command "$TMP/$name/remora.yaml"
      else
        [[ -z $(remora_unusable 0) ]] || die "cannot run Remora: $(remora_unusable 0)"
        remora_command "$TMP/$name/remora.yaml"
      fi
      start_session "$name" "$PROXY_CPU" "$TMP/$name/stdout.log" "${REMORA_CMD[@]}" --concurrency 1 ;;
    *) die "unknown contender '$spec' (remora, remora:JAR, nginx, haproxy)" ;;
  esac
  await "$name" "http://127.0.0.1:$port/" 60 || fail_start "$name" "$TMP/$name"
}
start_contender a "$1" "${FREE_PORTS[1]}" "${FREE_PORTS[2]}"
start_contender b "$2" "${FREE_PORTS[3]}" "${FREE_PORTS[4]}"

# round SECONDS LABEL -> both loaded at once; prints each one's CPU per request and B/A
round() {
  local a0 b0 a1 b1 ra rb
  read -r -a a0 <<<"$(cpu_ticks a)"; read -r -a b0 <<<"$(cpu_ticks b)"
  taskset -c "$LOAD_CPU" wrk -t1 -c64 -d"$1"s "http://127.0.0.1:${FREE_PORTS[1]}$URL_PATH" >"$TMP/wrk-a" 2>&1 &
  local wa=$!
  taskset -c "$LOAD_CPU" wrk -t1 -c64 -d"$1"s "http://127.0.0.1:${FREE_PORTS[3]}$URL_PATH" >"$TMP/wrk-b" 2>&1 &
  wait "$wa" $!
  read -r -a a1 <<<"$(cpu_ticks a)"; read -r -a b1 <<<"$(cpu_ticks b)"
  ra=$(awk '/requests in/ { print $1 }' "$TMP/wrk-a"); rb=$(awk '/requests in/ { print $1 }' "$TMP/wrk-b")
  grep -q "Non-2xx\|Socket errors" "$TMP/wrk-a" "$TMP/wrk-b" && warn "warning: errors or non-2xx answers in round $2"
  awk -v l="$2" -v t="$CLK_TCK" -v ua=$((a1[0] - a0[0])) -v sa=$((a1[1] - a0[1])) -v ra="$ra" \
      -v ub=$((b1[0] - b0[0])) -v sb=$((b1[1] - b0[1])) -v rb="$rb" -v na="$A_NAME" -v nb="$B_NAME" 'BEGIN {
    f = 1e6 / t
    a = (ua + sa) * f / ra; b = (ub + sb) * f / rb
    printf "%s  %s %.2f us/req (%.2f usr + %.2f sys, %d req)  %s %.2f us/req (%.2f usr + %.2f sys, %d req)  B/A %.3f\n",
      l, na, a, ua * f / ra, sa * f / ra, ra, nb, b, ub * f / rb, sb * f / rb, rb, b / a }'
}
A_NAME=$1
B_NAME=$2
[[ $A_NAME == "$B_NAME" ]] && { A_NAME="A:$1"; B_NAME="B:$2"; }
echo "$PROG: $1 (A) and $2 (B) at once on core $PROXY_CPU, wrk -t1 -c64 each on core $LOAD_CPU, path $URL_PATH; $ROUNDS x ${DURATION}s after warm-up" >&2
round 12 warm-up >/dev/null
round 6 warm-up >/dev/null
for ((r = 1; r <= ROUNDS; r++)); do round "$DURATION" "round $r"; done
