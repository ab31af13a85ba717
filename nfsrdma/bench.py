"""`nfsrdma bench`: runs a server process and a client, prints figures (never a test).

Operation: the server is a separate `nfsrdma serve` process (so client and server each get a
core, as with a real client), exporting a fresh directory (or the memory backend).  The client
mounts it, prepares a file, then keeps `--iodepth` READs or WRITEs of `--size` bytes in flight
until `--count` have completed; sequential offsets wrap around the file, `--random` picks
aligned random offsets.  Server-side counters (WRs, SGEs, registrations, payload copies, DMA
backend) come from the server's Prometheus endpoint, scraped before and after the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

MIB = 1 << 20


def add_parser(sub: Any) -> None:
    p = sub.add_parser("bench", help="measure READ/WRITE throughput and IOPS against a server",
                       formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--transport", choices=["tcp", "rdma"], default="tcp")
    p.add_argument("--verbs", choices=["soft", "pyverbs"], default="soft")
    p.add_argument("--dma-backend", choices=["auto", "iova", "mr", "per-page"], default="auto")
    p.add_argument("--op", choices=["read", "write"], default="read")
    p.add_argument("--size", type=int, default=MIB, help="bytes per operation")
    p.add_argument("--count", type=int, default=256, help="operations to run")
    p.add_argument("--iodepth", type=int, default=8, help="operations in flight")
    p.add_argument("--random", action="store_true", help="random aligned offsets")
    p.add_argument("--file-mib", type=int, default=64, help="size of the file read/written")
    p.add_argument("--storage", choices=["vfs", "memory", "cephfs"], default="vfs")
    p.add_argument("--ceph-conf", metavar="FILE", help="--storage cephfs: the cluster's ceph.conf")
    p.add_argument("--ceph-path", default="/", metavar="PATH",
                   help="--storage cephfs: the CephFS directory to export (it must exist)")
    p.add_argument("--server", metavar="HOST:NFSPORT:MOUNTPORT:PATH",
                   help="use a running server instead of starting one (TCP only)")
    p.add_argument("--server-pid", type=int, metavar="PID",
                   help="with --server: the server's pid, for its CPU time per op")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--log-level", default="WARNING")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _scrape(port: int | None) -> dict[str, float]:
    """Flat {name{labels}: value} of the server's metrics (empty without an endpoint)."""
    if port is None:
        return {}
    from prometheus_client.parser import text_string_to_metric_families

    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    out: dict[str, float] = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            key = s.name + "".join(f",{k}={v}" for k, v in sorted(s.labels.items()))
            out[key] = s.value
    return out


def _sum(m: dict[str, float], prefix: str, **labels: str) -> float:
    total = 0.0
    for k, v in m.items():
        name, *lab = k.split(",")
        if name != prefix:
            continue
        d = dict(x.split("=", 1) for x in lab)
        if all(d.get(a) == b for a, b in labels.items()):
            total += v
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far, all threads (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ServerProcess:
    def __init__(self, a: argparse.Namespace, workdir: Path) -> None:
        self.nfs_port, self.mount_port = _free_port(), _free_port()
        self.rdma_port = _free_port()
        self.metrics_port = _free_port()
        self.export = workdir / "export"
        self.export.mkdir()
        where = ["--export", str(self.export)]
        if a.storage == "cephfs":
            if not a.ceph_conf:
                raise SystemExit("bench: --storage cephfs needs --ceph-conf")
            self.export = Path(a.ceph_path)
            where = ["--ceph-path", a.ceph_path, "--ceph-conf", a.ceph_conf]
        cmd = [sys.executable, "-m", "nfsrdma", "serve", *where,
               "--listen", "127.0.0.1", "--nfs-port", str(self.nfs_port),
               "--mount-port", str(self.mount_port), "--state-dir", str(workdir / "state"),
               "--no-rpcbind", "--storage", a.storage, "--metrics-port", str(self.metrics_port),
               "--log-level", a.log_level, "--pool-mib", "256",
               "--nlm-port", "0"]  # any free port: lockd's 4045 may be taken
        if a.transport == "rdma":
            cmd += ["--rdma", "on", "--verbs", a.verbs, "--rdma-port", str(self.rdma_port),
                    "--dma-backend", a.dma_backend]
        else:
            cmd += ["--rdma", "off"]
        root = Path(__file__).resolve().parent.parent
        env = dict(os.environ, PYTHONPATH=str(root))
        self.log = open(workdir / "server.log", "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        port = self.rdma_port if a.transport == "rdma" else self.nfs_port
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: server exited: {(workdir / 'server.log').read_text()}")
            try:
                if a.transport == "rdma":
                    _scrape(self.metrics_port)
                    break
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("bench: server did not start") from None
                time.sleep(0.1)

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


async def _connect(a: argparse.Namespace, srv: ServerProcess | None, remote: list[str]) -> Any:
    from transport.client import AuthSys, RpcTcpClient

    host = remote[0] if remote else "127.0.0.1"
    nfs_port = int(remote[1]) if remote else srv.nfs_port  # type: ignore[union-attr]
    mount_port = int(remote[2]) if remote else srv.mount_port  # type: ignore[union-attr]
    cred = AuthSys(uid=0, gid=0)
    mnt = await RpcTcpClient.connect(host, mount_port)
    nfs: Any
    if a.transport == "rdma":
        from transport.client.rdma import RpcRdmaClient

        nfs = await RpcRdmaClient.connect(host, srv.rdma_port, verbs=a.verbs)  # type: ignore[union-attr]
    else:
        nfs = await RpcTcpClient.connect(host, nfs_port)
    return mnt, nfs, cred


async def _run(a: argparse.Namespace, srv: ServerProcess | None) -> dict[str, Any]:
    from nfsrdma.nfs3.client import Nfs3Client, mount

    remote = a.server.split(":", 3) if a.server else []
    export_path = remote[3] if remote else str(srv.export)  # type: ignore[union-attr]
    mnt, rpc, cred = await _connect(a, srv, remote)
    root = await mount(mnt, os.fsencode(export_path), cred)
    client = Nfs3Client(rpc, cred)
    fh = await client.create(root, b"bench.dat")
    file_bytes = max(a.file_mib * MIB, a.size)
    block = os.urandom(a.size)
    fill = os.urandom(MIB)
    if a.op == "read":  # lay the file down first (not timed)
        for off in range(0, file_bytes, MIB):
            await client.write(fh, off, fill[: min(MIB, file_bytes - off)], stable=0)
        await client.commit(fh)
    nblocks = max(1, file_bytes // a.size)
    rng = random.Random(1)
    offsets = ([rng.randrange(nblocks) * a.size for _ in range(a.count)] if a.random
               else [(i % nblocks) * a.size for i in range(a.count)])
    before = _scrape(srv.metrics_port if srv else None)
    pid = srv.proc.pid if srv else a.server_pid
    cpu0 = cpu_seconds(pid) if pid else 0.0
    client_cpu0 = time.process_time()
    latencies: list[float] = []
    it = iter(offsets)

    async def worker() -> None:
        for off in it:
            t0 = time.perf_counter()
            if a.op == "read":
                n = await client.read_into_void(fh, off, a.size)
                if n != a.size:
                    raise SystemExit(f"bench: short read {n} at {off}")
            else:
                res = await client.write(fh, off, block, stable=0)
                if res.count != a.size:
                    raise SystemExit(f"bench: short write {res.count} at {off}")
            latencies.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(a.iodepth)))
    if a.op == "write":
        await client.commit(fh)
    seconds = time.perf_counter() - t0
    client_cpu = time.process_time() - client_cpu0
    after = _scrape(srv.metrics_port if srv else None)
    cpu = (cpu_seconds(pid) - cpu0) if pid else None
    for c in (mnt, rpc):
        await c.close()

    def delta(name: str, **labels: str) -> float:
        return _sum(after, name, **labels) - _sum(before, name, **labels)

    ops = len(latencies)
    nbytes = ops * a.size
    latencies.sort()
    # The data movement (RDMA READ/WRITE contexts) is what the DMA backend shapes; the Send
    # carrying each reply is reported apart.
    wrs = delta("nfsrdma_rdma_wrs_total", opcode="RDMA_WRITE") + delta(
        "nfsrdma_rdma_wrs_total", opcode="RDMA_READ")
    sges = delta("nfsrdma_rdma_sges_total", opcode="RDMA_WRITE") + delta(
        "nfsrdma_rdma_sges_total", opcode="RDMA_READ")
    sends = delta("nfsrdma_rdma_wrs_total", opcode="SEND") + delta(
        "nfsrdma_rdma_wrs_total", opcode="SEND_WITH_INV")
    regs = delta("nfsrdma_rdma_registrations_total")
    backends = {b: delta("nfsrdma_rdma_contexts_total", backend=b) for b in ("iova", "mr", "per-page")}
    used = [b for b, n in backends.items() if n > 0]
    return {
        "transport": a.transport,
        "verbs": a.verbs if a.transport == "rdma" else None,
        "op": a.op,
        "pattern": "random" if a.random else "sequential",
        "size": a.size,
        "iodepth": a.iodepth,
        "storage": a.storage,
        "ops": ops,
        "bytes": nbytes,
        "seconds": round(seconds, 4),
        "mb_per_s": round(nbytes / seconds / 1e6, 2),
        "mib_per_s": round(nbytes / seconds / MIB, 2),
        "ops_per_s": round(ops / seconds, 1),
        "latency_p50_ms": round(latencies[ops // 2] * 1e3, 3) if ops else None,
        "latency_p99_ms": round(latencies[min(ops - 1, ops * 99 // 100)] * 1e3, 3) if ops else None,
        "wrs_per_op": round(wrs / ops, 3) if ops else None,
        "sges_per_op": round(sges / ops, 3) if ops else None,
        "registrations_per_op": round(regs / ops, 3) if ops else None,
        "send_wrs_per_op": round(sends / ops, 3) if ops else None,
        "payload_bytes_copied": int(delta("nfsrdma_payload_bytes_copied_total")),
        # the server process's CPU time (user + system, all threads) per op: steadier than
        # ops/s on a loaded machine
        "server_cpu_ms_per_op": round(cpu * 1e3 / ops, 3) if ops and cpu is not None else None,
        # this process (the client and, over RDMA on the soft provider, its half of the fabric)
        "client_cpu_ms_per_op": round(client_cpu * 1e3 / ops, 3) if ops else None,
        "dma_backend_used": ",".join(used) if used else None,
        "contexts_by_backend": backends,
    }


def run(a: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="nfsrdma-bench-"))
    srv = None
    try:
        if not a.server:
            srv = ServerProcess(a, workdir)
        try:
            import uvloop

            runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
        except ImportError:
            runner = asyncio.Runner()
        with runner:
            result = runner.run(_run(a, srv))
    finally:
        if srv is not None:
            srv.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if a.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>22}: {v}")
    return 0
