"""NFSv4 opens: open-owners, their opens per file, share reservations (RFC 8881 9.7, 18.16).

Rules (each a unit test in tests/nfsrdma/nfs4/state/test_opens.py):

1. An open-owner is (client id, owner bytes); it has at most one open per file, and that
   open has one open stateid (RFC 8881 9.1.4.1).  A second OPEN of the file by the same
   owner upgrades it: access and deny become the unions and the stateid's seqid goes up.
2. Share reservations hold across every client (RFC 8881 9.7): an OPEN fails with
   NFS4ERR_SHARE_DENIED when its access meets an open's deny on the file, or its deny
   meets an open's access.  The owner's own open of the file counts too (RFC 7530 9.9:
   an upgrade is checked as an OPEN; knfsd checks the file's deny and access counts,
   its own included): an owner holding DENY_WRITE cannot upgrade to WRITE.
3. OPEN_DOWNGRADE (RFC 8881 18.18.3): the new access/deny must be a subset of the current
   ones and each must have been used by an OPEN of this open (knfsd's access/deny bmaps);
   otherwise NFS4ERR_INVAL.
4. I/O with an open stateid needs its access: WRITE needs WRITE (else NFS4ERR_OPENMODE);
   READ is allowed with READ or WRITE access (as knfsd's access_permit_read).  I/O without
   an open (anonymous stateid) fails NFS4ERR_LOCKED when an open denies that access; the
   READ bypass stateid skips deny checks for READ (RFC 8881 8.2.3, 9.7).
5. 4.0 owners carry a seqid (RFC 7530 9.1.7): a new owner takes the client's seqid as is;
   then seqid == last + 1 is the next request, seqid == last is a retransmission answered
   with the owner's last reply (kept with the filehandle it set), anything else
   NFS4ERR_BAD_SEQID.  The seqid advances on every reply except those RFC 7530 9.1.7 lists
   (STALE_CLIENTID, STALE_STATEID, BAD_STATEID, BAD_SEQID, BADXDR, RESOURCE, NOFILEHANDLE,
   MOVED).  A new 4.0 owner is unconfirmed until OPEN_CONFIRM; its stateids are usable
   only by OPEN_CONFIRM.
6. CLOSE frees the open's stateid (4.1: at once; 4.0: the stateid still finds its owner,
   for a retransmitted CLOSE to get the last reply, until the owner's next close or reap).  An owner with no opens is forgotten after a lease time (`reap`).
7. Lease expiry (`expire_client`) drops every open of the client, releasing its share
   reservations at once; 4.1 stateids stay known as revoked (EXPIRED) until FREE_STATEID.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from nfsrdma.gen.nfs4_prot import nfsstat4
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.stateids import State, StateidTable, StateKind

__all__ = [
    "ACCESS_BOTH",
    "ACCESS_READ",
    "ACCESS_WRITE",
    "NO_ADVANCE",
    "Open",
    "OpenOwner",
    "OpenTable",
    "Replay",
    "SeqidOwner",
]

S = nfsstat4
ACCESS_READ = 1
ACCESS_WRITE = 2
ACCESS_BOTH = 3

#: Statuses after which a 4.0 owner's seqid does not advance (RFC 7530 9.1.7).
NO_ADVANCE = frozenset({
    S.NFS4ERR_STALE_CLIENTID, S.NFS4ERR_STALE_STATEID, S.NFS4ERR_BAD_STATEID,
    S.NFS4ERR_BAD_SEQID, S.NFS4ERR_BADXDR, S.NFS4ERR_RESOURCE, S.NFS4ERR_NOFILEHANDLE,
    S.NFS4ERR_MOVED,
})

FileKey = tuple[int, bytes]


class Replay:
    """A 4.0 owner's last reply (rule 5): the op's result and the filehandle it left."""

    __slots__ = ("fh", "result", "seqid")

    def __init__(self, seqid: int, result: Any, fh: Any) -> None:
        self.seqid = seqid
        self.result = result
        self.fh = fh


class SeqidOwner(Protocol):
    """A 4.0 owner with a seqid (rule 5): an open-owner, or a lock-owner (`lockowners`)."""

    seqid: int | None
    last: Replay | None


class OpenOwner:
    """(client, owner) and its opens by file (rule 1); 4.0 seqid state (rule 5)."""

    __slots__ = ("client", "closed", "confirmed", "idle_since", "last", "opens", "owner",
                 "seqid")

    def __init__(self, client: int, owner: bytes, confirmed: bool, now: float) -> None:
        self.client = client
        self.owner = owner
        self.confirmed = confirmed
        #: the last seqid answered (4.0); None before the first request.
        self.seqid: int | None = None
        self.last: Replay | None = None
        self.opens: dict[FileKey, Open] = {}
        #: when the owner last had no opens (None while it has some): `reap`.
        self.idle_since: float | None = now
        #: ``other`` of its last CLOSEd stateid (4.0 replay, rule 6).
        self.closed: bytes | None = None


class Open:
    """One owner's open of one file: its stateid, access and deny, and the modes used."""

    __slots__ = ("access", "access_used", "deny", "deny_used", "file", "owner", "state")

    def __init__(self, owner: OpenOwner, file: FileKey, state: State) -> None:
        self.owner = owner
        self.file = file
        self.state = state
        self.access = 0
        self.deny = 0
        # Bit (1 << mode) for each access/deny value an OPEN used (rule 3).
        self.access_used = 0
        self.deny_used = 0


def _bump_seqid(seqid: int) -> int:
    return (seqid + 1) & 0xFFFFFFFF


class OpenTable:
    """Every open of one server (rules 1-7).

    ``stateids``: the server's stateid table (opens' stateids live there);
    ``clock``: monotonic seconds; ``lease``: seconds an idle owner is kept (rule 6).
    """

    __slots__ = ("_by_file", "_closed", "_owners", "clock", "lease", "stateids")

    def __init__(self, stateids: StateidTable, clock: Callable[[], float], lease: float) -> None:
        self.stateids = stateids
        self.clock = clock
        self.lease = lease
        self._owners: dict[tuple[int, bytes], OpenOwner] = {}
        self._by_file: dict[FileKey, set[Open]] = {}
        self._closed: dict[bytes, OpenOwner] = {}

    # -- owners and 4.0 seqids ---------------------------------------------------------------

    def owner(self, client: int, owner: bytes, *, minorversion: int) -> OpenOwner:
        """The open-owner (client, owner), created if new (4.1+ owners need no confirming)."""
        key = (client, owner)
        oo = self._owners.get(key)
        if oo is None:
            oo = OpenOwner(client, owner, minorversion > 0, self.clock())
            self._owners[key] = oo
        return oo

    def find_owner(self, client: int, owner: bytes) -> OpenOwner | None:
        return self._owners.get((client, owner))

    @staticmethod
    def check_seqid(oo: SeqidOwner, seqid: int) -> Replay | None:
        """Rule 5: None to go ahead, the cached `Replay` for a retransmission.

        Raises: Nfs4Error(BAD_SEQID).
        """
        if oo.seqid is None or seqid == _bump_seqid(oo.seqid):
            return None
        if seqid == oo.seqid and oo.last is not None:
            return oo.last
        raise Nfs4Error(S.NFS4ERR_BAD_SEQID)

    @staticmethod
    def record(oo: SeqidOwner, seqid: int, status: int, result: Any, fh: Any) -> None:
        """Rule 5: remember the reply to `seqid` unless its status leaves the seqid alone."""
        if status in NO_ADVANCE:
            return
        oo.seqid = seqid
        oo.last = Replay(seqid, result, fh)

    # -- opens -------------------------------------------------------------------------------

    def opens_of(self, file: FileKey) -> set[Open]:
        return self._by_file.get(file, set())

    def conflict(self, file: FileKey, access: int, deny: int) -> bool:
        """Rule 2: does (access, deny) clash with an open of `file`?"""
        for o in self._by_file.get(file, ()):
            if access & o.deny or deny & o.access:
                return True
        return False

    def open(self, oo: OpenOwner, file: FileKey, access: int, deny: int) -> Open:
        """OPEN's state change (rules 1, 2): a new open or an upgrade of the owner's open.

        Assumptions: access in 1..3, deny in 0..3 (the op checked; INVAL otherwise).
        Returns: the open, its stateid new (seqid 1) or bumped.
        Raises: Nfs4Error(SHARE_DENIED).
        """
        mine = oo.opens.get(file)
        if self.conflict(file, access, deny):
            raise Nfs4Error(S.NFS4ERR_SHARE_DENIED)
        if mine is None:
            st = self.stateids.new(StateKind.OPEN, oo.client)
            mine = Open(oo, file, st)
            st.ref = mine
            oo.opens[file] = mine
            oo.idle_since = None
            self._by_file.setdefault(file, set()).add(mine)
        else:
            mine.state.bump()
        mine.access |= access
        mine.deny |= deny
        mine.access_used |= 1 << access
        mine.deny_used |= 1 << deny
        return mine

    def downgrade(self, o: Open, access: int, deny: int) -> None:
        """OPEN_DOWNGRADE (rule 3); bumps the stateid.  Raises: Nfs4Error(INVAL)."""
        if (access & ~o.access or deny & ~o.deny or not o.access_used >> access & 1
                or not o.deny_used >> deny & 1):
            raise Nfs4Error(S.NFS4ERR_INVAL)
        o.access = access
        o.deny = deny
        # The modes above the new ones are no longer "used" (knfsd's reset_union_bmap_*).
        o.access_used &= sum(1 << a for a in range(4) if a & ~access == 0)
        o.deny_used &= sum(1 << d for d in range(4) if d & ~deny == 0)
        o.state.bump()

    def close(self, o: Open, *, keep_for_replay: bool = False) -> tuple[int, bytes]:
        """CLOSE (rule 6): drops the open and frees its stateid; returns the bumped stateid.
        ``keep_for_replay`` (4.0): `closed_owner` still finds the owner by the stateid."""
        sid = o.state.bump()
        self._unlink(o)
        self.stateids.free(o.state)
        if keep_for_replay:
            oo = o.owner
            if oo.closed is not None:
                self._closed.pop(oo.closed, None)
            oo.closed = o.state.other
            self._closed[oo.closed] = oo
        return sid

    def closed_owner(self, other: bytes) -> OpenOwner | None:
        """The 4.0 owner whose last CLOSE freed the stateid `other` (rule 6), if any."""
        return self._closed.get(other)

    def _forget(self, key: tuple[int, bytes]) -> None:
        oo = self._owners.pop(key)
        if oo.closed is not None:
            self._closed.pop(oo.closed, None)

    def _unlink(self, o: Open) -> None:
        oo = o.owner
        if oo.opens.get(o.file) is o:
            del oo.opens[o.file]
        same = self._by_file.get(o.file)
        if same is not None:
            same.discard(o)
            if not same:
                del self._by_file[o.file]
        if not oo.opens:
            oo.idle_since = self.clock()

    # -- I/O checks --------------------------------------------------------------------------

    def check_io(self, o: Open, file: FileKey, write: bool) -> None:
        """Rule 4 with an open stateid.  Raises: Nfs4Error BAD_STATEID (another file's
        stateid, or a 4.0 owner not yet confirmed), OPENMODE."""
        if o.file != file or not o.owner.confirmed:
            raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
        if write and not o.access & ACCESS_WRITE:
            raise Nfs4Error(S.NFS4ERR_OPENMODE)
        if not write and not o.access & ACCESS_BOTH:
            raise Nfs4Error(S.NFS4ERR_OPENMODE)

    def check_anonymous(self, file: FileKey, write: bool, bypass: bool = False) -> None:
        """Rule 4 without an open.  Raises: Nfs4Error(LOCKED) when an open denies it."""
        if bypass and not write:
            return
        want = ACCESS_WRITE if write else ACCESS_READ
        for o in self._by_file.get(file, ()):
            if o.deny & want:
                raise Nfs4Error(S.NFS4ERR_LOCKED)

    # -- lifetime ----------------------------------------------------------------------------

    def expire_client(self, client: int, *, keep_revoked: bool) -> int:
        """Rule 7: drop every open and owner of `client`; returns the opens dropped.
        ``keep_revoked`` (4.1 clients): their stateids answer EXPIRED until freed."""
        n = 0
        for key in [k for k in self._owners if k[0] == client]:
            oo = self._owners[key]
            self._forget(key)
            for o in list(oo.opens.values()):
                self._unlink(o)
                if keep_revoked:
                    self.stateids.revoke(o.state)
                else:
                    self.stateids.free(o.state)
                n += 1
        return n

    def reap(self) -> int:
        """Rule 6: forget owners idle (no opens) for over a lease; returns how many."""
        limit = self.clock() - self.lease
        gone = [k for k, oo in self._owners.items()
                if not oo.opens and oo.idle_since is not None and oo.idle_since <= limit]
        for k in gone:
            self._forget(k)
        return len(gone)

    def confirm(self, oo: OpenOwner) -> None:
        """OPEN_CONFIRM's state change (RFC 7530 16.18): the owner is confirmed."""
        oo.confirmed = True
