"""NFSv4 read delegations: who holds one on which file, recalls and revocation (sans-I/O).

Rules (RFC 8881 10.2, 10.4, 18.16.3, 18.6; knfsd nfs4state.c; each a unit test in
tests/nfsrdma/nfs4/state/test_delegations.py):

1. A read delegation is granted (`may_grant`) only for an OPEN asking for read access
   alone, without deny, when no other client has the file open for write or with a deny,
   nobody holds a delegation on it being recalled, and this client holds none on it yet
   (knfsd's nfs4_set_delegation; a second one would only be a second stateid).  Whether
   the client's callback path is up is the caller's to check.
2. An OPEN by another client conflicts with the delegations on the file (`conflicts`) when
   it asks for write access or denies read: those delegations are recalled and the OPEN
   answered NFS4ERR_DELAY until they are gone (RFC 8881 10.4.6).  The holder's own opens
   never conflict with its delegation.
3. `recalling` marks a delegation recalled at the clock's time (once); DELEGRETURN
   (`returned`) frees it and its stateid.
4. A delegation recalled a lease ago and not returned is revoked (`revoke_overdue`, run by
   the lease timer): it no longer covers the file (the conflicting OPEN proceeds), its
   stateid answers EXPIRED (DELEGRETURN: DELEG_REVOKED) until FREE_STATEID (`forget`),
   and while a 4.1 client has one, SEQUENCE sets SEQ4_STATUS_RECALLABLE_STATE_REVOKED.
5. A client that goes away (`expire_client`) takes its delegations with it.
"""

from __future__ import annotations

from collections.abc import Callable

from nfsrdma.nfs4.state.stateids import State, StateidTable, StateKind

__all__ = ["Delegation", "DelegationTable"]

FileKey = tuple[int, bytes]
ACCESS_READ, ACCESS_WRITE = 1, 2
DENY_READ = 1


class Delegation:
    """One read delegation: its stateid (``state``, kind DELEG), holder, file and handle
    (what CB_RECALL names), and when it was recalled (None: not yet)."""

    __slots__ = ("client", "fh", "file", "recalled_at", "revoked", "state")

    def __init__(self, state: State, client: int, file: FileKey, fh: bytes) -> None:
        self.state = state
        self.client = client
        self.file = file
        self.fh = fh
        self.recalled_at: float | None = None
        self.revoked = False


class DelegationTable:
    """Every delegation of one server instance (module rules)."""

    __slots__ = ("_by_file", "_revoked", "clock", "lease", "stateids")

    def __init__(self, stateids: StateidTable, clock: Callable[[], float],
                 lease: float) -> None:
        self.stateids = stateids
        self.clock = clock
        self.lease = lease
        self._by_file: dict[FileKey, list[Delegation]] = {}
        self._revoked: dict[bytes, Delegation] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_file.values())

    def on_file(self, file: FileKey) -> list[Delegation]:
        return list(self._by_file.get(file, ()))

    def may_grant(self, file: FileKey, client: int, access: int, deny: int,
                  others_open: Callable[[], bool]) -> bool:
        """Rule 1; ``others_open()`` says whether another client has the file open for
        write or with a deny (asked only when the rest allows)."""
        if access != ACCESS_READ or deny:
            return False
        held = self._by_file.get(file, ())
        if any(d.client == client or d.recalled_at is not None for d in held):
            return False
        return not others_open()

    def grant(self, file: FileKey, client: int, fh: bytes) -> Delegation:
        st = self.stateids.new(StateKind.DELEG, client)
        d = Delegation(st, client, file, fh)
        st.ref = d
        self._by_file.setdefault(file, []).append(d)
        return d

    def conflicts(self, file: FileKey, client: int, access: int, deny: int
                  ) -> list[Delegation]:
        """Rule 2: the delegations another client's OPEN (access, deny) must wait for."""
        if not (access & ACCESS_WRITE or deny & DENY_READ):
            return []
        return [d for d in self._by_file.get(file, ()) if d.client != client]

    def recalling(self, d: Delegation) -> bool:
        """Rule 3: mark `d` recalled; True the first time (send CB_RECALL then)."""
        if d.recalled_at is not None:
            return False
        d.recalled_at = self.clock()
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
        return revoked, due

    def holds(self, client: int) -> bool:
        """Does `client` hold a delegation (RENEW's CB_PATH_DOWN asks)?"""
        return any(d.client == client for held in self._by_file.values() for d in held)

    def has_revoked(self, client: int) -> bool:
        """Rule 4: does `client` have revoked delegations it has not freed?"""
        return any(d.client == client for d in self._revoked.values())

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
