#!/usr/bin/env python3
"""NFSv3 file locks (NLM) between processes of the guest's kernel client: run by e2e.sh's
`nlm` profile.

usage: nlmtest.py locks DIR_A DIR_B     fcntl conflict + F_GETLK, blocked F_SETLKW granted,
                                        flock conflict (holder in DIR_A, contender in DIR_B)
       nlmtest.py cross V3_DIR V4_DIR   an NLM lock excludes an NFSv4 LOCK and the other way
       nlmtest.py hold FILE READY       lock [0, 100) of FILE, create READY, sleep until killed
       nlmtest.py try FILE              exit 0 when [0, 100) is refused (EAGAIN), 3 when granted

DIR_A and DIR_B are two mounts of one export, the second with `nosharecache`: two superblocks,
so the kernel finds no local conflict between the two inodes and every conflict is decided
by the server's lock manager (on one inode the client settles its own processes locally and
never asks).  Each check prints "nlmtest: ok NAME"; exit status 1 at the first failure.
"""

from __future__ import annotations

import errno
import fcntl
import os
import struct
import sys
import time

#: A blocked NLM lock is retried by the Linux client every 30 s (NLMCLNT_POLL_TIMEOUT) when no
#: NLM_GRANTED callback arrives: granted well before that means the callback reached it.
GRANT_WITHIN = 15.0

_FLOCK = "hhxxxxqqixxxx"  # struct flock on x86_64: type, whence, start, len, pid


def fail(msg: str) -> None:
    print(f"nlmtest: FAIL {msg}", flush=True)
    sys.exit(1)


def ok(msg: str) -> None:
    print(f"nlmtest: ok {msg}", flush=True)


def refused(fd: int, kind: int, length: int = 100, start: int = 0) -> bool:
    try:
        fcntl.lockf(fd, kind | fcntl.LOCK_NB, length, start)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES):
            return True
        raise
    return False


def getlk(fd: int, start: int, length: int) -> tuple[int, int, int, int]:
    """F_GETLK of a write lock on [start, start+length): (type, start, len, pid) of the
    conflicting lock, type F_UNLCK when there is none (NFSv3: an NLM TEST call)."""
    arg = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, start, length, 0)
    t, _, s, n, pid = struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, arg))
    return t, s, n, pid


def make_file(d: str, other: str, tag: str) -> tuple[str, str]:
    name = f"nlmtest-{tag}-{os.getpid()}"
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(b"x" * 4096)
    mine = os.path.join(other, name)
    for _ in range(100):  # the other mount may cache the directory for a moment
        if os.path.exists(mine):
            break
        time.sleep(0.1)
    return path, mine


def holder(path: str, kind: str, ready_w: int, go_r: int) -> None:
    """Child: lock (fcntl [0, 100) or flock), say so, wait for the word, sleep 2 s, unlock."""
    fd = os.open(path, os.O_RDWR)
    if kind == "posix":
        fcntl.lockf(fd, fcntl.LOCK_EX, 100, 0)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(ready_w, b"1")
    os.read(go_r, 1)
    time.sleep(2)
    if kind == "posix":
        fcntl.lockf(fd, fcntl.LOCK_UN, 100, 0)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
    os.read(go_r, 1)
    os.close(fd)


def spawn_holder(path: str, kind: str) -> tuple[int, int, int]:
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            holder(path, kind, ready_w, go_r)
            os._exit(0)
        finally:
            os._exit(1)
    if os.read(ready_r, 1) != b"1":
        fail(f"{kind}: the holder did not get its lock")
    return pid, ready_r, go_w


def finish(pid: int, go_w: int) -> None:
    os.write(go_w, b"2")
    _, status = os.waitpid(pid, 0)
    if status != 0:
        fail(f"holder exited with status {status}")


def locks(a: str, b: str) -> None:
    path, mine = make_file(a, b, "v3")
    pid, _, go_w = spawn_holder(path, "posix")
    fd = os.open(mine, os.O_RDWR)
    if not refused(fd, fcntl.LOCK_EX):
        fail("posix: a held write range was granted to another process")
    ok("posix conflict: non-blocking F_SETLK of the held range is EAGAIN")
    t, s, n, who = getlk(fd, 50, 10)
    if t != fcntl.F_WRLCK or (s, n) != (0, 100):
        fail(f"F_GETLK (NLM TEST) saw type {t} range {s}+{n}, not the holder's write lock 0+100")
    ok(f"F_GETLK (NLM TEST) reports the holder's write lock 0+100 (svid {who})")
    if not refused(fd, fcntl.LOCK_SH, 10, 50):
        fail("posix: a read lock inside the held write range was granted")
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 100)  # [100, 200): free
    fcntl.lockf(fd, fcntl.LOCK_UN, 100, 100)
    ok("byte ranges: the neighbouring range is granted, an overlapping read lock refused")
    os.write(go_w, b"1")  # the holder unlocks 2 s from now
    t0 = time.monotonic()
    fcntl.lockf(fd, fcntl.LOCK_EX, 100, 0)  # LCK_BLOCKED at the server, then NLM_GRANTED
    waited = time.monotonic() - t0
    if waited < 1.5:
        fail(f"blocked F_SETLKW granted after {waited:.1f} s, before the holder unlocked")
    if waited > 2 + GRANT_WITHIN:
        fail(f"blocked F_SETLKW granted only after {waited:.1f} s (the client's 30 s retry, "
             "not an NLM_GRANTED callback)")
    ok(f"blocked F_SETLKW granted {waited:.1f} s after it blocked (the holder unlocked at 2 s)")
    fcntl.lockf(fd, fcntl.LOCK_UN, 100, 0)
    finish(pid, go_w)
    os.close(fd)

    pid, _, go_w = spawn_holder(path, "flock")
    f2 = os.open(mine, os.O_RDWR)
    try:
        fcntl.flock(f2, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fail("flock: an exclusive flock was granted twice")
    except OSError as e:
        if e.errno not in (errno.EAGAIN, errno.EWOULDBLOCK):
            raise
    ok("flock conflict: LOCK_EX|LOCK_NB is EWOULDBLOCK (Linux sends flock as an NLM lock)")
    os.write(go_w, b"1")
    t0 = time.monotonic()
    fcntl.flock(f2, fcntl.LOCK_EX)
    waited = time.monotonic() - t0
    if not 1.5 <= waited <= 2 + GRANT_WITHIN:
        fail(f"blocked flock granted after {waited:.1f} s")
    ok(f"blocked flock granted {waited:.1f} s after it blocked")
    fcntl.flock(f2, fcntl.LOCK_UN)
    finish(pid, go_w)
    os.close(f2)
    os.unlink(path)
    ok("file removed with no lock left behind")


def cross(v3: str, v4: str) -> None:
    """An NLM lock and an NFSv4 LOCK on one range exclude each other (one lock manager)."""
    for first, second, held, asks in ((v4, v3, "NFSv4", "NLM"), (v3, v4, "NLM", "NFSv4")):
        path, mine = make_file(first, second, "x")
        pid, _, go_w = spawn_holder(path, "posix")
        fd = os.open(mine, os.O_RDWR)
        if not refused(fd, fcntl.LOCK_EX):
            fail(f"a range held over {held} was granted over {asks}")
        ok(f"{held} lock held: the {asks} lock on the range is EAGAIN")
        os.write(go_w, b"1")
        time.sleep(3)  # the holder unlocked at 2 s
        if refused(fd, fcntl.LOCK_EX):
            fail(f"the range is still refused over {asks} after the {held} holder unlocked")
        fcntl.lockf(fd, fcntl.LOCK_UN, 100, 0)
        ok(f"{held} holder unlocked: the {asks} lock is granted")
        finish(pid, go_w)
        os.close(fd)
        os.unlink(path)


def hold(path: str, ready: str) -> None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.lockf(fd, fcntl.LOCK_EX, 100, 0)
    open(ready, "w").close()
    print(f"nlmtest: holding [0, 100) of {path} (pid {os.getpid()})", flush=True)
    while True:
        time.sleep(3600)


def try_lock(path: str) -> None:
    fd = os.open(path, os.O_RDWR)
    if refused(fd, fcntl.LOCK_EX):
        print(f"nlmtest: [0, 100) of {path} refused (EAGAIN): someone holds it", flush=True)
        sys.exit(0)
    fcntl.lockf(fd, fcntl.LOCK_UN, 100, 0)
    print(f"nlmtest: [0, 100) of {path} granted: nobody holds it", flush=True)
    sys.exit(3)


def main() -> None:
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "locks":
        locks(*args)
    elif cmd == "cross":
        cross(*args)
    elif cmd == "hold":
        hold(*args)
    elif cmd == "try":
        try_lock(*args)
    else:
        fail(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
