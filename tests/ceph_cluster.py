"""A one-node Ceph cluster with a CephFS, for tests and for trying the cephfs backend by hand.

Operation: `CephCluster(directory).start()` writes a ceph.conf and keyrings into the
directory, makes and starts one mon, one mgr, one OSD (memstore: data in RAM, bounded by
``memstore device bytes``) and one MDS on 127.0.0.1 (or ``addr``), creates the ``cephfs`` file system, and
returns once the MDS is active and a client has written a file through libcephfs (health
reaches OK before the PGs do: only a write proves the cluster serves).  `stop()` kills each
daemon by its pid (the MDS ignores SIGTERM for seconds) and removes the directory; a daemon
also dies with the process that started it (PR_SET_PDEATHSIG), so a killed test run leaves
no cluster behind.  Every daemon runs as the calling user (root), without systemd or
containers, and listens on loopback only unless given another address of this host (the
guest of ``deploy/vm/run-e2e --ceph`` reaches the cluster through the host's own address:
the monitor and the OSD advertise the address they are bound to).  Debian's ceph 16 packages (ceph-mon, ceph-mgr, ceph-osd, ceph-mds,
libcephfs2) are needed; `missing()` names what is not installed.

By hand: ``.venv/bin/python -m tests.ceph_cluster DIR [--addr ADDRESS]`` boots one, prints its
ceph.conf path and keeps it up until Ctrl-C or SIGTERM (then kills it and removes DIR).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

__all__ = ["CephCluster", "missing"]

_DAEMONS = ("ceph-mon", "ceph-mgr", "ceph-osd", "ceph-mds", "ceph-authtool", "monmaptool")
_LIB = "libcephfs.so.2"
# Seconds each bring-up step may take on a loaded 2-core machine (measured: MDS active in
# ~7 s, a first write at ~9 s idle); past these the cluster is reported broken.
_UP_TIMEOUT = 120.0


def _free_port(addr: str) -> int:
    with socket.socket() as s:
        s.bind((addr, 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    """In the child before exec: SIGKILL when the process that started it dies (a test run
    killed without its teardown leaves no cluster running)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def missing() -> list[str]:
    """The Ceph programs (and libcephfs) not installed here; empty when a cluster can boot."""
    gone = [d for d in _DAEMONS if shutil.which(d) is None]
    try:
        import ctypes

        ctypes.CDLL(_LIB)
    except OSError:
        gone.append(_LIB)
    return gone


class CephCluster:
    """One mon (a), one mgr (x), one memstore OSD (0), one MDS (a) and the fs ``cephfs``."""

    def __init__(self, directory: Path, *, osd_bytes: int = 1 << 30,
                 addr: str = "127.0.0.1") -> None:
        """``addr``: the IPv4 address every daemon binds and advertises (loopback by default)."""
        self.dir = Path(directory)
        self.addr = addr
        self.conf = self.dir / "ceph.conf"
        self.keyring = self.dir / "keyring"
        self.osd_bytes = osd_bytes
        self.pids: list[int] = []
        self.boot_seconds = 0.0
        self.mon_port = 0

    def _env(self) -> dict[str, str]:
        return {**os.environ, "CEPH_CONF": str(self.conf)}

    def _run(self, *args: str, timeout: float = 60.0) -> str:
        r = subprocess.run(args, env=self._env(), capture_output=True, text=True,
                           timeout=timeout, check=False)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: rc={r.returncode}: {r.stderr.strip()[-800:]}")
        return r.stdout

    def _daemon(self, *args: str) -> None:
        """Start a daemon in the foreground mode (-f) so its pid is ours to kill."""
        log = open(self.dir / "log" / f"{args[0]}.{args[2]}.out", "ab")
        p = subprocess.Popen([*args, "-f"], env=self._env(), stdout=log, stderr=log,
                             start_new_session=True, preexec_fn=_die_with_parent)
        log.close()
        self.pids.append(p.pid)

    def _write_conf(self, fsid: str) -> None:
        d = self.dir
        net = "127.0.0.0/8" if self.addr.startswith("127.") else f"{self.addr}/32"
        self.conf.write_text(f"""[global]
fsid = {fsid}
mon host = v2:{self.addr}:{self.mon_port}
public addr = {self.addr}
public network = {net}
cluster network = {net}
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = {self.keyring}
run dir = {d}/run
admin socket = {d}/run/$name.asok
log file = {d}/log/$name.log
pid file = {d}/run/$name.pid
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail warn = 1
mon data avail crit = 0
[mon]
mon data = {d}/mon.$id
[mgr]
mgr data = {d}/mgr.$id
keyring = {d}/mgr.$id/keyring
[osd]
osd data = {d}/osd.$id
keyring = {d}/osd.$id/keyring
osd objectstore = memstore
memstore device bytes = {self.osd_bytes}
[mds]
mds data = {d}/mds.$id
keyring = {d}/mds.$id/keyring
[client]
admin socket = {d}/run/$name.$pid.$cctid.asok
""")

    def start(self) -> CephCluster:
        """Boot the cluster (the directory is created; it must not hold another cluster).

        Raises: RuntimeError naming the step that failed or timed out (the daemons started
            so far are killed).
        """
        t0 = time.monotonic()
        d = self.dir
        for sub in ("mon.a", "mgr.x", "osd.0", "mds.a", "run", "log"):
            (d / sub).mkdir(parents=True, exist_ok=True)
        fsid = str(uuid.uuid4())
        self.mon_port = _free_port(self.addr)  # several clusters (test runs) may share the machine
        self._write_conf(fsid)
        try:
            self._bring_up(fsid)
        except BaseException:
            self.stop(remove=False)
            raise
        self.boot_seconds = time.monotonic() - t0
        return self

    def _bring_up(self, fsid: str) -> None:
        d, kr = self.dir, str(self.keyring)
        self._run("ceph-authtool", "--create-keyring", kr, "--gen-key", "-n", "mon.",
                  "--cap", "mon", "allow *")
        self._run("ceph-authtool", kr, "--gen-key", "-n", "client.admin",
                  "--cap", "mon", "allow *", "--cap", "osd", "allow *",
                  "--cap", "mds", "allow *", "--cap", "mgr", "allow *")
        self._run("monmaptool", "--create", "--fsid", fsid, "--addv", "a",
                  f"[v2:{self.addr}:{self.mon_port}]", str(d / "monmap"))
        self._run("ceph-mon", "--mkfs", "-i", "a", "--monmap", str(d / "monmap"),
                  "--keyring", kr)
        self._daemon("ceph-mon", "-i", "a")
        self._run("ceph", "auth", "get-or-create", "mgr.x", "mon", "allow profile mgr",
                  "osd", "allow *", "mds", "allow *", "-o", str(d / "mgr.x" / "keyring"))
        self._daemon("ceph-mgr", "-i", "x")
        osd_uuid = str(uuid.uuid4())
        key = self._run("ceph-authtool", "--gen-print-key").strip()
        (d / "osd.0" / "new.json").write_text(json.dumps({"cephx_secret": key}))
        self._run("ceph", "osd", "new", osd_uuid, "-i", str(d / "osd.0" / "new.json"))
        self._run("ceph-authtool", "--create-keyring", str(d / "osd.0" / "keyring"),
                  "--name", "osd.0", "--add-key", key)
        self._run("ceph-osd", "-i", "0", "--mkfs", "--osd-uuid", osd_uuid)
        self._daemon("ceph-osd", "-i", "0")
        self._run("ceph", "auth", "get-or-create", "mds.a", "mon", "allow profile mds",
                  "osd", "allow *", "mds", "allow", "mgr", "allow profile mds",
                  "-o", str(d / "mds.a" / "keyring"))
        self._daemon("ceph-mds", "-i", "a")
        self._run("ceph", "osd", "pool", "create", "cephfs_metadata", "8", "8")
        self._run("ceph", "osd", "pool", "create", "cephfs_data", "8", "8")
        self._run("ceph", "fs", "new", "cephfs", "cephfs_metadata", "cephfs_data")
        deadline = time.monotonic() + _UP_TIMEOUT
        while "up:active" not in self._run("ceph", "mds", "stat"):
            if time.monotonic() > deadline:
                raise RuntimeError("the MDS did not become active")
            time.sleep(0.3)
        self._first_write(deadline)

    def _first_write(self, deadline: float) -> None:
        """Write and fsync one file through libcephfs: the data pool's PGs are active."""
        from storage._libcephfs import Mount

        m = Mount(str(self.conf), "admin", "/")
        try:
            m.write_probe(b"/.ceph-cluster-up", deadline - time.monotonic())
        finally:
            m.close()

    def stop(self, *, remove: bool = True) -> None:
        """Kill every daemon (SIGKILL: the MDS ignores SIGTERM for seconds), wait for them,
        and remove the directory."""
        for pid in self.pids:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in self.pids:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.pids.clear()
        if remove:
            shutil.rmtree(self.dir, ignore_errors=True)


def main(argv: list[str]) -> int:
    addr = "127.0.0.1"
    if len(argv) == 3 and argv[1] == "--addr":
        addr = argv[2]
    elif len(argv) != 1:
        print("usage: python -m tests.ceph_cluster DIR [--addr ADDRESS]", file=sys.stderr)
        return 2
    gone = missing()
    if gone:
        print(f"ceph_cluster: not installed: {' '.join(gone)}", file=sys.stderr)
        return 1
    c = CephCluster(Path(argv[0]), addr=addr).start()
    print(f"ceph_cluster: up in {c.boot_seconds:.1f} s; CEPH_CONF={c.conf}", flush=True)
    try:
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        c.stop()
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    sys.exit(main(sys.argv[1:]))
