"""grant_credits: min(asked, configured), never zero (RFC 8166 §3.3.1)."""

from __future__ import annotations

import pytest

from transport.rdma.proto import DEFAULT_MAX_CREDITS, grant_credits


@pytest.mark.parametrize(
    ("requested", "configured", "granted"),
    [
        (0, 128, 1),
        (1, 128, 1),
        (32, 128, 32),
        (128, 128, 128),
        (129, 128, 128),
        (0xFFFF_FFFF, 128, 128),
        (64, 16, 16),
        (0, 1, 1),
        (5, 1, 1),
    ],
)
def test_grant(requested: int, configured: int, granted: int) -> None:
    assert grant_credits(requested, configured) == granted


def test_default_cap() -> None:
    assert DEFAULT_MAX_CREDITS == 128
    assert grant_credits(1000) == 128


def test_bad_configuration() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        grant_credits(5, 0)
