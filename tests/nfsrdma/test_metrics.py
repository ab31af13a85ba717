"""The metrics a running server emits, scraped from its /metrics after real client calls.

Each test starts a real `Server` in this loop (real sockets; RDMA on the soft provider), makes
NFS calls with the project's client and reads the Prometheus text the server serves: nothing
here calls the metrics object.  The fault test injects a bug (an AttributeError) into a backend
method and checks it is answered SERVERFAULT, logged with its traceback and counted.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nfsrdma.config import ServerConfig
from nfsrdma.mount3 import MountStat
from nfsrdma.nfs3.client import Nfs3Client, NfsCallError, mount
from nfsrdma.nfs3.xdr import Status
from nfsrdma.server import Server
from rpc.errors import RpcAcceptError
from tests.transport.rdma._rdma import (
    ROOT_CRED,
    Scrape,
    connect,
    export_path,
    running_server,
    wait_until,
)
from transport.client.tcp import RpcTcpClient


@contextlib.asynccontextmanager
async def tcp_server(tmp_path: Path, storage: str = "vfs") -> AsyncIterator[Server]:
    (tmp_path / "export").mkdir(exist_ok=True)
    cfg = ServerConfig(export_paths=[tmp_path / "export"], listen=["127.0.0.1"], nfs_port=0,
                       mount_port=0, rdma="off", state_dir=tmp_path / "state",
                       register_rpcbind=False, pool_mib=16, metrics_port=0, storage=storage)
    srv = Server(cfg)
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop(grace=2.0)


@contextlib.asynccontextmanager
async def tcp_session(srv: Server) -> AsyncIterator[tuple[Nfs3Client, bytes]]:
    rpc = await RpcTcpClient.connect("127.0.0.1", srv.ports["nfs"], timeout=20)
    try:
        root = await mount(rpc, export_path(srv), ROOT_CRED)
        yield Nfs3Client(rpc, ROOT_CRED), root
    finally:
        await rpc.close()


def scrape(srv: Server) -> Scrape:
    return Scrape.from_port(srv.ports["metrics"])


async def _some_calls(c: Nfs3Client, root: bytes) -> None:
    await c.getattr(root)
    await c.getattr(root)
    with pytest.raises(NfsCallError) as e:
        await c.lookup(root, b"missing")
    assert e.value.status == Status.NFS3ERR_NOENT


async def test_tcp_calls_are_counted_by_op_status_and_transport(tmp_path: Path) -> None:
    async with tcp_server(tmp_path) as srv, tcp_session(srv) as (c, root):
        await _some_calls(c, root)
        with pytest.raises(RpcAcceptError):  # no procedure 99: PROC_UNAVAIL
            await c.rpc.call(100003, 3, 99, b"", ROOT_CRED)
        m = scrape(srv)
    assert m.value("nfsrdma_nfs_ops_total", op="GETATTR", status="NFS3_OK") == 2
    assert m.value("nfsrdma_nfs_ops_total", op="LOOKUP", status="NFS3ERR_NOENT") == 1
    assert m.value("nfsrdma_rpc_calls_total", program="nfs", procedure="GETATTR",
                   transport="tcp", status="SUCCESS") == 2
    assert m.value("nfsrdma_rpc_calls_total", program="mount", procedure="MNT",
                   transport="tcp") == 1
    assert m.value("nfsrdma_rpc_calls_total", transport="any") == 0
    assert m.value("nfsrdma_rpc_errors_total", program="nfs", transport="tcp",
                   status="PROC_UNAVAIL") == 1
    assert m.value("nfsrdma_rpc_errors_total", procedure="LOOKUP") == 0  # an NFS error only
    assert m.value("nfsrdma_rpc_latency_seconds_count", procedure="GETATTR", transport="tcp") == 2
    assert m.value("nfsrdma_rpc_bytes_total", direction="in", transport="tcp") > 0
    assert m.value("nfsrdma_rpc_bytes_total", direction="out", transport="tcp") > 0
    assert m.value("nfsrdma_connections", transport="tcp") >= 1
    assert m.value("nfsrdma_pool_pages", state="free") > 0
    assert m.value("nfsrdma_internal_errors_total") == 0


async def test_rdma_calls_carry_the_rdma_transport_label(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    async with running_server(tmp_path, metrics=True) as srv:
        rpc = await connect(srv)
        try:
            root = await mount(rpc, export_path(srv), ROOT_CRED)
            await _some_calls(Nfs3Client(rpc, ROOT_CRED), root)
            live = scrape(srv)
        finally:
            await rpc.close()
        await wait_until(lambda: not srv.rdma.conns, "the connection released")
        m = scrape(srv)
    assert live.value("nfsrdma_rdma_connections") == 1
    assert live.value("nfsrdma_rdma_credits_granted") > 0
    assert live.value("nfsrdma_rdma_receives_posted") > 0
    assert m.value("nfsrdma_rdma_disconnects_total") == 1
    assert m.value("nfsrdma_rdma_credits_in_use") == 0
    assert m.value("nfsrdma_rpc_calls_total", program="nfs", procedure="GETATTR",
                   transport="rdma", status="SUCCESS") == 2
    assert m.value("nfsrdma_rpc_calls_total", transport="tcp") == 0
    assert m.value("nfsrdma_rpc_calls_total", transport="any") == 0
    assert m.value("nfsrdma_rpc_bytes_total", direction="in", transport="rdma") > 0
    assert m.value("nfsrdma_nfs_ops_total", op="LOOKUP", status="NFS3ERR_NOENT") == 1
    assert m.value("nfsrdma_rdma_wrs_total") > 0


async def test_a_bug_in_storage_is_answered_serverfault_logged_and_counted(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with tcp_server(tmp_path) as srv, tcp_session(srv) as (c, root):
        assert srv.service is not None
        backend = srv.service.exports[0].backend

        async def broken_getattr(fid: bytes) -> None:
            raise AttributeError("injected: 'NoneType' object has no attribute 'st_mode'")

        with caplog.at_level(logging.ERROR):
            real = backend.getattr
            backend.getattr = broken_getattr  # type: ignore[method-assign]
            try:
                with pytest.raises(NfsCallError) as e:
                    await c.getattr(root)
            finally:
                backend.getattr = real  # type: ignore[method-assign]
        assert e.value.status == Status.NFS3ERR_SERVERFAULT
        await c.getattr(root)  # the server goes on serving
        m = scrape(srv)
    tracebacks = [r for r in caplog.records if r.exc_info is not None]
    assert len(tracebacks) == 1, caplog.text
    assert "injected" in caplog.text and "Traceback" in caplog.text
    assert m.value("nfsrdma_internal_errors_total", program="nfs", procedure="GETATTR") == 1
    assert m.value("nfsrdma_nfs_ops_total", op="GETATTR", status="NFS3ERR_SERVERFAULT") == 1
    assert m.value("nfsrdma_nfs_ops_total", op="GETATTR", status="NFS3_OK") == 1


async def test_a_bug_in_mnt_is_answered_mnt3err_serverfault_and_counted(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with tcp_server(tmp_path) as srv:
        assert srv.service is not None
        backend = srv.service.exports[0].backend

        async def broken_getattr(fid: bytes) -> None:
            raise AttributeError("injected into MNT")

        backend.getattr = broken_getattr  # type: ignore[method-assign]
        rpc = await RpcTcpClient.connect("127.0.0.1", srv.ports["mount"], timeout=20)
        try:
            with caplog.at_level(logging.ERROR), pytest.raises(NfsCallError) as e:
                await mount(rpc, export_path(srv), ROOT_CRED)
        finally:
            await rpc.close()
        m = scrape(srv)
    assert e.value.status == MountStat.MNT3ERR_SERVERFAULT
    assert "injected into MNT" in caplog.text and "Traceback" in caplog.text
    assert m.value("nfsrdma_internal_errors_total", program="mount", procedure="MNT") == 1


async def test_payload_copies_are_scraped(tmp_path: Path) -> None:
    """The memory backend copies WRITE payloads in Python: the copy counter shows them."""
    async with tcp_server(tmp_path, storage="memory") as srv, tcp_session(srv) as (c, root):
        before = scrape(srv).value("nfsrdma_payload_bytes_copied_total", where="memory-backend")
        fh = await c.create(root, b"f")
        await c.write(fh, 0, b"x" * 5000)
        after = scrape(srv).value("nfsrdma_payload_bytes_copied_total", where="memory-backend")
    assert after - before == 5000


async def test_snapshot_of_a_running_server_is_json_and_matches_the_scrape(
        tmp_path: Path) -> None:
    async with tcp_server(tmp_path) as srv, tcp_session(srv) as (c, root):
        await _some_calls(c, root)
        m = scrape(srv)
        snap = srv.metrics.snapshot()
    json.dumps(snap)
    assert snap["rpc_calls"] == m.value("nfsrdma_rpc_calls_total")
    assert snap["nfs_ops"]["GETATTR:NFS3_OK"] == 2
    assert snap["rpc_calls_by_procedure"]["nfs.GETATTR"] == 2
    assert snap["pool_pages_free"] == m.value("nfsrdma_pool_pages", state="free")
