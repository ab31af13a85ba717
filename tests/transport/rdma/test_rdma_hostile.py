"""Hostile RDMA clients (issue 12): none of them may take RPC-over-RDMA from the others.

Each test plays one attack from the issue with a raw client on the soft fabric (which behaves
like a real RC device) against an in-process server, and asserts a normal client is still
served while it runs.
"""

from __future__ import annotations

from pathlib import Path

from tests.transport.rdma._rdma import (
    RawClient,
    no_leaks,
    rdma_port,
    rpc_call,
    running_server,
    wait_until,
    works,
)
from transport.rdma.verbs import SendWR, WcStatus, WrOpcode


async def test_send_with_invalidate_naming_the_pool_rkey_does_not_kill_rdma(
        tmp_path: Path) -> None:
    """One SEND_WITH_INV naming the server's pool R_key used to deregister the pool MR (RDMA
    dead until restart).  A real device never lets a peer invalidate an ibv_reg_mr MR: the
    attacker's own connection fails, and everyone else goes on."""
    async with running_server(tmp_path) as srv:
        pool_mr = srv.rdma.pool_mr
        raw = await RawClient.connect(rdma_port(srv))
        try:
            msg = raw.msg(raw.next_xid(), rpc_call(raw.xid))
            raw.buf[: len(msg)] = msg
            raw.qp.post_send(SendWR(0, WrOpcode.SEND_WITH_INV, [raw.mr.sge(0, len(msg))],
                                    invalidate_rkey=pool_mr.rkey))
            wc = await raw.sends.get()
            assert wc.status is WcStatus.REM_OP_ERR
            await wait_until(lambda: not srv.rdma.conns, "the attacker's connection closed")
        finally:
            await raw.close()
        assert pool_mr.valid
        await works(srv)
        await works(srv)
        await no_leaks(srv)
