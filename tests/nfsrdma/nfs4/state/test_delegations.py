"""Read delegations (nfs4/state/delegations.py rules 1-5) with a fake clock."""

from __future__ import annotations

import pytest

from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.delegations import DelegationTable
from nfsrdma.nfs4.state.stateids import StateidTable, StateKind

A, B = 7 << 32 | 1, 7 << 32 | 2
F, G = (1, b"f"), (1, b"g")
READ, WRITE, BOTH = 1, 2, 3


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def table() -> tuple[DelegationTable, StateidTable, Clock]:
    clock = Clock()
    ids = StateidTable(7, clock)
    return DelegationTable(ids, clock, 90.0), ids, clock


def never() -> bool:
    return False


def test_grant_only_for_read_without_deny_or_writers() -> None:
    t, ids, _ = table()
    assert not t.may_grant(F, A, BOTH, 0, never)
    assert not t.may_grant(F, A, WRITE, 0, never)
    assert not t.may_grant(F, A, READ, 1, never)
    assert not t.may_grant(F, A, READ, 0, lambda: True)  # another client writes
    assert t.may_grant(F, A, READ, 0, never)
    d = t.grant(F, A, b"fh-f")
    st = ids.check(*d.state.stateid, 1)
    assert st.kind is StateKind.DELEG and st.ref is d
    assert not t.may_grant(F, A, READ, 0, never)  # one per client and file
    assert t.may_grant(F, B, READ, 0, never)  # readers share


def test_conflicts_recall_once_and_return() -> None:
    t, ids, _ = table()
    d = t.grant(F, A, b"fh")
    assert t.conflicts(F, B, READ, 0) == []  # another reader: no conflict
    assert t.conflicts(F, A, BOTH, 3) == []  # the holder's own opens never conflict
    assert t.conflicts(G, B, WRITE, 0) == []
    assert t.conflicts(F, B, WRITE, 0) == [d]
    assert t.conflicts(F, B, READ, 1) == [d]  # denying read
    assert t.recalling(d) and not t.recalling(d)
    assert not t.may_grant(F, B, READ, 0, never)  # not while a recall runs
    t.returned(d)
    assert t.conflicts(F, B, WRITE, 0) == [] and len(t) == 0
    with pytest.raises(Nfs4Error) as e:
        ids.check(*d.state.stateid, 1)
    assert e.value.status == S.NFS4ERR_BAD_STATEID


def test_recall_unanswered_for_a_lease_is_revoked() -> None:
    t, ids, clock = table()
    d = t.grant(F, A, b"fh")
    other = t.grant(G, A, b"fh-g")
    assert t.revoke_overdue() == ([], None)  # nothing recalled, nothing due
    t.recalling(d)
    clock.now += 60
    assert t.revoke_overdue() == ([], 30.0)
    clock.now += 30
    assert t.revoke_overdue() == ([d], None)
    assert t.conflicts(F, B, WRITE, 0) == [] and t.on_file(G) == [other]
    with pytest.raises(Nfs4Error) as e:
        ids.check(*d.state.stateid, 1)
    assert e.value.status == S.NFS4ERR_EXPIRED
    assert t.has_revoked(A) and not t.has_revoked(B)
    t.forget(d.state.other)
    assert not t.has_revoked(A)


def test_client_expiry_takes_its_delegations() -> None:
    t, ids, clock = table()
    d = t.grant(F, A, b"fh")
    t.grant(F, B, b"fh")
    gone = t.grant(G, A, b"fh-g")
    t.recalling(gone)
    clock.now += 91
    t.revoke_overdue()
    assert t.expire_client(A) == 1
    assert [x.client for x in t.on_file(F)] == [B] and not t.has_revoked(A)
    assert ids.find(d.state.other) is None


def test_holds() -> None:
    t, _, _ = table()
    d = t.grant(F, A, b"fh")
    assert t.holds(A) and not t.holds(B)
    t.returned(d)
    assert not t.holds(A)
