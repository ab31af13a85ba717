"""nfs4/callback without a network: universal addresses, the credential the client asked
for, the requester's back-channel slot table, the path-down flags, the size rule and the
failure rules of a path over a scripted `Xprt` (RFC 8881 18.36, 18.46.3, 20.9; RFC 5665).
test_backchannel runs the same against a client on real transports."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_cb_opnum4 as CB
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.callback import (
    CallbackFailed,
    Callbacks,
    CbSlots,
    PathState,
    SessionCallback,
    can_call_back,
    choose_cred,
    parse_uaddr,
    path_down_flags,
)
from nfsrdma.nfs4.errors import Nfs4Error
from rpc.buffer import XdrReader
from rpc.client import Reply
from rpc.errors import RpcTimeout
from tests.nfsrdma._nfs import encode

SID = b"s" * 16
BACK = p.channel_attrs4(0, 1024, 4096, 0, 2, 2, [])
DOWN_FLAGS = p.SEQ4_STATUS_CB_PATH_DOWN | p.SEQ4_STATUS_CB_PATH_DOWN_SESSION


@pytest.mark.parametrize(("netid", "uaddr", "want"), [
    (b"tcp", b"192.0.2.7.3.232", ("192.0.2.7", 1000)),
    (b"tcp6", b"2001:db8::1.0.111", ("2001:db8::1", 111)),
    (b"tcp6", b"::1.255.255", ("::1", 65535)),
])
def test_parse_uaddr(netid: bytes, uaddr: bytes, want: tuple[str, int]) -> None:
    assert parse_uaddr(netid, uaddr) == want


@pytest.mark.parametrize(("netid", "uaddr"), [
    (b"udp", b"192.0.2.7.3.232"), (b"rdma", b"192.0.2.7.3.232"), (b"tcp", b""),
    (b"tcp", b"192.0.2.7.3"), (b"tcp", b"192.0.2.7.256.1"), (b"tcp", b"192.0.2.7.0.0"),
    (b"tcp", b"host.example.0.1"), (b"tcp6", b"192.0.2.7.0.1"), (b"tcp", b"1.2.3.4.x.1"),
])
def test_parse_uaddr_rejects(netid: bytes, uaddr: bytes) -> None:
    with pytest.raises(ValueError):
        parse_uaddr(netid, uaddr)


def test_choose_cred_first_usable_flavor() -> None:
    sys_ = p.callback_sec_parms4(1, p.authsys_parms(3, b"client", 10, 20, [20, 30]))
    gss = p.callback_sec_parms4(6, p.gss_cb_handles4(1, b"a", b"b"))
    cred = choose_cred([gss, sys_, p.callback_sec_parms4(0)])
    assert cred is not None
    assert (cred.uid, cred.gid, cred.gids, cred.machinename) == (10, 20, (20, 30), b"client")
    assert choose_cred([p.callback_sec_parms4(0), sys_]) is None  # AUTH_NONE asked first
    assert choose_cred([]) is None
    with pytest.raises(Nfs4Error) as e:
        choose_cred([gss])
    assert e.value.status == S.NFS4ERR_ENCR_ALG_UNSUPP


async def test_slots_wait_when_all_busy_and_honour_target() -> None:
    slots = CbSlots(2)
    a, b = await slots.acquire(), await slots.acquire()
    assert (a, b, slots.highest()) == (0, 1, 1)
    third = asyncio.ensure_future(slots.acquire())
    await asyncio.sleep(0)
    assert not third.done()
    slots.release(1)
    assert await third == 1
    slots.release(0)
    slots.release(1)
    slots.target = 0  # the client lowered csr_target_highest_slotid
    assert await slots.acquire() == 0
    fourth = asyncio.ensure_future(slots.acquire())
    await asyncio.sleep(0)
    assert not fourth.done()  # slot 1 is free but above the target
    slots.release(0)
    assert await fourth == 0


class FakeXprt:
    """A scripted connection: `replies` answers each call in turn (bytes of results,
    an exception to raise, or None to hang until cancelled)."""

    name = "fake"
    peer = ("192.0.2.1", 1)

    def __init__(self, *replies: Any, max_call_size: int | None = None) -> None:
        self.replies = list(replies)
        self.sent: list[tuple[int, int, int, bytes, Any]] = []
        self.closed = False
        self._close: list[Any] = []
        if max_call_size is not None:
            self.max_call_size = max_call_size

    async def call(self, prog: int, vers: int, proc: int, args: Any = b"", cred: Any = None,
                   *, timeout: float | None = None) -> Reply:
        self.sent.append((prog, vers, proc, bytes(args), cred))
        r = self.replies.pop(0)
        if isinstance(r, BaseException):
            raise r
        return Reply(0, memoryview(r))

    def on_close(self, cb: Any) -> None:
        self._close.append(cb)

    def close(self) -> None:
        self.closed = True
        for cb in self._close:
            cb(self)


def cb_reply(status: int, slot: int = 0, seqid: int = 1, target: int = 1,
             sid: bytes = SID) -> bytes:
    seq = p.CB_SEQUENCE4res(status, p.CB_SEQUENCE4resok(sid, seqid, slot, 1, target)
                            if status == S.NFS4_OK else None)
    res = [p.nfs_cb_resop4(CB.OP_CB_SEQUENCE, seq)]
    if status == S.NFS4_OK:
        res.append(p.nfs_cb_resop4(CB.OP_CB_RECALL, p.CB_RECALL4res(S.NFS4_OK)))
    return encode(p.CB_COMPOUND4res_xdr, p.CB_COMPOUND4res(status, b"", res))


def recall() -> p.nfs_cb_argop4:
    return p.nfs_cb_argop4(CB.OP_CB_RECALL, p.CB_RECALL4args(p.stateid4(1, b"\0" * 12),
                                                             False, b"\1" * 16))


def sent_seq(x: FakeXprt, i: int) -> tuple[int, int]:
    args = p.CB_COMPOUND4args_xdr.decode(XdrReader(memoryview(x.sent[i][3])))
    s = args.argarray[0].value
    return s.csa_slotid, s.csa_sequenceid


def session_path(x: FakeXprt) -> SessionCallback:
    path = Callbacks(30).for_session(SID, 1, BACK, 0x40000000, None)
    path.bind(x)
    return path


async def test_probe_then_sequence_ids_advance_only_when_accepted() -> None:
    x = FakeXprt(b"", cb_reply(S.NFS4_OK, seqid=1), cb_reply(S.NFS4ERR_DELAY),
                 cb_reply(S.NFS4_OK, seqid=2))
    path = session_path(x)
    assert path.state is PathState.PROBING and not path.down
    await asyncio.sleep(0)
    assert path.up and x.sent[0][2] == p.CB_NULL
    assert (await path.call([recall()])).status == S.NFS4_OK
    res = await path.call([recall()])  # CB_SEQUENCE refused: its sequence id is not used
    assert res.resarray[0].value.tag == S.NFS4ERR_DELAY
    assert (await path.call([recall()])).status == S.NFS4_OK
    assert [sent_seq(x, i) for i in (1, 2, 3)] == [(0, 1), (0, 2), (0, 2)]


async def test_timeout_marks_down_and_retry_steps_back_once_when_misordered() -> None:
    x = FakeXprt(b"", RpcTimeout("lost", 1), cb_reply(S.NFS4ERR_SEQ_MISORDERED),
                 cb_reply(S.NFS4_OK, seqid=1))
    path = session_path(x)
    await asyncio.sleep(0)
    with pytest.raises(CallbackFailed) as e:
        await path.call([recall()])
    assert e.value.reason == "timeout" and path.down
    assert path_down_flags(path, [path]) == DOWN_FLAGS
    # The client never saw seqid 1: it says MISORDERED to 2, and 1 goes again.
    assert (await path.call([recall()])).status == S.NFS4_OK
    assert [sent_seq(x, i) for i in (1, 2, 3)] == [(0, 1), (0, 2), (0, 1)]
    assert path.slots.seqids[0] == 1


async def test_reply_for_another_call_is_refused() -> None:
    x = FakeXprt(b"", cb_reply(S.NFS4_OK, seqid=7))
    path = session_path(x)
    await asyncio.sleep(0)
    with pytest.raises(CallbackFailed) as e:
        await path.call([recall()])
    assert e.value.reason == "bad_reply"


async def test_too_big_is_never_sent_and_connection_loss_unbinds() -> None:
    x = FakeXprt(b"", max_call_size=200)
    path = session_path(x)
    await asyncio.sleep(0)
    with pytest.raises(CallbackFailed) as e:
        await path.call([recall()] * 3)
    assert e.value.reason == "too_big" and len(x.sent) == 1 and path.up
    x.close()
    assert path.down and not path.conns
    with pytest.raises(CallbackFailed) as e:
        await path.call([recall()])
    assert e.value.reason == "down"


def test_path_down_flags_only_for_paths_wanted() -> None:
    cbs = Callbacks(30)
    a = cbs.for_session(SID, 1, BACK, 1, None)
    b = cbs.for_session(b"t" * 16, 1, BACK, 1, None)
    assert path_down_flags(a, [a, b]) == 0  # nobody asked for a back channel
    a.wanted = b.wanted = True
    assert path_down_flags(a, [a, b]) == DOWN_FLAGS
    b.state = PathState.UP
    b.conns.append(FakeXprt())  # type: ignore[arg-type]
    assert path_down_flags(a, [a, b]) == p.SEQ4_STATUS_CB_PATH_DOWN_SESSION
    assert path_down_flags(b, [a, b]) == 0
    assert not can_call_back(None) and not can_call_back(FakeXprt(max_call_size=0))
    assert can_call_back(FakeXprt())
