"""Server restarts in the middle of a client's work, and SIGTERM under load.

What this adds: the handle secret and the backend's file ids really persist across a process
restart (old handles keep working for GETATTR/READ/WRITE/LOOKUP), the write verifier really
changes (so a client knows to resend UNSTABLE data, RFC 1813 §3.3.7), COMMITted data is all
there afterwards, and a SIGTERM that lands while calls are in flight ends the process with
status 0 without losing any write that was acknowledged as FILE_SYNC.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
from pathlib import Path

from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.client import Nfs3Client, mount
from rpc.auth import AuthSys
from tests.helpers import make_server
from tests.nfsrdma._nfs import Nfs, RawConn, mount_root
from transport.client.tcp import RpcTcpClient

MIB = 1 << 20
UNSTABLE, FILE_SYNC = 0, 2


def test_handles_verifier_and_committed_data_survive_restart(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    srv.start()
    root = mount_root(srv.mount_port, srv.export_path)
    data = os.urandom(8 * MIB + 12345)
    with RawConn(srv.nfs_port) as c:
        nfs = Nfs(c)
        nfs.mkdir(root, b"dir")
        d = nfs.lookup_fh(root, b"dir")
        f = nfs.create_fh(d, b"file.bin")
        verfs = set()
        for off in range(0, len(data), 512 * 1024):
            st, res = nfs.write(f, off, data[off:off + 512 * 1024], stable=UNSTABLE)
            assert st == 0 and res.committed == UNSTABLE
            verfs.add(bytes(res.verf))
        st, res = nfs.commit(f)
        assert st == 0
        before = bytes(res.verf)
        assert verfs == {before}  # one verifier for the life of the server
        # An unstable write after the commit: the client still holds it and must resend.
        st, res = nfs.write(f, len(data), b"tail", stable=UNSTABLE)
        assert st == 0 and bytes(res.verf) == before

    assert srv.stop() == 0
    srv.start()
    try:
        with RawConn(srv.nfs_port) as c:
            nfs = Nfs(c)
            st, a = nfs.getattr(f)  # the handle from before the restart
            assert st == 0 and a.obj_attributes.size >= len(data)
            got = b"".join(nfs.read_data(f, off, MIB) for off in range(0, len(data), MIB))
            assert hashlib.sha256(got[:len(data)]).digest() == hashlib.sha256(data).digest()
            st, res = nfs.write(f, 0, b"after", stable=UNSTABLE)
            assert st == 0
            after = bytes(res.verf)
            assert after != before  # RFC 1813 §3.3.7: the client learns to resend
            st, res = nfs.commit(f)
            assert st == 0 and bytes(res.verf) == after
            st, res = nfs.write(f, 5, b"-sync", stable=FILE_SYNC)
            assert st == 0 and res.committed == FILE_SYNC and bytes(res.verf) == after
            # Directory handles too: LOOKUP and CREATE through the old ones.
            assert nfs.lookup_fh(d, b"file.bin") == f
            assert nfs.lookup_fh(root, b"dir") == d
            assert nfs.create(d, b"new")[0] == 0
        assert mount_root(srv.mount_port, srv.export_path) == root
        on_disk = (srv.export / "dir" / "file.bin").read_bytes()
        want = b"after-sync" + data[10:]
        assert hashlib.sha256(on_disk[:len(data)]).hexdigest() == hashlib.sha256(want).hexdigest()
    finally:
        assert srv.stop() == 0
    assert "Traceback" not in srv.log_text()


def test_handles_fail_cleanly_when_secret_changes(tmp_path: Path) -> None:
    # The counterpart: the same tree with a new server secret refuses the old handles.
    srv = make_server(tmp_path)
    srv.start()
    root = mount_root(srv.mount_port, srv.export_path)
    assert srv.stop() == 0
    (srv.state / "secret").write_bytes(os.urandom(32))
    srv.start()
    try:
        with RawConn(srv.nfs_port) as c:
            assert Nfs(c).getattr(root)[0] == xdr.Status.NFS3ERR_BADHANDLE
            assert Nfs(c).getattr(mount_root(srv.mount_port, srv.export_path))[0] == 0
    finally:
        assert srv.stop() == 0


async def test_sigterm_during_inflight_io_exits_zero(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    srv.start()
    assert srv.proc is not None
    cred = AuthSys(0, 0)
    boot = await RpcTcpClient.connect("127.0.0.1", srv.mount_port)
    root = await mount(boot, srv.export_path.encode(), cred)
    await boot.close()
    nworkers, depth = 8, 4
    block = os.urandom(MIB)
    acked: dict[int, set[int]] = {w: set() for w in range(nworkers)}
    handles: dict[int, bytes] = {}
    enough = asyncio.Event()
    total = 0

    async def worker(w: int) -> None:
        nonlocal total
        rpc = await RpcTcpClient.connect("127.0.0.1", srv.nfs_port, timeout=60)
        nfs = Nfs3Client(rpc, cred)
        handles[w] = fh_ = await nfs.create(root, f"w{w}".encode())
        blocks = iter(range(10_000))

        async def lane() -> None:
            nonlocal total
            for i in blocks:
                payload = bytes([w, i & 0xFF]) + block[2:]
                res = await nfs.write(fh_, i * MIB, payload, stable=FILE_SYNC)
                assert res.count == MIB and res.committed == FILE_SYNC
                acked[w].add(i)
                total += 1
                if total >= 2 * nworkers * depth:
                    enough.set()

        try:
            await asyncio.gather(*(lane() for _ in range(depth)))
        except (ConnectionResetError, ConnectionError, OSError):
            pass  # the server went away with calls outstanding: expected
        finally:
            rpc.abort()

    tasks = [asyncio.create_task(worker(w)) for w in range(nworkers)]
    await asyncio.wait_for(enough.wait(), 120)
    srv.proc.send_signal(signal.SIGTERM)  # with nworkers * depth writes outstanding
    rc = await asyncio.to_thread(srv.proc.wait, 60)
    await asyncio.wait_for(asyncio.gather(*tasks), 60)
    log = srv.log_text()
    assert rc == 0, log[-3000:]
    assert "Traceback" not in log, log[-5000:]
    assert "stopped" in log
    # Every write the server acknowledged as FILE_SYNC is on disk.
    for w in range(nworkers):
        with open(srv.export / f"w{w}", "rb") as f:
            for i in acked[w]:
                f.seek(i * MIB)
                got = f.read(MIB)
                assert got[:2] == bytes([w, i & 0xFF]) and got[2:] == block[2:], (w, i)
    assert sum(len(a) for a in acked.values()) >= 2 * nworkers * depth
