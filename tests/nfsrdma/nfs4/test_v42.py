"""The NFSv4.2 data ops (RFC 7862: SEEK, ALLOCATE, DEALLOCATE, READ_PLUS, COPY, CLONE,
OFFLOAD_*, IO_ADVISE) against a running server over real TCP sockets and a real file system.

Adds beyond the storage suite (tests/storage/test_backend_v42.py): the ops decode real 4.2
COMPOUNDs in a session, their stateids meet the rules of READ and WRITE, another uid is
refused by the export's real permissions, and what they did is read back from the exported
directory with os.lseek / os.stat (the temporary directory's file system, ext4 or tmpfs
here, decides what holes and clones exist; the tests ask it first).
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs3.client import mount
from storage.backend import COPY_CHUNK
from tests.helpers import ServerProc, free_port, make_server
from tests.nfsrdma._nfs import Cred, RawConn, mount_root
from tests.nfsrdma.nfs4._cb import AV4
from tests.nfsrdma.nfs4._v4 import V4, getfh, lookup, op, op_status, putfh, putrootfh
from tests.nfsrdma.nfs4.test_open_io import ANON, R
from tests.nfsrdma.nfs4.test_sessions import ATTRS, BACK, exchange_id, sequence, session
from tests.transport.rdma._rdma import (
    ROOT_CRED,
    Scrape,
    connect,
    delta,
    export_path,
    running_server,
)

KiB = 1024
MiB = 1 << 20
USER = Cred(uid=4321, gid=4321)
FICLONE = 0x40049409
DATA, HOLE = p.NFS4_CONTENT_DATA, p.NFS4_CONTENT_HOLE


METRICS_PORT: dict[str, int] = {}
COPIED = "nfsrdma_payload_bytes_copied_total"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    port = free_port()
    srv = make_server(tmp_path_factory.mktemp("v42"), "--metrics-port", str(port),
                      exports_text="{export} *(rw,no_root_squash,insecure)\n")
    METRICS_PORT[srv.export.as_posix()] = port
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture(scope="module")
def root(server: ServerProc) -> bytes:
    return mount_root(server.mount_port, server.export)


class S42:
    """One 4.2 client with one session; `run` adds SEQUENCE with the next slot seqid."""

    def __init__(self, server: ServerProc, owner: bytes, cred: Cred | None = None) -> None:
        self.conn = RawConn(server.nfs_port)
        self.v4 = V4(self.conn, 2, **({} if cred is None else {"cred": cred}))
        self.clientid, self.sid = session(self.v4, owner)
        self.seq = 0
        res = self.run([op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
        assert res.status == S.NFS4_OK, res

    def run(self, ops: list[p.nfs_argop4]) -> p.COMPOUND4res:
        self.seq += 1
        return self.v4.compound([sequence(self.sid, self.seq), *ops])

    def last(self, ops: list[p.nfs_argop4]) -> Any:
        """The last op's result, asserting every op succeeded."""
        res = self.run(ops)
        assert res.status == S.NFS4_OK, (S(res.status).name, res)
        return res.resarray[-1].value

    def status(self, ops: list[p.nfs_argop4]) -> int:
        return op_status(self.run(ops).resarray[-1].value)

    def close(self) -> None:
        self.conn.close()


@pytest.fixture(scope="module")
def s(server: ServerProc) -> Iterator[S42]:
    c = S42(server, b"v42-root")
    yield c
    c.close()


@pytest.fixture
def d(s: S42, root: bytes, server: ServerProc, request: pytest.FixtureRequest
      ) -> tuple[bytes, Path]:
    """A fresh directory for one test: (its file handle, its path on the server)."""
    name = request.node.name.encode()[:200]
    path = server.export / name.decode()
    path.mkdir()
    return s.last([putfh(root), lookup(name), getfh()]).resok4.object, path


def fh_of(s: S42, dirfh: bytes, name: bytes) -> bytes:
    return s.last([putfh(dirfh), lookup(name), getfh()]).resok4.object  # type: ignore[no-any-return]


def seek(offset: int, what: int, sid: p.stateid4 = ANON) -> p.nfs_argop4:
    return op(O.OP_SEEK, p.SEEK4args(sid, offset, what))


def read_plus(offset: int, count: int, sid: p.stateid4 = ANON) -> p.nfs_argop4:
    return op(O.OP_READ_PLUS, p.READ_PLUS4args(sid, offset, count))


def copy(src_off: int, dst_off: int, count: int, *, sync: bool = True,
         sids: tuple[p.stateid4, p.stateid4] = (ANON, ANON),
         source: list[p.netloc4] | None = None) -> p.nfs_argop4:
    return op(O.OP_COPY, p.COPY4args(sids[0], sids[1], src_off, dst_off, count, True, sync,
                                     source or []))


def clone(src_off: int, dst_off: int, count: int) -> p.nfs_argop4:
    return op(O.OP_CLONE, p.CLONE4args(ANON, ANON, src_off, dst_off, count))


def savefh() -> p.nfs_argop4:
    return op(O.OP_SAVEFH)


def sparse_file(path: Path) -> bytes:
    """8 KiB of data, a hole, 4 KiB of data at 1 MiB, a trailing hole to 3 MiB; its bytes."""
    with open(path, "wb") as f:
        f.write(os.urandom(8 * KiB))
        f.seek(MiB)
        f.write(os.urandom(4 * KiB))
        f.truncate(3 * MiB)
    return path.read_bytes()


def holes_here(path: Path) -> bool:
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.lseek(fd, 0, os.SEEK_HOLE) < os.fstat(fd).st_size
    finally:
        os.close(fd)


# -- SEEK --------------------------------------------------------------------------------------

def test_seek_data_and_holes_of_a_sparse_file(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    sparse_file(where / "sp")
    assert holes_here(where / "sp"), "this file system keeps no holes"
    fh = fh_of(s, dirfh, b"sp")

    def sk(offset: int, what: int) -> tuple[bool, int]:
        r = s.last([putfh(fh), seek(offset, what)]).resok4
        return r.sr_eof, r.sr_offset

    fd = os.open(where / "sp", os.O_RDONLY)
    try:  # the kernel's own answers, to compare with
        assert sk(0, DATA) == (False, os.lseek(fd, 0, os.SEEK_DATA)) == (False, 0)
        hole = os.lseek(fd, 0, os.SEEK_HOLE)
        assert sk(0, HOLE) == (False, hole) and 8 * KiB <= hole < MiB
        assert sk(hole, DATA) == (False, os.lseek(fd, hole, os.SEEK_DATA)) == (False, MiB)
        after = os.lseek(fd, MiB, os.SEEK_HOLE)
        assert sk(MiB, HOLE) == (False, after)
    finally:
        os.close(fd)
    # no data after the last extent: sr_eof (the client's ENXIO), not an error
    assert sk(after, DATA) == (True, 3 * MiB)
    assert sk(after, HOLE) == (False, after)
    # at or past the end of file: NXIO (RFC 7862 15.11.3)
    assert s.status([putfh(fh), seek(3 * MiB, DATA)]) == S.NFS4ERR_NXIO
    assert s.status([putfh(fh), seek(1 << 63, HOLE)]) == S.NFS4ERR_NXIO
    assert s.status([putfh(dirfh), seek(0, DATA)]) == S.NFS4ERR_WRONG_TYPE


# -- ALLOCATE, DEALLOCATE ------------------------------------------------------------------

def test_allocate_then_stat_blocks(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    (where / "a").write_bytes(b"")
    fh = fh_of(s, dirfh, b"a")
    s.last([putfh(fh), op(O.OP_ALLOCATE, p.ALLOCATE4args(ANON, 0, MiB))])
    st = os.stat(where / "a")
    assert st.st_size == MiB and st.st_blocks * 512 >= MiB
    assert (where / "a").read_bytes() == bytes(MiB)
    # inside the file: nothing changes size
    s.last([putfh(fh), op(O.OP_ALLOCATE, p.ALLOCATE4args(ANON, 4096, 4096))])
    assert os.stat(where / "a").st_size == MiB

    def status(offset: int, length: int, fh: bytes = fh) -> int:
        return s.status([putfh(fh), op(O.OP_ALLOCATE, p.ALLOCATE4args(ANON, offset, length))])

    assert status(0, 0) == S.NFS4ERR_INVAL
    assert status(1 << 63, 1) == S.NFS4ERR_FBIG
    assert status(0, 4096, dirfh) == S.NFS4ERR_WRONG_TYPE


def test_deallocate_reads_back_zeros(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    (where / "p").write_bytes(b"x" * (256 * KiB))
    fh = fh_of(s, dirfh, b"p")
    blocks = os.stat(where / "p").st_blocks
    s.last([putfh(fh), op(O.OP_DEALLOCATE, p.DEALLOCATE4args(ANON, 64 * KiB, 64 * KiB))])
    st = os.stat(where / "p")
    assert st.st_size == 256 * KiB and st.st_blocks <= blocks - 64 * KiB // 512
    got = s.last([putfh(fh), op(O.OP_READ, p.READ4args(ANON, 0, 256 * KiB))]).resok4
    data = b"".join(bytes(v) for v in got.data.views())
    assert data == b"x" * (64 * KiB) + bytes(64 * KiB) + b"x" * (128 * KiB)
    assert s.last([putfh(fh), seek(0, HOLE)]).resok4.sr_offset == 64 * KiB
    assert s.status([putfh(fh), op(O.OP_DEALLOCATE, p.DEALLOCATE4args(ANON, 0, 0))]
                    ) == S.NFS4ERR_INVAL


# -- READ_PLUS -----------------------------------------------------------------------------

def reassemble(s: S42, fh: bytes, count: int) -> tuple[bytes, list[int]]:
    """READ_PLUS from 0 until eof: (the bytes its segments describe, the segment kinds)."""
    out = bytearray()
    kinds: list[int] = []
    while True:
        r = s.last([putfh(fh), read_plus(len(out), count)]).rp_resok4
        for seg in r.rpr_contents:
            kinds.append(seg.tag)
            if seg.tag == DATA:
                assert seg.value.d_offset == len(out)
                out += b"".join(bytes(v) for v in seg.value.d_data.views())
            else:
                assert seg.value.di_offset == len(out) and seg.value.di_length > 0
                out += bytes(seg.value.di_length)
        if r.rpr_eof:
            return bytes(out), kinds
        assert r.rpr_contents, "no progress without eof"


def test_read_plus_of_a_sparse_file_reassembles_to_its_bytes(s: S42, d: tuple[bytes, Path]
                                                              ) -> None:
    dirfh, where = d
    want = sparse_file(where / "rp")
    fh = fh_of(s, dirfh, b"rp")
    got, kinds = reassemble(s, fh, MiB)
    assert got == want
    assert kinds[0] == DATA and HOLE in kinds and kinds.count(DATA) == 2
    # small counts cut segments anywhere, and still add up
    got, kinds = reassemble(s, fh, 3000)
    assert got == want
    # a file without holes: one data segment per reply; past the end: eof, nothing
    (where / "dense").write_bytes(os.urandom(100 * KiB))
    dfh = fh_of(s, dirfh, b"dense")
    r = s.last([putfh(dfh), read_plus(0, MiB)]).rp_resok4
    assert r.rpr_eof and [c.tag for c in r.rpr_contents] == [DATA]
    assert b"".join(bytes(v) for v in r.rpr_contents[0].value.d_data.views()) == \
        (where / "dense").read_bytes()
    r = s.last([putfh(dfh), read_plus(200 * KiB, 10)]).rp_resok4
    assert r.rpr_eof and r.rpr_contents == []
    assert s.status([putfh(dirfh), read_plus(0, 10)]) == S.NFS4ERR_ISDIR
    # two READ_PLUS in one COMPOUND: every segment its own payload in one reply
    res = s.run([putfh(fh), read_plus(0, 4096), read_plus(MiB, 4096)])
    assert res.status == S.NFS4_OK
    a, b = (r.value.rp_resok4.rpr_contents[0].value.d_data for r in res.resarray[2:])
    assert b"".join(bytes(v) for v in a.views()) == want[:4096]
    assert b"".join(bytes(v) for v in b.views()) == want[MiB:MiB + 4096]


def test_read_plus_and_copy_copy_no_payload_byte(s: S42, d: tuple[bytes, Path],
                                                  server: ServerProc) -> None:
    """READ_PLUS's data segments go out as the pool pages storage filled (as READ's), and
    COPY moves data inside the kernel: the server's scrape shows no payload byte copied,
    except the counted copy a caching slot keeps."""
    dirfh, where = d
    want = sparse_file(where / "zc")
    (where / "zc2").write_bytes(b"")
    fh, fh2 = fh_of(s, dirfh, b"zc"), fh_of(s, dirfh, b"zc2")
    port = METRICS_PORT[server.export.as_posix()]
    before = Scrape.from_port(port)
    got, kinds = reassemble(s, fh, MiB)
    assert got == want and HOLE in kinds
    s.last([putfh(fh), savefh(), putfh(fh2), copy(0, 0, 0)])
    assert (where / "zc2").read_bytes() == want
    after = Scrape.from_port(port)
    assert delta(after, before, COPIED) == 0
    assert delta(after, before, "nfsrdma_nfs_ops_total", op="v4.READ_PLUS",
                 status="NFS4_OK") >= 3
    assert delta(after, before, "nfsrdma_nfs_ops_total", op="v4.COPY", status="NFS4_OK") == 1
    # a slot that caches the reply keeps its own copy of the data: counted where it is made;
    # the session's ca_maxresponsesize_cached (8 KiB) bounds it
    s.seq += 1
    res = s.v4.compound([sequence(s.sid, s.seq, cache=True), putfh(fh), read_plus(0, 4096)])
    assert res.status == S.NFS4_OK
    again = Scrape.from_port(port)
    assert delta(again, after, COPIED, where="nfs4_read_plus_cached") == 4096
    s.seq += 1
    res = s.v4.compound([sequence(s.sid, s.seq, cache=True), putfh(fh), read_plus(0, 8192)])
    seg = res.resarray[-1].value.rp_resok4.rpr_contents[0].value
    assert 0 < seg.d_data.nbytes < 8192 and not res.resarray[-1].value.rp_resok4.rpr_eof


# -- COPY, CLONE, OFFLOAD_* ----------------------------------------------------------------

def test_copy_content_synchronously(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    data = os.urandom(300 * KiB)
    (where / "src").write_bytes(data)
    (where / "dst").write_bytes(b"")
    src, dst = fh_of(s, dirfh, b"src"), fh_of(s, dirfh, b"dst")
    r = s.last([putfh(src), savefh(), putfh(dst), copy(0, 0, 0)]).cr_resok4
    assert (where / "dst").read_bytes() == data
    w = r.cr_response
    assert (w.wr_callback_id, w.wr_count, w.wr_committed) == ([], len(data), p.UNSTABLE4)
    assert (r.cr_requirements.cr_consecutive, r.cr_requirements.cr_synchronous) == (True, True)
    # an asynchronous request is answered synchronously (RFC 7862 15.2.3)
    r = s.last([putfh(src), savefh(), putfh(dst), copy(1000, 500 * KiB, 2000, sync=False)])
    assert r.cr_resok4.cr_requirements.cr_synchronous is True
    assert r.cr_resok4.cr_response.wr_callback_id == []
    assert (where / "dst").read_bytes()[500 * KiB:] == data[1000:3000]
    # COMMIT makes the UNSTABLE4 copy durable with the same verifier
    c = s.last([putfh(dst), op(O.OP_COMMIT, p.COMMIT4args(0, 0))])
    assert c.resok4.writeverf == w.wr_writeverf

    def status(ops: list[p.nfs_argop4]) -> int:
        return s.status(ops)

    # the source range past its end of file: INVAL (RFC 7862 15.2.3)
    assert status([putfh(src), savefh(), putfh(dst), copy(len(data) + 1, 0, 0)]
                  ) == S.NFS4ERR_INVAL
    assert status([putfh(src), savefh(), putfh(dst), copy(len(data) - 10, 0, 11)]
                  ) == S.NFS4ERR_INVAL
    # inter-server copies are not done
    far = p.netloc4(p.NL4_NAME, b"elsewhere.example")
    assert status([putfh(src), savefh(), putfh(dst), copy(0, 0, 10, source=[far])]
                  ) == S.NFS4ERR_NOTSUPP
    # no saved filehandle; a directory
    assert status([putfh(dst), copy(0, 0, 10)]) == S.NFS4ERR_NOFILEHANDLE
    assert status([putfh(dirfh), savefh(), putfh(dst), copy(0, 0, 10)]
                  ) == S.NFS4ERR_WRONG_TYPE


def test_copy_onto_an_overlapping_range_and_within_one_file(s: S42, d: tuple[bytes, Path]
                                                            ) -> None:
    dirfh, where = d
    data = bytes(range(256)) * 64
    (where / "one").write_bytes(data)
    fh = fh_of(s, dirfh, b"one")
    # overlapping ranges of one file: INVAL, as the kernel's copy_file_range; nothing moved
    assert s.status([putfh(fh), savefh(), copy(0, 100, 1000)]) == S.NFS4ERR_INVAL
    assert (where / "one").read_bytes() == data
    fd = os.open(where / "one", os.O_RDWR)
    try:
        with pytest.raises(OSError) as e:
            os.copy_file_range(fd, fd, 1000, 0, 100)
        assert e.value.errno == errno.EINVAL
    finally:
        os.close(fd)
    # apart: copied, the file grows past its end
    r = s.last([putfh(fh), savefh(), copy(0, len(data) + 100, 1000)]).cr_resok4
    assert r.cr_response.wr_count == 1000
    got = (where / "one").read_bytes()
    assert got[: len(data)] == data and got[len(data):] == bytes(100) + data[:1000]


def test_copy_is_bounded_per_call(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    data = os.urandom(COPY_CHUNK + 64 * KiB)
    (where / "big").write_bytes(data)
    (where / "big2").write_bytes(b"")
    src, dst = fh_of(s, dirfh, b"big"), fh_of(s, dirfh, b"big2")
    n = s.last([putfh(src), savefh(), putfh(dst), copy(0, 0, 0)]).cr_resok4.cr_response.wr_count
    assert n == COPY_CHUNK  # a short copy: the client asks for the rest
    r = s.last([putfh(src), savefh(), putfh(dst), copy(n, n, 0)]).cr_resok4
    assert r.cr_response.wr_count == 64 * KiB
    assert (where / "big2").read_bytes() == data


def _reflinks(where: Path) -> bool:
    (where / ".a").write_bytes(b"x" * 4096)
    (where / ".b").write_bytes(b"")
    try:
        with open(where / ".a", "rb") as fa, open(where / ".b", "r+b") as fb:
            fcntl.ioctl(fb.fileno(), FICLONE, fa.fileno())
        return True
    except OSError:
        return False
    finally:
        (where / ".a").unlink()
        (where / ".b").unlink()


def test_clone_or_notsupp(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    data = os.urandom(64 * KiB)
    (where / "cs").write_bytes(data)
    (where / "cd").write_bytes(b"")
    src, dst = fh_of(s, dirfh, b"cs"), fh_of(s, dirfh, b"cd")
    st = s.status([putfh(src), savefh(), putfh(dst), clone(0, 0, 0)])
    if _reflinks(where):
        assert st == S.NFS4_OK and (where / "cd").read_bytes() == data
    else:  # ext4, tmpfs: told honestly, and nothing was copied behind the client's back
        assert st == S.NFS4ERR_NOTSUPP and (where / "cd").read_bytes() == b""


def test_offload_copy_notify_io_advise(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    (where / "f").write_bytes(b"f")
    fh = fh_of(s, dirfh, b"f")
    some = p.stateid4(1, b"\1" * 12)
    # no asynchronous copy ever exists, so no copy stateid is known
    assert s.status([putfh(fh), op(O.OP_OFFLOAD_STATUS, p.OFFLOAD_STATUS4args(some))]
                    ) == S.NFS4ERR_BAD_STATEID
    assert s.status([putfh(fh), op(O.OP_OFFLOAD_CANCEL, p.OFFLOAD_CANCEL4args(some))]
                    ) == S.NFS4ERR_BAD_STATEID
    assert s.status([putfh(fh), op(O.OP_COPY_NOTIFY, p.COPY_NOTIFY4args(
        ANON, p.netloc4(p.NL4_NAME, b"there")))]) == S.NFS4ERR_NOTSUPP
    hints = [1 << p.IO_ADVISE4_SEQUENTIAL | 1 << p.IO_ADVISE4_WILLNEED]
    r = s.last([putfh(fh), op(O.OP_IO_ADVISE, p.IO_ADVISE4args(ANON, 0, 1, hints))])
    assert r.resok4.ior_hints == []


def test_v42_ops_are_illegal_before_minor_version_2(server: ServerProc, root: bytes) -> None:
    conn = RawConn(server.nfs_port)
    try:
        v40 = V4(conn, 0)
        res = v40.compound([putrootfh(), seek(0, DATA)])
        assert res.status == S.NFS4ERR_OP_ILLEGAL
        assert res.resarray[-1].tag == O.OP_ILLEGAL
        v41 = V4(conn, 1)
        _, sid = session(v41, b"v42-in-41")
        res = v41.compound([sequence(sid, 1), putrootfh(),
                            op(O.OP_GETXATTR, p.GETXATTR4args(b"k"))])
        assert res.status == S.NFS4ERR_OP_ILLEGAL
    finally:
        conn.close()


# -- permissions and stateids --------------------------------------------------------------

def test_another_uid_is_refused(s: S42, server: ServerProc, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    (where / "mine").write_bytes(b"m" * 8192)
    os.chmod(where / "mine", 0o600)
    (where / "open").write_bytes(b"o" * 8192)
    os.chmod(where / "open", 0o644)
    os.chmod(where, 0o777)
    mine, public = fh_of(s, dirfh, b"mine"), fh_of(s, dirfh, b"open")
    u = S42(server, b"v42-user", USER)
    try:
        assert u.status([putfh(mine), seek(0, DATA)]) == S.NFS4ERR_ACCESS
        assert u.status([putfh(mine), read_plus(0, 10)]) == S.NFS4ERR_ACCESS
        assert u.status([putfh(public), op(O.OP_ALLOCATE, p.ALLOCATE4args(ANON, 0, 4096))]
                        ) == S.NFS4ERR_ACCESS
        assert u.status([putfh(public), op(O.OP_DEALLOCATE, p.DEALLOCATE4args(ANON, 0, 4096))]
                        ) == S.NFS4ERR_ACCESS
        # COPY reads the source and writes the destination as the caller
        assert u.status([putfh(mine), savefh(), putfh(public), copy(0, 0, 10)]
                        ) == S.NFS4ERR_ACCESS
        assert u.status([putfh(public), savefh(), putfh(mine), copy(0, 0, 10)]
                        ) == S.NFS4ERR_ACCESS
        assert (where / "mine").read_bytes() == b"m" * 8192
        assert (where / "open").read_bytes() == b"o" * 8192
        # what it may do, it does: SEEK on a readable file
        assert u.last([putfh(public), seek(0, DATA)]).resok4.sr_offset == 0
    finally:
        u.close()


def test_bad_stateids(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    (where / "st").write_bytes(b"s" * 8192)
    (where / "st2").write_bytes(b"")
    fh, fh2 = fh_of(s, dirfh, b"st"), fh_of(s, dirfh, b"st2")
    # an open for reading only
    how = p.openflag4(p.OPEN4_NOCREATE)
    res = s.run([putfh(dirfh), op(O.OP_OPEN, p.OPEN4args(
        0, R, 0, p.state_owner4(s.clientid, b"v42o"), how, p.open_claim4(p.CLAIM_NULL, b"st")))])
    assert res.status == S.NFS4_OK, res
    sid = res.resarray[-1].value.resok4.stateid
    # a stateid of this boot that names nothing; one of another boot
    forged = p.stateid4(1, sid.other[:4] + b"\x55" * 8)
    stale = p.stateid4(1, b"\x55" * 12)
    for bad in ([putfh(fh), seek(0, DATA, forged)],
                [putfh(fh), read_plus(0, 10, forged)],
                [putfh(fh), op(O.OP_ALLOCATE, p.ALLOCATE4args(forged, 0, 10))],
                [putfh(fh), op(O.OP_DEALLOCATE, p.DEALLOCATE4args(forged, 0, 10))],
                [putfh(fh), savefh(), putfh(fh2), copy(0, 0, 10, sids=(forged, ANON))],
                [putfh(fh), savefh(), putfh(fh2), copy(0, 0, 10, sids=(ANON, forged))]):
        assert s.status(bad) == S.NFS4ERR_BAD_STATEID, bad
    assert s.status([putfh(fh), seek(0, DATA, stale)]) == S.NFS4ERR_STALE_STATEID
    # it may SEEK, not ALLOCATE (OPENMODE, as WRITE)
    assert s.last([putfh(fh), seek(0, DATA, sid)]).resok4.sr_offset == 0
    assert s.status([putfh(fh), op(O.OP_ALLOCATE, p.ALLOCATE4args(sid, 0, 10))]
                    ) == S.NFS4ERR_OPENMODE
    # the open's stateid names its own file only
    assert s.status([putfh(fh2), seek(0, DATA, sid)]) == S.NFS4ERR_BAD_STATEID
    s.last([putfh(fh), op(O.OP_CLOSE, p.CLOSE4args(0, sid))])


async def test_read_plus_over_rdma_is_notsupp_and_read_serves(tmp_path: Path) -> None:
    """Over RPC-over-RDMA READ_PLUS is NOTSUPP (its data is not DDP-eligible, RFC 8267), so
    a client reads with READ, whose data comes by the Write chunk as before."""
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "f").write_bytes(b"rdma" * 25)
    async with running_server(tmp_path) as srv:
        rpc = await connect(srv)
        try:
            root = await mount(rpc, export_path(srv), ROOT_CRED)
            v4 = AV4(rpc, minor=2)
            (eir,) = await v4.ok([exchange_id(b"v42-rdma")])
            (csr,) = await v4.ok([op(O.OP_CREATE_SESSION, p.CREATE_SESSION4args(
                eir.value.eir_clientid, eir.value.eir_sequenceid, 0, ATTRS, BACK, 0x40000000,
                [p.callback_sec_parms4(0, None)]))])
            sid = csr.value.csr_sessionid
            res = await v4.compound([sequence(sid, 1), putfh(root), lookup(b"f"),
                                     read_plus(0, 100)])
            assert (res.status, len(res.resarray)) == (S.NFS4ERR_NOTSUPP, 4)
            res = await v4.compound([sequence(sid, 2), putfh(root), lookup(b"f"),
                                     op(O.OP_READ, p.READ4args(ANON, 0, 100)),
                                     seek(0, HOLE)])
            assert res.status == S.NFS4_OK, res
            assert b"".join(bytes(v) for v in res.resarray[3].value.resok4.data.views()) == \
                b"rdma" * 25
            assert res.resarray[4].value.resok4.sr_offset == 100
        finally:
            await rpc.close()
