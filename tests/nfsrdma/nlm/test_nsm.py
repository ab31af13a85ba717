"""NSM (the server's status monitor) against a running server: a client's SM_NOTIFY frees its
locks, and a server restart notifies the monitored clients, bumps the state number and serves
a grace period in which only reclaims are granted.

What this adds beyond the monitor's unit tests: the records really are on disk and survive
the process, SM_NOTIFY really reaches the client's statd through its rpcbind (from the
address the client used for us, named by it), and grace really gates NLM requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nfsrdma.gen import sm_inter as sm
from tests.helpers import make_server
from tests.nfsrdma.nlm._nlm import FakeHost, Nlm, S, next_event
from tests.nfsrdma.nlm.test_nlm import A, B, new_file
from transport.client.tcp import RpcTcpClient


@pytest.fixture
async def host() -> AsyncIterator[FakeHost]:
    async with FakeHost().serve() as h:
        yield h


async def sm_call(port: int, proc: int, args: bytes) -> bytes:
    async with await RpcTcpClient.connect("127.0.0.1", port, timeout=10) as c:
        return await c.call_bytes(sm.SM_PROG, sm.SM_VERS, proc, args)


async def test_client_reboot_notify_frees_its_locks(tmp_path: Path, host: FakeHost) -> None:
    srv = make_server(tmp_path, "--peer-rpcbind-port", str(host.port), nfs4=False)
    await asyncio.to_thread(srv.start)
    try:
        assert srv.nlm_port is not None
        a, b = await Nlm.connect(srv.nlm_port, A), await Nlm.connect(srv.nlm_port, B)
        fh = new_file(srv, b"f")
        assert await a.lock(fh, 1) == S.NLM4_GRANTED
        assert await b.lock(fh, 2, block=True) == S.NLM4_BLOCKED
        # A monitored host is on disk before its lock is granted.
        assert sorted(p.name for p in (srv.state / "sm").glob("host.*")) == ["host.host-a",
                                                                        "host.host-b"]
        body = await sm_call(srv.nlm_port, sm.SM_STAT, sm.sm_name_xdr.pack(sm.sm_name(A)))
        st = sm.sm_stat_res_xdr.unpack(body)
        assert st.res_stat == sm.STAT_SUCC and st.state % 2 == 1
        # Host A rebooted: its statd says so; A's lock goes and B's waiter is granted.
        await sm_call(srv.nlm_port, sm.SM_NOTIFY, sm.stat_chge_xdr.pack(sm.stat_chge(A, 3)))
        _, args = await next_event(host.granted)
        assert args.alock.caller_name == B
        assert not (srv.state / "sm" / "host.host-a").exists()
        # A locks again after its reboot; a retransmitted notify (same state) keeps it.
        assert await b.unlock(fh, 2) == S.NLM4_GRANTED
        assert await a.lock(fh, 1) == S.NLM4_GRANTED
        await sm_call(srv.nlm_port, sm.SM_NOTIFY, sm.stat_chge_xdr.pack(sm.stat_chge(A, 3)))
        assert (await b.test(fh, 2)).tag == S.NLM4_DENIED
        # SM_MON from loopback is taken (and answered with our state).
        mon = sm.mon(sm.mon_id(b"peer", sm.my_id(b"127.0.0.1", 100021, 4, 16)), b"p" * 16)
        res = sm.sm_stat_res_xdr.unpack(await sm_call(srv.nlm_port, sm.SM_MON,
                                                      sm.mon_xdr.pack(mon)))
        assert (res.res_stat, res.state) == (sm.STAT_SUCC, st.state)
        await a.close()
        await b.close()
    finally:
        assert await asyncio.to_thread(srv.stop) == 0
    assert "Traceback" not in srv.log_text()


async def test_restart_notifies_and_grace_admits_only_reclaims(tmp_path: Path,
                                                               host: FakeHost) -> None:
    srv = make_server(tmp_path, "--peer-rpcbind-port", str(host.port), "--grace-time", "2",
                      nfs4=False)
    await asyncio.to_thread(srv.start)
    try:
        assert srv.nlm_port is not None
        a = await Nlm.connect(srv.nlm_port, A)
        fh = new_file(srv, b"f")
        assert await a.lock(fh, 1, 0, 100) == S.NLM4_GRANTED
        # A reclaim outside grace is refused.
        assert await a.lock(fh, 1, 200, 1, reclaim=True) == S.NLM4_DENIED_GRACE_PERIOD
        await a.close()
        before = int((srv.state / "sm" / "state").read_text())
        assert host.notified.empty()
        await asyncio.to_thread(srv.restart)

        note = await next_event(host.notified)  # our restart, told to A's statd
        assert note.mon_name == b"127.0.0.1" and note.state > before and note.state % 2 == 1
        assert host.notify_from == ["127.0.0.1"]
        a, b = await Nlm.connect(srv.nlm_port, A), await Nlm.connect(srv.nlm_port, B)
        # In grace: new locks and TEST are refused, A's reclaim is granted.
        assert await b.lock(fh, 2, 50, 1) == S.NLM4_DENIED_GRACE_PERIOD
        assert (await b.test(fh, 2)).tag == S.NLM4_DENIED_GRACE_PERIOD
        assert await a.lock(fh, 1, 0, 100, reclaim=True) == S.NLM4_GRANTED
        for _ in range(400):  # --grace-time 2
            stat = await b.lock(fh, 2, 50, 1)
            if stat != S.NLM4_DENIED_GRACE_PERIOD:
                break
            await asyncio.sleep(0.02)
        # Grace over: the reclaimed lock still excludes B.
        assert stat == S.NLM4_DENIED
        assert await b.lock(fh, 2, 100, 1) == S.NLM4_GRANTED
        await a.close()
        await b.close()
    finally:
        assert await asyncio.to_thread(srv.stop) == 0
    assert "Traceback" not in srv.log_text()


async def test_local_interface_null_mon_unmon_and_simulated_crash(tmp_path: Path,
                                                                  host: FakeHost) -> None:
    """SM_NULL; SM_MON's watcher called back (to the local lock manager's procedure) when
    the watched host's statd reports a reboot, not after SM_UNMON / SM_UNMON_ALL;
    SM_SIMU_CRASH bumps our state and notifies the monitored hosts."""
    srv = make_server(tmp_path, "--peer-rpcbind-port", str(host.port), nfs4=False)
    await asyncio.to_thread(srv.start)
    try:
        port = srv.nlm_port
        assert port is not None
        assert await sm_call(port, sm.SM_NULL, b"") == b""
        me = sm.my_id(b"127.0.0.1", 100021, 4, 16)
        for peer in (b"peer1", b"peer2"):
            mon = sm.mon(sm.mon_id(peer, me), peer.ljust(16, b"."))
            assert sm.sm_stat_res_xdr.unpack(await sm_call(
                port, sm.SM_MON, sm.mon_xdr.pack(mon))).res_stat == sm.STAT_SUCC
        await sm_call(port, sm.SM_NOTIFY, sm.stat_chge_xdr.pack(sm.stat_chge(b"peer1", 9)))
        cb = await next_event(host.sm_callbacks)
        assert (cb.mon_name, cb.state, cb.priv) == (b"peer1", 9, b"peer1...........")
        await sm_call(port, sm.SM_UNMON, sm.mon_id_xdr.pack(sm.mon_id(b"peer1", me)))
        await sm_call(port, sm.SM_UNMON_ALL, sm.my_id_xdr.pack(me))
        await sm_call(port, sm.SM_NOTIFY, sm.stat_chge_xdr.pack(sm.stat_chge(b"peer2", 3)))
        await sm_call(port, sm.SM_NOTIFY, sm.stat_chge_xdr.pack(sm.stat_chge(b"peer1", 11)))

        a = await Nlm.connect(port, A)
        fh = new_file(srv, b"f")
        assert await a.lock(fh, 1) == S.NLM4_GRANTED  # monitors A
        st = sm.sm_stat_res_xdr.unpack(await sm_call(port, sm.SM_STAT, sm.sm_name_xdr.pack(
            sm.sm_name(b"x")))).state
        await sm_call(port, sm.SM_SIMU_CRASH, b"")
        note = await next_event(host.notified)
        assert note.mon_name == b"127.0.0.1" and note.state > st and note.state % 2 == 1
        assert int((srv.state / "sm" / "state").read_text()) == note.state
        assert await a.unlock(fh, 1) == S.NLM4_GRANTED
        await a.close()
        assert host.sm_callbacks.empty()  # nothing after the unmonitors
    finally:
        assert await asyncio.to_thread(srv.stop) == 0
    assert "Traceback" not in srv.log_text()


async def test_grace_runs_from_the_notify_not_from_a_slow_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A restart whose listeners take longer than --grace-time to open (RDMA under emulation
    took 30 s) still gives the monitored clients their whole grace after SM_NOTIFY."""
    from nfsrdma.nsm.monitor import HostRecord
    from nfsrdma.nsm.store import SmStore
    from nfsrdma.server import Server
    from tests.transport.rdma._rdma import server_config

    (tmp_path / "export").mkdir()
    cfg = server_config(tmp_path)
    cfg.rdma, cfg.grace_time, cfg.peer_rpcbind_port = "off", 1.0, 1  # nobody to notify
    SmStore(cfg.state_dir).save_host(HostRecord(b"client-a", "127.0.0.1", "127.0.0.1"))
    slow = Server._start_tcp

    async def slow_start_tcp(self: Server) -> None:
        await asyncio.sleep(1.5)
        await slow(self)

    monkeypatch.setattr(Server, "_start_tcp", slow_start_tcp)
    srv = Server(cfg)
    await srv.start()
    try:
        assert srv.locks.grace, "grace ended before the clients were told"
        await asyncio.sleep(1.5)
        assert not srv.locks.grace
    finally:
        await srv.stop(grace=1.0)
