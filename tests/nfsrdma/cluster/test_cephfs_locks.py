"""Byte-range locks taken through one gateway conflict with locks asked through another
gateway on the same CephFS directory (nfsrdma.cluster.locks): two gateway processes, a 4.1
client on each (the project's v4 test client over TCP), on the one-node Ceph of the test run.
A lock held on A denies an overlapping one on B; once A's client unlocks, B's is granted;
then B's lock denies A's client; a lock that does not overlap is granted at once; a client
that goes away (its lease runs out on A) releases its CephFS locks too."""

from __future__ import annotations

import time
from pathlib import Path

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from tests.ceph_cluster import CephCluster
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import mount_root
from tests.nfsrdma.cluster.test_gateways import _mkdir
from tests.nfsrdma.nfs4._v4 import op, putfh
from tests.nfsrdma.nfs4.test_open_41 import Session
from tests.nfsrdma.nfs4.test_open_io import B

CURRENT = p.stateid4(1, b"\0" * 12)


def _gateway(base: Path, conf: Path, path: str) -> ServerProc:
    base.mkdir()
    srv = make_server(base, "--storage", "cephfs", "--ceph-conf", str(conf),
                      "--lease-time", "4", "--grace-time", "1")
    i = srv.args.index("--export")
    srv.args[i:i + 2] = ["--ceph-path", path]
    srv.export = Path(path)
    return srv


class Locker:
    """A 4.1 client with the file open on one gateway; locks by one lock-owner."""

    def __init__(self, srv: ServerProc, path: str, owner: bytes) -> None:
        self.s = Session(srv, owner)
        root = mount_root(srv.mount_port, path)
        res = self.s.run([putfh(root), self.s.open_op(b"shared.db", B)])
        assert res.status == S.NFS4_OK, res
        self.open_sid = res.resarray[2].value.resok4.stateid
        self.fh = root  # replaced below
        res = self.s.run([putfh(root), op(O.OP_LOOKUP, p.LOOKUP4args(b"shared.db")),
                          op(O.OP_GETFH)])
        self.fh = res.resarray[3].value.resok4.object
        self.lock_sid: p.stateid4 | None = None

    def lock(self, off: int, length: int, kind: int = p.WRITE_LT) -> int:
        if self.lock_sid is None:
            locker = p.locker4(True, p.open_to_lock_owner4(
                0, self.open_sid, 0, p.state_owner4(0, b"lo")))
        else:
            locker = p.locker4(False, p.exist_lock_owner4(self.lock_sid, 0))
        res = self.s.run([putfh(self.fh), op(O.OP_LOCK, p.LOCK4args(kind, False, off, length,
                                                                    locker))])
        if res.status == S.NFS4_OK:
            self.lock_sid = res.resarray[2].value.resok4.lock_stateid
        return res.status

    def unlock(self, off: int, length: int) -> None:
        assert self.lock_sid is not None
        res = self.s.run([putfh(self.fh), op(O.OP_LOCKU, p.LOCKU4args(
            p.WRITE_LT, 0, self.lock_sid, off, length))])
        assert res.status == S.NFS4_OK, res
        self.lock_sid = res.resarray[2].value.value


def _eventually(fn: object, want: int, timeout: float = 10.0) -> float:
    t0 = time.monotonic()
    while True:
        got = fn()  # type: ignore[operator]
        if got == want:
            return time.monotonic() - t0
        assert time.monotonic() - t0 < timeout, got
        time.sleep(0.1)


def test_a_lock_on_one_gateway_conflicts_with_one_asked_on_another(
        tmp_path: Path, ceph_cluster: CephCluster) -> None:
    path = _mkdir(ceph_cluster.conf)
    a = _gateway(tmp_path / "a", ceph_cluster.conf, path)
    b = _gateway(tmp_path / "b", ceph_cluster.conf, path)
    a.start()
    b.start()
    try:
        x = Locker(a, path, b"locks-x")
        y = Locker(b, path, b"locks-y")
        assert x.lock(0, 100) == S.NFS4_OK
        assert y.lock(50, 10) == S.NFS4ERR_DENIED  # held through A
        assert y.lock(100, 10) == S.NFS4_OK  # no overlap
        assert x.lock(105, 1) == S.NFS4ERR_DENIED  # held through B
        x.unlock(0, 100)
        took = _eventually(lambda: y.lock(50, 10), S.NFS4_OK)
        assert x.lock(55, 1) == S.NFS4ERR_DENIED
        # y's client goes away without unlocking: its lease runs out on B, and B's sweep
        # releases its locks, in CephFS too
        y.s.conn.close()
        freed = _eventually(lambda: x.lock(55, 1), S.NFS4_OK, timeout=30)
        print(f"unlock on A seen by B after {took:.2f} s; B's expired client's locks freed "
              f"for A after {freed:.1f} s (lease 4 s)")
        x.s.conn.close()
    finally:
        for srv in (a, b):
            if srv.alive():
                assert srv.stop() == 0
    for srv in (a, b):
        assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]
