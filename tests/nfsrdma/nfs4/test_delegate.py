"""Read delegations between two NFSv4.1 clients over TCP and over RPC-over-RDMA (soft
provider; the recall is a reverse-direction call, RFC 8167), each client serving its back
channel (RFC 8881 10.2, 10.4.6, 18.6, 20.2).

Adds beyond the unit tests of nfs4/state/delegations: OPEN's reply carrying the delegation,
READ with its stateid, CB_RECALL arriving on the holder's own connection when another
client's OPEN conflicts, that OPEN answered DELAY until DELEGRETURN (or until the lease
timer of the running server revokes an unreturned delegation), SEQUENCE's
RECALLABLE_STATE_REVOKED, and the delegation counters on /metrics.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_cb_opnum4 as CB
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs3 import xdr
from nfsrdma.server import Server
from rpc.auth import AuthSys
from rpc.buffer import BytesPayload, XdrReader
from tests.nfsrdma._nfs import PROC, dirop, encode, fh
from tests.nfsrdma.nfs4._cb import AV4, CbService, Session, open_session
from tests.nfsrdma.nfs4._v4 import lookup, op, putfh, putrootfh
from tests.nfsrdma.nlm._nlm import FakeHost, Nlm
from tests.nfsrdma.nlm._nlm import S as NS
from tests.transport.rdma._rdma import Scrape, connect, export_path, server_config, wait_until
from transport.client.tcp import RpcTcpClient

READ, WRITE = p.OPEN4_SHARE_ACCESS_READ, p.OPEN4_SHARE_ACCESS_WRITE
DELEGS = "nfsrdma_nfs4_delegations_total"


@asynccontextmanager
async def server(tmp_path: Path, lease: float = 90.0, delegations: bool = True,
                 peer_rpcbind_port: int = 111) -> AsyncIterator[Server]:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "f").write_bytes(b"delegated bytes")
    cfg = server_config(tmp_path, metrics=True)
    cfg.lease_time = lease
    cfg.delegations = delegations
    cfg.peer_rpcbind_port = peer_rpcbind_port
    srv = Server(cfg)
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop(grace=2.0)


class Client:
    """One 4.1 client: its connection, session and callback service."""

    def __init__(self, rpc: Any, v4: AV4, ses: Session, cb: CbService, root: list[Any]):
        self.rpc, self.v4, self.ses, self.cb, self.root = rpc, v4, ses, cb, root

    @classmethod
    async def connect(cls, srv: Server, name: bytes, transport: str = "tcp") -> Client:
        cb = CbService()
        if transport == "tcp":
            rpc = await RpcTcpClient.connect("127.0.0.1", srv.ports["nfs"], timeout=20.0,
                                             callback=cb.dispatcher)
        else:
            rpc = await connect(srv, callback=cb.dispatcher)
        v4 = AV4(rpc)
        ses = await open_session(v4, name, cb)
        await v4.ok([ses.seq(), op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
        root = [putrootfh(), *(lookup(c) for c in export_path(srv).split(b"/") if c)]
        self = cls(rpc, v4, ses, cb, root)
        assert srv.nfs4 is not None
        path = srv.nfs4.sessions.get(ses.sessionid).cb
        await wait_until(lambda: path.up, "the back channel's probe")
        return self

    async def open(self, access: int, owner: bytes = b"o", name: bytes = b"f"
                   ) -> p.COMPOUND4res:
        return await self.v4.compound([self.ses.seq(), *self.root, op(O.OP_OPEN, p.OPEN4args(
            0, access, 0, p.state_owner4(self.ses.clientid, owner),
            p.openflag4(p.OPEN4_NOCREATE), p.open_claim4(p.CLAIM_NULL, name))),
            op(O.OP_GETFH)])

    async def delegreturn(self, fh: bytes, sid: p.stateid4) -> p.COMPOUND4res:
        return await self.v4.compound([self.ses.seq(), putfh(fh), op(
            O.OP_DELEGRETURN, p.DELEGRETURN4args(sid))])

    async def close(self) -> None:
        await self.rpc.close()


def opened(res: p.COMPOUND4res) -> tuple[p.OPEN4resok, bytes]:
    assert res.status == S.NFS4_OK, S(res.status).name
    return res.resarray[-2].value.resok4, bytes(res.resarray[-1].value.resok4.object)


@pytest.mark.parametrize("transport", ["tcp", "rdma"])
async def test_conflicting_open_recalls_then_proceeds_after_delegreturn(tmp_path: Path,
                                                                        transport: str) -> None:
    async with server(tmp_path) as srv:
        a = await Client.connect(srv, b"deleg-a", transport)
        b = await Client.connect(srv, b"deleg-b", transport)
        try:
            ok, fh = opened(await a.open(READ))
            deleg = ok.delegation
            assert deleg.tag == p.OPEN_DELEGATE_READ
            dsid = deleg.value.stateid
            # The delegation's stateid reads the file.
            res = await a.v4.ok([a.ses.seq(), putfh(fh), op(O.OP_READ, p.READ4args(
                dsid, 0, 100))])
            assert bytes(res[-1].resok4.data.views()[0]) == b"delegated bytes"
            # Another reader shares the file: no recall, and it gets its own delegation.
            ok_b, _ = opened(await b.open(READ, b"reader"))
            assert ok_b.delegation.tag == p.OPEN_DELEGATE_READ
            assert (await b.delegreturn(fh, ok_b.delegation.value.stateid)).status == \
                S.NFS4_OK

            # A writer: DELAY while A holds its delegation, and A is called back.
            assert (await b.open(WRITE)).status == S.NFS4ERR_DELAY
            (call,) = await a.cb.wait_for("CB_COMPOUND")
            assert call.xprt is a.rpc and call.args is not None
            recall = call.args.argarray[1]
            assert recall.tag == CB.OP_CB_RECALL
            assert (recall.value.stateid.seqid, bytes(recall.value.stateid.other)) == (
                dsid.seqid, bytes(dsid.other))
            assert bytes(recall.value.fh) == fh
            assert (await b.open(WRITE)).status == S.NFS4ERR_DELAY  # still held
            assert len(a.cb.of("CB_COMPOUND")) == 1  # recalled once

            assert (await a.delegreturn(fh, dsid)).status == S.NFS4_OK
            ok_w, _ = opened(await b.open(WRITE))
            assert ok_w.delegation.tag == p.OPEN_DELEGATE_NONE  # a writer gets none
            res = await a.delegreturn(fh, dsid)
            assert res.status == S.NFS4ERR_BAD_STATEID  # returned already
            after = Scrape.from_port(srv.ports["metrics"])
        finally:
            await a.close()
            await b.close()
    assert after.value(DELEGS, event="granted") == 2
    assert after.value(DELEGS, event="recalled") == 1
    assert after.value(DELEGS, event="returned") == 2
    assert after.value("nfsrdma_nfs4_callbacks_total", op="CB_RECALL", result="ok",
                       transport=transport) == 1


async def test_unreturned_delegation_is_revoked_after_the_lease(tmp_path: Path) -> None:
    lease = 2.0
    async with server(tmp_path, lease) as srv:
        a = await Client.connect(srv, b"holder")
        b = await Client.connect(srv, b"writer")
        try:
            ok, fh = opened(await a.open(READ))
            dsid = ok.delegation.value.stateid
            # A answers CB_RECALL but never returns the delegation; it keeps its lease.
            res = await b.open(WRITE)
            async with asyncio.timeout(20):  # bounds a hang only; revocation takes a lease
                while res.status == S.NFS4ERR_DELAY:
                    await a.ses.flags(a.v4)
                    await asyncio.sleep(0.1)
                    res = await b.open(WRITE)
            opened(res)  # the lease timer revoked A's delegation: B is served
            assert len(a.cb.of("CB_COMPOUND")) == 1
            assert await a.ses.flags(a.v4) == p.SEQ4_STATUS_RECALLABLE_STATE_REVOKED
            assert (await a.delegreturn(fh, dsid)).status == S.NFS4ERR_DELEG_REVOKED
            free = op(O.OP_FREE_STATEID, p.FREE_STATEID4args(dsid))
            await a.v4.ok([a.ses.seq(), free])
            assert await a.ses.flags(a.v4) == 0
            after = Scrape.from_port(srv.ports["metrics"])
        finally:
            await a.close()
            await b.close()
    assert after.value(DELEGS, event="revoked") == 1


BOTH = p.OPEN4_SHARE_ACCESS_BOTH
CHANGE_SIZE = [1 << p.FATTR4_CHANGE | 1 << p.FATTR4_SIZE]


async def change_size(c: Client, fh: bytes) -> tuple[int, tuple[int, int] | None]:
    """GETATTR(change, size) of `fh` by `c`: (status, (change, size) or None)."""
    res = await c.v4.compound([c.ses.seq(), putfh(fh), op(O.OP_GETATTR,
                                                           p.GETATTR4args(CHANGE_SIZE))])
    if res.status != S.NFS4_OK:
        return res.status, None
    vals = bytes(res.resarray[-1].value.resok4.obj_attributes.attr_vals)
    return res.status, struct.unpack(">QQ", vals)


@pytest.mark.parametrize("transport", ["tcp", "rdma"])
async def test_write_delegation_cb_getattr_then_recall(tmp_path: Path, transport: str) -> None:
    async with server(tmp_path) as srv:
        a = await Client.connect(srv, b"writer-a", transport)
        b = await Client.connect(srv, b"other-b", transport)
        try:
            # The sole user opening for read and write gets a write delegation.
            ok, fh = opened(await a.open(BOTH))
            assert ok.delegation.tag == p.OPEN_DELEGATE_WRITE
            dsid = ok.delegation.value.stateid
            # Its stateid writes the file (RFC 8881 9.1.3).
            await a.v4.ok([a.ses.seq(), putfh(fh), op(O.OP_WRITE, p.WRITE4args(
                dsid, 0, p.FILE_SYNC4, BytesPayload(b"DELEGATED")))])
            _, own = await change_size(a, fh)  # the holder's GETATTR: no callback
            assert own is not None and own[1] == len(b"delegated bytes")
            assert a.cb.of("CB_COMPOUND") == []

            # Another client's GETATTR of size and change asks the holder (CB_GETATTR).
            a.cb.cb_attrs = own
            assert await change_size(b, fh) == (S.NFS4_OK, own)  # nothing changed
            (call,) = a.cb.of("CB_COMPOUND")
            assert call.xprt is a.rpc and call.args is not None
            cbg = call.args.argarray[1]
            assert cbg.tag == CB.OP_CB_GETATTR and bytes(cbg.value.fh) == fh
            # The holder has 4 KiB cached that the server has not seen: B sees its size and
            # a change attribute that moved.
            a.cb.cb_attrs = (own[0] + 7, 4096)
            _, seen = await change_size(b, fh)
            assert seen is not None and seen[1] == 4096 and seen[0] > own[0]
            assert await change_size(b, fh) == (S.NFS4_OK, seen)  # asked again: stable

            # Even a reader's OPEN conflicts with a write delegation: recalled, DELAY.
            assert (await b.open(READ, b"reader")).status == S.NFS4ERR_DELAY
            await a.cb.wait_for("CB_COMPOUND", 4)
            assert a.cb.of("CB_COMPOUND")[-1].args.argarray[1].tag == CB.OP_CB_RECALL
            assert (await a.delegreturn(fh, dsid)).status == S.NFS4_OK
            ok_b, _ = opened(await b.open(READ, b"reader"))
            # A file just recalled is not delegated again at once (knfsd blocks it too).
            assert ok_b.delegation.tag == p.OPEN_DELEGATE_NONE
            after = Scrape.from_port(srv.ports["metrics"])
        finally:
            await a.close()
            await b.close()
    assert (tmp_path / "export" / "f").read_bytes() == b"DELEGATED bytes"
    assert after.value("nfsrdma_nfs4_callbacks_total", op="CB_GETATTR", result="ok",
                       transport=transport) == 3
    assert after.value(DELEGS, event="granted") == 1
    assert after.value(DELEGS, event="returned") == 1


async def test_cb_getattr_unanswered_recalls_and_delays(tmp_path: Path) -> None:
    async with server(tmp_path) as srv:
        a = await Client.connect(srv, b"mute-a")
        b = await Client.connect(srv, b"asker-b")
        try:
            ok, fh = opened(await a.open(BOTH))
            dsid = ok.delegation.value.stateid
            # A answers CB_GETATTR with an error (cb_attrs unset: OP_ILLEGAL): B is told
            # to try later and A's delegation is recalled.
            assert await change_size(b, fh) == (S.NFS4ERR_DELAY, None)
            calls = await a.cb.wait_for("CB_COMPOUND", 2)
            assert [c.args.argarray[1].tag for c in calls if c.args is not None] == [
                CB.OP_CB_GETATTR, CB.OP_CB_RECALL]
            assert (await a.delegreturn(fh, dsid)).status == S.NFS4_OK
            status, seen = await change_size(b, fh)
            assert status == S.NFS4_OK and seen is not None and seen[1] == 15
        finally:
            await a.close()
            await b.close()


JUKEBOX = 10008  # NFS3ERR_JUKEBOX


async def v3(rpc: Any, name: str, args: Any) -> int:
    """One NFSv3 call over `rpc`; its status."""
    rep = await rpc.call(100003, 3, PROC[name], encode(getattr(xdr, name + "3args"), args),
                         AuthSys(0, 0))
    try:
        res = getattr(xdr, name + "3res").decode(XdrReader(memoryview(rep.tobytes())))
    finally:
        rep.release()
    return int(res.tag)


def recalled(c: Client, n: int) -> bool:
    calls = c.cb.of("CB_COMPOUND")
    return len(calls) == n and calls[-1].args is not None and \
        calls[-1].args.argarray[1].tag == CB.OP_CB_RECALL


@pytest.mark.parametrize("transport", ["tcp", "rdma"])
async def test_v3_and_other_v4_changes_recall_delegations(tmp_path: Path, transport: str
                                                          ) -> None:
    async with server(tmp_path) as srv:
        for name in ("g", "h"):
            (tmp_path / "export" / name).write_bytes(b"%s bytes" % name.encode())
        a = await Client.connect(srv, b"v4-holder", transport)
        b = await Client.connect(srv, b"v4-other", transport)
        rpc3 = await (RpcTcpClient.connect("127.0.0.1", srv.ports["nfs"], timeout=20.0)
                      if transport == "tcp" else connect(srv))
        try:
            root = bytes((await a.v4.ok([a.ses.seq(), *a.root, op(O.OP_GETFH)]))[-1]
                         .resok4.object)
            ok, f = opened(await a.open(READ))
            assert ok.delegation.tag == p.OPEN_DELEGATE_READ
            write = xdr.WRITE3args.cls(fh(f), 0, 3, 2, BytesPayload(b"v3!"))
            # Reading shares a read delegation; writing recalls it: JUKEBOX until returned.
            assert await v3(rpc3, "READ", xdr.READ3args.cls(fh(f), 0, 10)) == 0
            assert await v3(rpc3, "WRITE", write) == JUKEBOX
            await a.cb.wait_for("CB_COMPOUND")
            assert recalled(a, 1)
            assert await v3(rpc3, "WRITE", write) == JUKEBOX  # still held, recalled once
            assert (await a.delegreturn(f, ok.delegation.value.stateid)).status == S.NFS4_OK
            assert await v3(rpc3, "WRITE", write) == 0
            assert (tmp_path / "export" / "f").read_bytes() == b"v3!egated bytes"

            # A write delegation: even a v3 READ recalls it (the holder may cache writes).
            ok, g = opened(await a.open(BOTH, b"og", b"g"))
            assert ok.delegation.tag == p.OPEN_DELEGATE_WRITE
            assert await v3(rpc3, "READ", xdr.READ3args.cls(fh(g), 0, 10)) == JUKEBOX
            await a.cb.wait_for("CB_COMPOUND", 2)
            assert recalled(a, 2)
            assert (await a.delegreturn(g, ok.delegation.value.stateid)).status == S.NFS4_OK
            assert await v3(rpc3, "READ", xdr.READ3args.cls(fh(g), 0, 10)) == 0

            # REMOVE of a delegated name recalls; so does another v4 client's SETATTR.
            ok, h = opened(await a.open(READ, b"oh", b"h"))
            hsid = ok.delegation.value.stateid
            mode = p.fattr4([0, 1 << (p.FATTR4_MODE - 32)], struct.pack(">I", 0o600))
            setattr_ = op(O.OP_SETATTR, p.SETATTR4args(p.stateid4(0, b"\0" * 12), mode))
            res = await b.v4.compound([b.ses.seq(), putfh(h), setattr_])
            assert res.status == S.NFS4ERR_DELAY
            await a.cb.wait_for("CB_COMPOUND", 3)
            assert recalled(a, 3)
            assert await v3(rpc3, "REMOVE", xdr.REMOVE3args.cls(dirop(root, b"h"))) == JUKEBOX
            # The holder's own SETATTR does not conflict with its delegation.
            await a.v4.ok([a.ses.seq(), putfh(h), setattr_])
            assert (await a.delegreturn(h, hsid)).status == S.NFS4_OK
            assert await v3(rpc3, "REMOVE", xdr.REMOVE3args.cls(dirop(root, b"h"))) == 0
            after = Scrape.from_port(srv.ports["metrics"])
        finally:
            await rpc3.close()
            await a.close()
            await b.close()
    assert after.value(DELEGS, event="recalled") == 3
    assert after.value("nfsrdma_nfs4_callbacks_total", op="CB_RECALL", result="ok",
                       transport=transport) == 3


async def test_open_claim_deleg_cur_under_the_holders_delegation(tmp_path: Path) -> None:
    async with server(tmp_path) as srv:
        a = await Client.connect(srv, b"claimer-a")
        b = await Client.connect(srv, b"claimer-b")
        try:
            ok, f = opened(await a.open(READ))
            dsid = ok.delegation.value.stateid

            def claim(c: Client, sid: p.stateid4, owner: bytes) -> p.nfs_argop4:
                return op(O.OP_OPEN, p.OPEN4args(
                    0, READ, 0, p.state_owner4(c.ses.clientid, owner),
                    p.openflag4(p.OPEN4_NOCREATE), p.open_claim4(p.CLAIM_DELEG_CUR_FH, sid)))

            assert (await b.open(WRITE)).status == S.NFS4ERR_DELAY  # recalls A's
            await a.cb.wait_for("CB_COMPOUND")
            # Before returning it, A tells the server of an open it made locally (RFC 8881
            # 10.2.1, 18.16.3): granted, with no new delegation.
            res = await a.v4.compound([a.ses.seq(), putfh(f), claim(a, dsid, b"local")])
            assert res.status == S.NFS4_OK
            assert res.resarray[-1].value.resok4.delegation.tag == p.OPEN_DELEGATE_NONE
            # Another client cannot claim under A's delegation, nor under none at all.
            res = await b.v4.compound([b.ses.seq(), putfh(f), claim(b, dsid, b"thief")])
            assert res.status == S.NFS4ERR_BAD_STATEID
            # The previous-boot claim is not offered (no delegations in stable storage).
            prev = op(O.OP_OPEN, p.OPEN4args(0, READ, 0, p.state_owner4(0, b"p"),
                                             p.openflag4(p.OPEN4_NOCREATE),
                                             p.open_claim4(p.CLAIM_DELEG_PREV_FH, None)))
            res = await a.v4.compound([a.ses.seq(), putfh(f), prev])
            assert res.status == S.NFS4ERR_NOTSUPP
            assert (await a.delegreturn(f, dsid)).status == S.NFS4_OK
            # Returned: the stateid claims nothing any more.
            res = await a.v4.compound([a.ses.seq(), putfh(f), claim(a, dsid, b"late")])
            assert res.status == S.NFS4ERR_BAD_STATEID
        finally:
            await a.close()
            await b.close()


async def test_no_delegations_grants_none(tmp_path: Path) -> None:
    async with server(tmp_path, delegations=False) as srv:
        a = await Client.connect(srv, b"plain-a")
        try:
            for access in (READ, BOTH):
                ok, _ = opened(await a.open(access, b"o%d" % access))
                assert ok.delegation.tag == p.OPEN_DELEGATE_NONE
            assert not srv.delegations.outstanding
        finally:
            await a.close()


@pytest.mark.parametrize("transport", ["tcp", "rdma"])
async def test_nlm_lock_recalls_delegation(tmp_path: Path, transport: str) -> None:
    async with FakeHost().serve() as host, server(tmp_path, peer_rpcbind_port=host.port) as srv:
        a = await Client.connect(srv, b"v4-reader", transport)
        nlm = await Nlm.connect(srv.ports["nfs"], b"v3-locker")
        try:
            ok, f = opened(await a.open(READ))
            dsid = ok.delegation.value.stateid
            # A shared lock leaves a read delegation alone; an exclusive one recalls it and
            # is told to retry (lockd's "grace period" answer, which the client retries).
            assert await nlm.lock(f, 1, 0, 10, exclusive=False) == NS.NLM4_GRANTED
            assert await nlm.unlock(f, 1, 0, 10) == NS.NLM4_GRANTED
            assert await nlm.lock(f, 2, 0, 10) == NS.NLM4_DENIED_GRACE_PERIOD
            await a.cb.wait_for("CB_COMPOUND")
            assert recalled(a, 1)
            assert (await a.delegreturn(f, dsid)).status == S.NFS4_OK
            assert await nlm.lock(f, 2, 0, 10) == NS.NLM4_GRANTED
        finally:
            await nlm.close()
            await a.close()
