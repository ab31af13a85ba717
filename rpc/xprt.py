"""One connection that carries RPC calls both ways: the `Xprt` interface and its call table.

Operation
---------
Every transport connection (TCP or RPC-over-RDMA, server side or client side) is an `Xprt`:
it sends replies to the calls it receives *and* sends calls of its own on the same
connection (the kernel's ``svc_xprt`` and ``rpc_xprt`` in one; NFSv4.1 callbacks ride the
client's own connection).  Each inbound message is sorted by its msg_type word
(`classify`) before anything else looks at it:

* CALL: the transport hands it to its dispatcher, as before;
* REPLY: `PendingCalls.process_reply` completes the pending call with that xid.  A REPLY no
  call of ours waits for (unknown or already answered xid), or one whose header does not
  decode, is dropped, its memory released and the drop counted through ``on_unexpected``
  (the server exports it as ``nfsrdma_rpc_unexpected_replies_total``).  It never reaches a
  program;
* anything shorter than two words, or another msg_type: `classify` says so and the
  transport treats it as a (broken) call, which the dispatcher drops.

`PendingCalls` is shared by every transport: its own xid space per connection (random
start, as the Linux client seeds ``xprt->xid``), one future per call, the per-call timeout
(`RpcTimeout`), and `fail_all` when the connection goes (every waiter gets the error; later
calls fail at once).
"""

from __future__ import annotations

import asyncio
import enum
import itertools
import os
import struct
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from rpc.auth import AuthSys
from rpc.client import Reply, encode_call_header, parse_reply
from rpc.errors import MalformedReply, RpcAcceptError, RpcDenied, RpcTimeout

__all__ = [
    "DEFAULT_TIMEOUT",
    "MsgKind",
    "PendingCalls",
    "Xprt",
    "classify",
]

_U32 = struct.Struct(">I")

#: Seconds a call waits for its reply unless told otherwise.  NFSv4.1 callbacks are short
#: (CB_SEQUENCE + CB_RECALL); the Linux server gives a callback about as long (its
#: ``rpc_timeout`` for the callback client is the lease time / 10, a few seconds).
DEFAULT_TIMEOUT = 30.0


class MsgKind(enum.IntEnum):
    """What an inbound message is, by its msg_type word (RFC 5531 section 9)."""

    CALL = 0
    REPLY = 1
    OTHER = 2


def classify(view: memoryview | bytes) -> MsgKind:
    """CALL or REPLY by the second word; OTHER for a short message or another msg_type."""
    if len(view) < 8:
        return MsgKind.OTHER
    mtype = _U32.unpack_from(view, 4)[0]
    if mtype == 0:
        return MsgKind.CALL
    if mtype == 1:
        return MsgKind.REPLY
    return MsgKind.OTHER


class Xprt(Protocol):
    """One connection, calls in both directions.

    ``name`` is "tcp" or "rdma" (the metrics label), ``peer`` the other end's address.
    `call` sends a call on this connection and returns its results (`Reply`: release it
    when done).  `on_close` runs ``cb(xprt)`` once when the connection goes away (at once if
    it already has).
    """

    @property
    def name(self) -> str: ...

    @property
    def peer(self) -> tuple[str, int]: ...

    @property
    def closed(self) -> bool: ...

    async def call(
        self,
        prog: int,
        vers: int,
        proc: int,
        args: bytes | bytearray | memoryview = b"",
        cred: AuthSys | None = None,
        *,
        timeout: float | None = None,
    ) -> Reply: ...

    def on_close(self, cb: Callable[[Any], None]) -> None: ...


SendCall = Callable[[int, Sequence[bytes | memoryview]], Awaitable[None]]


class PendingCalls:
    """xid allocation and the table of our calls waiting for their replies.

    Invariants: an xid is in ``_waiting`` from `new_call` until its reply, timeout or
    `fail_all`; once failed, the table stays closed (``_closed_exc``).
    """

    __slots__ = ("_closed_exc", "_waiting", "_xids", "on_unexpected", "unexpected")

    def __init__(self, on_unexpected: Callable[[str], None] | None = None) -> None:
        self._xids = itertools.count(int.from_bytes(os.urandom(4), "big"))
        self._waiting: dict[int, asyncio.Future[Reply]] = {}
        self._closed_exc: BaseException | None = None
        #: ``on_unexpected(reason)`` per dropped REPLY: "unknown_xid" or "malformed".
        self.on_unexpected = on_unexpected
        self.unexpected = 0

    def __len__(self) -> int:
        return len(self._waiting)

    def new_call(self) -> tuple[int, asyncio.Future[Reply]]:
        """A fresh xid and the future its reply completes.

        Raises: the connection's error once `fail_all` ran.
        """
        if self._closed_exc is not None:
            raise self._closed_exc
        while True:
            xid = next(self._xids) & 0xFFFF_FFFF
            if xid not in self._waiting:  # 2**32 calls later, a slow one may still wait
                break
        fut: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()
        self._waiting[xid] = fut
        return xid, fut

    def forget(self, xid: int) -> None:
        self._waiting.pop(xid, None)

    def _drop(self, reason: str, owner: Any) -> bool:
        if owner is not None:
            owner.release()
        self.unexpected += 1
        if self.on_unexpected is not None:
            self.on_unexpected(reason)
        return False

    def process_reply(self, view: memoryview, owner: Any = None) -> bool:
        """Complete the call ``view`` answers (ownership of ``owner`` passes on).

        Returns:
            True if a pending call took the reply; False if it was dropped (``owner``
            released, ``on_unexpected`` told why).
        """
        try:
            xid, off = parse_reply(view)
        except (RpcDenied, RpcAcceptError) as e:
            fut = self._waiting.pop(e.xid or 0, None)
            if fut is None or fut.done():
                return self._drop("unknown_xid", owner)
            if owner is not None:
                owner.release()
            fut.set_exception(e)
            return True
        except MalformedReply:
            return self._drop("malformed", owner)
        fut = self._waiting.pop(xid, None)
        if fut is None or fut.done():
            return self._drop("unknown_xid", owner)
        fut.set_result(Reply(xid, view[off:], owner))
        return True

    def fail_all(self, exc: BaseException) -> None:
        """Fail every pending call with ``exc``; later `new_call` raises it too."""
        if self._closed_exc is None:
            self._closed_exc = exc
        waiting, self._waiting = self._waiting, {}
        for fut in waiting.values():
            if not fut.done():
                fut.set_exception(exc)

    async def call(
        self,
        send: SendCall,
        prog: int,
        vers: int,
        proc: int,
        args: Sequence[bytes | memoryview],
        cred: AuthSys | None,
        timeout: float | None,
    ) -> Reply:
        """One call: header built, ``send(xid, [header, *args])`` awaited, reply awaited.

        Returns: the `Reply` (release it).

        Raises:
            RpcTimeout: no reply within ``timeout`` seconds (None: wait for ever).
            RpcDenied, RpcAcceptError: the peer answered without results.
            the connection's error: it closed before the reply.
        """
        xid, fut = self.new_call()
        try:
            await send(xid, [encode_call_header(xid, prog, vers, proc, cred), *args])
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            raise RpcTimeout(f"no reply to xid {xid:#x} ({prog}/{vers}/{proc})", xid) from None
        finally:
            self.forget(xid)

