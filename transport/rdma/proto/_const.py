"""RPC-over-RDMA Version 1 wire constants (RFC 8166 §4.1.2, RFC 8797 §5.1)."""

from __future__ import annotations

import enum
from typing import Final

__all__ = [
    "FIXED_HEADER_SIZE",
    "READ_SEGMENT_SIZE",
    "RPCRDMA_VERSION",
    "SEGMENT_SIZE",
    "XDR_UNIT",
    "ErrorCode",
    "Proc",
    "xdr_align",
    "xdr_pad",
]

#: The only rdma_vers this module speaks (RFC 8166 §4.2.2).
RPCRDMA_VERSION: Final = 1

#: Bytes in one XDR unit; positions and roundup are counted in these (RFC 4506 §3).
XDR_UNIT: Final = 4

#: xid, vers, credits, proc: four XDR words common to every message (RFC 8166 §4.2).
FIXED_HEADER_SIZE: Final = 16

#: struct rdma_segment: handle, length, offset (uint64) = 4 words (RFC 8166 §4.1.2).
SEGMENT_SIZE: Final = 16

#: struct read_segment: position + rdma_segment = 5 words (kernel rpcrdma_readseg_maxsz).
READ_SEGMENT_SIZE: Final = 20


class Proc(enum.IntEnum):
    """rdma_proc (RFC 8166 §4.2.4). MSGP and DONE are retired (RFC 8166 §4.6)."""

    RDMA_MSG = 0
    RDMA_NOMSG = 1
    RDMA_MSGP = 2
    RDMA_DONE = 3
    RDMA_ERROR = 4


class ErrorCode(enum.IntEnum):
    """rpc_rdma_errcode carried by an RDMA_ERROR message (RFC 8166 §4.5)."""

    ERR_VERS = 1
    ERR_CHUNK = 2


def xdr_align(n: int) -> int:
    """Round ``n`` up to a whole number of XDR units (the kernel's ``xdr_align_size``)."""
    return (n + XDR_UNIT - 1) & ~(XDR_UNIT - 1)


def xdr_pad(n: int) -> int:
    """Bytes of XDR roundup that follow an ``n``-byte opaque (the kernel's ``xdr_pad_size``)."""
    return xdr_align(n) - n
