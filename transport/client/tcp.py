"""RPC client over TCP: calls out, replies in, and the server's calls served on the same
connection (an NFSv4.1 client's backchannel).

Operation: :meth:`RpcTcpClient.connect` opens one connection (optionally from a reserved port,
as root). :meth:`RpcTcpClient.call` builds the call header (``rpc.client``), registers the xid
in the connection's ``rpc.xprt.PendingCalls`` and writes ``[record mark, header, args, payload
views, XDR pad, tail]`` with one ``writelines``; any number of calls may be outstanding on the
connection (pipelined). Records are received with the same
:class:`~transport.tcp.record.RecordParser` as the server uses: into a contiguous extent of the
client's page pool when it has one (READ data lands in pool pages), else into a bytearray.

Each record is sorted by its msg_type word first (``rpc.xprt.classify``): a REPLY completes its
pending call (an unknown xid or a malformed reply is dropped and counted); a CALL from the
server is answered by the ``callback`` dispatcher given to :meth:`connect` (without one it is
dropped, as a client with no backchannel does), in a task of its own so replies to our calls
keep flowing meanwhile.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from rpc.auth import AuthSys
from rpc.buffer import XdrReader
from rpc.client import Reply
from rpc.xprt import MsgKind, PendingCalls, Xprt, classify
from transport.tcp._base_protocol import FlowControlProtocol
from transport.tcp.record import (
    DEFAULT_MAX_RECORD,
    LOOKAHEAD,
    NEED_DATA,
    NeedExtent,
    Record,
    RecordError,
    RecordParser,
    encode_mark,
)

__all__ = ["RpcTcpClient"]

log = logging.getLogger("nfsrdma.transport.client")

_PAD = b"\0\0\0"
# Reserved ports tried for privileged_port=True, high to low, as the Linux client and
# bindresvport(3) do (RFC 1813 servers commonly insist on a port below 1024).
_RESVPORT_RANGE = range(1023, 664, -1)


class _ByteOwner:
    __slots__ = ()

    def release(self) -> None:
        pass


_BYTES_OWNER = _ByteOwner()


class _ClientProtocol(FlowControlProtocol):
    __slots__ = ("_callback", "_parser", "_pending", "_pool", "_tasks", "lost", "xprt")

    def __init__(self, pending: PendingCalls, pool: Any, max_record: int,
                 callback: Any = None) -> None:
        super().__init__()
        self.lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending = pending
        self._pool = pool
        self._parser = RecordParser(max_record)
        self._callback = callback
        self._tasks: set[asyncio.Task[None]] = set()
        self.xprt: RpcTcpClient | None = None  # set by RpcTcpClient

    def get_buffer(self, sizehint: int) -> memoryview:
        return self._parser.get_buffer()

    def buffer_updated(self, nbytes: int) -> None:
        parser = self._parser
        try:
            ev = parser.buffer_updated(nbytes)
            # One receive may end a record and start the next (the parser's lookahead).
            while ev is not NEED_DATA:
                if isinstance(ev, NeedExtent):
                    self._provide(ev.nbytes)
                elif isinstance(ev, Record):
                    self._on_record(ev)
                ev = parser.next_event()
        except RecordError as e:
            log.warning("rpc client: bad record: %s", e.reason)
            assert self.transport is not None
            self.transport.abort()

    def _on_record(self, rec: Record) -> None:
        kind = classify(rec.view)
        if kind is MsgKind.REPLY:
            self._pending.process_reply(rec.view, rec.owner)
        elif kind is MsgKind.CALL and self._callback is not None and self.xprt is not None:
            task = asyncio.get_running_loop().create_task(self._serve(rec))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        else:
            log.debug("rpc client: %s message dropped (no callback program)", kind.name)
            rec.owner.release()

    async def _serve(self, rec: Record) -> None:
        """Answer one call from the server with the callback dispatcher."""
        owner: Any = rec.owner
        try:
            assert self.xprt is not None
            reply = await self._callback.handle_call(
                XdrReader(rec.view, owner=owner), client=self.xprt.peer, transport="tcp",
                xprt=self.xprt)
            if reply is None:
                return
            try:
                # A callback reply is small: one joined record, so no view of pool pages
                # outlives this task in the transport's buffer.
                data = b"".join(bytes(v) for v in reply.wire_views())
            finally:
                reply.release()
            if self.transport is not None and not self._lost:
                self.transport.write(encode_mark(len(data)) + data)
        except Exception:
            log.exception("rpc client: callback call failed; closing the connection")
            if self.transport is not None:
                self.transport.abort()
        finally:
            owner.release()

    def _provide(self, nbytes: int) -> None:
        # A test client: no back-pressure on the pool, fall back to a private buffer.
        bvecs = self._pool.try_alloc(nbytes, contiguous=True) if self._pool is not None else None
        if bvecs is not None:
            off, n = bvecs.contiguous_extent()
            end = off + -(-n // self._pool.page_size) * self._pool.page_size  # the last page
            copied = self._parser.provide_extent(bvecs, self._pool.view[off:end])
        else:
            copied = self._parser.provide_extent(
                _BYTES_OWNER, memoryview(bytearray(nbytes + LOOKAHEAD)))
        if copied:
            from storage.copies import COPIES

            COPIES.add(copied, "tcp-client-multifragment")

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._parser.discard()
        self._pending.fail_all(ConnectionResetError(f"connection lost: {exc!r}"))
        for task in self._tasks:
            task.cancel()
        if not self.lost.done():
            self.lost.set_result(None)


class RpcTcpClient:
    """One pipelined RPC connection. Use :meth:`connect`; close with :meth:`close`."""

    """One pipelined RPC connection, an ``rpc.xprt.Xprt``: calls both ways. Use
    :meth:`connect`; close with :meth:`close`."""

    __slots__ = ("_pending", "_protocol", "_transport", "local", "name", "peer", "timeout")

    def __init__(
        self,
        transport: asyncio.Transport,
        protocol: _ClientProtocol,
        pending: PendingCalls,
        timeout: float | None,
    ) -> None:
        self._transport = transport
        self._protocol = protocol
        self._pending = pending
        self.timeout = timeout
        self.name = "tcp"
        self.local: tuple[str, int] = tuple(transport.get_extra_info("sockname")[:2])  # type: ignore[assignment]
        peer = transport.get_extra_info("peername")
        self.peer: tuple[str, int] = (str(peer[0]), int(peer[1])) if peer else ("", 0)
        protocol.xprt = self

    @property
    def closed(self) -> bool:
        return self._protocol.lost.done() or self._transport.is_closing()

    @property
    def unexpected_replies(self) -> int:
        """REPLYs dropped: no call of ours waited for their xid, or they did not decode."""
        return self._pending.unexpected

    def on_close(self, cb: Callable[[Any], None]) -> None:
        """Run ``cb(self)`` once the connection is lost (at once if it already is)."""
        self._protocol.lost.add_done_callback(lambda _f: cb(self))

    @classmethod
    async def connect(
        cls,
        host: str,
        port: int,
        pool: Any = None,
        privileged_port: bool = False,
        *,
        timeout: float | None = 30.0,
        max_record: int = DEFAULT_MAX_RECORD + (1 << 20),
        callback: Any = None,
        local_host: str | None = None,
    ) -> RpcTcpClient:
        """Connect to ``host:port``.

        **Assumptions:** ``pool`` (a ``storage.PagePool``) if given receives replies.
        ``privileged_port`` needs root (CAP_NET_BIND_SERVICE). ``callback`` (an
        ``rpc.dispatch.Dispatcher``) answers calls the server sends on this connection.
        ``local_host``: the source address to connect from (None: the route's).

        **Raises** ``OSError`` from connect; ``PermissionError`` / ``OSError(EADDRINUSE)``
        when no reserved port can be bound.
        """
        loop = asyncio.get_running_loop()
        pending = PendingCalls()
        sock = None
        if privileged_port:
            sock = await (cls._reserved_socket(host, port) if local_host is None
                          else cls._reserved_socket(host, port, local_host))

        def factory() -> _ClientProtocol:
            return _ClientProtocol(pending, pool, max_record, callback)

        if sock is not None:
            transport, protocol = await loop.create_connection(factory, sock=sock)
        else:
            local = (local_host, 0) if local_host is not None else None
            transport, protocol = await loop.create_connection(factory, host, port,
                                                               local_addr=local)
        # uvloop's TCPTransport does not subclass asyncio.Transport: cast, don't check.
        return cls(cast(asyncio.Transport, transport), protocol, pending, timeout)

    @staticmethod
    async def _reserved_socket(host: str, port: int,
                               local_host: str | None = None) -> socket.socket:
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, type_, proto, _, addr = infos[0]
        for local_port in _RESVPORT_RANGE:
            sock = socket.socket(family, type_, proto)
            try:
                wild = "::" if family == socket.AF_INET6 else "0.0.0.0"
                sock.bind((local_host or wild, local_port))
                sock.setblocking(False)
                await loop.sock_connect(sock, addr)
                return sock
            except OSError as e:
                sock.close()
                if e.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
                    raise
        raise OSError(errno.EADDRINUSE, "no free reserved port")

    @property
    def outstanding(self) -> int:
        return len(self._pending)

    async def call(
        self,
        prog: int,
        vers: int,
        proc: int,
        args: bytes | bytearray | memoryview | Any = b"",
        cred: AuthSys | None = None,
        *,
        payload: Sequence[memoryview] | Any = None,
        tail: bytes = b"",
        timeout: float | None = None,
    ) -> Reply:
        """Send one call and wait for its reply.

        ``args`` is the encoded arguments (bytes-like, or an object with ``wire_views()`` such
        as an RpcBuffer). ``payload`` (views, or a BvecList) is sent after ``args`` and
        followed by its XDR pad and ``tail`` -- the shape of a WRITE (RFC 1813 §3.3.7).

        **Assumptions:** payload memory stays valid until the call returns or fails.

        **Returns** the :class:`Reply`; call ``reply.release()`` when done with its body.

        **Raises** :class:`RpcTimeout`, :class:`RpcError` subclasses for non-SUCCESS replies,
        ``ConnectionResetError`` if the connection drops.
        """
        parts: list[bytes | memoryview] = []
        if hasattr(args, "wire_views"):
            parts.extend(args.wire_views())
        elif args:
            parts.append(memoryview(args))
        if payload is not None:
            views = payload.views() if hasattr(payload, "views") else list(payload)
            parts.extend(views)
            plen = sum(len(v) for v in views)
            if plen & 3:
                parts.append(_PAD[: -plen & 3])
        if tail:
            parts.append(tail)
        return await self._pending.call(self._send, prog, vers, proc, parts, cred,
                                        timeout if timeout is not None else self.timeout)

    async def _send(self, xid: int, parts: Sequence[bytes | memoryview]) -> None:
        nbytes = sum(len(p) for p in parts)
        await self._protocol.drain()
        self._transport.writelines([encode_mark(nbytes), *parts])

    async def call_bytes(
        self,
        prog: int,
        vers: int,
        proc: int,
        args: Any = b"",
        cred: AuthSys | None = None,
        **kw: Any,
    ) -> bytes:
        """Like :meth:`call` but returns the reply body as bytes (and releases the reply)."""
        reply = await self.call(prog, vers, proc, args, cred, **kw)
        try:
            return reply.tobytes()
        finally:
            reply.release()

    async def close(self) -> None:
        """Close and wait for ``connection_lost`` (pages of a partial reply come back)."""
        self._transport.close()
        await self._protocol.lost

    def abort(self) -> None:
        """Drop the connection at once (tests: a client that vanishes)."""
        self._transport.abort()

    async def __aenter__(self) -> RpcTcpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


if TYPE_CHECKING:  # an rpc.xprt.Xprt (checked by mypy, costs nothing at run time)

    def _is_xprt(c: RpcTcpClient) -> Xprt:
        return c
