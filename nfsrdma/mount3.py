"""MOUNT version 3 (RFC 1813 Appendix I): hands out root handles of exports.

Operation: MNT takes an export path (or a directory below one), checks the caller against
the export's client rules, walks any remaining components with storage lookups (so a
symlink inside the export is never followed out of it) and returns the handle plus the
auth flavours we accept.  The mount list behind DUMP/UMNT/UMNTALL is advisory, as in
every implementation: `nfsrdma.rmtab` keeps it (canonical, capped) in memory and
in `state_dir/rmtab`.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from nfsrdma.core.errors import EXPECTED, ErrorKind, NfsError, kind_of
from nfsrdma.gen import mount_prot as _g
from rpc.dispatch import Procedure, Program, Version
from rpc.xdr import UnionValue, Void

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

log = logging.getLogger(__name__)

PROGRAM = _g.MOUNT_PROGRAM
VERSION = _g.MOUNT_V3
AUTH_UNIX = 1

# The wire types come from xdr/mount_prot.x (nfsrdma.gen.mount_prot); these are its codecs
# under the names the rest of the tree uses.  MountStat is the mountstat3 IntEnum.
dirpath = _g.dirpath_xdr
name = _g.name_xdr
fhandle3 = _g.fhandle3_xdr
mountstat3 = _g.mountstat3_xdr
MountStat = _g.mountstat3
mountres3_ok = _g.mountres3_ok_xdr
mountres3 = _g.mountres3_xdr
mountbody = _g.mountbody_xdr
mountlist = _g.mountlist_xdr
groupnode = _g.groupnode_xdr
exportnode = _g.exportnode_xdr
exports = _g.exports_xdr

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
