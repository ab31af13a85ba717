"""The status monitor at the server's edge: its files, its SM_NOTIFY calls out, and what a
peer's restart sets off.

Operation: `NsmService.start` reads ``<state-dir>/sm`` (off the loop), moves the state number
to the next odd value and writes it back, and returns whether the previous instance had
monitored hosts (the server then opens a grace period for their reclaims).  `notify_peers`
runs one task per such host: SM_NOTIFY(our address as the client knew it, new state) to the
host's statd, found through its rpcbind (`nfsrdma.peers`), retried with doubling delays
(`NOTIFY_DELAYS`), and its record dropped once answered or given up.  NLM calls
`monitor_host` before it grants a monitored lock (the record is on disk first).  A peer's
SM_NOTIFY comes to `peer_rebooted` (from the NSM program, or an NLM FREE_ALL): the hosts it
names stop being monitored and ``on_reboot`` (NLM's: free their locks and shares) runs; SM_MON
watchers of that host are called back with its new state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from nfsrdma.gen import sm_inter as _g
from nfsrdma.nsm.monitor import HostRecord, StatusMonitor, Watcher, next_state
from nfsrdma.nsm.store import SmStore
from nfsrdma.peers import PeerCaller, PeerError
from storage._offload import run_blocking

__all__ = ["NOTIFY_DELAYS", "NsmService"]

log = logging.getLogger(__name__)

#: Seconds between SM_NOTIFY attempts to one host (then it is given up): about two minutes in
#: all.  sm-notify keeps trying for 15 minutes; a client that is down that long reclaims
#: nothing anyway (grace is over) and re-monitors us at its next lock.
NOTIFY_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0)


class NsmService:
    """State number, monitored hosts and the calls to peers' statds."""

    def __init__(self, store: SmStore, peers: PeerCaller,
                 delays: tuple[float, ...] = NOTIFY_DELAYS) -> None:
        self.store = store
        self.peers = peers
        self.delays = delays
        self.monitor = StatusMonitor(0)
        #: hosts of the previous instance still to be told of this start.
        self.to_notify: list[HostRecord] = []
        #: NLM's hook: the caller_names whose locks and shares to free.
        self.on_reboot: list[Callable[[list[bytes]], None]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        #: SM_NOTIFY calls answered / given up (tests and metrics read them).
        self.notified = 0
        self.notify_failed = 0
        #: metrics hook: (call, result) of each call out (`Metrics.on_lock_call_out`).
        self.on_call_out: Callable[[str, str], None] | None = None

    async def start(self) -> bool:
        """Read the files, bump and save the state number.  Returns whether any host of the
        previous instance was monitored (they may hold locks to reclaim)."""
        old = await run_blocking(self.store.load_state)
        self.monitor.state = next_state(old)
        await run_blocking(self.store.save_state, self.monitor.state)
        self.to_notify = await run_blocking(self.store.load_hosts)
        log.info("nsm: state %d, %d host(s) to notify", self.monitor.state, len(self.to_notify))
        return bool(self.to_notify)

    def notify_peers(self) -> None:
        """Start telling every host of the previous instance that we restarted."""
        hosts, self.to_notify = self.to_notify, []
        for rec in hosts:
            self._spawn(self._notify(rec, self.monitor.state))

    async def simulate_crash(self) -> None:
        """SM_SIMU_CRASH: a new state number, and every monitored host told as after a
        restart (they reclaim; their locks are not dropped here)."""
        self.monitor.state = next_state(self.monitor.state + 1)
        await run_blocking(self.store.save_state, self.monitor.state)
        for rec in list(self.monitor.hosts.values()):
            self._spawn(self._notify(rec, self.monitor.state))

    async def monitor_host(self, name: bytes, addr: str, server_addr: str) -> None:
        """Monitor a client host before granting it a lock (persisted first).

        Raises: MonitorFull (too many hosts), OSError (the record could not be written).
        """
        rec = self.monitor.monitor(name, addr, server_addr)
        if rec is not None:
            try:
                await run_blocking(self.store.save_host, rec)
            except OSError:
                self.monitor.unmonitor(name)
                raise

    async def peer_rebooted(self, mon_name: bytes, state: int, caller: str | None) -> list[bytes]:
        """A peer restarted (its SM_NOTIFY, or NLM FREE_ALL): free what it held.  ``caller``:
        the address the news came from, None for loopback (see `StatusMonitor.rebooted`).
        Returns the caller_names freed."""
        names = self.monitor.rebooted(mon_name, state, caller)
        for n in names:
            if self.monitor.unmonitor(n) is not None:
                await run_blocking(self.store.remove_host, n)
        if names:
            log.info("nsm: %r restarted (state %d): freeing the locks of %s",
                     mon_name, state, b", ".join(names).decode("latin-1"))
            for hook in self.on_reboot:
                hook(names)
        for w in self.monitor.watchers_of(mon_name):
            self._spawn(self._call_watcher(w, mon_name, state))
        return names

    async def close(self) -> None:
        for t in list(self._tasks):
            t.cancel()
        for t in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await t

    # ---- calls out

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _notify(self, rec: HostRecord, state: int) -> None:
        args = _g.stat_chge_xdr.pack(_g.stat_chge(rec.server_addr.encode(), state))
        local = rec.server_addr or None
        for attempt, delay in enumerate((0.0, *self.delays)):
            await asyncio.sleep(delay)
            try:
                await self.peers.call(rec.addr, _g.SM_PROG, _g.SM_VERS, _g.SM_NOTIFY, args,
                                      local=local)
            except PeerError as e:
                log.info("nsm: SM_NOTIFY to %s (attempt %d): %s", rec.addr, attempt + 1, e)
                continue
            self.notified += 1
            self._count("SM_NOTIFY", "ok")
            log.info("nsm: told %s (%r) of our restart (state %d)", rec.addr, rec.name, state)
            break
        else:
            self.notify_failed += 1
            self._count("SM_NOTIFY", "failed")
            log.warning("nsm: giving up telling %s (%r) of our restart", rec.addr, rec.name)
        if rec.name not in self.monitor.hosts:  # re-monitored meanwhile: keep its record
            await run_blocking(self.store.remove_host, rec.name)

    async def _call_watcher(self, w: Watcher, mon_name: bytes, state: int) -> None:
        args = _g.sm_status_xdr.pack(_g.sm_status(mon_name, state, w.priv))
        host = w.my_name.decode("latin-1")
        try:
            await self.peers.call(host, w.my_prog, w.my_vers, w.my_proc, args)
        except PeerError as e:
            log.warning("nsm: calling back %r about %r failed: %s", w.my_name, mon_name, e)
            self._count("SM_MON_callback", "failed")
            return
        self._count("SM_MON_callback", "ok")

    def _count(self, call: str, result: str) -> None:
        if self.on_call_out is not None:
            self.on_call_out(call, result)
