"""A soft-fabric peer run in a child process by test_soft_crossprocess.

It listens on 127.0.0.1 (ephemeral port, printed as ``PORT <n>``), accepts one connection
advertising a 4 KiB MR (addr, rkey) in its accept private data, echoes every received
message back upper-cased with SEND, and exits when the peer disconnects.
"""

from __future__ import annotations

import asyncio
import struct
import sys

from transport.rdma.verbs import Access, QpInit, RecvWR, SendWR, WcStatus, WrOpcode
from transport.rdma.verbs.soft import SoftProvider


async def main() -> int:
    provider = SoftProvider(wire="tcp")
    dev = provider.open_device()
    listener = await provider.listen("127.0.0.1", 0)
    print(f"PORT {listener.address[1]}", flush=True)
    req = await listener.get_request()
    buf = bytearray(8192)
    mr = dev.default_pd.reg_mr(buf, Access.ALL)
    # the region the client may READ and WRITE: second half of buf
    buf[4096:4096 + 11] = b"from-child!"
    scq, rcq = dev.create_cq(64), dev.create_cq(64)
    qp = req.create_qp(QpInit(scq, rcq, max_send_sge=2, max_recv_sge=2))
    for i in range(4):
        qp.post_recv(RecvWR(i, [mr.sge(i * 512, 512)]))
    pd = struct.pack("!QI", mr.addr + 4096, mr.rkey) + req.private_data[:8]
    conn = await req.accept(private_data=pd)
    done = asyncio.Event()
    status = 0

    def on_recv(wcs: list) -> None:
        nonlocal status
        for wc in wcs:
            if wc.status is not WcStatus.SUCCESS:
                done.set()
                continue
            off = wc.wr_id * 512
            buf[off:off + wc.byte_len] = bytes(buf[off:off + wc.byte_len]).upper()
            qp.post_send([SendWR(100 + wc.wr_id, WrOpcode.SEND, [mr.sge(off, wc.byte_len)])])
            qp.post_recv(RecvWR(wc.wr_id, [mr.sge(off, 512)]))

    rcq.attach(on_recv)
    scq.attach(lambda wcs: None)
    await asyncio.wait_for(conn.wait_disconnected(), 30)
    conn.close()
    return status


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
