"""fattr.decode_settable: the one decoder of what a client sets (SETATTR, CREATE and OPEN's
createattrs), bytes in and storage SetAttrs out, with the RFC 8881 18.30.3 statuses
(ATTRNOTSUPP before INVAL, BADXDR for values that do not match the bitmap)."""

from __future__ import annotations

import struct

import pytest

from nfsrdma.core.errors import ErrorKind, NfsError
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import fattr
from nfsrdma.nfs4.errors import Nfs4Error
from storage.backend import SERVER_TIME, SetAttrs

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
