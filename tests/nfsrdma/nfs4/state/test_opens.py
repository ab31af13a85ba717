"""Open rules (nfsrdma/nfs4/state/opens.py's docstring), values in and out."""

from __future__ import annotations

import pytest

from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.opens import OpenTable
from nfsrdma.nfs4.state.stateids import StateidTable

R, W, B = 1, 2, 3
F = (1, b"file")
G = (1, b"other")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def tables(lease: float = 90.0) -> tuple[OpenTable, StateidTable, Clock]:
    clock = Clock()
    sids = StateidTable(7, clock)
    return OpenTable(sids, clock, lease), sids, clock


def status(fn: object, *args: object) -> S:
    with pytest.raises(Nfs4Error) as e:
        fn(*args)  # type: ignore[operator]
    return e.value.status


def test_second_open_by_the_owner_upgrades_one_stateid() -> None:
    t, sids, _ = tables()
    oo = t.owner(1, b"o", minorversion=1)
    a = t.open(oo, F, R, 0)
    b = t.open(oo, F, W, 0)
    assert a is b and a.access == B and a.state.seqid == 2 and len(sids) == 1


@pytest.mark.parametrize(("first", "second", "denied"), [
    ((R, 0), (R, 0), False),
    ((R, W), (R, 0), False),
    ((R, W), (W, 0), True),     # my write meets your deny-write
    ((B, 0), (R, W), True),     # my deny-write meets your write access
    ((R, R), (R, 0), True),     # my read meets your deny-read
    ((R, R), (W, W), False),    # disjoint: your read/deny-read, my write/deny-write
    ((W, 0), (R, R), False),
])
def test_share_reservations_across_clients(first: tuple[int, int], second: tuple[int, int],
                                           denied: bool) -> None:
    t, _, _ = tables()
    t.open(t.owner(1, b"a", minorversion=1), F, *first)
    other = t.owner(2, b"a", minorversion=1)
    if denied:
        assert status(t.open, other, F, *second) == S.NFS4ERR_SHARE_DENIED
        assert not other.opens
    else:
        t.open(other, F, *second)
    # another file is never affected
    t.open(other, G, B, B)


@pytest.mark.parametrize(("first", "second", "denied"), [
    ((B, W), (W, 0), True),     # my own deny-write stops my upgrade to write (pynfs OPEN25)
    ((B, B), (B, B), True),     # pynfs OPEN30: a second DENY_BOTH open by the same owner
    ((R, 0), (R, R), True),     # my deny-read meets my own read access
    ((R, W), (R, 0), False),
    ((R, 0), (W, 0), False),    # a plain upgrade
])
def test_share_reservations_of_the_owner_itself(first: tuple[int, int],
                                                second: tuple[int, int], denied: bool) -> None:
    t, _, _ = tables()
    oo = t.owner(1, b"a", minorversion=0)
    o = t.open(oo, F, *first)
    if denied:
        assert status(t.open, oo, F, *second) == S.NFS4ERR_SHARE_DENIED
        assert (o.access, o.deny, o.state.seqid) == (*first, 1)  # unchanged
    else:
        assert t.open(oo, F, *second) is o and o.state.seqid == 2


def test_downgrade_only_to_used_subsets() -> None:
    t, _, _ = tables()
    o = t.open(t.owner(1, b"o", minorversion=1), F, R, 0)
    t.open(o.owner, F, B, W)
    assert status(t.downgrade, o, W, 0) == S.NFS4ERR_INVAL    # WRITE alone never opened
    assert status(t.downgrade, o, R, R) == S.NFS4ERR_INVAL    # deny READ not held
    t.downgrade(o, R, 0)
    assert (o.access, o.deny, o.state.seqid) == (R, 0, 3)
    assert status(t.downgrade, o, B, 0) == S.NFS4ERR_INVAL    # no upgrade by downgrade
    # the reservation went with it: another client may now write
    t.open(t.owner(2, b"x", minorversion=1), F, W, 0)


def test_io_checks() -> None:
    t, _, _ = tables()
    o = t.open(t.owner(1, b"o", minorversion=1), F, R, W)
    t.check_io(o, F, write=False)
    assert status(t.check_io, o, F, True) == S.NFS4ERR_OPENMODE
    assert status(t.check_io, o, G, False) == S.NFS4ERR_BAD_STATEID
    t.check_anonymous(F, write=False)
    assert status(t.check_anonymous, F, True) == S.NFS4ERR_LOCKED
    w = t.open(t.owner(2, b"o", minorversion=1), G, W, R)
    t.check_io(w, G, write=False)  # knfsd: READ with write access is allowed
    assert status(t.check_anonymous, G, False) == S.NFS4ERR_LOCKED
    t.check_anonymous(G, write=False, bypass=True)


def test_v40_seqid_replay_and_confirm() -> None:
    t, _, _ = tables()
    oo = t.owner(1, b"o", minorversion=0)
    assert not oo.confirmed
    assert t.check_seqid(oo, 17) is None           # a new owner takes any seqid
    o = t.open(oo, F, R, 0)
    assert status(t.check_io, o, F, False) == S.NFS4ERR_BAD_STATEID  # unconfirmed
    t.record(oo, 17, S.NFS4_OK, "open-result", b"fh")
    rep = t.check_seqid(oo, 17)
    assert rep is not None and (rep.result, rep.fh) == ("open-result", b"fh")
    assert t.check_seqid(oo, 18) is None
    assert status(t.check_seqid, oo, 19) == S.NFS4ERR_BAD_SEQID
    assert status(t.check_seqid, oo, 16) == S.NFS4ERR_BAD_SEQID
    t.record(oo, 18, S.NFS4ERR_BAD_STATEID, "x", None)  # does not advance
    assert oo.seqid == 17
    t.record(oo, 18, S.NFS4ERR_SHARE_DENIED, "denied", None)  # advances
    assert oo.seqid == 18 and t.check_seqid(oo, 19) is None
    t.confirm(oo)
    t.check_io(o, F, write=False)
    oo.seqid = 0xFFFFFFFF
    assert t.check_seqid(oo, 0) is None


def test_close_frees_and_idle_owner_reaped_after_a_lease() -> None:
    t, sids, clock = tables(lease=90)
    oo = t.owner(1, b"o", minorversion=1)
    o = t.open(oo, F, B, B)
    assert t.close(o) == (2, o.state.other)
    assert sids.find(o.state.other) is None and not t.opens_of(F)
    t.open(t.owner(2, b"o", minorversion=1), F, B, B)  # reservation released
    clock.now += 89
    assert t.reap() == 0
    clock.now += 2
    assert t.reap() == 1 and t.find_owner(1, b"o") is None


@pytest.mark.parametrize("keep", [True, False])
def test_lease_expiry_releases_opens(keep: bool) -> None:
    t, sids, _ = tables()
    o = t.open(t.owner(1, b"o", minorversion=1), F, B, B)
    t.open(t.owner(1, b"p", minorversion=1), G, R, 0)
    survivor = t.open(t.owner(2, b"o", minorversion=1), G, R, 0)
    assert t.expire_client(1, keep_revoked=keep) == 2
    assert t.find_owner(1, b"o") is None and t.opens_of(G) == {survivor}
    t.open(t.owner(3, b"o", minorversion=1), F, B, B)
    want = S.NFS4ERR_EXPIRED if keep else S.NFS4ERR_BAD_STATEID
    assert status(sids.check, 1, o.state.other, 1) == want


def test_v40_close_keeps_the_owner_findable_for_a_retransmission() -> None:
    t, sids, clock = tables(lease=90)
    oo = t.owner(1, b"o", minorversion=0)
    a = t.open(oo, F, R, 0)
    t.close(a, keep_for_replay=True)
    assert sids.find(a.state.other) is None and t.closed_owner(a.state.other) is oo
    b = t.open(oo, G, R, 0)
    t.close(b, keep_for_replay=True)
    assert t.closed_owner(a.state.other) is None and t.closed_owner(b.state.other) is oo
    clock.now += 91
    assert t.reap() == 1 and t.closed_owner(b.state.other) is None


def test_an_owner_whose_first_open_failed_is_reaped() -> None:
    t, _, clock = tables(lease=90)
    t.open(t.owner(1, b"a", minorversion=1), F, B, B)
    loser = t.owner(2, b"b", minorversion=1)
    with pytest.raises(Nfs4Error):
        t.open(loser, F, R, 0)
    clock.now += 91
    assert t.reap() == 1 and t.find_owner(2, b"b") is None
