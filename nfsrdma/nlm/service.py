"""NLM's lock service: NLM requests on the server's one lock manager, statuses mapped in one
place, blocked locks granted by callback.

Operation: every request names a file by its NFSv3 handle, authenticated and checked against
the export's client rules like any NFS call (`core.policy`), and keyed ``(export id, fid)``
as NFSv4 keys it (`nfs4.state.opens.FileKey`), so an NLM lock and an NFSv4 LOCK on the same
bytes conflict.  The owner is ``Owner(("nlm", caller_name), (oh, svid))``: everything of one
client host goes at once on FREE_ALL or its reboot.  A monitored request (LOCK, SHARE; not
NM_LOCK) first records the host with the status monitor (`nsm`), on disk, so a restart tells
it to reclaim.

A blocking LOCK that must wait is queued in the manager with an `NlmGrant` as its cookie and
answered BLOCKED.  Whenever the manager grants waiters (after any change, NLM's or NFSv4's)
it calls `on_grants`; NLM takes its own grants and sends each client an NLM_GRANTED call to
its lock manager, found through the client's rpcbind (`nfsrdma.peers`), retried with
doubling delays.  The client answers GRANTED (done), DENIED_GRACE_PERIOD (retried), or
anything else (it no longer waits: the range is unlocked again); a callback given up unlocks
too: a Linux client re-sends a blocked LOCK every 30 s and gets it then.  A CANCEL of a
request granted but not yet confirmed unlocks it (the client gave up first).

Statuses (`status_of`): the one mapping from core errors and the manager's refusals to
nlm4_stats; versions 1 and 3 narrow it with `to_v1` as lockd's cast_status does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nfsrdma.core.delegations import check_file
from nfsrdma.core.errors import EXPECTED, ErrorKind, NfsError, kind_of
from nfsrdma.gen import nlm_prot as _g
from nfsrdma.gen.nlm_prot import nlm4_stats as S
from nfsrdma.locks.manager import (
    Denied,
    Granted,
    Lock,
    LockError,
    LockErrorKind,
    LockManager,
    Owner,
    Queued,
    Waiter,
)
from nfsrdma.locks.ranges import span_nlm
from nfsrdma.nlm.shares import ShareTable
from nfsrdma.nsm.monitor import MonitorFull
from nfsrdma.peers import PeerError, is_loopback, plain_host
from rpc.errors import XdrError

if TYPE_CHECKING:
    from nfsrdma.nsm.service import NsmService
    from nfsrdma.peers import PeerCaller
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

__all__ = [
    "GRANT_DELAYS",
    "MAX_ASYNC_REPLIES",
    "MAX_NLM_HOSTS",
    "NLM4_OFFSET_MAX",
    "NlmError",
    "NlmGrant",
    "NlmService",
    "Request",
    "status_of",
    "to_v1",
]

log = logging.getLogger(__name__)

#: Largest byte offset NLM v4 may name (lockd's NLM4_OFFSET_MAX, the largest off_t): a lock
#: that starts or ends past it is NLM4_FBIG, as Linux lockd answers since 5.18.
NLM4_OFFSET_MAX = (1 << 63) - 1

#: Seconds between NLM_GRANTED attempts to one client (then given up and unlocked): the
#: client's own 30 s re-send of a blocked LOCK takes over after that.
GRANT_DELAYS = (1.0, 2.0, 4.0, 8.0)

#: _RES calls out at once; past it an async result is dropped (the client re-sends).
MAX_ASYNC_REPLIES = 256

#: NLM client hosts (caller_names) holding locks or shares at once: the lock manager caps
#: records per client, this caps the clients, so made-up caller_names (NM_LOCK is never
#: monitored, so the status monitor's cap does not apply) cannot grow memory without bound.
MAX_NLM_HOSTS = 4096

#: A v1/v3 client has only five statuses (lockd's cast_status).
_V1_STATUSES = {S.NLM4_GRANTED, S.NLM4_DENIED, S.NLM4_DENIED_NOLOCKS, S.NLM4_BLOCKED,
                S.NLM4_DENIED_GRACE_PERIOD}

_KIND_STATUS = {
    ErrorKind.BADHANDLE: S.NLM4_STALE_FH,
    ErrorKind.STALE: S.NLM4_STALE_FH,
    ErrorKind.ROFS: S.NLM4_ROFS,
    ErrorKind.FBIG: S.NLM4_FBIG,
    # DELAY (the client's name is being looked up): the one NLM status a client answers by
    # retrying shortly (Linux waits and re-sends on DENIED_GRACE_PERIOD).
    ErrorKind.DELAY: S.NLM4_DENIED_GRACE_PERIOD,
}

_LOCK_STATUS = {
    LockErrorKind.DEADLOCK: S.NLM4_DEADLCK,
    LockErrorKind.NO_RESOURCES: S.NLM4_DENIED_NOLOCKS,
    LockErrorKind.GRACE: S.NLM4_DENIED_GRACE_PERIOD,
    LockErrorKind.NO_GRACE: S.NLM4_DENIED_GRACE_PERIOD,
}


class NlmError(Exception):
    """A request refused with an NLM status of its own (FBIG, DENIED_NOLOCKS...)."""

    def __init__(self, stat: S, detail: str = "") -> None:
        super().__init__(f"{stat.name}: {detail}" if detail else stat.name)
        self.stat = stat


def status_of(exc: Exception) -> S:
    """The one mapping of an expected error to an nlm4_stats: core errors by kind (handles:
    STALE_FH; the client's rules: FAILED), the manager's refusals by kind, our own NlmError.
    """
    if isinstance(exc, NlmError):
        return exc.stat
    if isinstance(exc, LockError):
        return _LOCK_STATUS[exc.kind]
    if isinstance(exc, MonitorFull):
        return S.NLM4_DENIED_NOLOCKS
    if isinstance(exc, NfsError | OSError):
        return _KIND_STATUS.get(kind_of(exc), S.NLM4_FAILED)
    raise TypeError(f"not an expected NLM error: {exc!r}")


#: What status_of maps (handlers catch exactly these).
EXPECTED_NLM = (NlmError, LockError, MonitorFull, *EXPECTED)


def to_v1(stat: S) -> int:
    """An nlm4 status as a v1/v3 nlm_stats: DEADLCK is DENIED, the rest DENIED_NOLOCKS."""
    if stat in _V1_STATUSES:
        return int(stat)
    return int(_g.LCK_DENIED if stat == S.NLM4_DEADLCK else _g.LCK_DENIED_NOLOCKS)


@dataclass(slots=True)
class Request:
    """One NLM request's lock, version-neutral (nlm4_lock or nlm_lock)."""

    caller_name: bytes
    fh: bytes
    oh: bytes
    svid: int
    offset: int
    length: int

    @classmethod
    def of(cls, lk: Any) -> Request:
        return cls(bytes(lk.caller_name), bytes(lk.fh), bytes(lk.oh), int(lk.svid),
                   int(lk.l_offset), int(lk.l_len))

    @property
    def owner(self) -> Owner:
        return Owner(("nlm", self.caller_name), (self.oh, self.svid))


class NlmGrant:
    """The cookie of a queued NLM waiter: what the GRANTED callback needs."""

    __slots__ = ("addr", "cookie", "exclusive", "local", "request", "vers")

    def __init__(self, vers: int, cookie: bytes, request: Request, exclusive: bool,
                 addr: str, local: str | None) -> None:
        self.vers = vers
        self.cookie = cookie
        self.request = request
        self.exclusive = exclusive
        self.addr = addr
        self.local = local


def local_addr(ctx: CallContext) -> str | None:
    """The address the client reached us at (its connection's local end), if known."""
    transport = getattr(ctx.xprt, "transport", None)
    sockname = transport.get_extra_info("sockname") if transport is not None else None
    return plain_host(str(sockname[0])) if sockname else None


class NlmService:
    """NLM's view of the lock manager, its shares, and the grant callbacks in flight."""

    def __init__(self, nfs: NfsService, locks: LockManager, nsm: NsmService,
                 peers: PeerCaller, delays: tuple[float, ...] = GRANT_DELAYS,
                 max_hosts: int = MAX_NLM_HOSTS) -> None:
        self.nfs = nfs
        self.locks = locks
        self.nsm = nsm
        self.peers = peers
        self.delays = delays
        self.max_hosts = max_hosts
        self.shares = ShareTable()
        #: granted waiters whose client has not confirmed the GRANTED yet (CANCEL undoes).
        self._unconfirmed: dict[tuple[Hashable, Owner, int, int, bool], NlmGrant] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        #: async results dropped because MAX_ASYNC_REPLIES were in flight.
        self.results_dropped = 0
        #: GRANTED callbacks by outcome: "granted", "refused", "failed" (tests, metrics).
        self.callbacks: dict[str, int] = {"granted": 0, "refused": 0, "failed": 0}
        self.on_internal_error: Callable[[str], None] | None = None
        #: metrics hook: (call, result) of each call out (`Metrics.on_lock_call_out`).
        self.on_call_out: Callable[[str, str], None] | None = None
        nsm.on_reboot.append(self.free_hosts)
        locks.grant_listeners.append(self._on_grants)

    # ---- common steps

    async def file_of(self, ctx: CallContext, fh: bytes) -> tuple[int, bytes]:
        """The lock manager's key of the file ``fh`` names, after the export's rules.

        Raises: NfsError (BADHANDLE, STALE for a handle that names nothing any more, ACCES,
        PERM, DELAY...), OSError from storage.
        """
        t = self.nfs.resolve(fh, ctx)
        await t.export.backend.getattr(t.fid, t.cred)  # a removed file is STALE
        return (t.export.id, bytes(t.fid))

    @staticmethod
    def span(vers: int, req: Request) -> tuple[int, int]:
        """``(start, end)`` of the request.  Raises: NlmError(FBIG) for a v4 range starting
        or ending past NLM4_OFFSET_MAX (lockd: "lock arguments that overflow")."""
        if vers == 4 and (req.offset > NLM4_OFFSET_MAX or (
                req.length and req.length - 1 > NLM4_OFFSET_MAX - req.offset)):
            raise NlmError(S.NLM4_FBIG, "range past the largest file offset")
        return span_nlm(req.offset, req.length)

    def admit(self, caller_name: bytes) -> None:
        """Refuse a new client host past ``max_hosts`` holding state (one already holding
        some always passes).  Raises: NlmError(DENIED_NOLOCKS)."""
        client = ("nlm", caller_name)
        if self.locks.client_lock_count(client) or client in self.shares.clients():
            return
        hosts: set[Hashable] = {c for c in self.locks.clients()
                                if isinstance(c, tuple) and c[:1] == ("nlm",)}
        hosts.update(self.shares.clients())
        if len(hosts) >= self.max_hosts:
            raise NlmError(S.NLM4_DENIED_NOLOCKS, "too many client hosts hold locks")

    async def monitor(self, ctx: CallContext, req: Request) -> None:
        await self.nsm.monitor_host(req.caller_name, plain_host(ctx.client[0]),
                                    local_addr(ctx) or "")

    # ---- requests (each returns an nlm4 status or raises an EXPECTED_NLM error)

    async def test(self, ctx: CallContext, vers: int, req: Request,
                   exclusive: bool) -> Lock | None:
        file = await self.file_of(ctx, req.fh)
        start, end = self.span(vers, req)
        return self.locks.test(file, req.owner, start, end, exclusive)

    async def lock(self, ctx: CallContext, vers: int, req: Request, *, exclusive: bool,
                   block: bool, reclaim: bool, cookie: bytes, monitored: bool = True) -> S:
        file = await self.file_of(ctx, req.fh)
        start, end = self.span(vers, req)
        check_file(self.nfs.delegations, file, exclusive)  # a v4 delegation: recalled, retry
        self.admit(req.caller_name)
        if monitored:
            await self.monitor(ctx, req)
        grant = NlmGrant(vers, cookie, req, exclusive, plain_host(ctx.client[0]), local_addr(ctx))
        res = self.locks.lock(file, req.owner, start, end, exclusive, block=block,
                              reclaim=reclaim, cookie=grant)
        if isinstance(res, Granted):
            return S.NLM4_GRANTED
        if isinstance(res, Denied):
            return S.NLM4_DENIED
        assert isinstance(res, Queued)
        res.waiter.cookie = grant  # a repeated request: the latest cookie and address
        return S.NLM4_BLOCKED

    async def cancel(self, ctx: CallContext, vers: int, req: Request, exclusive: bool) -> S:
        """CANCEL: the queued request goes; one granted but not yet confirmed is unlocked.
        Cancelling nothing is GRANTED too (lockd: the client's state is what it wants)."""
        file = await self.file_of(ctx, req.fh)
        start, end = self.span(vers, req)
        owner = req.owner
        w = self.locks.find_waiter(file, owner, start, end, exclusive)
        if w is not None:
            self.locks.cancel(w)
        elif self._unconfirmed.pop((file, owner, start, end, exclusive), None) is not None:
            self.locks.unlock(file, owner, start, end)
        return S.NLM4_GRANTED

    async def unlock(self, ctx: CallContext, vers: int, req: Request) -> S:
        file = await self.file_of(ctx, req.fh)
        start, end = self.span(vers, req)
        self.locks.unlock(file, req.owner, start, end)
        return S.NLM4_GRANTED

    async def share(self, ctx: CallContext, share: Any, reclaim: bool) -> S:
        """SHARE (monitored, like a lock; refused in grace unless a reclaim)."""
        file = await self.file_of(ctx, bytes(share.fh))
        if self.locks.grace and not reclaim:
            raise LockError(LockErrorKind.GRACE)
        req = Request(bytes(share.caller_name), bytes(share.fh), bytes(share.oh), 0, 0, 0)
        self.admit(req.caller_name)
        await self.monitor(ctx, req)
        owner = Owner(("nlm", req.caller_name), (req.oh, None))
        ok = self.shares.share(file, owner, int(share.access), int(share.mode))
        return S.NLM4_GRANTED if ok else S.NLM4_DENIED

    async def unshare(self, ctx: CallContext, share: Any) -> S:
        file = await self.file_of(ctx, bytes(share.fh))
        self.shares.unshare(file, Owner(("nlm", bytes(share.caller_name)),
                                        (bytes(share.oh), None)))
        return S.NLM4_GRANTED

    async def free_all(self, ctx: CallContext, name: bytes, state: int) -> None:
        """FREE_ALL: the named client host restarted (sent by its statd or lock manager);
        only that host itself (or a local caller) may free its locks."""
        caller = None if is_loopback(ctx.client[0]) else plain_host(ctx.client[0])
        await self.nsm.peer_rebooted(name, state, caller)

    def free_hosts(self, names: list[bytes]) -> None:
        """Drop every lock, waiter and share of these client hosts (NSM's reboot hook)."""
        for name in names:
            client = ("nlm", name)
            self.locks.release_client(client)
            self.shares.release_client(client)
            for key in [k for k, g in self._unconfirmed.items()
                        if g.request.caller_name == name]:
                del self._unconfirmed[key]

    def granted_res(self, cookie: bytes, stat: int) -> None:
        """GRANTED_RES: a client's answer to an NLM_GRANTED_MSG.  We send the synchronous
        NLM_GRANTED and read the answer from its reply, so there is nothing to match: the
        call is taken (as lockd takes any) and logged."""
        log.debug("nlm: GRANTED_RES cookie %s stat %d", cookie.hex(), stat)

    # ---- calls out

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def send_result(self, ctx: CallContext, proc: int, args: bytes) -> None:
        """Send a _MSG request's result as the ``proc`` (_RES) call to the caller's lock
        manager, after the reply; dropped when MAX_ASYNC_REPLIES are in flight."""
        if len(self._tasks) >= MAX_ASYNC_REPLIES:
            self.results_dropped += 1
            self._count(_g.NLM4_VERS_PROCEDURES[proc][0].removeprefix("NLMPROC4_"), "dropped")
            log.warning("nlm: %d calls out in flight; dropping a result for %s",
                        len(self._tasks), ctx.client[0])
            return
        self._spawn(self._send_result(plain_host(ctx.client[0]), local_addr(ctx), ctx.vers,
                                      proc, args))

    async def _send_result(self, host: str, local: str | None, vers: int, proc: int,
                           args: bytes) -> None:
        call = _g.NLM4_VERS_PROCEDURES[proc][0].removeprefix("NLMPROC4_")
        try:
            await self.peers.call(host, _g.NLM_PROG, vers, proc, args, local=local)
        except PeerError as e:
            log.info("nlm: result call %d to %s failed: %s", proc, host, e)
            self._count(call, "failed")
            return
        self._count(call, "ok")

    def _count(self, call: str, result: str) -> None:
        if self.on_call_out is not None:
            self.on_call_out(call, result)

    # ---- grants (the manager's events out)

    def _on_grants(self) -> None:
        """The manager granted waiters (inside its own call): send ours from the loop."""
        with contextlib.suppress(RuntimeError):  # no loop: a unit test driving the manager
            asyncio.get_running_loop().call_soon(self._send_grants)

    def _send_grants(self) -> None:
        for w in self.locks.take_grants(match=lambda w: isinstance(w.cookie, NlmGrant)):
            g = w.cookie
            assert isinstance(g, NlmGrant)
            self._unconfirmed[(w.file, w.owner, w.start, w.end, w.exclusive)] = g
            self._spawn(self._deliver(w, g))

    async def _deliver(self, w: Waiter, g: NlmGrant) -> None:
        key = (w.file, w.owner, w.start, w.end, w.exclusive)
        try:
            outcome = await self._call_granted(g)
        except Exception:  # a bug: logged and counted, the lock is released below
            log.exception("nlm: GRANTED callback to %s failed unexpectedly", g.addr)
            if self.on_internal_error is not None:
                self.on_internal_error("GRANTED_callback")
            outcome = "failed"
        self.callbacks[outcome] += 1
        self._count("GRANTED", "ok" if outcome == "granted" else outcome)
        if self._unconfirmed.get(key) is not g:
            return  # cancelled or freed meanwhile: nothing more to undo
        del self._unconfirmed[key]
        if outcome != "granted":
            log.info("nlm: GRANTED to %s %s: releasing the lock", g.addr, outcome)
            with contextlib.suppress(LockError):
                self.locks.unlock(w.file, w.owner, w.start, w.end)

    async def _call_granted(self, g: NlmGrant) -> str:
        r = g.request
        if g.vers == 4:
            args = _g.nlm4_testargs_xdr.pack(_g.nlm4_testargs(g.cookie, g.exclusive, _g.nlm4_lock(
                r.caller_name, r.fh, r.oh, r.svid, r.offset, r.length)))
            res_codec: Any = _g.nlm4_res_xdr
        else:
            args = _g.nlm_testargs_xdr.pack(_g.nlm_testargs(g.cookie, g.exclusive, _g.nlm_lock(
                r.caller_name, r.fh, r.oh, r.svid, r.offset, r.length)))
            res_codec = _g.nlm_res_xdr
        for delay in (0.0, *self.delays):
            await asyncio.sleep(delay)
            try:
                body = await self.peers.call(g.addr, _g.NLM_PROG, g.vers, _g.NLMPROC4_GRANTED,
                                             args, local=g.local)
            except PeerError as e:
                log.info("nlm: GRANTED to %s: %s", g.addr, e)
                continue
            try:
                stat = res_codec.unpack(body).stat.stat
            except XdrError as e:
                log.info("nlm: GRANTED to %s: bad reply: %s", g.addr, e)
                continue
            if stat == S.NLM4_GRANTED:
                return "granted"
            if stat != S.NLM4_DENIED_GRACE_PERIOD:
                return "refused"
        return "failed"

    async def close(self) -> None:
        for t in list(self._tasks):
            t.cancel()
        for t in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await t
