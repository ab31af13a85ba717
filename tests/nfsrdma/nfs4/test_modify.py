"""SETATTR, CREATE, REMOVE, RENAME, LINK and OPEN's createattrs against a running server over
real TCP sockets and a real filesystem (RFC 8881 18.30, 18.4, 18.25, 18.26, 18.9, 18.16).

Adds beyond the decoder's unit tests (test_fattr, test_idmap): the ops decode real COMPOUNDs
and their effects are read back from the exported directory with os.lstat; change_info4 is
compared with the directory's change attribute read by GETATTR in the same COMPOUND; the
stateid rules of SETATTR(size) meet real opens of two clients; the id domain and name@domain
owner strings come from the server's command line (--nfs4-domain, --nfs4-idmap names); the
XDEV rule crosses a real nested export.
"""

from __future__ import annotations

import os
import pwd
import stat
import struct
from collections.abc import Iterator
from typing import Any

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import fattr
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import Cred, RawConn, mount_root
from tests.nfsrdma.nfs4._v4 import (
    V4,
    attr_mask,
    decode_attrs,
    getattr_,
    getfh,
    lookup,
    op,
    op_status,
    putfh,
    putrootfh,
)
from tests.nfsrdma.nfs4.test_open_41 import Session
from tests.nfsrdma.nfs4.test_open_io import ANON, B, Client, R, W

A = fattr.A
DOM = "example.test"
ROOT_USER = pwd.getpwuid(0).pw_name


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    tmp = tmp_path_factory.mktemp("v4modify")
    (tmp / "export" / "inner").mkdir(parents=True)
    srv = make_server(tmp, "--nfs4-domain", DOM, "--nfs4-idmap", "names", exports_text=(
        "{export} *(rw,no_root_squash,insecure)\n"
        "{export}/inner *(rw,no_root_squash,insecure)\n"))
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture(scope="module")
def root(server: ServerProc) -> bytes:
    return mount_root(server.mount_port, server.export)


@pytest.fixture
def v4(server: ServerProc) -> Iterator[V4]:
    conn = RawConn(server.nfs_port)
    yield V4(conn, 0)
    conn.close()


@pytest.fixture
def d(v4: V4, root: bytes, server: ServerProc, request: pytest.FixtureRequest) -> bytes:
    """A fresh directory for one test (the file handle)."""
    name = request.node.name.encode()[:200]
    os.mkdir(server.export / name.decode())
    return v4.ok([putfh(root), lookup(name), getfh()])[2].resok4.object  # type: ignore[no-any-return]


def u8(b: bytes) -> bytes:
    return struct.pack(">I", len(b)) + b + b"\0" * (-len(b) % 4)


def fa(attrs: dict[int, bytes]) -> p.fattr4:
    """fattr4 from {attribute: its XDR value}, in wire order."""
    return p.fattr4(fattr.make_bitmap(sorted(attrs)), b"".join(attrs[a] for a in sorted(attrs)))


def mode(m: int) -> dict[int, bytes]:
    return {A.MODE: struct.pack(">I", m)}


def create(kind: int, name: bytes, attrs: dict[int, bytes] | None = None,
           data: Any = None) -> p.nfs_argop4:
    return op(O.OP_CREATE, p.CREATE4args(p.createtype4(kind, data), name, fa(attrs or {})))


def setattr_(attrs: dict[int, bytes], sid: p.stateid4 = ANON) -> p.nfs_argop4:
    return op(O.OP_SETATTR, p.SETATTR4args(sid, fa(attrs)))


def change() -> p.nfs_argop4:
    return getattr_([A.CHANGE])


def change_of(res: Any) -> int:
    return decode_attrs(res.resok4.obj_attributes)[A.CHANGE]  # type: ignore[no-any-return]


def savefh() -> p.nfs_argop4:
    return op(O.OP_SAVEFH)


def remove(name: bytes) -> p.nfs_argop4:
    return op(O.OP_REMOVE, p.REMOVE4args(name))


def rename(old: bytes, new: bytes) -> p.nfs_argop4:
    return op(O.OP_RENAME, p.RENAME4args(old, new))


def link(name: bytes) -> p.nfs_argop4:
    return op(O.OP_LINK, p.LINK4args(name))


def last_status(res: p.COMPOUND4res) -> int:
    return op_status(res.resarray[-1].value)


# -- CREATE ----------------------------------------------------------------------------------

def test_create_every_type_with_cinfo_and_attrs(v4: V4, d: bytes, server: ServerProc,
                                                request: pytest.FixtureRequest) -> None:
    where = server.export / request.node.name
    owned = {A.OWNER: u8(b"4321"), A.OWNER_GROUP: u8(f"{ROOT_USER}@{DOM}".encode())}
    res = v4.ok([putfh(d), change(), create(p.NF4DIR, b"sub", {**mode(0o750), **owned}),
                 getattr_([A.TYPE, A.MODE, A.OWNER, A.OWNER_GROUP]), putfh(d), change()])
    cr = res[2].resok4
    assert cr.cinfo.atomic is False
    assert (cr.cinfo.before, cr.cinfo.after) == (change_of(res[1]), change_of(res[5]))
    assert cr.cinfo.before != cr.cinfo.after
    assert attr_mask(cr.attrset) == [A.MODE, A.OWNER, A.OWNER_GROUP]
    # the current filehandle is the new directory; owners go out as the server names them
    got = decode_attrs(res[3].resok4.obj_attributes)
    assert got[A.TYPE] == p.NF4DIR and got[A.MODE] == 0o750
    assert (got[A.OWNER], got[A.OWNER_GROUP]) == (b"4321", f"{ROOT_USER}@{DOM}".encode())
    st = os.lstat(where / "sub")
    assert stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o750
    assert (st.st_uid, st.st_gid) == (4321, 0)

    v4.ok([putfh(d), create(p.NF4LNK, b"sym", data=b"../some/where")])
    assert os.readlink(where / "sym") == "../some/where"
    v4.ok([putfh(d), create(p.NF4FIFO, b"fifo", mode(0o600))])
    assert stat.S_ISFIFO(os.lstat(where / "fifo").st_mode)
    assert stat.S_IMODE(os.lstat(where / "fifo").st_mode) == 0o600
    v4.ok([putfh(d), create(p.NF4SOCK, b"sock")])
    assert stat.S_ISSOCK(os.lstat(where / "sock").st_mode)
    v4.ok([putfh(d), create(p.NF4CHR, b"null", data=p.specdata4(1, 3))])  # root may
    st = os.lstat(where / "null")
    assert stat.S_ISCHR(st.st_mode) and (os.major(st.st_rdev), os.minor(st.st_rdev)) == (1, 3)


def test_create_refusals(v4: V4, d: bytes, server: ServerProc) -> None:
    def status(ops: list[p.nfs_argop4]) -> int:
        return last_status(v4.compound(ops))

    v4.ok([putfh(d), create(p.NF4DIR, b"x"), putfh(d), create(p.NF4LNK, b"ln", data=b"x")])
    assert status([putfh(d), create(p.NF4REG, b"f")]) == S.NFS4ERR_BADTYPE
    assert status([putfh(d), create(p.NF4DIR, b"x")]) == S.NFS4ERR_EXIST
    assert status([putfh(d), create(p.NF4DIR, b"")]) == S.NFS4ERR_INVAL
    assert status([putfh(d), create(p.NF4DIR, b".")]) == S.NFS4ERR_BADNAME
    assert status([putfh(d), create(p.NF4DIR, b"..")]) == S.NFS4ERR_BADNAME
    assert status([putfh(d), create(p.NF4DIR, b"a/b")]) == S.NFS4ERR_BADNAME
    assert status([putfh(d), create(p.NF4DIR, b"\xff\xfe")]) == S.NFS4ERR_INVAL
    assert status([putfh(d), create(p.NF4DIR, b"n" * 256)]) == S.NFS4ERR_NAMETOOLONG
    assert status([putfh(d), create(p.NF4LNK, b"empty", data=b"")]) == S.NFS4ERR_INVAL
    assert status([putfh(d), create(p.NF4DIR, b"ro", {A.TYPE: struct.pack(">I", 2)})]
                  ) == S.NFS4ERR_INVAL
    assert status([putfh(d), create(p.NF4DIR, b"na", {12: b""})]) == S.NFS4ERR_ATTRNOTSUPP
    assert status([putfh(d), create(p.NF4DIR, b"bo", {A.OWNER: u8(b"who@else.test")})]
                  ) == S.NFS4ERR_BADOWNER
    # the current filehandle must be a directory of an export
    assert status([putfh(d), lookup(b"x"), create(p.NF4DIR, b"y")]) == S.NFS4_OK
    assert status([putfh(d), lookup(b"ln"), create(p.NF4DIR, b"y")]) == S.NFS4ERR_SYMLINK
    assert status([putrootfh(), create(p.NF4DIR, b"y")]) == S.NFS4ERR_ROFS
    assert status([create(p.NF4DIR, b"y")]) == S.NFS4ERR_NOFILEHANDLE
    # an unprivileged caller may not make devices (storage's rule, as NFSv3 MKNOD)
    conn = RawConn(server.nfs_port)
    try:
        user = V4(conn, 0, cred=Cred(uid=4321, gid=4321))
        v4.ok([putfh(d), setattr_(mode(0o777))])
        res = user.compound([putfh(d), create(p.NF4BLK, b"blk", data=p.specdata4(8, 0))])
        assert res.status == S.NFS4ERR_PERM
        user.ok([putfh(d), create(p.NF4FIFO, b"userfifo")])
    finally:
        conn.close()


# -- SETATTR ---------------------------------------------------------------------------------

def test_setattr_sets_what_it_says_and_owners_round_trip(
        v4: V4, d: bytes, server: ServerProc, request: pytest.FixtureRequest) -> None:
    where = server.export / request.node.name
    (where / "f").write_bytes(b"0123456789")
    fh = v4.ok([putfh(d), lookup(b"f"), getfh()])[2].resok4.object
    t = {A.MODE: struct.pack(">I", 0o640), A.SIZE: struct.pack(">Q", 3),
         A.OWNER: u8(b"1234"), A.OWNER_GROUP: u8(b"5678"),
         A.TIME_ACCESS_SET: struct.pack(">IqI", p.SET_TO_CLIENT_TIME4, 1_600_000_000, 5),
         A.TIME_MODIFY_SET: struct.pack(">IqI", p.SET_TO_CLIENT_TIME4, 1_500_000_000, 7)}
    res = v4.ok([putfh(fh), setattr_(t)])
    assert attr_mask(res[1].attrsset) == sorted(t)
    st = os.lstat(where / "f")
    assert (stat.S_IMODE(st.st_mode), st.st_size, st.st_uid, st.st_gid) == (0o640, 3, 1234, 5678)
    assert (st.st_atime_ns, st.st_mtime_ns) == (1_600_000_000_000_000_005,
                                                1_500_000_000_000_000_007)
    # what GETATTR sends, SETATTR takes back: name@domain for root, numbers for unnamed ids
    res = v4.ok([putfh(fh), getattr_([A.OWNER, A.OWNER_GROUP])])
    got = decode_attrs(res[1].resok4.obj_attributes)
    assert (got[A.OWNER], got[A.OWNER_GROUP]) == (b"1234", b"5678")
    v4.ok([putfh(fh), setattr_({A.OWNER: u8(f"{ROOT_USER}@EXAMPLE.TEST".encode())})])
    got = decode_attrs(v4.ok([putfh(fh), getattr_([A.OWNER])])[1].resok4.obj_attributes)
    assert got[A.OWNER] == f"{ROOT_USER}@{DOM}".encode()
    v4.ok([putfh(fh), setattr_({A.OWNER: u8(got[A.OWNER])})])
    assert os.lstat(where / "f").st_uid == 0
    # server time
    v4.ok([putfh(fh), setattr_({A.TIME_MODIFY_SET: struct.pack(">I", p.SET_TO_SERVER_TIME4)})])
    assert os.lstat(where / "f").st_mtime > 1_600_000_000
    # the change attribute moved, and a SETATTR that sets nothing still answers
    assert v4.ok([putfh(fh), setattr_({})])[1].attrsset == []


def test_setattr_refusals(v4: V4, d: bytes, server: ServerProc,
                          request: pytest.FixtureRequest) -> None:
    where = server.export / request.node.name
    (where / "f").write_bytes(b"x")
    fh = v4.ok([putfh(d), lookup(b"f"), getfh()])[2].resok4.object

    def status(f: p.fattr4, target: bytes | None = fh) -> int:
        ops = [putfh(target)] if target else [putrootfh()]
        res = v4.compound([*ops, op(O.OP_SETATTR, p.SETATTR4args(ANON, f))])
        assert res.resarray[-1].value.attrsset == []
        return last_status(res)

    assert status(p.fattr4(fattr.make_bitmap([A.MODE]), b"")) == S.NFS4ERR_BADXDR
    assert status(p.fattr4(fattr.make_bitmap([A.MODE]), b"\0\0\1\xa4junk")) == S.NFS4ERR_BADXDR
    assert status(fa({A.TYPE: struct.pack(">I", 1)})) == S.NFS4ERR_INVAL
    assert status(fa({12: b""})) == S.NFS4ERR_ATTRNOTSUPP
    assert status(fa({A.OWNER: u8(b"")})) == S.NFS4ERR_INVAL
    assert status(fa({A.OWNER: u8(b"nobody-n4ns@" + DOM.encode())})) == S.NFS4ERR_BADOWNER
    assert status(fa({A.OWNER_GROUP: u8(f"{ROOT_USER}@other.test".encode())})
                  ) == S.NFS4ERR_BADOWNER
    assert status(fa({A.TIME_MODIFY_SET: struct.pack(">IqI", 1, 0, 10**9)})) == S.NFS4ERR_INVAL
    assert status(fa({A.SIZE: struct.pack(">Q", 2**63)})) == S.NFS4ERR_FBIG
    assert status(fa(mode(0o600)), None) == S.NFS4ERR_ROFS  # the pseudo root
    assert stat.S_IMODE(os.lstat(where / "f").st_mode) != 0o600  # nothing applied
    # size of a directory: ISDIR (storage), with the anonymous stateid
    assert status(fa({A.SIZE: struct.pack(">Q", 0)}), d) == S.NFS4ERR_ISDIR


def test_setattr_permission_and_setuid_rules_are_storages(
        v4: V4, d: bytes, server: ServerProc, request: pytest.FixtureRequest) -> None:
    where = server.export / request.node.name
    (where / "suid").write_bytes(b"payload")
    os.chown(where / "suid", 4321, 4321)
    os.chmod(where / "suid", 0o6755)
    (where / "roots").write_bytes(b"")
    fh = v4.ok([putfh(d), lookup(b"suid"), getfh()])[2].resok4.object
    other = v4.ok([putfh(d), lookup(b"roots"), getfh()])[2].resok4.object
    conn = RawConn(server.nfs_port)
    try:
        user = V4(conn, 0, cred=Cred(uid=4321, gid=4321))
        # the owner truncates its setuid file: S_ISUID and S_ISGID go, as for a local write
        user.ok([putfh(fh), setattr_({A.SIZE: struct.pack(">Q", 0)})])
        st = os.lstat(where / "suid")
        assert st.st_size == 0 and stat.S_IMODE(st.st_mode) == 0o755
        # not the owner: no chmod (PERM), no giving files away, no root's times
        assert last_status(user.compound([putfh(other), setattr_(mode(0o777))])
                           ) == S.NFS4ERR_PERM
        assert last_status(user.compound([putfh(fh), setattr_({A.OWNER: u8(b"0")})])
                           ) == S.NFS4ERR_PERM
    finally:
        conn.close()


def test_setattr_size_needs_a_write_open(server: ServerProc, root: bytes) -> None:
    a, b = Client(server, root), Client(server, root)
    try:
        fh, rsid = a.open(b"sized", R, create=True)
        size0 = {A.SIZE: struct.pack(">Q", 0)}
        res = a.v4.compound([putfh(fh), setattr_(size0, rsid)])
        assert res.status == S.NFS4ERR_OPENMODE
        fh, wsid = a.open(b"sized", B, W, owner=b"o2")  # another owner: deny write
        assert a.write(fh, wsid, 0, b"abcdef", p.FILE_SYNC4) == S.NFS4_OK
        res = a.v4.compound([putfh(fh), setattr_({A.SIZE: struct.pack(">Q", 2)}, wsid)])
        assert res.status == S.NFS4_OK
        assert (server.export / "sized").read_bytes() == b"ab"
        # the anonymous stateid meets a's deny-write reservation; a made-up stateid is
        # refused (BAD_STATEID, or EXPIRED when its clientid names no client)
        assert b.v4.compound([putfh(fh), setattr_(size0)]).status == S.NFS4ERR_LOCKED
        forged = p.stateid4(1, wsid.other[:8] + b"\x5a" * 4)  # its client, no such state
        assert b.v4.compound([putfh(fh), setattr_(size0, forged)]).status in (
            S.NFS4ERR_BAD_STATEID, S.NFS4ERR_STALE_STATEID, S.NFS4ERR_EXPIRED)
        # a SETATTR that does not change the size does not look at the stateid
        assert b.v4.compound([putfh(fh), setattr_(mode(0o600), forged)]).status == S.NFS4_OK
        a.close(fh, wsid, owner=b"o2")
        assert b.v4.compound([putfh(fh), setattr_(size0)]).status == S.NFS4_OK
        assert (server.export / "sized").read_bytes() == b""
    finally:
        a.close_conn()
        b.close_conn()


# -- REMOVE ----------------------------------------------------------------------------------

def test_remove_files_and_directories(v4: V4, d: bytes, server: ServerProc,
                                      request: pytest.FixtureRequest) -> None:
    where = server.export / request.node.name
    (where / "f").write_bytes(b"x")
    (where / "empty").mkdir()
    (where / "full").mkdir()
    (where / "full" / "g").write_bytes(b"")
    os.symlink("f", where / "ln")
    res = v4.ok([putfh(d), change(), remove(b"f"), change()])
    ci = res[2].resok4.cinfo
    assert (ci.atomic, ci.before, ci.after) == (False, change_of(res[1]), change_of(res[3]))
    assert not (where / "f").exists()
    v4.ok([putfh(d), remove(b"empty"), remove(b"ln")])
    assert sorted(os.listdir(where)) == ["full"]

    def status(ops: list[p.nfs_argop4]) -> int:
        return last_status(v4.compound(ops))

    assert status([putfh(d), remove(b"full")]) == S.NFS4ERR_NOTEMPTY
    assert status([putfh(d), remove(b"gone")]) == S.NFS4ERR_NOENT
    assert status([putfh(d), remove(b"")]) == S.NFS4ERR_INVAL
    assert status([putfh(d), remove(b".")]) == S.NFS4ERR_BADNAME
    assert status([putfh(d), remove(b"..")]) == S.NFS4ERR_BADNAME
    assert status([putfh(d), lookup(b"full"), lookup(b"g"), remove(b"x")]) == S.NFS4ERR_NOTDIR
    assert status([putrootfh(), remove(b"x")]) == S.NFS4ERR_ROFS
    assert status([remove(b"x")]) == S.NFS4ERR_NOFILEHANDLE
    assert (where / "full" / "g").exists()


# -- RENAME ----------------------------------------------------------------------------------

def test_rename_across_directories_and_over_targets(
        v4: V4, d: bytes, server: ServerProc, request: pytest.FixtureRequest) -> None:
    where = server.export / request.node.name
    for sub in ("a", "b"):
        (where / sub).mkdir()
    (where / "a" / "f").write_bytes(b"moved")
    (where / "b" / "old").write_bytes(b"replaced")
    ino = os.lstat(where / "a" / "f").st_ino
    res = v4.ok([putfh(d), lookup(b"a"), change(), savefh(), putfh(d), lookup(b"b"), change(),
                 rename(b"f", b"old"), change(), op(O.OP_RESTOREFH), change()])
    r = res[7].resok4
    # source_cinfo is the saved directory's, target_cinfo the current one's
    assert (r.source_cinfo.before, r.source_cinfo.after) == (change_of(res[2]),
                                                             change_of(res[10]))
    assert (r.target_cinfo.before, r.target_cinfo.after) == (change_of(res[6]),
                                                             change_of(res[8]))
    assert not r.source_cinfo.atomic and not r.target_cinfo.atomic
    assert os.lstat(where / "b" / "old").st_ino == ino
    assert (where / "b" / "old").read_bytes() == b"moved"
    assert os.listdir(where / "a") == []
    # within one directory: both cinfo come from it
    v4.ok([putfh(d), lookup(b"b"), savefh(), rename(b"old", b"new")])
    assert os.listdir(where / "b") == ["new"]


def test_rename_of_one_file_onto_itself_does_nothing(
        v4: V4, d: bytes, server: ServerProc, request: pytest.FixtureRequest) -> None:
    """RFC 7530 16.26.4 (4.0) and RFC 8881 18.26.4 (4.1): two names of one file (the same
    name, or hard links): no action, NFS4_OK, change_info unchanged (pynfs RNM18-20)."""
    where = server.export / request.node.name
    (where / "f").write_bytes(b"x")
    os.link(where / "f", where / "hard")
    (where / "dir").mkdir()
    s = Session(server, b"n4ns-self-rename")
    try:
        for name, new in ((b"f", b"f"), (b"f", b"hard"), (b"dir", b"dir")):
            for res in (v4.compound([putfh(d), savefh(), rename(name, new)]),
                        s.run([putfh(d), savefh(), rename(name, new)])):
                assert res.status == S.NFS4_OK
                r = res.resarray[-1].value.resok4
                assert r.source_cinfo.before == r.source_cinfo.after
                assert r.target_cinfo.before == r.target_cinfo.after
    finally:
        s.conn.close()
    assert sorted(os.listdir(where)) == ["dir", "f", "hard"]
    assert os.lstat(where / "f").st_nlink == 2


def test_rename_refusals(v4: V4, d: bytes, root: bytes, server: ServerProc,
                         request: pytest.FixtureRequest) -> None:
    where = server.export / request.node.name
    (where / "dir").mkdir()
    (where / "full").mkdir()
    (where / "full" / "x").write_bytes(b"")
    (where / "f").write_bytes(b"")
    inner = v4.ok([putfh(root), lookup(b"inner"), getfh()])[2].resok4.object

    def status(ops: list[p.nfs_argop4]) -> int:
        return last_status(v4.compound(ops))

    assert status([putfh(d), rename(b"f", b"g")]) == S.NFS4ERR_NOFILEHANDLE  # nothing saved
    assert status([putfh(d), savefh(), rename(b"nope", b"g")]) == S.NFS4ERR_NOENT
    assert status([putfh(d), savefh(), rename(b"", b"g")]) == S.NFS4ERR_INVAL
    assert status([putfh(d), savefh(), rename(b"f", b"")]) == S.NFS4ERR_INVAL
    assert status([putfh(d), savefh(), rename(b".", b"g")]) == S.NFS4ERR_BADNAME
    assert status([putfh(d), savefh(), rename(b"f", b"..")]) == S.NFS4ERR_BADNAME
    assert status([putfh(d), savefh(), rename(b"f", b"\xc3\x28")]) == S.NFS4ERR_INVAL
    assert status([putfh(d), savefh(), rename(b"dir", b"f")]) in (S.NFS4ERR_EXIST,
                                                                  S.NFS4ERR_NOTDIR)
    assert status([putfh(d), savefh(), rename(b"f", b"dir")]) in (S.NFS4ERR_EXIST,
                                                                  S.NFS4ERR_ISDIR)
    assert status([putfh(d), savefh(), rename(b"dir", b"full")]) in (S.NFS4ERR_EXIST,
                                                                     S.NFS4ERR_NOTEMPTY)
    # a non-directory as either filehandle
    assert status([putfh(d), lookup(b"f"), savefh(), putfh(d), rename(b"a", b"b")]
                  ) == S.NFS4ERR_NOTDIR
    assert status([putfh(d), savefh(), lookup(b"f"), rename(b"a", b"b")]) == S.NFS4ERR_NOTDIR
    # into another export (a nested one: its own fsid) or the pseudo filesystem
    assert status([putfh(d), savefh(), putfh(inner), rename(b"f", b"f")]) == S.NFS4ERR_XDEV
    assert status([putrootfh(), savefh(), putrootfh(), rename(b"a", b"b")]) == S.NFS4ERR_ROFS
    assert sorted(os.listdir(where)) == ["dir", "f", "full"]


# -- LINK ------------------------------------------------------------------------------------

def test_link_saved_file_into_current_directory(
        v4: V4, d: bytes, root: bytes, server: ServerProc,
        request: pytest.FixtureRequest) -> None:
    where = server.export / request.node.name
    (where / "f").write_bytes(b"linked")
    (where / "sub").mkdir()
    inner = v4.ok([putfh(root), lookup(b"inner"), getfh()])[2].resok4.object
    res = v4.ok([putfh(d), lookup(b"f"), savefh(), putfh(d), lookup(b"sub"), change(),
                 link(b"hard"), change(), getfh(), putfh(d), lookup(b"sub"), getfh()])
    ci = res[6].resok4.cinfo
    assert (ci.atomic, ci.before, ci.after) == (False, change_of(res[5]), change_of(res[7]))
    assert res[8].resok4.object == res[11].resok4.object  # the current fh stays the directory
    assert os.lstat(where / "sub" / "hard").st_ino == os.lstat(where / "f").st_ino
    assert os.lstat(where / "f").st_nlink == 2

    def status(ops: list[p.nfs_argop4]) -> int:
        return last_status(v4.compound(ops))

    f = [putfh(d), lookup(b"f"), savefh()]
    assert status([putfh(d), link(b"x")]) == S.NFS4ERR_NOFILEHANDLE
    assert status([*f, putfh(d), link(b"f")]) == S.NFS4ERR_EXIST
    assert status([*f, putfh(d), link(b"")]) == S.NFS4ERR_INVAL
    assert status([*f, putfh(d), link(b"..")]) == S.NFS4ERR_BADNAME
    assert status([*f, putfh(d), link(b"l" * 256)]) == S.NFS4ERR_NAMETOOLONG
    assert status([*f, link(b"x")]) == S.NFS4ERR_NOTDIR  # the current fh is the file
    assert status([putfh(d), lookup(b"sub"), savefh(), putfh(d), link(b"x")]) == S.NFS4ERR_ISDIR
    assert status([*f, putfh(inner), link(b"x")]) == S.NFS4ERR_XDEV
    assert sorted(os.listdir(where)) == ["f", "sub"]


# -- 4.1 and OPEN's createattrs ----------------------------------------------------------------

def _open(s: Session, name: bytes, how: p.createhow4) -> p.nfs_argop4:
    return op(O.OP_OPEN, p.OPEN4args(0, B, 0, p.state_owner4(s.clientid, b"o"),
                                     p.openflag4(p.OPEN4_CREATE, how),
                                     p.open_claim4(p.CLAIM_NULL, name)))


def test_41_namespace_ops_and_open_createattrs(d: bytes, server: ServerProc,
                                              request: pytest.FixtureRequest) -> None:
    where = server.export / request.node.name
    s = Session(server, b"n4ns-41")
    try:
        res = s.run([putfh(d), create(p.NF4DIR, b"dir", mode(0o711)), savefh(),
                     create(p.NF4LNK, b"ln", data=b"target"), putfh(d), lookup(b"dir"),
                     rename(b"ln", b"ln2"), remove(b"ln2")])
        assert res.status == S.NFS4_OK, res
        assert stat.S_IMODE(os.lstat(where / "dir").st_mode) == 0o711
        assert os.listdir(where / "dir") == []
        # UNCHECKED4 with owner and mode: both applied at creation, both reported
        how = p.createhow4(p.UNCHECKED4, fa({**mode(0o604), A.OWNER: u8(b"2345")}))
        res = s.run([putfh(d), _open(s, b"u", how)])
        assert res.status == S.NFS4_OK
        ok = res.resarray[2].value.resok4
        assert attr_mask(ok.attrset) == [A.MODE, A.OWNER]
        st = os.lstat(where / "u")
        assert (stat.S_IMODE(st.st_mode), st.st_uid) == (0o604, 2345)
        now = os.lstat(where).st_ctime_ns
        assert ok.cinfo.before != ok.cinfo.after and not ok.cinfo.atomic
        # the directory's change attribute (ctime << 30 + ns), as GETATTR sends it
        assert ok.cinfo.after == ((now // 10**9) << 30) + now % 10**9
        # UNCHECKED4 again on the existing file: its createattrs are ignored, except a size
        # of 0, which truncates (RFC 7530 16.16.5; pynfs OPEN2)
        (where / "u").write_bytes(b"x" * 32)
        how = p.createhow4(p.UNCHECKED4, fa({**mode(0o600), A.SIZE: struct.pack(">Q", 16)}))
        res = s.run([putfh(d), _open(s, b"u", how)])
        assert res.status == S.NFS4_OK and res.resarray[2].value.resok4.attrset == []
        st = os.lstat(where / "u")
        assert (stat.S_IMODE(st.st_mode), st.st_size) == (0o604, 32)
        how = p.createhow4(p.UNCHECKED4, fa({**mode(0o600), A.SIZE: struct.pack(">Q", 0)}))
        res = s.run([putfh(d), _open(s, b"u", how)])
        assert attr_mask(res.resarray[2].value.resok4.attrset) == [A.SIZE]
        st = os.lstat(where / "u")
        assert (stat.S_IMODE(st.st_mode), st.st_size) == (0o604, 0)
        # EXCLUSIVE4_1: its mode applied, the verifier's times named in attrset
        how = p.createhow4(p.EXCLUSIVE4_1, p.creatverfattr(b"verifier", fa(mode(0o640))))
        res = s.run([putfh(d), _open(s, b"x", how)])
        assert res.status == S.NFS4_OK
        assert attr_mask(res.resarray[2].value.resok4.attrset) == [
            A.MODE, A.TIME_ACCESS, A.TIME_MODIFY]
        assert stat.S_IMODE(os.lstat(where / "x").st_mode) == 0o640
        # only suppattr_exclcreat may come with EXCLUSIVE4_1
        times = {A.TIME_MODIFY_SET: struct.pack(">I", p.SET_TO_SERVER_TIME4)}
        how = p.createhow4(p.EXCLUSIVE4_1, p.creatverfattr(b"verifie2", fa(times)))
        res = s.run([putfh(d), _open(s, b"y", how)])
        assert res.status == S.NFS4ERR_INVAL
        assert not (where / "y").exists()
        # a bad createattrs fails the OPEN before anything is created
        how = p.createhow4(p.GUARDED4, fa({A.TYPE: struct.pack(">I", 1)}))
        assert s.run([putfh(d), _open(s, b"z", how)]).status == S.NFS4ERR_INVAL
        assert not (where / "z").exists()
    finally:
        s.conn.close()


def test_open_of_other_file_types(d: bytes, server: ServerProc, root: bytes,
                                  request: pytest.FixtureRequest) -> None:
    """OPEN of a fifo, socket or device: SYMLINK in 4.0 (RFC 7530 16.16.6, as knfsd and
    pynfs OPEN7*), WRONG_TYPE in 4.1 (RFC 8881 18.16.3)."""
    where = server.export / request.node.name
    os.mkfifo(where / "fifo")
    c, s = Client(server, d), Session(server, b"n4ns-types")
    try:
        assert c.try_open(b"fifo", R) == S.NFS4ERR_SYMLINK
        how = p.createhow4(p.UNCHECKED4, fa({}))
        assert s.run([putfh(d), _open(s, b"fifo", how)]).status == S.NFS4ERR_WRONG_TYPE
    finally:
        c.close_conn()
        s.conn.close()


def test_remove_and_rename_wait_for_grace(tmp_path_factory: pytest.TempPathFactory) -> None:
    """After a restart with a recorded client, REMOVE and RENAME are GRACE until it
    reclaimed or grace ended (RFC 8881 18.25.4, 18.26.4: the name may be one a client
    reclaims an open of), as knfsd answers; CREATE, SETATTR and LINK go on."""
    tmp = tmp_path_factory.mktemp("v4grace")
    srv = make_server(tmp, "--grace-time", "600")
    srv.state.mkdir(parents=True)
    (srv.state / "nfs4-clients").write_text(b"a client that may come back".hex() + "\n")
    (srv.export / "f").write_bytes(b"")
    srv.start()
    try:
        root = mount_root(srv.mount_port, srv.export)
        conn = RawConn(srv.nfs_port)
        v4 = V4(conn, 0)
        assert last_status(v4.compound([putfh(root), remove(b"f")])) == S.NFS4ERR_GRACE
        assert last_status(v4.compound([putfh(root), savefh(), rename(b"f", b"g")])
                           ) == S.NFS4ERR_GRACE
        v4.ok([putfh(root), lookup(b"f"), savefh(), putfh(root), link(b"h"),
               create(p.NF4DIR, b"d"), setattr_(mode(0o700))])
        assert sorted(os.listdir(srv.export)) == ["d", "f", "h"]
        conn.close()
    finally:
        assert srv.stop() == 0
    assert "Traceback" not in srv.log_text()
