"""Payload copy accounting.

Every place that copies payload bytes in Python calls ``COPIES.add(nbytes, where)``, so tests and
metrics can prove that the READ/WRITE paths copy nothing (``COPIES.total`` unchanged).
"""

from __future__ import annotations

__all__ = ["COPIES", "CopyCounter"]


class CopyCounter:
    """Bytes copied, in total and by call site (``where``)."""

    __slots__ = ("by_where", "total")

    def __init__(self) -> None:
        self.total = 0
        self.by_where: dict[str, int] = {}

    def add(self, nbytes: int, where: str) -> None:
        self.total += nbytes
        self.by_where[where] = self.by_where.get(where, 0) + nbytes

    def reset(self) -> None:
        self.total = 0
        self.by_where.clear()


COPIES = CopyCounter()
