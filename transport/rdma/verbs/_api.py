"""The small verbs interface that every provider implements.

Operation
---------
A *provider* opens a *device*; a device hands out protection domains, completion queues and
registered memory. Connections come from the connection manager: a server awaits
``provider.listen(host, port)`` and takes ``ConnectRequest`` objects from the listener; it
may create the request's queue pair and post its receive ring first, then ``accept`` with
RFC 8797 private data. A client awaits ``provider.connect(...)``. Both ends get a
``Connection`` (``qp``, ``pd``, peer address, negotiated ORD/IRD, peer private data).

Work is posted on the QP (``post_recv``, ``post_send`` of a WR chain) and completes on the
CQs. A CQ has a completion-channel file descriptor; ``CompletionQueue.attach`` registers it
with ``loop.add_reader`` and runs the usual dance on readiness: consume the event, ack it,
re-arm ``req_notify``, then poll the CQ dry. The verbs layer never creates tasks of its own
for completions; the owner of the CQ (the connection layer) calls ``attach``.

Both providers share the send-queue accounting in ``SendQueue``: ``max_send_sge`` per WR,
send queue depth and outstanding RDMA READs (ORD) are checked at post time, so that a server
which oversubscribes its QP fails the same way on the software fabric as on hardware
(``VerbsError`` with ENOMEM/EINVAL, like ``ibv_post_send``). Hardware would stall further
READs at the ORD limit instead of failing; failing loudly keeps the server's accounting honest.
"""

from __future__ import annotations

import abc
import asyncio
import collections
import ctypes
import enum
import errno
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = [
    "Access",
    "CompletionQueue",
    "ConnectRequest",
    "Connection",
    "Device",
    "DeviceAttrs",
    "Listener",
    "MemoryRegion",
    "NoDeviceError",
    "ProtectionDomain",
    "Provider",
    "QpInit",
    "QpState",
    "QueuePair",
    "RecvWR",
    "RejectedError",
    "SendQueue",
    "SendWR",
    "Sge",
    "VerbsError",
    "WcOpcode",
    "WcStatus",
    "WorkCompletion",
    "WrOpcode",
    "buffer_address",
]


# ---------------------------------------------------------------------------------------------
# Errors


class VerbsError(OSError):
    """A verbs call failed; ``errno`` is what ibverbs/librdmacm would have returned."""

    def __init__(self, err: int, msg: str) -> None:
        super().__init__(err, msg)


class NoDeviceError(VerbsError):
    """No RDMA device (or no rdma_cm) exists on this host."""

    def __init__(self, msg: str) -> None:
        super().__init__(errno.ENODEV, msg)


class RejectedError(VerbsError):
    """The passive side rejected our connect request; ``private_data`` is its reason."""

    def __init__(self, private_data: bytes, msg: str = "connection rejected by peer") -> None:
        super().__init__(errno.ECONNREFUSED, msg)
        self.private_data = private_data


# ---------------------------------------------------------------------------------------------
# Constants: values are those of <infiniband/verbs.h>, so the pyverbs provider passes them through.


class Access(enum.IntFlag):
    NONE = 0
    LOCAL_WRITE = 1
    REMOTE_WRITE = 2
    REMOTE_READ = 4
    ALL = LOCAL_WRITE | REMOTE_WRITE | REMOTE_READ


class WcStatus(enum.IntEnum):
    SUCCESS = 0
    LOC_LEN_ERR = 1
    LOC_QP_OP_ERR = 2
    LOC_EEC_OP_ERR = 3
    LOC_PROT_ERR = 4
    WR_FLUSH_ERR = 5
    MW_BIND_ERR = 6
    BAD_RESP_ERR = 7
    LOC_ACCESS_ERR = 8
    REM_INV_REQ_ERR = 9
    REM_ACCESS_ERR = 10
    REM_OP_ERR = 11
    RETRY_EXC_ERR = 12
    RNR_RETRY_EXC_ERR = 13
    LOC_RDD_VIOL_ERR = 14
    REM_INV_RD_REQ_ERR = 15
    REM_ABORT_ERR = 16
    INV_EECN_ERR = 17
    INV_EEC_STATE_ERR = 18
    FATAL_ERR = 19
    RESP_TIMEOUT_ERR = 20
    GENERAL_ERR = 21


class WcOpcode(enum.IntEnum):
    SEND = 0
    RDMA_WRITE = 1
    RDMA_READ = 2
    COMP_SWAP = 3
    FETCH_ADD = 4
    BIND_MW = 5
    LOCAL_INV = 6
    RECV = 128
    RECV_RDMA_WITH_IMM = 129


class WrOpcode(enum.IntEnum):
    RDMA_WRITE = 0
    SEND = 2
    RDMA_READ = 4
    SEND_WITH_INV = 9


class QpState(enum.IntEnum):
    RESET = 0
    INIT = 1
    RTR = 2
    RTS = 3
    SQD = 4
    SQE = 5
    ERROR = 6


#: Which completion opcode each send opcode produces.
WC_OPCODE_OF: dict[WrOpcode, WcOpcode] = {
    WrOpcode.SEND: WcOpcode.SEND,
    WrOpcode.SEND_WITH_INV: WcOpcode.SEND,
    WrOpcode.RDMA_WRITE: WcOpcode.RDMA_WRITE,
    WrOpcode.RDMA_READ: WcOpcode.RDMA_READ,
}


# ---------------------------------------------------------------------------------------------
# Plain data


@dataclass(frozen=True, slots=True)
class DeviceAttrs:
    """The device limits a server must respect (a subset of ``ibv_device_attr``)."""

    max_sge: int = 30
    max_qp_wr: int = 1024
    max_qp_rd_atom: int = 16
    max_mr_size: int = 1 << 40
    max_cqe: int = 65536


class Sge(NamedTuple):
    """One scatter/gather element: a real virtual address inside a registered MR."""

    addr: int
    length: int
    lkey: int


@dataclass(slots=True)
class RecvWR:
    wr_id: int
    sges: Sequence[Sge] = ()


@dataclass(slots=True)
class SendWR:
    """One send-queue work request. ``remote_addr``/``rkey`` for RDMA ops;
    ``invalidate_rkey`` for SEND_WITH_INV (RFC 8797 remote invalidation)."""

    wr_id: int
    opcode: WrOpcode
    sges: Sequence[Sge] = ()
    remote_addr: int = 0
    rkey: int = 0
    invalidate_rkey: int = 0
    signaled: bool = True


@dataclass(frozen=True, slots=True)
class WorkCompletion:
    wr_id: int
    status: WcStatus
    opcode: WcOpcode
    byte_len: int = 0
    invalidated_rkey: int | None = None
    vendor_err: int = 0
    qp_num: int = 0

    @property
    def ok(self) -> bool:
        return self.status is WcStatus.SUCCESS


@dataclass(slots=True)
class QpInit:
    """QP creation attributes. ``pd`` defaults to the device's default PD.
    ``max_rd_atomic`` caps our outstanding RDMA READs (ORD) and is what we ask the peer for."""

    send_cq: CompletionQueue
    recv_cq: CompletionQueue
    max_send_wr: int = 128
    max_recv_wr: int = 128
    max_send_sge: int = 1
    max_recv_sge: int = 1
    max_rd_atomic: int = 1
    pd: ProtectionDomain | None = None


# ---------------------------------------------------------------------------------------------
# Buffer addresses (both providers use the real virtual address of Python buffers)


class _PyBuffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.py_object),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.POINTER(ctypes.c_ssize_t)),
        ("strides", ctypes.POINTER(ctypes.c_ssize_t)),
        ("suboffsets", ctypes.POINTER(ctypes.c_ssize_t)),
        ("internal", ctypes.c_void_p),
    ]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
_get_buffer.restype = ctypes.c_int
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]
_release_buffer.restype = None


def buffer_address(buf: Any) -> int:
    """Virtual address of the first byte of a C-contiguous buffer (read-only ones too).

    **Assumptions:** the caller keeps an export of ``buf`` alive (e.g. a memoryview) for as
    long as the address is used, so the memory cannot move or be freed.
    **Returns:** the address (0 for an empty buffer). **Raises:** TypeError, BufferError.
    """
    view = _PyBuffer()
    _get_buffer(buf, ctypes.byref(view), 0)  # PyBUF_SIMPLE: contiguous bytes
    try:
        return view.buf or 0
    finally:
        _release_buffer(ctypes.byref(view))


# ---------------------------------------------------------------------------------------------
# Resources


class MemoryRegion(abc.ABC):
    """A registered buffer: ``addr`` is the real virtual address of its first byte."""

    lkey: int
    rkey: int
    addr: int
    length: int
    access: Access

    @abc.abstractmethod
    def dereg(self) -> None:
        """Deregister (idempotent). Later use of the keys fails with a protection error."""

    def sge(self, offset: int = 0, length: int | None = None) -> Sge:
        """An SGE covering ``[offset, offset+length)`` of this region."""
        if length is None:
            length = self.length - offset
        return Sge(self.addr + offset, length, self.lkey)


class ProtectionDomain(abc.ABC):
    device: Device

    @abc.abstractmethod
    def reg_mr(self, buf: Any, access: Access = Access.LOCAL_WRITE) -> MemoryRegion:
        """Register a writable (or, without write access, any) contiguous buffer.

        **Raises:** VerbsError (EINVAL: bad access/empty buffer; EACCES: read-only buffer
        with write access; EOPNOTSUPP where the provider cannot register foreign memory).
        """

    @abc.abstractmethod
    def dealloc(self) -> None: ...


class CompletionQueue(abc.ABC):
    """A CQ with its own completion channel.

    Primitives: ``fileno()`` (readable when an event is pending), ``get_event()`` (consume one
    event without blocking; False if none), ``ack_events(n)``, ``req_notify()`` (arm for the
    next completion), ``poll(n)``. ``attach``/``detach`` wrap them for asyncio.
    """

    device: Device
    cqe: int

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._on_wcs: Callable[[list[WorkCompletion]], None] | None = None

    @abc.abstractmethod
    def fileno(self) -> int: ...

    @abc.abstractmethod
    def req_notify(self, solicited_only: bool = False) -> None: ...

    @abc.abstractmethod
    def get_event(self) -> bool: ...

    @abc.abstractmethod
    def ack_events(self, n: int = 1) -> None: ...

    @abc.abstractmethod
    def poll(self, max_entries: int = 16) -> list[WorkCompletion]: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def attach(
        self,
        on_wcs: Callable[[list[WorkCompletion]], None],
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        """Drive this CQ from the event loop: ``on_wcs`` gets every batch of completions.

        Calls ``loop.add_reader(self.fileno(), ...)``; arms the CQ and drains anything already
        queued. **Raises:** RuntimeError if already attached.
        """
        if self._loop is not None:
            raise RuntimeError("CQ already attached")
        self._loop = loop or asyncio.get_running_loop()
        self._on_wcs = on_wcs
        self._loop.add_reader(self.fileno(), self._on_readable)
        self.req_notify()
        self._drain()

    def detach(self) -> None:
        if self._loop is not None:
            self._loop.remove_reader(self.fileno())
            self._loop = None
            self._on_wcs = None

    def _on_readable(self) -> None:
        n = 0
        while self.get_event():
            n += 1
        if n:
            self.ack_events(n)
        # Re-arm before polling dry: a completion that lands between the last poll and the
        # re-arm would otherwise never raise an event.
        self.req_notify()
        self._drain()

    def _drain(self) -> None:
        while self._on_wcs is not None:
            wcs = self.poll(64)
            if not wcs:
                return
            self._on_wcs(wcs)


class SendQueue:
    """Send-queue accounting shared by the providers (the driver's view of the SQ).

    Invariants: ``entries`` holds one record per posted WR in post order until a completion
    for it *or a later WR* is generated (RC completes in order, so an unsignaled WR is known
    done when a later signaled one completes). ``reads`` counts RDMA READs among them.
    """

    __slots__ = ("entries", "max_rd_atomic", "max_send_sge", "max_send_wr", "reads")

    def __init__(self, max_send_wr: int, max_send_sge: int, max_rd_atomic: int) -> None:
        self.max_send_wr = max_send_wr
        self.max_send_sge = max_send_sge
        self.max_rd_atomic = max_rd_atomic
        self.entries: collections.deque[tuple[int, bool]] = collections.deque()
        self.reads = 0

    def check(self, wrs: Sequence[SendWR]) -> None:
        """Validate a whole chain before anything is posted (all-or-nothing).

        **Raises:** VerbsError EINVAL (too many SGEs, unknown opcode), ENOMEM (send queue
        full, or more outstanding RDMA READs than ``max_rd_atomic``).
        """
        reads = 0
        for wr in wrs:
            if len(wr.sges) > self.max_send_sge:
                raise VerbsError(
                    errno.EINVAL,
                    f"WR {wr.wr_id}: {len(wr.sges)} SGEs > max_send_sge {self.max_send_sge}",
                )
            if wr.opcode not in WC_OPCODE_OF:
                raise VerbsError(errno.EINVAL, f"WR {wr.wr_id}: unsupported opcode {wr.opcode}")
            if wr.opcode is WrOpcode.RDMA_READ:
                reads += 1
        if len(self.entries) + len(wrs) > self.max_send_wr:
            raise VerbsError(
                errno.ENOMEM,
                f"send queue full: {len(self.entries)} outstanding + {len(wrs)} > "
                f"max_send_wr {self.max_send_wr}",
            )
        if reads and self.reads + reads > self.max_rd_atomic:
            raise VerbsError(
                errno.ENOMEM,
                f"{self.reads} outstanding RDMA READs + {reads} > max_rd_atomic "
                f"{self.max_rd_atomic}",
            )

    def push(self, wrs: Sequence[SendWR]) -> None:
        for wr in wrs:
            is_read = wr.opcode is WrOpcode.RDMA_READ
            self.entries.append((wr.wr_id, is_read))
            self.reads += is_read

    def retire_through(self, wr_id: int) -> int:
        """A completion for ``wr_id`` was seen: free it and every earlier WR. Returns count."""
        n = 0
        while self.entries:
            done_id, is_read = self.entries.popleft()
            self.reads -= is_read
            n += 1
            if done_id == wr_id:
                break
        return n

    def retire_one(self) -> None:
        if self.entries:
            _, is_read = self.entries.popleft()
            self.reads -= is_read

    def clear(self) -> None:
        self.entries.clear()
        self.reads = 0


class QueuePair(abc.ABC):
    """An RC queue pair. ``max_rd_atomic`` is the negotiated ORD once connected."""

    qp_num: int
    pd: ProtectionDomain
    init: QpInit

    @property
    @abc.abstractmethod
    def state(self) -> QpState: ...

    @abc.abstractmethod
    def post_recv(self, wr: RecvWR | Sequence[RecvWR]) -> None:
        """Post one receive or a list. **Raises:** VerbsError (EINVAL too many SGEs or bad
        state, ENOMEM receive queue full)."""

    @abc.abstractmethod
    def post_send(self, wrs: SendWR | Sequence[SendWR]) -> None:
        """Post a WR chain at once; see ``SendQueue.check`` for the errors raised."""

    @abc.abstractmethod
    def to_error(self) -> None:
        """Move to ERROR: every outstanding WR completes with WR_FLUSH_ERR."""

    @abc.abstractmethod
    def destroy(self) -> None: ...


class Device(abc.ABC):
    name: str
    attrs: DeviceAttrs
    counters: collections.Counter[str]

    @abc.abstractmethod
    def alloc_pd(self) -> ProtectionDomain: ...

    @abc.abstractmethod
    def create_cq(self, cqe: int) -> CompletionQueue: ...

    @property
    @abc.abstractmethod
    def default_pd(self) -> ProtectionDomain:
        """A PD allocated on first use, shared by callers that don't bring their own."""

    @abc.abstractmethod
    def alloc_registered_buffer(
        self, nbytes: int, access: Access = Access.ALL, pd: ProtectionDomain | None = None
    ) -> tuple[memoryview, MemoryRegion]:
        """Allocate ``nbytes`` of page-aligned memory and register it, so that a page pool
        can live inside registered memory. The memoryview stays valid until ``mr.dereg()``."""

    @abc.abstractmethod
    def close(self) -> None: ...


# ---------------------------------------------------------------------------------------------
# Connection manager


class Connection(abc.ABC):
    """An established RC connection.

    ``initiator_depth`` is our ORD (RDMA READs we may have outstanding), ``responder_resources``
    our IRD (READs the peer may have outstanding against us); ``peer_private_data`` is the
    connect request's data (passive side) or the accept's data (active side), RFC 8797 §4.
    """

    qp: QueuePair
    pd: ProtectionDomain
    device: Device
    peer_addr: tuple[Any, ...]
    local_addr: tuple[Any, ...]
    peer_private_data: bytes
    initiator_depth: int
    responder_resources: int

    def __init__(self) -> None:
        self._disconnected = asyncio.Event()

    @property
    def disconnected(self) -> bool:
        return self._disconnected.is_set()

    async def wait_disconnected(self) -> None:
        await self._disconnected.wait()

    @abc.abstractmethod
    async def disconnect(self) -> None:
        """Disconnect (idempotent): the QP goes to ERROR and outstanding WRs flush."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection's CM resources and destroy its QP (after disconnect)."""


class ConnectRequest(abc.ABC):
    """An incoming connect request. ``create_qp`` may be called first so the receive ring
    can be posted before ``accept``."""

    private_data: bytes
    peer_addr: tuple[Any, ...]
    device: Device
    #: From the receiver's side, as rdma_cm reports them: ``responder_resources`` is the IRD we
    #: may grant (the peer's initiator depth), ``initiator_depth`` the ORD we may use (the
    #: peer's responder resources).
    initiator_depth: int
    responder_resources: int
    qp: QueuePair | None

    @abc.abstractmethod
    def create_qp(self, qp_init: QpInit) -> QueuePair: ...

    @abc.abstractmethod
    async def accept(
        self,
        qp_init: QpInit | None = None,
        private_data: bytes = b"",
        responder_resources: int | None = None,
        initiator_depth: int | None = None,
    ) -> Connection:
        """Accept; returns once the connection is established.

        ``initiator_depth`` (our ORD) defaults to min(qp max_rd_atomic, self.initiator_depth);
        ``responder_resources`` (our IRD) to min(device max_qp_rd_atom,
        self.responder_resources). **Raises:** VerbsError (e.g. ECONNRESET if the peer went away)."""

    @abc.abstractmethod
    async def reject(self, private_data: bytes = b"") -> None: ...


class Listener(abc.ABC):
    address: tuple[Any, ...]

    @abc.abstractmethod
    async def get_request(self) -> ConnectRequest: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def __aiter__(self) -> AsyncIterator[ConnectRequest]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[ConnectRequest]:
        while True:
            try:
                yield await self.get_request()
            except (asyncio.CancelledError, EOFError):
                return


QpInitFactory = Callable[[Device], QpInit]


class Provider(abc.ABC):
    name: str

    @abc.abstractmethod
    def open_device(self, name: str | None = None) -> Device:
        """**Raises:** NoDeviceError when there is no (such) device."""

    @abc.abstractmethod
    async def listen(self, host: str, port: int, backlog: int = 64) -> Listener:
        """**Raises:** NoDeviceError, VerbsError (EADDRINUSE ...)."""

    @abc.abstractmethod
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
    ) -> Connection:
        """Connect to a listener. ``qp_init`` may be a factory taking the resolved device;
        ``on_qp`` runs after the QP exists and before the request is sent (post receives
        there). **Raises:** RejectedError, NoDeviceError, VerbsError, TimeoutError."""


def count_posted(counters: collections.Counter[str], wrs: Sequence[SendWR]) -> None:
    """Metrics: ``wr.<OPCODE>`` and ``sge.<OPCODE>`` per posted send WR."""
    for wr in wrs:
        name = wr.opcode.name
        counters["wr." + name] += 1
        counters["sge." + name] += len(wr.sges)
