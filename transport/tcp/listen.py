"""Listening sockets that accept every waiting connection at once (issue 12).

Why not ``loop.create_server``: uvloop's libuv (since libuv's "don't accept() connections in a
loop", 2022) accepts one connection per readiness of the listening socket, so one per loop
turn. A turn of a server under a flood of expensive calls lasts 50-100 ms, so a burst of
connections (a flooder opening 64) drains at 10-20 a second and a client connecting behind
it waited 1.2-2.1 s for its first reply, its connection made but not yet accepted (the
listening socket's queue held 59). Here each readiness accepts up to ``ACCEPT_BATCH``
connections and hands each to the loop's own transport (``connect_accepted_socket``), so a
new client waits for at most one turn behind a burst, whatever the turn costs.

Resource limits stay where they were: the server's connection cap (it closes the longest-idle
connection to make room, at ``connection_made``), the budgets per address. A failure of
``accept`` for want of file descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM) stops
accepting for ``ACCEPT_RETRY`` seconds, as asyncio's own server does, instead of spinning.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from collections.abc import Callable, Sequence
from typing import Any

from rpc.ratelog import RateLog

log = logging.getLogger(__name__)
ratelog = RateLog(log)

# Connections accepted per readiness of a listening socket: a burst of this many is taken in
# one loop turn (each costs an accept and a Task that makes its transport, ~50 us).
ACCEPT_BATCH = 128
# Seconds a listening socket rests after accept failed for want of fds or memory.
ACCEPT_RETRY = 1.0
_RESOURCE_ERRNOS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})


def bind_listeners(host: str | Sequence[str] | None, port: int,
                   backlog: int) -> list[socket.socket]:
    """Bound, listening, non-blocking sockets for ``host`` (an address, a list, or None for
    every interface, IPv4 and IPv6) on ``port``, with SO_REUSEADDR as asyncio's
    ``create_server`` sets them; port 0 binds the first to a free port and the others to
    the same one.

    **Raises** OSError when an address cannot be bound (the sockets bound so far are closed).
    """
    hosts: list[str | None] = (
        [None] if host is None else [host] if isinstance(host, str) else list(host))
    infos: list[tuple[int, int, tuple[Any, ...]]] = []  # (family, proto, address)
    for h in hosts:
        for fam, _, proto, _, addr in socket.getaddrinfo(
                h, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE):
            if (int(fam), proto, addr) not in infos:
                infos.append((int(fam), proto, addr))
    socks: list[socket.socket] = []
    try:
        for family, proto, addr in infos:
            try:
                s = socket.socket(family, socket.SOCK_STREAM, proto)
            except OSError:  # a family this host lacks (IPv6 off), as asyncio skips it
                log.debug("tcp: no socket of family %d for %r", family, addr)
                continue
            socks.append(s)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            if port == 0 and len(socks) > 1:  # every address on the port the first got
                addr = (addr[0], socks[0].getsockname()[1], *addr[2:])
            try:
                s.bind(addr)
            except OSError as e:
                raise OSError(e.errno, f"error while attempting to bind on address "
                                       f"{addr!r}: {e.strerror}") from None
            s.listen(backlog)
            s.setblocking(False)
    except BaseException:
        for s in socks:
            s.close()
        raise
    return socks


class Listener:
    """Accepts on ``socks`` in batches; each accepted connection becomes a transport of the
    running loop with a protocol from ``protocol_factory``."""

    __slots__ = ("_factory", "_loop", "_tasks", "closed", "socks")

    def __init__(self, loop: asyncio.AbstractEventLoop, socks: list[socket.socket],
                 protocol_factory: Callable[[], asyncio.BaseProtocol]) -> None:
        self._loop = loop
        self._factory = protocol_factory
        self.socks = socks
        self.closed = False
        # Transports being made (connect_accepted_socket awaits connection_made): kept so
        # none is garbage-collected mid-way, and close() can wait for them.
        self._tasks: set[asyncio.Task[None]] = set()
        for s in socks:
            loop.add_reader(s.fileno(), self._on_readable, s)

    def _on_readable(self, sock: socket.socket) -> None:
        for _ in range(ACCEPT_BATCH):
            try:
                conn, _addr = sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:
                if e.errno in _RESOURCE_ERRNOS:
                    ratelog.log(logging.ERROR, "tcp accept",
                                "tcp accept on %s: %s; not accepting for %.0f s",
                                sock.getsockname(), e, ACCEPT_RETRY)
                    self._loop.remove_reader(sock.fileno())
                    self._loop.call_later(ACCEPT_RETRY, self._resume, sock)
                    return
                # ECONNABORTED and the like: that peer went away before we took it.
                log.debug("tcp accept on %s: %s", sock.getsockname(), e)
                continue
            task = self._loop.create_task(self._serve(conn))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def _resume(self, sock: socket.socket) -> None:
        if not self.closed:
            self._loop.add_reader(sock.fileno(), self._on_readable, sock)

    async def _serve(self, conn: socket.socket) -> None:
        conn.setblocking(False)
        try:
            await self._loop.connect_accepted_socket(self._factory, conn)
        except OSError as e:  # the peer reset it before its transport was made
            log.debug("tcp: accepted connection lost before it was served: %s", e)
            conn.close()
        except Exception:
            log.exception("tcp: serving an accepted connection failed")
            conn.close()

    def close(self) -> None:
        """Stop accepting and close the listening sockets (connections already accepted
        stay: their server closes them)."""
        if self.closed:
            return
        self.closed = True
        for s in self.socks:
            self._loop.remove_reader(s.fileno())
            s.close()

    async def wait_closed(self) -> None:
        """Wait until the transports of connections accepted before close() are made."""
        if self._tasks:
            await asyncio.wait(set(self._tasks))
