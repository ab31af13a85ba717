"""NFSv4.1 opens over sessions and lease expiry freeing opens, against a running server with
a short lease (--lease-time 2) over real TCP sockets (RFC 8881 8.2.3, 8.3, 18.16, 18.48, 18.38).

Adds beyond test_open_io: the 4.1 current stateid carried from OPEN to WRITE/READ in one
COMPOUND, TEST_STATEID / FREE_STATEID answers per stateid and per client, CLOSE's invalid
stateid, no delegation with its reason, and the lease timer of the real server releasing an
expired client's share reservations for another client.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from rpc.buffer import BytesPayload
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import RawConn, mount_root
from tests.nfsrdma.nfs4._v4 import V4, getfh, lookup, op, op_status, putfh
from tests.nfsrdma.nfs4.test_open_io import B, Client, R, W
from tests.nfsrdma.nfs4.test_sessions import sequence, session

CURRENT = p.stateid4(1, b"\0" * 12)
LEASE = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    srv = make_server(tmp_path_factory.mktemp("v4open41"), "--lease-time", str(LEASE))
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture(scope="module")
def root(server: ServerProc) -> bytes:
    return mount_root(server.mount_port, server.export)


class Session:
    """One 4.1 client with one session; `run` adds SEQUENCE with the next slot seqid."""

    def __init__(self, server: ServerProc, owner: bytes, reclaim_complete: bool = True) -> None:
        self.conn = RawConn(server.nfs_port)
        self.v4 = V4(self.conn, 1)
        self.clientid, self.sid = session(self.v4, owner)
        self.seq = 0
        # Before its first non-reclaim OPEN a 4.1 client must say it reclaims nothing
        # (RFC 8881 18.51.3), as the Linux client does right after CREATE_SESSION.  (On
        # the last slot: the tests number slot 0's requests and use slots 0 and 1.)  A
        # test of reclaims sends its own (`reclaim_complete` False).
        if reclaim_complete:
            res = self.v4.compound([sequence(self.sid, 1, slot=7),
                                    op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
            assert res.status == S.NFS4_OK, res

    def run(self, ops: list[p.nfs_argop4]) -> p.COMPOUND4res:
        self.seq += 1
        return self.v4.compound([sequence(self.sid, self.seq), *ops])

    def open_op(self, name: bytes, access: int, deny: int = 0) -> p.nfs_argop4:
        how = p.createhow4(p.UNCHECKED4, p.fattr4([], b""))
        return op(O.OP_OPEN, p.OPEN4args(0, access, deny, p.state_owner4(self.clientid, b"o"),
                                         p.openflag4(p.OPEN4_CREATE, how),
                                         p.open_claim4(p.CLAIM_NULL, name)))


def test_41_current_stateid_test_and_free_stateid(server: ServerProc, root: bytes) -> None:
    a, b = Session(server, b"n4open-a"), Session(server, b"n4open-b")
    data = b"four-one data"
    # (No write delegation, which the sole user of a file would get: b opens it below.)
    res = a.run([putfh(root), a.open_op(b"f41", B | p.OPEN4_SHARE_ACCESS_WANT_NO_DELEG),
                 op(O.OP_WRITE, p.WRITE4args(CURRENT, 0, p.FILE_SYNC4, BytesPayload(data))),
                 op(O.OP_READ, p.READ4args(CURRENT, 0, 100)), getfh()])
    assert res.status == S.NFS4_OK, res
    ok = res.resarray[2].value.resok4
    assert not ok.rflags & p.OPEN4_RESULT_CONFIRM
    assert ok.delegation.tag == p.OPEN_DELEGATE_NONE_EXT
    sid = ok.stateid
    assert res.resarray[3].value.resok4.count == len(data)
    assert b"".join(bytes(v) for v in res.resarray[4].value.resok4.data.views()) == data
    fh = res.resarray[5].value.resok4.object
    assert (server.export / "f41").read_bytes() == data

    forged = p.stateid4(1, sid.other[:4] + b"\x55" * 8)
    old = p.stateid4(sid.seqid, sid.other)
    # an upgrade by the same owner bumps the stateid; WANT_NO_DELEG says why there is none
    res = a.run([putfh(root), a.open_op(b"f41", R | p.OPEN4_SHARE_ACCESS_WANT_NO_DELEG)])
    up = res.resarray[2].value.resok4
    assert up.stateid.other == sid.other and up.stateid.seqid == sid.seqid + 1
    assert up.delegation.tag == p.OPEN_DELEGATE_NONE_EXT
    assert up.delegation.value.tag == p.WND4_NOT_WANTED
    # asking for a delegation gets none either: RESOURCE, and no promise to signal
    res = a.run([putfh(root), a.open_op(b"f41", R | p.OPEN4_SHARE_ACCESS_WANT_READ_DELEG)])
    none = res.resarray[2].value.resok4.delegation.value
    assert (none.tag, none.value) == (p.WND4_RESOURCE, False)
    up = res.resarray[2].value.resok4
    res = a.run([op(O.OP_TEST_STATEID, p.TEST_STATEID4args([
        up.stateid, p.stateid4(0, sid.other), old, forged, CURRENT]))])
    assert res.resarray[1].value.tsr_resok4.tsr_status_codes == [
        S.NFS4_OK, S.NFS4_OK, S.NFS4ERR_OLD_STATEID, S.NFS4ERR_BAD_STATEID,
        S.NFS4ERR_BAD_STATEID]
    # another client may not even learn that the stateid exists
    res = b.run([op(O.OP_TEST_STATEID, p.TEST_STATEID4args([up.stateid]))])
    assert res.resarray[1].value.tsr_resok4.tsr_status_codes == [S.NFS4ERR_BAD_STATEID]
    res = a.run([op(O.OP_FREE_STATEID, p.FREE_STATEID4args(up.stateid))])
    assert op_status(res.resarray[1].value) == S.NFS4ERR_LOCKS_HELD
    res = a.run([putfh(fh), op(O.OP_CLOSE, p.CLOSE4args(0, p.stateid4(0, sid.other)))])
    assert res.status == S.NFS4_OK
    assert res.resarray[2].value.open_stateid == p.stateid4(0xFFFFFFFF, b"\0" * 12)
    res = a.run([op(O.OP_TEST_STATEID, p.TEST_STATEID4args([up.stateid]))])
    assert res.resarray[1].value.tsr_resok4.tsr_status_codes == [S.NFS4ERR_BAD_STATEID]
    a.conn.close()
    b.conn.close()


def test_lease_expiry_frees_opens(server: ServerProc, root: bytes) -> None:
    a, b = Client(server, root), Client(server, root)
    try:
        fa, sa = a.open(b"leased", B, W, create=True)
        assert b.try_open(b"leased", W) == S.NFS4ERR_SHARE_DENIED
        # a goes quiet; b keeps its own lease alive by trying (every OPEN renews it)
        deadline = time.monotonic() + 6 * LEASE
        while b.try_open(b"leased", W) == S.NFS4ERR_SHARE_DENIED:
            assert time.monotonic() < deadline, "the expired client's open was never freed"
            time.sleep(0.3)
        # 4.0: a stateid whose client record is gone is EXPIRED (as knfsd; pynfs CID1)
        assert a.read_status(fa, sa) == S.NFS4ERR_EXPIRED
        res = a.v4.compound([op(O.OP_RENEW, p.RENEW4args(a.clientid))])
        assert res.status == S.NFS4ERR_EXPIRED
    finally:
        a.close_conn()
        b.close_conn()


def test_a_cached_read_reply_replays_its_own_data(server: ServerProc, root: bytes) -> None:
    """A slot that caches a READ reply (sa_cachethis) answers a retry with the same bytes,
    even after the pool pages of the first send went to another READ."""
    (server.export / "ca").write_bytes(b"A" * 4000)
    (server.export / "cb").write_bytes(b"B" * 4000)
    s = Session(server, b"n4open-cache")
    anon = p.stateid4(0, b"\0" * 12)

    def read(name: bytes, slot: int, seqid: int) -> p.COMPOUND4res:
        return s.v4.compound([sequence(s.sid, seqid, slot, cache=True), putfh(root),
                              lookup(name), op(O.OP_READ, p.READ4args(anon, 0, 4000))])

    def data(res: p.COMPOUND4res) -> bytes:
        assert res.status == S.NFS4_OK, res
        return b"".join(bytes(v) for v in res.resarray[3].value.resok4.data.views())

    assert data(read(b"ca", 0, 1)) == b"A" * 4000
    assert data(read(b"cb", 1, 1)) == b"B" * 4000
    assert data(read(b"ca", 0, 1)) == b"A" * 4000  # the retry: answered from the slot
    s.conn.close()


def test_lookup_resets_the_current_stateid_and_open_waits_for_reclaim_complete(
        server: ServerProc, root: bytes) -> None:
    """RFC 8881 16.2.3.1.2: after LOOKUP the current stateid is no longer the OPEN's (pynfs
    CSID5); 18.51.3: a client's non-reclaim OPEN before its RECLAIM_COMPLETE is GRACE
    (pynfs RECC3)."""
    s = Session(server, b"n4open-csid5")
    res = s.run([putfh(root), s.open_op(b"csid5", B), getfh(), putfh(root), lookup(b"csid5"),
                 op(O.OP_CLOSE, p.CLOSE4args(0, CURRENT))])
    assert res.status == S.NFS4ERR_BAD_STATEID and res.resarray[-1].tag == O.OP_CLOSE
    sid = res.resarray[2].value.resok4.stateid
    fh = res.resarray[3].value.resok4.object
    assert s.run([putfh(fh), op(O.OP_CLOSE, p.CLOSE4args(0, sid))]).status == S.NFS4_OK
    s.conn.close()
    with RawConn(server.nfs_port) as conn:
        v4 = V4(conn, 1)
        clientid, sid2 = session(v4, b"n4open-no-recc")
        how = p.createhow4(p.UNCHECKED4, p.fattr4([], b""))
        open_op = op(O.OP_OPEN, p.OPEN4args(0, B, 0, p.state_owner4(clientid, b"o"),
                                            p.openflag4(p.OPEN4_CREATE, how),
                                            p.open_claim4(p.CLAIM_NULL, b"recc3")))
        res = v4.compound([sequence(sid2, 1), putfh(root), open_op])
        assert res.status == S.NFS4ERR_GRACE
        v4.ok([sequence(sid2, 2), op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
        assert v4.compound([sequence(sid2, 3), putfh(root), open_op]).status == S.NFS4_OK
