#!/usr/bin/env python3
"""Start rpcbind listening on the given IPv4 addresses only (and /run/rpcbind.sock): run by
guest/nlm.sh.  usage: nlm-rpcbind.py ADDR...

`rpcbind -h ADDR` restricts only its UDP sockets (bookworm's 1.2.6 still listens on
0.0.0.0:111 for TCP, and aborts on a repeated 127.0.0.1), so the sockets are made here and
handed over by systemd's socket-activation protocol (LISTEN_FDS/LISTEN_PID, descriptors from
3 on), which rpcbind uses instead of making its own.  Its IPv6 sockets stay its own
(IPV6_V6ONLY: they do not take IPv4 port 111).  rpcbind runs in the foreground of a detached
child (`-f -w`); this script returns once it is started.
"""

from __future__ import annotations

import os
import socket
import sys

SOCK = "/run/rpcbind.sock"


def main() -> None:
    socks = []
    u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.unlink(SOCK)
    except FileNotFoundError:
        pass
    u.bind(SOCK)
    os.chmod(SOCK, 0o666)
    u.listen(64)
    socks.append(u)
    for addr in sys.argv[1:]:
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            s = socket.socket(socket.AF_INET, kind)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((addr, 111))
            if kind == socket.SOCK_STREAM:
                s.listen(64)
            socks.append(s)
    if os.fork():
        return
    os.setsid()
    copies = [os.dup(s.fileno()) for s in socks]  # out of the way of descriptors 3..3+n
    for s in socks:
        s.close()
    for i, fd in enumerate(copies):
        os.dup2(fd, 3 + i)  # inheritable
    for fd in copies:
        if fd >= 3 + len(copies):
            os.close(fd)
    os.environ.update(LISTEN_FDS=str(len(copies)), LISTEN_PID=str(os.getpid()))
    os.execvp("rpcbind", ["rpcbind", "-f", "-w"])


if __name__ == "__main__":
    main()
