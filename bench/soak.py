"""Soak: N minutes of mixed clients against one server on loopback, then leak checks.

Operation: a server process (``nfsrdma serve``, RDMA on the soft fabric, /metrics on) is
started on a fresh export.  For the run's length, at once:

* well-behaved load: RDMA and TCP NFSv3 clients WRITE random blocks (4 KiB .. 1 MiB) at
  random offsets of their own file and READ random ranges back, checking them against what
  they wrote; every few dozen operations a client reconnects (churned connections);
* the attacks of issue 12: RDMA clients that pipeline 1 MiB READs and never repost a Receive,
  idle RDMA connections opened and dropped by the dozen, garbage RDMA headers,
  SEND_WITH_INV naming guessed R_keys, TCP clients that pipeline 1 MiB READs and never read,
  idle TCP connections by the hundred, and READDIRPLUS flooders (TCP and RDMA connections
  from two more addresses keeping 16 calls each outstanding on a 600-entry directory, reading
  every reply, reconnecting now and then) while that directory changes every few seconds (so
  new directory versions keep going through the storage threads);
* a late client: every few seconds a new TCP connection's first GETATTR, timed (connect
  included), from an address of its own: the figure issue 12 bounds at 1 s under the flood.

Then every client goes, and once the server has settled the run checks: pool pages in use
0, no RDMA or TCP connection left, every DMA registration deregistered, the server's open
fds back to their count after warm-up, its RSS within ``--rss-slack-mib`` of the warm-up
peak, no internal error counted, and every byte each client wrote is in its file on disk.
Prints the figures; exits 1 when a check fails.  Not part of CI: see bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from prometheus_client.parser import text_string_to_metric_families  # noqa: E402

from nfsrdma.nfs3 import xdr  # noqa: E402
from nfsrdma.nfs3.client import Nfs3Client, mount  # noqa: E402
from rpc.auth import AuthSys  # noqa: E402
from tests.hostile._flood import RdmaFlooder  # noqa: E402
from tests.transport.rdma._rdma import RawClient, rpc_call  # noqa: E402
from transport.client.rdma import RpcRdmaClient  # noqa: E402
from transport.client.tcp import RpcTcpClient  # noqa: E402
from transport.rdma.proto import Chunk  # noqa: E402
from transport.rdma.verbs import SendWR, WrOpcode  # noqa: E402
from transport.rdma.verbs.soft import SoftProvider  # noqa: E402
from transport.tcp.record import encode_mark  # noqa: E402

MIB = 1 << 20
FILE_SIZE = 8 * MIB
CRED = AuthSys(0, 0)
FLOOD_DIR = "flood-dir"  # the READDIRPLUS flooders' directory
FLOOD_ENTRIES = 600
READDIRPLUS = 17


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """The server under soak, as its own process (so its RSS and fds are its own)."""

    def __init__(self, workdir: Path, pool_mib: int) -> None:
        self.export = workdir / "export"
        self.export.mkdir()
        self.ports = {k: _free_port() for k in ("nfs", "mount", "rdma", "metrics")}
        self.cmd = [sys.executable, "-m", "nfsrdma", "serve", "--export", str(self.export),
                    "--state-dir", str(workdir / "state"), "--listen", "127.0.0.1",
                    "--nfs-port", str(self.ports["nfs"]), "--mount-port", str(self.ports["mount"]),
                    "--rdma", "on", "--verbs", "soft", "--rdma-port", str(self.ports["rdma"]),
                    "--metrics-port", str(self.ports["metrics"]), "--no-rpcbind",
                    "--pool-mib", str(pool_mib), "--log-level", "WARNING"]
        self.log = open(workdir / "server.log", "w")
        self.proc: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, stdout=self.log, stderr=self.log)
        for _ in range(200):
            with contextlib.suppress(OSError):
                self.metrics()
                return
            await asyncio.sleep(0.1)
        raise SystemExit("server did not start: see server.log")

    def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        url = f"http://127.0.0.1:{self.ports['metrics']}/metrics"
        with urllib.request.urlopen(url, timeout=10) as r:
            text = r.read().decode()
        out = {}
        for fam in text_string_to_metric_families(text):
            for s in fam.samples:
                out[(s.name, tuple(sorted(s.labels.items())))] = s.value
        return out

    def value(self, name: str, **labels: str) -> float:
        return sum(v for (n, lab), v in self.metrics().items()
                   if n == name and all(dict(lab).get(k) == x for k, x in labels.items()))

    def rss_mib(self, field: str = "RssAnon") -> float:
        """``RssAnon``: the heap (what a leak grows); ``VmRSS`` also counts the pool's
        shared pages as they are first touched, up to --pool-mib."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        return 0.0

    def fds(self) -> tuple[int, int]:
        """Open fds: (sockets, pipes, memfds and the rest; files of the export, which the
        vfs backend's fd cache keeps open by design, one per file used, up to its bound)."""
        assert self.proc is not None
        d = f"/proc/{self.proc.pid}/fd"
        other = export = 0
        for fd in os.listdir(d):
            with contextlib.suppress(OSError):
                if os.readlink(f"{d}/{fd}").startswith(str(self.export)):
                    export += 1
                    continue
                other += 1
        return other, export

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


class Run:
    def __init__(self, srv: Server, minutes: float, seed: int) -> None:
        self.srv = srv
        self.deadline = time.monotonic() + minutes * 60
        self.rng = random.Random(seed)
        self.files: dict[str, bytearray] = {}
        self.counts: dict[str, int] = {}
        self.failures: list[str] = []
        self.late_getattr: list[float] = []  # seconds: a new connection's first GETATTR
        self.late_connect: list[float] = []  # seconds of those in connect()

    def going(self) -> bool:
        return time.monotonic() < self.deadline

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    # -- well-behaved load ----------------------------------------------------------------

    async def _connect(self, transport: str) -> Any:
        if transport == "rdma":
            return await RpcRdmaClient.connect("127.0.0.1", self.srv.ports["rdma"],
                                               provider=SoftProvider(), pool_mib=16, timeout=60)
        return await RpcTcpClient.connect("127.0.0.1", self.srv.ports["nfs"], timeout=60)

    async def worker(self, name: str, transport: str) -> None:
        """Writes and verified reads on its own file, reconnecting every few dozen ops."""
        expect = self.files[name] = bytearray(FILE_SIZE)
        rng = random.Random(name)
        fh = None
        while self.going():
            rpc = await self._connect(transport)
            self.count(f"connect_{transport}")
            try:
                if transport == "tcp":
                    mrpc = await RpcTcpClient.connect("127.0.0.1", self.srv.ports["mount"])
                    try:
                        root = await mount(mrpc, str(self.srv.export).encode(), CRED)
                    finally:
                        await mrpc.close()
                else:
                    root = await mount(rpc, str(self.srv.export).encode(), CRED)
                c = Nfs3Client(rpc, CRED)
                if fh is None:
                    fh = await c.create(root, name.encode())
                for _ in range(rng.randint(20, 60)):
                    if not self.going():
                        break
                    n = rng.choice((4096, 65536, MIB, rng.randint(1, MIB)))
                    off = rng.randrange(0, FILE_SIZE - n + 1)
                    if rng.random() < 0.5:
                        data = rng.randbytes(n)
                        await c.write(fh, off, data, stable=2)  # FILE_SYNC
                        expect[off:off + n] = data
                        self.count("bytes_written", n)
                    else:
                        got, _ = await c.read(fh, off, n)
                        want = bytes(expect[off:off + len(got)])
                        if got != want:
                            self.failures.append(f"{name}: READ {off}+{n} differs")
                        self.count("bytes_read_verified", len(got))
            except Exception as e:
                self.failures.append(f"{name} ({transport}): {type(e).__name__}: {e}")
                await asyncio.sleep(1)
            finally:
                with contextlib.suppress(Exception):
                    await rpc.close()

    # -- attacks --------------------------------------------------------------------------

    async def rdma_never_reposts(self, fh_name: str) -> None:
        """1 MiB READs pipelined by a client whose Receives are never reposted; it holds on
        past the stall timeout now and then, so the server has to close it."""
        fh = await self._handle_of(fh_name)
        args = xdr.READ3args.pack(xdr.READ3args.cls(xdr.nfs_fh3.cls(fh), 0, MIB))
        while self.going():
            raw = await RawClient.connect(self.srv.ports["rdma"], nrecv=1, nsend=64,
                                          source="127.0.0.2")
            try:
                for _ in range(64):
                    xid = raw.next_xid()
                    raw.post(raw.msg(xid, rpc_call(xid, 6, args),
                                     write=(Chunk(0, (raw.segment(0, MIB),)),), credits=128))
                self.count("attack_rdma_never_reposts")
                await asyncio.sleep(self.rng.choice((2, 5, 40)))
            finally:
                await raw.close()

    async def rdma_idle_churn(self) -> None:
        while self.going():
            conns = []
            for _ in range(self.rng.randint(10, 40)):
                with contextlib.suppress(Exception):
                    conns.append(await RawClient.connect(
                        self.srv.ports["rdma"], nrecv=2, nsend=2, data_size=4096,
                        source="127.0.0.3"))
            self.count("attack_rdma_idle_conns", len(conns))
            await asyncio.sleep(self.rng.uniform(1, 5))
            for raw in conns:
                await raw.close()

    async def rdma_garbage(self) -> None:
        while self.going():
            raw = await RawClient.connect(self.srv.ports["rdma"], nrecv=8, nsend=8,
                                          source="127.0.0.4")
            try:
                for _ in range(50):
                    msg = self.rng.randbytes(self.rng.randint(0, 200))
                    if self.rng.random() < 0.5 and len(msg) >= 16:  # mostly-valid prefix
                        msg = struct.pack(">4I", 1, 1, 8, self.rng.randrange(6)) + msg[16:]
                    with contextlib.suppress(Exception):
                        await raw.send(msg)
                self.count("attack_rdma_garbage", 50)
                if self.rng.random() < 0.3:  # invalidate a guessed R_key: kills only this one
                    raw.buf[:8] = b"\0" * 8
                    raw.qp.post_send(SendWR(0, WrOpcode.SEND_WITH_INV, [raw.mr.sge(0, 8)],
                                            invalidate_rkey=(self.rng.randrange(1, 64) << 8)
                                            | 0x77))
                    self.count("attack_send_with_inv")
            finally:
                await raw.close()
            await asyncio.sleep(0.5)

    async def tcp_non_reader(self, fh_name: str) -> None:
        fh = await self._handle_of(fh_name)
        args = xdr.READ3args.pack(xdr.READ3args.cls(xdr.nfs_fh3.cls(fh), 0, MIB))
        while self.going():
            socks = []
            for _ in range(4):
                s = socket.create_connection(("127.0.0.1", self.srv.ports["nfs"]))
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                s.setblocking(False)
                call = rpc_call(1, 6, args)
                with contextlib.suppress(BlockingIOError):
                    s.send((encode_mark(len(call)) + call) * 32)
                socks.append(s)
            self.count("attack_tcp_non_reader", len(socks))
            await asyncio.sleep(self.rng.choice((2, 5, 40)))
            for s in socks:
                s.close()

    async def tcp_idle_churn(self) -> None:
        while self.going():
            socks = []
            for _ in range(self.rng.randint(50, 200)):
                with contextlib.suppress(OSError):
                    socks.append(socket.create_connection(("127.0.0.1", self.srv.ports["nfs"])))
            self.count("attack_tcp_idle_conns", len(socks))
            await asyncio.sleep(self.rng.uniform(1, 5))
            for s in socks:
                s.close()

    def make_flood_dir(self) -> None:
        d = self.srv.export / FLOOD_DIR
        d.mkdir()
        for i in range(FLOOD_ENTRIES):
            (d / f"entry-{i:05d}-{'x' * 40}").touch()

    async def _readdirplus_args(self, maxcount: int) -> bytes:
        fh = await self._handle_of(FLOOD_DIR)
        return xdr.READDIRPLUS3args.pack(xdr.READDIRPLUS3args.cls(
            xdr.nfs_fh3.cls(fh), 0, b"\0" * 8, maxcount, maxcount))

    async def tcp_readdirplus_flood(self) -> None:
        """8 TCP connections from one address, each keeping 16 READDIRPLUS outstanding and
        reading every reply, for 5-40 s at a time (page sizes 8, 16 or 64 KiB)."""
        while self.going():
            args = await self._readdirplus_args(self.rng.choice((8, 16, 64)) << 10)
            call = rpc_call(1, READDIRPLUS, args)
            record = encode_mark(len(call)) + call
            stop = time.monotonic() + self.rng.uniform(5, 40)

            async def one(record: bytes, stop: float) -> None:
                r, w = await asyncio.open_connection(
                    "127.0.0.1", self.srv.ports["nfs"], local_addr=("127.0.0.5", 0))
                try:
                    w.write(record * 16)
                    while time.monotonic() < stop and self.going():
                        last = False
                        while not last:
                            mark = int.from_bytes(await r.readexactly(4), "big")
                            last = bool(mark & 0x8000_0000)
                            await r.readexactly(mark & 0x7FFF_FFFF)
                        self.count("attack_tcp_readdirplus_replies")
                        w.write(record)
                finally:
                    w.close()
                    with contextlib.suppress(Exception):
                        await w.wait_closed()

            for r in await asyncio.gather(*(one(record, stop) for _ in range(8)),
                                          return_exceptions=True):
                if isinstance(r, BaseException):
                    if not isinstance(r, (ConnectionError, asyncio.IncompleteReadError)):
                        raise r
                    self.count(f"attack_tcp_readdirplus_lost_{type(r).__name__}")
            self.count("attack_tcp_readdirplus_conns", 8)

    async def rdma_readdirplus_flood(self) -> None:
        """4 RDMA connections from one address, each keeping 16 READDIRPLUS (with a Reply
        chunk) outstanding, for 5-40 s at a time."""
        while self.going():
            args = await self._readdirplus_args(16 << 10)
            fl: list[RdmaFlooder] = []
            tasks: list[asyncio.Task[None]] = []
            try:
                for _ in range(4):
                    fl.append(await RdmaFlooder.connect(self.srv.ports["rdma"], "127.0.0.6",
                                                        args, 16))
                tasks = [asyncio.create_task(f.run()) for f in fl]
                await asyncio.wait(tasks, timeout=self.rng.uniform(5, 40))
                for t in tasks:
                    if t.done():
                        t.result()
            except (TimeoutError, ConnectionError) as e:
                # 20 s without a reply, or the connection closed: counted (the late
                # client and the well-behaved ones say whether the server kept serving).
                self.count(f"attack_rdma_readdirplus_lost_{type(e).__name__}")
            finally:
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                for f in fl:
                    await f.raw.close()
            self.count("attack_rdma_readdirplus_replies", sum(f.replies for f in fl))
            self.count("attack_rdma_readdirplus_conns", len(fl))

    async def flood_dir_churn(self) -> None:
        """Every 2-5 s some entries of the flooded directory come or go: a new directory
        version, whose pages are looked up afresh."""
        d = self.srv.export / FLOOD_DIR
        while self.going():
            await asyncio.sleep(self.rng.uniform(2, 5))
            names = [f"churn-{self.rng.randrange(100):03d}" for _ in range(self.rng.randint(1, 20))]
            for n in names:
                p = d / n
                if p.exists():
                    p.unlink()
                else:
                    p.touch()
            self.count("flood_dir_versions")

    async def late_client(self) -> None:
        """Every 2-4 s a new TCP connection from an address of its own (127.0.0.7: the
        per-address budget is shared by a host's connections, and 127.0.0.1's non-readers
        hold theirs by design): connect and first GETATTR timed."""
        mrpc = await RpcTcpClient.connect("127.0.0.1", self.srv.ports["mount"])
        try:
            root = await mount(mrpc, str(self.srv.export).encode(), CRED)
        finally:
            await mrpc.close()
        while self.going():
            await asyncio.sleep(self.rng.uniform(2, 4))
            t0 = time.monotonic()
            rpc = await RpcTcpClient.connect("127.0.0.1", self.srv.ports["nfs"], timeout=60,
                                             local_host="127.0.0.7")
            try:
                t1 = time.monotonic()
                await Nfs3Client(rpc, CRED).getattr(root)
                self.late_getattr.append(time.monotonic() - t0)
                self.late_connect.append(t1 - t0)
            finally:
                await rpc.close()

    async def _handle_of(self, name: str) -> bytes:
        for _ in range(100):
            if (self.srv.export / name).exists():
                break
            await asyncio.sleep(0.1)
        rpc = await self._connect("tcp")
        mrpc = await RpcTcpClient.connect("127.0.0.1", self.srv.ports["mount"])
        try:
            root = await mount(mrpc, str(self.srv.export).encode(), CRED)
            return await Nfs3Client(rpc, CRED).lookup(root, name.encode())
        finally:
            await mrpc.close()
            await rpc.close()


async def soak(a: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="nfsrdma-soak-") as tmp:
        srv = Server(Path(tmp), a.pool_mib)
        await srv.start()
        try:
            return await _run(srv, a)
        finally:
            srv.stop()


async def _run(srv: Server, a: argparse.Namespace) -> int:
    run = Run(srv, a.minutes, a.seed)
    # Warm-up: one of each client, so the baseline includes what a working server holds.
    warm = Run(srv, 0.1, a.seed)
    await asyncio.gather(warm.worker("warm-rdma", "rdma"), warm.worker("warm-tcp", "tcp"))
    await asyncio.sleep(2)
    base_fds, base_rss = srv.fds(), srv.rss_mib()
    rss_samples = [base_rss]
    vm_samples = [srv.rss_mib("VmRSS")]
    run.make_flood_dir()
    tasks = [asyncio.create_task(run.worker(f"w{i}-{t}", t))
             for i in range(a.clients) for t in ("rdma", "tcp")]
    await asyncio.sleep(1)
    tasks += [asyncio.create_task(c) for c in (
        run.rdma_never_reposts("w0-rdma"), run.rdma_idle_churn(), run.rdma_garbage(),
        run.tcp_non_reader("w0-tcp"), run.tcp_idle_churn(), run.tcp_readdirplus_flood(),
        run.rdma_readdirplus_flood(), run.flood_dir_churn(), run.late_client())]
    t0 = time.monotonic()
    while any(not t.done() for t in tasks):
        await asyncio.sleep(5)
        rss_samples.append(srv.rss_mib())
        vm_samples.append(srv.rss_mib("VmRSS"))
        if time.monotonic() - t0 > a.minutes * 60 + 120:
            run.failures.append("clients still running 2 minutes past the end")
            break
    for t in tasks:
        if t.done() and t.exception() is not None:
            run.failures.append(f"task failed: {t.exception()!r}")
        t.cancel()
    # Let the cancelled ones close what they hold (their finally blocks) before the checks.
    await asyncio.wait(tasks, timeout=30)
    # Settle: the server releases what the departed clients held.
    checks: dict[str, bool] = {}
    for _ in range(120):
        used = srv.value("nfsrdma_pool_pages", state="used")
        conns = srv.value("nfsrdma_rdma_connections") + srv.value("nfsrdma_connections",
                                                                   transport="tcp")
        if used == 0 and conns == 0:
            break
        await asyncio.sleep(0.5)
    end_fds, end_rss = srv.fds(), srv.rss_mib()
    regs = srv.value("nfsrdma_rdma_registrations_total")
    deregs = srv.value("nfsrdma_rdma_deregistrations_total")
    checks["pool pages in use 0"] = srv.value("nfsrdma_pool_pages", state="used") == 0
    checks["no connection left"] = (srv.value("nfsrdma_rdma_connections") == 0
                                    and srv.value("nfsrdma_connections", transport="tcp") == 0)
    checks["every MR deregistered"] = regs == deregs
    checks["fds back to warm-up count (export files aside)"] = end_fds[0] <= base_fds[0]
    checks["export fds: at most one more per file written (and the flooded directory)"] = (
        end_fds[1] <= base_fds[1] + len(run.files) + 1)
    checks["heap (RssAnon) within slack of warm-up"] = end_rss <= base_rss + a.rss_slack_mib
    checks["VmRSS within pool + heap slack"] = max(vm_samples) <= (
        a.pool_mib + base_rss + a.rss_slack_mib + 32)  # 32: code and libraries
    checks["no internal error"] = srv.value("nfsrdma_internal_errors_total") == 0
    bad = [name for name, want in run.files.items()
           if (srv.export / name).read_bytes().ljust(FILE_SIZE, b"\0") != bytes(want)]
    checks["every byte written verifies"] = not bad
    checks["no client failure"] = not run.failures
    print(f"soak: {a.minutes} min, {2 * a.clients} clients + attacks, pool {a.pool_mib} MiB")
    for k, v in sorted(run.counts.items()):
        print(f"  {k:<28} {v}")
    print(f"  server fds (other, export files): warm {base_fds}, end {end_fds}")
    print(f"  server heap (RssAnon) MiB: warm {base_rss:.0f}, peak {max(rss_samples):.0f}, "
          f"end {end_rss:.0f}; VmRSS peak {max(vm_samples):.0f} (pool {a.pool_mib})")
    print(f"  DMA registrations {regs:.0f}, deregistrations {deregs:.0f}")
    m = srv.metrics()
    ctx: dict[tuple[str, str], float] = {}  # (opcode, backend) -> contexts
    for (name, lab), val in m.items():
        if name == "nfsrdma_rdma_contexts_total":
            d = dict(lab)
            key = (d.get("opcode", "all"), d["backend"])
            ctx[key] = ctx.get(key, 0.0) + val
    for op in sorted({o for o, _ in ctx}):
        of_op = {b: x for (o, b), x in ctx.items() if o == op}
        total = sum(of_op.values()) or 1.0
        print(f"  RDMA contexts {op} by DMA backend (iova: one SGE): " + ", ".join(
            f"{b} {x:.0f} ({100 * x / total:.1f}%)" for b, x in sorted(of_op.items())))
    fb = {"/".join(f"{k}={x}" for k, x in lab): val for (name, lab), val in m.items()
          if name == "nfsrdma_rdma_dma_fallbacks_total"}
    print("  DMA fallbacks: " + (", ".join(f"{k} {x:.0f}" for k, x in sorted(fb.items()))
                                 or "none"))
    late = sorted(run.late_getattr)
    if late:
        print(f"  late client (new TCP connection + first GETATTR): n={len(late)}, median "
              f"{late[len(late) // 2] * 1e3:.0f} ms, p99 {late[int(len(late) * 0.99)] * 1e3:.0f}"
              f" ms, max {late[-1] * 1e3:.0f} ms, over 1 s: {sum(x > 1 for x in late)} "
              f"(connect() alone: max {max(run.late_connect) * 1e3:.0f} ms)")
    print("  evicted: " + ", ".join(
        f"{r}={srv.value('nfsrdma_connections_evicted_total', reason=r):.0f}"
        for r in ("idle", "make_room", "stalled")))
    for f in run.failures[:20]:
        print(f"  failure: {f}")
    if bad:
        print(f"  files differing: {bad}")
    for k, v in checks.items():
        print(f"  [{'ok' if v else 'FAIL'}] {k}")
    if not all(checks.values()):
        srv.log.flush()
        tail = (srv.export.parent / "server.log").read_text(errors="replace").splitlines()[-30:]
        print("  server.log (last lines):", *tail, sep="\n    ")
    return 0 if all(checks.values()) else 1


def main() -> int:
    ap = argparse.ArgumentParser(prog="bench/soak", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=2, help="well-behaved clients per transport")
    ap.add_argument("--pool-mib", type=int, default=128)
    ap.add_argument("--rss-slack-mib", type=int, default=64,
                    help="how far above its warm-up heap (RssAnon) the server may end")
    ap.add_argument("--seed", type=int, default=12)
    return asyncio.run(soak(ap.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
