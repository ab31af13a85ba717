"""The rpc layer's error tree.

Two families, as h11 keeps them apart:

* `RpcProtocolError`: the peer broke the protocol.  Each subclass carries the reply it implies
  (like h11's ``error_status_hint``): ``reply_stat`` plus either ``accept_stat`` (MSG_ACCEPTED)
  or ``reject_stat`` (MSG_DENIED) and their data.  ``reply_stat is None`` means "no reply is
  possible": drop the message (or close the connection, for `MalformedHeader`).
* `RpcInternalError`: we misused our own API (a second payload in one message, a value that
  does not fit its XDR type).  Never translated into a reply hint: it is a bug.

`XdrError` is the codec's error.  It subclasses ``xdrlib3.ConversionError`` so callers used to
xdrlib3 catch it unchanged.  The dispatcher translates an `XdrError` while decoding arguments into
`GarbageArgs` at its single receive boundary.

`RpcCallError` and its subclasses are the client side: a call *we* made got no results
(denied, not executed, unreadable reply, timeout).  `rpc.client` raises them for every
transport.

`SystemErr` is neither: a handler raises it to answer SYSTEM_ERR on purpose (without the
traceback the dispatcher logs for an unexpected exception).
"""

from __future__ import annotations

import xdrlib3

# RFC 5531 section 9 constants the hints refer to (rpc.msg re-exports them as enums).
MSG_ACCEPTED = 0
MSG_DENIED = 1
PROG_UNAVAIL = 1
PROG_MISMATCH = 2
PROC_UNAVAIL = 3
GARBAGE_ARGS = 4
SYSTEM_ERR = 5
RPC_MISMATCH = 0
AUTH_ERROR = 1

__all__ = [
    "AuthError",
    "GarbageArgs",
    "MalformedHeader",
    "MalformedReply",
    "NotACall",
    "ProcUnavail",
    "ProgMismatch",
    "ProgUnavail",
    "RpcAcceptError",
    "RpcCallError",
    "RpcDenied",
    "RpcError",
    "RpcInternalError",
    "RpcMismatch",
    "RpcProtocolError",
    "RpcTimeout",
    "SystemErr",
    "XdrEncodeError",
    "XdrError",
]


class XdrError(xdrlib3.ConversionError):
    """Bytes do not decode as the XDR type (short, over a bound, bad enum/discriminant)."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.args = (msg,)


class XdrEncodeError(XdrError):
    """A value does not fit its XDR type on encode: our own misuse, not the peer's."""


class RpcInternalError(Exception):
    """We misused our own rpc API (bug in the caller, never caused by peer bytes)."""


class RpcError(Exception):
    """Base of every error that implies an RPC reply (or the absence of one)."""

    #: RFC 5531 reply_stat of the implied reply; None: send nothing.
    reply_stat: int | None = None
    #: accept_stat when reply_stat == MSG_ACCEPTED.
    accept_stat: int | None = None
    #: reject_stat when reply_stat == MSG_DENIED.
    reject_stat: int | None = None

    def __init__(self, msg: str = "", xid: int | None = None) -> None:
        super().__init__(msg or type(self).__name__)
        self.xid = xid


class RpcProtocolError(RpcError):
    """The peer broke the RPC protocol; the class says which reply that implies."""


class MalformedHeader(RpcProtocolError):
    """Not even an xid could be read: no reply possible, the transport closes the connection."""


class NotACall(RpcProtocolError):
    """The message is a REPLY (or an unknown msg_type) or its call header is truncated: drop it.

    Linux's svc_process drops these silently as well (``err_short_len`` / ``dropit``).
    """


class GarbageArgs(RpcProtocolError):
    reply_stat = MSG_ACCEPTED
    accept_stat = GARBAGE_ARGS


class ProgUnavail(RpcProtocolError):
    reply_stat = MSG_ACCEPTED
    accept_stat = PROG_UNAVAIL


class ProgMismatch(RpcProtocolError):
    """Program known, version not: the reply carries the lowest and highest versions we serve."""

    reply_stat = MSG_ACCEPTED
    accept_stat = PROG_MISMATCH

    def __init__(self, low: int, high: int, msg: str = "", xid: int | None = None) -> None:
        super().__init__(msg or f"PROG_MISMATCH {low}..{high}", xid)
        self.low = low
        self.high = high


class ProcUnavail(RpcProtocolError):
    reply_stat = MSG_ACCEPTED
    accept_stat = PROC_UNAVAIL


class SystemErr(RpcError):
    """Raised by a handler to answer SYSTEM_ERR deliberately (no traceback is logged)."""

    reply_stat = MSG_ACCEPTED
    accept_stat = SYSTEM_ERR


class AuthError(RpcProtocolError):
    """MSG_DENIED / AUTH_ERROR with an RFC 5531 auth_stat (e.g. AUTH_BADCRED=1, AUTH_TOOWEAK=5).

    Handlers may raise it too (the NFS layer does for an export's sec= policy).
    """

    reply_stat = MSG_DENIED
    reject_stat = AUTH_ERROR

    def __init__(self, stat: int, msg: str = "", xid: int | None = None) -> None:
        super().__init__(msg or f"AUTH_ERROR stat={stat}", xid)
        self.stat = stat


class RpcMismatch(RpcProtocolError):
    """rpcvers != 2: MSG_DENIED / RPC_MISMATCH with low = high = 2 (RFC 5531 section 9)."""

    reply_stat = MSG_DENIED
    reject_stat = RPC_MISMATCH

    def __init__(self, msg: str = "", xid: int | None = None, low: int = 2, high: int = 2) -> None:
        super().__init__(msg or "RPC_MISMATCH", xid)
        self.low = low
        self.high = high


# -- client side: a call we made returned no results ------------------------------------------
#
# The server-side classes above say which reply a peer's bad call implies; these say what a
# reply (or its absence) meant for a call of ours.  They imply no reply of their own
# (``reply_stat`` stays None at class level): a handler that lets one escape is answered
# SYSTEM_ERR like any unexpected exception.

_ACCEPT_STAT_NAMES = {
    PROG_UNAVAIL: "PROG_UNAVAIL",
    PROG_MISMATCH: "PROG_MISMATCH",
    PROC_UNAVAIL: "PROC_UNAVAIL",
    GARBAGE_ARGS: "GARBAGE_ARGS",
    SYSTEM_ERR: "SYSTEM_ERR",
}


class RpcCallError(RpcError):
    """A call we made did not return results (client side; the base of what follows)."""


class RpcDenied(RpcCallError):
    """MSG_DENIED: ``reject_stat`` 0 = RPC_MISMATCH (``detail`` = low, high), 1 = AUTH_ERROR
    (``detail`` = (auth_stat,))."""

    reject_stat: int

    def __init__(self, reject_stat: int, detail: tuple[int, ...], xid: int | None = None) -> None:
        super().__init__(f"call denied: reject_stat={reject_stat} {detail}", xid)
        self.reject_stat = reject_stat
        self.detail = detail


class RpcAcceptError(RpcCallError):
    """MSG_ACCEPTED with an accept_stat other than SUCCESS (PROG_MISMATCH: ``detail`` = low,
    high)."""

    accept_stat: int

    def __init__(
        self, accept_stat: int, detail: tuple[int, ...] = (), xid: int | None = None
    ) -> None:
        name = _ACCEPT_STAT_NAMES.get(accept_stat, str(accept_stat))
        super().__init__(f"call not executed: {name} {detail}", xid)
        self.accept_stat = accept_stat
        self.detail = detail


class MalformedReply(RpcCallError):
    """The reply to our call could not be decoded (or the transport refused the call)."""


class RpcTimeout(RpcCallError, TimeoutError):
    """No reply within the call's timeout."""
