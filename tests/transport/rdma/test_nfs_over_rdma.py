"""NFSv3 over RPC-over-RDMA with the server in its own process (`nfsrdma serve --rdma on
--verbs soft`), once per DMA backend.

What this adds beyond the in-process tests: the real command line and wiring, the soft fabric
between two processes (its TCP wire), a 64 MiB file through Read and Write chunks checked on
the client and on disk, and every chunk kind seen by the server's own metrics (scraped over
HTTP): a Read chunk (WRITE larger than inline), a Write chunk (READ), a Reply chunk (READDIR of
a big directory; READLINK of a long target), a position-zero Read chunk (SYMLINK with a
4000-byte target is a long call, RDMA_NOMSG), and small WRITE/READ that stay inline.  The
forced backend is the only one that served, and the WR/SGE/registration cost of one 1 MiB
READ is what each backend promises.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.client import Nfs3Client
from tests.helpers import ServerProc, free_port, make_server, wait_port
from tests.transport.rdma._rdma import (
    NFS_PROG,
    NFS_VERS,
    ROOT_CRED,
    Scrape,
    delta,
    nfs_session,
)
from transport.client.rdma import RpcRdmaClient
from transport.rdma.verbs import DeviceAttrs
from transport.rdma.verbs.soft import SoftProvider

MIB = 1 << 20
FILE_MIB = 64
PAGES_PER_MIB = MIB // 4096
SOFT_MAX_SGE = DeviceAttrs().max_sge
WRS = "nfsrdma_rdma_wrs_total"
SGES = "nfsrdma_rdma_sges_total"
CONTEXTS = "nfsrdma_rdma_contexts_total"
REGS = "nfsrdma_rdma_registrations_total"
DEREGS = "nfsrdma_rdma_deregistrations_total"


class RdmaServer:
    def __init__(self, proc: ServerProc, rdma_port: int, metrics_port: int,
                 backend: str) -> None:
        self.proc = proc
        self.backend = backend
        self.rdma_port = rdma_port
        self.metrics_port = metrics_port

    def scrape(self) -> Scrape:
        return Scrape.from_port(self.metrics_port)

    async def client(self, **kw: Any) -> RpcRdmaClient:
        # Another process's listener: the soft fabric runs over its TCP wire.
        return await RpcRdmaClient.connect("127.0.0.1", self.rdma_port,
                                           provider=SoftProvider(), **kw)


def _start(tmp_path: Path, backend: str = "auto", *extra: str) -> Iterator[RdmaServer]:
    rport, mport = free_port(), free_port()
    proc = make_server(tmp_path, "--rdma", "on", "--verbs", "soft", "--rdma-port", str(rport),
                       "--metrics-port", str(mport), "--pool-mib", "160",
                       "--dma-backend", backend, *extra)
    proc.start()
    try:
        wait_port(rport, proc.proc)
        wait_port(mport, proc.proc)
        yield RdmaServer(proc, rport, mport, backend)
    finally:
        if proc.alive():
            assert proc.stop() == 0, proc.log_text()[-3000:]
        assert "Traceback" not in proc.log_text(), proc.log_text()[-5000:]


@pytest.fixture(params=["iova", "mr", "per-page"])
def rdma_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RdmaServer]:
    yield from _start(tmp_path, request.param)


async def _gather_bounded(n: int, coros: list[Any]) -> list[Any]:
    sem = asyncio.Semaphore(n)

    async def one(coro: Any) -> Any:
        async with sem:
            return await coro

    return await asyncio.gather(*(one(c) for c in coros))


def _only_backend(s: Scrape, backend: str) -> None:
    served = {k: v for k, v in s.labels(CONTEXTS, "backend").items() if v}
    assert set(served) == {backend}, served
    assert s.value("nfsrdma_rdma_dma_fallbacks_total") == 0


async def _one_mib_read_cost(srv: RdmaServer, c: Nfs3Client, fh: bytes, backend: str,
                             want: bytes) -> None:
    """Metric deltas around exactly one 1 MiB READ (4 KiB pages, one Write chunk segment)."""
    before = srv.scrape()
    got, _ = await c.read(fh, 0, MIB)
    after = srv.scrape()
    assert got == want
    wrs = delta(after, before, WRS, opcode="RDMA_WRITE")
    sges = delta(after, before, SGES, opcode="RDMA_WRITE")
    regs = delta(after, before, REGS)
    expected = {
        "iova": (1, 1, 0),
        "mr": (1, 1, 1),
        "per-page": (math.ceil(PAGES_PER_MIB / SOFT_MAX_SGE), PAGES_PER_MIB, 0),
    }[backend]
    assert (wrs, sges, regs) == expected
    assert delta(after, before, CONTEXTS, backend=backend) == 1
    assert delta(after, before, WRS, opcode="SEND") == 1
    assert delta(after, before, WRS, opcode="RDMA_READ") == 0


async def test_nfs3_over_soft_rdma_two_processes(rdma_server: RdmaServer) -> None:
    srv = rdma_server
    backend = srv.backend
    export = srv.proc.export
    rpc = await srv.client()
    try:
        c, root = await nfs_session(rpc, str(export).encode())
        fh = await c.create(root, b"big")
        data = os.urandom(FILE_MIB * MIB)

        # Read chunk: a 1 MiB WRITE does not fit inline.
        before = srv.scrape()
        res = await c.write(fh, 0, memoryview(data)[:MIB], stable=2)
        after = srv.scrape()
        assert res.count == MIB
        assert delta(after, before, WRS, opcode="RDMA_READ") >= 1
        assert delta(after, before, CONTEXTS, backend=backend) == 1
        assert delta(after, before, WRS, opcode="RDMA_WRITE") == 0

        # The rest of the 64 MiB, eight calls in flight.
        view = memoryview(data)
        await _gather_bounded(8, [c.write(fh, i * MIB, view[i * MIB : (i + 1) * MIB])
                                  for i in range(1, FILE_MIB)])
        await c.commit(fh)

        # Write chunk: the cost of one 1 MiB READ, per backend.
        await _one_mib_read_cost(srv, c, fh, backend, data[:MIB])

        # Everything back, compared on the client and on disk.
        parts = await _gather_bounded(8, [c.read(fh, i * MIB, MIB) for i in range(FILE_MIB)])
        digest = hashlib.sha256(data).hexdigest()
        assert hashlib.sha256(b"".join(p for p, _ in parts)).hexdigest() == digest
        assert parts[-1][1]  # eof on the last MiB
        assert hashlib.sha256((export / "big").read_bytes()).hexdigest() == digest

        # Inline both ways: a small WRITE (no Read chunk) and a READ offered no Write chunk.
        small = os.urandom(100)
        before = srv.scrape()
        await c.write(fh, 5, small, stable=2)
        ok = await c.call("READ", xdr.READ3args.cls(xdr.nfs_fh3.cls(fh), 5, 100),
                          consume=lambda ok: b"".join(bytes(v) for v in ok.data.views()))
        after = srv.scrape()
        assert ok == small
        assert delta(after, before, WRS, opcode="RDMA_READ") == 0
        assert delta(after, before, WRS, opcode="RDMA_WRITE") == 0
        assert delta(after, before, CONTEXTS) == 0
        assert delta(after, before, WRS, opcode="SEND") == 2

        # Reply chunk: READDIR of a directory too big for an inline reply.
        names = {f"a-rather-long-directory-entry-name-{i:05d}".encode() for i in range(300)}
        (export / "many").mkdir()
        for n in names:
            (export / "many" / n.decode()).touch()
        dfh = await c.lookup(root, b"many")
        before = srv.scrape()
        res = await c.call("READDIR", xdr.READDIR3args.cls(xdr.nfs_fh3.cls(dfh), 0, b"\0" * 8,
                                                           65536))
        after = srv.scrape()
        assert {bytes(e.name) for e in res.reply.entries} - {b".", b".."} == names
        assert res.reply.eof
        assert delta(after, before, WRS, opcode="RDMA_WRITE") >= 1
        assert delta(after, before, CONTEXTS, backend=backend) == 1

        # Position-zero Read chunk: SYMLINK with a 4000-byte target is a long call.
        target = b"d/" * 2000
        sattr = xdr.sattr3.cls(None, None, None, None, (0, None), (0, None))
        before = srv.scrape()
        await c.call("SYMLINK", xdr.SYMLINK3args.cls(
            xdr.diropargs3.cls(xdr.nfs_fh3.cls(root), b"long-link"),
            xdr.symlinkdata3.cls(sattr, target)))
        after = srv.scrape()
        assert os.readlink(export / "long-link") == target.decode()
        assert delta(after, before, WRS, opcode="RDMA_READ") >= 1
        assert delta(after, before, CONTEXTS, backend=backend) == 1

        # ... and its READLINK comes back through the Reply chunk.
        lfh = await c.lookup(root, b"long-link")
        before = srv.scrape()
        res = await c.call("READLINK", xdr.READLINK3args.cls(xdr.nfs_fh3.cls(lfh)))
        after = srv.scrape()
        assert bytes(res.data) == target
        assert delta(after, before, WRS, opcode="RDMA_WRITE") >= 1
        assert delta(after, before, CONTEXTS, backend=backend) == 1

        final = srv.scrape()
        _only_backend(final, backend)
        if backend == "mr":
            assert final.value(REGS) > 0
        else:
            assert final.value(REGS) == 0
    finally:
        await rpc.close()
    await _released(srv)


async def _released(srv: RdmaServer) -> None:
    """After the client is gone: no pool page used (the ring went with the connection) and
    every I/O registration undone."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while True:
        s = srv.scrape()
        if s.value("nfsrdma_rdma_connections") == 0 and \
                s.value("nfsrdma_pool_pages", state="used") == 0:
            break
        assert loop.time() < deadline, "server did not release the connection"
        await asyncio.sleep(0.02)
    assert s.value(REGS) == s.value(DEREGS)


async def test_500_calls_with_credits_4(tmp_path: Path) -> None:
    for srv in _start(tmp_path, "auto", "--credits", "4"):
        rpc = await srv.client(credits=32)
        try:
            replies = await asyncio.gather(*(
                rpc.call(NFS_PROG, NFS_VERS, 0, b"", ROOT_CRED) for _ in range(500)))
            assert len({r.xid for r in replies}) == 500
            for r in replies:
                r.release()
            assert rpc.ep.credits == 4
            assert srv.scrape().value("nfsrdma_rdma_credits_granted") == 4
        finally:
            await rpc.close()
        await _released(srv)


FALLBACKS = "nfsrdma_rdma_dma_fallbacks_total"


async def test_one_sge_share_and_fallback_kinds_in_the_metrics(tmp_path: Path) -> None:
    """What issue 10's churn figure is read from, scraped from a running server: READ and
    WRITE payloads by the DMA backend that mapped them (``contexts{backend,opcode}``: the
    one-SGE share is backend="iova" over all, per opcode) and the fallbacks by kind.  A READ
    answered through a Reply chunk keeps its payload pages beside the staged header, which is
    not one extent: that payload falls back from iova, counted with kind "scattered"."""
    for srv in _start(tmp_path, "auto"):
        rpc = await srv.client()
        try:
            c, root = await nfs_session(rpc, str(srv.proc.export).encode())
            fh = await c.create(root, b"f")
            data = os.urandom(2 * MIB)
            before = srv.scrape()
            await c.write(fh, 0, memoryview(data)[:MIB], stable=2)
            await c.write(fh, MIB, memoryview(data)[MIB:], stable=2)
            got = [(await c.read(fh, i * MIB, MIB))[0] for i in range(2)]
            after = srv.scrape()
            assert b"".join(got) == data
            for opcode in ("RDMA_READ", "RDMA_WRITE"):  # WRITE payloads, READ payloads
                assert delta(after, before, CONTEXTS, backend="iova", opcode=opcode) == 2
                assert delta(after, before, CONTEXTS, opcode=opcode) == 2  # share 1.0
            assert delta(after, before, FALLBACKS) == 0

            # 64 KiB READ offered a Reply chunk and no Write chunk
            n = 64 << 10
            before = srv.scrape()
            ok = await c.call("READ", xdr.READ3args.cls(xdr.nfs_fh3.cls(fh), 0, n),
                              consume=lambda ok: b"".join(bytes(v) for v in ok.data.views()),
                              reply_capacity=n + 4096)
            after = srv.scrape()
            assert ok == data[:n]
            assert delta(after, before, CONTEXTS, backend="iova") == 0
            assert delta(after, before, CONTEXTS, opcode="RDMA_WRITE") == 1
            assert delta(after, before, FALLBACKS, kind="scattered") == 1
            assert delta(after, before, FALLBACKS) == 1
        finally:
            await rpc.close()
