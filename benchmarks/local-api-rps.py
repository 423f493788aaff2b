#!/usr/bin/env python3
"""Requests per second of the local API for GET /api/projects.

Starts routes/local_api.py on a free port, warms up with 20 requests, then sends N requests
(default 1,000) one after another over one keep-alive connection, and prints the rate and the
latency percentiles. Usage: python3 benchmarks/local-api-rps.py [--requests N] [--path PATH]
"""

from __future__ import annotations

import argparse
import http.client
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--path", default="/api/projects")
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, str(ROOT / "routes" / "local_api.py"), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = server.stdout.readline()
        found = re.match(r"local API on http://([0-9.]+):(\d+) .*ready in ([0-9.]+)s", first)
        if not found:
            print(f"the local API did not start: {first!r}", file=sys.stderr)
            return 1
        connection = http.client.HTTPConnection(found.group(1), int(found.group(2)), timeout=10)

        def get() -> float:
            started = time.perf_counter()
            connection.request("GET", args.path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"GET {args.path} answered {response.status}")
            return time.perf_counter() - started

        for _ in range(20):
            get()
        started = time.perf_counter()
        latencies = [get() for _ in range(args.requests)]
        elapsed = time.perf_counter() - started
        connection.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=10)
    ms = sorted(latency * 1000 for latency in latencies)
    print(f"GET {args.path}: {args.requests} requests in {elapsed:.2f} s = {args.requests / elapsed:.0f} requests/s "
          f"(one connection, sequential; server ready in {found.group(3)} s)")
    print(f"latency ms: median {statistics.median(ms):.2f}, p95 {ms[int(len(ms) * 0.95) - 1]:.2f}, max {ms[-1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
