"""The extended attribute ops (RFC 8276: GETXATTR, SETXATTR, LISTXATTRS, REMOVEXATTR), the
xattr_support attribute and ACCESS's XA bits against a running server over real TCP sockets.

Adds beyond the storage suite: the keys decode from real 4.2 COMPOUNDs and land in the
exported file's ``user.`` namespace (read back with os.getxattr, and set there to be
listed), change_info4 matches the file's change attribute, LISTXATTRS pages through a
real list by cookie and maxcount, and another uid meets the file's real permissions.
"""

from __future__ import annotations

import os
from pathlib import Path

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import fattr
from tests.helpers import ServerProc
from tests.nfsrdma._nfs import RawConn
from tests.nfsrdma.nfs4._v4 import V4, attr_mask, decode_attrs, getattr_, op, putfh
from tests.nfsrdma.nfs4.test_sessions import sequence, session
from tests.nfsrdma.nfs4.test_v42 import S42, USER, d, fh_of, root, s, server

__all__ = ["d", "root", "s", "server"]  # the shared fixtures, imported so pytest finds them

A = fattr.A
EITHER, CREATE, REPLACE = p.SETXATTR4_EITHER, p.SETXATTR4_CREATE, p.SETXATTR4_REPLACE
XA = p.ACCESS4_XAREAD | p.ACCESS4_XAWRITE | p.ACCESS4_XALIST


def setx(key: bytes, value: bytes, how: int = EITHER) -> p.nfs_argop4:
    return op(O.OP_SETXATTR, p.SETXATTR4args(how, key, value))


def getx(key: bytes) -> p.nfs_argop4:
    return op(O.OP_GETXATTR, p.GETXATTR4args(key))


def rmx(key: bytes) -> p.nfs_argop4:
    return op(O.OP_REMOVEXATTR, p.REMOVEXATTR4args(key))


def listx(cookie: int, maxcount: int) -> p.nfs_argop4:
    return op(O.OP_LISTXATTRS, p.LISTXATTRS4args(cookie, maxcount))


def change() -> p.nfs_argop4:
    return getattr_([A.CHANGE])


def change_of(res: object) -> int:
    return decode_attrs(res.resok4.obj_attributes)[A.CHANGE]  # type: ignore[attr-defined, no-any-return]


def test_xattr_round_trip_with_change_info(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    (where / "x").write_bytes(b"")
    fh = fh_of(s, dirfh, b"x")
    res = s.run([putfh(fh), change(), setx(b"color", b"blue", CREATE), change()])
    assert res.status == S.NFS4_OK, res
    ci = res.resarray[3].value.sxr_info
    assert (ci.before, ci.after) == (change_of(res.resarray[2].value),
                                     change_of(res.resarray[4].value))
    assert ci.before != ci.after and ci.atomic is False
    # in the file's user. namespace, nowhere else
    assert os.getxattr(where / "x", b"user.color") == b"blue"
    assert s.last([putfh(fh), getx(b"color")]).gxr_value == b"blue"
    # set by the file's own user, it is seen through NFS
    os.setxattr(where / "x", b"user.local", b"\0binary\xff")
    assert s.last([putfh(fh), getx(b"local")]).gxr_value == b"\0binary\xff"
    # CREATE of an existing key, REPLACE of a missing one, a missing key
    assert s.status([putfh(fh), setx(b"color", b"red", CREATE)]) == S.NFS4ERR_EXIST
    assert s.status([putfh(fh), setx(b"nope", b"x", REPLACE)]) == S.NFS4ERR_NOXATTR
    assert s.status([putfh(fh), getx(b"nope")]) == S.NFS4ERR_NOXATTR
    s.last([putfh(fh), setx(b"color", b"red", REPLACE)])
    assert os.getxattr(where / "x", b"user.color") == b"red"
    # REMOVEXATTR, with its change_info4
    res = s.run([putfh(fh), change(), rmx(b"color"), change()])
    ri = res.resarray[3].value.rxr_info
    assert (ri.before, ri.after) == (change_of(res.resarray[2].value),
                                     change_of(res.resarray[4].value))
    assert b"user.color" not in os.listxattr(where / "x")
    assert s.status([putfh(fh), rmx(b"color")]) == S.NFS4ERR_NOXATTR
    # bounds: a value past 64 KiB, empty / long / non-UTF-8 keys
    assert s.status([putfh(fh), setx(b"big", b"v" * (65536 + 1))]) == S.NFS4ERR_XATTR2BIG
    assert s.status([putfh(fh), setx(b"", b"v")]) == S.NFS4ERR_INVAL
    assert s.status([putfh(fh), setx(b"k" * 251, b"v")]) == S.NFS4ERR_NAMETOOLONG
    assert s.status([putfh(fh), setx(b"\xff\xfe", b"v")]) == S.NFS4ERR_INVAL
    # directories carry them too
    s.last([putfh(dirfh), setx(b"d", b"1")])
    assert os.getxattr(where, b"user.d") == b"1"


def test_listxattrs_pages_by_cookie_and_maxcount(s: S42, d: tuple[bytes, Path]) -> None:
    dirfh, where = d
    (where / "l").write_bytes(b"")
    keys = sorted(b"key-%02d-%s" % (i, b"x" * i) for i in range(20))
    for k in keys:
        os.setxattr(where / "l", b"user." + k, b"v")
    os.setxattr(where / "l", b"trusted.not-listed", b"v")  # other namespaces stay hidden
    fh = fh_of(s, dirfh, b"l")
    whole = s.last([putfh(fh), listx(0, 65536)]).lxr_value
    assert whole.lxr_names == keys and whole.lxr_eof and whole.lxr_cookie == len(keys)
    got: list[bytes] = []
    cookie, pages = 0, 0
    while True:
        r = s.last([putfh(fh), listx(cookie, 120)]).lxr_value
        size = 8 + 4 + sum(4 + (len(k) + 3) // 4 * 4 for k in r.lxr_names) + 4
        assert 0 < len(r.lxr_names) and size <= 120
        got += r.lxr_names
        cookie, pages = r.lxr_cookie, pages + 1
        if r.lxr_eof:
            break
    assert got == keys and pages > 3
    # not even one key fits: TOOSMALL; a cookie past the end: BAD_COOKIE
    assert s.status([putfh(fh), listx(0, 20)]) == S.NFS4ERR_TOOSMALL
    assert s.status([putfh(fh), listx(len(keys) + 1, 4096)]) == S.NFS4ERR_BAD_COOKIE
    r = s.last([putfh(fh), listx(len(keys), 4096)]).lxr_value
    assert (r.lxr_names, r.lxr_eof) == ([], True)


def test_xattr_support_and_access_bits(s: S42, d: tuple[bytes, Path], server: ServerProc
                                       ) -> None:
    dirfh, where = d
    (where / "ro").write_bytes(b"")
    os.chmod(where / "ro", 0o644)
    fh = fh_of(s, dirfh, b"ro")
    r = s.last([putfh(fh), getattr_([A.SUPPORTED_ATTRS, A.XATTR_SUPPORT])])
    got = decode_attrs(r.resok4.obj_attributes)
    assert got[A.XATTR_SUPPORT] is True and A.XATTR_SUPPORT in attr_mask(got[A.SUPPORTED_ATTRS])
    acc = s.last([putfh(fh), op(O.OP_ACCESS, p.ACCESS4args(XA | p.ACCESS4_READ))]).resok4
    assert (acc.supported, acc.access) == (XA | p.ACCESS4_READ, XA | p.ACCESS4_READ)
    u = S42(server, b"xattr-user", USER)
    try:
        acc = u.last([putfh(fh), op(O.OP_ACCESS, p.ACCESS4args(XA))]).resok4
        assert acc.supported == XA
        assert acc.access == p.ACCESS4_XAREAD | p.ACCESS4_XALIST  # 0644: no writing
        # and the ops agree with ACCESS
        s.last([putfh(fh), setx(b"k", b"v")])
        assert u.last([putfh(fh), getx(b"k")]).gxr_value == b"v"
        assert u.last([putfh(fh), listx(0, 4096)]).lxr_value.lxr_names == [b"k"]
        assert u.status([putfh(fh), setx(b"k", b"w")]) == S.NFS4ERR_ACCESS
        assert u.status([putfh(fh), rmx(b"k")]) == S.NFS4ERR_ACCESS
        os.chmod(where / "ro", 0o600)
        assert u.status([putfh(fh), getx(b"k")]) == S.NFS4ERR_ACCESS
        assert u.status([putfh(fh), listx(0, 4096)]) == S.NFS4ERR_ACCESS
    finally:
        u.close()
    assert os.getxattr(where / "ro", b"user.k") == b"v"
    # 4.1 has no xattr_support attribute and no XA bits
    conn = RawConn(server.nfs_port)
    try:
        v41 = V4(conn, 1)
        _, sid = session(v41, b"xattr-41")
        res = v41.compound([sequence(sid, 1), putfh(fh), getattr_([A.XATTR_SUPPORT]),
                            op(O.OP_ACCESS, p.ACCESS4args(XA | p.ACCESS4_READ))])
        assert res.status == S.NFS4_OK, res
        assert attr_mask(res.resarray[2].value.resok4.obj_attributes.attrmask) == []
        assert res.resarray[3].value.resok4.supported == p.ACCESS4_READ
    finally:
        conn.close()
