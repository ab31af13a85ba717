"""RFC 8167 reverse-direction messages, sans-I/O: telling them apart, and their header.

Operation
---------
On one RPC-over-RDMA connection the server may send calls to the client (NFSv4.1
callbacks).  A reverse-direction message is always inline: RDMA_MSG with an empty Read list,
an empty Write list and no Reply chunk (RFC 8167 section 4.2: chunks are not used in the
reverse direction), and the RPC message follows the 7-word transport header at once.  Its
transport xid is the RPC xid (RFC 8166 section 4.2.1).

Each receiver sorts an inbound message *before* forward processing, as the kernel does:

* the client (`classify_at_requester`, after ``rpcrdma_is_bcall``): such a message whose
  RPC msg_type is CALL is a reverse-direction call; anything else is a reply to one of
  its forward calls;
* the server (`classify_at_responder`, after ``svc_rdma_is_reverse_direction_reply``): such
  a message whose RPC msg_type is not CALL is a reverse-direction reply; anything else goes
  to forward processing (where an RPC REPLY carrying chunk lists is dropped and counted).

Credits (RFC 8167 section 4.3): forward and reverse credits are counted apart.  In a
reverse-direction message the credit field is the reverse-direction credit: in a reply the
number of reverse calls the client can receive at once, in a call the number the server
wants.  Until the first reply, one call may be outstanding (the initial value of RFC 8166
section 3.3.1).
"""

from __future__ import annotations

import enum
import struct
from typing import Final

from transport.rdma.proto._const import RPCRDMA_VERSION, Proc

__all__ = [
    "INITIAL_REVERSE_CREDITS",
    "REVERSE_HEADER_SIZE",
    "Direction",
    "classify_at_requester",
    "classify_at_responder",
    "encode_reverse_header",
    "reverse_credits",
]

#: xid, vers, credits, proc, and three empty chunk-list words (RFC 8167 section 4.2).
REVERSE_HEADER_SIZE: Final = 28
#: Reverse calls a server may have outstanding before the client's first reverse reply.
INITIAL_REVERSE_CREDITS: Final = 1

_WORDS = struct.Struct(">9I")  # the 7 header words, then the RPC xid and msg_type
_RDMA_MSG: Final = int(Proc.RDMA_MSG)  # plain ints: this runs once per Receive
_NOT_REVERSE: Final = -1


class Direction(enum.Enum):
    FORWARD = "forward"  # a forward call (at the server) or a forward reply (at the client)
    REVERSE_CALL = "reverse_call"
    REVERSE_REPLY = "reverse_reply"


_FORWARD, _REVERSE_CALL, _REVERSE_REPLY = (
    Direction.FORWARD, Direction.REVERSE_CALL, Direction.REVERSE_REPLY)


def _reverse_msg_type(buf: memoryview | bytes) -> int:
    """The RPC msg_type of an inline RDMA_MSG with no chunks whose RPC xid is the transport
    xid; -1 for any other message."""
    if len(buf) < 36:  # _WORDS.size
        return _NOT_REVERSE
    xid, vers, _credits, proc, rl, wl, rc, rpc_xid, mtype = _WORDS.unpack_from(buf, 0)
    if proc != _RDMA_MSG or rl or wl or rc or rpc_xid != xid or vers != RPCRDMA_VERSION:
        return _NOT_REVERSE
    return int(mtype)


def classify_at_requester(buf: memoryview | bytes) -> Direction:
    """At the client: REVERSE_CALL or FORWARD (a reply to our call)."""
    return _REVERSE_CALL if _reverse_msg_type(buf) == 0 else _FORWARD


def classify_at_responder(buf: memoryview | bytes) -> Direction:
    """At the server: REVERSE_REPLY or FORWARD (a call, or garbage for forward checks)."""
    return _REVERSE_REPLY if _reverse_msg_type(buf) > 0 else _FORWARD


def reverse_credits(buf: memoryview | bytes) -> int:
    """The credit field of a message already classified as reverse-direction."""
    return int(struct.unpack_from(">I", buf, 8)[0])


def encode_reverse_header(xid: int, credits: int) -> bytes:
    """The transport header of a reverse-direction call or reply; the RPC message follows.

    **Raises:** ``struct.error`` when a field does not fit its XDR type.
    """
    return struct.pack(">7I", xid, RPCRDMA_VERSION, credits, Proc.RDMA_MSG, 0, 0, 0)
