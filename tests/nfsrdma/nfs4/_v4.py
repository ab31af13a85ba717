"""A small NFSv4 COMPOUND client for the tests (shared by every NFSv4 test module).

`V4` sends COMPOUNDs over a `tests.nfsrdma._nfs.RawConn` (a blocking socket, the one RPC
client codec of `rpc.client`) using the generated types of `nfsrdma.gen.nfs4_prot`, and
returns the decoded `COMPOUND4res` whatever its status, so a test sees every error.
Build ops with `op(OP_X, args)` or the shorthands below; `V4.raw_compound` sends bytes a
well-behaved client would never send.

    v4 = V4(RawConn(server.nfs_port), minor=0)
    res = v4.compound([putrootfh(), getfh()])
    assert res.status == NFS4_OK
"""

from __future__ import annotations

import struct
from typing import Any

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from rpc.buffer import XdrReader
from tests.nfsrdma._nfs import ROOT, Cred, RawConn, RawReply, encode

__all__ = [
    "V4",
    "attr_mask",
    "bitmap_of",
    "compound_header",
    "decode_attrs",
    "getattr_",
    "getfh",
    "lookup",
    "op",
    "op_status",
    "putfh",
    "putrootfh",
    "readdir",
]

NFS4_PROG, NFS4_VERS, COMPOUND = 100003, 4, 1


def op(opnum: O, args: Any = None) -> p.nfs_argop4:
    return p.nfs_argop4(opnum, args)


def putrootfh() -> p.nfs_argop4:
    return op(O.OP_PUTROOTFH)


def putfh(fh: bytes) -> p.nfs_argop4:
    return op(O.OP_PUTFH, p.PUTFH4args(fh))


def getfh() -> p.nfs_argop4:
    return op(O.OP_GETFH)


def lookup(name: bytes) -> p.nfs_argop4:
    return op(O.OP_LOOKUP, p.LOOKUP4args(name))


def bitmap_of(attrs: list[int]) -> list[int]:
    """fattr4 attribute numbers -> bitmap4 words."""
    words = [0] * (max(attrs) // 32 + 1 if attrs else 0)
    for a in attrs:
        words[a // 32] |= 1 << (a % 32)
    return words


def attr_mask(bitmap: list[int]) -> list[int]:
    """bitmap4 words -> the attribute numbers set, ascending."""
    return [w * 32 + b for w, word in enumerate(bitmap) for b in range(32) if word >> b & 1]


def getattr_(attrs: list[int]) -> p.nfs_argop4:
    return op(O.OP_GETATTR, p.GETATTR4args(bitmap_of(attrs)))


def readdir(cookie: int = 0, verf: bytes = b"\0" * 8, dircount: int = 8192,
            maxcount: int = 32768, attrs: list[int] | None = None) -> p.nfs_argop4:
    return op(O.OP_READDIR, p.READDIR4args(cookie, verf, dircount, maxcount,
                                             bitmap_of(attrs or [])))


class V4:
    """COMPOUNDs of one minor version over one connection."""

    def __init__(self, conn: RawConn, minor: int = 0, cred: Cred | None = ROOT) -> None:
        self.conn = conn
        self.minor = minor
        self.cred = cred

    def raw_compound(self, body: bytes) -> RawReply:
        """Send `body` as COMPOUND's arguments; the raw reply (any accept status)."""
        return self.conn.call(NFS4_PROG, NFS4_VERS, COMPOUND, body, self.cred)

    def compound(self, ops: list[p.nfs_argop4], *, minor: int | None = None,
                 tag: bytes = b"") -> p.COMPOUND4res:
        args = p.COMPOUND4args(tag, self.minor if minor is None else minor, ops)
        return self.decode(self.raw_compound(encode(p.COMPOUND4args_xdr, args)))

    @staticmethod
    def decode(rep: RawReply) -> p.COMPOUND4res:
        assert (rep.reply_stat, rep.accept_stat) == (0, 0), rep
        r = XdrReader(memoryview(rep.body))
        res = p.COMPOUND4res_xdr.decode(r)
        assert r.remaining == 0
        return res  # type: ignore[no-any-return]

    def ok(self, ops: list[p.nfs_argop4], **kw: Any) -> list[Any]:
        """Run `ops`, assert every one succeeded; returns each op's result value."""
        res = self.compound(ops, **kw)
        assert res.status == p.NFS4_OK, (p.nfsstat4(res.status).name,
                                         [p.nfs_opnum4(r.tag).name for r in res.resarray])
        return [r.value for r in res.resarray]


#: attribute number -> its generated codec (FATTR4_SIZE -> fattr4_size_xdr).
ATTR_CODECS: dict[int, Any] = {
    v: getattr(p, f"fattr4_{k[7:].lower()}_xdr") for k, v in vars(p).items()
    if k.startswith("FATTR4_") and isinstance(v, int) and hasattr(p, f"fattr4_{k[7:].lower()}_xdr")
}


def decode_attrs(f: p.fattr4) -> dict[int, Any]:
    """fattr4 -> {attribute number: value}, decoded with the generated codecs (so the
    server's own packing is checked against the .x, not against itself)."""
    r = XdrReader(memoryview(bytes(f.attr_vals)))
    out = {a: ATTR_CODECS[a].decode(r) for a in attr_mask(f.attrmask)}
    assert r.remaining == 0, "attr_vals longer than its bitmap says"
    return out


def op_status(res: Any) -> int:
    """The status of one op's result: a union's tag, or a struct's first field."""
    fields = getattr(res, "_fields", None)
    return int(getattr(res, fields[0]) if fields else res.tag)


def compound_header(minor: int, count: int, tag: bytes = b"") -> bytes:
    """COMPOUND4args up to the first op, with any count (for hand-built bodies)."""
    pad = b"\0" * (-len(tag) % 4)
    return struct.pack(">I", len(tag)) + tag + pad + struct.pack(">II", minor, count)
