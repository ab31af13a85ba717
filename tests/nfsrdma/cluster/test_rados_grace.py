"""The cluster grace kept in RADOS (nfsrdma.cluster.rados) on the one-node Ceph the test run
boots: the grace object's compare-and-swap, notify reaching another connection's watch, the
client records, the shared handle secret, and two `ClusterAgent`s (two gateways, each with
its own RADOS connection) through a restart with a recorded client that reclaims on the
other gateway.  Each test has its own cluster name (RADOS namespace)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable

from nfsrdma.cluster.grace import ENFORCING, NEED, ClusterNode, Member
from nfsrdma.cluster.rados import ClusterAgent, RadosState, wall_clock
from tests.ceph_cluster import CephCluster

POOL = "nfsrdma-test"


def _state(ceph: CephCluster, ns: str) -> RadosState:
    return RadosState(str(ceph.conf), POOL, ns)


def test_grace_object_cas_watch_records_and_secret(ceph_cluster: CephCluster) -> None:
    ns = "t-" + os.urandom(4).hex()
    a, b = _state(ceph_cluster, ns), _state(ceph_cluster, ns)
    try:
        s = a.read_grace()
        assert (s.epoch, s.recovery, s.seq, dict(s.members)) == (1, 0, 0, {})
        assert b.read_grace() == s  # made once
        heard = threading.Event()
        b.watch(heard.set)
        new = s.with_member("a", Member(NEED, 5.0, 6.0))
        from dataclasses import replace
        assert a.cas_grace(replace(new, seq=1), s.seq)
        assert not b.cas_grace(replace(s, seq=1, epoch=9), s.seq)  # stale: refused
        got = b.read_grace()
        assert got.seq == 1 and got.members["a"] == Member(NEED, 5.0, 6.0) and got.epoch == 1
        a.notify()
        assert heard.wait(10)
        owners = [os.urandom(16) for _ in range(2500)]  # pages of 1,024, batches of 1,000
        a.add_records(3, "a", owners)
        b.add_records(3, "b", [b"bee"])
        assert b.load_records(3, ["a", "b", "c"]) == {"a": set(owners), "b": {b"bee"}}
        a.remove_record(3, "a", owners[0])
        assert b.load_records(3, ["a"])["a"] == set(owners[1:])
        a.remove_records(3, ["a", "b", "c"])
        assert b.load_records(3, ["a", "b"]) == {}
        first, second = os.urandom(32), os.urandom(32)
        assert a.shared_secret(first) == first
        assert b.shared_secret(second) == first
    finally:
        a.close()
        b.close()


async def _until(cond: Callable[[], bool], timeout: float = 20.0) -> float:
    t0 = time.monotonic()
    while not cond():
        assert time.monotonic() - t0 < timeout
        await asyncio.sleep(0.05)
    return time.monotonic() - t0


async def test_two_agents_restart_and_reclaim_elsewhere(ceph_cluster: CephCluster) -> None:
    ns = "t-" + os.urandom(4).hex()
    recorded: dict[str, set[bytes]] = {"a": set(), "b": set()}

    def agent(name: str) -> ClusterAgent:
        node = ClusterNode(name, wall_clock, 60.0, lease=6.0, poll=1.0)
        return ClusterAgent(lambda: _state(ceph_cluster, ns), node,
                            lambda: set(recorded[name]))

    a, b = agent("a"), agent("b")
    await a.start()
    await b.start()
    try:
        await _until(lambda: not a.node.in_grace() and not b.node.in_grace())
        # a's client finished reclaiming (a first start: nothing to reclaim) and is recorded
        recorded["a"].add(b"client-x")
        a.record(b"client-x")
        b.record(b"client-y")
        recorded["b"].add(b"client-y")
        epoch = a.node.epoch
        await a.close()  # a restarts: a new agent, nothing recorded in memory
        recorded["a"] = set()
        a = agent("a")
        t0 = time.monotonic()
        await a.start()
        assert a.node.in_grace() and a.node.epoch == epoch + 1
        # b hears the notify, enforces; then reclaims are allowed on both
        took = await _until(lambda: b.node.in_grace() and a.node.may_reclaim()
                            and b.node.may_reclaim() and b.node.records_ready())
        assert took < 5, took
        assert b.node.reclaimers() == {b"client-x", b"client-y"}
        assert b.node.state is not None
        assert b.node.state.members["b"].flags == ENFORCING
        # client-x reclaims on b: recorded there; the grace ends on both
        recorded["b"].add(b"client-x")
        b.record(b"client-x")
        await _until(lambda: not a.node.in_grace() and not b.node.in_grace())
        print(f"grace started and enforced on both in {took:.2f} s, over "
              f"{time.monotonic() - t0:.2f} s after the restart")
        # the old records are gone, the new epoch's are there
        st = await b.connect()
        rec = await asyncio.to_thread(st.load_records, epoch, ["a", "b"])
        assert rec == {}
        cur = await asyncio.to_thread(st.load_records, epoch + 1, ["a", "b"])
        assert cur == {"b": {b"client-x", b"client-y"}}
    finally:
        await a.close()
        await b.close()
