"""CREATE, MKDIR, SYMLINK, MKNOD (RFC 1813 §3.3.8-§3.3.11)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from nfsrdma.core.attrs import is_empty
from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.attrs import to_setattrs
from nfsrdma.nfs3.common import (
    EXPECTED,
    ErrorKind,
    NfsError,
    Target,
    check_name,
    empty_wcc,
    fail,
    fattr,
    make_fh,
    ok,
    pre_attr,
    resolve,
    status_of,
    wcc,
)
from storage.backend import CreateMode, FileType, SetAttrs

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext
    from storage.backend import FileId

DEFAULT_FILE_MODE = 0o644
DEFAULT_DIR_MODE = 0o755


async def _create_in(svc: NfsService, ctx: CallContext, where: Any, res: Any,
                     make: Callable[[Target], Awaitable[FileId]]) -> Any:
    """The shape every creating procedure shares: resolve the directory (read-only gate),
    check the name, let `make` create the object, answer handle + attributes + dir wcc."""
    try:
        t = resolve(svc, ctx, where.dir, write=True)
    except EXPECTED as e:
        return fail(res, status_of(e), empty_wcc())
    before = await pre_attr(t)
    try:
        check_name(where.name)
        fid = await make(t)
    except EXPECTED as e:
        return fail(res, status_of(e), await wcc(t, before))
    try:
        a = fattr(await t.export.backend.getattr(fid))
    except OSError:
        a = None
    return ok(res, make_fh(svc, t.export, fid), a, await wcc(t, before))


async def _apply_rest(t: Target, fid: FileId, sa: SetAttrs) -> None:
    """Attributes the create call itself did not set (owner, size, times)."""
    rest = SetAttrs(uid=sa.uid, gid=sa.gid, size=sa.size, atime=sa.atime, mtime=sa.mtime)
    if not is_empty(rest):
        await t.export.backend.setattr(fid, rest, t.cred)


async def create(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    name, how = args.where.name, args.how

    async def make(t: Target) -> FileId:
        backend = t.export.backend
        if how.tag == 2:  # EXCLUSIVE: the verifier makes a retransmitted create succeed
            return await backend.create(t.fid, name, DEFAULT_FILE_MODE, t.cred,
                                        mode=CreateMode.EXCLUSIVE, verifier=bytes(how.value))
        sa = to_setattrs(how.value)
        mode = DEFAULT_FILE_MODE if sa.mode is None else sa.mode
        cmode = CreateMode.GUARDED if how.tag == 1 else CreateMode.UNCHECKED
        fid = await backend.create(t.fid, name, mode, t.cred, mode=cmode)
        await _apply_rest(t, fid, sa)
        return fid

    return await _create_in(svc, ctx, args.where, xdr.CREATE3res, make)


async def mkdir(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    async def make(t: Target) -> FileId:
        sa = to_setattrs(args.attributes)
        mode = DEFAULT_DIR_MODE if sa.mode is None else sa.mode
        fid = await t.export.backend.mkdir(t.fid, args.where.name, mode, t.cred)
        await _apply_rest(t, fid, sa)
        return fid

    return await _create_in(svc, ctx, args.where, xdr.MKDIR3res, make)


async def symlink(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    async def make(t: Target) -> FileId:
        if not args.symlink.symlink_data:
            raise NfsError(ErrorKind.INVAL, "empty symlink target")
        fid = await t.export.backend.symlink(t.fid, args.where.name,
                                             args.symlink.symlink_data, t.cred)
        sa = to_setattrs(args.symlink.symlink_attributes)
        await _apply_rest(t, fid, SetAttrs(uid=sa.uid, gid=sa.gid))
        return fid

    return await _create_in(svc, ctx, args.where, xdr.SYMLINK3res, make)


_MKNOD_TYPES = {3: FileType.BLK, 4: FileType.CHR, 6: FileType.SOCK, 7: FileType.FIFO}


async def mknod(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    what = args.what

    async def make(t: Target) -> FileId:
        ftype = _MKNOD_TYPES.get(what.tag)
        if ftype is None:  # RFC 1813 §3.3.11: REG, DIR, LNK are not made by MKNOD
            raise NfsError(ErrorKind.BADTYPE)
        if ftype in (FileType.BLK, FileType.CHR):
            sa = to_setattrs(what.value.dev_attributes)
            rdev = (what.value.spec.specdata1, what.value.spec.specdata2)
        else:
            sa = to_setattrs(what.value)
            rdev = (0, 0)
        mode = DEFAULT_FILE_MODE if sa.mode is None else sa.mode
        fid = await t.export.backend.mknod(t.fid, args.where.name, ftype, mode, rdev, t.cred)
        await _apply_rest(t, fid, sa)
        return fid

    return await _create_in(svc, ctx, args.where, xdr.MKNOD3res, make)
