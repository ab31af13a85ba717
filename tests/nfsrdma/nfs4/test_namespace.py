"""The pseudo filesystem and the name ops over a real server and real directories
(RFC 8881 7, 18.15-18.16, 18.29, 18.45).

Adds beyond unit tests: the walk a v4 client makes from PUTROOTFH down to an export
whose path is its v3 path, the fsid change and mounted_on_fileid at the boundary seen in
the real encoded attributes, per-client export rules on v4 ops, and SECINFO's flavors.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.fattr import A
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import Cred, RawConn
from tests.nfsrdma.nfs4._v4 import (
    V4,
    decode_attrs,
    getattr_,
    getfh,
    lookup,
    op,
    putfh,
    putrootfh,
    readdir,
)
from tests.nfsrdma.nfs4.test_sessions import sequence, session

WALK_ATTRS = [A.TYPE, A.FSID, A.FILEID, A.MOUNTED_ON_FILEID, A.MODE]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    base = tmp_path_factory.mktemp("v4ns")
    (base / "export" / "sub").mkdir(parents=True)
    (base / "export" / "inner").mkdir()
    (base / "export" / "file").write_bytes(b"x" * 10)
    os.symlink("file", base / "export" / "link")
    (base / "ro").mkdir()
    (base / "nobody").mkdir()
    (base / "nonesec").mkdir()
    srv = make_server(base, exports_text=(
        "{export} *(rw,insecure,no_root_squash)\n"
        "{export}/inner *(ro,insecure)\n"
        f"{base}/ro *(ro,insecure)\n"
        f"{base}/nobody 10.9.9.9(rw,insecure)\n"
        f"{base}/nonesec *(rw,insecure,sec=none:sys)\n"))
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture
def v4(server: ServerProc) -> Iterator[V4]:
    with RawConn(server.nfs_port) as c:
        yield V4(c, 0)


def parts(path: Path | str) -> list[bytes]:
    return [os.fsencode(x) for x in str(path).split("/") if x]


def walk(v4: V4, path: Path | str) -> list[p.nfs_argop4]:
    return [putrootfh(), *(lookup(n) for n in parts(path))]


def attrs_at(v4: V4, ops: list[p.nfs_argop4], attrs: list[int] = WALK_ATTRS) -> dict[int, object]:
    vals = v4.ok([*ops, getattr_(attrs)])
    return decode_attrs(vals[-1].resok4.obj_attributes)


def test_walk_from_pseudo_root_into_an_export(v4: V4, server: ServerProc) -> None:
    path = server.export
    root = attrs_at(v4, [putrootfh()])
    assert root[A.TYPE] == p.NF4DIR and root[A.MODE] == 0o555
    # Every pseudo directory on the way shares the pseudo fsid; the export has its own.
    for depth in range(1, len(parts(path))):
        above = attrs_at(v4, [putrootfh(), *(lookup(n) for n in parts(path)[:depth])])
        assert above[A.FSID] == root[A.FSID] and above[A.TYPE] == p.NF4DIR
    top = attrs_at(v4, walk(v4, path))
    st = os.stat(path)
    assert top[A.FILEID] == st.st_ino and top[A.TYPE] == p.NF4DIR
    assert top[A.FSID] != root[A.FSID]
    # mounted_on_fileid of the export's root is the fileid of the pseudo entry it sits on,
    # which READDIR of the pseudo parent reports for that name.
    assert top[A.MOUNTED_ON_FILEID] != top[A.FILEID]
    parent = [putrootfh(), *(lookup(n) for n in parts(path)[:-1])]
    vals = v4.ok([*parent, readdir(attrs=[A.FILEID, A.MOUNTED_ON_FILEID, A.FSID])])
    ents = {e.name: decode_attrs(e.attrs) for e in vals[-1].resok4.reply.entries}
    mine = ents[path.name.encode()]
    assert mine[A.MOUNTED_ON_FILEID] == top[A.MOUNTED_ON_FILEID]
    assert mine[A.FILEID] == st.st_ino and mine[A.FSID] == top[A.FSID]
    # Inside the export, the fsid stays and mounted_on_fileid is the fileid.
    sub = attrs_at(v4, [*walk(v4, path), lookup(b"sub")])
    assert sub[A.FSID] == top[A.FSID]
    assert sub[A.FILEID] == sub[A.MOUNTED_ON_FILEID] == os.stat(path / "sub").st_ino


def test_lookupp_climbs_back_out(v4: V4, server: ServerProc) -> None:
    root_fh = v4.ok([putrootfh(), getfh()])[-1].resok4.object
    n = len(parts(server.export))
    ops = [*walk(v4, server.export), lookup(b"sub"), *[op(O.OP_LOOKUPP)] * (n + 1), getfh()]
    assert v4.ok(ops)[-1].resok4.object == root_fh
    res = v4.compound([putrootfh(), op(O.OP_LOOKUPP)])
    assert res.status == S.NFS4ERR_NOENT


def test_pseudo_readdir_shows_only_what_leads_to_allowed_exports(v4: V4,
                                                                 server: ServerProc) -> None:
    base = server.export.parent
    vals = v4.ok([*walk(v4, base), readdir(attrs=[A.TYPE])])
    names = sorted(e.name for e in vals[-1].resok4.reply.entries)
    # "nobody" is exported to 10.9.9.9 only: this client does not see it, nor look it up.
    assert names == [b"export", b"nonesec", b"ro"]
    assert v4.compound([*walk(v4, base), lookup(b"nobody")]).status == S.NFS4ERR_NOENT
    assert v4.compound([*walk(v4, base), lookup(b"nothere")]).status == S.NFS4ERR_NOENT


def test_pseudo_dirs_are_read_only(v4: V4, server: ServerProc) -> None:
    vals = v4.ok([putrootfh(), op(O.OP_ACCESS, p.ACCESS4args(0x3F))])
    assert vals[-1].resok4.access == p.ACCESS4_READ | p.ACCESS4_LOOKUP
    vals = v4.ok([*walk(v4, server.export), op(O.OP_ACCESS, p.ACCESS4args(0x3F))])
    assert vals[-1].resok4.access & p.ACCESS4_MODIFY
    ro = v4.ok([*walk(v4, server.export.parent / "ro"), op(O.OP_ACCESS, p.ACCESS4args(0x3F))])
    assert not ro[-1].resok4.access & (p.ACCESS4_MODIFY | p.ACCESS4_EXTEND | p.ACCESS4_DELETE)


def test_lookup_names(v4: V4, server: ServerProc) -> None:
    exp = walk(v4, server.export)
    cases = {b".": S.NFS4ERR_BADNAME, b"..": S.NFS4ERR_BADNAME, b"": S.NFS4ERR_INVAL,
             b"a/b": S.NFS4ERR_BADNAME, b"\xff\xfe": S.NFS4ERR_INVAL,
             b"n" * 256: S.NFS4ERR_NAMETOOLONG, b"missing": S.NFS4ERR_NOENT}
    for name, status in cases.items():
        res = v4.compound([*exp, lookup(name)])
        assert res.status == status, (name, S(res.status).name)
    # Through a file: NOTDIR; through a symlink: SYMLINK (RFC 8881 18.15.3).
    assert v4.compound([*exp, lookup(b"file"), lookup(b"x")]).status == S.NFS4ERR_NOTDIR
    assert v4.compound([*exp, lookup(b"link"), lookup(b"x")]).status == S.NFS4ERR_SYMLINK


def test_readlink(v4: V4, server: ServerProc) -> None:
    exp = walk(v4, server.export)
    vals = v4.ok([*exp, lookup(b"link"), op(O.OP_READLINK)])
    assert vals[-1].resok4.link == os.readlink(server.export / "link").encode()
    assert v4.compound([*exp, lookup(b"file"), op(O.OP_READLINK)]).status == S.NFS4ERR_INVAL
    assert v4.compound([putrootfh(), op(O.OP_READLINK)]).status == S.NFS4ERR_INVAL


def test_secinfo(v4: V4, server: ServerProc) -> None:
    base = server.export.parent
    vals = v4.ok([*walk(v4, base), op(O.OP_SECINFO, p.SECINFO4args(b"nonesec"))])
    assert [s.tag for s in vals[-1].resok4] == [0, 1]  # sec=none:sys, in that order
    vals = v4.ok([*walk(v4, base), op(O.OP_SECINFO, p.SECINFO4args(b"export"))])
    assert [s.tag for s in vals[-1].resok4] == [1]
    # In 4.0 the current filehandle survives SECINFO.
    v4.ok([*walk(v4, base), op(O.OP_SECINFO, p.SECINFO4args(b"export")), getfh()])


def test_secinfo_no_name_41(server: ServerProc) -> None:
    """SECINFO_NO_NAME (4.1+) names the current object's flavors (CURRENT_FH) or its
    parent's (PARENT) and consumes the current filehandle (RFC 8881 18.45.3)."""
    base = server.export.parent
    with RawConn(server.nfs_port) as c:
        v4 = V4(c, 1)
        _, sid = session(v4, b"secinfo-no-name")
        res = v4.compound([sequence(sid, 1), *walk(v4, base / "nonesec"),
                           op(O.OP_SECINFO_NO_NAME, p.SECINFO_STYLE4_CURRENT_FH)])
        assert res.status == S.NFS4_OK, res
        assert [s.tag for s in res.resarray[-1].value.resok4] == [0, 1]
        res = v4.compound([sequence(sid, 2), *walk(v4, base / "export" / "inner"),
                           op(O.OP_SECINFO_NO_NAME, p.SECINFO_STYLE4_PARENT)])
        assert [s.tag for s in res.resarray[-1].value.resok4] == [1]
        res = v4.compound([sequence(sid, 3), *walk(v4, base / "nonesec"),
                           op(O.OP_SECINFO_NO_NAME, p.SECINFO_STYLE4_CURRENT_FH), getfh()])
        assert res.status == S.NFS4ERR_NOFILEHANDLE


def test_access_supports_only_the_bits_meaningful_for_the_type(v4: V4,
                                                               server: ServerProc) -> None:
    """RFC 8881 18.1.3: LOOKUP and DELETE mean nothing for a file, EXECUTE nothing for a
    directory; `supported` leaves them out (pynfs ACC2*)."""
    everything = op(O.OP_ACCESS, p.ACCESS4args(0x3F))
    exp = walk(v4, server.export)
    for ops, unsupported in (([*exp, lookup(b"file")], p.ACCESS4_LOOKUP | p.ACCESS4_DELETE),
                             (exp, p.ACCESS4_EXECUTE), ([putrootfh()], p.ACCESS4_EXECUTE)):
        ok = v4.ok([*ops, everything])[-1].resok4
        assert ok.supported == 0x3F & ~unsupported, ops
        assert not ok.access & ~ok.supported


def test_wrong_flavor_is_wrongsec_on_use(server: ServerProc) -> None:
    with RawConn(server.nfs_port) as c:
        v4 = V4(c, 0, cred=None)  # AUTH_NONE
        exp = walk(v4, server.export)
        res = v4.compound([*exp, getattr_([A.TYPE])])
        assert res.status == S.NFS4ERR_WRONGSEC
        # PUTFH/LOOKUP themselves succeed: the op using the handle says WRONGSEC.
        assert [r.tag for r in res.resarray][-1] == O.OP_GETATTR
        # The sec=none export and the pseudo tree serve AUTH_NONE.
        v4.ok([*walk(v4, server.export.parent / "nonesec"), getattr_([A.TYPE])])
        v4.ok([putrootfh(), getattr_([A.TYPE])])


def test_stale_and_bad_handles(v4: V4, server: ServerProc) -> None:
    fh = v4.ok([*walk(v4, server.export), getfh()])[-1].resok4.object
    forged = fh[:-1] + bytes([fh[-1] ^ 1])
    assert v4.compound([putfh(forged), getfh()]).status == S.NFS4ERR_BADHANDLE
    assert v4.compound([putfh(b""), getfh()]).status == S.NFS4ERR_BADHANDLE


def test_user_is_subject_to_file_permissions(server: ServerProc) -> None:
    d = server.export / "private"
    d.mkdir(mode=0o700, exist_ok=True)
    os.chmod(d, 0o700)
    with RawConn(server.nfs_port) as c:
        v4 = V4(c, 0, cred=Cred(1000, 1000, (1000,)))
        res = v4.compound([*walk(v4, d), lookup(b"x")])
        assert res.status == S.NFS4ERR_ACCESS


def test_nested_export_keeps_its_own_rules(v4: V4, server: ServerProc) -> None:
    outer = walk(v4, server.export)
    top = attrs_at(v4, outer)
    inner = attrs_at(v4, [*outer, lookup(b"inner")], [*WALK_ATTRS, A.FILEID])
    assert inner[A.FSID] != top[A.FSID]  # crossing into the nested export
    assert inner[A.FILEID] == os.stat(server.export / "inner").st_ino
    # Its ro rule holds though the client walked in through the rw export.
    vals = v4.ok([*outer, lookup(b"inner"), op(O.OP_ACCESS, p.ACCESS4args(0x3F))])
    assert not vals[-1].resok4.access & (p.ACCESS4_MODIFY | p.ACCESS4_EXTEND)
    # READDIR of the outer export reports it as LOOKUP finds it.
    vals = v4.ok([*outer, readdir(attrs=[A.FSID, A.FILEID])])
    ents = {e.name: decode_attrs(e.attrs) for e in vals[-1].resok4.reply.entries}
    assert ents[b"inner"][A.FSID] == inner[A.FSID]
    # LOOKUPP from its root climbs into the outer export.
    outer_fh = v4.ok([*outer, getfh()])[-1].resok4.object
    assert v4.ok([*outer, lookup(b"inner"), op(O.OP_LOOKUPP), getfh()])[-1].resok4.object \
        == outer_fh
