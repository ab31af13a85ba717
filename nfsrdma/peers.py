"""Calls from the server to a client's own RPC services (its lockd, its statd), found through
the client's rpcbind.

Operation: NLM answers a blocked lock later with an NLM_GRANTED call to the client's lock
manager, answers the ``_MSG`` procedures with ``_RES`` calls, and NSM tells every monitored
client of a restart with SM_NOTIFY to its status monitor.  None of those services has a fixed
port: `PeerCaller.call` asks the peer's portmapper (PMAP v2 GETPORT, RFC 1833 section 3.2, on
``rpcbind_port``, 111 in production) for the program's TCP port, connects (from the local
address the client reached us at, so the client recognises its server: Linux's lockd matches a
GRANTED by the caller's address; from a reserved port when we may, as knfsd's lockd does),
sends one call with the one RPC client (`transport.client.tcp`) and closes.  Callers decide
what a failure means and how often to retry (`PeerError` says what went wrong).
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import os
import socket
import struct

from rpc.auth import AuthSys
from rpc.errors import RpcCallError
from transport.client.tcp import RpcTcpClient

__all__ = ["PMAP_PORT", "PeerCaller", "PeerError", "is_loopback", "plain_host"]

log = logging.getLogger(__name__)

PMAP_PORT = 111
_PMAP_PROG, _PMAP_VERS, _PMAP_GETPORT, _IPPROTO_TCP = 100000, 2, 3, 6


def plain_host(host: str) -> str:
    """An IPv4-mapped IPv6 address as plain IPv4 (what a client calls us and itself)."""
    return host[7:] if host.startswith("::ffff:") and "." in host else host


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address) is a loopback address (a caller on this machine)."""
    try:
        return ipaddress.ip_address(plain_host(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class PeerError(Exception):
    """A call to a peer's service did not complete: no portmapper, the program is not
    registered, the connection failed or the call timed out or was refused."""


class PeerCaller:
    """Calls to services on client hosts (one connection per call: callbacks are rare).

    ``rpcbind_port``: where a peer's portmapper listens (111; tests point it at theirs).
    ``timeout``: seconds for each step (GETPORT, connect, the call itself).
    """

    __slots__ = ("cred", "rpcbind_port", "timeout")

    def __init__(self, rpcbind_port: int = PMAP_PORT, timeout: float = 5.0) -> None:
        self.rpcbind_port = rpcbind_port
        self.timeout = timeout
        self.cred = AuthSys(machinename=socket.gethostname().encode()[:255])

    async def port_of(self, host: str, prog: int, vers: int, local: str | None = None) -> int:
        """The TCP port of (prog, vers) on ``host`` from its portmapper.

        Raises: PeerError when the portmapper cannot be reached or the program is not
        registered there (port 0).
        """
        args = struct.pack(">IIII", prog, vers, _IPPROTO_TCP, 0)
        body = await self._call_at(host, self.rpcbind_port, _PMAP_PROG, _PMAP_VERS,
                                   _PMAP_GETPORT, args, local)
        if len(body) < 4:
            raise PeerError(f"{host}: short GETPORT reply")
        port = int.from_bytes(body[:4], "big")
        if not 0 < port <= 0xFFFF:
            raise PeerError(f"{host}: program {prog} v{vers} not registered")
        return port

    async def call(self, host: str, prog: int, vers: int, proc: int, args: bytes,
                   local: str | None = None) -> bytes:
        """One call to (prog, vers, proc) on ``host``; returns the results' bytes.

        ``local``: the source address to call from (the address the client used to reach
        us), or None for the route's default.
        Raises: PeerError (see the class).
        """
        port = await self.port_of(host, prog, vers, local)
        return await self._call_at(host, port, prog, vers, proc, args, local)

    async def _call_at(self, host: str, port: int, prog: int, vers: int, proc: int,
                       args: bytes, local: str | None) -> bytes:
        try:
            client = await asyncio.wait_for(self._connect(host, port, local), self.timeout)
        except (OSError, TimeoutError) as e:
            raise PeerError(f"{host}:{port}: cannot connect: {e!r}") from None
        try:
            return await client.call_bytes(prog, vers, proc, args, self.cred,
                                           timeout=self.timeout)
        except (RpcCallError, ConnectionError, TimeoutError) as e:
            raise PeerError(f"{host}:{port}: program {prog} v{vers} proc {proc}: {e!r}") from None
        finally:
            client.abort()

    async def _connect(self, host: str, port: int, local: str | None) -> RpcTcpClient:
        # knfsd's lockd calls back from a reserved port (the peer may insist); fall back to
        # any port when we may not bind one.
        if os.geteuid() == 0:
            try:
                return await RpcTcpClient.connect(host, port, privileged_port=True,
                                                  local_host=local, timeout=self.timeout)
            except OSError as e:
                if not isinstance(e, PermissionError) and e.errno not in (
                        errno.EADDRINUSE, errno.EADDRNOTAVAIL):
                    raise
                log.debug("callback to %s:%d from a reserved port failed (%s)", host, port, e)
        return await RpcTcpClient.connect(host, port, local_host=local, timeout=self.timeout)
