"""The RPC-over-RDMA listener: rdma_cm on port 20049, RFC 8797 private data, accept, teardown.

Operation: at start-up the page pool is registered once with the device (the `iova` space);
for each connect request the listener reads the client's private data (inline sizes, remote
invalidation), creates CQs and an RC QP, posts the receive ring *before* accepting (so the
client's first Send finds a buffer), accepts with our own private data, and runs the
connection until it disconnects; then every context, page and registration is released.

Hostile clients (issue 12): every connection charges a `transport.budget.Account` of the
server's one `Budgets` (see `conn`).  Receive rings start at `INITIAL_CREDITS` and all rings
together may pin at most a quarter of the pool (`ring_cap`): a connection that would pass
it, or the `max_connections`-th, first evicts the oldest idle connection, and is refused
(reason ``max_connections``) when none is idle.  A sweep closes connections idle for
`idle_timeout` (reason ``idle``) and connections whose account holds pages with no Send
completing for the stall timeout (reason ``stalled``): their pages go back to the pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from transport.budget import Budgets
from transport.budget import Limits as BudgetLimits
from transport.rdma.conn import BACKCHANNEL_SLOTS, INITIAL_CREDITS, RdmaServerConnection
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
                 dma_backend: str = "auto", metrics: Any = None,
                 budgets: Budgets | None = None, max_connections: int = 1024,
                 idle_timeout: float | None = 360.0) -> None:
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
        self.budgets = budgets if budgets is not None else Budgets(BudgetLimits.for_pool(pool.npages))
        self.max_connections = max_connections
        #: seconds before an idle connection is closed (None: never)
        self.idle_timeout = idle_timeout
        #: pool pages one Receive pins, and what every ring together may pin
        self.recv_pages = -(-inline_size // pool.page_size)
        self.ring_cap = max(pool.npages // 4, self.recv_pages * (INITIAL_CREDITS + BACKCHANNEL_SLOTS))
        self.ring_pages = 0
        self._ring_of: dict[int, int] = {}  # id(conn) -> ring pages allotted to it

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
        self._spawn(self._sweep())

    def _spawn(self, coro: Any) -> None:
        t = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(t)
        t.add_done_callback(self._tasks.discard)

    async def _accept_loop(self, lst: Any) -> None:
        async for req in lst:
            self._spawn(self._accept(req))

    # -- caps, idle and stalled connections --------------------------------------------------

    def _idle(self, ep: RdmaServerConnection) -> bool:
        return not (ep.in_use or ep.sends_pending() or ep.closed)

    def _make_room(self, ring: int) -> bool:
        """Evict oldest idle connections until one more (with ``ring`` pages of Receives)
        fits the connection cap and the ring allowance; False when it cannot."""
        while len(self.conns) >= self.max_connections or self.ring_pages + ring > self.ring_cap:
            idle = [ep for ep in self.conns if self._idle(ep) and id(ep) in self._ring_of]
            if not idle:
                return False
            self._evict(min(idle, key=lambda ep: ep.last_active), "make_room")
        return True

    def _evict(self, ep: RdmaServerConnection, reason: str) -> None:
        """Close ``ep`` now: its Receives and calls' pages go back at once, the disconnect
        follows (and `_accept` finishes the release)."""
        log.info("rdma: closing connection from %s (%s)", ep.client, reason)
        if self.metrics is not None:
            self.metrics.connections_evicted.labels(transport="rdma", reason=reason).inc()
        self._return_ring(ep)
        self.conns.discard(ep)
        ep.teardown()
        if ep.conn is not None:
            self._spawn(self._disconnect(ep.conn))

    def _return_ring(self, ep: RdmaServerConnection) -> None:
        self.ring_pages -= self._ring_of.pop(id(ep), 0)

    def _grow_ring(self, ep: Any, n: int) -> int:
        """How many of ``n`` more Receives ``ep`` may post within the ring allowance (a
        negative ``n`` gives Receives back)."""
        if id(ep) not in self._ring_of:
            return 0
        if n >= 0:
            n = min(n, (self.ring_cap - self.ring_pages) // self.recv_pages)
        self.ring_pages += n * self.recv_pages
        self._ring_of[id(ep)] += n * self.recv_pages
        return n

    async def _sweep(self) -> None:
        """Close stalled and idle connections, a few times per timeout."""
        loop = asyncio.get_running_loop()
        while True:
            stall = self.budgets.limits.stall_timeout
            idle = self.idle_timeout
            await asyncio.sleep(max(0.05, min(1.0, stall / 4, (idle or 4.0) / 4)))
            now = loop.time()
            for ep in list(self.conns):
                if ep.account is not None and ep.account.stalled():
                    self._evict(ep, "stalled")
                elif idle and self._idle(ep) and now - ep.last_active > idle:
                    self._evict(ep, "idle")

    async def _refuse(self, req: Any, reason: str) -> None:
        log.info("rdma: refusing connection from %s (%s)", req.peer_addr, reason)
        if self.metrics is not None:
            self.metrics.connections_refused.labels(transport="rdma", reason=reason).inc()
        with contextlib.suppress(Exception):
            await req.reject()

    # -- accept ---------------------------------------------------------------------------------

    async def _accept(self, req: Any) -> None:
        peer = decode_private_data(req.private_data)
        dev = self.device
        # Beyond the forward credits, Receives reserved for the replies to our reverse-direction
        # calls (RFC 8167 section 4.3), so a callback reply always finds one.  The QP can
        # hold them all; the ring starts small and grows with the grants.
        max_recv = self.credits + BACKCHANNEL_SLOTS
        recv_count = min(self.credits, INITIAL_CREDITS) + BACKCHANNEL_SLOTS
        ring = recv_count * self.recv_pages
        if not self._make_room(ring):
            await self._refuse(req, "max_connections")
            return
        max_send_wr = min(dev.attrs.max_qp_wr, 1024)
        send_cq = dev.create_cq(max_send_wr)
        recv_cq = dev.create_cq(max_recv)
        init = QpInit(send_cq, recv_cq, max_send_wr=max_send_wr, max_recv_wr=max_recv,
                      max_send_sge=dev.attrs.max_sge, max_recv_sge=1,
                      max_rd_atomic=dev.attrs.max_qp_rd_atom, pd=self.pd)
        qp = req.create_qp(init)
        ep = RdmaServerConnection(
            qp, self.pool, self.pool_mr, self.mapper, send_cq, recv_cq,
            inline_size=self.inline_size, recv_count=recv_count, max_send_wr=max_send_wr,
            metrics=self.metrics, dispatcher=self.dispatcher, limits=self.limits,
            max_credits=self.credits, peer=peer, on_closed=self._on_fatal,
            account=self.budgets.open(str((req.peer_addr or ("?",))[0])),
            grow_ring=self._grow_ring)
        ep.set_peer(req.peer_addr)
        ep.last_active = asyncio.get_running_loop().time()
        self.ring_pages += ring
        self._ring_of[id(ep)] = ring
        ep.start()
        ep.post_initial_receives()
        ours = encode_private_data(inline_send_size=min(peer.inline_recv_size, 1 << 18),
                                   inline_recv_size=self.inline_size)
        try:
            conn = await req.accept(init, ours)
        except Exception as e:
            log.warning("rdma accept from %s failed: %s", req.peer_addr, e)
            ep.teardown()
            self._return_ring(ep)
            if ep.account is not None:
                ep.account.close()
            self._destroy(qp, send_cq, recv_cq, None)
            return
        ep.connected(conn)
        if id(ep) in self._ring_of:  # not evicted while accepting
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
        self._return_ring(ep)
        if ep.account is not None:
            ep.account.close()
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


async def start_rdma_listener(cfg: Any, dispatcher: Any, pool: Any, metrics: Any,
                              budgets: Budgets | None = None) -> RdmaListener:
    """Start RPC-over-RDMA as configured; raises NoDeviceError when there is no device.

    ``budgets``: the server's one `Budgets`, shared with TCP (None: one of the pool's
    defaults, for callers without a server)."""
    if cfg.rdma == "off":
        raise NoDeviceError("RPC-over-RDMA disabled")
    provider = make_provider(cfg.verbs)
    hosts = [h for h in cfg.listen] or ["0.0.0.0"]
    lst = RdmaListener(provider, dispatcher, pool, port=cfg.rdma_port, hosts=hosts,
                       credits=cfg.credits, inline_size=cfg.inline_size,
                       dma_backend=cfg.dma_backend, metrics=metrics, budgets=budgets,
                       max_connections=cfg.max_connections,
                       idle_timeout=cfg.idle_timeout or None)
    await lst.start()
    return lst
