"""transport.budget: per-connection and per-address limits, waiters, estimates, stalls."""

from __future__ import annotations

import pytest

from transport.budget import Budgets, Limits


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def budgets(**kw) -> tuple[Budgets, Clock]:
    clock = Clock()
    lim = Limits(**{"conn_pages": 10, "client_pages": 15, "conn_reply_bytes": 1000,
                    "conn_calls": 3, "stall_timeout": 5.0, **kw})
    return Budgets(lim, clock), clock


def test_connection_limits_pages_bytes_calls():
    b, _ = budgets()
    a = b.open("10.0.0.1")
    a.charge(pages=8)
    assert a.admits(pages=2) and not a.admits(pages=3)
    assert a.admits(reply_bytes=1000) and not a.admits(reply_bytes=1001)
    a.charge(calls=3)
    assert not a.admits(calls=1)
    a.uncharge(calls=1)
    assert a.admits(calls=1)


def test_address_limit_spans_connections_and_other_addresses_are_free():
    b, _ = budgets()
    a1, a2 = b.open("10.0.0.1"), b.open("10.0.0.1")
    other = b.open("10.0.0.2")
    a1.charge(pages=9)
    assert a2.admits(pages=6) and not a2.admits(pages=7)
    assert other.admits(pages=10)
    assert b.pages == 9 and b.clients["10.0.0.1"].pages == 9


def test_holding_nothing_admits_an_oversized_request_alone():
    b, _ = budgets()
    a = b.open("h")
    assert a.admits(pages=100)  # nothing held by the connection nor the address
    a.charge(pages=100)
    assert not a.admits(pages=1)
    assert not b.open("h").admits(pages=1)  # the address holds 100 > 15


def test_wait_runs_once_at_the_next_release_of_the_address():
    b, _ = budgets()
    a1, a2 = b.open("h"), b.open("h")
    a1.charge(pages=15)
    woken: list[str] = []
    a2.wait(lambda: woken.append("a2"))
    a1.charge(pages=1)
    assert woken == []
    a1.uncharge(pages=1)
    assert woken == ["a2"]
    a1.uncharge(pages=1)
    assert woken == ["a2"]  # one-shot


def test_close_returns_everything_and_wakes_and_forgets_the_address():
    b, _ = budgets()
    a1, a2 = b.open("h"), b.open("h")
    a1.charge(pages=7, reply_bytes=50, calls=2)
    woken: list[int] = []
    a2.wait(lambda: woken.append(1))
    a1.close()
    a1.close()
    assert woken == [1] and b.pages == 0 and b.reply_bytes == 0
    assert b.clients["h"].calls == 0
    a1.charge(pages=3)  # after close: ignored, nothing leaks into the totals
    assert b.pages == 0 and not a1.admits()
    a2.close()
    assert "h" not in b.clients


def test_uncharge_more_than_charged_is_a_bug():
    b, _ = budgets()
    a = b.open("h")
    a.charge(pages=1)
    with pytest.raises(ValueError):
        a.uncharge(pages=2)


def test_estimates_start_pessimistic_and_learn():
    b, _ = budgets(conn_pages=2048)
    a = b.open("h")
    assert a.est_pages >= 257  # a new peer's first burst could be 1 MiB READs
    small, _ = budgets(conn_pages=400)
    assert small.open("h").est_pages == 100  # but a quarter of its budget at most
    for _ in range(12):
        a.learn(0, 100)
    assert a.est_pages == 0 and a.est_bytes >= 100
    a.learn(256, 0)
    assert a.est_pages == 256  # a switch to big replies is believed at once


def test_stalled_only_when_holding_without_progress():
    b, clock = budgets()
    a = b.open("h")
    clock.t += 60
    assert not a.stalled()  # idle, holding nothing: the idle timeout's business
    a.charge(pages=1)
    assert a.stalled()
    a.progress()
    assert not a.stalled()
    clock.t += 5.5
    assert a.stalled()


def test_for_pool_defaults():
    lim = Limits.for_pool(65536)
    assert lim.conn_pages == 2048 and lim.client_pages == 32768 and lim.total_pages == 49152
    small = Limits.for_pool(256, conn_pages=40)
    assert small.conn_pages == 40 and small.client_pages == 128


def test_start_escapes_on_running_calls_not_on_holdings():
    b, _ = budgets()
    a1, a2 = b.open("h"), b.open("h")
    a1.charge(pages=20, calls=1)  # a queued record larger than both limits
    assert not a1.admits(pages=1) and not a2.admits(pages=1)
    assert a1.admits(pages=257, start=True)  # nothing runs: starting it is the way out
    a1.charge(pages=257, running=1)
    assert not a1.admits(pages=1, start=True)
    assert not a2.admits(pages=1, start=True)  # the address runs a call and is over
    a1.uncharge(pages=277, calls=1, running=1)
    assert a2.admits(pages=15, start=True) and a2.admits(pages=15)


def test_reserve_keeps_part_of_the_address_budget_for_small_requests():
    b, _ = budgets()  # client_pages 15
    a1, a2, a3 = b.open("h"), b.open("h"), b.open("h")
    assert a1.admits(pages=8, reserve=4)  # the address holds nothing: alone it passes
    a1.charge(pages=8)
    assert not a2.admits(pages=4, reserve=4)  # 8 + 4 + 4 > 15: a second bulk one waits
    assert a3.admits(pages=4)  # small requests still fit


def test_global_reserve_lets_only_quiet_addresses_start_calls():
    b, _ = budgets(client_pages=100, total_pages=20)
    busy = [b.open(f"10.0.0.{i}") for i in range(3)]
    for a in busy:
        assert a.admits(pages=8, start=True)
        a.charge(pages=8, running=1)  # 24 pages now: over the global 20
    assert not busy[0].admits(pages=1, start=True)  # running already: behind the reserve
    assert busy[0].admits(pages=1)  # taking in a small record is not a start
    quiet = b.open("10.0.0.9")
    assert quiet.admits(pages=8, start=True)  # nothing running there: served
    busy[1].uncharge(pages=8, running=1)
    assert busy[0].admits(pages=2, start=True)


# -- turns on the loop: busy calls per address and in all, round-robin ----------------------

def start(a, n: int = 1) -> int:
    """Receive up to ``n`` calls on ``a`` and start them as a transport does, until one is
    refused (it stays queued); how many started."""
    started = 0
    for _ in range(n):
        a.charge(calls=1)
        if not a.admits(start=True):
            break
        a.charge(running=1)
        started += 1
    return started


def test_a_lone_address_may_use_every_slot_but_not_when_others_wait():
    b, _ = budgets(conn_calls=100, client_running=2, total_running=4, running_reserve=1)
    flood = b.open("10.0.0.1")
    assert start(flood, 10) == 4  # alone: the total, not its own cap
    other = b.open("10.0.0.2")
    other.charge(calls=2)  # two calls queued: not quiet
    assert not other.admits(start=True)  # total full: it joins the round, behind the flood
    assert list(b.turns) == ["10.0.0.1", "10.0.0.2"]
    flood.settle(0, 0, 0, 0)  # one reply built: a slot frees, for 10.0.0.2 (the flood is
    assert list(b.turns) == ["10.0.0.2"]  # past its share, out of the round)
    assert not flood.admits(start=True)
    assert other.admits(start=True)
    other.charge(running=1)
    assert not b.turns
    flood.settle(0, 0, 0, 0)
    flood.settle(0, 0, 0, 0)  # the flood: 1 busy, below its share again
    assert flood.admits(start=True)


def test_freed_slots_go_round_robin_between_waiting_addresses():
    b, _ = budgets(conn_calls=100, client_running=8, total_running=2, running_reserve=0)
    accts = {h: b.open(h) for h in ("10.0.0.1", "10.0.0.2", "10.0.0.3")}
    for a in accts.values():
        a.charge(calls=5)  # each has a pipeline queued
    woken: list[str] = []
    a1 = accts["10.0.0.1"]
    assert a1.admits(start=True)
    a1.charge(running=1)
    assert a1.admits(start=True)
    a1.charge(running=1)
    for h in ("10.0.0.2", "10.0.0.3", "10.0.0.1"):
        assert not accts[h].admits(start=True)
        accts[h].wait(lambda h=h: woken.append(h))
    assert list(b.turns) == ["10.0.0.2", "10.0.0.3", "10.0.0.1"]
    a1.settle(0, 0, 0, 0)  # a slot: the head of the round is woken, and only it may take it
    assert woken[0] == "10.0.0.2"
    assert not a1.admits(start=True) and not accts["10.0.0.3"].admits(start=True)
    assert accts["10.0.0.2"].admits(start=True)
    accts["10.0.0.2"].charge(running=1)
    assert "10.0.0.2" not in b.turns  # it started: out of the round (rejoins at the tail)
    a1.settle(0, 0, 0, 0)
    assert accts["10.0.0.3"].admits(start=True)


def test_a_quiet_address_starts_beyond_the_total_and_heads_the_round():
    b, _ = budgets(conn_calls=100, client_running=8, total_running=2, running_reserve=1)
    flood = b.open("10.0.0.1")
    assert start(flood, 5) == 2
    quiet = b.open("10.0.0.9")
    quiet.charge(calls=1)  # its one call: served from the reserve at once
    assert quiet.admits(start=True)
    quiet.charge(running=1)
    late = b.open("10.0.0.8")
    late.charge(calls=1)  # the reserve is used: it waits, but at the head of the round
    assert not late.admits(start=True)
    assert next(iter(b.turns)) == "10.0.0.8"


def test_unsent_replies_hold_no_slot_and_a_call_without_reply_frees_its_own():
    b, _ = budgets(conn_pages=1000, client_pages=1000, conn_calls=100, client_running=8,
                   total_running=2, running_reserve=0)
    a = b.open("10.0.0.1")
    assert start(a, 2) == 2 and b.busy == 2
    a.settle(0, 0, 0, 0)  # reply built, not yet sent (a peer that does not read)
    assert b.busy == 1 and a.running == 2
    a.uncharge(calls=1, running=1, busy=1)  # the other call ends without a reply
    assert b.busy == 0 and a.running == 1
    a.uncharge(calls=1, running=1)  # the first reply sent at last
    assert b.busy == 0 and a.running == 0 and a.calls == 0
    a.close()
    assert not b.clients and not b.turns
