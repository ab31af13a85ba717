"""MOUNT version 3 (RFC 1813 Appendix I): hands out root handles of exports.

Operation: MNT takes an export path (or a directory below one), checks the caller against
the export's client rules, walks any remaining components with storage lookups (so a
symlink inside the export is never followed out of it) and returns the handle plus the
auth flavours we accept.  The mount list behind DUMP/UMNT/UMNTALL is advisory, as in
every implementation: it is kept in memory and in `state_dir/rmtab`.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from nfsrdma.core.errors import EXPECTED, ErrorKind, NfsError, kind_of
from rpc.dispatch import Procedure, Program, Version
from rpc.xdr import (
    Array,
    Enum,
    Int32,
    LinkedList,
    String,
    Struct,
    Union,
    UnionValue,
    VarOpaque,
    Void,
)

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

log = logging.getLogger(__name__)

PROGRAM = 100005
VERSION = 3
AUTH_UNIX = 1

dirpath = String(1024)
name = String(255)
fhandle3 = VarOpaque(64)
mountstat3 = Enum(
    "mountstat3",
    {
        "MNT3_OK": 0,
        "MNT3ERR_PERM": 1,
        "MNT3ERR_NOENT": 2,
        "MNT3ERR_IO": 5,
        "MNT3ERR_ACCES": 13,
        "MNT3ERR_NOTDIR": 20,
        "MNT3ERR_INVAL": 22,
        "MNT3ERR_NAMETOOLONG": 63,
        "MNT3ERR_NOTSUPP": 10004,
        "MNT3ERR_SERVERFAULT": 10006,
    },
)
MountStat: Any = mountstat3.enum  # members built at run time: Any for mypy
mountres3_ok = Struct("mountres3_ok", [("fhandle", fhandle3), ("auth_flavors", Array(Int32))])
mountres3 = Union("mountres3", mountstat3, {0: ("mountinfo", mountres3_ok)}, default=("none", Void))
mountbody = Struct("mountbody", [("ml_hostname", name), ("ml_directory", dirpath)])
mountlist = LinkedList(mountbody)
groupnode = Struct("groupnode", [("gr_name", name)])
exportnode = Struct("exportnode", [("ex_dir", dirpath), ("ex_groups", LinkedList(groupnode))])
exports = LinkedList(exportnode)

# kind -> mountstat3 (RFC 1813 Appendix I); kinds MOUNT has no status for are MNT3ERR_IO.
_KIND_MNT = {
    ErrorKind.NOENT: MountStat.MNT3ERR_NOENT,
    ErrorKind.ACCES: MountStat.MNT3ERR_ACCES,
    ErrorKind.PERM: MountStat.MNT3ERR_PERM,
    ErrorKind.NOTDIR: MountStat.MNT3ERR_NOTDIR,
    ErrorKind.INVAL: MountStat.MNT3ERR_INVAL,
    ErrorKind.NAMETOOLONG: MountStat.MNT3ERR_NAMETOOLONG,
    ErrorKind.NOTSUPP: MountStat.MNT3ERR_NOTSUPP,
    ErrorKind.SERVERFAULT: MountStat.MNT3ERR_SERVERFAULT,
}


def mount_status(exc: NfsError | OSError) -> int:
    """The one error -> mountstat3 mapping."""
    return int(_KIND_MNT.get(kind_of(exc), MountStat.MNT3ERR_IO))


def _serverfault() -> UnionValue:
    """MNT's answer when it fails unexpectedly (the dispatcher has logged and counted the
    bug); the other procedures have no status and answer SYSTEM_ERR."""
    return UnionValue(int(MountStat.MNT3ERR_SERVERFAULT), None)


async def null(svc: NfsService, ctx: CallContext, args: Any) -> None:
    return None


async def mnt(svc: NfsService, ctx: CallContext, path: bytes) -> UnionValue:
    host = ctx.client[0]
    try:
        export, fid = await svc.mount_path(path, ctx)
    except EXPECTED as e:
        status = mount_status(e)
        level = logging.WARNING if status == MountStat.MNT3ERR_ACCES else logging.INFO
        log.log(level, "MNT %r from %s failed: %s", path, host, e)
        return UnionValue(status, None)
    svc.mounts.add(host, path)
    handle = svc.policy.make_handle(export, fid)
    # Exactly the flavors the export's sec= lists for this client (RFC 2623 §2.3.2): the
    # client then uses one of them, and a call with any other is refused.
    return UnionValue(0, mountres3_ok.cls(handle, svc.policy.flavors(export, ctx)))


async def dump(svc: NfsService, ctx: CallContext, args: Any) -> list[Any]:
    return [mountbody.cls(h.encode(), p) for h, p in svc.mounts.entries()]


async def umnt(svc: NfsService, ctx: CallContext, path: bytes) -> None:
    svc.mounts.remove(ctx.client[0], path)


async def umntall(svc: NfsService, ctx: CallContext, args: Any) -> None:
    svc.mounts.remove_host(ctx.client[0])


async def export(svc: NfsService, ctx: CallContext, args: Any) -> list[Any]:
    return [
        exportnode.cls(e.path_bytes, [groupnode.cls(g.encode()) for g in e.client_names()])
        for e in svc.exports
    ]


def build_program(svc: NfsService) -> Program:
    table = [
        (0, "NULL", Void, Void, null),
        (1, "MNT", dirpath, mountres3, mnt),
        (2, "DUMP", Void, mountlist, dump),
        (3, "UMNT", dirpath, Void, umnt),
        (4, "UMNTALL", Void, Void, umntall),
        (5, "EXPORT", Void, exports, export),
    ]
    procs = {
        num: Procedure(nm, a, r, partial(h, svc), fault=_serverfault if num == 1 else None)
        for num, nm, a, r, h in table
    }
    return Program(PROGRAM, {VERSION: Version(VERSION, procs)}, name="mount")
