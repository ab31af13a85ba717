"""The server side of one RPC-over-RDMA connection (svc_rdma_recvfrom + svc_rdma_sendto).

Operation: a completed Receive is decoded with `proto.decode_header`.  A malformed header
gets an RDMA_ERROR for that one call (or is dropped, as the proto module decides) and the
connection goes on; a completion error closes the connection — the two paths stay apart.
A good call becomes an XdrReader: inline bytes from the receive buffer, Read chunks pulled
by RDMA READ into fresh pool pages (keyed by position), or, for a position-zero Read chunk
(RDMA_NOMSG), the whole call pulled into pool pages.  The dispatcher returns an RpcBuffer.
Its nth payload goes out through the client's nth Write chunk (RFC 8267; RDMA WRITE, lengths
echoed, no pad); what remains (payloads past the last Write chunk included) is sent inline
when it fits the client's receive size, else written into the Reply chunk (RDMA_NOMSG),
else answered with ERR_CHUNK.  When the Send completes, every
page (receive buffer, read chunks, reply payload, staging) goes back to the pool and every
mapping is released.

Budget (issue 12; `transport.budget`): every call is charged to the connection's `Account`
(its receive buffer and one call when it arrives; while it runs, the most pages its header
lets it take (`_bound`: its chunks and an inline reply), swapped for the pages it really
holds once the reply is built, until the Send completes).
A call starts only when the account admits it: the others wait in arrival order, each
holding just its receive buffer, so a client that never reposts its Receives (its replies'
Sends never complete) pins at most its budget, not the pool.  Each reply grants credits
within the budget (at least one, RFC 8166 section 3.3.1), and the receive ring grows to
the grant only as far as the listener's ring allowance lets it (`grow_ring`); it starts
small (`INITIAL_CREDITS`), so an idle connection costs a few pages, not 130.

Reverse direction (RFC 8167): the connection is also an ``rpc.xprt.Xprt``.  `call` sends an
inline RDMA_MSG with empty chunk lists to the client and waits for its reply; at most the
client's reverse credits (and never more than ``bc_slots``, the Receives the listener posts
beyond the forward credits so that replies always find one) are outstanding.  Every Receive
is sorted first (`proto.classify_at_responder`, as svc_rdma_is_reverse_direction_reply): a
reverse-direction reply completes its pending call and never reaches forward processing;
an RPC REPLY that arrives any other way (with chunk lists, or an xid that does not match)
is dropped and counted, never dispatched.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rpc.auth import AuthSys
from rpc.buffer import XdrReader
from rpc.client import Reply
from rpc.errors import RpcInternalError
from rpc.ratelog import RateLog
from rpc.xprt import DEFAULT_TIMEOUT, MsgKind, PendingCalls, Xprt, classify
from storage.bvec import BvecList
from transport.budget import Account
from transport.rdma._endpoint import Endpoint, RdmaIoError
from transport.rdma.proto import (
    INITIAL_REVERSE_CREDITS,
    REVERSE_HEADER_SIZE,
    Decision,
    Direction,
    ErrorCode,
    HeaderError,
    Limits,
    PrivateData,
    Proc,
    classify_at_responder,
    decode_header,
    encode_error,
    encode_reply_header,
    encode_reverse_header,
    grant_credits,
    reverse_credits,
    written_segments,
)
from transport.rdma.rw import ChunkCtxt, build_chain, single_rkey
from transport.rdma.verbs import Access, Sge, WrOpcode

log = logging.getLogger(__name__)
# Per-message warnings a peer can trigger at will (bad headers, chunks): rate-limited.
ratelog = RateLog(log)

_ZERO_PAD = b"\0\0\0"

#: Receives posted beyond the forward credits, kept for replies to our reverse-direction
#: calls, and so the most reverse calls outstanding at once.  NFSv4.1 needs one callback
#: slot per session (the Linux server's backchannel has one too); two let a CB_RECALL
#: go out while a CB_SEQUENCE-only probe is still unanswered.
BACKCHANNEL_SLOTS = 2

#: Forward credits (posted Receives) a new connection starts with; the ring grows toward
#: the configured credits as replies grant more.  The Linux client starts from one credit
#: and asks for 128; 8 lets it pipeline at once while an idle connection costs 10 pages.
INITIAL_CREDITS = 8


def _pages_of(held: Any, page_size: int) -> int:
    """Pool pages one held object pins (receive/staging/chunk pages, a reply's payloads)."""
    nbytes = held.payload_nbytes if hasattr(held, "payloads") else getattr(held, "nbytes", 0)
    return -(-int(nbytes) // page_size)


class _Held(list[Any]):
    """What one call holds until its reply's Send completes, the pages charged for it, and
    whether its reply was posted (see `RdmaServerConnection.repost_now`)."""

    charged = 0
    replied = False
    settled = False  # its reply built (Account.settle): no longer busy


class RdmaServerConnection(Endpoint):
    """Server side of one connection; an ``rpc.xprt.Xprt`` (``name`` "rdma", ``peer`` the
    client's address, `call`, `on_close`).

    Invariants: ``bc_outstanding <= min(bc_credits, bc_slots)``; a reverse-direction reply
    never counts against the forward credits (``in_use``).
    """

    def __init__(self, *args: Any, dispatcher: Any, limits: Limits, max_credits: int,
                 peer: PrivateData, on_closed: Any = None,
                 bc_slots: int = BACKCHANNEL_SLOTS, account: Account | None = None,
                 grow_ring: Callable[[Any, int], int] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        #: the budget this connection's calls are charged to (None: unlimited, unit tests)
        self.account = account
        #: ``grow_ring(conn, n)`` -> Receives it may post now, at most ``n`` more (the
        #: listener's allowance); None: grow freely up to the credits
        self.grow_ring = grow_ring
        #: calls received and not started (receive pages, bytes, decoded header, page bound),
        #: in arrival order
        self._queue: collections.deque[tuple[Any, int, Any, int]] = collections.deque()
        self._kick_armed = False
        #: forward calls received whose reply is not posted yet
        self.unreplied = 0
        #: loop time of the last completed Send or received call (idle eviction)
        self.last_active = 0.0
        self.dispatcher = dispatcher
        self.limits = limits
        self.max_credits = max_credits
        self.peer_pd = peer
        self.on_closed = on_closed
        self.in_use = 0
        self.client: tuple[str, int] = ("?", 0)
        self.name = "rdma"
        self.bc_slots = bc_slots
        self.bc_credits = INITIAL_REVERSE_CREDITS  # the client's latest reverse grant
        self.bc_outstanding = 0
        self._bc_waiters: list[asyncio.Future[None]] = []
        self._pending = PendingCalls(self._count_unexpected)
        self._close_cbs: list[Callable[[Any], None]] = []

    @property
    def peer(self) -> tuple[str, int]:
        return self.client

    @property
    def max_call_size(self) -> int:
        """The largest reverse-direction call (RPC message) this connection sends: the
        client's inline receive size less our transport header (RFC 8167 4.2: no chunks);
        0 when no Receives are kept for reverse replies (no calls at all)."""
        if self.bc_slots <= 0:
            return 0
        return max(0, self.peer_pd.inline_recv_size - REVERSE_HEADER_SIZE)

    def set_peer(self, peer_addr: Any) -> None:
        """The client's address (from its connect request): set before any Receive can
        complete, since the client may send its first call as soon as it sees the accept,
        before our accept returns (calls seen as client "?" were refused by exports rules)."""
        addr = peer_addr or ("?", 0)
        port = addr[1] if len(addr) > 1 and isinstance(addr[1], int) else 0
        self.client = (str(addr[0]), port)

    def connected(self, conn: Any) -> None:
        super().connected(conn)
        if conn.peer_addr:
            self.set_peer(conn.peer_addr)

    # -- connection level -------------------------------------------------------------------

    def on_fatal(self, reason: str) -> None:
        if self.closed:
            return
        log.info("rdma connection %s closing: %s", self.client, reason)
        self.teardown()
        if self.metrics is not None:
            self.metrics.rdma_disconnects.inc()
            self.metrics.rdma_errors.labels(kind="completion").inc()
        if self.on_closed is not None:
            self.on_closed(self)

    def teardown(self) -> None:
        if self.closed:
            return
        super().teardown()
        # Calls that never started: their receive pages go back now.
        while self._queue:
            pages, *_ = self._queue.popleft()
            pages.release()
            self.unreplied -= 1
            self._call_done(_Held(), started=False)

        err = RdmaIoError("connection closed")
        self._pending.fail_all(err)
        self._wake_bc(err)
        cbs, self._close_cbs = self._close_cbs, []
        for cb in cbs:
            try:
                cb(self)
            except Exception:
                log.exception("rdma %s: on_close callback failed", self.client)

    def on_close(self, cb: Callable[[Any], None]) -> None:
        """Run ``cb(self)`` once when the connection goes (at once if it has)."""
        if self.closed:
            cb(self)
        else:
            self._close_cbs.append(cb)

    def _count_unexpected(self, reason: str) -> None:
        log.debug("rdma %s: dropped an unexpected REPLY (%s)", self.client, reason)
        if self.metrics is not None:
            self.metrics.rpc_unexpected_replies.labels(transport="rdma", reason=reason).inc()

    def on_receive(self, pages: Any, nbytes: int) -> None:
        off, _ = pages.contiguous_extent()
        view = self.pool.view[off : off + nbytes]
        if classify_at_responder(view) is Direction.REVERSE_REPLY:
            # Sorted before forward processing: it answers one of our calls and holds no
            # forward credit.
            self.bc_credits = max(1, reverse_credits(view))
            self._pending.process_reply(view[REVERSE_HEADER_SIZE:], pages)
            self.repay_recv()
            return
        self.unreplied += 1
        self.in_use += 1
        self.last_active = asyncio.get_running_loop().time()
        if self.metrics is not None:
            self.metrics.rdma_credits_in_use.inc()
        if self.account is not None:
            self.account.charge(pages=1, calls=1)
            if not self.sends_pending():
                self.account.progress()
        hdr = decode_header(view, self.limits)
        self._queue.append((pages, nbytes, hdr, self._bound(hdr)))
        self._start_queued()

    def _bound(self, hdr: Any) -> int:
        """The most pool pages the call can make us hold beyond its receive buffer, from its
        header: its Read chunks (pulled), its Write and Reply chunks (the most a reply can
        put through them) and an inline reply's staging (RFC 8166 section 3.3.3)."""
        if isinstance(hdr, HeaderError):
            return 1  # an RDMA_ERROR to stage
        chunks = (*hdr.read_pcl.chunks, *hdr.call_pcl.chunks, *hdr.write_pcl.chunks,
                  *hdr.reply_pcl.chunks)
        nbytes = sum(c.length for c in chunks) + self.peer_pd.inline_recv_size
        return -(-nbytes // self.pool.page_size)

    def _start_queued(self) -> None:
        """Start the waiting calls the budget admits, in order; wait for a release if not."""
        self._kick_armed = False
        acct = self.account
        while self._queue and not self.closed:
            bound = self._queue[0][3]
            if acct is not None:
                if not acct.admits(pages=bound, start=True):
                    self._kick_armed = True
                    acct.wait(self._start_queued)
                    return
                acct.charge(pages=bound, running=1)
            recv, nbytes, hdr, _ = self._queue.popleft()
            held = _Held([recv])
            held.charged = bound if acct is not None else 0
            self.spawn(self._handle(recv, nbytes, held, hdr))

    def repost_now(self) -> bool:
        """Repost at once while the calls not yet answered fit the forward ring: a client
        within its credits never finds the ring short (its next call can only follow a
        reply, and the Receive is reposted before that reply is posted).  A client sending
        beyond its credits finds no Receive: the fabric holds its Sends (RNR), in its own
        memory, instead of our queue growing without bound."""
        return self.unreplied < self.recv_count - self.bc_slots

    def _replied(self, held: _Held) -> None:
        """The call's reply is about to be posted (or it gets none): its Receive is owed no
        longer."""
        if not held.replied:
            held.replied = True
            self.unreplied -= 1
            self.repay_recv()

    def on_send_progress(self) -> None:
        self.last_active = asyncio.get_running_loop().time()
        if self.account is not None:
            self.account.progress()

    # -- one call -----------------------------------------------------------------------------

    async def _handle(self, recv: Any, nbytes: int, held: _Held, hdr: Any) -> None:
        try:
            await self._process(recv, nbytes, held, hdr)
        except RdmaIoError as e:
            log.debug("call on %s abandoned: %s", self.client, e)
        except Exception:
            log.exception("rdma call from %s failed", self.client)
        finally:
            self._replied(held)
            for h in held:
                h.release()
            self._call_done(held)

    def _call_done(self, held: _Held, started: bool = True) -> None:
        self.in_use -= 1
        if self.metrics is not None:
            self.metrics.rdma_credits_in_use.dec()
        if self.account is not None:
            self.account.uncharge(pages=1 + held.charged, calls=1, running=int(started),
                                  busy=int(started and not held.settled))
            if self._queue and not self._kick_armed:
                self._start_queued()

    def _charge_actual(self, held: _Held) -> None:
        """Swap the call's charge for the pages it really holds now (its reply built): what
        the Send will pin until it completes.  Learns the size for the next estimates."""
        acct = self.account
        if acct is None:
            return
        ps = self.pool.page_size
        actual = sum(_pages_of(h, ps) for h in held[1:])
        acct.settle(held.charged, 0, actual, 0)
        held.charged = actual
        held.settled = True

    def _credits(self, asked: int) -> int:
        """The grant for a reply: what was asked, within the credits, the budget's calls per
        connection, the calls it runs when others wait for pages (back off: at least one,
        RFC 8166 section 3.3.1) and the ring (which grows first, within its allowance)."""
        granted = grant_credits(asked, self.max_credits)
        acct = self.account
        if acct is not None:
            granted = min(granted, acct.budgets.limits.conn_calls)
            if self._queue:  # calls wait for the budget: ask the client to slow down
                granted = max(1, min(granted, self.in_use - len(self._queue)))
        want = granted + self.bc_slots
        if self.recv_count < want and not self.closed:
            more = want - self.recv_count
            if self.grow_ring is not None:
                more = self.grow_ring(self, more)
            posted = 0
            while posted < more and self._post_one_recv():
                posted += 1
            self.recv_count += posted
            if posted < more and self.grow_ring is not None:
                self.grow_ring(self, posted - more)  # give back what the pool could not take
        # Never more than the ring: the Receives posted and those owed, which are reposted
        # before any reply goes out (see repost_now).
        granted = max(1, min(granted, self.recv_count - self.bc_slots))
        if self.metrics is not None:
            self.metrics.rdma_credits_granted.set(granted)
        return granted

    async def _process(self, recv: Any, nbytes: int, held: list[Any], hdr: Any = None) -> None:
        off, _ = recv.contiguous_extent()
        view = self.pool.view[off : off + nbytes]
        if hdr is None:
            hdr = decode_header(view, self.limits)
        if isinstance(hdr, HeaderError):
            if self.metrics is not None:
                self.metrics.rdma_errors.labels(kind=hdr.reason.name.lower()).inc()
            ratelog.warning("rdma header",
                            "rdma header from %s rejected: %s", self.client, hdr.reason.name)
            if hdr.decision is Decision.REPLY_ERROR:
                # The grant stays what the ring holds (svc_rdma_send_error_msg sends
                # sc_fc_credits): a bad header says nothing about the credits asked for.
                await self._send_bytes(hdr.reply(self._credits(self.max_credits)), held)
            return
        if hdr.call_pcl.is_empty and classify(
                view[hdr.inline_offset : hdr.inline_offset + hdr.inline_length]) is MsgKind.REPLY:
            # An RPC REPLY that is not a reverse-direction reply (chunk lists, xid mismatch):
            # no call of ours can take it, and a program must never see it.
            chunks = not (hdr.read_pcl.is_empty and hdr.write_pcl.is_empty
                          and hdr.reply_pcl.is_empty)
            self._count_unexpected("chunks" if chunks else "malformed")
            return
        credits = self._credits(hdr.credits)
        if not hdr.call_pcl.is_empty and hdr.call_pcl.chunks[0].length == 0:
            # RDMA_NOMSG whose position-zero chunk is empty: there is no call to decode.
            ratelog.warning("rdma empty call chunk",
                            "rdma call from %s: empty position-zero Read chunk", self.client)
            if self.metrics is not None:
                self.metrics.rdma_errors.labels(kind="empty_call_chunk").inc()
            await self._send_bytes(encode_error(hdr.xid, credits, ErrorCode.ERR_CHUNK), held)
            return
        reader = await self._build_reader(hdr, recv, view, held)
        reply = await self.dispatcher.handle_call(reader, client=self.client, transport="rdma",
                                                  xprt=self)
        if reply is None:
            return
        held.append(reply)
        if isinstance(held, _Held):
            self._charge_actual(held)
        await self._send_reply(hdr, credits, reply, held)

    async def _pull(self, chunk: Any, held: list[Any]) -> Any:
        """RDMA READ one Read chunk into fresh contiguous pool pages (none for an empty one)."""
        # Bulk: leaves the pool's reserve free, so calls already holding pages can finish.
        pages = await self.pool.alloc(chunk.length, contiguous=True,
                                      reserve=self.pool.bulk_reserve(chunk.length))
        held.append(pages)  # within the call's charge (`_bound` counts its Read chunks)
        if chunk.length == 0:
            return pages
        ctxt = self._context(chunk, pages, WrOpcode.RDMA_READ, Access.LOCAL_WRITE, held)
        await self.post_chain(ctxt.wrs, reads=True)
        return pages

    def _context(self, chunk: Any, pages: Any, opcode: WrOpcode, access: Access,
                 held: list[Any], nbytes: int | None = None) -> ChunkCtxt:
        mapping = self.mapper.map(pages, access)
        held.append(mapping)
        ctxt = build_chain(chunk, mapping, opcode, self.mapper.max_sge, nbytes)
        self._account(ctxt)
        return ctxt

    def _account(self, ctxt: ChunkCtxt) -> None:
        if self.metrics is not None:
            self.metrics.on_rdma_context(ctxt.mapping.strategy.value, ctxt.opcode.name,
                                         len(ctxt.wrs), ctxt.sge_count,
                                         1 if ctxt.mapping.mr is not None else 0)

    async def _build_reader(self, hdr: Any, recv: Any, view: memoryview,
                            held: list[Any]) -> XdrReader:
        if not hdr.call_pcl.is_empty:  # RDMA_NOMSG: the whole call is the position-zero chunk
            pages = await self._pull(hdr.call_pcl.chunks[0], held)
            poff, _ = pages.contiguous_extent()
            return XdrReader(self.pool.view[poff : poff + hdr.call_pcl.chunks[0].length],
                             owner=pages)
        chunks = {}
        for chunk in hdr.read_pcl.chunks:
            chunks[chunk.position] = await self._pull(chunk, held)
        inline = view[hdr.inline_offset : hdr.inline_offset + hdr.inline_length]
        # Inline payloads (small WRITEs) are slices of the receive buffer: no copy.
        return XdrReader(inline, owner=recv, base_offset=hdr.inline_offset,
                         chunks=chunks or None)

    async def _send_bytes(self, data: bytes, held: list[Any]) -> None:
        """Send a bare transport message (an RDMA_ERROR)."""
        await self._send_inline(data, [], None, held)

    async def _send_reply(self, hdr: Any, credits: int, reply: Any, held: list[Any]) -> None:
        write_chunks = hdr.write_pcl.chunks
        results = []
        # RDMA WRITEs are not awaited on their own: they go out chained in front of the Send
        # that carries the reply, in one post with only the Send signaled (RC delivers them
        # in order, so the data is placed before the reply arrives), as svc_rdma_sendto does.
        writes: list[Any] = []
        # The nth payload goes through the nth Write chunk (RFC 8267 section 4: the nth
        # DDP-eligible result, empty ones included); its data and XDR pad leave the message
        # (RFC 8166 section 3.4.6.2).  Payloads past the last Write chunk stay in the
        # message (inline or in the Reply chunk), as svc_rdma_sendto does.
        body: list[tuple[Any, Any, int]] = []  # (inline, payload kept in the message, pad)
        n = 0
        for inline, payload, pad in reply.parts():
            if payload is None or n >= len(write_chunks):
                body.append((inline, payload, pad))
                continue
            chunk = write_chunks[n]
            n += 1
            if payload.nbytes > chunk.length:
                ratelog.warning("rdma write chunk",
                                "reply payload %d > write chunk %d from %s", payload.nbytes,
                            chunk.length, self.client)
                await self._send_bytes(encode_error(hdr.xid, credits, ErrorCode.ERR_CHUNK), held)
                return
            if payload.nbytes:
                writes += self._context(chunk, payload, WrOpcode.RDMA_WRITE, Access.LOCAL_WRITE,
                                        held).wrs
            results.append(written_segments(chunk, payload.nbytes))
            body.append((inline, None, 0))
        results.extend(written_segments(c, 0) for c in write_chunks[n:])
        body_len = sum(len(i) + (p.nbytes + pad if p is not None else 0) for i, p, pad in body)
        inv = single_rkey(hdr.read_pcl, hdr.write_pcl, hdr.reply_pcl) \
            if self.peer_pd.remote_invalidation else None
        msg_hdr = encode_reply_header(hdr.xid, credits, Proc.RDMA_MSG, results, None)
        if len(msg_hdr) + body_len <= self.peer_pd.inline_recv_size:
            await self._send_inline(msg_hdr, body, inv, held, writes)
            return
        if hdr.reply_pcl.is_empty:
            ratelog.warning("rdma no reply chunk",
                            "reply of %d bytes does not fit inline and %s gave no reply chunk",
                        body_len, self.client)
            await self._send_bytes(encode_error(hdr.xid, credits, ErrorCode.ERR_CHUNK), held)
            return
        rchunk = hdr.reply_pcl.chunks[0]
        if body_len > rchunk.length:
            ratelog.warning("rdma reply chunk",
                            "reply of %d bytes > reply chunk %d from %s", body_len, rchunk.length,
                        self.client)
            await self._send_bytes(encode_error(hdr.xid, credits, ErrorCode.ERR_CHUNK), held)
            return
        # Long reply: the body (inline parts, payloads kept in the message, their pads)
        # written into the Reply chunk (RDMA_NOMSG).  Inline parts and pads are staged side
        # by side, so a reply without such a payload (READDIR, READLINK) is one contiguous
        # run; the whole body is mapped like any other write context
        # (svc_rdma_send_reply_chunk goes through rdma_rw too).
        stage, runs = await self._stage(b"", body, held)
        pieces = [stage.slice(a, b - a) if isinstance(a, int) else a for a, b in runs]
        bvecs = BvecList([b for p in pieces for b in p.bvecs if b.length])
        ctxt = self._context(rchunk, bvecs, WrOpcode.RDMA_WRITE, Access.LOCAL_WRITE, held,
                             body_len)
        writes += ctxt.wrs
        nomsg = encode_reply_header(hdr.xid, credits, Proc.RDMA_NOMSG, results,
                                    written_segments(rchunk, body_len))
        await self._send_inline(nomsg, [], inv, held, writes)

    async def _stage(self, msg_hdr: bytes, body: Sequence[tuple[Any, Any, int]],
                     held: list[Any]) -> tuple[Any, list[tuple[Any, Any]]]:
        """Copy ``msg_hdr`` and the body's inline parts and pads into one contiguous pool run.

        Returns:
            (the run, the message in order as ``(start, end)`` offsets of the run or
            ``(payload, None)`` for a payload that stays in its pages).
        """
        nstage = len(msg_hdr) + sum(len(i) + pad for i, _, pad in body)
        stage = await self.pool.alloc(nstage, contiguous=True)
        held.append(stage)
        soff, _ = stage.contiguous_extent()
        v = self.pool.view
        runs: list[tuple[Any, Any]] = []
        at = soff
        run = soff
        for piece in (msg_hdr, *(x for i, p, pad in body for x in (i, p, _ZERO_PAD[:pad]))):
            if piece is None:
                continue
            if isinstance(piece, (bytes, bytearray, memoryview)):
                v[at : at + len(piece)] = piece
                at += len(piece)
            elif piece.nbytes:
                if at > run:
                    runs.append((run - soff, at - soff))
                runs.append((piece, None))
                run = at
        if at > run:
            runs.append((run - soff, at - soff))
        return stage, runs

    async def _send_inline(self, msg_hdr: bytes, body: Sequence[tuple[Any, Any, int]],
                           inv: int | None, held: list[Any], writes: Sequence[Any] = ()) -> None:
        """Send the transport header and ``body`` (inline parts, payloads kept in the message
        by SGE without a copy, pads) after ``writes`` (RDMA WRITEs chained in front)."""
        stage, runs = await self._stage(msg_hdr, body, held)
        if isinstance(held, _Held):
            self._replied(held)
        sges: list[Sge] = []
        for a, b in runs:
            if isinstance(a, int):
                sges.append(self.staged_sge(stage, a, b - a))
            else:
                sges += self.mapper.local_sges(a)
        if len(sges) > self.mapper.max_sge:  # rare: a scattered small payload; gather it
            sges = [self._gather(sges, held)]
        await self.send(sges, inv, before=writes)

    def _gather(self, sges: list[Sge], held: list[Any]) -> Sge:
        """Copy the SGEs' bytes into one staging run (counted: it is a payload copy)."""
        from storage.copies import COPIES

        total = sum(s.length for s in sges)
        stage = self.pool.try_alloc(total, contiguous=True)
        if stage is None:
            raise RdmaIoError("pool exhausted while gathering a Send")
        held.append(stage)
        soff, _ = stage.contiguous_extent()
        at = soff
        base = self.pool_mr.addr
        for s in sges:
            src = s.addr - base
            self.pool.view[at : at + s.length] = self.pool.view[src : src + s.length]
            at += s.length
        COPIES.add(total, "rdma-send-gather")
        return self.staged_sge(stage, 0, total)

    # -- reverse-direction calls (RFC 8167) ---------------------------------------------------

    async def call(self, prog: int, vers: int, proc: int,
                   args: bytes | bytearray | memoryview = b"", cred: AuthSys | None = None, *,
                   timeout: float | None = DEFAULT_TIMEOUT) -> Reply:
        """Send a reverse-direction call to the client and wait for its reply.

        **Assumptions:** the call fits the client's inline receive size (chunks are not used
        in the reverse direction, RFC 8167 section 4.2).

        **Returns** the `Reply` (its body is in the Receive buffer: release it).

        **Raises** ``RpcTimeout``; ``RpcDenied``/``RpcAcceptError``; ``RdmaIoError`` when the
        connection closes first; ``RpcInternalError`` for a call too large to go inline.
        """
        await self._bc_acquire()
        try:
            return await self._pending.call(self._send_reverse, prog, vers, proc,
                                            [bytes(args)] if args else [], cred, timeout)
        finally:
            self.bc_outstanding -= 1
            self._wake_bc(None)

    async def _bc_acquire(self) -> None:
        """Wait for a reverse credit: the client's grant, bounded by our reserved Receives."""
        while self.bc_outstanding >= min(self.bc_credits, self.bc_slots):
            if self.closed:
                raise RdmaIoError("connection closed")
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._bc_waiters.append(waiter)
            await waiter
        if self.closed:
            raise RdmaIoError("connection closed")
        self.bc_outstanding += 1

    def _wake_bc(self, err: BaseException | None) -> None:
        waiters, self._bc_waiters = self._bc_waiters, []
        for w in waiters:
            if not w.done():
                if err is None:
                    w.set_result(None)
                else:
                    w.set_exception(err)

    async def _send_reverse(self, xid: int, parts: Sequence[bytes | memoryview]) -> None:
        msg = encode_reverse_header(xid, self.bc_slots) + b"".join(parts)
        if len(msg) > self.peer_pd.inline_recv_size:
            raise RpcInternalError(
                f"reverse call of {len(msg)} bytes exceeds the client's inline receive size "
                f"{self.peer_pd.inline_recv_size} (no chunks in the reverse direction)")
        stage = await self.pool.alloc(len(msg), contiguous=True)
        try:
            soff, _ = stage.contiguous_extent()
            self.pool.view[soff : soff + len(msg)] = msg
            await self.send([self.staged_sge(stage, 0, len(msg))])
        finally:
            stage.release()


if TYPE_CHECKING:  # an rpc.xprt.Xprt (checked by mypy, costs nothing at run time)

    def _is_xprt(c: RdmaServerConnection) -> Xprt:
        return c
