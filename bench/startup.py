#!/usr/bin/env python3
"""Times a proxy's start-up (Python 3 standard library).

Starts CMD (in this process group, so the caller can stop both), then polls every
millisecond, on plain sockets, until
  - GET --url answers 200 (the first request answered end to end), and
  - GET --ready-url answers 200 with LIVE in the body (Envoy's admin /ready).
Prints `first_ms=F ready_ms=R cpu_ms=C`: F and R measured from just before the exec, C the
CPU time (user + system, all threads, and children it waited for) CMD's process had used
when the first request was answered, from /proc (-1 where /proc is missing); the CPU figure
moves much less than the wall-clock ones when other work shares the machine. Then stops CMD
(SIGTERM, then SIGKILL after 5 s). Exit status 0; 1 when CMD exited or --timeout
passed first (the line then says which figures are missing: -1).

Usage: startup.py --url URL --ready-url URL [--timeout 30] -- CMD...
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse


def probe(url, want):
    u = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((u.hostname, u.port), timeout=1) as s:
            s.sendall(f"GET {u.path or '/'} HTTP/1.1\r\nHost: {u.netloc}\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return False
    return data[9:12] == b"200" and (want is None or want in data.split(b"\r\n\r\n", 1)[-1])


def cpu_seconds(pid):
    """User + system time of pid and its waited-for children, from /proc/PID/stat; None if unknown."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # after the ")": state is field 3, utime..cstime are fields 14..17 (1-based)
        ticks = sum(int(fields[i]) for i in range(11, 15))
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--ready-url", required=True)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.error("no command")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    first = ready = cpu = None
    deadline = t0 + args.timeout
    while (first is None or ready is None) and time.monotonic() < deadline and proc.poll() is None:
        if first is None and probe(args.url, None):
            first = time.monotonic() - t0
            cpu = cpu_seconds(proc.pid)
        if ready is None and probe(args.ready_url, b"LIVE"):
            ready = time.monotonic() - t0
        time.sleep(0.001)
    ms = lambda v: f"{v * 1000:.0f}" if v is not None else "-1"
    print(f"first_ms={ms(first)} ready_ms={ms(ready)} cpu_ms={ms(cpu)}", flush=True)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    sys.exit(0 if first is not None and ready is not None else 1)


if __name__ == "__main__":
    main()
