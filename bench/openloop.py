#!/usr/bin/env python3
"""Open-loop, constant-rate HTTP/1.1 load generator (Python 3 standard library only).

Requests are scheduled at fixed intervals (rate R: the i-th at start + i/R) whatever
the server does, and sent on N keep-alive connections (no pipelining: a request waits
for a free connection). Latency is measured from the *scheduled* send time to the end
of the response, so a stall in the server shows up in the percentiles instead of
silently lowering the offered load (no coordinated omission, as in wrk2).

bench/openloop.c is its C twin (same flags, same output), which suite.sh prefers when a
C compiler is there: CPython tops out near 15k req/s on a core shared with the backend.

Debian has no wrk2, and h2load's --rate is a rate of *new connections*, not of
requests, so neither gives an open-loop request rate with latency percentiles.

The loop is a plain epoll loop over non-blocking sockets rather than asyncio: on these
2-core machines asyncio's per-iteration cost (and epoll's millisecond timeouts, or
select()'s fd lists) made the generator itself late by milliseconds at 5k req/s. Here
the loop sleeps in epoll while the next send is more than ~1 ms away and polls without
blocking otherwise, so at high rates it keeps its core busy (pin it to the load core).
It reports its own lateness (how long after the scheduled time it actually wrote each
request): when late_p99_us is large, the generator, not the server, was the limit.

Usage: openloop.py --url http://127.0.0.1:8080/path --rate 10000 --duration 8
                   [--warmup 1] [--connections 64] [--header 'K: V']... [--drain 2]
Prints one line of key=value pairs:
  sent completed errors offered_rps achieved_rps p50_us p90_us p99_us p999_us max_us late_p50_us late_p99_us
Exit status: 0 measured (errors may be > 0: check the field), 2 usage/connection failure.
"""
import argparse
import math
import select
import socket
import sys
import time
import urllib.parse
from collections import deque


def parse_url(url):
    u = urllib.parse.urlsplit(url)
    if u.scheme != "http" or not u.hostname:
        raise SystemExit("openloop.py: only http:// URLs")
    path = u.path or "/"
    if u.query:
        path += "?" + u.query
    return u.hostname, u.port or 80, u.netloc, path


def run(args):
    host, port, netloc, path = parse_url(args.url)
    headers = "".join(h.strip() + "\r\n" for h in args.header)
    request = f"GET {path} HTTP/1.1\r\nHost: {netloc}\r\n{headers}\r\n".encode()

    ep = select.epoll()
    socks = {}
    for _ in range(args.connections):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            s.connect((host, port))
        except OSError as e:
            raise SystemExit(f"openloop.py: cannot connect to {host}:{port}: {e}")
        s.setblocking(False)
        socks[s.fileno()] = s
        ep.register(s.fileno(), select.EPOLLIN)
    fds = list(socks)
    sched_of = {fd: None for fd in fds}   # scheduled time of the request in flight, or None
    buf = {fd: bytearray() for fd in fds}
    need = {fd: -1 for fd in fds}
    status = {fd: 0 for fd in fds}
    free = deque(fds)
    backlog = deque()
    dead = set()

    interval = 1.0 / args.rate
    total = int(round(args.rate * (args.warmup + args.duration)))
    mono = time.monotonic
    start = mono() + 0.01
    measure_from = start + args.warmup
    deadline = start + args.warmup + args.duration + args.drain
    lat = []
    late = []
    sent = completed = errors = 0
    next_i = 0
    outstanding = 0

    def send(fd, sched, now, on_time):
        nonlocal sent, outstanding
        outstanding += 1
        sched_of[fd] = sched
        if sched >= measure_from:
            sent += 1
            if on_time:
                late.append(now - sched)
        try:
            socks[fd].send(request)   # small: fits the socket buffer in one go
        except OSError:
            pass                      # the read side will see the close

    poll = ep.poll
    while True:
        now = mono()
        while next_i < total:
            sched = start + next_i * interval
            if sched > now:
                break
            next_i += 1
            if free:
                send(free.popleft(), sched, now, True)
            else:
                backlog.append(sched)
        if next_i >= total and outstanding == 0 and not backlog:
            break
        if now > deadline:
            break
        if next_i < total:
            wait = start + next_i * interval - now
            timeout = wait - 0.0011 if wait > 0.0011 else 0
        else:
            timeout = 0.05
        for fd, ev in poll(timeout):
            s = socks[fd]
            try:
                data = s.recv(262144)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                ep.unregister(fd)
                dead.add(fd)
                if sched_of[fd] is not None:
                    outstanding -= 1
                    errors += 1
                    sched_of[fd] = None
                try:
                    free.remove(fd)
                except ValueError:
                    pass
                continue
            b = buf[fd]
            b += data
            while sched_of[fd] is not None:
                if need[fd] < 0:
                    end = b.find(b"\r\n\r\n")
                    if end < 0:
                        break
                    head = bytes(b[:end]).lower()
                    try:
                        status[fd] = int(head[9:12])
                    except ValueError:
                        status[fd] = 0
                    cl = head.find(b"\r\ncontent-length:")
                    length = 0
                    if cl >= 0:
                        eol = head.find(b"\r\n", cl + 2)
                        length = int(head[cl + 17:eol if eol >= 0 else len(head)].strip())
                    elif b"transfer-encoding: chunked" in head:
                        status[fd] = -1   # not expected from the bench backends: an error
                    need[fd] = end + 4 + length
                if len(b) < need[fd]:
                    break
                del b[:need[fd]]
                need[fd] = -1
                done_at = mono()
                sched = sched_of[fd]
                sched_of[fd] = None
                outstanding -= 1
                if sched >= measure_from:
                    completed += 1
                    if status[fd] != 200:
                        errors += 1
                    lat.append(done_at - sched)
                if backlog:
                    send(fd, backlog.popleft(), done_at, False)
                else:
                    free.append(fd)

    # Anything scheduled in the measured window and not answered by now is an error.
    errors += sum(1 for s in backlog if s >= measure_from)
    errors += sum(1 for fd in fds if sched_of[fd] is not None and sched_of[fd] >= measure_from)
    errors += (total - next_i)   # never even scheduled (deadline hit)
    for s in socks.values():
        s.close()
    ep.close()
    return sent, completed, errors, lat, late


def pct(sorted_vals, p):
    if not sorted_vals:
        return float("nan")
    i = min(len(sorted_vals) - 1, max(0, math.ceil(p / 100.0 * len(sorted_vals)) - 1))
    return sorted_vals[i]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--rate", type=float, required=True, help="requests per second")
    ap.add_argument("--duration", type=float, default=8.0, help="measured seconds")
    ap.add_argument("--warmup", type=float, default=1.0, help="seconds at the same rate, not measured")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--header", action="append", default=[])
    ap.add_argument("--drain", type=float, default=2.0, help="seconds to wait for the last answers")
    args = ap.parse_args()
    if args.rate <= 0 or args.duration <= 0 or args.connections < 1 or args.warmup < 0:
        ap.error("rate, duration and connections must be positive")

    sent, completed, errors, lat, late = run(args)
    lat.sort()
    late.sort()
    us = lambda v: f"{v * 1e6:.1f}"
    fields = {
        "sent": sent,
        "completed": completed,
        "errors": errors,
        "offered_rps": f"{args.rate:.0f}",
        "achieved_rps": f"{completed / args.duration:.0f}",
        "p50_us": us(pct(lat, 50)),
        "p90_us": us(pct(lat, 90)),
        "p99_us": us(pct(lat, 99)),
        "p999_us": us(pct(lat, 99.9)),
        "max_us": us(lat[-1] if lat else float("nan")),
        "late_p50_us": us(pct(late, 50)),
        "late_p99_us": us(pct(late, 99)),
    }
    print(" ".join(f"{k}={v}" for k, v in fields.items()))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
