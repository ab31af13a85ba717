"""Reply-cache policies as a program's choice: the dispatcher runs a program's calls through
its policy (a version's own policy first), and a program without one never replays."""

from __future__ import annotations

import struct

from rpc.buffer import RpcBuffer, XdrReader, XdrWriter
from rpc.dispatch import CallContext, Dispatcher, Procedure, Program, Version
from rpc.msg import encode_call
from rpc.replay import DrcPolicy, Execute, ReplayCall, ReplyPolicy
from rpc.xdr import UInt32

PROG = 400123


class Counter:
    def __init__(self) -> None:
        self.runs = 0

    async def create(self, ctx: CallContext, args: int) -> int:
        self.runs += 1
        return self.runs


class Recording:
    """A policy that remembers what it was asked and always runs the call."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, int, int]] = []

    async def process(self, call: ReplayCall, execute: Execute) -> tuple[RpcBuffer | None, str]:
        self.seen.append((call.prog, call.vers, call.proc))
        return await execute()


def _call(xid: int, vers: int, proc: int = 1) -> XdrReader:
    w = XdrWriter()
    encode_call(w, xid, PROG, vers, proc)
    UInt32.encode(w, 7)
    return XdrReader(w.finish().tobytes())


def _result(rb: RpcBuffer | None) -> int:
    assert rb is not None
    return int(struct.unpack(">I", rb.tobytes()[-4:])[0])


def _dispatcher(c: Counter, program_policy: ReplyPolicy | None,
                v4_policy: ReplyPolicy | None = None) -> Dispatcher:
    procs = {1: Procedure("CREATE", UInt32, UInt32, c.create)}
    versions = [Version(3, procs), Version(4, procs, reply_cache=v4_policy)]
    d = Dispatcher()
    d.register(Program(PROG, versions, "test", reply_cache=program_policy))
    return d


async def test_program_without_policy_runs_a_retransmission_again() -> None:
    c = Counter()
    d = _dispatcher(c, None)
    a = await d.handle_call(_call(9, 3), ("h", 1))
    b = await d.handle_call(_call(9, 3), ("h", 1))
    assert (_result(a), _result(b), c.runs) == (1, 2, 2)


async def test_program_drc_policy_replays_its_procedures() -> None:
    c = Counter()
    d = _dispatcher(c, DrcPolicy({1}))
    a = await d.handle_call(_call(9, 3), ("h", 1))
    b = await d.handle_call(_call(9, 3), ("h", 2))
    assert (_result(a), _result(b), c.runs) == (1, 1, 1)


async def test_version_policy_overrides_the_programs() -> None:
    c = Counter()
    rec = Recording()
    d = _dispatcher(c, DrcPolicy({1}), v4_policy=rec)
    await d.handle_call(_call(9, 4), ("h", 1))
    await d.handle_call(_call(9, 4), ("h", 1))
    assert rec.seen == [(PROG, 4, 1), (PROG, 4, 1)]
    assert c.runs == 2  # the version's policy ran both; the program's DRC never saw them
