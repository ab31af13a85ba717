"""The shape of READ replies on the wire, seen by a raw client (what our RpcRdmaClient would
hide): the Write chunk echo carries the exact payload length, the payload lands in the
client's memory, and neither the chunk nor the inline reply carries the XDR pad (RFC 8166
§3.4.6.2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nfsrdma.nfs3 import xdr
from rpc.client import parse_reply
from tests.transport.rdma._rdma import (
    RawClient,
    connect,
    export_path,
    nfs_session,
    no_leaks,
    rdma_port,
    rpc_call,
    running_server,
)
from transport.rdma.proto import Chunk, Proc, TransportHeader, decode_reply_header


@pytest.mark.parametrize("size", [1001, 1002, 1003, 1004])
async def test_read_reply_through_write_chunk_has_no_pad(tmp_path: Path, size: int) -> None:
    async with running_server(tmp_path) as srv:
        data = os.urandom(size)
        (Path(export_path(srv).decode()) / "f").write_bytes(data)
        rpc = await connect(srv)
        c, root = await nfs_session(rpc, export_path(srv))
        fh = await c.lookup(root, b"f")
        await rpc.close()

        raw = await RawClient.connect(rdma_port(srv))
        xid = raw.next_xid()
        args = xdr.READ3args.pack(xdr.READ3args.cls(xdr.nfs_fh3.cls(fh), 0, 4096))
        seg = raw.segment(0, 4096)
        await raw.send(raw.msg(xid, rpc_call(xid, 6, args), write=(Chunk(0, (seg,)),)))
        msg = await raw.recv()
        hdr = decode_reply_header(msg)
        assert isinstance(hdr, TransportHeader) and hdr.proc is Proc.RDMA_MSG, hdr
        (chunk,) = hdr.write_pcl.chunks
        assert [s.length for s in chunk.segments] == [size]  # no pad in the chunk
        at = raw.data_base
        assert bytes(raw.buf[at : at + size]) == data
        body = memoryview(msg)[hdr.inline_offset :]
        rxid, off = parse_reply(body)
        assert rxid == xid
        assert int.from_bytes(body[off : off + 4], "big") == 0  # NFS3_OK
        # Inline: the results end with the data's length word; no pad bytes follow.
        assert len(body) % 4 == 0
        assert int.from_bytes(body[-4:], "big") == size
        await raw.close()
        await no_leaks(srv)
