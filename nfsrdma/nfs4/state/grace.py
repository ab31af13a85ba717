"""The grace period after a restart, and the client records that outlive a restart
(RFC 8881 8.4.2, RFC 7530 9.6.2; knfsd nfs4recover.c).

Rules:

- A client is recorded (by its owner) once it finished reclaiming: RECLAIM_COMPLETE in
  4.1+, its first non-reclaim OPEN in 4.0 (the owner of opens calls `Grace.reclaim_done`
  then).  Its record is removed when the client is freed (lease expiry, DESTROY_CLIENTID).
- At start the records of the previous instance are loaded: those clients, and only they,
  may reclaim (CLAIM_PREVIOUS, reclaim locks) while grace lasts: `check_reclaim` answers
  NO_GRACE after grace, RECLAIM_BAD for a client with nothing recorded or one that already
  sent RECLAIM_COMPLETE.  During grace a non-reclaim OPEN / LOCK is GRACE (`check_new`), and
  so it is at any time for a 4.1+ client that has not sent RECLAIM_COMPLETE (RFC 8881 18.51.3).
- Grace lasts `grace_time` seconds, and ends early once every recorded client sent its
  RECLAIM_COMPLETE (4.0 clients count through `reclaim_done`); with no records it is over
  at once.
- The store is a small interface: a file under --state-dir in production (`FileStore`,
  written whole and renamed into place, so a crash leaves the old or the new list),
  `MemoryStore` in tests.
- Gateways of a cluster (--cluster-name) share one grace instead (`ClusterGrace`): the
  cluster's state machine (nfsrdma.cluster.grace) says when it is in force, the records of
  every gateway say who may reclaim, and a reclaim waits (DELAY) until every live gateway
  enforces the grace.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from nfsrdma.cluster.grace import ClusterNode
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.clients import Client, Clock

__all__ = ["ClusterGrace", "FileStore", "Grace", "MemoryStore", "RecordSink", "RecordStore"]


class RecordStore(Protocol):
    """Where the owners of clients allowed to reclaim are kept across restarts."""

    def load(self) -> set[bytes]:
        """Every recorded owner."""
        ...

    def save(self, owners: set[bytes]) -> None:
        """Replace the records with `owners`."""
        ...


class MemoryStore:
    """A store that lives as long as the object (tests hand it from one instance to the
    next to play a restart)."""

    def __init__(self, owners: set[bytes] | None = None) -> None:
        self.owners = set(owners or ())

    def load(self) -> set[bytes]:
        return set(self.owners)

    def save(self, owners: set[bytes]) -> None:
        self.owners = set(owners)


class FileStore:
    """One file, one hex-encoded owner per line, replaced atomically on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> set[bytes]:
        try:
            text = self.path.read_text()
        except FileNotFoundError:
            return set()
        return {bytes.fromhex(line) for line in text.split()}

    def save(self, owners: set[bytes]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w") as f:
            f.write("".join(o.hex() + "\n" for o in sorted(owners)))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)


class Grace:
    """The grace period of one server instance over its `store`."""

    __slots__ = ("_over", "clock", "end", "previous", "recorded", "store", "waiting")

    def __init__(self, store: RecordStore, clock: Clock, grace_time: float) -> None:
        self.store = store
        self.clock = clock
        #: owners of the previous instance: the clients that may reclaim.
        self.previous = frozenset(store.load())
        #: those that have not sent RECLAIM_COMPLETE yet.
        self.waiting = set(self.previous)
        #: owners recorded for the next instance (the previous stay until they are freed).
        self.recorded = set(self.previous)
        self.end = clock() + grace_time
        self._over = not self.previous

    def in_grace(self) -> bool:
        if not self._over and (not self.waiting or self.clock() >= self.end):
            self._over = True
        return not self._over

    def check_reclaim(self, clp: Client) -> None:
        """A reclaim (CLAIM_PREVIOUS OPEN, reclaim LOCK) by `clp`.

        Raises Nfs4Error: NO_GRACE (grace is over), RECLAIM_BAD (nothing recorded for
        this client, or it already sent RECLAIM_COMPLETE).
        """
        if not self.in_grace():
            raise Nfs4Error(S.NFS4ERR_NO_GRACE)
        if clp.owner not in self.previous or clp.reclaim_complete:
            raise Nfs4Error(S.NFS4ERR_RECLAIM_BAD)

    def check_new(self, clp: Client | None = None) -> None:
        """A non-reclaim OPEN / LOCK (by `clp`).  Raises Nfs4Error(GRACE) while grace lasts,
        and, grace or not, for a 4.1+ client that has not sent RECLAIM_COMPLETE yet (RFC
        8881 18.51.3: it must, even with nothing to reclaim, before its first such op)."""
        if clp is not None and clp.minor > 0 and not clp.reclaim_complete:
            raise Nfs4Error(S.NFS4ERR_GRACE)
        if self.in_grace():
            raise Nfs4Error(S.NFS4ERR_GRACE)

    def reclaim_done(self, clp: Client) -> None:
        """`clp` finished reclaiming (4.1 RECLAIM_COMPLETE, 4.0 first non-reclaim OPEN):
        it no longer holds grace open and is recorded for the next instance."""
        clp.reclaim_complete = True
        self.waiting.discard(clp.owner)
        if clp.owner not in self.recorded:
            self.recorded.add(clp.owner)
            self.store.save(self.recorded)

    def forget(self, clp: Client) -> None:
        """`clp` was freed: it may not reclaim after the next restart, and grace no longer
        waits for it.  An unconfirmed record going away changes nothing."""
        if not clp.confirmed:
            return
        self.waiting.discard(clp.owner)
        if clp.owner in self.recorded:
            self.recorded.discard(clp.owner)
            self.store.save(self.recorded)


class RecordSink(Protocol):
    """Where a cluster gateway's records go (cluster.rados.ClusterAgent): one owner at a
    time, in order, without blocking the caller."""

    def record(self, owner: bytes) -> None: ...

    def forget(self, owner: bytes) -> None: ...


class ClusterGrace:
    """The grace period of a gateway in a cluster (same calls as `Grace`)."""

    __slots__ = ("node", "recorded", "sink")

    def __init__(self, node: ClusterNode, sink: RecordSink | None = None) -> None:
        self.node = node
        self.sink = sink
        #: this gateway's clients that finished reclaiming (carried into each new epoch)
        self.recorded: set[bytes] = set()

    def in_grace(self) -> bool:
        return self.node.in_grace()

    def check_reclaim(self, clp: Client) -> None:
        """As `Grace.check_reclaim`, and DELAY while a grace is starting: not every live
        gateway enforces it yet (one could still grant a conflicting lock), the records are
        not loaded yet, or a gateway looks dead (heartbeat late) and may be taken over."""
        node = self.node
        if not node.in_grace():
            if node.suspect():
                raise Nfs4Error(S.NFS4ERR_DELAY)
            raise Nfs4Error(S.NFS4ERR_NO_GRACE)
        if not node.may_reclaim() or not node.records_ready():
            raise Nfs4Error(S.NFS4ERR_DELAY)
        if clp.owner not in node.reclaimers() or clp.reclaim_complete:
            raise Nfs4Error(S.NFS4ERR_RECLAIM_BAD)

    def check_new(self, clp: Client | None = None) -> None:
        if clp is not None and clp.minor > 0 and not clp.reclaim_complete:
            raise Nfs4Error(S.NFS4ERR_GRACE)
        if self.node.in_grace():
            raise Nfs4Error(S.NFS4ERR_GRACE)

    def reclaim_done(self, clp: Client) -> None:
        clp.reclaim_complete = True
        if clp.owner not in self.recorded:
            self.recorded.add(clp.owner)
            if self.sink is not None:
                self.sink.record(clp.owner)

    def forget(self, clp: Client) -> None:
        if not clp.confirmed:
            return
        if clp.owner in self.recorded:
            self.recorded.discard(clp.owner)
            if self.sink is not None:
                self.sink.forget(clp.owner)
