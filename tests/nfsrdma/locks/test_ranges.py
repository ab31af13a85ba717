"""What each protocol's (offset, length) means: NFSv4 (RFC 8881 18.10.3-18.10.4) and NLM."""

from __future__ import annotations

import pytest

from nfsrdma.locks.ranges import (
    EOF,
    NFS4_TO_EOF,
    RangeError,
    length_nfs4,
    length_nlm,
    span_nfs4,
    span_nlm,
)

TOP = EOF - 1  # the last byte a 64-bit offset names


@pytest.mark.parametrize(
    ("offset", "length", "span"),
    [
        (0, 1, (0, 1)),
        (0, NFS4_TO_EOF, (0, EOF)),
        (10, NFS4_TO_EOF, (10, EOF)),
        (TOP, 1, (TOP, EOF)),  # the very last byte
        (TOP, NFS4_TO_EOF, (TOP, EOF)),
        (1 << 63, 1 << 63, (1 << 63, EOF)),  # ends exactly at 2**64: same bytes as to-EOF
        (5, 10, (5, 15)),
        (2, NFS4_TO_EOF - 1, (2, EOF)),  # ends at 2**64 without the all-ones length
    ],
)
def test_span_nfs4(offset: int, length: int, span: tuple[int, int]) -> None:
    assert span_nfs4(offset, length) == span


@pytest.mark.parametrize(
    ("offset", "length"),
    [(0, 0), (7, 0), (TOP, 2), (1 << 63, (1 << 63) + 1), (3, NFS4_TO_EOF - 1)],
)
def test_span_nfs4_invalid(offset: int, length: int) -> None:
    with pytest.raises(RangeError):
        span_nfs4(offset, length)


@pytest.mark.parametrize(
    ("offset", "length", "span"),
    [
        (0, 0, (0, EOF)),  # NLM's length 0 is "to end of file"
        (9, 0, (9, EOF)),
        (0, 1, (0, 1)),
        (TOP, 1, (TOP, EOF)),
        (TOP, 5, (TOP, EOF)),  # past 2**64: clamped, as lockd's OFFSET_MAX
        (1 << 63, TOP, (1 << 63, EOF)),
        (100, 0xFFFFFFFF, (100, 100 + 0xFFFFFFFF)),
    ],
)
def test_span_nlm(offset: int, length: int, span: tuple[int, int]) -> None:
    assert span_nlm(offset, length) == span


def test_span_nlm_offset_past_64_bits() -> None:
    with pytest.raises(RangeError):
        span_nlm(EOF, 1)


@pytest.mark.parametrize(
    ("start", "end", "v4", "nlm"),
    [(0, EOF, NFS4_TO_EOF, 0), (3, 8, 5, 5), (TOP, EOF, NFS4_TO_EOF, 0), (0, TOP, TOP, TOP)],
)
def test_lengths_back(start: int, end: int, v4: int, nlm: int) -> None:
    assert length_nfs4(start, end) == v4
    assert length_nlm(start, end) == nlm
