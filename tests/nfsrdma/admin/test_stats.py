"""`nfsrdma stats` against a running server: the figures it prints are the calls made.

A real server (in this loop, TCP and RDMA on the soft fabric, /metrics on a real port) is
called by the project's NFSv3 client; the tool's scrape of the endpoint and its report are
checked against those calls, and the CLI is run as a process against the same endpoint.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from nfsrdma.admin.ping import null_call
from nfsrdma.admin.scrape import ScrapeError, fetch, metrics_url
from nfsrdma.admin.stats import quantile, report
from nfsrdma.nfs3.client import Nfs3Client, NfsCallError, mount
from tests.helpers import ROOT, ServerProc, free_port
from tests.transport.rdma._rdma import ROOT_CRED, connect, export_path, running_server


def _row(text: str, section: str, name: str) -> list[str]:
    """The fields of row `name` in the table under the line starting with `section`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(section))
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        fields = line.split()
        if fields[0] == name:
            return fields
    raise AssertionError(f"no row {name} under {section}:\n{text}")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nfsrdma", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=60)


def test_quantile_interpolates_inside_the_bucket() -> None:
    buckets = [(0.001, 10.0), (0.01, 90.0), (0.1, 100.0), (float("inf"), 100.0)]
    assert quantile(0.05, buckets) == 0.0005  # half of the first bucket's 10
    assert abs(quantile(0.5, buckets) - (0.001 + 0.009 * 40 / 80)) < 1e-12  # type: ignore[operator]
    assert quantile(0.99, buckets) == 0.091
    assert quantile(0.5, [(1.0, 0.0), (float("inf"), 0.0)]) is None
    assert quantile(0.99, [(1.0, 1.0), (float("inf"), 2.0)]) == 1.0  # +Inf: largest bound


async def test_stats_report_counts_the_calls_made(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    async with running_server(tmp_path, metrics=True) as srv:
        url = metrics_url(str(srv.ports["metrics"]))
        rpc = await connect(srv)  # RPC-over-RDMA, soft fabric
        try:
            c = Nfs3Client(rpc, ROOT_CRED)
            root = await mount(rpc, export_path(srv), ROOT_CRED)
            fh = await c.create(root, b"f")
            before = await asyncio.to_thread(fetch, url)
            for _ in range(3):
                await c.getattr(root)
            await c.write(fh, 0, b"x" * 65536, stable=2)
            data, _ = await c.read(fh, 0, 65536)
            for name in (b"no1", b"no2"):
                try:
                    await c.lookup(root, name)
                except NfsCallError:
                    pass
            after = await asyncio.to_thread(fetch, url)
            cli = await asyncio.to_thread(_cli, "stats", "--url", url)
        finally:
            await rpc.close()
    assert data == b"x" * 65536
    text = report(after, before, 2.0, source=url)
    # interval figures: exactly the calls made between the two scrapes, and their rates
    getattr_row = _row(text, "nfs v3:", "GETATTR")
    assert getattr_row[1:4] == ["3", "42.9%", "0"], text  # 3 of 7 calls, no RPC error
    assert getattr_row[4] != "-" and float(getattr_row[4]) > 0  # mean latency, ms
    assert _row(text, "nfs v3:", "LOOKUP")[1] == "2"
    assert "nfs v3: 7 calls (3.5/s)" in text
    assert _row(text, "nfs results that were not OK:", "LOOKUP")[1:] == ["NFS3ERR_NOENT", "2"]
    # RDMA shapes: the READ went out as RDMA Write(s) with a Send, the WRITE came by RDMA Read
    assert "rdma: credits granted" in text
    assert _row(text, "  opcode", "SEND")[1] == "7"  # one reply per call
    assert int(_row(text, "  opcode", "RDMA_WRITE")[1]) >= 1  # the READ reply's payload
    assert int(_row(text, "  opcode", "RDMA_READ")[1]) >= 1  # the WRITE's Read chunk
    assert "  contexts: " in text and "registrations 0" in text
    # the CLI: totals since start from the same endpoint
    assert cli.returncode == 0, cli.stderr
    assert "(since start)" in cli.stdout
    assert int(_row(cli.stdout, "nfs v3:", "GETATTR")[1]) >= 3
    assert _row(cli.stdout, "mount v3:", "MNT")[1] == "1"
    assert "connections: rdma 1" in cli.stdout or "; rdma 1" in cli.stdout


def test_stats_watch_prints_one_report_per_interval(nfs_server_with_metrics: tuple) -> None:
    _, port = nfs_server_with_metrics
    r = _cli("stats", "--url", f"127.0.0.1:{port}", "--watch", "0.2", "--count", "2")
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("(last ") == 2, r.stdout
    assert "since start" not in r.stdout


def test_stats_names_the_endpoint_it_cannot_reach() -> None:
    port = free_port()  # nothing listens there
    r = _cli("stats", "--url", str(port))
    assert r.returncode == 1
    assert f"http://127.0.0.1:{port}/metrics" in r.stderr and "--metrics-port" in r.stderr
    try:
        fetch(f"http://127.0.0.1:{port}/metrics", timeout=2)
    except ScrapeError:
        pass
    else:
        raise AssertionError("fetch of a closed port did not fail")


def test_stats_count_without_watch_is_refused() -> None:
    """--count counts --watch intervals: alone it was silently ignored (one report, exit 0)."""
    r = _cli("stats", "--url", str(free_port()), "--count", "3")
    assert r.returncode != 0 and "--watch" in r.stderr and r.stdout == ""


def test_stats_interval_across_a_server_restart(
        nfs_server_with_metrics: tuple[ServerProc, int]) -> None:
    """A restart between two scrapes (docker compose restart under `stats --watch`) resets the
    counters: the interval shows the new server's calls and says it restarted, not zeros."""
    srv, port = nfs_server_with_metrics
    url = metrics_url(str(port))
    for _ in range(5):
        null_call("127.0.0.1", srv.nfs_port)
    before = fetch(url)
    assert before.value("nfsrdma_rpc_calls_total", procedure="NULL") == 5
    srv.restart()
    for _ in range(2):
        null_call("127.0.0.1", srv.nfs_port)
    after = fetch(url)
    text = report(after, before, 1.0, source=url)
    assert "server restarted in this interval" in text, text
    assert _row(text, "nfs v3:", "NULL")[1] == "2", text
    assert "nfs v3: 2 calls (2.0/s)" in text
    # no restart: no such line, and the interval is the difference
    null_call("127.0.0.1", srv.nfs_port)
    text = report(fetch(url), after, 1.0, source=url)
    assert "restarted" not in text and _row(text, "nfs v3:", "NULL")[1] == "1", text


def test_cli_takes_no_abbreviated_options() -> None:
    """`serve --port 2049` must not be read as --portmapper (the only --port* option) plus a
    stray 2049, nor `stats --wat 1` as --watch: a misspelt option is named and refused."""
    for args, bad in ((["serve", "--port", "2049"], "--port 2049"),
                      (["stats", "--wat", "1", "--url", str(free_port())], "--wat 1")):
        r = _cli(*args)
        assert r.returncode == 2 and f"unrecognized arguments: {bad}" in r.stderr, r.stderr
