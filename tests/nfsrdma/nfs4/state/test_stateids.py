"""Stateid rules (nfsrdma/nfs4/state/stateids.py's docstring), values in and out."""

from __future__ import annotations

import pytest

from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.stateids import (
    Special,
    StateidTable,
    StateKind,
    classify,
    next_seqid,
)


def table(boot: int = 1000) -> StateidTable:
    return StateidTable(boot, lambda: 0.0)


def status(fn: object, *args: object) -> S:
    with pytest.raises(Nfs4Error) as e:
        fn(*args)  # type: ignore[operator]
    return e.value.status


def test_other_is_boot_and_a_counter_never_reused() -> None:
    t = table(0x01020304)
    a, b = t.new(StateKind.OPEN, 7), t.new(StateKind.OPEN, 7)
    assert a.other[:4] == b"\x01\x02\x03\x04" and len(a.other) == 12
    assert a.other != b.other and a.seqid == b.seqid == 1
    t.free(a)
    c = t.new(StateKind.OPEN, 7)
    assert c.other not in (a.other, b.other)


@pytest.mark.parametrize(("seqid", "other", "kind"), [
    (0, b"\0" * 12, Special.ANONYMOUS),
    (0xFFFFFFFF, b"\xff" * 12, Special.READ_BYPASS),
    (1, b"\0" * 12, Special.CURRENT),
    (0xFFFFFFFF, b"\0" * 12, Special.INVALID),
    (5, b"\0" * 12, Special.INVALID),
    (0, b"\xff" * 12, Special.INVALID),
    (0, b"\0" * 11 + b"\1", Special.NONE),
])
def test_special_stateids(seqid: int, other: bytes, kind: Special) -> None:
    assert classify(seqid, other) is kind


def test_lookup_rules() -> None:
    t = table(1000)
    st = t.new(StateKind.OPEN, 1)
    st.bump()
    st.bump()  # seqid 3
    assert t.check(3, st.other, 0) is st
    assert status(t.check, 2, st.other, 0) == S.NFS4ERR_OLD_STATEID
    assert status(t.check, 4, st.other, 0) == S.NFS4ERR_BAD_STATEID
    # seqid 0 means "the current one" in 4.1 only (RFC 8881 8.2.2)
    assert t.check(0, st.other, 1) is st
    assert status(t.check, 0, st.other, 0) == S.NFS4ERR_OLD_STATEID
    forged = st.other[:4] + b"\0\0\0\0\0\0\x99\x99"
    assert status(t.check, 1, forged, 1) == S.NFS4ERR_BAD_STATEID
    other_boot = b"\0\0\x03\xe9" + st.other[4:]
    assert status(t.check, 3, other_boot, 0) == S.NFS4ERR_STALE_STATEID
    t.revoke(st)
    assert status(t.check, 3, st.other, 1) == S.NFS4ERR_EXPIRED
    t.free(st)
    assert status(t.check, 3, st.other, 1) == S.NFS4ERR_BAD_STATEID


def test_a_stateid_names_its_client_and_is_expired_once_the_client_is_gone() -> None:
    gone = {0x03E8_0000_0002}
    t = StateidTable(1000, lambda: 0.0, client_known=lambda cid: cid not in gone)
    mine, theirs = t.new(StateKind.OPEN, 0x03E8_0000_0001), t.new(StateKind.OPEN, 0x03E8_0000_0002)
    assert t.client_of(mine.other) == 0x03E8_0000_0001
    assert t.client_of(theirs.other) == 0x03E8_0000_0002
    t.free(mine)
    t.free(theirs)
    # 4.0: freed with a live client is BAD_STATEID, with its client gone EXPIRED (knfsd)
    assert status(t.check, 1, mine.other, 0) == S.NFS4ERR_BAD_STATEID
    assert status(t.check, 1, theirs.other, 0) == S.NFS4ERR_EXPIRED
    assert status(t.check, 1, theirs.other, 1) == S.NFS4ERR_BAD_STATEID  # 4.1: all BAD


def test_counter_wraps_past_states_still_in_use() -> None:
    t = table()
    first = t.new(StateKind.OPEN, 7)
    t._counter = 0xFFFFFFFF  # the next one wraps to 1: first's, still in use
    nxt = t.new(StateKind.OPEN, 7)
    assert nxt.other != first.other and nxt.other[8:] == b"\0\0\0\x02"


def test_seqid_wraps_to_one_and_old_across_the_wrap() -> None:
    assert next_seqid(0xFFFFFFFF) == 1
    assert next_seqid(41) == 42
    t = table()
    st = t.new(StateKind.OPEN, 1)
    st.seqid = 0xFFFFFFFF
    st.bump()
    assert st.seqid == 1
    assert status(t.check, 0xFFFFFFFF, st.other, 0) == S.NFS4ERR_OLD_STATEID


def test_drop_client_forgets_only_its_states() -> None:
    t = table()
    a, b = t.new(StateKind.OPEN, 1), t.new(StateKind.LOCK, 2)
    assert t.drop_client(1) == 1
    assert t.find(a.other) is None and t.find(b.other) is b
