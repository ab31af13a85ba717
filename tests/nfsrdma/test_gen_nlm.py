"""nfsrdma.gen.nlm_prot and nfsrdma.gen.sm_inter (NLM of RFC 1813 appendix II, and NSM).

Calls are built by hand in the layout of RFC 1813 appendix II (and XNFS for v1 and NSM),
decoded field by field and re-encoded to the same bytes; oversized strings and unknown
statuses raise XdrError.
"""

from __future__ import annotations

import struct

import pytest

from nfsrdma.gen import nlm_prot as nlm
from nfsrdma.gen import sm_inter as sm
from rpc.errors import XdrError


def u32(n: int) -> bytes:
    return struct.pack(">I", n)


def u64(n: int) -> bytes:
    return struct.pack(">Q", n)


def opaque(b: bytes) -> bytes:
    return u32(len(b)) + b + b"\0" * (-len(b) % 4)


FH = bytes(range(32))
OH = b"4242@client.example"


def nlm4_lock(caller: bytes = b"client.example", length: int = 0) -> bytes:
    """nlm4_lock: caller_name, fh, oh, svid, l_offset, l_len (uint64 in v4)."""
    return opaque(caller) + opaque(FH) + opaque(OH) + u32(4242) + u64(1 << 33) + u64(length)


def test_nlm4_lock_call() -> None:
    wire = (
        opaque(b"\x00\x00\x00\x01cookie")  # cookie netobj
        + u32(1)  # block
        + u32(1)  # exclusive
        + nlm4_lock(length=0)  # 0: to end of file
        + u32(0)  # reclaim
        + u32(3)  # state: the client NSM's state number
    )
    args = nlm.nlm4_lockargs_xdr.unpack(wire)
    assert args.cookie == b"\x00\x00\x00\x01cookie"
    assert args.block is True and args.exclusive is True and args.reclaim is False
    lock = args.alock
    assert (lock.caller_name, lock.fh, lock.oh, lock.svid) == (b"client.example", FH, OH, 4242)
    assert (lock.l_offset, lock.l_len) == (1 << 33, 0)
    assert args.state == 3
    assert nlm.nlm4_lockargs_xdr.pack(args) == wire
    name, argt, rest = nlm.NLM4_VERS_PROCEDURES[nlm.NLMPROC4_LOCK]
    assert (nlm.NLM_PROG, nlm.NLM4_VERS, nlm.NLMPROC4_LOCK) == (100021, 4, 2)
    assert (name, argt, rest) == ("NLMPROC4_LOCK", nlm.nlm4_lockargs_xdr, nlm.nlm4_res_xdr)


def test_nlm4_test_reply_with_holder() -> None:
    wire = opaque(b"c") + u32(1) + u32(0) + u32(99) + opaque(OH) + u64(0) + u64(100)
    res = nlm.nlm4_testres_xdr.unpack(wire)
    assert res.stat.tag is nlm.nlm4_stats.NLM4_DENIED
    holder = res.stat.holder
    assert (holder.exclusive, holder.svid, holder.oh, holder.l_len) == (False, 99, OH, 100)
    assert nlm.nlm4_testres_xdr.pack(res) == wire
    granted = opaque(b"c") + u32(0)
    assert nlm.nlm4_testres_xdr.unpack(granted).stat.value is None


def test_nlm_v1_lock_has_32_bit_ranges_and_v3_shares() -> None:
    wire = (
        opaque(b"k")
        + u32(0)
        + u32(1)
        + opaque(b"host")
        + opaque(FH)
        + opaque(OH)
        + u32(7)
        + u32(4096)  # l_offset: unsigned int in v1
        + u32(512)
        + u32(0)
        + u32(1)
    )
    args = nlm.nlm_lockargs_xdr.unpack(wire)
    assert (args.alock.l_offset, args.alock.l_len) == (4096, 512)
    assert nlm.nlm_lockargs_xdr.pack(args) == wire
    share = opaque(b"k") + opaque(b"host") + opaque(FH) + opaque(OH) + u32(3) + u32(1) + u32(0)
    sa = nlm.nlm_shareargs_xdr.unpack(share)
    assert sa.share.mode is nlm.fsh4_mode.fsm_DRW and sa.share.access is nlm.fsh4_access.fsa_R
    assert nlm.NLM_VERSX_PROCEDURES[20][1] is nlm.nlm_shareargs_xdr
    assert nlm.NLM_VERSX_PROCEDURES[2][1] is nlm.nlm_lockargs_xdr  # v3 = v1 + shares


@pytest.mark.parametrize(
    ("codec", "wire"),
    [
        pytest.param(
            nlm.nlm4_lockargs_xdr,
            opaque(b"c") + u32(1) + u32(1) + nlm4_lock(caller=b"h" * 1025) + u32(0) + u32(0),
            id="caller_name over LM_MAXSTRLEN",
        ),
        pytest.param(
            nlm.nlm4_lockargs_xdr,
            opaque(b"c" * 1025),
            id="cookie over MAXNETOBJ_SZ",
        ),
        pytest.param(nlm.nlm4_res_xdr, opaque(b"c") + u32(10), id="nlm4_stats value 10"),
        pytest.param(nlm.nlm_res_xdr, opaque(b"c") + u32(5), id="v1 nlm_stats value 5"),
        pytest.param(
            nlm.nlm4_lockargs_xdr,
            opaque(b"c") + u32(1) + u32(1) + nlm4_lock()[:-4],
            id="truncated l_len",
        ),
        pytest.param(
            sm.mon_xdr, opaque(b"h") + opaque(b"me") + u32(1) * 3 + b"\0" * 8, id="short priv"
        ),
    ],
)
def test_bad_input_raises_xdr_error(codec: object, wire: bytes) -> None:
    with pytest.raises(XdrError):
        codec.unpack(wire)  # type: ignore[attr-defined]


def test_sm_mon_and_notify() -> None:
    priv = bytes(range(16))
    wire = opaque(b"client.example") + opaque(b"server") + u32(100021) + u32(4) + u32(16) + priv
    mon = sm.mon_xdr.unpack(wire)
    assert mon.mon_id.mon_name == b"client.example"
    me = mon.mon_id.my_id
    assert (me.my_name, me.my_prog, me.my_vers, me.my_proc) == (b"server", 100021, 4, 16)
    assert mon.priv == priv
    assert sm.mon_xdr.pack(mon) == wire
    res = sm.sm_stat_res_xdr.unpack(u32(1) + u32(5))
    assert res.res_stat is sm.sm_res.STAT_FAIL and res.state == 5
    assert sm.SM_VERS_PROCEDURES[sm.SM_NOTIFY][1] is sm.stat_chge_xdr
    assert (sm.SM_PROG, sm.SM_VERS, sm.SM_NOTIFY) == (100024, 1, 6)
    notify = sm.stat_chge_xdr.unpack(opaque(b"client.example") + u32(7))
    assert (notify.mon_name, notify.state) == (b"client.example", 7)
    with pytest.raises(XdrError):
        sm.sm_name_xdr.unpack(opaque(b"n" * (sm.SM_MAXSTRLEN + 1)))
