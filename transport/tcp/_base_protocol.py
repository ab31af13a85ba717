"""Write-side flow control shared by the TCP server and client protocols.

Operation: the transport calls ``pause_writing`` when its write buffer rises above the high-water
mark and ``resume_writing`` when it falls back to the low-water mark. A writer that wants to
wait for the buffer to empty awaits :meth:`FlowControlProtocol.drain`; every waiter shares the
one drain future. ``connection_lost`` wakes them with ``ConnectionResetError`` (or the
transport's error) so no writer waits on a dead connection.
"""

from __future__ import annotations

import asyncio
from typing import cast

__all__ = ["FlowControlProtocol"]


class FlowControlProtocol(asyncio.BufferedProtocol):
    """A paused flag, one drain future, and a lost flag; subclasses call ``super()`` hooks."""

    __slots__ = ("_drain_waiter", "_lost", "_lost_exc", "_paused", "transport")

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._paused = False
        self._lost = False
        self._lost_exc: BaseException | None = None
        self._drain_waiter: asyncio.Future[None] | None = None

    @property
    def writing_paused(self) -> bool:
        return self._paused

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # cast, not isinstance: uvloop's TCPTransport does not subclass asyncio.Transport.
        self.transport = cast(asyncio.Transport, transport)

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        waiter, self._drain_waiter = self._drain_waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        self._lost_exc = exc
        self._paused = False
        waiter, self._drain_waiter = self._drain_waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(self._lost_error())

    def _lost_error(self) -> BaseException:
        err = ConnectionResetError("connection lost")
        err.__cause__ = self._lost_exc
        return err

    async def drain(self) -> None:
        """Wait until the transport resumes writing.

        **Raises** ``ConnectionResetError`` if the connection is (or gets) lost.
        """
        if self._lost:
            raise self._lost_error()
        if not self._paused:
            return
        waiter = self._drain_waiter
        if waiter is None:
            waiter = self._drain_waiter = asyncio.get_running_loop().create_future()
        # shield: one waiter being cancelled must not cancel the future the others share.
        await asyncio.shield(waiter)
