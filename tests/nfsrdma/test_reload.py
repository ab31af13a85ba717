"""SIGHUP re-reads the exports file (exportfs -r) while clients keep working.

A real `nfsrdma serve` process with an exports file and /metrics; clients on real TCP
connections.  A writer keeps writing through one connection while the file is rewritten
and the server gets SIGHUP: every write succeeds and the data reads back whole.  Then, on
connections opened before the reload: an unchanged export's handles still work, a removed
export's handles are STALE (and MNT of it NOENT), an added export mounts, a changed one
applies its new options (rw -> ro: ROFS), and a file that does not parse is logged with its
line and leaves the exports in force.  `nfsrdma exports` shows each table as it is served.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nfsrdma.admin.scrape import fetch
from tests.helpers import ROOT, ServerProc, free_port, make_server
from tests.nfsrdma._nfs import Nfs, RawConn, S, mnt

MNT3ERR_NOENT = 2


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServerProc, int, Path]]:
    for d in ("a", "b", "c"):
        (tmp_path / d).mkdir()
    port = free_port()
    srv = make_server(tmp_path, "--metrics-port", str(port), nfs4=False,
                      exports_text=_exports(tmp_path, a="rw", b="rw"))
    srv.start()
    try:
        yield srv, port, tmp_path
    finally:
        if srv.alive():
            assert srv.stop() == 0, srv.log_text()[-3000:]
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


def _exports(base: Path, **dirs: str) -> str:
    return "".join(f"{base / d} 127.0.0.1({mode},insecure,no_root_squash)\n"
                   for d, mode in dirs.items())


def _reload(srv: ServerProc, port: int, result: str = "ok") -> None:
    """SIGHUP, then wait until the server says the reload went `result`."""
    name = "nfsrdma_exports_reloads_total"
    want = fetch(f"http://127.0.0.1:{port}/metrics").value(name, result=result) + 1
    assert srv.proc is not None
    srv.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 30
    while fetch(f"http://127.0.0.1:{port}/metrics").value(name, result=result) < want:
        assert time.monotonic() < deadline, srv.log_text()[-3000:]
        time.sleep(0.05)


def _exports_cli(port: int) -> str:
    r = subprocess.run([sys.executable, "-m", "nfsrdma", "exports", "--url", str(port)],
                       cwd=ROOT, text=True, capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_sighup_reload_keeps_clients_working(served: tuple[ServerProc, int, Path]) -> None:
    srv, port, base = served
    a, b, c = (str(base / d).encode() for d in "abc")
    listing = _exports_cli(port)
    assert f"{base / 'a'}  127.0.0.1(rw," in listing and f"{base / 'b'}  127.0.0.1(rw," in listing

    with RawConn(srv.mount_port) as m:
        ha, hb = mnt(m, a)[1], mnt(m, b)[1]
    conn = RawConn(srv.nfs_port)
    nfs = Nfs(conn)
    fa, fb = nfs.create_fh(ha, b"log"), nfs.create_fh(hb, b"other")

    # a writer on its own connection, writing through the reload
    statuses: list[int] = []
    done = threading.Event()
    chunk = 4096

    def writer() -> None:
        with RawConn(srv.nfs_port) as wc:
            w = Nfs(wc)
            i = 0
            while not done.is_set() or i < len(statuses_at_reload) + 20:
                st, _ = w.write(fa, i * chunk, bytes([i % 251]) * chunk)
                statuses.append(st)
                i += 1

    statuses_at_reload: list[int] = []
    t = threading.Thread(target=writer)
    t.start()
    try:
        while len(statuses) < 20:
            time.sleep(0.01)
        (base / "exports").write_text(_exports(base, a="rw", c="rw"))  # b removed, c added
        _reload(srv, port)
        statuses_at_reload.extend(statuses)
        done.set()  # the writer goes on for 20 writes after the new table is in force
    finally:
        done.set()
        t.join(60)
    assert statuses and set(statuses) == {S.NFS3_OK}, statuses
    n = len(statuses)
    assert n >= len(statuses_at_reload) + 20
    data = b"".join(nfs.read_data(fa, i * chunk, chunk) for i in range(n))
    assert data == b"".join(bytes([i % 251]) * chunk for i in range(n))

    # the connection opened before the reload: unchanged export works, removed one is STALE
    assert nfs.getattr(ha)[0] == S.NFS3_OK
    assert nfs.getattr(fb)[0] == S.NFS3ERR_STALE
    assert nfs.getattr(hb)[0] == S.NFS3ERR_STALE
    with RawConn(srv.mount_port) as m:
        assert mnt(m, b)[0] == MNT3ERR_NOENT
        st, hc = mnt(m, c)
    assert st == 0 and nfs.getattr(hc)[0] == S.NFS3_OK
    listing = _exports_cli(port)
    assert str(base / "b") not in listing and f"{base / 'c'}  127.0.0.1(rw," in listing
    assert "reloads: 1 ok, 0 refused" in listing

    # a changed export applies its new options to connections and handles already out
    (base / "exports").write_text(_exports(base, a="ro", c="rw"))
    _reload(srv, port)
    assert nfs.write(fa, 0, b"no")[0] == S.NFS3ERR_ROFS
    assert nfs.read_data(fa, 0, chunk) == bytes([0]) * chunk
    assert f"{base / 'a'}  127.0.0.1(ro," in _exports_cli(port)

    # a bad file: logged with its line, the exports in force stay
    (base / "exports").write_text(_exports(base, a="rw") + f"{base / 'c'} 127.0.0.1(bogus)\n")
    _reload(srv, port, result="error")
    assert f"{base / 'exports'}:2: unknown export option 'bogus'" in srv.log_text()
    assert nfs.write(fa, 0, b"no")[0] == S.NFS3ERR_ROFS  # still the ro table
    assert nfs.getattr(hc)[0] == S.NFS3_OK
    # an export that cannot be opened (no such directory): the same
    (base / "exports").write_text(_exports(base, a="rw", missing="rw"))
    _reload(srv, port, result="error")
    assert nfs.write(fa, 0, b"no")[0] == S.NFS3ERR_ROFS
    listing = _exports_cli(port)
    assert f"{base / 'a'}  127.0.0.1(ro," in listing and "2 refused" in listing
    assert "missing" not in listing
    conn.close()
