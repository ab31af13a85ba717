"""Shared pieces of the RPC clients (TCP and RDMA): call header, reply header, xid table.

Operation: a client builds the RPC call header (RFC 5531 §9 ``call_body``) with
:func:`encode_call_header`, registers the xid in a :class:`PendingCalls` table, sends, and when a
reply record arrives hands it to :meth:`PendingCalls.on_reply`, which decodes the reply header
(:func:`parse_reply_header`) and completes the waiting future with a :class:`Reply` or an
:class:`RpcError`.

These encoders are a minimal client-side counterpart of ``rpc``'s message codec, kept here so
the transports can be tested on their own; they only cover what a client sends and accepts.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import struct
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = [
    "AUTH_NONE",
    "AUTH_SYS",
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

# RFC 5531 §8 and §9 constants.
AUTH_NONE = 0
AUTH_SYS = 1
_CALL, _REPLY = 0, 1
_MSG_ACCEPTED, _MSG_DENIED = 0, 1
_SUCCESS = 0
_RPC_VERSION = 2
_U32 = struct.Struct(">I")
_CALL_HEAD = struct.Struct(">IIIIII")  # xid, CALL, rpcvers, prog, vers, proc
_ACCEPT_STAT_NAMES = {
    1: "PROG_UNAVAIL",
    2: "PROG_MISMATCH",
    3: "PROC_UNAVAIL",
    4: "GARBAGE_ARGS",
    5: "SYSTEM_ERR",
}


def _pad(n: int) -> int:
    return -n & 3


def _opaque(data: bytes) -> bytes:
    return _U32.pack(len(data)) + data + b"\0" * _pad(len(data))


@dataclass(frozen=True, slots=True)
class AuthSys:
    """AUTH_SYS credential (RFC 5531 appendix A)."""

    uid: int = 0
    gid: int = 0
    gids: tuple[int, ...] = ()
    machinename: bytes = b"nfsrdma-client"
    stamp: int = 0

    def encode_body(self) -> bytes:
        if len(self.gids) > 16 or len(self.machinename) > 255:
            raise ValueError("AUTH_SYS allows at most 16 gids and a 255-byte machine name")
        return b"".join(
            [
                _U32.pack(self.stamp),
                _opaque(self.machinename),
                struct.pack(
                    f">II I{len(self.gids)}I", self.uid, self.gid, len(self.gids), *self.gids
                ),
            ]
        )


def encode_call_header(xid: int, prog: int, vers: int, proc: int, cred: AuthSys | None) -> bytes:
    """The RPC call header up to the procedure arguments (verifier is AUTH_NONE)."""
    if cred is None:
        cred_bytes = _U32.pack(AUTH_NONE) + _U32.pack(0)
    else:
        cred_bytes = _U32.pack(AUTH_SYS) + _opaque(cred.encode_body())
    return (
        _CALL_HEAD.pack(xid, _CALL, _RPC_VERSION, prog, vers, proc)
        + cred_bytes
        + _U32.pack(AUTH_NONE)
        + _U32.pack(0)
    )


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
    """Decode ``reply_body`` up to the results (RFC 5531 §9).

    **Returns** (xid, offset of the results in ``view``).

    **Raises** :class:`RpcDenied`, :class:`RpcAcceptError`, or :class:`RpcError` for a
    malformed or truncated header.
    """
    try:
        xid, mtype, stat = struct.unpack_from(">III", view, 0)
        if mtype != _REPLY:
            raise RpcError(f"xid {xid:#x}: message type {mtype} is not REPLY")
        if stat == _MSG_DENIED:
            (reject,) = struct.unpack_from(">I", view, 12)
            n = (len(view) - 16) // 4
            raise RpcDenied(reject, struct.unpack_from(f">{min(n, 2)}I", view, 16))
        if stat != _MSG_ACCEPTED:
            raise RpcError(f"xid {xid:#x}: bad reply_stat {stat}")
        _flavor, vlen = struct.unpack_from(">II", view, 12)
        off = 20 + vlen + _pad(vlen)
        (accept,) = struct.unpack_from(">I", view, off)
        off += 4
        if accept != _SUCCESS:
            n = (len(view) - off) // 4
            raise RpcAcceptError(accept, struct.unpack_from(f">{min(n, 2)}I", view, off))
        if off > len(view):
            raise RpcError(f"xid {xid:#x}: truncated reply")
        return xid, off
    except struct.error as e:
        raise RpcError(f"truncated reply header: {e}") from None


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
