"""READDIR over a real directory of 2,000 files (RFC 8881 18.23).

Adds beyond unit tests: paging by cookie through storage's name-hash cookies with real
maxcount / dircount limits, each page within maxcount, every name exactly once, and the
attributes of every entry matching os.stat.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.fattr import A
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import RawConn, encode
from tests.nfsrdma.nfs4._v4 import V4, decode_attrs, getattr_, lookup, putfh, putrootfh, readdir

N = 2000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    base = tmp_path_factory.mktemp("v4readdir")
    big = base / "export" / "big"
    big.mkdir(parents=True)
    for i in range(N):
        (big / f"file-{i:05d}").write_bytes(b"x" * (i % 7))
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


def test_two_thousand_entries_paged(v4: V4, server: ServerProc) -> None:
    big = server.export / "big"
    cookie, verf, pages = 0, b"\0" * 8, 0
    seen: dict[bytes, dict[int, object]] = {}
    maxcount = 4096
    while True:
        res = v4.ok([*to(server, b"big"),
                     readdir(cookie, verf, 2048, maxcount, [A.FILEID, A.SIZE, A.TYPE])])[-1]
        ok = res.resok4
        # The READDIR4resok as encoded never exceeds maxcount.
        assert len(encode(p.READDIR4resok_xdr, ok)) <= maxcount
        pages += 1
        for e in ok.reply.entries:
            assert e.name not in seen and e.cookie > 2
            seen[e.name] = decode_attrs(e.attrs)
        if ok.reply.eof:
            break
        assert ok.reply.entries
        cookie, verf = ok.reply.entries[-1].cookie, ok.cookieverf
    assert pages > 10
    assert sorted(seen) == sorted(os.fsencode(n) for n in os.listdir(big))
    for name in (b"file-00000", b"file-01234", b"file-01999"):
        st = os.stat(big / os.fsdecode(name))
        assert seen[name] == {A.TYPE: p.NF4REG, A.SIZE: st.st_size, A.FILEID: st.st_ino}


def test_cookie_survives_a_removal(v4: V4, server: ServerProc) -> None:
    d = server.export / "changing"
    d.mkdir()
    for i in range(50):
        (d / f"n{i:02d}").write_bytes(b"")
    first = v4.ok([*to(server, b"changing"), readdir(0, b"\0" * 8, 0, 600, [])])[-1].resok4
    got = [e.name for e in first.reply.entries]
    assert 0 < len(got) < 50
    os.unlink(d / os.fsdecode(got[0]))  # an entry already returned goes away
    rest: list[bytes] = []
    cookie, verf = first.reply.entries[-1].cookie, first.cookieverf
    while True:
        ok = v4.ok([*to(server, b"changing"), readdir(cookie, verf, 0, 600, [])])[-1].resok4
        rest += [e.name for e in ok.reply.entries]
        if ok.reply.eof:
            break
        cookie, verf = ok.reply.entries[-1].cookie, ok.cookieverf
    assert sorted(got + rest) == sorted(f"n{i:02d}".encode() for i in range(50))


def test_reserved_cookies_and_small_maxcount(v4: V4, server: ServerProc) -> None:
    for cookie in (1, 2):
        res = v4.compound([*to(server, b"big"), readdir(cookie, b"\0" * 8)])
        assert res.status == S.NFS4ERR_BAD_COOKIE
    res = v4.compound([*to(server, b"big"), readdir(0, b"\0" * 8, 10, 20)])
    assert res.status == S.NFS4ERR_TOOSMALL
    # an empty directory's reply takes 16 bytes: 15 cannot hold even that (pynfs RDDR8)
    (server.export / "empty").mkdir(exist_ok=True)
    res = v4.compound([*to(server, b"empty"), readdir(0, b"\0" * 8, 10, 15)])
    assert res.status == S.NFS4ERR_TOOSMALL
    ok = v4.ok([*to(server, b"empty"), readdir(0, b"\0" * 8, 10, 16)])[-1].resok4
    assert ok.reply.entries == [] and ok.reply.eof


def test_readdir_of_a_file_is_notdir(v4: V4, server: ServerProc) -> None:
    res = v4.compound([*to(server, b"big", b"file-00001"), readdir()])
    assert res.status == S.NFS4ERR_NOTDIR


def test_rdattr_error_and_filehandles(v4: V4, server: ServerProc) -> None:
    ok = v4.ok([*to(server, b"big"), readdir(0, b"\0" * 8, 0, 2000,
                                              [A.RDATTR_ERROR, A.FILEHANDLE])])[-1].resok4
    for e in ok.reply.entries:
        got = decode_attrs(e.attrs)
        assert got[A.RDATTR_ERROR] == 0
        # The handle is one PUTFH accepts and that names that very file.
        fh = got[A.FILEHANDLE]
        name_attrs = v4.ok([putfh(fh), getattr_([A.FILEID])])[-1].resok4.obj_attributes
        st = os.stat(server.export / "big" / os.fsdecode(e.name))
        assert decode_attrs(name_attrs)[A.FILEID] == st.st_ino
