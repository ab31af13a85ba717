"""Delegations (nfs4/state/delegations.py rules 1-6) with a fake clock."""

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


def never(any_access: bool) -> bool:
    return False


def test_grant_only_for_read_without_deny_or_writers() -> None:
    t, ids, _ = table()
    assert not t.may_grant(F, A, BOTH, 0, never)
    assert not t.may_grant(F, A, WRITE, 0, never)
    assert not t.may_grant(F, A, READ, 1, never)
    assert not t.may_grant(F, A, READ, 0, lambda any_access: True)  # another client writes
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
        ids.check(*d.state.stateid, 0)
    assert e.value.status == S.NFS4ERR_EXPIRED
    with pytest.raises(Nfs4Error) as e:
        ids.check(*d.state.stateid, 1)
    assert e.value.status == S.NFS4ERR_DELEG_REVOKED  # 4.1 names it (RFC 8881 8.2.4)
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


def test_write_delegation_only_for_the_sole_user_reading_and_writing() -> None:
    t, ids, _ = table()
    asked: list[bool] = []

    def others(any_access: bool) -> bool:
        asked.append(any_access)
        return False

    assert not t.may_grant(F, A, WRITE, 0, others, write=True)  # needs read access too
    assert not t.may_grant(F, A, BOTH, 2, others, write=True)  # no deny
    assert not t.may_grant(F, A, BOTH, 0, lambda any_access: any_access, write=True)
    assert t.may_grant(F, A, BOTH, 0, others, write=True) and asked[-1] is True
    d = t.grant(F, A, b"fh", write=True, change=50)
    assert d.write and ids.check(*d.state.stateid, 1).ref is d
    assert not t.may_grant(F, B, READ, 0, never)  # nobody shares a write delegation
    assert not t.may_grant(F, B, BOTH, 0, never, write=True)
    r = t.grant(G, B, b"fh-g")
    assert not t.may_grant(G, A, BOTH, 0, never, write=True)  # a reader holds G
    # Any other client's open conflicts with a write delegation; a reader's only with a
    # change.
    assert t.conflicts(F, B, READ, 0) == [d] and t.conflicts(F, A, READ, 0) == []
    assert t.changes(F, False, None) == [d] and t.changes(F, True, A) == []
    assert t.changes(G, False, None) == [] and t.changes(G, True, None) == [r]
    assert t.changes(G, True, B) == [] and t.changes((9, b"x"), True, None) == []
    assert t.write_deleg(F, B) is d and t.write_deleg(F, A) is None
    assert t.write_deleg(G, A) is None


def test_a_recalled_file_is_not_delegated_again_for_a_lease() -> None:
    t, _, clock = table()
    d = t.grant(F, A, b"fh")
    t.recalling(d)
    t.returned(d)
    assert not t.may_grant(F, A, READ, 0, never)
    clock.now += 90
    t.revoke_overdue()
    assert t.may_grant(F, A, READ, 0, never)


def test_cb_getattr_answers_move_size_and_change() -> None:
    t, _, _ = table()
    d = t.grant(F, A, b"fh", write=True, change=50)
    # Nothing changed: the file's own values.
    assert t.cb_attrs(d, 50, 10, 50, 10) == (50, 10)
    # The holder wrote 5 bytes it keeps cached: its size, a change past the server's.
    assert t.cb_attrs(d, 51, 5, 50, 10) == (51, 5)
    # Asked again with nothing new: the same values, no further bump.
    assert t.cb_attrs(d, 51, 5, 50, 10) == (51, 5)
    # It changed the size again: the change attribute moves on.
    assert t.cb_attrs(d, 51, 7, 50, 10) == (52, 7)
    # The server's own change attribute passed what was served: served as it is.
    assert t.cb_attrs(d, 51, 7, 60, 7) == (60, 7)
