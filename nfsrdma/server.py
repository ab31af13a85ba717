"""Server wiring: storage, programs, dispatcher, transports, metrics, rpcbind, signals.

Operation: `Server.start()` builds the page pool and one storage backend per export, the
NFS service, and a dispatcher with the MOUNT and NFS programs (plus the portmapper when
asked); it then listens on TCP (NFS port and MOUNT port; both ports serve both programs, as
Ganesha does) and on RPC-over-RDMA when a device exists or the soft fabric is chosen.
`Server.stop()` stops accepting, lets in-flight replies finish, and closes storage.
In a worker process of ``--workers N`` (`nfsrdma.workers`, ``cfg.worker`` set) the server
listens on nothing: `Server.adopter` takes the connections its supervisor hands over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import posixpath
import resource
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from nfsrdma import mount3
from nfsrdma.cluster.locks import CephLockMirror
from nfsrdma.cluster.rados import ClusterAgent
from nfsrdma.config import ServerConfig
from nfsrdma.core.delegations import NO_DELEGATIONS, Delegations
from nfsrdma.core.handles import load_secret
from nfsrdma.exports import NOBODY, ExportsError, ExportTable, format_options
from nfsrdma.locks.manager import LockManager
from nfsrdma.nfs3.program import build_program as build_nfs3
from nfsrdma.nfs4.compound import Nfs4Service
from nfsrdma.nfs4.program import build_server as build_nfs4_state
from nfsrdma.nfs4.program import build_version as build_nfs4
from nfsrdma.nfs4.pseudofs import Namespace
from nfsrdma.nfs4.state.grace import ClusterGrace, FileStore
from nfsrdma.nlm.service import NlmService
from nfsrdma.nsm.service import NsmService
from nfsrdma.service import NfsService
from rpc.dispatch import Dispatcher, Program
from storage import Offload, run_blocking
from storage.backend import StorageBackend
from storage.pool import PagePool
from transport.budget import Budgets, Limits

log = logging.getLogger("nfsrdma")


def load_exports(cfg: ServerConfig) -> ExportTable:
    if cfg.exports_file is not None:
        return ExportTable.from_file(cfg.exports_file)
    if cfg.default_export:
        return default_export_table(Path(cfg.export_paths[0]))
    if cfg.storage == "cephfs":  # CephFS directories: nothing to make or resolve here
        return ExportTable.from_paths([posixpath.normpath("/" + str(p))
                                       for p in cfg.export_paths])
    for p in cfg.export_paths:
        Path(p).mkdir(parents=True, exist_ok=True)
    return ExportTable.from_paths([str(Path(p).resolve()) for p in cfg.export_paths])


def default_export_table(path: Path) -> ExportTable:
    """The embedded default: *path* to ``*``, every caller squashed to the directory's owner.

    Any host that reaches the port may mount it, so nobody gets root there: with all_squash
    to the owner a root user's userspace client still writes, but as that owner.  A directory
    owned by root (the server's own /srv/nfsrdma) is first handed to nobody (65534)."""
    path.mkdir(parents=True, exist_ok=True)
    st = path.stat()
    uid, gid = st.st_uid, st.st_gid
    if uid == 0 or gid == 0:
        uid = NOBODY if uid == 0 else uid
        gid = NOBODY if gid == 0 else gid
        os.chown(path, uid, gid)
        log.info("default export %s: owner set to uid %d gid %d (the squashed id)", path, uid, gid)
    opts = f"rw,all_squash,anonuid={uid},anongid={gid},insecure"
    log.warning(
        "default export %s: any host (*) may mount it read-write as uid %d gid %d (%s); "
        "narrow or widen it with --exports FILE (exports(5): hosts, ro, root_squash, "
        "no_root_squash) or --export PATH", path.resolve(), uid, gid, opts)
    return ExportTable.from_paths([str(path.resolve())], options=opts)


def raise_fd_limit() -> int:
    """Lift RLIMIT_NOFILE's soft limit to the hard one; returns the limit now in force.

    The vfs backend keeps an fd cache; at a distribution's default soft limit (1024) a busy
    export would run out of descriptors (seen with the kernel client creating thousands of
    files in one directory)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft < want:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
    return soft


def make_backend(kind: str, path: str, fd_budget: int = 1024) -> StorageBackend:
    if kind == "memory":
        from storage.memory import MemoryBackend

        return MemoryBackend()
    from storage.vfs import VfsBackend

    return VfsBackend(path, max_open=max(16, min(4096, fd_budget)))


def make_cephfs_backend(cfg: ServerConfig, path: str) -> StorageBackend:
    """The CephFS directory ``path`` of the cluster ``cfg.ceph_conf`` names (mounted now)."""
    from storage.cephfs import CephfsBackend

    options = {"keyring": str(cfg.ceph_keyring)} if cfg.ceph_keyring is not None else None
    return CephfsBackend(str(cfg.ceph_conf), path, client_id=cfg.ceph_id, options=options,
                         uuid=session_uuid(cfg, cfg.node_id, path))


def session_uuid(cfg: ServerConfig, node: str, path: str) -> str | None:
    """The CephFS session name of ``node``'s export of ``path`` in a cluster of gateways
    (None for a lone server): a restarted gateway, or the one taking a dead one over, ends
    that session so its capabilities and locks do not stall the others until the MDS's
    session timeout."""
    if cfg.cluster_name is None:
        return None
    return f"nfsrdma:{cfg.cluster_name}:{node}:{path}"


async def _callback_connect(host: str, port: int) -> Any:
    """An NFSv4.0 callback connection to a client's cb_location (RFC 7530 3.2.1)."""
    from transport.client.tcp import RpcTcpClient

    return await RpcTcpClient.connect(host, port, timeout=None)


class Server:
    def __init__(self, cfg: ServerConfig) -> None:
        self.cfg = cfg
        self.pool: PagePool | None = None
        self.service: NfsService | None = None
        self.dispatcher: Dispatcher | None = None
        self.metrics: Any = None
        self.transports: list[Any] = []
        self.rdma: Any = None
        self.rpcbind: Any = None
        self.ports: dict[str, int] = {}
        self.portmapper_serving = False
        self.nfs4: Nfs4Service | None = None
        #: the one byte-range lock manager, handed to NFSv4 and NLM alike (a v3 NLM lock
        #: and a v4 LOCK on the same file conflict: both key it by (export id, fid)).
        self.locks = LockManager(clock=time.monotonic)
        self.lease_timer: asyncio.Task[None] | None = None
        self.nsm: NsmService | None = None
        self.nlm: NlmService | None = None
        self.grace_timer: asyncio.Task[None] | None = None
        self._nlm_grace_due = False  # NLM grace on, its clock not started yet (start())
        # What each connection and client address may hold: one for every listener (TCP and
        # RDMA), so an address's connections over both transports share one budget.
        self.budgets: Budgets | None = None
        self._reloading = asyncio.Lock()
        self._retired: set[asyncio.Task[None]] = set()
        self._fd_budget = 1024
        #: a worker's one TcpRpcServer, serving the connections its supervisor hands over
        self.adopter: Any = None
        #: the cluster of gateways this one belongs to (--cluster-name), and its grace
        self.cluster: ClusterAgent | None = None
        self.cluster_grace: ClusterGrace | None = None
        self.lock_mirror: CephLockMirror | None = None

    @property
    def delegations(self) -> Delegations:
        """What every protocol asks before changing a file (`core.delegations`): NFSv4's
        delegations once started with NFSv4, else nothing."""
        return self.service.delegations if self.service is not None else NO_DELEGATIONS

    async def start(self) -> None:
        cfg = self.cfg
        cfg.state_dir.mkdir(parents=True, exist_ok=True)
        table = load_exports(cfg)
        if not len(table):
            raise SystemExit("nfsrdma: no exports configured")
        self.pool = PagePool(cfg.pool_mib << 20)
        reply = cfg.conn_reply_kib << 10 if cfg.conn_reply_kib is not None else None
        self.budgets = Budgets(Limits.for_pool(
            self.pool.npages, conn_pages=cfg.conn_pool_pages,
            client_pages=cfg.client_pool_pages, conn_reply_bytes=reply,
            stall_timeout=cfg.stall_timeout, client_running=cfg.client_running_calls,
            total_running=cfg.running_calls or None))
        if cfg.io_threads is not None:
            from storage._offload import set_default

            set_default(Offload(workers=cfg.io_threads)).close()
        # Half the descriptors for the exports' fd caches, the rest for sockets and the rest.
        budget = self._fd_budget = (raise_fd_limit() - 128) // (2 * len(table))
        backends: dict[int, StorageBackend] = {}
        try:
            for e in table:
                backends[e.id] = self._make_backend(e.path, budget)
        except BaseException:
            self.close_backends(backends.values())
            raise
        secret = None
        if cfg.cluster_name is not None:
            # The gateways share the handle secret (a handle of one verifies on the others).
            secret = await self._cluster_agent().shared_secret(load_secret(cfg.state_dir))
        self.service = NfsService(table, backends, self.pool, cfg.state_dir, secret=secret)
        if cfg.worker is not None:  # one verifier for every worker (docs/workers.md)
            self.service.write_verifier = cfg.worker.write_verifier
        await self.service.open()
        observer = None
        if cfg.metrics_port is not None:
            from nfsrdma.metrics import Metrics

            self.metrics = Metrics(pool=self.pool)
            observer = self.metrics.observer
            self.service.ops = self.metrics
        if self.cluster is not None:
            await self._start_cluster(self.cluster)
        if cfg.storage == "cephfs":
            self._mirror_locks()
        self.dispatcher = Dispatcher(observer=observer)
        nfs3 = build_nfs3(self.service)
        versions = list(nfs3.versions.values())
        if cfg.nfs4:
            # NFSv4 client records that must survive a restart (who may reclaim in grace).
            self.nfs4 = build_nfs4_state(self.service, cfg.max_record, lease_time=cfg.lease_time,
                                         grace_time=cfg.grace_time,
                                         store=FileStore(cfg.state_dir / "nfs4-clients"),
                                         locks=self.locks,
                                         id_domain=cfg.nfs4_domain,
                                         owner_names=cfg.nfs4_idmap == "names",
                                         grace=self.cluster_grace)
            # No delegations on CephFS: another gateway (or any CephFS client) could change
            # the file without the recall this server would owe its holder (libcephfs'
            # ceph_ll_delegation would tell us; not used yet).
            self.nfs4.delegs.enabled = cfg.delegations and cfg.storage != "cephfs"
            if cfg.cluster_name is not None:
                # One server owner and scope for every gateway of the cluster: a client
                # moved from one to another sees the same server, restarted (RFC 8881 2.10.4)
                self.nfs4.owner = f"nfsrdma:{cfg.cluster_name}".encode()
            if cfg.delegations and cfg.storage == "cephfs":
                log.info("NFSv4 delegations off: the exports are on CephFS")
            versions.append(build_nfs4(self.service, cfg.max_record, self.nfs4))
            self.nfs4.callbacks.connect = _callback_connect
            if self.metrics is not None:
                self.nfs4.callbacks.observer = self.metrics
            self.lease_timer = asyncio.create_task(self._sweep_leases(self.nfs4), name="leases")
        # One NFS program (100003): v3, and v4 beside it when served.
        self.dispatcher.register(Program(nfs3.prog, versions, name="nfs"))
        if cfg.worker is None or cfg.worker.holds_state:
            # rmtab is one file: MOUNT is served by one process (worker 0 with --workers).
            self.dispatcher.register(mount3.build_program(self.service))
        if cfg.nlm:
            await self._start_nlm()
        if cfg.portmapper:
            from nfsrdma.portmap import PortmapRegistry, build_programs

            self.portmap = PortmapRegistry()
            for prog in build_programs(self.portmap):
                self.dispatcher.register(prog)
            self.portmap.register_local([(mount3.PROGRAM, 1), (mount3.PROGRAM, 3)], cfg.mount_port)
            self.portmap.register_local([(100003, v) for v in self.nfs_versions], cfg.nfs_port)
        await self._start_tcp()
        await self._start_rdma()
        if self.metrics is not None and cfg.metrics_port is not None:
            # A worker's registry is scraped by its supervisor only: loopback, any port.
            addr = "127.0.0.1" if cfg.worker is not None else cfg.listen[0]
            self.ports["metrics"] = self.metrics.start_http(cfg.metrics_port, addr)
        if cfg.nlm and cfg.portmapper:
            self.portmap.register_local(self.nlm_programs, self.nlm_port)
        if self.portmapper_serving:
            # Its own entry, as rpcbind keeps: `rpcinfo -p` first asks for (100000, 2)'s
            # address and says "Program not registered" without it.
            self.portmap.register_local([(100000, v) for v in (2, 3, 4)],
                                        self.ports["portmap"], owner="superuser")
        await self._register()
        if self.nsm is not None:
            self.nsm.notify_peers()  # the listeners are up: the clients may reclaim now
            if self._nlm_grace_due:
                self._nlm_grace_due = False
                self.grace_timer = asyncio.create_task(self._end_grace(self.cfg.grace_time),
                                                       name="nlm-grace")
        self._publish_exports()

    def _cluster_agent(self) -> ClusterAgent:
        """This gateway's member of the cluster (made, not yet connected or started)."""
        from nfsrdma.cluster.grace import ClusterNode
        from nfsrdma.cluster.rados import RadosState, wall_clock

        cfg = self.cfg
        assert cfg.cluster_name is not None
        lease = cfg.cluster_lease
        node = ClusterNode(cfg.node_id, wall_clock, cfg.grace_time, lease=lease,
                           poll=max(0.5, min(5.0, lease / 4)))
        grace = self.cluster_grace = ClusterGrace(node)
        keyring = str(cfg.ceph_keyring) if cfg.ceph_keyring is not None else None
        name, pool = cfg.cluster_name, cfg.ceph_recovery_pool

        def connect() -> RadosState:
            try:
                return RadosState(str(cfg.ceph_conf), pool, name, client_id=cfg.ceph_id,
                                  keyring=keyring)
            except OSError as e:
                raise ExportsError(f"cluster {name}: RADOS pool {pool} "
                                   f"({cfg.ceph_conf}): {e}", source="cluster") from None

        def on_error(what: str) -> None:
            if self.metrics is not None:
                self.metrics.observer.on_internal_error(100003, 4, what)

        def on_takeover(dead: str) -> None:
            task = asyncio.create_task(self._end_sessions(dead), name="cluster-takeover")
            self._retired.add(task)
            task.add_done_callback(self._retired.discard)

        def on_fenced() -> None:  # taken over as dead: our state is void, restart
            os.kill(os.getpid(), signal.SIGTERM)

        self.cluster = ClusterAgent(connect, node, lambda: set(grace.recorded),
                                    on_takeover=on_takeover, on_error=on_error,
                                    on_fenced=on_fenced)
        grace.sink = self.cluster
        return self.cluster

    async def _start_cluster(self, agent: ClusterAgent) -> None:
        """Join the cluster's grace (our start is written before any listener opens: until
        then, and until every live gateway enforces it, no reclaim is granted)."""
        await agent.start()
        node = agent.node
        log.info("cluster %s: node %s, epoch %d, %s", self.cfg.cluster_name, node.node,
                 node.epoch, "in grace" if node.in_grace() else "no grace in force")

    def _mirror_locks(self) -> None:
        """Byte-range locks also taken in CephFS: another gateway's (or CephFS client's)
        lock then conflicts with ours (`cluster.locks`)."""
        from nfsrdma.cluster.locks import CephLockMirror

        svc = self.service
        assert svc is not None

        def backend_of(export_id: int) -> StorageBackend | None:
            rt = svc.policy.by_id.get(export_id)
            return rt.backend if rt is not None else None

        def on_error(what: str) -> None:
            if self.metrics is not None:
                self.metrics.observer.on_internal_error(100003, 4, what)

        self.lock_mirror = CephLockMirror(self.cfg.node_id, backend_of, on_error)
        self.locks.arbiter = self.lock_mirror
        self.locks.held_listeners.append(self.lock_mirror.on_held)

    async def _end_sessions(self, dead: str) -> None:
        """End the CephFS sessions of the dead gateway ``dead`` for every path we export
        (gateways of a cluster export the same paths)."""
        from storage._libcephfs import end_session

        assert self.service is not None
        options = ({"keyring": str(self.cfg.ceph_keyring)}
                   if self.cfg.ceph_keyring is not None else None)
        for e in self.service.exports:
            uuid = session_uuid(self.cfg, dead, e.path)
            assert uuid is not None
            try:
                await run_blocking(end_session, str(self.cfg.ceph_conf), self.cfg.ceph_id,
                                   uuid, options)
                log.info("cluster: ended %s's CephFS session for %s", dead, e.path)
            except OSError as err:
                log.warning("cluster: ending %s's CephFS session for %s: %s", dead, e.path,
                            err)

    def _publish_exports(self) -> None:
        """Log the exports in force and show them on /metrics (`nfsrdma exports`)."""
        assert self.service is not None
        for e in self.service.exports:
            log.info("exporting %s (id %#x) to %s", e.path, e.id, ", ".join(e.client_names()))
        if self.metrics is not None:
            from nfsrdma.metrics import ExportRow

            self.metrics.set_exports(
                ExportRow(e.path, f"{e.id:#x}", r.spec, format_options(r.options))
                for e in self.service.exports for r in e.export.clients)

    def _make_backend(self, path: str, fd_budget: int) -> StorageBackend:
        """The backend of one export: ``--storage``'s kind over ``path``.

        Raises: ExportsError when a CephFS directory cannot be served (missing, no cluster
            answering): a configuration error, reported without a traceback.
        """
        if self.cfg.storage == "cephfs":
            try:
                return make_cephfs_backend(self.cfg, path)
            except OSError as e:
                raise ExportsError(f"{path}: CephFS ({self.cfg.ceph_conf}): {e.strerror or e}",
                                   source="cephfs") from None
        return make_backend(self.cfg.storage, path, fd_budget)

    def close_backends(self, backends: Iterable[StorageBackend] = (),
                       served: bool = True) -> None:
        """Close ``backends`` and (``served``) the exports' (a cephfs backend ends its CephFS
        session, so its capabilities do not hold up the next server for the MDS's session
        timeout).  Blocks (unmounts): at stop, or on a storage thread."""
        every = list(backends)
        if served and self.service is not None:
            every += [e.backend for e in self.service.exports]
        for be in every:
            close = getattr(be, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:
                    log.exception("closing a storage backend")

    async def reload_exports(self) -> bool:
        """Re-read the exports file and serve it (SIGHUP; exportfs -r).

        Connections stay; the new table applies to every call from the swap on, mounted
        or not: an unchanged export keeps its handles, a changed one applies its new
        options, a removed one answers STALE (and MNT NOENT).  A file that does not parse,
        or an export that cannot be opened, is logged and counted, and the exports in force
        stay.  Reloads run one at a time.

        Returns: True when the new table is in force.
        """
        async with self._reloading:
            ok = await self._reload()
        if self.metrics is not None:
            self.metrics.exports_reloads.labels(result="ok" if ok else "error").inc()
        return ok

    async def _reload(self) -> bool:
        cfg, svc = self.cfg, self.service
        assert svc is not None
        if cfg.exports_file is None:
            log.error("exports reload: the server was started without --exports FILE; "
                      "nothing to re-read (the exports in force stay)")
            return False
        opened: dict[int, StorageBackend] = {}
        try:
            # Parsing resolves host names (getaddrinfo): off the loop.
            table = await run_blocking(ExportTable.from_file, cfg.exports_file)
            if not len(table):
                raise ExportsError("no exports left", source=str(cfg.exports_file))
            old_table = svc.policy.table
            # New exports' backends are opened on a storage thread first (mounting a CephFS
            # waits for the cluster: never on the loop); the table swap then takes them.
            served = {rt.id: rt.path for rt in svc.policy.exports}
            for e in table:
                if served.get(e.id) != e.path and e.id not in opened:
                    opened[e.id] = await run_blocking(self._make_backend, e.path,
                                                      self._fd_budget)
            removed = await svc.policy.reload(table, lambda e: opened.pop(e.id))
        except (ExportsError, OSError) as e:  # StorageError is an OSError
            log.error("exports reload: %s; the exports in force stay", e)
            return False
        finally:
            if opened:  # opened for a reload that failed: not served, closed off the loop
                await run_blocking(self.close_backends, list(opened.values()), False)
        old_table.names.close()
        if self.nfs4 is not None:
            # The pseudo tree follows the exports; its node ids are path hashes, so handles
            # of pseudo directories that are still there stay valid.
            self.nfs4.ns = Namespace(svc.policy)
        for rt in removed:
            log.info("exports reload: %s (id %#x) no longer exported; its handles are stale",
                     rt.path, rt.id)
            task = asyncio.create_task(self._retire(rt.backend), name="retire-export")
            self._retired.add(task)
            task.add_done_callback(self._retired.discard)
        log.info("exports reloaded from %s", cfg.exports_file)
        self._publish_exports()
        return True

    async def _retire(self, backend: StorageBackend, grace: float = 10.0) -> None:
        """Close a removed export's backend once calls that resolved it before the swap are
        done with it (no new call can reach it: its handles are STALE)."""
        await asyncio.sleep(grace)
        await run_blocking(self.close_backends, [backend], False)  # unmounting blocks

    async def _start_nlm(self) -> None:
        """NLM and NSM on the one lock manager; grace when the previous instance had
        monitored clients (they reclaim their locks)."""
        from nfsrdma.nlm.program import build_program as build_nlm
        from nfsrdma.nlm.service import NlmService
        from nfsrdma.nsm.program import build_program as build_nsm
        from nfsrdma.nsm.service import NsmService
        from nfsrdma.nsm.store import SmStore
        from nfsrdma.peers import PeerCaller

        assert self.dispatcher is not None and self.service is not None
        peers = PeerCaller(rpcbind_port=self.cfg.peer_rpcbind_port)
        self.nsm = NsmService(SmStore(self.cfg.state_dir), peers)
        reclaimers = await self.nsm.start()
        if reclaimers:
            # Clients held locks before this start: only their reclaims are granted (one
            # grace for every protocol: the manager's flag), from before the first listener
            # opens until --grace-time after they are told (start() runs the clock: a slow
            # start, RDMA's under emulation took 30 s, must not eat their grace).
            self.locks.grace = True
            self._nlm_grace_due = True
        self.nlm = NlmService(self.service, self.locks, self.nsm, peers)
        if self.metrics is not None:
            observer = self.metrics.observer
            self.nlm.on_internal_error = lambda what: observer.on_internal_error(
                100021, 4, what)
            self.nlm.on_call_out = self.nsm.on_call_out = self.metrics.on_lock_call_out
        self.dispatcher.register(build_nlm(self.nlm))
        self.dispatcher.register(build_nsm(self.nsm))

    async def _end_grace(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        self.locks.grace = False
        log.info("NLM grace period over")

    @property
    def nlm_programs(self) -> list[tuple[int, int]]:
        """NLM v1/v3/v4 and NSM v1, as registered with rpcbind and our portmapper."""
        return [(100021, 1), (100021, 3), (100021, 4), (100024, 1)]

    @property
    def nlm_port(self) -> int:
        """Where NLM and NSM are registered: --nlm-port, else the NFS port (every listener
        serves every program)."""
        return self.ports.get("nlm") or self.ports["nfs"]

    async def _start_tcp(self) -> None:
        from transport.tcp.server import TcpRpcServer

        cfg = self.cfg
        assert self.dispatcher is not None and self.pool is not None
        if cfg.worker is not None:
            # A worker listens on nothing: its supervisor bound the ports and hands it each
            # connection (nfsrdma.workers, TcpRpcServer.adopt).
            self.adopter = TcpRpcServer(self.dispatcher, self.pool, None, 0,
                                        max_record=cfg.max_record, metrics=self.metrics,
                                        max_connections=cfg.max_connections,
                                        idle_timeout=cfg.idle_timeout or None,
                                        budgets=self.budgets)
            self.transports.append(self.adopter)
            self.ports.update(cfg.worker.ports)
            self.portmapper_serving = cfg.worker.portmapper_serving
            return
        ports = [("nfs", cfg.nfs_port), ("mount", cfg.mount_port)]
        if cfg.nlm and cfg.nlm_port is not None:
            ports.append(("nlm", cfg.nlm_port))
        if cfg.portmapper:
            ports.append(("portmap", 111))
        seen: set[int] = set()
        for name, port in ports:
            if port in seen and port != 0:
                continue
            seen.add(port)
            srv = TcpRpcServer(self.dispatcher, self.pool, cfg.listen, port,
                               max_record=cfg.max_record, metrics=self.metrics,
                               max_connections=cfg.max_connections,
                               idle_timeout=cfg.idle_timeout or None, budgets=self.budgets)
            try:
                await srv.start()
            except OSError as e:
                if name != "portmap":
                    raise
                # Port 111 belongs to someone else (usually the system rpcbind): NFS and
                # MOUNT still serve, and _register() registers them with whoever is there.
                log.warning("portmapper: cannot listen on port 111 (%s); not serving it", e)
                continue
            if name == "portmap":
                self.portmapper_serving = True
            self.transports.append(srv)
            self.ports[name] = srv.port
            log.info("%s: TCP on %s port %d", name, ",".join(cfg.listen), srv.port)

    async def _start_rdma(self) -> None:
        cfg = self.cfg
        if cfg.rdma == "off":
            return
        try:
            from transport.rdma.listen import start_rdma_listener
        except ImportError:
            log.info("RPC-over-RDMA transport not available in this build")
            return
        try:
            self.rdma = await start_rdma_listener(cfg, self.dispatcher, self.pool, self.metrics,
                                                  self.budgets)
        except Exception as e:  # NoDeviceError and friends: TCP keeps serving
            if cfg.rdma == "on":
                # Asked for explicitly: a one-line reason and a non-zero exit, not a traceback.
                raise SystemExit(f"nfsrdma: --rdma on, but RPC-over-RDMA cannot start "
                                 f"(verbs {cfg.verbs}): {e}") from None
            log.info("RPC-over-RDMA off: %s", e)
            return
        self.ports["rdma"] = self.rdma.port
        log.info("RPC-over-RDMA on %s port %d (verbs %s)", ",".join(cfg.listen),
                 self.rdma.port, self.rdma.provider_name)

    @property
    def nfs_versions(self) -> tuple[int, ...]:
        """The NFS versions served (and registered with rpcbind / our portmapper)."""
        return (3, 4) if self.cfg.nfs4 else (3,)

    async def _register(self) -> None:
        if not self.cfg.register_rpcbind or self.portmapper_serving:
            return
        try:
            from nfsrdma.portmap import RpcbindRegistrar
        except ImportError:
            return
        self.rpcbind = RpcbindRegistrar()
        await self.rpcbind.register_server(self.ports.get("nfs"), self.ports.get("mount"),
                                           nfs_versions=self.nfs_versions)
        if self.cfg.nlm:
            await self.rpcbind.register(self.nlm_port, self.nlm_programs)

    async def _sweep_leases(self, nfs4: Nfs4Service) -> None:
        """The lease timer: expire NFSv4 clients whose lease ran out, and lock waiters and
        pending grants past their deadlines (the tables never sleep; this is the edge that
        calls them when they ask to be)."""
        while True:
            try:
                delay = nfs4.sweep()
            except Exception:  # a bug in an expiry callback: logged, counted, timer lives on
                log.exception("NFSv4 lease sweep failed")
                if self.metrics is not None:
                    self.metrics.observer.on_internal_error(100003, 4, "lease_sweep")
                delay = 1.0
            await asyncio.sleep(delay)

    async def stop(self, grace: float = 5.0) -> None:
        if self.grace_timer is not None:
            self.grace_timer.cancel()
        if self.cluster is not None:
            await self.cluster.close()
        for part in (self.nlm, self.nsm):
            if part is not None:
                await part.close()
        if self.lease_timer is not None:
            self.lease_timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.lease_timer
        if self.rpcbind is not None:
            with contextlib.suppress(Exception):
                await self.rpcbind.unregister_all()
        if self.rdma is not None:
            await self.rdma.close(grace)
        for t in self.transports:
            await t.close(grace)
        for task in list(self._retired):
            task.cancel()
        if self.lock_mirror is not None:
            await run_blocking(self.lock_mirror.close)  # its queued CephFS calls finish
        if self.service is not None:
            await self.service.mounts.flush()
            self.service.table.names.close()
            self.close_backends()
        if self.metrics is not None:
            with contextlib.suppress(Exception):
                self.metrics.stop_http()


async def _serve(cfg: ServerConfig,
                 attach: Callable[[Server, asyncio.Event], None] | None = None) -> None:
    """Run a server until SIGTERM/SIGINT; ``attach(server, stop)`` runs once it serves (a
    worker process connects its supervisor's hand-over there, `nfsrdma.workers`)."""
    server = Server(cfg)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Before start(): the ports are open (and calls served) while start() still registers
    # with rpcbind, which may take its whole timeout; a SIGTERM then must stop cleanly too.
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    reloads: set[asyncio.Task[bool]] = set()

    def on_sighup() -> None:
        if server.service is None:
            log.warning("SIGHUP before the exports were loaded: ignored")
            return
        log.info("SIGHUP: re-reading the exports")
        task = asyncio.create_task(server.reload_exports(), name="exports-reload")
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    loop.add_signal_handler(signal.SIGHUP, on_sighup)
    try:
        await server.start()
    except BaseException:
        server.close_backends()
        raise
    log.info("nfsrdma ready (pid %d)", os.getpid())
    if attach is not None:
        attach(server, stop)
    await stop.wait()
    log.info("stopping: finishing in-flight replies")
    await server.stop()
    log.info("stopped")


def new_runner() -> asyncio.Runner:
    """An asyncio runner on uvloop's loop when it is installed."""
    try:
        import uvloop

        return asyncio.Runner(loop_factory=uvloop.new_event_loop)
    except ImportError:
        return asyncio.Runner()


def serve_forever(cfg: ServerConfig,
                  attach: Callable[[Server, asyncio.Event], None] | None = None) -> int:
    with new_runner() as runner:
        try:
            runner.run(_serve(cfg, attach))
        except ExportsError as e:  # a configuration error: say where, not a traceback
            log.error("exports: %s", e)
            return 2
    return 0
