"""RC semantics of the software fabric, over the in-process wire and over TCP."""

from __future__ import annotations

import asyncio
import ctypes
import errno
import mmap
import os
import socket
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from transport.rdma.verbs import (
    Access,
    DeviceAttrs,
    QpInit,
    QpState,
    RecvWR,
    RejectedError,
    SendQueue,
    SendWR,
    Sge,
    VerbsError,
    WcOpcode,
    WcStatus,
    WrOpcode,
    buffer_address,
    select_provider,
)
from transport.rdma.verbs.soft import SoftProvider

from ._harness import Collector, make_pair

WIRES = ["auto", "tcp"]
REPO = Path(__file__).resolve().parents[4]


@pytest.fixture(params=WIRES)
def wire(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# --- registration ------------------------------------------------------------------------------


def test_reg_mr_address_is_the_real_buffer_address() -> None:
    dev = SoftProvider().open_device()
    buf = bytearray(b"x" * 100)
    mr = dev.default_pd.reg_mr(buf, Access.LOCAL_WRITE)
    assert mr.addr == ctypes.addressof((ctypes.c_char * 100).from_buffer(buf))
    assert mr.length == 100 and mr.lkey != mr.rkey
    with pytest.raises(BufferError):
        buf.extend(b"y")  # registered memory is pinned
    mr.dereg()
    buf.extend(b"y")


def test_reg_mr_rejects_write_access_on_readonly_buffer() -> None:
    pd = SoftProvider().open_device().default_pd
    with pytest.raises(VerbsError) as ei:
        pd.reg_mr(b"read only", Access.LOCAL_WRITE)
    assert ei.value.errno == errno.EACCES
    mr = pd.reg_mr(b"read only", Access.REMOTE_READ)
    assert mr.length == 9


def test_alloc_registered_buffer_and_mmap() -> None:
    dev = SoftProvider().open_device()
    view, mr = dev.alloc_registered_buffer(3 * mmap.PAGESIZE)
    assert len(view) == mr.length == 3 * mmap.PAGESIZE
    assert mr.addr % mmap.PAGESIZE == 0 and mr.addr == buffer_address(view)
    view[:3] = b"abc"
    assert mr.access == Access.ALL


def test_select_provider() -> None:
    assert select_provider("soft").name == "soft"
    with pytest.raises(ValueError):
        select_provider("nope")


# --- send / receive --------------------------------------------------------------------------


async def test_send_recv_and_private_data(wire: str) -> None:
    s, c = await make_pair(wire)
    assert c.conn.peer_private_data == b"server-hello"
    assert s.conn.peer_private_data == b"client-hello"
    c.buf[:5] = b"hello"
    c.buf[100:103] = b"abc"
    c.conn.qp.post_send([SendWR(7, WrOpcode.SEND, [c.mr.sge(0, 5), c.mr.sge(100, 3)])])
    (rwc,) = await s.rcq.wait(1)
    assert (rwc.wr_id, rwc.status, rwc.opcode, rwc.byte_len) == (1000, WcStatus.SUCCESS,
                                                                  WcOpcode.RECV, 8)
    assert rwc.invalidated_rkey is None
    assert bytes(s.buf[:8]) == b"helloabc"
    (swc,) = await c.scq.wait(1)
    assert (swc.wr_id, swc.status, swc.opcode) == (7, WcStatus.SUCCESS, WcOpcode.SEND)
    assert c.device.counters["wr.SEND"] == 1 and c.device.counters["sge.SEND"] == 2
    assert s.device.counters["wr.RECV"] == 4


async def test_receive_scatter_over_sges(wire: str) -> None:
    s, c = await make_pair(wire, server_recvs=0)
    s.conn.qp.post_recv(RecvWR(1, [s.mr.sge(0, 3), s.mr.sge(500, 10)]))
    c.buf[:8] = b"12345678"
    c.conn.qp.post_send(SendWR(2, WrOpcode.SEND, [c.mr.sge(0, 8)]))
    await s.rcq.wait(1)
    assert bytes(s.buf[:3]) == b"123" and bytes(s.buf[500:505]) == b"45678"


async def test_in_order_delivery(wire: str) -> None:
    s, c = await make_pair(wire, server_recvs=0, recv_len=16)
    s.conn.qp.post_recv([RecvWR(i, [s.mr.sge(i * 16, 16)]) for i in range(20)])
    for i in range(20):
        c.buf[i * 16:i * 16 + 2] = bytes([65 + i, 65 + i])
        c.conn.qp.post_send(SendWR(i, WrOpcode.SEND, [c.mr.sge(i * 16, 2)], signaled=i == 19))
    wcs = await s.rcq.wait(20)
    assert [wc.wr_id for wc in wcs] == list(range(20))
    assert all(s.buf[i * 16] == 65 + i for i in range(20))
    assert [wc.wr_id for wc in await c.scq.settle()] == [19]  # only the signaled one


async def test_rnr_holds_send_until_receive_posted(wire: str) -> None:
    s, c = await make_pair(wire, server_recvs=0)
    c.buf[:4] = b"wait"
    c.conn.qp.post_send(SendWR(1, WrOpcode.SEND, [c.mr.sge(0, 4)]))
    # a WRITE behind the held SEND must not overtake it (RC order)
    c.buf[10:12] = b"WW"
    c.conn.qp.post_send(SendWR(2, WrOpcode.RDMA_WRITE, [c.mr.sge(10, 2)],
                               remote_addr=s.mr.addr + 4000, rkey=s.mr.rkey))
    assert await c.scq.settle(0.1) == []
    assert bytes(s.buf[4000:4002]) == b"\0\0"
    s.conn.qp.post_recv(RecvWR(9, [s.mr.sge(0, 64)]))
    (rwc,) = await s.rcq.wait(1)
    assert rwc.wr_id == 9 and bytes(s.buf[:4]) == b"wait"
    assert [wc.wr_id for wc in await c.scq.wait(2)] == [1, 2]
    assert bytes(s.buf[4000:4002]) == b"WW"


async def test_short_receive_is_loc_len_err(wire: str) -> None:
    s, c = await make_pair(wire, server_recvs=0)
    s.conn.qp.post_recv([RecvWR(1, [s.mr.sge(0, 4)]), RecvWR(2, [s.mr.sge(8, 64)])])
    c.conn.qp.post_send(SendWR(5, WrOpcode.SEND, [c.mr.sge(0, 10)]))
    rwcs = await s.rcq.wait(2)
    assert [(w.wr_id, w.status) for w in rwcs] == [(1, WcStatus.LOC_LEN_ERR),
                                                   (2, WcStatus.WR_FLUSH_ERR)]
    (swc,) = await c.scq.wait(1)
    assert swc.status is WcStatus.REM_INV_REQ_ERR
    assert s.conn.qp.state is QpState.ERROR and c.conn.qp.state is QpState.ERROR


async def test_receive_into_bad_lkey_is_loc_prot_err(wire: str) -> None:
    s, c = await make_pair(wire, server_recvs=0)
    s.conn.qp.post_recv(RecvWR(1, [Sge(s.mr.addr, 16, s.mr.lkey ^ 0x100)]))
    c.conn.qp.post_send(SendWR(5, WrOpcode.SEND, [c.mr.sge(0, 10)]))
    (rwc,) = await s.rcq.wait(1)
    assert rwc.status is WcStatus.LOC_PROT_ERR
    assert (await c.scq.wait(1))[0].status is WcStatus.REM_OP_ERR


# --- RDMA WRITE / READ ---------------------------------------------------------------------------


async def test_rdma_write_and_read(wire: str) -> None:
    s, c = await make_pair(wire)
    s.buf[6000:6010] = b"0123456789"
    c.buf[:6] = b"WRITE!"
    qp = c.conn.qp
    qp.post_send([
        SendWR(1, WrOpcode.RDMA_WRITE, [c.mr.sge(0, 3), c.mr.sge(3, 3)],
               remote_addr=s.mr.addr + 5000, rkey=s.mr.rkey, signaled=False),
        SendWR(2, WrOpcode.RDMA_READ, [c.mr.sge(100, 4), c.mr.sge(200, 6)],
               remote_addr=s.mr.addr + 6000, rkey=s.mr.rkey),
    ])
    (wc,) = await c.scq.wait(1)
    assert (wc.wr_id, wc.status, wc.opcode, wc.byte_len) == (2, WcStatus.SUCCESS,
                                                             WcOpcode.RDMA_READ, 10)
    assert bytes(s.buf[5000:5006]) == b"WRITE!"
    assert bytes(c.buf[100:104]) == b"0123" and bytes(c.buf[200:206]) == b"456789"
    assert qp.sq.reads == 0 and not qp.sq.entries
    assert s.rcq.wcs == []  # RDMA ops consume no receive


@pytest.mark.parametrize(
    ("opcode", "access", "offset", "length"),
    [
        (WrOpcode.RDMA_WRITE, Access.ALL, 0, 16),            # bad rkey (see below)
        (WrOpcode.RDMA_WRITE, Access.LOCAL_WRITE | Access.REMOTE_READ, 0, 16),  # no REMOTE_WRITE
        (WrOpcode.RDMA_READ, Access.LOCAL_WRITE | Access.REMOTE_WRITE, 0, 16),  # no REMOTE_READ
        (WrOpcode.RDMA_WRITE, Access.ALL, 1000, 25),          # past the end
        (WrOpcode.RDMA_READ, Access.ALL, -1, 4),              # before the start
    ],
)
async def test_remote_access_errors(wire: str, opcode: WrOpcode, access: Access, offset: int,
                                    length: int) -> None:
    s, c = await make_pair(wire, server_recvs=2)
    target = bytearray(1024)
    tmr = s.device.default_pd.reg_mr(target, access)
    rkey = tmr.rkey if (access != Access.ALL or offset) else tmr.rkey ^ 0xFF00
    qp = c.conn.qp
    qp.post_send([
        SendWR(1, opcode, [c.mr.sge(0, length)], remote_addr=tmr.addr + offset, rkey=rkey),
        SendWR(2, WrOpcode.SEND, [c.mr.sge(0, 4)]),
    ])
    wcs = await c.scq.wait(2)
    assert [(w.wr_id, w.status) for w in wcs] == [(1, WcStatus.REM_ACCESS_ERR),
                                                  (2, WcStatus.WR_FLUSH_ERR)]
    assert qp.state is QpState.ERROR
    # the responder went to error too: its posted receives flush
    rwcs = await s.rcq.wait(2)
    assert {w.status for w in rwcs} == {WcStatus.WR_FLUSH_ERR}
    assert bytes(target) == bytes(1024)
    # posting on an errored QP completes at once with a flush
    qp.post_send(SendWR(3, WrOpcode.SEND, [c.mr.sge(0, 1)]))
    assert (await c.scq.wait(3))[2].status is WcStatus.WR_FLUSH_ERR


async def test_valid_write_to_same_region_succeeds(wire: str) -> None:
    # the positive twin of test_remote_access_errors: the same MR setup works with good keys
    s, c = await make_pair(wire)
    target = bytearray(1024)
    tmr = s.device.default_pd.reg_mr(target, Access.LOCAL_WRITE | Access.REMOTE_WRITE)
    c.buf[:16] = b"x" * 16
    c.conn.qp.post_send(SendWR(1, WrOpcode.RDMA_WRITE, [c.mr.sge(0, 16)],
                               remote_addr=tmr.addr + 1008, rkey=tmr.rkey))
    assert (await c.scq.wait(1))[0].status is WcStatus.SUCCESS
    assert bytes(target[1008:]) == b"x" * 16


async def test_read_into_region_without_local_write_is_loc_prot_err(wire: str) -> None:
    s, c = await make_pair(wire)
    ro = c.device.default_pd.reg_mr(bytearray(64), Access.REMOTE_READ)
    qp = c.conn.qp
    qp.post_send([
        SendWR(1, WrOpcode.SEND, [c.mr.sge(0, 4)]),
        SendWR(2, WrOpcode.RDMA_READ, [ro.sge(0, 8)], remote_addr=s.mr.addr, rkey=s.mr.rkey),
        SendWR(3, WrOpcode.SEND, [c.mr.sge(0, 4)]),
    ])
    wcs = await c.scq.wait(3)
    # reported in order: the earlier SEND still completes first
    assert [(w.wr_id, w.status) for w in wcs] == [(1, WcStatus.SUCCESS),
                                                  (2, WcStatus.LOC_PROT_ERR),
                                                  (3, WcStatus.WR_FLUSH_ERR)]


async def test_deregistered_mr_fails(wire: str) -> None:
    _s, c = await make_pair(wire)
    c.mr.dereg()
    c.conn.qp.post_send(SendWR(1, WrOpcode.SEND, [Sge(c.mr.addr, 4, c.mr.lkey)]))
    assert (await c.scq.wait(1))[0].status is WcStatus.LOC_PROT_ERR


# --- SEND_WITH_INV -------------------------------------------------------------------------------


async def test_send_with_invalidate(wire: str) -> None:
    s, c = await make_pair(wire, server_recvs=0)
    # a fast-registered MR (the kind a client exposes in chunks) may be invalidated remotely
    exposed = c.device.default_pd.reg_invalidatable_mr(bytearray(64), Access.ALL)
    c.conn.qp.post_recv([RecvWR(1, [c.mr.sge(0, 64)]), RecvWR(2, [c.mr.sge(64, 64)])])
    # the server writes with the client's rkey, then replies invalidating it (RFC 8797 §4)
    s.buf[:5] = b"reply"
    s.conn.qp.post_send([
        SendWR(10, WrOpcode.RDMA_WRITE, [s.mr.sge(0, 5)], remote_addr=exposed.addr,
               rkey=exposed.rkey),
        SendWR(11, WrOpcode.SEND_WITH_INV, [s.mr.sge(0, 5)], invalidate_rkey=exposed.rkey),
    ])
    (rwc,) = await c.rcq.wait(1)
    assert rwc.invalidated_rkey == exposed.rkey and rwc.byte_len == 5
    assert [w.status for w in await s.scq.wait(2)] == [WcStatus.SUCCESS] * 2
    # the rkey is dead now
    s.conn.qp.post_send(SendWR(12, WrOpcode.RDMA_WRITE, [s.mr.sge(0, 5)],
                               remote_addr=exposed.addr, rkey=exposed.rkey))
    assert (await s.scq.wait(3))[2].status is WcStatus.REM_ACCESS_ERR


async def test_send_with_invalidate_unknown_rkey(wire: str) -> None:
    s, c = await make_pair(wire)
    c.conn.qp.post_send(SendWR(1, WrOpcode.SEND_WITH_INV, [c.mr.sge(0, 4)],
                               invalidate_rkey=0xDEAD00))
    assert (await s.rcq.wait(1))[0].status is WcStatus.LOC_PROT_ERR
    assert (await c.scq.wait(1))[0].status is WcStatus.REM_OP_ERR


async def test_send_with_invalidate_of_a_reg_mr_is_refused(wire: str) -> None:
    """A peer may not invalidate an ibv_reg_mr registration (the server's pool MR): as on a
    real device the receive fails, the connection errors, and the MR stays registered."""
    s, c = await make_pair(wire)
    pool = bytearray(4096)
    pool_mr = s.device.default_pd.reg_mr(pool, Access.ALL)
    c.conn.qp.post_send(SendWR(1, WrOpcode.SEND_WITH_INV, [c.mr.sge(0, 4)],
                               invalidate_rkey=pool_mr.rkey))
    assert (await s.rcq.wait(1))[0].status is WcStatus.LOC_PROT_ERR
    assert (await c.scq.wait(1))[0].status is WcStatus.REM_OP_ERR
    assert s.conn.qp.state is QpState.ERROR
    # still registered: local and remote accesses through it resolve
    assert s.device.local_view(s.device.default_pd, pool_mr.addr, 16, pool_mr.lkey, True)
    assert s.device.remote_view(s.device.default_pd, pool_mr.addr, 16, pool_mr.rkey,
                                Access.REMOTE_WRITE)


# --- frames on the TCP wire ----------------------------------------------------------------------


def _registered(end: object, n: int) -> tuple[bytearray, object]:
    buf = bytearray(n)
    return buf, end.device.default_pd.reg_mr(buf, Access.ALL)  # type: ignore[attr-defined]


async def test_tcp_wire_bulk_write_and_read_go_in_bounded_frames(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A WRITE and a READ of 2.5 MiB cross the TCP wire in frames of at most MAX_FRAME, and
    land byte for byte."""
    from transport.rdma.verbs import soft

    frames: list[tuple[int, int]] = []
    on_msg = soft.SoftQP.on_msg

    def spy(self: soft.SoftQP, msg: soft._Msg) -> None:
        frames.append((msg.kind, msg.nbytes()))
        on_msg(self, msg)

    monkeypatch.setattr(soft.SoftQP, "on_msg", spy)
    s, c = await make_pair("tcp")
    n = 2 * soft.MAX_FRAME + soft.MAX_FRAME // 2
    cbuf, cmr = _registered(c, n)
    sbuf, smr = _registered(s, n)
    cbuf[:] = os.urandom(n)
    c.conn.qp.post_send(SendWR(1, WrOpcode.RDMA_WRITE, [cmr.sge(0, n)],  # type: ignore[attr-defined]
                               remote_addr=smr.addr, rkey=smr.rkey))  # type: ignore[attr-defined]
    assert (await c.scq.wait(1))[0].status is WcStatus.SUCCESS
    assert sbuf == cbuf
    sbuf[:] = os.urandom(n)
    c.conn.qp.post_send(SendWR(2, WrOpcode.RDMA_READ, [cmr.sge(0, n)],  # type: ignore[attr-defined]
                               remote_addr=smr.addr, rkey=smr.rkey))  # type: ignore[attr-defined]
    (_, wc) = await c.scq.wait(2)
    assert wc.status is WcStatus.SUCCESS and wc.byte_len == n
    assert cbuf == sbuf
    for kind in (soft.K_WRITE, soft.K_READ_RESP):
        sizes = [nb for k, nb in frames if k == kind]
        assert len(sizes) == 3 and max(sizes) == soft.MAX_FRAME and sum(sizes) == n


async def test_tcp_wire_places_frames_from_one_receive_buffer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Pipelined WRITEs, SENDs and READs of mixed sizes (1 byte to a whole frame) land byte for
    byte, and the receiver hands each data frame's payload to the QP as a view of the wire's
    one receive buffer: after the first bulk frame no buffer is allocated per frame (a fresh
    1 MiB bytes object per frame made the soft fabric slowest on one-SGE transfers)."""
    from transport.rdma.verbs import soft

    owners: list[object] = []
    on_msg = soft.SoftQP.on_msg

    def spy(self: soft.SoftQP, msg: soft._Msg) -> None:
        if msg.kind in (soft.K_WRITE, soft.K_SEND, soft.K_READ_RESP) and msg.payload:
            owners.append(msg.payload[0].obj)
        on_msg(self, msg)

    monkeypatch.setattr(soft.SoftQP, "on_msg", spy)
    sizes = [soft.MAX_FRAME, 1, 4095, 65537, soft.MAX_FRAME, 300_000, 28, soft.MAX_FRAME - 1]
    n = sum(sizes)
    nsend = 4
    s, c = await make_pair("tcp", server_recvs=0,
                           qp_kw={"max_send_wr": 64, "max_recv_wr": 64, "max_rd_atomic": 8})
    cbuf, cmr = _registered(c, n)
    sbuf, smr = _registered(s, n)
    rbuf, rmr = _registered(s, nsend * 4096)
    s.conn.qp.post_recv([RecvWR(100 + i, [rmr.sge(i * 4096, 4096)])  # type: ignore[attr-defined]
                         for i in range(nsend)])
    wire = s.conn.wire
    for burst in range(2):
        cbuf[:] = os.urandom(n)
        wrs, off = [], 0
        for i, size in enumerate(sizes):
            wrs.append(SendWR(i, WrOpcode.RDMA_WRITE, [cmr.sge(off, size)],  # type: ignore[attr-defined]
                              remote_addr=smr.addr + off, rkey=smr.rkey,  # type: ignore[attr-defined]
                              signaled=False))
            if burst == 0 and i < nsend:
                wrs.append(SendWR(50 + i, WrOpcode.SEND, [cmr.sge(off, min(size, 4096))],  # type: ignore[attr-defined]
                                  signaled=False))
            off += size
        wrs[-1].signaled = True
        c.conn.qp.post_send(wrs)
        assert (await c.scq.wait(burst + 1, timeout=20))[-1].status is WcStatus.SUCCESS
        assert sbuf == cbuf
        if burst == 0:
            wcs = await s.rcq.wait(nsend)
            assert [w.byte_len for w in wcs] == [min(x, 4096) for x in sizes[:nsend]]
            for i in range(nsend):
                at, m = sum(sizes[:i]), min(sizes[i], 4096)
                assert rbuf[i * 4096:i * 4096 + m] == cbuf[at:at + m]
            first = wire._buf  # type: ignore[attr-defined]
            assert len(first) <= soft._HDR.size + soft.MAX_FRAME
            owners.clear()
    # the other way: READ responses of the same sizes into the client
    sbuf[:] = os.urandom(n)
    off = 0
    for i, size in enumerate(sizes):
        c.conn.qp.post_send(SendWR(200 + i, WrOpcode.RDMA_READ, [cmr.sge(off, size)],  # type: ignore[attr-defined]
                                   remote_addr=smr.addr + off, rkey=smr.rkey))  # type: ignore[attr-defined]
        off += size
    wcs = (await c.scq.wait(2 + len(sizes), timeout=20))[2:]
    assert [w.wr_id for w in wcs] == [200 + i for i in range(len(sizes))]
    assert all(w.status is WcStatus.SUCCESS for w in wcs)
    assert cbuf == sbuf
    assert wire._buf is first  # type: ignore[attr-defined]
    client_buf = c.conn.wire._buf  # type: ignore[attr-defined]
    assert len(owners) == 2 * len(sizes)
    assert all(o is first for o in owners[:len(sizes)])
    assert all(o is client_buf for o in owners[len(sizes):])


async def test_tcp_wire_refuses_a_frame_claiming_4_gib() -> None:
    """A frame header claiming a 4 GiB payload is refused at once (the wire is aborted), not
    buffered while the bytes trickle in."""
    from transport.rdma.verbs import soft

    sp = SoftProvider(wire="tcp")
    listener = await sp.listen("127.0.0.1", 0)
    reader, writer = await asyncio.open_connection("127.0.0.1", int(listener.address[1]))
    writer.write(soft._HDR.pack(soft.K_CONNECT, 0, 0, 0, 0, 0, 0, 0xFFFF_FFFF))
    chunk = b"\0" * (1 << 20)
    try:
        for _ in range(64):  # 64 MiB if it were buffered
            writer.write(chunk)
            await asyncio.wait_for(writer.drain(), 5)
        got = await asyncio.wait_for(reader.read(1), 5)  # a TimeoutError fails the test
    except ConnectionError:
        got = b""
    finally:
        writer.close()
        listener.close()
    assert got == b""


async def test_tcp_wire_send_larger_than_a_frame_fails_at_the_requester() -> None:
    from transport.rdma.verbs import soft

    _, c = await make_pair("tcp", server_recvs=0)
    n = soft.MAX_FRAME + 1
    _, cmr = _registered(c, n)
    c.conn.qp.post_send(SendWR(1, WrOpcode.SEND, [cmr.sge(0, n)]))  # type: ignore[attr-defined]
    assert (await c.scq.wait(1))[0].status is WcStatus.LOC_LEN_ERR


async def test_tcp_wire_stops_reading_while_sends_wait_for_receives() -> None:
    """SENDs that find no receive are held by the responder, but only up to STALL_LIMIT bytes:
    then its wire stops reading (RNR back-pressure); posting receives drains them in order."""
    from transport.rdma.verbs import soft

    big = 256 << 10
    count = 2 * soft.STALL_LIMIT // big  # twice what may be held
    s, c = await make_pair("tcp", server_recvs=0,
                           qp_kw={"max_send_wr": count, "max_recv_wr": count})
    cbuf, cmr = _registered(c, count * big)
    sbuf, smr = _registered(s, count * big)
    for i in range(count):
        cbuf[i * big:(i + 1) * big] = bytes([i]) * big
        c.conn.qp.post_send(SendWR(i, WrOpcode.SEND, [cmr.sge(i * big, big)],  # type: ignore[attr-defined]
                                   signaled=True))
    sqp = s.conn.qp
    await asyncio.sleep(0.3)
    assert sqp._stalled_bytes <= soft.STALL_LIMIT + big
    assert s.conn.wire._paused  # type: ignore[attr-defined]
    sqp.post_recv([RecvWR(i, [smr.sge(i * big, big)]) for i in range(count)])  # type: ignore[attr-defined]
    wcs = await s.rcq.wait(count, timeout=20)
    assert [w.wr_id for w in wcs] == list(range(count))
    assert all(w.status is WcStatus.SUCCESS for w in wcs)
    assert sbuf == cbuf
    assert all(w.status is WcStatus.SUCCESS for w in await c.scq.wait(count))


# --- limits --------------------------------------------------------------------------------------


async def test_max_sge_enforced() -> None:
    s, c = await make_pair(qp_kw={"max_send_sge": 2})
    with pytest.raises(VerbsError) as ei:
        c.conn.qp.post_send(SendWR(1, WrOpcode.SEND, [c.mr.sge(0, 1)] * 3))
    assert ei.value.errno == errno.EINVAL
    with pytest.raises(VerbsError):
        s.conn.qp.post_recv(RecvWR(1, [s.mr.sge(0, 1)] * 5))
    c.conn.qp.post_send(SendWR(1, WrOpcode.SEND, [c.mr.sge(0, 1)] * 2))
    assert (await c.scq.wait(1))[0].ok


async def test_device_limits_checked_at_qp_creation() -> None:
    p = SoftProvider(DeviceAttrs(max_sge=4, max_qp_wr=64, max_qp_rd_atom=2))
    dev = p.open_device()
    cq = dev.create_cq(16)
    for bad in ({"max_send_sge": 5}, {"max_send_wr": 65}, {"max_rd_atomic": 3}):
        with pytest.raises(VerbsError):
            await p.connect("127.0.0.1", 1, QpInit(cq, cq, **bad))
    with pytest.raises(VerbsError):
        dev.create_cq(dev.attrs.max_cqe + 1)


async def test_send_queue_depth_enforced_and_freed_by_signaled_completion() -> None:
    _s, c = await make_pair(qp_kw={"max_send_wr": 4}, server_recvs=8)
    qp = c.conn.qp
    unsig = [SendWR(i, WrOpcode.SEND, [c.mr.sge(0, 1)], signaled=False) for i in range(3)]
    qp.post_send(unsig)
    await asyncio.sleep(0.05)  # delivered and acked, but nothing signaled: slots stay used
    assert len(qp.sq.entries) == 3
    with pytest.raises(VerbsError) as ei:
        qp.post_send(unsig[:2])
    assert ei.value.errno == errno.ENOMEM
    qp.post_send(SendWR(9, WrOpcode.SEND, [c.mr.sge(0, 1)]))
    assert (await c.scq.wait(1))[0].wr_id == 9
    assert not qp.sq.entries
    qp.post_send([*unsig, SendWR(10, WrOpcode.SEND, [c.mr.sge(0, 1)])])


async def test_rd_atomic_enforced() -> None:
    s, c = await make_pair(qp_kw={"max_rd_atomic": 2})
    assert c.conn.initiator_depth == 2 and c.conn.qp.max_rd_atomic == 2
    rd = [SendWR(i, WrOpcode.RDMA_READ, [c.mr.sge(i * 8, 8)], remote_addr=s.mr.addr,
                 rkey=s.mr.rkey, signaled=i != 0) for i in range(3)]
    with pytest.raises(VerbsError) as ei:
        c.conn.qp.post_send(rd)
    assert ei.value.errno == errno.ENOMEM
    assert not c.conn.qp.sq.entries  # all-or-nothing
    c.conn.qp.post_send(rd[:2])
    with pytest.raises(VerbsError):
        c.conn.qp.post_send(rd[2])
    assert (await c.scq.wait(1))[0].wr_id == 1
    c.conn.qp.post_send(rd[2])
    assert (await c.scq.wait(2))[1].ok


async def test_receive_queue_depth_enforced() -> None:
    s, _c = await make_pair(qp_kw={"max_recv_wr": 4}, server_recvs=4)
    with pytest.raises(VerbsError) as ei:
        s.conn.qp.post_recv(RecvWR(1, [s.mr.sge(0, 1)]))
    assert ei.value.errno == errno.ENOMEM


async def test_ord_ird_negotiation() -> None:
    sp, cp = SoftProvider(DeviceAttrs(max_qp_rd_atom=3)), SoftProvider()
    lst = await sp.listen("127.0.0.1", 0)
    sdev, cdev = sp.open_device(), cp.open_device()
    scq, ccq = sdev.create_cq(8), cdev.create_cq(8)

    async def serve() -> tuple[int, int, int, int]:
        req = await lst.get_request()
        conn = await req.accept(QpInit(scq, scq, max_rd_atomic=1))
        return req.responder_resources, req.initiator_depth, conn.initiator_depth, \
            conn.responder_resources

    t = asyncio.create_task(serve())
    conn = await cp.connect("127.0.0.1", lst.address[1], QpInit(ccq, ccq, max_rd_atomic=8),
                            responder_resources=5)
    req_rr, req_id, s_ord, s_ird = await t
    assert (req_rr, req_id) == (8, 5)  # receiver's view: peer ORD -> our IRD, peer IRD -> our ORD
    assert (s_ord, s_ird) == (1, 3)  # ORD capped by its QP, IRD by its device
    assert conn.initiator_depth == 3 and conn.responder_resources == 1
    lst.close()


# --- connection manager --------------------------------------------------------------------------


async def test_reject_with_private_data(wire: str) -> None:
    sp, cp = SoftProvider(wire=wire), SoftProvider(wire=wire)
    lst = await sp.listen("127.0.0.1", 0)

    async def serve() -> None:
        req = await lst.get_request()
        assert req.private_data == b"please"
        await req.reject(b"go away")

    t = asyncio.create_task(serve())
    cq = cp.open_device().create_cq(8)
    with pytest.raises(RejectedError) as ei:
        await cp.connect("127.0.0.1", lst.address[1], QpInit(cq, cq), b"please")
    assert ei.value.private_data == b"go away" and ei.value.errno == errno.ECONNREFUSED
    await t
    lst.close()


async def test_connect_refused_when_nobody_listens() -> None:
    cp = SoftProvider()
    cq = cp.open_device().create_cq(8)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(VerbsError):
        await cp.connect("127.0.0.1", port, QpInit(cq, cq))


async def test_private_data_size_limits() -> None:
    cp = SoftProvider()
    cq = cp.open_device().create_cq(8)
    with pytest.raises(VerbsError):
        await cp.connect("127.0.0.1", 1, QpInit(cq, cq), b"x" * 57)


async def test_disconnect_flushes_outstanding_receives(wire: str) -> None:
    s, c = await make_pair(wire, server_recvs=3)
    c.conn.qp.post_recv([RecvWR(i, [c.mr.sge(0, 8)]) for i in range(2)])
    await c.conn.disconnect()
    await asyncio.wait_for(s.conn.wait_disconnected(), 5)
    assert c.conn.disconnected
    assert [(w.wr_id, w.status) for w in await s.rcq.wait(3)] == \
        [(1000 + i, WcStatus.WR_FLUSH_ERR) for i in range(3)]
    assert [w.status for w in await c.rcq.wait(2)] == [WcStatus.WR_FLUSH_ERR] * 2
    assert s.conn.qp.state is QpState.ERROR
    await c.conn.disconnect()  # idempotent
    s.conn.close()
    c.conn.close()


async def test_listener_async_iteration_and_close() -> None:
    sp = SoftProvider()
    lst = await sp.listen("127.0.0.1", 0)
    got = []

    async def loop() -> None:
        async for req in lst:
            got.append(req)

    t = asyncio.create_task(loop())
    await asyncio.sleep(0.01)
    lst.close()
    await asyncio.wait_for(t, 2)
    assert got == []


async def test_ipv6_loopback() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback")
    s, c = await make_pair("tcp", host="::1")
    assert s.conn.peer_addr[0] == "::1"
    c.conn.qp.post_send(SendWR(1, WrOpcode.SEND, [c.mr.sge(0, 4)]))
    assert (await s.rcq.wait(1))[0].ok


# --- completion channel ------------------------------------------------------------------------


async def test_cq_channel_fd_only_fires_when_armed() -> None:
    _s, c = await make_pair(server_recvs=4)
    cq = c.device.create_cq(8)
    assert not cq.get_event()
    c.scq.cq.detach()
    raw = c.scq.cq  # still armed by attach: the next completion fires once
    c.conn.qp.post_send(SendWR(0, WrOpcode.SEND, [c.mr.sge(0, 1)]))
    await asyncio.sleep(0.05)
    assert raw.get_event() and not raw.get_event()
    raw.ack_events(1)
    assert [w.wr_id for w in raw.poll()] == [0]
    c.conn.qp.post_send(SendWR(1, WrOpcode.SEND, [c.mr.sge(0, 1)]))
    await asyncio.sleep(0.05)
    assert not raw.get_event()  # not armed: no event, but the completion is there
    raw.req_notify()
    assert raw.get_event()  # arming with a queued completion fires
    raw.ack_events(1)
    assert [w.wr_id for w in raw.poll()] == [1]
    raw.req_notify()
    c.conn.qp.post_send(SendWR(2, WrOpcode.SEND, [c.mr.sge(0, 1)]))
    loop = asyncio.get_running_loop()
    readable = loop.create_future()
    loop.add_reader(raw.fileno(), lambda: readable.done() or readable.set_result(True))
    await asyncio.wait_for(readable, 2)
    loop.remove_reader(raw.fileno())
    assert raw.get_event() and [w.wr_id for w in raw.poll()] == [2]


async def test_cq_overrun_is_fatal() -> None:
    s, _c = await make_pair(server_recvs=4)
    small = s.device.create_cq(2)
    for i in range(3):
        small.push(s.rcq.wcs[0] if s.rcq.wcs else _wc(i))
    with pytest.raises(VerbsError) as ei:
        small.poll()
    assert ei.value.errno == errno.EOVERFLOW


def _wc(i: int):  # type: ignore[no-untyped-def]
    from transport.rdma.verbs import WorkCompletion

    return WorkCompletion(i, WcStatus.SUCCESS, WcOpcode.RECV)


# --- fault hooks --------------------------------------------------------------------------------


async def test_fault_drop_connection(wire: str) -> None:
    s, c = await make_pair(wire, server_recvs=2)
    c.conn.qp.post_recv(RecvWR(1, [c.mr.sge(0, 8)]))
    c.provider.faults.drop(c.conn)
    await asyncio.wait_for(asyncio.gather(s.conn.wait_disconnected(),
                                          c.conn.wait_disconnected()), 5)
    assert [w.status for w in await s.rcq.wait(2)] == [WcStatus.WR_FLUSH_ERR] * 2
    assert [w.status for w in await c.rcq.wait(1)] == [WcStatus.WR_FLUSH_ERR]


async def test_fault_fail_next_completion(wire: str) -> None:
    _s, c = await make_pair(wire, server_recvs=2)
    c.provider.faults.fail_next_completion(WcStatus.RETRY_EXC_ERR, c.conn.qp.qp_num)
    c.conn.qp.post_send([SendWR(1, WrOpcode.SEND, [c.mr.sge(0, 1)]),
                         SendWR(2, WrOpcode.SEND, [c.mr.sge(0, 1)])])
    wcs = await c.scq.wait(2)
    assert [(w.wr_id, w.status) for w in wcs] == [(1, WcStatus.RETRY_EXC_ERR),
                                                  (2, WcStatus.WR_FLUSH_ERR)]
    assert c.conn.qp.state is QpState.ERROR


async def test_fault_delay_completions() -> None:
    _s, c = await make_pair(server_recvs=2)
    c.provider.faults.delay_ms = 150
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    c.conn.qp.post_send([SendWR(i, WrOpcode.SEND, [c.mr.sge(0, 1)]) for i in (1, 2)])
    await asyncio.sleep(0.05)
    assert c.scq.wcs == []
    wcs = await c.scq.wait(2)
    assert loop.time() - t0 >= 0.14
    assert [w.wr_id for w in wcs] == [1, 2]


# --- accounting helper -------------------------------------------------------------------------


def test_send_queue_retire_through() -> None:
    sq = SendQueue(max_send_wr=8, max_send_sge=2, max_rd_atomic=2)
    wrs = [SendWR(1, WrOpcode.RDMA_READ), SendWR(2, WrOpcode.RDMA_WRITE, signaled=False),
           SendWR(3, WrOpcode.RDMA_READ)]
    sq.check(wrs)
    sq.push(wrs)
    assert sq.reads == 2
    assert sq.retire_through(2) == 2 and sq.reads == 1
    assert sq.retire_through(3) == 1 and sq.reads == 0 and not sq.entries


# --- two processes -----------------------------------------------------------------------------


async def test_cross_process_send_write_read() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.transport.rdma.verbs._peer", cwd=str(REPO), env=env,
        stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        assert line.startswith(b"PORT "), line
        port = int(line.split()[1])
        cp = SoftProvider()  # the listener is in another process: TCP wire
        dev = cp.open_device()
        buf = bytearray(4096)
        mr = dev.default_pd.reg_mr(buf, Access.ALL)
        scq, rcq = dev.create_cq(16), dev.create_cq(16)
        conn = await cp.connect("127.0.0.1", port, QpInit(scq, rcq, max_rd_atomic=2),
                                b"cookie42", on_qp=lambda qp: qp.post_recv(
                                    RecvWR(1, [mr.sge(2048, 512)])))
        raddr, rkey = struct.unpack_from("!QI", conn.peer_private_data)
        assert conn.peer_private_data[12:] == b"cookie42"
        assert conn.peer_addr[1] == port
        sc, rc = Collector(scq), Collector(rcq)
        buf[:5] = b"hello"
        buf[100:105] = b"WROTE"
        conn.qp.post_send([
            SendWR(1, WrOpcode.RDMA_WRITE, [mr.sge(100, 5)], remote_addr=raddr + 20,
                   rkey=rkey, signaled=False),
            SendWR(2, WrOpcode.RDMA_READ, [mr.sge(200, 25)], remote_addr=raddr, rkey=rkey),
            SendWR(3, WrOpcode.SEND, [mr.sge(0, 5)]),
        ])
        assert [(w.wr_id, w.status) for w in await sc.wait(2)] == [(2, WcStatus.SUCCESS),
                                                                   (3, WcStatus.SUCCESS)]
        # READ saw our earlier WRITE (RC ordering across the process boundary)
        assert bytes(buf[200:225]) == b"from-child!" + bytes(9) + b"WROTE"
        (echo,) = await rc.wait(1)
        assert echo.ok and bytes(buf[2048:2048 + echo.byte_len]) == b"HELLO"
        # a bad rkey across processes: REM_ACCESS_ERR, and the child flushes and hangs up
        conn.qp.post_send(SendWR(4, WrOpcode.RDMA_WRITE, [mr.sge(0, 4)],
                                 remote_addr=raddr, rkey=rkey ^ 0x4000))
        assert (await sc.wait(3))[2].status is WcStatus.REM_ACCESS_ERR
        await conn.disconnect()
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
