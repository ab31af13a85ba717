"""NFSv4.0 retransmissions of namespace changes answered from the DRC (nfsrdma/nfs4/replay.py).

Adds beyond the seqid replay tests of test_open_io: a CREATE retransmitted with the same xid
gets its first reply (pynfs RPLY14) over a real socket, while the selection of what goes to
the DRC is checked on encoded COMPOUNDs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.replay import SCAN_OPS, needs_drc
from rpc.buffer import XdrReader
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import ROOT, RawConn, encode, mount_root
from tests.nfsrdma.nfs4._v4 import V4, getattr_, getfh, op, putfh, putrootfh

MKDIR = op(O.OP_CREATE, p.CREATE4args(p.createtype4(p.NF4DIR), b"d", p.fattr4([], b"")))
READ = op(O.OP_READ, p.READ4args(p.stateid4(0, b"\0" * 12), 0, 10))


def args(ops: list[p.nfs_argop4], minor: int = 0) -> bytes:
    return encode(p.COMPOUND4args_xdr, p.COMPOUND4args(b"tag", minor, ops))


@pytest.mark.parametrize(("body", "cached"), [
    (args([putfh(b"f" * 20), MKDIR, getfh()]), True),
    (args([putfh(b"f" * 20), op(O.OP_REMOVE, p.REMOVE4args(b"x"))]), True),
    # a handle that needs padding, stepped over; then an op whose arguments are decoded
    (args([putfh(b"f" * 21), op(O.OP_LOOKUP, p.LOOKUP4args(b"abc")), MKDIR]), True),
    (args([putfh(b"f" * 20), MKDIR], minor=1), False),     # 4.1: the session slot replays
    (args([putfh(b"f" * 20), READ, MKDIR]), False),        # READ ends the scan
    (args([putrootfh(), getattr_([1]), getfh()]), False),  # nothing to protect
    (args([putrootfh()] * SCAN_OPS + [MKDIR]), False),     # past the scan
    (args([putfh(b"f" * 20), MKDIR])[:-12], True),         # decided before the damage
    (args([putfh(b"f" * 20), MKDIR])[:20], False),         # short: the COMPOUND reports it
    (b"\0\0\0\x05ab", False),
])
def test_which_compounds_go_to_the_drc(body: bytes, cached: bool) -> None:
    r = XdrReader(memoryview(b"\xee" * 8 + body), pos=8)
    assert needs_drc(r) is cached
    assert r.pos == 8


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    srv = make_server(tmp_path_factory.mktemp("v4replay"))
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


def test_a_retransmitted_mkdir_gets_its_first_reply(server: ServerProc) -> None:
    root = mount_root(server.mount_port, server.export)
    with RawConn(server.nfs_port) as conn:
        body = args([putfh(root), MKDIR, getfh()])
        first = V4.decode(conn.call(100003, 4, 1, body, ROOT, xid=0x5EED1))
        again = V4.decode(conn.call(100003, 4, 1, body, ROOT, xid=0x5EED1))
        assert first.status == again.status == S.NFS4_OK, again
        assert again.resarray[-1].value.resok4.object == first.resarray[-1].value.resok4.object
        assert (server.export / "d").is_dir()
        # a new request (new xid) to do the same runs, and finds the directory there
        new = V4.decode(conn.call(100003, 4, 1, body, ROOT, xid=0x5EED2))
        assert new.status == S.NFS4ERR_EXIST
