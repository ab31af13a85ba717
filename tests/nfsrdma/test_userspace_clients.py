"""Independent userspace NFS clients from the registries against a real server process.

What this adds beyond the unit tests: the whole server (CLI, TCP transport, RPC, NFSv3,
MOUNT, vfs storage on a real directory) driven by clients we did not write: PyPI's nfs-rs
and Debian's libnfs-utils.  Results are checked against the local filesystem underneath.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import nfs_rs
import pytest

from tests.helpers import ServerProc

MIB = 1 << 20
LIBNFS = shutil.which("nfs-cp") is not None


def connect(srv: ServerProc) -> nfs_rs.Client:
    return nfs_rs.Client.connect(srv.url(), uid=0, gid=0, operation_timeout=60)


def test_64mib_file_roundtrip_sha256(nfs_server: ServerProc) -> None:
    rnd = os.urandom(MIB)
    want = hashlib.sha256()
    with connect(nfs_server) as c:
        with c.open("big.bin", "wb") as f:
            for i in range(64):
                chunk = bytes([i]) + rnd[1:]
                f.write(chunk)
                want.update(chunk)
        got = hashlib.sha256()
        buf = bytearray(8 * MIB)
        with c.open("big.bin", "rb") as f:
            while n := f.readinto(buf):
                got.update(memoryview(buf)[:n])
    assert got.hexdigest() == want.hexdigest()
    on_disk = hashlib.sha256((nfs_server.export / "big.bin").read_bytes()).hexdigest()
    assert on_disk == want.hexdigest()


def test_10000_entry_directory_lists_completely(nfs_server: ServerProc) -> None:
    d = nfs_server.export / "many"
    d.mkdir()
    names = {f"entry-{i:05d}-{'x' * (i % 40)}" for i in range(10_000)}
    for n in names:
        (d / n).touch()
    with connect(nfs_server) as c:
        listed = set(c.listdir("many"))
    assert listed == names
    if LIBNFS:
        out = subprocess.run(["nfs-ls", nfs_server.url("/many")], capture_output=True,
                             check=True, timeout=120).stdout.decode()
        seen = {line.split()[-1] for line in out.splitlines() if line.strip()}
        assert names <= seen


def test_namespace_operations_match_local_filesystem(nfs_server: ServerProc) -> None:
    root = nfs_server.export
    with connect(nfs_server) as c:
        c.mkdir("d1/d2", parents=True)
        with c.open("d1/f", "wb") as f:
            f.write(b"hello world")
        c.rename("d1/f", "d1/d2/g")
        assert not (root / "d1/f").exists()
        assert (root / "d1/d2/g").read_bytes() == b"hello world"
        c.link("d1/d2/g", "d1/hard")
        assert os.stat(root / "d1/hard").st_ino == os.stat(root / "d1/d2/g").st_ino
        assert os.stat(root / "d1/hard").st_nlink == 2
        c.symlink("d2/g", "d1/sym")
        assert os.readlink(root / "d1/sym") == "d2/g"
        assert c.readlink("d1/sym") == "d2/g"
        with c.open("d1/d2/g", "r+b") as f:
            f.truncate(5)
        assert (root / "d1/d2/g").read_bytes() == b"hello"
        c.chmod("d1/d2/g", 0o600)
        assert stat.S_IMODE(os.stat(root / "d1/d2/g").st_mode) == 0o600
        c.utime("d1/d2/g", ns=(1_600_000_000_123_456_789, 1_500_000_000_987_654_321))
        st = os.stat(root / "d1/d2/g")
        assert st.st_mtime_ns == 1_500_000_000_987_654_321
        assert st.st_atime_ns == 1_600_000_000_123_456_789
        info = c.stat("d1/d2/g")
        assert info.size == 5 and info.mtime == 1_500_000_000_987_654_321
        c.remove("d1/hard")
        assert os.stat(root / "d1/d2/g").st_nlink == 1
        c.remove("d1/sym")
        c.remove("d1/d2/g")
        c.rmdir("d1/d2")
        with pytest.raises(nfs_rs.NfsNotFoundError):
            c.stat("d1/d2")
        c.rmdir("d1")
    assert list(root.iterdir()) == []


@pytest.mark.skipif(not LIBNFS, reason="libnfs-utils not installed")
def test_libnfs_tools_copy_and_cat(nfs_server: ServerProc, tmp_path: Path) -> None:
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(3 * MIB + 12345))
    subprocess.run(["nfs-cp", str(src), nfs_server.url("/copied.bin")], check=True, timeout=120)
    assert (nfs_server.export / "copied.bin").read_bytes() == src.read_bytes()
    back = tmp_path / "back.bin"
    subprocess.run(["nfs-cp", nfs_server.url("/copied.bin"), str(back)], check=True, timeout=120)
    assert back.read_bytes() == src.read_bytes()
    (nfs_server.export / "note.txt").write_text("cat me\n")
    out = subprocess.run(["nfs-cat", nfs_server.url("/note.txt")], capture_output=True,
                         check=True, timeout=60).stdout
    assert out == b"cat me\n"
    listing = subprocess.run(["nfs-ls", nfs_server.url("/")], capture_output=True, check=True,
                             timeout=60).stdout.decode()
    assert "copied.bin" in listing and "note.txt" in listing


def test_list_exports_via_mount_protocol(nfs_server: ServerProc) -> None:
    exports = nfs_rs.list_exports(
        f"nfs://127.0.0.1/?mountport={nfs_server.mount_port}&nfsport={nfs_server.nfs_port}")
    paths = [e.path for e in exports]
    assert nfs_server.export_path in paths
