#!/usr/bin/env bash
# What this machine costs for the things the saga does most, so benchmark figures from different
# machines can be compared: a CPU-bound loop, a wake-up of another process (a pipe round trip:
# every HTTP, SQL and AMQP exchange pays two), and a durable 8 kB write (every commit pays one).
# Bounded: about 5 seconds.
set -euo pipefail
python3 - <<'PY'
import os, tempfile, time

start = time.perf_counter()
total = 0
for i in range(5_000_000):
    total += i
loop = time.perf_counter() - start

r1, w1 = os.pipe()
r2, w2 = os.pipe()
rounds = 20_000
if os.fork() == 0:
    for _ in range(rounds):
        os.read(r1, 1)
        os.write(w2, b"x")
    os._exit(0)
start = time.perf_counter()
for _ in range(rounds):
    os.write(w1, b"x")
    os.read(r2, 1)
wakeup = (time.perf_counter() - start) / rounds
os.wait()

with tempfile.NamedTemporaryFile(dir=os.environ.get("ORDERLY_BENCH_FSYNC_DIR", "/var/tmp")) as f:
    block = b"\0" * 8192
    writes = 500
    start = time.perf_counter()
    for _ in range(writes):
        f.write(block)
        f.flush()
        os.fdatasync(f.fileno())
    flush = (time.perf_counter() - start) / writes

print(f"machine: {os.cpu_count()} cpus; python loop of 5M adds {loop:.2f} s; "
      f"pipe round trip {wakeup * 1e6:.0f} us; 8 kB write + fdatasync {flush * 1e6:.0f} us")
PY
