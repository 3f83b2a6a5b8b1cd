#!/usr/bin/env python3
"""Holds N idle HTTP/1.1 keep-alive connections to a server (Python 3 standard library).

Opens N connections to --url, at most --parallel at a time; sends one GET on each and
reads the whole answer, so every connection has carried a request and is now an idle
keep-alive connection (the proxy has parsed a request on it and, for a proxy, has
an upstream connection pooled). Then prints one line

    open=N errors=E seconds=S

and holds them all until it is killed or --hold seconds pass.
Raise `ulimit -n` above N first. Exit status 0; 2 on a usage error.
"""
import argparse
import asyncio
import urllib.parse


async def one(host, port, request, sem, conns, stats):
    async with sem:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            lower = head.lower()
            ok = lower[9:12] == b"200"
            i = lower.find(b"\r\ncontent-length:")
            if i < 0:
                ok = False
            else:
                n = int(lower[i + 17:lower.find(b"\r\n", i + 2)].strip())
                await asyncio.wait_for(reader.readexactly(n), 10)
            if ok:
                stats["open"] += 1
            else:
                stats["errors"] += 1
            conns.append(writer)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
            stats["errors"] += 1


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--connections", type=int, required=True)
    ap.add_argument("--parallel", type=int, default=100)
    ap.add_argument("--hold", type=float, default=120.0, help="seconds to hold at most")
    args = ap.parse_args()
    u = urllib.parse.urlsplit(args.url)
    host, port = u.hostname, u.port or 80
    request = f"GET {u.path or '/'} HTTP/1.1\r\nHost: {u.netloc}\r\n\r\n".encode()
    sem = asyncio.Semaphore(args.parallel)
    conns, stats = [], {"open": 0, "errors": 0}
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    await asyncio.gather(*(one(host, port, request, sem, conns, stats) for _ in range(args.connections)))
    print(f"open={stats['open']} errors={stats['errors']} seconds={loop.time() - t0:.1f}", flush=True)
    await asyncio.sleep(args.hold)   # the caller measures, then kills us
    for w in conns:
        w.close()


if __name__ == "__main__":
    asyncio.run(main())
