"""Hostile and malformed input against a real server process, byte by byte.

What this adds beyond tests/rpc and tests/transport: the whole stack (record marking, RPC
header, dispatcher, NFS programs, handle authentication, vfs storage on a real directory)
answers each broken call with its specific error, and after every case a second client that
was connected all along still gets its GETATTR answered: one bad peer never takes the server
or another connection down.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from nfsrdma.core.handles import MAC_LEN, HandleCodec
from nfsrdma.nfs3 import xdr
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import (
    NFS_PROG,
    NFS_VERS,
    PROC,
    Nfs,
    RawConn,
    S,
    call_bytes,
    encode,
    fh,
    mark,
    mnt,
    mount_root,
    next_xid,
)

MAX_RECORD = 256 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    srv = make_server(tmp_path_factory.mktemp("bad"), "--max-record", str(MAX_RECORD))
    srv.start()
    yield srv
    assert srv.alive(), srv.log_text()[-3000:]
    assert srv.stop() == 0, srv.log_text()[-3000:]
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture(scope="module")
def root(server: ServerProc) -> bytes:
    return mount_root(server.mount_port, server.export_path)


@pytest.fixture(scope="module")
def witness(server: ServerProc) -> Iterator[Nfs]:
    """A well-behaved client connected before any of the cases run."""
    conn = RawConn(server.nfs_port)
    yield Nfs(conn)
    conn.close()


@pytest.fixture(autouse=True)
def _witness_still_served(witness: Nfs, root: bytes, server: ServerProc) -> Iterator[None]:
    assert witness.getattr(root)[0] == 0
    yield
    st, attrs = witness.getattr(root)
    assert st == 0 and attrs.obj_attributes.type == 2
    assert server.alive()


@pytest.fixture
def nfs(server: ServerProc) -> Iterator[Nfs]:
    conn = RawConn(server.nfs_port)
    yield Nfs(conn)
    conn.close()


# -- record marking and RPC header -----------------------------------------------------------


def test_truncated_record_then_close(server: ServerProc) -> None:
    with socket.create_connection(("127.0.0.1", server.nfs_port)) as s:
        s.sendall(mark(1000) + b"x" * 10)
        s.shutdown(socket.SHUT_WR)
        s.settimeout(30)
        assert s.recv(1) == b""  # the server closed its side without answering


def test_oversized_record_closes_only_that_connection(server: ServerProc) -> None:
    with RawConn(server.nfs_port) as c:
        c.sock.sendall(mark(MAX_RECORD + 1) + b"\0" * 64)
        assert c.closed_by_peer()
    assert f"exceeds limit {MAX_RECORD}" in server.log_text()


def test_record_at_the_limit_is_accepted(server: ServerProc, root: bytes) -> None:
    # The bound is exact: a GETATTR padded with trailing bytes up to max-record is decoded
    # (trailing bytes after the arguments are ignored, as knfsd does).
    with RawConn(server.nfs_port) as c:
        msg = call_bytes(next_xid(), NFS_PROG, NFS_VERS, PROC["GETATTR"],
                         encode(xdr.GETATTR3args, xdr.GETATTR3args.cls(fh(root))))
        c.send_record(msg + bytes(MAX_RECORD - len(msg)))
        rep = c.recv_reply()
        assert rep.accept_stat == 0 and rep.body[:4] == b"\0\0\0\0"


def test_garbage_args_after_valid_header(server: ServerProc, root: bytes) -> None:
    with RawConn(server.nfs_port) as c:
        # GETATTR whose handle claims 200 bytes and carries 3.
        rep = c.call(NFS_PROG, NFS_VERS, PROC["GETATTR"], b"\0\0\0\xc8abc")
        assert (rep.reply_stat, rep.accept_stat) == (0, 4)  # GARBAGE_ARGS
        # A LOOKUP whose name length runs past the record.
        rep = c.call(NFS_PROG, NFS_VERS, PROC["LOOKUP"],
                     encode(xdr.nfs_fh3, fh(root)) + b"\0\0\x10\0ab")
        assert (rep.reply_stat, rep.accept_stat) == (0, 4)
        # The connection is still in sync: a good call on it works.
        assert Nfs(c).getattr(root)[0] == 0


def test_unknown_program(server: ServerProc) -> None:
    with RawConn(server.nfs_port) as c:
        rep = c.call(200_000_123, 1, 0)
        assert (rep.reply_stat, rep.accept_stat) == (0, 1)  # PROG_UNAVAIL


@pytest.mark.parametrize("vers", [2, 5, 0xFFFFFFFF])
def test_unknown_nfs_version(server: ServerProc, vers: int) -> None:
    with RawConn(server.nfs_port) as c:
        rep = c.call(NFS_PROG, vers, 0)
        assert (rep.reply_stat, rep.accept_stat) == (0, 2)  # PROG_MISMATCH
        assert rep.mismatch == (3, 4)  # v3 and v4


def test_unknown_mount_version(server: ServerProc) -> None:
    with RawConn(server.mount_port) as c:
        rep = c.call(100005, 2, 0)
        assert (rep.accept_stat, rep.mismatch) == (2, (3, 3))


@pytest.mark.parametrize("proc", [22, 1000, 0xFFFFFFFF])
def test_unknown_procedure(server: ServerProc, proc: int) -> None:
    with RawConn(server.nfs_port) as c:
        rep = c.call(NFS_PROG, NFS_VERS, proc)
        assert (rep.reply_stat, rep.accept_stat) == (0, 3)  # PROC_UNAVAIL


def test_rpc_version_3_is_rpc_mismatch(server: ServerProc) -> None:
    with RawConn(server.nfs_port) as c:
        rep = c.call(NFS_PROG, NFS_VERS, 0, rpcvers=3)
        assert (rep.reply_stat, rep.reject_stat) == (1, 0)  # MSG_DENIED, RPC_MISMATCH
        assert rep.mismatch == (2, 2)


# -- forged and stale handles ----------------------------------------------------------------


def _flip(h: bytes, i: int) -> bytes:
    return h[:i] + bytes([h[i] ^ 0x01]) + h[i + 1:]


@pytest.mark.parametrize("where", ["version", "export id", "fid", "mac", "last"])
def test_flipped_handle_byte_is_badhandle(nfs: Nfs, root: bytes, where: str) -> None:
    i = {"version": 0, "export id": 4, "fid": 11, "mac": len(root) - MAC_LEN, "last": -1}[where]
    i %= len(root)
    forged = _flip(root, i)
    assert nfs.getattr(forged)[0] == S.NFS3ERR_BADHANDLE
    assert nfs.lookup(forged, b"x")[0] == S.NFS3ERR_BADHANDLE
    assert nfs.create(forged, b"x")[0] == S.NFS3ERR_BADHANDLE


@pytest.mark.parametrize("length", [0, 1, 20, 64])
def test_short_or_junk_handle_is_badhandle(nfs: Nfs, length: int) -> None:
    assert nfs.getattr(os.urandom(length))[0] == S.NFS3ERR_BADHANDLE


def test_handle_minted_with_another_secret_is_badhandle(nfs: Nfs, root: bytes) -> None:
    # Same layout, same export id and backend file id, keyed MAC from another server.
    fid_len = root[9]
    export_id = int.from_bytes(root[1:9], "big")
    fid = root[10:10 + fid_len]
    foreign = HandleCodec(os.urandom(32)).encode(export_id, fid)
    assert len(foreign) == len(root) and foreign[:-MAC_LEN] == root[:-MAC_LEN]
    assert nfs.getattr(foreign)[0] == S.NFS3ERR_BADHANDLE


def test_handle_of_removed_file_is_stale(nfs: Nfs, root: bytes, server: ServerProc) -> None:
    h = nfs.create_fh(root, b"doomed")
    assert nfs.write(h, 0, b"data")[0] == 0
    os.unlink(server.export / "doomed")  # removed behind the server's back
    assert nfs.getattr(h)[0] == S.NFS3ERR_STALE
    assert nfs.read(h, 0, 4)[0] == S.NFS3ERR_STALE
    assert nfs.write(h, 0, b"x")[0] == S.NFS3ERR_STALE
    h2 = nfs.create_fh(root, b"doomed2")
    assert nfs.remove(root, b"doomed2")[0] == 0  # removed over NFS
    assert nfs.getattr(h2)[0] == S.NFS3ERR_STALE
    d = nfs.ok("MKDIR", xdr.MKDIR3args.cls(xdr.diropargs3.cls(fh(root), b"gone"),
                                           xdr.sattr3.cls(0o755, None, None, None,
                                                          (0, None), (0, None))))
    dh = bytes(d.obj.data)
    assert nfs.rmdir(root, b"gone")[0] == 0
    assert nfs.lookup(dh, b"x")[0] == S.NFS3ERR_STALE


# -- escapes ---------------------------------------------------------------------------------


def test_dotdot_at_export_root_is_the_root(nfs: Nfs, root: bytes) -> None:
    st, res = nfs.lookup(root, b"..")
    assert st == 0
    assert bytes(res.object.data) == root
    root_attrs = nfs.getattr(root)[1].obj_attributes
    assert res.obj_attributes.fileid == root_attrs.fileid
    # and from a subdirectory, ".." is the root again
    nfs.mkdir(root, b"sub")
    sub = nfs.lookup_fh(root, b"sub")
    assert nfs.lookup_fh(sub, b"..") == root


def test_mount_dotdot_escape_refused(server: ServerProc) -> None:
    with RawConn(server.mount_port) as c:
        for path in (f"{server.export_path}/../etc", f"{server.export_path}/..",
                     f"{server.export_path}/./../../etc", "/etc", "/"):
            st, h = mnt(c, path.encode())
            assert st != 0 and h == b"", path


def test_symlink_to_outside_is_not_followed(nfs: Nfs, root: bytes, server: ServerProc) -> None:
    link = server.export / "etc_link"
    if not link.is_symlink():
        os.symlink("/etc", link)
    st, res = nfs.lookup(root, b"etc_link")
    assert st == 0 and res.obj_attributes.type == 5  # NF3LNK: the link itself
    lh = bytes(res.object.data)
    assert nfs.lookup(lh, b"passwd")[0] == S.NFS3ERR_NOTDIR
    assert nfs.lookup(lh, b"..")[0] == S.NFS3ERR_NOTDIR
    assert nfs.read(lh, 0, 4096)[0] == S.NFS3ERR_INVAL
    assert nfs.write(lh, 0, b"x")[0] == S.NFS3ERR_INVAL
    assert nfs.create(lh, b"planted")[0] == S.NFS3ERR_NOTDIR
    assert not Path("/etc/planted").exists()
    st, rl = nfs.raw("READLINK", xdr.READLINK3args.cls(fh(lh)))
    assert st == 0 and rl.data == b"/etc"  # the client may resolve it; we never do
    with RawConn(server.mount_port) as c:
        for sub in ("/etc_link", "/etc_link/", "/etc_link/ssl"):
            st, h = mnt(c, (server.export_path + sub).encode())
            assert st != 0 and h == b"", sub


def test_symlink_to_inside_directory_is_not_mountable(nfs: Nfs, root: bytes,
                                                     server: ServerProc) -> None:
    (server.export / "realdir").mkdir(exist_ok=True)
    link = server.export / "dirlink"
    if not link.is_symlink():
        os.symlink("realdir", link)
    with RawConn(server.mount_port) as c:
        assert mnt(c, (server.export_path + "/realdir").encode())[0] == 0
        assert mnt(c, (server.export_path + "/dirlink").encode())[0] == 20  # MNT3ERR_NOTDIR
