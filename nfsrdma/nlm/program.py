"""NLM program 100021, versions 1, 3 and 4 (RFC 1813 appendix II; XNFS for 1 and 3).

Operation: each procedure decodes its generated arguments, runs one `NlmService` request and
encodes the version's result.  Versions 1 and 3 share the handlers of version 4 (same field
names, 32-bit offsets, statuses narrowed by `service.to_v1`).  The ``_MSG`` procedures
answer nothing in their RPC reply: the result goes back as the matching ``_RES`` call to the
client's lock manager (found through its rpcbind), sent after the reply
(`NlmService.send_result`, bounded).  The
``_RES`` procedures are answers to calls we never make (except GRANTED_RES, the answer to an
NLM_GRANTED_MSG) and are taken and ignored, as lockd takes them.  GRANTED and GRANTED_MSG are
the client side's procedures: this server waits for no lock, so GRANTED is DENIED.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from nfsrdma.gen import nlm_prot as _g
from nfsrdma.gen.nlm_prot import nlm4_stats as S
from nfsrdma.locks.manager import Lock
from nfsrdma.locks.ranges import length_nlm
from nfsrdma.nlm.service import EXPECTED_NLM, Request, status_of, to_v1
from rpc.dispatch import Procedure, Program, Version

if TYPE_CHECKING:
    from nfsrdma.nlm.service import NlmService
    from rpc.dispatch import CallContext

__all__ = ["VERSIONS", "build_program"]

log = logging.getLogger(__name__)

#: The versions served: 1 and 3 (XNFS, 32-bit) and 4 (NFSv3's).
VERSIONS = (1, 3, 4)

_U32_MAX = 0x7FFFFFFF  # lockd's NLM_OFFSET_MAX: v1/v3 holders are clamped to it

Handler = Callable[["NlmService", "CallContext", Any], Awaitable[Any]]


def _stat(vers: int, stat: S) -> int:
    return int(stat) if vers == 4 else to_v1(stat)


def _holder(vers: int, lk: Lock) -> Any:
    """The nlm4_holder / nlm_holder naming a conflicting lock (an NFSv4 owner: svid 0, its
    lock-owner bytes as the oh)."""
    key: Any = lk.owner.key
    client: Any = lk.owner.client
    if isinstance(client, tuple) and client[:1] == ("nlm",):
        oh, svid = key
    else:
        oh, svid = (key if isinstance(key, bytes) else b"")[:_g.MAXNETOBJ_SZ], 0
    length = length_nlm(lk.start, lk.end)
    if vers == 4:
        return _g.nlm4_holder(lk.exclusive, svid, oh, lk.start, length)
    start = min(lk.start, _U32_MAX)
    return _g.nlm_holder(lk.exclusive, svid, oh, start, min(length, _U32_MAX - start))


def _res(vers: int, cookie: bytes, stat: S) -> Any:
    if vers == 4:
        return _g.nlm4_res(cookie, _g.nlm4_stat(stat))
    return _g.nlm_res(cookie, _g.nlm_stat(to_v1(stat)))


# ---- the procedures (each returns the version's result)


async def test(svc: NlmService, ctx: CallContext, args: Any) -> Any:
    vers = ctx.vers
    holder = None
    try:
        conflict = await svc.test(ctx, vers, Request.of(args.alock), bool(args.exclusive))
        stat = S.NLM4_GRANTED if conflict is None else S.NLM4_DENIED
        if conflict is not None:
            holder = _holder(vers, conflict)
    except EXPECTED_NLM as e:
        stat = status_of(e)
    if vers == 4:
        return _g.nlm4_testres(args.cookie, _g.nlm4_testrply(stat, holder))
    return _g.nlm_testres(args.cookie, _g.nlm_testrply(to_v1(stat), holder))


async def _lock(svc: NlmService, ctx: CallContext, args: Any, monitored: bool) -> Any:
    try:
        stat = await svc.lock(ctx, ctx.vers, Request.of(args.alock),
                              exclusive=bool(args.exclusive), block=bool(args.block),
                              reclaim=bool(args.reclaim), cookie=bytes(args.cookie),
                              monitored=monitored)
    except EXPECTED_NLM as e:
        stat = status_of(e)
    return _res(ctx.vers, args.cookie, stat)


async def lock(svc: NlmService, ctx: CallContext, args: Any) -> Any:
    return await _lock(svc, ctx, args, monitored=True)


async def nm_lock(svc: NlmService, ctx: CallContext, args: Any) -> Any:
    """NM_LOCK: a lock from a client that runs no status monitor (never monitored, so
    neither told of our restart nor freed by its own)."""
    return await _lock(svc, ctx, args, monitored=False)


async def cancel(svc: NlmService, ctx: CallContext, args: Any) -> Any:
    try:
        stat = await svc.cancel(ctx, ctx.vers, Request.of(args.alock), bool(args.exclusive))
    except EXPECTED_NLM as e:
        stat = status_of(e)
    return _res(ctx.vers, args.cookie, stat)


async def unlock(svc: NlmService, ctx: CallContext, args: Any) -> Any:
    try:
        stat = await svc.unlock(ctx, ctx.vers, Request.of(args.alock))
    except EXPECTED_NLM as e:
        stat = status_of(e)
    return _res(ctx.vers, args.cookie, stat)


async def granted(svc: NlmService, ctx: CallContext, args: Any) -> Any:
    return _res(ctx.vers, args.cookie, S.NLM4_DENIED)


async def granted_res(svc: NlmService, ctx: CallContext, args: Any) -> None:
    svc.granted_res(bytes(args.cookie), int(args.stat.stat))


async def ignore(svc: NlmService, ctx: CallContext, args: Any) -> None:
    return None


async def share(svc: NlmService, ctx: CallContext, args: Any) -> Any:
    try:
        stat = await svc.share(ctx, args.share, bool(args.reclaim))
    except EXPECTED_NLM as e:
        stat = status_of(e)
    res = _g.nlm4_shareres if ctx.vers == 4 else _g.nlm_shareres
    return res(args.cookie, _stat(ctx.vers, stat), 0)


async def unshare(svc: NlmService, ctx: CallContext, args: Any) -> Any:
    try:
        stat = await svc.unshare(ctx, args.share)
    except EXPECTED_NLM as e:
        stat = status_of(e)
    res = _g.nlm4_shareres if ctx.vers == 4 else _g.nlm_shareres
    return res(args.cookie, _stat(ctx.vers, stat), 0)


async def free_all(svc: NlmService, ctx: CallContext, args: Any) -> None:
    await svc.free_all(ctx, bytes(args.name), int(args.state))


async def null(svc: NlmService, ctx: CallContext, args: Any) -> None:
    return None


# ---- _MSG: the same work, the result sent back as a _RES call


def _msg(handler: Handler, res_proc: int) -> Handler:
    """A _MSG procedure: ``handler``'s work, its result sent as the ``res_proc`` call."""

    async def run(svc: NlmService, ctx: CallContext, args: Any) -> None:
        result = await handler(svc, ctx, args)
        table = _g.NLM4_VERS_PROCEDURES if ctx.vers == 4 else _g.NLM_VERS_PROCEDURES
        svc.send_result(ctx, res_proc, table[res_proc][1].pack(result))

    return run


def build_program(svc: NlmService) -> Program:
    """NLM v1, v3 and v4 on ``svc``."""
    handlers: dict[int, Handler] = {
        0: null, 1: test, 2: lock, 3: cancel, 4: unlock, 5: granted,
        6: _msg(test, 11), 7: _msg(lock, 12), 8: _msg(cancel, 13), 9: _msg(unlock, 14),
        10: ignore,
        11: ignore, 12: ignore, 13: ignore, 14: ignore, 15: granted_res,
        20: share, 21: unshare, 22: nm_lock, 23: free_all,
    }
    tables = {1: _g.NLM_VERS_PROCEDURES, 3: _g.NLM_VERSX_PROCEDURES,
              4: _g.NLM4_VERS_PROCEDURES}
    versions = []
    for vers in VERSIONS:
        procs = {}
        for num, (name, arg, res) in tables[vers].items():
            h = handlers[num]

            async def bound(ctx: CallContext, args: Any, h: Handler = h) -> Any:
                return await h(svc, ctx, args)

            # Any flavor: lockd takes AUTH_NULL and AUTH_SYS (lockd_authenticate).
            procs[num] = Procedure(name, arg, res, bound, auth_flavors=None)
        versions.append(Version(vers, procs))
    return Program(_g.NLM_PROG, versions, name="nlockmgr")
