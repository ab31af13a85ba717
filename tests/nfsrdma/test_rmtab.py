"""rmtab under a MNT flood (issue 12): canonical, deduplicated, bounded, never rewritten per MNT.

8,000 MNTs with different spellings of one directory used to leave one line per spelling in
the file (each MNT rewrote all of it on the event loop); now they are one (host, path) entry
in DUMP and in the file, and the server keeps answering.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from nfsrdma import mount3
from nfsrdma.rmtab import MountList
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import ROOT, RawConn, call_bytes, next_xid

N = 8000
BATCH = 200


@pytest.fixture
def srv(tmp_path: Path) -> Iterator[ServerProc]:
    s = make_server(tmp_path)
    (s.export / "x").mkdir()
    s.start()
    yield s
    if s.alive():
        s.stop()


def spelling(export: str, i: int) -> bytes:
    """The i-th of many spellings of ``export/x``: repeated and trailing slashes (MNT refuses
    ``.`` components, so those never reach the list)."""
    return os.fsencode(export + "/" * (1 + i % 60) + "x" + "/" * (i // 60 % 60))


def dump(c: RawConn) -> list[tuple[bytes, bytes]]:
    rep = c.call(mount3.PROGRAM, mount3.VERSION, 2)
    assert rep.accept_stat == 0
    return [(bytes(m.ml_hostname), bytes(m.ml_directory))
            for m in mount3.mountlist.unpack(rep.body)]


def test_mnt_flood_leaves_one_entry(srv: ServerProc) -> None:
    export = str(srv.export.resolve())
    assert len({spelling(export, i) for i in range(N)}) > 2000
    with RawConn(srv.mount_port) as c:
        for start in range(0, N, BATCH):
            xids = []
            for i in range(start, start + BATCH):
                xids.append(next_xid())
                c.send_record(call_bytes(xids[-1], mount3.PROGRAM, mount3.VERSION, 1,
                                         mount3.dirpath.pack(spelling(export, i)), ROOT))
            for xid in xids:
                rep = c.recv_reply()
                assert rep.xid == xid and rep.accept_stat == 0
                assert mount3.mountres3.unpack(rep.body).tag == 0
        assert dump(c) == [(b"127.0.0.1", os.fsencode(export + "/x"))]
    assert srv.alive()
    srv.stop()
    lines = (srv.state / "rmtab").read_bytes().splitlines()
    assert lines == [b"127.0.0.1 " + os.fsencode(export + "/x")]


def test_cap_and_compaction(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    f = tmp_path / "rmtab"
    f.write_bytes(b"h1 /a\nh1 /a/\nh1 //a/.\nh2 /b\n")
    ml = MountList(f, cap=3)
    assert ml.entries() == [("h1", b"/a"), ("h2", b"/b")]
    with caplog.at_level(logging.WARNING, logger="nfsrdma.rmtab"):
        ml.add("h3", b"/c")
        ml.add("h4", b"/d")
        ml.add("h5", b"/e")
    assert len(ml) == 3
    assert [r.getMessage() for r in caplog.records if "rmtab full" in r.getMessage()] == [
        "rmtab full (3 entries): further mounts are served but not listed by DUMP until "
        "clients unmount"]
    assert sorted(f.read_bytes().splitlines()) == [b"h1 /a", b"h2 /b", b"h3 /c"]
    ml.remove_host("h1")
    assert sorted(f.read_bytes().splitlines()) == [b"h2 /b", b"h3 /c"]
    assert MountList(f).entries() == [("h2", b"/b"), ("h3", b"/c")]
