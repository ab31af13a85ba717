"""One lock manager for NLM and NFSv4, and the metrics that prove which lock manager answered.

What this adds: a real `Server` in this loop (real sockets, NFSv4 on) takes an NLM lock on the
file an NFSv3 handle names, and the manager NFSv4 holds (`Nfs4Service.locks`) is the same
object and sees that lock under the key NFSv4 uses, ``(export id, fid)``; the server's own
/metrics count the NLM calls and the NLM_GRANTED callbacks (a kernel client's lockd answered by
another lock manager would leave them at zero).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from nfsrdma.config import ServerConfig
from nfsrdma.locks.manager import Owner
from nfsrdma.locks.ranges import EOF
from nfsrdma.nfs3.client import Nfs3Client, mount
from nfsrdma.server import Server
from tests.nfsrdma.nlm._nlm import FakeHost, Nlm, S, next_event
from tests.transport.rdma._rdma import ROOT_CRED, Scrape, export_path
from transport.client.tcp import RpcTcpClient


@contextlib.asynccontextmanager
async def server(tmp_path: Path, peer_rpcbind_port: int) -> AsyncIterator[Server]:
    (tmp_path / "export").mkdir(exist_ok=True)
    cfg = ServerConfig(export_paths=[tmp_path / "export"], listen=["127.0.0.1"], nfs_port=0,
                       mount_port=0, rdma="off", state_dir=tmp_path / "state",
                       register_rpcbind=False, pool_mib=16, metrics_port=0, nfs4=True,
                       peer_rpcbind_port=peer_rpcbind_port)
    srv = Server(cfg)
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop(grace=2.0)


async def test_nlm_lock_is_in_the_manager_nfsv4_holds(tmp_path: Path) -> None:
    async with FakeHost().serve() as host, server(tmp_path, host.port) as srv:
        rpc = await RpcTcpClient.connect("127.0.0.1", srv.ports["nfs"], timeout=20)
        try:
            root = await mount(rpc, export_path(srv), ROOT_CRED)
            fh = await Nfs3Client(rpc, ROOT_CRED).create(root, b"f")
        finally:
            await rpc.close()
        nlm = await Nlm.connect(srv.ports["nfs"], b"host-a")  # no --nlm-port: the NFS port
        try:
            assert await nlm.lock(fh, 7, 10, 0) == S.NLM4_GRANTED
            # A waiter of another process, granted by callback: counted as a call out.
            assert await nlm.lock(fh, 8, 0, 20, block=True) == S.NLM4_BLOCKED
            assert await nlm.unlock(fh, 7, 0, 0) == S.NLM4_GRANTED
            await next_event(host.granted)
            assert await nlm.unlock(fh, 8, 0, 20) == S.NLM4_GRANTED
            assert await nlm.lock(fh, 7, 10, 0) == S.NLM4_GRANTED
        finally:
            await nlm.close()
        assert srv.nfs4 is not None and srv.nfs4.locks is srv.locks
        assert srv.service is not None
        key = srv.service.handles.decode(fh)
        [lk] = srv.nfs4.locks.locks(key)
        assert lk.owner == Owner(("nlm", b"host-a"), (b"7@host-a", 7))
        assert (lk.start, lk.end, lk.exclusive) == (10, EOF, True)
        m = Scrape.from_port(srv.ports["metrics"])
    assert m.value("nfsrdma_rpc_calls_total", program="nlockmgr", procedure="NLMPROC4_LOCK",
                   transport="tcp", status="SUCCESS") == 3
    assert m.value("nfsrdma_lock_calls_out_total", call="GRANTED", result="ok") == 1
    assert m.value("nfsrdma_internal_errors_total") == 0
