"""NFSv4 delegations: who holds one on which file, recalls and revocation (sans-I/O).

Rules (RFC 8881 10.2, 10.4, 18.16.3, 18.6; knfsd nfs4state.c; each a unit test in
tests/nfsrdma/nfs4/state/test_delegations.py):

1. A read delegation is granted (`may_grant`) only for an OPEN asking for read access
   alone, without deny, when no other client has the file open for write or with a deny;
   a write delegation (RFC 8881 10.4.1: the sole writer) only for an OPEN asking for both
   read and write, without deny, when no other client has the file open at all and nobody
   else holds a delegation on it (knfsd's nfs4_set_delegation: read access too, so the
   holder can fill its cache).  Never when a delegation on the file is being recalled, or
   was recalled within the last lease (knfsd's block_delegations: a contended file is
   not handed out again at once), or this client holds one on it already (a second one
   would only be a second stateid).  Whether the client's callback path is up is the
   caller's to check.
2. An OPEN by another client conflicts with the delegations on the file (`conflicts`) when
   it asks for write access or denies read, and with a write delegation whatever it asks:
   those delegations are recalled and the OPEN answered NFS4ERR_DELAY until they are gone
   (RFC 8881 10.4.6).  The holder's own opens never conflict with its delegation.  Any
   other change (`changes`: an NFSv3 WRITE or SETATTR, NLM, a REMOVE / RENAME / LINK, a
   v4 SETATTR of another client) conflicts the same way: a change with every delegation,
   a read (`write=False`) with write delegations only.
3. `recalling` marks a delegation recalled at the clock's time (once); DELEGRETURN
   (`returned`) frees it and its stateid.
4. A delegation recalled a lease ago and not returned is revoked (`revoke_overdue`, run by
   the lease timer): it no longer covers the file (the conflicting OPEN proceeds), its
   stateid answers EXPIRED (DELEGRETURN: DELEG_REVOKED) until FREE_STATEID (`forget`),
   and while a 4.1 client has one, SEQUENCE sets SEQ4_STATUS_RECALLABLE_STATE_REVOKED.
5. A client that goes away (`expire_client`) takes its delegations with it.
6. A write delegation's holder may have changed the file without telling the server
   (RFC 8881 10.4.3): another client's GETATTR of size or change asks it with CB_GETATTR,
   and `cb_attrs` records the answer: a change attribute other than the one last known
   (at the grant, or the last CB_GETATTR) and than the server's own (the holder wrote
   through, and saw it in the replies), or another size, means the file was modified:
   the size is the client's, and the change attribute served is one past the larger of
   the server's own and the last one served, so other clients see it move.
"""

from __future__ import annotations

from collections.abc import Callable

from nfsrdma.nfs4.state.stateids import State, StateidTable, StateKind

__all__ = ["Delegation", "DelegationTable"]

FileKey = tuple[int, bytes]
ACCESS_READ, ACCESS_WRITE = 1, 2
DENY_READ = 1


class Delegation:
    """One delegation: its stateid (``state``, kind DELEG), holder, file and handle (what
    CB_RECALL names), ``write`` (a write delegation), and when it was recalled (None: not
    yet).  A write delegation also keeps what CB_GETATTR told (rule 6): ``known_change``
    (the change attribute last known: the server's at the grant, then the client's),
    ``size`` (the client's size once it reported a modification, else None) and
    ``served_change`` (the change attribute last served to others, 0: none)."""

    __slots__ = ("client", "fh", "file", "known_change", "recalled_at", "revoked",
                 "served_change", "size", "state", "write")

    def __init__(self, state: State, client: int, file: FileKey, fh: bytes,
                 write: bool = False, change: int = 0) -> None:
        self.state = state
        self.client = client
        self.file = file
        self.fh = fh
        self.write = write
        self.recalled_at: float | None = None
        self.revoked = False
        self.known_change = change
        self.size: int | None = None
        self.served_change = 0


class DelegationTable:
    """Every delegation of one server instance (module rules)."""

    __slots__ = ("_by_file", "_recalled", "_revoked", "clock", "enabled", "lease",
                 "stateids")

    def __init__(self, stateids: StateidTable, clock: Callable[[], float],
                 lease: float) -> None:
        self.stateids = stateids
        self.clock = clock
        self.lease = lease
        self._by_file: dict[FileKey, list[Delegation]] = {}
        self._revoked: dict[bytes, Delegation] = {}
        #: file -> when a delegation on it was last recalled (rule 1), pruned by
        #: `revoke_overdue`.
        self._recalled: dict[FileKey, float] = {}
        #: False: none are granted (the server's --no-delegations).
        self.enabled = True

    def __bool__(self) -> bool:
        return bool(self._by_file)

    @property
    def files(self) -> dict[FileKey, list[Delegation]]:
        """file -> its delegations (never replaced: a caller may keep it to look up)."""
        return self._by_file

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_file.values())

    def on_file(self, file: FileKey) -> list[Delegation]:
        return list(self._by_file.get(file, ()))

    def may_grant(self, file: FileKey, client: int, access: int, deny: int,
                  others_open: Callable[[bool], bool], write: bool = False) -> bool:
        """Rule 1: may `client` have a read delegation (a write one when `write`)?
        ``others_open(write)`` says whether another client has the file open (for write
        or with a deny when not `write`; at all when `write`), asked only when the rest
        allows."""
        if not self.enabled or deny or access != (
                ACCESS_READ | ACCESS_WRITE if write else ACCESS_READ):
            return False
        held = self._by_file.get(file, ())
        if any(d.client == client or d.recalled_at is not None or write or d.write
               for d in held):
            return False
        since = self._recalled.get(file)
        if since is not None and self.clock() - since < self.lease:
            return False
        return not others_open(write)

    def grant(self, file: FileKey, client: int, fh: bytes, write: bool = False,
              change: int = 0) -> Delegation:
        """A new delegation (`change`: the file's change attribute now, rule 6)."""
        st = self.stateids.new(StateKind.DELEG, client)
        d = Delegation(st, client, file, fh, write, change)
        st.ref = d
        self._by_file.setdefault(file, []).append(d)
        return d

    def conflicts(self, file: FileKey, client: int, access: int, deny: int
                  ) -> list[Delegation]:
        """Rule 2: the delegations another client's OPEN (access, deny) must wait for."""
        held = self._by_file.get(file)
        if not held:
            return []
        if access & ACCESS_WRITE or deny & DENY_READ:
            return [d for d in held if d.client != client]
        return [d for d in held if d.client != client and d.write]

    def changes(self, file: FileKey, write: bool, by: int | None) -> list[Delegation]:
        """Rule 2: the delegations a change (`write`) or a read of `file` by `by` (a v4
        clientid, None for another protocol) must wait for.  One dict lookup when the
        file has none."""
        held = self._by_file.get(file)
        if not held:
            return []
        return [d for d in held if d.client != by and (write or d.write)]

    def write_deleg(self, file: FileKey, by: int | None) -> Delegation | None:
        """The write delegation another client than `by` holds on `file` (rule 6)."""
        held = self._by_file.get(file)
        if not held:
            return None
        return next((d for d in held if d.write and d.client != by), None)

    def cb_attrs(self, d: Delegation, change: int | None, size: int | None,
                 server_change: int, server_size: int) -> tuple[int, int]:
        """Rule 6: the holder answered CB_GETATTR with `change` and `size` (None: not
        sent); `server_change` and `server_size` are the file's own now.

        Returns: (the change attribute, the size) to serve.
        """
        modified = (change is not None and change not in (d.known_change, server_change)) or (
            size is not None and size != (d.size if d.size is not None else server_size))
        if change is not None:
            d.known_change = change
        if modified:
            d.size = size if size is not None else d.size
            d.served_change = max(server_change, d.served_change) + 1
        return (max(server_change, d.served_change),
                d.size if d.size is not None else server_size)

    def recalling(self, d: Delegation) -> bool:
        """Rule 3: mark `d` recalled; True the first time (send CB_RECALL then)."""
        if d.recalled_at is not None:
            return False
        d.recalled_at = self._recalled[d.file] = self.clock()
        return True

    def _unlink(self, d: Delegation) -> None:
        held = self._by_file.get(d.file)
        if held is not None and d in held:
            held.remove(d)
            if not held:
                del self._by_file[d.file]

    def returned(self, d: Delegation) -> None:
        """DELEGRETURN (rule 3): `d` and its stateid are gone."""
        self._unlink(d)
        self.stateids.free(d.state)

    def revoke_overdue(self) -> tuple[list[Delegation], float | None]:
        """Rule 4: revoke every delegation recalled over a lease ago.

        Returns: (the delegations revoked now, seconds until the next one is due or None).
        """
        now = self.clock()
        revoked: list[Delegation] = []
        due: float | None = None
        for held in list(self._by_file.values()):
            for d in list(held):
                if d.recalled_at is None:
                    continue
                left = d.recalled_at + self.lease - now
                if left <= 0:
                    self._unlink(d)
                    d.revoked = True
                    self.stateids.revoke(d.state)
                    self._revoked[d.state.other] = d
                    revoked.append(d)
                elif due is None or left < due:
                    due = left
        for file in [f for f, t in self._recalled.items() if now - t >= self.lease]:
            del self._recalled[file]
        return revoked, due

    def holds(self, client: int) -> bool:
        """Does `client` hold a delegation (RENEW's CB_PATH_DOWN asks)?"""
        return any(d.client == client for held in self._by_file.values() for d in held)

    def has_revoked(self, client: int) -> bool:
        """Rule 4: does `client` have revoked delegations it has not freed?"""
        revoked = self._revoked
        return bool(revoked) and any(d.client == client for d in revoked.values())

    def forget(self, other: bytes) -> None:
        """FREE_STATEID of a revoked delegation (rule 4)."""
        self._revoked.pop(other, None)

    def expire_client(self, client: int) -> int:
        """Rule 5: drop every delegation of `client` (its stateids with it)."""
        gone = [d for held in self._by_file.values() for d in held if d.client == client]
        for d in gone:
            self._unlink(d)
            self.stateids.free(d.state)
        for other in [o for o, d in self._revoked.items() if d.client == client]:
            del self._revoked[other]
        return len(gone)
