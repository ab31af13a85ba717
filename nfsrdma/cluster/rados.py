"""The shared grace object, the client records and the watch, in a RADOS pool (the edge of
`cluster.grace`; docs/cephfs-gateways.md).

Layout: pool ``--ceph-recovery-pool`` (created when missing), namespace ``--cluster-name``.

- ``grace``: omap ``seq``, ``epoch``, ``recovery`` and one ``node:<id>`` per gateway
  (`grace.Shared.encode`).  Every change is one write op guarded by ``omap_cmp(seq ==
  read seq)``: a writer that lost a race gets ECANCELED, re-reads and plans again.  A change
  other than a heartbeat is followed by a notify; every gateway watches the object and
  re-reads on a notify, and by its poll when a notify is lost.
- ``rec-<epoch>:<node>``: omap, one key per client owner (hex) that gateway recorded in that
  epoch (finished reclaiming, or carried into the epoch when it began).  The write that ends a
  grace removes the ``rec-<R>:*`` objects.

`RadosState` is the blocking side (python3-rados; every call may wait for the monitors or an
OSD).  `ClusterAgent` is the asyncio side: it owns a `ClusterNode` and one thread of its own
for every RADOS call (the calls stay in order: a record added then removed is removed), so
nothing here blocks the event loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import functools
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from nfsrdma.cluster.grace import TAKEN, ClusterNode, Shared

__all__ = ["ClusterAgent", "RadosState"]

log = logging.getLogger("nfsrdma.cluster")
T = TypeVar("T")

GRACE_OBJECT = "grace"
SECRET_OBJECT = "handle-secret"
_PAGE = 1024  # get_omap_vals returns at most this many entries per call
_BATCH = 1000  # records per write op


def rec_object(epoch: int, node: str) -> str:
    return f"rec-{epoch}:{node}"


F = TypeVar("F", bound=Callable[..., Any])


def _oserror(fn: F) -> F:
    """python3-rados's errors (not OSErrors) leave as OSError with their errno."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        import rados

        try:
            return fn(*args, **kw)
        except rados.Error as e:
            code = getattr(e, "errno", None) or errno.EIO
            raise OSError(abs(code), f"RADOS: {e}") from None

    return wrapper  # type: ignore[return-value]


class RadosState:
    """One RADOS connection to the recovery pool's cluster namespace (blocking calls)."""

    @_oserror
    def __init__(self, conf: str, pool: str, namespace: str, *, client_id: str = "admin",
                 keyring: str | None = None, timeout: float = 30.0) -> None:
        """Connect, and create ``pool`` if it does not exist.

        Raises: OSError (rados.Error is one: no cluster answering, no permission).
        """
        import rados

        self._rados = rados
        opts = {"keyring": keyring} if keyring else {}
        self.cluster = rados.Rados(conffile=conf, rados_id=client_id, conf=opts)
        self.cluster.connect(timeout=int(timeout))
        try:
            if not self.cluster.pool_exists(pool):
                try:
                    self.cluster.create_pool(pool)
                except rados.ObjectExists:
                    pass  # another gateway made it meanwhile
            self.ioctx = self.cluster.open_ioctx(pool)
            self.ioctx.set_namespace(namespace)
        except BaseException:
            self.cluster.shutdown()
            raise
        self._watch: Any = None
        self._pending_notify: Any = None  # the last notify's completion (kept alive)

    @_oserror
    def close(self) -> None:
        if self._watch is not None:
            try:
                self._watch.close()
            except self._rados.Error:
                pass
            self._watch = None
        self.ioctx.close()
        self.cluster.shutdown()

    # -- the grace object -----------------------------------------------------------------

    def _omap(self, obj: str) -> dict[str, bytes] | None:
        """Every omap entry of ``obj`` (paged), None when it does not exist."""
        rados = self._rados
        out: dict[str, bytes] = {}
        after = ""
        while True:
            with rados.ReadOpCtx() as op:
                it, _ = self.ioctx.get_omap_vals(op, after, "", _PAGE)
                try:
                    self.ioctx.operate_read_op(op, obj)
                except rados.ObjectNotFound:
                    return None
                page = [(k, bytes(v or b"")) for k, v in it]  # empty values read as None
            out.update(page)
            if len(page) < _PAGE:
                return out
            after = page[-1][0]

    @_oserror
    def read_grace(self) -> Shared:
        """The grace object (made, epoch 1 and no grace, when the cluster has none yet).

        Raises: ValueError when the object is not a grace object of ours.
        """
        omap = self._omap(GRACE_OBJECT)
        if omap is None:
            rados = self._rados
            first = Shared().encode()
            with rados.WriteOpCtx() as op:
                op.new(rados.LIBRADOS_CREATE_EXCLUSIVE)
                self.ioctx.set_omap(op, tuple(first), tuple(first.values()))
                try:
                    self.ioctx.operate_write_op(op, GRACE_OBJECT)
                except rados.ObjectExists:
                    pass  # another gateway made it first: read theirs
            omap = self._omap(GRACE_OBJECT) or first
        return Shared.decode(omap)

    @_oserror
    def cas_grace(self, new: Shared, seq: int) -> bool:
        """Write ``new`` if the object's ``seq`` is still ``seq``; False when it changed."""
        rados = self._rados
        enc = new.encode()
        with rados.WriteOpCtx() as op:
            op.omap_cmp("seq", str(seq), rados.LIBRADOS_CMPXATTR_OP_EQ)
            self.ioctx.set_omap(op, tuple(enc), tuple(enc.values()))
            try:
                self.ioctx.operate_write_op(op, GRACE_OBJECT)
            except rados.Error as e:
                if getattr(e, "errno", None) == errno.ECANCELED:
                    return False
                raise
        return True

    def notify(self) -> None:
        """Tell the watchers the grace object changed (they re-read it).  Does not wait for
        their acks: a dead gateway's watch lingers until the OSD times it out (30 s), and a
        notify waits for every watcher, so a waited notify would hold up this gateway's
        heartbeats (it would then look dead itself)."""

        def done(*_args: object) -> None:
            pass

        self._pending_notify = self.ioctx.aio_notify(GRACE_OBJECT, done, "", 10_000)

    @_oserror
    def watch(self, on_notify: Callable[[], None]) -> None:
        """Call ``on_notify`` (on a librados thread) whenever the grace object is notified,
        and when the watch breaks (the caller then re-reads, and polls)."""

        def cb(*_args: object) -> None:
            on_notify()

        def err(*_args: object) -> None:
            on_notify()

        self._watch = self.ioctx.watch(GRACE_OBJECT, cb, err)

    @_oserror
    def shared_secret(self, mine: bytes) -> bytes:
        """The cluster's file handle secret: ``mine`` if this gateway is the first to ask,
        else the one stored (handles minted by one gateway must verify on every other)."""
        rados = self._rados
        with rados.WriteOpCtx() as op:
            op.new(rados.LIBRADOS_CREATE_EXCLUSIVE)
            op.write_full(mine)
            try:
                self.ioctx.operate_write_op(op, SECRET_OBJECT)
                return mine
            except rados.ObjectExists:
                pass
        data = bytes(self.ioctx.read(SECRET_OBJECT, 64))
        if len(data) < 32:
            raise ValueError(f"{SECRET_OBJECT}: {len(data)} bytes, not a secret of ours")
        return data[:32]

    # -- records ------------------------------------------------------------------------

    @_oserror
    def add_records(self, epoch: int, node: str, owners: Iterable[bytes]) -> None:
        rados = self._rados
        keys = [o.hex() for o in owners]
        for i in range(0, len(keys), _BATCH):
            batch = tuple(keys[i:i + _BATCH])
            with rados.WriteOpCtx() as op:
                self.ioctx.set_omap(op, batch, (b"",) * len(batch))
                self.ioctx.operate_write_op(op, rec_object(epoch, node))

    @_oserror
    def remove_record(self, epoch: int, node: str, owner: bytes) -> None:
        rados = self._rados
        with rados.WriteOpCtx() as op:
            self.ioctx.remove_omap_keys(op, (owner.hex(),))
            try:
                self.ioctx.operate_write_op(op, rec_object(epoch, node))
            except rados.ObjectNotFound:
                pass

    @_oserror
    def load_records(self, epoch: int, nodes: Iterable[str]) -> dict[str, set[bytes]]:
        out = {}
        for n in nodes:
            omap = self._omap(rec_object(epoch, n))
            if omap:
                out[n] = {bytes.fromhex(k) for k in omap}
        return out

    @_oserror
    def remove_records(self, epoch: int, nodes: Iterable[str]) -> None:
        for n in nodes:
            try:
                self.ioctx.remove_object(rec_object(epoch, n))
            except self._rados.ObjectNotFound:
                pass


class ClusterAgent:
    """One gateway's member of the cluster: runs its `ClusterNode` against `RadosState`.

    ``recorded()`` gives this gateway's recorded client owners now (carried into each new
    epoch).  ``on_takeover(node)`` is called (on the loop) when this gateway started a grace
    for a dead node (the edge then ends the dead node's CephFS sessions).
    """

    def __init__(self, state_factory: Callable[[], RadosState], node: ClusterNode,
                 recorded: Callable[[], set[bytes]],
                 on_takeover: Callable[[str], None] | None = None,
                 on_error: Callable[[str], None] | None = None,
                 on_fenced: Callable[[], None] | None = None) -> None:
        self._factory = state_factory
        self.node = node
        self._recorded = recorded
        self._on_takeover = on_takeover
        self._on_error = on_error
        self._on_fenced = on_fenced
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="rados")
        self.rados: RadosState | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        #: the epoch this gateway's records go to (its clients were carried into it)
        self.record_epoch = 0
        self.rounds = 0

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    async def connect(self) -> RadosState:
        """Connect to the recovery pool (start-up; before `start`).

        Raises: OSError when the cluster cannot be reached (a start-up error)."""
        if self.rados is None:
            self.rados = await self._call(self._factory)
        return self.rados

    async def shared_secret(self, mine: bytes) -> bytes:
        return await self._call((await self.connect()).shared_secret, mine)

    async def start(self) -> None:
        """Watch, and write this gateway's start (rule 1) before returning."""
        self._loop = asyncio.get_running_loop()
        rados = await self.connect()
        await self._call(rados.read_grace)  # made if missing: a watch needs the object
        await self._call(rados.watch, self._notified)
        await self.round()
        self._task = asyncio.create_task(self._run(), name="cluster-grace")

    def _notified(self) -> None:  # a librados thread
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def _run(self) -> None:
        while True:
            delay = max(0.0, self.node.next_wakeup() - self.node.clock())
            try:
                await asyncio.wait_for(self._wake.wait(), delay)
            except TimeoutError:
                pass
            self._wake.clear()
            try:
                await self.round()
            except asyncio.CancelledError:
                raise
            except OSError as e:  # the cluster is unreachable for now: the poll retries
                log.warning("cluster grace: %s (retrying)", e)
                await asyncio.sleep(min(self.node.poll, 1.0))
            except Exception:
                log.exception("cluster grace round failed")
                if self._on_error is not None:
                    self._on_error("cluster_grace")
                await asyncio.sleep(self.node.poll)

    async def round(self) -> None:
        """Read the object, bring the records up to date, write what the node plans (until
        it plans nothing), notify the others of every change but heartbeats."""
        assert self.rados is not None
        node, r = self.node, self.rados
        self.rounds += 1
        for _ in range(50):
            s = await self._call(r.read_grace)
            node.process_shared(s)
            if node.started:
                await self._carry(s.epoch)
            want = node.records_wanted()
            if want is not None:
                rec, cur = want
                recl = await self._call(r.load_records, rec, list(s.members))
                done_by = await self._call(r.load_records, cur, list(s.members))
                done: set[bytes] = set().union(*done_by.values()) if done_by else set()
                node.process_records(rec, cur, recl, done)
            if node.fenced():
                log.error("cluster grace: this gateway (%s) was taken over as dead (its "
                          "heartbeat ran late): its clients reclaim elsewhere, and its "
                          "CephFS session is ended; it must restart", node.node)
                if self._on_fenced is not None:
                    self._on_fenced()
                return
            new = node.plan()
            if new is None:
                return
            if not await self._call(r.cas_grace, new, s.seq):
                continue  # lost a race: re-read
            node.process_written(new)
            await self._carry(new.epoch)
            if _changed(s, new):
                log.info("cluster grace: epoch %d, recovery %d, needing %s", new.epoch,
                         new.recovery, ",".join(new.needing()) or "none")
                await self._call(r.notify)
            for n, m in new.members.items():
                old = s.members.get(n)
                if n != node.node and m.flags & TAKEN and (old is None
                                                           or not old.flags & TAKEN):
                    log.warning("cluster grace: node %s is dead (no heartbeat): grace "
                                "for its clients", n)
                    if self._on_takeover is not None:
                        self._on_takeover(n)
            if s.recovery and not new.recovery:
                await self._call(r.remove_records, s.recovery, list(new.members))
        raise RuntimeError("cluster grace: 50 rounds without settling")

    async def _carry(self, epoch: int) -> None:
        """A new epoch: this gateway's recorded clients are carried into it (at its own
        start there are none yet: they come back by reclaiming)."""
        if epoch != self.record_epoch:
            assert self.rados is not None
            await self._call(self.rados.add_records, epoch, self.node.node,
                             sorted(self._recorded()))
            self.record_epoch = epoch

    def record(self, owner: bytes) -> None:
        """``owner`` finished reclaiming here: recorded in the current epoch (in order)."""
        self._spawn(self._add, owner)

    def forget(self, owner: bytes) -> None:
        self._spawn(self._remove, owner)

    def _add(self, owner: bytes) -> None:
        assert self.rados is not None
        self.rados.add_records(self.record_epoch or self.node.epoch, self.node.node, [owner])
        if self.node.in_grace() and self._loop is not None:
            # a client finished reclaiming: the grace may be over now (rule 5)
            self._loop.call_soon_threadsafe(self._wake.set)

    def _remove(self, owner: bytes) -> None:
        assert self.rados is not None
        self.rados.remove_record(self.record_epoch or self.node.epoch, self.node.node, owner)

    def _spawn(self, fn: Callable[[bytes], None], owner: bytes) -> None:
        fut = self._pool.submit(fn, owner)

        def done(f: concurrent.futures.Future[None]) -> None:
            exc = f.exception()
            if exc is not None:
                log.error("cluster records: %s", exc)
                if self._on_error is not None and self._loop is not None:
                    self._loop.call_soon_threadsafe(self._on_error, "cluster_records")

        fut.add_done_callback(done)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            # wait() neither raises the task's CancelledError nor swallows ours: catching
            # CancelledError around ``await self._task`` would also swallow a cancellation
            # of the caller (a stopping server, a test's interrupt) and carry on.
            await asyncio.wait([self._task])
        if self.rados is not None:
            await self._call(self.rados.close)
            self.rados = None
        self._pool.shutdown(wait=True)


def _changed(old: Shared, new: Shared) -> bool:
    """More than a heartbeat changed (the others need to know)."""
    if (old.epoch, old.recovery) != (new.epoch, new.recovery):
        return True
    flags: Mapping[str, int] = {n: m.flags for n, m in old.members.items()}
    return any(flags.get(n) != m.flags for n, m in new.members.items())


def wall_clock() -> float:
    return time.time()
