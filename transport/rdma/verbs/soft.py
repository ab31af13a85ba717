"""A software RC fabric: the verbs interface with no kernel and no device.

Operation
---------
Every ``SoftProvider`` is one "node" with one device (``soft0``). Memory registration keeps a
memoryview of the caller's buffer (which pins it: a registered bytearray cannot be resized, an
mmap cannot be closed) and its real virtual address, so SGEs carry real addresses exactly as on
hardware. Keys are checked on every access: local SGEs by lkey, PD, range and LOCAL_WRITE
(receive buffers and READ targets); remote accesses by rkey, PD, range and REMOTE_READ /
REMOTE_WRITE on the responder, when the request arrives.

Two connected QPs exchange framed messages over a *wire*: in one process, a direct pair that
hands message objects (holding memoryviews of the source MR) to the peer with
``loop.call_soon``; between processes, a TCP stream (``listen("127.0.0.1", port)``; IPv6 works
too) carrying the same messages with a 28-byte header. Messages: connect request / accept /
reject / ready-to-use with private data, SEND (optionally with an rkey to invalidate), WRITE
(rkey, address, payload), READ request and response, ACK / NAK per request, disconnect request
and reply. A listener always binds the TCP port; ``connect`` uses the in-process pair when the
listener lives in this process (``wire="auto"``) and TCP otherwise (or always with
``wire="tcp"``).

RC semantics kept: in-order delivery and in-order completion; a SEND/WRITE completes when the
responder ACKs it, a READ when its response has been scattered. Errors follow InfiniBand RC:

- local SGE failures -> LOC_PROT_ERR on the requester (reported in order, after earlier WRs);
- bad rkey / range / access on the responder -> NAK, REM_ACCESS_ERR on the requester;
- receive buffer too short -> LOC_LEN_ERR on the receiver, REM_INV_REQ_ERR on the sender;
- bad receive SGE, or a SEND_WITH_INV naming an rkey the sender may not invalidate -> LOC_PROT_ERR
  on the receiver, REM_OP_ERR on the sender.  Only an MR registered with `SoftPD.reg_invalidatable_mr`
  (what a kernel FRWR MR or a type-2 memory window is on a real device: what the Linux client puts
  in its chunks) may be invalidated by the peer; an ``ibv_reg_mr`` MR (`reg_mr`, e.g. the server's
  pool registration) never can, and naming it fails the connection without touching the MR;
- a request reaching a QP in ERROR -> RETRY_EXC_ERR on the requester (what the transport
  retry timeout would give, without waiting for it);
- any error moves the QP (both QPs for responder-detected errors) to ERROR: every outstanding
  WR, signaled or not, and every posted receive completes with WR_FLUSH_ERR; later posts
  complete at once with WR_FLUSH_ERR.

RNR: a SEND that finds no posted receive is held, with every request behind it, until a
receive is posted -- infinite ``rnr_retry`` (7), as RFC 8166 transports configure it. The
sender's WR simply does not complete meanwhile.  On the TCP wire the held requests are
bounded: past `STALL_LIMIT` bytes the wire stops reading its socket (back-pressure on the
sender, as RNR NAKs stop a real requester) and resumes once receives drain the backlog.

Frames on the TCP wire are bounded too: a frame's payload is at most `MAX_FRAME` bytes.  RDMA
WRITEs and READ responses larger than that travel as several frames (each names its own
address, or offset, and all but the last carry `F_MORE`), each checked and placed as it
arrives; a SEND is one frame, so a SEND larger than `MAX_FRAME` fails at the requester with
LOC_LEN_ERR (the soft port's max message size for SEND).  A frame header claiming more is a
broken peer: the wire is aborted (both ends flush), nothing is buffered.

Fault injection (``SoftProvider.faults``, used by tests): ``drop(conn)`` aborts the wire
without a disconnect exchange (both ends flush and see ``wait_disconnected`` return);
``fail_next_completion(status, qp_num=None)`` turns the next successful completion (of that
QP, or any) into ``status`` and moves its QP to ERROR; ``delay_ms`` delays every completion
by that many milliseconds (order kept).

Counters: ``device.counters`` holds ``wr.<OPCODE>``/``sge.<OPCODE>`` per posted send WR and
``wr.RECV``/``sge.RECV`` for receives.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import errno
import itertools
import mmap
import os
import struct
from collections.abc import Callable, Sequence
from typing import Any, cast

from ._api import (
    WC_OPCODE_OF,
    Access,
    CompletionQueue,
    Connection,
    ConnectRequest,
    Device,
    DeviceAttrs,
    Listener,
    MemoryRegion,
    NoDeviceError,
    ProtectionDomain,
    Provider,
    QpInit,
    QpInitFactory,
    QpState,
    QueuePair,
    RecvWR,
    RejectedError,
    SendQueue,
    SendWR,
    VerbsError,
    WcOpcode,
    WcStatus,
    WorkCompletion,
    WrOpcode,
    buffer_address,
    count_posted,
)

__all__ = ["SoftDevice", "SoftFaults", "SoftProvider"]

#: RC messages are limited to 2**31 bytes (IBA 9.4.1).
MAX_MSG = 1 << 31
#: Largest frame payload on the TCP wire.  1 MiB covers every SEND an RPC-over-RDMA peer
#: makes (inline sizes are at most 256 KiB, RFC 8797 section 4.2) and keeps what one frame
#: can make the receiver buffer small; bulk WRITEs and READ responses are split into frames.
MAX_FRAME = 1 << 20
#: Bytes of inbound requests a QP holds while a SEND waits for a receive (RNR) before its
#: TCP wire stops reading: a few frames, so a peer ignoring flow control costs bounded memory.
STALL_LIMIT = 4 * MAX_FRAME
#: Private data sizes of RDMA_PS_TCP: 56 bytes with a connect request, 196 with accept/reject.
MAX_CONNECT_PRIVATE = 56
MAX_ACCEPT_PRIVATE = 196


# ---------------------------------------------------------------------------------------------
# Faults


class SoftFaults:
    """Fault injection hooks (see the module docstring)."""

    def __init__(self) -> None:
        self.delay_ms: float = 0.0
        self._fail: list[tuple[WcStatus, int | None]] = []

    def fail_next_completion(
        self, status: WcStatus = WcStatus.GENERAL_ERR, qp_num: int | None = None
    ) -> None:
        self._fail.append((status, qp_num))

    def drop(self, conn: Connection) -> None:
        """Abort ``conn``'s wire abruptly: no disconnect exchange, both ends flush."""
        assert isinstance(conn, SoftConnection)
        conn.wire.abort()

    def _take_failure(self, qp_num: int) -> WcStatus | None:
        for i, (status, want) in enumerate(self._fail):
            if want is None or want == qp_num:
                del self._fail[i]
                return status
        return None


# ---------------------------------------------------------------------------------------------
# Memory


class SoftMR(MemoryRegion):
    __slots__ = ("access", "addr", "invalidatable", "length", "lkey", "pd", "rkey", "valid",
                 "view")

    def __init__(self, pd: SoftPD, buf: Any, access: Access, lkey: int, rkey: int,
                 invalidatable: bool = False) -> None:
        view = memoryview(buf)
        if not view.c_contiguous:
            raise VerbsError(errno.EINVAL, "MR buffer must be contiguous")
        view = view.cast("B")
        if access & (Access.LOCAL_WRITE | Access.REMOTE_WRITE) and view.readonly:
            view.release()
            raise VerbsError(errno.EACCES, "write access requested on a read-only buffer")
        if access & Access.REMOTE_WRITE and not access & Access.LOCAL_WRITE:
            # ibv_reg_mr: REMOTE_WRITE requires LOCAL_WRITE.
            view.release()
            raise VerbsError(errno.EINVAL, "REMOTE_WRITE requires LOCAL_WRITE")
        self.pd = pd
        self.view = view
        self.addr = buffer_address(view)
        self.length = len(view)
        self.access = access
        self.lkey = lkey
        self.rkey = rkey
        #: may a peer invalidate it (SEND_WITH_INV)?  Only fast-registered MRs, never ibv_reg_mr's.
        self.invalidatable = invalidatable
        self.valid = True

    def dereg(self) -> None:
        if not self.valid:
            return
        self.valid = False
        self.pd.device._forget_mr(self)
        try:
            self.view.release()
        except BufferError:
            pass  # a slice is still referenced by an in-flight message; GC releases it

    def __repr__(self) -> str:
        return f"SoftMR(addr={self.addr:#x}, length={self.length}, lkey={self.lkey:#x}, rkey={self.rkey:#x})"


class SoftPD(ProtectionDomain):
    device: SoftDevice

    def __init__(self, device: SoftDevice) -> None:
        self.device = device

    def reg_mr(self, buf: Any, access: Access = Access.LOCAL_WRITE) -> SoftMR:
        """An ``ibv_reg_mr`` registration: a peer can never invalidate it."""
        return self.device._reg_mr(self, buf, Access(access))

    def reg_invalidatable_mr(self, buf: Any, access: Access = Access.LOCAL_WRITE) -> SoftMR:
        """A registration the peer may invalidate with SEND_WITH_INV (soft only).

        Models what a real device lets a peer invalidate: a kernel FRWR MR (``IB_WR_REG_MR``)
        or a type-2 memory window, the kind the Linux client exposes in its chunks.
        """
        return self.device._reg_mr(self, buf, Access(access), invalidatable=True)

    def dealloc(self) -> None:
        pass


# ---------------------------------------------------------------------------------------------
# Completion queues


class SoftCQ(CompletionQueue):
    """A CQ whose completion channel is an eventfd: readable after a completion lands on an
    armed CQ, like an ``ibv_comp_channel``. Overrunning ``cqe`` is fatal, as on hardware:
    ``poll`` raises VerbsError(EOVERFLOW) from then on."""

    device: SoftDevice

    def __init__(self, device: SoftDevice, cqe: int) -> None:
        super().__init__()
        self.device = device
        self.cqe = cqe
        self._wcs: collections.deque[WorkCompletion] = collections.deque()
        self._armed = False
        self._overrun = False
        self._fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
        self._delayed: collections.deque[tuple[float, WorkCompletion]] = collections.deque()
        self._timer: asyncio.TimerHandle | None = None
        self.unacked_events = 0

    def fileno(self) -> int:
        return self._fd

    def req_notify(self, solicited_only: bool = False) -> None:
        self._armed = True
        if self._wcs:
            # Like hardware, arming with completions already queued may fire at once; doing
            # so always closes the poll/arm race for callers that poll after arming.
            self._fire()

    def get_event(self) -> bool:
        try:
            n = os.eventfd_read(self._fd)
        except BlockingIOError:
            return False
        self.unacked_events += n
        return True

    def ack_events(self, n: int = 1) -> None:
        self.unacked_events = max(0, self.unacked_events - n)

    def poll(self, max_entries: int = 16) -> list[WorkCompletion]:
        if self._overrun:
            raise VerbsError(errno.EOVERFLOW, f"CQ overrun (cqe={self.cqe})")
        out: list[WorkCompletion] = []
        while self._wcs and len(out) < max_entries:
            out.append(self._wcs.popleft())
        return out

    def close(self) -> None:
        self.detach()
        if self._timer is not None:
            self._timer.cancel()
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def push(self, wc: WorkCompletion) -> None:
        delay = self.device.faults.delay_ms
        if delay <= 0 and not self._delayed:
            self._push_now(wc)
            return
        loop = asyncio.get_running_loop()
        self._delayed.append((loop.time() + delay / 1000.0, wc))
        if self._timer is None:
            self._timer = loop.call_at(self._delayed[0][0], self._release_delayed)

    def _release_delayed(self) -> None:
        self._timer = None
        loop = asyncio.get_running_loop()
        now = loop.time()
        while self._delayed and self._delayed[0][0] <= now:
            self._push_now(self._delayed.popleft()[1])
        if self._delayed:
            self._timer = loop.call_at(self._delayed[0][0], self._release_delayed)

    def _push_now(self, wc: WorkCompletion) -> None:
        if self._fd < 0:
            return
        if len(self._wcs) >= self.cqe:
            self._overrun = True
        self._wcs.append(wc)
        if self._armed:
            self._fire()

    def _fire(self) -> None:
        self._armed = False
        os.eventfd_write(self._fd, 1)


# ---------------------------------------------------------------------------------------------
# Device


class SoftDevice(Device):
    def __init__(self, provider: SoftProvider, name: str, attrs: DeviceAttrs) -> None:
        self.provider = provider
        self.name = name
        self.attrs = attrs
        self.faults = provider.faults
        self.counters: collections.Counter[str] = collections.Counter()
        self._lkeys: dict[int, SoftMR] = {}
        self._rkeys: dict[int, SoftMR] = {}
        self._key_seq = itertools.count(1)
        self._qp_seq = itertools.count(0x11)
        self._default_pd: SoftPD | None = None
        self._buffers: list[mmap.mmap] = []

    def alloc_pd(self) -> SoftPD:
        return SoftPD(self)

    @property
    def default_pd(self) -> SoftPD:
        if self._default_pd is None:
            self._default_pd = SoftPD(self)
        return self._default_pd

    def create_cq(self, cqe: int) -> SoftCQ:
        if not 1 <= cqe <= self.attrs.max_cqe:
            raise VerbsError(errno.EINVAL, f"cqe {cqe} outside 1..{self.attrs.max_cqe}")
        return SoftCQ(self, cqe)

    def alloc_registered_buffer(
        self, nbytes: int, access: Access = Access.ALL, pd: ProtectionDomain | None = None
    ) -> tuple[memoryview, MemoryRegion]:
        buf = mmap.mmap(-1, nbytes)
        mr = (pd or self.default_pd).reg_mr(buf, access)
        assert isinstance(mr, SoftMR)
        return mr.view, mr

    def close(self) -> None:
        for mr in list(self._lkeys.values()):
            mr.dereg()

    def _reg_mr(self, pd: SoftPD, buf: Any, access: Access,
                invalidatable: bool = False) -> SoftMR:
        n = next(self._key_seq)
        # Distinct lkey and rkey (low byte is a "key" part like real HCAs), so mixing them up
        # fails here as it can on hardware.
        lkey = (n << 8) | 0x11
        rkey = (n << 8) | 0x77
        mr = SoftMR(pd, buf, access, lkey, rkey, invalidatable)
        if mr.length > self.attrs.max_mr_size:
            mr.dereg()
            raise VerbsError(errno.EINVAL, "MR larger than max_mr_size")
        self._lkeys[lkey] = mr
        self._rkeys[rkey] = mr
        return mr

    def _forget_mr(self, mr: SoftMR) -> None:
        self._lkeys.pop(mr.lkey, None)
        self._rkeys.pop(mr.rkey, None)

    def local_view(self, pd: ProtectionDomain, addr: int, length: int, lkey: int,
                   write: bool) -> memoryview | None:
        """The bytes an SGE names, or None if the lkey/PD/range/access check fails."""
        mr = self._lkeys.get(lkey)
        if mr is None or mr.pd is not pd:
            return None
        if write and not mr.access & Access.LOCAL_WRITE:
            return None
        off = addr - mr.addr
        if off < 0 or length < 0 or off + length > mr.length:
            return None
        return mr.view[off:off + length]

    def remote_view(self, pd: ProtectionDomain, addr: int, length: int, rkey: int,
                    need: Access) -> memoryview | None:
        if length == 0:
            return memoryview(b"")  # zero-length RDMA ops carry no key check (IBA 9.4.5)
        mr = self._rkeys.get(rkey)
        if mr is None or mr.pd is not pd or not mr.access & need:
            return None
        off = addr - mr.addr
        if off < 0 or off + length > mr.length:
            return None
        return mr.view[off:off + length]

    def invalidate(self, pd: ProtectionDomain, rkey: int) -> bool:
        """Remote invalidation of ``rkey`` by a SEND_WITH_INV arriving on a QP of ``pd``.

        Returns False (the receive fails, the MR is untouched) unless the rkey names an MR of
        that PD that a peer may invalidate (`SoftPD.reg_invalidatable_mr`): a real device
        refuses it for an ``ibv_reg_mr`` registration.
        """
        mr = self._rkeys.get(rkey)
        if mr is None or mr.pd is not pd or not mr.invalidatable:
            return False
        mr.dereg()
        return True


def _skip(views: Sequence[memoryview], n: int) -> list[memoryview]:
    """``views`` less their first ``n`` bytes (where a later fragment of a message goes)."""
    out: list[memoryview] = []
    for v in views:
        if n >= len(v):
            n -= len(v)
            continue
        out.append(v[n:] if n else v)
        n = 0
    return out


def _sg_copy(srcs: Sequence[memoryview], dsts: Sequence[memoryview]) -> int:
    """Copy the concatenation of ``srcs`` into ``dsts`` by slice assignment; returns bytes."""
    di = 0
    doff = 0
    total = 0
    for src in srcs:
        soff = 0
        while soff < len(src):
            while di < len(dsts) and doff == len(dsts[di]):
                di += 1
                doff = 0
            if di == len(dsts):
                return total
            dst = dsts[di]
            n = min(len(src) - soff, len(dst) - doff)
            dst[doff:doff + n] = src[soff:soff + n]
            soff += n
            doff += n
            total += n
    return total


# ---------------------------------------------------------------------------------------------
# Wire messages

K_CONNECT, K_ACCEPT, K_REJECT, K_RTU, K_DREQ, K_DREP = 1, 2, 3, 4, 5, 6
K_SEND, K_WRITE, K_READ_REQ, K_READ_RESP, K_ACK, K_NAK = 10, 11, 12, 13, 14, 15
_REQUESTS = frozenset((K_SEND, K_WRITE, K_READ_REQ))
_RESPONSES = frozenset((K_ACK, K_NAK, K_READ_RESP))
F_INVALIDATE = 1
#: TCP wire: another frame of the same message follows (WRITE and READ response only)
F_MORE = 2

#: kind, flags, status, seq, addr, key, aux, payload length
_HDR = struct.Struct("!BBHIQIII")


@dataclasses.dataclass(slots=True)
class _Msg:
    kind: int
    seq: int = 0
    addr: int = 0
    key: int = 0
    aux: int = 0
    flags: int = 0
    status: int = 0
    payload: list[memoryview] = dataclasses.field(default_factory=list)

    def nbytes(self) -> int:
        return sum(len(p) for p in self.payload)

    def snapshot(self) -> None:
        """Detach the payload from the sender's memory (used when a message must wait)."""
        if self.payload:
            self.payload = [memoryview(b"".join(self.payload))]


class _Handler:
    def on_msg(self, msg: _Msg) -> None:
        raise NotImplementedError

    def on_eof(self) -> None:
        raise NotImplementedError


class _Wire:
    handler: _Handler
    peer_addr: tuple[Any, ...] = ()
    local_addr: tuple[Any, ...] = ()

    def send(self, msg: _Msg) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        """Stop delivering inbound messages (RNR back-pressure); a no-op in process."""

    def resume(self) -> None:
        """Deliver again after `pause`."""


class _NullHandler(_Handler):
    def on_msg(self, msg: _Msg) -> None:
        pass

    def on_eof(self) -> None:
        pass


class _LocalWire(_Wire):
    """One end of an in-process pair. Delivery is deferred with call_soon (FIFO), so posting
    never re-enters the peer and ordering is that of the send calls."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.peer: _LocalWire | None = None
        self.handler: _Handler = _NullHandler()
        self.closed = False

    @staticmethod
    def pair(loop: asyncio.AbstractEventLoop) -> tuple[_LocalWire, _LocalWire]:
        a, b = _LocalWire(loop), _LocalWire(loop)
        a.peer, b.peer = b, a
        return a, b

    def send(self, msg: _Msg) -> None:
        peer = self.peer
        if self.closed or peer is None:
            return
        self.loop.call_soon(peer._deliver, msg)

    def _deliver(self, msg: _Msg) -> None:
        if not self.closed:
            self.handler.on_msg(msg)

    def _eof(self) -> None:
        if not self.closed:
            self.closed = True
            self.handler.on_eof()

    def close(self) -> None:
        # Orderly: the peer sees EOF after everything already sent.
        if self.closed:
            return
        self.closed = True
        if self.peer is not None:
            self.loop.call_soon(self.peer._eof)

    def abort(self) -> None:
        peer = self.peer
        self._eof()
        if peer is not None:
            peer._eof()


#: Message kinds whose payload views may point into a wire's receive buffer: their consumers
#: (`SoftQP.on_msg`) copy the bytes out before returning, or detach them (`_Msg.snapshot`)
#: when the message must wait.  Every other kind gets a copy of its (small) payload.
_BORROWED = frozenset((K_WRITE, K_READ_RESP, K_SEND))
#: A stream wire's first receive buffer (all an idle connection keeps); it grows to
#: _READ_AHEAD on a busy wire and to a whole frame on one that carries bulk frames, and keeps
#: that size: no allocation per frame afterwards.
_RECV_INITIAL = 4096
#: Bytes a read may take beyond the end of the frame being received.
_READ_AHEAD = 64 * 1024


class _StreamWire(_Wire, asyncio.BufferedProtocol):
    """Messages framed over a stream socket (TCP, loopback or not).

    Receiving: the transport reads straight into one receive buffer per wire (a
    BufferedProtocol); frames are parsed in place and a data message's payload is a view of
    that buffer, which the QP copies into the target MR (one copy from the socket to the MR, as
    a NIC's DMA is one).  Invariants: ``[_start, _end)`` of ``_buf`` holds received bytes not
    yet delivered; a frame that has not fully arrived always fits in ``_buf`` (it grows to
    header + `MAX_FRAME` when one that does not fit is announced); views handed out do not
    outlive the ``on_msg`` call (`_BORROWED`), so the bytes may then be overwritten.  (A fresh
    bytes object per frame, as before, cost a heap grow and trim for every 1 MiB frame: the
    kernel zeroing and faulting in fresh pages was most of the receiver's CPU.)
    """

    def __init__(self, on_connect: Callable[[_StreamWire], None] | None = None) -> None:
        self.handler: _Handler = _NullHandler()
        self.transport: asyncio.Transport | None = None
        self._buf = bytearray(_RECV_INITIAL)
        self._view = memoryview(self._buf)
        self._start = 0
        self._end = 0
        self._offered = 0
        self._filled = False
        self._on_connect = on_connect
        self._paused = False
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports do not subclass asyncio.Transport: cast, don't check.
        transport = cast(asyncio.Transport, transport)
        self.transport = transport
        self.peer_addr = tuple(transport.get_extra_info("peername") or ())
        self.local_addr = tuple(transport.get_extra_info("sockname") or ())
        if self._on_connect is not None:
            self._on_connect(self)

    def get_buffer(self, sizehint: int) -> memoryview:
        # A read takes the rest of the frame being received and at most _READ_AHEAD bytes
        # beyond it: a bulk frame lands whole in place, and what must move to the front to
        # make room for the next one is at most that read-ahead.
        limit = max(self._wanted(), _READ_AHEAD)
        start, end, size = self._start, self._end, len(self._buf)
        if start == end:
            self._start = self._end = end = 0
        elif size - end < limit and start:
            # move the partial frame to the front (it fits: see _deliver's resize)
            n = end - start
            self._view[:n] = self._view[start:end]
            self._start, self._end = 0, n
            end = n
        if end == size or (self._filled and size < _READ_AHEAD):
            # full of undelivered frames (a paused wire), or a busy wire still on the small
            # first buffer (an idle connection keeps only that)
            self._resize(min(2 * size, _READ_AHEAD) if end < size else 2 * size)
            end = self._end
        offered = self._view[end:end + limit]
        self._offered = len(offered)
        return offered

    def buffer_updated(self, nbytes: int) -> None:
        self._filled = nbytes == self._offered
        self._end += nbytes
        self._deliver()

    def _wanted(self) -> int:
        """Bytes still missing from the frame at ``_start`` (its header's, if incomplete)."""
        have = self._end - self._start
        hsize = _HDR.size
        if have < hsize:
            return hsize - have
        plen = int.from_bytes(self._buf[self._start + hsize - 4:self._start + hsize], "big")
        return max(0, hsize + plen - have)

    def _resize(self, size: int) -> None:
        """A new receive buffer of ``size`` bytes holding the undelivered bytes at its front."""
        n = self._end - self._start
        buf = bytearray(size)
        buf[:n] = self._view[self._start:self._end]
        self._view.release()
        self._buf, self._view = buf, memoryview(buf)
        self._start, self._end = 0, n

    def _deliver(self) -> None:
        buf = self._buf
        view = self._view
        off = self._start
        end = self._end
        hsize = _HDR.size
        while end - off >= hsize and not self._paused:
            kind, flags, status, seq, addr, key, aux, plen = _HDR.unpack_from(buf, off)
            if plen > MAX_FRAME:
                # Checked before a byte of it is kept: a broken or hostile peer cannot make
                # us buffer what it claims.  Aborting is what a link failure looks like.
                self.abort()
                return
            if end - off - hsize < plen:
                if hsize + plen > len(buf):
                    self._start = off
                    size = len(buf)
                    while size < hsize + plen:
                        size *= 2
                    self._resize(min(size, hsize + MAX_FRAME))
                    return
                break
            start = off + hsize
            off = start + plen
            self._start = off
            payload: list[memoryview] = []
            if plen:
                v = view[start:off]
                payload.append(v if kind in _BORROWED else memoryview(bytes(v)))
            self.handler.on_msg(_Msg(kind, seq, addr, key, aux, flags, status, payload))
            if self.closed or self._buf is not buf:
                return
        self._start = off

    def pause(self) -> None:
        if not self._paused and self.transport is not None:
            self._paused = True
            self.transport.pause_reading()

    def resume(self) -> None:
        if self._paused and not self.closed and self.transport is not None:
            self._paused = False
            self.transport.resume_reading()
            # Deferred: the caller (a QP draining its backlog) must not be re-entered.
            asyncio.get_running_loop().call_soon(self._deliver_if_open)

    def _deliver_if_open(self) -> None:
        if not self.closed:
            self._deliver()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed:
            self.closed = True
            self.handler.on_eof()

    def eof_received(self) -> bool:
        return False  # close our side too

    def send(self, msg: _Msg) -> None:
        t = self.transport
        if t is None or self.closed or t.is_closing():
            return
        n = msg.nbytes()
        if n <= MAX_FRAME or msg.kind not in (K_WRITE, K_READ_RESP):
            hdr = _HDR.pack(msg.kind, msg.flags, msg.status, msg.seq, msg.addr, msg.key,
                            msg.aux, n)
            # The transport copies whatever it cannot send at once, so the MR may be reused
            # as soon as the WR completes.
            t.writelines([hdr, *msg.payload])
            return
        # A bulk message in frames of MAX_FRAME: a WRITE frame names its own target address,
        # a READ response frame its offset in the response (in ``addr``).
        whole = memoryview(b"".join(msg.payload)) if len(msg.payload) != 1 else msg.payload[0]
        for at in range(0, n, MAX_FRAME):
            part = whole[at:at + MAX_FRAME]
            more = F_MORE if at + len(part) < n else 0
            addr = msg.addr + at if msg.kind == K_WRITE else at
            t.writelines([_HDR.pack(msg.kind, msg.flags | more, msg.status, msg.seq, addr,
                                    msg.key, msg.aux, len(part)), part])

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()


# ---------------------------------------------------------------------------------------------
# Queue pair


@dataclasses.dataclass(slots=True)
class _Wqe:
    wr: SendWR
    seq: int
    local_err: WcStatus | None = None
    #: READ targets (validated at post time)
    dsts: list[memoryview] | None = None
    length: int = 0
    #: READ response bytes placed so far (a response may come in several frames)
    done: int = 0


class SoftQP(QueuePair):
    """Invariants: ``_wqes`` holds posted send WRs in order until completed (requests are
    transmitted at post time unless an earlier WR failed locally); responses arrive in
    sequence order; ``_stalled`` holds inbound requests behind a SEND waiting for a receive."""

    def __init__(self, device: SoftDevice, init: QpInit) -> None:
        a = device.attrs
        if init.max_send_sge > a.max_sge or init.max_recv_sge > a.max_sge:
            raise VerbsError(errno.EINVAL, f"max_*_sge above device max_sge {a.max_sge}")
        if not 1 <= init.max_send_wr <= a.max_qp_wr or not 1 <= init.max_recv_wr <= a.max_qp_wr:
            raise VerbsError(errno.EINVAL, f"max_*_wr outside 1..{a.max_qp_wr}")
        if init.max_rd_atomic > a.max_qp_rd_atom:
            raise VerbsError(errno.EINVAL, f"max_rd_atomic above {a.max_qp_rd_atom}")
        if not isinstance(init.send_cq, SoftCQ) or not isinstance(init.recv_cq, SoftCQ):
            raise VerbsError(errno.EINVAL, "CQs must belong to the soft provider")
        self.device = device
        self.init = init
        self.pd = init.pd or device.default_pd
        if not isinstance(self.pd, SoftPD) or self.pd.device is not device:
            raise VerbsError(errno.EINVAL, "PD of another device")
        self.send_cq: SoftCQ = init.send_cq
        self.recv_cq: SoftCQ = init.recv_cq
        self.qp_num = next(device._qp_seq)
        self.sq = SendQueue(init.max_send_wr, init.max_send_sge, init.max_rd_atomic)
        self.rq: collections.deque[RecvWR] = collections.deque()
        self._state = QpState.INIT
        self._wire: _Wire | None = None
        self._wqes: collections.deque[_Wqe] = collections.deque()
        self._halted = False
        self._seq = itertools.count(1)
        self._stalled: collections.deque[_Msg] = collections.deque()
        self._stalled_bytes = 0
        #: negotiated ORD once connected
        self.max_rd_atomic = init.max_rd_atomic

    @property
    def state(self) -> QpState:
        return self._state

    # -- posting --------------------------------------------------------------------------

    def post_recv(self, wr: RecvWR | Sequence[RecvWR]) -> None:
        wrs = [wr] if isinstance(wr, RecvWR) else list(wr)
        if self._state is QpState.RESET:
            raise VerbsError(errno.EINVAL, "post_recv on a QP in RESET")
        for w in wrs:
            if len(w.sges) > self.init.max_recv_sge:
                raise VerbsError(errno.EINVAL,
                                 f"{len(w.sges)} SGEs > max_recv_sge {self.init.max_recv_sge}")
        if len(self.rq) + len(wrs) > self.init.max_recv_wr:
            raise VerbsError(errno.ENOMEM, f"receive queue full ({self.init.max_recv_wr})")
        for w in wrs:
            self.device.counters["wr.RECV"] += 1
            self.device.counters["sge.RECV"] += len(w.sges)
        if self._state is QpState.ERROR:
            for w in wrs:
                self._push(self.recv_cq, WorkCompletion(w.wr_id, WcStatus.WR_FLUSH_ERR,
                                                        WcOpcode.RECV, qp_num=self.qp_num))
            return
        self.rq.extend(wrs)
        if self._stalled:
            self._drain_stalled()

    def post_send(self, wrs: SendWR | Sequence[SendWR]) -> None:
        chain = [wrs] if isinstance(wrs, SendWR) else list(wrs)
        if self._state in (QpState.RESET, QpState.INIT, QpState.RTR):
            raise VerbsError(errno.EINVAL, f"post_send on a QP in {self._state.name}")
        self.sq.check(chain)
        count_posted(self.device.counters, chain)
        if self._state is QpState.ERROR:
            for wr in chain:
                self._push(self.send_cq, WorkCompletion(
                    wr.wr_id, WcStatus.WR_FLUSH_ERR, WC_OPCODE_OF[wr.opcode], qp_num=self.qp_num))
            return
        self.sq.push(chain)
        for wr in chain:
            self._start(wr)
        self._complete_local_errors()

    def _start(self, wr: SendWR) -> None:
        wqe = _Wqe(wr, next(self._seq))
        self._wqes.append(wqe)
        if self._halted:
            return  # an earlier WR failed; this one will be flushed
        dev = self.device
        views: list[memoryview] = []
        write = wr.opcode is WrOpcode.RDMA_READ
        for sge in wr.sges:
            v = dev.local_view(self.pd, sge.addr, sge.length, sge.lkey, write)
            if v is None:
                wqe.local_err = WcStatus.LOC_PROT_ERR
                self._halted = True
                return
            views.append(v)
        total = sum(len(v) for v in views)
        op = wr.opcode
        if total >= MAX_MSG or (total > MAX_FRAME and isinstance(self._wire, _StreamWire)
                                and op in (WrOpcode.SEND, WrOpcode.SEND_WITH_INV)):
            wqe.local_err = WcStatus.LOC_LEN_ERR
            self._halted = True
            return
        assert self._wire is not None
        if op is WrOpcode.RDMA_READ:
            wqe.dsts = views
            wqe.length = total
            self._wire.send(_Msg(K_READ_REQ, wqe.seq, wr.remote_addr, wr.rkey, total))
        elif op is WrOpcode.RDMA_WRITE:
            self._wire.send(_Msg(K_WRITE, wqe.seq, wr.remote_addr, wr.rkey, payload=views))
        else:
            inv = op is WrOpcode.SEND_WITH_INV
            self._wire.send(_Msg(K_SEND, wqe.seq, 0, wr.invalidate_rkey if inv else 0,
                                 flags=F_INVALIDATE if inv else 0, payload=views))

    # -- requester completions ------------------------------------------------------------

    def _complete_local_errors(self) -> None:
        if self._wqes and self._wqes[0].local_err is not None:
            wqe = self._wqes.popleft()
            self.sq.retire_one()
            assert wqe.local_err is not None
            self._push(self.send_cq, WorkCompletion(
                wqe.wr.wr_id, wqe.local_err, WC_OPCODE_OF[wqe.wr.opcode], qp_num=self.qp_num))
            self.to_error()

    def _on_response(self, msg: _Msg) -> None:
        if self._state is not QpState.RTS or not self._wqes:
            return
        wqe = self._wqes[0]
        if wqe.seq != msg.seq:
            return  # stale response for a flushed WR
        wr = wqe.wr
        if msg.kind == K_NAK:
            self._wqes.popleft()
            self.sq.retire_one()
            self._push(self.send_cq, WorkCompletion(
                wr.wr_id, WcStatus(msg.status), WC_OPCODE_OF[wr.opcode], qp_num=self.qp_num))
            self.to_error()
            return
        byte_len = 0
        if msg.kind == K_READ_RESP:
            assert wqe.dsts is not None
            if msg.addr != wqe.done:
                return  # not the next frame of this response; ignore
            wqe.done += _sg_copy(msg.payload, _skip(wqe.dsts, msg.addr))
            if msg.flags & F_MORE:
                return  # more frames of this response follow
            byte_len = wqe.done
        elif wr.opcode is WrOpcode.RDMA_READ:
            return  # protocol confusion; ignore
        self._wqes.popleft()
        if wr.signaled:
            n = len(self.sq.entries) - len(self._wqes)
            for _ in range(n):
                self.sq.retire_one()
            self._push(self.send_cq, WorkCompletion(
                wr.wr_id, WcStatus.SUCCESS, WC_OPCODE_OF[wr.opcode],
                byte_len if wr.opcode is WrOpcode.RDMA_READ else 0, qp_num=self.qp_num))
        if self._state is QpState.RTS:
            self._complete_local_errors()

    # -- responder --------------------------------------------------------------------------

    def on_msg(self, msg: _Msg) -> None:
        if msg.kind in _RESPONSES:
            self._on_response(msg)
            return
        if msg.kind not in _REQUESTS:
            return
        if self._state not in (QpState.RTR, QpState.RTS):
            self._nak(msg, WcStatus.RETRY_EXC_ERR)
            return
        if self._stalled or not self._handle_request(msg):
            self._stall(msg)

    def _stall(self, msg: _Msg) -> None:
        """Hold ``msg`` behind a SEND waiting for a receive; past STALL_LIMIT bytes held, the
        wire stops reading (the sender is held up, as by RNR NAKs)."""
        msg.snapshot()
        self._stalled.append(msg)
        self._stalled_bytes += msg.nbytes()
        if self._stalled_bytes > STALL_LIMIT and self._wire is not None:
            self._wire.pause()

    def _drain_stalled(self) -> None:
        while self._stalled and self._state in (QpState.RTR, QpState.RTS):
            if not self._handle_request(self._stalled[0]):
                return
            self._stalled_bytes -= self._stalled.popleft().nbytes()
        if self._stalled_bytes <= STALL_LIMIT and self._wire is not None:
            self._wire.resume()

    def _nak(self, msg: _Msg, status: WcStatus) -> None:
        if self._wire is not None:
            self._wire.send(_Msg(K_NAK, msg.seq, status=int(status)))

    def _handle_request(self, msg: _Msg) -> bool:
        """Execute one inbound request; False when a SEND must wait for a receive (RNR)."""
        dev = self.device
        wire = self._wire
        assert wire is not None
        if msg.kind == K_WRITE:
            dst = dev.remote_view(self.pd, msg.addr, msg.nbytes(), msg.key, Access.REMOTE_WRITE)
            if dst is None:
                self._nak(msg, WcStatus.REM_ACCESS_ERR)
                self.to_error()
                return True
            _sg_copy(msg.payload, [dst])
            if not msg.flags & F_MORE:  # one ACK for the whole message, after its last frame
                wire.send(_Msg(K_ACK, msg.seq))
            return True
        if msg.kind == K_READ_REQ:
            src = dev.remote_view(self.pd, msg.addr, msg.aux, msg.key, Access.REMOTE_READ)
            if src is None:
                self._nak(msg, WcStatus.REM_ACCESS_ERR)
                self.to_error()
                return True
            wire.send(_Msg(K_READ_RESP, msg.seq, payload=[src] if len(src) else []))
            return True
        # SEND
        if not self.rq:
            return False
        rwr = self.rq.popleft()
        dsts: list[memoryview] = []
        for sge in rwr.sges:
            v = dev.local_view(self.pd, sge.addr, sge.length, sge.lkey, True)
            if v is None:
                self._recv_error(rwr, msg, WcStatus.LOC_PROT_ERR, WcStatus.REM_OP_ERR)
                return True
            dsts.append(v)
        n = msg.nbytes()
        if n > sum(len(d) for d in dsts):
            self._recv_error(rwr, msg, WcStatus.LOC_LEN_ERR, WcStatus.REM_INV_REQ_ERR)
            return True
        invalidated = None
        if msg.flags & F_INVALIDATE:
            if not dev.invalidate(self.pd, msg.key):
                self._recv_error(rwr, msg, WcStatus.LOC_PROT_ERR, WcStatus.REM_OP_ERR)
                return True
            invalidated = msg.key
        _sg_copy(msg.payload, dsts)
        wire.send(_Msg(K_ACK, msg.seq))
        self._push(self.recv_cq, WorkCompletion(rwr.wr_id, WcStatus.SUCCESS, WcOpcode.RECV, n,
                                                invalidated, qp_num=self.qp_num))
        return True

    def _recv_error(self, rwr: RecvWR, msg: _Msg, local: WcStatus, remote: WcStatus) -> None:
        self._nak(msg, remote)
        self._push(self.recv_cq, WorkCompletion(rwr.wr_id, local, WcOpcode.RECV,
                                                qp_num=self.qp_num))
        self.to_error()

    # -- state ------------------------------------------------------------------------------

    def _push(self, cq: SoftCQ, wc: WorkCompletion) -> None:
        if wc.status is WcStatus.SUCCESS:
            failed = self.device.faults._take_failure(self.qp_num)
            if failed is not None:
                cq.push(dataclasses.replace(wc, status=failed, byte_len=0))
                self.to_error()
                return
        cq.push(wc)

    def connect(self, wire: _Wire, ord_: int) -> None:
        self._wire = wire
        self.max_rd_atomic = self.sq.max_rd_atomic = max(0, ord_)
        self._state = QpState.RTS

    def to_error(self) -> None:
        if self._state is QpState.ERROR:
            return
        self._state = QpState.ERROR
        self._stalled.clear()
        self._stalled_bytes = 0
        if self._wire is not None:
            self._wire.resume()  # keep reading: the disconnect exchange still has to arrive
        while self._wqes:
            wqe = self._wqes.popleft()
            self.send_cq.push(WorkCompletion(wqe.wr.wr_id, WcStatus.WR_FLUSH_ERR,
                                             WC_OPCODE_OF[wqe.wr.opcode], qp_num=self.qp_num))
        self.sq.clear()
        while self.rq:
            rwr = self.rq.popleft()
            self.recv_cq.push(WorkCompletion(rwr.wr_id, WcStatus.WR_FLUSH_ERR, WcOpcode.RECV,
                                             qp_num=self.qp_num))

    def destroy(self) -> None:
        self._state = QpState.RESET
        self._wqes.clear()
        self.rq.clear()
        self._stalled.clear()
        self._stalled_bytes = 0
        self.sq.clear()
        self._wire = None


# ---------------------------------------------------------------------------------------------
# Connection manager


class SoftConnection(Connection, _Handler):
    qp: SoftQP
    device: SoftDevice

    def __init__(self, wire: _Wire, qp: SoftQP, peer_private_data: bytes, ord_: int,
                 ird: int) -> None:
        super().__init__()
        self.wire = wire
        self.qp = qp
        self.pd = qp.pd
        self.device = qp.device
        self.peer_addr = wire.peer_addr
        self.local_addr = wire.local_addr
        self.peer_private_data = peer_private_data
        self.initiator_depth = ord_
        self.responder_resources = ird
        self._established: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._dreq_sent = False

    def on_msg(self, msg: _Msg) -> None:
        k = msg.kind
        if k == K_RTU:
            if not self._established.done():
                self._established.set_result(None)
        elif k == K_DREQ:
            self.qp.to_error()
            self.wire.send(_Msg(K_DREP))
            self._set_disconnected()
            self.wire.close()
        elif k == K_DREP:
            self._set_disconnected()
            self.wire.close()
        else:
            self.qp.on_msg(msg)

    def on_eof(self) -> None:
        self.qp.to_error()
        if not self._established.done():
            self._established.set_exception(
                VerbsError(errno.ECONNRESET, "peer went away before the connection was established"))
        self._set_disconnected()

    def _set_disconnected(self) -> None:
        self._disconnected.set()

    async def disconnect(self) -> None:
        if self.disconnected:
            return
        self.qp.to_error()
        if not self._dreq_sent:
            self._dreq_sent = True
            self.wire.send(_Msg(K_DREQ))
        try:
            await asyncio.wait_for(self._disconnected.wait(), 5.0)
        except TimeoutError:
            self.wire.abort()
            self._set_disconnected()

    def close(self) -> None:
        if not self.disconnected:
            self.wire.abort()
            self._set_disconnected()
        self.qp.destroy()


class SoftConnectRequest(ConnectRequest, _Handler):
    device: SoftDevice

    def __init__(self, listener: SoftListener, wire: _Wire, msg: _Msg) -> None:
        self.listener = listener
        self.wire = wire
        self.device = listener.device
        self.private_data = b"".join(msg.payload)
        self.peer_addr = wire.peer_addr
        # Receiver's view, as rdma_cm reports it: the peer's initiator depth is the IRD we
        # may grant, its responder resources the ORD we may use.
        self.responder_resources = msg.aux & 0xFF
        self.initiator_depth = msg.aux >> 8
        self.qp: SoftQP | None = None
        self._done = False
        self._gone = False
        wire.handler = self

    def on_msg(self, msg: _Msg) -> None:
        pass  # nothing may arrive before we answer

    def on_eof(self) -> None:
        self._gone = True

    def create_qp(self, qp_init: QpInit) -> SoftQP:
        if self.qp is not None:
            raise VerbsError(errno.EEXIST, "QP already created for this request")
        self.qp = SoftQP(self.device, qp_init)
        return self.qp

    async def accept(
        self,
        qp_init: QpInit | None = None,
        private_data: bytes = b"",
        responder_resources: int | None = None,
        initiator_depth: int | None = None,
    ) -> SoftConnection:
        if self._done:
            raise VerbsError(errno.EINVAL, "request already answered")
        if len(private_data) > MAX_ACCEPT_PRIVATE:
            raise VerbsError(errno.EINVAL, f"private data > {MAX_ACCEPT_PRIVATE} bytes")
        if self.qp is None:
            if qp_init is None:
                raise VerbsError(errno.EINVAL, "accept needs qp_init or create_qp first")
            self.create_qp(qp_init)
        qp = self.qp
        assert qp is not None
        self._done = True
        if self._gone:
            raise VerbsError(errno.ECONNRESET, "peer went away before accept")
        ird = responder_resources
        if ird is None:
            ird = min(self.device.attrs.max_qp_rd_atom, self.responder_resources)
        ord_ = initiator_depth
        if ord_ is None:
            ord_ = min(qp.init.max_rd_atomic, self.initiator_depth)
        qp.connect(self.wire, ord_)
        conn = SoftConnection(self.wire, qp, self.private_data, ord_, ird)
        self.wire.handler = conn
        self.wire.send(_Msg(K_ACCEPT, aux=(ird << 8) | ord_, payload=[memoryview(private_data)]))
        await asyncio.wait_for(conn._established, 10.0)
        return conn

    async def reject(self, private_data: bytes = b"") -> None:
        if self._done:
            raise VerbsError(errno.EINVAL, "request already answered")
        self._done = True
        self.wire.send(_Msg(K_REJECT, payload=[memoryview(private_data[:MAX_ACCEPT_PRIVATE])]))
        self.wire.close()
        if self.qp is not None:
            self.qp.destroy()


#: In-process listeners by (host, port), for the direct wire.
_LOCAL_LISTENERS: dict[tuple[str, int], SoftListener] = {}


class SoftListener(Listener):
    def __init__(self, device: SoftDevice, backlog: int) -> None:
        self.device = device
        self.backlog = backlog
        self.queue: asyncio.Queue[SoftConnectRequest | None] = asyncio.Queue()
        self.server: asyncio.Server | None = None
        self.address: tuple[Any, ...] = ()
        self._key: tuple[str, int] | None = None
        self.closed = False

    def _on_wire(self, wire: _Wire) -> None:
        wire.handler = _AwaitConnect(self, wire)

    def _on_connect_msg(self, wire: _Wire, msg: _Msg) -> None:
        req = SoftConnectRequest(self, wire, msg)
        if self.closed or self.queue.qsize() >= self.backlog:
            req._done = True
            wire.send(_Msg(K_REJECT))
            wire.close()
            return
        self.queue.put_nowait(req)

    async def get_request(self) -> SoftConnectRequest:
        if self.closed:
            raise EOFError("listener closed")
        req = await self.queue.get()
        if req is None:
            self.queue.put_nowait(None)
            raise EOFError("listener closed")
        return req

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._key is not None:
            _LOCAL_LISTENERS.pop(self._key, None)
        if self.server is not None:
            self.server.close()
        self.queue.put_nowait(None)


class _AwaitConnect(_Handler):
    def __init__(self, listener: SoftListener, wire: _Wire) -> None:
        self.listener = listener
        self.wire = wire

    def on_msg(self, msg: _Msg) -> None:
        if msg.kind == K_CONNECT:
            self.listener._on_connect_msg(self.wire, msg)

    def on_eof(self) -> None:
        pass


class _AwaitAccept(_Handler):
    def __init__(self, fut: asyncio.Future[_Msg]) -> None:
        self.fut = fut

    def on_msg(self, msg: _Msg) -> None:
        if msg.kind in (K_ACCEPT, K_REJECT) and not self.fut.done():
            self.fut.set_result(msg)

    def on_eof(self) -> None:
        if not self.fut.done():
            self.fut.set_exception(VerbsError(errno.ECONNRESET, "connection closed by peer"))


class SoftProvider(Provider):
    """The software fabric. ``wire``: "auto" (in-process pair when the listener is in this
    process, TCP otherwise) or "tcp" (always TCP, even in one process)."""

    name = "soft"

    def __init__(self, attrs: DeviceAttrs | None = None, device_name: str = "soft0",
                 wire: str = "auto", source: str | None = None) -> None:
        """``source``: the local address connections come from (rdma_resolve_addr's
        src_addr; on loopback any 127.0.0.0/8 address), so tests can play several hosts."""
        if wire not in ("auto", "tcp"):
            raise ValueError(f"wire must be 'auto' or 'tcp', not {wire!r}")
        self.source = source
        self.attrs = attrs or DeviceAttrs()
        self.device_name = device_name
        self.wire = wire
        self.faults = SoftFaults()
        self._device: SoftDevice | None = None
        self._local_seq = itertools.count(1)

    def open_device(self, name: str | None = None) -> SoftDevice:
        if name is not None and name != self.device_name:
            raise NoDeviceError(f"soft provider has only device {self.device_name!r}, not {name!r}")
        if self._device is None:
            self._device = SoftDevice(self, self.device_name, self.attrs)
        return self._device

    async def listen(self, host: str, port: int, backlog: int = 64) -> SoftListener:
        loop = asyncio.get_running_loop()
        listener = SoftListener(self.open_device(), backlog)
        try:
            server = await loop.create_server(
                lambda: _StreamWire(on_connect=listener._on_wire), host, port, backlog=backlog)
        except OSError as e:
            raise VerbsError(e.errno or errno.EADDRNOTAVAIL, f"soft listen {host}:{port}: {e}") from e
        listener.server = server
        sock = server.sockets[0]
        listener.address = tuple(sock.getsockname())
        listener._key = (host, int(listener.address[1]))
        _LOCAL_LISTENERS[listener._key] = listener
        return listener

    async def connect(
        self,
        host: str,
        port: int,
        qp_init: QpInit | QpInitFactory,
        private_data: bytes = b"",
        *,
        on_qp: Callable[[QueuePair], None] | None = None,
        responder_resources: int | None = None,
        initiator_depth: int | None = None,
        timeout: float = 10.0,
    ) -> SoftConnection:
        if len(private_data) > MAX_CONNECT_PRIVATE:
            raise VerbsError(errno.EINVAL, f"private data > {MAX_CONNECT_PRIVATE} bytes")
        loop = asyncio.get_running_loop()
        device = self.open_device()
        init = qp_init(device) if callable(qp_init) else qp_init
        qp = SoftQP(device, init)
        if on_qp is not None:
            on_qp(qp)
        wire: _Wire
        listener = _LOCAL_LISTENERS.get((host, port)) if self.wire == "auto" else None
        if listener is not None:
            mine, theirs = _LocalWire.pair(loop)
            n = next(self._local_seq)
            mine.peer_addr = theirs.local_addr = listener.address
            # What a loopback TCP connection to `host` would report: the dialled address
            # (a local one, since the listener is in this process), loopback for a wildcard,
            # and a port from the ephemeral range (exports match on the address).
            src = self.source or {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(
                host, host)
            mine.local_addr = theirs.peer_addr = (src, 32768 + n % 28232)
            listener._on_wire(theirs)
            wire = mine
        else:
            try:
                _, proto = await asyncio.wait_for(loop.create_connection(
                    _StreamWire, host, port,
                    local_addr=(self.source, 0) if self.source else None), timeout)
            except OSError as e:
                qp.destroy()
                raise VerbsError(e.errno or errno.ECONNREFUSED,
                                 f"soft connect {host}:{port}: {e}") from e
            wire = proto
        fut: asyncio.Future[_Msg] = loop.create_future()
        wire.handler = _AwaitAccept(fut)
        ird = responder_resources if responder_resources is not None else self.attrs.max_qp_rd_atom
        want_ord = initiator_depth if initiator_depth is not None else init.max_rd_atomic
        wire.send(_Msg(K_CONNECT, aux=(ird << 8) | want_ord, payload=[memoryview(private_data)]))
        try:
            reply = await asyncio.wait_for(fut, timeout)
        except BaseException:
            wire.abort()
            qp.destroy()
            raise
        data = b"".join(reply.payload)
        if reply.kind == K_REJECT:
            wire.close()
            qp.destroy()
            raise RejectedError(data)
        peer_ird, peer_ord = reply.aux >> 8, reply.aux & 0xFF
        ord_ = min(want_ord, peer_ird)
        qp.connect(wire, ord_)
        conn = SoftConnection(wire, qp, data, ord_, min(ird, peer_ord))
        conn._established.set_result(None)
        wire.handler = conn
        wire.send(_Msg(K_RTU))
        return conn
