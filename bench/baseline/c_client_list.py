#!/usr/bin/python3
"""Baseline for list_1000 in bench/rpc.bench.ts: libvirt's C client (Debian's python3-libvirt)
opening a connection and listing every domain with its stats, as the bench does with ours.

Prints one JSON object: the best of ROUNDS runs of open, of list + stats, and of the whole.
Run with /usr/bin/python3 (Debian's).
"""
import json
import sys
import time

import libvirt

uri, rounds = sys.argv[1], int(sys.argv[2])
libvirt.registerErrorHandler(lambda *_: None, None)
# state + cpu-total + balloon + vcpu + interface + block, as the bench asks of ours.
STATS = 1 | 2 | 4 | 8 | 16 | 32
best = {"open_ms": float("inf"), "calls_ms": float("inf"), "total_ms": float("inf")}
for _ in range(rounds):
    t0 = time.perf_counter()
    conn = libvirt.open(uri)
    t1 = time.perf_counter()
    domains = conn.listAllDomains()
    stats = conn.getAllDomainStats(STATS)
    t2 = time.perf_counter()
    conn.close()
    if len(domains) != len(stats):
        sys.exit(f"expected as many stats as domains, got {len(domains)}/{len(stats)}")
    best["open_ms"] = min(best["open_ms"], (t1 - t0) * 1000)
    best["calls_ms"] = min(best["calls_ms"], (t2 - t1) * 1000)
    best["total_ms"] = min(best["total_ms"], (t2 - t0) * 1000)
best["domains"] = len(domains)
print(json.dumps(best))
