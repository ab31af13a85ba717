"""4.1 sessions and 4.0 client ops against a real server over real TCP (RFC 8881 2.10,
18.35-18.37, 18.46, 18.50-18.51; RFC 7530 16.29, 16.33-16.34).

Adds beyond the unit tests of nfs4/state: the ops' XDR on the wire, the slot cache wrapping
the whole COMPOUND reply (a replay is byte-identical), the lease timer of the running
server expiring clients (--lease-time), client records written under --state-dir.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Iterator
from typing import Any

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import Cred, RawConn, encode
from tests.nfsrdma.nfs4._v4 import V4, getattr_, getfh, op, op_status, putrootfh

ATTRS = p.channel_attrs4(0, 1 << 20, 1 << 20, 8192, 16, 8, [])
BACK = p.channel_attrs4(0, 4096, 4096, 0, 2, 1, [])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    srv = make_server(tmp_path_factory.mktemp("v4sessions"), "--lease-time", "3")
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


@pytest.fixture
def conn(server: ServerProc) -> Iterator[RawConn]:
    with RawConn(server.nfs_port) as c:
        yield c


NO_OPS = p.state_protect_ops4([], [])
PROTECT = {
    p.SP4_NONE: None,
    p.SP4_MACH_CRED: NO_OPS,
    p.SP4_SSV: p.ssv_sp_parms4(NO_OPS, [b"\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01"],
                               [b"\x06\x09\x60\x86\x48\x01\x65\x03\x04\x01\x02"], 4, 1),
}


def exchange_id(owner: bytes, verf: bytes = b"verifier", flags: int = 0,
                how: int = p.SP4_NONE) -> p.nfs_argop4:
    return op(O.OP_EXCHANGE_ID, p.EXCHANGE_ID4args(
        p.client_owner4(verf, owner), flags, p.state_protect4_a(how, PROTECT[how]), []))


def create_session(clientid: int, seq: int, fore: p.channel_attrs4 = ATTRS) -> p.nfs_argop4:
    return op(O.OP_CREATE_SESSION, p.CREATE_SESSION4args(
        clientid, seq, p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN, fore, BACK, 0x40000000,
        [p.callback_sec_parms4(0, None)]))


def sequence(sid: bytes, seqid: int, slot: int = 0, cache: bool = False) -> p.nfs_argop4:
    return op(O.OP_SEQUENCE, p.SEQUENCE4args(sid, seqid, slot, slot, cache))


def first(res: p.COMPOUND4res) -> Any:
    return res.resarray[0].value


def session(v4: V4, owner: bytes) -> tuple[int, bytes]:
    eir = v4.ok([exchange_id(owner)])[0].value
    csr = v4.ok([create_session(eir.eir_clientid, eir.eir_sequenceid)])[0].value
    return eir.eir_clientid, csr.csr_sessionid


def test_mount_sequence_41(conn: RawConn) -> None:
    v4 = V4(conn, minor=1)
    eir = v4.ok([exchange_id(b"mount-41")])[0].value
    assert eir.eir_flags & p.EXCHGID4_FLAG_MASK_PNFS == p.EXCHGID4_FLAG_USE_NON_PNFS
    assert not eir.eir_flags & p.EXCHGID4_FLAG_CONFIRMED_R
    assert eir.eir_state_protect.tag == p.SP4_NONE
    clientid = eir.eir_clientid
    # not confirmed yet: a SEQUENCE-bearing op cannot name it
    res = v4.compound([op(O.OP_DESTROY_CLIENTID, p.DESTROY_CLIENTID4args(clientid ^ 1))])
    assert res.status == S.NFS4ERR_STALE_CLIENTID
    csr = v4.ok([create_session(clientid, eir.eir_sequenceid)])[0].value
    # TCP carries calls to the client: the back channel is granted, within what was asked
    assert csr.csr_flags & p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN
    back = csr.csr_back_chan_attrs
    assert back.ca_maxrequestsize <= BACK.ca_maxrequestsize and back.ca_maxrequests == 1
    assert back.ca_maxresponsesize_cached == 0 and back.ca_maxoperations == 2
    fore = csr.csr_fore_chan_attrs
    assert 8 <= fore.ca_maxoperations <= ATTRS.ca_maxoperations
    assert fore.ca_maxrequests <= 8 and fore.ca_maxresponsesize <= ATTRS.ca_maxresponsesize
    sid = csr.csr_sessionid
    seq, _, ga = v4.ok([sequence(sid, 1), putrootfh(), getattr_([p.FATTR4_LEASE_TIME])])
    assert ga.resok4.obj_attributes.attr_vals == struct.pack(">I", 3)  # --lease-time 3
    sr = seq.value
    assert (sr.sr_sessionid, sr.sr_sequenceid, sr.sr_slotid) == (sid, 1, 0)
    assert sr.sr_highest_slotid == sr.sr_target_highest_slotid == fore.ca_maxrequests - 1
    assert sr.sr_status_flags == 0  # the back channel answers its probe: no CB_PATH_DOWN
    again = v4.ok([exchange_id(b"mount-41")])[0].value
    assert again.eir_clientid == clientid and again.eir_flags & p.EXCHGID4_FLAG_CONFIRMED_R
    rc = op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))
    v4.ok([sequence(sid, 2), rc])
    res = v4.compound([sequence(sid, 3), rc])
    assert (res.status, len(res.resarray)) == (S.NFS4ERR_COMPLETE_ALREADY, 2)
    res = v4.compound([op(O.OP_DESTROY_CLIENTID, p.DESTROY_CLIENTID4args(clientid))])
    assert res.status == S.NFS4ERR_CLIENTID_BUSY  # it still has a session
    bind = op(O.OP_BIND_CONN_TO_SESSION,
              p.BIND_CONN_TO_SESSION4args(sid, p.CDFC4_FORE_OR_BOTH, False))
    assert v4.ok([bind])[0].value.bctsr_dir == p.CDFS4_BOTH
    v4.ok([op(O.OP_DESTROY_SESSION, p.DESTROY_SESSION4args(sid))])
    assert v4.compound([sequence(sid, 4)]).status == S.NFS4ERR_BADSESSION
    v4.ok([op(O.OP_DESTROY_CLIENTID, p.DESTROY_CLIENTID4args(clientid))])
    res = v4.compound([create_session(clientid, 2)])
    assert res.status == S.NFS4ERR_STALE_CLIENTID


def test_create_session_replay_and_misordered(conn: RawConn) -> None:
    v4 = V4(conn, minor=1)
    eir = v4.ok([exchange_id(b"cs-replay")])[0].value
    cs = create_session(eir.eir_clientid, eir.eir_sequenceid)
    a = v4.ok([cs])[0].value
    b = v4.ok([cs])[0].value
    assert a.csr_sessionid == b.csr_sessionid  # the cached reply, not a second session
    res = v4.compound([create_session(eir.eir_clientid, eir.eir_sequenceid + 5)])
    assert res.status == S.NFS4ERR_SEQ_MISORDERED
    for small in (p.channel_attrs4(0, 1 << 20, 1 << 20, 8192, 1, 8, []),  # SEQUENCE alone
                  p.channel_attrs4(0, 20, 1 << 20, 8192, 16, 8, [])):  # not even SEQUENCE
        res = v4.compound([create_session(eir.eir_clientid, eir.eir_sequenceid + 1, small)])
        assert res.status == S.NFS4ERR_TOOSMALL
    bad_flags = create_session(eir.eir_clientid, eir.eir_sequenceid + 1)
    bad_flags.value.csa_flags = 0xF
    assert v4.compound([bad_flags]).status == S.NFS4ERR_INVAL


def test_reply_too_big_to_cache(conn: RawConn) -> None:
    """SEQUENCE asking to cache a reply that cannot fit the slot's cache is refused, and the
    slot does not move (RFC 8881 18.46.3; pynfs CSESS27)."""
    v4 = V4(conn, minor=1)
    eir = v4.ok([exchange_id(b"too-big-to-cache")])[0].value
    tiny = p.channel_attrs4(0, 8192, 8192, 10, 16, 8, [])
    sid = v4.ok([create_session(eir.eir_clientid, eir.eir_sequenceid, tiny)])[0].value \
        .csr_sessionid
    res = v4.compound([sequence(sid, 1, cache=True)])
    assert res.status == S.NFS4ERR_REP_TOO_BIG_TO_CACHE
    v4.ok([sequence(sid, 1)])  # seqid 1 is still the next one


def test_replay_is_byte_identical(conn: RawConn) -> None:
    v4 = V4(conn, minor=1)
    _, sid = session(v4, b"replay")
    body = encode(p.COMPOUND4args_xdr, p.COMPOUND4args(
        b"r", 1, [sequence(sid, 1, cache=True), putrootfh(), getfh()]))
    a = v4.raw_compound(body)
    b = v4.raw_compound(body)
    assert a.xid != b.xid and V4.decode(a).status == S.NFS4_OK
    assert a.body == b.body


def test_retry_uncached_misordered_badslot_false_retry(conn: RawConn) -> None:
    v4 = V4(conn, minor=1)
    _, sid = session(v4, b"slot-errors")
    ops = [sequence(sid, 1, slot=1), putrootfh(), getfh()]
    v4.ok(ops)
    res = v4.compound(ops)  # same seqid, not cached (sa_cachethis false)
    assert (res.status, len(res.resarray)) == (S.NFS4ERR_RETRY_UNCACHED_REP, 1)
    res = v4.compound([sequence(sid, 1, slot=1), putrootfh()])  # other arguments
    assert res.status == S.NFS4ERR_SEQ_FALSE_RETRY
    assert v4.compound([sequence(sid, 3, slot=1)]).status == S.NFS4ERR_SEQ_MISORDERED
    assert v4.compound([sequence(sid, 0, slot=2)]).status == S.NFS4ERR_SEQ_MISORDERED
    assert v4.compound([sequence(sid, 1, slot=8)]).status == S.NFS4ERR_BADSLOT
    v4.ok([sequence(sid, 2, slot=1)])  # the slot goes on
    res = v4.compound([sequence(b"\0" * 16, 1)])
    assert res.status == S.NFS4ERR_BADSESSION
    res = v4.compound([sequence(sid, 3, slot=1), putrootfh(), sequence(sid, 4, slot=1)])
    assert [op_status(r.value) for r in res.resarray] == [0, 0, S.NFS4ERR_SEQUENCE_POS]


def test_reply_over_the_cached_size_is_too_big_to_cache(conn: RawConn) -> None:
    v4 = V4(conn, minor=1)
    eir = v4.ok([exchange_id(b"small-cache")])[0].value
    fore = p.channel_attrs4(0, 1 << 20, 1 << 20, 600, 16, 2, [])
    sid = v4.ok([create_session(eir.eir_clientid, eir.eir_sequenceid, fore)])[0].value \
        .csr_sessionid
    many = [putrootfh()] + [getfh()] * 6
    assert v4.compound([sequence(sid, 1, cache=False), *many]).status == S.NFS4_OK
    res = v4.compound([sequence(sid, 2, cache=True), *many])
    assert res.status == S.NFS4ERR_REP_TOO_BIG_TO_CACHE
    assert op_status(res.resarray[0].value) == S.NFS4_OK and len(res.resarray) < 8


def test_exchange_id_refuses_what_it_cannot_do(conn: RawConn) -> None:
    v4 = V4(conn, minor=1)
    res = v4.compound([exchange_id(b"ssv", how=p.SP4_SSV)])
    assert res.status == S.NFS4ERR_ENCR_ALG_UNSUPP  # no SSV algorithms here
    res = v4.compound([exchange_id(b"mach", how=p.SP4_MACH_CRED)])
    assert res.status == S.NFS4ERR_INVAL  # needs RPCSEC_GSS integrity (knfsd alike)
    res = v4.compound([exchange_id(b"flags", flags=p.EXCHGID4_FLAG_CONFIRMED_R)])
    assert res.status == S.NFS4ERR_INVAL
    res = v4.compound([exchange_id(b"upd", flags=p.EXCHGID4_FLAG_UPD_CONFIRMED_REC_A)])
    assert res.status == S.NFS4ERR_NOENT


def setclientid(owner: bytes, verf: bytes = b"verifier") -> p.nfs_argop4:
    return op(O.OP_SETCLIENTID, p.SETCLIENTID4args(
        p.nfs_client_id4(verf, owner), p.cb_client4(0x40000000, p.netaddr4(b"tcp", b"")), 1))


def test_setclientid_confirm_renew_40(conn: RawConn) -> None:
    v4 = V4(conn, minor=0)
    ok = v4.ok([setclientid(b"client-40")])[0].resok4
    renew = op(O.OP_RENEW, p.RENEW4args(ok.clientid))
    assert v4.compound([renew]).status == S.NFS4ERR_STALE_CLIENTID  # not confirmed yet
    bad = op(O.OP_SETCLIENTID_CONFIRM, p.SETCLIENTID_CONFIRM4args(ok.clientid, b"x" * 8))
    assert v4.compound([bad]).status == S.NFS4ERR_STALE_CLIENTID
    confirm = op(O.OP_SETCLIENTID_CONFIRM,
                 p.SETCLIENTID_CONFIRM4args(ok.clientid, ok.setclientid_confirm))
    v4.ok([confirm])
    v4.ok([confirm])  # a retransmission
    v4.ok([renew])
    # another principal may take over an owner that holds no state, its lease running or
    # not (knfsd's client_has_state; pynfs CID2): the old record goes
    other = V4(conn, minor=0, cred=Cred(uid=1000, gid=1000))
    res = other.compound([setclientid(b"client-40")])
    assert res.status == S.NFS4_OK and res.resarray[0].value.resok4.clientid != ok.clientid
    assert v4.compound([renew]).status == S.NFS4ERR_EXPIRED
    v41 = V4(conn, minor=1)
    _, sid = session(v41, b"renew-in-41")
    res = v41.compound([sequence(sid, 1), renew])
    assert res.status == S.NFS4ERR_NOTSUPP  # 4.0 only (RFC 8881 section 18 leaves it out)


def test_lease_expiry_frees_clients_and_sessions(conn: RawConn) -> None:
    v40 = V4(conn, minor=0)
    ok = v40.ok([setclientid(b"expiring-40")])[0].resok4
    v40.ok([op(O.OP_SETCLIENTID_CONFIRM,
               p.SETCLIENTID_CONFIRM4args(ok.clientid, ok.setclientid_confirm))])
    renew = op(O.OP_RENEW, p.RENEW4args(ok.clientid))
    v41 = V4(conn, minor=1)
    _, sid = session(v41, b"expiring-41")
    live_clientid, live = session(v41, b"renewed-41")
    for seqid in range(1, 4):  # 3 s of renewals by SEQUENCE within a 3 s lease
        time.sleep(1.5)
        v41.ok([sequence(live, seqid)])
        v40.ok([renew]) if seqid == 1 else None
    time.sleep(2)  # the lease (3 s) plus the timer's slack
    assert v40.compound([renew]).status == S.NFS4ERR_EXPIRED  # this boot's, its record gone
    assert v41.compound([sequence(sid, 1)]).status == S.NFS4ERR_BADSESSION
    v41.ok([sequence(live, 4)])
    v41.ok([op(O.OP_DESTROY_SESSION, p.DESTROY_SESSION4args(live))])
    v41.ok([op(O.OP_DESTROY_CLIENTID, p.DESTROY_CLIENTID4args(live_clientid))])


def test_reclaim_complete_records_the_client_in_the_state_dir(server: ServerProc,
                                                            conn: RawConn) -> None:
    v4 = V4(conn, minor=1)
    clientid, sid = session(v4, b"recorded-client")
    v4.ok([sequence(sid, 1), op(O.OP_RECLAIM_COMPLETE, p.RECLAIM_COMPLETE4args(False))])
    records = server.state / "nfs4-clients"
    assert b"recorded-client".hex() in records.read_text().split()
    v4.ok([op(O.OP_DESTROY_SESSION, p.DESTROY_SESSION4args(sid))])
    v4.ok([op(O.OP_DESTROY_CLIENTID, p.DESTROY_CLIENTID4args(clientid))])
    assert b"recorded-client".hex() not in records.read_text().split()
