"""The ops that change attributes and the namespace: SETATTR, CREATE, REMOVE, RENAME, LINK
(RFC 8881 18.30, 18.4, 18.25, 18.26, 18.9; RFC 7530 16.32, 16.4, 16.25, 16.26, 16.9).

Operation: each op checks the directories it changes (`_dir`: the client rule with write
access, so a pseudo directory or a read-only export is ROFS; a symlink SYMLINK and any other
non-directory NOTDIR, as knfsd's nfsd_mode_check), the names (`names.check_component`) and
the attributes (`fattr.decode_settable`), then makes the same storage calls NFSv3 makes, so
permission, sticky-bit and setuid/setgid rules are storage's, shared by both versions.

change_info4: the directory's change attribute (`fattr.change_of`) read before and after
the storage call.  Another client (or a local process) may change the directory between
the two reads, so ``atomic`` is always false and the client revalidates its cache.

Stateids: only a SETATTR that changes the size needs one (RFC 8881 18.30.3: it is a WRITE),
checked as WRITE checks it (`io.check_stateid`); other SETATTRs ignore it, as knfsd does.
During grace, REMOVE and RENAME are NFS4ERR_GRACE (RFC 8881 18.25.4, 18.26.4: a client may
still reclaim an open of the name), as knfsd answers.
"""

from __future__ import annotations

import errno

from nfsrdma.core.attrs import is_empty
from nfsrdma.core.errors import ErrorKind, NfsError
from nfsrdma.core.policy import Target
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import fattr
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.delegate import check_change, check_change_named
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import op
from nfsrdma.nfs4.ops.io import check_stateid
from nfsrdma.nfs4.ops.names import check_component
from nfsrdma.nfs4.pseudofs import Fh
from storage.backend import Attrs, FileType, SetAttrs

OK = S.NFS4_OK
DEFAULT_DIR_MODE = 0o755  # a CREATE without a mode attribute (knfsd and NFSv3 use the same)
DEFAULT_NODE_MODE = 0o644

#: createtype4 arms -> what storage's mknod makes (RFC 8881 18.4.3).
_NODES = {p.NF4BLK: FileType.BLK, p.NF4CHR: FileType.CHR, p.NF4SOCK: FileType.SOCK,
          p.NF4FIFO: FileType.FIFO}

# change_info4 (atomic + before + after) and an attribute bitmap of up to 3 words.
CINFO = 4 + 8 + 8
BITMAP = 4 + 12


def _settable(c: Compound, f: p.fattr4) -> tuple[SetAttrs, list[int]]:
    return fattr.decode_settable(f, c.minorversion, c.server.id_domain)


async def _dir(c: Compound, fh: Fh) -> tuple[Target, Attrs]:
    """The directory `fh` as an op that changes it sees it: its target and its attributes
    before the change.

    Raises: NfsError(ROFS) for a pseudo directory or a read-only export, and the rest of
    the client rule (`Compound.target`); Nfs4Error(SYMLINK) for a symlink, NfsError(NOTDIR)
    for another non-directory.
    """
    t = c.target(fh, write=True)
    before = await t.export.backend.getattr(t.fid)
    if before.type is FileType.LNK:
        raise Nfs4Error(S.NFS4ERR_SYMLINK)
    if before.type is not FileType.DIR:
        raise NfsError(ErrorKind.NOTDIR)
    return t, before


def _export_id(fh: Fh) -> int | None:
    return None if fh.export is None else fh.export.id


def _saved(c: Compound) -> Fh:
    """The saved filehandle.  Raises Nfs4Error(NOFILEHANDLE) when there is none."""
    if c.saved_fh is None:
        raise Nfs4Error(S.NFS4ERR_NOFILEHANDLE, "no saved filehandle")
    return c.saved_fh


# -- SETATTR ---------------------------------------------------------------------------------

@op(O.OP_SETATTR, reply_estimate=BITMAP)
async def op_setattr(c: Compound, args: p.SETATTR4args) -> p.SETATTR4res:
    fh = c.fh()
    sa, attrset = _settable(c, args.obj_attributes)
    t = c.target(fh, write=True)
    if sa.size is not None:
        # A size change is a WRITE: an open with write access, or the anonymous stateid
        # when no share reservation denies writing (RFC 8881 18.30.3).
        check_stateid(c, args.stateid, write=True)
    check_change(c, t)  # another client's delegation: recalled, DELAY meanwhile
    if not is_empty(sa):
        await t.export.backend.setattr(t.fid, sa, t.cred)
    return p.SETATTR4res(OK, attrset)


# -- CREATE ----------------------------------------------------------------------------------

@op(O.OP_CREATE, reply_estimate=CINFO + BITMAP)
async def op_create(c: Compound, args: p.CREATE4args) -> p.CREATE4res:
    t, before = await _dir(c, c.fh())
    name = bytes(args.objname)
    check_component(name)
    sa, attrset = _settable(c, args.createattrs)
    kind = args.objtype.tag
    be = t.export.backend
    if kind == p.NF4DIR:
        fid = await be.mkdir(t.fid, name, DEFAULT_DIR_MODE if sa.mode is None else sa.mode,
                             t.cred)
    elif kind == p.NF4LNK:
        target = bytes(args.objtype.value)
        if not target:
            raise Nfs4Error(S.NFS4ERR_INVAL, "empty symlink target")  # as NFSv3 SYMLINK
        fid = await be.symlink(t.fid, name, target, t.cred)
    elif kind in _NODES:
        ftype = _NODES[kind]
        spec = args.objtype.value if ftype in (FileType.BLK, FileType.CHR) else None
        rdev = (0, 0) if spec is None else (spec.specdata1, spec.specdata2)
        mode = DEFAULT_NODE_MODE if sa.mode is None else sa.mode
        # BLK / CHR only for root: storage refuses others (EPERM), squashed callers too.
        fid = await be.mknod(t.fid, name, ftype, mode, rdev, t.cred)
    else:
        # NF4REG is OPEN's job; named attributes are not supported (RFC 8881 18.4.3).
        raise Nfs4Error(S.NFS4ERR_BADTYPE)
    rest = SetAttrs(uid=sa.uid, gid=sa.gid, size=sa.size, atime=sa.atime, mtime=sa.mtime)
    if not is_empty(rest):
        # What mkdir / symlink / mknod did not set (knfsd's nfsd_create_setattr): a failure
        # is the op's, the object stays, as NFSv3's CREATE leaves it.
        await be.setattr(fid, rest, t.cred)
    after = await be.getattr(t.fid)
    c.current_fh = c.ns.export_fh(t.export, fid)
    return p.CREATE4res(OK, p.CREATE4resok(fattr.cinfo(before, after), attrset))


# -- REMOVE ----------------------------------------------------------------------------------

@op(O.OP_REMOVE, reply_estimate=CINFO)
async def op_remove(c: Compound, args: p.REMOVE4args) -> p.REMOVE4res:
    t, before = await _dir(c, c.fh())
    name = bytes(args.target)
    check_component(name)
    c.server.grace.check_new()
    await check_change_named(c, t, name)  # another client's delegation: recalled, DELAY
    be = t.export.backend
    try:
        await be.remove(t.fid, name, t.cred)
    except OSError as e:
        if e.errno != errno.EISDIR:
            raise
        await be.rmdir(t.fid, name, t.cred)  # REMOVE takes directories too (NOTEMPTY)
    after = await be.getattr(t.fid)
    return p.REMOVE4res(OK, p.REMOVE4resok(fattr.cinfo(before, after)))


# -- RENAME ----------------------------------------------------------------------------------

@op(O.OP_RENAME, reply_estimate=2 * CINFO)
async def op_rename(c: Compound, args: p.RENAME4args) -> p.RENAME4res:
    sfh, tfh = _saved(c), c.fh()
    src, src_before = await _dir(c, sfh)
    dst, dst_before = await _dir(c, tfh)
    old, new = bytes(args.oldname), bytes(args.newname)
    check_component(old)
    check_component(new)
    if _export_id(sfh) != _export_id(tfh):
        raise NfsError(ErrorKind.XDEV, "rename across exports")
    c.server.grace.check_new()
    await check_change_named(c, src, old)  # as REMOVE, for both names
    await check_change_named(c, dst, new)
    be = src.export.backend
    # Two names of one file: storage does nothing and succeeds (POSIX rename; RFC 7530
    # 16.26.4 and RFC 8881 18.26.4: no action, NFS4_OK, the cinfo unchanged).
    await be.rename(src.fid, old, dst.fid, new, src.cred)
    src_after = await be.getattr(src.fid)
    dst_after = src_after if dst.fid == src.fid else await be.getattr(dst.fid)
    if dst.fid == src.fid:
        dst_before = src_before
    return p.RENAME4res(OK, p.RENAME4resok(fattr.cinfo(src_before, src_after),
                                           fattr.cinfo(dst_before, dst_after)))


# -- LINK ------------------------------------------------------------------------------------

@op(O.OP_LINK, reply_estimate=CINFO)
async def op_link(c: Compound, args: p.LINK4args) -> p.LINK4res:
    sfh, dfh = _saved(c), c.fh()  # the saved filehandle is the file, the current the dir
    d, before = await _dir(c, dfh)
    name = bytes(args.newname)
    check_component(name)
    if _export_id(sfh) != _export_id(dfh):
        raise NfsError(ErrorKind.XDEV, "link across exports")
    src = c.target(sfh)
    be = d.export.backend
    if (await be.getattr(src.fid)).type is FileType.DIR:
        raise Nfs4Error(S.NFS4ERR_ISDIR)  # RFC 8881 18.9.3: no hard links to directories
    check_change(c, src)  # another client's delegation: recalled, DELAY meanwhile
    await be.link(src.fid, d.fid, name, d.cred)
    after = await be.getattr(d.fid)
    return p.LINK4res(OK, p.LINK4resok(fattr.cinfo(before, after)))
