"""Portmapper / rpcbind: our own server programs, and a client for the system rpcbind.

Operation
---------
*Server* (``--portmapper``). :class:`PortmapRegistry` is the in-memory registration table, keyed
like rpcbind's by (program, version, netid) and holding a universal address per entry. Three
program versions read and change it, all as program 100000 (RFC 1833):

- PMAP v2 (section 3): NULL, SET, UNSET, GETPORT, DUMP. Its ``prot`` field maps to the
  IPv4 netids ``tcp``/``udp``; its entries are stored as ``0.0.0.0.p1.p2``.
- rpcbind v3 (section 2): NULL, SET, UNSET, GETADDR, DUMP, GETTIME.
- rpcbind v4 (section 2): v3's procedures plus GETVERSADDR and GETADDRLIST. v4 GETADDR
  answers with any registered version of the program when the asked one is missing
  (rpcbind's ``RPCB_ALLVERS``); GETVERSADDR and v3 GETADDR want the exact version.

CALLIT/BCAST, INDIRECT, GETSTAT, UADDR2TADDR and TADDR2UADDR answer PROC_UNAVAIL: indirect calls
are an amplification vector and nothing we serve needs the others. SET and UNSET are taken only
from loopback callers, as rpcbind does without ``-i``; others get FALSE.

:func:`build_program` turns the procedure table (:data:`PROCEDURES`) into an ``rpc.dispatch``
Program for the Dispatcher; handlers only see ``(ctx, args)``.

*Client*. :func:`register_with_rpcbind` tells the system rpcbind where our programs listen
(MOUNT 100005 v1/v3 and NFS 100003 v3 by default), and :func:`unregister_from_rpcbind` removes
them at shutdown. Each (program, version) is first UNSET (clearing a stale registration of a
previous run), then SET with rpcbind v4 for the ``tcp`` and ``tcp6`` netids; if the peer does not
speak v4 (PROG_MISMATCH / PROG_UNAVAIL), PMAP v2 SET with IPPROTO_TCP is used instead. The
client tries rpcbind's local socket first (a stock rpcbind takes SET/UNSET over TCP only with
``-L``, but always over its AF_LOCAL socket), then TCP to 127.0.0.1:111. When nothing answers it
logs at info level and returns: running without rpcbind is normal for tests and containers.
Calls use ``rpc.msg``'s client-side header codec (AUTH_NONE) and a minimal record marking
(RFC 5531 section 11, one fragment per call) over an asyncio stream, one call at a time.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import struct
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from nfsrdma.gen import rpcb_prot as _g
from rpc.buffer import XdrReader, XdrWriter
from rpc.client import encode_call_header, parse_reply
from rpc.errors import MalformedReply, RpcAcceptError, RpcDenied, XdrError
from rpc.msg import AcceptStat
from rpc.xdr import Bool, String, UInt32, Void, XdrType

__all__ = [
    "DEFAULT_PROGRAMS",
    "PMAP_PROG",
    "PROCEDURES",
    "PortmapRegistry",
    "ProcSpec",
    "Registration",
    "RpcbindError",
    "RpcbindRegistrar",
    "build_program",
    "build_programs",
    "decode_uaddr",
    "encode_uaddr",
    "register_with_rpcbind",
    "unregister_from_rpcbind",
]

log = logging.getLogger(__name__)

PMAP_PROG = _g.PMAP_PROG
PMAP_PORT = _g.PMAP_PORT
IPPROTO_TCP = _g.IPPROTO_TCP
IPPROTO_UDP = _g.IPPROTO_UDP
MOUNT_PROG = 100005
NFS_PROG = 100003

#: What the server registers by default: MOUNT v1 and v3, NFS v3 (add (100003, 4) with v4).
DEFAULT_PROGRAMS: tuple[tuple[int, int], ...] = ((MOUNT_PROG, 1), (MOUNT_PROG, 3), (NFS_PROG, 3))

#: rpcbind's AF_LOCAL sockets (libtirpc's _PATH_RPCBINDSOCK, old and new locations).
RPCBIND_SOCKETS = ("/run/rpcbind.sock", "/var/run/rpcbind.sock")

_PROT_TO_NETID = {IPPROTO_TCP: "tcp", IPPROTO_UDP: "udp"}
_NETID_TO_PROT = {v: k for k, v in _PROT_TO_NETID.items()}
# netid -> (protofmly, proto, semantics) for GETADDRLIST (RFC 1833 rpcb_entry; NC_TPI_COTS_ORD=3,
# NC_TPI_CLTS=1). "rdma"/"rdma6" are RFC 8166 section 12's netids.
_NETID_INFO = {
    "tcp": ("inet", "tcp", 3),
    "tcp6": ("inet6", "tcp", 3),
    "udp": ("inet", "udp", 1),
    "udp6": ("inet6", "udp", 1),
    "rdma": ("inet", "rdma", 3),
    "rdma6": ("inet6", "rdma", 3),
}

# -- XDR (RFC 1833) ------------------------------------------------------------------------------
# Generated from xdr/rpcb_prot.x (nfsrdma.gen.rpcb_prot); the codecs under this module's names.

#: struct mapping { unsigned prog; unsigned vers; unsigned prot; unsigned port; }
Mapping = _g.mapping_xdr
#: struct pmaplist { mapping map; pmaplist *next; }: a list of mapping
PmapList = _g.pmaplist_ptr_xdr
#: struct rpcb { r_prog; r_vers; string r_netid<>; string r_addr<>; string r_owner<>; }
Rpcb = _g.rpcb_xdr
#: struct rp__list { rpcb rpcb_map; rp__list *rpcb_next; }: a list of rpcb
RpcbList = _g.rpcblist_ptr_xdr
#: struct rpcb_entry { r_maddr; r_nc_netid; r_nc_semantics; r_nc_protofmly; r_nc_proto }
RpcbEntry = _g.rpcb_entry_xdr
RpcbEntryList = _g.rpcb_entry_list_ptr_xdr
UAddr = String()


# -- universal addresses (RFC 5665 section 5.2.3.3/4) ------------------------------------------


def encode_uaddr(host: str, port: int) -> str:
    """``("10.0.0.1", 2049)`` -> ``"10.0.0.1.8.1"``; IPv6 hosts keep their colon form."""
    if not 0 <= port <= 0xFFFF:
        raise ValueError(f"port out of range: {port}")
    addr = ipaddress.ip_address(host)
    return f"{addr}.{port >> 8}.{port & 0xFF}"


def decode_uaddr(uaddr: str) -> tuple[str, int]:
    """``"10.0.0.1.8.1"`` -> ``("10.0.0.1", 2049)``.

    **Raises** ValueError for anything that is not an IPv4/IPv6 universal address.
    """
    host, sep1, rest = uaddr.rpartition(".")
    host, sep2, hi = host.rpartition(".")
    if not (sep1 and sep2 and hi.isdigit() and rest.isdigit()):
        raise ValueError(f"not a universal address: {uaddr!r}")
    p1, p2 = int(hi), int(rest)
    if p1 > 255 or p2 > 255:
        raise ValueError(f"not a universal address: {uaddr!r}")
    return str(ipaddress.ip_address(host)), (p1 << 8) | p2


# -- the registration table ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Registration:
    prog: int
    vers: int
    netid: str
    uaddr: str
    owner: str


class PortmapRegistry:
    """In-memory rpcbind table: at most one entry per (prog, vers, netid), in SET order."""

    def __init__(self) -> None:
        self._entries: dict[tuple[int, int, str], Registration] = {}

    def set(self, prog: int, vers: int, netid: str, uaddr: str, owner: str = "") -> bool:
        """Register; FALSE (as rpcbind) if (prog, vers, netid) is already registered.

        **Raises** ValueError for an empty netid or a malformed *uaddr*.
        """
        if not netid:
            raise ValueError("netid required")
        decode_uaddr(uaddr)
        key = (prog, vers, netid)
        if key in self._entries:
            return False
        self._entries[key] = Registration(prog, vers, netid, uaddr, owner)
        return True

    def unset(self, prog: int, vers: int, netid: str = "") -> bool:
        """Remove (prog, vers) for *netid*, or for every netid when it is empty."""
        keys = [k for k in self._entries if k[:2] == (prog, vers) and netid in ("", k[2])]
        for k in keys:
            del self._entries[k]
        return bool(keys)

    def lookup(self, prog: int, vers: int, netid: str, any_version: bool = False) -> str:
        """The universal address for (prog, vers, netid), or "" if none.

        With *any_version*, fall back to the newest other version of *prog* on *netid*.
        """
        reg = self._entries.get((prog, vers, netid))
        if reg is None and any_version:
            others = [r for r in self._entries.values() if r.prog == prog and r.netid == netid]
            reg = max(others, key=lambda r: r.vers, default=None)
        return reg.uaddr if reg is not None else ""

    def by_program(self, prog: int, vers: int) -> list[Registration]:
        return [r for r in self._entries.values() if (r.prog, r.vers) == (prog, vers)]

    def dump(self) -> list[Registration]:
        return list(self._entries.values())

    def register_local(
        self,
        programs: Iterable[tuple[int, int]],
        port: int,
        netids: Iterable[str] = ("tcp", "tcp6"),
        owner: str = "nfsrdma",
    ) -> None:
        """Register our own programs (and the caller's) on *port* for wildcard addresses."""
        for prog, vers in programs:
            for netid in netids:
                host = "::" if netid.endswith("6") else "0.0.0.0"
                self.unset(prog, vers, netid)
                self.set(prog, vers, netid, encode_uaddr(host, port), owner)


# -- server procedures ---------------------------------------------------------------------------

Handler = Callable[[Any, Any, PortmapRegistry], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class ProcSpec:
    """One procedure: name, XDR argument/result types, handler ``(ctx, args, registry)``."""

    name: str
    arg: XdrType
    res: XdrType
    handler: Handler


def _client_host(ctx: Any) -> str | None:
    """The caller's IP from a dispatcher CallContext (``client`` = (host, port)), if any."""
    for attr in ("client", "client_addr", "peer", "addr"):
        addr = getattr(ctx, attr, None)
        if isinstance(addr, tuple | list) and addr:
            return str(addr[0])
        if isinstance(addr, str):
            return addr
    return None


def _is_local(ctx: Any) -> bool:
    """True for loopback callers (and calls without an address: in-process / AF_LOCAL)."""
    host = _client_host(ctx)
    if host is None or host == "":
        return True
    try:
        addr = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_loopback


def _call_netid(ctx: Any) -> str:
    host = _client_host(ctx)
    try:
        v6 = host is not None and ipaddress.ip_address(host.split("%", 1)[0]).version == 6
    except ValueError:
        v6 = False
    return "tcp6" if v6 else "tcp"


def _s(b: bytes | str) -> str:
    return b.decode("ascii", "replace") if isinstance(b, bytes | bytearray) else b


async def _null(ctx: Any, args: Any, reg: PortmapRegistry) -> None:
    return None


async def _pmap_set(ctx: Any, m: Any, reg: PortmapRegistry) -> bool:
    netid = _PROT_TO_NETID.get(m.prot)
    if netid is None or not _is_local(ctx) or not 0 < m.port <= 0xFFFF:
        return False
    return reg.set(m.prog, m.vers, netid, encode_uaddr("0.0.0.0", m.port), "pmap")


async def _pmap_unset(ctx: Any, m: Any, reg: PortmapRegistry) -> bool:
    # RFC 1833 section 3.2: "The protocol and port number fields of the argument are ignored."
    if not _is_local(ctx):
        return False
    return reg.unset(m.prog, m.vers, "tcp") | reg.unset(m.prog, m.vers, "udp")


async def _pmap_getport(ctx: Any, m: Any, reg: PortmapRegistry) -> int:
    netid = _PROT_TO_NETID.get(m.prot)
    uaddr = reg.lookup(m.prog, m.vers, netid) if netid else ""
    return decode_uaddr(uaddr)[1] if uaddr else 0


async def _pmap_dump(ctx: Any, args: Any, reg: PortmapRegistry) -> list[Any]:
    out = []
    for r in reg.dump():
        prot = _NETID_TO_PROT.get(r.netid)
        if prot is not None:
            out.append(Mapping.cls(r.prog, r.vers, prot, decode_uaddr(r.uaddr)[1]))
    return out


async def _rpcb_set(ctx: Any, r: _g.rpcb, reg: PortmapRegistry) -> bool:
    if not _is_local(ctx):
        return False
    try:
        return reg.set(r.r_prog, r.r_vers, _s(r.r_netid), _s(r.r_addr), _s(r.r_owner))
    except ValueError:
        return False


async def _rpcb_unset(ctx: Any, r: _g.rpcb, reg: PortmapRegistry) -> bool:
    if not _is_local(ctx):
        return False
    return reg.unset(r.r_prog, r.r_vers, _s(r.r_netid))


def _merge(uaddr: str, ctx: Any) -> str:
    """rpcbind's mergeaddr: a program registered on a wildcard address is answered with the
    address the caller reached us at (a client connects to the address it is given: 0.0.0.0
    would be its own host)."""
    try:
        host, port = decode_uaddr(uaddr)
    except ValueError:
        return uaddr
    transport = getattr(getattr(ctx, "xprt", None), "transport", None)
    sock = transport.get_extra_info("sockname") if transport is not None else None
    if host not in ("0.0.0.0", "::") or not sock:
        return uaddr
    local = str(sock[0])
    if local.startswith("::ffff:") and "." in local:
        local = local[7:]
    if (":" in local) != (host == "::"):
        return uaddr  # reached over the other family: nothing to merge with
    return encode_uaddr(local, port)


def _getaddr(any_version: bool) -> Handler:
    async def getaddr(ctx: Any, r: _g.rpcb, reg: PortmapRegistry) -> bytes:
        # RFC 1833 section 2.2.1: an empty r_netid means the netid the call came in on.
        netid = _s(r.r_netid) or _call_netid(ctx)
        return _merge(reg.lookup(r.r_prog, r.r_vers, netid, any_version), ctx).encode()

    return getaddr


async def _rpcb_dump(ctx: Any, args: Any, reg: PortmapRegistry) -> list[Any]:
    return [
        Rpcb.cls(r.prog, r.vers, r.netid.encode(), r.uaddr.encode(), r.owner.encode())
        for r in reg.dump()
    ]


async def _rpcb_gettime(ctx: Any, args: Any, reg: PortmapRegistry) -> int:
    return int(time.time()) & 0xFFFFFFFF


async def _rpcb_getaddrlist(ctx: Any, r: _g.rpcb, reg: PortmapRegistry) -> list[_g.rpcb_entry]:
    out = []
    for e in reg.by_program(r.r_prog, r.r_vers):
        fam, proto, sem = _NETID_INFO.get(e.netid, ("", "", 0))
        out.append(
            RpcbEntry.cls(e.uaddr.encode(), e.netid.encode(), sem, fam.encode(), proto.encode())
        )
    return out


_PMAP2: dict[int, ProcSpec] = {
    0: ProcSpec("NULL", Void, Void, _null),
    1: ProcSpec("SET", Mapping, Bool, _pmap_set),
    2: ProcSpec("UNSET", Mapping, Bool, _pmap_unset),
    3: ProcSpec("GETPORT", Mapping, UInt32, _pmap_getport),
    4: ProcSpec("DUMP", Void, PmapList, _pmap_dump),
}
_RPCB3: dict[int, ProcSpec] = {
    0: ProcSpec("NULL", Void, Void, _null),
    1: ProcSpec("SET", Rpcb, Bool, _rpcb_set),
    2: ProcSpec("UNSET", Rpcb, Bool, _rpcb_unset),
    3: ProcSpec("GETADDR", Rpcb, UAddr, _getaddr(any_version=False)),
    4: ProcSpec("DUMP", Void, RpcbList, _rpcb_dump),
    6: ProcSpec("GETTIME", Void, UInt32, _rpcb_gettime),
}
_RPCB4: dict[int, ProcSpec] = {
    **_RPCB3,
    3: ProcSpec("GETADDR", Rpcb, UAddr, _getaddr(any_version=True)),
    9: ProcSpec("GETVERSADDR", Rpcb, UAddr, _getaddr(any_version=False)),
    11: ProcSpec("GETADDRLIST", Rpcb, RpcbEntryList, _rpcb_getaddrlist),
}

#: version -> procedure number -> spec, for program 100000. Procedures left out (CALLIT/BCAST,
#: UADDR2TADDR, TADDR2UADDR, INDIRECT, GETSTAT) get PROC_UNAVAIL from the Dispatcher.
PROCEDURES: dict[int, dict[int, ProcSpec]] = {2: _PMAP2, 3: _RPCB3, 4: _RPCB4}


def build_program(registry: PortmapRegistry) -> Any:
    """The portmapper as an ``rpc.dispatch.Program`` (versions 2-4) bound to *registry*.

    **Raises** ImportError if the rpc dispatcher is not available.
    """
    from rpc.dispatch import Procedure, Program, Version

    def bind(spec: ProcSpec) -> Callable[[Any, Any], Awaitable[Any]]:
        async def handler(ctx: Any, args: Any) -> Any:
            return await spec.handler(ctx, args, registry)

        handler.__name__ = f"rpcb_{spec.name.lower()}"
        return handler

    versions = [
        Version(
            vers,
            {
                # Every procedure is idempotent except SET/UNSET; none is worth a cache slot
                # (SET of an existing entry already answers FALSE, as a replay would).
                num: Procedure(spec.name, spec.arg, spec.res, bind(spec))
                for num, spec in procs.items()
            },
        )
        for vers, procs in sorted(PROCEDURES.items())
    ]
    return Program(PMAP_PROG, {v.vers: v for v in versions}, name="portmap")


def build_programs(registry: PortmapRegistry) -> list[Any]:
    """All programs of the portmapper for the Dispatcher (one Program, versions 2 to 4)."""
    return [build_program(registry)]


# -- client --------------------------------------------------------------------------------------

_U32 = struct.Struct(">I")
_LAST_FRAG = 0x80000000
#: Largest reply record accepted; a DUMP of a busy rpcbind is a few KiB.
_MAX_REPLY = 1 << 20
#: Seconds to wait for rpcbind: it answers locally in microseconds, or never.
_TIMEOUT = 5.0


class RpcbindError(Exception):
    """rpcbind answered with something other than SUCCESS; ``stat`` is the accept/reject stat."""

    def __init__(self, msg: str, accepted: bool, stat: int) -> None:
        super().__init__(msg)
        self.accepted = accepted
        self.stat = stat


class _RpcbindConn:
    """One stream to rpcbind: AUTH_NONE calls, one at a time (record marking, RFC 5531 s11)."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, timeout: float
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.timeout = timeout
        self.xid = int.from_bytes(os.urandom(4), "big")

    @classmethod
    async def open(
        cls, host: str, port: int, unix_paths: Sequence[str], timeout: float
    ) -> _RpcbindConn | None:
        for path in unix_paths:
            try:
                r, w = await asyncio.wait_for(asyncio.open_unix_connection(path), timeout)
            except (OSError, TimeoutError):
                continue
            return cls(r, w, timeout)
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        except (OSError, TimeoutError) as e:
            log.info("no rpcbind at %s:%d (%s); not registering", host, port, e)
            return None
        return cls(r, w, timeout)

    async def call(self, vers: int, proc: int, arg_type: XdrType, arg: Any, res: XdrType) -> Any:
        """One call to program 100000; returns the decoded result.

        **Raises** RpcbindError for a non-SUCCESS reply, ConnectionError / TimeoutError for
        transport trouble, XdrError for an undecodable reply.
        """
        self.xid = (self.xid + 1) & 0xFFFFFFFF
        w = XdrWriter()
        arg_type.encode(w, arg)
        msg = encode_call_header(self.xid, PMAP_PROG, vers, proc) + bytes(w.buf)  # AUTH_NONE
        self.writer.write(_U32.pack(_LAST_FRAG | len(msg)) + msg)
        await self.writer.drain()
        while True:
            record = await asyncio.wait_for(self._read_record(), self.timeout)
            if len(record) >= 4 and _U32.unpack_from(record)[0] == self.xid:
                break
        try:
            _, at = parse_reply(record)
        except RpcDenied as e:
            raise RpcbindError(f"rpcbind denied the call (reject_stat {e.reject_stat})", False,
                               e.reject_stat) from None
        except RpcAcceptError as e:
            raise RpcbindError(f"rpcbind answered accept_stat {e.accept_stat}", True,
                               e.accept_stat) from None
        except MalformedReply as e:
            raise XdrError(str(e)) from None
        r = XdrReader(record)
        r.pos = at
        value = res.decode(r)
        if r.remaining:
            raise XdrError(f"{r.remaining} trailing bytes in rpcbind reply")
        return value

    async def _read_record(self) -> bytes:
        parts: list[bytes] = []
        size = 0
        while True:
            (mark,) = _U32.unpack(await self.reader.readexactly(4))
            n = mark & ~_LAST_FRAG
            size += n
            if size > _MAX_REPLY:
                raise ConnectionError(f"rpcbind reply over {_MAX_REPLY} bytes")
            parts.append(await self.reader.readexactly(n))
            if mark & _LAST_FRAG:
                return b"".join(parts)

    async def close(self) -> None:
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except OSError:
            pass


def _needs_v2(err: RpcbindError) -> bool:
    return err.accepted and err.stat in (AcceptStat.PROG_UNAVAIL, AcceptStat.PROG_MISMATCH)


async def register_with_rpcbind(
    port: int,
    programs: Iterable[tuple[int, int]] = DEFAULT_PROGRAMS,
    host: str = "127.0.0.1",
    rpcbind_port: int = PMAP_PORT,
    unix_paths: Sequence[str] = RPCBIND_SOCKETS,
    netids: Sequence[str] = ("tcp", "tcp6"),
    owner: str = "nfsrdma",
    timeout: float = _TIMEOUT,
) -> bool:
    """Register *programs* as listening on TCP *port* (all addresses) with the system rpcbind.

    **Returns** True if every registration was accepted, False if rpcbind is absent (logged
    at info) or refused some (logged at warning).

    **Raises** nothing for rpcbind trouble; ValueError for a bad *port*.
    """
    if not 0 < port <= 0xFFFF:
        raise ValueError(f"bad port {port}")
    conn = await _RpcbindConn.open(host, rpcbind_port, unix_paths, timeout)
    if conn is None:
        return False
    ok = True
    use_v2 = False
    try:
        for prog, vers in programs:
            if not use_v2:
                try:
                    for netid in netids:
                        wild = "::" if netid.endswith("6") else "0.0.0.0"
                        arg = Rpcb.cls(prog, vers, netid.encode(), b"", owner.encode())
                        await conn.call(4, 2, Rpcb, arg, Bool)  # UNSET stale entries
                        arg.r_addr = encode_uaddr(wild, port).encode()
                        if not await conn.call(4, 1, Rpcb, arg, Bool):
                            log.warning("rpcbind refused SET %d v%d %s", prog, vers, netid)
                            ok = False
                    continue
                except RpcbindError as e:
                    if not _needs_v2(e):
                        raise
                    log.info("rpcbind does not speak v4 (%s); using portmap v2", e)
                    use_v2 = True
            m = Mapping.cls(prog, vers, IPPROTO_TCP, port)
            await conn.call(2, 2, Mapping, m, Bool)
            if not await conn.call(2, 1, Mapping, m, Bool):
                log.warning("portmapper refused SET %d v%d tcp", prog, vers)
                ok = False
    except (RpcbindError, XdrError, ConnectionError, EOFError, TimeoutError, OSError) as e:
        log.warning("registering with rpcbind failed: %s", e)
        ok = False
    finally:
        await conn.close()
    return ok


async def unregister_from_rpcbind(
    programs: Iterable[tuple[int, int]] = DEFAULT_PROGRAMS,
    host: str = "127.0.0.1",
    rpcbind_port: int = PMAP_PORT,
    unix_paths: Sequence[str] = RPCBIND_SOCKETS,
    owner: str = "nfsrdma",
    timeout: float = _TIMEOUT,
) -> bool:
    """Remove *programs* from the system rpcbind (every netid); best effort, never raises.

    **Returns** True if rpcbind confirmed every removal.
    """
    conn = await _RpcbindConn.open(host, rpcbind_port, unix_paths, timeout)
    if conn is None:
        return False
    ok = True
    try:
        for prog, vers in programs:
            try:
                arg = Rpcb.cls(prog, vers, b"", b"", owner.encode())
                ok &= bool(await conn.call(4, 2, Rpcb, arg, Bool))
            except RpcbindError as e:
                if not _needs_v2(e):
                    raise
                ok &= bool(await conn.call(2, 2, Mapping, Mapping.cls(prog, vers, 0, 0), Bool))
    except (RpcbindError, XdrError, ConnectionError, EOFError, TimeoutError, OSError) as e:
        log.info("unregistering from rpcbind failed: %s", e)
        ok = False
    finally:
        await conn.close()
    return ok


class RpcbindRegistrar:
    """Registers the server's programs with the system rpcbind and removes them at shutdown.

    Remembers what it registered, so :meth:`unregister_all` undoes exactly that.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = PMAP_PORT,
        unix_paths: Sequence[str] = RPCBIND_SOCKETS,
        netids: Sequence[str] = ("tcp", "tcp6"),
        timeout: float = _TIMEOUT,
    ) -> None:
        self.host = host
        self.port = port
        self.unix_paths = tuple(unix_paths)
        self.netids = tuple(netids)
        self.timeout = timeout
        self.registered: list[tuple[int, int]] = []

    async def register(self, port: int, programs: Iterable[tuple[int, int]]) -> bool:
        """Register *programs* on TCP *port*; see :func:`register_with_rpcbind`."""
        programs = list(programs)
        ok = await register_with_rpcbind(
            port, programs, self.host, self.port, self.unix_paths, self.netids,
            timeout=self.timeout,
        )  # fmt: skip
        if ok:
            self.registered.extend(p for p in programs if p not in self.registered)
        return ok

    async def register_server(
        self,
        nfs_port: int | None,
        mount_port: int | None,
        nfs_versions: Iterable[int] = (3,),
        mount_versions: Iterable[int] = (1, 3),
    ) -> bool:
        """Register NFS (100003) and MOUNT (100005) on their ports; None skips a program."""
        ok = True
        if nfs_port:
            ok &= await self.register(nfs_port, [(NFS_PROG, v) for v in nfs_versions])
        if mount_port:
            ok &= await self.register(mount_port, [(MOUNT_PROG, v) for v in mount_versions])
        return ok

    async def unregister_all(self) -> bool:
        """Remove everything :meth:`register` added (best effort, never raises)."""
        if not self.registered:
            return True
        ok = await unregister_from_rpcbind(
            self.registered, self.host, self.port, self.unix_paths, timeout=self.timeout
        )
        self.registered.clear()
        return ok
