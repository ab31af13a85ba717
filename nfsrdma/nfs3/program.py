"""The NFS version 3 program: procedure numbers bound to their handlers (RFC 1813 §3).

Operation: each handler is wrapped once at build time so that every NFSv3 reply is counted by
op and status (`NfsService.ops`, the `nfsrdma_nfs_ops` metric), and each procedure gets its
fault result: when a handler fails unexpectedly the dispatcher logs and counts the bug and
answers NFS3ERR_SERVERFAULT with the procedure's empty resfail (no attributes, empty wcc).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from nfsrdma.nfs3 import attrs, create, fs, lookup, read, readdir, remove, write, xdr
from nfsrdma.nfs3.common import empty_wcc, fail
from nfsrdma.nfs3.xdr import Status
from rpc.dispatch import Procedure, Program, Version
from rpc.drc import ReplyCache
from rpc.replay import DrcPolicy
from rpc.xdr import Void

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

# What a procedure's resfail carries besides the status: "wcc" is a wcc_data, "attr" a
# post_op_attr; None: the procedure has no status (NULL), a bug there is SYSTEM_ERR.
W, A = "wcc", "attr"

# (number, name, args, res, handler, idempotent, resfail shape).  Non-idempotent procedures go
# through the duplicate request cache (the program's reply-cache policy) so a retransmission
# is answered from the cache, not re-executed (RFC 1813 §3.3: a replayed REMOVE says NOENT).
_TABLE: list[tuple[int, str, Any, Any, Any, bool, tuple[str, ...] | None]] = [
    (0, "NULL", Void, Void, fs.null, True, None),
    (1, "GETATTR", xdr.GETATTR3args, xdr.GETATTR3res, attrs.getattr_, True, ()),
    (2, "SETATTR", xdr.SETATTR3args, xdr.SETATTR3res, attrs.setattr_, False, (W,)),
    (3, "LOOKUP", xdr.LOOKUP3args, xdr.LOOKUP3res, lookup.lookup, True, (A,)),
    (4, "ACCESS", xdr.ACCESS3args, xdr.ACCESS3res, attrs.access, True, (A,)),
    (5, "READLINK", xdr.READLINK3args, xdr.READLINK3res, lookup.readlink, True, (A,)),
    (6, "READ", xdr.READ3args, xdr.READ3res, read.read, True, (A,)),
    (7, "WRITE", xdr.WRITE3args, xdr.WRITE3res, write.write, False, (W,)),
    (8, "CREATE", xdr.CREATE3args, xdr.CREATE3res, create.create, False, (W,)),
    (9, "MKDIR", xdr.MKDIR3args, xdr.MKDIR3res, create.mkdir, False, (W,)),
    (10, "SYMLINK", xdr.SYMLINK3args, xdr.SYMLINK3res, create.symlink, False, (W,)),
    (11, "MKNOD", xdr.MKNOD3args, xdr.MKNOD3res, create.mknod, False, (W,)),
    (12, "REMOVE", xdr.REMOVE3args, xdr.REMOVE3res, remove.remove, False, (W,)),
    (13, "RMDIR", xdr.RMDIR3args, xdr.RMDIR3res, remove.rmdir, False, (W,)),
    (14, "RENAME", xdr.RENAME3args, xdr.RENAME3res, remove.rename, False, (W, W)),
    (15, "LINK", xdr.LINK3args, xdr.LINK3res, remove.link, False, (A, W)),
    (16, "READDIR", xdr.READDIR3args, xdr.READDIR3res, readdir.readdir, True, (A,)),
    (17, "READDIRPLUS", xdr.READDIRPLUS3args, xdr.READDIRPLUS3res, readdir.readdirplus, True,
     (A,)),
    (18, "FSSTAT", xdr.FSSTAT3args, xdr.FSSTAT3res, fs.fsstat, True, (A,)),
    (19, "FSINFO", xdr.FSINFO3args, xdr.FSINFO3res, fs.fsinfo, True, (A,)),
    (20, "PATHCONF", xdr.PATHCONF3args, xdr.PATHCONF3res, fs.pathconf, True, (A,)),
    (21, "COMMIT", xdr.COMMIT3args, xdr.COMMIT3res, write.commit, True, (W,)),
]

#: The procedures a retransmission must not run again.
NON_IDEMPOTENT = frozenset(row[0] for row in _TABLE if not row[5])

#: nfsstat3 value -> its name, the `status` label of nfsrdma_nfs_ops.
STATUS_NAMES: dict[int, str] = {int(s): s.name for s in Status}
SERVERFAULT = int(Status.NFS3ERR_SERVERFAULT)


def _counted(svc: NfsService, name: str, handler: Any) -> Any:
    """`handler` bound to `svc`, counting each reply by op and status."""

    async def run(ctx: CallContext, args: Any) -> Any:
        result = await handler(svc, ctx, args)
        ops = svc.ops
        if ops is not None:
            tag = getattr(result, "tag", 0)  # NULL's result is void: NFS3_OK
            ops.on_nfs_op(name, STATUS_NAMES.get(tag, str(tag)))
        return result

    run.__name__ = f"nfs3_{name.lower()}"
    return run


def _fault(svc: NfsService, name: str, res: Any, shape: tuple[str, ...]) -> Callable[[], Any]:
    """The SERVERFAULT result of `name`: its resfail with nothing known (RFC 1813 allows
    post_op_attr FALSE and empty wcc_data on any failure)."""

    def fault() -> Any:
        ops = svc.ops
        if ops is not None:
            ops.on_nfs_op(name, STATUS_NAMES[SERVERFAULT])
        return fail(res, SERVERFAULT, *(empty_wcc() if f == W else None for f in shape))

    return fault


def build_program(svc: NfsService, reply_cache: ReplyCache | None = None) -> Program:
    """NFSv3 bound to `svc`, replaying its non-idempotent procedures through `reply_cache`
    (a fresh `ReplyCache` by default)."""
    procs = {
        num: Procedure(name, args, res, _counted(svc, name, handler),
                       fault=None if shape is None else _fault(svc, name, res, shape))
        for num, name, args, res, handler, _, shape in _TABLE
    }
    # The DRC is v3's own (Version-level): NFSv4 beside it in the same program has none.
    v3 = Version(xdr.VERSION, procs, reply_cache=DrcPolicy(NON_IDEMPOTENT, reply_cache))
    return Program(xdr.PROGRAM, {xdr.VERSION: v3}, name="nfs")


__all__ = ["NON_IDEMPOTENT", "STATUS_NAMES", "build_program"]
