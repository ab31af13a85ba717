"""NFSv3 semantics of the real server on a real directory, checked call by call.

What this adds beyond the storage suite and the userspace-client tests: exact wire results
for the cases clients rarely exercise (retransmissions answered from the duplicate request
cache, READDIR paging of a huge directory, cookie verifiers, EXCLUSIVE create, FSINFO and
FSSTAT values) and the errno -> nfsstat3 mapping for every error a client can provoke.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nfsrdma.nfs3 import xdr
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import Cred, Nfs, RawConn, S, fh, mount_root, next_xid, sattr

MIB = 1 << 20
USER = Cred(1000, 1000, (1000,))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    base = tmp_path_factory.mktemp("nfs3")
    (base / "export").mkdir()
    (base / "export2").mkdir()
    srv = make_server(base, exports_text=(
        "{export} *(rw,insecure,no_root_squash)\n{export}2 *(rw,insecure,no_root_squash)\n"))
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture(scope="module")
def root(server: ServerProc) -> bytes:
    return mount_root(server.mount_port, server.export_path)


@pytest.fixture
def nfs(server: ServerProc) -> Iterator[Nfs]:
    conn = RawConn(server.nfs_port)
    yield Nfs(conn)
    conn.close()


@pytest.fixture
def work(nfs: Nfs, root: bytes, server: ServerProc, request: pytest.FixtureRequest) -> bytes:
    """A fresh directory for one test: its handle (path: server.export / test name)."""
    name = request.node.name.replace("[", "_").replace("]", "").encode()
    st, res = nfs.mkdir(root, name, 0o777)
    assert st == 0
    return bytes(res.obj.data)


def wdir(server: ServerProc, request: pytest.FixtureRequest) -> Path:
    return server.export / request.node.name.replace("[", "_").replace("]", "")


# -- duplicate request cache -----------------------------------------------------------------


def _twice(server: ServerProc, send: Callable[[Nfs, int], tuple[int, Any]]
           ) -> tuple[tuple[int, Any], tuple[int, Any]]:
    """The same call with the same xid from two connections (two source ports)."""
    xid = next_xid()
    with RawConn(server.nfs_port) as a, RawConn(server.nfs_port) as b:
        assert a.local_port != b.local_port
        return send(Nfs(a), xid), send(Nfs(b), xid)


def test_drc_guarded_create_retransmission(server: ServerProc, work: bytes,
                                           request: pytest.FixtureRequest) -> None:
    first, second = _twice(server, lambda n, x: n.create(work, b"once", how=1, xid=x))
    assert first[0] == 0 and second[0] == 0  # not NFS3ERR_EXIST
    assert bytes(first[1].obj.data) == bytes(second[1].obj.data)
    assert os.listdir(wdir(server, request)) == ["once"]
    # A new xid is a new request: now the name exists.
    with RawConn(server.nfs_port) as c:
        assert Nfs(c).create(work, b"once", how=1)[0] == S.NFS3ERR_EXIST


def test_drc_remove_retransmission(server: ServerProc, nfs: Nfs, work: bytes,
                                   request: pytest.FixtureRequest) -> None:
    nfs.create_fh(work, b"victim")
    nfs.create_fh(work, b"bystander")
    first, second = _twice(server, lambda n, x: n.remove(work, b"victim", xid=x))
    assert first[0] == 0 and second[0] == 0  # not NFS3ERR_NOENT
    assert os.listdir(wdir(server, request)) == ["bystander"]
    assert nfs.remove(work, b"victim")[0] == S.NFS3ERR_NOENT


def test_drc_rename_retransmission(server: ServerProc, nfs: Nfs, work: bytes,
                                   request: pytest.FixtureRequest) -> None:
    h = nfs.create_fh(work, b"a")
    assert nfs.write(h, 0, b"content")[0] == 0
    first, second = _twice(server, lambda n, x: n.rename(work, b"a", work, b"b", xid=x))
    assert first[0] == 0 and second[0] == 0
    assert os.listdir(wdir(server, request)) == ["b"]
    assert (wdir(server, request) / "b").read_bytes() == b"content"
    assert nfs.rename(work, b"a", work, b"b")[0] == S.NFS3ERR_NOENT


def test_drc_same_xid_different_arguments_is_not_a_hit(server: ServerProc, work: bytes,
                                                       request: pytest.FixtureRequest) -> None:
    xid = next_xid()
    with RawConn(server.nfs_port) as a, RawConn(server.nfs_port) as b:
        assert Nfs(a).create(work, b"one", how=1, xid=xid)[0] == 0
        assert Nfs(b).create(work, b"two", how=1, xid=xid)[0] == 0
    assert sorted(os.listdir(wdir(server, request))) == ["one", "two"]


# -- READDIR / READDIRPLUS -------------------------------------------------------------------


def _list(nfs: Nfs, d: bytes, plus: bool, count: int) -> tuple[list[bytes], int]:
    names: list[bytes] = []
    cookie, verf, calls = 0, bytes(8), 0
    while True:
        if plus:
            args = xdr.READDIRPLUS3args.cls(fh(d), cookie, verf, count // 2, count)
            res = nfs.ok("READDIRPLUS", args)
        else:
            res = nfs.ok("READDIR", xdr.READDIR3args.cls(fh(d), cookie, verf, count))
        calls += 1
        for e in res.reply.entries:
            names.append(bytes(e.name))
            if plus and e.name not in (b".", b".."):
                assert e.name_handle is not None and e.name_attributes.fileid == e.fileid
            cookie = e.cookie
        verf = bytes(res.cookieverf)
        if res.reply.eof:
            return names, calls
        assert res.reply.entries, "empty page without eof"


def test_readdir_paging_100000_entries(server: ServerProc, nfs: Nfs, root: bytes) -> None:
    big = server.export / "big"
    big.mkdir()
    want = [f"f{i:06d}-{'n' * (i % 23)}".encode() for i in range(100_000)]
    dfd = os.open(big, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for n in want:
            os.close(os.open(n, os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=dfd))
    finally:
        os.close(dfd)
    d = nfs.lookup_fh(root, b"big")
    names, calls = _list(nfs, d, plus=False, count=8192)
    assert calls > 100  # really paged
    assert len(names) == len(set(names)) == 100_002
    assert set(names) == {b".", b"..", *want}
    names, calls = _list(nfs, d, plus=True, count=32768)
    assert calls > 100
    assert len(names) == len(set(names)) == 100_002
    assert set(names) == {b".", b"..", *want}


@pytest.mark.parametrize("plus", [False, True])
def test_small_counts_page_every_entry(nfs: Nfs, work: bytes, plus: bool) -> None:
    want = {f"e{i}".encode() for i in range(300)}
    for n in want:
        nfs.create_fh(work, n)
    names, _ = _list(nfs, work, plus, count=512 if plus else 256)
    assert len(names) == len(set(names))
    assert set(names) == want | {b".", b".."}


@pytest.mark.parametrize("plus", [False, True])
def test_changed_directory_is_detected_and_paging_resumes_exactly(nfs: Nfs, work: bytes,
                                                                  plus: bool) -> None:
    """`rm -rf`'s pattern: list a page, change the directory, ask for the next page with the
    old cookie and verifier.  The new verifier shows the change; the old cookie still resumes
    right after the last name returned, so no unchanged name is skipped or repeated."""
    names = {f"x{i:03d}".encode() for i in range(200)}
    for n in names:
        nfs.create_fh(work, n)

    def page(cookie: int, verf: bytes) -> tuple[int, Any]:
        if plus:
            return nfs.raw("READDIRPLUS", xdr.READDIRPLUS3args.cls(fh(work), cookie, verf,
                                                                   1024, 2048))
        return nfs.raw("READDIR", xdr.READDIR3args.cls(fh(work), cookie, verf, 1024))

    st, res = page(0, bytes(8))
    assert st == 0 and not res.reply.eof
    seen = [e.name for e in res.reply.entries if e.name not in (b".", b"..")]
    cookie, verf = res.reply.entries[-1].cookie, bytes(res.cookieverf)
    for n in seen:  # the client removes what it listed, as rm -rf does
        assert nfs.raw("REMOVE", xdr.REMOVE3args.cls(xdr.diropargs3.cls(fh(work), n)))[0] == 0
    nfs.create_fh(work, b"new-entry")
    rest: list[bytes] = []
    changed = False
    while True:
        st, res = page(cookie, verf)
        assert st == 0
        changed = changed or bytes(res.cookieverf) != verf
        rest += [e.name for e in res.reply.entries]
        if res.reply.eof:
            break
        cookie, verf = res.reply.entries[-1].cookie, bytes(res.cookieverf)
    assert changed  # the change is visible in the verifier
    unchanged = names - set(seen)
    assert unchanged <= set(rest)  # nothing left behind
    assert len(rest) == len(set(rest))  # nothing twice
    assert not set(seen) & set(rest)  # nothing removed comes back


@pytest.mark.parametrize("count", [0, 16, 100])
def test_readdir_count_too_small(nfs: Nfs, work: bytes, count: int) -> None:
    nfs.create_fh(work, b"a")
    st, _ = nfs.raw("READDIR", xdr.READDIR3args.cls(fh(work), 0, bytes(8), count))
    assert st == S.NFS3ERR_TOOSMALL
    st, _ = nfs.raw("READDIRPLUS", xdr.READDIRPLUS3args.cls(fh(work), 0, bytes(8), count,
                                                           count))
    assert st == S.NFS3ERR_TOOSMALL


def test_readdirplus_entry_larger_than_maxcount_is_too_small(nfs: Nfs, work: bytes) -> None:
    nfs.create_fh(work, b"n" * 255)
    # Room for the fixed part and a short entry, not for a 255-byte name with attrs + handle.
    st, _res = nfs.raw("READDIRPLUS", xdr.READDIRPLUS3args.cls(fh(work), 2, bytes(8), 4096,
                                                             300))
    assert st == S.NFS3ERR_TOOSMALL


# -- EXCLUSIVE create ------------------------------------------------------------------------


def test_exclusive_create_verifier(nfs: Nfs, work: bytes) -> None:
    st1, r1 = nfs.create(work, b"excl", how=2, verf=b"verf0001")
    st2, r2 = nfs.create(work, b"excl", how=2, verf=b"verf0001")
    assert st1 == 0 and st2 == 0
    assert bytes(r1.obj.data) == bytes(r2.obj.data)
    assert nfs.create(work, b"excl", how=2, verf=b"verf0002")[0] == S.NFS3ERR_EXIST
    # The client then sets the real attributes (RFC 1813 §3.3.8); the verifier is gone.
    h = bytes(r1.obj.data)
    assert nfs.setattr(h, xdr.sattr3.cls(0o640, None, None, None, (1, None), (1, None)))[0] == 0
    assert nfs.create(work, b"excl", how=2, verf=b"verf0001")[0] == S.NFS3ERR_EXIST
    # GUARDED on the name fails, UNCHECKED returns the existing file.
    assert nfs.create(work, b"excl", how=1)[0] == S.NFS3ERR_EXIST
    assert nfs.create(work, b"excl", how=0)[0] == 0


# -- FSINFO / FSSTAT / PATHCONF --------------------------------------------------------------


def test_fsinfo(nfs: Nfs, root: bytes) -> None:
    r = nfs.ok("FSINFO", xdr.FSINFO3args.cls(fh(root)))
    assert r.rtmax == r.wtmax == MIB
    assert r.rtpref == r.wtpref == MIB
    assert (r.time_delta.seconds, r.time_delta.nseconds) == (0, 1)
    assert r.maxfilesize == 2**63 - 1
    assert r.properties & xdr.FSF3_SYMLINK and r.properties & xdr.FSF3_LINK


def test_fsstat_matches_statvfs(nfs: Nfs, root: bytes, server: ServerProc) -> None:
    r = nfs.ok("FSSTAT", xdr.FSSTAT3args.cls(fh(root)))
    s = os.statvfs(server.export)
    assert r.tbytes == s.f_blocks * s.f_frsize
    assert r.tfiles == s.f_files
    # Free space moves with everything else on the machine: equal to within 256 MiB.
    assert abs(r.fbytes - s.f_bfree * s.f_frsize) < 256 * MIB
    assert abs(r.abytes - s.f_bavail * s.f_frsize) < 256 * MIB
    assert r.abytes <= r.fbytes <= r.tbytes
    assert abs(r.ffiles - s.f_ffree) < 100_000 and r.afiles <= r.ffiles <= r.tfiles


def test_pathconf(nfs: Nfs, root: bytes) -> None:
    r = nfs.ok("PATHCONF", xdr.PATHCONF3args.cls(fh(root)))
    assert r.name_max == 255
    assert r.no_trunc and r.case_preserving and not r.case_insensitive
    assert r.linkmax == os.pathconf("/", "PC_LINK_MAX") or r.linkmax > 0


# -- errno -> nfsstat3 -----------------------------------------------------------------------


def _setup(nfs: Nfs, work: bytes, path: Path) -> dict[str, bytes]:
    h = {"dir": work, "file": nfs.create_fh(work, b"file")}
    assert nfs.write(h["file"], 0, b"0123456789")[0] == 0
    nfs.mkdir(work, b"sub")
    h["sub"] = nfs.lookup_fh(work, b"sub")
    nfs.create_fh(h["sub"], b"inner")
    nfs.mkdir(work, b"private", 0o700)
    h["private"] = nfs.lookup_fh(work, b"private")
    nfs.create_fh(h["private"], b"hidden")
    # a file owned by the non-root user, for the chown case
    uf = Nfs(nfs.conn, USER)
    h["userfile"] = uf.create_fh(work, b"userfile")
    assert os.lstat(path / "userfile").st_uid == 1000
    return h


def _dirop_args(name: str, d: bytes, n: bytes) -> Any:
    return getattr(xdr, name + "3args").cls(xdr.diropargs3.cls(fh(d), n))


def _mknod_reg(d: bytes, n: bytes) -> Any:
    return xdr.MKNOD3args.cls(xdr.diropargs3.cls(fh(d), n), (1, None))


ERRNO_CASES: list[tuple[str, int, Callable[[Nfs, dict[str, bytes]], tuple[int, Any]]]] = [
    ("NOENT lookup", S.NFS3ERR_NOENT, lambda n, h: n.lookup(h["dir"], b"missing")),
    ("NOENT remove", S.NFS3ERR_NOENT, lambda n, h: n.remove(h["dir"], b"missing")),
    ("NOENT rename", S.NFS3ERR_NOENT, lambda n, h: n.rename(h["dir"], b"missing", h["dir"], b"x")),
    ("EXIST create", S.NFS3ERR_EXIST, lambda n, h: n.create(h["dir"], b"file", how=1)),
    ("EXIST mkdir", S.NFS3ERR_EXIST, lambda n, h: n.mkdir(h["dir"], b"sub")),
    ("EXIST link", S.NFS3ERR_EXIST, lambda n, h: n.raw("LINK", xdr.LINK3args.cls(
        fh(h["file"]), xdr.diropargs3.cls(fh(h["dir"]), b"sub")))),
    ("NOTDIR lookup", S.NFS3ERR_NOTDIR, lambda n, h: n.lookup(h["file"], b"x")),
    ("NOTDIR create", S.NFS3ERR_NOTDIR, lambda n, h: n.create(h["file"], b"x")),
    ("NOTDIR readdir", S.NFS3ERR_NOTDIR, lambda n, h: n.raw("READDIR", xdr.READDIR3args.cls(
        fh(h["file"]), 0, bytes(8), 4096))),
    ("NOTDIR rmdir", S.NFS3ERR_NOTDIR, lambda n, h: n.rmdir(h["dir"], b"file")),
    ("ISDIR read", S.NFS3ERR_ISDIR, lambda n, h: n.read(h["sub"], 0, 10)),
    ("ISDIR write", S.NFS3ERR_ISDIR, lambda n, h: n.write(h["sub"], 0, b"x")),
    ("ISDIR remove", S.NFS3ERR_ISDIR, lambda n, h: n.remove(h["dir"], b"sub")),
    ("ISDIR rename dir over file", S.NFS3ERR_NOTDIR,
     lambda n, h: n.rename(h["dir"], b"sub", h["dir"], b"file")),
    ("ISDIR rename file over dir", S.NFS3ERR_ISDIR,
     lambda n, h: n.rename(h["dir"], b"file", h["dir"], b"sub")),
    ("NOTEMPTY rmdir", S.NFS3ERR_NOTEMPTY, lambda n, h: n.rmdir(h["dir"], b"sub")),
    ("ACCES lookup", S.NFS3ERR_ACCES,
     lambda n, h: Nfs(n.conn, USER).lookup(h["private"], b"hidden")),
    ("ACCES create", S.NFS3ERR_ACCES,
     lambda n, h: Nfs(n.conn, USER).create(h["private"], b"x")),
    ("ACCES readdir", S.NFS3ERR_ACCES, lambda n, h: Nfs(n.conn, USER).raw(
        "READDIR", xdr.READDIR3args.cls(fh(h["private"]), 0, bytes(8), 4096))),
    ("ACCES write", S.NFS3ERR_ACCES, lambda n, h: Nfs(n.conn, USER).write(h["file"], 0, b"x")),
    ("PERM chown", S.NFS3ERR_PERM,
     lambda n, h: Nfs(n.conn, USER).setattr(h["userfile"], sattr(uid=0))),
    ("PERM chmod other's", S.NFS3ERR_PERM,
     lambda n, h: Nfs(n.conn, USER).setattr(h["file"], sattr(mode=0o777))),
    ("PERM link dir", S.NFS3ERR_PERM, lambda n, h: n.raw("LINK", xdr.LINK3args.cls(
        fh(h["sub"]), xdr.diropargs3.cls(fh(h["dir"]), b"dirlink")))),
    ("NAMETOOLONG create", S.NFS3ERR_NAMETOOLONG, lambda n, h: n.create(h["dir"], b"n" * 256)),
    ("NAMETOOLONG lookup", S.NFS3ERR_NAMETOOLONG, lambda n, h: n.lookup(h["dir"], b"n" * 256)),
    ("NAMETOOLONG mkdir", S.NFS3ERR_NAMETOOLONG, lambda n, h: n.mkdir(h["dir"], b"n" * 1000)),
    ("NAMETOOLONG rename", S.NFS3ERR_NAMETOOLONG,
     lambda n, h: n.rename(h["dir"], b"file", h["dir"], b"n" * 256)),
    ("INVAL readlink", S.NFS3ERR_INVAL,
     lambda n, h: n.raw("READLINK", xdr.READLINK3args.cls(fh(h["file"])))),
    ("INVAL rmdir dot", S.NFS3ERR_INVAL, lambda n, h: n.rmdir(h["dir"], b".")),
    ("INVAL empty symlink", S.NFS3ERR_INVAL, lambda n, h: n.raw("SYMLINK", xdr.SYMLINK3args.cls(
        xdr.diropargs3.cls(fh(h["dir"]), b"l"), xdr.symlinkdata3.cls(sattr(), b"")))),
    ("BADTYPE mknod reg", S.NFS3ERR_BADTYPE, lambda n, h: n.raw("MKNOD", _mknod_reg(
        h["dir"], b"node"))),
    ("NOT_SYNC setattr guard", S.NFS3ERR_NOT_SYNC, lambda n, h: n.raw(
        "SETATTR", xdr.SETATTR3args.cls(fh(h["file"]), sattr(mode=0o600),
                                        xdr.nfstime3.cls(1, 2)))),
    ("FBIG write past ext4 max", S.NFS3ERR_FBIG, lambda n, h: n.write(h["file"], 2**50, b"x")),
    ("FBIG write at 2^63-1", S.NFS3ERR_FBIG, lambda n, h: n.write(h["file"], 2**63 - 1, b"x")),
    ("FBIG write past 2^63", S.NFS3ERR_FBIG, lambda n, h: n.write(h["file"], 2**64 - 16, b"x")),
    ("FBIG setattr size", S.NFS3ERR_FBIG,
     lambda n, h: n.setattr(h["file"], sattr(size=2**63 + 5))),
]


@pytest.mark.parametrize(("case", "want", "op"), ERRNO_CASES, ids=[c[0] for c in ERRNO_CASES])
def test_errno_maps_to_status(nfs: Nfs, work: bytes, server: ServerProc,
                              request: pytest.FixtureRequest, case: str, want: int,
                              op: Callable[[Nfs, dict[str, bytes]], tuple[int, Any]]) -> None:
    path = wdir(server, request)
    h = _setup(nfs, work, path)
    before = sorted(os.listdir(path))
    st, _res = op(nfs, h)
    assert S(st).name == S(want).name
    assert sorted(os.listdir(path)) == before  # a failed call changed nothing
    assert (path / "file").read_bytes() == b"0123456789"


def test_xdev_rename_and_link_across_exports(nfs: Nfs, root: bytes, server: ServerProc) -> None:
    other = mount_root(server.mount_port, f"{server.export}2")
    f = nfs.create_fh(root, b"xdev-src")
    assert nfs.rename(root, b"xdev-src", other, b"moved")[0] == S.NFS3ERR_XDEV
    st, _ = nfs.raw("LINK", xdr.LINK3args.cls(fh(f), xdr.diropargs3.cls(fh(other), b"l")))
    assert st == S.NFS3ERR_XDEV
    assert os.listdir(f"{server.export}2") == []
