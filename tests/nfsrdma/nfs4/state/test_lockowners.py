"""Lock-owner rules (nfsrdma/nfs4/state/lockowners.py's docstring), values in and out, on a
real LockManager and a fake clock."""

from __future__ import annotations

import pytest

from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.locks.manager import (
    Denied,
    Granted,
    Lock,
    LockError,
    LockErrorKind,
    LockManager,
    Owner,
)
from nfsrdma.locks.ranges import EOF
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.lockowners import LockOwnerTable, LockState, owner_key
from nfsrdma.nfs4.state.opens import Open, OpenTable
from nfsrdma.nfs4.state.stateids import StateidTable
from tests.nfsrdma.nfs4.state.test_opens import B, Clock

F = (1, b"file")
LEASE = 90.0


class World:
    """One server's tables: stateids, opens, the lock manager, lock-owners."""

    def __init__(self) -> None:
        self.clock = Clock()
        self.sids = StateidTable(7, self.clock)
        self.opens = OpenTable(self.sids, self.clock, LEASE)
        self.locks = LockManager(clock=self.clock)
        self.t = LockOwnerTable(self.sids, self.locks, self.clock, LEASE)

    def open(self, client: int, owner: bytes = b"oo") -> Open:
        return self.opens.open(self.opens.owner(client, owner, minorversion=1), F, B, 0)

    def state(self, client: int, lo: bytes, open_: Open | None = None) -> LockState:
        return self.t.state_for(self.t.owner(client, lo), open_ or self.open(client))

    def held(self, ls: LockState) -> list[tuple[str, int, int]]:
        return [("W" if lk.exclusive else "R", lk.start, lk.end)
                for lk in self.locks.locks(F, ls.owner.key)]


def status(fn: object, *args: object) -> S:
    with pytest.raises(Nfs4Error) as e:
        fn(*args)  # type: ignore[operator]
    return e.value.status


def test_owners_are_client_and_bytes_on_the_shared_manager() -> None:
    w = World()
    a, a2, b = w.state(1, b"p"), w.state(1, b"q"), w.state(2, b"p")
    assert a.owner.key == owner_key(1, b"p") == Owner(("v4", 1), b"p")
    assert w.t.lock(a, 0, 10, True, block=False, reclaim=False) == Granted()
    got = w.t.lock(a2, 5, 6, False, block=False, reclaim=False)  # same client, other owner
    assert isinstance(got, Denied) and got.conflict.owner == a.owner.key
    assert isinstance(w.t.lock(b, 0, 1, False, block=False, reclaim=False), Denied)
    assert w.t.describe(got.conflict) == (1, b"p")
    nlm = Lock(Owner(("nlm", "host"), (b"oh", 7)), 0, 1, True)
    clientid, name = w.t.describe(nlm)
    assert clientid == 0 and b"host" in name


def test_stateid_seqid_goes_up_once_the_client_knows_it() -> None:
    w = World()
    a, b = w.state(1, b"a"), w.state(2, b"b")
    assert w.t.lock(a, 0, 10, True, block=False, reclaim=False) == Granted()
    assert isinstance(w.t.lock(b, 0, 10, True, block=False, reclaim=False), Denied)
    assert b.state.seqid == 1 and not b.known  # denied: the client never saw it
    w.t.unlock(a, 0, 10)
    assert a.state.seqid == 2
    assert w.t.lock(b, 0, 10, True, block=False, reclaim=False) == Granted()
    assert b.state.seqid == 1 and b.known
    assert w.t.lock(b, 20, 30, True, block=False, reclaim=False) == Granted()
    assert b.state.seqid == 2
    assert w.held(b) == [("W", 0, 10), ("W", 20, 30)]


def test_close_free_release_refuse_while_locks_are_held() -> None:
    w = World()
    o = w.open(1)
    ls = w.state(1, b"a", o)
    w.t.lock(ls, 0, 10, False, block=False, reclaim=False)
    assert status(w.t.close_open, o) == S.NFS4ERR_LOCKS_HELD
    assert status(w.t.free, ls) == S.NFS4ERR_LOCKS_HELD
    assert status(w.t.release_owner, ls.owner) == S.NFS4ERR_LOCKS_HELD
    w.t.unlock(ls, 0, EOF)
    assert w.sids.find(ls.state.other) is ls.state  # lives on with no locks (8.2.4)
    w.t.close_open(o)
    assert w.sids.find(ls.state.other) is None and ls.owner.states == {}
    ls2 = w.state(1, b"a")
    w.t.release_owner(ls2.owner)
    assert w.t.find_owner(1, b"a") is None and w.sids.find(ls2.state.other) is None


def test_a_blocked_request_is_granted_in_order_and_claimed_by_the_next_poll() -> None:
    w = World()
    a, b, c = w.state(1, b"a"), w.state(2, b"b"), w.state(3, b"c")
    w.t.lock(a, 0, 10, True, block=False, reclaim=False)
    assert isinstance(w.t.lock(b, 0, 10, True, block=True, reclaim=False), Denied)
    got = w.t.lock(c, 0, 10, True, block=True, reclaim=False)
    assert isinstance(got, Denied) and got.conflict.owner == a.owner.key
    w.t.unlock(a, 0, 10)
    got = w.t.lock(c, 0, 10, True, block=True, reclaim=False)  # c polls first: b is ahead
    assert isinstance(got, Denied) and got.conflict.owner == b.owner.key
    assert w.t.lock(b, 0, 10, True, block=True, reclaim=False) == Granted()
    assert w.t.pending() != [] and all(pd.lstate is c for pd in w.t.pending())
    w.t.unlock(b, 0, 10)
    w.t.sweep()
    assert w.t.lock(c, 0, 10, True, block=True, reclaim=False) == Granted()
    assert w.t.pending() == []


def test_an_unclaimed_upgrade_goes_back_to_what_the_owner_held() -> None:
    w = World()
    a, b = w.state(1, b"a"), w.state(2, b"b")
    w.t.lock(a, 0, 10, False, block=False, reclaim=False)
    w.t.lock(b, 0, 30, False, block=False, reclaim=False)
    assert isinstance(w.t.lock(a, 0, 20, True, block=True, reclaim=False), Denied)
    w.t.unlock(b, 0, 30)
    assert w.held(a) == [("W", 0, 20)]  # granted while a was not asking
    w.t.sweep()  # notices the grant: a has a lease to claim it
    w.clock.now += LEASE + 1
    w.t.sweep()
    assert w.held(a) == [("R", 0, 10)] and w.t.pending() == []


def test_close_gives_back_a_pending_grant_and_cancels_a_queued_one() -> None:
    w = World()
    a = w.state(1, b"a")
    ob = w.open(2)
    b, b2 = w.state(2, b"b", ob), w.state(2, b"b2", ob)
    w.t.lock(a, 0, 10, True, block=False, reclaim=False)
    w.t.lock(b, 0, 10, True, block=True, reclaim=False)
    w.t.lock(b2, 0, 10, True, block=True, reclaim=False)
    w.t.unlock(a, 0, 10)
    assert w.held(b) == [("W", 0, 10)]
    w.t.close_open(ob)  # b never claimed it: not LOCKS_HELD, and b2's waiter goes too
    assert w.locks.locks(F) == [] and w.locks.waiters(F) == [] and w.t.pending() == []


def test_waiters_expire_and_expiry_of_a_client_frees_everything() -> None:
    w = World()
    a, b = w.state(1, b"a"), w.state(2, b"b")
    w.t.lock(a, 0, 10, True, block=False, reclaim=False)
    w.t.lock(b, 0, 10, True, block=True, reclaim=False)
    assert w.t.sweep() == pytest.approx(LEASE)
    w.clock.now += LEASE + 1  # b stopped polling
    w.t.sweep()
    assert w.locks.waiters(F) == [] and w.t.pending() == []
    w.t.lock(b, 0, 10, True, block=True, reclaim=False)
    assert w.t.expire_client(1) == 1
    assert w.sids.find(a.state.other) is None and w.t.find_owner(1, b"a") is None
    w.t.sweep()
    assert w.t.lock(b, 0, 10, True, block=True, reclaim=False) == Granted()


def test_idle_lock_owners_are_forgotten_after_a_lease() -> None:
    w = World()
    o = w.open(1)
    ls = w.state(1, b"a", o)
    w.t.close_open(o)
    w.clock.now += LEASE - 1
    w.t.sweep()
    assert w.t.find_owner(1, b"a") is ls.owner
    w.clock.now += 2
    w.t.sweep()
    assert w.t.find_owner(1, b"a") is None


def test_failed_lock_forgets_its_new_stateid_and_owners_are_capped() -> None:
    w = World()
    w.t.max_owners = 2
    a = w.state(1, b"a")
    w.t.lock(a, 0, 10, True, block=False, reclaim=False)
    b = w.state(2, b"b")
    assert isinstance(w.t.lock(b, 0, 10, True, block=False, reclaim=False), Denied)
    w.t.discard_unused(b)
    assert w.sids.find(b.state.other) is None and b.owner.states == {}
    w.t.discard_unused(a)  # known and holding: stays
    assert w.sids.find(a.state.other) is a.state
    w.state(2, b"c")
    w.state(2, b"d")  # over the cap: the idle owner b is forgotten to make room
    assert w.t.find_owner(2, b"b") is None
    with pytest.raises(LockError) as e:
        w.t.owner(2, b"e")  # c and d hold lock stateids: no room
    assert e.value.kind is LockErrorKind.NO_RESOURCES
