"""RPC dispatcher: program/version/procedure tables, auth, DRC, reply encoding.

Operation
---------
A transport hands `Dispatcher.handle_call` an `XdrReader` over one received message.  The call
header is decoded (`rpc.msg.decode_call_header`), the procedure looked up, the credential checked
against its flavor policy (`rpc.auth.authenticate`), the call handed to its program's reply-cache
policy when it has one (`rpc.replay`: the DRC for NFSv3), the arguments decoded with the procedure's XDR type, the handler
awaited, and its result encoded after an accepted-SUCCESS header into an `RpcBuffer` (payload
kept as bvecs).

This is the single receive boundary where errors become replies: every `RpcError` raised on the
way (by the header decode, the lookups, auth, the argument decode or the handler itself) is
answered with the reply it carries.  Any other exception is a bug: it is logged here, once, with
its traceback, counted (`CallObserver.on_internal_error`), and answered with the procedure's
``fault`` result (NFS3ERR_SERVERFAULT for NFSv3) or, for a procedure that has none, SYSTEM_ERR.
Handlers catch only the errors they expect.  The server never crashes on a call.

Returns None when no reply is possible (a REPLY message, a truncated call header, or a DRC
original that gave no reply); raises `MalformedHeader` only when not even the xid can be read,
so the transport can close the connection.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from rpc.auth import DEFAULT_FLAVORS, SUPPORTED_FLAVORS, Cred, authenticate
from rpc.buffer import RpcBuffer, XdrReader, XdrWriter
from rpc.errors import (
    AuthError,
    GarbageArgs,
    MalformedHeader,
    NotACall,
    ProcUnavail,
    ProgMismatch,
    ProgUnavail,
    RpcError,
    RpcInternalError,
    SystemErr,
    XdrEncodeError,
    XdrError,
)
from rpc.msg import decode_call_header, encode_accepted_reply, encode_error_reply
from rpc.replay import ReplyPolicy
from rpc.xdr import XdrType
from rpc.xprt import Xprt

__all__ = [
    "CallContext",
    "CallObserver",
    "Dispatcher",
    "Handler",
    "Procedure",
    "Program",
    "Version",
]

log = logging.getLogger("rpc.dispatch")

Handler = Callable[["CallContext", Any], Awaitable[Any]]

_STATUS_ACCEPT = {
    0: "SUCCESS",
    1: "PROG_UNAVAIL",
    2: "PROG_MISMATCH",
    3: "PROC_UNAVAIL",
    4: "GARBAGE_ARGS",
    5: "SYSTEM_ERR",
}


@dataclass(slots=True)
class Procedure:
    """One procedure: its XDR argument/result types and async handler.

    ``handler(ctx, args)`` returns a value of ``res`` (encoded by the dispatcher) or a complete
    reply `RpcBuffer` (build it from `CallContext.begin_reply`).  ``auth_flavors``: accepted flavors, or None for any
    (NULL procedures); see `rpc.auth.authenticate`.  ``fault()`` builds the ``res`` value that
    answers a call whose handler failed unexpectedly (a protocol's "server fault" status); None
    answers SYSTEM_ERR.
    """

    name: str
    args: XdrType
    res: XdrType
    handler: Handler
    auth_flavors: frozenset[int] | None = DEFAULT_FLAVORS
    fault: Callable[[], Any] | None = None


class Version:
    """One version of a program: procedure number -> `Procedure`.

    ``reply_cache``: this version's retransmission policy (`rpc.replay`), overriding the
    program's (NFSv4.1 replays through session slots where v4.0 uses the DRC).
    """

    __slots__ = ("procedures", "reply_cache", "vers")

    def __init__(
        self,
        vers: int,
        procedures: Mapping[int, Procedure],
        reply_cache: ReplyPolicy | None = None,
    ) -> None:
        self.vers = vers
        self.procedures = dict(procedures)
        self.reply_cache = reply_cache


class Program:
    """An RPC program: number and its versions (a dict by number or an iterable of Version).

    ``reply_cache``: the retransmission policy of every version that names none itself
    (`rpc.replay.DrcPolicy` for NFSv3); None runs every call as it comes.
    """

    __slots__ = ("high", "low", "name", "prog", "reply_cache", "versions")

    def __init__(
        self,
        prog: int,
        versions: Mapping[int, Version] | Iterable[Version],
        name: str = "",
        reply_cache: ReplyPolicy | None = None,
    ) -> None:
        if isinstance(versions, Mapping):
            vmap = dict(versions)
        else:
            vmap = {v.vers: v for v in versions}
        if not vmap:
            raise RpcInternalError(f"program {prog} has no versions")
        for k, v in vmap.items():
            if k != v.vers:
                raise RpcInternalError(f"program {prog}: version key {k} != Version.vers {v.vers}")
        self.prog = prog
        self.versions = vmap
        self.name = name or str(prog)
        self.low = min(vmap)
        self.high = max(vmap)
        self.reply_cache = reply_cache

    def policy(self, vers: int) -> ReplyPolicy | None:
        """The reply-cache policy of version `vers` (its own, else the program's)."""
        v = self.versions.get(vers)
        own = v.reply_cache if v is not None else None
        return own if own is not None else self.reply_cache


class CallObserver(Protocol):
    """Metrics hook: `on_call` once per answered or dropped call, `on_internal_error` once per
    unexpected exception (a bug: the dispatcher has logged its traceback)."""

    def on_call(
        self,
        prog: int,
        vers: int,
        proc_name: str,
        status: str,
        seconds: float,
        nbytes_in: int,
        nbytes_out: int,
        transport: str,
    ) -> None: ...

    def on_internal_error(self, prog: int, vers: int, proc_name: str) -> None: ...


class CallContext:
    """Everything a handler may know about its call (never the transport's internals)."""

    __slots__ = (
        "client",
        "cred",
        "flavor",
        "proc",
        "procedure",
        "prog",
        "reader",
        "transport",
        "verf",
        "vers",
        "xid",
        "xprt",
    )

    def __init__(
        self,
        xid: int,
        prog: int,
        vers: int,
        proc: int,
        cred: Cred | None,
        flavor: int,
        client: tuple[str, int],
        transport: str,
        reader: XdrReader,
        verf: Any = None,
        procedure: Procedure | None = None,
        xprt: Xprt | None = None,
    ) -> None:
        self.xid = xid
        self.prog = prog
        self.vers = vers
        self.proc = proc
        self.cred = cred
        self.flavor = flavor
        self.client = client
        self.transport = transport
        self.reader = reader
        self.verf = verf
        self.procedure = procedure
        #: The connection the call came on: calls back to the client go out on it.
        self.xprt = xprt

    @property
    def proc_name(self) -> str:
        return self.procedure.name if self.procedure is not None else str(self.proc)

    def begin_reply(self) -> XdrWriter:
        """A writer holding this call's accepted-SUCCESS reply header; append the results."""
        w = XdrWriter()
        encode_accepted_reply(w, self.xid)
        return w

    def __repr__(self) -> str:
        return (
            f"CallContext(xid={self.xid:#x}, {self.prog}/{self.vers}/{self.proc_name}, "
            f"flavor={self.flavor}, client={self.client}, {self.transport})"
        )


def _status(err: RpcError) -> str:
    if err.reply_stat == 0:
        return _STATUS_ACCEPT.get(err.accept_stat or 0, "ACCEPTED")
    if err.reply_stat == 1:
        return "RPC_MISMATCH" if err.reject_stat == 0 else "AUTH_ERROR"
    return "DROPPED"


def _error_reply(xid: int, err: RpcError) -> RpcBuffer | None:
    w = XdrWriter()
    if not encode_error_reply(w, xid, err):
        return None
    return w.finish()


class Dispatcher:
    """Routes calls to registered programs.  One per server; shared by all transports."""

    def __init__(
        self,
        observer: CallObserver | None = None,
        logger: logging.Logger | None = None,
    ) -> None:
        self.programs: dict[int, Program] = {}
        # (prog, vers) -> reply-cache policy, resolved once at registration
        self._policies: dict[tuple[int, int], ReplyPolicy] = {}
        self.observer = observer
        self.log = logger or log

    def register(self, program: Program) -> None:
        """Add a program (re-registering a number replaces it)."""
        self.programs[program.prog] = program
        for key in [k for k in self._policies if k[0] == program.prog]:
            del self._policies[key]
        for vers in program.versions:
            policy = program.policy(vers)
            if policy is not None:
                self._policies[(program.prog, vers)] = policy

    def lookup(self, prog: int, vers: int, proc: int) -> Procedure:
        """The procedure for (prog, vers, proc).

        Raises:
            ProgUnavail, ProgMismatch (with our low/high versions), ProcUnavail.
        """
        program = self.programs.get(prog)
        if program is None:
            raise ProgUnavail(f"program {prog}")
        version = program.versions.get(vers)
        if version is None:
            raise ProgMismatch(program.low, program.high)
        procedure = version.procedures.get(proc)
        if procedure is None:
            raise ProcUnavail(f"{program.name} v{vers} proc {proc}")
        return procedure

    def decode_call(
        self, reader: XdrReader, client: tuple[str, int], transport: str,
        xprt: Xprt | None = None,
    ) -> CallContext:
        """Decode the header, look up the procedure, authenticate: a ready `CallContext`.

        Raises:
            MalformedHeader, NotACall, RpcError: as `rpc.msg.decode_call_header`,
                `lookup` and `rpc.auth.authenticate`; the error's ``xid`` is set.
        """
        hdr = decode_call_header(reader)
        try:
            # lookup() inlined for the common case (one call fewer per RPC); it raises the
            # right error for whatever is missing.
            program = self.programs.get(hdr.prog)
            version = program.versions.get(hdr.vers) if program is not None else None
            procedure = version.procedures.get(hdr.proc) if version is not None else None
            if procedure is None:
                procedure = self.lookup(hdr.prog, hdr.vers, hdr.proc)
            flavor = hdr.cred.flavor
            cred = authenticate(flavor, hdr.cred.body, hdr.verf, procedure.auth_flavors, hdr.xid)
        except RpcError as e:
            e.xid = hdr.xid
            raise
        return CallContext(
            hdr.xid,
            hdr.prog,
            hdr.vers,
            hdr.proc,
            cred,
            flavor,
            client,
            transport,
            reader,
            hdr.verf,
            procedure,
            xprt,
        )

    async def handle_call(
        self,
        call: XdrReader | CallContext,
        client: tuple[str, int] | None = None,
        transport: str = "tcp",
        xprt: Xprt | None = None,
    ) -> RpcBuffer | None:
        """Answer one call.

        Assumptions: ``call`` is an `XdrReader` at the start of the message (the xid), or a
        `CallContext` already produced by `decode_call` (reader at the arguments).

        Returns:
            The reply, or None when none is possible (REPLY message, truncated header, or a
            DRC duplicate whose original produced no reply): drop the message.

        Raises:
            MalformedHeader: not even an xid: close the connection.
        """
        t0 = time.perf_counter()
        if call.__class__ is CallContext:  # not isinstance: a builtin call fewer per RPC
            ctx = call  # type: ignore[assignment]
            if ctx.procedure is None:
                try:
                    ctx.procedure = self.lookup(ctx.prog, ctx.vers, ctx.proc)
                    self._check_flavor(ctx.flavor, ctx.procedure.auth_flavors)
                except RpcError as e:
                    return self._answer_error(ctx.xid, e, ctx.prog, ctx.vers, "", t0, ctx.reader,
                                              ctx.transport)
            return await self.process_call(ctx, t0)
        reader: XdrReader = call  # type: ignore[assignment]
        try:
            ctx = self.decode_call(reader, client or ("", 0), transport, xprt)
        except MalformedHeader:
            raise
        except NotACall:
            return None
        except RpcError as e:
            prog, vers = self._peek_prog_vers(reader)
            return self._answer_error(e.xid or 0, e, prog, vers, "", t0, reader, transport)
        return await self.process_call(ctx, t0)

    @staticmethod
    def _check_flavor(flavor: int, policy: frozenset[int] | None) -> None:
        if policy is None or flavor in policy:
            return
        raise AuthError(5 if flavor in SUPPORTED_FLAVORS else 1)

    @staticmethod
    def _peek_prog_vers(reader: XdrReader) -> tuple[int, int]:
        d = reader.data
        if len(d) >= 20:
            return int.from_bytes(d[12:16], "big"), int.from_bytes(d[16:20], "big")
        return 0, 0

    def _answer_error(
        self,
        xid: int,
        err: RpcError,
        prog: int,
        vers: int,
        name: str,
        t0: float,
        reader: XdrReader,
        transport: str,
    ) -> RpcBuffer | None:
        reply = _error_reply(xid, err)
        self._observe(prog, vers, name, _status(err), t0, reader, reply, transport)
        return reply

    def _observe(
        self,
        prog: int,
        vers: int,
        name: str,
        status: str,
        t0: float,
        reader: XdrReader,
        reply: RpcBuffer | None,
        transport: str,
    ) -> None:
        obs = self.observer
        if obs is None:
            return
        try:
            obs.on_call(
                prog,
                vers,
                name,
                status,
                time.perf_counter() - t0,
                reader.nbytes,
                reply.nbytes if reply is not None else 0,
                transport,
            )
        except Exception:  # metrics must never break a reply
            self.log.exception("rpc: observer failed")

    async def process_call(self, ctx: CallContext, t0: float | None = None) -> RpcBuffer | None:
        """Run a decoded, authenticated call (reader at the arguments), through its program's
        reply-cache policy if it has one.  Returns the reply (None only when the policy drops
        the call, e.g. a DRC duplicate whose original gave none)."""
        if t0 is None:
            t0 = time.perf_counter()
        procedure = ctx.procedure
        if procedure is None:
            raise RpcInternalError("process_call needs ctx.procedure")
        policy = self._policies.get((ctx.prog, ctx.vers))
        reply: RpcBuffer | None
        if policy is None:
            reply, status = await self._run(ctx, procedure)
        else:
            reply, status = await policy.process(ctx, lambda: self._run(ctx, procedure))
        if self.observer is not None:
            self._observe(ctx.prog, ctx.vers, procedure.name, status, t0, ctx.reader, reply,
                          ctx.transport)
        return reply

    async def _run(self, ctx: CallContext, procedure: Procedure) -> tuple[RpcBuffer, str]:
        try:
            try:
                args = procedure.args.decode(ctx.reader)
            except XdrError as e:
                raise GarbageArgs(f"{procedure.name}: {e}") from None
            result = await procedure.handler(ctx, args)
        except RpcError as e:
            reply = _error_reply(ctx.xid, e)
            if reply is None:  # a handler raising NotACall & co: still answer something
                reply = _error_reply(ctx.xid, SystemErr())
                assert reply is not None
                return reply, "SYSTEM_ERR"
            return reply, _status(e)
        except XdrEncodeError:  # the handler built a reply it cannot encode: a bug
            return self._fault(ctx, procedure)
        except XdrError:
            # The handler decoded more of the arguments itself and found garbage.
            reply = _error_reply(ctx.xid, GarbageArgs())
            assert reply is not None
            return reply, "GARBAGE_ARGS"
        except Exception:
            return self._fault(ctx, procedure)
        if result.__class__ is RpcBuffer:  # a handler that wrote its own reply (READ)
            return result, "SUCCESS"
        w = XdrWriter()
        encode_accepted_reply(w, ctx.xid)
        try:
            procedure.res.encode(w, result)
        except Exception:
            w.discard()
            return self._fault(ctx, procedure, use_fault=False)
        return w.finish(), "SUCCESS"

    def _fault(
        self, ctx: CallContext, procedure: Procedure, *, use_fault: bool = True
    ) -> tuple[RpcBuffer, str]:
        """The one place a bug in a call's handling is seen: log the exception being handled
        with its traceback, count it, answer the procedure's fault result or SYSTEM_ERR.

        Assumptions: called from an ``except`` block (the exception is the current one).
        ``use_fault=False`` when it was the encoding of a result that failed.
        """
        self.log.exception("rpc: %r failed unexpectedly", ctx)
        obs = self.observer
        if obs is not None:
            try:
                obs.on_internal_error(ctx.prog, ctx.vers, procedure.name)
            except Exception:  # metrics must never break a reply
                self.log.exception("rpc: observer failed")
        if use_fault and procedure.fault is not None:
            w = XdrWriter()
            encode_accepted_reply(w, ctx.xid)
            try:
                procedure.res.encode(w, procedure.fault())
                return w.finish(), "SUCCESS"
            except Exception:
                w.discard()
                self.log.exception("rpc: %s: the fault result failed too", procedure.name)
        reply = _error_reply(ctx.xid, SystemErr())
        assert reply is not None
        return reply, "SYSTEM_ERR"
