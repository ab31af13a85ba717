"""Client host names for wildcard export rules, looked up off the loop and cached.

Operation: a wildcard rule (``*.example.com``) needs the client's reverse DNS name.  Looking
it up (``gethostbyaddr`` plus the forward confirmation) can take seconds when a DNS server is
slow, so it never runs on the event loop and never inside an NFS call:

- `HostNames.lookup(addr)` never blocks.  It returns the cached name (or None: no name), or
  `PENDING` while nothing is known yet; a miss or an expired entry starts one lookup in a
  worker thread (first contact), and an expired entry keeps answering with its old value
  until the new one lands.
- `HostNames.resolve(addr)` awaits the name: MNT uses it, so a client's name is known by the
  time it sends NFS calls; only that MNT waits for DNS, the loop does not.

Lookups are deduplicated per address and bounded (`MAX_INFLIGHT` at once, `MAX_NAMES`
cached), so clients spraying source addresses cannot queue unbounded DNS work or memory.
`DnsResolver` holds the blocking lookups themselves (tests substitute a subclass).
"""

from __future__ import annotations

import asyncio
import collections
import enum
import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

__all__ = ["PENDING", "DnsResolver", "HostNames", "IPAddress", "Pending", "canonical"]

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Lookups running at once: DNS clients are slow, not busy; 8 covers a burst of mounts, and
# past it new addresses wait (PENDING) rather than queue threads without bound.
MAX_INFLIGHT = 8
# Names cached: one entry per client address seen with a wildcard rule in play (~100 bytes).
MAX_NAMES = 8192


class Pending(enum.Enum):
    """The name of an address is being looked up: no decision can use it yet."""

    PENDING = "pending"


PENDING = Pending.PENDING


def canonical(addr: IPAddress) -> IPAddress:
    """Map an IPv4-mapped IPv6 address (``::ffff:a.b.c.d``) to plain IPv4."""
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


class DnsResolver:
    """Blocking forward and reverse lookups, and the TTLs their answers are cached for.

    Forward lookups run once per hostname rule, when the exports are loaded.  Reverse lookups
    are forward-confirmed (the name must resolve back to the address) so a client cannot claim
    a name through its own PTR record; they run on `HostNames`' threads, never on the loop.
    Tests substitute a subclass overriding :meth:`lookup_forward` / :meth:`lookup_reverse`.
    """

    def __init__(
        self,
        ttl: float = 300.0,
        negative_ttl: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.ttl = ttl
        self.negative_ttl = negative_ttl
        self.clock = clock

    def lookup_forward(self, name: str) -> set[IPAddress]:
        """All addresses of *name*; empty when it does not resolve."""
        try:
            infos = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return set()
        out: set[IPAddress] = set()
        for info in infos:
            host = str(info[4][0]).split("%", 1)[0]
            try:
                out.add(canonical(ipaddress.ip_address(host)))
            except ValueError:
                continue
        return out

    def lookup_reverse(self, addr: IPAddress) -> str | None:
        """The PTR name of *addr*, or None."""
        try:
            return socket.gethostbyaddr(str(addr))[0]
        except (OSError, UnicodeError):
            return None

    def confirmed_reverse(self, addr: IPAddress) -> str | None:
        """Forward-confirmed reverse name of *addr* (lower case, no trailing dot), or None.

        Blocks (DNS): call it from a worker thread.
        """
        name = self.lookup_reverse(addr)
        if name is None:
            return None
        name = name.rstrip(".").lower()
        if addr not in self.lookup_forward(name):
            log.info("reverse name %s of %s is not forward-confirmed; ignoring", name, addr)
            return None
        return name


class HostNames:
    """Cached reverse names by client address; lookups run in threads, never on the loop."""

    __slots__ = ("_executor", "_inflight", "_names", "resolver")

    def __init__(self, resolver: DnsResolver) -> None:
        self.resolver = resolver
        # addr -> (expiry, name); an LRU so the bound drops the least recently seen clients.
        self._names: collections.OrderedDict[IPAddress, tuple[float, str | None]] = (
            collections.OrderedDict()
        )
        self._inflight: dict[IPAddress, asyncio.Future[str | None]] = {}
        self._executor: ThreadPoolExecutor | None = None

    def lookup(self, addr: IPAddress) -> str | Pending | None:
        """The known name of *addr* (None: it has none), or `PENDING`; never blocks.

        A miss or an expired entry starts a lookup when a loop is running (first contact);
        an expired entry answers with its old value meanwhile.
        """
        hit = self._names.get(addr)
        if hit is not None:
            self._names.move_to_end(addr)
            if hit[0] <= self.resolver.clock():
                self._start(addr)
            return hit[1]
        self._start(addr)  # lands through a callback: never before this call returns
        return PENDING

    async def resolve(self, addr: IPAddress) -> str | None:
        """The name of *addr*, waiting for its lookup when none is known (MNT)."""
        hit = self._names.get(addr)
        if hit is not None and hit[0] > self.resolver.clock():
            return hit[1]
        while True:
            fut = self._start(addr)
            if fut is not None:
                return await asyncio.shield(fut)
            # Every lookup slot is busy: wait for one to land, then try again.
            await asyncio.wait(list(self._inflight.values()),
                               return_when=asyncio.FIRST_COMPLETED)

    def _start(self, addr: IPAddress) -> asyncio.Future[str | None] | None:
        """The lookup of *addr* in flight (starting it if there is room), or None."""
        fut = self._inflight.get(addr)
        if fut is not None:
            return fut
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None  # no loop (a synchronous caller): nothing can run the lookup
        if len(self._inflight) >= MAX_INFLIGHT:
            return None  # busy: the caller sees PENDING and a later call retries
        if self._executor is None:
            self._executor = ThreadPoolExecutor(MAX_INFLIGHT, "nfsrdma-dns")
        fut = loop.run_in_executor(self._executor, self.resolver.confirmed_reverse, addr)
        self._inflight[addr] = fut
        fut.add_done_callback(lambda f: self._landed(addr, f))
        return fut

    def _landed(self, addr: IPAddress, fut: asyncio.Future[str | None]) -> None:
        self._inflight.pop(addr, None)
        if fut.cancelled():
            return
        exc = fut.exception()
        if exc is not None:
            log.error("reverse lookup of %s failed", addr, exc_info=exc)
            name = None
        else:
            name = fut.result()
        r = self.resolver
        self._names[addr] = (r.clock() + (r.ttl if name else r.negative_ttl), name)
        self._names.move_to_end(addr)
        while len(self._names) > MAX_NAMES:
            self._names.popitem(last=False)

    def close(self) -> None:
        ex, self._executor = self._executor, None
        if ex is not None:
            ex.shutdown(wait=False, cancel_futures=True)
