"""The NLM share reservation table (sans-I/O): conflicts, replacement, release, the cap."""

from __future__ import annotations

import pytest

from nfsrdma.locks.manager import LockError, LockErrorKind, Owner
from nfsrdma.nlm.shares import ShareTable

R, W, RW = 1, 2, 3  # fsa_*
DN, DR, DW, DRW = 0, 1, 2, 3  # fsm_*
A1, A2, B1 = Owner("a", 1), Owner("a", 2), Owner("b", 1)


@pytest.mark.parametrize(("held", "new", "ok"), [
    ((RW, DN), (RW, DN), True),
    ((R, DW), (R, DN), True),
    ((R, DW), (W, DN), False),   # the new access meets the held deny
    ((W, DN), (R, DW), False),   # the new deny meets the held access
    ((R, DR), (W, DW), True),    # each denies only what the other does not do
    ((R, DR), (R, DN), False),
    ((R, DRW), (0, DN), True),   # no access, no deny: nothing to meet
])
def test_conflict_rules(held: tuple[int, int], new: tuple[int, int], ok: bool) -> None:
    t = ShareTable()
    assert t.share("f", A1, *held)
    assert t.share("f", B1, *new) is ok
    assert t.share("g", B1, *new)  # another file: never


def test_own_share_is_replaced_and_released() -> None:
    t = ShareTable()
    assert t.share("f", A1, RW, DRW)
    assert t.share("f", A1, R, DN)  # the same owner updates its own
    assert t.shares("f") == {A1: (R, DN)}
    assert t.share("f", B1, R, DN)
    t.unshare("f", A1)
    t.unshare("f", A1)  # nothing held: fine
    assert t.shares("f") == {B1: (R, DN)}
    assert t.share("f", A2, W, DN)
    assert t.release_client("a") == 1
    assert t.release_client("a") == 0
    assert t.shares("f") == {B1: (R, DN)}


def test_cap_per_client() -> None:
    t = ShareTable(max_per_client=2)
    assert t.share("f", A1, R, DN) and t.share("g", A1, R, DN)
    with pytest.raises(LockError) as e:
        t.share("h", A2, R, DN)
    assert e.value.kind is LockErrorKind.NO_RESOURCES
    assert t.share("f", A1, RW, DN)  # replacing one is not a new one
    assert t.share("h", B1, R, DN)  # another client has its own budget
