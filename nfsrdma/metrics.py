"""Prometheus metrics for the server, one private registry per :class:`Metrics` object.

Operation
---------
The server builds one :class:`Metrics` at start-up and hands pieces of it to the layers:

- the rpc Dispatcher gets ``metrics.observer`` and calls ``observer.on_call(...)`` once per
  completed call (count, error, latency, bytes, by the transport it came on) and
  ``observer.on_internal_error(...)`` once per unexpected exception (a bug);
- the NFS service calls :meth:`Metrics.on_nfs_op` once per NFS reply (op and status);
- the transports update the RDMA and connection metrics directly through the attributes
  (``metrics.rdma_wrs.labels(opcode="write").inc(n)``, ``metrics.rdma_connections.inc()``...);
  the helpers :meth:`Metrics.on_rdma_context` and :meth:`Metrics.on_dma_fallback` cover the
  multi-metric updates of the read/write path;
- payload copies are read at scrape time from ``storage.copies.COPIES`` (when that module
  exists) and pool occupancy from a callable given to :meth:`Metrics.watch_pool`, by two custom
  collectors, so the hot paths pay nothing for them.

Everything is registered in ``metrics.registry`` (a private ``CollectorRegistry``), never in
prometheus_client's global default one, so tests may create as many ``Metrics`` as they like.

:meth:`Metrics.start_http` serves ``/metrics`` with ``prometheus_client``'s MetricsHandler in a
daemon thread: scrapes then never wait on the asyncio loop, and a stuck loop can still be
observed. Collection in that thread only reads counters (prometheus_client's own are locked; the
custom collectors copy the dicts they read in one GIL-atomic step).

:meth:`Metrics.snapshot` flattens the key counters into a JSON-ready dict for the benchmark.
"""

from __future__ import annotations

import importlib
import logging
import socket
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from http.server import ThreadingHTTPServer
from typing import Any, NamedTuple

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import MetricsHandler
from prometheus_client.registry import Collector

_log = logging.getLogger(__name__)

__all__ = [
    "LATENCY_BUCKETS",
    "PROGRAM_NAMES",
    "CopiesCollector",
    "ExportRow",
    "ExportsCollector",
    "Metrics",
    "PoolCollector",
    "PoolStats",
    "RpcObserver",
    "program_name",
]

#: Latency buckets, seconds: 50 us (a NULL over RDMA on one host) up to 5 s (a COMMIT that
#: waits for a slow disk); roughly 1-2.5-5 steps so a decade costs three series.
LATENCY_BUCKETS = (
    50e-6, 100e-6, 250e-6, 500e-6,
    1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 500e-3,
    1.0, 2.5, 5.0,
)  # fmt: skip

#: Well-known RPC program numbers -> label values (RFC 1833, RFC 1813 appendices, RFC 7530).
PROGRAM_NAMES: dict[int, str] = {
    100000: "portmap",
    100003: "nfs",
    100005: "mount",
    100021: "nlockmgr",
    100024: "status",
    100227: "nfs_acl",
}

#: Status label values of a call answered with SUCCESS (the rpc Dispatcher says "SUCCESS") or
#: answered from the duplicate request cache; every other status is an error.
STATUS_OK = frozenset({"SUCCESS", "success", "DRC_HIT"})


def program_name(prog: int | str) -> str:
    """Label value for a program: its well-known name, else its number."""
    if isinstance(prog, str):
        return prog
    return PROGRAM_NAMES.get(prog, str(prog))


class PoolStats(NamedTuple):
    """Page pool occupancy as the pool collector reports it."""

    free_pages: int
    used_pages: int
    waits: int


class CopiesCollector(Collector):
    """``nfsrdma_payload_bytes_copied_total{where}`` read from ``storage.copies.COPIES``.

    The storage module is imported lazily and is optional: without it the family is empty.
    """

    def __init__(self, module: str = "storage.copies") -> None:
        self.module = module

    def _counter(self) -> Any:
        try:
            return importlib.import_module(self.module).COPIES
        except (ImportError, AttributeError):
            return None

    def describe(self) -> list[Metric]:
        return [self._family()]

    def _family(self) -> CounterMetricFamily:
        return CounterMetricFamily(
            "nfsrdma_payload_bytes_copied",
            "Payload bytes copied in Python, by call site (zero on the RDMA fast path)",
            labels=["where"],
        )

    def collect(self) -> Iterator[Metric]:
        fam = self._family()
        copies = self._counter()
        if copies is not None:
            for where, n in sorted(dict(copies.by_where).items()):  # dict(): atomic copy
                fam.add_metric([where], n)
        yield fam


class PoolCollector(Collector):
    """``nfsrdma_pool_pages{state}`` and ``nfsrdma_pool_waits_total`` from a stats callable.

    *source* returns a :class:`PoolStats` (or anything with ``free_pages``, ``used_pages`` and
    ``waits`` attributes); it is called at scrape time, from the HTTP thread.
    """

    def __init__(self) -> None:
        self.source: Callable[[], Any] | None = None

    def describe(self) -> list[Metric]:
        return list(self._families())

    def _families(self) -> tuple[GaugeMetricFamily, CounterMetricFamily]:
        pages = GaugeMetricFamily(
            "nfsrdma_pool_pages", "Pages of the payload pool, by state", labels=["state"]
        )
        waits = CounterMetricFamily(
            "nfsrdma_pool_waits", "Allocations that had to wait for free pages"
        )
        return pages, waits

    def collect(self) -> Iterator[Metric]:
        pages, waits = self._families()
        if self.source is not None:
            s = self.source()
            pages.add_metric(["free"], s.free_pages)
            pages.add_metric(["used"], s.used_pages)
            waits.add_metric([], s.waits)
        yield pages
        yield waits


class ExportRow(NamedTuple):
    """One (export, client rule) pair as `nfsrdma exports` and the dashboard show it."""

    path: str
    id: str  # hex
    client: str  # the rule's spec: "*", "10.0.0.0/8", "host.example"...
    options: str  # every option in force, exportfs -v style


class ExportsCollector(Collector):
    """``nfsrdma_export_info{export,id,client,options} 1`` per client rule of each export
    served: the exports in force, read by operators from the running server.  The rows are
    replaced as a whole (one reference assignment) when the exports are (re)loaded."""

    def __init__(self) -> None:
        self.rows: tuple[ExportRow, ...] = ()

    def describe(self) -> list[Metric]:
        return [self._family()]

    def _family(self) -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "nfsrdma_export_info", "Exports served, one sample per client rule (value 1)",
            labels=["export", "id", "client", "options"],
        )

    def collect(self) -> Iterator[Metric]:
        fam = self._family()
        for row in self.rows:
            fam.add_metric([row.path, row.id, row.client, row.options], 1)
        yield fam


class RpcObserver:
    """The per-call hook the rpc Dispatcher calls; caches label children for the hot path."""

    __slots__ = ("_bytes", "_calls", "_internal", "_metrics")

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics
        # (prog, vers, proc, status, transport) -> (calls child, errors child or None, latency)
        self._calls: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}
        self._bytes: dict[str, tuple[Any, Any]] = {}
        self._internal: dict[tuple[Any, str], Any] = {}

    def on_call(
        self,
        prog: int | str,
        vers: int,
        proc_name: str,
        status: str,
        seconds: float,
        nbytes_in: int,
        nbytes_out: int,
        transport: str,
    ) -> None:
        """Record one completed RPC call (the ``rpc.dispatch.CallObserver`` protocol).

        **Assumptions:** *status* is the Dispatcher's: ``"SUCCESS"``, ``"DRC_HIT"``, or the name
        of the failure (``"PROG_UNAVAIL"``, ``"GARBAGE_ARGS"``, ``"AUTH_ERROR"``, ``"SYSTEM_ERR"``,
        ``"DROPPED"``...); anything else than SUCCESS/DRC_HIT also counts in
        ``nfsrdma_rpc_errors_total``. *transport* is the connection's (``"tcp"``/``"rdma"``).
        """
        key = (prog, vers, proc_name, status, transport)
        children = self._calls.get(key)
        if children is None:
            children = self._children(key)
        calls, errors, latency = children
        calls.inc()
        if errors is not None:
            errors.inc()
        latency.observe(seconds)
        io = self._bytes.get(transport)
        if io is None:
            m = self._metrics
            io = self._bytes[transport] = (
                m.rpc_bytes.labels(direction="in", transport=transport),
                m.rpc_bytes.labels(direction="out", transport=transport),
            )
        if nbytes_in:
            io[0].inc(nbytes_in)
        if nbytes_out:
            io[1].inc(nbytes_out)

    def on_internal_error(self, prog: int | str, vers: int, proc_name: str) -> None:
        """Count one unexpected exception (``nfsrdma_internal_errors_total{program,procedure}``);
        the dispatcher has logged its traceback."""
        child = self._internal.get((prog, proc_name))
        if child is None:
            child = self._internal[(prog, proc_name)] = self._metrics.internal_errors.labels(
                program=program_name(prog), procedure=proc_name)
        child.inc()

    def _children(self, key: tuple[Any, ...]) -> tuple[Any, Any, Any]:
        prog, vers, proc_name, status, transport = key
        m = self._metrics
        labels = {
            "program": program_name(prog),
            "version": str(vers),
            "procedure": proc_name,
            "transport": transport,
            "status": status,
        }
        children = (
            m.rpc_calls.labels(**labels),
            m.rpc_errors.labels(**labels) if status not in STATUS_OK else None,
            m.rpc_latency.labels(
                program=labels["program"], procedure=proc_name, transport=transport
            ),
        )
        self._calls[key] = children
        return children


class Metrics:
    """All nfsrdma metrics in one private registry.

    Metric objects are public attributes named after the metric without the ``nfsrdma_``
    prefix and ``_total`` suffix, e.g. ``rdma_wrs`` is ``nfsrdma_rdma_wrs_total{opcode}``.
    """

    def __init__(self, pool: Any = None, copies_module: str | None = "storage.copies") -> None:
        """*pool*: a page pool or stats callable for :meth:`watch_pool` (optional);
        *copies_module*: where ``COPIES`` lives (None: no copy metric).
        """
        r = self.registry = CollectorRegistry(auto_describe=True)
        call_labels = ["program", "version", "procedure", "transport", "status"]
        # -- RPC ---------------------------------------------------------------------------
        self.rpc_calls = Counter(
            "nfsrdma_rpc_calls", "RPC calls completed", call_labels, registry=r
        )
        self.rpc_errors = Counter(
            "nfsrdma_rpc_errors", "RPC calls answered with a failure status", call_labels,
            registry=r,
        )  # fmt: skip
        self.rpc_latency = Histogram(
            "nfsrdma_rpc_latency_seconds",
            "RPC call latency from decoded call to reply handed to the transport",
            ["program", "procedure", "transport"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.rpc_bytes = Counter(
            "nfsrdma_rpc_bytes", "RPC message bytes", ["direction", "transport"], registry=r
        )
        self.rpc_unexpected_replies = Counter(
            "nfsrdma_rpc_unexpected_replies",
            "REPLY messages dropped: no call of ours waited for the xid, or undecodable",
            ["transport", "reason"], registry=r,
        )  # fmt: skip
        self.nfs_ops = Counter(
            "nfsrdma_nfs_ops", "NFS operations by result status", ["op", "status"], registry=r
        )
        self.internal_errors = Counter(
            "nfsrdma_internal_errors",
            "Unexpected exceptions (bugs) while handling a call; each was logged with its "
            "traceback and answered SERVERFAULT or SYSTEM_ERR",
            ["program", "procedure"], registry=r,
        )  # fmt: skip
        self.connections = Gauge(
            "nfsrdma_connections", "Open client connections", ["transport"], registry=r
        )
        self.connections_refused = Counter(
            "nfsrdma_connections_refused",
            "Connections closed as they were accepted: reason max_connections (the listener "
            "is full of busy connections) or shutdown",
            ["transport", "reason"], registry=r,
        )  # fmt: skip
        self.connections_evicted = Counter(
            "nfsrdma_connections_evicted",
            "Connections the server closed: reason idle (idle timeout), make_room (the oldest "
            "idle one, for a new connection at the cap) or stalled (held pages without "
            "progress for the stall timeout)",
            ["transport", "reason"], registry=r,
        )  # fmt: skip
        self.nfs4_callbacks = Counter(
            "nfsrdma_nfs4_callbacks",
            "NFSv4 callbacks to clients by transport, op (CB_NULL, RECALL, ...) and result "
            "(ok, timeout, rejected, down, too_big)",
            ["transport", "op", "result"], registry=r,
        )  # fmt: skip
        self.lock_calls_out = Counter(
            "nfsrdma_lock_calls_out",
            "Calls from NLM and NSM to clients' lock managers and status monitors, by call "
            "(GRANTED, the _RES results, SM_NOTIFY, SM_MON callback) and result (ok; refused: "
            "the client said no; failed: unreachable after the retries; dropped: too many in "
            "flight)",
            ["call", "result"], registry=r,
        )  # fmt: skip
        self.nfs4_delegations = Counter(
            "nfsrdma_nfs4_delegations",
            "NFSv4 delegation events: granted, recalled, returned, revoked",
            ["event"], registry=r,
        )  # fmt: skip
        # -- RDMA --------------------------------------------------------------------------
        self.rdma_credits_granted = Gauge(
            "nfsrdma_rdma_credits_granted", "RPC-over-RDMA credits granted to clients", registry=r
        )
        self.rdma_credits_in_use = Gauge(
            "nfsrdma_rdma_credits_in_use", "Credits consumed by calls in progress", registry=r
        )
        self.rdma_receives_posted = Gauge(
            "nfsrdma_rdma_receives_posted", "Receive WRs currently posted", registry=r
        )
        self.rdma_contexts = Counter(
            "nfsrdma_rdma_contexts",
            "Read/write contexts built (one per chunk moved by RDMA), by the DMA backend that "
            "mapped the payload and the opcode moving it: RDMA_WRITE for READ payloads (Write "
            "chunks) and Reply chunks, RDMA_READ for WRITE payloads and long calls (Read "
            "chunks); backend iova is the one-SGE path",
            ["backend", "opcode"], registry=r,
        )  # fmt: skip
        self.rdma_wrs = Counter(
            "nfsrdma_rdma_wrs", "Work requests posted, by opcode", ["opcode"], registry=r
        )
        self.rdma_sges = Counter(
            "nfsrdma_rdma_sges", "Scatter/gather elements posted, by opcode", ["opcode"],
            registry=r,
        )  # fmt: skip
        self.rdma_registrations = Counter(
            "nfsrdma_rdma_registrations", "Memory registrations done for I/O", registry=r
        )
        self.rdma_deregistrations = Counter(
            "nfsrdma_rdma_deregistrations", "Memory registrations for I/O undone", registry=r
        )
        self.rdma_dma_fallbacks = Counter(
            "nfsrdma_rdma_dma_fallbacks",
            "DMA mapping fallbacks between backends, by kind: why the first could not map the "
            "payload (scattered: not one contiguous extent of the pool; unaligned, no-memfd, "
            "window, refused: the mr backend's reasons)",
            ["from", "to", "kind"], registry=r,
        )  # fmt: skip
        self.rdma_sq_starvation = Counter(
            "nfsrdma_rdma_sq_starvation", "Waits for Send Queue space", registry=r
        )
        self.rdma_connections = Gauge(
            "nfsrdma_rdma_connections", "Open RDMA connections", registry=r
        )
        self.rdma_disconnects = Counter(
            "nfsrdma_rdma_disconnects", "RDMA connections closed", registry=r
        )
        self.rdma_errors = Counter(
            "nfsrdma_rdma_errors", "RDMA errors, by kind", ["kind"], registry=r
        )
        # -- exports -----------------------------------------------------------------------
        self.exports_collector = ExportsCollector()
        r.register(self.exports_collector)
        self.exports_reloads = Counter(
            "nfsrdma_exports_reloads",
            "Exports file reloads (SIGHUP) by result: ok, or error (the file was refused and "
            "the exports in force stayed)",
            ["result"], registry=r,
        )  # fmt: skip
        self.exports_loaded = Gauge(
            "nfsrdma_exports_loaded_timestamp_seconds",
            "When the exports in force were loaded (start or last successful reload)",
            registry=r,
        )  # fmt: skip
        # -- storage / payload (read at scrape time) ---------------------------------------
        self.pool_collector = PoolCollector()
        r.register(self.pool_collector)
        self.copies_collector: CopiesCollector | None = None
        if copies_module is not None:
            self.copies_collector = CopiesCollector(copies_module)
            r.register(self.copies_collector)

        self.observer = RpcObserver(self)
        self._labelled: dict[tuple[int, str], Any] = {}
        self._http: Any = None
        if pool is not None:
            self.watch_pool(pool)

    # -- helpers for the layers -----------------------------------------------------------

    def _child(self, metric: Any, label: str, value: str) -> Any:
        """A labelled child, looked up once (`labels()` costs more than the increment, and
        these are per-operation: under emulation every microsecond is fifty)."""
        key = (id(metric), value)
        child = self._labelled.get(key)
        if child is None:
            child = self._labelled[key] = metric.labels(**{label: value})
        return child

    def on_rdma_context(self, backend: str, opcode: str, nwrs: int, nsges: int, nregs: int) -> None:
        """Account one read/write context: its backend, WRs, SGEs and registrations."""
        key = (id(self.rdma_contexts), f"{backend}\0{opcode}")
        child = self._labelled.get(key)
        if child is None:
            child = self._labelled[key] = self.rdma_contexts.labels(backend=backend, opcode=opcode)
        child.inc()
        self._child(self.rdma_wrs, "opcode", opcode).inc(nwrs)
        self._child(self.rdma_sges, "opcode", opcode).inc(nsges)
        if nregs:
            self.rdma_registrations.inc(nregs)

    def on_send(self, opcode: str, nsges: int) -> None:
        """Account one Send (the reply) of `nsges` SGEs."""
        self._child(self.rdma_wrs, "opcode", opcode).inc()
        self._child(self.rdma_sges, "opcode", opcode).inc(nsges)

    def on_dma_dereg(self) -> None:
        self.rdma_deregistrations.inc()

    def on_dma_fallback(self, frm: str, to: str, kind: str = "other") -> None:
        self.rdma_dma_fallbacks.labels(**{"from": frm, "to": to, "kind": kind}).inc()

    def on_nfs_op(self, op: str, status: str) -> None:
        """Count one NFS reply (``nfsrdma_nfs_ops_total{op,status}``); called per operation."""
        key = (id(self.nfs_ops), f"{op}\0{status}")
        child = self._labelled.get(key)
        if child is None:
            child = self._labelled[key] = self.nfs_ops.labels(op=op, status=status)
        child.inc()

    def on_callback(self, transport: str, op: str, result: str) -> None:
        """Count one NFSv4 callback (``nfsrdma_nfs4_callbacks_total``)."""
        self.nfs4_callbacks.labels(transport=transport, op=op, result=result).inc()

    def on_lock_call_out(self, call: str, result: str) -> None:
        """Count one NLM/NSM call to a client (``nfsrdma_lock_calls_out_total``)."""
        self.lock_calls_out.labels(call=call, result=result).inc()

    def on_delegation(self, event: str) -> None:
        """Count one delegation event (``nfsrdma_nfs4_delegations_total``)."""
        self.nfs4_delegations.labels(event=event).inc()

    def set_exports(self, rows: Iterable[ExportRow]) -> None:
        """Publish the exports in force (at start and after each reload)."""
        self.exports_collector.rows = tuple(rows)
        self.exports_loaded.set_to_current_time()

    def watch_pool(self, source: Callable[[], Any] | Any) -> None:
        """Report a page pool: a callable returning :class:`PoolStats`, or a pool object with
        ``free_pages()``, ``used_pages()`` and a ``waits`` counter (``storage.pool.PagePool``).
        """
        if callable(source):
            self.pool_collector.source = source
        else:
            pool = source
            self.pool_collector.source = lambda: PoolStats(
                pool.free_pages(), pool.used_pages(), pool.waits
            )

    # -- exposition -----------------------------------------------------------------------

    def start_http(self, port: int, addr: str = "") -> int:
        """Serve ``/metrics`` on (*addr*, *port*) from a daemon thread.

        **Returns** the bound port (useful with *port* 0).

        **Raises** OSError if the address cannot be bound; RuntimeError if already serving.
        """
        if self._http is not None:
            raise RuntimeError("metrics HTTP server already running")
        # Our own ThreadingHTTPServer rather than start_http_server(): that one returns
        # nothing in prometheus-client < 0.17 (Debian bookworm ships 0.16), so it cannot be
        # shut down; MetricsHandler.factory exists in every version we support.
        handler = MetricsHandler.factory(self.registry)
        family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        internal = self.internal_errors

        class _Server(ThreadingHTTPServer):
            address_family = family
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                # socketserver's default prints a traceback to stderr.  A scraper that hung
                # up before its reply was written (Prometheus past its scrape_timeout on a
                # loaded host) is expected; anything else is a bug: logged and counted.
                exc = sys.exc_info()[1]
                if isinstance(exc, ConnectionError):
                    _log.debug("metrics: %s hung up before its scrape was sent (%s)",
                               client_address, exc)
                    return
                _log.exception("metrics: unexpected error answering %s", client_address)
                internal.labels(program="metrics", procedure="GET").inc()

        server = _Server((addr, port), handler)
        threading.Thread(target=server.serve_forever, name="metrics-http", daemon=True).start()
        self._http = server
        return int(server.server_port)

    def stop_http(self) -> None:
        """Stop the HTTP server started by :meth:`start_http` (no-op if none)."""
        server, self._http = self._http, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def snapshot(self) -> dict[str, Any]:
        """The key counters as a flat, JSON-ready dict (for the benchmark's output).

        Keys: ``rpc_calls``, ``rpc_errors``, ``rpc_bytes_in``, ``rpc_bytes_out``,
        ``rpc_calls_by_procedure`` (``"nfs.READ"`` -> n), ``rpc_latency`` (``"nfs.READ"`` ->
        count/sum/mean seconds), ``nfs_ops``, ``connections``, the ``rdma_*`` counters and gauges
        (labelled ones as dicts; fallbacks keyed ``"from->to"``), ``payload_bytes_copied`` and
        ``payload_bytes_copied_by_where``, ``pool_pages_free``, ``pool_pages_used``,
        ``pool_waits``.
        """
        samples: dict[str, list[tuple[Mapping[str, str], float]]] = {}
        for fam in self.registry.collect():
            for s in fam.samples:
                samples.setdefault(s.name, []).append((s.labels, s.value))

        def total(name: str) -> float:
            return sum(v for _, v in samples.get(name, []))

        def by(name: str, key: Callable[[Mapping[str, str]], str]) -> dict[str, float]:
            out: dict[str, float] = {}
            for labels, v in samples.get(name, []):
                k = key(labels)
                out[k] = out.get(k, 0) + v
            return out

        def proc_key(lab: Mapping[str, str]) -> str:
            return f"{lab['program']}.{lab['procedure']}"

        def num(v: float) -> int | float:
            return int(v) if float(v).is_integer() else v

        counts = by("nfsrdma_rpc_latency_seconds_count", proc_key)
        sums = by("nfsrdma_rpc_latency_seconds_sum", proc_key)
        bytes_ = by("nfsrdma_rpc_bytes_total", lambda lab: lab["direction"])
        pool = by("nfsrdma_pool_pages", lambda lab: lab["state"])
        snap: dict[str, Any] = {
            "rpc_calls": total("nfsrdma_rpc_calls_total"),
            "rpc_errors": total("nfsrdma_rpc_errors_total"),
            "rpc_bytes_in": bytes_.get("in", 0),
            "rpc_bytes_out": bytes_.get("out", 0),
            "rpc_calls_by_procedure": by("nfsrdma_rpc_calls_total", proc_key),
            "rpc_latency": {
                k: {"count": n, "sum": sums.get(k, 0.0), "mean": sums.get(k, 0.0) / n if n else 0.0}
                for k, n in counts.items()
            },
            "nfs_ops": by("nfsrdma_nfs_ops_total", lambda lab: f"{lab['op']}:{lab['status']}"),
            "connections": by("nfsrdma_connections", lambda lab: lab["transport"]),
            "rdma_credits_granted": total("nfsrdma_rdma_credits_granted"),
            "rdma_credits_in_use": total("nfsrdma_rdma_credits_in_use"),
            "rdma_receives_posted": total("nfsrdma_rdma_receives_posted"),
            "rdma_connections": total("nfsrdma_rdma_connections"),
            "rdma_contexts": by("nfsrdma_rdma_contexts_total", lambda lab: lab["backend"]),
            "rdma_wrs": by("nfsrdma_rdma_wrs_total", lambda lab: lab["opcode"]),
            "rdma_sges": by("nfsrdma_rdma_sges_total", lambda lab: lab["opcode"]),
            "rdma_registrations": total("nfsrdma_rdma_registrations_total"),
            "rdma_deregistrations": total("nfsrdma_rdma_deregistrations_total"),
            "rdma_dma_fallbacks": by(
                "nfsrdma_rdma_dma_fallbacks_total", lambda lab: f"{lab['from']}->{lab['to']}"
            ),
            "rdma_sq_starvation": total("nfsrdma_rdma_sq_starvation_total"),
            "rdma_disconnects": total("nfsrdma_rdma_disconnects_total"),
            "rdma_errors": by("nfsrdma_rdma_errors_total", lambda lab: lab["kind"]),
            "payload_bytes_copied": total("nfsrdma_payload_bytes_copied_total"),
            "payload_bytes_copied_by_where": by(
                "nfsrdma_payload_bytes_copied_total", lambda lab: lab["where"]
            ),
            "pool_pages_free": pool.get("free", 0),
            "pool_pages_used": pool.get("used", 0),
            "pool_waits": total("nfsrdma_pool_waits_total"),
        }

        def ints(v: Any) -> Any:
            if isinstance(v, dict):
                return {k: ints(x) for k, x in v.items()}
            return num(v) if isinstance(v, int | float) else v

        return {k: (v if k == "rpc_latency" else ints(v)) for k, v in snap.items()}
