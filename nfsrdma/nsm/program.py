"""NSM program 100024 version 1: the server's own status monitor over RPC.

Operation: a client's statd tells us of its restart with SM_NOTIFY (its locks go); SM_STAT
answers our state number.  SM_MON, SM_UNMON, SM_UNMON_ALL and SM_SIMU_CRASH are the local
interface of a lock manager to its statd: taken only from loopback callers, as rpc.statd
does, and refused (STAT_FAIL, or ignored for the void ones) from anyone else.  Our own NLM
does not go through them: it calls `NsmService` directly.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from nfsrdma.gen import sm_inter as _g
from nfsrdma.nsm.monitor import MonitorFull, Watcher
from nfsrdma.peers import is_loopback, plain_host
from rpc.dispatch import Procedure, Program, Version

if TYPE_CHECKING:
    from nfsrdma.nsm.service import NsmService
    from rpc.dispatch import CallContext

__all__ = ["build_program"]

log = logging.getLogger(__name__)


def _from_loopback(ctx: CallContext) -> bool:
    return is_loopback(ctx.client[0])


async def null(nsm: NsmService, ctx: CallContext, args: None) -> None:
    return None


async def stat(nsm: NsmService, ctx: CallContext, args: _g.sm_name) -> _g.sm_stat_res:
    return _g.sm_stat_res(_g.STAT_SUCC, nsm.monitor.state)


async def mon(nsm: NsmService, ctx: CallContext, args: _g.mon) -> _g.sm_stat_res:
    if not _from_loopback(ctx):
        log.warning("nsm: SM_MON from %s refused (not loopback)", ctx.client[0])
        return _g.sm_stat_res(_g.STAT_FAIL, nsm.monitor.state)
    me = args.mon_id.my_id
    try:
        nsm.monitor.watch(Watcher(args.mon_id.mon_name, me.my_name, me.my_prog, me.my_vers,
                                  me.my_proc, args.priv))
    except MonitorFull:
        return _g.sm_stat_res(_g.STAT_FAIL, nsm.monitor.state)
    return _g.sm_stat_res(_g.STAT_SUCC, nsm.monitor.state)


async def unmon(nsm: NsmService, ctx: CallContext, args: _g.mon_id) -> _g.sm_stat:
    if _from_loopback(ctx):
        me = args.my_id
        nsm.monitor.unwatch(args.mon_name, me.my_name, me.my_prog, me.my_vers, me.my_proc)
    return _g.sm_stat(nsm.monitor.state)


async def unmon_all(nsm: NsmService, ctx: CallContext, args: _g.my_id) -> _g.sm_stat:
    if _from_loopback(ctx):
        nsm.monitor.unwatch_all(args.my_name, args.my_prog, args.my_vers, args.my_proc)
    return _g.sm_stat(nsm.monitor.state)


async def simu_crash(nsm: NsmService, ctx: CallContext, args: None) -> None:
    if _from_loopback(ctx):
        await nsm.simulate_crash()


async def notify(nsm: NsmService, ctx: CallContext, args: _g.stat_chge) -> None:
    caller = None if _from_loopback(ctx) else plain_host(ctx.client[0])
    await nsm.peer_rebooted(args.mon_name, args.state, caller)


def build_program(nsm: NsmService) -> Program:
    table: dict[int, Callable[..., Awaitable[Any]]] = {
        _g.SM_NULL: null, _g.SM_STAT: stat, _g.SM_MON: mon, _g.SM_UNMON: unmon,
        _g.SM_UNMON_ALL: unmon_all, _g.SM_SIMU_CRASH: simu_crash, _g.SM_NOTIFY: notify,
    }
    procs = {}
    for num, (name, arg, res) in _g.SM_VERS_PROCEDURES.items():
        # Any flavor: sm-notify and statds send AUTH_NULL or AUTH_SYS alike.
        procs[num] = Procedure(name, arg, res, partial(table[num], nsm), auth_flavors=None)
    return Program(_g.SM_PROG, [Version(_g.SM_VERS, procs)], name="status")

