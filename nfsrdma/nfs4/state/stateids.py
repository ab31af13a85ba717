"""NFSv4 stateids: generation, lookup and the seqid rules (RFC 8881 8.2, RFC 7530 9.1.4).

Rules (each a unit test in tests/nfsrdma/nfs4/state/test_stateids.py):

1. A stateid is (seqid, other).  ``other`` (12 bytes) = this server's boot epoch (4 bytes)
   + the low word of the owning clientid (4 bytes; its high word is the same boot epoch,
   `clients.ClientTable`) + a counter (4 bytes), as knfsd's (clientid, id) pair: it names
   one piece of state and a forged one is never found (RFC 8881 8.2.2).  The counter skips
   values still in use when it wraps (after 2**32 states).
2. Special stateids (RFC 8881 8.2.3): ``other`` all zeros with seqid 0 is the anonymous
   stateid, all ones with seqid 0xFFFFFFFF the READ bypass, all zeros with seqid 1 the
   current stateid (4.1+ only), all zeros with seqid 0xFFFFFFFF the invalid stateid.  They
   are never in the table; `classify` names them, the ops decide what each may do.
3. Lookup of a non-special ``other`` (`StateidTable.check`):
   - another boot's epoch: NFS4ERR_STALE_STATEID (state from before a restart);
   - this boot but not in the table: NFS4ERR_EXPIRED in 4.0 when its client's record is
     gone (lease expiry, a rebooted client's new record confirmed: knfsd answers so for
     a clientid that is no longer confirmed), else NFS4ERR_BAD_STATEID (forged, freed,
     closed; 4.1 looks stateids up in the session's client and calls them all BAD);
   - in the table but its client's lease expired (revoked): NFS4ERR_EXPIRED;
   - seqid 0 in 4.1+: "the current one", always accepted (RFC 8881 8.2.2);
   - seqid below the current one: NFS4ERR_OLD_STATEID; above: NFS4ERR_BAD_STATEID.
4. A state's seqid starts at 1 and goes up by one on every change (OPEN upgrade,
   OPEN_CONFIRM, OPEN_DOWNGRADE, CLOSE); after 0xFFFFFFFF it wraps to 1, never 0 (RFC 8881
   8.2.2: 0 is reserved for "current" in 4.1).
5. `free` forgets a state; `revoke` keeps it (answered EXPIRED) until FREE_STATEID or its
   client goes away, so a 4.1 client learns from TEST_STATEID what it lost (RFC 8881 8.2.4).
"""

from __future__ import annotations

import enum
import struct
from collections.abc import Callable, Iterator
from typing import Any

from nfsrdma.gen.nfs4_prot import nfsstat4
from nfsrdma.nfs4.errors import Nfs4Error

__all__ = [
    "ANONYMOUS",
    "CURRENT",
    "INVALID",
    "READ_BYPASS",
    "Special",
    "State",
    "StateKind",
    "StateidTable",
    "classify",
    "next_seqid",
]

S = nfsstat4
ZEROS = b"\0" * 12
ONES = b"\xff" * 12

#: (seqid, other) of the special stateids (RFC 8881 8.2.3).
ANONYMOUS = (0, ZEROS)
READ_BYPASS = (0xFFFFFFFF, ONES)
CURRENT = (1, ZEROS)
INVALID = (0xFFFFFFFF, ZEROS)


class Special(enum.Enum):
    """What `classify` makes of a stateid."""

    NONE = "none"            # an ordinary stateid: look it up
    ANONYMOUS = "anonymous"
    READ_BYPASS = "read_bypass"
    CURRENT = "current"
    INVALID = "invalid"      # reserved patterns no op accepts (BAD_STATEID)


class StateKind(enum.Enum):
    OPEN = "open"
    LOCK = "lock"
    DELEG = "deleg"


def classify(seqid: int, other: bytes) -> Special:
    """Which special stateid (seqid, other) is, or `Special.NONE` (rule 2).

    Assumptions: ``other`` is 12 bytes (the XDR fixes it).
    Returns: the kind; any other seqid with an all-zeros or all-ones ``other`` is INVALID.
    """
    if other == ZEROS:
        if seqid == 0:
            return Special.ANONYMOUS
        if seqid == 1:
            return Special.CURRENT
        return Special.INVALID
    if other == ONES:
        return Special.READ_BYPASS if seqid == 0xFFFFFFFF else Special.INVALID
    return Special.NONE


def next_seqid(seqid: int) -> int:
    """The seqid after `seqid` (rule 4: wraps to 1, never 0)."""
    return 1 if seqid >= 0xFFFFFFFF else seqid + 1


class State:
    """One stateid's state: the kind of state it names, its seqid, and its owner's objects.

    ``client``: the owning client id (leases and FREE_STATEID); ``ref``: the open (or lock,
    delegation) the state belongs to, set by its table; ``revoked``: the lease expired.
    """

    __slots__ = ("client", "kind", "other", "ref", "revoked", "seqid")

    def __init__(self, other: bytes, kind: StateKind, client: int, ref: Any = None) -> None:
        self.other = other
        self.kind = kind
        self.client = client
        self.ref = ref
        self.seqid = 1
        self.revoked = False

    def bump(self) -> tuple[int, bytes]:
        """Advance the seqid (rule 4); returns the new stateid."""
        self.seqid = next_seqid(self.seqid)
        return self.stateid

    @property
    def stateid(self) -> tuple[int, bytes]:
        return (self.seqid, self.other)


class StateidTable:
    """Every stateid of one server boot (rules 1, 3, 5).

    ``boot``: the epoch of this boot (seconds since 1970 are fine: distinct per restart);
    ``clock``: monotonic seconds (unused by the rules here, kept for the owners' tables);
    ``client_known(clientid)``: whether the client record still exists (rule 3; default:
    always, so a missing stateid is BAD_STATEID).
    """

    __slots__ = ("_by_other", "_counter", "_prefix", "boot", "client_known", "clock")

    def __init__(self, boot: int, clock: Callable[[], float],
                 client_known: Callable[[int], bool] | None = None) -> None:
        self.boot = boot & 0xFFFFFFFF
        self.clock = clock
        self.client_known = client_known or (lambda clientid: True)
        self._prefix = struct.pack(">I", self.boot)
        self._counter = 0
        self._by_other: dict[bytes, State] = {}

    def __len__(self) -> int:
        return len(self._by_other)

    def __iter__(self) -> Iterator[State]:
        return iter(list(self._by_other.values()))

    def new(self, kind: StateKind, client: int, ref: Any = None) -> State:
        """A fresh state of `client` with seqid 1 and an ``other`` not in use (rule 1)."""
        head = self._prefix + struct.pack(">I", client & 0xFFFFFFFF)
        while True:
            self._counter = self._counter % 0xFFFFFFFF + 1
            other = head + struct.pack(">I", self._counter)
            if other not in self._by_other:
                break
        st = State(other, kind, client, ref)
        self._by_other[other] = st
        return st

    def find(self, other: bytes) -> State | None:
        return self._by_other.get(other)

    def check(self, seqid: int, other: bytes, minorversion: int) -> State:
        """The state `(seqid, other)` names, its seqid checked (rule 3).

        Assumptions: not a special stateid (the caller used `classify`).
        Returns: the State.
        Raises: Nfs4Error STALE_STATEID, BAD_STATEID, EXPIRED, OLD_STATEID.
        """
        st = self._by_other.get(other)
        if st is None:
            if other[:4] != self._prefix:
                raise Nfs4Error(S.NFS4ERR_STALE_STATEID)
            if minorversion == 0 and not self.client_known(self.client_of(other)):
                raise Nfs4Error(S.NFS4ERR_EXPIRED)
            raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
        if st.revoked:
            # 4.1 names a revoked delegation (RFC 8881 8.2.4, 15.1.5.2: READ, TEST_STATEID).
            if st.kind is StateKind.DELEG and minorversion > 0:
                raise Nfs4Error(S.NFS4ERR_DELEG_REVOKED)
            raise Nfs4Error(S.NFS4ERR_EXPIRED)
        if seqid == 0 and minorversion > 0:
            return st
        if seqid == st.seqid:
            return st
        # Seqids wrap (rule 4): "older" is within half the space below the current one.
        behind = (st.seqid - seqid) & 0xFFFFFFFF
        if 0 < behind < 0x80000000:
            raise Nfs4Error(S.NFS4ERR_OLD_STATEID)
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)

    def client_of(self, other: bytes) -> int:
        """The clientid a stateid of this boot was made for (rule 1)."""
        return self.boot << 32 | struct.unpack_from(">I", other, 4)[0]  # type: ignore[no-any-return]

    def free(self, st: State) -> None:
        """Forget `st`: its stateid is BAD_STATEID from now on."""
        self._by_other.pop(st.other, None)

    def revoke(self, st: State) -> None:
        """Mark `st` revoked (lease expiry): EXPIRED until freed (rule 5)."""
        st.revoked = True

    def drop_client(self, client: int) -> int:
        """Forget every state of `client` (its record is gone); returns how many."""
        gone = [o for o, st in self._by_other.items() if st.client == client]
        for o in gone:
            del self._by_other[o]
        return len(gone)
