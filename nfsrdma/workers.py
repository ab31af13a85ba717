"""`nfsrdma serve --workers N`: a supervisor process and N worker processes (docs/workers.md).

Operation
---------
The supervisor binds every TCP listener and the metrics port, then starts N workers
(``python -m nfsrdma.workers FD``), each with one end of an ``AF_UNIX``/``SOCK_SEQPACKET``
socketpair over which it is sent its `WorkerRole` and config (pickled: parent to its own
child) and later its connections (``SCM_RIGHTS``), and over which it answers once, when it
serves (JSON: pid, metrics port). The supervisor accepts each connection, peeks at the first
call's header (`route`: NFSv3 by client address, everything else to worker 0), sends the
socket to that worker and closes its own copy; the worker's `TcpRpcServer.adopt` serves it.

A worker that dies closes its socketpair: the supervisor reaps it and starts another with
the same index. One that dies before serving (a bad exports file) stops the server with its
exit status. SIGHUP goes to every worker; SIGTERM/SIGINT stop the workers, then the
supervisor. ``/metrics`` on the supervisor scrapes every worker and sums (`merge_families`).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import replace
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector

from nfsrdma.config import ServerConfig, WorkerRole

__all__ = ["HEADER_BYTES", "Supervisor", "merge_families", "route", "supervise", "worker_for"]

log = logging.getLogger("nfsrdma.workers")

#: What `route` reads of a connection's first record: the record mark, then the call's xid,
#: message type, RPC version, program and version (RFC 5531 §9; RFC 5531 §11 record mark).
HEADER_BYTES = 24
_NFS_PROGRAM, _CALL = 100003, 0
#: A connection that sends no complete call header within this many seconds is closed
#: unrouted (it holds nothing but a socket in the supervisor meanwhile).
PEEK_TIMEOUT = 30.0
#: A worker that dies within this many seconds of starting is restarted after RESTART_DELAY
#: (a crash loop costs a start a second, not a busy loop).
EARLY_DEATH, RESTART_DELAY = 5.0, 1.0
#: How long a connection waits for its worker while that worker is being restarted.
HANDOVER_WAIT = 30.0


def _address_number(host: str) -> int:
    """An address as a number (an IPv4-mapped IPv6 address as its IPv4 one; 0 for a name
    that is no address)."""
    try:
        ip = ipaddress.ip_address(host.partition("%")[0])
    except ValueError:
        return 0
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return int(ip)


def worker_for(host: str, count: int, server: str = "") -> int:
    """The worker of a client address ``host`` that reached the server's address ``server``:
    ``(host + server) mod count`` as numbers.  A client retransmits through the address it
    mounted, so its DRC entries stay in one worker; a host mounting through two server
    addresses may use two workers (one per mount)."""
    return (_address_number(host) + _address_number(server)) % count


def route(header: bytes, host: str, count: int, server: str = "") -> int:
    """The worker a new connection goes to, from its first ``HEADER_BYTES`` bytes.

    An NFSv3 call goes to `worker_for` its client's address and the server address it
    reached (all of one host's connections through one address on one worker: its DRC);
    anything else (NFSv4, MOUNT, NLM, NSM, the portmapper, a header that is no call) to
    worker 0, which holds every stateful program (docs/workers.md).
    """
    if count > 1 and len(header) >= HEADER_BYTES:
        _mark, _xid, mtype, _rpcvers, prog, vers = struct.unpack_from(">6I", header)
        if mtype == _CALL and prog == _NFS_PROGRAM and vers == 3:
            return worker_for(host, count, server)
    return 0


def _keeps_max(name: str) -> bool:
    """Samples that are no amounts: an info row, a creation or load time."""
    return name.endswith(("_info", "_created", "_timestamp_seconds"))


def merge_families(scrapes: Iterable[Iterable[Metric]]) -> list[Metric]:
    """The families of several workers' scrapes as one: samples with the same name and labels
    summed (counters, gauges, histogram buckets, sums and counts), info rows and timestamps
    kept at their maximum."""
    families: dict[str, tuple[Metric, dict[tuple[str, tuple[tuple[str, str], ...]], float]]] = {}
    for scrape in scrapes:
        for fam in scrape:
            entry = families.get(fam.name)
            if entry is None:
                entry = families[fam.name] = (Metric(fam.name, fam.documentation, fam.type), {})
            values = entry[1]
            for s in fam.samples:
                key = (s.name, tuple(sorted(s.labels.items())))
                old = values.get(key)
                if old is None:
                    values[key] = s.value
                elif _keeps_max(s.name) or _keeps_max(fam.name):
                    values[key] = max(old, s.value)
                else:
                    values[key] = old + s.value
    out = []
    for fam, values in families.values():
        for (name, labels), value in values.items():
            fam.add_sample(name, dict(labels), value)
        out.append(fam)
    return out


class _WorkersCollector(Collector):
    """Scrapes every serving worker at the supervisor's scrape time and sums them."""

    def __init__(self, supervisor: Supervisor) -> None:
        self.supervisor = supervisor

    def describe(self) -> list[Metric]:
        return []  # unknown until scraped: the registry must not call collect() to find out

    def collect(self) -> Iterator[Metric]:
        scrapes = []
        for w in list(self.supervisor.workers):
            if w is None or w.metrics_port is None:
                continue
            port = w.metrics_port
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics",
                                            timeout=10) as resp:
                    text = resp.read().decode("utf-8", "replace")
            except OSError as e:  # a worker dying or restarting: the others are summed
                log.warning("metrics: worker %d (port %d) not scraped: %s", w.index, port, e)
                continue
            scrapes.append(list(text_string_to_metric_families(text)))
        yield from merge_families(scrapes)


class _Worker:
    """One worker process as the supervisor sees it."""

    __slots__ = ("ctrl", "ever_ready", "index", "metrics_port", "proc", "ready", "started")

    def __init__(self, index: int, proc: subprocess.Popen[bytes], ctrl: socket.socket,
                 started: float) -> None:
        self.index = index
        self.proc = proc
        self.ctrl = ctrl
        self.started = started
        self.ready = asyncio.Event()
        self.ever_ready = False
        self.metrics_port: int | None = None


class Supervisor:
    """Binds the listeners, runs the workers and hands them their connections."""

    def __init__(self, cfg: ServerConfig) -> None:
        self.cfg = cfg
        self.count = cfg.workers
        self.workers: list[_Worker | None] = [None] * self.count
        self.listeners: list[socket.socket] = []
        self.ports: dict[str, int] = {}
        self.portmapper_serving = False
        self.stopping = False
        self.failed: int | None = None
        self.done = asyncio.Event()
        self.routing: set[asyncio.Task[None]] = set()
        self.verifier = b""
        self.registry = CollectorRegistry()
        self.restarts = Counter("nfsrdma_worker_restarts", "Worker processes restarted after "
                                "they died", ["worker"], registry=self.registry)
        self.handed = Counter("nfsrdma_worker_connections", "TCP connections handed to each "
                              "worker process", ["worker"], registry=self.registry)
        self.unrouted = Counter("nfsrdma_worker_unrouted_connections", "TCP connections "
                                "closed before a worker took them, by reason", ["reason"],
                                registry=self.registry)
        Gauge("nfsrdma_workers", "Worker processes configured (--workers)",
              registry=self.registry).set(self.count)
        self.pids = Gauge("nfsrdma_worker_pid", "Each worker process's pid",
                          ["worker"], registry=self.registry)
        self.registry.register(_WorkersCollector(self))
        self._http: ThreadingHTTPServer | None = None
        self.loop: asyncio.AbstractEventLoop = None  # type: ignore[assignment]  # run()

    # -- listeners ---------------------------------------------------------------------------

    def bind(self) -> None:
        """Bind every TCP listener `Server._start_tcp` would (its ports and rules)."""
        cfg = self.cfg
        wanted = [("nfs", cfg.nfs_port), ("mount", cfg.mount_port)]
        if cfg.nlm and cfg.nlm_port is not None:
            wanted.append(("nlm", cfg.nlm_port))
        if cfg.portmapper:
            wanted.append(("portmap", 111))
        by_port: dict[int, int] = {}
        for name, port in wanted:
            if port != 0 and port in by_port:
                self.ports[name] = port
                continue
            try:
                bound = self._bind_port(port)
            except OSError as e:
                if name != "portmap":
                    raise
                log.warning("portmapper: cannot listen on port 111 (%s); not serving it", e)
                continue
            by_port[port] = bound
            self.ports[name] = bound
            if name == "portmap":
                self.portmapper_serving = True
            log.info("%s: TCP on %s port %d", name, ",".join(cfg.listen), bound)

    def _bind_port(self, port: int) -> int:
        """Bind ``port`` on every --listen address (port 0: the first address's choice for
        all of them); returns the port.  `listen` opens them once the workers serve: until
        then a client is refused, as by a one-process server that is still starting."""
        for addr in self.cfg.listen:
            family = socket.AF_INET6 if ":" in addr else socket.AF_INET
            s = socket.socket(family, socket.SOCK_STREAM)
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:  # "::" beside "0.0.0.0": each its own family
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                s.bind((addr, port))
                s.setblocking(False)
            except OSError:
                s.close()
                raise
            port = s.getsockname()[1]
            self.listeners.append(s)
        return port

    def _accept(self, lsock: socket.socket) -> None:
        for _ in range(64):  # a burst per wake-up; the rest on the next turn
            try:
                conn, peer = lsock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:  # EMFILE and friends: the backlog keeps them
                log.warning("accept: %s", e)
                return
            if len(self.routing) >= self.cfg.max_connections:
                self.unrouted.labels(reason="too_many_unrouted").inc()
                conn.close()
                continue
            conn.setblocking(False)
            task = self.loop.create_task(self._route(conn, str(peer[0])))
            self.routing.add(task)
            task.add_done_callback(self.routing.discard)

    async def _readable(self, sock: socket.socket, timeout: float) -> None:
        fut: asyncio.Future[None] = self.loop.create_future()
        fd = sock.fileno()

        def readable() -> None:
            if not fut.done():
                fut.set_result(None)

        self.loop.add_reader(fd, readable)
        try:
            await asyncio.wait_for(fut, timeout)
        finally:
            self.loop.remove_reader(fd)

    async def _route(self, conn: socket.socket, host: str) -> None:
        try:
            deadline = self.loop.time() + PEEK_TIMEOUT
            while True:
                try:
                    head = conn.recv(HEADER_BYTES, socket.MSG_PEEK)
                except (BlockingIOError, InterruptedError):
                    head = None
                if head == b"":
                    self.unrouted.labels(reason="closed").inc()
                    return  # connected and hung up (a port probe)
                if head is not None and len(head) >= HEADER_BYTES:
                    break
                left = deadline - self.loop.time()
                if left <= 0:
                    raise TimeoutError
                if head:  # part of a header: wait for the rest without spinning
                    await asyncio.sleep(0.01)
                else:
                    await self._readable(conn, left)
            index = route(head, host, self.count, str(conn.getsockname()[0]))
            await self._hand(index, conn)
        except TimeoutError:
            self.unrouted.labels(reason="no_call").inc()
        except OSError as e:
            log.info("tcp %s: not handed to a worker: %s", host, e)
            self.unrouted.labels(reason="error").inc()
        except Exception:
            log.exception("tcp %s: routing failed", host)
            self.unrouted.labels(reason="internal_error").inc()
        finally:
            conn.close()  # the worker has its own descriptor now (or nobody needs it)

    async def _hand(self, index: int, conn: socket.socket) -> None:
        deadline = self.loop.time() + HANDOVER_WAIT
        while True:
            w = self.workers[index]
            if w is None or not w.ready.is_set():
                if self.stopping or self.loop.time() > deadline:
                    self.unrouted.labels(reason="no_worker").inc()
                    return
                await asyncio.sleep(0.05)
                continue
            try:
                socket.send_fds(w.ctrl, [b"c"], [conn.fileno()])
            except (BlockingIOError, InterruptedError):
                await asyncio.sleep(0.01)  # the worker is behind: its socketpair is full
                continue
            except (BrokenPipeError, ConnectionResetError):
                await asyncio.sleep(0.05)  # it just died: its successor takes it
                continue
            self.handed.labels(worker=str(index)).inc()
            return

    # -- workers -------------------------------------------------------------------------

    def _role_cfg(self, index: int) -> ServerConfig:
        """The config worker ``index`` runs with (docs/workers.md: who serves what)."""
        cfg = self.cfg
        role = WorkerRole(index=index, count=self.count, write_verifier=self.verifier,
                          ports=dict(self.ports), portmapper_serving=self.portmapper_serving)
        c = replace(cfg, worker=role, workers=1,
                    pool_mib=max(16, cfg.pool_mib // self.count),
                    nfs_port=self.ports["nfs"], mount_port=self.ports["mount"],
                    nlm_port=self.ports.get("nlm"),
                    metrics_port=0 if cfg.metrics_port is not None else None)
        if index == 0:
            # An NFSv3 WRITE on another worker could not recall a delegation held here.
            return replace(c, delegations=False)
        return replace(c, nfs4=False, nlm=False, portmapper=False, register_rpcbind=False,
                       rdma="off")

    def spawn(self, index: int) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            proc = subprocess.Popen([sys.executable, "-m", "nfsrdma.workers",
                                     str(theirs.fileno())], pass_fds=[theirs.fileno()],
                                    env=env)
        finally:
            theirs.close()
        ours.sendall(pickle.dumps(self._role_cfg(index)))
        ours.setblocking(False)
        w = _Worker(index, proc, ours, self.loop.time())
        self.workers[index] = w
        self.pids.labels(worker=str(index)).set(proc.pid)
        self.loop.add_reader(ours.fileno(), self._on_ctrl, w)
        log.info("worker %d: pid %d", index, proc.pid)

    def _on_ctrl(self, w: _Worker) -> None:
        try:
            msg = w.ctrl.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            msg = b""
        if msg:
            info = json.loads(msg)
            w.metrics_port = info.get("metrics_port")
            w.ever_ready = True
            w.ready.set()
            return
        self.loop.remove_reader(w.ctrl.fileno())
        w.ctrl.close()
        w.ready.clear()
        task = self.loop.create_task(self._reap(w))
        self.routing.add(task)
        task.add_done_callback(self.routing.discard)

    async def _reap(self, w: _Worker) -> None:
        while w.proc.poll() is None:
            await asyncio.sleep(0.02)
        rc = w.proc.returncode
        if self.workers[w.index] is w:
            self.workers[w.index] = None
        if self.stopping:
            if all(x is None for x in self.workers):
                self.done.set()
            return
        if not w.ever_ready:
            log.error("worker %d (pid %d) exited with status %s before serving; stopping",
                      w.index, w.proc.pid, rc)
            self.failed = rc if rc and rc > 0 else 1
            self.done.set()
            return
        log.warning("worker %d (pid %d) exited with status %s; starting another (its clients "
                    "reconnect)", w.index, w.proc.pid, rc)
        self.restarts.labels(worker=str(w.index)).inc()
        if self.loop.time() - w.started < EARLY_DEATH:
            await asyncio.sleep(RESTART_DELAY)
        if not self.stopping:
            self.spawn(w.index)

    def signal_workers(self, sig: int) -> None:
        for w in self.workers:
            if w is not None and w.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    w.proc.send_signal(sig)

    # -- run ---------------------------------------------------------------------------

    def start_http(self, port: int, addr: str) -> int:
        from prometheus_client.exposition import MetricsHandler

        handler = MetricsHandler.factory(self.registry)
        family = socket.AF_INET6 if ":" in addr else socket.AF_INET

        class _Server(ThreadingHTTPServer):
            address_family = family
            daemon_threads = True

        server = _Server((addr, port), handler)
        threading.Thread(target=server.serve_forever, name="metrics-http", daemon=True).start()
        self._http = server
        return int(server.server_port)

    async def run(self) -> int:
        from nfsrdma.core.handles import load_secret
        from nfsrdma.service import new_write_verifier

        self.loop = asyncio.get_running_loop()
        cfg = self.cfg
        cfg.state_dir.mkdir(parents=True, exist_ok=True)
        load_secret(cfg.state_dir)  # made here once, not raced by the workers' first start
        self.verifier = new_write_verifier()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            self.loop.add_signal_handler(sig, stop.set)
        self.loop.add_signal_handler(signal.SIGHUP, self.signal_workers, signal.SIGHUP)
        if cfg.nfs4 and cfg.delegations:
            log.info("--workers %d: no NFSv4 delegations (an NFSv3 WRITE on another worker "
                     "could not recall one; docs/workers.md)", self.count)
        self.bind()
        for i in range(self.count):
            self.spawn(i)
        while not all(w is not None and w.ready.is_set() for w in self.workers):
            if self.done.is_set() or stop.is_set():
                break
            await asyncio.sleep(0.05)
        if self.failed is None and not stop.is_set():
            for lsock in self.listeners:
                lsock.listen(1024)
                self.loop.add_reader(lsock.fileno(), self._accept, lsock)
            if cfg.metrics_port is not None:
                self.ports["metrics"] = self.start_http(cfg.metrics_port, cfg.listen[0])
            log.info("nfsrdma ready (supervisor pid %d, %d workers)", os.getpid(), self.count)
            stopper = self.loop.create_task(stop.wait())
            failer = self.loop.create_task(self.done.wait())
            await asyncio.wait({stopper, failer}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            failer.cancel()
        await self.stop()
        return self.failed or 0

    async def stop(self, timeout: float = 30.0) -> None:
        log.info("stopping %d workers", self.count)
        self.stopping = True
        for lsock in self.listeners:
            with contextlib.suppress(Exception):
                self.loop.remove_reader(lsock.fileno())
            lsock.close()
        self.signal_workers(signal.SIGTERM)
        deadline = self.loop.time() + timeout
        while any(w is not None and w.proc.poll() is None for w in self.workers):
            if self.loop.time() > deadline:
                log.warning("workers still running %.0f s after SIGTERM: killed", timeout)
                self.signal_workers(signal.SIGKILL)
                break
            await asyncio.sleep(0.05)
        for w in self.workers:
            if w is not None:
                w.proc.wait()
        for task in list(self.routing):
            task.cancel()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
        log.info("stopped")


def supervise(cfg: ServerConfig) -> int:
    """`nfsrdma serve --workers N` (N > 1): run the supervisor until SIGTERM; its exit status.

    Raises: SystemExit for a configuration --workers cannot serve (the message says why).
    """
    if cfg.storage != "vfs":
        raise SystemExit(f"nfsrdma: --workers {cfg.workers} needs --storage vfs (with "
                         f"{cfg.storage} each worker would hold its own files or unwritten "
                         "data: docs/workers.md)")
    from nfsrdma.server import new_runner

    with new_runner() as runner:
        return runner.run(Supervisor(cfg).run())


# -- the worker process -----------------------------------------------------------------------


def _attach(ctrl: socket.socket) -> Any:
    """Connect a serving worker to its supervisor: say so, then adopt every socket sent."""

    def attach(server: Any, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        adopting: set[asyncio.Task[None]] = set()
        ctrl.setblocking(False)

        def on_ctrl() -> None:
            while True:
                try:
                    _msg, fds, _flags, _addr = socket.recv_fds(ctrl, 16, 8)
                except (BlockingIOError, InterruptedError):
                    return
                except OSError:
                    fds, _msg = [], b""
                if not _msg and not fds:  # the supervisor is gone: stop serving
                    loop.remove_reader(ctrl.fileno())
                    stop.set()
                    return
                for fd in fds:
                    sock = socket.socket(fileno=fd)
                    task = loop.create_task(_adopt(server, sock))
                    adopting.add(task)
                    task.add_done_callback(adopting.discard)

        metrics = server.ports.get("metrics")
        ctrl.send(json.dumps({"pid": os.getpid(), "metrics_port": metrics}).encode())
        loop.add_reader(ctrl.fileno(), on_ctrl)

    return attach


async def _adopt(server: Any, sock: socket.socket) -> None:
    try:
        await server.adopter.adopt(sock)
    except OSError as e:  # the peer left before we got it
        log.info("adopting a connection: %s", e)
        sock.close()


def worker_main(fd: int) -> int:
    """A worker process: read its config from the socketpair ``fd``, serve until SIGTERM."""
    ctrl = socket.socket(fileno=fd)
    cfg: ServerConfig = pickle.loads(ctrl.recv(1 << 20))  # from our own parent only
    assert cfg.worker is not None
    index = cfg.worker.index
    logging.basicConfig(
        level=cfg.log_level,
        format=f"%(asctime)s %(levelname)s %(name)s[w{index}]: %(message)s",
    )
    # Ctrl-C reaches the whole process group: the supervisor turns it into our SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    from nfsrdma.server import serve_forever

    return serve_forever(cfg, _attach(ctrl))


if __name__ == "__main__":
    sys.exit(worker_main(int(sys.argv[1])))
