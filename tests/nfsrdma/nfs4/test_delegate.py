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
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_cb_opnum4 as CB
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.server import Server
from tests.nfsrdma.nfs4._cb import AV4, CbService, Session, open_session
from tests.nfsrdma.nfs4._v4 import lookup, op, putfh, putrootfh
from tests.transport.rdma._rdma import Scrape, connect, export_path, server_config, wait_until
from transport.client.tcp import RpcTcpClient

READ, WRITE = p.OPEN4_SHARE_ACCESS_READ, p.OPEN4_SHARE_ACCESS_WRITE
DELEGS = "nfsrdma_nfs4_delegations_total"


@asynccontextmanager
async def server(tmp_path: Path, lease: float = 90.0) -> AsyncIterator[Server]:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "f").write_bytes(b"delegated bytes")
    cfg = server_config(tmp_path, metrics=True)
    cfg.lease_time = lease
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

    async def open(self, access: int, owner: bytes = b"o") -> p.COMPOUND4res:
        return await self.v4.compound([self.ses.seq(), *self.root, op(O.OP_OPEN, p.OPEN4args(
            0, access, 0, p.state_owner4(self.ses.clientid, owner),
            p.openflag4(p.OPEN4_NOCREATE), p.open_claim4(p.CLAIM_NULL, b"f"))),
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
