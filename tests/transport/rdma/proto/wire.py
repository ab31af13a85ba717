"""Hand-assembly of RPC-over-RDMA words for tests: every header below is spelled out in XDR words."""

from __future__ import annotations

import struct

XID = 0x0BADCAFE
MSG, NOMSG, MSGP, DONE, ERROR = 0, 1, 2, 3, 4
PRESENT, ABSENT = 1, 0


def words(*ws: int) -> bytes:
    return struct.pack(f">{len(ws)}I", *ws)


def fixed(xid: int = XID, vers: int = 1, credits: int = 32, proc: int = MSG) -> tuple[int, ...]:
    return (xid, vers, credits, proc)


def seg(handle: int, length: int, offset: int = 0) -> tuple[int, ...]:
    return (handle, length, offset >> 32, offset & 0xFFFF_FFFF)


def rseg(position: int, handle: int, length: int, offset: int = 0) -> tuple[int, ...]:
    """One Read list entry, discriminator included."""
    return (PRESENT, position, *seg(handle, length, offset))


def wchunk(*segments: tuple[int, ...]) -> tuple[int, ...]:
    """One Write list entry (discriminator, count, segments)."""
    return (PRESENT, len(segments), *(w for s in segments for w in s))


def rpc(xid: int = XID, length: int = 40) -> bytes:
    """A stand-in inline RPC message: the XID, then zeros (``length`` is a multiple of 4)."""
    return words(xid) + bytes(length - 4)
