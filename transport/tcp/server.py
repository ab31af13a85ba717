"""RPC over TCP server: record-marked calls in, RpcBuffer replies out, pages end to end.

Operation
---------
Each accepted connection gets one :class:`RpcConnection` (an ``asyncio.BufferedProtocol``).
``get_buffer``/``buffer_updated`` only drive the :class:`~transport.tcp.record.RecordParser`:
record marks are read into a small head buffer, and as soon as a mark gives the fragment
length a contiguous pool extent is allocated and the body is received straight into it (a
1 MiB WRITE payload lands in pool pages with no copy); the receive that ends a record also
takes the next one's head (``LOOKAHEAD``: never payload), so a pipelined burst costs one
receive per call and the connection knows while answering one call that another is here. When the pool has no such extent, reading pauses
until ``await pool.alloc(...)`` returns: back-pressure, never unbounded memory. A peer may
announce a large record and then stall, holding its extent: records over the pool's bulk threshold are
therefore received only while a quarter of the pool stays free (the pool's ``reserve``), so
stalled peers can never take the pages that small calls and READ replies of everyone else need.

Complete records are queued as calls. A per-connection dispatch task starts up to
``max_inflight_per_conn`` handler tasks at a time; replies may leave out of order, which RPC
allows (the xid matches them, RFC 5531 §9). Reading pauses when the queue holds as many calls as
may be in flight, and resumes at half of that (the low mark), as aiohttp bounds its pipeline.

Budgets (``transport.budget``, shared with RDMA): each connection's ``Account`` is charged
with the pool pages of its records (partial ones too, whatever their size), the pages and heap
bytes of its replies until the kernel has them, and its calls. A record is received only
while the connection and its address are within budget (else reading pauses until one of the
address's connections releases something), and a queued call starts only while its reply
estimate fits: a peer that pipelines big READs and never reads the replies pins a bounded
number of pages, not the pool. A peer holding pages without progress (a partial record it does
not finish, replies it does not read) for ``stall_timeout`` is closed; an idle connection is
closed after ``idle_timeout``; at ``max_connections`` the oldest idle connection makes room
for a new one (a new one is refused only when every connection is busy).

A handler builds an ``XdrReader`` over the record, awaits ``dispatcher.handle_call`` and sends
the RpcBuffer as ``[record mark, *wire_views()]`` with one ``transport.writelines`` (one
scatter-gather send on uvloop); replies of a burst wait in a per-connection outbox and leave
together, a lone reply at once (:meth:`RpcConnection._send`). See :meth:`RpcConnection._send` for when pages go back to the
pool. A record-marking error, or any exception escaping the dispatcher (an undecodable call:
there is no xid to reply to), closes that connection only, with a log line.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import socket
import struct
import time
from collections.abc import Awaitable, Callable, Coroutine, Generator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from rpc.auth import AuthSys
from rpc.client import Reply
from rpc.ratelog import RateLog
from rpc.xprt import DEFAULT_TIMEOUT, MsgKind, PendingCalls, Xprt, classify
from transport.budget import Account, Budgets, Limits
from transport.tcp._base_protocol import FlowControlProtocol
from transport.tcp.listen import Listener, bind_listeners
from transport.tcp.record import (
    DEFAULT_MAX_RECORD,
    LAST_FRAGMENT,
    NEED_DATA,
    NeedExtent,
    Record,
    RecordError,
    RecordParser,
)
from transport.tcp.record import encode_mark as _encode_mark

__all__ = ["CallDispatcher", "RpcConnection", "TcpRpcServer"]

log = logging.getLogger("nfsrdma.transport.tcp")
# Per-connection warnings a peer can trigger at will (bad records, refusals): rate-limited.
ratelog = RateLog(log)

# Await drain once more than this many bytes sit in the transport's buffer (aiohttp uses
# 64 KiB for HTTP bodies; a READ reply is up to 1 MiB, so one reply's worth of queued
# output per connection keeps the socket busy without letting a slow reader pile up more).
DRAIN_THRESHOLD = 1 << 20

# Records above this are bulk (a WRITE payload): the size the pool treats as bulk too
# (storage.pool.BULK_THRESHOLD); every NFS call but a large WRITE is below it.
BULK_RECORD = 16 << 10

# Seconds of call work one address may run in one loop turn before its further calls wait
# for the next turn (see TcpRpcServer.turn_spent): 10 ms is ~60 cached 4 KiB READs, so a
# lone client keeps its bursts whole, and 4 flooding addresses make a turn ~0.1 s (plus one
# call each past the share), not seconds.
TURN_SHARE = 0.010
_now = time.perf_counter
_pack_u32 = struct.Struct(">I").pack



class BvecListLike(Protocol):
    nbytes: int

    def release(self) -> None: ...

    def contiguous_extent(self) -> tuple[int, int] | None: ...


class PoolLike(Protocol):
    """The part of ``storage.PagePool`` the transport uses."""

    view: memoryview
    page_size: int
    npages: int

    def try_alloc(self, nbytes: int, contiguous: bool = False, *, reserve: int = 0) -> Any: ...

    async def alloc(self, nbytes: int, contiguous: bool = False, *, reserve: int = 0) -> Any: ...


class RpcBufferLike(Protocol):
    @property
    def payload_nbytes(self) -> int: ...

    def wire_views(self, with_pad: bool = True) -> list[memoryview]: ...

    def wire_sizes(self) -> tuple[list[memoryview], int, int]: ...

    def release(self) -> None: ...


class CallDispatcher(Protocol):
    """The seam to ``rpc``: decode the call from ``reader``, run it, return the reply (or None
    to send nothing). Raising means the call could not be decoded at all. ``xprt`` is the
    connection the call came on (``CallContext.xprt``)."""

    def handle_call(
        self, reader: Any, *, client: tuple[str, int], transport: str, xprt: Any
    ) -> Awaitable[RpcBufferLike | None]: ...


ReaderFactory = Callable[[memoryview, Any], Any]


def _default_reader_factory() -> ReaderFactory:
    from rpc import XdrReader  # rpc sits above transport only for these types (internal-api)

    return XdrReader  # XdrReader(view, owner): no wrapper call per record


def _count_copy(nbytes: int, where: str) -> None:
    from storage.copies import COPIES

    COPIES.add(nbytes, where)


def _writelines_copies(transport: asyncio.BaseTransport) -> bool:
    # asyncio's stock selector transport on 3.11 inherits WriteTransport.writelines, which is
    # b"".join(): a payload copy we must count. uvloop (and 3.12+ selector transports) send
    # the list with one writev/sendmsg.
    return getattr(type(transport), "writelines", None) is asyncio.WriteTransport.writelines


class _Resume:
    """Awaitable that carries on a coroutine already started by hand (``coro.send(None)``
    returned ``first``, what it waits for): what ``yield from`` would do, so a Task can
    finish a handler that suspended on its first run without running it again."""

    __slots__ = ("_coro", "_first")

    def __init__(self, coro: Coroutine[Any, Any, None], first: Any) -> None:
        self._coro, self._first = coro, first

    def __await__(self) -> Generator[Any, None, None]:
        coro, waiting = self._coro, self._first
        while True:
            try:
                yield waiting
            except BaseException as e:  # the Task was cancelled: pass it to the handler
                try:
                    waiting = coro.throw(e)
                except StopIteration:
                    return
            else:
                try:
                    waiting = coro.send(None)
                except StopIteration:
                    return


async def _finish(resume: _Resume) -> None:
    await resume


class RpcConnection(FlowControlProtocol):
    """One TCP connection, an ``rpc.xprt.Xprt``: record parser in, dispatch tasks, ordered
    page release out, and calls of our own to the client on the same connection.

    Invariants: every record extent is owned by exactly one of the parser, ``_queue``, a
    handler task, ``_unsent`` or (a REPLY to one of our calls) its ``Reply``; ``_unsent`` is
    in send order with cumulative end offsets. ``acct`` is charged with exactly the pages of
    the parser's extent (``_rx_pages``), of queued records, of running calls (their record and
    reply estimate) and of ``_unsent`` (record and reply), each call once in ``calls``.
    """

    __slots__ = (
        "_alloc_task",
        "_budget_wait",
        "_close_cbs",
        "_closing",
        "_copying_writelines",
        "_draining",
        "_eof",
        "_extent_wait",
        "_inflight",
        "_last_activity",
        "_outbox",
        "_outbox_bytes",
        "_outbox_payload",
        "_parser",
        "_pending",
        "_pumping",
        "_queue",
        "_queue_paused",
        "_queued",
        "_reading_paused",
        "_repump",
        "_rx_pages",
        "_rx_want",
        "_start_waiting",
        "_turn_deferred",
        "_unsent",
        "_wbuf_seen",
        "_written",
        "acct",
        "name",
        "peer",
        "server",
    )

    def __init__(self, server: TcpRpcServer) -> None:
        super().__init__()
        self.server = server
        self.peer: tuple[str, int] = ("", 0)
        self._parser = RecordParser(server.max_record)
        # (record, pages charged for its extent)
        self._queue: collections.deque[tuple[Record, int]] = collections.deque()
        self._inflight = 0
        self._pumping = False
        self._repump = False
        self._alloc_task: asyncio.Task[None] | None = None
        self._reading_paused = False
        self._queue_paused = False
        self._extent_wait = False
        self._closing = False
        self._eof = False
        self._copying_writelines = False
        self._written = 0  # bytes handed to the transport
        self._queued = 0  # bytes handed to the transport or waiting in the outbox
        # Replies of a burst wait here and go out together (see _send): a burst is one
        # writelines (one writev), a lone reply is never held back.
        self._outbox: list[Any] = []
        self._outbox_bytes = 0
        self._outbox_payload = 0
        # (end offset in _queued, reply, record owner, pages charged, reply bytes charged)
        self._unsent: collections.deque[tuple[int, RpcBufferLike, Any, int, int]] = (
            collections.deque())
        # budgets.clock() (monotonic, fine-grained: uvloop's loop.time() ticks in ms, and
        # make_room must tell the two most recently active connections apart)
        self._last_activity = 0.0
        self._rx_pages = 0
        self._rx_want = 0  # bytes the last get_buffer offered (fewer received: socket empty)
        self._draining = False  # in _drain (a nested wake-up leaves the events to it)
        self._budget_wait = False  # a record waits for the budget (reading paused)
        self._start_waiting = False  # the dispatch loop waits for the budget
        self._turn_deferred = False  # our address used its share of this loop turn
        self._wbuf_seen = 0
        self.acct: Account | None = None
        self.name = "tcp"
        self._pending = PendingCalls(server.count_unexpected_reply)
        self._close_cbs: list[Callable[[Any], None]] = []

    # -- connection lifecycle --------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        assert self.transport is not None
        peer = transport.get_extra_info("peername")
        self.peer = (str(peer[0]), int(peer[1])) if peer else ("", 0)
        server = self.server
        refused = "shutdown" if server.closing else server.make_room()
        if refused:
            ratelog.warning("tcp refused", "tcp %s: refused (%s), %d connections open",
                            self.peer, refused, len(server.connections))
            server.count_refused(refused)
            self._closing = True
            self.transport.abort()
            return
        self.acct = server.budgets.open(self.peer[0])
        server.connections.add(self)
        if server.conn_gauge is not None:
            server.conn_gauge.inc()
        # High-water 0: the transport calls pause_writing as soon as anything is buffered and
        # resume_writing only once the buffer is empty again. That is the one notification
        # asyncio gives that queued bytes (which may still reference pool pages) reached the
        # kernel, so pending page releases run there (see _send).
        self.transport.set_write_buffer_limits(high=0, low=0)
        self._copying_writelines = _writelines_copies(transport)
        self._last_activity = server.budgets.clock()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._closing = True
        server = self.server
        if self in server.connections:
            server.connections.discard(self)
            if server.conn_gauge is not None:
                server.conn_gauge.dec()
        self._parser.discard()
        if self._alloc_task is not None:
            self._alloc_task.cancel()
        while self._queue:
            self._queue.popleft()[0].owner.release()
        # The transport is closed: nothing queued in it (or in our outbox, dropped now) will
        # be read from our pages again.
        self._outbox.clear()
        self._release_sent(everything=True)
        if self.acct is not None:
            # Everything this connection held is back in the pool (or, for calls still
            # running, will be when they end): the budget forgets it all now.
            self.acct.close()
        self._pending.fail_all(ConnectionResetError(f"tcp {self.peer}: connection lost"))
        cbs, self._close_cbs = self._close_cbs, []
        for cb in cbs:
            try:
                cb(self)
            except Exception:
                log.exception("tcp %s: on_close callback failed", self.peer)

    def eof_received(self) -> bool | None:
        # The peer sends nothing more: no REPLY to a call of ours can come now.
        self._pending.fail_all(ConnectionResetError(f"tcp {self.peer}: peer closed its side"))
        if not self._parser.idle:
            log.info("tcp %s: truncated record at EOF, closing", self.peer)
            return None  # close the transport
        if self._inflight or self._queue:
            # A half-close (shutdown(SHUT_WR)) after the last call: answer what was received,
            # then close (transport.close() flushes queued replies first).
            self._eof = True
            return True
        return None

    def close(self, reason: str | None = None) -> None:
        """Close the connection (pages are returned in ``connection_lost``)."""
        if reason:
            ratelog.warning("tcp closing", "tcp %s: closing: %s", self.peer, reason)
        self._closing = True
        if self.transport is not None:
            self._flush()  # replies still in the outbox go first (close flushes the rest)
            self.transport.close()

    def abort(self, reason: str) -> None:
        ratelog.warning("tcp aborting", "tcp %s: aborting: %s", self.peer, reason)
        self._closing = True
        if self.transport is not None:
            self.transport.abort()

    @property
    def busy(self) -> bool:
        return bool(self._inflight or self._queue or self._unsent)

    @property
    def idle(self) -> bool:
        """Nothing received, running or unsent: closing it loses nothing."""
        return not self.busy and self._parser.idle and not self._closing

    def stalled(self, now: float) -> bool:
        """The peer holds our pages and does not move: a record it does not finish or
        replies it does not read, for longer than the stall timeout."""
        acct, transport = self.acct, self.transport
        if acct is None or transport is None or self._closing:
            return False
        wbuf = transport.get_write_buffer_size()
        if wbuf < self._wbuf_seen:
            acct.progress()  # the peer took some of our bytes since the last look
        self._wbuf_seen = wbuf
        if not (wbuf or not self._parser.idle):
            return False  # waiting for us (a slow call), not for the peer
        return acct.stalled(now)

    # -- calls to the client (rpc.xprt.Xprt) --------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._lost or self._closing

    def on_close(self, cb: Callable[[Any], None]) -> None:
        """Run ``cb(self)`` once when the connection is lost (at once if it already is)."""
        if self._lost:
            cb(self)
        else:
            self._close_cbs.append(cb)

    async def call(
        self,
        prog: int,
        vers: int,
        proc: int,
        args: bytes | bytearray | memoryview = b"",
        cred: AuthSys | None = None,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> Reply:
        """Send a call to the client on this connection and wait for its reply.

        **Returns** the `Reply` (its body is a slice of the received record: release it).

        **Raises** ``RpcTimeout``, ``RpcDenied``/``RpcAcceptError`` (the client answered
        without results), ``ConnectionResetError`` (the connection closed first).
        """
        return await self._pending.call(self._send_call, prog, vers, proc,
                                        [bytes(args)] if args else [], cred, timeout)

    async def _send_call(self, xid: int, parts: Sequence[bytes | memoryview]) -> None:
        transport = self.transport
        if self.closed or transport is None:
            raise ConnectionResetError(f"tcp {self.peer}: connection closed")
        # A call is small (a callback): one bytes object, nothing of ours stays referenced.
        data = b"".join(parts)
        self._flush()  # replies waiting in the outbox keep their place before it
        transport.write(_encode_mark(len(data)) + data)
        self._written += 4 + len(data)  # keeps _release_sent's byte count in step
        self._queued += 4 + len(data)
        if transport.get_write_buffer_size() > DRAIN_THRESHOLD:
            await self.drain()

    # -- receive side ----------------------------------------------------------------------

    def get_buffer(self, sizehint: int) -> memoryview:
        buf = self._parser.get_buffer()
        self._rx_want = len(buf)
        return buf

    def buffer_updated(self, nbytes: int) -> None:
        acct = self.acct
        assert acct is not None
        acct.progress()
        try:
            ev = self._parser.buffer_updated(nbytes)
        except RecordError as e:
            self.abort(e.reason)
            return
        self._drain(ev)
        if nbytes < self._rx_want and self._outbox:
            # A short read: the socket is empty, this burst's calls are all in; their
            # replies that waited for the rest of it leave now, in one writelines.
            self._flush()

    def _drain(self, ev: Any) -> None:
        """Handle parser events (``ev``, then the parser's next ones) until it needs data,
        an extent is awaited or the call queue is full (each of those pauses reading, and
        whatever ends the wait drains again before reading resumes)."""
        if self._draining:
            return  # the outer loop goes on (its next event is the parser's)
        self._draining = True
        parser = self._parser
        try:
            while ev is not NEED_DATA:
                if ev.__class__ is NeedExtent:
                    if not self._need_extent(ev.nbytes):
                        return
                else:
                    self._on_record(ev)
                    if self._queue_paused or self._closing:
                        return
                ev = parser.next_event()
        except RecordError as e:
            self.abort(e.reason)
        finally:
            self._draining = False

    def _on_record(self, rec: Record) -> None:
        acct = self.acct
        assert acct is not None
        self._last_activity = self.server.budgets.clock()
        pages, self._rx_pages = self._rx_pages, 0
        if classify(rec.view) is MsgKind.REPLY:
            # Sorted before dispatch: a REPLY answers one of our calls (or is dropped and
            # counted); it never reaches a program. Our calls bound these.
            acct.uncharge(pages=pages)
            self._pending.process_reply(rec.view, rec.owner)
            return
        acct.charge(calls=1)
        self._queue.append((rec, pages))
        self._pump()
        if len(self._queue) >= self.server.max_inflight_per_conn:
            self._queue_paused = True
            self._update_reading()

    def _need_extent(self, nbytes: int) -> bool:
        """Provide the parser an extent for a record of ``nbytes``: True when done now,
        False when it waits for the budget or the pool (reading paused meanwhile)."""
        acct = self.acct
        assert acct is not None
        # A record in progress counts against the budget however small (a peer may start
        # records and never finish them); a new one also needs room for one more call.
        server = self.server
        pages = -(-nbytes // server.pool.page_size)
        # A bulk record leaves a quarter of the address's budget to its small calls: a host
        # whose big records stall (or trickle) still gets its GETATTRs and MNTs through.
        # (BULK_RECORD is the pool's bulk threshold: below it the pool's reserve is 0 too.)
        bulk = nbytes > BULK_RECORD
        reserve = server.budgets.limits.client_pages // 4 if bulk else 0
        if not acct.admits(pages=pages - self._rx_pages, calls=1, reserve=reserve):
            if not self._budget_wait:
                self._budget_wait = True
                self._update_reading()
                acct.wait(lambda: self._retry_extent(nbytes))
            return False
        bvecs = server.pool.try_alloc(
            nbytes, contiguous=True, reserve=server.record_reserve(nbytes) if bulk else 0)
        if bvecs is not None:
            self._provide_extent(bvecs)
            return True
        # No contiguous run free: stop reading (the parser must not be asked for a buffer
        # now) and wait for pages. pause_reading takes effect at once on both uvloop
        # (uv_read_stop) and asyncio (reader removed), so get_buffer is not called meanwhile.
        self._extent_wait = True
        self._update_reading()
        self._alloc_task = self.server.loop.create_task(self._alloc_extent(nbytes))
        return False

    def _resume(self) -> None:
        """A wait ended (extent provided, queue below its low mark): handle what the parser
        already holds, then read again unless another wait began."""
        try:
            ev = self._parser.next_event()
        except RecordError as e:
            self.abort(e.reason)
            return
        self._drain(ev)
        self._update_reading()

    def _retry_extent(self, nbytes: int) -> None:
        """The address released something: try the waiting record again."""
        self._budget_wait = False
        if self._closing or self._lost:
            return
        # Reading stays paused until the extent is provided: _need_extent either provides
        # it now, or waits again (budget or pool) with its own pause flag set.
        if self._need_extent(nbytes):
            self._resume()
        else:
            self._update_reading()

    def _pages_of(self, nbytes: int) -> int:
        ps = self.server.pool.page_size
        return -(-nbytes // ps)

    async def _alloc_extent(self, nbytes: int) -> None:
        try:
            bvecs = await self.server.pool.alloc(
                nbytes, contiguous=True, reserve=self.server.record_reserve(nbytes))
        except asyncio.CancelledError:
            return
        except Exception as e:  # PoolTooSmall: this record can never fit
            self.abort(f"cannot allocate {nbytes} bytes for a record: {e!r}")
            return
        finally:
            self._alloc_task = None
        if self._closing:
            bvecs.release()
            return
        self._provide_extent(bvecs)
        self._extent_wait = False
        self._resume()

    def _provide_extent(self, bvecs: BvecListLike) -> None:
        ext = bvecs.contiguous_extent()
        assert ext is not None, "try_alloc(contiguous=True) returned scattered pages"
        off, n = ext
        pages = -(-n // self.server.pool.page_size)
        acct = self.acct
        assert acct is not None
        acct.charge(pages=pages)
        old, self._rx_pages = self._rx_pages, pages
        # The whole last page (ours too): the parser may read the next call's head into
        # the room after the record (transport.tcp.record.LOOKAHEAD).
        end = off + pages * self.server.pool.page_size
        copied = self._parser.provide_extent(bvecs, self.server.pool.view[off:end])
        if old:
            acct.uncharge(pages=old)  # the parser released the previous, smaller extent
        if copied:
            _count_copy(copied, "tcp-multifragment")

    def _update_reading(self) -> None:
        transport = self.transport
        if transport is None or self._closing:
            return
        want_paused = (self._extent_wait or self._budget_wait or self._queue_paused
                       or self.server.closing)
        if want_paused != self._reading_paused:
            self._reading_paused = want_paused
            if want_paused:
                transport.pause_reading()
            else:
                transport.resume_reading()

    # -- dispatch --------------------------------------------------------------------------

    def _pump(self) -> None:
        """Start queued calls in arrival order while the connection's in-flight limit and
        its budget allow. A call whose handler never suspends (a 4 KiB READ served from
        the page cache) runs to its reply right here, in the callback that received it: no
        Task, no dispatch wake-up, no extra loop turn. One that suspends continues in a
        Task (``_Resume``). Re-entry (a call ending inside this loop) only asks for one
        more pass, so a burst of synchronous calls does not recurse."""
        if self._pumping:
            self._repump = True
            return
        self._pumping = True
        try:
            self._repump = True
            while self._repump:
                self._repump = False
                self._start_queued()
        finally:
            self._pumping = False

    def _start_queued(self) -> None:
        server = self.server
        limit = server.max_inflight_per_conn
        acct = self.acct
        assert acct is not None
        queue = self._queue
        spent = server.turn_spent
        host = acct.client.host
        waiting = server.turn_waiting
        while queue and self._inflight < limit and not self._lost:
            if spent.get(host, 0.0) >= server.turn_share or (
                    host in waiting and server.turn_serving is not self):
                # past the share, or our address's deferred connections go first: a
                # connection whose client sends more as replies come would otherwise
                # always start ahead of one that waits for its turn (no new data, no wake)
                self._defer_to_next_turn()
                return
            est = self._may_start()
            if est is None:
                return
            call = queue.popleft()
            if self._queue_paused and len(queue) <= limit // 2:
                self._queue_paused = False
                self._resume()  # records the parser already holds first, then reading
            self._inflight += 1
            acct.charge(pages=est[0], reply_bytes=est[1], running=1)
            coro = self._handle(call, est)
            t0 = _now()
            try:
                first = coro.send(None)
            except StopIteration:
                server.spend_turn(host, _now() - t0)
                continue  # answered without suspending
            server.spend_turn(host, _now() - t0)
            task = server.loop.create_task(_finish(_Resume(coro, first)))
            # Tracked by the server, not the connection: a handler outlives a lost
            # connection (its storage work completes) and close() waits for it.
            server.handlers.add(task)
            task.add_done_callback(server.handlers.discard)

    def _defer_to_next_turn(self) -> None:
        """Our address ran its share of this loop turn in calls that never suspend: the
        rest of our queue starts on a later turn, after every other address had its go and
        after the connections of our own address that were deferred before us."""
        if not self._turn_deferred:
            self._turn_deferred = True
            acct = self.acct
            assert acct is not None
            self.server.defer_turn(acct.client.host, self)

    def _may_start(self) -> tuple[int, int] | None:
        """The reply estimate to reserve for one more call, or None (and a wake-up asked
        for) while it does not fit the budget."""
        acct = self.acct
        assert acct is not None
        est = (acct.est_pages, acct.est_bytes)
        if acct.admits(pages=est[0], reply_bytes=est[1], start=True):
            return est
        if not self._start_waiting:
            self._start_waiting = True
            acct.wait(self._budget_released)
        return None

    def _budget_released(self) -> None:
        # Called inside another connection's release: start our calls on a loop turn of
        # their own, never nested in its (a chain of synchronous calls across connections
        # would recurse and keep the loop from everyone else).
        self._start_waiting = False
        if not self._lost:
            self.server.loop.call_soon(self._pump)

    async def _handle(self, queued: tuple[Record, int], est: tuple[int, int]) -> None:
        call, rec_pages = queued
        owner: Any = call.owner
        server = self.server
        acct = self.acct
        assert acct is not None
        try:
            try:
                reader = server.reader_factory(call.view, owner)
                reply = await server.dispatcher.handle_call(
                    reader, client=self.peer, transport="tcp", xprt=self
                )
            except Exception as e:
                self.abort(f"undecodable call ({e!r})")
                return
            if reply is None:
                return
            if self._lost or self.transport is None or self.transport.is_closing():
                reply.release()
                return
            # The record goes back with the reply: the reply payload may be a slice of it
            # (an echo, or data a handler kept), and pages must not be reused while queued.
            self._send(reply, owner, rec_pages, est)
            owner = None
            if self.transport.get_write_buffer_size() > DRAIN_THRESHOLD:
                await self.drain()
        except ConnectionResetError:
            pass
        finally:
            if owner is not None:  # no reply went out: the call and its estimate end here
                owner.release()
                acct.uncharge(pages=rec_pages + est[0], reply_bytes=est[1], calls=1, running=1,
                              busy=1)
            self._inflight -= 1
            if self._queue:
                self._pump()
            if self._eof and not self._inflight and not self._queue:
                self.close()

    # -- send side -------------------------------------------------------------------------

    def _send(self, reply: RpcBufferLike, owner: Any, rec_pages: int = 0,
              est: tuple[int, int] = (0, 0)) -> None:
        """Queue ``reply`` as one record: ``[mark, *wire_views]``, written at once, or put
        in the outbox when more replies are sure to follow (see below), which goes out with
        one writelines when the burst's last call is read or the next loop turn begins
        (`TcpRpcServer._next_tick`).

        Page release: ``writelines`` on uvloop sends what the socket takes at once and keeps
        references (Py_buffer exports, then libuv iovecs) to the rest of our memoryviews
        until they are written, so pool pages of a reply (and of its call record) may only
        be reused once the transport has handed those bytes to the kernel. The transport
        sends in order, so ``_written - get_write_buffer_size()`` is the count of our bytes
        already in the kernel; each reply is released when that passes its end offset
        (counted in ``_queued``, outbox included), checked right after each write (the
        common case: everything went out, release now) and in ``resume_writing``
        (high-water 0: the buffer became empty). On connection loss the transport holds
        nothing any more and everything is released.
        """
        transport = self.transport
        assert transport is not None
        views, nbytes, payload = reply.wire_sizes()
        if nbytes > 0x7FFF_FFFF:
            raise ValueError(f"reply of {nbytes} bytes does not fit a record mark")
        end = self._queued = self._queued + 4 + nbytes
        # The estimate becomes the real charge: the reply's pages and heap bytes (pinned
        # until the kernel has them) plus the call's record; charged before the estimate
        # is returned, so no waiter sees the connection lighter than it is.
        acct = self.acct
        assert acct is not None
        pages, heap = -(-payload // self.server.pool.page_size), nbytes - payload
        acct.settle(est[0], est[1], pages, heap)
        self._unsent.append((end, reply, owner, rec_pages + pages, heap))
        server = self.server
        out = self._outbox
        # Batched when more replies are sure to follow soon: the parser already holds the
        # start of another call (a pipelined burst, read one call per receive), or other
        # calls of ours are under way (completions of a burst). The outbox leaves in one
        # writelines at the burst's short read (the socket is empty: buffer_updated), at
        # the next loop turn at the latest. A lone call's reply (ping-pong: the client waits
        # for it before sending more) always goes out at once, after any batched ones (the
        # transport must see our bytes in _queued order), and costs no callback.
        batch = self._parser.pending or self._inflight > 1 or bool(self._queue)
        if batch or out:
            if not out:
                server.outboxes.append(self)  # flushed by a short read or the next tick
                if not server.tick_pending:
                    server.tick_pending = True
                    server.loop.call_soon(server._next_tick)
            out.append(_pack_u32(nbytes | LAST_FRAGMENT))
            out += views
            self._outbox_bytes += 4 + nbytes
            self._outbox_payload += payload
            if not batch or self._outbox_bytes > DRAIN_THRESHOLD:
                self._flush()
            return
        transport.writelines([_pack_u32(nbytes | LAST_FRAGMENT), *views])
        if self._copying_writelines and payload:
            _count_copy(payload, "tcp-writelines-join")
        self._written += 4 + nbytes
        self._release_sent()

    def _flush(self) -> None:
        """Write the outbox's replies with one writelines (nothing to do when empty)."""
        out = self._outbox
        if not out:
            return
        transport = self.transport
        if transport is None or self._lost or transport.is_closing():
            return  # aborted or lost: connection_lost releases them
        nbytes, payload = self._outbox_bytes, self._outbox_payload
        self._outbox = []
        self._outbox_bytes = self._outbox_payload = 0
        transport.writelines(out)
        if self._copying_writelines and payload:
            _count_copy(payload, "tcp-writelines-join")
        self._written += nbytes
        self._release_sent()

    def _release_sent(self, everything: bool = False) -> None:
        unsent = self._unsent
        if not unsent:
            return
        if everything or self.transport is None:
            handed = self._queued
        else:
            handed = self._written - self.transport.get_write_buffer_size()
        acct = self.acct
        assert acct is not None
        if unsent[0][0] <= handed:
            self._last_activity = now = self.server.budgets.clock()
            acct.progress(now)
        while unsent and unsent[0][0] <= handed:
            _, reply, owner, pages, heap = unsent.popleft()
            reply.release()
            if owner is not None:
                owner.release()
            acct.uncharge(pages=pages, reply_bytes=heap, calls=1, running=1)

    def resume_writing(self) -> None:
        super().resume_writing()
        self._release_sent()


class TcpRpcServer:
    """Accepts RPC-over-TCP connections and feeds their calls to ``dispatcher``.

    ``host`` may be one address, a list, or None for every interface (IPv4 and IPv6).
    """

    def __init__(
        self,
        dispatcher: CallDispatcher,
        pool: PoolLike,
        host: str | Sequence[str] | None = None,
        port: int = 2049,
        max_record: int = DEFAULT_MAX_RECORD,
        max_inflight_per_conn: int = 16,
        *,
        max_connections: int = 1024,
        idle_timeout: float | None = None,
        budgets: Budgets | None = None,
        reader_factory: ReaderFactory | None = None,
        backlog: int = 1024,
        metrics: Any = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.pool = pool
        self.host = host
        self.port = port
        self.max_record = max_record
        self.max_inflight_per_conn = max_inflight_per_conn
        self.max_connections = max_connections
        self.idle_timeout = idle_timeout
        # One Budgets per server, shared by its listeners and RDMA (nfsrdma.server builds
        # it); a listener on its own gets one sized to its pool.
        self.budgets = budgets or Budgets(Limits.for_pool(pool.npages))
        self.backlog = backlog
        self.reader_factory: ReaderFactory = reader_factory or _default_reader_factory()
        self.connections: set[RpcConnection] = set()
        self.handlers: set[asyncio.Task[None]] = set()
        # nfsrdma.metrics.Metrics (optional): open connections gauge, label transport="tcp".
        self.conn_gauge: Any = metrics.connections.labels(transport="tcp") if metrics else None
        self._refused: Any = metrics.connections_refused if metrics else None
        self._evicted: Any = metrics.connections_evicted if metrics else None
        self._unexpected: Any = metrics.rpc_unexpected_replies if metrics else None
        # Fairness between addresses on the one loop: seconds each address spent this loop
        # turn starting calls (a call that never suspends runs whole inside its start). Past
        # ``turn_share`` an address's further calls wait for the next turn, so flooders of
        # expensive calls (READDIRPLUS of a big directory) from a few addresses cannot make
        # one turn last seconds for everyone else; a lone client is never held back more
        # than a loop turn. Cleared at the start of the next turn.
        self.turn_share = TURN_SHARE
        self.turn_spent: dict[str, float] = {}
        # Per address, its connections deferred to a later turn, in the order they were
        # deferred (served by _serve_turn; absent when none waits).
        self.turn_waiting: dict[str, collections.deque[RpcConnection]] = {}
        self.turn_serving: RpcConnection | None = None  # the one _serve_turn is starting
        # Connections whose outbox waits for _next_tick (the next loop turn's first
        # callback, scheduled by the first reply put in an outbox this turn).
        self.tick_pending = False
        self.outboxes: list[RpcConnection] = []
        self.closing = False
        self._server: Listener | None = None
        self._reaper: asyncio.Task[None] | None = None
        # (host, port) of each listening socket, set by start() (the real port for port 0).
        self.addresses: list[tuple[str, int]] = []
        self.loop: asyncio.AbstractEventLoop = None  # type: ignore[assignment]  # set in start()

    def _next_tick(self) -> None:
        """First callback of the turn after one in which replies were held: the outboxes
        not flushed yet (no short read came) go out, one writelines each."""
        self.tick_pending = False
        conns, self.outboxes = self.outboxes, []
        for c in conns:
            c._flush()

    def defer_turn(self, host: str, conn: RpcConnection) -> None:
        """Queue ``conn`` behind its address's other deferred connections; the address's
        queue is served on the next turn (``_serve_turn``)."""
        waiting = self.turn_waiting.get(host)
        if waiting is None:
            waiting = self.turn_waiting[host] = collections.deque()
            self.loop.call_soon(self._serve_turn, host)
        waiting.append(conn)

    def _serve_turn(self, host: str) -> None:
        """Start the deferred connections of ``host`` in the order they were deferred until
        its share of this turn is spent; the rest keep their places for the next turn. A
        connection that spends the share defers itself again at the back, so one with an
        endless pipeline cannot keep the address's other connections from ever starting
        (each deferred connection would otherwise find the share spent by the same first
        one, turn after turn)."""
        waiting = self.turn_waiting[host]
        spent = self.turn_spent
        while waiting and spent.get(host, 0.0) < self.turn_share:
            conn = waiting.popleft()
            conn._turn_deferred = False
            if not conn._lost:
                self.turn_serving = conn
                try:
                    conn._pump()
                finally:
                    self.turn_serving = None
        if waiting:
            self.loop.call_soon(self._serve_turn, host)
        else:
            del self.turn_waiting[host]

    def spend_turn(self, host: str, seconds: float) -> None:
        """Add ``seconds`` of call work to ``host``'s share of this loop turn."""
        spent = self.turn_spent
        if not spent:
            self.loop.call_soon(spent.clear)  # runs first on the next turn
        spent[host] = spent.get(host, 0.0) + seconds

    def count_unexpected_reply(self, reason: str) -> None:
        """A REPLY no call of ours waited for (or undecodable) was dropped: count it."""
        log.debug("tcp: dropped an unexpected REPLY (%s)", reason)
        if self._unexpected is not None:
            self._unexpected.labels(transport="tcp", reason=reason).inc()

    def count_refused(self, reason: str) -> None:
        if self._refused is not None:
            self._refused.labels(transport="tcp", reason=reason).inc()

    def evict(self, conn: RpcConnection, reason: str, detail: str) -> None:
        """Close ``conn`` now (its pages return in ``connection_lost``) and count it; a
        stalled peer is aborted (what it did not read is dropped), an idle one closed."""
        if self._evicted is not None:
            self._evicted.labels(transport="tcp", reason=reason).inc()
        if reason == "idle":
            log.info("tcp %s: closing: %s", conn.peer, detail)
            conn.close()
        else:
            conn.abort(f"evicted ({reason}): {detail}")

    def make_room(self) -> str | None:
        """At the connection cap, evict the longest-idle connection for a new one.

        **Returns** None when the new connection may stay, else the refusal reason (every
        connection is busy: nothing can be closed without losing work).
        """
        if len(self.connections) < self.max_connections:
            return None
        idle = [c for c in self.connections if c.idle]
        if not idle:
            return "max_connections"
        oldest = min(idle, key=lambda c: c._last_activity)
        self.evict(oldest, "make_room", f"{len(self.connections)} connections open")
        # Aborted but not yet lost: it leaves the set in connection_lost; it holds nothing.
        self.connections.discard(oldest)
        if self.conn_gauge is not None:
            self.conn_gauge.dec()
        return None

    def record_reserve(self, nbytes: int) -> int:
        """Bytes of the pool a record of ``nbytes`` must leave free (the pool's bulk policy)."""
        bulk = getattr(self.pool, "bulk_reserve", None)
        return int(bulk(nbytes)) if bulk is not None else 0

    async def start(self) -> None:
        """Bind and start accepting. Runs on the current loop (use uvloop's for speed)."""
        self.loop = asyncio.get_running_loop()
        # Our own accept (transport.tcp.listen), not loop.create_server: uvloop's takes one
        # connection per loop turn, and a turn under a flood lasts 50-100 ms.
        self._server = Listener(self.loop, bind_listeners(self.host, self.port, self.backlog),
                                lambda: RpcConnection(self))
        self.addresses = [
            (str(a[0]), int(a[1])) for a in (s.getsockname() for s in self._server.socks)
        ]
        if self.addresses:
            self.port = self.addresses[0][1]  # the port the kernel chose when asked for 0
        self._reaper = self.loop.create_task(self._reap())

    async def adopt(self, sock: socket.socket) -> None:
        """Serve ``sock``, a TCP connection accepted elsewhere (``nfsrdma.workers``: the
        supervisor accepted it and handed it over with SCM_RIGHTS), as if this server had
        accepted it: same budgets, caps, reaper and metrics.  A server that only adopts need
        not ``start()``; the first adoption binds it to the running loop.

        **Raises** OSError when the socket is no longer usable (the peer already went away).
        """
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
        if self._reaper is None:
            self._reaper = self.loop.create_task(self._reap())
        sock.setblocking(False)
        await self.loop.connect_accepted_socket(lambda: RpcConnection(self), sock)

    async def _reap(self) -> None:
        """Close idle connections past ``idle_timeout`` and stalled ones past the budget's
        ``stall_timeout``, checking a few times per the shorter of the two."""
        stall = self.budgets.limits.stall_timeout
        idle = self.idle_timeout
        period = min(stall, idle) if idle else stall
        period = min(5.0, max(0.05, period / 4))
        clock = self.budgets.clock
        while True:
            await asyncio.sleep(period)
            now = clock()
            for conn in list(self.connections):
                if conn.stalled(now):
                    self.evict(conn, "stalled", f"no progress for {stall}s while holding pages")
                elif idle and conn.idle and now - conn._last_activity > idle:
                    self.evict(conn, "idle", f"idle for more than {idle}s")

    async def close(self, grace: float = 5.0) -> None:
        """Stop accepting, let received calls finish (up to ``grace`` seconds), close all."""
        self.closing = True
        if self.loop is None:  # never started nor adopted anything: nothing to close
            return
        if self._reaper is not None:
            self._reaper.cancel()
        if self._server is not None:
            self._server.close()
        conns = list(self.connections)
        for c in conns:
            c._update_reading()  # closing: no new calls; the queued ones still run
        deadline = self.loop.time() + grace
        while any(c.busy for c in conns) and self.loop.time() < deadline:
            await asyncio.sleep(0.01)
        for c in conns:
            if c.busy:
                c.abort("shutdown grace expired")
            else:
                c.close()
        if self.handlers:  # calls of connections that were lost meanwhile
            await asyncio.wait(set(self.handlers), timeout=max(0.0, deadline - self.loop.time()))
            for t in set(self.handlers):
                t.cancel()
        while self.connections and self.loop.time() < deadline + 1.0:
            await asyncio.sleep(0.01)
        if self._server is not None:
            await self._server.wait_closed()


if TYPE_CHECKING:  # an rpc.xprt.Xprt (checked by mypy, costs nothing at run time)

    def _is_xprt(c: RpcConnection) -> Xprt:
        return c
