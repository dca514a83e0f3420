#!/usr/bin/python3
"""Baseline for bench/rpc.bench.ts: libvirt's own C client (through Debian's python3-libvirt).

Runs N virDomainGetInfo calls on one shared connection, single-threaded and with T threads, and
measures one-call latency. Prints one JSON object on stdout. Run with /usr/bin/python3 (Debian's).
"""
import json
import sys
import threading
import time

import libvirt

uri, name, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
threads_to_try = [int(t) for t in sys.argv[4].split(",")]

libvirt.registerErrorHandler(lambda *_: None, None)
conn = libvirt.open(uri)
dom = conn.lookupByName(name)


def run(threads):
    per = calls // threads
    barrier = threading.Barrier(threads + 1)

    def worker():
        barrier.wait()
        for _ in range(per):
            dom.info()

    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    return per * threads / (time.perf_counter() - t0)


for _ in range(500):  # warm up
    dom.info()

lat = []
for _ in range(2000):
    t0 = time.perf_counter()
    dom.info()
    lat.append(time.perf_counter() - t0)
lat.sort()

result = {"single": run(1), "threaded": {str(t): run(t) for t in threads_to_try}, "latency_us_p50": lat[len(lat) // 2] * 1e6}
print(json.dumps(result))
