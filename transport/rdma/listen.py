"""The RPC-over-RDMA listener: rdma_cm on port 20049, RFC 8797 private data, accept, teardown.

Operation: at start-up the page pool is registered once with the device (the `iova` space);
for each connect request the listener reads the client's private data (inline sizes, remote
invalidation), creates CQs and an RC QP, posts the receive ring *before* accepting (so the
client's first Send finds a buffer), accepts with our own private data, and runs the
connection until it disconnects; then every context, page and registration is released.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from transport.rdma.conn import BACKCHANNEL_SLOTS, RdmaServerConnection
from transport.rdma.dma import DmaMapper, DmaStats
from transport.rdma.proto import Limits, decode_private_data, encode_private_data
from transport.rdma.verbs import Access, NoDeviceError, Provider, QpInit

log = logging.getLogger(__name__)


def make_provider(verbs: str) -> Provider:
    """`auto`: a real device through pyverbs, or NoDeviceError (the soft fabric is never a
    silent default for a server: no real client can reach it)."""
    if verbs == "soft":
        from transport.rdma.verbs.soft import SoftProvider

        return SoftProvider()
    from transport.rdma.verbs.pyverbs_provider import PyverbsProvider

    provider = PyverbsProvider()
    provider.open_device()  # raises NoDeviceError when there is none
    return provider


class RdmaListener:
    def __init__(self, provider: Provider, dispatcher: Any, pool: Any, *, port: int,
                 hosts: list[str], credits: int = 128, inline_size: int = 4096,
                 dma_backend: str = "auto", metrics: Any = None) -> None:
        self.provider = provider
        self.provider_name = provider.name
        self.dispatcher = dispatcher
        self.pool = pool
        self.hosts = hosts
        self.port = port
        self.credits = credits
        self.inline_size = inline_size
        self.metrics = metrics
        self.device = provider.open_device()
        self.pd = self.device.default_pd
        self.pool_mr = self.pd.reg_mr(pool.view, Access.LOCAL_WRITE)
        self.stats = DmaStats()
        self.mapper = DmaMapper(self.pd, pool, self.pool_mr, self.device.attrs.max_sge,
                                dma_backend, self.stats, metrics)
        self.limits = Limits(inline_size=inline_size)
        self.listeners: list[Any] = []
        self.conns: set[RdmaServerConnection] = set()
        self._tasks: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        for host in self.hosts:
            try:
                lst = await self.provider.listen(host, self.port)
            except OSError as e:
                if len(self.hosts) > 1 and ":" in host:
                    log.info("rdma: not listening on %s: %s", host, e)
                    continue
                raise
            self.listeners.append(lst)
            self.port = int(lst.address[1])
            self._spawn(self._accept_loop(lst))

    def _spawn(self, coro: Any) -> None:
        t = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(t)
        t.add_done_callback(self._tasks.discard)

    async def _accept_loop(self, lst: Any) -> None:
        async for req in lst:
            self._spawn(self._accept(req))

    async def _accept(self, req: Any) -> None:
        peer = decode_private_data(req.private_data)
        dev = self.device
        # Beyond the forward credits, Receives reserved for the replies to our reverse-direction
        # calls (RFC 8167 section 4.3), so a callback reply always finds one.
        recv_count = self.credits + BACKCHANNEL_SLOTS
        max_send_wr = min(dev.attrs.max_qp_wr, 1024)
        send_cq = dev.create_cq(max_send_wr)
        recv_cq = dev.create_cq(recv_count)
        init = QpInit(send_cq, recv_cq, max_send_wr=max_send_wr, max_recv_wr=recv_count,
                      max_send_sge=dev.attrs.max_sge, max_recv_sge=1,
                      max_rd_atomic=dev.attrs.max_qp_rd_atom, pd=self.pd)
        qp = req.create_qp(init)
        ep = RdmaServerConnection(
            qp, self.pool, self.pool_mr, self.mapper, send_cq, recv_cq,
            inline_size=self.inline_size, recv_count=recv_count, max_send_wr=max_send_wr,
            metrics=self.metrics, dispatcher=self.dispatcher, limits=self.limits,
            max_credits=self.credits, peer=peer, on_closed=self._on_fatal)
        ep.start()
        ep.post_initial_receives()
        ours = encode_private_data(inline_send_size=min(peer.inline_recv_size, 1 << 18),
                                   inline_recv_size=self.inline_size)
        try:
            conn = await req.accept(init, ours)
        except Exception as e:
            log.warning("rdma accept from %s failed: %s", req.peer_addr, e)
            ep.teardown()
            self._destroy(qp, send_cq, recv_cq, None)
            return
        ep.connected(conn)
        self.conns.add(ep)
        if ep.closed:  # a completion error while accepting
            self._on_fatal(ep)
        if self.metrics is not None:
            self.metrics.rdma_connections.inc()
            self.metrics.rdma_receives_posted.set(recv_count)
        log.info("rdma: connection from %s (credits %d, client inline %d/%d, invalidate %s, "
                 "ORD %d, IRD %d)", ep.client, self.credits, peer.inline_send_size,
                 peer.inline_recv_size, peer.remote_invalidation, ep.ord,
                 conn.responder_resources)
        try:
            await conn.wait_disconnected()
        finally:
            await self._finish(ep, conn, send_cq, recv_cq)

    def _on_fatal(self, ep: RdmaServerConnection) -> None:
        """A completion error tore `ep` down: disconnect, so that the peer learns at once and
        `_accept` releases the connection (svc_xprt_deferred_close)."""
        if ep.conn is not None:
            self._spawn(self._disconnect(ep.conn))

    @staticmethod
    async def _disconnect(conn: Any) -> None:
        with contextlib.suppress(Exception):
            await conn.disconnect()

    async def _finish(self, ep: RdmaServerConnection, conn: Any, send_cq: Any,
                      recv_cq: Any) -> None:
        """Release everything a connection holds, after its calls have let go."""
        if not ep.closed:
            if self.metrics is not None:
                self.metrics.rdma_disconnects.inc()
            ep.teardown()
        for t in list(ep.tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(t, 30)
        self.conns.discard(ep)
        if self.metrics is not None:
            self.metrics.rdma_connections.dec()
        self._destroy(conn.qp, send_cq, recv_cq, conn)
        log.info("rdma: connection from %s closed", ep.client)

    @staticmethod
    def _destroy(qp: Any, send_cq: Any, recv_cq: Any, conn: Any) -> None:
        with contextlib.suppress(Exception):
            if conn is not None:
                conn.close()
            else:
                qp.destroy()
        for cq in (send_cq, recv_cq):
            with contextlib.suppress(Exception):
                cq.close()

    async def close(self, grace: float = 5.0) -> None:
        for lst in self.listeners:
            lst.close()
        for ep in list(self.conns):
            if ep.conn is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(ep.conn.disconnect(), grace)
        deadline = asyncio.get_running_loop().time() + grace
        while self.conns and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        for t in list(self._tasks):
            t.cancel()
        with contextlib.suppress(Exception):
            self.pool_mr.dereg()


async def start_rdma_listener(cfg: Any, dispatcher: Any, pool: Any, metrics: Any) -> RdmaListener:
    """Start RPC-over-RDMA as configured; raises NoDeviceError when there is no device."""
    if cfg.rdma == "off":
        raise NoDeviceError("RPC-over-RDMA disabled")
    provider = make_provider(cfg.verbs)
    hosts = [h for h in cfg.listen] or ["0.0.0.0"]
    lst = RdmaListener(provider, dispatcher, pool, port=cfg.rdma_port, hosts=hosts,
                       credits=cfg.credits, inline_size=cfg.inline_size,
                       dma_backend=cfg.dma_backend, metrics=metrics)
    await lst.start()
    return lst
