"""The NFS version 3 program: procedure numbers bound to their handlers (RFC 1813 §3)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from nfsrdma.nfs3 import attrs, create, fs, lookup, read, readdir, remove, write, xdr
from rpc.dispatch import Procedure, Program, Version
from rpc.drc import ReplyCache
from rpc.replay import DrcPolicy
from rpc.xdr import Void

if TYPE_CHECKING:
    from nfsrdma.service import NfsService

# (number, name, args, res, handler, idempotent).  Non-idempotent procedures go through the
# duplicate request cache (the program's reply-cache policy) so a retransmission is answered
# from the cache, not re-executed (RFC 1813 §3.3: a replayed REMOVE would say NOENT).
_TABLE = [
    (0, "NULL", Void, Void, fs.null, True),
    (1, "GETATTR", xdr.GETATTR3args, xdr.GETATTR3res, attrs.getattr_, True),
    (2, "SETATTR", xdr.SETATTR3args, xdr.SETATTR3res, attrs.setattr_, False),
    (3, "LOOKUP", xdr.LOOKUP3args, xdr.LOOKUP3res, lookup.lookup, True),
    (4, "ACCESS", xdr.ACCESS3args, xdr.ACCESS3res, attrs.access, True),
    (5, "READLINK", xdr.READLINK3args, xdr.READLINK3res, lookup.readlink, True),
    (6, "READ", xdr.READ3args, xdr.READ3res, read.read, True),
    (7, "WRITE", xdr.WRITE3args, xdr.WRITE3res, write.write, False),
    (8, "CREATE", xdr.CREATE3args, xdr.CREATE3res, create.create, False),
    (9, "MKDIR", xdr.MKDIR3args, xdr.MKDIR3res, create.mkdir, False),
    (10, "SYMLINK", xdr.SYMLINK3args, xdr.SYMLINK3res, create.symlink, False),
    (11, "MKNOD", xdr.MKNOD3args, xdr.MKNOD3res, create.mknod, False),
    (12, "REMOVE", xdr.REMOVE3args, xdr.REMOVE3res, remove.remove, False),
    (13, "RMDIR", xdr.RMDIR3args, xdr.RMDIR3res, remove.rmdir, False),
    (14, "RENAME", xdr.RENAME3args, xdr.RENAME3res, remove.rename, False),
    (15, "LINK", xdr.LINK3args, xdr.LINK3res, remove.link, False),
    (16, "READDIR", xdr.READDIR3args, xdr.READDIR3res, readdir.readdir, True),
    (17, "READDIRPLUS", xdr.READDIRPLUS3args, xdr.READDIRPLUS3res, readdir.readdirplus, True),
    (18, "FSSTAT", xdr.FSSTAT3args, xdr.FSSTAT3res, fs.fsstat, True),
    (19, "FSINFO", xdr.FSINFO3args, xdr.FSINFO3res, fs.fsinfo, True),
    (20, "PATHCONF", xdr.PATHCONF3args, xdr.PATHCONF3res, fs.pathconf, True),
    (21, "COMMIT", xdr.COMMIT3args, xdr.COMMIT3res, write.commit, True),
]


#: The procedures a retransmission must not run again.
NON_IDEMPOTENT = frozenset(num for num, *_, idem in _TABLE if not idem)


def build_program(svc: NfsService, reply_cache: ReplyCache | None = None) -> Program:
    """NFSv3 bound to `svc`, replaying its non-idempotent procedures through `reply_cache`
    (a fresh `ReplyCache` by default)."""
    procs = {
        num: Procedure(name, args, res, partial(handler, svc))
        for num, name, args, res, handler, _ in _TABLE
    }
    return Program(xdr.PROGRAM, {xdr.VERSION: Version(xdr.VERSION, procs)}, name="nfs",
                   reply_cache=DrcPolicy(NON_IDEMPOTENT, reply_cache))
