"""RFC 5531 headers: fast paths checked byte for byte against the schema and by hand."""

from __future__ import annotations

import struct

import pytest

from rpc.auth import build_authsys_cred
from rpc.buffer import XdrReader, XdrWriter
from rpc.errors import AuthError, MalformedHeader, NotACall, RpcMismatch
from rpc.msg import (
    AcceptStat,
    MsgType,
    ReplyStat,
    decode_call_header,
    decode_reply,
    encode_accepted_reply,
    encode_call,
    encode_rejected_reply,
    opaque_auth,
    rpc_msg,
)
from rpc.xdr import UnionValue


def call_bytes(xid: int = 0x1234, cred=None, rpcvers: int = 2) -> bytes:  # type: ignore[no-untyped-def]
    w = XdrWriter()
    encode_call(w, xid, 100003, 3, 1, cred)
    data = bytearray(w.finish().tobytes())
    struct.pack_into(">I", data, 8, rpcvers)
    return bytes(data) + b"ARGS"


def test_encode_call_matches_schema_and_hand_bytes() -> None:
    cred = build_authsys_cred(1000, 100, (4, 5), b"host")
    data = call_bytes(cred=cred)[:-4]
    msg = rpc_msg.unpack(data)
    assert msg.xid == 0x1234 and msg.body.tag is MsgType.CALL
    cb = msg.body.value
    assert (cb.rpcvers, cb.prog, cb.vers, cb.proc) == (2, 100003, 3, 1)
    assert cb.cred == cred and cb.verf == opaque_auth.cls(0, b"")
    assert data[:24] == struct.pack(">6I", 0x1234, 0, 2, 100003, 3, 1)
    assert rpc_msg.pack(msg) == data


def test_decode_call_header_leaves_reader_at_args() -> None:
    cred = build_authsys_cred(0, 0)
    r = XdrReader(call_bytes(cred=cred))
    h = decode_call_header(r)
    assert (h.xid, h.rpcvers, h.prog, h.vers, h.proc) == (0x1234, 2, 100003, 3, 1)
    assert h.cred == cred
    assert bytes(r.rest()) == b"ARGS"


def test_decode_call_header_errors() -> None:
    with pytest.raises(MalformedHeader):
        decode_call_header(XdrReader(b"\0\0\0"))
    with pytest.raises(NotACall):
        decode_call_header(XdrReader(struct.pack(">II", 1, 1) + b"\0" * 40))  # a REPLY
    with pytest.raises(NotACall):
        decode_call_header(XdrReader(struct.pack(">III", 1, 0, 2)))  # short call
    with pytest.raises(RpcMismatch) as ei:
        decode_call_header(XdrReader(call_bytes(rpcvers=3)))
    assert ei.value.xid == 0x1234
    good = call_bytes()
    bad_cred = good[:28] + struct.pack(">I", 401) + good[32:]
    with pytest.raises(AuthError) as ea:
        decode_call_header(XdrReader(bad_cred))
    assert ea.value.stat == 1
    with pytest.raises(AuthError) as eb:
        decode_call_header(XdrReader(good[:36]))  # verifier truncated
    assert eb.value.stat == 3


def test_accepted_reply_bytes_match_schema() -> None:
    for stat, mm in [(0, None), (1, None), (2, (2, 3)), (3, None), (4, None), (5, None)]:
        w = XdrWriter()
        encode_accepted_reply(w, 7, None, stat, mm)
        data = w.finish().tobytes()
        data_arm = UnionValue(AcceptStat.enum(stat), None if mm is None else mm)
        body = UnionValue(ReplyStat.MSG_ACCEPTED, ((0, b""), data_arm))
        expect = rpc_msg.pack((7, UnionValue(MsgType.REPLY, body)))
        assert data == expect
        assert data[:24] == struct.pack(">6I", 7, 1, 0, 0, 0, stat)
        rep = decode_reply(XdrReader(data))
        assert rep.accept_stat == stat and rep.mismatch == mm


def test_rejected_reply_bytes() -> None:
    w = XdrWriter()
    encode_rejected_reply(w, 9, 0)
    assert w.finish().tobytes() == struct.pack(">6I", 9, 1, 1, 0, 2, 2)
    w = XdrWriter()
    encode_rejected_reply(w, 9, 1, 5)
    data = w.finish().tobytes()
    assert data == struct.pack(">5I", 9, 1, 1, 1, 5)
    assert rpc_msg.unpack(data).body.value.value.value == 5
    rep = decode_reply(XdrReader(data))
    assert rep.reject_stat == 1 and rep.auth_stat == 5
    with pytest.raises(ValueError):
        encode_rejected_reply(XdrWriter(), 9, 1)
