"""Grace period and client records across a restart (RFC 8881 8.4.2, RFC 7530 9.6.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.clients import ClientTable
from nfsrdma.nfs4.state.grace import FileStore, Grace, MemoryStore

ME = ("sys", 0, 0)


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def boot(store: MemoryStore | FileStore, clock: Clock, grace_time: float = 90
         ) -> tuple[ClientTable, Grace]:
    clients = ClientTable(clock, 90, epoch=int(clock.now) + 1)
    grace = Grace(store, clock, grace_time)
    clients.on_expire.append(grace.forget)
    return clients, grace


def client(clients: ClientTable, owner: bytes, minor: int = 1):  # type: ignore[no-untyped-def]
    if minor:
        clp = clients.exchange_id(owner, b"v" * 8, 0, ME)
        clients.confirm_record(clp)
        return clp
    clp = clients.setclientid(owner, b"v" * 8, ME)
    return clients.setclientid_confirm(clp.clientid, clp.confirm, ME)


def status(fn, *a) -> S:  # type: ignore[no-untyped-def]
    with pytest.raises(Nfs4Error) as e:
        fn(*a)
    return e.value.status


def test_no_records_no_grace() -> None:
    clients, grace = boot(MemoryStore(), Clock())
    assert not grace.in_grace()
    grace.check_new()
    # ... but a 4.1 client must send RECLAIM_COMPLETE first (RFC 8881 18.51.3); 4.0 need not
    a41 = client(clients, b"fresh41")
    assert status(grace.check_new, a41) == S.NFS4ERR_GRACE
    grace.check_new(client(clients, b"fresh40", minor=0))
    grace.reclaim_done(a41)
    grace.check_new(a41)
    assert status(grace.check_reclaim, client(clients, b"a")) == S.NFS4ERR_NO_GRACE


def test_recorded_clients_reclaim_during_grace_and_end_it_early() -> None:
    store, clock = MemoryStore(), Clock()
    clients, grace = boot(store, clock)
    a41, b40 = client(clients, b"a41"), client(clients, b"b40", minor=0)
    client(clients, b"never-reclaims")
    grace.reclaim_done(a41)  # RECLAIM_COMPLETE
    grace.reclaim_done(b40)  # 4.0: its first non-reclaim OPEN
    assert store.owners == {b"a41", b"b40"}
    clock.now = 1000  # restart
    clients, grace = boot(store, clock)
    assert grace.in_grace()
    assert status(grace.check_new) == S.NFS4ERR_GRACE
    stranger, a41 = client(clients, b"stranger"), client(clients, b"a41")
    assert status(grace.check_reclaim, stranger) == S.NFS4ERR_RECLAIM_BAD
    grace.check_reclaim(a41)
    grace.reclaim_done(a41)
    assert status(grace.check_reclaim, a41) == S.NFS4ERR_RECLAIM_BAD  # after its COMPLETE
    assert grace.in_grace()  # b40 has not finished
    b40 = client(clients, b"b40", minor=0)
    grace.reclaim_done(b40)
    assert not grace.in_grace()  # every recorded client is done: grace ends early
    assert status(grace.check_reclaim, b40) == S.NFS4ERR_NO_GRACE
    grace.check_new()


def test_grace_times_out_and_an_expired_client_stops_holding_it() -> None:
    store, clock = MemoryStore({b"a", b"b"}), Clock()
    clients, grace = boot(store, clock, grace_time=10)
    a = client(clients, b"a")
    clients.expire(a)  # e.g. DESTROY_CLIENTID without reclaiming
    assert store.owners == {b"b"} and grace.in_grace()
    unconf = clients.exchange_id(b"b", b"w" * 8, 0, ME)
    clients.expire(unconf)  # an unconfirmed record changes nothing
    assert store.owners == {b"b"} and grace.in_grace()
    clock.now = 10
    assert not grace.in_grace()


def test_file_store_round_trip(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "nfs4-clients")
    assert store.load() == set()
    store.save({b"\x00owner\n", b"b"})
    assert FileStore(tmp_path / "nfs4-clients").load() == {b"\x00owner\n", b"b"}
    assert not (tmp_path / "nfs4-clients.tmp").exists()
