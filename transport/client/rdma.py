"""An RPC-over-RDMA v1 client that chooses chunks the way Linux xprtrdma does.

Operation: `connect()` registers the client's own page pool with its device (remote read
and write: the server pulls Read chunks from it and pushes Write/Reply chunks into it),
posts its receive ring, and connects with RFC 8797 private data.  For each call:

* the call goes inline (RDMA_MSG) when it fits the server's receive size;
* else a DDP-eligible payload (a WRITE's data, `payload=`) moves to a Read chunk at its XDR
  position (after its length word), without the pad, and the rest goes inline;
* else the whole call travels in a position-zero Read chunk (RDMA_NOMSG);
* `read_capacity=N` offers a Write chunk of N bytes (READ data), `reply_capacity=N` a Reply
  chunk (long replies: READDIR, READLINK), as xprtrdma decides by operation.

Credits: every call asks for `credits` (the size of our receive ring, as xprtrdma asks for
its max_requests); at most as many calls as the server last granted are outstanding, starting
from 1, the protocol's initial value (RFC 8166 §3.3.1).

Reverse direction (RFC 8167): the client is an ``rpc.xprt.Xprt`` whose server may call it.
`bc_credits` Receives are posted beyond the forward ones for those calls, and every reverse
reply grants `bc_credits`.  Each Receive is sorted first (`proto.classify_at_requester`, as
rpcrdma_is_bcall): a reverse-direction call is answered by the `callback` Dispatcher with an
inline RDMA_MSG (no chunks), in a task of its own; everything else is a forward reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from rpc.auth import AuthSys
from rpc.buffer import XdrReader
from rpc.client import Reply, parse_reply
from rpc.client import encode_call_header as encode_rpc_call_header
from rpc.errors import MalformedReply, RpcTimeout
from rpc.xprt import Xprt
from storage.pool import PagePool
from transport.rdma._endpoint import Endpoint, RdmaIoError
from transport.rdma.dma import DmaMapper
from transport.rdma.proto import (
    REVERSE_HEADER_SIZE,
    Chunk,
    Direction,
    ErrorReply,
    HeaderError,
    Proc,
    Segment,
    classify_at_requester,
    decode_private_data,
    decode_reply_header,
    encode_call_header,
    encode_private_data,
    encode_reverse_header,
)
from transport.rdma.verbs import Access, QpInit

log = logging.getLogger(__name__)
MIB = 1 << 20


def _extent(pages: Any) -> tuple[int, int]:
    """(pool offset, length) of pages allocated with contiguous=True."""
    ext = pages.contiguous_extent()
    assert ext is not None, "contiguous allocation expected"
    return ext  # type: ignore[no-any-return]


class RdmaReply(Reply):
    """A reply: `body` after the RPC accepted-reply header; `chunks` carries the Write chunk
    data for `XdrReader` (see `_WriteChunkData`).  `release()` returns every page."""

    __slots__ = ("chunks", "held")

    def __init__(self, xid: int, body: memoryview, chunks: Any, held: list[Any]) -> None:
        super().__init__(xid, body, None)
        self.chunks = chunks
        self.held = held

    def release(self) -> None:
        held, self.held = self.held, []
        for h in held:
            h.release()


class _WriteChunkData(dict):  # type: ignore[type-arg]
    """The reply's Write chunk data, offered at whatever position the payload is read.

    The client cannot know the XDR offset of READ data in advance (it follows variable-length
    attributes) and an NFSv3 reply has at most one payload, so the first `read_payload` at
    any position takes the chunk, which is exactly where the server removed it.
    """

    def __init__(self, data: Any) -> None:
        super().__init__()
        self.data = data

    def get(self, key: Any, default: Any = None) -> Any:
        return self.data

    def __bool__(self) -> bool:
        return True

    def values(self) -> Any:
        return [self.data]


class _ClientEndpoint(Endpoint):
    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.pending: dict[int, asyncio.Future[tuple[Any, Any, int]]] = {}
        self.credits = 1  # the server's latest grant
        self.want_credits = 1  # what each call asks for: our receive ring (set by connect)
        self.granted = asyncio.Event()
        self.unexpected = 0  # replies no call of ours waited for
        self.on_reverse_call: Any = None  # (view, pages) -> None; set by RpcRdmaClient
        self.close_cbs: list[Any] = []

    def on_receive(self, pages: Any, nbytes: int) -> None:
        off, _ = _extent(pages)
        view = self.pool.view[off : off + nbytes]
        if classify_at_requester(view) is Direction.REVERSE_CALL:
            if self.on_reverse_call is None:
                pages.release()
            else:
                self.on_reverse_call(view, pages)
            return
        hdr = decode_reply_header(view)
        xid = getattr(hdr, "xid", 0)
        fut = self.pending.pop(xid, None)
        if fut is None or fut.done():
            log.warning("rdma client: reply for unknown xid %#x", xid)
            self.unexpected += 1
            pages.release()
            return
        if not isinstance(hdr, HeaderError) and hdr.credits:
            # Never more outstanding calls than we have receives posted for their replies.
            self.credits = max(1, min(hdr.credits, self.want_credits))
            self.granted.set()
        fut.set_result((hdr, pages, nbytes))

    def on_fatal(self, reason: str) -> None:
        if self.closed:
            return
        self.teardown()
        for fut in self.pending.values():
            if not fut.done():
                fut.set_exception(RdmaIoError(reason))
        self.pending.clear()

    def teardown(self) -> None:
        if self.closed:
            return
        super().teardown()
        cbs, self.close_cbs = self.close_cbs, []
        for cb in cbs:
            cb()


class RpcRdmaClient:
    """One RPC-over-RDMA connection, an ``rpc.xprt.Xprt``: forward calls out, the server's
    reverse-direction calls answered by ``callback``."""

    ddp = True  # Nfs3Client passes read_capacity= for READ
    name = "rdma"

    def __init__(self) -> None:
        self.peer: tuple[str, int] = ("", 0)
        self.callback: Any = None
        self.bc_credits = 2
        self._tasks: set[asyncio.Task[None]] = set()
        self.ep: _ClientEndpoint
        self.conn: Any = None
        self.provider: Any = None
        self.pool: PagePool
        self.peer_recv = 1024
        self.timeout: float | None = 60.0
        self._xid = 0x1000
        self._outstanding = 0
        self._slot = asyncio.Condition()
        self.mr: Any = None
        self._cqs: tuple[Any, ...] = ()

    @classmethod
    async def connect(cls, host: str, port: int, *, verbs: str = "soft", pool_mib: int = 64,
                      inline_size: int = 4096, credits: int = 128, max_sge: int | None = None,
                      remote_invalidation: bool = False, provider: Any = None,
                      timeout: float | None = 60.0, callback: Any = None,
                      bc_credits: int = 2) -> RpcRdmaClient:
        """Connect; ``callback`` (an ``rpc.dispatch.Dispatcher``) answers the server's
        reverse-direction calls, at most ``bc_credits`` at a time (RFC 8167)."""
        self = cls()
        self.timeout = timeout
        self.peer = (host, port)
        self.callback = callback
        self.bc_credits = bc_credits
        if provider is None:
            if verbs == "soft":
                from transport.rdma.verbs.soft import SoftProvider

                provider = SoftProvider()
            else:
                from transport.rdma.verbs.pyverbs_provider import PyverbsProvider

                provider = PyverbsProvider()
        self.provider = provider
        dev = provider.open_device()
        pd = dev.default_pd
        self.pool = PagePool(pool_mib * MIB)
        mr = pd.reg_mr(self.pool.view, Access.ALL)
        sge_limit = min(max_sge or dev.attrs.max_sge, dev.attrs.max_sge)
        mapper = DmaMapper(pd, self.pool, mr, sge_limit)
        # Forward replies, plus the Receives reverse calls land in (RFC 8167 section 4.3).
        recv_count = credits + bc_credits
        send_cq, recv_cq = dev.create_cq(256), dev.create_cq(recv_count)
        self._cqs = (send_cq, recv_cq)
        init = QpInit(send_cq, recv_cq, max_send_wr=256, max_recv_wr=recv_count,
                      max_send_sge=sge_limit, max_recv_sge=1,
                      max_rd_atomic=dev.attrs.max_qp_rd_atom, pd=pd)
        holder: dict[str, _ClientEndpoint] = {}

        def on_qp(qp: Any) -> None:
            ep = _ClientEndpoint(qp, self.pool, mr, mapper, send_cq, recv_cq,
                                 inline_size=inline_size, recv_count=recv_count,
                                 max_send_wr=256)
            ep.start()
            ep.post_initial_receives()
            holder["ep"] = ep

        pdata = encode_private_data(inline_send_size=inline_size, inline_recv_size=inline_size,
                                    remote_invalidation=remote_invalidation)
        self.conn = await provider.connect(host, port, init, pdata, on_qp=on_qp)
        self.ep = holder["ep"]
        self.ep.want_credits = credits
        self.ep.on_reverse_call = self._on_reverse_call
        self.ep.connected(self.conn)
        peer = decode_private_data(self.conn.peer_private_data)
        self.peer_recv = peer.inline_recv_size
        self.mr = mr
        return self

    # -- rpc.xprt.Xprt -----------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self.ep.closed

    def on_close(self, cb: Any) -> None:
        """Run ``cb(self)`` once when the connection goes (at once if it has)."""
        if self.ep.closed:
            cb(self)
        else:
            self.ep.close_cbs.append(lambda: cb(self))

    def _on_reverse_call(self, view: memoryview, pages: Any) -> None:
        if self.callback is None:
            log.debug("rdma client: reverse-direction call dropped (no callback program)")
            pages.release()
            return
        task = asyncio.get_running_loop().create_task(self._serve_reverse(view, pages))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve_reverse(self, view: memoryview, pages: Any) -> None:
        """Answer one reverse-direction call inline (RDMA_MSG, no chunks; RFC 8167 §4.2)."""
        held: list[Any] = [pages]
        try:
            xid = int.from_bytes(view[:4], "big")
            reader = XdrReader(view[REVERSE_HEADER_SIZE:], owner=pages)
            reply = await self.callback.handle_call(reader, client=self.peer,
                                                    transport="rdma", xprt=self)
            if reply is None:
                return
            try:
                data = b"".join(bytes(v) for v in reply.wire_views())
            finally:
                reply.release()
            msg = encode_reverse_header(xid, self.bc_credits) + data
            if len(msg) > self.peer_recv:
                log.warning("rdma client: reverse reply of %d bytes exceeds the server's "
                            "inline size %d; dropped", len(msg), self.peer_recv)
                return
            stage = await self._stage([msg], held)
            await self.ep.send([self.ep.staged_sge(stage, 0, len(msg))])
        except RdmaIoError:
            pass
        except Exception:
            log.exception("rdma client: reverse-direction call failed")
        finally:
            for h in held:
                h.release()

    # -- calls ------------------------------------------------------------------------------

    def _segment(self, pages: Any) -> Segment:
        off, n = _extent(pages)
        return Segment(self.mr.rkey, n, self.mr.addr + off)

    async def _stage(self, parts: list[Any], held: list[Any]) -> Any:
        n = sum(len(p) for p in parts)
        pages = await self.pool.alloc(max(n, 1), contiguous=True)
        held.append(pages)
        off, _ = _extent(pages)
        at = off
        for p in parts:
            self.pool.view[at : at + len(p)] = p
            at += len(p)
        return pages.slice(0, n) if n else pages

    async def call(self, prog: int, vers: int, proc: int, args: Any = b"",
                   cred: AuthSys | None = None, *, read_capacity: int = 0,
                   reply_capacity: int = 0, timeout: float | None = None) -> RdmaReply:
        """One call; `args` is bytes or an RpcBuffer (head | payload | tail).

        Raises: MalformedReply (RDMA_ERROR, bad reply), RpcDenied/RpcAcceptError, RpcTimeout, RdmaIoError.
        """
        ep = self.ep
        async with self._slot:
            await self._slot.wait_for(lambda: self._outstanding < ep.credits or ep.closed)
            self._outstanding += 1
        held: list[Any] = []
        try:
            return await asyncio.wait_for(
                self._call(prog, vers, proc, args, cred, read_capacity, reply_capacity, held),
                timeout if timeout is not None else self.timeout)
        except TimeoutError:
            for h in held:
                h.release()
            raise RpcTimeout(f"no reply ({prog}/{vers}/{proc})") from None
        except BaseException:
            for h in held:
                h.release()
            raise
        finally:
            async with self._slot:
                self._outstanding -= 1
                self._slot.notify_all()

    async def _call(self, prog: int, vers: int, proc: int, args: Any, cred: Any,
                    read_capacity: int, reply_capacity: int, held: list[Any]) -> RdmaReply:
        ep = self.ep
        self._xid = (self._xid + 1) & 0xFFFFFFFF
        xid = self._xid
        head = encode_rpc_call_header(xid, prog, vers, proc, cred)
        payload: Any = None
        pad = 0
        tail = b""
        if hasattr(args, "head"):
            head += bytes(args.head)
            payload, pad, tail = args.payload, args.payload_pad, bytes(args.tail)
        else:
            head += bytes(args)
        plen = payload.nbytes if payload is not None else 0
        write_chunks = []
        wpages = rpages = None
        if read_capacity:
            wpages = await self.pool.alloc(read_capacity, contiguous=True)
            held.append(wpages)
            write_chunks.append(Chunk(0, (self._segment(wpages),)))
        reply_chunk = None
        if reply_capacity:
            rpages = await self.pool.alloc(reply_capacity, contiguous=True)
            held.append(rpages)
            reply_chunk = Chunk(0, (self._segment(rpages),))
        hdr_room = 28 + 16 * len(write_chunks) + 16 + 64  # header words, generous
        read_chunks = []
        inline: list[Any]
        proc_kind = Proc.RDMA_MSG
        if len(head) + plen + pad + len(tail) + hdr_room <= self.peer_recv:
            inline = [head, *(payload.views() if payload is not None else []),
                      b"\0" * pad, tail]
        elif payload is not None and len(head) + len(tail) + hdr_room + 16 <= self.peer_recv:
            ppages = await self._stage(payload.views(), held)
            seg = self._segment(ppages)
            read_chunks.append(Chunk(len(head), (Segment(seg.handle, plen, seg.offset),)))
            inline = [head, tail]
        else:  # long call: position-zero Read chunk, RDMA_NOMSG
            parts = [head, *(payload.views() if payload is not None else []), b"\0" * pad, tail]
            cpages = await self._stage(parts, held)
            read_chunks.append(Chunk(0, (self._segment(cpages),)))
            inline = []
            proc_kind = Proc.RDMA_NOMSG
        rdma_hdr = encode_call_header(xid, ep.want_credits, proc_kind, read_chunks, write_chunks,
                                      reply_chunk)
        msg = await self._stage([rdma_hdr, *inline], held)
        fut: asyncio.Future[tuple[Any, Any, int]] = asyncio.get_running_loop().create_future()
        ep.pending[xid] = fut
        await ep.send([ep.staged_sge(msg, 0, msg.nbytes)])
        rhdr, rpages_in, _ = await fut
        held.append(rpages_in)
        if isinstance(rhdr, ErrorReply):
            raise MalformedReply(f"RDMA_ERROR {rhdr.err.name} for xid {xid:#x}")
        if isinstance(rhdr, HeaderError):
            raise MalformedReply(f"bad reply header: {rhdr.reason.name}")
        if rhdr.proc == Proc.RDMA_NOMSG:
            if rpages is None or rhdr.reply_pcl.is_empty:
                raise MalformedReply("RDMA_NOMSG reply without our Reply chunk")
            n = sum(s.length for s in rhdr.reply_pcl.chunks[0].segments)
            roff, _ = _extent(rpages)
            body = self.pool.view[roff : roff + n]
        else:
            ioff, _ = _extent(rpages_in)
            body = self.pool.view[ioff + rhdr.inline_offset :
                                  ioff + rhdr.inline_offset + rhdr.inline_length]
        chunks = None
        if wpages is not None and not rhdr.write_pcl.is_empty:
            written = sum(s.length for s in rhdr.write_pcl.chunks[0].segments)
            chunks = _WriteChunkData(wpages.slice(0, written))
        rxid, at = parse_reply(body)
        reply = RdmaReply(rxid, body[at:], chunks, held[:])
        held.clear()
        return reply

    async def close(self) -> None:
        for t in list(self._tasks):
            t.cancel()
        if self.conn is not None:
            try:
                await self.conn.disconnect()
            except Exception:
                pass
            self.ep.teardown()
            try:
                self.conn.close()
            except Exception:
                pass
        # The CQs' completion channels (an fd each) and the pool (a memfd and its mapping)
        # are this connection's own: a client that reconnects must not leak them.
        for cq in self._cqs:
            cq.close()
        self._cqs = ()
        if self.mr is not None:
            with contextlib.suppress(Exception):
                self.mr.dereg()
        pool = getattr(self, "pool", None)
        if pool is not None:
            with contextlib.suppress(BufferError):  # a reply's view still held by the caller
                pool.close()



if TYPE_CHECKING:  # the client is an rpc.xprt.Xprt (checked by mypy, costs nothing at run time)

    def _is_xprt(c: RpcRdmaClient) -> Xprt:
        return c
