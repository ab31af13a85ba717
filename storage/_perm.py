"""Permission checks shared by the backends, modelled on knfsd's nfsd_permission().

Operation: a backend running as root decides itself whether ``cred`` may do an operation,
from the object's mode bits, owner and group, before doing it:

- the owner class applies if uid matches, else the group class if the object's gid is the
  caller's gid or one of its gids, else other;
- uid 0 bypasses read and write checks, and execute on directories; a non-directory needs at
  least one x bit even for root (generic_permission's CAP_DAC_OVERRIDE rule);
- READ, WRITE and truncate allow the owner regardless of the mode bits (knfsd's
  NFSD_MAY_OWNER_OVERRIDE: a file created 0444 must still take its first writes), and READ
  also accepts execute permission (NFSD_MAY_READ_IF_EXEC).

Privilege bits: the backend's writes, truncates and creates run with root's CAP_FSETID, so
the kernel never strips S_ISUID/S_ISGID for them.  `killed_privs` and `create_mode` apply the
rules a local syscall by the caller would (should_remove_suid / setattr_should_drop_sgid,
inode_init_owner / mode_strip_sgid), and only uid 0 keeps CAP_FSETID, as knfsd's
nfsd_setuser drops the file-system capabilities for every other fsuid.
"""

from __future__ import annotations

import errno
import stat

from storage.backend import (
    ACCESS_DELETE,
    ACCESS_EXECUTE,
    ACCESS_EXTEND,
    ACCESS_LOOKUP,
    ACCESS_MODIFY,
    ACCESS_READ,
    Attrs,
    Cred,
    FileType,
    SetAttrs,
    StorageError,
)

MAY_EXEC = 1
MAY_WRITE = 2
MAY_READ = 4


def permitted(a: Attrs, cred: Cred, want: int) -> bool:
    """True if every MAY_* bit in ``want`` is granted by the mode bits (root rules applied)."""
    if cred.uid == 0:
        if want & MAY_EXEC and a.type != FileType.DIR and not a.mode & 0o111:
            return False
        return True
    if cred.uid == a.uid:
        bits = (a.mode >> 6) & 7
    elif cred.in_group(a.gid):
        bits = (a.mode >> 3) & 7
    else:
        bits = a.mode & 7
    return want & bits == want


def require(a: Attrs, cred: Cred, want: int) -> None:
    """Raise EACCES unless `permitted`."""
    if not permitted(a, cred, want):
        raise StorageError(errno.EACCES)


def require_dir(a: Attrs) -> None:
    if a.type != FileType.DIR:
        raise StorageError(errno.ENOTDIR)


def require_read(a: Attrs, cred: Cred) -> None:
    """READ: owner override, and execute permission is enough (knfsd)."""
    if cred.uid == a.uid:
        return
    if not (permitted(a, cred, MAY_READ) or permitted(a, cred, MAY_EXEC)):
        raise StorageError(errno.EACCES)


def require_write(a: Attrs, cred: Cred) -> None:
    """WRITE and truncate: owner override (knfsd)."""
    if cred.uid != a.uid:
        require(a, cred, MAY_WRITE)


def require_xattr(a: Attrs, cred: Cred, *, write: bool) -> None:
    """user.* extended attributes (the kernel's xattr_permission): only regular files and
    directories have them (reading another type's is ENODATA, writing EPERM); in a sticky
    directory only its owner or root may write them (EPERM); then read or write permission
    by the mode bits, with no owner override."""
    if a.type not in (FileType.REG, FileType.DIR):
        raise StorageError(errno.EPERM if write else errno.ENODATA)
    if write and a.type == FileType.DIR and a.mode & stat.S_ISVTX and cred.uid not in (0, a.uid):
        raise StorageError(errno.EPERM)
    require(a, cred, MAY_WRITE if write else MAY_READ)


def require_sticky(dir: Attrs, victim: Attrs, cred: Cred) -> None:
    """In a sticky directory only the owner of the entry or of the directory, or root,
    may remove or rename it (EPERM, as the kernel's may_delete)."""
    if dir.mode & stat.S_ISVTX and cred.uid not in (0, victim.uid, dir.uid):
        raise StorageError(errno.EPERM)


def access_mask(a: Attrs, cred: Cred, mask: int) -> int:
    """ACCESS3 bits of ``mask`` granted to ``cred`` on ``a`` (RFC 1813 §3.3.4)."""
    granted = 0
    is_dir = a.type == FileType.DIR
    if permitted(a, cred, MAY_READ):
        granted |= ACCESS_READ
    if permitted(a, cred, MAY_WRITE):
        granted |= ACCESS_MODIFY | ACCESS_EXTEND
        if is_dir:
            granted |= ACCESS_DELETE
    if permitted(a, cred, MAY_EXEC):
        granted |= ACCESS_LOOKUP if is_dir else ACCESS_EXECUTE
    return granted & mask


def check_setattr(a: Attrs, sa: SetAttrs, cred: Cred) -> None:
    """Who may change what (the kernel's setattr_prepare + knfsd), raising before any change.

    Raises: EPERM (not owner for mode/explicit times/owner changes), EACCES (size or server
        time without write permission), EISDIR/EINVAL (size on a directory/non-file).
    """
    owner = cred.uid in (0, a.uid)
    if sa.size is not None:
        if a.type == FileType.DIR:
            raise StorageError(errno.EISDIR)
        if a.type != FileType.REG:
            raise StorageError(errno.EINVAL)
        require_write(a, cred)
    if sa.mode is not None and not owner:
        raise StorageError(errno.EPERM)
    if sa.uid is not None and sa.uid != a.uid and cred.uid != 0:
        raise StorageError(errno.EPERM)
    if (
        sa.gid is not None
        and sa.gid != a.gid
        and cred.uid != 0
        and not (cred.uid == a.uid and cred.in_group(sa.gid))
    ):
        raise StorageError(errno.EPERM)
    for t in (sa.atime, sa.mtime):
        if t is None or owner:
            continue
        if len(t) == 1:  # server time: write permission suffices
            require(a, cred, MAY_WRITE)
        else:
            raise StorageError(errno.EPERM)


def new_mode(a: Attrs, sa_mode: int, cred: Cred) -> int:
    """The mode chmod really sets: S_ISGID drops for a non-root caller outside the group."""
    mode = sa_mode & 0o7777
    if cred.uid != 0 and not cred.in_group(a.gid) and a.type != FileType.DIR:
        mode &= ~stat.S_ISGID
    return mode


def killed_privs(a: Attrs, cred: Cred) -> int | None:
    """The mode a WRITE or truncate by ``cred`` leaves on ``a`` (None: unchanged).

    should_remove_suid: S_ISUID always goes; S_ISGID goes when group-exec is set or the caller
    is not in the file's group (setattr_should_drop_sgid); uid 0 keeps both (CAP_FSETID).
    """
    if cred.uid == 0 or a.type != FileType.REG:
        return None
    kill = a.mode & stat.S_ISUID
    if a.mode & stat.S_ISGID and (a.mode & stat.S_IXGRP or not cred.in_group(a.gid)):
        kill |= stat.S_ISGID
    return a.mode & ~kill if kill else None


def create_owner(parent: Attrs, ftype: FileType, perm: int, cred: Cred) -> tuple[int, int]:
    """(gid, mode) of a new object made by ``cred`` in ``parent`` (inode_init_owner).

    The group is the parent's when it is setgid (a directory then inherits S_ISGID), else the
    caller's; a non-directory keeps S_ISGID with group-exec only for a member of that group or
    root (mode_strip_sgid).
    """
    mode = perm & 0o7777
    if not parent.mode & stat.S_ISGID:
        return cred.gid, mode
    gid = parent.gid
    if ftype == FileType.DIR:
        mode |= stat.S_ISGID
    elif (
        mode & (stat.S_ISGID | stat.S_IXGRP) == stat.S_ISGID | stat.S_IXGRP
        and cred.uid != 0
        and not cred.in_group(gid)
    ):
        mode &= ~stat.S_ISGID
    return gid, mode
