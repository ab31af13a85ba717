"""Shared pieces of the RPC clients (TCP and RDMA): call header, reply header, xid table.

Operation: a client builds the RPC call header (RFC 5531 §9 ``call_body``) with
:func:`encode_call_header`, registers the xid in a :class:`PendingCalls` table, sends, and when a
reply record arrives hands it to :meth:`PendingCalls.on_reply`, which decodes the reply header
(:func:`parse_reply_header`) and completes the waiting future with a :class:`Reply` or an
:class:`RpcError`.

The header codecs are ``rpc.msg``'s client side (``encode_call``, ``decode_reply``).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import struct
from dataclasses import dataclass, field
from typing import Any, Protocol

from rpc.auth import build_authsys_cred
from rpc.buffer import XdrReader, XdrWriter
from rpc.errors import XdrError
from rpc.msg import decode_reply, encode_call

__all__ = [
    "AuthSys",
    "PendingCalls",
    "Reply",
    "RpcAcceptError",
    "RpcDenied",
    "RpcError",
    "RpcTimeout",
    "encode_call_header",
    "parse_reply_header",
]

_U32 = struct.Struct(">I")
_ACCEPT_STAT_NAMES = {
    1: "PROG_UNAVAIL",
    2: "PROG_MISMATCH",
    3: "PROC_UNAVAIL",
    4: "GARBAGE_ARGS",
    5: "SYSTEM_ERR",
}


@dataclass(frozen=True, slots=True)
class AuthSys:
    """AUTH_SYS credential a client sends (RFC 5531 appendix A)."""

    uid: int = 0
    gid: int = 0
    gids: tuple[int, ...] = ()
    machinename: bytes = b"nfsrdma-client"
    stamp: int = 0

    def opaque_auth(self) -> Any:
        return build_authsys_cred(self.uid, self.gid, self.gids, self.machinename, self.stamp)


def encode_call_header(xid: int, prog: int, vers: int, proc: int, cred: AuthSys | None) -> bytes:
    """The RPC call header up to the procedure arguments (verifier AUTH_NONE), RFC 5531 §9."""
    w = XdrWriter()
    encode_call(w, xid, prog, vers, proc, cred.opaque_auth() if cred is not None else None)
    return bytes(w.buf)


class RpcError(Exception):
    """The server answered, but not with results (or the reply was unreadable)."""


class RpcDenied(RpcError):
    """MSG_DENIED: ``reject_stat`` 0 = RPC_MISMATCH (``low``/``high``), 1 = AUTH_ERROR."""

    def __init__(self, reject_stat: int, detail: tuple[int, ...]) -> None:
        super().__init__(f"call denied: reject_stat={reject_stat} {detail}")
        self.reject_stat = reject_stat
        self.detail = detail


class RpcAcceptError(RpcError):
    """MSG_ACCEPTED with an accept_stat other than SUCCESS (PROG_MISMATCH carries low/high)."""

    def __init__(self, accept_stat: int, detail: tuple[int, ...] = ()) -> None:
        name = _ACCEPT_STAT_NAMES.get(accept_stat, str(accept_stat))
        super().__init__(f"call not executed: {name} {detail}")
        self.accept_stat = accept_stat
        self.detail = detail


class RpcTimeout(RpcError, TimeoutError):
    """No reply within the call's timeout."""


class Releasable(Protocol):
    def release(self) -> None: ...


@dataclass(slots=True)
class Reply:
    """Results of a successful call: ``body`` (after the accepted-reply header) lives in
    memory held by ``owner`` until :meth:`release` (pool pages when the client has a pool)."""

    xid: int
    body: memoryview
    owner: Releasable | None = field(default=None, repr=False)

    def release(self) -> None:
        owner, self.owner = self.owner, None
        if owner is not None:
            owner.release()

    def tobytes(self) -> bytes:
        return bytes(self.body)


def parse_reply_header(view: memoryview) -> tuple[int, int]:
    """Decode ``reply_body`` up to the results (RFC 5531 §9) with ``rpc.msg``.

    **Returns** (xid, offset of the results in ``view``).

    **Raises** :class:`RpcDenied`, :class:`RpcAcceptError`, or :class:`RpcError` for a
    malformed or truncated header.
    """
    reader = XdrReader(view)
    try:
        reply = decode_reply(reader)
    except XdrError as e:
        raise RpcError(f"bad reply header: {e}") from None
    if reply.reply_stat != 0:
        assert reply.reject_stat is not None
        detail = reply.mismatch if reply.reject_stat == 0 else (reply.auth_stat or 0,)
        raise RpcDenied(reply.reject_stat, tuple(detail or ()))
    if reply.accept_stat != 0:
        assert reply.accept_stat is not None
        raise RpcAcceptError(reply.accept_stat, tuple(reply.mismatch or ()))
    return reply.xid, reader.pos


class PendingCalls:
    """xid allocation and the table of calls waiting for their reply."""

    __slots__ = ("_waiting", "_xids")

    def __init__(self) -> None:
        self._xids = itertools.count(int.from_bytes(os.urandom(4), "big") & 0x7FFF_FFFF)
        self._waiting: dict[int, asyncio.Future[Reply]] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    def new_call(self) -> tuple[int, asyncio.Future[Reply]]:
        xid = next(self._xids) & 0xFFFF_FFFF
        fut: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()
        self._waiting[xid] = fut
        return xid, fut

    def forget(self, xid: int) -> None:
        self._waiting.pop(xid, None)

    def on_reply(self, view: memoryview, owner: Any) -> bool:
        """Complete the call ``view`` answers; **returns** False (and releases) if none waits."""
        try:
            xid, off = parse_reply_header(view)
        except (RpcDenied, RpcAcceptError) as e:
            (xid,) = struct.unpack_from(">I", view, 0)
            fut = self._waiting.pop(xid, None)
            if owner is not None:
                owner.release()
            if fut is None or fut.done():
                return False
            fut.set_exception(e)
            return True
        except RpcError:
            if owner is not None:
                owner.release()
            return False
        fut = self._waiting.pop(xid, None)
        if fut is None or fut.done():
            if owner is not None:
                owner.release()
            return False
        fut.set_result(Reply(xid, view[off:], owner))
        return True

    def fail_all(self, exc: BaseException) -> None:
        waiting, self._waiting = self._waiting, {}
        for fut in waiting.values():
            if not fut.done():
                fut.set_exception(exc)
