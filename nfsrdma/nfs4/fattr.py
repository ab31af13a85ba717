"""fattr4: NFSv4 attributes from storage `Attrs` and the facts of their filesystem
(RFC 8881 section 5, RFC 7530 section 5; knfsd's nfsd4_encode_fattr4).

Operation: a GETATTR (or a READDIR entry, or VERIFY) names attributes by bitmap; `encode`
walks the bits the server supports in ascending order and packs each value into the
attr_vals opaque, returning the bitmap of what it encoded (unsupported bits are dropped, as
RFC 8881 5.6 says).  Values come from one `Attrs` plus an `FsFacts` (fsid, handle,
mounted-on fileid, and statfs / pathconf when a requested attribute needs them: `needs`).

- change: knfsd's value without i_version: ctime seconds << 30 + nanoseconds, so it
  advances on every modification the filesystem stamps.
- owner / owner_group: numeric strings ("1000") by default, what the Linux client's
  AUTH_SYS idmapping expects; `name@domain` from the system's passwd/group when the
  service sends names (a number when the id has no name).  `nfs4.idmap` maps both ways.

SETATTR, CREATE and OPEN's createattrs go the other way through `decode_settable`: the
attributes a client may set (mode, owner, owner_group, size, time_access_set,
time_modify_set) become one storage `SetAttrs`; any other supported attribute is read-only
(NFS4ERR_INVAL), an unsupported one NFS4ERR_ATTRNOTSUPP, values that do not match the
bitmap NFS4ERR_BADXDR (RFC 8881 18.30.3, knfsd's nfsd4_decode_fattr4 and
check_attr_support).
- fsid: the export id (major: high 32 bits, minor: low), so every export is its own
  filesystem and the pseudo filesystem another (`pseudofs.PSEUDO_EXPORT_ID`).
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nfsrdma.core.attrs import MAX_FILE_SIZE, check_size
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.idmap import gid_of, group_string, owner_string, uid_of
from rpc.buffer import XdrReader
from rpc.errors import XdrError
from storage.backend import SERVER_TIME, Attrs, FsStat, PathConf, SetAttrs, TimeSpec

__all__ = ["A", "FsFacts", "cinfo", "decode_bitmap", "decode_settable", "encode", "make_bitmap", "needs",
           "supported"]

S = p.nfsstat4
_U32 = struct.Struct(">I").pack
_U64 = struct.Struct(">Q").pack
_TIME = struct.Struct(">qI").pack
_FSID = struct.Struct(">QQ").pack
_SPEC = struct.Struct(">II").pack


class A:
    """Attribute numbers (RFC 8881 5.8, 5.13; RFC 8276 for xattr_support)."""

    SUPPORTED_ATTRS = p.FATTR4_SUPPORTED_ATTRS
    TYPE = p.FATTR4_TYPE
    FH_EXPIRE_TYPE = p.FATTR4_FH_EXPIRE_TYPE
    CHANGE = p.FATTR4_CHANGE
    SIZE = p.FATTR4_SIZE
    LINK_SUPPORT = p.FATTR4_LINK_SUPPORT
    SYMLINK_SUPPORT = p.FATTR4_SYMLINK_SUPPORT
    NAMED_ATTR = p.FATTR4_NAMED_ATTR
    FSID = p.FATTR4_FSID
    UNIQUE_HANDLES = p.FATTR4_UNIQUE_HANDLES
    LEASE_TIME = p.FATTR4_LEASE_TIME
    RDATTR_ERROR = p.FATTR4_RDATTR_ERROR
    ACLSUPPORT = p.FATTR4_ACLSUPPORT
    CANSETTIME = p.FATTR4_CANSETTIME
    CASE_INSENSITIVE = p.FATTR4_CASE_INSENSITIVE
    CASE_PRESERVING = p.FATTR4_CASE_PRESERVING
    CHOWN_RESTRICTED = p.FATTR4_CHOWN_RESTRICTED
    FILEHANDLE = p.FATTR4_FILEHANDLE
    FILEID = p.FATTR4_FILEID
    FILES_AVAIL = p.FATTR4_FILES_AVAIL
    FILES_FREE = p.FATTR4_FILES_FREE
    FILES_TOTAL = p.FATTR4_FILES_TOTAL
    HOMOGENEOUS = p.FATTR4_HOMOGENEOUS
    MAXFILESIZE = p.FATTR4_MAXFILESIZE
    MAXLINK = p.FATTR4_MAXLINK
    MAXNAME = p.FATTR4_MAXNAME
    MAXREAD = p.FATTR4_MAXREAD
    MAXWRITE = p.FATTR4_MAXWRITE
    MODE = p.FATTR4_MODE
    NO_TRUNC = p.FATTR4_NO_TRUNC
    NUMLINKS = p.FATTR4_NUMLINKS
    OWNER = p.FATTR4_OWNER
    OWNER_GROUP = p.FATTR4_OWNER_GROUP
    RAWDEV = p.FATTR4_RAWDEV
    SPACE_AVAIL = p.FATTR4_SPACE_AVAIL
    SPACE_FREE = p.FATTR4_SPACE_FREE
    SPACE_TOTAL = p.FATTR4_SPACE_TOTAL
    SPACE_USED = p.FATTR4_SPACE_USED
    TIME_ACCESS = p.FATTR4_TIME_ACCESS
    TIME_ACCESS_SET = p.FATTR4_TIME_ACCESS_SET
    TIME_DELTA = p.FATTR4_TIME_DELTA
    TIME_METADATA = p.FATTR4_TIME_METADATA
    TIME_MODIFY = p.FATTR4_TIME_MODIFY
    TIME_MODIFY_SET = p.FATTR4_TIME_MODIFY_SET
    MOUNTED_ON_FILEID = p.FATTR4_MOUNTED_ON_FILEID
    SUPPATTR_EXCLCREAT = p.FATTR4_SUPPATTR_EXCLCREAT
    XATTR_SUPPORT = p.FATTR4_XATTR_SUPPORT
    OPEN_ARGUMENTS = p.FATTR4_OPEN_ARGUMENTS


#: Attributes that can only be set (SETATTR); asking GETATTR for one is NFS4ERR_INVAL
#: (RFC 8881 18.7.3).
WRITE_ONLY = frozenset({A.TIME_ACCESS_SET, A.TIME_MODIFY_SET})
#: Attributes that need the filesystem's statfs / pathconf.
STATFS_ATTRS = frozenset({A.FILES_AVAIL, A.FILES_FREE, A.FILES_TOTAL, A.SPACE_AVAIL,
                          A.SPACE_FREE, A.SPACE_TOTAL})
PATHCONF_ATTRS = frozenset({A.MAXLINK, A.MAXNAME, A.NO_TRUNC, A.CHOWN_RESTRICTED,
                            A.CASE_INSENSITIVE, A.CASE_PRESERVING})

#: The attributes EXCLUSIVE4_1 creates may set (RFC 8881 5.8.1.14): not the times, which
#: hold the verifier.
EXCLCREAT = (A.SIZE, A.MODE, A.OWNER, A.OWNER_GROUP)

#: The lease time advertised until the lease module sets its own (seconds, knfsd's 90).
LEASE_TIME = 90


@dataclass(slots=True)
class FsFacts:
    """What an object's attributes need beyond its `Attrs`."""

    handle: bytes
    fsid: tuple[int, int]
    mounted_on_fileid: int | None = None
    statfs: FsStat | None = None
    pathconf: PathConf | None = None
    lease_time: int = LEASE_TIME
    maxread: int = 1 << 20
    maxwrite: int = 1 << 20
    id_domain: str | None = None
    rdattr_error: int = 0
    xattr_support: bool = False
    #: the change attribute to serve instead of the file's own (another client holds a
    #: write delegation and changed the file: `nfs4.delegate.delegated_attrs`).
    change: int | None = None


def make_bitmap(attrs: list[int] | tuple[int, ...] | frozenset[int]) -> list[int]:
    """Attribute numbers -> bitmap4 words (no trailing zero words)."""
    words: list[int] = []
    for a in attrs:
        while len(words) <= a // 32:
            words.append(0)
        words[a // 32] |= 1 << (a % 32)
    return words


#: Words of a request bitmap looked at: beyond the highest attribute we know, bits are
#: simply not supported (a huge bitmap costs nothing but its decode).
_MAX_WORDS = 3


def decode_bitmap(words: list[int]) -> list[int]:
    """bitmap4 -> the attribute numbers set, ascending (only the first words that can name
    an attribute this server knows)."""
    out = []
    for w, word in enumerate(words[:_MAX_WORDS]):
        while word:
            low = word & -word
            out.append(w * 32 + low.bit_length() - 1)
            word ^= low
    return out


def _utf8(b: bytes) -> bytes:
    return _U32(len(b)) + b + b"\0" * (-len(b) % 4)


def _bool(v: bool) -> bytes:
    return _U32(1 if v else 0)


def _time(t: tuple[int, int]) -> bytes:
    return _TIME(t[0], t[1])


def change_of(a: Attrs) -> int:
    """The change attribute: ctime as knfsd builds it without i_version."""
    return ((a.ctime[0] << 30) + a.ctime[1]) & 0xFFFF_FFFF_FFFF_FFFF


def cinfo(before: Attrs, after: Attrs) -> p.change_info4:
    """change_info4 of a directory from its attributes read before and after an op.  Never
    atomic: another client or a local process may change the directory between the two
    reads (RFC 8881 3.3.8), so the client revalidates rather than trusting the pair."""
    return p.change_info4(False, change_of(before), change_of(after))


Enc = Callable[[Attrs, FsFacts, int], bytes]


def _pc(f: FsFacts) -> PathConf:
    assert f.pathconf is not None, "needs() asked for pathconf"
    return f.pathconf


def _sf(f: FsFacts) -> FsStat:
    assert f.statfs is not None, "needs() asked for statfs"
    return f.statfs


# attribute -> encoder(attrs, facts, minorversion).  Ascending order is the wire order.
_ENC: dict[int, Enc] = {
    A.SUPPORTED_ATTRS: lambda a, f, m: _bitmap_bytes(make_bitmap(supported(m))),
    A.TYPE: lambda a, f, m: _U32(int(a.type)),
    A.FH_EXPIRE_TYPE: lambda a, f, m: _U32(p.FH4_PERSISTENT),
    A.CHANGE: lambda a, f, m: _U64(change_of(a) if f.change is None else f.change),
    A.SIZE: lambda a, f, m: _U64(a.size),
    A.LINK_SUPPORT: lambda a, f, m: _bool(True),
    A.SYMLINK_SUPPORT: lambda a, f, m: _bool(True),
    A.NAMED_ATTR: lambda a, f, m: _bool(False),
    A.FSID: lambda a, f, m: _FSID(*f.fsid),
    A.UNIQUE_HANDLES: lambda a, f, m: _bool(True),
    A.LEASE_TIME: lambda a, f, m: _U32(f.lease_time),
    A.RDATTR_ERROR: lambda a, f, m: _U32(f.rdattr_error),
    A.ACLSUPPORT: lambda a, f, m: _U32(0),  # no ACLs: mode bits only
    A.CANSETTIME: lambda a, f, m: _bool(True),
    A.CASE_INSENSITIVE: lambda a, f, m: _bool(_pc(f).case_insensitive),
    A.CASE_PRESERVING: lambda a, f, m: _bool(_pc(f).case_preserving),
    A.CHOWN_RESTRICTED: lambda a, f, m: _bool(_pc(f).chown_restricted),
    A.FILEHANDLE: lambda a, f, m: _utf8(f.handle),
    A.FILEID: lambda a, f, m: _U64(a.fileid),
    A.FILES_AVAIL: lambda a, f, m: _U64(_sf(f).afiles),
    A.FILES_FREE: lambda a, f, m: _U64(_sf(f).ffiles),
    A.FILES_TOTAL: lambda a, f, m: _U64(_sf(f).tfiles),
    A.HOMOGENEOUS: lambda a, f, m: _bool(True),
    A.MAXFILESIZE: lambda a, f, m: _U64(MAX_FILE_SIZE),
    A.MAXLINK: lambda a, f, m: _U32(_pc(f).linkmax),
    A.MAXNAME: lambda a, f, m: _U32(_pc(f).name_max),
    A.MAXREAD: lambda a, f, m: _U64(f.maxread),
    A.MAXWRITE: lambda a, f, m: _U64(f.maxwrite),
    A.MODE: lambda a, f, m: _U32(a.mode & 0o7777),
    A.NO_TRUNC: lambda a, f, m: _bool(_pc(f).no_trunc),
    A.NUMLINKS: lambda a, f, m: _U32(a.nlink),
    A.OWNER: lambda a, f, m: _utf8(owner_string(a.uid, f.id_domain)),
    A.OWNER_GROUP: lambda a, f, m: _utf8(group_string(a.gid, f.id_domain)),
    A.RAWDEV: lambda a, f, m: _SPEC(a.rdev[0], a.rdev[1]),
    A.SPACE_AVAIL: lambda a, f, m: _U64(_sf(f).abytes),
    A.SPACE_FREE: lambda a, f, m: _U64(_sf(f).fbytes),
    A.SPACE_TOTAL: lambda a, f, m: _U64(_sf(f).tbytes),
    A.SPACE_USED: lambda a, f, m: _U64(a.used),
    A.TIME_ACCESS: lambda a, f, m: _time(a.atime),
    A.TIME_DELTA: lambda a, f, m: _TIME(0, 1),  # nanosecond timestamps
    A.TIME_METADATA: lambda a, f, m: _time(a.ctime),
    A.TIME_MODIFY: lambda a, f, m: _time(a.mtime),
    A.MOUNTED_ON_FILEID: lambda a, f, m: _U64(
        a.fileid if f.mounted_on_fileid is None else f.mounted_on_fileid),
    A.SUPPATTR_EXCLCREAT: lambda a, f, m: _bitmap_bytes(make_bitmap(EXCLCREAT)),
    A.XATTR_SUPPORT: lambda a, f, m: _bool(f.xattr_support),  # user. xattrs (RFC 8276)
    A.OPEN_ARGUMENTS: lambda a, f, m: OPEN_ARGUMENTS,
}

#: What a constant attribute's encoder is given (it looks at neither).
_NO_ATTRS: Any = None
_NO_FACTS: Any = None

_READABLE = frozenset(_ENC) - {A.SUPPATTR_EXCLCREAT, A.XATTR_SUPPORT, A.OPEN_ARGUMENTS}
_SUPPORTED = {
    0: frozenset(_READABLE | WRITE_ONLY),
    1: frozenset(_READABLE | WRITE_ONLY | {A.SUPPATTR_EXCLCREAT}),
    # RFC 9754's open_arguments is an NFSv4.2 extension (knfsd offers it at 4.2 only).
    2: frozenset(_READABLE | WRITE_ONLY | {A.SUPPATTR_EXCLCREAT, A.XATTR_SUPPORT,
                                           A.OPEN_ARGUMENTS}),
}


def supported(minor: int) -> frozenset[int]:
    """supported_attrs of minor version `minor` (4.1 adds suppattr_exclcreat, 4.2
    xattr_support)."""
    return _SUPPORTED[minor]


def _bitmap_bytes(words: list[int]) -> bytes:
    return _U32(len(words)) + b"".join(_U32(w) for w in words)


#: open_arguments (RFC 9754 6): what OPEN takes here, as bitmaps of the enums' values.
#: No delegation timestamps (WANT_DELEG_TIMESTAMPS) and no OPEN_XOR_DELEGATION.
OPEN_ARGUMENTS: bytes = b"".join(_bitmap_bytes(make_bitmap(bits)) for bits in (
    (p.OPEN_ARGS_SHARE_ACCESS_READ, p.OPEN_ARGS_SHARE_ACCESS_WRITE,
     p.OPEN_ARGS_SHARE_ACCESS_BOTH),
    (p.OPEN_ARGS_SHARE_DENY_NONE, p.OPEN_ARGS_SHARE_DENY_READ, p.OPEN_ARGS_SHARE_DENY_WRITE,
     p.OPEN_ARGS_SHARE_DENY_BOTH),
    (p.OPEN_ARGS_SHARE_ACCESS_WANT_ANY_DELEG, p.OPEN_ARGS_SHARE_ACCESS_WANT_NO_DELEG,
     p.OPEN_ARGS_SHARE_ACCESS_WANT_CANCEL),
    (p.OPEN_ARGS_OPEN_CLAIM_NULL, p.OPEN_ARGS_OPEN_CLAIM_PREVIOUS,
     p.OPEN_ARGS_OPEN_CLAIM_DELEGATE_CUR, p.OPEN_ARGS_OPEN_CLAIM_FH,
     p.OPEN_ARGS_OPEN_CLAIM_DELEG_CUR_FH),
    (p.OPEN_ARGS_CREATEMODE_UNCHECKED4, p.OPEN_ARGS_CREATE_MODE_GUARDED,
     p.OPEN_ARGS_CREATEMODE_EXCLUSIVE4, p.OPEN_ARGS_CREATE_MODE_EXCLUSIVE4_1),
))


def needs(request: list[int]) -> tuple[bool, bool]:
    """Does encoding `request` (attribute numbers) need (statfs, pathconf)?"""
    r = set(request)
    return bool(r & STATFS_ATTRS), bool(r & PATHCONF_ATTRS)


def check_readable(request: list[int]) -> None:
    """Raises Nfs4Error(INVAL) when `request` names a write-only attribute (RFC 8881 18.7.3)."""
    if WRITE_ONLY.intersection(request):
        raise Nfs4Error(S.NFS4ERR_INVAL, "write-only attribute requested")


def encode(request: list[int], minor: int, a: Attrs, facts: FsFacts) -> p.fattr4:
    """The fattr4 of the supported attributes in `request` (ascending attribute numbers).

    Assumptions: `facts` carries statfs / pathconf when `needs(request)` said so; write-only
    attributes were refused (`check_readable`) or are skipped here.
    """
    pl = plan(request, minor)
    return p.fattr4(pl.bitmap, pl.encode(a, facts))


# -- compiled encoders -------------------------------------------------------------------------
#
# A client asks for the same few bitmaps again and again (the Linux client's post-op
# attributes, its READDIR attributes): each (request, minor version) gets a `Plan` once,
# with one function that packs the whole attr_vals, consecutive fixed-size values in one
# struct.pack.  The values are the ones `_ENC` gives (a test compares the two for every
# attribute); an attribute with no fixed form here uses its `_ENC` entry.

#: attribute -> (struct format, expression) of its value, over ``a`` (Attrs) and ``f``
#: (FsFacts).
_FIXED: dict[int, tuple[str, str]] = {
    A.TYPE: ("I", "a.type"),
    A.CHANGE: ("Q", "(((a.ctime[0] << 30) + a.ctime[1]) & 0xFFFFFFFFFFFFFFFF"
                    " if f.change is None else f.change)"),
    A.SIZE: ("Q", "a.size"),
    A.FSID: ("QQ", "f.fsid[0], f.fsid[1]"),
    A.LEASE_TIME: ("I", "f.lease_time"),
    A.RDATTR_ERROR: ("I", "f.rdattr_error"),
    A.FILEID: ("Q", "a.fileid"),
    A.MAXREAD: ("Q", "f.maxread"),
    A.MAXWRITE: ("Q", "f.maxwrite"),
    A.MODE: ("I", "a.mode & 0o7777"),
    A.NUMLINKS: ("I", "a.nlink"),
    A.RAWDEV: ("II", "a.rdev[0], a.rdev[1]"),
    A.SPACE_USED: ("Q", "a.used"),
    A.TIME_ACCESS: ("qI", "a.atime[0], a.atime[1]"),
    A.TIME_METADATA: ("qI", "a.ctime[0], a.ctime[1]"),
    A.TIME_MODIFY: ("qI", "a.mtime[0], a.mtime[1]"),
    A.MOUNTED_ON_FILEID: ("Q", "a.fileid if f.mounted_on_fileid is None"
                               " else f.mounted_on_fileid"),
    A.XATTR_SUPPORT: ("I", "1 if f.xattr_support else 0"),
}

#: Attributes whose value is the same bytes for every object.
_CONSTANT = frozenset({A.SUPPORTED_ATTRS, A.FH_EXPIRE_TYPE, A.LINK_SUPPORT,
                       A.SYMLINK_SUPPORT, A.NAMED_ATTR, A.UNIQUE_HANDLES, A.ACLSUPPORT,
                       A.CANSETTIME, A.HOMOGENEOUS, A.MAXFILESIZE, A.TIME_DELTA,
                       A.SUPPATTR_EXCLCREAT, A.OPEN_ARGUMENTS})


@functools.lru_cache(maxsize=1024)
def _owner_xdr(uid: int, domain: str | None) -> bytes:
    return _utf8(owner_string(uid, domain))


@functools.lru_cache(maxsize=1024)
def _group_xdr(gid: int, domain: str | None) -> bytes:
    return _utf8(group_string(gid, domain))


#: attribute -> expression of its (variable-size) XDR bytes, for those with one.
_VARIABLE: dict[int, str] = {
    A.FILEHANDLE: "_utf8(f.handle)",
    A.OWNER: "_owner_xdr(a.uid, f.id_domain)",
    A.OWNER_GROUP: "_group_xdr(a.gid, f.id_domain)",
}


class Plan:
    """How to encode one request bitmap in one minor version: the attributes it asks for
    (``request``), whether they need statfs / pathconf / the xattr support look-up, whether
    one is write-only, the bitmap of what is encoded and ``encode(attrs, facts)``, which
    returns attr_vals."""

    __slots__ = ("bitmap", "encode", "pathconf", "request", "statfs", "write_only", "xattr")

    def __init__(self, request: list[int], minor: int) -> None:
        self.request = request
        self.statfs, self.pathconf = needs(request)
        self.write_only = bool(WRITE_ONLY.intersection(request))
        self.xattr = A.XATTR_SUPPORT in request
        sup = _SUPPORTED[minor]
        done = [attr for attr in request if attr in sup and attr in _ENC]
        self.bitmap = make_bitmap(done)
        self.encode: Callable[[Attrs, FsFacts], bytes] = _compile(done, minor)


def _compile(done: list[int], minor: int) -> Callable[[Attrs, FsFacts], bytes]:
    """One function packing the values of `done` (ascending) for `minor`."""
    env: dict[str, Any] = {"_utf8": _utf8, "_owner_xdr": _owner_xdr, "_group_xdr": _group_xdr,
                           "_ENC": _ENC, "_minor": minor}
    parts: list[str] = []
    fmt = ""
    exprs: list[str] = []

    def flush() -> None:
        nonlocal fmt, exprs
        if fmt:
            name = f"_s{len(env)}"
            env[name] = struct.Struct(">" + fmt).pack
            parts.append(f"{name}({', '.join(exprs)})")
            fmt, exprs = "", []

    for attr in done:
        if attr in _FIXED:
            f, e = _FIXED[attr]
            fmt += f
            exprs.append(e)
            continue
        flush()
        if attr in _CONSTANT:
            name = f"_c{len(env)}"
            env[name] = _ENC[attr](_NO_ATTRS, _NO_FACTS, minor)
            parts.append(name)
        elif attr in _VARIABLE:
            parts.append(_VARIABLE[attr])
        else:
            parts.append(f"_ENC[{attr}](a, f, _minor)")
    flush()
    body = " + ".join(parts) if parts else "b''"
    code = f"def encode(a, f):\n    return {body}\n"
    exec(compile(code, f"<fattr4 plan {done} v4.{minor}>", "exec"), env)
    return env["encode"]  # type: ignore[no-any-return]


#: Plans by (request, minor).  Clients use a handful of bitmaps; a client sending ever new
#: ones only makes this start over when it is full.
_PLANS: dict[tuple[tuple[int, ...], int], Plan] = {}
_MAX_PLANS = 256


def plan(request: list[int] | tuple[int, ...], minor: int) -> Plan:
    """The cached `Plan` of `request` (ascending attribute numbers) in `minor`."""
    key = (tuple(request), minor)
    pl = _PLANS.get(key)
    if pl is None:
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        pl = _PLANS[key] = Plan(list(request), minor)
    return pl


#: Plans by (request bitmap words, minor): GETATTR's look-up, without decoding the bitmap.
_BY_BITMAP: dict[tuple[tuple[int, ...], int], Plan] = {}


def plan_of_bitmap(words: list[int], minor: int) -> Plan:
    """The `Plan` of the bitmap4 `words` a client sent (`decode_bitmap` of it)."""
    key = (tuple(words), minor)
    pl = _BY_BITMAP.get(key)
    if pl is None:
        if len(_BY_BITMAP) >= _MAX_PLANS:
            _BY_BITMAP.clear()
        pl = _BY_BITMAP[key] = plan(decode_bitmap(words), minor)
    return pl


def fattr4_size(f: p.fattr4) -> int:
    """XDR bytes of `f` (bitmap count + words + attr_vals length + padded vals)."""
    return 4 + 4 * len(f.attrmask) + 4 + ((len(f.attr_vals) + 3) & ~3)


# -- decoding what a client sets -------------------------------------------------------------

#: The attributes SETATTR (and CREATE / OPEN createattrs) may set (RFC 8881 5.6, 5.7: the
#: writable REQUIRED and RECOMMENDED attributes this server supports).
SETTABLE = frozenset({A.SIZE, A.MODE, A.OWNER, A.OWNER_GROUP, A.TIME_ACCESS_SET,
                      A.TIME_MODIFY_SET})

#: attribute -> its generated codec: the values are decoded as the .x declares them.
_DEC: dict[int, Any] = {
    A.SIZE: p.fattr4_size_xdr,
    A.MODE: p.fattr4_mode_xdr,
    A.OWNER: p.fattr4_owner_xdr,
    A.OWNER_GROUP: p.fattr4_owner_group_xdr,
    A.TIME_ACCESS_SET: p.fattr4_time_access_set_xdr,
    A.TIME_MODIFY_SET: p.fattr4_time_modify_set_xdr,
}


def _settime(v: p.settime4) -> TimeSpec:
    """settime4 -> storage's time to set.  Raises Nfs4Error(INVAL) for nseconds past a
    second (RFC 8881 3.3.1; knfsd's nfsd4_decode_nfstime4)."""
    if v.tag == p.SET_TO_SERVER_TIME4:
        return SERVER_TIME
    t = v.value
    if t.nseconds >= 1_000_000_000:
        raise Nfs4Error(S.NFS4ERR_INVAL, "nseconds past a second")
    return (t.seconds, t.nseconds)


def decode_settable(f: p.fattr4, minor: int, domain: str) -> tuple[SetAttrs, list[int]]:
    """The storage `SetAttrs` a client's fattr4 asks for, and the bitmap of the attributes
    it names (what SETATTR's attrsset and CREATE's / OPEN's attrset report once applied).

    Assumptions: `domain` is the server's id domain (`nfs4.idmap`).
    Raises: Nfs4Error ATTRNOTSUPP (an attribute this minor version does not support),
    INVAL (a supported read-only one, a bad time, an empty owner), BADXDR (values shorter
    or longer than the bitmap says, a bad settime4 discriminant), BADOWNER (an owner string
    that names nobody here); NfsError(FBIG) for a size past off_t max.
    """
    words = list(f.attrmask)
    if any(words[_MAX_WORDS:]):
        raise Nfs4Error(S.NFS4ERR_ATTRNOTSUPP, "attribute beyond the known ones")
    request = decode_bitmap(words)
    sup = _SUPPORTED[minor]
    # knfsd's check_attr_support: unsupported first, then read-only.
    if any(a not in sup for a in request):
        raise Nfs4Error(S.NFS4ERR_ATTRNOTSUPP)
    if any(a not in SETTABLE for a in request):
        raise Nfs4Error(S.NFS4ERR_INVAL, "read-only attribute in a set")
    reader = XdrReader(memoryview(bytes(f.attr_vals)))
    vals: dict[int, Any] = {}
    try:
        for a in request:
            vals[a] = _DEC[a].decode(reader)
    except XdrError:
        raise Nfs4Error(S.NFS4ERR_BADXDR, "attribute values shorter than the bitmap") from None
    if reader.remaining:
        raise Nfs4Error(S.NFS4ERR_BADXDR, "attribute values longer than the bitmap")
    size = vals.get(A.SIZE)
    if size is not None:
        check_size(size)  # FBIG, as NFSv3 and WRITE
    mode = vals.get(A.MODE)
    owner = vals.get(A.OWNER)
    group = vals.get(A.OWNER_GROUP)
    atime = vals.get(A.TIME_ACCESS_SET)
    mtime = vals.get(A.TIME_MODIFY_SET)
    sa = SetAttrs(
        mode=None if mode is None else mode & 0o7777,
        uid=None if owner is None else uid_of(bytes(owner), domain),
        gid=None if group is None else gid_of(bytes(group), domain),
        size=size,
        atime=None if atime is None else _settime(atime),
        mtime=None if mtime is None else _settime(mtime),
    )
    return sa, make_bitmap(request)
