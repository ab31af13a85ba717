"""The one RPC client codec: call headers out, reply headers in, the `rpc.errors` tree raised.

Operation
---------
A caller (any `rpc.xprt.Xprt`, the rpcbind registrar, the tests' raw client) builds the call
header with `encode_call_header` (RFC 5531 section 9 ``call_body``, AUTH_SYS or AUTH_NONE
credential, AUTH_NONE verifier) and appends its encoded arguments.  When the reply comes back,
`parse_reply` decodes the reply header and either returns where the results start or raises
what the reply meant: `RpcDenied` (MSG_DENIED), `RpcAcceptError` (accepted, not SUCCESS) or
`MalformedReply` (not a reply at all).  `Reply` is the results of a successful call, holding
the memory they live in (pool pages of the transport) until `release`.

Sans-I/O: nothing here sends, receives or waits.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Protocol

from rpc.auth import AuthSys
from rpc.buffer import XdrReader, XdrWriter
from rpc.errors import MalformedReply, RpcAcceptError, RpcDenied, XdrError
from rpc.msg import decode_reply, encode_call

__all__ = [
    "Reply",
    "encode_call_header",
    "parse_reply",
    "peek_xid",
]

_U32 = struct.Struct(">I")


class Releasable(Protocol):
    def release(self) -> None: ...


@dataclass(slots=True)
class Reply:
    """Results of a successful call: ``body`` (after the accepted-reply header) lives in
    memory held by ``owner`` until `release` (pool pages when the transport has a pool)."""

    xid: int
    body: memoryview
    owner: Releasable | None = field(default=None, repr=False)

    def release(self) -> None:
        owner, self.owner = self.owner, None
        if owner is not None:
            owner.release()

    def tobytes(self) -> bytes:
        return bytes(self.body)


def encode_call_header(
    xid: int, prog: int, vers: int, proc: int, cred: AuthSys | None = None
) -> bytes:
    """The call header up to the procedure arguments (RFC 5531 section 9).

    ``cred`` None sends AUTH_NONE; the verifier is always AUTH_NONE (section 14).
    """
    w = XdrWriter()
    encode_call(w, xid, prog, vers, proc, cred.opaque_auth() if cred is not None else None)
    return bytes(w.buf)


def peek_xid(view: memoryview | bytes) -> int | None:
    """The xid of a message, or None when it is shorter than one word."""
    if len(view) < 4:
        return None
    return int(_U32.unpack_from(view, 0)[0])


def parse_reply(view: memoryview | bytes) -> tuple[int, int]:
    """Decode a reply header up to the results.

    Returns:
        (xid, offset of the results in ``view``).

    Raises:
        RpcDenied: MSG_DENIED (RPC_MISMATCH with low/high, or AUTH_ERROR with its auth_stat).
        RpcAcceptError: accepted but not SUCCESS (PROG_MISMATCH carries low/high).
        MalformedReply: a CALL, a truncated or undecodable header.
    """
    reader = XdrReader(memoryview(view))
    try:
        reply = decode_reply(reader)
    except XdrError as e:
        raise MalformedReply(f"bad reply header: {e}", peek_xid(view)) from None
    if reply.reply_stat != 0:
        assert reply.reject_stat is not None
        detail = reply.mismatch if reply.reject_stat == 0 else (reply.auth_stat or 0,)
        raise RpcDenied(reply.reject_stat, tuple(detail or ()), reply.xid)
    if reply.accept_stat != 0:
        assert reply.accept_stat is not None
        raise RpcAcceptError(reply.accept_stat, tuple(reply.mismatch or ()), reply.xid)
    return reply.xid, reader.pos
