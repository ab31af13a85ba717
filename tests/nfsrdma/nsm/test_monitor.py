"""The status monitor's table and files (sans-I/O table; the store on a real directory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nfsrdma.nsm.monitor import HostRecord, MonitorFull, StatusMonitor, Watcher, next_state
from nfsrdma.nsm.store import SmStore


def test_state_numbers_are_odd_and_grow() -> None:
    assert [next_state(n) for n in (0, 1, 2, 3, 8)] == [1, 3, 3, 5, 9]


def test_monitor_records_once_and_caps() -> None:
    m = StatusMonitor(1, max_hosts=2)
    assert m.monitor(b"a", "10.0.0.1", "10.0.0.9") == HostRecord(b"a", "10.0.0.1", "10.0.0.9")
    assert m.monitor(b"a", "10.0.0.1", "10.0.0.9") is None  # already on record
    assert m.monitor(b"a", "10.0.0.2", "10.0.0.9") is not None  # moved: written again
    assert m.monitor(b"b", "10.0.0.3", "10.0.0.9") is not None
    with pytest.raises(MonitorFull):
        m.monitor(b"c", "10.0.0.4", "10.0.0.9")


def test_reboot_frees_only_from_the_host_itself_or_loopback() -> None:
    m = StatusMonitor(1)
    m.monitor(b"a", "10.0.0.1", "10.0.0.9")
    m.monitor(b"b", "10.0.0.2", "10.0.0.9")
    assert m.rebooted(b"a", 3, "10.0.0.2") == []  # b cannot free a's locks
    assert m.rebooted(b"a", 3, "10.0.0.1") == [b"a"]
    assert m.rebooted(b"a", 3, "10.0.0.1") == []  # a retransmission: nothing more
    assert m.rebooted(b"a", 5, "10.0.0.1") == [b"a"]  # a new reboot
    assert m.rebooted(b"10.0.0.2", 7, "10.0.0.2") == [b"b"]  # named by its address
    assert m.rebooted(b"nm-client", 1, None) == [b"nm-client"]  # loopback: by name
    assert m.rebooted(b"nm-client", 1, "10.0.0.5") == []


def test_watchers() -> None:
    m = StatusMonitor(1, max_hosts=1)
    w = Watcher(b"peer", b"localhost", 100021, 4, 16, b"p" * 16)
    m.watch(w)
    m.watch(w)  # the same registration again
    assert m.watchers_of(b"peer") == [w]
    with pytest.raises(MonitorFull):
        m.watch(Watcher(b"other", b"localhost", 100021, 4, 16, b""))
    m.unwatch_all(b"localhost", 100021, 4, 16)
    assert m.watchers_of(b"peer") == []


def test_store_round_trip(tmp_path: Path) -> None:
    s = SmStore(tmp_path)
    assert s.load_state() == 0 and s.load_hosts() == []
    s.save_state(7)
    odd = bytes(range(256)) + b"/../x"  # any caller_name is one safe file name
    long = b"h" * 1024
    recs = [HostRecord(b"a", "10.0.0.1", "10.0.0.9"), HostRecord(odd, "::1", "::1"),
            HostRecord(long, "10.0.0.2", "")]
    for r in recs:
        s.save_host(r)
    assert all(p.parent == tmp_path / "sm" for p in (tmp_path / "sm").iterdir())
    assert s.load_state() == 7
    assert sorted(s.load_hosts(), key=lambda r: r.addr) == sorted(recs, key=lambda r: r.addr)
    (tmp_path / "sm" / "host.broken").write_text("{not json")
    s.remove_host(odd)
    s.remove_host(b"never-there")
    assert {r.name for r in s.load_hosts()} == {b"a", long}
