"""The extended attribute ops (RFC 8276 section 8.4): GETXATTR, SETXATTR, LISTXATTRS,
REMOVEXATTR, in the ``user.`` namespace only (as knfsd: RFC 8276 keys carry no namespace,
and storage adds ``user.``, so no other namespace can be named).

Operation: each op checks the key (a component: UTF-8, no NUL, at most 250 bytes so that
``user.`` + key fits Linux's 255), makes one storage call (`StorageBackend.getxattr`,
`setxattr`, `listxattrs`, `removexattr`: read or write permission on the object, on the
storage threads) and answers; SETXATTR and REMOVEXATTR return the object's change_info4
(`fattr.cinfo` from its attributes before and after).  A file system without user xattrs
answers NOTSUPP (its xattr_support attribute is false).

Statuses only these ops have come from storage's errnos here, in one place
(`_xattr_errors`): ENODATA is NFS4ERR_NOXATTR, E2BIG NFS4ERR_XATTR2BIG (knfsd's nfserrno
does the same).  LISTXATTRS pages by cookie: the index of the next key in the sorted list
storage returns, bounded by lxa_maxcount (TOOSMALL when not even one key fits) and by the
reply budget.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import fattr
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import V42, op
from storage.backend import XATTR_NAME_MAX, XATTR_PREFIX, XATTR_SIZE_MAX, StorageError, XattrHow

__all__: list[str] = []

OK = S.NFS4_OK
#: change_info4: atomic, before, after.
CINFO = 4 + 8 + 8
#: LISTXATTRS4resok without its keys: cookie, key count, eof.
LIST_FIXED = 8 + 4 + 4
#: Longest key: Linux's 255-byte xattr name less "user.".
KEY_MAX = XATTR_NAME_MAX - len(XATTR_PREFIX)

_STATUS = {errno.ENODATA: S.NFS4ERR_NOXATTR, errno.E2BIG: S.NFS4ERR_XATTR2BIG}


@contextmanager
def _xattr_errors() -> Iterator[None]:
    """Storage's xattr errnos as the statuses RFC 8276 gives them (module docstring)."""
    try:
        yield
    except StorageError as e:
        st = _STATUS.get(e.errno or 0)
        if st is None:
            raise
        raise Nfs4Error(st, e.strerror or "") from None


def _key(raw: bytes) -> bytes:
    """An xattr key as storage takes it.  Raises Nfs4Error INVAL (empty, not UTF-8, a NUL),
    NAMETOOLONG (past `KEY_MAX`)."""
    key = bytes(raw)
    if not key or b"\0" in key:
        raise Nfs4Error(S.NFS4ERR_INVAL, "bad xattr key")
    try:
        key.decode("utf-8")
    except UnicodeDecodeError:
        raise Nfs4Error(S.NFS4ERR_INVAL, "xattr key not UTF-8") from None
    if len(key) > KEY_MAX:
        raise Nfs4Error(S.NFS4ERR_NAMETOOLONG)
    return key


def _xdr_len(b: bytes) -> int:
    return 4 + ((len(b) + 3) & ~3)


@op(O.OP_GETXATTR, minors=V42, reply_estimate=4 + 4)
async def op_getxattr(c: Compound, args: p.GETXATTR4args) -> p.GETXATTR4res:
    t = c.target()
    key = _key(args.gxa_name)
    with _xattr_errors():
        value = await t.export.backend.getxattr(t.fid, key, t.cred)
    if 4 + 4 + _xdr_len(value) > c.reply_left():  # op number, status, the value
        raise c.too_big()
    c.charge(_xdr_len(value) - 4)
    return p.GETXATTR4res(OK, value)


@op(O.OP_SETXATTR, minors=V42, reply_estimate=4 + CINFO)
async def op_setxattr(c: Compound, args: p.SETXATTR4args) -> p.SETXATTR4res:
    t = c.target(write=True)
    key = _key(args.sxa_key)
    value = bytes(args.sxa_value)
    if len(value) > XATTR_SIZE_MAX:
        raise Nfs4Error(S.NFS4ERR_XATTR2BIG)
    be = t.export.backend
    before = await be.getattr(t.fid)
    with _xattr_errors():
        await be.setxattr(t.fid, key, value, XattrHow(args.sxa_option), t.cred)
    return p.SETXATTR4res(OK, fattr.cinfo(before, await be.getattr(t.fid)))


@op(O.OP_REMOVEXATTR, minors=V42, reply_estimate=4 + CINFO)
async def op_removexattr(c: Compound, args: p.REMOVEXATTR4args) -> p.REMOVEXATTR4res:
    t = c.target(write=True)
    key = _key(args.rxa_name)
    be = t.export.backend
    before = await be.getattr(t.fid)
    with _xattr_errors():
        await be.removexattr(t.fid, key, t.cred)
    return p.REMOVEXATTR4res(OK, fattr.cinfo(before, await be.getattr(t.fid)))


@op(O.OP_LISTXATTRS, minors=V42, reply_estimate=4 + LIST_FIXED)
async def op_listxattrs(c: Compound, args: p.LISTXATTRS4args) -> p.LISTXATTRS4res:
    """RFC 8276 8.4.3: keys from lxa_cookie on, as many as lxa_maxcount bytes of
    LISTXATTRS4resok hold."""
    t = c.target()
    with _xattr_errors():
        keys = await t.export.backend.listxattrs(t.fid, t.cred)
    cookie = args.lxa_cookie
    if cookie > len(keys):
        raise Nfs4Error(S.NFS4ERR_BAD_COOKIE, "cookie past the last key")
    budget = c.reply_left() - 4 - 4  # what LISTXATTRS4resok may take: not op number, status
    limit = min(args.lxa_maxcount, budget)
    used = LIST_FIXED
    out: list[bytes] = []
    i = cookie
    while i < len(keys) and used + _xdr_len(keys[i]) <= limit:
        used += _xdr_len(keys[i])
        out.append(keys[i])
        i += 1
    if i < len(keys) and not out:
        if args.lxa_maxcount <= budget:
            raise Nfs4Error(S.NFS4ERR_TOOSMALL, "lxa_maxcount holds no key")
        raise c.too_big()
    c.charge(used - LIST_FIXED)
    return p.LISTXATTRS4res(OK, p.LISTXATTRS4resok(i, out, i == len(keys)))
