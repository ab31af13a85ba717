#!/usr/bin/env python3
"""POSIX (fcntl) and flock locks between two processes, as applications use them: run in the
guest by e2e.sh's `locks` profile.  usage: locktest.py HOLDER_DIR [CONTENDER_DIR]

With two directories (two mounts of one export by two NFS clients: other minor versions or
transports make the kernel keep separate client records) the holder locks through the first
and the contender through the second, so every conflict is decided by the server: the
kernel checks locks of one mount locally before asking the server at all.

Checks, each printed as "locktest: ok NAME" (exit status 1 at the first failure):
conflict (a non-blocking F_SETLK of a held range is EAGAIN/EACCES), byte ranges (a
neighbouring range is free, an overlapping read lock is refused), a blocked F_SETLKW granted
once the holder unlocks, flock exclusion, and the file removable after every lock is gone
(its CLOSE was not refused).
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
import time

#: How long a blocked F_SETLKW may take after the unlock: the Linux NFSv4 client polls a
#: denied blocking lock with a backoff from 1 to 30 s (NFS4_LOCK_MINTIMEOUT/MAXTIMEOUT).
GRANT_WITHIN = 45.0


def fail(msg: str) -> None:
    print(f"locktest: FAIL {msg}", flush=True)
    sys.exit(1)


def ok(msg: str) -> None:
    print(f"locktest: ok {msg}", flush=True)


def refused(fd: int, kind: int, length: int = 0, start: int = 0) -> bool:
    try:
        fcntl.lockf(fd, kind | fcntl.LOCK_NB, length, start)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES):
            return True
        raise
    return False


def child(path: str, ready_w: int, go_r: int) -> None:
    """The holder: take the locks, say so, wait for the word, unlock, exit."""
    fd = os.open(path, os.O_RDWR)
    fcntl.lockf(fd, fcntl.LOCK_EX, 100, 0)  # [0, 100) write
    os.write(ready_w, b"1")
    os.read(go_r, 1)  # the parent checked the conflicts: now block it and let go
    time.sleep(2)
    fcntl.lockf(fd, fcntl.LOCK_UN, 100, 0)
    os.read(go_r, 1)
    f = os.open(path, os.O_RDWR)
    fcntl.flock(f, fcntl.LOCK_EX)
    os.write(ready_w, b"2")
    os.read(go_r, 1)
    fcntl.flock(f, fcntl.LOCK_UN)
    os.close(f)
    os.close(fd)
    os._exit(0)


def main() -> None:
    d = sys.argv[1]
    other = sys.argv[2] if len(sys.argv) > 2 else d
    name = f"locktest-{os.getpid()}"
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(b"x" * 4096)
    mine = os.path.join(other, name)  # the same file, through the contender's mount
    for _ in range(100):  # the other client may cache the directory for a moment
        if os.path.exists(mine):
            break
        time.sleep(0.1)
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            child(path, ready_w, go_r)
        finally:
            os._exit(1)
    if os.read(ready_r, 1) != b"1":
        fail("holder did not lock")
    fd = os.open(mine, os.O_RDWR)
    if not refused(fd, fcntl.LOCK_EX, 100, 0):
        fail("conflict: a held write range was granted to another process")
    ok("conflict (EAGAIN on the held range)")
    if not refused(fd, fcntl.LOCK_SH, 10, 50):
        fail("ranges: a read lock inside the held write range was granted")
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 100)  # [100, 200): free
    fcntl.lockf(fd, fcntl.LOCK_UN, 100, 100)
    ok("ranges (neighbour free, overlap refused)")
    os.write(go_w, b"1")
    t0 = time.monotonic()
    fcntl.lockf(fd, fcntl.LOCK_EX, 100, 0)  # blocks until the holder unlocks (~2 s)
    waited = time.monotonic() - t0
    if waited < 1.5:
        fail(f"blocked lock granted after {waited:.1f}s, before the holder unlocked")
    if waited > 2 + GRANT_WITHIN:
        fail(f"blocked lock granted only after {waited:.1f}s")
    ok(f"blocked F_SETLKW granted {waited:.1f}s after it blocked (holder unlocked at 2s)")
    fcntl.lockf(fd, fcntl.LOCK_UN, 100, 0)
    os.write(go_w, b"2")
    if os.read(ready_r, 1) != b"2":
        fail("holder did not flock")
    f2 = os.open(mine, os.O_RDWR)
    try:
        fcntl.flock(f2, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fail("flock: an exclusive flock was granted twice")
    except OSError as e:
        if e.errno not in (errno.EAGAIN, errno.EWOULDBLOCK):
            raise
    ok("flock conflict (EWOULDBLOCK)")
    os.write(go_w, b"3")
    _, status = os.waitpid(pid, 0)
    if status != 0:
        fail(f"holder exited with {status}")
    fcntl.flock(f2, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free now
    fcntl.flock(f2, fcntl.LOCK_UN)
    ok("flock granted after the holder let go")
    os.close(f2)
    os.close(fd)
    os.unlink(mine)
    ok("closed and removed with no lock left behind")


if __name__ == "__main__":
    main()
