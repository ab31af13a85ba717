"""Regression: the kernel client over rxe got EIO creating ~1,000 files in one directory.

Found in the guest (deploy/vm --quick): at a soft RLIMIT_NOFILE of 1024, the vfs backend's
fd cache (1024 entries) plus sockets ran the server out of descriptors, and EMFILE surfaced
as NFS3ERR_IO.  The server now sizes the cache from the limit it runs under.  This runs the
server at a hard limit of 256 and creates far more files than that through a real client.
"""

from __future__ import annotations

from pathlib import Path

import nfs_rs

from tests.helpers import make_server


def test_many_files_under_a_low_fd_limit(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    srv.fd_limit = 256
    srv.start()
    try:
        with nfs_rs.Client.connect(srv.url(), uid=0, gid=0, operation_timeout=60) as c:
            c.mkdir("d")
            for i in range(1500):
                with c.open(f"d/f{i:05d}", "wb") as f:
                    f.write(b"x")
            assert len(c.listdir("d")) == 1500
    finally:
        assert srv.stop() == 0
    assert len(list((srv.export / "d").iterdir())) == 1500
    assert "Traceback" not in srv.log_text()
