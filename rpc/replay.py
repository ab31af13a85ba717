"""Reply-cache policies: how a program answers a retransmitted call.

Operation: a `Program` (or one of its `Version`s) opts into a policy with
``Program(..., reply_cache=policy)``; the dispatcher hands every call of that program to
``policy.process(call, execute)`` instead of running it directly.  The policy decides
whether to run the call (``await execute()``), wait for an original still in progress, or
answer from what it kept.  Programs without a policy run every call as it comes.

- `DrcPolicy`: the duplicate request cache (`rpc.drc.ReplyCache`) for the procedures that
  are not idempotent (NFSv3, NFSv4.0: RFC 1813 §3.3, the retransmission rules of Juszczak's
  "Improving the Performance and Correctness of an NFS Server").
- NFSv4.1 will replay through its session slots (RFC 5661 §2.10.6.1): the replay
  decision needs the SEQUENCE op inside the COMPOUND, so it is another policy, not the DRC.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from rpc.buffer import RpcBuffer, XdrReader
from rpc.drc import ReplyCache

__all__ = ["DrcPolicy", "Execute", "ReplayCall", "ReplyPolicy"]

#: Runs the call once: its reply and the status label for the metrics.
Execute = Callable[[], Awaitable[tuple[RpcBuffer, str]]]


class ReplayCall(Protocol):
    """What a policy may know of a call (`rpc.dispatch.CallContext` has all of it)."""

    @property
    def xid(self) -> int: ...
    @property
    def client(self) -> tuple[str, int]: ...
    @property
    def prog(self) -> int: ...
    @property
    def vers(self) -> int: ...
    @property
    def proc(self) -> int: ...
    @property
    def reader(self) -> XdrReader: ...


class ReplyPolicy(Protocol):
    """A program's answer to retransmissions."""

    async def process(self, call: ReplayCall, execute: Execute) -> tuple[RpcBuffer | None, str]:
        """Answer `call`, running it through `execute` at most once.

        Returns: the reply (None: send nothing, the call is dropped) and its status label
        ("DRC_HIT" for a replay, "DROPPED" when no reply can be given).
        """
        ...


class DrcPolicy:
    """Non-idempotent procedures go through a duplicate request cache; others just run."""

    __slots__ = ("cache", "procs")

    def __init__(self, procs: Iterable[int], cache: ReplyCache | None = None) -> None:
        self.procs = frozenset(procs)
        self.cache = cache if cache is not None else ReplyCache()

    async def process(self, call: ReplayCall, execute: Execute) -> tuple[RpcBuffer | None, str]:
        if call.proc not in self.procs:
            return await execute()
        drc = self.cache
        # The key leaves out the port: a client reconnecting after a partition retransmits
        # from a new one (rpc.drc).
        key = drc.build_key(call.xid, call.client[0], call.prog, call.vers, call.proc,
                            call.reader)
        hit = drc.lookup(key)
        if isinstance(hit, RpcBuffer):
            return hit, "DRC_HIT"
        if hit is not None:
            cached = await drc.wait(hit, key)
            return cached, "DRC_HIT" if cached is not None else "DROPPED"
        try:
            reply, status = await execute()
        except BaseException:
            drc.abandon(key)
            raise
        drc.complete(key, reply)
        return reply, status
