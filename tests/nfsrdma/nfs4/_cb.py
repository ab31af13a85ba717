"""An NFSv4 client that serves its back channel, for the callback tests (TCP and RDMA).

`CbService` is the client's callback program (RFC 8881 20, RFC 7530 15) as a
`rpc.dispatch.Dispatcher`: CB_NULL is answered and recorded; CB_COMPOUND checks CB_SEQUENCE
as a replier does (RFC 8881 2.10.6.1 / 20.9: BADSESSION, BADSLOT, the cached reply of a
retry, SEQ_MISORDERED) and answers CB_RECALL / CB_NOTIFY with NFS4_OK, CB_GETATTR with
``cb_attrs`` (change and size).  Every
call is recorded (`CbCall`) with its credential, so a test asserts what reached the client.
``hold`` (an asyncio.Event, set by default) delays answers: clear it and a callback waits
(the server's call times out).  Give `dispatcher` to `RpcTcpClient.connect(callback=)` or
`RpcRdmaClient.connect(callback=)`, or serve it with a `TcpRpcServer` (4.0's callback
address).

`AV4` is the asynchronous twin of `_v4.V4`: COMPOUNDs over any `rpc.xprt.Xprt` client
(`RpcTcpClient`, `RpcRdmaClient`), which keeps serving the back channel meanwhile.
"""

from __future__ import annotations

import asyncio
import struct
from dataclasses import dataclass, field
from typing import Any

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_cb_opnum4 as CB
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from rpc.auth import ANY_FLAVOR, AuthSys
from rpc.buffer import XdrReader
from rpc.dispatch import CallContext, Dispatcher, Procedure, Program, Version
from rpc.xdr import Void
from tests.nfsrdma._nfs import encode
from tests.nfsrdma.nfs4._v4 import op

__all__ = ["AV4", "CB_PROG", "CbCall", "CbService", "Session", "cb_recall", "sec_sys"]

CB_PROG = 0x40000000
ROOT = AuthSys(0, 0)
FORE = p.channel_attrs4(0, 1 << 20, 1 << 20, 8192, 16, 8, [])
BACK = p.channel_attrs4(0, 4096, 4096, 0, 2, 2, [])


def sec_sys(uid: int = 1234, gid: int = 4321, name: bytes = b"cb-client") -> p.callback_sec_parms4:
    return p.callback_sec_parms4(1, p.authsys_parms(7, name, uid, gid, [gid]))


SEC_NONE = p.callback_sec_parms4(0, None)


def cb_recall(fh: bytes = b"\1" * 32, truncate: bool = False) -> p.nfs_cb_argop4:
    return p.nfs_cb_argop4(CB.OP_CB_RECALL, p.CB_RECALL4args(
        p.stateid4(1, b"\2" * 12), truncate, fh))


@dataclass
class CbCall:
    """One call the client received: procedure, credential, CB_COMPOUND arguments."""

    proc: str
    flavor: int
    cred: Any
    xprt: Any
    prog: int
    args: p.CB_COMPOUND4args | None = None


@dataclass
class _Slot:
    seqid: int = 0
    reply: p.CB_COMPOUND4res | None = None


@dataclass
class CbService:
    """The client's callback program; `sessionid` set once the session exists (4.1)."""

    nslots: int = 2
    sessionid: bytes = b""
    calls: list[CbCall] = field(default_factory=list)
    hold: asyncio.Event = field(default_factory=asyncio.Event)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    programs: tuple[int, ...] = (CB_PROG,)
    slots: list[_Slot] = field(default_factory=list)
    #: what CB_GETATTR answers: (change, size) of the file as the client knows it.
    cb_attrs: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        self.hold.set()
        self.slots = [_Slot() for _ in range(self.nslots)]

    @property
    def dispatcher(self) -> Dispatcher:
        d = Dispatcher()
        for prog in self.programs:
            d.register(Program(prog, [Version(1, {
                p.CB_NULL: Procedure("CB_NULL", Void, Void, self._null, auth_flavors=ANY_FLAVOR),
                p.CB_COMPOUND: Procedure("CB_COMPOUND", p.CB_COMPOUND4args_xdr,
                                         p.CB_COMPOUND4res_xdr, self._compound,
                                         auth_flavors=ANY_FLAVOR),
            })], "nfs4-cb"))
        return d

    def of(self, proc: str) -> list[CbCall]:
        return [c for c in self.calls if c.proc == proc]

    async def wait_for(self, proc: str, n: int = 1, limit: float = 20.0) -> list[CbCall]:
        """Wait until `n` calls of `proc` arrived (`limit` only bounds a hang)."""
        async with asyncio.timeout(limit):
            while len(self.of(proc)) < n:
                self.arrived.clear()
                await self.arrived.wait()
        return self.of(proc)

    def _record(self, ctx: CallContext, proc: str, args: Any = None) -> None:
        self.calls.append(CbCall(proc, ctx.flavor, ctx.cred, ctx.xprt, ctx.prog, args))
        self.arrived.set()

    async def _null(self, ctx: CallContext, args: Any) -> None:
        self._record(ctx, "CB_NULL")
        await self.hold.wait()

    async def _compound(self, ctx: CallContext, args: p.CB_COMPOUND4args) -> p.CB_COMPOUND4res:
        self._record(ctx, "CB_COMPOUND", args)
        await self.hold.wait()
        res: list[p.nfs_cb_resop4] = []
        status = S.NFS4_OK
        for i, a in enumerate(args.argarray):
            if a.tag == CB.OP_CB_SEQUENCE:
                if i != 0:
                    r: Any = p.CB_SEQUENCE4res(S.NFS4ERR_SEQUENCE_POS)
                else:
                    cached, r = self._sequence(a.value)
                    if cached is not None:
                        return cached
            elif a.tag == CB.OP_CB_RECALL:
                r = p.CB_RECALL4res(S.NFS4_OK)
            elif a.tag == CB.OP_CB_NOTIFY:
                r = p.CB_NOTIFY4res(S.NFS4_OK)
            elif a.tag == CB.OP_CB_GETATTR and self.cb_attrs is not None:
                change, size = self.cb_attrs
                r = p.CB_GETATTR4res(S.NFS4_OK, p.CB_GETATTR4resok(p.fattr4(
                    [1 << p.FATTR4_CHANGE | 1 << p.FATTR4_SIZE],
                    struct.pack(">QQ", change, size))))
            else:
                r = p.CB_ILLEGAL4res(S.NFS4ERR_OP_ILLEGAL)
            res.append(p.nfs_cb_resop4(a.tag, r))
            status = r.tag if isinstance(r, p.CB_SEQUENCE4res) else getattr(r, "status", 0)
            if status != S.NFS4_OK:
                break
        out = p.CB_COMPOUND4res(status, args.tag, res)
        if args.argarray and args.argarray[0].tag == CB.OP_CB_SEQUENCE and status != \
                S.NFS4ERR_SEQ_MISORDERED:
            seq = args.argarray[0].value
            if seq.csa_slotid < len(self.slots) and bytes(seq.csa_sessionid) == self.sessionid:
                self.slots[seq.csa_slotid].reply = out
        return out

    def _sequence(self, a: p.CB_SEQUENCE4args) -> tuple[p.CB_COMPOUND4res | None, Any]:
        """The replier's slot rules (RFC 8881 2.10.6.1)."""
        if bytes(a.csa_sessionid) != self.sessionid:
            return None, p.CB_SEQUENCE4res(S.NFS4ERR_BADSESSION)
        if a.csa_slotid >= len(self.slots):
            return None, p.CB_SEQUENCE4res(S.NFS4ERR_BADSLOT)
        slot = self.slots[a.csa_slotid]
        if a.csa_sequenceid == slot.seqid and slot.reply is not None:
            return slot.reply, None
        if a.csa_sequenceid != slot.seqid + 1:
            return None, p.CB_SEQUENCE4res(S.NFS4ERR_SEQ_MISORDERED)
        slot.seqid = a.csa_sequenceid
        slot.reply = None
        top = len(self.slots) - 1
        return None, p.CB_SEQUENCE4res(S.NFS4_OK, p.CB_SEQUENCE4resok(
            a.csa_sessionid, a.csa_sequenceid, a.csa_slotid, top, top))


class AV4:
    """COMPOUNDs of one minor version over an `rpc.xprt.Xprt` client."""

    def __init__(self, rpc: Any, minor: int = 1, cred: AuthSys | None = ROOT) -> None:
        self.rpc = rpc
        self.minor = minor
        self.cred = cred

    async def compound(self, ops: list[p.nfs_argop4]) -> p.COMPOUND4res:
        args = encode(p.COMPOUND4args_xdr, p.COMPOUND4args(b"", self.minor, ops))
        rep = await self.rpc.call(100003, 4, 1, args, self.cred)
        try:
            return p.COMPOUND4res_xdr.decode(XdrReader(memoryview(rep.tobytes())))  # type: ignore[no-any-return]
        finally:
            rep.release()

    async def ok(self, ops: list[p.nfs_argop4]) -> list[Any]:
        res = await self.compound(ops)
        assert res.status == S.NFS4_OK, (S(res.status).name,
                                         [O(r.tag).name for r in res.resarray])
        return [r.value for r in res.resarray]


@dataclass
class Session:
    """A 4.1 session made by `open_session`; `seq()` is the next SEQUENCE op on slot 0."""

    clientid: int
    sessionid: bytes
    csr: p.CREATE_SESSION4resok
    seqid: int = 0

    def seq(self) -> p.nfs_argop4:
        self.seqid += 1
        return op(O.OP_SEQUENCE, p.SEQUENCE4args(self.sessionid, self.seqid, 0, 0, False))

    async def flags(self, v4: AV4) -> int:
        """SEQUENCE alone; its sr_status_flags."""
        (seq,) = await v4.ok([self.seq()])
        return int(seq.value.sr_status_flags)


async def open_session(v4: AV4, owner: bytes, cb: CbService, *,
                       sec: list[p.callback_sec_parms4] | None = None,
                       back: p.channel_attrs4 = BACK,
                       flags: int = p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN) -> Session:
    """EXCHANGE_ID + CREATE_SESSION (asking for the back channel on this connection)."""
    (eir,) = await v4.ok([op(O.OP_EXCHANGE_ID, p.EXCHANGE_ID4args(
        p.client_owner4(b"verifier", owner), 0, p.state_protect4_a(p.SP4_NONE, None), []))])
    eir = eir.value
    (csr,) = await v4.ok([op(O.OP_CREATE_SESSION, p.CREATE_SESSION4args(
        eir.eir_clientid, eir.eir_sequenceid, flags, FORE, back, CB_PROG,
        sec if sec is not None else [sec_sys()]))])
    csr = csr.value
    cb.sessionid = bytes(csr.csr_sessionid)
    return Session(eir.eir_clientid, bytes(csr.csr_sessionid), csr)


def bind_conn(sessionid: bytes, how: int) -> p.nfs_argop4:
    return op(O.OP_BIND_CONN_TO_SESSION, p.BIND_CONN_TO_SESSION4args(sessionid, how, False))
