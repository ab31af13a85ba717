"""Handles never reach outside their export (issue 12, "Security").

The attacks of the issue, against a running server over TCP on a real directory: a local
user moves a directory (or a file) the client holds a handle for out of the export, or
plants a hard link to an outside file and removes it again.  Before the fix, ".." from the
moved directory walked to the file system root, and from there, with the rw export's id,
files were read and created outside the export and inside a read-only export's tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from nfsrdma.nfs3 import xdr
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import Nfs, RawConn, S, dirop, fh, mnt

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="vfs needs CAP_DAC_READ_SEARCH")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProc]:
    export = tmp_path / "export"
    for d in ("rw/d/sub", "ro"):
        (export / d).mkdir(parents=True)
    (export / "ro" / "f").write_bytes(b"read-only data")
    (export / "rw" / "file").write_bytes(b"inside")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(b"outside secret")
    srv = make_server(tmp_path, exports_text=(
        "{export}/rw *(rw,insecure,no_root_squash)\n{export}/ro *(ro,insecure,no_root_squash)\n"))
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text()


def walk_up(nfs: Nfs, h: bytes, steps: int) -> list[tuple[int, int]]:
    """(status, fileid) of each ".." step from ``h`` (stops at the first failure)."""
    out = []
    for _ in range(steps):
        st, res = nfs.lookup(h, b"..")
        out.append((st, int(res.obj_attributes.fileid) if st == 0 and res.obj_attributes else 0))
        if st != 0:
            break
        h = bytes(res.object.data)
    return out


def test_directory_moved_out_is_stale(server: ServerProc, tmp_path: Path) -> None:
    rw = server.export / "rw"
    with RawConn(server.mount_port) as m:
        root = mnt(m, str(rw).encode())[1]
    with RawConn(server.nfs_port) as c:
        nfs = Nfs(c)
        d = nfs.lookup_fh(root, b"d")
        sub = nfs.lookup_fh(d, b"sub")
        assert nfs.getattr(d)[0] == 0
        os.rename(rw / "d", tmp_path / "outside" / "d")  # a local user's mv
        for h in (d, sub):
            assert nfs.getattr(h)[0] == S.NFS3ERR_STALE
            assert nfs.lookup(h, b"..")[0] == S.NFS3ERR_STALE
            assert nfs.lookup(h, b"sub")[0] == S.NFS3ERR_STALE
            assert nfs.create(h, b"planted")[0] == S.NFS3ERR_STALE
            assert nfs.mkdir(h, b"planted-dir")[0] == S.NFS3ERR_STALE
            st, _ = nfs.raw("READDIR", xdr.READDIR3args.cls(fh(h), 0, b"\0" * 8, 4096))
            assert st == S.NFS3ERR_STALE
        # The escape, step by step: ".." up to the file system root, then down
        # into the read-only export and outside; none of it may work.
        assert all(st != 0 for st, _ in walk_up(nfs, sub, 10))
        assert not (tmp_path / "outside" / "d" / "planted").exists()
        assert not (tmp_path / "outside" / "d" / "sub" / "planted").exists()
        # Moved back in, the same handles serve again: they were refused for where the
        # directory was, not forgotten.
        os.rename(tmp_path / "outside" / "d", rw / "d")
        assert nfs.getattr(d)[0] == 0
        assert nfs.lookup(sub, b"..")[0] == 0


def test_dotdot_stops_at_the_export_root(server: ServerProc) -> None:
    rw = server.export / "rw"
    with RawConn(server.mount_port) as m:
        root = mnt(m, str(rw).encode())[1]
    with RawConn(server.nfs_port) as c:
        nfs = Nfs(c)
        sub = nfs.lookup_fh(nfs.lookup_fh(root, b"d"), b"sub")
        ino = os.stat(rw).st_ino
        steps = walk_up(nfs, sub, 5)
        assert [st for st, _ in steps] == [0] * 5
        assert [fid for _, fid in steps[1:]] == [ino] * 4  # d, then the root for ever


def test_file_moved_out_is_stale(server: ServerProc, tmp_path: Path) -> None:
    rw = server.export / "rw"
    outside = tmp_path / "outside"
    with RawConn(server.mount_port) as m:
        root = mnt(m, str(rw).encode())[1]
    with RawConn(server.nfs_port) as c:
        nfs = Nfs(c)
        f = nfs.lookup_fh(root, b"file")
        assert nfs.read_data(f, 0, 100) == b"inside"
        os.rename(rw / "file", outside / "file")
        assert nfs.read(f, 0, 100)[0] == S.NFS3ERR_STALE
        assert nfs.write(f, 0, b"overwritten")[0] == S.NFS3ERR_STALE
        assert (outside / "file").read_bytes() == b"inside"
        # A hard link planted to an outside file serves while it is in the export, and
        # stops when its inside name goes (the file's only name is then outside).
        os.link(outside / "secret", rw / "planted")
        p = nfs.lookup_fh(root, b"planted")
        assert nfs.read_data(p, 0, 100) == b"outside secret"
        os.unlink(rw / "planted")
        assert nfs.read(p, 0, 100)[0] == S.NFS3ERR_STALE
        assert nfs.write(p, 0, b"pwned")[0] == S.NFS3ERR_STALE
        link = xdr.LINK3args.cls(fh(p), dirop(root, b"again"))
        assert nfs.raw("LINK", link)[0] == S.NFS3ERR_STALE
        assert (outside / "secret").read_bytes() == b"outside secret"
        assert not (rw / "again").exists()


def test_subtree_check_is_refused_at_start(tmp_path: Path) -> None:
    srv = make_server(tmp_path, exports_text="{export} *(rw,subtree_check)\n")
    with pytest.raises(RuntimeError, match="exited with 2"):
        srv.start()
    log = srv.log_text()
    assert "exports:1: subtree_check is not supported: use no_subtree_check" in log
    assert "Traceback" not in log


def test_nested_read_only_export_stays_read_only(tmp_path: Path) -> None:
    export = tmp_path / "export"
    (export / "ro").mkdir(parents=True)
    (export / "ro" / "f").write_bytes(b"read-only data")
    srv = make_server(tmp_path, exports_text=(
        "{export} *(rw,insecure,no_root_squash)\n{export}/ro *(ro,insecure,no_root_squash)\n"))
    srv.start()
    try:
        with RawConn(srv.mount_port) as m:
            root = mnt(m, str(export).encode())[1]
        with RawConn(srv.nfs_port) as c:
            nfs = Nfs(c)
            assert nfs.create(root, b"outer-file")[0] == 0  # the outer export is rw
            ro = nfs.lookup_fh(root, b"ro")
            assert nfs.create(ro, b"planted")[0] == S.NFS3ERR_ROFS
            assert nfs.write(nfs.lookup_fh(ro, b"f"), 0, b"overwritten")[0] == S.NFS3ERR_ROFS
            st, res = nfs.raw("READDIRPLUS", xdr.READDIRPLUS3args.cls(
                fh(root), 0, b"\0" * 8, 4096, 65536))
            assert st == 0
            handles = {bytes(e.name): bytes(e.name_handle.data) for e in res.reply.entries}
            assert handles[b"ro"] == ro
            assert nfs.mkdir(handles[b"ro"], b"planted-dir")[0] == S.NFS3ERR_ROFS
        assert sorted(p.name for p in (export / "ro").iterdir()) == ["f"]
        assert (export / "ro" / "f").read_bytes() == b"read-only data"
    finally:
        assert srv.stop() == 0
