"""Dispatcher: every accept/reject status byte-checked, fuzzing, DRC integration, observer."""

from __future__ import annotations

import asyncio
import logging
import struct
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpc.auth import AUTH_NONE, AUTH_SYS, RPCSEC_GSS, Cred, build_authsys_cred
from rpc.buffer import BytesPayload, RpcBuffer, XdrReader, XdrWriter
from rpc.dispatch import CallContext, Dispatcher, Procedure, Program, Version
from rpc.errors import AuthError, MalformedHeader, SystemErr
from rpc.msg import decode_reply, encode_call, opaque_auth
from rpc.replay import DrcPolicy
from rpc.xdr import Payload, String, Struct, UInt32, Void

PROG = 100003
SYS = build_authsys_cred(1000, 100, (7,), b"client")
NONE = opaque_auth.cls(AUTH_NONE, b"")
Echo = Struct("echo", [("n", UInt32), ("s", String(8))])
ReadRes = Struct("readres", [("count", UInt32), ("data", Payload), ("eof", UInt32)])


class Server:
    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.gate: asyncio.Event | None = None
        self.seen: list[CallContext] = []
        self.events: list[tuple[Any, ...]] = []
        d = Dispatcher(observer=self)
        sys_only = frozenset({AUTH_SYS})
        v3 = Version(
            3,
            {
                0: Procedure("NULL", Void, Void, self.null, auth_flavors=None),
                1: Procedure("ECHO", Echo, Echo, self.echo),
                2: Procedure("FAIL", Void, Void, self.fail),
                3: Procedure("CREATE", Echo, UInt32, self.create),
                4: Procedure("SECURE", Void, Void, self.secure, auth_flavors=sys_only),
                5: Procedure("READ", UInt32, ReadRes, self.read),
                6: Procedure("RAW", Void, Void, self.raw),
                7: Procedure("BADRES", Void, UInt32, self.badres),
                8: Procedure("DENY", Void, Void, self.deny),
            },
        )
        self.drc = DrcPolicy({3})  # CREATE is not idempotent
        d.register(Program(PROG, [Version(2, {}), v3], "nfs", reply_cache=self.drc))
        self.d = d

    def on_call(self, *a: Any) -> None:
        self.events.append(a)

    def on_internal_error(self, prog: int, vers: int, proc_name: str) -> None:
        self.events.append(("internal_error", prog, vers, proc_name))

    def count(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1

    async def null(self, ctx: CallContext, args: None) -> None:
        self.count("NULL")
        self.seen.append(ctx)

    async def echo(self, ctx: CallContext, args: Any) -> Any:
        self.count("ECHO")
        self.seen.append(ctx)
        return Echo.cls(args.n + 1, args.s)

    async def fail(self, ctx: CallContext, args: None) -> None:
        raise RuntimeError("boom in handler")

    async def create(self, ctx: CallContext, args: Any) -> int:
        self.count("CREATE")
        if self.gate is not None:
            await self.gate.wait()
        return self.calls["CREATE"]

    async def secure(self, ctx: CallContext, args: None) -> None:
        return None

    async def read(self, ctx: CallContext, args: int) -> Any:
        return (args, BytesPayload(b"x" * args), 1)

    async def raw(self, ctx: CallContext, args: None) -> RpcBuffer:
        w = ctx.begin_reply()
        w.write_uint32(0xABCD)
        return w.finish()

    async def badres(self, ctx: CallContext, args: None) -> Any:
        return -5

    async def deny(self, ctx: CallContext, args: None) -> None:
        raise AuthError(5)


def call(
    proc: int,
    args: bytes = b"",
    xid: int = 0x42,
    prog: int = PROG,
    vers: int = 3,
    cred: Any = SYS,
    rpcvers: int = 2,
) -> XdrReader:
    w = XdrWriter()
    encode_call(w, xid, prog, vers, proc, cred)
    data = bytearray(w.finish().tobytes() + args)
    struct.pack_into(">I", data, 8, rpcvers)
    return XdrReader(bytes(data))


def accepted(xid: int, stat: int, *extra: int) -> bytes:
    return struct.pack(f">{6 + len(extra)}I", xid, 1, 0, 0, 0, stat, *extra)


def denied(xid: int, *words: int) -> bytes:
    return struct.pack(f">{3 + len(words)}I", xid, 1, 1, *words)


async def answer(s: Server, r: XdrReader, client: tuple[str, int] = ("10.0.0.1", 800)) -> bytes:
    rb = await s.d.handle_call(r, client, "tcp")
    assert rb is not None
    return rb.tobytes()


async def test_success_echo_and_context() -> None:
    s = Server()
    out = await answer(s, call(1, Echo.pack((1, b"hi"))))
    assert out == accepted(0x42, 0) + Echo.pack((2, b"hi"))
    ctx = s.seen[0]
    assert ctx.cred == Cred(1000, 100, (7,)) and ctx.flavor == AUTH_SYS
    assert (ctx.xid, ctx.prog, ctx.vers, ctx.proc, ctx.transport) == (0x42, PROG, 3, 1, "tcp")
    assert ctx.client == ("10.0.0.1", 800) and ctx.proc_name == "ECHO"
    assert s.events[-1][:4] == (PROG, 3, "ECHO", "SUCCESS")
    assert s.events[-1][6] == len(out)


async def test_null_accepts_any_flavor() -> None:
    s = Server()
    gss = opaque_auth.cls(RPCSEC_GSS, b"\1\2\3\4")
    assert await answer(s, call(0, cred=gss)) == accepted(0x42, 0)
    assert await answer(s, call(0, cred=NONE)) == accepted(0x42, 0)
    assert s.seen[0].cred is None


async def test_rpc_mismatch() -> None:
    out = await answer(Server(), call(0, rpcvers=3))
    assert out == denied(0x42, 0, 2, 2)


async def test_auth_badcred_malformed_authsys() -> None:
    bad = opaque_auth.cls(AUTH_SYS, SYS.body[:-4])
    assert await answer(Server(), call(1, Echo.pack((1, b"")), cred=bad)) == denied(0x42, 1, 1)


async def test_auth_badcred_unsupported_flavor() -> None:
    gss = opaque_auth.cls(RPCSEC_GSS, b"\1\2\3\4")
    assert await answer(Server(), call(1, Echo.pack((1, b"")), cred=gss)) == denied(0x42, 1, 1)


async def test_auth_tooweak() -> None:
    s = Server()
    assert await answer(s, call(4, cred=NONE)) == denied(0x42, 1, 5)
    assert await answer(s, call(4)) == accepted(0x42, 0)
    assert s.events[0][3] == "AUTH_ERROR"


async def test_handler_raised_auth_error() -> None:
    assert await answer(Server(), call(8)) == denied(0x42, 1, 5)


async def test_prog_unavail() -> None:
    assert await answer(Server(), call(0, prog=100005)) == accepted(0x42, 1)


async def test_prog_mismatch_low_high() -> None:
    s = Server()
    assert await answer(s, call(0, vers=4)) == accepted(0x42, 2, 2, 3)
    assert await answer(s, call(0, vers=1)) == accepted(0x42, 2, 2, 3)


async def test_proc_unavail() -> None:
    assert await answer(Server(), call(99)) == accepted(0x42, 3)
    assert await answer(Server(), call(0, vers=2)) == accepted(0x42, 3)


async def test_garbage_args() -> None:
    s = Server()
    assert await answer(s, call(1, b"\0\0\0\1\0\0\0\x09" + b"x" * 12)) == accepted(0x42, 4)
    assert await answer(s, call(1, b"\0\0")) == accepted(0x42, 4)
    assert "ECHO" not in s.calls


async def test_system_err_logs_traceback(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="rpc.dispatch"):
        assert await answer(Server(), call(2)) == accepted(0x42, 5)
    assert "boom in handler" in caplog.text and "Traceback" in caplog.text


async def test_unexpected_exception_logged_once_and_counted(
        caplog: pytest.LogCaptureFixture) -> None:
    s = Server()
    with caplog.at_level(logging.ERROR, logger="rpc.dispatch"):
        assert await answer(s, call(2)) == accepted(0x42, 5)
    assert caplog.text.count("Traceback") == 1
    assert ("internal_error", PROG, 3, "FAIL") in s.events
    assert s.events[-1][3] == "SYSTEM_ERR"


async def test_unexpected_exception_answers_the_procedures_fault_result(
        caplog: pytest.LogCaptureFixture) -> None:
    s = Server()
    s.d.programs[PROG].versions[3].procedures[2].res = UInt32
    s.d.programs[PROG].versions[3].procedures[2].fault = lambda: 10006
    with caplog.at_level(logging.ERROR, logger="rpc.dispatch"):
        assert await answer(s, call(2)) == accepted(0x42, 0, 10006)
    assert "boom in handler" in caplog.text and "Traceback" in caplog.text
    assert ("internal_error", PROG, 3, "FAIL") in s.events


async def test_observer_gets_the_transport() -> None:
    s = Server()
    await s.d.handle_call(call(1, Echo.pack((1, b""))), ("h", 1), "rdma")
    assert s.events[-1][7] == "rdma"


async def test_result_encode_error_is_system_err(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="rpc.dispatch"):
        assert await answer(Server(), call(7)) == accepted(0x42, 5)
    assert "XdrEncodeError" in caplog.text


async def test_system_err_raised_deliberately() -> None:
    s = Server()

    async def h(ctx: CallContext, args: None) -> None:
        raise SystemErr()

    s.d.programs[PROG].versions[3].procedures[2].handler = h
    assert await answer(s, call(2)) == accepted(0x42, 5)


async def test_payload_reply_keeps_bvecs() -> None:
    rb = await Server().d.handle_call(call(5, UInt32.pack(5)), ("h", 1), "rdma")
    assert rb is not None and rb.payload is not None and rb.payload.nbytes == 5
    assert bytes(rb.head) == accepted(0x42, 0) + struct.pack(">II", 5, 5)
    assert rb.payload_pad == 3 and bytes(rb.tail) == struct.pack(">I", 1)
    assert rb.payload_xdr_offset == 32


async def test_handler_may_return_rpcbuffer() -> None:
    assert await answer(Server(), call(6)) == accepted(0x42, 0, 0xABCD)


async def test_reply_and_short_messages_are_dropped() -> None:
    s = Server()
    assert await s.d.handle_call(XdrReader(accepted(1, 0)), ("h", 1), "tcp") is None
    short_call = struct.pack(">III", 1, 0, 2)  # call, rpcvers 2, cut before prog
    assert await s.d.handle_call(XdrReader(short_call), ("h", 1), "tcp") is None
    with pytest.raises(MalformedHeader):
        await s.d.handle_call(XdrReader(b"\0\0\1"), ("h", 1), "tcp")


async def test_handle_call_with_prebuilt_context() -> None:
    s = Server()
    r = call(1, Echo.pack((4, b"a")))
    ctx = s.d.decode_call(r, ("h", 1), "rdma")
    ctx.procedure = None  # a transport that only decoded the header
    rb = await s.d.handle_call(ctx)
    assert rb is not None and rb.tobytes() == accepted(0x42, 0) + Echo.pack((5, b"a"))


# -- DRC through the dispatcher ---------------------------------------------------------


async def test_drc_replays_for_same_host_other_port() -> None:
    s = Server()
    args = Echo.pack((1, b"f"))
    a = await answer(s, call(3, args, xid=9), ("10.0.0.1", 800))
    b = await answer(s, call(3, args, xid=9), ("10.0.0.1", 801))
    assert a == b == accepted(9, 0, 1)
    assert s.calls["CREATE"] == 1
    assert s.events[-1][3] == "DRC_HIT"


async def test_drc_runs_again_for_other_args_or_host() -> None:
    s = Server()
    await answer(s, call(3, Echo.pack((1, b"f")), xid=9))
    out = await answer(s, call(3, Echo.pack((1, b"g")), xid=9))
    assert out == accepted(9, 0, 2)
    out = await answer(s, call(3, Echo.pack((1, b"g")), xid=9), ("10.0.0.2", 800))
    assert out == accepted(9, 0, 3)


async def test_drc_not_used_for_idempotent() -> None:
    s = Server()
    for port in (1, 2):
        await answer(s, call(1, Echo.pack((1, b""))), ("h", port))
    assert s.calls["ECHO"] == 2


async def test_drc_in_progress_retransmission_waits() -> None:
    s = Server()
    s.gate = asyncio.Event()
    args = Echo.pack((1, b"f"))
    first = asyncio.create_task(s.d.handle_call(call(3, args, xid=5), ("h", 1), "tcp"))
    await asyncio.sleep(0)
    second = asyncio.create_task(s.d.handle_call(call(3, args, xid=5), ("h", 2), "tcp"))
    await asyncio.sleep(0.01)
    assert not first.done() and not second.done()
    s.gate.set()
    r1, r2 = await first, await second
    assert r1 is not None and r2 is not None
    assert r1.tobytes() == r2.tobytes() == accepted(5, 0, 1)
    assert s.calls["CREATE"] == 1 and s.drc.cache.waits == 1


# -- fuzz ---------------------------------------------------------------------------------

SEEDS = [
    call(1, Echo.pack((1, b"hi"))).data.tobytes(),
    call(3, Echo.pack((1, b"f"))).data.tobytes(),
    call(5, UInt32.pack(3)).data.tobytes(),
    call(0, cred=NONE).data.tobytes(),
]


async def _fuzz_one(s: Server, data: bytes) -> None:
    try:
        rb = await s.d.handle_call(XdrReader(data), ("h", 1), "tcp")
    except MalformedHeader:
        assert len(data) < 4
        return
    if rb is not None:
        rep = decode_reply(XdrReader(rb.tobytes()))
        assert rep.xid == int.from_bytes(data[:4], "big")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=120))
def test_fuzz_random_bytes(data: bytes) -> None:
    asyncio.run(_fuzz_one(Server(), data))


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 255)), max_size=6),
    st.integers(0, 200),
)
def test_fuzz_mutated_calls(seed: bytes, flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(seed)
    for pos, val in flips:
        if pos < len(data):
            data[pos] = val
    asyncio.run(_fuzz_one(Server(), bytes(data[: max(cut, 0) or len(data)])))
