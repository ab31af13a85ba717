"""Client records: the EXCHANGE_ID case table (RFC 8881 18.35.4), SETCLIENTID / CONFIRM
(RFC 7530 16.33-16.34), principal checks, expiry callbacks, lease expiry (leases.py)."""

from __future__ import annotations

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.clients import Client, ClientTable
from nfsrdma.nfs4.state.leases import MIN_SWEEP, Leases

UPD = p.EXCHGID4_FLAG_UPD_CONFIRMED_REC_A
ALICE, BOB = ("sys", 0, 0), ("sys", 1000, 1000)
V1, V2 = b"verf0001", b"verf0002"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def table(clock: FakeClock) -> tuple[ClientTable, list[Client]]:
    n = iter(range(1, 1000))
    t = ClientTable(clock, 90.0, epoch=0x5EED,
                    verifier_source=lambda k: next(n).to_bytes(k, "big"))
    gone: list[Client] = []
    t.on_expire.append(gone.append)
    return t, gone


def status(exc: pytest.ExceptionInfo[Nfs4Error]) -> S:
    return exc.value.status


def test_clientid_carries_the_boot_epoch_and_differs_per_client(table):
    t, _ = table
    a = t.exchange_id(b"a", V1, 0, ALICE)
    b = t.exchange_id(b"b", V1, 0, ALICE)
    assert a.clientid >> 32 == b.clientid >> 32 == 0x5EED
    assert a.clientid != b.clientid
    same_second = ClientTable(lambda: 0.0, 90.0, epoch=0x5EED)
    assert same_second.exchange_id(b"a", V1, 0, ALICE).clientid != a.clientid
    other_boot = ClientTable(lambda: 0.0, 90.0, epoch=0x5EEE)
    with pytest.raises(Nfs4Error) as e:
        other_boot.get(a.clientid)
    assert status(e) == S.NFS4ERR_STALE_CLIENTID


def test_case1_new_owner_is_unconfirmed_and_not_usable(table):
    t, _ = table
    clp = t.exchange_id(b"a", V1, 0, ALICE)
    assert not clp.confirmed and clp.minor == 1 and clp.cs_seqid == 0
    with pytest.raises(Nfs4Error) as e:
        t.get(clp.clientid)
    assert status(e) == S.NFS4ERR_STALE_CLIENTID
    t.confirm_record(clp)
    assert t.get(clp.clientid) is clp


def test_case2_same_verifier_and_principal_returns_the_confirmed_record(table):
    t, gone = table
    clp = t.exchange_id(b"a", V1, 0, ALICE)
    t.confirm_record(clp)
    assert t.exchange_id(b"a", V1, 0, ALICE) is clp
    assert gone == []


def test_case3_other_principal_in_use_is_clid_inuse_else_replaced(table, clock):
    t, gone = table
    clp = t.exchange_id(b"a", V1, 0, ALICE)
    t.confirm_record(clp)
    clp.sessions.add(b"s" * 16)
    with pytest.raises(Nfs4Error) as e:
        t.exchange_id(b"a", V1, 0, BOB)
    assert status(e) == S.NFS4ERR_CLID_INUSE
    clp.sessions.clear()
    clp.state = 1
    with pytest.raises(Nfs4Error) as e:
        t.exchange_id(b"a", V1, 0, BOB)
    assert status(e) == S.NFS4ERR_CLID_INUSE
    # It holds nothing: treated as a new owner, its lease running or not (pynfs EID5e/g).
    clp.state = 0
    new = t.exchange_id(b"a", V1, 0, BOB)
    assert new.clientid != clp.clientid and not new.confirmed
    assert gone == [clp]


def test_case4_client_reboot_keeps_old_record_until_the_new_one_is_confirmed(table):
    t, gone = table
    old = t.exchange_id(b"a", V1, 0, ALICE)
    t.confirm_record(old)
    new = t.exchange_id(b"a", V2, 0, ALICE)
    assert new.clientid != old.clientid and not new.confirmed
    assert t.get(old.clientid) is old and gone == []
    t.confirm_record(new)
    assert gone == [old]
    with pytest.raises(Nfs4Error):
        t.get(old.clientid)


def test_case5_unconfirmed_record_is_replaced(table):
    t, gone = table
    first = t.exchange_id(b"a", V1, 0, ALICE)
    second = t.exchange_id(b"a", V2, 0, ALICE)
    assert second.clientid != first.clientid
    assert gone == [first] and t.find(first.clientid) is None


def test_update_cases_6_to_9(table):
    t, _ = table
    with pytest.raises(Nfs4Error) as e:
        t.exchange_id(b"a", V1, UPD, ALICE)
    assert status(e) == S.NFS4ERR_NOENT  # 9
    clp = t.exchange_id(b"a", V1, 0, ALICE)
    with pytest.raises(Nfs4Error) as e:
        t.exchange_id(b"a", V1, UPD, ALICE)
    assert status(e) == S.NFS4ERR_NOENT  # 9: only unconfirmed
    t.confirm_record(clp)
    assert t.exchange_id(b"a", V1, UPD, ALICE) is clp  # 6
    with pytest.raises(Nfs4Error) as e:
        t.exchange_id(b"a", V2, UPD, ALICE)
    assert status(e) == S.NFS4ERR_NOT_SAME  # 7
    with pytest.raises(Nfs4Error) as e:
        t.exchange_id(b"a", V1, UPD, BOB)
    assert status(e) == S.NFS4ERR_PERM  # 8


def test_setclientid_confirm_new_client(table):
    t, _ = table
    clp = t.setclientid(b"a", V1, ALICE, callback="cb1")
    assert clp.minor == 0 and not clp.confirmed and len(clp.confirm) == 8
    with pytest.raises(Nfs4Error) as e:
        t.setclientid_confirm(clp.clientid, b"wrong!!!", ALICE)
    assert status(e) == S.NFS4ERR_STALE_CLIENTID
    with pytest.raises(Nfs4Error) as e:
        t.setclientid_confirm(clp.clientid, clp.confirm, BOB)
    assert status(e) == S.NFS4ERR_CLID_INUSE
    assert t.setclientid_confirm(clp.clientid, clp.confirm, ALICE) is clp
    assert clp.confirmed
    # a retransmitted confirm is answered OK
    assert t.setclientid_confirm(clp.clientid, clp.confirm, ALICE) is clp


def test_setclientid_callback_update_keeps_the_clientid_and_the_state(table):
    t, gone = table
    clp = t.setclientid(b"a", V1, ALICE, callback="cb1")
    t.setclientid_confirm(clp.clientid, clp.confirm, ALICE)
    upd = t.setclientid(b"a", V1, ALICE, callback="cb2")
    assert upd.clientid == clp.clientid and upd is not clp and upd.confirm != clp.confirm
    assert t.setclientid_confirm(clp.clientid, upd.confirm, ALICE) is clp
    assert clp.callback == "cb2" and gone == []


def test_setclientid_reboot_gets_a_new_clientid_and_frees_the_old(table):
    t, gone = table
    old = t.setclientid(b"a", V1, ALICE)
    t.setclientid_confirm(old.clientid, old.confirm, ALICE)
    new = t.setclientid(b"a", V2, ALICE)
    assert new.clientid != old.clientid
    t.setclientid_confirm(new.clientid, new.confirm, ALICE)
    assert gone == [old]


def test_setclientid_other_principal_in_use(table):
    t, gone = table
    clp = t.setclientid(b"a", V1, ALICE)
    t.setclientid_confirm(clp.clientid, clp.confirm, ALICE)
    clp.state = 1
    with pytest.raises(Nfs4Error) as e:
        t.setclientid(b"a", V1, BOB)
    assert status(e) == S.NFS4ERR_CLID_INUSE
    clp.state = 0  # no state: another principal may take the name over (pynfs CID2)
    new = t.setclientid(b"a", V1, BOB)
    assert new.clientid != clp.clientid and gone == [clp]


def test_destroy_clientid(table):
    t, gone = table
    clp = t.exchange_id(b"a", V1, 0, ALICE)
    t.confirm_record(clp)
    with pytest.raises(Nfs4Error) as e:
        t.destroy(clp.clientid, BOB)
    assert status(e) == S.NFS4ERR_WRONG_CRED
    clp.sessions.add(b"s" * 16)
    with pytest.raises(Nfs4Error) as e:
        t.destroy(clp.clientid, ALICE)
    assert status(e) == S.NFS4ERR_CLIENTID_BUSY
    clp.sessions.clear()
    t.destroy(clp.clientid, ALICE)
    assert gone == [clp]
    with pytest.raises(Nfs4Error) as e:
        t.destroy(clp.clientid, ALICE)
    assert status(e) == S.NFS4ERR_STALE_CLIENTID


def test_lease_expiry_frees_the_client_once(table, clock):
    t, gone = table
    leases = Leases(t)
    a = t.exchange_id(b"a", V1, 0, ALICE)
    t.confirm_record(a)
    b = t.setclientid(b"b", V1, ALICE)  # never confirmed
    clock.now += 60
    assert leases.sweep() == pytest.approx(30)
    leases.renew(a)
    clock.now += 31
    assert leases.sweep() == pytest.approx(59)
    assert gone == [b] and t.get(a.clientid) is a
    clock.now += 59
    assert leases.sweep() == 90
    assert gone == [b, a]
    with pytest.raises(Nfs4Error) as e:
        leases.renew_clientid(a.clientid)
    assert status(e) == S.NFS4ERR_EXPIRED  # its record is gone (pynfs RENEW3)
    assert leases.sweep() == 90 and gone == [b, a]


def test_renew_clientid_and_sweep_floor(table, clock):
    t, _ = table
    leases = Leases(t)
    clp = t.setclientid(b"a", V1, ALICE)
    with pytest.raises(Nfs4Error):
        leases.renew_clientid(clp.clientid)  # unconfirmed
    t.setclientid_confirm(clp.clientid, clp.confirm, ALICE)
    clock.now += 89.9
    assert leases.renew_clientid(clp.clientid) is clp
    assert leases.remaining(clp) == 90
    clock.now += 89.99
    assert leases.sweep() == MIN_SWEEP
