"""nfsrdma.gen.nfs4_prot (RFC 7863 + RFC 8276, generated from xdr/nfs4_prot.x).

Each call or reply is built by hand, word by word, in the layout the RFC's XDR gives, then
decoded and checked field by field and re-encoded to the same bytes: a wrong field order,
type, bound or arm number in the .x text shows up as a failed decode or different bytes.
Bad input (unknown op numbers, oversized counts, short data) must raise XdrError.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from nfsrdma.gen import nfs4_prot as nfs4
from rpc.errors import XdrError

ROOT = Path(__file__).resolve().parents[2]


def u32(n: int) -> bytes:
    return struct.pack(">I", n)


def u64(n: int) -> bytes:
    return struct.pack(">Q", n)


def opaque(b: bytes) -> bytes:
    """Variable-length opaque/string: length word, bytes, zero pad to 4 (RFC 4506 4.10)."""
    return u32(len(b)) + b + b"\0" * (-len(b) % 4)


SESSION = bytes(range(16))
FH = b"\x01\x00\x00\x07" + b"fh-bytes-of-len-25" + b"\xaa\xbb\xcc"  # 25 bytes: padded on the wire
OTHER = b"stateid-othr"  # stateid4.other is opaque[12]


def stateid(seqid: int, other: bytes = OTHER) -> bytes:
    return u32(seqid) + other


def test_sequence_putfh_read_call() -> None:
    wire = (
        opaque(b"tag")
        + u32(1)  # minorversion
        + u32(3)  # argarray<>: three ops
        + u32(53)  # OP_SEQUENCE
        + SESSION
        + u32(7)  # sa_sequenceid
        + u32(2)  # sa_slotid
        + u32(15)  # sa_highest_slotid
        + u32(0)  # sa_cachethis FALSE
        + u32(22)  # OP_PUTFH
        + opaque(FH)
        + u32(25)  # OP_READ
        + stateid(1)
        + u64(1 << 40)  # offset
        + u32(1048576)  # count
    )
    args = nfs4.COMPOUND4args_xdr.unpack(wire)
    assert args.tag == b"tag" and args.minorversion == 1
    ops = args.argarray
    assert [op.tag for op in ops] == [
        nfs4.nfs_opnum4.OP_SEQUENCE,
        nfs4.nfs_opnum4.OP_PUTFH,
        nfs4.nfs_opnum4.OP_READ,
    ]
    seq = ops[0].opsequence
    assert (seq.sa_sessionid, seq.sa_sequenceid, seq.sa_slotid) == (SESSION, 7, 2)
    assert seq.sa_highest_slotid == 15 and seq.sa_cachethis is False
    assert ops[1].opputfh.object == FH
    read = ops[2].opread
    assert (read.stateid.seqid, read.stateid.other) == (1, OTHER)
    assert (read.offset, read.count) == (1 << 40, 1048576)
    with pytest.raises(AttributeError):
        _ = ops[2].opwrite  # the arm properties check the tag
    assert nfs4.COMPOUND4args_xdr.pack(args) == wire


def test_sequence_putfh_read_reply() -> None:
    data = b"hello, nfsv4.1"  # 14 bytes: 2 bytes of pad
    wire = (
        u32(0)  # NFS4_OK
        + opaque(b"tag")
        + u32(3)
        + u32(53)
        + u32(0)  # sr_status
        + SESSION
        + u32(7)
        + u32(2)
        + u32(63)  # sr_highest_slotid
        + u32(63)  # sr_target_highest_slotid
        + u32(nfs4.SEQ4_STATUS_RECALLABLE_STATE_REVOKED)
        + u32(22)
        + u32(0)  # PUTFH4res
        + u32(25)
        + u32(0)  # READ4res NFS4_OK
        + u32(1)  # eof TRUE
        + opaque(data)
    )
    res = nfs4.COMPOUND4res_xdr.unpack(wire)
    assert res.status is nfs4.nfsstat4.NFS4_OK
    seq = res.resarray[0].opsequence.sr_resok4
    assert (seq.sr_sessionid, seq.sr_sequenceid, seq.sr_status_flags) == (SESSION, 7, 0x40)
    assert res.resarray[1].opputfh.status == nfs4.nfsstat4.NFS4_OK
    read = res.resarray[2].opread.resok4
    # READ data is a payload (the nfs4 target's override): zero-copy, not bytes
    assert read.eof is True and b"".join(bytes(v) for v in read.data.views()) == data
    assert nfs4.COMPOUND4res_xdr.pack(res) == wire

    # An error result carries no body: the default (void) arm.
    short = u32(10025) + opaque(b"") + u32(1) + u32(25) + u32(10025)
    err = nfs4.COMPOUND4res_xdr.unpack(short)
    assert err.status is nfs4.nfsstat4.NFS4ERR_BAD_STATEID
    assert err.resarray[0].opread.tag is nfs4.nfsstat4.NFS4ERR_BAD_STATEID
    assert err.resarray[0].opread.value is None
    assert nfs4.COMPOUND4res_xdr.pack(err) == short


def test_exchange_id_call_and_reply() -> None:
    owner = b"Linux NFSv4.2 client.example"
    call = (
        u32(42)  # OP_EXCHANGE_ID
        + b"verifier"  # co_verifier: opaque[8]
        + opaque(owner)
        + u32(nfs4.EXCHGID4_FLAG_SUPP_MOVED_REFER | nfs4.EXCHGID4_FLAG_BIND_PRINC_STATEID)
        + u32(0)  # SP4_NONE: void arm
        + u32(1)  # eia_client_impl_id<1>: one entry
        + opaque(b"kernel.org")
        + opaque(b"Linux 6.1")
        + u64(1700000000)
        + u32(5)  # nfstime4: hyper seconds + nseconds
    )
    op = nfs4.nfs_argop4_xdr.unpack(call)
    eid = op.opexchange_id
    assert eid.eia_clientowner.co_verifier == b"verifier"
    assert eid.eia_clientowner.co_ownerid == owner
    assert eid.eia_flags == 0x101
    assert eid.eia_state_protect.tag is nfs4.state_protect_how4.SP4_NONE
    (impl,) = eid.eia_client_impl_id
    assert (impl.nii_domain, impl.nii_name) == (b"kernel.org", b"Linux 6.1")
    assert (impl.nii_date.seconds, impl.nii_date.nseconds) == (1700000000, 5)
    assert nfs4.nfs_argop4_xdr.pack(op) == call

    reply = (
        u32(42)
        + u32(0)  # eir_status
        + u64(0x1122334455667788)  # eir_clientid
        + u32(1)  # eir_sequenceid
        + u32(nfs4.EXCHGID4_FLAG_USE_NON_PNFS | nfs4.EXCHGID4_FLAG_CONFIRMED_R)
        + u32(1)  # SP4_MACH_CRED
        + u32(1)
        + u32(0x4000)  # spo_must_enforce bitmap4
        + u32(0)  # spo_must_allow: empty bitmap4
        + u64(9)  # so_minor_id
        + opaque(b"nfsrdma")  # so_major_id
        + opaque(b"scope")
        + u32(0)  # no server impl id
    )
    rop = nfs4.nfs_resop4_xdr.unpack(reply)
    ok = rop.opexchange_id.eir_resok4
    assert ok.eir_clientid == 0x1122334455667788 and ok.eir_flags == 0x80010000
    sp = ok.eir_state_protect
    assert sp.tag is nfs4.state_protect_how4.SP4_MACH_CRED
    assert sp.spr_mach_ops.spo_must_enforce == [0x4000]
    assert sp.spr_mach_ops.spo_must_allow == []
    assert (ok.eir_server_owner.so_minor_id, ok.eir_server_owner.so_major_id) == (9, b"nfsrdma")
    assert ok.eir_server_scope == b"scope" and ok.eir_server_impl_id == []
    assert nfs4.nfs_resop4_xdr.pack(rop) == reply


def channel_attrs(maxops: int, ird: list[int]) -> bytes:
    return (
        u32(0)  # ca_headerpadsize
        + u32(1049620)  # ca_maxrequestsize
        + u32(1049480)  # ca_maxresponsesize
        + u32(7584)  # ca_maxresponsesize_cached
        + u32(maxops)
        + u32(64)  # ca_maxrequests
        + u32(len(ird))
        + b"".join(u32(i) for i in ird)
    )


def test_create_session_call() -> None:
    call = (
        u32(43)  # OP_CREATE_SESSION
        + u64(0x1122334455667788)
        + u32(1)  # csa_sequence
        + u32(nfs4.CREATE_SESSION4_FLAG_CONN_BACK_CHAN | nfs4.CREATE_SESSION4_FLAG_CONN_RDMA)
        + channel_attrs(8, [16])
        + channel_attrs(2, [])
        + u32(0x40000000)  # csa_cb_program
        + u32(2)  # csa_sec_parms<>: two flavours
        + u32(1)  # AUTH_SYS
        + u32(12345)  # stamp
        + opaque(b"client")
        + u32(1000)
        + u32(1000)
        + u32(2)
        + u32(4)
        + u32(27)  # gids<16>
        + u32(0)  # AUTH_NONE: void
    )
    op = nfs4.nfs_argop4_xdr.unpack(call)
    cs = op.opcreate_session
    assert cs.csa_flags == 6
    assert cs.csa_fore_chan_attrs.ca_maxoperations == 8
    assert cs.csa_fore_chan_attrs.ca_rdma_ird == [16]
    assert cs.csa_back_chan_attrs.ca_rdma_ird == []
    sys_parms, none_parms = cs.csa_sec_parms
    assert sys_parms.tag == nfs4.AUTH_SYS
    cred = sys_parms.cbsp_sys_cred
    assert (cred.machinename, cred.uid, cred.gid, cred.gids) == (b"client", 1000, 1000, [4, 27])
    assert none_parms.tag == nfs4.AUTH_NONE and none_parms.value is None
    assert nfs4.nfs_argop4_xdr.pack(op) == call


def test_getattr_bitmap_and_fattr4() -> None:
    # What the Linux client asks for on a GETATTR: type, change, size, fsid, fileid, mode,
    # numlinks, owner, owner_group, rawdev, space_used, times, mounted_on_fileid.
    word0 = (
        (1 << nfs4.FATTR4_TYPE)
        | (1 << nfs4.FATTR4_CHANGE)
        | (1 << nfs4.FATTR4_SIZE)
        | (1 << nfs4.FATTR4_FSID)
        | (1 << nfs4.FATTR4_FILEID)
    )
    word1 = (1 << (nfs4.FATTR4_MODE - 32)) | (1 << (nfs4.FATTR4_MOUNTED_ON_FILEID - 32))
    word2 = 1 << (nfs4.FATTR4_XATTR_SUPPORT - 64)
    assert (word0, word1, word2) == (0x0010011A, 0x00800002, 0x00040000)
    call = u32(9) + u32(3) + u32(word0) + u32(word1) + u32(word2)
    op = nfs4.nfs_argop4_xdr.unpack(call)
    assert op.opgetattr.attr_request == [word0, word1, word2]
    assert nfs4.nfs_argop4_xdr.pack(op) == call

    # The reply: a bitmap and the attribute values as one opaque (RFC 7863 fattr4).
    vals = u32(nfs4.nfs_ftype4.NF4REG) + u64(3) + u64(4096)
    reply = u32(9) + u32(0) + u32(1) + u32(0x1A) + opaque(vals)
    rop = nfs4.nfs_resop4_xdr.unpack(reply)
    fattr = rop.opgetattr.resok4.obj_attributes
    assert fattr.attrmask == [0x1A] and fattr.attr_vals == vals
    assert nfs4.nfstime4_xdr.unpack(u64(5) + u32(6)).seconds == 5
    assert nfs4.nfs_resop4_xdr.pack(rop) == reply


def test_setclientid_and_xattr_ops() -> None:
    # NFSv4.0 SETCLIENTID (RFC 7531 via RFC 7863) and RFC 8276's SETXATTR and LISTXATTRS.
    call = (
        u32(35)
        + b"verifier"
        + opaque(b"0.0.0.0/10.0.0.1 tcp UNIX 0")
        + u32(0x40000000)
        + opaque(b"tcp")
        + opaque(b"10.0.0.1.3.233")
        + u32(1)  # callback_ident
        + u32(73)  # OP_SETXATTR
        + u32(1)  # SETXATTR4_CREATE
        + opaque(b"user.colour")
        + opaque(b"blue")
        + u32(74)  # OP_LISTXATTRS
        + u64(0)
        + u32(4096)
    )
    ops = nfs4.COMPOUND4args_xdr.unpack(opaque(b"") + u32(0) + u32(3) + call).argarray
    sc = ops[0].opsetclientid
    assert sc.callback.cb_location.na_r_netid == b"tcp" and sc.callback_ident == 1
    sx = ops[1].opsetxattr
    assert sx.sxa_option is nfs4.setxattr_option4.SETXATTR4_CREATE
    assert (sx.sxa_key, sx.sxa_value) == (b"user.colour", b"blue")
    assert (ops[2].oplistxattrs.lxa_cookie, ops[2].oplistxattrs.lxa_maxcount) == (0, 4096)

    reply = u32(74) + u32(0) + u64(2) + u32(2) + opaque(b"user.a") + opaque(b"user.b") + u32(1)
    lx = nfs4.nfs_resop4_xdr.unpack(reply).oplistxattrs.lxr_value
    assert (lx.lxr_cookie, lx.lxr_names, lx.lxr_eof) == (2, [b"user.a", b"user.b"], True)
    assert nfs4.nfs_resop4_xdr.unpack(u32(72) + u32(10095)).opgetxattr.tag == (
        nfs4.nfsstat4.NFS4ERR_NOXATTR
    )


def test_cb_compound_sequence_recall() -> None:
    call = (
        opaque(b"")
        + u32(1)
        + u32(7)  # callback_ident
        + u32(2)
        + u32(11)  # OP_CB_SEQUENCE
        + SESSION
        + u32(1)
        + u32(0)
        + u32(0)
        + u32(0)
        + u32(0)  # no referring call lists
        + u32(4)  # OP_CB_RECALL
        + stateid(1)
        + u32(0)  # truncate FALSE
        + opaque(FH)
    )
    args = nfs4.CB_COMPOUND4args_xdr.unpack(call)
    assert args.callback_ident == 7
    assert args.argarray[0].opcbsequence.csa_sessionid == SESSION
    recall = args.argarray[1].opcbrecall
    assert recall.stateid.other == OTHER and recall.fh == FH and recall.truncate is False
    assert nfs4.CB_COMPOUND4args_xdr.pack(args) == call
    assert nfs4.NFS4_CALLBACK == 0x40000000
    assert nfs4.NFS_CB_PROCEDURES[nfs4.CB_COMPOUND][1] is nfs4.CB_COMPOUND4args_xdr
    assert nfs4.NFS_V4_PROCEDURES[nfs4.NFSPROC4_COMPOUND][1] is nfs4.COMPOUND4args_xdr


def compound(*ops: bytes, count: int | None = None) -> bytes:
    return opaque(b"") + u32(2) + u32(len(ops) if count is None else count) + b"".join(ops)


@pytest.mark.parametrize(
    "wire",
    [
        pytest.param(compound(u32(2)), id="opnum 2 is not an op"),
        pytest.param(compound(u32(76)), id="opnum past REMOVEXATTR"),
        pytest.param(compound(u32(22) + u32(129) + b"\0" * 132), id="nfs_fh4 over NFS4_FHSIZE"),
        pytest.param(compound(count=0xFFFFFFFF), id="argarray count past the bytes"),
        pytest.param(compound(u32(22) + u32(8) + b"\0" * 4), id="short opaque"),
        pytest.param(
            compound(u32(38) + stateid(0) + u64(0) + u32(3) + opaque(b"x")),
            id="stable_how4 value 3",
        ),
        pytest.param(compound(u32(9) + u32(0x40000000)), id="bitmap4 count past the bytes"),
        pytest.param(
            compound(u32(42) + b"verifier" + opaque(b"o") + u32(0) + u32(3)),
            id="state_protect_how4 value 3",
        ),
        pytest.param(
            compound(u32(42) + b"verifier" + opaque(b"o") + u32(0) + u32(0) + u32(2)),
            id="client_impl_id<1> with 2 entries",
        ),
    ],
)
def test_bad_input_raises_xdr_error(wire: bytes) -> None:
    with pytest.raises(XdrError):
        nfs4.COMPOUND4args_xdr.unpack(wire)


def test_opaque_length_bounds_are_the_rfcs() -> None:
    """NFS4_OPAQUE_LIMIT bounds the client owner; NFS4_FHSIZE the handle."""
    exact = b"verifier" + opaque(b"o" * 1024) + u32(0) + u32(0) + u32(0)
    op = nfs4.nfs_argop4_xdr.unpack(u32(42) + exact)
    assert len(op.opexchange_id.eia_clientowner.co_ownerid) == 1024
    with pytest.raises(XdrError):
        nfs4.nfs_argop4_xdr.unpack(
            u32(42) + b"verifier" + opaque(b"o" * 1025) + u32(0) + u32(0) + u32(0)
        )
    assert nfs4.nfs_argop4_xdr.unpack(u32(22) + opaque(b"f" * 128)).opputfh.object == b"f" * 128


def test_mypy_sees_statuses_and_arms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated types are what mypy checks handlers against: statuses are IntEnum
    members and each nfs_argop4 arm has its own type, so a misspelt status, field or arm
    is a type error, not an AttributeError at run time."""
    from mypy import api

    good = tmp_path / "good.py"
    good.write_text(
        "from typing import assert_type\n"
        "from nfsrdma.gen import nfs4_prot as nfs4\n"
        "def f(op: nfs4.nfs_argop4, res: nfs4.COMPOUND4res) -> None:\n"
        "    assert_type(op.opsequence, nfs4.SEQUENCE4args)\n"
        "    assert_type(op.opsequence.sa_slotid, int)\n"
        "    assert_type(op.opread.stateid, nfs4.stateid4)\n"
        "    status: nfs4.nfsstat4 = nfs4.nfsstat4.NFS4ERR_NOXATTR\n"
        "    assert status == res.status\n"
        "    assert_type(res.resarray[0].opgetxattr, nfs4.GETXATTR4res)\n"
    )
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from nfsrdma.gen import nfs4_prot as nfs4\n"
        "def f(op: nfs4.nfs_argop4) -> None:\n"
        "    op.opsequence.sa_slot\n"
        "    op.opseqence\n"
        "    nfs4.nfsstat4.NFS4ERR_NOXATR\n"
    )
    monkeypatch.chdir(ROOT)  # mypy finds nfsrdma from the tree root
    # One mypy run over both files (each run re-reads the 11,000-line generated module).
    out, err, rc = api.run(["--cache-dir", str(ROOT / ".mypy_cache"), str(good), str(bad)])
    assert rc == 1, out + err
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert not [e for e in errors if "good.py" in e], out
    assert len(errors) == 3, out
    assert '"SEQUENCE4args" has no attribute "sa_slot"' in out
    assert '"nfs_argop4" has no attribute "opseqence"' in out
    assert "NFS4ERR_NOXATR" in out
