"""What the name-taking ops share: the component rules of RFC 8881 section 14 and the
directory check of LOOKUP-like ops."""

from __future__ import annotations

from nfsrdma.core.attrs import check_name
from nfsrdma.core.errors import ErrorKind, NfsError, kind_of
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.pseudofs import Fh
from storage.backend import FileType

MAXNAME = 255


def check_component(name: bytes) -> None:
    """A component4 a LOOKUP-like op may use.

    Raises: Nfs4Error(INVAL) for an empty name or one that is not UTF-8 (RFC 8881 14.4);
    Nfs4Error(BADNAME) for "." or ".." (RFC 8881 18.13.3) or a "/" (core's rule);
    Nfs4Error(NAMETOOLONG) past 255 bytes; StorageError(EINVAL) for a NUL.
    """
    if not name:
        raise Nfs4Error(S.NFS4ERR_INVAL, "empty name")
    if len(name) > MAXNAME:
        raise Nfs4Error(S.NFS4ERR_NAMETOOLONG)
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        raise Nfs4Error(S.NFS4ERR_INVAL, "name is not UTF-8") from None
    if name in (b".", b".."):
        raise Nfs4Error(S.NFS4ERR_BADNAME, "dot component")
    check_name(name)


async def lookup_in(c: Compound, fh: Fh, name: bytes, *, sec: bool = True) -> Fh:
    """`name` looked up in directory `fh` (a pseudo directory or an export's).

    Raises: Nfs4Error(SYMLINK) when `fh` is a symlink, NfsError(NOTDIR) for another
    non-directory (RFC 8881 18.15.3); as `check_component`, `Compound.target`, storage.
    """
    check_component(name)
    if fh.node is not None:
        return c.ns.lookup(fh.node, name, c.ctx)
    t = c.target(fh, sec=sec)
    backend = t.export.backend
    try:
        fid = await backend.lookup(t.fid, name, t.cred)
    except (NfsError, OSError) as e:
        if kind_of(e) is ErrorKind.NOTDIR:
            await not_a_dir(c, fh)
        raise
    return c.ns.export_fh(t.export, fid)


async def not_a_dir(c: Compound, fh: Fh) -> None:
    """Raises the status of a directory op on non-directory `fh`: SYMLINK or NOTDIR."""
    assert fh.export is not None
    a = await fh.export.backend.getattr(fh.fid)
    if a.type == FileType.LNK:
        raise Nfs4Error(S.NFS4ERR_SYMLINK)
    if a.type != FileType.DIR:
        raise NfsError(ErrorKind.NOTDIR)
