"""NFSv4 ops in the metrics of a running server, and a bug inside a COMPOUND: answered
NFS4ERR_SERVERFAULT, logged once with its traceback, counted (scraped from /metrics).

Adds beyond test_compound: the in-process server lets the fault test inject a bug into a
storage method, which no client can provoke.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nfsrdma.config import ServerConfig
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.fattr import A
from nfsrdma.server import Server
from rpc.buffer import XdrReader
from tests.nfsrdma._nfs import encode
from tests.nfsrdma.nfs4._v4 import getattr_, lookup, putrootfh
from tests.transport.rdma._rdma import ROOT_CRED, Scrape
from transport.client.tcp import RpcTcpClient


@contextlib.asynccontextmanager
async def v4_server(tmp_path: Path) -> AsyncIterator[tuple[Server, RpcTcpClient]]:
    (tmp_path / "export").mkdir(exist_ok=True)
    cfg = ServerConfig(export_paths=[tmp_path / "export"], listen=["127.0.0.1"], nfs_port=0,
                       mount_port=0, rdma="off", state_dir=tmp_path / "state",
                       register_rpcbind=False, pool_mib=16, metrics_port=0,
                       nfs4=True)
    srv = Server(cfg)
    await srv.start()
    rpc = await RpcTcpClient.connect("127.0.0.1", srv.ports["nfs"], timeout=20)
    try:
        yield srv, rpc
    finally:
        await rpc.close()
        await srv.stop(grace=2.0)


async def compound(rpc: RpcTcpClient, ops: list[p.nfs_argop4]) -> p.COMPOUND4res:
    args = encode(p.COMPOUND4args_xdr, p.COMPOUND4args(b"", 0, ops))
    reply = await rpc.call(100003, 4, 1, args, ROOT_CRED)
    try:
        return p.COMPOUND4res_xdr.decode(XdrReader(reply.body))  # type: ignore[no-any-return]
    finally:
        reply.release()


def to_export(tmp_path: Path) -> list[p.nfs_argop4]:
    path = str((tmp_path / "export").resolve())
    return [putrootfh(), *(lookup(os.fsencode(n)) for n in path.split("/") if n)]


async def test_v4_ops_are_counted_by_op_and_status(tmp_path: Path) -> None:
    async with v4_server(tmp_path) as (srv, rpc):
        assert (await compound(rpc, [putrootfh(), getattr_([A.TYPE])])).status == S.NFS4_OK
        res = await compound(rpc, [putrootfh(), lookup(b"nothing-here")])
        assert res.status == S.NFS4ERR_NOENT
        m = Scrape.from_port(srv.ports["metrics"])
    assert m.value("nfsrdma_nfs_ops_total", op="v4.PUTROOTFH", status="NFS4_OK") == 2
    assert m.value("nfsrdma_nfs_ops_total", op="v4.GETATTR", status="NFS4_OK") == 1
    assert m.value("nfsrdma_nfs_ops_total", op="v4.LOOKUP", status="NFS4ERR_NOENT") == 1


async def test_a_bug_in_an_op_is_serverfault_logged_and_counted(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with v4_server(tmp_path) as (srv, rpc):
        assert srv.service is not None
        backend = srv.service.exports[0].backend

        async def broken_getattr(fid: bytes) -> None:
            raise AttributeError("injected: 'NoneType' object has no attribute 'st_mode'")

        ops = [*to_export(tmp_path), getattr_([A.TYPE])]
        with caplog.at_level(logging.ERROR):
            real = backend.getattr
            backend.getattr = broken_getattr  # type: ignore[method-assign]
            try:
                res = await compound(rpc, ops)
            finally:
                backend.getattr = real  # type: ignore[method-assign]
        assert res.status == S.NFS4ERR_SERVERFAULT
        assert (await compound(rpc, ops)).status == S.NFS4_OK  # the server goes on serving
        m = Scrape.from_port(srv.ports["metrics"])
    tracebacks = [r for r in caplog.records if r.exc_info is not None]
    assert len(tracebacks) == 1, caplog.text
    assert "injected" in caplog.text
    assert m.value("nfsrdma_internal_errors_total", program="nfs", procedure="COMPOUND") == 1
