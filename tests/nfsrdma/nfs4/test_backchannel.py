"""The NFSv4 back channel against a client that serves it, over TCP and over RPC-over-RDMA
(soft provider): RFC 8881 2.10.3.1, 18.33, 18.34, 18.36, 20.9; RFC 8167; RFC 7530 16.33.

Adds beyond the unit tests of nfs4/callback: the server's real transports carrying calls to
the client (TCP: on the client's own connection; RDMA: reverse-direction calls), the
client's view of what arrived (program, credential, CB_SEQUENCE slot and sequence ids), the
SEQ4_STATUS flags a real SEQUENCE carries, and the callback counters on /metrics.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_cb_opnum4 as CB
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.callback import CallbackFailed, SessionCallback
from nfsrdma.server import Server
from storage.pool import PagePool
from tests.nfsrdma.nfs4._cb import (
    AV4,
    BACK,
    CB_PROG,
    SEC_NONE,
    CbService,
    bind_conn,
    cb_recall,
    open_session,
)
from tests.nfsrdma.nfs4._v4 import op
from tests.transport.rdma._rdma import Scrape, connect, running_server, wait_until
from transport.client.tcp import RpcTcpClient
from transport.tcp.server import TcpRpcServer

TRANSPORTS = ["tcp", "rdma"]
DOWN = p.SEQ4_STATUS_CB_PATH_DOWN | p.SEQ4_STATUS_CB_PATH_DOWN_SESSION
GSS = p.callback_sec_parms4(6, p.gss_cb_handles4(1, b"h", b"h"))
CALLBACKS = "nfsrdma_nfs4_callbacks_total"


@asynccontextmanager
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    (tmp_path / "export").mkdir(exist_ok=True)
    async with running_server(tmp_path, metrics=True) as srv:
        yield srv


async def client(srv: Server, transport: str, cb: CbService, **kw: Any) -> Any:
    if transport == "tcp":
        return await RpcTcpClient.connect("127.0.0.1", srv.ports["nfs"], timeout=20.0,
                                          callback=cb.dispatcher)
    return await connect(srv, callback=cb.dispatcher, **kw)


def path_of(srv: Server, sessionid: bytes) -> SessionCallback:
    assert srv.nfs4 is not None
    path = srv.nfs4.sessions.get(sessionid).cb
    assert isinstance(path, SessionCallback)
    return path


def scrape(srv: Server) -> Scrape:
    return Scrape.from_port(srv.ports["metrics"])


def seq_args(cb: CbService) -> list[tuple[int, int]]:
    """(slot, sequence id) of every CB_COMPOUND's CB_SEQUENCE, in arrival order."""
    out = []
    for c in cb.of("CB_COMPOUND"):
        assert c.args is not None and c.args.argarray[0].tag == CB.OP_CB_SEQUENCE
        s = c.args.argarray[0].value
        out.append((s.csa_slotid, s.csa_sequenceid))
    return out


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_probe_then_cb_sequence_slot_rules(tmp_path: Path, transport: str) -> None:
    async with server(tmp_path) as srv:
        cb = CbService()
        rpc = await client(srv, transport, cb)
        try:
            v4 = AV4(rpc)
            ses = await open_session(v4, f"probe-{transport}".encode(), cb)
            assert ses.csr.csr_flags & p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN
            back = ses.csr.csr_back_chan_attrs
            assert (back.ca_maxrequests, back.ca_maxoperations,
                    back.ca_maxresponsesize_cached) == (2, 2, 0)
            # The probe: CB_NULL on the client's own connection, with the asked credential.
            (null,) = await cb.wait_for("CB_NULL")
            assert (null.prog, null.flavor, null.xprt) == (CB_PROG, 1, rpc)
            assert (null.cred.uid, null.cred.gid) == (1234, 4321)
            path = path_of(srv, ses.sessionid)
            await wait_until(lambda: path.up, "the probe's reply")
            assert await ses.flags(v4) == 0

            ref = [p.referring_call_list4(ses.sessionid, [p.referring_call4(ses.seqid, 0)])]
            res = await path.call([cb_recall()], ref)
            assert res.status == S.NFS4_OK
            assert (await path.call([cb_recall(truncate=True)])).status == S.NFS4_OK
            first, second = (c.args for c in cb.of("CB_COMPOUND"))
            assert first is not None and second is not None
            assert seq_args(cb) == [(0, 1), (0, 2)]  # a slot's first sequence id is 1
            assert first.minorversion == 1 and [a.tag for a in first.argarray] == [
                CB.OP_CB_SEQUENCE, CB.OP_CB_RECALL]
            got = first.argarray[0].value.csa_referring_call_lists
            assert [(bytes(r.rcl_sessionid), [(c.rc_sequenceid, c.rc_slotid)
                                               for c in r.rcl_referring_calls]) for r in got] \
                == [(ses.sessionid, [(ses.seqid, 0)])]
            assert second.argarray[1].value.truncate is True

            # Three at once on two slots: two go out, the third waits for a free slot.
            cb.hold.clear()
            calls = [asyncio.ensure_future(path.call([cb_recall()])) for _ in range(3)]
            await cb.wait_for("CB_COMPOUND", 4)
            assert path.slots.busy == [True, True]
            highest = [c.args.argarray[0].value.csa_highest_slotid
                       for c in cb.of("CB_COMPOUND")[2:] if c.args is not None]
            assert highest == [0, 1]
            cb.hold.set()
            assert all(r.status == S.NFS4_OK for r in await asyncio.gather(*calls))
            assert sorted(seq_args(cb)) == [(0, 1), (0, 2), (0, 3), (0, 4), (1, 1)]
            after = scrape(srv)
        finally:
            await rpc.close()
    assert after.value(CALLBACKS, transport=transport, op="CB_NULL", result="ok") == 1
    assert after.value(CALLBACKS, transport=transport, op="CB_RECALL", result="ok") == 5


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_path_down_when_back_connection_goes_cleared_by_bind(tmp_path: Path,
                                                                   transport: str) -> None:
    async with server(tmp_path) as srv:
        cb = CbService()
        first = await client(srv, transport, cb)
        second = await client(srv, transport, cb)
        try:
            v4a, v4b = AV4(first), AV4(second)
            ses = await open_session(v4a, f"rebind-{transport}".encode(), cb)
            await cb.wait_for("CB_NULL")
            path = path_of(srv, ses.sessionid)
            await wait_until(lambda: path.up, "the probe's reply")
            (bound,) = await v4b.ok([bind_conn(ses.sessionid, p.CDFC4_FORE)])
            assert bound.value.bctsr_dir == p.CDFS4_FORE
            assert await ses.flags(v4b) == 0

            await first.close()  # the only back-channel connection goes: unbound
            await wait_until(lambda: path.down, "the path noticed its connection closed")
            assert await ses.flags(v4b) == DOWN
            with pytest.raises(CallbackFailed) as e:
                await path.call([cb_recall()])
            assert e.value.reason == "down"

            (bound,) = await v4b.ok([bind_conn(ses.sessionid, p.CDFC4_FORE_OR_BOTH)])
            assert bound.value.bctsr_dir == p.CDFS4_BOTH
            assert await ses.flags(v4b) == 0  # probing again: not down
            nulls = await cb.wait_for("CB_NULL", 2)
            assert nulls[-1].xprt is second
            await wait_until(lambda: path.up, "the new probe's reply")
            assert (await path.call([cb_recall()])).status == S.NFS4_OK
            assert cb.of("CB_COMPOUND")[-1].xprt is second
            assert seq_args(cb) == [(0, 1)]
        finally:
            await first.close()
            await second.close()


async def test_unanswered_callback_times_out_then_slot_resumes(tmp_path: Path) -> None:
    async with server(tmp_path) as srv:
        assert srv.nfs4 is not None
        cb = CbService()
        rpc = await client(srv, "tcp", cb)
        try:
            v4 = AV4(rpc)
            ses = await open_session(v4, b"timeout", cb)
            path = path_of(srv, ses.sessionid)
            await wait_until(lambda: path.up, "the probe's reply")
            srv.nfs4.callbacks.timeout = 0.2  # an unanswered call fails fast in this test
            cb.hold.clear()
            with pytest.raises(CallbackFailed) as e:
                await path.call([cb_recall()])
            assert e.value.reason == "timeout"
            assert await ses.flags(v4) == DOWN
            cb.hold.set()  # the client did run it (its late reply is dropped)
            (bound,) = await v4.ok([bind_conn(ses.sessionid, p.CDFC4_BACK_OR_BOTH)])
            assert bound.value.bctsr_dir == p.CDFS4_BOTH
            await wait_until(lambda: path.up, "the new probe's reply")
            assert (await path.call([cb_recall()])).status == S.NFS4_OK
            assert await ses.flags(v4) == 0
            assert seq_args(cb) == [(0, 1), (0, 2)]
            after = scrape(srv)
        finally:
            await rpc.close()
    assert after.value(CALLBACKS, transport="tcp", op="CB_RECALL", result="timeout") == 1


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_callback_larger_than_the_client_takes_is_never_sent(tmp_path: Path,
                                                                   transport: str) -> None:
    async with server(tmp_path) as srv:
        cb = CbService()
        if transport == "tcp":
            rpc = await client(srv, transport, cb)
            limit, back = 1024, p.channel_attrs4(0, 1024, 4096, 0, 2, 2, [])
        else:  # the client's inline receive size bounds reverse calls (RFC 8167 4.2)
            rpc = await client(srv, transport, cb, inline_size=1024)
            limit, back = 1024 - 28, BACK
        try:
            v4 = AV4(rpc)
            ses = await open_session(v4, f"toobig-{transport}".encode(), cb, back=back)
            assert ses.csr.csr_back_chan_attrs.ca_maxrequestsize == limit
            path = path_of(srv, ses.sessionid)
            await wait_until(lambda: path.up, "the probe's reply")
            big = p.nfs_cb_argop4(CB.OP_CB_NOTIFY, p.CB_NOTIFY4args(
                p.stateid4(0, b"\0" * 12), b"\1" * 32, [p.notify4([1], b"x" * limit)]))
            with pytest.raises(CallbackFailed) as e:
                await path.call([big])
            assert e.value.reason == "too_big"
            assert path.up  # nothing was sent, nothing went wrong
            assert (await path.call([cb_recall()])).status == S.NFS4_OK
            assert seq_args(cb) == [(0, 1)]  # the refused call used no sequence id
            after = scrape(srv)
        finally:
            await rpc.close()
    assert after.value(CALLBACKS, op="CB_NOTIFY", result="too_big") == 1
    assert after.value(CALLBACKS, op="CB_NOTIFY", result="ok") == 0


async def test_backchannel_ctl_and_bind_back_only(tmp_path: Path) -> None:
    async with server(tmp_path) as srv:
        cb = CbService(programs=(CB_PROG, CB_PROG + 1))
        rpc = await client(srv, "tcp", cb)
        try:
            v4 = AV4(rpc)
            res = await v4.compound([op(O.OP_EXCHANGE_ID, p.EXCHANGE_ID4args(
                p.client_owner4(b"verifier", b"gss-only"), 0, p.state_protect4_a(p.SP4_NONE, None),
                []))])
            eir = res.resarray[0].value.value
            res = await v4.compound([op(O.OP_CREATE_SESSION, p.CREATE_SESSION4args(
                eir.eir_clientid, eir.eir_sequenceid, 0, BACK, BACK, CB_PROG, [GSS]))])
            assert res.status == S.NFS4ERR_ENCR_ALG_UNSUPP  # as knfsd: no GSS callbacks

            # No back channel asked for: none granted, none reported down.
            ses = await open_session(v4, b"ctl", cb, flags=0)
            assert not ses.csr.csr_flags & p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN
            path = path_of(srv, ses.sessionid)
            assert not path.wanted and await ses.flags(v4) == 0
            (bound,) = await v4.ok([bind_conn(ses.sessionid, p.CDFC4_BACK)])
            assert bound.value.bctsr_dir == p.CDFS4_BACK
            await wait_until(lambda: path.up, "the probe's reply")

            ctl = op(O.OP_BACKCHANNEL_CTL, p.BACKCHANNEL_CTL4args(CB_PROG + 1, [GSS]))
            res = await v4.compound([ses.seq(), ctl])
            assert res.status == S.NFS4ERR_ENCR_ALG_UNSUPP
            ctl = op(O.OP_BACKCHANNEL_CTL, p.BACKCHANNEL_CTL4args(CB_PROG + 1,
                                                                   [GSS, SEC_NONE]))
            await v4.ok([ses.seq(), ctl])
            assert (await path.call([cb_recall()])).status == S.NFS4_OK
            (call,) = cb.of("CB_COMPOUND")
            assert (call.prog, call.flavor) == (CB_PROG + 1, 0)
        finally:
            await rpc.close()


async def test_v40_callback_connection_to_cb_location(tmp_path: Path) -> None:
    async with server(tmp_path) as srv:
        assert srv.nfs4 is not None
        cb = CbService()
        listener = TcpRpcServer(cb.dispatcher, PagePool(4 << 20), "127.0.0.1", 0)
        await listener.start()
        port = listener.port
        rpc = await RpcTcpClient.connect("127.0.0.1", srv.ports["nfs"], timeout=20.0)
        try:
            v4 = AV4(rpc, minor=0)
            addr = f"127.0.0.1.{port >> 8}.{port & 255}".encode()
            (sc,) = await v4.ok([op(O.OP_SETCLIENTID, p.SETCLIENTID4args(
                p.nfs_client_id4(b"verifier", b"v40-cb"),
                p.cb_client4(CB_PROG, p.netaddr4(b"tcp", addr)), 77))])
            ok = sc.resok4
            await v4.ok([op(O.OP_SETCLIENTID_CONFIRM, p.SETCLIENTID_CONFIRM4args(
                ok.clientid, ok.setclientid_confirm))])
            (null,) = await cb.wait_for("CB_NULL")  # on a connection the server opened
            assert null.prog == CB_PROG and null.xprt is not rpc
            path = srv.nfs4.callbacks.by_client[ok.clientid]
            await wait_until(lambda: path.up, "the probe's reply")
            res = await path.call([cb_recall()])
            assert res.status == S.NFS4_OK
            (call,) = cb.of("CB_COMPOUND")
            assert call.args is not None
            assert (call.args.minorversion, call.args.callback_ident) == (0, 77)
            assert [a.tag for a in call.args.argarray] == [CB.OP_CB_RECALL]
        finally:
            await rpc.close()
            await listener.close(grace=1.0)
