"""The one byte-range lock manager NFSv4 LOCK/LOCKT/LOCKU and NLM share (sans-I/O).

Rules (POSIX fcntl locks as Linux fs/locks.c keeps them; knfsd nfs4state.c and lockd
svclock.c for the protocol side):

- Keys are the caller's: a file key (any hashable, e.g. the file handle's fid) and an
  ``Owner(client, key)``: the client it belongs to (for release-all) and the protocol's owner
  (NFSv4 lock_owner4, NLM caller_name + svid + oh). Two owners are the same only if both match.
- A lock is READ (shared) or WRITE (exclusive) over ``[start, end)`` (see ``ranges``). Locks of
  different owners conflict when they overlap and at least one is WRITE. One owner's locks never
  conflict with each other and never overlap: a new lock replaces the owner's overlapping
  bytes (upgrade / downgrade of part of a range splits the old lock), and same-type locks that
  overlap or touch merge into one (posix_lock_inode). Unlock of a sub-range splits too.
- Blocking requests that conflict wait in a per-file FIFO queue. A request, blocking or not,
  also yields to an earlier queued waiter of another owner it conflicts with, so a waiter never
  starves behind later arrivals (readers cannot starve a waiting writer). Exception: a waiter
  that is itself (transitively) waiting for the requester's owner is passed over, or the queue
  would deadlock the owner that can free it (e.g. a reader upgrading its own range).
- After every change the queues are walked in arrival order, and every waiter that conflicts
  with no held lock and no earlier waiter it yields to is granted (grants never free bytes,
  so one walk per queue is enough, unless a grant lets a waiter elsewhere pass over one it
  yielded to). Each grant is queued as an event for the caller (``take_grants``):
  NLM_GRANTED, or a 4.1 CB_NOTIFY_LOCK.
- A blocking request that would wait for a held lock whose owner (transitively, through
  waiters blocked by held locks) waits for the requester is EDEADLK (posix_locks_deadlock,
  here over every conflicting holder, not just the first). Yielding to an earlier waiter is
  never a deadlock: a new waiter or lock can close a cycle through a yield, and then the
  yielding waiter is passed over and granted as above, so every mutation ends by walking
  every queue until no more grants come (``_settle``).
- Grace (RFC 8881 8.4.2, NSM): while ``grace`` is on, only reclaims are granted and TEST is
  refused; a reclaim outside grace is refused (knfsd and lockd both do so). ``grace`` is on
  while the flag the caller sets is, or any of ``grace_sources`` says so: one grace for
  every protocol, as knfsd's locks_in_grace (NFSv4's grace period adds itself as a source,
  NLM/NSM set the flag).
- Bounded memory: at most ``max_locks_per_client`` lock records per client (a lock or unlock
  that would add records past it is refused; one that removes records always passes) and
  ``max_waiters_per_file`` queued waiters per file. A granted waiter may pass the client cap by
  at most two records (the cap was checked when it queued).
- A waiter may carry a deadline (``wait_for`` seconds on the injected clock): an NFSv4
  client polls a blocking lock (RFC 8881 9.6) and never cancels one it gave up on, so its
  waiter must not make later arrivals yield forever. Repeating the request renews the
  deadline; ``expire_waiters`` (run from the caller's timer, ``next_deadline``) drops the
  overdue ones. NLM waiters need none: CANCEL and FREE_ALL end them.
- Expected refusals raise ``LockError(kind)``; the protocol maps each kind in one place
  (``LockErrorKind`` lists the statuses).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import NamedTuple, Protocol

from nfsrdma.locks.ranges import EOF

__all__ = [
    "Arbiter",
    "Clock",
    "Denied",
    "Granted",
    "Lock",
    "LockError",
    "LockErrorKind",
    "LockManager",
    "Owner",
    "Queued",
    "Waiter",
]

#: Default cap on lock records per client. A process rarely holds more than a few hundred
#: fcntl locks; 4096 leaves room for databases while bounding a hostile client to ~1 MiB.
MAX_LOCKS_PER_CLIENT = 4096

#: Default cap on queued blocking requests per file: lockd has no cap (a flood of blocking
#: locks grows without bound, issue 12); 256 waiters is more than any real contention.
MAX_WAITERS_PER_FILE = 256


#: Monotonic seconds (time.monotonic in production, a fake in tests).
Clock = Callable[[], float]


class Owner(NamedTuple):
    """Who holds a lock: ``client`` (released all at once) and the protocol's owner ``key``."""

    client: Hashable
    key: Hashable


class LockErrorKind(enum.Enum):
    """Why a request was refused, and the status each protocol answers with."""

    #: NFS4ERR_DEADLOCK / NLM4_DEADLCK (posix_locks_deadlock's EDEADLK).
    DEADLOCK = "deadlock"
    #: NFS4ERR_RESOURCE (4.0) or NFS4ERR_DELAY (4.1+) / NLM4_DENIED_NOLOCKS: a cap was reached.
    NO_RESOURCES = "no_resources"
    #: NFS4ERR_GRACE / NLM4_DENIED_GRACE_PERIOD: a non-reclaim request during grace.
    GRACE = "grace"
    #: NFS4ERR_NO_GRACE / NLM4_DENIED_GRACE_PERIOD: a reclaim after grace ended.
    NO_GRACE = "no_grace"


class LockError(Exception):
    """An expected refusal; ``kind`` says which (the protocol maps it)."""

    def __init__(self, kind: LockErrorKind, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind


class Lock:
    """One held lock record (or, in a ``Denied``, a queued request standing in for one)."""

    __slots__ = ("end", "exclusive", "owner", "start")

    def __init__(self, owner: Owner, start: int, end: int, exclusive: bool) -> None:
        self.owner = owner
        self.start = start
        self.end = end
        self.exclusive = exclusive

    def __repr__(self) -> str:
        kind = "W" if self.exclusive else "R"
        end = "EOF" if self.end == EOF else str(self.end)
        return f"Lock({self.owner!r}, {kind} [{self.start}, {end}))"


class Waiter:
    """One queued blocking request; ``cookie`` is the caller's (e.g. the NLM cookie and the
    client's callback address), handed back with the grant. ``state`` is "queued", then
    "granted" or "cancelled"; a waiter object is never requeued. ``deadline``: clock time
    after which ``expire_waiters`` drops it, or None."""

    __slots__ = ("cookie", "deadline", "end", "exclusive", "file", "owner", "seq", "start",
                 "state")

    def __init__(
        self, file: Hashable, owner: Owner, start: int, end: int, exclusive: bool,
        seq: int, cookie: object,
    ) -> None:
        self.file = file
        self.owner = owner
        self.start = start
        self.end = end
        self.exclusive = exclusive
        self.seq = seq
        self.cookie = cookie
        self.state = "queued"
        self.deadline: float | None = None

    def __repr__(self) -> str:
        kind = "W" if self.exclusive else "R"
        return f"Waiter#{self.seq}({self.owner!r}, {kind} [{self.start}, {self.end}), {self.state})"


class Granted(NamedTuple):
    """The lock is held now."""


class Denied(NamedTuple):
    """A non-blocking request conflicts: ``conflict`` is a held lock, or the earlier queued
    request it must yield to (for lock4denied / nlm4_holder)."""

    conflict: Lock


class Queued(NamedTuple):
    """A blocking request waits; its grant comes later through ``take_grants``."""

    waiter: Waiter


LockResult = Granted | Denied | Queued


class _File:
    """The locks and waiters of one file."""

    __slots__ = ("held", "waiters")

    def __init__(self) -> None:
        self.held: dict[Owner, list[Lock]] = {}  # each list sorted by start, non-overlapping
        self.waiters: list[Waiter] = []  # arrival order

    def empty(self) -> bool:
        return not self.held and not self.waiters


def _conflicts(a_owner: Owner, a_start: int, a_end: int, a_excl: bool,
               b_owner: Owner, b_start: int, b_end: int, b_excl: bool) -> bool:
    return (a_owner != b_owner and a_start < b_end and b_start < a_end
            and (a_excl or b_excl))


def _apply(old: list[Lock], owner: Owner, start: int, end: int, exclusive: bool) -> list[Lock]:
    """One owner's records after locking ``[start, end)``: overlapping bytes take the new
    type, same-type records that overlap or touch merge (posix_lock_inode)."""
    out: list[Lock] = []
    for lk in old:
        if lk.exclusive == exclusive and lk.start <= end and start <= lk.end:
            start, end = min(start, lk.start), max(end, lk.end)
        else:
            out.extend(_cut(lk, start, end))
    out.append(Lock(owner, start, end, exclusive))
    out.sort(key=lambda lk: lk.start)
    return out


def _cut(lk: Lock, start: int, end: int) -> list[Lock]:
    """What is left of ``lk`` outside ``[start, end)``."""
    if lk.end <= start or end <= lk.start:
        return [lk]
    rest = []
    if lk.start < start:
        rest.append(Lock(lk.owner, lk.start, start, lk.exclusive))
    if end < lk.end:
        rest.append(Lock(lk.owner, end, lk.end, lk.exclusive))
    return rest


class Arbiter(Protocol):
    """Locks held outside this server that a new lock must not conflict with (another
    gateway's, through CephFS).  ``try_lock`` takes the range there first (False: someone
    else holds a conflicting one); ``resync`` puts back the owner's locks as the manager
    holds them (after a ``try_lock`` the manager then refused)."""

    async def try_lock(self, file: Hashable, owner: Owner, start: int, end: int,
                       exclusive: bool) -> bool: ...

    async def resync(self, file: Hashable, owner: Owner, held: list[Lock]) -> None: ...


class LockManager:
    """All byte-range locks of the server. See the module docstring for the rules.

    ``grace`` is set by the caller (on at start while clients reclaim, off when grace ends).
    ``clock`` is needed only for waiter deadlines.
    """

    def __init__(
        self, *, max_locks_per_client: int = MAX_LOCKS_PER_CLIENT,
        max_waiters_per_file: int = MAX_WAITERS_PER_FILE, grace: bool = False,
        clock: Clock | None = None,
    ) -> None:
        self._clock = clock
        self.max_locks_per_client = max_locks_per_client
        self.max_waiters_per_file = max_waiters_per_file
        self._grace = grace
        #: more grace periods the ``grace`` flag follows (each answers "still in grace?").
        self.grace_sources: list[Callable[[], bool]] = []
        self._files: dict[Hashable, _File] = {}
        self._client_locks: dict[Hashable, int] = {}  # lock records per client
        self._owner_files: dict[Owner, set[Hashable]] = {}  # files with its locks or waiters
        self._waiting: dict[Owner, list[Waiter]] = {}  # queued waiters per owner
        self._grants: list[Waiter] = []
        #: called (no arguments, inside the call that granted) after a change granted
        #: waiters: a protocol whose waiters another protocol's unlock may grant (NLM) learns
        #: it has grants to take.  A listener must not call back into the manager.
        self.grant_listeners: list[Callable[[], None]] = []
        #: called (file, owner, its locks on the file now) after every change of an owner's
        #: held locks (grants, unlocks, releases): a store that mirrors them (CephFS) follows.
        #: A listener must not call back into the manager.
        self.held_listeners: list[Callable[[Hashable, Owner, list[Lock]], None]] = []
        #: an outside arbiter a protocol asks before a new lock (`Arbiter`; None: none)
        self.arbiter: Arbiter | None = None
        self._seq = 0

    @property
    def grace(self) -> bool:
        """Whether only reclaims are granted now: the flag, or any of ``grace_sources``."""
        return self._grace or any(src() for src in self.grace_sources)

    @grace.setter
    def grace(self, on: bool) -> None:
        self._grace = on

    # ---- queries

    def test(self, file: Hashable, owner: Owner, start: int, end: int,
             exclusive: bool) -> Lock | None:
        """LOCKT / NLM TEST: a held lock of another owner that conflicts, or None.

        Queued waiters are not reported: they hold nothing yet.
        Raises: LockError(GRACE) during grace (knfsd's LOCKT and lockd's TEST refuse then).
        """
        if self.grace:
            raise LockError(LockErrorKind.GRACE)
        f = self._files.get(file)
        return None if f is None else self._held_conflict(f, owner, start, end, exclusive)

    def locks(self, file: Hashable, owner: Owner | None = None) -> list[Lock]:
        """The records held on ``file`` (by ``owner`` if given), each owner's by start."""
        f = self._files.get(file)
        if f is None:
            return []
        if owner is not None:
            return list(f.held.get(owner, ()))
        return [lk for lst in f.held.values() for lk in lst]

    def waiters(self, file: Hashable) -> list[Waiter]:
        """The queued waiters on ``file`` in arrival (= grant) order."""
        f = self._files.get(file)
        return [] if f is None else list(f.waiters)

    def find_waiter(self, file: Hashable, owner: Owner, start: int, end: int,
                    exclusive: bool) -> Waiter | None:
        """The queued request with exactly these arguments (NLM CANCEL names it so)."""
        for w in self._waiting.get(owner, ()):
            if (w.file == file and w.start == start and w.end == end
                    and w.exclusive == exclusive):
                return w
        return None

    def client_lock_count(self, client: Hashable) -> int:
        """Lock records ``client`` holds (what the cap counts)."""
        return self._client_locks.get(client, 0)

    def clients(self) -> Iterable[Hashable]:
        """The clients holding lock records now (a protocol caps how many it admits)."""
        return self._client_locks.keys()

    def holds_state(self, owner: Owner) -> bool:
        """Whether ``owner`` holds a lock or a queued waiter (RELEASE_LOCKOWNER's LOCKS_HELD)."""
        return owner in self._owner_files

    def take_grants(self, match: Callable[[Waiter], bool] | None = None) -> list[Waiter]:
        """The waiters granted since the last call, in grant order (the events out); with
        ``match``, only those it accepts are taken (each protocol takes its own: by cookie)."""
        if match is None:
            grants, self._grants = self._grants, []
            return grants
        mine = [w for w in self._grants if match(w)]
        if mine:
            self._grants = [w for w in self._grants if not match(w)]
        return mine

    # ---- requests

    def lock(
        self, file: Hashable, owner: Owner, start: int, end: int, exclusive: bool, *,
        block: bool = False, reclaim: bool = False, cookie: object = None,
        wait_for: float | None = None,
    ) -> LockResult:
        """LOCK / NLM LOCK.

        Assumptions: ``0 <= start < end <= EOF`` (from ``ranges.span_*``).
        Returns: Granted; Denied(conflict) for a non-blocking request that conflicts;
        Queued(waiter) for a blocking one (the same waiter again when the owner repeats a
        request already queued, as a polling NFSv4 client or a retransmitted NLM LOCK does).
        ``wait_for``: a queued waiter is dropped that many seconds after its last request.
        Raises: LockError(GRACE / NO_GRACE) for the grace rules, LockError(DEADLOCK) when a
        blocking request would close a wait-for cycle, LockError(NO_RESOURCES) past a cap.
        """
        if not 0 <= start < end <= EOF:
            raise ValueError(f"bad lock range [{start}, {end})")
        if wait_for is not None and self._clock is None:
            raise ValueError("wait_for needs a clock")
        deadline = None if wait_for is None or self._clock is None else self._clock() + wait_for
        grace = self.grace
        if grace and not reclaim:
            raise LockError(LockErrorKind.GRACE)
        if reclaim and not grace:
            raise LockError(LockErrorKind.NO_GRACE)
        if block:
            again = self.find_waiter(file, owner, start, end, exclusive)
            if again is not None:
                again.deadline = deadline
                return Queued(again)
        f = self._files.get(file)
        if f is None:
            f = _File()
        held = self._held_conflict(f, owner, start, end, exclusive)
        queued = None if held is not None else self._waiter_conflict(
            f, owner, start, end, exclusive, len(f.waiters))
        if held is None and queued is None:
            self._check_cap(f, owner, start, end, exclusive)
            self._files[file] = f
            self._set_held(file, f, owner, _apply(f.held.get(owner, []), owner, start, end,
                                                  exclusive))
            self._settle()  # a downgrade frees bytes; a new lock may close a yield cycle
            return Granted()
        if not block:
            if held is not None:
                return Denied(held)
            assert queued is not None
            return Denied(Lock(queued.owner, queued.start, queued.end, queued.exclusive))
        if held is not None and self._deadlocks(f, owner, start, end, exclusive):
            raise LockError(LockErrorKind.DEADLOCK)
        if len(f.waiters) >= self.max_waiters_per_file:
            raise LockError(LockErrorKind.NO_RESOURCES, "too many waiters on this file")
        self._check_cap(f, owner, start, end, exclusive)
        self._seq += 1
        w = Waiter(file, owner, start, end, exclusive, self._seq, cookie)
        w.deadline = deadline
        self._files[file] = f
        f.waiters.append(w)
        self._waiting.setdefault(owner, []).append(w)
        self._owner_files.setdefault(owner, set()).add(file)
        self._settle()  # its edges may close a yield cycle elsewhere (module rules)
        return Queued(w)

    def unlock(self, file: Hashable, owner: Owner, start: int, end: int) -> None:
        """LOCKU / NLM UNLOCK of ``[start, end)``: bytes not locked are fine (POSIX).

        Raises: LockError(NO_RESOURCES) if splitting a record would pass the client's cap.
        """
        f = self._files.get(file)
        if f is None or owner not in f.held:
            return
        old = f.held[owner]
        new = [part for lk in old for part in _cut(lk, start, end)]
        if (len(new) > len(old) and self._client_locks.get(owner.client, 0) + len(new)
                - len(old) > self.max_locks_per_client):
            raise LockError(LockErrorKind.NO_RESOURCES, "too many locks for this client")
        self._set_held(file, f, owner, new)
        self._settle()

    def cancel(self, waiter: Waiter) -> bool:
        """NLM CANCEL / a 4.1 client giving up: drop a queued waiter. Returns whether it was
        still queued (False once granted or cancelled)."""
        if waiter.state != "queued":
            return False
        f = self._files[waiter.file]
        self._drop_waiter(f, waiter)
        self._tidy(waiter.file, f, waiter.owner)
        self._settle()
        return True

    def next_deadline(self) -> float | None:
        """The earliest waiter deadline (when to run ``expire_waiters``), or None."""
        deadlines = [w.deadline for ws in self._waiting.values() for w in ws
                     if w.deadline is not None]
        return min(deadlines, default=None)

    def expire_waiters(self) -> list[Waiter]:
        """Drop every waiter whose deadline has passed; returns them (now "cancelled")."""
        if self._clock is None:
            return []
        now = self._clock()
        gone = [w for ws in self._waiting.values() for w in ws
                if w.deadline is not None and w.deadline <= now]
        for w in gone:
            f = self._files[w.file]
            self._drop_waiter(f, w)
            self._tidy(w.file, f, w.owner)
        if gone:
            self._settle()
        return gone

    def release_owner(self, owner: Owner) -> None:
        """Free everything ``owner`` holds or waits for (RELEASE_LOCKOWNER, a 4.0 lock-owner's
        last close)."""
        self._release([owner])

    def release_client(self, client: Hashable) -> None:
        """Free everything every owner of ``client`` holds or waits for (lease expiry,
        DESTROY_CLIENTID, NLM FREE_ALL, SM_NOTIFY of a rebooted client)."""
        self._release([o for o in self._owner_files if o.client == client])

    def _release(self, owners: list[Owner]) -> None:
        """Drop the owners' waiters first, then their locks, then grant: no grant goes to an
        owner that is on its way out."""
        for owner in owners:
            for w in list(self._waiting.get(owner, ())):
                f = self._files[w.file]
                self._drop_waiter(f, w)
                self._tidy(w.file, f, owner)
        for owner in owners:
            for file in list(self._owner_files.get(owner, ())):
                f = self._files[file]
                self._set_held(file, f, owner, [])
                self._tidy(file, f, owner)
        self._settle()

    # ---- internals

    def _held_conflict(self, f: _File, owner: Owner, start: int, end: int,
                       exclusive: bool) -> Lock | None:
        for o, lst in f.held.items():
            if o == owner:
                continue
            for lk in lst:
                if lk.start >= end:
                    break
                if _conflicts(owner, start, end, exclusive, o, lk.start, lk.end, lk.exclusive):
                    return lk
        return None

    def _waiter_conflict(self, f: _File, owner: Owner, start: int, end: int, exclusive: bool,
                         before: int) -> Waiter | None:
        """The first of ``f.waiters[:before]`` this request must yield to (module rules)."""
        for w in f.waiters[:before]:
            if (_conflicts(owner, start, end, exclusive, w.owner, w.start, w.end, w.exclusive)
                    and not self._reaches(w.owner, owner)):
                return w
        return None

    def _blockers(self, w: Waiter, hard: bool) -> Iterator[Owner]:
        """Owners ``w`` waits for: holders it conflicts with, and unless ``hard`` the earlier
        waiters it conflicts with (a superset of its yields, so passing over errs towards
        granting)."""
        f = self._files[w.file]
        for o, lst in f.held.items():
            if any(_conflicts(w.owner, w.start, w.end, w.exclusive, o, lk.start, lk.end,
                              lk.exclusive) for lk in lst):
                yield o
        if hard:
            return
        for v in f.waiters:
            if v is w:
                break
            if _conflicts(w.owner, w.start, w.end, w.exclusive, v.owner, v.start, v.end,
                          v.exclusive):
                yield v.owner

    def _reaches(self, src: Owner, dst: Owner, hard: bool = False) -> bool:
        """Whether ``src`` waits, directly or through other waiting owners, for ``dst``
        (``hard``: only through held locks)."""
        seen = {src}
        todo = [src]
        while todo:
            o = todo.pop()
            for w in self._waiting.get(o, ()):
                for b in self._blockers(w, hard):
                    if b == dst:
                        return True
                    if b not in seen:
                        seen.add(b)
                        todo.append(b)
        return False

    def _deadlocks(self, f: _File, owner: Owner, start: int, end: int, exclusive: bool) -> bool:
        """Whether waiting would close a cycle: some holder it conflicts with reaches it."""
        holders = {o for o, lst in f.held.items() if o != owner and any(
            _conflicts(owner, start, end, exclusive, o, lk.start, lk.end, lk.exclusive)
            for lk in lst)}
        return any(self._reaches(o, owner, hard=True) for o in holders)

    def _check_cap(self, f: _File, owner: Owner, start: int, end: int, exclusive: bool) -> None:
        old = f.held.get(owner, [])
        grow = len(_apply(old, owner, start, end, exclusive)) - len(old)
        if grow > 0 and (self._client_locks.get(owner.client, 0) + grow
                         > self.max_locks_per_client):
            raise LockError(LockErrorKind.NO_RESOURCES, "too many locks for this client")

    def _set_held(self, file: Hashable, f: _File, owner: Owner, new: list[Lock]) -> None:
        old = f.held.get(owner, [])
        count = self._client_locks.get(owner.client, 0) + len(new) - len(old)
        if count:
            self._client_locks[owner.client] = count
        else:
            self._client_locks.pop(owner.client, None)
        if new:
            f.held[owner] = new
            self._owner_files.setdefault(owner, set()).add(file)
        else:
            f.held.pop(owner, None)
            self._tidy(file, f, owner)
        for fn in self.held_listeners:
            fn(file, owner, new)

    def _drop_waiter(self, f: _File, w: Waiter) -> None:
        f.waiters.remove(w)
        mine = self._waiting[w.owner]
        mine.remove(w)
        if not mine:
            del self._waiting[w.owner]
        w.state = "cancelled"

    def _tidy(self, file: Hashable, f: _File, owner: Owner) -> None:
        """Forget the owner's link to the file, and the file, once nothing is left."""
        if owner not in f.held and not any(w.owner == owner for w in f.waiters):
            files = self._owner_files.get(owner)
            if files is not None:
                files.discard(file)
                if not files:
                    del self._owner_files[owner]
        if f.empty():
            self._files.pop(file, None)

    def _settle(self) -> None:
        """Walk every queue until a whole walk grants nothing (a grant adds edges that may
        let a waiter elsewhere pass over the waiter it yields to); then tell the
        ``grant_listeners`` if anything was granted."""
        start = len(self._grants)
        while True:
            before = len(self._grants)
            for file, f in list(self._files.items()):
                if f.waiters:
                    self._wake(file, f)
            if len(self._grants) == before:
                break
        if len(self._grants) > start:
            for listener in self.grant_listeners:
                listener()

    def _wake(self, file: Hashable, f: _File) -> None:
        """Grant, in arrival order, every waiter nothing held and no earlier waiter blocks."""
        i = 0
        while i < len(f.waiters):
            w = f.waiters[i]
            if (self._held_conflict(f, w.owner, w.start, w.end, w.exclusive) is None
                    and self._waiter_conflict(f, w.owner, w.start, w.end, w.exclusive, i)
                    is None):
                f.waiters.pop(i)
                mine = self._waiting[w.owner]
                mine.remove(w)
                if not mine:
                    del self._waiting[w.owner]
                w.state = "granted"
                self._set_held(file, f, w.owner,
                               _apply(f.held.get(w.owner, []), w.owner, w.start, w.end,
                                      w.exclusive))
                self._grants.append(w)
            else:
                i += 1
        if f.empty():
            self._files.pop(file, None)
