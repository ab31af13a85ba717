"""The delegation seam: what a protocol asks before it changes a file (RFC 8881 10.4.6).

Operation: NFSv4 hands files out to clients as delegations (`nfsrdma.nfs4.delegate`); any
other way of changing a file (an NFSv3 WRITE, SETATTR of the size, REMOVE, RENAME, LINK,
an NLM lock, another v4 client's SETATTR / REMOVE / RENAME / LINK) must first take them
back.  `NfsService.delegations` is the one object every protocol asks, without knowing
NFSv4: ``conflicts(file_key, write, by)`` starts the recalls and says whether the caller
must answer "try later" (NFSv3 NFS3ERR_JUKEBOX, NLM LCK_DENIED_GRACE_PERIOD, NFSv4
NFS4ERR_DELAY; knfsd answers so while a lease break is pending).  A server without
NFSv4 keeps `NO_DELEGATIONS`, which never conflicts.

`file_key` is (export id, storage FileId), the key the v4 open table and the lock manager
use.  `by` is the asking v4 client's clientid (its own delegations never conflict), None
for every other protocol.  `write`: a change (every delegation conflicts) or a read (only
write delegations do).  ``outstanding`` is false while no delegation exists anywhere, so a
handler that must look a name up before asking skips the lookup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from nfsrdma.core.errors import ErrorKind, NfsError
from storage.backend import FileId

if TYPE_CHECKING:
    from nfsrdma.core.policy import Target

__all__ = ["NO_DELEGATIONS", "Delegations", "FileKey", "NoDelegations", "check", "check_file",
           "check_named"]

FileKey = tuple[int, FileId]


class Delegations(Protocol):
    """What a protocol asks before changing a file (module docstring)."""

    @property
    def outstanding(self) -> bool: ...

    def conflicts(self, file_key: FileKey, write: bool, by: int | None = None) -> bool: ...


class NoDelegations:
    """No NFSv4: nothing is ever delegated."""

    __slots__ = ()

    @property
    def outstanding(self) -> bool:
        return False

    def conflicts(self, file_key: FileKey, write: bool, by: int | None = None) -> bool:
        return False


NO_DELEGATIONS = NoDelegations()


def check(delegs: Delegations, t: Target, write: bool = True, by: int | None = None) -> None:
    """Before changing (`write`) or reading `t`'s file: recall what conflicts.

    Raises: NfsError(DELAY) while a delegation on it is being recalled (the caller's
    "try later": v3 JUKEBOX, NLM DENIED_GRACE_PERIOD, v4 DELAY).
    """
    # While nothing is delegated anywhere (every NFSv3-only server, most of the time) this
    # is one attribute read on the READ/WRITE path: no key tuple, no table lookup.
    if delegs.outstanding:
        check_file(delegs, (t.export.id, t.fid), write, by)


def check_file(delegs: Delegations, file_key: FileKey, write: bool = True,
               by: int | None = None) -> None:
    """`check` by the file's key (NLM keeps its files so).  Raises: as `check`."""
    if delegs.conflicts(file_key, write, by):
        raise NfsError(ErrorKind.DELAY, "a delegation of the file is being recalled")


async def check_named(delegs: Delegations, t: Target, name: bytes, by: int | None = None
                      ) -> None:
    """`check` for the object `name` in directory `t` (REMOVE, RENAME's two names); the
    name is looked up only while some delegation exists.  A name that does not resolve
    has nothing delegated (the operation itself reports it).

    Raises: as `check`.
    """
    if not delegs.outstanding:
        return
    try:
        fid = await t.export.backend.lookup(t.fid, name, t.cred)
    except OSError:
        return
    if delegs.conflicts((t.export.id, fid), True, by):
        raise NfsError(ErrorKind.DELAY, "a delegation of the file is being recalled")
