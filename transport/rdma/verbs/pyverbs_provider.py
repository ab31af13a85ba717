"""Real RDMA devices (rxe, RoCE, IB) through Debian's python3-pyverbs and librdmacm (rdma-core 44).

Operation
---------
Verbs objects are pyverbs objects on a ``Context`` we open per device: PD, MRs, CQs with one
``CompChannel`` each, RC QPs created on our PD ("external" QPs in rdma_cm terms). The
connection manager is librdmacm itself, called through ctypes on the same shared library
pyverbs links to, because pyverbs 44's ``CMID``/``CMEvent`` cannot run an asyncio server:

- ``CMEvent`` does not expose the event's ``cm_id``, so events of many connections sharing
  the listener's channel cannot be routed;
- ``CMID.bind_addr`` on a wildcard address builds ``Context(cmid=...)`` from a NULL
  ``id->verbs`` (crash);
- ``rdma_create_qp`` requires the PD to live on rdma_cm's own ``ibv_context``, which pyverbs
  only wraps transiently (and nulls when any child CMID closes).

With external QPs the state changes are ours: ``rdma_init_qp_attr`` fills the very
``ibv_qp_attr`` inside a pyverbs ``QPAttr`` and ``QP.modify`` applies it (INIT at creation, so
receives can be posted before accept; RTR/RTS before ``rdma_accept`` on the passive side, after
CONNECT_RESPONSE then ``rdma_establish`` on the active side), as librdmacm does for its own QPs.

Event loop: ``CompChannel.get_cq_event`` and ``rdma_get_cm_event`` block without releasing the
GIL, so both channel fds are set O_NONBLOCK and driven by ``loop.add_reader``. The CM channel
fd is ``rdma_event_channel.fd``; the completion channel fd is read from the ``ibv_comp_channel``
behind the pyverbs object (its pointer follows the Cython object header; the layout is checked
against ``__basicsize__`` and the fd against ``/proc/self/fd``), with the vm-recipe fallback of
diffing ``/proc/self/fd`` around ``CompChannel()``.

Memory: pyverbs 44 ``MR(pd, length, access, address=addr)`` registers existing memory and does
not free it on close, so ``reg_mr`` takes any contiguous Python buffer (bytearray, mmap,
memoryview) and its ctypes address; ``alloc_registered_buffer`` registers an anonymous mmap.
pyverbs' ``SGE``/``SendWR``/``RecvWR`` malloc their arrays and never free them (a misspelt
``__dealloc``), so each is closed exactly once after posting.
"""

from __future__ import annotations

import asyncio
import collections
import ctypes
import ctypes.util
import errno
import fcntl
import itertools
import mmap
import os
import socket
import struct
from collections.abc import Callable, Sequence
from typing import Any

from ._api import (
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

try:  # pyverbs is optional: the module must import without it
    import pyverbs.cq as _pv_cq
    import pyverbs.device as _pv_device
    import pyverbs.enums as _pv_e
    import pyverbs.mr as _pv_mr
    import pyverbs.pd as _pv_pd
    import pyverbs.qp as _pv_qp
    import pyverbs.wr as _pv_wr
    from pyverbs.pyverbs_error import PyverbsError, PyverbsRDMAError

    HAVE_PYVERBS = True
except ImportError:  # pragma: no cover - depends on the host
    HAVE_PYVERBS = False

    class PyverbsError(Exception):  # type: ignore[no-redef]
        pass

    class PyverbsRDMAError(PyverbsError):  # type: ignore[no-redef]
        error_code = -1


__all__ = ["HAVE_PYVERBS", "PyverbsProvider"]

RDMA_PS_TCP = 0x0106
RDMA_OPTION_ID = 0
RDMA_OPTION_ID_REUSEADDR = 1
RDMA_OPTION_ID_AFONLY = 2
#: rnr_retry 7 = retry forever (RFC 8166 transports rely on credits, never on RNR NAKs)
RNR_RETRY_INFINITE = 7
RETRY_COUNT = 7
#: ibv_qp_attr_mask bits that rdma_ucm wrongly sets for IB ports (librdmacm masks them too)
IB_MASK_WORKAROUND = 0xE00000
IBV_QP_STATE = 1
IBV_WC_WITH_INV = 8
SIZEOF_IBV_QP_ATTR = 144
CM_TIMEOUT_MS = 2000

(ADDR_RESOLVED, ADDR_ERROR, ROUTE_RESOLVED, ROUTE_ERROR, CONNECT_REQUEST, CONNECT_RESPONSE,
 CONNECT_ERROR, UNREACHABLE, REJECTED, ESTABLISHED, DISCONNECTED, DEVICE_REMOVAL,
 MULTICAST_JOIN, MULTICAST_ERROR, ADDR_CHANGE, TIMEWAIT_EXIT) = range(16)


# ---------------------------------------------------------------------------------------------
# librdmacm through ctypes (public, stable ABI of <rdma/rdma_cma.h>)


class _ConnParam(ctypes.Structure):
    _fields_ = [
        ("private_data", ctypes.c_void_p),
        ("private_data_len", ctypes.c_uint8),
        ("responder_resources", ctypes.c_uint8),
        ("initiator_depth", ctypes.c_uint8),
        ("flow_control", ctypes.c_uint8),
        ("retry_count", ctypes.c_uint8),
        ("rnr_retry_count", ctypes.c_uint8),
        ("srq", ctypes.c_uint8),
        ("qp_num", ctypes.c_uint32),
    ]


class _CmEvent(ctypes.Structure):
    # param is a union of conn and ud; only conn is read
    _fields_ = [
        ("id", ctypes.c_void_p),
        ("listen_id", ctypes.c_void_p),
        ("event", ctypes.c_int),
        ("status", ctypes.c_int),
        ("conn", _ConnParam),
    ]


class _Route(ctypes.Structure):
    # struct rdma_route: struct rdma_addr (src, dst sockaddr_storage + rdma_ib_addr), path
    _fields_ = [
        ("src_addr", ctypes.c_uint64 * 16),
        ("dst_addr", ctypes.c_uint64 * 16),
        ("ib_addr", ctypes.c_uint64 * 5),  # two gids + pkey, 8-aligned
        ("path_rec", ctypes.c_void_p),
        ("num_paths", ctypes.c_int),
    ]


class _CmId(ctypes.Structure):
    _fields_ = [
        ("verbs", ctypes.c_void_p),
        ("channel", ctypes.c_void_p),
        ("context", ctypes.c_void_p),
        ("qp", ctypes.c_void_p),
        ("route", _Route),
        ("ps", ctypes.c_int),
        ("port_num", ctypes.c_uint8),
    ]


class _Lib:
    """Lazily loaded librdmacm + libibverbs entry points."""

    _inst: _Lib | None = None

    def __init__(self) -> None:
        name = ctypes.util.find_library("rdmacm") or "librdmacm.so.1"
        try:
            cm = ctypes.CDLL(name, use_errno=True)
            ibv = ctypes.CDLL(ctypes.util.find_library("ibverbs") or "libibverbs.so.1",
                              use_errno=True)
        except OSError as e:
            raise NoDeviceError(f"librdmacm/libibverbs not available: {e}") from e
        vp, i, p = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER
        sig: dict[str, tuple[Any, list[Any]]] = {
            "rdma_create_event_channel": (vp, []),
            "rdma_destroy_event_channel": (None, [vp]),
            "rdma_create_id": (i, [vp, p(vp), vp, i]),
            "rdma_destroy_id": (i, [vp]),
            "rdma_bind_addr": (i, [vp, vp]),
            "rdma_listen": (i, [vp, i]),
            "rdma_get_cm_event": (i, [vp, p(vp)]),
            "rdma_ack_cm_event": (i, [vp]),
            "rdma_resolve_addr": (i, [vp, vp, vp, i]),
            "rdma_resolve_route": (i, [vp, i]),
            "rdma_connect": (i, [vp, p(_ConnParam)]),
            "rdma_accept": (i, [vp, p(_ConnParam)]),
            "rdma_reject": (i, [vp, vp, ctypes.c_uint8]),
            "rdma_disconnect": (i, [vp]),
            "rdma_establish": (i, [vp]),
            "rdma_init_qp_attr": (i, [vp, vp, p(i)]),
            "rdma_set_option": (i, [vp, i, i, vp, ctypes.c_size_t]),
            "rdma_event_str": (ctypes.c_char_p, [i]),
        }
        for fname, (res, args) in sig.items():
            f = getattr(cm, fname)
            f.restype = res
            f.argtypes = args
            setattr(self, fname, f)
        self.ibv_get_device_name = ibv.ibv_get_device_name
        self.ibv_get_device_name.restype = ctypes.c_char_p
        self.ibv_get_device_name.argtypes = [vp]

    @classmethod
    def get(cls) -> _Lib:
        if cls._inst is None:
            cls._inst = _Lib()
        return cls._inst

    def __getattr__(self, name: str) -> Any:  # for mypy: attributes set dynamically
        raise AttributeError(name)


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno() or errno.EIO
        raise VerbsError(err, f"{what}: {os.strerror(err)}")


def _sockaddr(host: str, port: int) -> ctypes.Array[ctypes.c_char]:
    """A sockaddr_in/sockaddr_in6 for a numeric or resolvable host."""
    fam, _, _, _, sa = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    buf = ctypes.create_string_buffer(128)
    ip = str(sa[0])
    if fam == socket.AF_INET:
        raw = struct.pack("=H", fam) + struct.pack("!H", port) + socket.inet_pton(fam, ip)
    else:
        flow, scope = int(sa[2]), int(sa[3])  # type: ignore[misc]
        raw = (struct.pack("=H", fam) + struct.pack("!HI", port, flow)
               + socket.inet_pton(fam, ip) + struct.pack("=I", scope))
    ctypes.memmove(buf, raw, len(raw))
    return buf


def _parse_sockaddr(words: Any) -> tuple[Any, ...]:
    raw = bytes(words)
    fam = struct.unpack_from("=H", raw)[0]
    port = struct.unpack_from("!H", raw, 2)[0]
    if fam == socket.AF_INET:
        return (socket.inet_ntop(fam, raw[4:8]), port)
    if fam == socket.AF_INET6:
        return (socket.inet_ntop(fam, raw[8:24]), port)
    return ()


def _set_nonblocking(fd: int) -> None:
    fl = fcntl.fcntl(fd, fcntl.F_GETFL)
    fcntl.fcntl(fd, fcntl.F_SETFL, fl | os.O_NONBLOCK)


def _errno_of(e: BaseException) -> int:
    code = getattr(e, "error_code", -1)
    return code if isinstance(code, int) and code > 0 else errno.EIO


# ---------------------------------------------------------------------------------------------
# Peeking at pyverbs objects (layout of rdma-core 44's Cython classes, checked at runtime)


def _struct_ptr(obj: object, cls: type) -> int:
    """The C pointer a pyverbs object keeps as its first field after the Cython header
    (``CompChannel.cc``). The class layout is checked against ``__basicsize__``."""
    off = _PTR_OFFSETS[cls.__name__]
    if cls.__basicsize__ != _EXPECTED_SIZES[cls.__name__]:
        raise VerbsError(errno.ENOTSUP, f"unexpected pyverbs {cls.__name__} layout")
    return ctypes.c_void_p.from_address(id(obj) + off).value or 0


#: PyObject_HEAD(16) + __weakref__ + logger + vtable pointer = 40
_PTR_OFFSETS = {"CompChannel": 40}
_EXPECTED_SIZES = {"CompChannel": 64}


def _fds() -> set[int]:
    return {int(n) for n in os.listdir("/proc/self/fd")}


def _comp_channel_fd(make: Callable[[], Any]) -> tuple[Any, int]:
    """Create a CompChannel and return it with its fd (set O_NONBLOCK)."""
    before = _fds()
    ch = make()
    fd = -1
    try:
        cc = _struct_ptr(ch, type(ch))
        if cc:
            cand = ctypes.c_int.from_address(cc + 8).value  # ibv_comp_channel.fd
            if "infinibandevent" in os.readlink(f"/proc/self/fd/{cand}"):
                fd = cand
    except (OSError, VerbsError):
        fd = -1
    if fd < 0:
        new = [f for f in _fds() - before
               if "infinibandevent" in _readlink(f)]
        if len(new) != 1:
            raise VerbsError(errno.EIO, f"cannot find the completion channel fd ({new})")
        fd = new[0]
    _set_nonblocking(fd)
    return ch, fd


def _readlink(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


def _qp_attr_struct(attr: Any) -> int:
    """Address of the ``ibv_qp_attr`` embedded in a pyverbs QPAttr (verified by writing
    ``qp_state`` through pyverbs and reading it back)."""
    addr = id(attr) + type(attr).__basicsize__ - SIZEOF_IBV_QP_ATTR
    saved = attr.qp_state
    for probe in (3, 5):
        attr.qp_state = probe
        if ctypes.c_int.from_address(addr).value != probe:
            raise VerbsError(errno.ENOTSUP, "unexpected pyverbs QPAttr layout")
    attr.qp_state = saved
    return addr


# ---------------------------------------------------------------------------------------------
# Verbs


class PvMR(MemoryRegion):
    def __init__(self, pd: PvPD, view: memoryview, access: Access) -> None:
        self.pd = pd
        self.view = view
        self.addr = buffer_address(view)
        self.length = len(view)
        self.access = access
        try:
            self.mr = _pv_mr.MR(pd.pd, self.length, int(access), address=self.addr)
        except PyverbsError as e:
            raise VerbsError(_errno_of(e), f"ibv_reg_mr: {e}") from e
        self.lkey = self.mr.lkey
        self.rkey = self.mr.rkey

    def dereg(self) -> None:
        if self.mr is not None:
            self.mr.close()
            self.mr = None
            try:
                self.view.release()
            except BufferError:
                pass


class PvPD(ProtectionDomain):
    device: PvDevice

    def __init__(self, device: PvDevice) -> None:
        self.device = device
        try:
            self.pd = _pv_pd.PD(device.ctx)
        except PyverbsError as e:
            raise VerbsError(_errno_of(e), f"ibv_alloc_pd: {e}") from e

    def reg_mr(self, buf: Any, access: Access = Access.LOCAL_WRITE) -> PvMR:
        view = memoryview(buf)
        if not view.c_contiguous or view.nbytes == 0:
            raise VerbsError(errno.EINVAL, "MR buffer must be contiguous and non-empty")
        view = view.cast("B")
        if access & (Access.LOCAL_WRITE | Access.REMOTE_WRITE) and view.readonly:
            raise VerbsError(errno.EACCES, "write access requested on a read-only buffer")
        return PvMR(self, view, Access(access))

    def dealloc(self) -> None:
        self.pd.close()


class PvCQ(CompletionQueue):
    device: PvDevice

    def __init__(self, device: PvDevice, cqe: int) -> None:
        super().__init__()
        self.device = device
        try:
            self.channel, self._fd = _comp_channel_fd(lambda: _pv_cq.CompChannel(device.ctx))
            self.cq = _pv_cq.CQ(device.ctx, cqe, None, self.channel, 0)
        except PyverbsError as e:
            raise VerbsError(_errno_of(e), f"ibv_create_cq: {e}") from e
        self.cqe = self.cq.cqe
        self.send_qps: dict[int, PvQP] = {}
        self.recv_qps: dict[int, PvQP] = {}

    def fileno(self) -> int:
        return self._fd

    def req_notify(self, solicited_only: bool = False) -> None:
        self.cq.req_notify(solicited_only)

    def get_event(self) -> bool:
        try:
            self.channel.get_cq_event(self.cq)
        except PyverbsRDMAError as e:
            if e.error_code in (errno.EAGAIN, errno.EWOULDBLOCK):
                return False
            raise VerbsError(_errno_of(e), f"ibv_get_cq_event: {e}") from e
        return True

    def ack_events(self, n: int = 1) -> None:
        self.cq.ack_events(n)

    def poll(self, max_entries: int = 16) -> list[WorkCompletion]:
        try:
            _, raw = self.cq.poll(max_entries)
        except PyverbsRDMAError as e:
            raise VerbsError(_errno_of(e), f"ibv_poll_cq: {e}") from e
        out = []
        for wc in raw:
            status = WcStatus(wc.status)
            is_send: bool
            try:
                opcode = WcOpcode(wc.opcode)
                valid = True
            except ValueError:
                opcode, valid = WcOpcode.SEND, False
            sqp = self.send_qps.get(wc.qp_num)
            rqp = self.recv_qps.get(wc.qp_num)
            if status is WcStatus.SUCCESS and valid:
                is_send = opcode < WcOpcode.RECV
            else:  # opcode is undefined in error completions
                is_send = sqp is not None and rqp is None
                if not valid:
                    opcode = WcOpcode.SEND if is_send else WcOpcode.RECV
            qp = sqp if is_send else rqp
            if qp is not None:
                qp._on_wc(wc.wr_id, status, is_send)
            inv = wc.imm_data if wc.wc_flags & IBV_WC_WITH_INV else None
            out.append(WorkCompletion(wc.wr_id, status, opcode, wc.byte_len, inv,
                                      wc.vendor_err, wc.qp_num))
        return out

    def close(self) -> None:
        self.detach()
        self.cq.close()
        self.channel.close()


class PvQP(QueuePair):
    pd: PvPD

    def __init__(self, device: PvDevice, init: QpInit) -> None:
        if not isinstance(init.send_cq, PvCQ) or not isinstance(init.recv_cq, PvCQ):
            raise VerbsError(errno.EINVAL, "CQs must belong to the pyverbs provider")
        pd = init.pd or device.default_pd
        assert isinstance(pd, PvPD)
        self.device = device
        self.pd = pd
        self.init = init
        cap = _pv_qp.QPCap(max_send_wr=init.max_send_wr, max_recv_wr=init.max_recv_wr,
                           max_send_sge=init.max_send_sge, max_recv_sge=init.max_recv_sge)
        attr = _pv_qp.QPInitAttr(qp_type=_pv_e.IBV_QPT_RC, scq=init.send_cq.cq,
                                 rcq=init.recv_cq.cq, cap=cap, sq_sig_all=0)
        try:
            self.qp = _pv_qp.QP(pd.pd, attr)
        except PyverbsError as e:
            raise VerbsError(_errno_of(e), f"ibv_create_qp: {e}") from e
        self.qp_num = self.qp.qp_num
        self.send_cq: PvCQ = init.send_cq
        self.recv_cq: PvCQ = init.recv_cq
        self.send_cq.send_qps[self.qp_num] = self
        self.recv_cq.recv_qps[self.qp_num] = self
        self.sq = SendQueue(init.max_send_wr, init.max_send_sge, init.max_rd_atomic)
        self.max_rd_atomic = init.max_rd_atomic
        self.recvs_outstanding = 0
        self._state = QpState.RESET

    @property
    def state(self) -> QpState:
        return self._state

    def modify_from_cm(self, cm_id: int, state: QpState, *, rd_atomic: int | None = None,
                       dest_rd_atomic: int | None = None) -> Any:
        """Move to ``state`` with the attributes rdma_cm computes for ``cm_id``."""
        lib = _Lib.get()
        attr = _pv_qp.QPAttr()
        addr = _qp_attr_struct(attr)
        attr.qp_state = int(state)
        mask = ctypes.c_int(0)
        _check(lib.rdma_init_qp_attr(cm_id, addr, ctypes.byref(mask)), "rdma_init_qp_attr")
        m = mask.value
        port = _CmId.from_address(cm_id).port_num
        try:
            if self.device.ctx.query_port(port).link_layer == _pv_e.IBV_LINK_LAYER_INFINIBAND:
                m &= ~IB_MASK_WORKAROUND
        except PyverbsError:
            pass
        if state is QpState.RTR and dest_rd_atomic is not None:
            attr.max_dest_rd_atomic = dest_rd_atomic
        if state is QpState.RTS:
            if rd_atomic is not None:
                attr.max_rd_atomic = rd_atomic
            attr.rnr_retry = RNR_RETRY_INFINITE
        try:
            self.qp.modify(attr, m)
        except PyverbsError as e:
            raise VerbsError(_errno_of(e), f"ibv_modify_qp({state.name}): {e}") from e
        self._state = state
        return attr

    def post_recv(self, wr: RecvWR | Sequence[RecvWR]) -> None:
        wrs = [wr] if isinstance(wr, RecvWR) else list(wr)
        if not wrs:
            return
        built: list[Any] = []
        try:
            for w in wrs:
                if not 1 <= len(w.sges) <= self.init.max_recv_sge:
                    raise VerbsError(errno.EINVAL, f"receive needs 1..{self.init.max_recv_sge} SGEs")
                sges = [_pv_wr.SGE(s.addr, s.length, s.lkey) for s in w.sges]
                built.append(_pv_wr.RecvWR(w.wr_id, len(sges), sges))
                for s in sges:
                    s.close()
            for a, b in itertools.pairwise(built):
                a.next_wr = b
            try:
                self.qp.post_recv(built[0])
            except PyverbsError as e:
                raise VerbsError(_errno_of(e), f"ibv_post_recv: {e}") from e
        finally:
            for b in built:
                b.close()
        self.recvs_outstanding += len(wrs)
        self.device.counters["wr.RECV"] += len(wrs)
        self.device.counters["sge.RECV"] += sum(len(w.sges) for w in wrs)

    def post_send(self, wrs: SendWR | Sequence[SendWR]) -> None:
        chain = [wrs] if isinstance(wrs, SendWR) else list(wrs)
        if not chain:
            return
        self.sq.check(chain)
        built: list[Any] = []
        try:
            for w in chain:
                if not w.sges:
                    raise VerbsError(errno.EINVAL, "send WRs need at least one SGE here")
                sges = [_pv_wr.SGE(s.addr, s.length, s.lkey) for s in w.sges]
                imm = w.invalidate_rkey if w.opcode is WrOpcode.SEND_WITH_INV else 0
                flags = _pv_e.IBV_SEND_SIGNALED if w.signaled else 0
                swr = _pv_wr.SendWR(w.wr_id, int(w.opcode), len(sges), imm, sges, flags)
                for s in sges:
                    s.close()
                if w.opcode in (WrOpcode.RDMA_READ, WrOpcode.RDMA_WRITE):
                    swr.set_wr_rdma(w.rkey, w.remote_addr)
                built.append(swr)
            for a, b in itertools.pairwise(built):
                a.next_wr = b
            try:
                self.qp.post_send(built[0])
            except PyverbsError as e:
                raise VerbsError(_errno_of(e), f"ibv_post_send: {e}") from e
        finally:
            for b in built:
                b.close()
        self.sq.push(chain)
        count_posted(self.device.counters, chain)

    def _on_wc(self, wr_id: int, status: WcStatus, is_send: bool) -> None:
        if status is not WcStatus.SUCCESS:
            self._state = QpState.ERROR
            self.sq.clear()
        elif is_send:
            self.sq.retire_through(wr_id)
        if not is_send:
            self.recvs_outstanding = max(0, self.recvs_outstanding - 1)

    def to_error(self) -> None:
        if self._state in (QpState.ERROR, QpState.RESET):
            self._state = QpState.ERROR
            return
        attr = _pv_qp.QPAttr()
        attr.qp_state = _pv_e.IBV_QPS_ERR
        try:
            self.qp.modify(attr, IBV_QP_STATE)
        except PyverbsError as e:
            raise VerbsError(_errno_of(e), f"ibv_modify_qp(ERR): {e}") from e
        self._state = QpState.ERROR

    def destroy(self) -> None:
        self.send_cq.send_qps.pop(self.qp_num, None)
        self.recv_cq.recv_qps.pop(self.qp_num, None)
        self.qp.close()
        self._state = QpState.RESET


class PvDevice(Device):
    def __init__(self, name: str) -> None:
        self.name = name
        try:
            self.ctx = _pv_device.Context(name=name)
            a = self.ctx.query_device()
        except PyverbsError as e:
            raise NoDeviceError(f"cannot open RDMA device {name!r}: {e}") from e
        self.attrs = DeviceAttrs(max_sge=a.max_sge, max_qp_wr=a.max_qp_wr,
                                 max_qp_rd_atom=a.max_qp_rd_atom, max_mr_size=a.max_mr_size,
                                 max_cqe=a.max_cqe)
        self.counters: collections.Counter[str] = collections.Counter()
        self._default_pd: PvPD | None = None

    def alloc_pd(self) -> PvPD:
        return PvPD(self)

    @property
    def default_pd(self) -> PvPD:
        if self._default_pd is None:
            self._default_pd = PvPD(self)
        return self._default_pd

    def create_cq(self, cqe: int) -> PvCQ:
        return PvCQ(self, cqe)

    def alloc_registered_buffer(
        self, nbytes: int, access: Access = Access.ALL, pd: ProtectionDomain | None = None
    ) -> tuple[memoryview, MemoryRegion]:
        buf = mmap.mmap(-1, nbytes)
        mr = (pd or self.default_pd).reg_mr(buf, access)
        assert isinstance(mr, PvMR)
        return mr.view, mr

    def close(self) -> None:
        self.ctx.close()


# ---------------------------------------------------------------------------------------------
# Connection manager


class _CmEv:
    __slots__ = ("event", "id", "initiator_depth", "listen_id", "private_data",
                 "responder_resources", "status")

    def __init__(self, ev: _CmEvent) -> None:
        self.id = ev.id or 0
        self.listen_id = ev.listen_id or 0
        self.event = ev.event
        self.status = ev.status
        c = ev.conn
        self.private_data = (ctypes.string_at(c.private_data, c.private_data_len)
                             if c.private_data and c.private_data_len else b"")
        self.responder_resources = c.responder_resources
        self.initiator_depth = c.initiator_depth


class _CmChannel:
    """An rdma_event_channel driven by add_reader; events are copied, acked at once, and
    dispatched by cm_id (CONNECT_REQUEST by its listen_id)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        lib = _Lib.get()
        ch = lib.rdma_create_event_channel()
        if not ch:
            err = ctypes.get_errno()
            raise NoDeviceError(f"rdma_create_event_channel: {os.strerror(err)} "
                                "(no /dev/infiniband/rdma_cm: rdma_ucm not loaded or no device)")
        self.ch = ch
        self.fd = ctypes.c_int.from_address(ch).value
        _set_nonblocking(self.fd)
        self.loop = loop
        self.handlers: dict[int, Callable[[_CmEv], None]] = {}
        loop.add_reader(self.fd, self._on_readable)

    def create_id(self) -> int:
        cm_id = ctypes.c_void_p()
        _check(_Lib.get().rdma_create_id(self.ch, ctypes.byref(cm_id), None, RDMA_PS_TCP),
               "rdma_create_id")
        return cm_id.value or 0

    def _on_readable(self) -> None:
        lib = _Lib.get()
        while True:
            evp = ctypes.c_void_p()
            if lib.rdma_get_cm_event(self.ch, ctypes.byref(evp)) != 0:
                return  # EAGAIN (or a dead channel)
            ev = _CmEv(_CmEvent.from_address(evp.value or 0))
            lib.rdma_ack_cm_event(evp)
            key = ev.listen_id if ev.event == CONNECT_REQUEST else ev.id
            h = self.handlers.get(key)
            if h is not None:
                h(ev)
            elif ev.event == CONNECT_REQUEST:
                lib.rdma_reject(ev.id, None, 0)
                lib.rdma_destroy_id(ev.id)

    def close(self) -> None:
        if self.ch:
            self.loop.remove_reader(self.fd)
            _Lib.get().rdma_destroy_event_channel(self.ch)
            self.ch = None


def _device_name_of(cm_id: int) -> str:
    verbs = _CmId.from_address(cm_id).verbs
    if not verbs:
        raise VerbsError(errno.ENODEV, "cm_id is not bound to a device")
    dev = ctypes.c_void_p.from_address(verbs).value  # ibv_context.device
    name = _Lib.get().ibv_get_device_name(dev)
    return name.decode() if name else ""


def _conn_param(qp_num: int, private_data: bytes, ird: int, ord_: int) -> tuple[_ConnParam, Any]:
    buf = ctypes.create_string_buffer(private_data, len(private_data)) if private_data else None
    p = _ConnParam(ctypes.cast(buf, ctypes.c_void_p).value if buf is not None else None,
                   len(private_data), ird, ord_, 1, RETRY_COUNT, RNR_RETRY_INFINITE, 0, qp_num)
    return p, buf


class PvConnection(Connection):
    qp: PvQP
    device: PvDevice

    def __init__(self, channel: _CmChannel, cm_id: int, qp: PvQP, peer_private_data: bytes,
                 ord_: int, ird: int, own_channel: bool) -> None:
        super().__init__()
        self.channel = channel
        self.cm_id = cm_id
        self.qp = qp
        self.pd = qp.pd
        self.device = qp.device
        cid = _CmId.from_address(cm_id)
        self.peer_addr = _parse_sockaddr(cid.route.dst_addr)
        self.local_addr = _parse_sockaddr(cid.route.src_addr)
        self.peer_private_data = peer_private_data
        self.initiator_depth = ord_
        self.responder_resources = ird
        self._own_channel = own_channel
        channel.handlers[cm_id] = self._on_event

    def _on_event(self, ev: _CmEv) -> None:
        if ev.event in (DISCONNECTED, DEVICE_REMOVAL, CONNECT_ERROR, UNREACHABLE, REJECTED):
            self.qp.to_error()
            self._disconnected.set()

    async def disconnect(self) -> None:
        if self.disconnected:
            return
        self.qp.to_error()  # external QP: rdma_disconnect does not touch it
        if _Lib.get().rdma_disconnect(self.cm_id) != 0:
            self._disconnected.set()
            return
        try:
            await asyncio.wait_for(self._disconnected.wait(), 5.0)
        except TimeoutError:
            self._disconnected.set()

    def close(self) -> None:
        if self.cm_id:
            self.channel.handlers.pop(self.cm_id, None)
            _Lib.get().rdma_destroy_id(self.cm_id)
            self.cm_id = 0
        self._disconnected.set()
        self.qp.destroy()
        if self._own_channel:
            self.channel.close()


class PvConnectRequest(ConnectRequest):
    device: PvDevice

    def __init__(self, listener: PvListener, ev: _CmEv) -> None:
        self.listener = listener
        self.cm_id = ev.id
        self.private_data = ev.private_data
        # rdma_cm reports these from the receiver's side: the IRD we may grant and the ORD
        # we may use (the peer's initiator depth and responder resources).
        self.responder_resources = ev.responder_resources
        self.initiator_depth = ev.initiator_depth
        self.peer_addr = _parse_sockaddr(_CmId.from_address(ev.id).route.dst_addr)
        self.device = listener.provider.open_device(_device_name_of(ev.id))
        self.qp: PvQP | None = None
        self._answered = False
        self._result: asyncio.Future[_CmEv] = listener.channel.loop.create_future()
        listener.channel.handlers[self.cm_id] = self._on_event

    def _on_event(self, ev: _CmEv) -> None:
        if not self._result.done():
            self._result.set_result(ev)

    def create_qp(self, qp_init: QpInit) -> PvQP:
        if self.qp is not None:
            raise VerbsError(errno.EEXIST, "QP already created for this request")
        qp = PvQP(self.device, qp_init)
        try:
            qp.modify_from_cm(self.cm_id, QpState.INIT)
        except VerbsError:
            qp.destroy()
            raise
        self.qp = qp
        return qp

    async def accept(
        self,
        qp_init: QpInit | None = None,
        private_data: bytes = b"",
        responder_resources: int | None = None,
        initiator_depth: int | None = None,
    ) -> PvConnection:
        if self._answered:
            raise VerbsError(errno.EINVAL, "request already answered")
        if self.qp is None:
            if qp_init is None:
                raise VerbsError(errno.EINVAL, "accept needs qp_init or create_qp first")
            self.create_qp(qp_init)
        qp = self.qp
        assert qp is not None
        self._answered = True
        a = self.device.attrs
        ird = responder_resources
        if ird is None:
            ird = min(a.max_qp_rd_atom, self.responder_resources)
        ord_ = initiator_depth
        if ord_ is None:
            ord_ = min(qp.init.max_rd_atomic, self.initiator_depth)
        qp.modify_from_cm(self.cm_id, QpState.RTR, dest_rd_atomic=ird)
        qp.modify_from_cm(self.cm_id, QpState.RTS, rd_atomic=ord_)
        qp.max_rd_atomic = qp.sq.max_rd_atomic = ord_
        param, keep = _conn_param(qp.qp_num, private_data, ird, ord_)
        _check(_Lib.get().rdma_accept(self.cm_id, ctypes.byref(param)), "rdma_accept")
        del keep
        ev = await asyncio.wait_for(self._result, 10.0)
        if ev.event != ESTABLISHED:
            raise VerbsError(errno.ECONNRESET, f"accept failed: {_event_str(ev.event)}")
        return PvConnection(self.listener.channel, self.cm_id, qp, self.private_data, ord_,
                            ird, own_channel=False)

    async def reject(self, private_data: bytes = b"") -> None:
        if self._answered:
            raise VerbsError(errno.EINVAL, "request already answered")
        self._answered = True
        buf = ctypes.create_string_buffer(private_data, len(private_data)) if private_data else None
        lib = _Lib.get()
        _check(lib.rdma_reject(self.cm_id, buf, len(private_data)), "rdma_reject")
        self.listener.channel.handlers.pop(self.cm_id, None)
        if self.qp is not None:
            self.qp.destroy()
        lib.rdma_destroy_id(self.cm_id)


def _event_str(event: int) -> str:
    s = _Lib.get().rdma_event_str(event)
    return s.decode() if s else str(event)


class PvListener(Listener):
    def __init__(self, provider: PyverbsProvider, channel: _CmChannel, cm_id: int,
                 address: tuple[Any, ...]) -> None:
        self.provider = provider
        self.channel = channel
        self.cm_id = cm_id
        self.address = address
        self.queue: asyncio.Queue[PvConnectRequest | None] = asyncio.Queue()
        channel.handlers[cm_id] = self._on_event

    def _on_event(self, ev: _CmEv) -> None:
        if ev.event == CONNECT_REQUEST:
            try:
                req = PvConnectRequest(self, ev)
            except VerbsError:
                _Lib.get().rdma_reject(ev.id, None, 0)
                _Lib.get().rdma_destroy_id(ev.id)
                return
            self.queue.put_nowait(req)

    async def get_request(self) -> PvConnectRequest:
        req = await self.queue.get()
        if req is None:
            self.queue.put_nowait(None)
            raise EOFError("listener closed")
        return req

    def close(self) -> None:
        if self.cm_id:
            self.channel.handlers.pop(self.cm_id, None)
            _Lib.get().rdma_destroy_id(self.cm_id)
            self.cm_id = 0
            self.queue.put_nowait(None)


class PyverbsProvider(Provider):
    name = "pyverbs"

    def __init__(self) -> None:
        self._devices: dict[str, PvDevice] = {}

    def list_devices(self) -> list[str]:
        """Names of the RDMA devices. **Raises:** NoDeviceError when there are none."""
        if not HAVE_PYVERBS:
            raise NoDeviceError("python3-pyverbs is not installed")
        try:
            devs = _pv_device.get_device_list()
        except PyverbsError as e:
            # rdma-core 44 raises "Failed to get devices list" when the kernel has no RDMA.
            raise NoDeviceError(f"no RDMA devices on this host ({e})") from e
        names = [d.name.decode() if isinstance(d.name, bytes) else str(d.name) for d in devs]
        if not names:
            raise NoDeviceError("no RDMA devices on this host (ibv_get_device_list is empty)")
        return names

    def open_device(self, name: str | None = None) -> PvDevice:
        names = self.list_devices()
        if name is None:
            name = names[0]
        elif name not in names:
            raise NoDeviceError(f"no RDMA device {name!r} (have {', '.join(names)})")
        dev = self._devices.get(name)
        if dev is None:
            dev = self._devices[name] = PvDevice(name)
        return dev

    async def listen(self, host: str, port: int, backlog: int = 64) -> PvListener:
        self.list_devices()
        loop = asyncio.get_running_loop()
        channel = _CmChannel(loop)
        lib = _Lib.get()
        cm_id = 0
        try:
            cm_id = channel.create_id()
            one = ctypes.c_int(1)
            lib.rdma_set_option(cm_id, RDMA_OPTION_ID, RDMA_OPTION_ID_REUSEADDR,
                                ctypes.byref(one), ctypes.sizeof(one))
            sa = _sockaddr(host, port)
            if struct.unpack_from("=H", sa.raw)[0] == socket.AF_INET6:
                # Bind v6 only, so "0.0.0.0" and "::" can both be listened on.
                lib.rdma_set_option(cm_id, RDMA_OPTION_ID, RDMA_OPTION_ID_AFONLY,
                                    ctypes.byref(one), ctypes.sizeof(one))
            _check(lib.rdma_bind_addr(cm_id, sa), f"rdma_bind_addr {host}:{port}")
            _check(lib.rdma_listen(cm_id, backlog), "rdma_listen")
        except BaseException:
            if cm_id:
                lib.rdma_destroy_id(cm_id)
            channel.close()
            raise
        address = _parse_sockaddr(_CmId.from_address(cm_id).route.src_addr)
        return PvListener(self, channel, cm_id, address)

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
    ) -> PvConnection:
        self.list_devices()
        loop = asyncio.get_running_loop()
        channel = _CmChannel(loop)
        lib = _Lib.get()
        events: asyncio.Queue[_CmEv] = asyncio.Queue()
        cm_id = 0
        qp: PvQP | None = None

        async def expect(ok: int) -> _CmEv:
            ev = await asyncio.wait_for(events.get(), timeout)
            if ev.event == REJECTED:
                raise RejectedError(ev.private_data)
            if ev.event != ok:
                raise VerbsError(errno.ECONNREFUSED if ev.event == UNREACHABLE else errno.EIO,
                                 f"connect {host}:{port}: {_event_str(ev.event)} "
                                 f"(status {ev.status})")
            return ev

        try:
            cm_id = channel.create_id()
            channel.handlers[cm_id] = events.put_nowait
            _check(lib.rdma_resolve_addr(cm_id, None, _sockaddr(host, port), CM_TIMEOUT_MS),
                   "rdma_resolve_addr")
            await expect(ADDR_RESOLVED)
            _check(lib.rdma_resolve_route(cm_id, CM_TIMEOUT_MS), "rdma_resolve_route")
            await expect(ROUTE_RESOLVED)
            device = self.open_device(_device_name_of(cm_id))
            init = qp_init(device) if callable(qp_init) else qp_init
            qp = PvQP(device, init)
            qp.modify_from_cm(cm_id, QpState.INIT)
            if on_qp is not None:
                on_qp(qp)
            ird = responder_resources
            if ird is None:
                ird = device.attrs.max_qp_rd_atom
            want_ord = initiator_depth if initiator_depth is not None else init.max_rd_atomic
            param, keep = _conn_param(qp.qp_num, private_data, ird, want_ord)
            _check(lib.rdma_connect(cm_id, ctypes.byref(param)), "rdma_connect")
            del keep
            ev = await expect(CONNECT_RESPONSE)
            rtr = qp.modify_from_cm(cm_id, QpState.RTR)
            ord_ = min(want_ord, ev.initiator_depth or want_ord)
            qp.modify_from_cm(cm_id, QpState.RTS, rd_atomic=ord_)
            qp.max_rd_atomic = qp.sq.max_rd_atomic = ord_
            _check(lib.rdma_establish(cm_id), "rdma_establish")
        except BaseException:
            if qp is not None:
                qp.destroy()
            if cm_id:
                channel.handlers.pop(cm_id, None)
                lib.rdma_destroy_id(cm_id)
            channel.close()
            raise
        channel.handlers.pop(cm_id, None)
        return PvConnection(channel, cm_id, qp, ev.private_data, ord_,
                            rtr.max_dest_rd_atomic, own_channel=True)
