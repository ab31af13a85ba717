"""fattr.decode_settable: the one decoder of what a client sets (SETATTR, CREATE and OPEN's
createattrs), bytes in and storage SetAttrs out, with the RFC 8881 18.30.3 statuses
(ATTRNOTSUPP before INVAL, BADXDR for values that do not match the bitmap); and the compiled
encoders (`fattr.plan`) against the per-attribute table and the generated codecs."""

from __future__ import annotations

import struct

import pytest

from nfsrdma.core.errors import ErrorKind, NfsError
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import fattr
from nfsrdma.nfs4.errors import Nfs4Error
from storage.backend import SERVER_TIME, Attrs, FileType, FsStat, PathConf, SetAttrs
from tests.nfsrdma.nfs4._v4 import decode_attrs

A = fattr.A
DOM = "example.test"


def utf8(b: bytes) -> bytes:
    return struct.pack(">I", len(b)) + b + b"\0" * (-len(b) % 4)


def fa(attrs: list[int], vals: bytes) -> p.fattr4:
    return p.fattr4(fattr.make_bitmap(attrs), vals)


def status(f: p.fattr4, minor: int = 0) -> int:
    with pytest.raises(Nfs4Error) as e:
        fattr.decode_settable(f, minor, DOM)
    return int(e.value.status)


def test_every_settable_attribute_in_wire_order() -> None:
    vals = (struct.pack(">Q", 5) + struct.pack(">I", 0o104755) + utf8(b"1000") + utf8(b"0")
            + struct.pack(">I", p.SET_TO_SERVER_TIME4)
            + struct.pack(">IqI", p.SET_TO_CLIENT_TIME4, -3, 999_999_999))
    req = [A.SIZE, A.MODE, A.OWNER, A.OWNER_GROUP, A.TIME_ACCESS_SET, A.TIME_MODIFY_SET]
    sa, attrset = fattr.decode_settable(fa(req, vals), 1, DOM)
    # mode: the 12 permission bits only (a type in the value is dropped, as knfsd does)
    assert sa == SetAttrs(mode=0o4755, uid=1000, gid=0, size=5, atime=SERVER_TIME,
                          mtime=(-3, 999_999_999))
    assert attrset == fattr.make_bitmap(req)
    # nothing to set: an empty SetAttrs and an empty bitmap
    assert fattr.decode_settable(p.fattr4([], b""), 0, DOM) == (SetAttrs(), [])


def test_unsupported_before_read_only() -> None:
    # acl (12) is writable in the RFC but not supported here; type is supported, read-only
    assert status(fa([A.TYPE, 12], b"")) == S.NFS4ERR_ATTRNOTSUPP
    assert status(fa([A.TYPE], struct.pack(">I", 1))) == S.NFS4ERR_INVAL
    assert status(fa([A.SUPPORTED_ATTRS], b"")) == S.NFS4ERR_INVAL
    assert status(fa([A.TIME_MODIFY], b"")) == S.NFS4ERR_INVAL  # time_modify_set sets it
    assert status(p.fattr4([0, 0, 0, 1], b"")) == S.NFS4ERR_ATTRNOTSUPP  # word 3
    assert status(fa([p.FATTR4_MODE_SET_MASKED], b"")) == S.NFS4ERR_ATTRNOTSUPP
    # suppattr_exclcreat exists from 4.1 on: unsupported in 4.0, read-only after
    assert status(fa([A.SUPPATTR_EXCLCREAT], b""), 0) == S.NFS4ERR_ATTRNOTSUPP
    assert status(fa([A.SUPPATTR_EXCLCREAT], b""), 1) == S.NFS4ERR_INVAL


@pytest.mark.parametrize("attrs, vals", [
    ([A.MODE], b""),  # no value (pynfs SATT7)
    ([A.MODE], struct.pack(">I", 0o644) + b"Garbage data"),  # extra bytes (SATT8)
    ([A.SIZE], b"\0" * 4),
    ([A.OWNER], struct.pack(">I", 8) + b"1000"),
    ([A.OWNER], struct.pack(">I", 0xFFFF_FFFF)),
    ([A.TIME_MODIFY_SET], struct.pack(">I", 2)),  # bad time_how4
    ([A.TIME_MODIFY_SET], struct.pack(">Iq", p.SET_TO_CLIENT_TIME4, 0)),
    ([], b"\0\0\0\0"),
])
def test_values_that_do_not_match_the_bitmap_are_badxdr(attrs: list[int], vals: bytes) -> None:
    assert status(fa(attrs, vals)) == S.NFS4ERR_BADXDR


def test_bad_values() -> None:
    assert status(fa([A.TIME_ACCESS_SET], struct.pack(">IqI", 1, 0, 10**9))) == S.NFS4ERR_INVAL
    assert status(fa([A.OWNER], utf8(b""))) == S.NFS4ERR_INVAL
    assert status(fa([A.OWNER_GROUP], utf8(b"nobody@elsewhere.test"))) == S.NFS4ERR_BADOWNER
    with pytest.raises(NfsError) as e:
        fattr.decode_settable(fa([A.SIZE], struct.pack(">Q", 2**64 - 1)), 0, DOM)
    assert e.value.kind is ErrorKind.FBIG


def test_cinfo_is_the_change_attribute_and_never_atomic() -> None:
    from storage.backend import Attrs, FileType

    def at(ctime: tuple[int, int]) -> Attrs:
        return Attrs(FileType.DIR, 0o755, 2, 0, 0, 0, 0, (0, 0), 1, 2, (0, 0), (0, 0), ctime)

    before, after = at((10, 5)), at((11, 7))
    ci = fattr.cinfo(before, after)
    assert (ci.atomic, ci.before, ci.after) == (False, fattr.change_of(before),
                                                fattr.change_of(after))
    assert ci.before < ci.after


# -- the compiled encoders (fattr.plan) ------------------------------------------------------

ATTRS = Attrs(type=FileType.REG, mode=0o104755, nlink=3, uid=1000, gid=100, size=(1 << 40) + 7,
              used=8192, rdev=(8, 1), fsid=5, fileid=(1 << 62) + 9, atime=(-5, 1),
              mtime=(1_700_000_000, 999_999_999), ctime=(1_700_000_001, 5))


def facts(**kw: object) -> fattr.FsFacts:
    f = fattr.FsFacts(b"\x01handle", (7, 9), statfs=FsStat(1, 2, 3, 4, 5, 6),
                      pathconf=PathConf(linkmax=32000), lease_time=45, maxread=1 << 19,
                      maxwrite=1 << 18, id_domain=None, xattr_support=True)
    for k, v in kw.items():
        setattr(f, k, v)
    return f


def one_by_one(request: list[int], minor: int, f: fattr.FsFacts) -> bytes:
    """attr_vals as the per-attribute table packs them, the reference for the plans."""
    sup = fattr.supported(minor)
    return b"".join(fattr._ENC[a](ATTRS, f, minor) for a in request
                    if a in sup and a in fattr._ENC)


@pytest.mark.parametrize("minor", [0, 1, 2])
def test_plan_packs_what_each_attribute_packs(minor: int) -> None:
    every = sorted(fattr._ENC)
    # every attribute alone, all of them at once, and runs that split fixed-size groups
    # around variable ones (owner, filehandle) and constants
    requests = [[a] for a in every] + [every, every[::2], every[1::2], every[3:17],
                                       [A.TYPE, A.OWNER, A.SIZE, A.FILEHANDLE, A.MODE]]
    for f in (facts(), facts(change=12345, mounted_on_fileid=77, id_domain="ex.test",
                            rdattr_error=int(S.NFS4ERR_ACCESS), xattr_support=False)):
        for req in requests:
            got = fattr.encode(req, minor, ATTRS, f)
            sup = fattr.supported(minor)
            assert got.attrmask == fattr.make_bitmap([a for a in req if a in sup
                                                      and a in fattr._ENC]), req
            assert got.attr_vals == one_by_one(req, minor, f), req


def test_plan_values_decode_as_the_x_declares_them() -> None:
    """The Linux client's post-op attributes, decoded with the generated codecs."""
    req = [A.TYPE, A.CHANGE, A.SIZE, A.FSID, A.FILEID, A.MODE, A.NUMLINKS, A.OWNER,
           A.OWNER_GROUP, A.RAWDEV, A.SPACE_USED, A.TIME_ACCESS, A.TIME_METADATA,
           A.TIME_MODIFY, A.MOUNTED_ON_FILEID]
    pl = fattr.plan_of_bitmap(fattr.make_bitmap(req), 1)
    assert pl.request == req and not pl.statfs and not pl.pathconf and not pl.write_only
    got = decode_attrs(p.fattr4(pl.bitmap, pl.encode(ATTRS, facts())))
    assert got[A.TYPE] == p.NF4REG and got[A.SIZE] == ATTRS.size
    assert got[A.CHANGE] == (ATTRS.ctime[0] << 30) + ATTRS.ctime[1]
    assert (got[A.FSID].major, got[A.FSID].minor) == (7, 9)
    assert got[A.MODE] == 0o4755 and got[A.NUMLINKS] == 3
    assert (got[A.OWNER], got[A.OWNER_GROUP]) == (b"1000", b"100")
    assert (got[A.RAWDEV].specdata1, got[A.RAWDEV].specdata2) == (8, 1)
    assert (got[A.TIME_ACCESS].seconds, got[A.TIME_ACCESS].nseconds) == (-5, 1)
    assert got[A.TIME_MODIFY].nseconds == 999_999_999
    assert got[A.MOUNTED_ON_FILEID] == ATTRS.fileid == got[A.FILEID]
    # a write-only attribute in the bitmap is flagged for GETATTR's INVAL
    assert fattr.plan_of_bitmap(fattr.make_bitmap([A.SIZE, A.TIME_MODIFY_SET]), 1).write_only
