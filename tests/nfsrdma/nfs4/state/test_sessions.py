"""Sessions and the slot reply cache (RFC 8881 2.10.6, 18.36, 18.46) with a fake clock."""

from __future__ import annotations

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.clients import Client, ClientTable
from nfsrdma.nfs4.state.leases import Leases
from nfsrdma.nfs4.state.sessions import (
    MAX_CACHED,
    MAX_SLOTS,
    Limits,
    SessionTable,
    args_digest,
)

ME, OTHER = ("sys", 0, 0), ("sys", 1, 1)
ATTRS = p.channel_attrs4(64, 1 << 22, 1 << 22, 1 << 20, 1000, 1000, [5])
BACK = p.channel_attrs4(0, 4096, 4096, 0, 2, 1, [])


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def env() -> tuple[ClientTable, SessionTable, Clock]:
    clock = Clock()
    clients = ClientTable(clock, 90, epoch=7)
    sessions = SessionTable(clients, Leases(clients), Limits(1 << 20, 1 << 20 | 4096),
                            random=lambda n: b"\xab" * n)
    return clients, sessions, clock


def cs_args(clp: Client, seq: int, fore: p.channel_attrs4 = ATTRS) -> p.CREATE_SESSION4args:
    return p.CREATE_SESSION4args(clp.clientid, seq, 0, fore, BACK, 0, [])


def seq_args(sid: bytes, seqid: int, slot: int = 0, cache: bool = False) -> p.SEQUENCE4args:
    return p.SEQUENCE4args(sid, seqid, slot, slot, cache)


def err(fn, *a) -> S:  # type: ignore[no-untyped-def]
    with pytest.raises(Nfs4Error) as e:
        fn(*a)
    return e.value.status


def test_create_session_negotiates_down_and_confirms(env) -> None:
    clients, sessions, _ = env
    clp = clients.exchange_id(b"c", b"v" * 8, 0, ME)
    res = sessions.create(cs_args(clp, 1), ME, 128)
    fore = res.csr_fore_chan_attrs
    assert (fore.ca_headerpadsize, fore.ca_maxrequestsize, fore.ca_maxresponsesize) == \
        (0, 1 << 20, 1 << 20 | 4096)
    assert (fore.ca_maxresponsesize_cached, fore.ca_maxoperations, fore.ca_maxrequests) == \
        (MAX_CACHED, 128, MAX_SLOTS)
    assert fore.ca_rdma_ird == [] and res.csr_flags == 0
    assert clp.confirmed and clients.get(clp.clientid) is clp
    assert res.csr_sessionid[:8] == clp.clientid.to_bytes(8, "big")
    assert len(res.csr_sessionid) == 16 and res.csr_sessionid in clp.sessions


def test_create_session_slot_replay_misordered_principal_toosmall(env) -> None:
    clients, sessions, _ = env
    clp = clients.exchange_id(b"c", b"v" * 8, 0, ME)
    assert err(sessions.create, cs_args(clp, 2), ME, 128) == S.NFS4ERR_SEQ_MISORDERED
    assert err(sessions.create, cs_args(clp, 1), OTHER, 128) == S.NFS4ERR_CLID_INUSE
    small = p.channel_attrs4(0, 1 << 20, 1 << 20, 0, 1, 4, [])
    assert err(sessions.create, cs_args(clp, 1, small), ME, 128) == S.NFS4ERR_TOOSMALL
    tiny_back = p.CREATE_SESSION4args(clp.clientid, 1, 0, ATTRS,
                                      p.channel_attrs4(0, 10, 4096, 0, 2, 1, []), 0, [])
    assert err(sessions.create, tiny_back, ME, 128) == S.NFS4ERR_TOOSMALL
    a = sessions.create(cs_args(clp, 1), ME, 128)
    assert sessions.create(cs_args(clp, 1), ME, 128) is a  # replay: the cached reply
    # confirmed: another principal may create sessions too (RFC 8881 18.36.4; pynfs CSESS10)
    b = sessions.create(cs_args(clp, 2), OTHER, 128)
    assert b.csr_sessionid != a.csr_sessionid and len(sessions) == 2
    assert err(sessions.create, p.CREATE_SESSION4args(12345, 1, 0, ATTRS, BACK, 0, []),
               ME, 128) == S.NFS4ERR_STALE_CLIENTID


def new_session(env, slots: int = 4) -> tuple[Client, bytes]:  # type: ignore[no-untyped-def]
    clients, sessions, _ = env
    clp = clients.exchange_id(b"c", b"v" * 8, 0, ME)
    fore = p.channel_attrs4(0, 1 << 20, 1 << 20, 4096, 16, slots, [])
    return clp, sessions.create(cs_args(clp, 1, fore), ME, 128).csr_sessionid


def test_slot_rules(env) -> None:
    _, sessions, _ = env
    _, sid = new_session(env)
    d1, d2 = args_digest(b"one"), args_digest(b"two")
    assert err(sessions.sequence, seq_args(sid, 1, slot=4), d1, False) == S.NFS4ERR_BADSLOT
    assert err(sessions.sequence, seq_args(sid, 0), d1, False) == S.NFS4ERR_SEQ_MISORDERED
    assert err(sessions.sequence, seq_args(sid, 2), d1, False) == S.NFS4ERR_SEQ_MISORDERED
    ses, slot, cached = sessions.sequence(seq_args(sid, 1, cache=True), d1, False)
    assert cached is None and slot.busy
    # the same request again while the first still runs
    assert err(sessions.sequence, seq_args(sid, 1), d1, False) == S.NFS4ERR_DELAY
    SessionTable.finish(slot, 1, "reply-1")
    assert sessions.sequence(seq_args(sid, 1), d1, False)[2] == "reply-1"
    assert err(sessions.sequence, seq_args(sid, 1), d2, False) == S.NFS4ERR_SEQ_FALSE_RETRY
    # not cached: a retry cannot be answered
    _, slot, _ = sessions.sequence(seq_args(sid, 2), d2, False)
    SessionTable.finish(slot, 2, "reply-2")
    assert err(sessions.sequence, seq_args(sid, 2), d2, False) == \
        S.NFS4ERR_RETRY_UNCACHED_REP
    # SEQUENCE alone is always cached; seqids wrap at 2**32
    slot.seqid = 0xFFFFFFFF
    _, slot, _ = sessions.sequence(seq_args(sid, 0), d1, True)
    SessionTable.finish(slot, 0, "solo")
    assert sessions.sequence(seq_args(sid, 0), d1, True)[2] == "solo"
    assert err(sessions.sequence, seq_args(b"x" * 16, 1), d1, False) == S.NFS4ERR_BADSESSION
    res = sessions.resok(ses, 3, 9)
    assert (res.sr_highest_slotid, res.sr_target_highest_slotid) == (3, 3)
    assert res.sr_status_flags == 0


def test_a_reply_that_cannot_fit_is_refused_before_the_slot_moves(env) -> None:
    clients, sessions, _ = env
    clp = clients.exchange_id(b"small", b"v" * 8, 0, ME)
    fore = p.channel_attrs4(0, 8192, 400, 10, 16, 2, [])  # pynfs CSESS27: 10 bytes cached
    sid = sessions.create(cs_args(clp, 1, fore), ME, 128).csr_sessionid
    floor = 100  # what a SEQUENCE reply takes
    assert err(sessions.sequence, seq_args(sid, 1, cache=True), b"a", True, floor) == \
        S.NFS4ERR_REP_TOO_BIG_TO_CACHE
    assert err(sessions.sequence, seq_args(sid, 1), b"a", False, 401) == S.NFS4ERR_REP_TOO_BIG
    # the slot did not move: seqid 1 is still the next one; SEQUENCE alone that does not
    # fit the cache is simply not cached
    _, slot, cached = sessions.sequence(seq_args(sid, 1), b"a", True, floor)
    assert cached is None and not slot.cache


def test_slot_of_a_call_that_died_is_reused_by_the_next_seqid(env) -> None:
    _, sessions, _ = env
    _, sid = new_session(env)
    _, slot, _ = sessions.sequence(seq_args(sid, 1), b"a", False)  # never finished
    _, slot2, cached = sessions.sequence(seq_args(sid, 2), b"b", False)
    assert slot2 is slot and cached is None and slot.seqid == 2
    SessionTable.finish(slot, 1, "late reply of 1")  # ignored: the slot moved on
    assert slot.busy and slot.reply is None


def test_sequence_renews_the_lease_and_expiry_drops_sessions(env) -> None:
    clients, sessions, clock = env
    clp, sid = new_session(env)
    clock.now = 80
    sessions.sequence(seq_args(sid, 1), b"a", False)
    assert clp.renewed == 80
    assert err(clients.destroy, clp.clientid, ME) == S.NFS4ERR_CLIENTID_BUSY
    clock.now = 171
    Leases(clients).sweep()
    assert len(sessions) == 0 and not clp.sessions
    assert err(sessions.sequence, seq_args(sid, 2), b"a", False) == S.NFS4ERR_BADSESSION


def test_destroy_session(env) -> None:
    clients, sessions, _ = env
    clp, sid = new_session(env)
    assert err(sessions.destroy, sid, OTHER) == S.NFS4ERR_PERM
    sessions.destroy(sid, ME)
    assert err(sessions.destroy, sid, ME) == S.NFS4ERR_BADSESSION
    clients.destroy(clp.clientid, ME)


def test_args_digest_tells_requests_apart() -> None:
    assert args_digest(b"a" * 2000) == args_digest(memoryview(b"a" * 2000))
    assert args_digest(b"a" * 2000) != args_digest(b"a" * 2001)
    assert args_digest(b"ab") != args_digest(b"ba")


def test_back_channel_attributes_bound_what_callbacks_may_use(env) -> None:
    clients, sessions, _ = env
    clp = clients.exchange_id(b"back", b"v" * 8, 0, ME)
    wide = p.channel_attrs4(64, 1 << 20, 1 << 20, 1 << 20, 16, 16, [])
    args = p.CREATE_SESSION4args(clp.clientid, 1, p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN
                                 | p.CREATE_SESSION4_FLAG_PERSIST, ATTRS, wide, 0, [])
    res = sessions.create(args, ME, 128, back_chan=True, max_call=996)
    assert res.csr_flags == p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN  # never PERSIST
    back = res.csr_back_chan_attrs
    # the connection's limit (an RDMA client's inline size), our largest reply, no caching,
    # CB_SEQUENCE + one op, two slots
    assert (back.ca_headerpadsize, back.ca_maxrequestsize, back.ca_maxresponsesize,
            back.ca_maxresponsesize_cached, back.ca_maxoperations, back.ca_maxrequests) == \
        (0, 996, 4096, 0, 2, 2)
    clp2 = clients.exchange_id(b"no-back", b"v" * 8, 0, ME)
    args.csa_clientid = clp2.clientid
    assert sessions.create(args, ME, 128, back_chan=False).csr_flags == 0
    for small in (p.channel_attrs4(0, 512, 4096, 0, 2, 1, []),   # no room for a CB_RECALL
                  p.channel_attrs4(0, 4096, 128, 0, 2, 1, []),   # nor for its reply
                  p.channel_attrs4(0, 4096, 4096, 0, 1, 1, [])):  # nor CB_SEQUENCE + op
        clp3 = clients.exchange_id(b"small", b"v" * 8, 0, ME)
        bad = p.CREATE_SESSION4args(clp3.clientid, 1, 0, ATTRS, small, 0, [])
        assert err(sessions.create, bad, ME, 128) == S.NFS4ERR_TOOSMALL


def test_destroyed_session_closes_its_callback_path(env) -> None:
    clients, sessions, _ = env
    clp = clients.exchange_id(b"cb-close", b"v" * 8, 0, ME)
    sid = sessions.create(cs_args(clp, 1), ME, 128).csr_sessionid
    closed: list[bytes] = []

    class Path:
        def close(self) -> None:
            closed.append(sid)

    sessions.get(sid).cb = Path()
    sessions.destroy(sid, ME)
    assert closed == [sid]
    sid2 = sessions.create(cs_args(clp, 2), ME, 128).csr_sessionid
    sessions.get(sid2).cb = Path()
    clients.expire(clp)  # the client goes: its sessions' paths too
    assert len(closed) == 2 and sessions.find(sid2) is None
