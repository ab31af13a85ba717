"""rpc.xprt: message sorting and the pending-call table every transport shares (no I/O)."""

from __future__ import annotations

import asyncio
import struct

import pytest

from rpc.client import encode_call_header
from rpc.errors import RpcAcceptError, RpcDenied, RpcTimeout
from rpc.xprt import MsgKind, PendingCalls, classify


class Owner:
    def __init__(self) -> None:
        self.released = 0

    def release(self) -> None:
        self.released += 1


def success(xid: int, results: bytes = b"") -> memoryview:
    return memoryview(struct.pack(">IIIIII", xid, 1, 0, 0, 0, 0) + results)


@pytest.mark.parametrize(("msg", "kind"), [
    (encode_call_header(1, 100003, 3, 0), MsgKind.CALL),
    (bytes(success(1)), MsgKind.REPLY),
    (struct.pack(">II", 1, 1), MsgKind.REPLY),
    (struct.pack(">II", 1, 2), MsgKind.OTHER),
    (struct.pack(">I", 1), MsgKind.OTHER),
    (b"", MsgKind.OTHER),
])
def test_classify(msg: bytes, kind: MsgKind) -> None:
    assert classify(memoryview(msg)) is kind


async def test_reply_completes_its_call_and_strays_are_dropped_and_counted() -> None:
    reasons: list[str] = []
    table = PendingCalls(reasons.append)
    xid, fut = table.new_call()
    stray, mine = Owner(), Owner()
    assert not table.process_reply(success(xid ^ 1, b"x"), stray)
    assert not table.process_reply(memoryview(struct.pack(">II", xid, 1)), Owner())
    assert table.process_reply(success(xid, b"\0\0\0\x07"), mine)
    reply = fut.result()
    assert (reply.xid, reply.tobytes()) == (xid, b"\0\0\0\x07") and mine.released == 0
    reply.release()
    assert mine.released == 1 and stray.released == 1
    # A second reply to an answered xid is as unexpected as an unknown one.
    assert not table.process_reply(success(xid), Owner())
    assert reasons == ["unknown_xid", "malformed", "unknown_xid"] and table.unexpected == 3
    assert len(table) == 0


async def test_denied_and_not_executed_replies_fail_the_call() -> None:
    table = PendingCalls()
    a, fa = table.new_call()
    b, fb = table.new_call()
    owner = Owner()
    assert table.process_reply(memoryview(struct.pack(">IIIII", a, 1, 1, 1, 5)), owner)
    assert table.process_reply(memoryview(struct.pack(">IIIIIIII", b, 1, 0, 0, 0, 2, 3, 4)))
    with pytest.raises(RpcDenied) as denied:
        fa.result()
    assert (denied.value.reject_stat, denied.value.detail) == (1, (5,)) and owner.released
    with pytest.raises(RpcAcceptError) as acc:
        fb.result()
    assert (acc.value.accept_stat, acc.value.detail) == (2, (3, 4))


async def test_call_times_out_and_forgets_its_xid() -> None:
    table = PendingCalls()
    sent: list[bytes] = []

    async def send(xid: int, parts: object) -> None:
        sent.append(b"".join(parts))  # type: ignore[arg-type]

    with pytest.raises(RpcTimeout):
        await table.call(send, 7, 1, 2, [b"args"], None, 0.05)
    assert len(table) == 0 and sent[0].endswith(b"args")
    (xid,) = struct.unpack_from(">I", sent[0])
    assert not table.process_reply(success(xid))  # too late: dropped


async def test_fail_all_fails_pending_and_later_calls() -> None:
    table = PendingCalls()
    _, fut = table.new_call()
    table.fail_all(ConnectionResetError("gone"))
    with pytest.raises(ConnectionResetError):
        await fut
    with pytest.raises(ConnectionResetError):
        table.new_call()


async def test_each_table_has_its_own_xid_space() -> None:
    a, b = PendingCalls(), PendingCalls()
    xa = [a.new_call()[0] for _ in range(3)]
    assert xa == [xa[0], (xa[0] + 1) & 0xFFFF_FFFF, (xa[0] + 2) & 0xFFFF_FFFF]
    assert b.new_call()[0] != xa[0]  # random starts (2**-32 chance of a false failure)
    await asyncio.sleep(0)
