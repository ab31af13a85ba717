"""NFSv4 WRITE and READ over RPC-over-RDMA (soft provider) with no payload byte copied
(RFC 8267 5: READ data by the client's Write chunk, WRITE data by a Read chunk).

Adds beyond test_open_io: the v4 ops' payloads reach the RDMA transport as payload parts,
not inline bytes; the server's /metrics shows 0 payload bytes copied and counts the v4 ops.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs3.client import mount
from rpc.buffer import BytesPayload, XdrReader, XdrWriter
from tests.nfsrdma.nfs4._v4 import lookup, op, putfh
from tests.transport.rdma._rdma import ROOT_CRED, Scrape, connect, export_path, running_server

MiB = 1 << 20
ANON = p.stateid4(0, b"\0" * 12)


def compound(ops: list[p.nfs_argop4]) -> object:
    w = XdrWriter()
    p.COMPOUND4args_xdr.encode(w, p.COMPOUND4args(b"", 0, ops))
    return w.finish()


async def test_v4_write_then_read_over_rdma_copies_nothing(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "f").write_bytes(b"")
    blob = os.urandom(MiB - 3)  # at most wtmax; an odd length has an XDR pad
    async with running_server(tmp_path, metrics=True) as srv:
        before = Scrape.from_port(srv.ports["metrics"])
        rpc = await connect(srv)
        try:
            root = await mount(rpc, export_path(srv), ROOT_CRED)
            file_ops = [putfh(root), lookup(b"f")]
            rep = await rpc.call(100003, 4, 1, compound([*file_ops, op(O.OP_WRITE, p.WRITE4args(
                ANON, 0, p.FILE_SYNC4, BytesPayload(blob)))]), ROOT_CRED)
            try:
                res = p.COMPOUND4res_xdr.decode(XdrReader(rep.body))
            finally:
                rep.release()
            assert res.status == S.NFS4_OK
            assert res.resarray[2].value.resok4.count == len(blob)
            rep = await rpc.call(100003, 4, 1, compound([*file_ops, op(O.OP_READ, p.READ4args(
                ANON, 0, MiB))]), ROOT_CRED, read_capacity=MiB)
            try:
                assert rep.chunks, "READ data did not come by the Write chunk"
                res = p.COMPOUND4res_xdr.decode(XdrReader(rep.body, chunks=rep.chunks))
                ok = res.resarray[2].value.resok4
                got = b"".join(bytes(v) for v in ok.data.views())
            finally:
                rep.release()
            after = Scrape.from_port(srv.ports["metrics"])
        finally:
            await rpc.close()
    assert res.status == S.NFS4_OK and ok.eof is True
    assert hashlib.sha256(got).digest() == hashlib.sha256(blob).digest()
    assert (tmp_path / "export" / "f").read_bytes() == blob
    copied = "nfsrdma_payload_bytes_copied_total"
    assert after.value(copied) - before.value(copied) == 0
    for name in ("v4.WRITE", "v4.READ"):
        assert after.value("nfsrdma_nfs_ops_total", op=name, status="NFS4_OK") == 1
    assert after.value("nfsrdma_rpc_calls_total", program="nfs", procedure="COMPOUND",
                       transport="rdma") == 2
