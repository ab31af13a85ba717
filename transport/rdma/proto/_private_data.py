"""RDMA-CM private data for RPC-over-RDMA Version 1 (RFC 8797).

Operation
---------
The connecting peer may put 8 bytes of private data in its CM connect request, and the
listener may answer with its own in the accept: a format identifier, a version, a flags byte
and the two inline thresholds, each as ``size // 1024 - 1`` in one byte (1 KiB to 256 KiB,
RFC 8797 §5.1). A peer that sends none, or anything we do not recognize, is treated as having
the RFC 8166 §3.3.2 default of 1024-byte inline thresholds and no remote invalidation.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final

__all__ = [
    "NO_PRIVATE_DATA",
    "PRIVATE_DATA_SIZE",
    "RPCRDMA_CMP_F_SND_W_INV_OK",
    "RPCRDMA_CMP_MAGIC",
    "RPCRDMA_CMP_VERSION",
    "PrivateData",
    "decode_private_data",
    "encode_private_data",
]

RPCRDMA_CMP_MAGIC: Final = 0xF6AB0E18
RPCRDMA_CMP_VERSION: Final = 1
#: Flags bit 0: the sender accepts Send With Invalidate (RFC 8797 §5.1).
RPCRDMA_CMP_F_SND_W_INV_OK: Final = 0x01
PRIVATE_DATA_SIZE: Final = 8

#: RFC 8166 §3.3.2: without an exchange, both inline thresholds are 1024 bytes.
_DEFAULT_INLINE: Final = 1024
_MAX_INLINE: Final = 256 * 1024

# magic, version, flags, send size, receive size (kernel struct rpcrdma_connect_private).
_FORMAT = struct.Struct(">IBBBB")


@dataclass(frozen=True, slots=True)
class PrivateData:
    """One side's advertisement: the largest message it sends (``inline_send_size``), the size
    of the receive buffers it posts (``inline_recv_size``), whether it accepts Send With
    Invalidate (``remote_invalidation``)."""

    version: int
    remote_invalidation: bool
    inline_send_size: int
    inline_recv_size: int


#: What a peer that sent no usable private data is taken to have said. Returned by identity,
#: so ``decode_private_data(b) is NO_PRIVATE_DATA`` tells "absent" from a real advertisement.
NO_PRIVATE_DATA: Final = PrivateData(RPCRDMA_CMP_VERSION, False, _DEFAULT_INLINE, _DEFAULT_INLINE)


def _encode_size(size: int) -> int:
    if size % 1024 or not _DEFAULT_INLINE <= size <= _MAX_INLINE:
        raise ValueError(f"inline size {size} is not a multiple of 1 KiB in 1..256 KiB")
    return size // 1024 - 1


def encode_private_data(
    inline_send_size: int,
    inline_recv_size: int,
    remote_invalidation: bool = False,
    version: int = RPCRDMA_CMP_VERSION,
) -> bytes:
    """Encode our 8-byte private data (RFC 8797 §5.1).

    **Raises:** ``ValueError`` for a size that is not a multiple of 1024 between 1 KiB and
    256 KiB, or a version outside one byte (our own misuse: the sizes come from our config).
    """
    if not 0 <= version <= 0xFF:
        raise ValueError(f"version {version} does not fit one byte")
    flags = RPCRDMA_CMP_F_SND_W_INV_OK if remote_invalidation else 0
    return _FORMAT.pack(
        RPCRDMA_CMP_MAGIC,
        version,
        flags,
        _encode_size(inline_send_size),
        _encode_size(inline_recv_size),
    )


def decode_private_data(data: bytes | bytearray | memoryview | None) -> PrivateData:
    """Decode a peer's private data.

    **Assumptions:** ``data`` may be longer than 8 bytes: InfiniBand CM pads private data
    with zeros, so only the first 8 bytes are read. Unknown flag bits are ignored.

    **Returns:** the peer's :class:`PrivateData`, or :data:`NO_PRIVATE_DATA` when ``data`` is
    absent, short, has another format identifier or a version other than 1 (RFC 8797 §5.1:
    such private data is ignored).
    """
    if data is None or len(data) < PRIVATE_DATA_SIZE:
        return NO_PRIVATE_DATA
    magic, version, flags, send, recv = _FORMAT.unpack_from(data, 0)
    if magic != RPCRDMA_CMP_MAGIC or version != RPCRDMA_CMP_VERSION:
        return NO_PRIVATE_DATA
    return PrivateData(
        version,
        bool(flags & RPCRDMA_CMP_F_SND_W_INV_OK),
        (send + 1) * 1024,
        (recv + 1) * 1024,
    )
