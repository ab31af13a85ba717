"""Property tests: the manager against a brute-force model that keeps every owner's lock type
per byte, and the blocking queue's invariants under random requests, cancels and releases.

Ranges are drawn with ends from a few points, some of them near 2**64, so a "byte" of the
model is an elementary segment between two neighbouring points: every drawn range is a union
of segments, which makes the per-segment model exact for 64-bit offsets."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from nfsrdma.locks.manager import Denied, Granted, LockError, LockManager, Owner, Queued
from nfsrdma.locks.ranges import EOF

POINTS = [0, 1, 2, 3, 5, 8, 13, (1 << 63) - 1, 1 << 63, EOF - 2, EOF - 1, EOF]
SEGS = len(POINTS) - 1
OWNERS = [Owner("c1", "a"), Owner("c1", "b"), Owner("c2", "a"), Owner("c3", "x")]
FILES = ["f", "g"]

spans = st.tuples(st.integers(0, SEGS - 1), st.integers(1, SEGS)).map(
    lambda t: (min(t[0], t[1] - 1), max(t[0] + 1, t[1])))
owners = st.integers(0, len(OWNERS) - 1)
files = st.sampled_from(FILES)
ops = st.one_of(
    st.tuples(st.just("lock"), files, owners, spans, st.booleans()),
    st.tuples(st.just("unlock"), files, owners, spans, st.just(False)),
    st.tuples(st.just("test"), files, owners, spans, st.booleans()),
    st.tuples(st.just("release_owner"), files, owners, spans, st.just(False)),
    st.tuples(st.just("release_client"), files, owners, spans, st.just(False)),
)

Model = dict[tuple[str, Owner], list[str | None]]  # (file, owner) -> type per segment


def _model_conflict(model: Model, file: str, owner: Owner, i: int, j: int, excl: bool) -> bool:
    return any(f == file and o != owner and t is not None and (excl or t == "W")
               for (f, o), seg in model.items() for t in seg[i:j])


def _runs(seg: list[str | None]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for k, t in enumerate(seg):
        if t is None:
            continue
        if out and out[-1][0] == t and out[-1][2] == POINTS[k]:
            out[-1] = (t, out[-1][1], POINTS[k + 1])
        else:
            out.append((t, POINTS[k], POINTS[k + 1]))
    return out


@settings(deadline=None, max_examples=400)
@given(st.lists(ops, max_size=40))
def test_manager_matches_per_byte_model(script: list[tuple[str, str, int, tuple[int, int],
                                                           bool]]) -> None:
    m = LockManager()
    model: Model = {(f, o): [None] * SEGS for f in FILES for o in OWNERS}
    for op, file, oi, (i, j), excl in script:
        owner, start, end = OWNERS[oi], POINTS[i], POINTS[j]
        conflict = _model_conflict(model, file, owner, i, j, excl)
        if op == "lock":
            r = m.lock(file, owner, start, end, excl)
            assert (r == Granted()) is not conflict
            if not conflict:
                model[file, owner][i:j] = ["W" if excl else "R"] * (j - i)
            else:
                assert isinstance(r, Denied)
        elif op == "unlock":
            m.unlock(file, owner, start, end)
            model[file, owner][i:j] = [None] * (j - i)
        elif op == "test":
            got = m.test(file, owner, start, end, excl)
            assert (got is not None) is conflict
            if got is not None:
                assert got.owner != owner and got.start < end and start < got.end
                assert excl or got.exclusive
                assert any(lk.start == got.start and lk.end == got.end
                           for lk in m.locks(file, got.owner))
        elif op == "release_owner":
            m.release_owner(owner)
            for f in FILES:
                model[f, owner] = [None] * SEGS
        else:
            m.release_client(owner.client)
            for f in FILES:
                for o in OWNERS:
                    if o.client == owner.client:
                        model[f, o] = [None] * SEGS
        for (f, o), seg in model.items():
            got_runs = [("W" if lk.exclusive else "R", lk.start, lk.end) for lk in m.locks(f, o)]
            assert got_runs == _runs(seg), (f, o)
        for c in {o.client for o in OWNERS}:
            assert m.client_lock_count(c) == sum(
                len(_runs(seg)) for (f, o), seg in model.items() if o.client == c)
        assert m.take_grants() == []  # nothing ever blocked


blocking_ops = st.one_of(
    st.tuples(st.just("lock"), files, owners, spans, st.booleans(), st.booleans()),
    st.tuples(st.just("unlock"), files, owners, spans, st.just(False), st.just(False)),
    st.tuples(st.just("cancel"), files, owners, spans, st.just(False), st.just(False)),
    st.tuples(st.just("release_owner"), files, owners, spans, st.just(False), st.just(False)),
    st.tuples(st.just("release_client"), files, owners, spans, st.just(False), st.just(False)),
)


def _conflict(a: tuple[Owner, int, int, bool], b: tuple[Owner, int, int, bool]) -> bool:
    return a[0] != b[0] and a[1] < b[2] and b[1] < a[2] and (a[3] or b[3])


def _check_invariants(m: LockManager) -> None:
    for file in FILES:
        held = [(lk.owner, lk.start, lk.end, lk.exclusive) for lk in m.locks(file)]
        for x in held:
            assert not any(_conflict(x, y) for y in held), "held locks conflict"
        for o in OWNERS:
            mine = m.locks(file, o)
            for p, q in itertools.pairwise(mine):
                assert p.end < q.start or (p.end == q.start and p.exclusive != q.exclusive)
        queue = m.waiters(file)
        for k, w in enumerate(queue):
            me = (w.owner, w.start, w.end, w.exclusive)
            # no lost wake-up: every waiter is blocked by a held lock or an earlier waiter
            assert any(_conflict(me, x) for x in held) or any(
                _conflict(me, (v.owner, v.start, v.end, v.exclusive)) for v in queue[:k])
            assert w.state == "queued"
    # no deadlock: the owners' wait-for graph through held locks has no cycle
    edges: dict[Owner, set[Owner]] = {o: set() for o in OWNERS}
    for file in FILES:
        for w in m.waiters(file):
            for lk in m.locks(file):
                if _conflict((w.owner, w.start, w.end, w.exclusive),
                             (lk.owner, lk.start, lk.end, lk.exclusive)):
                    edges[w.owner].add(lk.owner)
    state: dict[Owner, int] = {}

    def acyclic(o: Owner) -> bool:
        state[o] = 1
        for d in edges[o]:
            if state.get(d) == 1 or (d not in state and not acyclic(d)):
                return False
        state[o] = 2
        return True

    assert all(acyclic(o) for o in OWNERS if o not in state)


@settings(deadline=None, max_examples=300)
@given(st.lists(blocking_ops, max_size=40))
def test_blocking_queue_invariants(script: list[tuple[str, str, int, tuple[int, int], bool,
                                                      bool]]) -> None:
    m = LockManager()
    for op, file, oi, (i, j), excl, block in script:
        owner, start, end = OWNERS[oi], POINTS[i], POINTS[j]
        if op == "lock":
            try:
                r = m.lock(file, owner, start, end, excl, block=block)
            except LockError:
                pass
            else:
                assert isinstance(r, Queued if block and r != Granted() else (Granted, Denied))
        elif op == "unlock":
            m.unlock(file, owner, start, end)
        elif op == "cancel":
            for w in m.waiters(file):
                if w.owner == owner:
                    assert m.cancel(w)
                    break
        elif op == "release_owner":
            m.release_owner(owner)
        else:
            m.release_client(owner.client)
        for w in m.take_grants():
            # granted and held now (a later grant of the same owner may change the type only)
            assert w.state == "granted"
            at = w.start
            for lk in m.locks(w.file, w.owner):
                if lk.start <= at < lk.end:
                    at = lk.end
            assert at >= w.end, (w, m.locks(w.file, w.owner))
        _check_invariants(m)
    # liveness: unlocking everything held (waiters stay) grants someone each round
    for _ in range(len(OWNERS) * len(FILES) * 40 + 1):
        if not any(m.waiters(f) for f in FILES):
            break
        for f in FILES:
            for o in OWNERS:
                m.unlock(f, o, 0, EOF)
        assert m.take_grants(), "waiters left behind with nothing held"
        _check_invariants(m)
    assert not any(m.waiters(f) for f in FILES)
