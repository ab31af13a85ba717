"""DOS share reservations of NLM SHARE / UNSHARE (sans-I/O).

Rules (XNFS NLM chapter; lockd's fs/lockd/svcshare.c):

- A share is held by an owner (``client`` = ("nlm", caller_name), ``key`` = oh) on a file,
  with an ``access`` (what it will do: fsa_R / fsa_W bits) and a ``mode`` (what it denies
  others: fsm_DR / fsm_DW bits).
- A request conflicts with another owner's share when its access meets that share's deny
  mode, or its deny mode meets that share's access.  A conflict is LCK_DENIED; the same owner
  asking again replaces its own share (access and mode updated).
- UNSHARE of a share not held is fine.  FREE_ALL and a client's reboot drop all its shares.
- Bounded memory: at most ``max_per_client`` shares per client (NO_RESOURCES after it).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from nfsrdma.locks.manager import LockError, LockErrorKind, Owner

__all__ = ["MAX_SHARES_PER_CLIENT", "ShareTable"]

#: Shares per client: DOS clients hold one per open file; 4096 matches the lock cap.
MAX_SHARES_PER_CLIENT = 4096


class ShareTable:
    """Every NLM share reservation of the server."""

    __slots__ = ("_by_client", "_files", "max_per_client")

    def __init__(self, max_per_client: int = MAX_SHARES_PER_CLIENT) -> None:
        self.max_per_client = max_per_client
        self._files: dict[Hashable, dict[Owner, tuple[int, int]]] = {}
        self._by_client: dict[Hashable, set[tuple[Hashable, Owner]]] = {}

    def share(self, file: Hashable, owner: Owner, access: int, mode: int) -> bool:
        """SHARE: returns True when granted, False on a conflict (LCK_DENIED).

        Raises: LockError(NO_RESOURCES) past the client's cap.
        """
        held = self._files.get(file, {})
        for other, (o_access, o_mode) in held.items():
            if other != owner and (access & o_mode or mode & o_access):
                return False
        mine = self._by_client.setdefault(owner.client, set())
        if owner not in held and len(mine) >= self.max_per_client:
            if not mine:
                del self._by_client[owner.client]
            raise LockError(LockErrorKind.NO_RESOURCES, "too many shares for this client")
        self._files.setdefault(file, {})[owner] = (access, mode)
        mine.add((file, owner))
        return True

    def unshare(self, file: Hashable, owner: Owner) -> None:
        """UNSHARE: drop the owner's share of the file (none held is fine)."""
        held = self._files.get(file)
        if held is None or held.pop(owner, None) is None:
            return
        if not held:
            del self._files[file]
        mine = self._by_client[owner.client]
        mine.discard((file, owner))
        if not mine:
            del self._by_client[owner.client]

    def release_client(self, client: Hashable) -> int:
        """FREE_ALL / a rebooted client: drop all its shares; returns how many."""
        mine = self._by_client.pop(client, set())
        for file, owner in mine:
            held = self._files[file]
            del held[owner]
            if not held:
                del self._files[file]
        return len(mine)

    def clients(self) -> Iterable[Hashable]:
        """The clients holding shares now."""
        return self._by_client.keys()

    def shares(self, file: Hashable) -> dict[Owner, tuple[int, int]]:
        """The shares held on ``file``: owner -> (access, mode)."""
        return dict(self._files.get(file, {}))
