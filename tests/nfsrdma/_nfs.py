"""Byte-level NFSv3 / MOUNT helpers for the end-to-end tests in this directory.

`RawConn` is a blocking socket that sends RPC calls with an explicit xid (and any rpcvers,
program or argument bytes) and returns the decoded reply header plus the result bytes, so a
test can send what no well-behaved client would.  `Nfs` wraps one with the server's own XDR
schema (`nfsrdma.nfs3.xdr`) to make NFS calls and see every status, not only NFS3_OK.
"""

from __future__ import annotations

import itertools
import os
import socket
import struct
from dataclasses import dataclass
from typing import Any

from nfsrdma import mount3
from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.program import _TABLE
from rpc.auth import AuthSys
from rpc.buffer import BytesPayload, XdrReader, XdrWriter
from rpc.client import encode_call_header
from rpc.msg import decode_reply

NFS_PROG, NFS_VERS = xdr.PROGRAM, xdr.VERSION
PROC = {name: num for num, name, *_ in _TABLE}
S = xdr.Status
CB_PROG = 0x40000000  # the NFSv4 callback program our tests' sessions name
_xids = itertools.count(int.from_bytes(os.urandom(3), "big") << 4)


#: The one AUTH_SYS credential type (rpc.auth), under the name these tests use.
Cred = AuthSys
ROOT = Cred()


def next_xid() -> int:
    return next(_xids) & 0xFFFFFFFF


def call_bytes(xid: int, prog: int, vers: int, proc: int, args: bytes = b"",
               cred: Cred | None = ROOT, rpcvers: int = 2) -> bytes:
    """One RPC call message (no record mark)."""
    head = encode_call_header(xid, prog, vers, proc, cred)
    if rpcvers != 2:
        head = head[:8] + struct.pack(">I", rpcvers) + head[12:]
    return head + args


def mark(n: int, last: bool = True) -> bytes:
    return struct.pack(">I", n | (0x8000_0000 if last else 0))


@dataclass
class RawReply:
    xid: int
    reply_stat: int  # 0 accepted, 1 denied
    accept_stat: int | None
    reject_stat: int | None
    mismatch: tuple[int, int] | None
    body: bytes  # results (accepted SUCCESS) or b""


class RawConn:
    """A blocking RPC-over-TCP connection; `src_port` / `src_host` (another loopback
    address: another client host) bind the local end first."""

    def __init__(self, port: int, src_port: int | None = None, timeout: float = 30,
                 src_host: str | None = None) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if src_port is not None or src_host is not None:
            self.sock.bind((src_host or "127.0.0.1", src_port or 0))
        self.sock.settimeout(timeout)
        self.sock.connect(("127.0.0.1", port))
        self.local_port = self.sock.getsockname()[1]
        self.server_calls: list[bytes] = []

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> RawConn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send_record(self, msg: bytes) -> None:
        self.sock.sendall(mark(len(msg)) + msg)

    def _recv_exact(self, n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionResetError(f"EOF after {len(buf)} of {n} bytes")
            buf += chunk
        return bytes(buf)

    def recv_record(self) -> bytes:
        out = b""
        while True:
            (m,) = struct.unpack(">I", self._recv_exact(4))
            out += self._recv_exact(m & 0x7FFF_FFFF)
            if m & 0x8000_0000:
                return out

    def recv_reply(self) -> RawReply:
        data = self.recv_record()
        while len(data) >= 8 and struct.unpack_from(">I", data, 4)[0] == 0:
            self._server_call(data)  # a call from the server (NFSv4 back channel)
            data = self.recv_record()
        r = XdrReader(memoryview(data))
        h = decode_reply(r)
        body = data[r.pos:] if h.reply_stat == 0 and h.accept_stat == 0 else b""
        return RawReply(h.xid, h.reply_stat, h.accept_stat, h.reject_stat, h.mismatch, body)

    def call(self, prog: int, vers: int, proc: int, args: bytes = b"", cred: Cred | None = ROOT,
             xid: int | None = None, rpcvers: int = 2) -> RawReply:
        xid = next_xid() if xid is None else xid
        self.send_record(call_bytes(xid, prog, vers, proc, args, cred, rpcvers))
        rep = self.recv_reply()
        assert rep.xid == xid
        return rep

    def _server_call(self, data: bytes) -> None:
        """A call the server sent us: CB_NULL (its back channel probe) is answered, as a
        client that serves its back channel does; anything else is kept in
        ``server_calls`` unanswered (the server's call times out)."""
        xid, _, _, prog, _, proc = struct.unpack_from(">6I", data)
        if prog == CB_PROG and proc == 0:
            self.send_record(struct.pack(">6I", xid, 1, 0, 0, 0, 0))
        else:
            self.server_calls.append(data)

    def closed_by_peer(self) -> bool:
        """True once the server has closed (EOF or reset), waiting up to the socket timeout."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True


def encode(t: Any, value: Any) -> bytes:
    w = XdrWriter()
    t.encode(w, value)
    buf = w.finish()
    return b"".join(bytes(v) for v in buf.wire_views())


def fh(data: bytes) -> Any:
    return xdr.nfs_fh3.cls(data)


def dirop(d: bytes, name: bytes) -> Any:
    return xdr.diropargs3.cls(fh(d), name)


def sattr(mode: int | None = None, uid: int | None = None, gid: int | None = None,
          size: int | None = None) -> Any:
    return xdr.sattr3.cls(mode, uid, gid, size, (0, None), (0, None))


class Nfs:
    """NFSv3 calls over a `RawConn` returning (status, resok-or-resfail)."""

    def __init__(self, conn: RawConn, cred: Cred | None = ROOT) -> None:
        self.conn = conn
        self.cred = cred

    def raw(self, name: str, args: Any, *, xid: int | None = None,
            cred: Cred | bool | None = True) -> tuple[int, Any]:
        c = self.cred if cred is True else cred
        rep = self.conn.call(NFS_PROG, NFS_VERS, PROC[name],
                             encode(getattr(xdr, name + "3args"), args), c, xid)
        assert rep.reply_stat == 0 and rep.accept_stat == 0, rep
        res = getattr(xdr, name + "3res").decode(XdrReader(memoryview(rep.body)))
        return int(res.tag), res.value

    def ok(self, name: str, args: Any, **kw: Any) -> Any:
        st, v = self.raw(name, args, **kw)
        assert st == 0, f"{name}: {S(st).name}"
        return v

    # -- shorthands --------------------------------------------------------------------------

    def getattr(self, f: bytes) -> tuple[int, Any]:
        return self.raw("GETATTR", xdr.GETATTR3args.cls(fh(f)))

    def lookup(self, d: bytes, name: bytes) -> tuple[int, Any]:
        return self.raw("LOOKUP", xdr.LOOKUP3args.cls(dirop(d, name)))

    def lookup_fh(self, d: bytes, name: bytes) -> bytes:
        st, v = self.lookup(d, name)
        assert st == 0, S(st).name
        return bytes(v.object.data)

    def create(self, d: bytes, name: bytes, mode: int = 0o644, how: int = 0,
               verf: bytes = b"", **kw: Any) -> tuple[int, Any]:
        h = (2, verf) if how == 2 else (how, sattr(mode))
        return self.raw("CREATE", xdr.CREATE3args.cls(dirop(d, name), h), **kw)

    def create_fh(self, d: bytes, name: bytes, mode: int = 0o644) -> bytes:
        st, v = self.create(d, name, mode)
        assert st == 0, S(st).name
        return bytes(v.obj.data)

    def mkdir(self, d: bytes, name: bytes, mode: int = 0o755) -> tuple[int, Any]:
        return self.raw("MKDIR", xdr.MKDIR3args.cls(dirop(d, name), sattr(mode)))

    def remove(self, d: bytes, name: bytes, **kw: Any) -> tuple[int, Any]:
        return self.raw("REMOVE", xdr.REMOVE3args.cls(dirop(d, name)), **kw)

    def rmdir(self, d: bytes, name: bytes) -> tuple[int, Any]:
        return self.raw("RMDIR", xdr.RMDIR3args.cls(dirop(d, name)))

    def rename(self, d: bytes, a: bytes, d2: bytes, b: bytes, **kw: Any) -> tuple[int, Any]:
        return self.raw("RENAME", xdr.RENAME3args.cls(dirop(d, a), dirop(d2, b)), **kw)

    def setattr(self, f: bytes, sa: Any) -> tuple[int, Any]:
        return self.raw("SETATTR", xdr.SETATTR3args.cls(fh(f), sa, None))

    def write(self, f: bytes, offset: int, data: bytes, stable: int = 2) -> tuple[int, Any]:
        return self.raw("WRITE", xdr.WRITE3args.cls(fh(f), offset, len(data), stable,
                                                    BytesPayload(data)))

    def read(self, f: bytes, offset: int, count: int) -> tuple[int, Any]:
        return self.raw("READ", xdr.READ3args.cls(fh(f), offset, count))

    def read_data(self, f: bytes, offset: int, count: int) -> bytes:
        st, v = self.read(f, offset, count)
        assert st == 0, S(st).name
        return b"".join(bytes(x) for x in v.data.views())

    def commit(self, f: bytes) -> tuple[int, Any]:
        return self.raw("COMMIT", xdr.COMMIT3args.cls(fh(f), 0, 0))

    def access(self, f: bytes, mask: int = 0x3F) -> tuple[int, Any]:
        return self.raw("ACCESS", xdr.ACCESS3args.cls(fh(f), mask))


def mnt(conn: RawConn, path: bytes, cred: Cred | None = ROOT) -> tuple[int, bytes]:
    """MOUNT v3 MNT: (mountstat3, handle or b"")."""
    rep = conn.call(mount3.PROGRAM, mount3.VERSION, 1, mount3.dirpath.pack(path), cred)
    assert rep.reply_stat == 0 and rep.accept_stat == 0, rep
    res = mount3.mountres3.unpack(rep.body)
    return int(res.tag), bytes(res.value.fhandle) if res.tag == 0 else b""


def mount_root(port: int, path: str | bytes) -> bytes:
    with RawConn(port) as c:
        st, h = mnt(c, os.fsencode(path))
    assert st == 0, f"MNT {path!r}: {st}"
    return h
