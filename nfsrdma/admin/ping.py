"""`nfsrdma ping`: one NFS NULL call over TCP (rpcinfo -t HOST nfs 3), for health checks.

A listening socket proves little (a wedged loop still accepts); a NULL call proves the
server reads, decodes, dispatches and answers.  Blocking sockets, no event loop: it runs
as a container healthcheck every 30 s and must start fast.
"""

from __future__ import annotations

import argparse
import os
import socket
import struct
import sys
import time

from rpc.buffer import XdrReader
from rpc.client import encode_call_header
from rpc.errors import XdrError
from rpc.msg import decode_reply

__all__ = ["add_parser", "null_call", "run"]

NFS_PROGRAM = 100003
_LAST_FRAGMENT = 0x8000_0000
#: a NULL reply is 24 bytes; anything near this is not one
_MAX_REPLY = 4096


def null_call(host: str, port: int, version: int = 3, timeout: float = 10.0) -> float:
    """Send NFS NULL to (host, port) over TCP and wait for an accepted SUCCESS reply.

    Returns: the round trip, seconds.
    Raises: OSError (cannot connect, timeout, connection closed), ValueError (the answer
        is not a SUCCESS reply to our call: the message says what it was).
    """
    xid = int.from_bytes(os.urandom(4), "big")
    call = encode_call_header(xid, NFS_PROGRAM, version, 0)
    t0 = time.monotonic()
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(struct.pack(">I", _LAST_FRAGMENT | len(call)) + call)
        body = b""
        while True:
            mark = _recv(s, 4)
            (word,) = struct.unpack(">I", mark)
            size = word & ~_LAST_FRAGMENT
            if len(body) + size > _MAX_REPLY:
                raise ValueError(f"reply of {len(body) + size} bytes is not a NULL reply")
            body += _recv(s, size)
            if word & _LAST_FRAGMENT:
                break
    rtt = time.monotonic() - t0
    try:
        reply = decode_reply(XdrReader(body))
    except XdrError as e:
        raise ValueError(f"undecodable reply: {e}") from None
    if reply.xid != xid:
        raise ValueError(f"reply to another call (xid {reply.xid:#x})")
    if reply.reply_stat != 0 or reply.accept_stat != 0:
        raise ValueError(f"call not accepted (reply_stat {reply.reply_stat}, "
                         f"accept_stat {reply.accept_stat}, mismatch {reply.mismatch})")
    return rtt


def _recv(s: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed before the reply")
        buf += chunk
    return bytes(buf)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ping", help="NFS NULL call over TCP (a health check)",
                       description="Exit 0 when the server answers an NFS NULL call over TCP.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=2049)
    p.add_argument("--nfs-version", type=int, default=3, choices=[3, 4])
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS")


def run(args: argparse.Namespace) -> int:
    try:
        rtt = null_call(args.host, args.port, args.nfs_version, args.timeout)
    except (OSError, ValueError) as e:
        print(f"nfsrdma ping {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    print(f"nfs v{args.nfs_version} NULL from {args.host}:{args.port}: ok ({rtt * 1e3:.2f} ms)")
    return 0
