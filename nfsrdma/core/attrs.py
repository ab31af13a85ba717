"""Attribute and name rules every NFS version shares.

Operation: protocol modules translate their wire attributes into `storage.SetAttrs` and
back; the limits and checks that do not depend on the version live here, so NFSv3 and
NFSv4 answer the same request the same way.
"""

from __future__ import annotations

from nfsrdma.core.errors import ErrorKind, NfsError
from storage.backend import SetAttrs
from storage.backend import check_name as storage_check_name

__all__ = ["MAX_FILE_SIZE", "check_name", "check_size", "is_empty"]

# Largest byte offset + 1 a file may reach: off_t max, what FSINFO advertises as maxfilesize.
# Offsets on the wire are uint64, so the NFS layer checks the range itself: past it, pwritev/
# ftruncate would fail with EINVAL or not take the value at all (RFC 1813 §3.3.7: FBIG).
MAX_FILE_SIZE = (1 << 63) - 1


def check_name(name: bytes) -> None:
    """Storage's name rule (EINVAL, ENAMETOOLONG), with a "/" told apart as BADNAME.

    Raises: NfsError(BADNAME) for a "/" in the component; StorageError(EINVAL) for an
    empty name or a NUL; StorageError(ENAMETOOLONG) past 255 bytes.
    """
    if b"/" in name:
        raise NfsError(ErrorKind.BADNAME, "'/' in a name")
    storage_check_name(name)


def check_size(end: int) -> None:
    """Raises NfsError(FBIG) when a file would reach past `MAX_FILE_SIZE`."""
    if end > MAX_FILE_SIZE:
        raise NfsError(ErrorKind.FBIG, "past the largest file size")


def is_empty(s: SetAttrs) -> bool:
    """True when `s` changes nothing (a SETATTR that only checks its guard)."""
    return all(getattr(s, f) is None for f in ("mode", "uid", "gid", "size", "atime", "mtime"))
