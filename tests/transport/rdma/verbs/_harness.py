"""A connected pair of soft-fabric endpoints for the verbs tests (and the child-process peer)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from transport.rdma.verbs import (
    Access,
    CompletionQueue,
    Connection,
    DeviceAttrs,
    MemoryRegion,
    QpInit,
    RecvWR,
    WorkCompletion,
)
from transport.rdma.verbs.soft import SoftDevice, SoftProvider


class Collector:
    """Completions of one CQ, delivered through ``attach`` (the add_reader path)."""

    def __init__(self, cq: CompletionQueue) -> None:
        self.cq = cq
        self.wcs: list[WorkCompletion] = []
        self._cond = asyncio.Condition()
        cq.attach(self._on_wcs)

    def _on_wcs(self, wcs: list[WorkCompletion]) -> None:
        self.wcs.extend(wcs)
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._cond:
            self._cond.notify_all()

    async def wait(self, n: int, timeout: float = 5.0) -> list[WorkCompletion]:
        async def _w() -> None:
            async with self._cond:
                await self._cond.wait_for(lambda: len(self.wcs) >= n)

        await asyncio.wait_for(_w(), timeout)
        return self.wcs[:n]

    async def settle(self, delay: float = 0.05) -> list[WorkCompletion]:
        await asyncio.sleep(delay)
        return list(self.wcs)


@dataclass
class End:
    provider: SoftProvider
    device: SoftDevice
    conn: Connection
    scq: Collector
    rcq: Collector
    buf: bytearray
    mr: MemoryRegion
    extra: dict[str, object] = field(default_factory=dict)


async def make_pair(
    wire: str = "auto",
    attrs: DeviceAttrs | None = None,
    *,
    server_recvs: int = 4,
    recv_len: int = 256,
    qp_kw: dict[str, int] | None = None,
    client_private: bytes = b"client-hello",
    server_private: bytes = b"server-hello",
    host: str = "127.0.0.1",
) -> tuple[End, End]:
    """Server and client, connected. The server posts ``server_recvs`` receives of
    ``recv_len`` bytes (offset i*recv_len of its MR) before accepting; the client none."""
    kw = {"max_send_sge": 4, "max_recv_sge": 4, "max_rd_atomic": 4, "max_send_wr": 32,
          "max_recv_wr": 32}
    kw.update(qp_kw or {})
    sp = SoftProvider(attrs, wire=wire)
    cp = SoftProvider(attrs, wire=wire)
    listener = await sp.listen(host, 0)
    sdev, cdev = sp.open_device(), cp.open_device()
    sbuf, cbuf = bytearray(8192), bytearray(8192)
    smr = sdev.default_pd.reg_mr(sbuf, Access.ALL)
    cmr = cdev.default_pd.reg_mr(cbuf, Access.ALL)
    s_scq, s_rcq = sdev.create_cq(256), sdev.create_cq(256)
    c_scq, c_rcq = cdev.create_cq(256), cdev.create_cq(256)

    async def serve() -> Connection:
        req = await listener.get_request()
        assert req.private_data == client_private
        qp = req.create_qp(QpInit(s_scq, s_rcq, **kw))
        for i in range(server_recvs):
            qp.post_recv(RecvWR(1000 + i, [smr.sge(i * recv_len, recv_len)]))
        return await req.accept(private_data=server_private)

    task = asyncio.create_task(serve())
    cconn = await cp.connect(host, int(listener.address[1]), QpInit(c_scq, c_rcq, **kw),
                             client_private)
    sconn = await task
    listener.close()
    server = End(sp, sdev, sconn, Collector(s_scq), Collector(s_rcq), sbuf, smr)
    client = End(cp, cdev, cconn, Collector(c_scq), Collector(c_rcq), cbuf, cmr)
    return server, client
