"""OPEN / READ / WRITE / COMMIT / CLOSE and their stateids against a running server over a
real TCP socket and a real filesystem (RFC 8881 8.2, 9.7, 18.16-18.22, 18.32; RFC 7530 9.1.7).

Adds beyond the state unit tests: the ops decode real COMPOUNDs, the bytes land in the real
file (its SHA-256 read from disk), READ data comes back as zero-copy payloads (two READs in
one COMPOUND: two payloads in one reply), share reservations hold between two clients on
two connections, and 4.0 retransmissions are answered from the owner's replay cache.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterator
from typing import Any

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from rpc.buffer import BytesPayload
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import RawConn, mount_root
from tests.nfsrdma.nfs4._v4 import V4, getfh, op, op_status, putfh

MiB = 1 << 20
R, W, B = 1, 2, 3
ANON = p.stateid4(0, b"\0" * 12)
BYPASS = p.stateid4(0xFFFFFFFF, b"\xff" * 12)
_ids = itertools.count(1)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    srv = make_server(tmp_path_factory.mktemp("v4open"))
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture(scope="module")
def root(server: ServerProc) -> bytes:
    return mount_root(server.mount_port, server.export)


class Client:
    """One 4.0 client: its connection, clientid and an owner seqid per open-owner."""

    def __init__(self, server: ServerProc, root: bytes) -> None:
        self.conn = RawConn(server.nfs_port)
        self.v4 = V4(self.conn, 0)
        self.root = root
        self.clientid = self._setclientid()
        self.seqids: dict[bytes, int] = {}

    def _setclientid(self) -> int:
        n = next(_ids)
        args = p.SETCLIENTID4args(
            p.nfs_client_id4(b"verf%04d" % n, b"test-client-%d-%d" % (os.getpid(), n)),
            p.cb_client4(0x40000000, p.netaddr4(b"tcp", b"127.0.0.1.0.1")), 1)
        res = self.v4.compound([op(O.OP_SETCLIENTID, args)])
        if res.status in (S.NFS4ERR_NOTSUPP, S.NFS4ERR_OP_ILLEGAL):
            return 0x5000 + n  # no client table on this server yet: any clientid is taken
        ok = res.resarray[0].value.resok4
        self.v4.ok([op(O.OP_SETCLIENTID_CONFIRM,
                       p.SETCLIENTID_CONFIRM4args(ok.clientid, ok.setclientid_confirm))])
        return int(ok.clientid)

    def seqid(self, owner: bytes, advance: bool = True) -> int:
        s = self.seqids.get(owner, 0)
        if advance:
            self.seqids[owner] = s + 1
        return s

    def open_args(self, name: bytes, access: int, deny: int = 0, *, owner: bytes = b"o1",
                  how: Any = None, seqid: int | None = None) -> p.OPEN4args:
        openhow = (p.openflag4(p.OPEN4_NOCREATE) if how is None
                   else p.openflag4(p.OPEN4_CREATE, how))
        return p.OPEN4args(self.seqid(owner) if seqid is None else seqid, access, deny,
                           p.state_owner4(self.clientid, owner), openhow,
                           p.open_claim4(p.CLAIM_NULL, name))

    def open(self, name: bytes, access: int, deny: int = 0, *, owner: bytes = b"o1",
             create: bool = False) -> tuple[bytes, p.stateid4]:
        """OPEN (+ OPEN_CONFIRM when asked): (file handle, open stateid); asserts success."""
        how = p.createhow4(p.UNCHECKED4, p.fattr4([0, 1 << (p.FATTR4_MODE - 32)],
                                                   b"\0\0\x01\xa4")) if create else None
        res = self.v4.ok([putfh(self.root), op(O.OP_OPEN, self.open_args(
            name, access, deny, owner=owner, how=how)), getfh()])
        ok, fh = res[1].resok4, res[2].resok4.object
        sid = ok.stateid
        if ok.rflags & p.OPEN4_RESULT_CONFIRM:
            res = self.v4.ok([putfh(fh), op(O.OP_OPEN_CONFIRM, p.OPEN_CONFIRM4args(
                sid, self.seqid(owner)))])
            sid = res[1].resok4.open_stateid
        return fh, sid

    def try_open(self, name: bytes, access: int, deny: int = 0, owner: bytes = b"o1") -> int:
        res = self.v4.compound([putfh(self.root), op(O.OP_OPEN, self.open_args(
            name, access, deny, owner=owner))])
        return int(res.status)

    def close(self, fh: bytes, sid: p.stateid4, owner: bytes = b"o1") -> p.stateid4:
        res = self.v4.ok([putfh(fh), op(O.OP_CLOSE, p.CLOSE4args(self.seqid(owner), sid))])
        return res[1].open_stateid  # type: ignore[no-any-return]

    def write(self, fh: bytes, sid: p.stateid4, offset: int, data: bytes,
              stable: int = p.UNSTABLE4) -> int:
        res = self.v4.compound([putfh(fh), op(O.OP_WRITE, p.WRITE4args(
            sid, offset, stable, BytesPayload(data)))])
        return int(res.status)

    def read_status(self, fh: bytes, sid: p.stateid4) -> int:
        res = self.v4.compound([putfh(fh), op(O.OP_READ, p.READ4args(sid, 0, 10))])
        return int(res.status)

    def close_conn(self) -> None:
        self.conn.close()


@pytest.fixture
def client(server: ServerProc, root: bytes) -> Iterator[Client]:
    c = Client(server, root)
    yield c
    c.close_conn()


def data_of(payload: Any) -> bytes:
    return b"".join(bytes(v) for v in payload.views())


def test_4mib_round_trip_through_open_write_commit_read_close(
        client: Client, server: ServerProc) -> None:
    blob = os.urandom(4 * MiB + 12345)
    fh, sid = client.open(b"big.bin", B, create=True)
    for off in range(0, len(blob), MiB):
        assert client.write(fh, sid, off, blob[off:off + MiB]) == S.NFS4_OK
    res = client.v4.ok([putfh(fh), op(O.OP_COMMIT, p.COMMIT4args(0, 0))])
    assert len(res[1].resok4.writeverf) == 8
    got = bytearray()
    eof = False
    while not eof:
        # two READs in one COMPOUND: the reply carries two payloads
        off, half = len(got), MiB // 2
        res = client.v4.ok([putfh(fh), op(O.OP_READ, p.READ4args(sid, off, half)),
                            op(O.OP_READ, p.READ4args(sid, off + half, half))])
        first, second = res[1].resok4, res[2].resok4
        assert len(first.data.views()) <= 1 and first.data.nbytes == min(half, len(blob) - off)
        got += data_of(first.data) + data_of(second.data)
        eof = second.eof
    assert hashlib.sha256(got).hexdigest() == hashlib.sha256(blob).hexdigest()
    on_disk = (server.export / "big.bin").read_bytes()
    assert hashlib.sha256(on_disk).hexdigest() == hashlib.sha256(blob).hexdigest()
    assert (server.export / "big.bin").stat().st_mode & 0o777 == 0o644
    closed = client.close(fh, sid)
    assert closed.other == sid.other and closed.seqid == sid.seqid + 1
    assert client.read_status(fh, sid) == S.NFS4ERR_BAD_STATEID


def test_share_deny_between_two_clients(server: ServerProc, root: bytes) -> None:
    a, b = Client(server, root), Client(server, root)
    try:
        fa, sa = a.open(b"shared", B, W, create=True)
        assert b.try_open(b"shared", W) == S.NFS4ERR_SHARE_DENIED
        assert b.try_open(b"shared", R, R) == S.NFS4ERR_SHARE_DENIED  # a reads: no deny-read
        fb, sb = b.open(b"shared", R)
        assert b.write(fb, sb, 0, b"x") == S.NFS4ERR_OPENMODE
        # I/O without an open meets a's deny-write; the READ bypass skips deny for reads
        assert b.write(fa, ANON, 0, b"x") == S.NFS4ERR_LOCKED
        assert b.read_status(fa, ANON) == S.NFS4_OK
        # the READ bypass on a WRITE is the anonymous stateid (knfsd; pynfs WRT2)
        assert b.write(fa, BYPASS, 0, b"x") == S.NFS4ERR_LOCKED
        a.close(fa, sa)
        fb2, sb2 = b.open(b"shared", W, owner=b"o2")
        assert b.write(fb2, sb2, 0, b"now") == S.NFS4_OK
        assert (server.export / "shared").read_bytes() == b"now"
    finally:
        a.close_conn()
        b.close_conn()


def test_bad_old_forged_and_stale_stateids(client: Client) -> None:
    fh, first = client.open(b"ids", R, create=True)
    fh, sid = client.open(b"ids", B)  # the owner's second OPEN upgrades the same stateid
    assert sid.other == first.other and sid.seqid == first.seqid + 1
    other_fh, other_sid = client.open(b"ids2", R, create=True)
    assert client.read_status(fh, sid) == S.NFS4_OK
    forged = p.stateid4(sid.seqid, sid.other[:8] + b"\x7f" * 4)
    assert client.read_status(fh, forged) == S.NFS4ERR_BAD_STATEID
    # this boot's, but naming a client that does not exist: EXPIRED in 4.0 (rule 3)
    orphan = p.stateid4(sid.seqid, sid.other[:4] + b"\x7f" * 8)
    assert client.read_status(fh, orphan) == S.NFS4ERR_EXPIRED
    stale = p.stateid4(sid.seqid, bytes([sid.other[0] ^ 0xFF]) + sid.other[1:])
    assert client.read_status(fh, stale) == S.NFS4ERR_STALE_STATEID
    assert client.read_status(fh, other_sid) == S.NFS4ERR_BAD_STATEID  # another file's
    assert client.read_status(fh, p.stateid4(sid.seqid + 1, sid.other)) == S.NFS4ERR_BAD_STATEID
    res = client.v4.ok([putfh(fh), op(O.OP_OPEN_DOWNGRADE, p.OPEN_DOWNGRADE4args(
        sid, client.seqid(b"o1"), R, 0))])
    new = res[1].resok4.open_stateid
    assert new.seqid == sid.seqid + 1
    assert client.read_status(fh, sid) == S.NFS4ERR_OLD_STATEID
    assert client.write(fh, new, 0, b"x") == S.NFS4ERR_OPENMODE
    assert client.read_status(fh, p.stateid4(5, b"\0" * 12)) == S.NFS4ERR_BAD_STATEID
    client.close(other_fh, other_sid)


def test_v40_seqid_replay(client: Client, server: ServerProc) -> None:
    fh, sid = client.open(b"replay", B, create=True)
    client.close(fh, sid)
    seqid = client.seqid(b"o1")
    args = client.open_args(b"replay", R, 0, seqid=seqid)
    first = client.v4.compound([putfh(client.root), op(O.OP_OPEN, args), getfh()])
    again = client.v4.compound([putfh(client.root), op(O.OP_OPEN, args), getfh()])
    assert first.status == again.status == S.NFS4_OK
    assert again.resarray[1].value.resok4.stateid == first.resarray[1].value.resok4.stateid
    assert again.resarray[2].value.resok4.object == fh
    rsid = first.resarray[1].value.resok4.stateid
    assert rsid.seqid == 1  # replayed, not upgraded: still the first OPEN's stateid
    # a seqid from the future, and one from the past, are BAD_SEQID
    for bad in (seqid + 2, seqid - 1):
        res = client.v4.compound([putfh(fh), op(O.OP_CLOSE, p.CLOSE4args(bad, rsid))])
        assert op_status(res.resarray[1].value) == S.NFS4ERR_BAD_SEQID
    cseq = client.seqid(b"o1")
    close = [putfh(fh), op(O.OP_CLOSE, p.CLOSE4args(cseq, rsid))]
    c1, c2 = client.v4.compound(close), client.v4.compound(close)
    assert c1.status == c2.status == S.NFS4_OK
    assert c1.resarray[1].value.open_stateid == c2.resarray[1].value.open_stateid


def test_exclusive_create_keeps_the_verifier(client: Client, server: ServerProc) -> None:
    def excl(verf: bytes) -> p.COMPOUND4res:
        how = p.createhow4(p.EXCLUSIVE4, verf)
        return client.v4.compound([putfh(client.root), op(O.OP_OPEN, client.open_args(
            b"excl", R, how=how)), getfh()])

    first = excl(b"verifier")
    assert first.status == S.NFS4_OK
    again = excl(b"verifier")  # a retransmission after a lost reply: the same file
    assert again.status == S.NFS4_OK
    assert again.resarray[2].value.resok4.object == first.resarray[2].value.resok4.object
    assert excl(b"another!").status == S.NFS4ERR_EXIST
    assert (server.export / "excl").is_file()


@pytest.mark.parametrize(("name", "status"), [
    (b"", S.NFS4ERR_INVAL),
    (b".", S.NFS4ERR_BADNAME),
    (b"..", S.NFS4ERR_BADNAME),
    (b"a/b", S.NFS4ERR_BADNAME),
    (b"\xff\xfe", S.NFS4ERR_INVAL),          # not UTF-8
    (b"x" * 256, S.NFS4ERR_NAMETOOLONG),
    (b"missing", S.NFS4ERR_NOENT),
])
def test_open_names(client: Client, name: bytes, status: int) -> None:
    assert client.try_open(name, R) == status


def test_open_of_a_directory_and_write_past_the_largest_offset(client: Client,
                                                                server: ServerProc) -> None:
    (server.export / "adir").mkdir(exist_ok=True)
    assert client.try_open(b"adir", R) == S.NFS4ERR_ISDIR
    fh, sid = client.open(b"fbig", B, create=True)
    assert client.write(fh, sid, (1 << 63) - 2, b"xyz") == S.NFS4ERR_FBIG
    client.close(fh, sid)


def test_open_confirm_retransmission_is_replayed(client: Client) -> None:
    """The owner's seqid is checked before the stateid's (knfsd; pynfs RPLY12): a resent
    OPEN_CONFIRM, whose stateid the first one moved on, gets the first reply again."""
    owner = b"confirm-replay"
    res = client.v4.ok([putfh(client.root), op(O.OP_OPEN, client.open_args(
        b"oc", B, owner=owner, how=p.createhow4(p.UNCHECKED4, p.fattr4([], b"")))), getfh()])
    sid, fh = res[1].resok4.stateid, res[2].resok4.object
    assert res[1].resok4.rflags & p.OPEN4_RESULT_CONFIRM
    confirm = [putfh(fh), op(O.OP_OPEN_CONFIRM, p.OPEN_CONFIRM4args(sid, client.seqid(owner)))]
    first, again = client.v4.compound(confirm), client.v4.compound(confirm)
    assert first.status == again.status == S.NFS4_OK, again
    assert again.resarray[1].value.resok4.open_stateid == \
        first.resarray[1].value.resok4.open_stateid
    client.close(fh, first.resarray[1].value.resok4.open_stateid, owner=owner)


def test_unchecked_create_of_an_existing_file_ignores_its_attributes(
        client: Client, server: ServerProc) -> None:
    """RFC 8881 18.16.3: only a size of zero applies to an existing file (pynfs OPEN2)."""
    (server.export / "unchecked").write_bytes(b"x" * 32)
    os.chmod(server.export / "unchecked", 0o644)
    client.close(*client.open(b"unchecked", R))  # the owner is confirmed from now on

    def create(size: int) -> p.OPEN4resok:
        attrs = p.fattr4([1 << p.FATTR4_SIZE, 1 << (p.FATTR4_MODE - 32)],
                         size.to_bytes(8, "big") + (0o600).to_bytes(4, "big"))
        res = client.v4.ok([putfh(client.root), op(O.OP_OPEN, client.open_args(
            b"unchecked", B, how=p.createhow4(p.UNCHECKED4, attrs))), getfh()])
        ok = res[1].resok4
        client.close(res[2].resok4.object, ok.stateid)
        return ok  # type: ignore[no-any-return]

    assert create(16).attrset == []
    st = os.stat(server.export / "unchecked")
    assert (st.st_size, st.st_mode & 0o777) == (32, 0o644)
    assert create(0).attrset == [1 << p.FATTR4_SIZE]
    st = os.stat(server.export / "unchecked")
    assert (st.st_size, st.st_mode & 0o777) == (0, 0o644)


def test_open_of_a_special_file_is_symlink_in_40(client: Client, server: ServerProc) -> None:
    """4.0 has no WRONG_TYPE: knfsd answers NFS4ERR_SYMLINK for anything but a regular file
    or a directory, and pynfs OPEN7* expects it."""
    fifo = server.export / "afifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    assert client.try_open(b"afifo", R) == S.NFS4ERR_SYMLINK
