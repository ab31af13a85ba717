"""`nfsrdma serve --workers 2`: a real supervisor and two real worker processes.

What this adds beyond the unit tests of `route` and `merge_families`: client hosts
(127.0.0.2, 127.0.0.3) really land on different worker processes (the socket's owner is read
from /proc), a file written through one worker is read through the other under one write
verifier, NLM locks of two hosts whose NFSv3 I/O runs on different workers conflict, the DRC
answers a retransmission after a reconnect, /metrics on the supervisor sums the workers (and
`nfsrdma stats` reads it), SIGHUP reloads every worker, and a killed worker is replaced.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from nfsrdma.admin.scrape import Scrape, fetch
from nfsrdma.config import ServerConfig
from nfsrdma.workers import HEADER_BYTES, merge_families, route, supervise, worker_for
from tests.helpers import ROOT, ServerProc, free_port, make_server
from tests.nfsrdma._nfs import Nfs, RawConn, mount_root
from tests.nfsrdma.nlm._nlm import Nlm, S
from transport.client.tcp import RpcTcpClient

SERVER = "127.0.0.1"  # the address the tests' server listens on
HOST0, HOST1 = "127.0.0.3", "127.0.0.2"  # (client + server) mod 2: worker 0, worker 1
UNSTABLE = 0


def header(prog: int, vers: int, mtype: int = 0) -> bytes:
    return struct.pack(">6I", 0x8000_0000 | 40, 7, mtype, 2, prog, vers)


def test_route_spreads_nfsv3_by_host_and_keeps_the_rest_on_worker_0() -> None:
    assert HEADER_BYTES == 24
    assert worker_for(HOST0, 2, SERVER) == 0 and worker_for(HOST1, 2, SERVER) == 1
    assert worker_for("::ffff:127.0.0.2", 2, SERVER) == 1  # IPv4-mapped: its IPv4 address
    assert worker_for("not-an-address", 3) == 0
    assert {worker_for(f"10.0.0.{i}", 4) for i in range(8)} == {0, 1, 2, 3}
    # One client host through two server addresses: two workers (bench/compare's way of
    # reaching both from one loopback host).
    assert {worker_for("127.0.0.1", 2, s) for s in ("127.0.0.1", "127.0.0.2")} == {0, 1}
    assert route(header(100003, 3), HOST1, 2, SERVER) == 1
    assert route(header(100003, 3), HOST1, 1, SERVER) == 0
    for prog, vers in ((100003, 4), (100005, 3), (100021, 4), (100024, 1), (100000, 2),
                       (100003, 2)):
        assert route(header(prog, vers), HOST1, 2, SERVER) == 0, (prog, vers)
    assert route(header(100003, 3, mtype=1), HOST1, 2, SERVER) == 0  # a REPLY: no call
    assert route(header(100003, 3)[:20], HOST1, 2, SERVER) == 0  # too short to read


def test_merge_sums_amounts_and_keeps_the_max_of_info_and_times() -> None:
    one = ('# TYPE x_calls counter\nx_calls_total{proc="READ"} 3\nx_calls_created 100\n'
           '# TYPE x_conns gauge\nx_conns 2\n'
           '# TYPE x_lat histogram\nx_lat_bucket{le="1.0"} 1\nx_lat_bucket{le="+Inf"} 2\n'
           'x_lat_count 2\nx_lat_sum 1.5\n'
           '# TYPE x_export_info gauge\nx_export_info{export="/e"} 1\n')
    two = one.replace("} 3", "} 4").replace("created 100", "created 90")
    fams = {f.name: f for f in merge_families(
        [list(text_string_to_metric_families(t)) for t in (one, two)])}
    vals = {(s.name, tuple(sorted(s.labels.items()))): s.value
            for f in fams.values() for s in f.samples}
    assert vals[("x_calls_total", (("proc", "READ"),))] == 7
    assert vals[("x_calls_created", ())] == 100
    assert vals[("x_conns", ())] == 4
    assert vals[("x_lat_bucket", (("le", "+Inf"),))] == 4
    assert vals[("x_lat_sum", ())] == 3.0
    assert vals[("x_export_info", (("export", "/e"),))] == 1
    assert fams["x_lat"].type == "histogram"


def test_workers_refuse_storage_that_is_per_process(tmp_path: Path) -> None:
    for storage in ("memory", "cephfs"):
        with pytest.raises(SystemExit, match="needs --storage vfs"):
            supervise(ServerConfig(storage=storage, workers=2, state_dir=tmp_path))


# -- a running server -------------------------------------------------------------------------


def socket_owner(server_port: int, client: socket.socket, pids: list[int]) -> int | None:
    """The pid among ``pids`` holding the server end of ``client``'s TCP connection."""
    ip, port = client.getsockname()[:2]
    want_rem = f"{socket.inet_aton(ip)[::-1].hex().upper()}:{port:04X}"
    want_loc = f"0100007F:{server_port:04X}"
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        f = line.split()
        if f[1] == want_loc and f[2] == want_rem:
            inode = f[9]
    assert inode is not None, "no such connection"
    for pid in pids:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    return None


def scrape(srv: ServerProc, port: int) -> Scrape:
    return fetch(f"http://127.0.0.1:{port}/metrics")


def worker_pids(srv: ServerProc, port: int) -> dict[int, int]:
    return {int(s.labels["worker"]): int(s.value)
            for s in scrape(srv, port).select("nfsrdma_worker_pid")}


def wait_for(what: str, pred: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[tuple[ServerProc, int]]:
    metrics = free_port()
    exports = "{export} *(rw,no_root_squash,insecure)\n"
    srv = make_server(tmp_path, "--workers", "2", "--metrics-port", str(metrics),
                      exports_text=exports)
    srv.start()
    wait_for("both workers", lambda: len(worker_pids(srv, metrics)) == 2
             if _port_open(metrics) else False)
    yield srv, metrics
    if srv.alive():
        assert srv.stop() == 0, srv.log_text()[-3000:]
    text = srv.log_text()
    assert "Traceback" not in text, text[-5000:]


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def test_hosts_spread_over_workers_one_verifier_and_metrics_summed(
        workers: tuple[ServerProc, int]) -> None:
    srv, mport = workers
    pids = worker_pids(srv, mport)
    assert srv.proc is not None and srv.proc.pid not in pids.values()
    assert len(set(pids.values())) == 2
    root = mount_root(srv.mount_port, srv.export_path)
    data = os.urandom(10000)
    with RawConn(srv.nfs_port, src_host=HOST1) as c1, \
            RawConn(srv.nfs_port, src_host=HOST1) as c1b, \
            RawConn(srv.nfs_port, src_host=HOST0) as c0:
        n1, n1b, n0 = Nfs(c1), Nfs(c1b), Nfs(c0)
        f = n1.create_fh(root, b"f")
        st, w1 = n1.write(f, 0, data, stable=UNSTABLE)
        assert st == 0
        assert n1b.getattr(f)[0] == 0
        assert n0.read_data(f, 0, len(data)) == data  # written by worker 1, read by worker 0
        st, w0 = n0.write(f, len(data), b"tail", stable=UNSTABLE)
        assert st == 0 and bytes(w0.verf) == bytes(w1.verf)  # one verifier for all workers
        owners = {name: socket_owner(srv.nfs_port, c.sock, list(pids.values()))
                  for name, c in (("c1", c1), ("c1b", c1b), ("c0", c0))}
        assert owners == {"c1": pids[1], "c1b": pids[1], "c0": pids[0]}, (owners, pids)
        # What worker 1 does not own it refuses on its NFSv3 connection, never half-serves:
        # NFSv4 is PROG_MISMATCH (3..3), MOUNT PROG_UNAVAIL (they live in worker 0).
        rep = c1.call(100003, 4, 0)
        assert rep.accept_stat == 2 and rep.mismatch == (3, 3), rep
        assert c1.call(100005, 3, 0).accept_stat == 1
    # An NFSv4 connection from host 1 goes to worker 0 (its state lives there).
    with RawConn(srv.nfs_port, src_host=HOST1) as c4:
        assert c4.call(100003, 4, 0).accept_stat == 0
        assert socket_owner(srv.nfs_port, c4.sock, list(pids.values())) == pids[0]
    s = scrape(srv, mport)
    per_worker = s.by("nfsrdma_worker_connections_total", "worker")
    assert per_worker[("0",)] >= 2 and per_worker[("1",)] == 2, per_worker
    # NFSv3 calls from both workers summed: CREATE+WRITE+GETATTR+READ+WRITE.
    ops = s.by("nfsrdma_rpc_calls_total", "procedure", program="nfs", version="3")
    assert ops[("WRITE",)] == 2 and ops[("READ",)] >= 1 and ops[("CREATE",)] == 1, ops
    assert ops[("GETATTR",)] >= 1
    assert s.value("nfsrdma_workers") == 2
    out = subprocess.run([sys.executable, "-m", "nfsrdma", "stats", "--url",
                          f"127.0.0.1:{mport}"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert out.returncode == 0, out.stderr
    assert "WRITE" in out.stdout


async def test_lock_conflict_between_hosts_on_different_workers(
        workers: tuple[ServerProc, int]) -> None:
    srv, mport = workers
    pids = worker_pids(srv, mport)
    root = await asyncio.to_thread(mount_root, srv.mount_port, srv.export_path)

    def make_file() -> tuple[bytes, int, int]:
        with RawConn(srv.nfs_port, src_host=HOST0) as c0, \
                RawConn(srv.nfs_port, src_host=HOST1) as c1:
            fh = Nfs(c0).create_fh(root, b"locked")
            assert Nfs(c1).getattr(fh)[0] == 0
            return (fh, socket_owner(srv.nfs_port, c0.sock, list(pids.values())) or 0,
                    socket_owner(srv.nfs_port, c1.sock, list(pids.values())) or 0)

    fh, own0, own1 = await asyncio.to_thread(make_file)
    assert (own0, own1) == (pids[0], pids[1])  # their NFSv3 I/O: two processes
    assert srv.nlm_port is not None
    a = Nlm(await RpcTcpClient.connect("127.0.0.1", srv.nlm_port, timeout=10,
                                       local_host=HOST0), b"host-a")
    b = Nlm(await RpcTcpClient.connect("127.0.0.1", srv.nlm_port, timeout=10,
                                       local_host=HOST1), b"host-b")
    try:
        assert await a.lock(fh, 1, 0, 100) == S.NLM4_GRANTED
        assert await b.lock(fh, 7, 50, 10) == S.NLM4_DENIED
        t = await b.test(fh, 7, 0, 10)
        assert t.tag == S.NLM4_DENIED and t.holder.svid == 1
        assert await a.unlock(fh, 1, 0, 100) == S.NLM4_GRANTED
        assert await b.lock(fh, 7, 50, 10) == S.NLM4_GRANTED
    finally:
        await a.conn.close()
        await b.conn.close()


def test_drc_answers_a_retransmission_after_reconnect(workers: tuple[ServerProc, int]) -> None:
    srv, _ = workers
    root = mount_root(srv.mount_port, srv.export_path)
    with RawConn(srv.nfs_port, src_host=HOST1) as c:
        n = Nfs(c)
        n.create_fh(root, b"gone")
        xid = 0x5EED0001
        assert n.remove(root, b"gone", xid=xid)[0] == 0
    # The client lost the reply and reconnects (a new port, the same host: the same worker);
    # the retransmission is answered from the DRC, not executed again (that would be NOENT).
    with RawConn(srv.nfs_port, src_host=HOST1) as c:
        assert Nfs(c).remove(root, b"gone", xid=xid)[0] == 0
        assert Nfs(c).remove(root, b"gone")[0] == 2  # a new xid: NOENT


def test_sighup_reloads_every_worker(workers: tuple[ServerProc, int]) -> None:
    srv, _ = workers
    root = mount_root(srv.mount_port, srv.export_path)
    exports = srv.export.parent / "exports"
    exports.write_text(f"{srv.export} *(ro,no_root_squash,insecure)\n")
    assert srv.proc is not None
    srv.proc.send_signal(signal.SIGHUP)

    def all_read_only() -> bool:
        codes = []
        for host in (HOST0, HOST1):
            with RawConn(srv.nfs_port, src_host=host) as c:
                codes.append(Nfs(c).create(root, b"x-" + host.encode())[0])
        return codes == [30, 30]  # NFS3ERR_ROFS from both workers

    wait_for("the reload in both workers", all_read_only, timeout=30)


def test_killed_worker_is_replaced(workers: tuple[ServerProc, int]) -> None:
    srv, mport = workers
    pids = worker_pids(srv, mport)
    root = mount_root(srv.mount_port, srv.export_path)
    with RawConn(srv.nfs_port, src_host=HOST1, timeout=10) as c:
        assert Nfs(c).getattr(root)[0] == 0
        os.kill(pids[1], signal.SIGKILL)
        assert c.closed_by_peer()  # its connections went with it
    wait_for("a new worker 1", lambda: worker_pids(srv, mport).get(1) not in (None, pids[1]))
    new = worker_pids(srv, mport)
    assert new[0] == pids[0]
    # Its host reconnects and is served by the new process.
    def served() -> bool:
        try:
            with RawConn(srv.nfs_port, src_host=HOST1, timeout=10) as c:
                ok = Nfs(c).getattr(root)[0] == 0
                return ok and socket_owner(srv.nfs_port, c.sock, [new[1]]) == new[1]
        except OSError:
            return False

    wait_for("host 1 served again", served, timeout=30)
    s = scrape(srv, mport)
    assert s.value("nfsrdma_worker_restarts_total", worker="1") == 1
    assert f"worker 1 (pid {pids[1]}) exited" in srv.log_text()


def test_sigterm_stops_every_worker(workers: tuple[ServerProc, int]) -> None:
    srv, mport = workers
    pids = worker_pids(srv, mport)
    assert srv.stop() == 0
    for pid in pids.values():
        assert not Path(f"/proc/{pid}").exists() or \
            "zombie" in Path(f"/proc/{pid}/status").read_text()
