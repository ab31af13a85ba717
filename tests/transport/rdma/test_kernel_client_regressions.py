"""Server-side failures that the Linux kernel client (xprtrdma, 6.1, over rxe in the qemu
guest of deploy/vm) can provoke, reproduced without a kernel: each test names the client
behaviour that exposed it."""

from __future__ import annotations

import asyncio
from typing import Any

from transport.rdma._endpoint import Endpoint
from transport.rdma.dma import DmaMapper
from transport.rdma.verbs import (
    SendWR,
    Sge,
    WcOpcode,
    WcStatus,
    WorkCompletion,
    WrOpcode,
)
from transport.rdma.verbs.soft import SoftProvider


class _Conn:
    """What Endpoint.connected() reads of a CM connection."""

    def __init__(self, initiator_depth: int) -> None:
        self.initiator_depth = initiator_depth


class _Ep(Endpoint):
    def on_receive(self, pages: Any, nbytes: int) -> None:  # pragma: no cover - unused
        pages.release()

    def on_fatal(self, reason: str) -> None:
        self.fatal = reason
        self.teardown()


async def test_read_in_flight_before_established_is_not_counted_twice() -> None:
    """After a reconnect the kernel client retransmits its WRITEs (Read chunks) as soon as
    its QP is up, so a call can pull a Read chunk before our side has seen ESTABLISHED (ORD
    still the provisional 1). `connected()` must keep that READ accounted: afterwards at most
    ORD READs may be outstanding, never ORD + 1 (the QP refuses the extra one)."""
    from storage.pool import PagePool

    provider = SoftProvider()
    dev = provider.open_device()
    pd = dev.default_pd
    pool = PagePool(1 << 20)
    pool_mr = pd.reg_mr(pool.view)
    mapper = DmaMapper(pd, pool, pool_mr, dev.attrs.max_sge)
    send_cq, recv_cq = dev.create_cq(16), dev.create_cq(16)
    posted: list[list[SendWR]] = []

    class _Qp:
        def post_send(self, wrs: list[SendWR]) -> None:
            posted.append(list(wrs))

    ep = _Ep(_Qp(), pool, pool_mr, mapper, send_cq, recv_cq, inline_size=4096, recv_count=0,
             max_send_wr=64)

    def read_wr() -> SendWR:
        return SendWR(0, WrOpcode.RDMA_READ, [Sge(pool_mr.addr, 64, pool_mr.lkey)],
                      remote_addr=0x1000, rkey=7, signaled=False)

    early = asyncio.ensure_future(ep.post_chain([read_wr()], reads=True))
    await asyncio.sleep(0)
    assert len(posted) == 1 and ep.rd_free == 0  # posted under the provisional ORD of 1

    ord_ = 4
    ep.connected(_Conn(ord_))  # type: ignore[arg-type]
    assert ep.rd_free == ord_ - 1  # the early READ is still outstanding

    # The early READ completes: exactly ORD READs may be outstanding now.
    ep._on_send_wcs([WorkCompletion(posted[0][-1].wr_id, WcStatus.SUCCESS, WcOpcode.RDMA_READ)])
    await early
    assert ep.rd_free == ord_

    # ORD + 1 concurrent single-READ calls: only ORD of them get posted before a completion.
    calls = [asyncio.ensure_future(ep.post_chain([read_wr()], reads=True))
             for _ in range(ord_ + 1)]
    await asyncio.sleep(0)
    assert len(posted) == 1 + ord_
    assert ep.rd_free == 0
    ep._on_send_wcs([WorkCompletion(posted[1][-1].wr_id, WcStatus.SUCCESS, WcOpcode.RDMA_READ)])
    await asyncio.sleep(0)
    assert len(posted) == 2 + ord_  # the waiting one went out once a READ finished
    for wrs in posted[2:]:
        ep._on_send_wcs([WorkCompletion(wrs[-1].wr_id, WcStatus.SUCCESS, WcOpcode.RDMA_READ)])
    await asyncio.gather(*calls)
    assert ep.rd_free == ord_ and not getattr(ep, "fatal", None)
    for cq in (send_cq, recv_cq):
        cq.close()
