"""Send-With-Invalidate (RFC 8797 §4.1, as svc_rdma_get_inv_rkey decides it).

The server may invalidate an R_key with the Send that carries the reply only when the client's
private data says it can take that (remote invalidation bit) and exactly one R_key appears in
the call's chunk lists.  The kernel client advertises it, so the Linux mount in the guest
exercises it for real; here a raw requester sees the completion's invalidated R_key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.transport.rdma._rdma import RawClient, rdma_port, rpc_call, running_server
from transport.rdma.proto import Chunk


async def _null_with(raw: RawClient, *, reply_rkeys: tuple[int, ...] = (),
                     write_rkeys: tuple[int, ...] = ()) -> int | None:
    """An inline NFS NULL offering chunks with these R_keys; returns the invalidated R_key."""
    xid = raw.next_xid()
    reply = Chunk(0, tuple(raw.segment(0, 4096, handle=k) for k in reply_rkeys)) \
        if reply_rkeys else None
    write = tuple(Chunk(0, (raw.segment(8192, 4096, handle=k),)) for k in write_rkeys)
    await raw.send(raw.msg(xid, rpc_call(xid), write=write, reply=reply))
    wc, _ = await raw.recv_wc()
    return wc.invalidated_rkey


@pytest.mark.parametrize(
    ("invalidation", "reply_rkeys", "write_rkeys", "expect_invalidated"),
    [
        (True, ("mine",), (), True),  # one R_key in the call: invalidated with the reply
        (True, ("mine",), ("mine",), True),  # the same R_key twice is still one R_key
        (True, (), (), False),  # no chunks: nothing to invalidate
        (True, ("mine",), (0xBAD,), False),  # two R_keys: the server may not pick one
        (False, ("mine",), (), False),  # client did not allow remote invalidation
    ],
)
async def test_send_with_invalidate_only_for_one_rkey_when_allowed(
        tmp_path: Path, invalidation: bool, reply_rkeys: tuple[object, ...],
        write_rkeys: tuple[object, ...], expect_invalidated: bool) -> None:
    async with running_server(tmp_path) as srv:
        raw = await RawClient.connect(rdma_port(srv), remote_invalidation=invalidation)
        try:
            def keys(spec: tuple[object, ...]) -> tuple[int, ...]:
                return tuple(raw.chunk_mr.rkey if k == "mine" else int(k) for k in spec)  # type: ignore[call-overload]

            got = await _null_with(raw, reply_rkeys=keys(reply_rkeys),
                                   write_rkeys=keys(write_rkeys))
            assert got == (raw.chunk_mr.rkey if expect_invalidated else None)
        finally:
            await raw.close()
