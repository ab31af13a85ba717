"""NFSv4 errors: the one mapping from version-neutral failures to nfsstat4.

Operation: op handlers raise (`core.errors.NfsError`, storage's `OSError`, or `Nfs4Error`
for a status only NFSv4 has) and the COMPOUND loop turns what it caught into the op's
status with `status_of`, so every op maps the same failure to the same status.  Anything
else a handler raises is a bug: it goes up to the dispatcher, which logs it with its
traceback, counts it and answers NFS4ERR_SERVERFAULT (`program.build_version`).
"""

from __future__ import annotations

from nfsrdma.core.errors import EXPECTED, ErrorKind, NfsError, kind_of
from nfsrdma.gen.nfs4_prot import nfsstat4

__all__ = ["EXPECTED4", "Nfs4Error", "status_of"]


class Nfs4Error(Exception):
    """An expected failure whose status exists only in NFSv4 (BADXDR, OP_ILLEGAL, ...)."""

    def __init__(self, status: nfsstat4, msg: str = "") -> None:
        super().__init__(msg or status.name)
        self.status = status


#: What the COMPOUND loop catches from a handler; anything else is a bug.
EXPECTED4: tuple[type[Exception], ...] = (Nfs4Error, *EXPECTED)

S = nfsstat4
# kind -> nfsstat4 (RFC 8881 section 15.1; knfsd's nfserrno() for the errno-born kinds).
_KIND_STATUS: dict[ErrorKind, nfsstat4] = {
    ErrorKind.PERM: S.NFS4ERR_PERM,
    ErrorKind.NOENT: S.NFS4ERR_NOENT,
    ErrorKind.IO: S.NFS4ERR_IO,
    ErrorKind.NXIO: S.NFS4ERR_NXIO,
    ErrorKind.ACCES: S.NFS4ERR_ACCESS,
    ErrorKind.EXIST: S.NFS4ERR_EXIST,
    ErrorKind.XDEV: S.NFS4ERR_XDEV,
    # nfsstat4 has no NODEV (RFC 8881 15.1 dropped it); a missing device is NXIO there too.
    ErrorKind.NODEV: S.NFS4ERR_NXIO,
    ErrorKind.NOTDIR: S.NFS4ERR_NOTDIR,
    ErrorKind.ISDIR: S.NFS4ERR_ISDIR,
    ErrorKind.INVAL: S.NFS4ERR_INVAL,
    ErrorKind.FBIG: S.NFS4ERR_FBIG,
    ErrorKind.NOSPC: S.NFS4ERR_NOSPC,
    ErrorKind.ROFS: S.NFS4ERR_ROFS,
    ErrorKind.MLINK: S.NFS4ERR_MLINK,
    ErrorKind.NAMETOOLONG: S.NFS4ERR_NAMETOOLONG,
    ErrorKind.NOTEMPTY: S.NFS4ERR_NOTEMPTY,
    ErrorKind.DQUOT: S.NFS4ERR_DQUOT,
    # Handles are persistent (FH4_PERSISTENT): one that no longer names anything is STALE,
    # never FHEXPIRED (RFC 8881 4.2.3).
    ErrorKind.STALE: S.NFS4ERR_STALE,
    ErrorKind.BADHANDLE: S.NFS4ERR_BADHANDLE,
    ErrorKind.BADNAME: S.NFS4ERR_BADNAME,
    ErrorKind.WRONGSEC: S.NFS4ERR_WRONGSEC,
    # v4 SETATTR has no ctime guard; a v3-style guard mismatch has no better v4 status.
    ErrorKind.NOT_SYNC: S.NFS4ERR_INVAL,
    ErrorKind.BAD_COOKIE: S.NFS4ERR_BAD_COOKIE,
    ErrorKind.NOTSUPP: S.NFS4ERR_NOTSUPP,
    ErrorKind.TOOSMALL: S.NFS4ERR_TOOSMALL,
    ErrorKind.BADTYPE: S.NFS4ERR_BADTYPE,
    ErrorKind.DELAY: S.NFS4ERR_DELAY,
    ErrorKind.SERVERFAULT: S.NFS4ERR_SERVERFAULT,
}


def status_of(exc: BaseException) -> nfsstat4:
    """The one failure -> nfsstat4 mapping.

    Assumptions: `exc` is one of `EXPECTED4` (the loop catches nothing else).
    Returns: the op's status.
    """
    if isinstance(exc, Nfs4Error):
        return exc.status
    assert isinstance(exc, NfsError | OSError)
    return _KIND_STATUS[kind_of(exc)]
