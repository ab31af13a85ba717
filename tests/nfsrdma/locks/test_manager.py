"""The lock manager, rule by rule (see nfsrdma/locks/manager.py's docstring): one owner's
splitting and merging as a table, conflicts across owners and clients, the blocking queue's
grant order, deadlock detection, cancel, release of an owner and of a client, grace, caps."""

from __future__ import annotations

import pytest

from nfsrdma.locks.manager import (
    Denied,
    Granted,
    Lock,
    LockError,
    LockErrorKind,
    LockManager,
    Owner,
    Queued,
    Waiter,
)
from nfsrdma.locks.ranges import EOF

F, G = "file-f", "file-g"
A = Owner("client-1", "a")
A2 = Owner("client-1", "a2")  # another owner of the same client
B = Owner("client-2", "b")
B_ON_1 = Owner("client-1", "b")  # same owner key as B, other client: another owner
C = Owner("client-3", "c")
D = Owner("client-4", "d")
TOP = EOF - 1


def held(m: LockManager, file: str = F, owner: Owner | None = None) -> list[tuple[str, int, int]]:
    return [("W" if lk.exclusive else "R", lk.start, lk.end) for lk in m.locks(file, owner)]


def queued(m: LockManager, owner: Owner, start: int, end: int, excl: bool,
           file: str = F) -> Waiter:
    r = m.lock(file, owner, start, end, excl, block=True)
    assert isinstance(r, Queued), r
    return r.waiter


# One owner's records after a sequence of requests: (op, start, end) with op R/W (lock) or
# U (unlock); then the records by start.
RANGE_CASES: list[tuple[str, list[tuple[str, int, int]], list[tuple[str, int, int]]]] = [
    ("single", [("R", 0, 10)], [("R", 0, 10)]),
    ("same twice", [("W", 0, 10), ("W", 0, 10)], [("W", 0, 10)]),
    ("overlap merges", [("R", 0, 10), ("R", 5, 15)], [("R", 0, 15)]),
    ("adjacent merges", [("R", 0, 10), ("R", 10, 20)], [("R", 0, 20)]),
    ("adjacent before merges", [("W", 10, 20), ("W", 0, 10)], [("W", 0, 20)]),
    ("gap stays", [("R", 0, 10), ("R", 11, 20)], [("R", 0, 10), ("R", 11, 20)]),
    ("bridge merges three", [("R", 0, 5), ("R", 10, 15), ("R", 5, 10)], [("R", 0, 15)]),
    ("contained is absorbed", [("W", 0, 100), ("W", 10, 20)], [("W", 0, 100)]),
    ("covering swallows", [("R", 10, 20), ("R", 30, 40), ("R", 0, 50)], [("R", 0, 50)]),
    ("upgrade middle splits", [("R", 0, 30), ("W", 10, 20)],
     [("R", 0, 10), ("W", 10, 20), ("R", 20, 30)]),
    ("downgrade middle splits", [("W", 0, 30), ("R", 10, 20)],
     [("W", 0, 10), ("R", 10, 20), ("W", 20, 30)]),
    ("upgrade head", [("R", 0, 30), ("W", 0, 10)], [("W", 0, 10), ("R", 10, 30)]),
    ("upgrade tail", [("R", 0, 30), ("W", 20, 30)], [("R", 0, 20), ("W", 20, 30)]),
    ("upgrade whole", [("R", 0, 30), ("W", 0, 30)], [("W", 0, 30)]),
    ("adjacent other type stays apart", [("R", 0, 10), ("W", 10, 20)],
     [("R", 0, 10), ("W", 10, 20)]),
    ("upgrade over two reads", [("R", 0, 10), ("R", 20, 30), ("W", 5, 25)],
     [("R", 0, 5), ("W", 5, 25), ("R", 25, 30)]),
    ("write merges across a read it covers", [("W", 0, 10), ("R", 10, 20), ("W", 20, 30),
                                              ("W", 10, 20)], [("W", 0, 30)]),
    ("unlock middle splits", [("W", 0, 30), ("U", 10, 20)], [("W", 0, 10), ("W", 20, 30)]),
    ("unlock head", [("W", 0, 30), ("U", 0, 10)], [("W", 10, 30)]),
    ("unlock tail", [("W", 0, 30), ("U", 20, 40)], [("W", 0, 20)]),
    ("unlock all", [("W", 0, 30), ("U", 0, EOF)], []),
    ("unlock nothing held", [("U", 0, 10)], []),
    ("unlock a gap", [("R", 0, 10), ("R", 20, 30), ("U", 12, 18)], [("R", 0, 10), ("R", 20, 30)]),
    ("unlock across two", [("R", 0, 10), ("W", 20, 30), ("U", 5, 25)],
     [("R", 0, 5), ("W", 25, 30)]),
    ("whole file", [("W", 0, EOF)], [("W", 0, EOF)]),
    ("whole file then split", [("W", 0, EOF), ("R", 100, 200)],
     [("W", 0, 100), ("R", 100, 200), ("W", 200, EOF)]),
    ("to EOF merges with a finite lock", [("R", 50, EOF), ("R", 0, 50)], [("R", 0, EOF)]),
    ("last byte", [("W", TOP, EOF)], [("W", TOP, EOF)]),
    ("last byte joins to-EOF", [("W", 1 << 63, TOP), ("W", TOP, EOF)], [("W", 1 << 63, EOF)]),
    ("unlock last byte", [("R", 0, EOF), ("U", TOP, EOF)], [("R", 0, TOP)]),
    ("past 2**63", [("R", 1 << 63, (1 << 63) + 1), ("W", (1 << 63) - 1, 1 << 63)],
     [("W", (1 << 63) - 1, 1 << 63), ("R", 1 << 63, (1 << 63) + 1)]),
]


@pytest.mark.parametrize(("ops", "want"), [c[1:] for c in RANGE_CASES],
                         ids=[c[0] for c in RANGE_CASES])
def test_one_owner_ranges(ops: list[tuple[str, int, int]],
                          want: list[tuple[str, int, int]]) -> None:
    m = LockManager()
    for op, s, e in ops:
        if op == "U":
            m.unlock(F, A, s, e)
        else:
            assert m.lock(F, A, s, e, op == "W") == Granted()
    assert held(m) == want
    assert m.client_lock_count(A.client) == len(want)
    assert m.holds_state(A) == bool(want)


# Owner A holds the first lock; does the second (another owner) conflict?
CONFLICT_CASES = [
    ("read/read", ("R", 0, 10), ("R", 0, 10), False),
    ("read/write", ("R", 0, 10), ("W", 5, 6), True),
    ("write/read", ("W", 0, 10), ("R", 9, 20), True),
    ("write/write touching", ("W", 0, 10), ("W", 10, 20), False),
    ("write/write before", ("W", 10, 20), ("W", 0, 10), False),
    ("to EOF vs far byte", ("W", 0, EOF), ("R", TOP, EOF), True),
    ("last byte vs to EOF", ("W", TOP, EOF), ("W", 1 << 63, EOF), True),
    ("below 2**63 vs above", ("W", 0, 1 << 63), ("W", 1 << 63, EOF), False),
]


@pytest.mark.parametrize(("first", "second", "conflict"), [c[1:] for c in CONFLICT_CASES],
                         ids=[c[0] for c in CONFLICT_CASES])
@pytest.mark.parametrize("other", [B, A2, B_ON_1], ids=["other client", "same client",
                                                        "same key other client"])
def test_conflicts_across_owners(first: tuple[str, int, int], second: tuple[str, int, int],
                                 conflict: bool, other: Owner) -> None:
    m = LockManager()
    assert m.lock(F, A, first[1], first[2], first[0] == "W") == Granted()
    # an owner never conflicts with its own locks
    assert m.test(F, A, second[1], second[2], True) is None
    got = m.test(F, other, second[1], second[2], second[0] == "W")
    r = m.lock(F, other, second[1], second[2], second[0] == "W")
    if conflict:
        assert got is not None and (got.owner, got.start, got.end) == (A, first[1], first[2])
        assert isinstance(r, Denied) and r.conflict.owner == A
        assert held(m, owner=other) == []
    else:
        assert got is None and r == Granted()
    # nor across files
    assert m.lock(G, other, second[1], second[2], True) == Granted()


def test_denied_names_the_conflicting_piece() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, False)
    m.lock(F, A, 20, 30, True)
    got = m.test(F, B, 5, 25, False)
    assert got is not None and (got.start, got.end, got.exclusive) == (20, 30, True)


def test_blocked_waiter_granted_on_unlock() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    w = queued(m, B, 5, 15, True)
    assert m.take_grants() == [] and w.state == "queued"
    m.unlock(F, A, 0, 5)  # the bytes B wants are still held
    assert m.take_grants() == []
    m.unlock(F, A, 5, 10)
    assert m.take_grants() == [w] and w.state == "granted"
    assert held(m, owner=B) == [("W", 5, 15)]
    assert m.waiters(F) == []


def test_take_grants_by_match_leaves_the_others() -> None:
    """Each protocol takes its own grant events (by cookie); the rest stay queued."""
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    r = m.lock(F, B, 0, 10, False, block=True, cookie="nlm")
    s = m.lock(F, C, 0, 10, False, block=True, cookie="v4")
    assert isinstance(r, Queued) and isinstance(s, Queued)
    m.release_owner(A)
    assert m.take_grants(lambda w: w.cookie == "v4") == [s.waiter]
    assert m.take_grants(lambda w: w.cookie == "v4") == []
    assert m.take_grants() == [r.waiter]


def test_grace_follows_its_sources() -> None:
    """The flag is on while the caller's flag or any source (NFSv4's grace period) is."""
    v4_grace = [True]
    m = LockManager()
    m.grace_sources.append(lambda: v4_grace[0])
    assert m.grace
    with pytest.raises(LockError) as e:
        m.lock(F, A, 0, 10, True)
    assert e.value.kind is LockErrorKind.GRACE
    assert m.lock(F, A, 0, 10, True, reclaim=True) == Granted()
    v4_grace[0] = False
    assert not m.grace
    m.grace = True  # NLM's own grace keeps it on
    assert m.grace
    m.grace = False
    assert m.lock(F, B, 20, 30, True) == Granted()


def test_downgrade_grants_readers() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    w = queued(m, B, 0, 10, False)
    assert m.lock(F, A, 0, 10, False) == Granted()  # downgrade frees B's bytes
    assert m.take_grants() == [w]


def test_grants_in_arrival_order_and_readers_together() -> None:
    m = LockManager()
    m.lock(F, A, 0, 100, True)
    r1 = queued(m, B, 0, 10, False)
    r2 = queued(m, C, 5, 15, False)
    wr = queued(m, D, 0, 100, True)
    m.release_owner(A)
    assert m.take_grants() == [r1, r2]  # both readers at once; the writer waits for them
    m.unlock(F, B, 0, 10)
    assert m.take_grants() == []
    m.unlock(F, C, 0, EOF)
    assert m.take_grants() == [wr]


def test_waiting_writer_is_not_starved_by_later_readers() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, False)
    wr = queued(m, B, 0, 10, True)
    # C's read conflicts with no held lock, but the writer came first.
    r = m.lock(F, C, 0, 10, False)
    assert isinstance(r, Denied) and r.conflict.owner == B and r.conflict.exclusive
    rc = queued(m, C, 0, 10, False)
    assert m.test(F, C, 0, 10, False) is None  # TEST reports held locks only
    m.unlock(F, A, 0, 10)
    assert m.take_grants() == [wr]
    m.unlock(F, B, 0, 10)
    assert m.take_grants() == [rc]


def test_later_request_on_other_bytes_passes() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    queued(m, B, 0, 10, True)
    assert m.lock(F, C, 10, 20, True) == Granted()


def test_holder_upgrade_passes_the_waiter_it_blocks() -> None:
    # A must not yield to B: B waits for A, so that would deadlock A (fs/locks.c grants it).
    m = LockManager()
    m.lock(F, A, 0, 10, False)
    w = queued(m, B, 0, 10, True)
    assert m.lock(F, A, 0, 10, True) == Granted()
    assert held(m) == [("W", 0, 10)] and w.state == "queued"
    m.release_owner(A)
    assert m.take_grants() == [w]


def test_repeated_blocking_request_is_the_same_waiter() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    w = queued(m, B, 0, 10, True)
    assert queued(m, B, 0, 10, True) is w
    assert len(m.waiters(F)) == 1
    assert m.find_waiter(F, B, 0, 10, True) is w
    assert m.find_waiter(F, B, 0, 10, False) is None


def test_cancel() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    wb = queued(m, B, 0, 10, True)
    rc = queued(m, C, 0, 10, False)
    assert m.cancel(wb) and wb.state == "cancelled"
    assert m.cancel(wb) is False
    assert m.waiters(F) == [rc] and not m.holds_state(B)
    m.unlock(F, A, 0, 10)
    assert m.take_grants() == [rc]
    assert m.cancel(rc) is False  # already granted


def test_cancel_frees_a_later_waiter_that_yielded() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, False)
    wb = queued(m, B, 0, 10, True)
    rc = queued(m, C, 0, 10, False)  # yields to B only
    m.cancel(wb)
    assert m.take_grants() == [rc]


def test_deadlock_two_owners() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    m.lock(G, B, 0, 10, True)
    queued(m, A, 0, 10, True, file=G)  # A waits for B
    with pytest.raises(LockError) as e:
        m.lock(F, B, 0, 10, True, block=True)  # B would wait for A
    assert e.value.kind is LockErrorKind.DEADLOCK
    # non-blocking is no deadlock: just denied
    assert isinstance(m.lock(F, B, 0, 10, True), Denied)


def test_deadlock_three_owners_through_ranges() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    m.lock(F, B, 10, 20, True)
    m.lock(F, C, 20, 30, False)
    queued(m, A, 15, 16, False)  # A -> B
    queued(m, B, 25, 26, True)  # B -> C
    with pytest.raises(LockError) as e:
        m.lock(F, C, 5, 6, True, block=True)  # C -> A closes the cycle
    assert e.value.kind is LockErrorKind.DEADLOCK
    queued(m, D, 5, 6, True)  # D is in no cycle


def test_no_deadlock_when_the_cycle_is_only_fairness() -> None:
    # C yields to B's queued writer; A then waits for C: not a deadlock, C is let through.
    m = LockManager()
    m.lock(F, A, 0, 10, False)
    m.lock(G, C, 0, 10, True)
    wb = queued(m, B, 0, 10, True, file=F)  # B -> A (held)
    rc = queued(m, C, 0, 10, False, file=F)  # C yields to B
    wa = queued(m, A, 0, 10, True, file=G)  # A -> C (held): C must not wait behind B now
    assert m.take_grants() == [rc]
    assert wa.state == "queued" and wb.state == "queued"
    m.release_owner(C)
    assert m.take_grants() == [wa]


def test_release_owner_frees_locks_and_waiters_everywhere() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    m.lock(G, A, 0, EOF, False)
    m.lock(F, B, 20, 30, True)
    wa = queued(m, A, 20, 30, False)
    wc = queued(m, C, 0, 10, True)
    wd = queued(m, D, 0, 1, True, file=G)
    m.release_owner(A)
    assert wa.state == "cancelled"
    assert m.take_grants() == [wc, wd]
    assert not m.holds_state(A) and m.client_lock_count(A.client) == 0
    assert held(m, owner=B) == [("W", 20, 30)]


def test_release_client_frees_all_its_owners_only() -> None:
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    m.lock(F, A2, 10, 20, True)
    m.lock(G, A2, 0, 1, True)
    m.lock(F, B, 20, 30, True)
    m.lock(F, B_ON_1, 30, 40, True)
    wc = queued(m, C, 0, 20, True)
    m.release_client("client-1")
    assert m.take_grants() == [wc]
    assert held(m, G) == []
    assert sorted(held(m)) == [("W", 0, 20), ("W", 20, 30)]
    assert m.client_lock_count("client-1") == 0
    assert not m.holds_state(A2) and not m.holds_state(B_ON_1)
    m.release_client("client-1")  # idempotent


def test_grace_only_reclaims() -> None:
    m = LockManager(grace=True)
    for call in (lambda: m.lock(F, A, 0, 10, True), lambda: m.test(F, A, 0, 10, True)):
        with pytest.raises(LockError) as e:
            call()
        assert e.value.kind is LockErrorKind.GRACE
    assert m.lock(F, A, 0, 10, True, reclaim=True) == Granted()
    assert isinstance(m.lock(F, B, 0, 10, False, reclaim=True), Denied)
    m.grace = False
    with pytest.raises(LockError) as e:
        m.lock(F, B, 20, 30, True, reclaim=True)
    assert e.value.kind is LockErrorKind.NO_GRACE
    assert m.lock(F, B, 20, 30, True) == Granted()
    got = m.test(F, B, 0, 1, False)
    assert got is not None and got.owner == A


def test_cap_on_locks_per_client() -> None:
    m = LockManager(max_locks_per_client=3)
    for i in range(3):
        assert m.lock(F, A, 10 * i, 10 * i + 5, True) == Granted()
    with pytest.raises(LockError) as e:
        m.lock(G, A2, 0, 1, True)  # another owner of the same client: same budget
    assert e.value.kind is LockErrorKind.NO_RESOURCES
    with pytest.raises(LockError):
        m.unlock(F, A, 1, 2)  # a split would make a fourth record
    with pytest.raises(LockError):
        m.lock(F, A, 12, 13, False)  # so would a downgrade in the middle
    assert m.lock(F, A, 0, 15, True) == Granted()  # merging shrinks: always allowed
    assert m.client_lock_count(A.client) == 2
    assert m.lock(F, B, 100, 101, True) == Granted()  # other clients are not affected
    assert m.lock(G, A, 0, 1, True) == Granted()
    with pytest.raises(LockError):
        m.lock(G, A, 5, 6, True)
    assert held(m, G, A) == [("W", 0, 1)]
    assert held(m, owner=A) == [("W", 0, 15), ("W", 20, 25)]


def test_cap_on_waiters_per_file() -> None:
    m = LockManager(max_waiters_per_file=2)
    m.lock(F, A, 0, 10, True)
    queued(m, B, 0, 10, True)
    queued(m, C, 0, 10, True)
    with pytest.raises(LockError) as e:
        m.lock(F, D, 0, 10, True, block=True)
    assert e.value.kind is LockErrorKind.NO_RESOURCES
    assert len(m.waiters(F)) == 2
    m.lock(G, A, 0, 10, True)
    queued(m, D, 0, 10, True, file=G)  # the cap is per file


def test_memory_is_returned() -> None:
    m = LockManager()
    for i in range(50):
        m.lock(("f", i), Owner(i % 5, i), 0, 10, True)
        queued(m, Owner("x", i), 0, 10, True, file=("f", i))
    for c in range(5):
        m.release_client(c)
    m.release_client("x")
    assert m._files == {} and m._owner_files == {} and m._waiting == {}
    assert m._client_locks == {}


def test_bad_range_is_a_caller_bug() -> None:
    with pytest.raises(ValueError):
        LockManager().lock(F, A, 10, 10, True)
    with pytest.raises(ValueError):
        LockManager().lock(F, A, 0, EOF + 1, True)


def test_lock_repr() -> None:
    assert "EOF" in repr(Lock(A, 0, EOF, True))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_abandoned_waiter_expires_and_stops_blocking_later_arrivals() -> None:
    clock = FakeClock()
    m = LockManager(clock=clock)
    m.lock(F, A, 0, 10, False)
    wb = m.lock(F, B, 0, 10, True, block=True, wait_for=90.0)
    assert isinstance(wb, Queued) and m.next_deadline() == 1090.0
    assert isinstance(m.lock(F, C, 0, 10, False), Denied)  # C yields to B's waiter
    clock.now = 1060.0
    assert m.lock(F, B, 0, 10, True, block=True, wait_for=90.0) == wb  # a poll renews it
    clock.now = 1100.0
    assert m.expire_waiters() == []
    assert m.next_deadline() == 1150.0
    clock.now = 1150.0
    assert m.expire_waiters() == [wb.waiter] and wb.waiter.state == "cancelled"
    assert m.next_deadline() is None and not m.holds_state(B)
    assert m.lock(F, C, 0, 10, False) == Granted()


def test_expiry_grants_a_waiter_that_yielded() -> None:
    clock = FakeClock()
    m = LockManager(clock=clock)
    m.lock(F, A, 0, 10, False)
    m.lock(F, B, 0, 10, True, block=True, wait_for=5.0)
    rc = queued(m, C, 0, 10, False)  # no deadline: an NLM waiter
    clock.now += 5
    m.expire_waiters()
    assert m.take_grants() == [rc]


def test_wait_for_needs_a_clock() -> None:
    with pytest.raises(ValueError):
        LockManager().lock(F, A, 0, 1, True, block=True, wait_for=1.0)
    assert LockManager().expire_waiters() == []


def test_release_client_grants_nothing_to_its_own_owners() -> None:
    # A's release must not hand the bytes to A2's waiter: A2 is being released too.
    m = LockManager()
    m.lock(F, A, 0, 10, True)
    w = queued(m, A2, 0, 10, False)
    wc = queued(m, C, 0, 10, False)
    m.release_client(A.client)
    assert m.take_grants() == [wc] and w.state == "cancelled"
    assert held(m) == [("R", 0, 10)]


def test_grant_listeners_are_told_after_a_change_that_grants() -> None:
    m = LockManager()
    told: list[int] = []
    m.grant_listeners.append(lambda: told.append(len(m.waiters("f"))))
    a, b = Owner("a", 1), Owner("b", 1)
    m.lock("f", a, 0, 10, True)
    m.lock("f", b, 0, 10, True, block=True)
    assert told == []  # nothing granted yet
    m.unlock("f", a, 0, 10)
    assert told == [0]  # once, after the waiter was granted
    assert [w.owner for w in m.take_grants()] == [b]
