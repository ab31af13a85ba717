"""Byte ranges of the lock manager: what a protocol's (offset, length) means (sans-I/O).

Rules:

- A range is a half-open span ``[start, end)`` of Python ints with ``0 <= start < end <= EOF``,
  where ``EOF = 2**64`` stands for "to the end of the file, however large it grows". A range
  that ends exactly at 2**64 and one "to end of file" are the same set of bytes, so they are
  one value here and compare equal.
- NFSv4 (RFC 8881 18.10.3-18.10.4, RFC 7530 16.10.4): length ``0xFFFFFFFFFFFFFFFF`` means to
  the end of the file; length 0 is NFS4ERR_INVAL; an offset + length that passes 2**64 is
  NFS4ERR_INVAL (the client has no way to name those bytes).
- NLM (the Open Group XNFS, NLM v4): length 0 means to the end of the file; a range that
  passes 2**64 is clamped to the end, as Linux lockd does for its OFFSET_MAX.
- Replies name a range back: NFSv4 with the all-ones length for "to end", NLM with 0.
"""

from __future__ import annotations

__all__ = [
    "EOF",
    "NFS4_TO_EOF",
    "RangeError",
    "length_nfs4",
    "length_nlm",
    "span_nfs4",
    "span_nlm",
]

#: One past the last byte a 64-bit offset can name: "to end of file".
EOF = 1 << 64

#: NFSv4's length for "to end of file" (RFC 8881 18.10.3).
NFS4_TO_EOF = EOF - 1


class RangeError(ValueError):
    """A (offset, length) that names no byte range: NFS4ERR_INVAL for NFSv4."""


def span_nfs4(offset: int, length: int) -> tuple[int, int]:
    """Turn an NFSv4 lock4 (offset, length) into ``(start, end)``.

    Assumptions: both are XDR-decoded uint64 values.
    Returns: the half-open span.
    Raises: RangeError for length 0 or an end past 2**64 (RFC 8881 18.10.4: NFS4ERR_INVAL).
    """
    if length == 0:
        raise RangeError("zero-length lock range")
    if length == NFS4_TO_EOF:
        return offset, EOF
    end = offset + length
    if end > EOF:
        raise RangeError("lock range passes 2**64")
    return offset, end


def span_nlm(offset: int, length: int) -> tuple[int, int]:
    """Turn an NLM (l_offset, l_len) into ``(start, end)``: length 0, or a range that passes
    2**64, runs to the end of the file (lockd's OFFSET_MAX clamp).

    Assumptions: both are XDR-decoded unsigned values (uint32 for NLM v1-3, uint64 for v4).
    Raises: RangeError for an offset of 2**64 or more (cannot come from XDR).
    """
    if offset >= EOF:
        raise RangeError("lock offset past 2**64")
    if length == 0:
        return offset, EOF
    return offset, min(offset + length, EOF)


def length_nfs4(start: int, end: int) -> int:
    """The NFSv4 length that names ``[start, end)`` back (all ones for "to end of file")."""
    return NFS4_TO_EOF if end == EOF else end - start


def length_nlm(start: int, end: int) -> int:
    """The NLM length that names ``[start, end)`` back (0 for "to end of file")."""
    return 0 if end == EOF else end - start
