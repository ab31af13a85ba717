"""Two gateway processes on one CephFS directory (--cluster-name), on the one-node Ceph the
test run boots: a client's NFSv4.1 open and byte-range lock taken on gateway A survive A's
SIGKILL.  B sees A's heartbeat stop and starts a grace for A's clients, and ends A's CephFS
session so A's capabilities do not stall it.  The client moves to B, reclaims its open and
its lock there, and reads back every byte it wrote through A.  While the grace lasts, a
second client is refused new OPENs (NFS4ERR_GRACE) on B and on the restarted A.  The grace
ends on both gateways once the moved client sends RECLAIM_COMPLETE.  The reclaimed lock then
excludes the second client.  The project's own v4 test client speaks to both gateways over
real TCP."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from rpc.buffer import BytesPayload
from storage import Cred
from storage.cephfs import CephfsBackend
from tests.ceph_cluster import CephCluster
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import mount_root
from tests.nfsrdma.nfs4._v4 import getfh, op, putfh
from tests.nfsrdma.nfs4.test_open_41 import Session
from tests.nfsrdma.nfs4.test_open_io import B

CURRENT = p.stateid4(1, b"\0" * 12)
LEASE = 6  # --cluster-lease: A counts as dead this long after its last heartbeat


def _mkdir(conf: Path) -> str:
    name = "gw-" + os.urandom(6).hex()

    async def make() -> None:
        be = await asyncio.to_thread(CephfsBackend, str(conf))
        try:
            await be.mkdir(await be.root(), name.encode(), 0o777, Cred(0, 0))
        finally:
            await asyncio.to_thread(be.close)

    asyncio.run(make())
    return "/" + name


def _gateway(base: Path, node: str, conf: Path, path: str, cluster: str) -> ServerProc:
    base.mkdir()
    srv = make_server(base, "--storage", "cephfs", "--ceph-conf", str(conf),
                      "--cluster-name", cluster, "--node-id", node,
                      "--ceph-recovery-pool", "nfsrdma-test",
                      "--cluster-lease", str(LEASE), "--grace-time", "90",
                      "--lease-time", "60")
    i = srv.args.index("--export")
    srv.args[i:i + 2] = ["--ceph-path", path]
    srv.export = Path(path)
    return srv


def _until(what: Callable[[], bool], timeout: float, why: str) -> float:
    t0 = time.monotonic()
    while not what():
        assert time.monotonic() - t0 < timeout, f"{why} ({last})"
        time.sleep(0.2)
    return time.monotonic() - t0


last: list[object] = []


def _open_new(s: Session, root: bytes, name: bytes) -> int:
    res = s.run([putfh(root), s.open_op(name, B)])
    last[:] = [res.status]
    return res.status


def _lock(kind: int, off: int, length: int, reclaim: bool, stateid: p.stateid4 = CURRENT
          ) -> p.nfs_argop4:
    return op(O.OP_LOCK, p.LOCK4args(kind, reclaim, off, length, p.locker4(
        True, p.open_to_lock_owner4(0, stateid, 0, p.state_owner4(0, b"lock-owner")))))


def test_failover_reclaims_open_and_lock_on_the_other_gateway(
        tmp_path: Path, ceph_cluster: CephCluster) -> None:
    conf = ceph_cluster.conf
    path = _mkdir(conf)
    cluster = "c-" + os.urandom(4).hex()
    a = _gateway(tmp_path / "a", "gw-a", conf, path, cluster)
    b = _gateway(tmp_path / "b", "gw-b", conf, path, cluster)
    a.start()
    b.start()
    sessions: list[Session] = []
    try:
        root = mount_root(a.mount_port, path)
        assert mount_root(b.mount_port, path) == root  # one secret, one handle
        x = Session(a, b"failover-client-x")
        y = Session(b, b"failover-client-y")
        sessions += [x, y]
        # a brand-new cluster: each start opened a grace with nothing to reclaim
        _until(lambda: _open_new(y, root, b"y-first") == S.NFS4_OK, 20, "B never left grace")
        data = os.urandom(3 * 1024 * 1024 + 4321)
        res = x.run([putfh(root), x.open_op(b"data.bin", B), getfh()])
        assert res.status == S.NFS4_OK, res
        fh = res.resarray[3].value.resok4.object
        sid = res.resarray[2].value.resok4.stateid
        for off in range(0, len(data), 512 * 1024):
            chunk = data[off:off + 512 * 1024]
            res = x.run([putfh(fh), op(O.OP_WRITE, p.WRITE4args(
                sid, off, p.UNSTABLE4, BytesPayload(chunk)))])
            assert res.status == S.NFS4_OK, res
        res = x.run([putfh(fh), _lock(p.WRITE_LT, 0, 4096, False, sid)])
        assert res.status == S.NFS4_OK, res
        res = x.run([putfh(fh), op(O.OP_COMMIT, p.COMMIT4args(0, 0))])
        assert res.status == S.NFS4_OK, res

        assert a.proc is not None
        a.proc.send_signal(signal.SIGKILL)
        a.proc.wait()
        t_kill = time.monotonic()
        # B takes A over once A's heartbeat is LEASE old: grace on B (y's new open refused)
        _until(lambda: _open_new(y, root, b"probe") == S.NFS4ERR_GRACE, 4 * LEASE + 10,
               "B never started a grace for the dead A")
        t_grace = time.monotonic() - t_kill
        # The orchestrator restarts A: it joins the grace in force.  On fresh ports: the
        # dead A's ephemeral ports may have gone to other sockets of this busy machine.
        a = _gateway(tmp_path / "a-again", "gw-a", conf, path, cluster)
        a.start()
        z = Session(a, b"failover-client-z", reclaim_complete=False)
        sessions.append(z)
        res = z.run([op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
        assert res.status == S.NFS4_OK, res

        # x moves to B: a new session there, its reclaims within the shared grace
        x.conn.close()
        x = Session(b, b"failover-client-x", reclaim_complete=False)
        sessions.append(x)
        prev = op(O.OP_OPEN, p.OPEN4args(0, B, 0, p.state_owner4(0, b"o"),
                                         p.openflag4(p.OPEN4_NOCREATE),
                                         p.open_claim4(p.CLAIM_PREVIOUS, p.OPEN_DELEGATE_NONE)))
        t0 = time.monotonic()
        while True:
            res = x.run([putfh(fh), prev, _lock(p.WRITE_LT, 0, 4096, True)])
            if res.status != S.NFS4ERR_DELAY:  # A's restart: until both enforce again
                break
            assert time.monotonic() - t0 < 20
            time.sleep(0.2)
        assert res.status == S.NFS4_OK, res
        sid = res.resarray[2].value.resok4.stateid
        t_read = time.monotonic()
        got = b""
        while len(got) < len(data):
            res = x.run([putfh(fh), op(O.OP_READ, p.READ4args(sid, len(got), 1 << 20))])
            assert res.status == S.NFS4_OK, res
            chunk = b"".join(bytes(v) for v in res.resarray[2].value.resok4.data.views())
            assert chunk
            got += chunk
        t_read = time.monotonic() - t_read
        assert got == data
        # still in grace: new opens are refused on both gateways
        assert _open_new(y, root, b"new-on-b") == S.NFS4ERR_GRACE
        assert _open_new(z, root, b"new-on-a") == S.NFS4ERR_GRACE

        res = x.run([op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
        assert res.status == S.NFS4_OK, res
        t0 = time.monotonic()
        _until(lambda: _open_new(y, root, b"new-on-b") == S.NFS4_OK, 15, "grace on B")
        _until(lambda: _open_new(z, root, b"new-on-a") == S.NFS4_OK, 15, "grace on A")
        t_end = time.monotonic() - t0
        # the reclaimed lock excludes y
        res = y.run([putfh(root), y.open_op(b"data.bin", B), _lock(p.WRITE_LT, 100, 10, False)])
        assert res.status == S.NFS4ERR_DENIED, res
        print(f"kill -> grace on B {t_grace:.1f} s (lease {LEASE}); read back "
              f"{len(data)} B on B in {t_read:.2f} s; grace over on both {t_end:.2f} s "
              "after RECLAIM_COMPLETE")
        assert t_read < 30  # not the MDS's session timeout for A's caps
    finally:
        for s in sessions:
            s.conn.close()
        for srv in (a, b):
            if srv.alive():
                assert srv.stop() == 0
    for srv in (a, b):
        assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


def test_cluster_name_needs_cephfs(tmp_path: Path) -> None:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "nfsrdma", "serve", "--export", str(tmp_path),
                        "--cluster-name", "x", "--no-rpcbind"],
                       capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode != 0 and "--cluster-name needs --storage cephfs" in r.stderr
