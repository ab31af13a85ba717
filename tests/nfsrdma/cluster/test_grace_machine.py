"""The cluster grace state machine (nfsrdma.cluster.grace), driven as the RADOS edge drives
it but over an in-memory object with the same compare-and-swap, a fake wall clock and
records kept per (epoch, node).  Each scenario is a table of steps: who reads and plans
(only the nodes named: the others missed the notify), what time it is, which clients finish
reclaiming where, and what every node must then answer."""

from __future__ import annotations

import dataclasses

import pytest

from nfsrdma.cluster.grace import ENFORCING, NEED, TAKEN, ClusterNode, Member, Shared

GRACE, LEASE, POLL = 60.0, 20.0, 5.0


class Cluster:
    """The shared object (CAS on ``seq``), the records, the clock and the nodes."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.obj = Shared()
        self.records: dict[tuple[int, str], set[bytes]] = {}
        self.nodes: dict[str, ClusterNode] = {}
        self.writes = 0
        self.conflicts = 0

    def clock(self) -> float:
        return self.now

    def boot(self, name: str) -> ClusterNode:
        """Start (or restart: a new instance under the same name) a gateway."""
        n = ClusterNode(name, self.clock, GRACE, lease=LEASE, poll=POLL)
        self.nodes[name] = n
        return n

    def kill(self, name: str) -> None:
        del self.nodes[name]

    def read(self, name: str) -> None:
        n = self.nodes[name]
        n.process_shared(self.obj)
        want = n.records_wanted()
        if want is not None:
            r, c = want
            recl = {node: o for (e, node), o in self.records.items() if e == r}
            done = set().union(*[o for (e, _), o in self.records.items() if e == c])
            n.process_records(r, c, recl, done)

    def cas(self, name: str, new: Shared) -> bool:
        n = self.nodes[name]
        if new.seq != self.obj.seq + 1:
            self.conflicts += 1
            return False
        self.obj = Shared.decode(new.encode())  # as stored: the encoding round-trips
        self.writes += 1
        n.process_written(self.obj)
        return True

    def step(self, *names: str, rounds: int = 10) -> None:
        """Each named node reads, then writes what it plans until it wants nothing."""
        for name in names:
            for _ in range(rounds):
                self.read(name)
                want = self.nodes[name].plan()
                if want is None:
                    break
                self.cas(name, want)
            else:
                raise AssertionError(f"{name} never settled")

    def race(self, *names: str) -> None:
        """Every named node reads the same state, then each writes its plan: only the first
        compare-and-swap holds; the others re-read and plan again (losers first: the
        winner's grace is still in force when they do)."""
        plans = []
        for name in names:
            self.read(name)
            plans.append((name, self.nodes[name].plan()))
        for name, want in plans:
            if want is not None:
                self.cas(name, want)
        self.step(*reversed(names))

    def advance(self, seconds: float, *names: str) -> None:
        """Let ``seconds`` pass, the named nodes heartbeating (stepping every POLL)."""
        end = self.now + seconds
        while self.now < end:
            self.now = min(end, self.now + POLL)
            self.step(*names)

    def record(self, node: str, owner: bytes) -> None:
        """``owner`` finished reclaiming on ``node`` (recorded in the current epoch)."""
        self.records.setdefault((self.obj.epoch, node), set()).add(owner)

    def flags(self, node: str) -> int:
        return self.obj.members[node].flags


def settle(c: Cluster, *names: str) -> None:
    """Start each node and let every node see the result (an idle cluster: no grace)."""
    for n in names:
        c.boot(n)
    c.step(*names)
    c.step(*names)


def test_shared_encoding_round_trips_and_rejects_foreign_objects() -> None:
    s = Shared(7, 6, {"a": Member(NEED | ENFORCING, 12.5, 30.25), "b": Member()}, 41)
    assert Shared.decode(s.encode()) == s
    assert Shared.decode({}) == Shared()
    with pytest.raises(ValueError):
        Shared.decode({"node:a": b"short"})


def test_two_nodes_starting_at_once_make_one_epoch() -> None:
    c = Cluster()
    c.boot("a")
    c.boot("b")
    assert c.nodes["a"].in_grace() and c.nodes["b"].in_grace()  # nothing read yet: refuse
    c.race("a", "b")
    assert c.conflicts == 1  # b's first write lost the race and was planned again
    # one epoch change for two starts: 1 -> 2, epoch 1 had no records: grace over at once
    assert c.obj.epoch == 2
    c.step("a", "b")
    assert c.obj.recovery == 0
    assert not c.nodes["a"].in_grace() and not c.nodes["b"].in_grace()
    assert c.flags("a") == c.flags("b") == 0


@pytest.mark.parametrize("order", ["restarted-first", "survivor-first"])
def test_restart_of_one_of_two_reclaims_on_the_other(order: str) -> None:
    c = Cluster()
    settle(c, "a", "b")
    c.record("a", b"client-1")  # a's client, recorded in epoch 2
    c.record("b", b"client-2")  # b's client
    e = c.obj.epoch
    c.kill("a")
    c.now += 3
    a = c.boot("a")
    c.step("a")
    assert (c.obj.recovery, c.obj.epoch) == (e, e + 1)
    assert c.flags("a") == NEED | ENFORCING
    # b has not seen the notify yet: a refuses new opens but also reclaims (b could still
    # grant a conflicting lock)
    assert a.in_grace() and not a.may_reclaim()
    if order == "survivor-first":
        c.step("b")
    c.step("b", "a")
    b = c.nodes["b"]
    assert c.flags("b") == ENFORCING and b.in_grace() and a.may_reclaim() and b.may_reclaim()
    assert a.reclaimers() == b.reclaimers() == {b"client-1", b"client-2"}
    # b's own client carries on into the new epoch (its snapshot), a's client reclaims on b
    c.record("b", b"client-2")
    c.step("a", "b")
    assert c.obj.recovery == e  # client-1 has not reclaimed yet
    c.record("b", b"client-1")
    c.step("a")  # a sees it reclaimed (on b) and lifts its own NEED: the grace is over
    assert c.obj.recovery == 0 and not a.in_grace()
    assert b.in_grace()  # b missed the notify ...
    wake = b.next_wakeup()
    c.now += POLL
    assert wake <= c.now  # ... and re-reads by its poll at the latest
    c.step("b")
    assert not b.in_grace() and c.flags("b") == 0 and c.flags("a") == 0


def test_grace_ends_at_the_deadline_when_a_client_never_comes_back() -> None:
    c = Cluster()
    settle(c, "a", "b")
    c.record("a", b"gone-for-good")
    c.kill("a")
    c.boot("a")
    c.step("a", "b", "a")
    assert c.obj.recovery != 0
    start = c.obj.members["a"].need_until - GRACE
    c.advance(start + GRACE - 1 - c.now, "a", "b")
    assert c.obj.recovery != 0
    c.now += 1
    assert c.nodes["a"].next_wakeup() <= c.now
    c.step("b")  # any node may lift a NEED whose deadline passed
    assert c.obj.recovery == 0 and c.flags("a") & NEED == 0


def test_three_nodes_a_dead_node_is_taken_over_once() -> None:
    c = Cluster()
    settle(c, "a", "b", "c")
    c.record("a", b"ca")
    c.record("b", b"cb")
    e = c.obj.epoch
    c.kill("a")  # SIGKILL, no restart
    c.now += LEASE / 2
    c.step("b", "c")  # heartbeats
    assert c.obj.recovery == 0
    c.now += LEASE / 2 + 1
    assert c.nodes["b"].next_wakeup() <= c.now
    c.step("b")  # b sees a's heartbeat run out: a grace on a's behalf
    assert (c.obj.recovery, c.obj.epoch) == (e, e + 1)
    assert c.flags("a") == NEED | TAKEN
    b, cc = c.nodes["b"], c.nodes["c"]
    assert not b.may_reclaim()  # c does not enforce yet
    epoch = c.obj.epoch
    c.step("c", "b")
    assert c.obj.epoch == epoch  # c does not take a over a second time
    assert b.may_reclaim() and cc.may_reclaim()  # the dead node is not waited for
    c.record("b", b"cb")
    c.record("c", b"ca")  # a's client moved to c and reclaimed there
    c.step("c", "b")
    assert c.obj.recovery == 0
    assert not b.in_grace() and not cc.in_grace()
    assert c.flags("a") == TAKEN  # stays taken (no new grace for it) until it restarts
    for _ in range(20):  # time passes, b and c heartbeating
        c.now += POLL
        c.step("b", "c")
        assert c.obj.recovery == 0
    epoch = c.obj.epoch
    a = c.boot("a")  # it comes back: its start is a new epoch, TAKEN is cleared, and as
    c.step("a")  # nothing was recorded for it in the epoch it died in, no grace follows
    assert c.obj.epoch == epoch + 1 and c.obj.recovery == 0
    assert c.flags("a") == 0 and not a.in_grace()


def test_a_node_dying_in_grace_keeps_it_until_its_deadline() -> None:
    c = Cluster()
    settle(c, "a", "b", "c")
    c.record("a", b"ca")
    c.record("b", b"cb")
    e = c.obj.epoch
    c.kill("a")
    c.boot("a")
    c.step("a", "b", "c", "a")
    assert c.obj.recovery == e and c.nodes["a"].may_reclaim()
    c.advance(10, "a", "b", "c")
    c.kill("b")  # dies in a's grace, never restarts
    c.advance(LEASE, "a", "c")
    assert c.obj.epoch == e + 1  # joined the grace in force: no second epoch
    assert c.flags("b") & (NEED | TAKEN) == NEED | TAKEN
    until = c.obj.members["b"].need_until
    assert c.now < until <= c.now + GRACE
    c.record("a", b"ca")
    c.step("a", "c")
    assert c.obj.recovery == e  # a is done, b's client is not
    assert c.flags("a") & NEED == 0
    c.record("c", b"cb")  # b's client reclaimed on c
    c.step("c")
    assert c.obj.recovery == 0


def test_lost_notifies_a_silent_member_is_waited_for_then_taken_over() -> None:
    c = Cluster()
    settle(c, "a", "b")
    c.record("a", b"ca")
    c.kill("a")
    c.boot("a")
    c.step("a")
    # b is hung (or its notifies are all lost and its polls fail): it never enforces
    for _ in range(3):
        c.now += POLL
        c.step("a")
        assert not c.nodes["a"].may_reclaim()
    c.now += LEASE
    c.step("a")
    assert c.flags("b") & TAKEN and c.nodes["a"].may_reclaim()


def test_records_of_another_grace_do_not_lift() -> None:
    """A node lifts a NEED only with the records of the current (R, C) loaded."""
    c = Cluster()
    settle(c, "a", "b")
    c.record("a", b"ca")
    c.kill("a")
    a = c.boot("a")
    c.step("a", "b", "a")
    assert a.records_ready()
    stale = dataclasses.replace(c.obj, epoch=c.obj.epoch + 5, recovery=c.obj.epoch + 4)
    a.process_shared(stale)
    assert c.flags("a") & NEED  # a's client has not reclaimed: nothing to lift, and the
    assert not a.records_ready() and a.plan() is None  # empty records must not count yet
    a.process_records(stale.recovery, stale.epoch, {}, set())
    assert a.records_ready() and a.reclaimers() == frozenset()


def test_a_restarted_node_clears_taken_and_renews_its_heartbeat() -> None:
    c = Cluster()
    settle(c, "a")
    m = c.obj.members["a"]
    assert m.alive_until == pytest.approx(c.now + LEASE)
    c.now += LEASE / 2 + 0.1
    c.step("a")
    assert c.obj.members["a"].alive_until == pytest.approx(c.now + LEASE)
    assert c.flags("a") & ENFORCING == 0


def test_a_node_taken_over_while_running_is_fenced() -> None:
    """A hang longer than the lease: the others take it over; when it wakes it finds itself
    TAKEN, writes nothing (no heartbeat that would look like a return) and says so."""
    c = Cluster()
    settle(c, "a", "b")
    c.advance(LEASE + POLL, "b")  # a hangs
    assert c.flags("a") & TAKEN
    a = c.nodes["a"]
    seq = c.obj.seq
    c.step("a")
    assert a.fenced() and c.obj.seq == seq
    assert not c.nodes["b"].fenced()
