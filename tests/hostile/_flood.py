"""A flooding client in a process of its own (so the measuring client shares no GIL or loop
with it): ``python -m tests.hostile._flood tcp|rdma PORT ARGS_HEX HOST[,HOST...]
CONNS_PER_HOST [DEPTH]``.

Each connection (TCP, or RPC-over-RDMA on the soft provider) keeps DEPTH READDIRPLUS calls
(ARGS_HEX: their encoded arguments) outstanding for as long as the server answers, reading
every reply; once every connection is made and has sent its first calls the process prints
a line, then one a second (replies in all, fewest replies of one connection), until killed
(SIGTERM).
"""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import threading
import time

from nfsrdma.nfs3 import xdr
from tests.nfsrdma._nfs import ROOT, call_bytes, mark, next_xid
from tests.transport.rdma._rdma import RawClient, rpc_call
from transport.rdma.proto import Chunk

READDIRPLUS = 17
RDMA_REPLY = 32 << 10  # each RDMA call's Reply chunk (a 16 KiB READDIRPLUS reply fits)


def record(args: bytes) -> bytes:
    msg = call_bytes(next_xid(), xdr.PROGRAM, xdr.VERSION, READDIRPLUS, args, ROOT)
    return mark(len(msg)) + msg


class Flooder:
    def __init__(self, port: int, host: str, args: bytes, depth: int) -> None:
        self.sock = socket.socket()
        self.sock.bind((host, 0))
        self.sock.connect(("127.0.0.1", port))
        self.args = args
        self.replies = 0
        self.sock.sendall(b"".join(record(args) for _ in range(depth)))
        threading.Thread(target=self._run, daemon=True).start()

    def _recv_exact(self, n: int) -> None:
        while n:
            chunk = self.sock.recv(min(n, 1 << 20))
            if not chunk:
                raise ConnectionError("closed")
            n -= len(chunk)

    def _run(self) -> None:
        hdr = bytearray(4)
        try:
            while True:
                last = False
                while not last:
                    view = memoryview(hdr)
                    while view:
                        got = self.sock.recv_into(view)
                        if not got:
                            return
                        view = view[got:]
                    m = int.from_bytes(hdr, "big")
                    last = bool(m & 0x8000_0000)
                    self._recv_exact(m & 0x7FFF_FFFF)
                self.replies += 1
                self.sock.sendall(record(self.args))
        except OSError:
            return


class RdmaFlooder:
    """One RDMA connection keeping ``depth`` READDIRPLUS calls outstanding (each with a
    Reply chunk), one more posted per reply received."""

    def __init__(self, raw: RawClient, args: bytes, depth: int) -> None:
        self.raw, self.args, self.depth = raw, args, depth
        self.replies = 0

    @classmethod
    async def connect(cls, port: int, host: str, args: bytes, depth: int) -> RdmaFlooder:
        raw = await RawClient.connect(port, nrecv=depth, nsend=depth,
                                      data_size=depth * RDMA_REPLY, source=host)
        self = cls(raw, args, depth)
        for i in range(depth):
            self.post(i)
        return self

    def post(self, slot: int) -> None:
        raw = self.raw
        xid = raw.next_xid()
        raw.post(raw.msg(xid, rpc_call(xid, READDIRPLUS, self.args),
                         reply=Chunk(0, (raw.segment(slot * RDMA_REPLY, RDMA_REPLY),)),
                         credits=self.depth))

    async def run(self) -> None:
        raw = self.raw
        i = 0
        while True:
            await raw.recv_wc()
            while not raw.sends.empty():  # Send completions: not kept
                raw.sends.get_nowait()
            self.replies += 1
            self.post(i % self.depth)
            i += 1


async def rdma_main(port: int, args: bytes, hosts: list[str], per: int, depth: int) -> None:
    fl = [await RdmaFlooder.connect(port, h, args, depth) for h in hosts for _ in range(per)]
    tasks = [asyncio.create_task(f.run()) for f in fl]
    while not any(t.done() for t in tasks):
        print(sum(f.replies for f in fl), min(f.replies for f in fl), flush=True)
        await asyncio.sleep(1)
    for t in tasks:
        if t.done():
            t.result()  # the error that ended it, on stderr


def main() -> None:
    mode, port, args = sys.argv[1], int(sys.argv[2]), bytes.fromhex(sys.argv[3])
    hosts, per = sys.argv[4].split(","), int(sys.argv[5])
    depth = int(sys.argv[6]) if len(sys.argv) > 6 else 16
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if mode == "rdma":
        asyncio.run(rdma_main(port, args, hosts, per, depth))
        return
    fl = [Flooder(port, h, args, depth) for h in hosts for _ in range(per)]
    while True:
        print(sum(f.replies for f in fl), min(f.replies for f in fl), flush=True)
        time.sleep(1)


if __name__ == "__main__":
    main()
