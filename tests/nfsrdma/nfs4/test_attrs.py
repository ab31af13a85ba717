"""fattr4 over the wire against the real files' os.stat (RFC 8881 section 5).

Adds beyond unit tests: every value is decoded with the generated codecs (not the server's
own packing) and compared with what the kernel says about the real file.
"""

from __future__ import annotations

import os
import struct
import time
from collections.abc import Iterator

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.fattr import A
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import RawConn
from tests.nfsrdma.nfs4._v4 import (
    V4,
    attr_mask,
    bitmap_of,
    decode_attrs,
    getattr_,
    getfh,
    lookup,
    op,
    putrootfh,
)

MANDATORY = [A.SUPPORTED_ATTRS, A.TYPE, A.FH_EXPIRE_TYPE, A.CHANGE, A.SIZE, A.LINK_SUPPORT,
             A.SYMLINK_SUPPORT, A.NAMED_ATTR, A.FSID, A.UNIQUE_HANDLES, A.LEASE_TIME,
             A.RDATTR_ERROR, A.FILEHANDLE]
LINUX = [A.FILEID, A.MODE, A.NUMLINKS, A.OWNER, A.OWNER_GROUP, A.RAWDEV, A.SPACE_USED,
         A.TIME_ACCESS, A.TIME_METADATA, A.TIME_MODIFY, A.MOUNTED_ON_FILEID, A.MAXREAD,
         A.MAXWRITE, A.MAXFILESIZE, A.MAXNAME, A.MAXLINK, A.FILES_AVAIL, A.FILES_FREE,
         A.FILES_TOTAL, A.SPACE_AVAIL, A.SPACE_FREE, A.SPACE_TOTAL, A.CANSETTIME,
         A.CASE_INSENSITIVE, A.CASE_PRESERVING, A.CHOWN_RESTRICTED, A.NO_TRUNC,
         A.HOMOGENEOUS, A.TIME_DELTA, A.ACLSUPPORT]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    base = tmp_path_factory.mktemp("v4attrs")
    srv = make_server(base)
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture
def v4(server: ServerProc) -> Iterator[V4]:
    with RawConn(server.nfs_port) as c:
        yield V4(c, 0)


def to(server: ServerProc, *names: bytes) -> list[p.nfs_argop4]:
    path = [os.fsencode(x) for x in str(server.export).split("/") if x]
    return [putrootfh(), *(lookup(n) for n in (*path, *names))]


def get(v4: V4, ops: list[p.nfs_argop4], attrs: list[int]) -> dict[int, object]:
    return decode_attrs(v4.ok([*ops, getattr_(attrs)])[-1].resok4.obj_attributes)


def test_supported_attrs(v4: V4) -> None:
    # (4.1 and 4.2 need a session before GETATTR: their lists are checked once SEQUENCE lands.)
    sup = set(attr_mask(get(v4, [putrootfh()], [A.SUPPORTED_ATTRS])[A.SUPPORTED_ATTRS]))
    assert set(MANDATORY) <= sup and set(LINUX) <= sup
    assert A.SUPPATTR_EXCLCREAT not in sup and A.XATTR_SUPPORT not in sup  # 4.1/4.2 only


def test_file_attributes_match_stat(v4: V4, server: ServerProc) -> None:
    f = server.export / "data"
    f.write_bytes(b"z" * 12345)
    os.chmod(f, 0o640)
    os.chown(f, 1234, 5678)
    os.utime(f, ns=(1_600_000_000_123_456_789, 1_700_000_000_987_654_321))
    got = get(v4, to(server, b"data"), [*MANDATORY, *LINUX])
    st = os.stat(f)
    fh = v4.ok([*to(server, b"data"), getfh()])[-1].resok4.object
    assert got[A.TYPE] == p.NF4REG
    assert got[A.SIZE] == st.st_size == 12345
    assert got[A.MODE] == 0o640
    assert got[A.NUMLINKS] == st.st_nlink
    assert got[A.OWNER] == b"1234" and got[A.OWNER_GROUP] == b"5678"
    assert got[A.FILEID] == got[A.MOUNTED_ON_FILEID] == st.st_ino
    assert got[A.SPACE_USED] == st.st_blocks * 512
    ta, tm = got[A.TIME_ACCESS], got[A.TIME_MODIFY]
    assert (ta.seconds, ta.nseconds) == (1_600_000_000, 123_456_789)
    assert (tm.seconds, tm.nseconds) == (1_700_000_000, 987_654_321)
    tc = got[A.TIME_METADATA]
    assert (tc.seconds, tc.nseconds) == divmod(st.st_ctime_ns, 10**9)
    assert got[A.FILEHANDLE] == fh
    assert got[A.FH_EXPIRE_TYPE] == p.FH4_PERSISTENT
    assert got[A.LEASE_TIME] == 90 and got[A.RDATTR_ERROR] == 0
    assert got[A.UNIQUE_HANDLES] and got[A.LINK_SUPPORT] and got[A.SYMLINK_SUPPORT]
    assert not got[A.NAMED_ATTR]
    sv = os.statvfs(f)
    assert got[A.SPACE_TOTAL] == sv.f_blocks * sv.f_frsize
    assert got[A.FILES_TOTAL] == sv.f_files
    assert got[A.MAXNAME] == 255 and got[A.MAXREAD] == got[A.MAXWRITE] == 1 << 20
    td = got[A.TIME_DELTA]
    assert (td.seconds, td.nseconds) == (0, 1)


def test_change_advances_on_every_modification(v4: V4, server: ServerProc) -> None:
    f = server.export / "changing"
    f.write_bytes(b"a")
    seen = [get(v4, to(server, b"changing"), [A.CHANGE])[A.CHANGE]]
    for _ in range(3):
        time.sleep(0.01)
        with open(f, "ab") as w:
            w.write(b"b")
        seen.append(get(v4, to(server, b"changing"), [A.CHANGE])[A.CHANGE])
    time.sleep(0.01)
    os.chmod(f, 0o600)  # metadata only: change advances too
    seen.append(get(v4, to(server, b"changing"), [A.CHANGE])[A.CHANGE])
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


def test_write_only_and_unsupported_attrs(v4: V4, server: ServerProc) -> None:
    res = v4.compound([putrootfh(), getattr_([A.TIME_MODIFY_SET])])
    assert res.status == S.NFS4ERR_INVAL
    # Unsupported ones (acl, hidden, 4.1's suppattr_exclcreat in 4.0) are left out.
    vals = v4.ok([putrootfh(), getattr_([A.TYPE, 12, 25, A.SUPPATTR_EXCLCREAT])])
    assert attr_mask(vals[-1].resok4.obj_attributes.attrmask) == [A.TYPE]


def test_garbage_bitmaps(v4: V4, server: ServerProc) -> None:
    # All ones in 1,000 words asks for the write-only times too: INVAL.
    res = v4.compound([putrootfh(), op(O.OP_GETATTR, p.GETATTR4args([0xFFFF_FFFF] * 1000))])
    assert res.status == S.NFS4ERR_INVAL
    # Without them: every supported attribute, nothing else, no error.
    word1 = 0xFFFF_FFFF & ~(1 << (A.TIME_ACCESS_SET - 32) | 1 << (A.TIME_MODIFY_SET - 32))
    vals = v4.ok([putrootfh(), op(O.OP_GETATTR,
                                  p.GETATTR4args([0xFFFF_FFFF, word1] + [0xFFFF_FFFF] * 998))])
    got = vals[-1].resok4.obj_attributes
    assert A.TYPE in attr_mask(got.attrmask) and max(attr_mask(got.attrmask)) < 96
    # Write-only bits inside the all-ones request make it INVAL; without them it is fine.
    mask = bitmap_of([A.TYPE, A.SIZE]) + [0] * 5000 + [0x8000_0000]
    assert attr_mask(v4.ok([putrootfh(), op(O.OP_GETATTR, p.GETATTR4args(mask))])[-1]
                     .resok4.obj_attributes.attrmask) == [A.TYPE, A.SIZE]
    # A bitmap count far past the data: BADXDR for that op, the server carries on.
    body = (struct.pack(">IIII", 0, 0, 2, O.OP_PUTROOTFH) + struct.pack(">II", O.OP_GETATTR,
            0x4000_0000) + b"\0" * 16)
    res = V4.decode(v4.raw_compound(body))
    assert res.status == S.NFS4ERR_BADXDR
    v4.ok([putrootfh(), getattr_([A.TYPE])])


def test_verify_and_nverify(v4: V4, server: ServerProc) -> None:
    f = server.export / "verified"
    f.write_bytes(b"1234")
    ops = to(server, b"verified")
    got = v4.ok([*ops, getattr_([A.SIZE, A.MODE])])[-1].resok4.obj_attributes
    v4.ok([*ops, op(O.OP_VERIFY, p.VERIFY4args(got)), getfh()])
    res = v4.compound([*ops, op(O.OP_NVERIFY, p.NVERIFY4args(got))])
    assert res.status == S.NFS4ERR_SAME
    other = p.fattr4(bitmap_of([A.SIZE]), struct.pack(">Q", 999))
    assert v4.compound([*ops, op(O.OP_VERIFY, p.VERIFY4args(other))]).status == \
        S.NFS4ERR_NOT_SAME
    v4.ok([*ops, op(O.OP_NVERIFY, p.NVERIFY4args(other))])
    bad = p.fattr4(bitmap_of([A.RDATTR_ERROR]), struct.pack(">I", 0))
    assert v4.compound([*ops, op(O.OP_VERIFY, p.VERIFY4args(bad))]).status == S.NFS4ERR_INVAL
    unsup = p.fattr4(bitmap_of([12]), b"\0" * 4)
    assert v4.compound([*ops, op(O.OP_VERIFY, p.VERIFY4args(unsup))]).status == \
        S.NFS4ERR_ATTRNOTSUPP
