"""Credit grants (RFC 8166 §3.3.1)."""

from __future__ import annotations

from typing import Final

__all__ = ["DEFAULT_MAX_CREDITS", "grant_credits"]

#: The Linux client asks for 128 (its default RDMA slot table, RPCRDMA_DEF_SLOT_TABLE). One
#: credit is one posted receive buffer of Limits.inline_size bytes: 128 x 4 KiB per connection.
DEFAULT_MAX_CREDITS: Final = 128


def grant_credits(requested: int, configured_max: int = DEFAULT_MAX_CREDITS) -> int:
    """Credits to grant in a reply: what the requester asked for, capped at our receive ring.

    RFC 8166 §3.3.1: the grant must never be zero, or the requester could not send again, so
    at least one credit is granted even when a peer asks for none.

    **Raises:** ``ValueError`` when ``configured_max`` is below 1 (our own misconfiguration).
    """
    if configured_max < 1:
        raise ValueError(f"configured_max {configured_max} must be at least 1")
    return max(1, min(requested, configured_max))
