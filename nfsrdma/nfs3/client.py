"""A small NFSv3 + MOUNTv3 client over any of our RPC clients (tests and `nfsrdma bench`).

It encodes arguments and decodes results with the same schema the server uses
(`nfsrdma.nfs3.xdr`), so what it checks is the wire format, and it carries READ/WRITE
payloads as views/bvecs: a WRITE's data is sent from the caller's buffer (TCP: one
`writelines`; RDMA: a Read chunk), a READ's data is returned as a view of the reply.
"""

from __future__ import annotations

from typing import Any

from nfsrdma import mount3
from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.program import _TABLE
from rpc.buffer import BytesPayload, XdrReader, XdrWriter


class NfsCallError(Exception):
    def __init__(self, proc: str, status: int) -> None:
        try:
            name = xdr.Status(status).name
        except ValueError:
            name = str(status)
        super().__init__(f"{proc}: {name}")
        self.status = status


# Procedures whose replies may exceed the inline size: offered a Reply chunk over RDMA, as
# xprtrdma does by operation (READDIR/READDIRPLUS up to dtpref, READLINK up to 4 KiB).
LONG_REPLIES = frozenset({"READDIR", "READDIRPLUS", "READLINK"})
LONG_REPLY_CHUNK = 128 * 1024

PROC = {name: num for num, name, *_ in _TABLE}


class Nfs3Client:
    """NFSv3 calls over an RPC client with `call(prog, vers, proc, args, cred, ...)`."""

    def __init__(self, rpc: Any, cred: Any = None) -> None:
        self.rpc = rpc
        self.cred = cred

    async def call(self, name: str, args: Any, consume: Any = None, **kw: Any) -> Any:
        """Call procedure `name`; returns resok (or `consume(resok)`, run while the reply's
        memory is still held) or raises NfsCallError."""
        w = XdrWriter()
        getattr(xdr, name + "3args").encode(w, args)
        if not getattr(self.rpc, "ddp", False):
            kw.pop("read_capacity", None)
        elif name in LONG_REPLIES:
            kw.setdefault("reply_capacity", LONG_REPLY_CHUNK)
        reply = await self.rpc.call(
            xdr.PROGRAM, xdr.VERSION, PROC[name], w.finish(), self.cred, **kw)
        try:
            res = getattr(xdr, name + "3res").decode(
                XdrReader(reply.body, chunks=getattr(reply, "chunks", None)))
            if res.tag != 0:
                raise NfsCallError(name, res.tag)
            return consume(res.value) if consume is not None else res.value
        finally:
            reply.release()

    async def lookup(self, dirfh: bytes, name: bytes) -> bytes:
        ok = await self.call("LOOKUP", xdr.LOOKUP3args.cls(xdr.diropargs3.cls(
            xdr.nfs_fh3.cls(dirfh), name)))
        return bytes(ok.object.data)

    async def create(self, dirfh: bytes, name: bytes, mode: int = 0o644) -> bytes:
        sattr = xdr.sattr3.cls(mode, None, None, None, (0, None), (0, None))
        ok = await self.call("CREATE", xdr.CREATE3args.cls(
            xdr.diropargs3.cls(xdr.nfs_fh3.cls(dirfh), name), (0, sattr)))
        return bytes(ok.obj.data)

    async def getattr(self, fh: bytes) -> Any:
        return (await self.call("GETATTR", xdr.GETATTR3args.cls(xdr.nfs_fh3.cls(fh)))).obj_attributes

    async def read(self, fh: bytes, offset: int, count: int) -> tuple[bytes, bool]:
        """READ; returns (data, eof).  The data is copied out of the reply (client side)."""
        args = xdr.READ3args.cls(xdr.nfs_fh3.cls(fh), offset, count)
        return await self.call(  # type: ignore[no-any-return]
            "READ", args, read_capacity=count,
            consume=lambda ok: (b"".join(bytes(v) for v in ok.data.views()), bool(ok.eof)))

    async def read_into_void(self, fh: bytes, offset: int, count: int) -> int:
        """READ for benchmarks: returns the byte count without copying the data."""
        args = xdr.READ3args.cls(xdr.nfs_fh3.cls(fh), offset, count)
        return await self.call(  # type: ignore[no-any-return]
            "READ", args, read_capacity=count, consume=lambda ok: int(ok.count))

    async def write(self, fh: bytes, offset: int, data: Any, stable: int = 0) -> Any:
        """WRITE `data` (bytes, memoryview or a BvecList); returns WRITE3resok."""
        if not hasattr(data, "views"):
            data = BytesPayload(data)
        args = xdr.WRITE3args.cls(xdr.nfs_fh3.cls(fh), offset, data.nbytes, stable, data)
        return await self.call("WRITE", args)

    async def commit(self, fh: bytes) -> Any:
        return await self.call("COMMIT", xdr.COMMIT3args.cls(xdr.nfs_fh3.cls(fh), 0, 0))


async def mount(rpc: Any, path: bytes, cred: Any = None) -> bytes:
    """MOUNT v3 MNT; returns the root handle or raises NfsCallError."""
    reply = await rpc.call(mount3.PROGRAM, mount3.VERSION, 1, mount3.dirpath.pack(path), cred)
    try:
        res = mount3.mountres3.unpack(bytes(reply.body))
    finally:
        reply.release()
    if res.tag != 0:
        raise NfsCallError("MNT", res.tag)
    return bytes(res.value.fhandle)
