"""The COMPOUND loop against a real server over a real TCP socket (RFC 8881 15.2, 16.2).

Adds beyond unit tests: the v4 program is registered beside v3 on the same port, and every
rule of the loop (minor versions, the op cap, the first-error stop, NOFILEHANDLE,
OP_ILLEGAL, SEQUENCE first in 4.1+) is seen on the wire exactly as a client sees it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import RawConn, encode
from tests.nfsrdma.nfs4._v4 import V4, compound_header, getfh, op, op_status, putfh, putrootfh


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    base = tmp_path_factory.mktemp("v4compound")
    srv = make_server(base)
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture
def conn(server: ServerProc) -> Iterator[RawConn]:
    with RawConn(server.nfs_port) as c:
        yield c


def statuses(res: p.COMPOUND4res) -> list[tuple[str, str]]:
    return [(O(r.tag).name, S(op_status(r.value)).name) for r in res.resarray]


def test_null_and_both_versions_on_one_port(conn: RawConn) -> None:
    for vers in (3, 4):
        rep = conn.call(100003, vers, 0)
        assert (rep.reply_stat, rep.accept_stat, rep.body) == (0, 0, b"")


@pytest.mark.parametrize("minor", [0, 1, 2])
def test_empty_compound_is_ok(conn: RawConn, minor: int) -> None:
    res = V4(conn, minor).compound([], tag=b"hello")
    assert (res.status, res.tag, res.resarray) == (S.NFS4_OK, b"hello", [])


@pytest.mark.parametrize("minor", [3, 0xFFFFFFFF])
def test_unknown_minor_version(conn: RawConn, minor: int) -> None:
    res = V4(conn, minor).compound([putrootfh(), getfh()], tag=b"t")
    assert (res.status, res.tag, res.resarray) == (S.NFS4ERR_MINOR_VERS_MISMATCH, b"t", [])


def test_putrootfh_getfh_and_first_error_stop(conn: RawConn) -> None:
    v4 = V4(conn, 0)
    _, got = v4.ok([putrootfh(), getfh()])
    fh = got.resok4.object
    assert 0 < len(fh) <= p.NFS4_FHSIZE
    # A bad handle fails PUTFH; the GETFH after it is never run.
    res = v4.compound([putfh(b"\x01" * 30), getfh(), putrootfh()])
    assert res.status == S.NFS4ERR_BADHANDLE
    assert statuses(res) == [("OP_PUTFH", "NFS4ERR_BADHANDLE")]
    # The handle GETFH gave is one PUTFH takes back (and GETFH returns it unchanged).
    _, again = v4.ok([putfh(fh), getfh()])
    assert again.resok4.object == fh


@pytest.mark.parametrize("opnum", [O.OP_GETFH, O.OP_SAVEFH, O.OP_GETATTR, O.OP_LOOKUP,
                                   O.OP_LOOKUPP, O.OP_READDIR, O.OP_ACCESS, O.OP_READLINK,
                                   O.OP_SECINFO, O.OP_VERIFY, O.OP_NVERIFY])
def test_no_current_filehandle(conn: RawConn, opnum: O) -> None:
    args = {O.OP_GETATTR: p.GETATTR4args([]), O.OP_LOOKUP: p.LOOKUP4args(b"x"),
            O.OP_READDIR: p.READDIR4args(0, b"\0" * 8, 100, 1000, []),
            O.OP_ACCESS: p.ACCESS4args(1), O.OP_SECINFO: p.SECINFO4args(b"x"),
            O.OP_VERIFY: p.VERIFY4args(p.fattr4([], b"")),
            O.OP_NVERIFY: p.NVERIFY4args(p.fattr4([], b""))}.get(opnum)
    res = V4(conn, 0).compound([op(opnum, args)])
    assert res.status == S.NFS4ERR_NOFILEHANDLE
    assert statuses(res) == [(opnum.name, "NFS4ERR_NOFILEHANDLE")]


def test_restorefh_without_savefh(conn: RawConn) -> None:
    res = V4(conn, 0).compound([putrootfh(), op(O.OP_RESTOREFH)])
    assert statuses(res) == [("OP_PUTROOTFH", "NFS4_OK"), ("OP_RESTOREFH", "NFS4ERR_RESTOREFH")]


def test_savefh_restorefh(conn: RawConn) -> None:
    v4 = V4(conn, 0)
    _, root = v4.ok([putrootfh(), getfh()])
    vals = v4.ok([putrootfh(), op(O.OP_SAVEFH), putfh(root.resok4.object),
                  op(O.OP_RESTOREFH), getfh()])
    assert vals[-1].resok4.object == root.resok4.object


def test_illegal_op_numbers(conn: RawConn) -> None:
    # An op number no minor version has, after a good op: OP_ILLEGAL in the result's op slot.
    body = compound_header(0, 3) + struct.pack(">II", O.OP_PUTROOTFH, 99999) + b"junk"
    res = V4.decode(V4(conn).raw_compound(body))
    assert res.status == S.NFS4ERR_OP_ILLEGAL
    assert statuses(res) == [("OP_PUTROOTFH", "NFS4_OK"), ("OP_ILLEGAL", "NFS4ERR_OP_ILLEGAL")]
    # OP_ILLEGAL itself, and ops from a later minor version (SEQUENCE is 4.1's) in 4.0.
    for body in (compound_header(0, 1) + struct.pack(">I", O.OP_ILLEGAL),
                 compound_header(0, 1) + struct.pack(">I", O.OP_SEQUENCE) + b"\0" * 32,
                 compound_header(1, 1) + struct.pack(">I", O.OP_SEEK) + b"\0" * 32):
        res = V4.decode(V4(conn).raw_compound(body))
        assert statuses(res) == [("OP_ILLEGAL", "NFS4ERR_OP_ILLEGAL")]


def test_bad_xdr_in_an_op_is_badxdr(conn: RawConn) -> None:
    # PUTFH whose handle length runs past the end of the call.
    body = compound_header(0, 2) + struct.pack(">II", O.OP_PUTROOTFH, O.OP_PUTFH) + \
        struct.pack(">I", 500) + b"ab"
    res = V4.decode(V4(conn).raw_compound(body))
    assert statuses(res) == [("OP_PUTROOTFH", "NFS4_OK"), ("OP_PUTFH", "NFS4ERR_BADXDR")]
    # A header that does not even hold its op count is GARBAGE_ARGS.
    rep = V4(conn).raw_compound(b"\0\0\0\0\0\0")
    assert (rep.reply_stat, rep.accept_stat) == (0, 4)


def test_ops_of_another_minor_version_are_notsupp(conn: RawConn) -> None:
    # SETCLIENTID_CONFIRM is 4.0-only: in 4.1 (after a SEQUENCE would be needed) and 4.2
    # a lone one is first refused by the ordering rule ...
    body = compound_header(1, 1) + struct.pack(">I", O.OP_RENEW) + b"\0" * 8
    res = V4.decode(V4(conn).raw_compound(body))
    assert statuses(res) == [("OP_RENEW", "NFS4ERR_OP_NOT_IN_SESSION")]


@pytest.mark.parametrize("minor,status", [(0, S.NFS4ERR_RESOURCE), (1, S.NFS4ERR_TOO_MANY_OPS),
                                          (2, S.NFS4ERR_TOO_MANY_OPS)])
def test_ten_thousand_ops(conn: RawConn, minor: int, status: S) -> None:
    res = V4(conn, minor).compound([putrootfh()] * 10_000)
    assert res.status == status
    assert statuses(res) == [("OP_PUTROOTFH", status.name)]
    # The connection and the server are fine afterwards.
    assert V4(conn, 0).compound([putrootfh()]).status == S.NFS4_OK


def test_cap_allows_many_ops(conn: RawConn) -> None:
    res = V4(conn, 0).compound([putrootfh()] * 128)
    assert res.status == S.NFS4_OK and len(res.resarray) == 128


@pytest.mark.parametrize("minor", [1, 2])
def test_sequence_must_be_first(conn: RawConn, minor: int) -> None:
    res = V4(conn, minor).compound([putrootfh(), getfh()])
    assert res.status == S.NFS4ERR_OP_NOT_IN_SESSION
    assert statuses(res) == [("OP_PUTROOTFH", "NFS4ERR_OP_NOT_IN_SESSION")]


def test_exempt_op_must_be_alone(conn: RawConn) -> None:
    dest = op(O.OP_DESTROY_SESSION, p.DESTROY_SESSION4args(b"\0" * 16))
    res = V4(conn, 1).compound([dest, putrootfh()])
    assert statuses(res) == [("OP_DESTROY_SESSION", "NFS4ERR_NOT_ONLY_OP")]


def test_garbage_after_a_compound_keeps_the_connection(conn: RawConn) -> None:
    res = V4(conn, 0).compound([putrootfh()])
    assert res.status == S.NFS4_OK
    rep = conn.call(100003, 4, 1, encode(p.COMPOUND4args_xdr, p.COMPOUND4args(b"", 0, [])))
    assert rep.accept_stat == 0


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    """A server whose records (and so v4 replies without a session) are at most 4 KiB."""
    base = tmp_path_factory.mktemp("v4budget")
    srv = make_server(base, "--max-record", "4096")
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


def test_reply_budget(small_server: ServerProc) -> None:
    with RawConn(small_server.nfs_port) as c:
        v4 = V4(c, 0)
        rep = v4.raw_compound(encode(p.COMPOUND4args_xdr,
                                     p.COMPOUND4args(b"", 0, [putrootfh()] + [getfh()] * 100)))
        res = V4.decode(rep)
        assert len(rep.body) <= 4096
        assert res.status == S.NFS4ERR_RESOURCE
        sts = statuses(res)
        assert 10 < len(sts) < 100
        assert sts[-1] == ("OP_GETFH", "NFS4ERR_RESOURCE")
        assert all(s == "NFS4_OK" for _, s in sts[:-1])
        # A READDIR asking for more than the budget is cut to it, not answered past it.
        rd = op(O.OP_READDIR, p.READDIR4args(0, b"\0" * 8, 0, 1 << 20, []))
        rep = v4.raw_compound(encode(p.COMPOUND4args_xdr, p.COMPOUND4args(b"", 0,
                                                                          [putrootfh(), rd])))
        assert V4.decode(rep).status == S.NFS4_OK and len(rep.body) <= 4096
