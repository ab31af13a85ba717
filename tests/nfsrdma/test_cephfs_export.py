"""A server process exporting a CephFS directory (--storage cephfs), driven by clients we did
not write, on the one-node Ceph cluster the test run boots (tests/ceph_cluster.py).

What this adds beyond tests/storage (the backend suite on cephfs): the CLI's cephfs options,
the whole NFSv3 and NFSv4.1 paths over a cephfs export with PyPI's nfs-rs and Debian's
libnfs, the data checked in CephFS itself through a second libcephfs client, the payload-copy
counter scraped from the running server (READ and WRITE copy nothing in Python), file
handles that stay valid across a server restart (inode numbers, not a per-process table), and
a missing CephFS directory refused at start-up with a one-line error.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nfs_rs
import pytest

from storage import Cred
from storage.cephfs import CephfsBackend
from tests.ceph_cluster import CephCluster
from tests.helpers import ServerProc, free_port, make_server
from tests.nfsrdma._nfs import Nfs, RawConn, mount_root
from tests.transport.rdma._rdma import Scrape

MIB = 1 << 20
ROOT = Cred(0, 0)
UNSTABLE, FILE_SYNC = 0, 2


def _mkdir_in_cephfs(conf: Path) -> str:
    """A new CephFS directory (mode 0777) for one test; returns its path."""
    name = "nfs-" + os.urandom(6).hex()

    async def make() -> None:
        be = CephfsBackend(str(conf))
        try:
            await be.mkdir(await be.root(), name.encode(), 0o777, ROOT)
        finally:
            be.close()

    asyncio.run(make())
    return "/" + name


def _cephfs_bytes(conf: Path, path: str, name: bytes) -> bytes:
    """A file's content read by a second libcephfs client (not through the server)."""

    async def read() -> bytes:
        from storage import PagePool

        be = CephfsBackend(str(conf), path)
        pool = PagePool(16 * MIB)
        try:
            fid = await be.lookup(await be.root(), name, ROOT)
            out = b""
            while True:
                bl, eof = await be.read(fid, len(out), 4 * MIB, pool, ROOT)
                out += bl.tobytes()
                bl.release()
                if eof:
                    return out
        finally:
            be.close()

    return asyncio.run(read())


@pytest.fixture
def ceph_server(tmp_path: Path, ceph_cluster: CephCluster) -> Iterator[tuple[ServerProc, int]]:
    """A server exporting a fresh CephFS directory, with its metrics port."""
    path = _mkdir_in_cephfs(ceph_cluster.conf)
    port = free_port()
    srv = make_server(tmp_path, "--storage", "cephfs", "--ceph-conf", str(ceph_cluster.conf),
                      "--metrics-port", str(port))
    i = srv.args.index("--export")
    srv.args[i:i + 2] = ["--ceph-path", path]
    srv.export = Path(path)  # what clients mount (and url() names)
    srv.start()
    yield srv, port
    if srv.alive():
        assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


def _copied(port: int) -> float:
    return Scrape.from_port(port).value("nfsrdma_payload_bytes_copied_total")


def test_nfs_rs_v3_and_v41_over_cephfs(ceph_server: tuple[ServerProc, int],
                                       ceph_cluster: CephCluster) -> None:
    srv, port = ceph_server
    rnd = os.urandom(MIB)
    data = b"".join(bytes([i]) + rnd[1:] for i in range(16))
    copied = _copied(port)
    with nfs_rs.Client.connect(srv.url(), uid=0, gid=0, operation_timeout=60) as c:
        with c.open("v3.bin", "wb") as f:
            f.write(data)
        c.mkdir("dir")
        for i in range(50):
            with c.open(f"dir/f{i:02d}", "wb") as f:
                f.write(b"%d" % i)
        c.rename("dir/f00", "dir/renamed")
        c.remove("dir/f01")
        assert set(c.listdir("dir")) == {f"f{i:02d}" for i in range(2, 50)} | {"renamed"}
        assert set(c.listdir("/")) == {"v3.bin", "dir"}
        with c.open("v3.bin", "rb") as f:
            assert f.read() == data
    # READ and WRITE went between pool pages and libcephfs: nothing copied in Python
    assert _copied(port) == copied
    assert _cephfs_bytes(ceph_cluster.conf, srv.export_path, b"v3.bin") == data
    # the same export at 4.1 (a session, its back channel), data written at v3 read back
    with nfs_rs.Client.connect(srv.url(version="4.1"), uid=0, gid=0,
                               operation_timeout=60) as c:
        assert c.version == "4.1"
        with c.open("v3.bin", "rb") as f:
            assert hashlib.sha256(f.read()).digest() == hashlib.sha256(data).digest()
        with c.open("v41.bin", "wb") as f:
            f.write(data[:3 * MIB])
        assert len(c.listdir("dir")) == 49
    assert _cephfs_bytes(ceph_cluster.conf, srv.export_path, b"v41.bin") == data[:3 * MIB]


@pytest.mark.skipif(shutil.which("nfs-cp") is None, reason="libnfs-utils not installed")
def test_libnfs_copies_in_and_out(ceph_server: tuple[ServerProc, int], tmp_path: Path,
                                  ceph_cluster: CephCluster) -> None:
    srv, _ = ceph_server
    src = tmp_path / "in.bin"
    src.write_bytes(os.urandom(5 * MIB + 77))
    subprocess.run(["nfs-cp", str(src), srv.url("/in.bin")], check=True, timeout=120,
                   capture_output=True)
    out = tmp_path / "out.bin"
    subprocess.run(["nfs-cp", srv.url("/in.bin", version="4"), str(out)], check=True,
                   timeout=120, capture_output=True)
    assert out.read_bytes() == src.read_bytes()
    assert _cephfs_bytes(ceph_cluster.conf, srv.export_path, b"in.bin") == src.read_bytes()


def test_handles_survive_a_server_restart(ceph_server: tuple[ServerProc, int],
                                          ceph_cluster: CephCluster) -> None:
    srv, _ = ceph_server
    root = mount_root(srv.mount_port, srv.export_path)
    data = os.urandom(2 * MIB + 100)
    with RawConn(srv.nfs_port) as c:
        nfs = Nfs(c)
        assert nfs.mkdir(root, b"dir")[0] == 0
        d = nfs.lookup_fh(root, b"dir")
        f = nfs.create_fh(d, b"file.bin")
        for off in range(0, len(data), 512 * 1024):
            st, res = nfs.write(f, off, data[off:off + 512 * 1024], stable=UNSTABLE)
            assert st == 0
        st, res = nfs.commit(f)
        assert st == 0
        before = bytes(res.verf)
        assert nfs.create(d, b"gone")[0] == 0
        gone = nfs.lookup_fh(d, b"gone")
        assert nfs.remove(d, b"gone")[0] == 0
    assert srv.stop() == 0
    srv.start()  # a new process: a new libcephfs client, no cache of the old one's inodes
    with RawConn(srv.nfs_port) as c:
        nfs = Nfs(c)
        st, a = nfs.getattr(f)
        assert st == 0 and a.obj_attributes.size == len(data)
        got = b"".join(nfs.read_data(f, off, MIB) for off in range(0, len(data), MIB))
        assert got == data
        st, res = nfs.write(f, 0, b"after", stable=FILE_SYNC)
        assert st == 0 and bytes(res.verf) != before
        assert nfs.lookup_fh(d, b"file.bin") == f
        assert nfs.lookup_fh(root, b"dir") == d
        assert nfs.getattr(gone)[0] == 70  # NFS3ERR_STALE: a removed inode stays gone
    assert mount_root(srv.mount_port, srv.export_path) == root
    got = _cephfs_bytes(ceph_cluster.conf, srv.export_path + "/dir", b"file.bin")
    assert got == b"after" + data[5:]


def test_missing_cephfs_directory_is_a_clear_error(tmp_path: Path,
                                                   ceph_cluster: CephCluster) -> None:
    srv = make_server(tmp_path, "--storage", "cephfs", "--ceph-conf", str(ceph_cluster.conf))
    i = srv.args.index("--export")
    srv.args[i:i + 2] = ["--ceph-path", "/no/such/dir"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    r = subprocess.run([sys.executable, "-m", "nfsrdma", "serve", *srv.args, *srv.extra],
                       env=env, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 2, r.stderr[-3000:]
    assert "/no/such/dir: CephFS" in r.stderr and "No such file or directory" in r.stderr
    assert "Traceback" not in r.stderr
