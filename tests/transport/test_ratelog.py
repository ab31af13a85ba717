"""Per-packet warnings are rate-limited (issue 12: 3,000 bad headers were 3,000 WARNING lines).

3,000 bad TCP records, each on its own connection (a bad record closes it), to a running
server leave at most ``burst`` abort lines plus one "suppressing" line in its log, and the
server still answers.  The window roll-over that reports the suppressed count is checked on
`RateLog` with a controlled clock.
"""

from __future__ import annotations

import logging
import socket
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from rpc.ratelog import RateLog
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import RawConn

BAD = 3000
BURST = 10  # RateLog's default


@pytest.fixture
def srv(tmp_path: Path) -> Iterator[ServerProc]:
    s = make_server(tmp_path)
    s.start()
    yield s
    if s.alive():
        s.stop()


def send_bad_record(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(struct.pack(">I", 0x80000000 | 0x7FFFFFFF))  # 2 GiB record: over the limit
        try:
            while s.recv(4096):
                pass
        except ConnectionResetError:
            pass


def test_bad_records_log_at_most_burst_plus_one_lines(srv: ServerProc) -> None:
    for _ in range(BAD):
        send_bad_record(srv.nfs_port)
    with RawConn(srv.nfs_port) as c:  # NFS NULL still answered
        assert c.call(100003, 3, 0).accept_stat == 0
    lines = [ln for ln in srv.log_text().splitlines() if "WARNING" in ln and "tcp" in ln]
    aborts = [ln for ln in lines if "aborting" in ln and "exceeds limit" in ln]
    notes = [ln for ln in lines if "suppressing similar lines" in ln]
    assert 1 <= len(aborts) <= BURST
    assert len(notes) == 1
    assert len(lines) <= BURST + 1


def test_window_rollover_reports_the_suppressed_count(
        caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    rl = RateLog(logging.getLogger("test.ratelog"), burst=3, interval=10.0,
                 clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="test.ratelog"):
        for i in range(50):
            rl.warning("bad", "bad packet %d", i)
        rl.warning("other", "other key")
        now[0] = 11.0
        rl.warning("bad", "bad packet %d", 50)
    msgs = [r.getMessage() for r in caplog.records]
    assert msgs == [
        "bad packet 0", "bad packet 1", "bad packet 2",
        "bad: more than 3 lines in 10 s; suppressing similar lines (their count follows)",
        "other key",
        "bad: suppressed 47 similar lines in 11 s",
        "bad packet 50",
    ]
