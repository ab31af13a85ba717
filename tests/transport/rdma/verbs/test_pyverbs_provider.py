"""The pyverbs provider: imports everywhere, says clearly when there is no device, and (marked
``rdma_hw``) moves data over a real device such as rxe."""

from __future__ import annotations

import asyncio
import ctypes
import errno
import socket

import pytest

from transport.rdma.verbs import (
    Access,
    NoDeviceError,
    QpInit,
    RecvWR,
    SendWR,
    WcStatus,
    WrOpcode,
    select_provider,
)
from transport.rdma.verbs import pyverbs_provider as pv


def _has_device() -> bool:
    try:
        pv.PyverbsProvider().list_devices()
    except NoDeviceError:
        return False
    return True


HAS_DEVICE = _has_device()
needs_no_device = pytest.mark.skipif(HAS_DEVICE, reason="an RDMA device exists here")
needs_pyverbs = pytest.mark.skipif(not pv.HAVE_PYVERBS, reason="python3-pyverbs not installed")


def test_module_imports_and_names_itself() -> None:
    assert pv.PyverbsProvider().name == "pyverbs"


@needs_no_device
def test_open_device_without_device_is_clear() -> None:
    with pytest.raises(NoDeviceError) as ei:
        pv.PyverbsProvider().open_device()
    assert ei.value.errno == errno.ENODEV
    assert "no RDMA devices" in str(ei.value) or "pyverbs is not installed" in str(ei.value)


@needs_no_device
async def test_listen_and_connect_without_device_raise_no_device() -> None:
    p = pv.PyverbsProvider()
    with pytest.raises(NoDeviceError):
        await p.listen("0.0.0.0", 20049)
    with pytest.raises(NoDeviceError):
        await p.connect("127.0.0.1", 20049, lambda dev: None)  # type: ignore[arg-type,return-value]


@needs_no_device
def test_select_provider_falls_back_to_soft() -> None:
    assert select_provider("auto").name == "soft"
    with pytest.raises(NoDeviceError):
        select_provider("pyverbs")


@needs_no_device
async def test_cm_channel_without_rdma_cm_is_no_device() -> None:
    with pytest.raises(NoDeviceError) as ei:
        pv._CmChannel(asyncio.get_running_loop())
    assert "rdma_cm" in str(ei.value)


def test_librdmacm_struct_layouts() -> None:
    # offsets of <rdma/rdma_cma.h> on LP64
    assert ctypes.sizeof(pv._ConnParam) == 24 and pv._ConnParam.qp_num.offset == 16
    assert pv._CmEvent.conn.offset == 24
    assert pv._CmId.route.offset == 32 and pv._Route.dst_addr.offset == 128
    assert pv._CmId.port_num.offset == 348


@pytest.mark.parametrize(("host", "fam"), [("10.99.0.1", socket.AF_INET), ("fe80::1", socket.AF_INET6),
                                           ("0.0.0.0", socket.AF_INET), ("::", socket.AF_INET6)])
def test_sockaddr_round_trip(host: str, fam: int) -> None:
    sa = pv._sockaddr(host, 20049)
    assert int.from_bytes(sa.raw[:2], "little") == fam
    assert pv._parse_sockaddr(sa.raw) == (host, 20049)


def test_conn_param_carries_private_data_and_qpn() -> None:
    p, keep = pv._conn_param(0x1234, b"\x00rfc8797\x00", ird=4, ord_=2)
    assert ctypes.string_at(p.private_data, p.private_data_len) == b"\x00rfc8797\x00"
    assert (p.qp_num, p.responder_resources, p.initiator_depth, p.rnr_retry_count) == \
        (0x1234, 4, 2, 7)
    del keep


@needs_pyverbs
def test_qp_attr_layout_probe() -> None:
    import pyverbs.qp

    attr = pyverbs.qp.QPAttr()
    addr = pv._qp_attr_struct(attr)
    ctypes.c_int.from_address(addr).value = 2  # as rdma_init_qp_attr would write it
    assert attr.qp_state == 2


@needs_pyverbs
def test_pyverbs_mr_accepts_an_address() -> None:
    # the capability reg_mr relies on: MR(pd, length, access, address=...)
    import pyverbs.mr

    assert "address" in (pyverbs.mr.MR.__init__.__doc__ or "")


# --- real hardware (rxe in the qemu guest) ------------------------------------------------------


@pytest.mark.rdma_hw
@pytest.mark.skipif(not HAS_DEVICE, reason="needs an RDMA device")
async def test_loopback_send_write_read_on_device() -> None:
    """What it adds: the ctypes CM, external-QP transitions and fd plumbing on a real device.
    Set NFSRDMA_TEST_ADDR to the device's IP (rxe on a dummy netdev; lo does not work)."""
    import os

    host = os.environ.get("NFSRDMA_TEST_ADDR")
    if not host:
        pytest.skip("set NFSRDMA_TEST_ADDR to an address on the RDMA netdev")
    p = pv.PyverbsProvider()
    lst = await p.listen("0.0.0.0", 0)
    port = lst.address[1]
    sbuf, cbuf = bytearray(4096), bytearray(4096)

    async def serve():  # type: ignore[no-untyped-def]
        req = await lst.get_request()
        dev = req.device
        scq, rcq = dev.create_cq(16), dev.create_cq(16)
        mr = dev.default_pd.reg_mr(sbuf, Access.ALL)
        qp = req.create_qp(QpInit(scq, rcq, max_send_sge=2, max_recv_sge=2))
        qp.post_recv(RecvWR(1, [mr.sge(0, 1024)]))
        conn = await req.accept(private_data=mr.rkey.to_bytes(4, "big") + mr.addr.to_bytes(8, "big"))
        return conn, rcq, mr

    task = asyncio.create_task(serve())
    dev = p.open_device()
    scq, rcq = dev.create_cq(16), dev.create_cq(16)
    cmr = dev.default_pd.reg_mr(cbuf, Access.ALL)
    conn = await p.connect(host, port, QpInit(scq, rcq, max_rd_atomic=1), b"hello")
    sconn, _srcq, _smr = await asyncio.wait_for(task, 10)
    rkey = int.from_bytes(conn.peer_private_data[:4], "big")
    raddr = int.from_bytes(conn.peer_private_data[4:12], "big")
    cbuf[:5] = b"hello"
    conn.qp.post_send([SendWR(1, WrOpcode.RDMA_WRITE, [cmr.sge(0, 5)], remote_addr=raddr + 2048,
                              rkey=rkey, signaled=False),
                       SendWR(2, WrOpcode.RDMA_READ, [cmr.sge(100, 5)], remote_addr=raddr + 2048,
                              rkey=rkey),
                       SendWR(3, WrOpcode.SEND, [cmr.sge(0, 5)])])
    got = []
    for _ in range(200):
        got += scq.poll()
        if len(got) >= 2:
            break
        await asyncio.sleep(0.01)
    assert [(w.wr_id, w.status) for w in got] == [(2, WcStatus.SUCCESS), (3, WcStatus.SUCCESS)]
    assert bytes(cbuf[100:105]) == b"hello"
    await conn.disconnect()
    await asyncio.wait_for(sconn.wait_disconnected(), 10)
    conn.close()
    sconn.close()
    lst.close()
