"""Helpers for the RPC-over-RDMA server tests: an in-process server, NFS sessions over RDMA,
metric scraping, and a raw soft-verbs client that sends hand-made transport headers."""

from __future__ import annotations

import asyncio
import contextlib
import urllib.request
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from nfsrdma.config import ServerConfig
from nfsrdma.nfs3.client import Nfs3Client, mount
from nfsrdma.server import Server
from rpc.auth import AuthSys
from rpc.buffer import XdrWriter
from rpc.client import parse_reply
from rpc.msg import encode_call
from transport.client.rdma import RpcRdmaClient
from transport.rdma.proto import (
    Chunk,
    Proc,
    decode_reply_header,
    encode_call_header,
    encode_private_data,
)
from transport.rdma.verbs import (
    Access,
    QpInit,
    RecvWR,
    SendWR,
    WcStatus,
    WorkCompletion,
    WrOpcode,
)
from transport.rdma.verbs.soft import SoftProvider

ROOT_CRED = AuthSys(0, 0)
NFS_PROG, NFS_VERS = 100003, 3


async def wait_until(pred: Callable[[], bool], what: str, limit: float = 20.0) -> None:
    """Poll `pred` until true; `limit` only bounds a hang (no test asserts on time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not pred():
        if loop.time() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.005)


# -- metrics ---------------------------------------------------------------------------------


class Scrape:
    """One scrape of a Prometheus text endpoint: `value(name, **labels)` sums the samples
    whose labels include the given ones (0 when there is none)."""

    def __init__(self, text: str) -> None:
        self.samples: list[tuple[str, dict[str, str], float]] = []
        for fam in text_string_to_metric_families(text):
            for s in fam.samples:
                self.samples.append((s.name, dict(s.labels), s.value))

    @classmethod
    def from_port(cls, port: int) -> Scrape:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
            return cls(resp.read().decode())

    def value(self, name: str, **labels: str) -> float:
        return sum(v for n, lab, v in self.samples
                   if n == name and all(lab.get(k) == x for k, x in labels.items()))

    def labels(self, name: str, key: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for n, lab, v in self.samples:
            if n == name and key in lab:
                out[lab[key]] = out.get(lab[key], 0) + v
        return out


def delta(after: Scrape, before: Scrape, name: str, **labels: str) -> float:
    return after.value(name, **labels) - before.value(name, **labels)


# -- in-process server -----------------------------------------------------------------------


def server_config(tmp_path: Path, backend: str = "auto", credits: int = 128,
                  pool_mib: int = 64, metrics: bool = False) -> ServerConfig:
    return ServerConfig(
        export_paths=[tmp_path / "export"], listen=["127.0.0.1"], nfs_port=0, mount_port=0,
        rdma="on", verbs="soft", dma_backend=backend, rdma_port=0, credits=credits,
        state_dir=tmp_path / "state", register_rpcbind=False, pool_mib=pool_mib, nfs4=True,
        metrics_port=0 if metrics else None)


@contextlib.asynccontextmanager
async def running_server(tmp_path: Path, backend: str = "auto", credits: int = 128,
                         pool_mib: int = 64, metrics: bool = False) -> AsyncIterator[Server]:
    """A Server in this loop (RDMA on the soft fabric); `metrics` also serves /metrics."""
    srv = Server(server_config(tmp_path, backend, credits, pool_mib, metrics))
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop(grace=2.0)


def rdma_port(srv: Server) -> int:
    return srv.ports["rdma"]


def export_path(srv: Server) -> bytes:
    return str(Path(srv.cfg.export_paths[0]).resolve()).encode()


def server_provider(srv: Server) -> SoftProvider:
    p = srv.rdma.provider
    assert isinstance(p, SoftProvider)
    return p


async def only_conn(srv: Server) -> Any:
    """The server's one RDMA connection (once accepted: the client may be up first)."""
    await wait_until(lambda: len(srv.rdma.conns) == 1, "one server connection")
    (ep,) = srv.rdma.conns
    return ep


async def connect(srv: Server, **kw: Any) -> RpcRdmaClient:
    kw.setdefault("provider", SoftProvider())
    kw.setdefault("pool_mib", 16)
    kw.setdefault("timeout", 20.0)  # a lost reply fails the test rather than hanging it
    return await RpcRdmaClient.connect("127.0.0.1", rdma_port(srv), **kw)


async def nfs_session(rpc: Any, path: bytes) -> tuple[Nfs3Client, bytes]:
    root = await mount(rpc, path, ROOT_CRED)
    return Nfs3Client(rpc, ROOT_CRED), root


async def no_leaks(srv: Server) -> None:
    """Once every connection is gone: every pool page free, every I/O MR deregistered."""
    assert srv.pool is not None
    pool = srv.pool
    await wait_until(lambda: not srv.rdma.conns, "all RDMA connections released")
    await wait_until(lambda: pool.used_pages() == 0,
                     f"pool pages back to 0 (used {pool.used_pages()})")
    stats = srv.rdma.stats
    assert stats.registrations == stats.deregistrations, stats


async def works(srv: Server) -> None:
    """A fresh client mounts and does a GETATTR."""
    rpc = await connect(srv)
    try:
        c, root = await nfs_session(rpc, export_path(srv))
        attrs = await c.getattr(root)
        assert attrs.type == 2  # NF3DIR
    finally:
        await rpc.close()


# -- a raw client: hand-made transport headers over the verbs API ----------------------------


def rpc_call(xid: int, proc: int = 0, args: bytes = b"", prog: int = NFS_PROG,
             vers: int = NFS_VERS, cred: AuthSys | None = ROOT_CRED) -> bytes:
    w = XdrWriter()
    encode_call(w, xid, prog, vers, proc, cred.opaque_auth() if cred is not None else None)
    return bytes(w.buf) + args


class RawClient:
    """A requester that posts what it is told: one MR over `buf` (send slots, receive slots,
    a data area for chunks), receives reposted as they complete.  `send()` posts one Send;
    `recv()` returns the bytes of the next message received."""

    SLOT = 8192

    def __init__(self) -> None:
        self.nsend = 16
        self.provider: SoftProvider
        self.conn: Any = None
        self.qp: Any = None
        self.mr: Any = None
        self.chunk_mr: Any = None
        self.buf = bytearray()
        self.nrecv = 0
        self.recv_base = 0
        self.data_base = 0
        self.recvs: asyncio.Queue[WorkCompletion] = asyncio.Queue()
        self.sends: asyncio.Queue[WorkCompletion] = asyncio.Queue()
        self._next = 0
        self.xid = 0x5000
        self.cqs: tuple[Any, ...] = ()

    @classmethod
    async def connect(cls, port: int, *, nrecv: int = 8, nsend: int = 16,
                      data_size: int = 1 << 20, inline: int = 4096,
                      host: str = "127.0.0.1", source: str | None = None,
                      remote_invalidation: bool = False) -> RawClient:
        """`nsend` send slots: at most that many Sends may be outstanding (a slot is reused
        round-robin, and the fabric reads it until the Send completes)."""
        self = cls()
        self.nsend = nsend
        self.provider = SoftProvider(source=source)
        dev = self.provider.open_device()
        pd = dev.default_pd
        self.nrecv = nrecv
        self.recv_base = self.nsend * self.SLOT
        self.data_base = self.recv_base + nrecv * self.SLOT
        self.buf = bytearray(self.data_base + data_size)
        self.mr = pd.reg_mr(self.buf, Access.ALL)
        # The chunks' R_key: with remote invalidation offered, an MR the server may
        # invalidate (what the Linux client's FRWR MRs are); the receive ring stays on `mr`.
        self.chunk_mr = pd.reg_invalidatable_mr(memoryview(self.buf)[self.data_base:],
                                                Access.ALL) \
            if remote_invalidation else self.mr
        scq, rcq = dev.create_cq(256), dev.create_cq(nrecv)
        self.cqs = (scq, rcq)

        def to(queue: asyncio.Queue[WorkCompletion]) -> Callable[[list[WorkCompletion]], None]:
            def deliver(wcs: list[WorkCompletion]) -> None:
                for w in wcs:
                    queue.put_nowait(w)
            return deliver

        scq.attach(to(self.sends))
        rcq.attach(to(self.recvs))
        init = QpInit(scq, rcq, max_send_wr=self.nsend * 4, max_recv_wr=nrecv, max_send_sge=1,
                      max_recv_sge=1, max_rd_atomic=dev.attrs.max_qp_rd_atom, pd=pd)

        def on_qp(qp: Any) -> None:
            self.qp = qp
            for i in range(nrecv):
                self._post_recv(i)

        pdata = encode_private_data(inline_send_size=inline, inline_recv_size=inline,
                                    remote_invalidation=remote_invalidation)
        self.conn = await self.provider.connect(host, port, init, pdata, on_qp=on_qp)
        return self

    def _post_recv(self, i: int) -> None:
        self.qp.post_recv(RecvWR(i, [self.mr.sge(self.recv_base + i * self.SLOT, self.SLOT)]))

    def next_xid(self) -> int:
        self.xid += 1
        return self.xid

    def post(self, msg: bytes) -> None:
        """Post one Send of `msg` (no wait)."""
        slot = self._next % self.nsend
        self._next += 1
        off = slot * self.SLOT
        self.buf[off : off + len(msg)] = msg
        self.qp.post_send(SendWR(slot, WrOpcode.SEND, [self.mr.sge(off, len(msg))],
                                 signaled=True))

    async def send(self, msg: bytes) -> WorkCompletion:
        self.post(msg)
        return await asyncio.wait_for(self.sends.get(), 20)

    async def recv(self) -> bytes:
        return (await self.recv_wc())[1]

    async def recv_wc(self) -> tuple[WorkCompletion, bytes]:
        """The next receive's completion and bytes."""
        wc = await asyncio.wait_for(self.recvs.get(), 20)
        if wc.status is not WcStatus.SUCCESS:
            raise ConnectionError(f"receive {wc.status.name}")
        off = self.recv_base + wc.wr_id * self.SLOT
        data = bytes(self.buf[off : off + wc.byte_len])
        self._post_recv(wc.wr_id)
        return wc, data

    async def recv_header(self) -> Any:
        return decode_reply_header(await self.recv())

    def segment(self, offset: int, length: int, handle: int | None = None) -> Any:
        from transport.rdma.proto import Segment

        base = self.chunk_mr.addr if self.chunk_mr is not self.mr else self.mr.addr + self.data_base
        return Segment(self.chunk_mr.rkey if handle is None else handle, length, base + offset)

    def put_data(self, offset: int, data: bytes) -> None:
        at = self.data_base + offset
        self.buf[at : at + len(data)] = data

    def msg(self, xid: int, rpc: bytes, read: tuple[Chunk, ...] = (),
            write: tuple[Chunk, ...] = (), reply: Chunk | None = None,
            proc: Proc = Proc.RDMA_MSG, credits: int = 8) -> bytes:
        return encode_call_header(xid, credits, proc, read, write, reply) + rpc

    async def null_call(self) -> Any:
        """A valid inline NFS NULL; returns (transport header, RPC xid of the reply)."""
        xid = self.next_xid()
        await self.send(self.msg(xid, rpc_call(xid)))
        hdr = await self.recv_header()
        return hdr

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.conn.disconnect()
        with contextlib.suppress(Exception):
            self.conn.close()
        for cq in self.cqs:  # their completion channels: an fd each
            cq.close()


def reply_xid(hdr: Any, raw: bytes) -> int:
    """The RPC xid of an inline RDMA_MSG reply."""
    body = memoryview(raw)[hdr.inline_offset :]
    xid, _ = parse_reply(body)
    return xid
