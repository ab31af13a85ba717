"""Tests for nfsrdma.metrics: observer accounting, custom collectors, HTTP exposition, snapshot."""

from __future__ import annotations

import json
import sys
import types
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from nfsrdma.metrics import LATENCY_BUCKETS, Metrics, PoolStats


def value(m: Metrics, name: str, **labels: str) -> float | None:
    v = m.registry.get_sample_value(name, labels)
    return v


@pytest.fixture
def fake_copies(monkeypatch):
    """A stand-in storage.copies module, so the test controls the copy counter."""
    mod = types.ModuleType("fake_copies")

    class Counter:
        total = 0
        by_where: dict[str, int] = {}

    mod.COPIES = Counter()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_copies", mod)
    return mod.COPIES  # type: ignore[attr-defined]


def test_observer_counts_errors_latency_bytes():
    m = Metrics(copies_module=None)
    obs = m.observer
    obs.on_call(100003, 3, "READ", "SUCCESS", 0.0002, 120, 4200, "rdma")
    obs.on_call(100003, 3, "READ", "SUCCESS", 0.003, 120, 4200, "rdma")
    obs.on_call(100005, 3, "MNT", "AUTH_ERROR", 0.00004, 80, 24, "tcp")
    obs.on_call(424242, 1, "NULL", "PROG_UNAVAIL", 0.00001, 40, 24, "tcp")
    calls = "nfsrdma_rpc_calls_total"
    assert value(m, calls, program="nfs", version="3", procedure="READ", transport="rdma",
                 status="SUCCESS") == 2  # fmt: skip
    assert value(m, "nfsrdma_rpc_errors_total", program="mount", version="3", procedure="MNT",
                 transport="tcp", status="AUTH_ERROR") == 1  # fmt: skip
    assert value(m, "nfsrdma_rpc_errors_total", program="424242", version="1", procedure="NULL",
                 transport="tcp", status="PROG_UNAVAIL") == 1  # fmt: skip
    assert value(m, "nfsrdma_rpc_errors_total", program="nfs", version="3", procedure="READ",
                 transport="rdma", status="SUCCESS") is None  # fmt: skip
    lat = {"program": "nfs", "procedure": "READ", "transport": "rdma"}
    assert value(m, "nfsrdma_rpc_latency_seconds_count", **lat) == 2
    assert value(m, "nfsrdma_rpc_latency_seconds_bucket", le="5e-05", **lat) == 0
    assert value(m, "nfsrdma_rpc_latency_seconds_bucket", le="0.00025", **lat) == 1
    assert value(m, "nfsrdma_rpc_latency_seconds_bucket", le="0.005", **lat) == 2
    assert value(m, "nfsrdma_rpc_bytes_total", direction="in", transport="rdma") == 240
    assert value(m, "nfsrdma_rpc_bytes_total", direction="out", transport="tcp") == 48
    assert LATENCY_BUCKETS[0] == 50e-6 and LATENCY_BUCKETS[-1] == 5.0


def test_registries_are_private():
    a, b = Metrics(copies_module=None), Metrics(copies_module=None)
    a.rdma_registrations.inc(3)
    assert value(a, "nfsrdma_rdma_registrations_total") == 3
    assert value(b, "nfsrdma_rdma_registrations_total") == 0


def test_collectors_and_snapshot(fake_copies):
    m = Metrics(copies_module="fake_copies")
    snap = m.snapshot()
    assert snap["payload_bytes_copied"] == 0 and snap["pool_pages_free"] == 0
    fake_copies.by_where = {"tcp.recv": 100, "nfs3.write": 28}
    stats = PoolStats(free_pages=10, used_pages=6, waits=2)
    m.watch_pool(lambda: stats)
    m.on_rdma_context("iova", "write", nwrs=2, nsges=2, nregs=0)
    m.on_rdma_context("per-page", "write", nwrs=3, nsges=48, nregs=0)
    m.on_rdma_context("mr", "read", nwrs=1, nsges=1, nregs=1)
    m.on_dma_fallback("iova", "mr")
    m.rdma_sq_starvation.inc()
    m.rdma_credits_granted.set(128)
    m.rdma_errors.labels(kind="wc_error").inc()
    m.connections.labels(transport="tcp").inc()
    m.on_nfs_op("READ", "NFS3_OK")
    m.observer.on_call(100003, 3, "READ", "SUCCESS", 0.001, 100, 1000, "rdma")
    snap = m.snapshot()
    json.dumps(snap)  # JSON-ready
    assert snap["payload_bytes_copied"] == 128
    assert snap["payload_bytes_copied_by_where"] == {"tcp.recv": 100, "nfs3.write": 28}
    assert (snap["pool_pages_free"], snap["pool_pages_used"], snap["pool_waits"]) == (10, 6, 2)
    assert snap["rdma_contexts"] == {"iova": 1, "per-page": 1, "mr": 1}
    assert snap["rdma_wrs"] == {"write": 5, "read": 1}
    assert snap["rdma_sges"] == {"write": 50, "read": 1}
    assert snap["rdma_registrations"] == 1
    assert snap["rdma_dma_fallbacks"] == {"iova->mr": 1}
    assert snap["rdma_sq_starvation"] == 1 and snap["rdma_credits_granted"] == 128
    assert snap["rdma_errors"] == {"wc_error": 1}
    assert snap["connections"] == {"tcp": 1}
    assert snap["nfs_ops"] == {"READ:NFS3_OK": 1}
    assert snap["rpc_calls"] == 1 and snap["rpc_errors"] == 0
    assert (snap["rpc_bytes_in"], snap["rpc_bytes_out"]) == (100, 1000)
    assert snap["rpc_calls_by_procedure"] == {"nfs.READ": 1}
    assert snap["rpc_latency"]["nfs.READ"]["count"] == 1
    assert snap["rpc_latency"]["nfs.READ"]["mean"] == pytest.approx(0.001)


def test_watch_pool_object():
    class Pool:
        waits = 4

        def free_pages(self):
            return 7

        def used_pages(self):
            return 1

    m = Metrics(copies_module=None)
    m.watch_pool(Pool())
    assert value(m, "nfsrdma_pool_pages", state="used") == 1
    assert value(m, "nfsrdma_pool_waits_total") == 4


def test_real_storage_copies_counter_is_read():
    copies = pytest.importorskip("storage.copies").COPIES
    m = Metrics()
    before = value(m, "nfsrdma_payload_bytes_copied_total", where="test.metrics") or 0
    copies.add(17, "test.metrics")
    assert value(m, "nfsrdma_payload_bytes_copied_total", where="test.metrics") == before + 17


def test_http_exposition_parses(fake_copies):
    m = Metrics(copies_module="fake_copies")
    fake_copies.by_where = {"x": 5}
    m.watch_pool(lambda: PoolStats(3, 1, 0))
    m.observer.on_call(100005, 3, "MNT", "SUCCESS", 0.0001, 1, 2, "tcp")
    m.on_dma_fallback("mr", "per-page")
    port = m.start_http(0, "127.0.0.1")
    try:
        with pytest.raises(RuntimeError):
            m.start_http(0, "127.0.0.1")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
            text = resp.read().decode()
    finally:
        m.stop_http()
    fams = {f.name: f for f in text_string_to_metric_families(text)}
    expected = {
        "nfsrdma_rpc_calls", "nfsrdma_rpc_errors", "nfsrdma_rpc_latency_seconds",
        "nfsrdma_rpc_bytes", "nfsrdma_nfs_ops", "nfsrdma_connections",
        "nfsrdma_rdma_credits_granted", "nfsrdma_rdma_credits_in_use",
        "nfsrdma_rdma_receives_posted", "nfsrdma_rdma_contexts", "nfsrdma_rdma_wrs",
        "nfsrdma_rdma_sges", "nfsrdma_rdma_registrations", "nfsrdma_rdma_dma_fallbacks",
        "nfsrdma_rdma_sq_starvation", "nfsrdma_rdma_connections", "nfsrdma_rdma_disconnects",
        "nfsrdma_rdma_errors", "nfsrdma_payload_bytes_copied", "nfsrdma_pool_pages",
        "nfsrdma_pool_waits",
    }  # fmt: skip
    assert expected <= set(fams)
    assert fams["nfsrdma_rpc_latency_seconds"].type == "histogram"
    assert fams["nfsrdma_rdma_connections"].type == "gauge"

    def samples(name):
        return {tuple(sorted(s.labels.items())): s.value for f in fams.values()
                for s in f.samples if s.name == name}  # fmt: skip

    assert samples("nfsrdma_payload_bytes_copied_total") == {(("where", "x"),): 5}
    assert samples("nfsrdma_pool_pages") == {(("state", "free"),): 3, (("state", "used"),): 1}
    assert samples("nfsrdma_rdma_dma_fallbacks_total") == {(("from", "mr"), ("to", "per-page")): 1}
    calls = samples("nfsrdma_rpc_calls_total")
    assert calls == {
        (("procedure", "MNT"), ("program", "mount"), ("status", "SUCCESS"),
         ("transport", "tcp"), ("version", "3")): 1
    }  # fmt: skip
    # the server is really gone
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2)
