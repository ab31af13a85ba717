"""NFSv4 byte-range locks (LOCK, LOCKT, LOCKU, RELEASE_LOCKOWNER) against a running server
over real TCP sockets, two or three clients at once (RFC 8881 9, 18.10-18.12; RFC 7530 9.1.7).

Adds beyond the lock manager's and lock-owner table's unit tests: the ops decode real
COMPOUNDs and the conflicting owner comes back in LOCK4denied as the other client named it;
split/merge, upgrade/downgrade seen by another client's LOCKT; a polling READW/WRITEW client
granted in arrival order; the lease timer of the real server freeing an expired client's
locks; 4.0 retransmissions answered from the lock-owner's replay cache; CLOSE /
RELEASE_LOCKOWNER / FREE_STATEID with locks held; I/O with a lock stateid.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from rpc.buffer import BytesPayload
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import encode, mount_root
from tests.nfsrdma.nfs4._v4 import V4, getfh, op, op_status, putfh
from tests.nfsrdma.nfs4.test_open_41 import Session
from tests.nfsrdma.nfs4.test_open_io import B, Client, R

LEASE = 2
TO_EOF = 0xFFFFFFFFFFFFFFFF
_files = itertools.count(1)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    srv = make_server(tmp_path_factory.mktemp("v4lock"), "--lease-time", str(LEASE))
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture(scope="module")
def root(server: ServerProc) -> bytes:
    return mount_root(server.mount_port, server.export)


class Locker(Client):
    """A 4.0 client that also locks: one open of the file and a lock stateid per lock-owner
    (open_to_lock_owner4 the first time, exist_lock_owner4 after), seqids tracked as the
    RFC says (every status but BAD_SEQID & co advances them)."""

    def __init__(self, server: ServerProc, root: bytes) -> None:
        super().__init__(server, root)
        self.lock_sids: dict[bytes, p.stateid4] = {}
        self.lock_seqids: dict[bytes, int] = {}

    def lock_args(self, fh_sid: p.stateid4, lo: bytes, kind: int, offset: int, length: int,
                  *, reclaim: bool = False, owner: bytes = b"o1") -> p.LOCK4args:
        if lo in self.lock_sids:
            locker = p.locker4(False, p.exist_lock_owner4(self.lock_sids[lo],
                                                           self.lock_seqids[lo]))
        else:
            locker = p.locker4(True, p.open_to_lock_owner4(
                self.seqid(owner, advance=False), fh_sid, self.lock_seqids.get(lo, 0),
                p.state_owner4(self.clientid, lo)))
        return p.LOCK4args(kind, reclaim, offset, length, locker)

    def lock(self, fh: bytes, sid: p.stateid4, lo: bytes, kind: int, offset: int,
             length: int) -> p.LOCK4res:
        """LOCK; returns its result (OK or DENIED or another status), seqids advanced."""
        args = self.lock_args(sid, lo, kind, offset, length)
        res = self.v4.compound([putfh(fh), op(O.OP_LOCK, args)])
        r = res.resarray[-1].value
        self._advance(lo, args.locker.tag, r.tag)
        if r.tag == S.NFS4_OK:
            self.lock_sids[lo] = r.resok4.lock_stateid
        return r  # type: ignore[no-any-return]

    def _advance(self, lo: bytes, new: bool, status: int) -> None:
        if status in (S.NFS4ERR_BAD_SEQID, S.NFS4ERR_BAD_STATEID, S.NFS4ERR_STALE_CLIENTID,
                      S.NFS4ERR_STALE_STATEID):
            return
        if new:
            self.seqid(b"o1")
        self.lock_seqids[lo] = self.lock_seqids.get(lo, 0) + 1

    def unlock(self, fh: bytes, lo: bytes, offset: int, length: int) -> p.LOCKU4res:
        args = p.LOCKU4args(p.WRITE_LT, self.lock_seqids[lo], self.lock_sids[lo], offset,
                            length)
        res = self.v4.compound([putfh(fh), op(O.OP_LOCKU, args)])
        r = res.resarray[-1].value
        self._advance(lo, False, r.tag)
        if r.tag == S.NFS4_OK:
            self.lock_sids[lo] = r.lock_stateid
        return r  # type: ignore[no-any-return]

    def test(self, fh: bytes, lo: bytes, kind: int, offset: int, length: int) -> p.LOCKT4res:
        res = self.v4.compound([putfh(fh), op(O.OP_LOCKT, p.LOCKT4args(
            kind, offset, length, p.state_owner4(self.clientid, lo)))])
        return res.resarray[-1].value  # type: ignore[no-any-return]


def denied(r: p.LOCK4res | p.LOCKT4res) -> tuple[int, int, int, int, bytes]:
    assert r.tag == S.NFS4ERR_DENIED, S(r.tag).name
    d = r.value
    return d.offset, d.length, d.locktype, d.owner.clientid, bytes(d.owner.owner)


def status(r: p.LOCK4res | p.LOCKT4res | p.LOCKU4res) -> S:
    return S(r.tag)


@pytest.fixture
def two(server: ServerProc, root: bytes) -> Iterator[tuple[Locker, Locker, bytes]]:
    """Two 4.0 clients with the same new file open for read and write."""
    a, b = Locker(server, root), Locker(server, root)
    name = b"lk%d" % next(_files)
    a.file = a.open(name, B, create=True)  # type: ignore[attr-defined]
    b.file = b.open(name, B)  # type: ignore[attr-defined]
    yield a, b, name
    a.close_conn()
    b.close_conn()


def test_two_clients_conflict_and_denied_names_the_holder(
        two: tuple[Locker, Locker, bytes]) -> None:
    a, b, _ = two
    (fa, sa), (fb, sb) = a.file, b.file  # type: ignore[attr-defined]
    r = a.lock(fa, sa, b"proc-a", p.WRITE_LT, 0, 100)
    assert status(r) == S.NFS4_OK and r.resok4.lock_stateid.seqid == 1
    assert r.resok4.lock_stateid.other != sa.other
    assert denied(b.lock(fb, sb, b"proc-b", p.WRITE_LT, 50, 10)) == (
        0, 100, p.WRITE_LT, a.clientid, b"proc-a")
    assert denied(b.lock(fb, sb, b"proc-b", p.READ_LT, 99, TO_EOF)) == (
        0, 100, p.WRITE_LT, a.clientid, b"proc-a")
    assert status(b.lock(fb, sb, b"proc-b", p.READ_LT, 100, TO_EOF)) == S.NFS4_OK
    # LOCKT: the holder's own owner sees no conflict; another owner of the same client does
    assert status(a.test(fa, b"proc-a", p.WRITE_LT, 0, 100)) == S.NFS4_OK
    assert denied(a.test(fa, b"proc-a2", p.READ_LT, 10, 1)) == (
        0, 100, p.WRITE_LT, a.clientid, b"proc-a")
    assert denied(a.test(fa, b"proc-a", p.WRITE_LT, 100, 1)) == (
        100, TO_EOF, p.READ_LT, b.clientid, b"proc-b")
    assert status(b.test(fb, b"proc-x", p.READ_LT, 200, 5)) == S.NFS4_OK


def test_split_merge_upgrade_downgrade_seen_by_another_client(
        two: tuple[Locker, Locker, bytes]) -> None:
    a, b, _ = two
    (fa, sa), (fb, _sb) = a.file, b.file  # type: ignore[attr-defined]
    lo = b"a"
    first = a.lock(fa, sa, lo, p.WRITE_LT, 0, 100).resok4.lock_stateid
    r = a.unlock(fa, lo, 40, 20)  # split: [0, 40) and [60, 100)
    assert status(r) == S.NFS4_OK and r.lock_stateid == p.stateid4(2, first.other)
    assert status(b.test(fb, b"b", p.WRITE_LT, 40, 20)) == S.NFS4_OK
    assert denied(b.test(fb, b"b", p.READ_LT, 39, 2))[:3] == (0, 40, p.WRITE_LT)
    assert denied(b.test(fb, b"b", p.READ_LT, 59, 2))[:3] == (60, 40, p.WRITE_LT)
    r2 = a.lock(fa, sa, lo, p.WRITE_LT, 40, 20)  # merge back into one [0, 100)
    assert r2.resok4.lock_stateid == p.stateid4(3, first.other)
    assert denied(b.test(fb, b"b", p.READ_LT, 0, TO_EOF))[:3] == (0, 100, p.WRITE_LT)
    # downgrade all of it to READ: readers pass, writers see a READ lock
    assert status(a.lock(fa, sa, lo, p.READ_LT, 0, 100)) == S.NFS4_OK
    assert status(b.test(fb, b"b", p.READ_LT, 0, 100)) == S.NFS4_OK
    assert denied(b.test(fb, b"b", p.WRITE_LT, 0, 1))[:3] == (0, 100, p.READ_LT)
    # upgrade the middle: three records
    assert status(a.lock(fa, sa, lo, p.WRITE_LT, 10, 10)) == S.NFS4_OK
    assert denied(b.test(fb, b"b", p.READ_LT, 5, 10))[:3] == (10, 10, p.WRITE_LT)
    assert denied(b.test(fb, b"b", p.WRITE_LT, 20, 1))[:3] == (20, 80, p.READ_LT)
    assert status(b.test(fb, b"b", p.READ_LT, 0, 10)) == S.NFS4_OK
    # unlock to end of file frees everything; the stateid lives on (RFC 8881 8.2.4)
    r = a.unlock(fa, lo, 0, TO_EOF)
    assert status(r) == S.NFS4_OK and r.lock_stateid.seqid == 6
    assert status(b.test(fb, b"b", p.WRITE_LT, 0, TO_EOF)) == S.NFS4_OK
    assert status(a.lock(fa, sa, lo, p.READ_LT, 0, 1)) == S.NFS4_OK


def test_blocking_waiters_granted_in_arrival_order(server: ServerProc, root: bytes) -> None:
    """Two polling WRITEW clients behind a holder: after LOCKU the first to ask is the first
    to have waited, not the first to poll; a non-blocking request yields to both."""
    a, b, c, d = (Locker(server, root) for _ in range(4))
    name = b"lkw%d" % next(_files)
    try:
        fh, sa = a.open(name, B, create=True)
        sb, sc, sd = (x.open(name, B)[1] for x in (b, c, d))
        assert status(a.lock(fh, sa, b"a", p.WRITE_LT, 0, TO_EOF)) == S.NFS4_OK
        assert denied(b.lock(fh, sb, b"b", p.WRITEW_LT, 0, 10))[3:] == (a.clientid, b"a")
        assert denied(c.lock(fh, sc, b"c", p.WRITEW_LT, 5, 10))[3:] == (a.clientid, b"a")
        assert status(a.unlock(fh, b"a", 0, TO_EOF)) == S.NFS4_OK
        # c polls first, but b waited first and overlaps it: c is told b is in the way
        assert denied(c.lock(fh, sc, b"c", p.WRITEW_LT, 5, 10)) == (
            0, 10, p.WRITE_LT, b.clientid, b"b")
        assert denied(d.lock(fh, sd, b"d", p.WRITE_LT, 8, 1))[3:] == (b.clientid, b"b")
        assert status(b.lock(fh, sb, b"b", p.WRITEW_LT, 0, 10)) == S.NFS4_OK
        assert denied(c.lock(fh, sc, b"c", p.WRITEW_LT, 5, 10))[3:] == (b.clientid, b"b")
        assert status(b.unlock(fh, b"b", 0, 10)) == S.NFS4_OK
        assert status(c.lock(fh, sc, b"c", p.WRITEW_LT, 5, 10)) == S.NFS4_OK
        assert denied(d.lock(fh, sd, b"d", p.WRITE_LT, 8, 1))[3:] == (c.clientid, b"c")
    finally:
        for x in (a, b, c, d):
            x.close_conn()


def test_unclaimed_grant_goes_back_after_a_lease(server: ServerProc, root: bytes) -> None:
    """A blocked client that stops polling (its process got a signal) is granted in turn,
    but the bytes it never claimed go back to the others after a lease."""
    a, b, c = (Locker(server, root) for _ in range(3))
    name = b"lkg%d" % next(_files)
    try:
        fh, sa = a.open(name, B, create=True)
        sb, sc = b.open(name, B)[1], c.open(name, B)[1]
        assert status(a.lock(fh, sa, b"a", p.WRITE_LT, 0, 10)) == S.NFS4_OK
        assert status(b.lock(fh, sb, b"b", p.WRITEW_LT, 0, 10)) == S.NFS4ERR_DENIED
        assert status(a.unlock(fh, b"a", 0, 10)) == S.NFS4_OK
        # b now holds the bytes on the server's books; c is told so, and keeps asking
        deadline = time.monotonic() + 6 * LEASE
        while True:
            r = c.lock(fh, sc, b"c", p.WRITE_LT, 0, 10)
            if status(r) == S.NFS4_OK:
                break
            assert denied(r)[3:] == (b.clientid, b"b")
            b.v4.ok([op(O.OP_RENEW, p.RENEW4args(b.clientid))])  # b is alive, just silent
            assert time.monotonic() < deadline, "the unclaimed grant was never given back"
            time.sleep(0.3)
        # b's own later poll is refused now: c holds the bytes
        assert denied(b.lock(fh, sb, b"b", p.WRITEW_LT, 0, 10))[3:] == (c.clientid, b"c")
    finally:
        for x in (a, b, c):
            x.close_conn()


def test_lease_expiry_frees_locks(server: ServerProc, root: bytes) -> None:
    a, b = Locker(server, root), Locker(server, root)
    name = b"lke%d" % next(_files)
    try:
        fa, sa = a.open(name, B, create=True)
        fb, sb = b.open(name, B)
        assert status(a.lock(fa, sa, b"a", p.WRITE_LT, 0, TO_EOF)) == S.NFS4_OK
        # a goes quiet; b's polls (each LOCK renews its own lease) get the lock in the end
        deadline = time.monotonic() + 6 * LEASE
        while status(b.lock(fb, sb, b"b", p.WRITEW_LT, 0, TO_EOF)) == S.NFS4ERR_DENIED:
            assert time.monotonic() < deadline, "the expired client's lock was never freed"
            time.sleep(0.3)
        res = a.v4.compound([putfh(fa), op(O.OP_LOCKU, p.LOCKU4args(
            p.WRITE_LT, a.lock_seqids[b"a"], a.lock_sids[b"a"], 0, TO_EOF))])
        assert res.status in (S.NFS4ERR_BAD_STATEID, S.NFS4ERR_EXPIRED)
    finally:
        a.close_conn()
        b.close_conn()


def test_40_lock_seqid_replay(two: tuple[Locker, Locker, bytes]) -> None:
    a, b, _ = two
    (fa, sa), (fb, sb) = a.file, b.file  # type: ignore[attr-defined]
    # open_to_lock_owner: a retransmission (same open and lock seqids) gets the same reply
    args = a.lock_args(sa, b"a", p.WRITE_LT, 0, 10)
    body = encode(p.COMPOUND4args_xdr, p.COMPOUND4args(b"", 0, [putfh(fa),
                                                                 op(O.OP_LOCK, args)]))
    first = V4.decode(a.v4.raw_compound(body))
    again = V4.decode(a.v4.raw_compound(body))
    assert first.status == S.NFS4_OK and again.resarray[1].value == first.resarray[1].value
    a._advance(b"a", True, S.NFS4_OK)
    sid = first.resarray[1].value.resok4.lock_stateid
    a.lock_sids[b"a"] = sid
    # exist_lock_owner: the same, and the stateid went up once only
    args = a.lock_args(sa, b"a", p.WRITE_LT, 20, 10)
    body = encode(p.COMPOUND4args_xdr, p.COMPOUND4args(b"", 0, [putfh(fa),
                                                                 op(O.OP_LOCK, args)]))
    first = V4.decode(a.v4.raw_compound(body))
    again = V4.decode(a.v4.raw_compound(body))
    assert first.resarray[1].value == again.resarray[1].value
    assert first.resarray[1].value.resok4.lock_stateid == p.stateid4(2, sid.other)
    a._advance(b"a", False, S.NFS4_OK)
    a.lock_sids[b"a"] = p.stateid4(2, sid.other)
    # a seqid from the future is BAD_SEQID and moves nothing
    bad = p.LOCK4args(p.WRITE_LT, False, 40, 1, p.locker4(False, p.exist_lock_owner4(
        a.lock_sids[b"a"], a.lock_seqids[b"a"] + 3)))
    res = a.v4.compound([putfh(fa), op(O.OP_LOCK, bad)])
    assert res.status == S.NFS4ERR_BAD_SEQID
    # LOCKU replays too (its reply names the same bumped stateid)
    args_u = p.LOCKU4args(p.WRITE_LT, a.lock_seqids[b"a"], a.lock_sids[b"a"], 0, TO_EOF)
    body = encode(p.COMPOUND4args_xdr, p.COMPOUND4args(b"", 0, [putfh(fa),
                                                                 op(O.OP_LOCKU, args_u)]))
    first = V4.decode(a.v4.raw_compound(body))
    again = V4.decode(a.v4.raw_compound(body))
    assert first.status == S.NFS4_OK
    assert first.resarray[1].value.lock_stateid == again.resarray[1].value.lock_stateid \
        == p.stateid4(3, sid.other)
    assert status(b.lock(fb, sb, b"b", p.WRITE_LT, 0, TO_EOF)) == S.NFS4_OK


def test_40_refused_lock_owner_starts_over_as_linux_does(
        two: tuple[Locker, Locker, bytes]) -> None:
    """The Linux 4.0 client frees a lock state whose LOCK was refused and names the same
    lock-owner again with seqid 0 (a new state) or, polling a blocked lock, with the next
    seqid: both are a new lock-owner until one LOCK succeeds (seen in the guest: a READ
    lock after a refused WRITE lock got BAD_SEQID, EIO in the application)."""
    a, b, _ = two
    (fa, sa), (fb, sb) = a.file, b.file  # type: ignore[attr-defined]
    assert status(a.lock(fa, sa, b"a", p.WRITE_LT, 0, 100)) == S.NFS4_OK

    def new_owner(kind: int, lock_seqid: int, offset: int = 0) -> int:
        res = b.v4.compound([putfh(fb), op(O.OP_LOCK, p.LOCK4args(
            kind, False, offset, 10, p.locker4(True, p.open_to_lock_owner4(
                b.seqid(b"o1"), sb, lock_seqid, p.state_owner4(b.clientid, b"lo")))))])
        r = res.resarray[-1].value
        if r.tag == S.NFS4_OK:
            b.lock_sids[b"lo"] = r.resok4.lock_stateid
            b.lock_seqids[b"lo"] = lock_seqid + 1
        return int(r.tag)

    assert new_owner(p.WRITE_LT, 0) == S.NFS4ERR_DENIED
    assert new_owner(p.READ_LT, 0) == S.NFS4ERR_DENIED  # a fresh state: seqid 0 again
    assert new_owner(p.WRITEW_LT, 1) == S.NFS4ERR_DENIED  # a poll: the next seqid
    assert new_owner(p.WRITEW_LT, 2) == S.NFS4ERR_DENIED
    assert status(a.unlock(fa, b"a", 0, 100)) == S.NFS4_OK
    assert new_owner(p.READ_LT, 0, 200) == S.NFS4_OK
    assert status(b.lock(fb, sb, b"lo", p.READ_LT, 300, 10)) == S.NFS4_OK  # seqid 1
    # established now: open_to_lock_owner4 must carry its next seqid
    assert new_owner(p.READ_LT, 0, 400) == S.NFS4ERR_BAD_SEQID


def test_bad_ranges_types_and_openmode(server: ServerProc, root: bytes) -> None:
    a = Locker(server, root)
    try:
        name = b"lkr%d" % next(_files)
        fh, sid = a.open(name, B, create=True)
        for off, length in ((0, 0), (TO_EOF - 5, 10), (1 << 63, (1 << 63) + 1)):
            assert status(a.lock(fh, sid, b"a", p.WRITE_LT, off, length)) == S.NFS4ERR_INVAL
            assert status(a.test(fh, b"a", p.WRITE_LT, off, length)) == S.NFS4ERR_INVAL
        assert status(a.lock(fh, sid, b"a", p.WRITE_LT, TO_EOF - 1, 1)) == S.NFS4_OK
        assert status(a.lock(fh, sid, b"a", p.READ_LT, 1 << 63, TO_EOF)) == S.NFS4_OK
        assert status(a.unlock(fh, b"a", 5, 0)) == S.NFS4ERR_INVAL
        ro_fh, ro_sid = a.open(b"ro-" + name, R, create=True, owner=b"ro")
        a.seqids[b"o1"] = a.seqids[b"ro"]  # Locker's open_to_lock_owner uses owner o1's
        r = a.v4.compound([putfh(ro_fh), op(O.OP_LOCK, p.LOCK4args(
            p.WRITE_LT, False, 0, 1, p.locker4(True, p.open_to_lock_owner4(
                a.seqid(b"ro"), ro_sid, 0, p.state_owner4(a.clientid, b"ro-lo")))))])
        assert r.status == S.NFS4ERR_OPENMODE
        # LOCKT on a directory
        res = a.v4.compound([putfh(root), op(O.OP_LOCKT, p.LOCKT4args(
            p.READ_LT, 0, 1, p.state_owner4(a.clientid, b"x")))])
        assert res.status == S.NFS4ERR_ISDIR
    finally:
        a.close_conn()


def test_close_release_lockowner_with_locks_held(two: tuple[Locker, Locker, bytes]) -> None:
    a, b, _ = two
    (fa, sa), (fb, sb) = a.file, b.file  # type: ignore[attr-defined]
    assert status(a.lock(fa, sa, b"a", p.READ_LT, 0, 10)) == S.NFS4_OK
    release = op(O.OP_RELEASE_LOCKOWNER, p.RELEASE_LOCKOWNER4args(
        p.state_owner4(a.clientid, b"a")))
    assert a.v4.compound([release]).status == S.NFS4ERR_LOCKS_HELD
    res = a.v4.compound([putfh(fa), op(O.OP_CLOSE, p.CLOSE4args(a.seqid(b"o1"), sa))])
    assert res.status == S.NFS4ERR_LOCKS_HELD
    # the lock stateid reads and writes with its open's access
    res = a.v4.compound([putfh(fa), op(O.OP_WRITE, p.WRITE4args(
        a.lock_sids[b"a"], 0, p.FILE_SYNC4, BytesPayload(b"locked")))])
    assert res.status == S.NFS4_OK
    assert status(a.unlock(fa, b"a", 0, 10)) == S.NFS4_OK
    assert a.v4.compound([release]).status == S.NFS4_OK
    res = a.v4.compound([putfh(fa), op(O.OP_READ, p.READ4args(a.lock_sids[b"a"], 0, 6))])
    assert res.status == S.NFS4ERR_BAD_STATEID  # released with its lock-owner
    # a lock-owner holding nothing: CLOSE takes its lock stateid along
    a.lock_sids.pop(b"a")
    assert status(a.lock(fa, sa, b"a2", p.READ_LT, 0, 10)) == S.NFS4_OK
    assert status(a.unlock(fa, b"a2", 0, 10)) == S.NFS4_OK
    a.close(fa, sa)
    res = a.v4.compound([putfh(fa), op(O.OP_READ, p.READ4args(a.lock_sids[b"a2"], 0, 6))])
    assert res.status == S.NFS4ERR_BAD_STATEID
    assert status(b.lock(fb, sb, b"b", p.WRITE_LT, 0, TO_EOF)) == S.NFS4_OK


def test_41_lock_stateids_current_test_and_free(server: ServerProc, root: bytes) -> None:
    s, t = Session(server, b"n4lock-41a"), Session(server, b"n4lock-41b")
    current = p.stateid4(1, b"\0" * 12)
    name = b"lk41-%d" % next(_files)
    try:
        lock = op(O.OP_LOCK, p.LOCK4args(p.WRITE_LT, False, 0, 100, p.locker4(
            True, p.open_to_lock_owner4(0, current, 0, p.state_owner4(0, b"lo")))))
        # (No write delegation for s, the file's sole user: t opens it below.)
        res = s.run([putfh(root), s.open_op(name, B | p.OPEN4_SHARE_ACCESS_WANT_NO_DELEG), lock,
                     op(O.OP_WRITE, p.WRITE4args(current, 0, p.FILE_SYNC4,
                                                 BytesPayload(b"4.1 lock")))])
        assert res.status == S.NFS4_OK, res
        open_sid = res.resarray[2].value.resok4.stateid
        lsid = res.resarray[3].value.resok4.lock_stateid
        assert (server.export / name.decode()).read_bytes() == b"4.1 lock"
        res = t.run([putfh(root), t.open_op(name, B), op(O.OP_LOCK, p.LOCK4args(
            p.READ_LT, False, 0, 1, p.locker4(True, p.open_to_lock_owner4(
                0, current, 0, p.state_owner4(0, b"lo")))))])
        assert res.status == S.NFS4ERR_DENIED
        assert (res.resarray[3].value.denied.owner.clientid, bytes(
            res.resarray[3].value.denied.owner.owner)) == (s.clientid, b"lo")
        res = s.run([op(O.OP_TEST_STATEID, p.TEST_STATEID4args([lsid]))])
        assert res.resarray[1].value.tsr_resok4.tsr_status_codes == [S.NFS4_OK]
        res = t.run([op(O.OP_TEST_STATEID, p.TEST_STATEID4args([lsid]))])
        assert res.resarray[1].value.tsr_resok4.tsr_status_codes == [S.NFS4ERR_BAD_STATEID]
        res = s.run([op(O.OP_FREE_STATEID, p.FREE_STATEID4args(lsid))])
        assert op_status(res.resarray[1].value) == S.NFS4ERR_LOCKS_HELD
        res = s.run([putfh(root), op(O.OP_LOOKUP, p.LOOKUP4args(name)),
                     op(O.OP_CLOSE, p.CLOSE4args(0, open_sid))])
        assert res.status == S.NFS4ERR_LOCKS_HELD
        # LOCKU with seqid 0 ("the current one" in 4.1), then the stateid can be freed
        res = s.run([putfh(root), op(O.OP_LOOKUP, p.LOOKUP4args(name)), op(
            O.OP_LOCKU, p.LOCKU4args(p.WRITE_LT, 0, p.stateid4(0, lsid.other), 0, TO_EOF))])
        assert res.status == S.NFS4_OK
        lsid = res.resarray[3].value.lock_stateid
        assert lsid.seqid == 2
        res = s.run([op(O.OP_FREE_STATEID, p.FREE_STATEID4args(lsid))])
        assert op_status(res.resarray[1].value) == S.NFS4_OK
        res = s.run([op(O.OP_TEST_STATEID, p.TEST_STATEID4args([lsid]))])
        assert res.resarray[1].value.tsr_resok4.tsr_status_codes == [S.NFS4ERR_BAD_STATEID]
        res = t.run([putfh(root), t.open_op(name, B), op(O.OP_LOCK, p.LOCK4args(
            p.READ_LT, False, 0, 1, p.locker4(True, p.open_to_lock_owner4(
                0, current, 0, p.state_owner4(0, b"lo")))))])
        assert res.status == S.NFS4_OK
    finally:
        s.conn.close()
        t.conn.close()


def test_reclaim_in_grace_after_a_restart(tmp_path: Path) -> None:
    """Only a client recorded before the restart reclaims its lock, only during grace; a
    new lock or a LOCKT waits for grace to end (GRACE); grace ends when the one recorded
    client sent RECLAIM_COMPLETE, after which a reclaim is NO_GRACE, and the reclaimed lock
    still excludes another client."""
    srv = make_server(tmp_path, "--grace-time", "60")
    srv.start()
    try:
        root = mount_root(srv.mount_port, srv.export)
        x = Session(srv, b"n4lock-reclaimer", reclaim_complete=False)
        x.run([op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
        current = p.stateid4(1, b"\0" * 12)

        def lock(s: Session, kind: int, off: int, reclaim: bool) -> p.nfs_argop4:
            return op(O.OP_LOCK, p.LOCK4args(kind, reclaim, off, 10, p.locker4(
                True, p.open_to_lock_owner4(0, current, 0, p.state_owner4(0, b"lo")))))

        res = x.run([putfh(root), x.open_op(b"held", B), getfh(), lock(x, p.WRITE_LT, 0, False)])
        assert res.status == S.NFS4_OK, res
        fh = res.resarray[3].value.resok4.object
        res = x.run([putfh(root), x.open_op(b"held", B), lock(x, p.WRITE_LT, 100, True)])
        assert res.status == S.NFS4ERR_NO_GRACE  # no grace on a first start
        x.conn.close()
        srv.restart()
        x = Session(srv, b"n4lock-reclaimer", reclaim_complete=False)
        y = Session(srv, b"n4lock-newcomer", reclaim_complete=False)
        prev = op(O.OP_OPEN, p.OPEN4args(0, B, 0, p.state_owner4(0, b"o"),
                                         p.openflag4(p.OPEN4_NOCREATE),
                                         p.open_claim4(p.CLAIM_PREVIOUS, p.OPEN_DELEGATE_NONE)))
        res = y.run([putfh(fh), prev])
        assert res.status == S.NFS4ERR_RECLAIM_BAD  # y was not recorded before the restart
        res = y.run([putfh(fh), op(O.OP_LOCKT, p.LOCKT4args(p.READ_LT, 0, 1,
                                                            p.state_owner4(0, b"lo")))])
        assert res.status == S.NFS4ERR_GRACE
        res = x.run([putfh(fh), prev, lock(x, p.WRITE_LT, 0, False)])
        assert res.status == S.NFS4ERR_GRACE  # a new lock waits for grace to end
        res = x.run([putfh(fh), prev, lock(x, p.WRITE_LT, 0, True)])
        assert res.status == S.NFS4_OK, res
        x.run([op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
        res = x.run([putfh(fh), prev, lock(x, p.WRITE_LT, 100, True)])
        assert res.status == S.NFS4ERR_NO_GRACE  # grace is over: every recorded client is done
        # y reclaims nothing, and says so before its first new OPEN (RFC 8881 18.51.3)
        y.run([op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
        res = y.run([putfh(root), y.open_op(b"held", B), lock(y, p.READ_LT, 5, False)])
        assert res.status == S.NFS4ERR_DENIED
        assert bytes(res.resarray[3].value.denied.owner.owner) == b"lo"
        assert res.resarray[3].value.denied.owner.clientid == x.clientid
        x.conn.close()
        y.conn.close()
    finally:
        assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]
