"""The grace period shared by the gateways of one cluster (sans-I/O; docs/cephfs-gateways.md).

One shared object holds the cluster's grace state (`Shared`): the current epoch C, the
recovery epoch R (0: no grace in force) and one `Member` per gateway (node).  Each gateway
runs a `ClusterNode` over the last state it read; the edge (cluster.rados) reads the object,
feeds it in (`process_shared`), writes what `plan` asks with a compare-and-swap on the
object's sequence number, and feeds the result back.  Nothing here sleeps or does I/O; the
clock is injected and is *wall* time (heartbeat and grace deadlines are compared across
gateways, so their clocks must agree to well under `lease`, as NTP gives).

Rules (one table; `plan` applies the first that fits, one change per write):

1. start: a node that has not yet announced itself this run starts a grace period: if R == 0,
   R := C and C := C + 1 (the records of epoch R become reclaimable); if R != 0 it joins
   the grace in force (no second epoch).  Its member gets NEED (the grace must wait for its
   clients) with ``need_until = now + grace_time``, ENFORCING, and a fresh heartbeat.
2. heartbeat: a node renews ``alive_until = now + lease`` when half its lease is gone.
3. enforce: while R != 0 every live node sets its ENFORCING flag (it refuses non-reclaim
   OPEN/LOCK); a node only accepts *reclaims* once every live member enforces, so no gateway
   that has not yet seen the grace can grant a conflicting lock meanwhile.  While R == 0 a
   node clears its ENFORCING.
4. takeover: a member whose heartbeat ran out (dead, not restarted) is taken over by any
   live node as in 1 on its behalf: NEED with a deadline, and TAKEN so it is taken over
   once; its clients reclaim on the survivors.  Its own restart clears TAKEN.
5. lift: a member's NEED is cleared (by any live node) when every client owner recorded for
   it in epoch R has finished reclaiming somewhere (is recorded in epoch C by some node), or
   its ``need_until`` passed (a node that died in grace cannot clear its own).  A node can
   only judge that with the records of the current (R, C) loaded (`process_records`).
6. end: the write that clears the last NEED also sets R := 0; every node then stops
   enforcing (3).
7. fenced: a running node that finds itself TAKEN (its heartbeats came too late: a hang, a
   partition) writes nothing more; its clients may already hold their state elsewhere, so
   the edge stops it (the survivor also ended its CephFS session) and its restart rejoins.

A node that has not read the shared state yet enforces (safe side).  Records themselves are
kept by the edge: one set of client owners per (epoch, node); when C changes every live node
writes its current clients into epoch C, so a later grace finds them in its R.
"""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field

__all__ = [
    "ENFORCING",
    "NEED",
    "TAKEN",
    "ClusterNode",
    "Member",
    "Shared",
]

#: Wall-clock seconds (time.time in production, a fake in tests).
WallClock = Callable[[], float]

NEED = 1  # the grace must wait for this node's clients
ENFORCING = 2  # this node refuses non-reclaim OPEN/LOCK now
TAKEN = 4  # a survivor started a grace for this dead node (done once per death)

_MEMBER = struct.Struct("<Idd")  # flags, need_until, alive_until
_PREFIX = "node:"


@dataclass(frozen=True, slots=True)
class Member:
    flags: int = 0
    need_until: float = 0.0
    alive_until: float = 0.0

    def alive(self, now: float) -> bool:
        return now < self.alive_until


@dataclass(frozen=True, slots=True)
class Shared:
    """The shared grace object as read (``seq`` is the compare-and-swap token: every write
    changes it by one)."""

    epoch: int = 1
    recovery: int = 0
    members: Mapping[str, Member] = field(default_factory=dict)
    seq: int = 0

    def encode(self) -> dict[str, bytes]:
        """The object's omap (keys as the edge stores them)."""
        out = {"seq": str(self.seq).encode(), "epoch": str(self.epoch).encode(),
               "recovery": str(self.recovery).encode()}
        for node, m in self.members.items():
            out[_PREFIX + node] = _MEMBER.pack(m.flags, m.need_until, m.alive_until)
        return out

    @classmethod
    def decode(cls, omap: Mapping[str, bytes]) -> Shared:
        """Raises: ValueError for an object that is not ours (bad keys or values)."""
        try:
            members = {k[len(_PREFIX):]: Member(*_MEMBER.unpack(v))
                       for k, v in omap.items() if k.startswith(_PREFIX)}
            return cls(int(omap.get("epoch", b"1")), int(omap.get("recovery", b"0")),
                       members, int(omap.get("seq", b"0")))
        except struct.error as e:
            raise ValueError(f"grace object: {e}") from None

    def with_member(self, node: str, m: Member) -> Shared:
        return dataclasses.replace(self, members={**self.members, node: m})

    def needing(self) -> list[str]:
        return sorted(n for n, m in self.members.items() if m.flags & NEED)


def start_grace(s: Shared, node: str, now: float, grace_time: float) -> Shared:
    """Rule 1 (and 4, for a dead ``node``): a new epoch unless a grace is in force, and
    ``node`` needs it until its clients are done or ``grace_time`` passed."""
    if s.recovery == 0:
        s = dataclasses.replace(s, recovery=s.epoch, epoch=s.epoch + 1)
    m = s.members.get(node, Member())
    return s.with_member(node, dataclasses.replace(
        m, flags=m.flags | NEED, need_until=max(m.need_until, now + grace_time)))


def lift(s: Shared, nodes: Set[str]) -> Shared:
    """Rules 5 and 6: clear the NEED of ``nodes``; the last one ends the grace."""
    members = dict(s.members)
    for n in nodes:
        m = members[n]
        members[n] = dataclasses.replace(m, flags=m.flags & ~NEED, need_until=0.0)
    recovery = s.recovery
    if not any(m.flags & NEED for m in members.values()):
        recovery = 0
    return dataclasses.replace(s, recovery=recovery, members=members)


class ClusterNode:
    """One gateway's view of the shared grace and what it wants written next."""

    __slots__ = ("_records_for", "clock", "done", "grace_time", "lease", "node", "poll",
                 "reclaimable", "started", "state")

    def __init__(self, node: str, clock: WallClock, grace_time: float, *,
                 lease: float = 20.0, poll: float = 5.0) -> None:
        """``lease``: seconds without a heartbeat before a node counts as dead; ``poll``:
        the longest the edge waits before re-reading the object (a lost notify)."""
        self.node = node
        self.clock = clock
        self.grace_time = grace_time
        self.lease = lease
        self.poll = poll
        #: the last shared state read or written (None: not read yet)
        self.state: Shared | None = None
        #: rule 1 done: this run's start is in the shared object
        self.started = False
        #: owners recorded in epoch R, by node, and owners recorded in epoch C by anyone
        #: (those finished reclaiming), for the (R, C) in `_records_for`
        self.reclaimable: dict[str, frozenset[bytes]] = {}
        self.done: frozenset[bytes] = frozenset()
        self._records_for: tuple[int, int] | None = None

    # -- input --------------------------------------------------------------------------

    def process_shared(self, s: Shared) -> None:
        """The shared object as just read, or as this node just wrote it."""
        self.state = s

    def process_written(self, s: Shared) -> None:
        """`plan`'s state was written (the compare-and-swap held).  The first write of a run
        is always its start (rule 1 comes first)."""
        self.state = s
        self.started = True

    def process_records(self, recovery: int, epoch: int,
                        reclaimable: Mapping[str, Set[bytes]], done: Set[bytes]) -> None:
        """The records of epoch ``recovery`` by node, and every owner recorded in ``epoch``."""
        self.reclaimable = {n: frozenset(o) for n, o in reclaimable.items()}
        self.done = frozenset(done)
        self._records_for = (recovery, epoch)

    # -- output -------------------------------------------------------------------------

    def records_wanted(self) -> tuple[int, int] | None:
        """(R, C) whose records the edge should load now: while a grace is in force (they
        change as clients finish reclaiming), None otherwise."""
        s = self.state
        if s is None or s.recovery == 0:
            return None
        return s.recovery, s.epoch

    def plan(self) -> Shared | None:
        """The next change this node wants written over `state` (None: nothing to do)."""
        s = self.state
        if s is None:
            return None
        now = self.clock()
        me = s.members.get(self.node)
        if not self.started:  # rule 1
            s = start_grace(s, self.node, now, self.grace_time)
            m = s.members[self.node]
            return self._bump(s.with_member(self.node, Member(
                m.flags & ~TAKEN | ENFORCING, m.need_until, now + self.lease)))
        assert me is not None
        if me.flags & TAKEN:  # fenced: taken over as dead while running (rule 7)
            return None
        if me.alive_until - now <= self.lease / 2:  # rule 2
            return self._bump(s.with_member(self.node, dataclasses.replace(
                me, alive_until=now + self.lease)))
        if s.recovery != 0 and not me.flags & ENFORCING:  # rule 3
            return self._bump(s.with_member(self.node, dataclasses.replace(
                me, flags=me.flags | ENFORCING)))
        if s.recovery == 0 and me.flags & ENFORCING:
            return self._bump(s.with_member(self.node, dataclasses.replace(
                me, flags=me.flags & ~ENFORCING)))
        for n, m in sorted(s.members.items()):  # rule 4
            if n != self.node and not m.alive(now) and not m.flags & TAKEN:
                s = start_grace(s, n, now, self.grace_time)
                t = s.members[n]
                return self._bump(s.with_member(n, dataclasses.replace(
                    t, flags=(t.flags | TAKEN) & ~ENFORCING)))
        if s.recovery != 0:  # rules 5 and 6
            lifted = {n for n in s.needing() if self._done_with(n, now)}
            if lifted:
                return self._bump(lift(s, lifted))
        return None

    def _done_with(self, n: str, now: float) -> bool:
        m = self.state.members[n] if self.state is not None else Member()
        if now >= m.need_until:
            return True
        if self.state is None or self._records_for != (self.state.recovery, self.state.epoch):
            return False
        return self.reclaimable.get(n, frozenset()) <= self.done

    @staticmethod
    def _bump(s: Shared) -> Shared:
        return dataclasses.replace(s, seq=s.seq + 1)

    def next_wakeup(self) -> float:
        """When the edge should re-read and plan again, at the latest (wall clock)."""
        now = self.clock()
        at = now + self.poll
        s = self.state
        if s is None:
            return now
        me = s.members.get(self.node)
        if me is not None:
            at = min(at, me.alive_until - self.lease / 2)
        for n, m in s.members.items():
            if n != self.node and not m.flags & TAKEN:
                at = min(at, m.alive_until)
            if m.flags & NEED:
                at = min(at, m.need_until)
        return max(at, now)

    # -- queries (the NFS side) ---------------------------------------------------------

    def in_grace(self) -> bool:
        """Non-reclaim OPEN/LOCK are refused (a grace is in force, or we do not know yet)."""
        return self.state is None or not self.started or self.state.recovery != 0

    def may_reclaim(self) -> bool:
        """Reclaims may be granted: a grace is in force and every live member enforces it."""
        s = self.state
        if s is None or not self.started or s.recovery == 0:
            return False
        now = self.clock()
        return all(m.flags & ENFORCING for m in s.members.values()
                   if m.alive(now) and not m.flags & TAKEN)

    def suspect(self) -> bool:
        """Another live-listed gateway missed a heartbeat (it may be dead: a client of its
        that reclaims here now is asked to retry until it is taken over or heard from)."""
        s = self.state
        if s is None:
            return True
        now = self.clock()
        return any(now > m.alive_until - self.lease / 2 + self.poll
                   for n, m in s.members.items() if n != self.node and not m.flags & TAKEN)

    def fenced(self) -> bool:
        """This running node was taken over as dead (its heartbeats came too late): its
        clients may have reclaimed elsewhere, so its state is void (rule 7)."""
        s = self.state
        if s is None or not self.started:
            return False
        me = s.members.get(self.node)
        return me is not None and bool(me.flags & TAKEN)

    def records_ready(self) -> bool:
        """The records of the grace in force are loaded (`reclaimers` is complete)."""
        s = self.state
        return s is not None and self._records_for == (s.recovery, s.epoch)

    def reclaimers(self) -> frozenset[bytes]:
        """Every owner that may reclaim in this grace (epoch R's records of every node)."""
        out: frozenset[bytes] = frozenset()
        for owners in self.reclaimable.values():
            out |= owners
        return out

    @property
    def epoch(self) -> int:
        return self.state.epoch if self.state is not None else 0
