"""NFSv4 is served only with --nfs4 while it is incomplete.

Adds beyond the other v4 tests (which all start the server with --nfs4): a server started
without it answers a v4 call PROG_MISMATCH (3..3), the answer that makes a kernel client
mounting without vers= fall back to a complete NFSv3 instead of a half-working v4.2.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import make_server
from tests.nfsrdma._nfs import RawConn


def test_v4_refused_by_default_and_served_with_the_option(tmp_path: Path) -> None:
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
