"""Delegations against the kernel client (run-e2e --deleg): recalls caused by an NFSv3 mount.

usage: deleg.py V4_MNT V3_MNT METRICS_URL PROTO

V4_MNT is an NFSv4.2 mount over PROTO (rdma or tcp), V3_MNT an NFSv3 mount of the same
export (another client to the server).  1. A file read through V4_MNT is granted a read
delegation; a write through V3_MNT is answered JUKEBOX while the server sends CB_RECALL on
the v4 mount's back channel (PROTO); the kernel returns the delegation and the v3 write
lands.  2. A file created and written through V4_MNT (kept open for read and write) gets a
write delegation; a v3 write beside the v4 client's cached bytes recalls it: the kernel
flushes and returns it, and the file holds both.  The server's counters (granted, recalled,
returned, CB_RECALL ok over PROTO) and the v4 mount's DELEGRETURN count must move; nothing
may hang (each step is bounded).
"""

from __future__ import annotations

import os
import re
import sys
import time
import urllib.request
from collections.abc import Callable

v4, v3, url, proto = sys.argv[1:5]


def scrape() -> dict[str, float]:
    text = urllib.request.urlopen(url, timeout=20).read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        m = re.match(r'^nfsrdma_nfs4_delegations_total\{event="(\w+)"\}\s+(\S+)', line)
        if m:
            out[m.group(1)] = float(m.group(2))
        m = re.match(r'^nfsrdma_nfs4_callbacks_total\{([^}]*)\}\s+(\S+)', line)
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            key = f"cb:{labels.get('op')}:{labels.get('transport')}:{labels.get('result')}"
            out[key] = out.get(key, 0.0) + float(m.group(2))
    return out


def delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: after.get(k, 0.0) - before.get(k, 0.0) for k in sorted(set(after) | set(before))
            if after.get(k, 0.0) != before.get(k, 0.0)}


def delegreturns() -> int:
    """DELEGRETURN calls of the v4 mount (its per-op statistics in mountstats)."""
    stats = open("/proc/self/mountstats").read()
    on = False
    for line in stats.splitlines():
        if line.startswith("device "):
            on = line.split()[4] == v4
        elif on and line.strip().startswith("DELEGRETURN:"):
            return int(line.split()[1])
        elif on and line.strip().startswith("xprt:"):
            print("v4 mount", line.strip())
    return 0


def step(name: str, fn: Callable[[], None]) -> float:
    t = time.monotonic()
    fn()
    took = time.monotonic() - t
    print(f"{name}: {took:.1f} s")
    return took


# 1. read delegation, recalled by a v3 write
path = f"recall-{proto}"
with open(os.path.join(v4, path), "w") as f:
    f.write("written through v4\n")
base, rets = scrape(), delegreturns()
with open(os.path.join(v4, path)) as f:  # a read-only open: a read delegation
    assert f.read() == "written through v4\n"
granted = scrape()
print("after the v4 read:", delta(base, granted))
assert granted.get("granted", 0) > base.get("granted", 0), "no delegation granted"


def v3_append() -> None:
    with open(os.path.join(v3, path), "a") as f:
        f.write("appended through v3\n")


step("v3 append (JUKEBOX until the v4 client returned its delegation)", v3_append)
after = scrape()
d = delta(granted, after)
print("after the v3 write:", d)
assert d.get("recalled", 0) >= 1, "no recall"
assert d.get("returned", 0) >= 1, "the kernel did not return the delegation"
assert d.get(f"cb:CB_RECALL:{proto}:ok", 0) >= 1, f"no CB_RECALL answered over {proto}"
with open(os.path.join(v4, path)) as f:
    got = f.read()
assert got == "written through v4\nappended through v3\n", got
n = delegreturns()
print(f"v4 mount DELEGRETURN calls: {rets} -> {n}")
assert n > rets, "mountstats counts no DELEGRETURN"

# 2. write delegation (the only user, open for read and write), recalled by a v3 write
path = f"wdeleg-{proto}"
before = scrape()
fd = os.open(os.path.join(v4, path), os.O_RDWR | os.O_CREAT, 0o644)
os.write(fd, b"A" * 1000)  # cached by the v4 client under its delegation
mid = scrape()
print("after the v4 create+write:", delta(before, mid))
write_deleg = mid.get("granted", 0) > before.get("granted", 0)


def v3_pwrite() -> None:
    g = os.open(os.path.join(v3, path), os.O_WRONLY)
    try:
        # The next page: a v3 client that believed the file empty writes back its whole
        # (zero-filled) page, whatever the server holds (Linux nfs_can_extend_write).
        os.pwrite(g, b"B" * 1000, 4096)
        os.fsync(g)
    finally:
        os.close(g)


step("v3 write beside the v4 client's cached bytes", v3_pwrite)
os.close(fd)
after = scrape()
print("after the v3 write:", delta(mid, after))
# Read what the server holds, not the v3 client's page cache.
os.sync()
with open("/proc/sys/vm/drop_caches", "w") as f:
    f.write("3\n")
with open(os.path.join(v3, path), "rb") as f:
    data = f.read()
assert data == b"A" * 1000 + bytes(3096) + b"B" * 1000, (len(data), data[:8], data[-8:])
if write_deleg:
    assert after.get("recalled", 0) > mid.get("recalled", 0), "write delegation not recalled"
    assert after.get("returned", 0) > mid.get("returned", 0), "write delegation not returned"
print("write delegation granted:", write_deleg)
print("totals:", scrape())
