"""`nfsrdma serve` and the RDMA switch on a host without an RDMA device (this one).

What this adds: the command line's behaviour when RDMA is unavailable -- `--rdma auto` (the
default) says so in the log and serves NFS over TCP; `--rdma on --verbs pyverbs` refuses to
start with one clear line and a non-zero status, not a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nfsrdma.nfs3.client import Nfs3Client, mount
from rpc.auth import AuthSys
from tests.helpers import ROOT, free_port, make_server
from transport.client.tcp import RpcTcpClient

pytestmark = pytest.mark.skipif(
    Path("/sys/class/infiniband").is_dir() and any(Path("/sys/class/infiniband").iterdir()),
    reason="this host has an RDMA device")


async def test_rdma_auto_without_device_serves_tcp(tmp_path: Path) -> None:
    srv = make_server(tmp_path, "--rdma", "auto", "--rdma-port", str(free_port()))
    srv.start()
    try:
        rpc = await RpcTcpClient.connect("127.0.0.1", srv.nfs_port)
        try:
            root = await mount(rpc, srv.export_path.encode(), AuthSys(0, 0))
            attrs = await Nfs3Client(rpc, AuthSys(0, 0)).getattr(root)
            assert attrs.type == 2
        finally:
            await rpc.close()
    finally:
        assert srv.stop() == 0
    log = srv.log_text()
    assert "RPC-over-RDMA off:" in log, log
    assert "RPC-over-RDMA on" not in log
    assert "Traceback" not in log, log


def test_rdma_on_with_pyverbs_and_no_device_exits_cleanly(tmp_path: Path) -> None:
    srv = make_server(tmp_path, "--rdma", "on", "--verbs", "pyverbs")
    proc = subprocess.run(
        [sys.executable, "-m", "nfsrdma", "serve", *srv.args, *srv.extra],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
        timeout=60)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "Traceback" not in out, out
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("nfsrdma: --rdma on, but RPC-over-RDMA cannot start (verbs pyverbs)")
