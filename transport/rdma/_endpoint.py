"""One end of an RPC-over-RDMA connection: receive ring, send queue, posting, completions.

Operation: both the server connection and our client are an `Endpoint`.  The receive ring
holds `recv_count` buffers of `inline_size` bytes, each a pool page run registered through
the pool's MR; a completed receive is handed to `on_receive()` and a fresh buffer is posted
at once (the old one travels with the call until its reply is sent, as the kernel keeps
rq_pages).  Send-queue slots are accounted explicitly: a batch reserves its WR count before
it is posted and waits when the queue is full (each wait counted as starvation); only the
last WR of a batch is signaled, and its completion frees the whole batch.  RDMA READs are
also accounted against the negotiated ORD across *all* batches in flight (several calls pull
Read chunks at once), as the send queue refuses more outstanding READs than max_rd_atomic.
A post that fails anyway is a completion-class error: the connection is closed.

A completion error closes the connection (every waiter gets `RdmaIoError`); protocol
errors in a header are the caller's business and never reach this class.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Sequence
from typing import Any

from transport.rdma.dma import DmaMapper
from transport.rdma.verbs import (
    Connection,
    MemoryRegion,
    RecvWR,
    SendWR,
    Sge,
    WcStatus,
    WorkCompletion,
    WrOpcode,
)

log = logging.getLogger(__name__)


class RdmaIoError(ConnectionError):
    """A work request failed or was flushed: the connection is going away."""


class RecvCtxt:
    """One posted Receive: the pool pages it lands in (an owner BvecList)."""

    __slots__ = ("pages", "wr_id")

    def __init__(self, wr_id: int, pages: Any) -> None:
        self.wr_id = wr_id
        self.pages = pages


class Endpoint:
    def __init__(self, qp: Any, pool: Any, pool_mr: MemoryRegion, mapper: DmaMapper,
                 send_cq: Any, recv_cq: Any, *, inline_size: int, recv_count: int,
                 max_send_wr: int, metrics: Any = None) -> None:
        self.conn: Connection | None = None
        self.qp = qp
        self.pool = pool
        self.pool_mr = pool_mr
        self.mapper = mapper
        self.send_cq = send_cq
        self.recv_cq = recv_cq
        self.inline_size = inline_size
        self.recv_count = recv_count
        self.max_send_wr = max_send_wr
        self.sq_free = max_send_wr
        self.ord = 1  # until connected(): the negotiated ORD
        self.rd_free = 1  # RDMA READs that may still be posted (ORD less those in flight)
        self.metrics = metrics
        self.closed = False
        self._ids = itertools.count(1)
        self._recvs: dict[int, RecvCtxt] = {}
        self.owed_recvs = 0  # completed Receives not reposted yet (see repost_now)
        self._waiters: dict[int, tuple[asyncio.Future[WorkCompletion], int, int]] = {}
        self._sq_waiters: list[asyncio.Future[None]] = []
        self._refill_task: asyncio.Task[None] | None = None
        self.tasks: set[asyncio.Task[Any]] = set()

    # -- life cycle ----------------------------------------------------------------------

    def connected(self, conn: Connection) -> None:
        self.conn = conn
        # Calls may arrive (and pull Read chunks) before the CM's ESTABLISHED is seen: the
        # Linux client retransmits its pending WRITEs the moment a reconnect is up. READs
        # posted under the provisional ORD of 1 are still in flight; resetting rd_free would
        # count them twice and let one READ more than ORD out (post_send fails, connection
        # lost), so move rd_free by the change in ORD instead.
        new_ord = max(1, conn.initiator_depth)
        self.rd_free += new_ord - self.ord
        self.ord = new_ord
        self._wake_sq()

    def start(self) -> None:
        self.send_cq.attach(self._on_send_wcs)
        self.recv_cq.attach(self._on_recv_wcs)

    def post_initial_receives(self) -> None:
        for _ in range(self.recv_count):
            if not self._post_one_recv():
                break

    def teardown(self) -> None:
        """Fail every waiter and give back every receive buffer (idempotent)."""
        if self.closed:
            return
        self.closed = True
        err = RdmaIoError("connection closed")
        for fut, _, _ in self._waiters.values():
            if not fut.done():
                fut.set_exception(err)
        self._waiters.clear()
        for waiter in self._sq_waiters:
            if not waiter.done():
                waiter.set_exception(err)
        self._sq_waiters.clear()
        for ctxt in self._recvs.values():
            ctxt.pages.release()
        self._recvs.clear()
        if self._refill_task is not None:
            self._refill_task.cancel()
        for cq in (self.send_cq, self.recv_cq):
            cq.detach()

    # -- receives -------------------------------------------------------------------------

    def _post_one_recv(self) -> bool:
        pages = self.pool.try_alloc(self.inline_size, contiguous=True)
        if pages is None:
            self._schedule_refill()
            return False
        off, n = pages.contiguous_extent()
        wr_id = next(self._ids)
        self._recvs[wr_id] = RecvCtxt(wr_id, pages)
        try:
            self.qp.post_recv(RecvWR(wr_id, [Sge(self.pool_mr.addr + off, n, self.pool_mr.lkey)]))
        except Exception:
            del self._recvs[wr_id]
            pages.release()
            raise
        return True

    def _schedule_refill(self) -> None:
        """The pool is full: post the missing receives as pages come back (back-pressure)."""
        if self._refill_task is None or self._refill_task.done():
            self._refill_task = asyncio.get_running_loop().create_task(self._refill())

    async def _refill(self) -> None:
        while not self.closed and len(self._recvs) + self.owed_recvs < self.recv_count:
            pages = await self.pool.alloc(self.inline_size, contiguous=True)
            pages.release()
            if not self._post_one_recv():
                await asyncio.sleep(0.001)

    def _on_recv_wcs(self, wcs: list[WorkCompletion]) -> None:
        for wc in wcs:
            ctxt = self._recvs.pop(wc.wr_id, None)
            if ctxt is None:
                continue
            if wc.status is not WcStatus.SUCCESS:
                ctxt.pages.release()
                if wc.status is not WcStatus.WR_FLUSH_ERR:
                    log.warning("receive failed: %s", wc.status.name)
                self.on_fatal(f"receive {wc.status.name}")
                continue
            if not self.closed:
                if self.repost_now():
                    self._post_one_recv()
                else:
                    self.owed_recvs += 1
            self.on_receive(ctxt.pages, wc.byte_len)

    def repost_now(self) -> bool:
        """Repost the Receive that just completed at once?  (Else it is owed: `repay_recv`.)"""
        return True

    def repay_recv(self) -> None:
        """Post one owed Receive, if any."""
        if self.owed_recvs and not self.closed:
            self.owed_recvs -= 1
            self._post_one_recv()

    def on_receive(self, pages: Any, nbytes: int) -> None:
        raise NotImplementedError

    def on_fatal(self, reason: str) -> None:
        """A completion error: the connection cannot go on."""
        raise NotImplementedError

    def on_send_progress(self) -> None:
        """A Send batch completed: the peer is taking what we send (stall detection)."""

    def sends_pending(self) -> bool:
        """Are WRs of ours posted and not yet completed?"""
        return bool(self._waiters)

    # -- sends ----------------------------------------------------------------------------

    def _on_send_wcs(self, wcs: list[WorkCompletion]) -> None:
        for wc in wcs:
            entry = self._waiters.pop(wc.wr_id, None)
            if entry is None:
                continue  # an unsignaled WR flushed after an error
            fut, nwrs, nreads = entry
            self.sq_free += nwrs
            self.rd_free += nreads
            if wc.status is WcStatus.SUCCESS:
                self.on_send_progress()
            if not fut.done():
                if wc.status is WcStatus.SUCCESS:
                    fut.set_result(wc)
                else:
                    fut.set_exception(RdmaIoError(f"{wc.opcode.name} {wc.status.name}"))
            if wc.status is not WcStatus.SUCCESS:
                self.on_fatal(f"send queue {wc.status.name}")
        self._wake_sq()

    def _wake_sq(self) -> None:
        while self._sq_waiters:
            fut = self._sq_waiters.pop(0)
            if not fut.done():
                fut.set_result(None)

    async def _reserve(self, n: int, reads: int = 0) -> None:
        while self.sq_free < n or self.rd_free < reads:
            if self.closed:
                raise RdmaIoError("connection closed")
            if self.metrics is not None:
                self.metrics.rdma_sq_starvation.inc()
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._sq_waiters.append(waiter)
            await waiter
        self.sq_free -= n
        self.rd_free -= reads

    async def post_chain(self, wrs: Sequence[SendWR], *, reads: bool = False) -> None:
        """Post `wrs` in batches (send-queue space; ORD for READs) and wait for all of them.

        Raises: RdmaIoError if any WR fails or the connection closes.
        """
        limit = min(self.max_send_wr, self.ord) if reads else self.max_send_wr
        for i in range(0, len(wrs), limit):
            batch = list(wrs[i : i + limit])
            await self._post_batch(batch)

    async def _post_batch(self, batch: list[SendWR]) -> WorkCompletion:
        if self.closed:
            raise RdmaIoError("connection closed")
        reads = sum(1 for wr in batch if wr.opcode is WrOpcode.RDMA_READ)
        await self._reserve(len(batch), reads)
        last = batch[-1]
        last.wr_id = next(self._ids)
        last.signaled = True
        fut: asyncio.Future[WorkCompletion] = asyncio.get_running_loop().create_future()
        self._waiters[last.wr_id] = (fut, len(batch), reads)
        try:
            self.qp.post_send(batch)
        except Exception as e:
            del self._waiters[last.wr_id]
            self.sq_free += len(batch)
            self.rd_free += reads
            # Our accounting let through what the queue refused: nothing later on this
            # connection can be trusted to complete, so close it rather than leave the
            # peer waiting for a reply that will never come.
            log.warning("post_send failed: %s", e)
            self.on_fatal(f"post_send: {e}")
            raise RdmaIoError(f"post_send: {e}") from e
        return await fut

    async def send(self, sges: list[Sge], invalidate_rkey: int | None = None,
                   before: Sequence[SendWR] = ()) -> None:
        """Post one Send (or Send-With-Invalidate), chained after the unsignaled WRs in
        `before` when they fit the send queue together, and wait for its completion (which,
        on RC, means every WR before it completed too)."""
        if invalidate_rkey is not None:
            wr = SendWR(0, WrOpcode.SEND_WITH_INV, sges, invalidate_rkey=invalidate_rkey)
        else:
            wr = SendWR(0, WrOpcode.SEND, sges)
        if self.metrics is not None:
            self.metrics.on_send(wr.opcode.name, len(sges))
        if before and len(before) + 1 > self.max_send_wr:
            await self.post_chain(before)
            before = ()
        await self._post_batch([*before, wr])

    def staged_sge(self, pages: Any, offset: int, length: int) -> Sge:
        """SGE for bytes of a contiguous pool run (headers staged for a Send)."""
        off, _ = pages.contiguous_extent()
        return Sge(self.pool_mr.addr + off + offset, length, self.pool_mr.lkey)

    def spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
