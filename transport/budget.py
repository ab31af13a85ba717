"""Resource budgets for untrusted peers, shared by the TCP and RDMA transports (sans-I/O).

Operation
---------
One :class:`Budgets` per server holds the :class:`Limits` and one :class:`ClientBudget` per
client address. Every connection opens an :class:`Account` (``budgets.open(host)``) and
charges it with what the peer makes us hold:

* ``pages``: pool pages pinned by received records (partial, queued, in flight) and by
  replies not yet handed to the kernel (TCP) or not yet completed (RDMA);
* ``reply_bytes``: reply bytes outside the pool (heap head/tail) not yet sent;
* ``calls``: calls received and not yet answered and released;
* ``running``: those of them started (dispatched) and not yet released.

Charges go to the connection and to its address at once. Before it takes in more (reads a
record, starts a call, grants a credit) a transport asks :meth:`Account.admits`; when the
answer is no it stops (pauses reading, withholds credits) and registers a one-shot
:meth:`Account.wait` callback, run at the next release of the connection's address (the
connection's own release included). A call's reply size is not known when it starts, so the
transport reserves an estimate (:attr:`Account.est_pages` / :attr:`Account.est_bytes`, learnt
from the connection's recent replies, pessimistic for a new connection) and swaps it for the
real charge when the reply exists: a peer pipelining 1 MiB READs it never reads gets a handful
started, not its whole pipeline.

The global reserve: calls of all addresses together may pin at most ``total_pages`` (three
quarters of the pool by default) with their records and reply estimates, so however many hosts
flood, a quarter of the pool serves the small calls' records and the one call that an address
with none running may always start (the escape below): a quiet host's MNT, GETATTR or READ
is never behind the flood.

Escapes, so that nothing waits for a release that cannot come and a request larger than a
limit still passes alone: for taking in (``admits(...)``), a connection that holds nothing
passes its own limits and an address that holds no pages passes the address limit; for
starting a call (``admits(..., start=True)``), a connection with no call running passes its
own limits and an address with no call running the address limit (its queued records are
then all it holds, and only starting one can release them).

Turns on the loop: the server runs every call on one event loop, and most calls (a READDIRPLUS
of a cached directory, a GETATTR) run there from start to reply in one step: a call started
is a step queued behind every other started call. So how many calls are *busy* (started, reply
not yet built; :meth:`Account.settle` ends it) is capped, per address (``client_running``)
and in all (``total_running``): a quiet host's call is queued behind at most that many steps,
however many connections flood. An address with none busy may start one beyond the total, up
to ``running_reserve`` more (its GETATTR or MNT is not behind the flood's turns); addresses
refused a start take freed slots in round-robin order (:attr:`Budgets.turns`), an address
with none busy at the head of the round. Unsent replies do not count as busy (they cost
memory, budgeted above, not loop time): a peer that stops reading holds no turn.

Stalls: the transport calls :meth:`Account.progress` whenever bytes move (received, or
taken by the kernel/peer); :meth:`Account.stalled` says the peer held pages without progress
for ``stall_timeout`` seconds, and the transport then closes it, which returns everything.

No I/O, no loop: the clock is injected (monotonic seconds).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

__all__ = ["Account", "Budgets", "ClientBudget", "Limits"]

Clock = Callable[[], float]

# Estimate of a new connection's replies until it has sent some: a full 1 MiB READ (+ the
# record of its call) in pages, and a large READDIRPLUS in heap bytes. Pessimistic on purpose:
# the first burst of a peer we know nothing about is exactly what an attacker controls. But
# never more than a quarter of the connection's budget, so a new connection whose first call
# is slow (a MNT waiting for reverse DNS, a COMMIT) can still run a few more beside it; the
# first burst may then pin up to about twice the budget, once.
_NEW_CONN_EST_PAGES: Final = 257
_NEW_CONN_EST_BYTES: Final = 64 << 10


@dataclass(frozen=True, slots=True)
class Limits:
    """What one connection, and one client address, may make the server hold.

    ``conn_pages`` / ``client_pages``: pool pages; ``conn_reply_bytes``: unsent reply bytes
    outside the pool per connection; ``conn_calls``: calls outstanding per connection;
    ``stall_timeout``: seconds a peer may hold pages without progress before it is closed;
    ``total_pages``: pool pages all connections together may hold before only addresses with
    no call running may start one (None: no global cap); ``client_running`` /
    ``total_running``: calls busy at once (started, reply not built) per address and in all
    (None: no cap in all), ``running_reserve`` more for addresses with none busy.
    """

    conn_pages: int
    client_pages: int
    conn_reply_bytes: int = 256 << 10
    conn_calls: int = 64
    stall_timeout: float = 30.0
    total_pages: int | None = None
    client_running: int = 4
    total_running: int | None = 8
    running_reserve: int = 4

    @classmethod
    def for_pool(
        cls,
        npages: int,
        *,
        conn_pages: int | None = None,
        client_pages: int | None = None,
        conn_reply_bytes: int | None = None,
        conn_calls: int = 64,
        stall_timeout: float = 30.0,
        client_running: int = 4,
        total_running: int | None = 8,
    ) -> Limits:
        """Defaults scaled to a pool of ``npages`` pages: a connection may pin an eighth of
        it (at most 8 MiB of 4 KiB pages: ~7 pipelined 1 MiB READs, enough to keep a link
        busy), an address half of it, all of them together three quarters."""
        return cls(
            conn_pages=conn_pages if conn_pages is not None else max(1, min(2048, npages // 8)),
            client_pages=client_pages if client_pages is not None else max(1, npages // 2),
            conn_reply_bytes=conn_reply_bytes if conn_reply_bytes is not None else 256 << 10,
            conn_calls=conn_calls,
            stall_timeout=stall_timeout,
            total_pages=max(1, npages * 3 // 4),
            client_running=client_running,
            total_running=total_running,
        )


class ClientBudget:
    """What every connection from one address holds, and who waits for it to drop."""

    __slots__ = ("busy", "calls", "host", "nconns", "pages", "reply_bytes", "running",
                 "waiters")

    def __init__(self, host: str) -> None:
        self.host = host
        self.pages = 0
        self.reply_bytes = 0
        self.calls = 0
        self.running = 0
        self.busy = 0
        self.nconns = 0
        self.waiters: list[Callable[[], None]] = []


class Account:
    """One connection's charges; each charge is also its address's (see the module doc).

    Invariants: ``pages``, ``reply_bytes``, ``calls`` >= 0 and included in ``client``'s and
    in the ``Budgets`` totals; after :meth:`close` all three are 0 and stay so.
    """

    __slots__ = (
        "budgets",
        "busy",
        "calls",
        "client",
        "closed",
        "est_bytes",
        "est_pages",
        "last_progress",
        "pages",
        "reply_bytes",
        "running",
    )

    def __init__(self, budgets: Budgets, client: ClientBudget) -> None:
        self.budgets = budgets
        self.client = client
        self.pages = 0
        self.reply_bytes = 0
        self.calls = 0
        self.running = 0
        self.busy = 0
        lim = budgets.limits
        self.est_pages = min(_NEW_CONN_EST_PAGES, max(1, lim.conn_pages // 4))
        self.est_bytes = min(_NEW_CONN_EST_BYTES, max(1, lim.conn_reply_bytes // 4))
        self.last_progress = budgets.clock()
        self.closed = False

    @property
    def host(self) -> str:
        return self.client.host

    def admits(
        self, pages: int = 0, reply_bytes: int = 0, calls: int = 0, *, start: bool = False,
        reserve: int = 0,
    ) -> bool:
        """Would charging this much stay within the connection's and the address's limits?

        ``start``: the request is to start a call (its reply estimate). ``reserve``: pages of
        the address's budget that must stay free afterwards (a bulk record leaves room for
        the address's small calls, as the pool's bulk reserve does for everyone). Escapes:
        see the module doc.
        """
        lim = self.budgets.limits
        if self.closed:
            return False
        c = self.client
        conn_free = self.running == 0 if start else not (self.pages or self.reply_bytes)
        if not conn_free and (
            self.pages + pages > lim.conn_pages
            or self.reply_bytes + reply_bytes > lim.conn_reply_bytes
            or self.calls + calls > lim.conn_calls
        ):
            return False
        if start and not self.budgets.turn(c):
            return False
        client_free = c.running == 0 if start else c.pages == 0
        if client_free:
            return True
        if c.pages + pages + reserve > lim.client_pages:
            return False
        total = lim.total_pages
        return not start or total is None or self.budgets.pages + pages <= total

    def charge(
        self, pages: int = 0, reply_bytes: int = 0, calls: int = 0, running: int = 0
    ) -> None:
        """Add to the connection's (and its address's) holdings; never refuses (ask
        :meth:`admits` first). A closed account ignores charges (the caller releases)."""
        if self.closed:
            return
        self.pages += pages
        self.reply_bytes += reply_bytes
        self.calls += calls
        self.running += running
        c = self.client
        c.pages += pages
        c.reply_bytes += reply_bytes
        c.calls += calls
        c.running += running
        b = self.budgets
        b.pages += pages
        b.reply_bytes += reply_bytes
        if running:  # a call started is busy until settled
            self.busy += running
            c.busy += running
            b.busy += running

    def uncharge(
        self, pages: int = 0, reply_bytes: int = 0, calls: int = 0, running: int = 0,
        busy: int = 0,
    ) -> None:
        """Return a charge and run the address's waiters (they re-check :meth:`admits`).
        ``busy``: how many of the ``running`` calls released were never settled (they end
        without a reply): their slots on the loop free too.

        **Raises** ``ValueError`` when more is returned than was charged (a transport bug).
        """
        if self.closed:
            return
        if (pages > self.pages or reply_bytes > self.reply_bytes or calls > self.calls
                or running > self.running):
            raise ValueError(
                f"uncharge ({pages}, {reply_bytes}, {calls}, {running}) exceeds holdings "
                f"({self.pages}, {self.reply_bytes}, {self.calls}, {self.running})")
        self.pages -= pages
        self.reply_bytes -= reply_bytes
        self.calls -= calls
        self.running -= running
        c = self.client
        c.pages -= pages
        c.reply_bytes -= reply_bytes
        c.calls -= calls
        c.running -= running
        b = self.budgets
        b.pages -= pages
        b.reply_bytes -= reply_bytes
        busy = min(busy, self.busy)
        if busy:
            self._unbusy(busy)
        if c.waiters:
            self.budgets.wake(c)

    def wait(self, cb: Callable[[], None]) -> None:
        """Run ``cb()`` once, at the next release by any connection of this address."""
        if not self.closed:
            self.client.waiters.append(cb)

    def learn(self, pages: int, reply_bytes: int) -> None:
        """Fold one reply's real size into the estimates: the larger of the reply and half
        the old estimate (a change to big replies is believed at once, to small ones soon)."""
        self.est_pages = max(pages, self.est_pages // 2)
        self.est_bytes = max(reply_bytes, self.est_bytes // 2)

    def settle(self, est_pages: int, est_bytes: int, pages: int, reply_bytes: int) -> None:
        """Swap a call's reserved estimate for what its reply really holds (pinned until the
        peer has it), and learn that size for the next estimates: one step for both
        transports, waking the address's waiters only when the charge shrank."""
        self.learn(pages, reply_bytes)
        if self.busy:
            self._unbusy(1)
        dp, db = pages - est_pages, reply_bytes - est_bytes
        if dp > 0 or db > 0:
            self.charge(pages=max(dp, 0), reply_bytes=max(db, 0))
        if dp < 0 or db < 0:
            self.uncharge(pages=max(-dp, 0), reply_bytes=max(-db, 0))

    def _unbusy(self, n: int) -> None:
        self.busy -= n
        c = self.client
        c.busy -= n
        b = self.budgets
        b.busy -= n
        if b.turns:
            b.pass_turns()
        if c.waiters:
            b.wake(c)

    def progress(self, now: float | None = None) -> None:
        """The peer moved bytes (sent us some, or took some of ours): not stalled.
        ``now``: the caller's reading of the budgets' clock, when it has one."""
        self.last_progress = self.budgets.clock() if now is None else now

    def stalled(self, now: float | None = None) -> bool:
        """True when the connection holds pages or reply bytes and made no progress for
        ``stall_timeout`` seconds (the transport decides what holding means for it)."""
        if not (self.pages or self.reply_bytes):
            return False
        t = self.budgets.clock() if now is None else now
        return t - self.last_progress > self.budgets.limits.stall_timeout

    def close(self) -> None:
        """Return whatever is still charged (the transport released the memory) and leave
        the address; idempotent."""
        if self.closed:
            return
        self.uncharge(self.pages, self.reply_bytes, self.calls, self.running, self.busy)
        self.closed = True
        self.budgets.leave(self.client)


class Budgets:
    """The server's budgets: limits, every address's holdings, and totals (``pages``,
    ``reply_bytes``) for metrics and tests."""

    __slots__ = ("busy", "clients", "clock", "limits", "pages", "reply_bytes", "turns")

    def __init__(self, limits: Limits, clock: Clock = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.clients: dict[str, ClientBudget] = {}
        self.pages = 0
        self.reply_bytes = 0
        self.busy = 0
        #: Addresses refused a start for want of a slot, in round order (dict: ordered).
        self.turns: dict[str, ClientBudget] = {}

    def turn(self, c: ClientBudget) -> bool:
        """May address ``c`` start one more call now (the busy caps, module doc)? When
        not, it joins the round: :meth:`pass_turns` wakes it when a slot frees."""
        lim = self.limits
        total = lim.total_running
        turns = self.turns
        quiet = c.busy == 0 and c.calls <= 1  # this call is all it asks for
        if quiet and (total is None or self.busy < total + lim.running_reserve):
            turns.pop(c.host, None)
            return True
        if c.busy >= lim.client_running and (len(turns) > 1 or (turns and c.host not in turns)):
            turns.pop(c.host, None)  # others wait for a turn: its own next settle wakes it
            return False
        if total is None:
            return True
        # A slot free for this address: one the addresses ahead of it in the round do not
        # wait for (they keep their place until they start).
        free = total - self.busy
        if free > 0 and (c.host in itertools.islice(turns, free) if c.host in turns
                         else len(turns) < free):
            turns.pop(c.host, None)
            return True
        if c.host not in self.turns:
            if quiet and self.turns:  # nothing busy, nothing queued: the head of the round
                rest = self.turns
                self.turns = {c.host: c}
                self.turns.update(rest)
            else:
                self.turns[c.host] = c
        return False

    def pass_turns(self) -> None:
        """Slots are free: wake the addresses at the head of the round, one per free slot
        (at least one). Each keeps its place until it starts a call (:meth:`turn`) or has
        no call left waiting to start."""
        lim = self.limits
        total = lim.total_running
        free = 1 if total is None else max(1, total - self.busy)
        for host, c in list(self.turns.items()):
            if free <= 0:
                break
            if c.calls <= c.running or (c.busy >= lim.client_running and len(self.turns) > 1):
                # Nothing of it waits to start any more, or it has its share while others
                # wait: out of the round (its own next settle wakes it).
                del self.turns[host]
                continue
            free -= 1
            if c.waiters:
                self.wake(c)

    def open(self, host: str) -> Account:
        """A new connection from ``host`` (an address string, as the peer name gives it)."""
        c = self.clients.get(host)
        if c is None:
            c = self.clients[host] = ClientBudget(host)
        c.nconns += 1
        return Account(self, c)

    def leave(self, c: ClientBudget) -> None:
        c.nconns -= 1
        if c.nconns <= 0:
            self.wake(c)
            self.clients.pop(c.host, None)
            self.turns.pop(c.host, None)

    @staticmethod
    def wake(c: ClientBudget) -> None:
        waiters, c.waiters = c.waiters, []
        for cb in waiters:
            cb()
