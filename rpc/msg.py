"""RFC 5531 RPC messages: the generated schema, plus hand-tuned fast paths.

Operation
---------
The full ``rpc_msg`` schema, generated from xdr/rpc_prot.x into rpc.gen.rpc_prot, is the source
of truth (RFC 5531 section 9) and is what the client side and the tests decode with.  The server's hot path does not build a UnionValue tree
per call: `decode_call_header` reads the six fixed words with one ``unpack_from`` and then the two
opaque_auth structures; `encode_accepted_reply` / `encode_rejected_reply` write the reply header
directly.  Tests check the fast paths against the schema byte for byte.

Departures from the RFC's declarations, each for decoding what a peer may legally send, are
generator options in rpc/xdrgen/targets.py: ``opaque_auth.flavor`` is an unsigned int, not the
``auth_flavor`` enum, so an unknown flavor decodes and can be answered with AUTH_ERROR instead
of being dropped as garbage.
"""

from __future__ import annotations

import struct
from typing import Any, NamedTuple

from rpc.buffer import XdrReader, XdrWriter
from rpc.errors import (
    AuthError,
    MalformedHeader,
    NotACall,
    RpcError,
    RpcMismatch,
    XdrError,
)
from rpc.gen import rpc_prot as _g
from rpc.xdr import UInt32

__all__ = [
    "MAX_AUTH_BYTES",
    "NULL_AUTH",
    "RPC_VERSION",
    "AcceptStat",
    "AuthFlavor",
    "AuthStat",
    "CallHeader",
    "MsgType",
    "RejectStat",
    "Reply",
    "ReplyStat",
    "accepted_reply",
    "authsys_parms",
    "call_body",
    "decode_call_header",
    "decode_reply",
    "encode_accepted_reply",
    "encode_call",
    "encode_error_reply",
    "encode_rejected_reply",
    "mismatch_info",
    "opaque_auth",
    "rejected_reply",
    "reply_body",
    "rpc_msg",
]

RPC_VERSION = _g.RPC_VERS
#: RFC 5531 section 8.2: "opaque body<400>".
MAX_AUTH_BYTES = _g.MAX_AUTH_BYTES

# The schema is generated from xdr/rpc_prot.x (rpc.gen.rpc_prot); these are its codecs under
# the names the rest of the tree uses.  Enum codecs give their members as attributes.
MsgType = _g.msg_type_xdr
ReplyStat = _g.reply_stat_xdr
AcceptStat = _g.accept_stat_xdr
RejectStat = _g.reject_stat_xdr
AuthStat = _g.auth_stat_xdr
AuthFlavor = _g.auth_flavor_xdr
opaque_auth = _g.opaque_auth_xdr
mismatch_info = _g.mismatch_info_xdr
call_body = _g.call_body_xdr
accepted_reply = _g.accepted_reply_xdr
rejected_reply = _g.rejected_reply_xdr
reply_body = _g.reply_body_xdr
rpc_msg = _g.rpc_msg_xdr
#: RFC 5531 appendix A: AUTH_SYS credential body.  machinename<255>, gids<16>.
authsys_parms = _g.authsys_parms_xdr

NULL_AUTH = _g.opaque_auth(0, b"")

_HDR6 = struct.Struct(">6I")
_U32 = struct.Struct(">I")
_ACCEPTED_NULL_VERF = struct.Struct(">IIIII")  # xid, REPLY, MSG_ACCEPTED, verf flavor, verf len


class CallHeader(NamedTuple):
    """A decoded call header; ``cred``/``verf`` are ``opaque_auth`` records."""

    xid: int
    rpcvers: int
    prog: int
    vers: int
    proc: int
    cred: _g.opaque_auth
    verf: _g.opaque_auth


def _read_auth(r: XdrReader, xid: int, bad: int) -> _g.opaque_auth:
    d, p = r.data, r.pos
    if len(d) - p < 8:
        raise AuthError(bad, "truncated opaque_auth", xid)
    flavor, n = struct.unpack_from(">II", d, p)
    end = p + 8 + ((n + 3) & ~3)
    if n > MAX_AUTH_BYTES or end > len(d):
        raise AuthError(bad, f"opaque_auth body of {n} bytes", xid)
    r.pos = end
    return _g.opaque_auth(flavor, d[p + 8 : p + 8 + n].tobytes())


def decode_call_header(reader: XdrReader) -> CallHeader:
    """Decode an RPC call header (RFC 5531 section 9) and leave ``reader`` at the arguments.

    Assumptions: ``reader`` is at the start of the message (the xid).

    Returns:
        The header; ``rpcvers`` is always 2 on return.

    Raises:
        MalformedHeader: fewer than 4 bytes, not even an xid: close the connection.
        NotACall: a REPLY, an unknown msg_type, or a call shorter than its 6 fixed words: drop
            (as Linux's svc_process does).
        RpcMismatch: rpcvers != 2 (reply RPC_MISMATCH 2..2).
        AuthError: AUTH_BADCRED for a malformed credential, AUTH_BADVERF for a malformed
            verifier (over 400 bytes or truncated).
    """
    d, p = reader.data, reader.pos
    if len(d) - p < 4:
        raise MalformedHeader("message shorter than an xid")
    if len(d) - p < 24:
        xid, mtype = _U32.unpack_from(d, p)[0], None
        if len(d) - p >= 8:
            mtype = _U32.unpack_from(d, p + 4)[0]
        if mtype == 0 and len(d) - p >= 12:
            rpcvers = _U32.unpack_from(d, p + 8)[0]
            if rpcvers != RPC_VERSION:
                raise RpcMismatch(f"rpcvers {rpcvers}", xid)
        raise NotACall("short call header" if mtype == 0 else f"msg_type {mtype}", xid)
    xid, mtype, rpcvers, prog, vers, proc = _HDR6.unpack_from(d, p)
    if mtype != 0:
        raise NotACall(f"msg_type {mtype}", xid)
    if rpcvers != RPC_VERSION:
        raise RpcMismatch(f"rpcvers {rpcvers}", xid)
    reader.pos = p + 24
    cred = _read_auth(reader, xid, 1)  # AUTH_BADCRED
    verf = _read_auth(reader, xid, 3)  # AUTH_BADVERF
    return CallHeader(xid, rpcvers, prog, vers, proc, cred, verf)


def encode_accepted_reply(
    writer: XdrWriter,
    xid: int,
    verf: Any = None,
    accept_stat: int = 0,
    mismatch: tuple[int, int] | None = None,
) -> None:
    """Write an accepted reply header; for SUCCESS the results follow in ``writer``.

    ``verf`` None means AUTH_NONE (all we ever send back for AUTH_NONE/AUTH_SYS calls).
    ``mismatch`` is (low, high) and required for PROG_MISMATCH.
    """
    b = writer.buf
    if verf is None or (verf.flavor == 0 and not verf.body):
        b += _ACCEPTED_NULL_VERF.pack(xid, 1, 0, 0, 0)
    else:
        b += struct.pack(">III", xid, 1, 0)
        opaque_auth.encode(writer, verf)
    b += _U32.pack(accept_stat)
    if accept_stat == 2:
        if mismatch is None:
            raise ValueError("PROG_MISMATCH needs (low, high)")
        b += struct.pack(">II", *mismatch)


def encode_rejected_reply(
    writer: XdrWriter,
    xid: int,
    reject_stat: int,
    auth_stat: int | None = None,
    mismatch: tuple[int, int] = (RPC_VERSION, RPC_VERSION),
) -> None:
    """Write a MSG_DENIED reply: RPC_MISMATCH (low..high, 2..2 by default) or AUTH_ERROR."""
    b = writer.buf
    b += struct.pack(">IIII", xid, 1, 1, reject_stat)
    if reject_stat == 0:
        b += struct.pack(">II", *mismatch)
    elif reject_stat == 1:
        if auth_stat is None:
            raise ValueError("AUTH_ERROR needs an auth_stat")
        b += _U32.pack(auth_stat)
    else:
        raise ValueError(f"bad reject_stat {reject_stat}")


def encode_error_reply(writer: XdrWriter, xid: int, err: RpcError) -> bool:
    """Translate an error's reply hint into a reply.  Returns False when no reply is implied."""
    if err.reply_stat == 0:
        mismatch = (err.low, err.high) if err.accept_stat == 2 else None  # type: ignore[attr-defined]
        encode_accepted_reply(writer, xid, None, err.accept_stat or 0, mismatch)
        return True
    if err.reply_stat == 1:
        if err.reject_stat == 0:
            encode_rejected_reply(writer, xid, 0, mismatch=(err.low, err.high))  # type: ignore[attr-defined]
        else:
            encode_rejected_reply(writer, xid, 1, err.stat)  # type: ignore[attr-defined]
        return True
    return False


# -- client side (test and bench clients) ---------------------------------------------------


def encode_call(
    writer: XdrWriter,
    xid: int,
    prog: int,
    vers: int,
    proc: int,
    cred: Any = None,
    verf: Any = None,
) -> None:
    """Write a call header; the arguments follow.  ``cred``/``verf``: opaque_auth or None."""
    writer.buf += _HDR6.pack(xid, 0, RPC_VERSION, prog, vers, proc)
    opaque_auth.encode(writer, cred if cred is not None else NULL_AUTH)
    opaque_auth.encode(writer, verf if verf is not None else NULL_AUTH)


class Reply(NamedTuple):
    """A decoded reply header (client side).  On SUCCESS the reader is at the results."""

    xid: int
    reply_stat: int
    accept_stat: int | None = None
    reject_stat: int | None = None
    verf: Any = None
    mismatch: tuple[int, int] | None = None
    auth_stat: int | None = None


def decode_reply(reader: XdrReader) -> Reply:
    """Decode a reply header with the schema.

    Raises:
        XdrError: not a well-formed reply (or a CALL).
    """
    xid = UInt32.decode(reader)
    mtype = MsgType.decode(reader)
    if mtype != MsgType.REPLY:
        raise XdrError("not a reply")
    body = reply_body.decode(reader)
    if body.tag == ReplyStat.MSG_ACCEPTED:
        areply = body.value
        data = areply.reply_data
        mm = (data.value.low, data.value.high) if data.tag == AcceptStat.PROG_MISMATCH else None
        return Reply(xid, 0, int(data.tag), None, areply.verf, mm)
    rej = body.value
    if rej.tag == RejectStat.RPC_MISMATCH:
        return Reply(xid, 1, None, 0, mismatch=(rej.value.low, rej.value.high))
    return Reply(xid, 1, None, 1, auth_stat=int(rej.value))
