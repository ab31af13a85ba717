"""NFSv4 is served by default; --no-nfs4 turns it off.

A server started with --no-nfs4 answers a v4 call PROG_MISMATCH (3..3), the answer that makes
a kernel client mounting without vers= fall back to NFSv3; by default v4 is served beside v3.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import make_server
from tests.nfsrdma._nfs import RawConn


def test_v4_served_by_default_and_refused_with_no_nfs4(tmp_path: Path) -> None:
    for nfs4, expect in ((False, (0, 2, (3, 3))), (True, (0, 0, None))):
        base = tmp_path / ("v4" if nfs4 else "v3only")
        base.mkdir()
        srv = make_server(base, nfs4=nfs4)
        srv.start()
        try:
            with RawConn(srv.nfs_port) as conn:
                rep = conn.call(100003, 4, 0)
                assert (rep.reply_stat, rep.accept_stat, rep.mismatch) == expect
                v3 = conn.call(100003, 3, 0)
                assert (v3.reply_stat, v3.accept_stat) == (0, 0)
        finally:
            assert srv.stop() == 0
        assert "Traceback" not in srv.log_text()
