"""A flooding client in a process of its own (so the measuring client shares no GIL with it):
``python -m tests.hostile._flood PORT ARGS_HEX HOST[,HOST...] CONNS_PER_HOST [DEPTH]``.

Each connection keeps DEPTH READDIRPLUS calls (ARGS_HEX: their encoded arguments)
outstanding for as long as the server answers, reading every reply; the process prints the
replies it got, one line a second, until killed (SIGTERM).
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time

from nfsrdma.nfs3 import xdr
from tests.nfsrdma._nfs import ROOT, call_bytes, mark, next_xid

READDIRPLUS = 17


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


def main() -> None:
    port, args = int(sys.argv[1]), bytes.fromhex(sys.argv[2])
    hosts, per = sys.argv[3].split(","), int(sys.argv[4])
    depth = int(sys.argv[5]) if len(sys.argv) > 5 else 16
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    fl = [Flooder(port, h, args, depth) for h in hosts for _ in range(per)]
    while True:
        print(sum(f.replies for f in fl), min(f.replies for f in fl), flush=True)
        time.sleep(1)


if __name__ == "__main__":
    main()
