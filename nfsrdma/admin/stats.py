"""`nfsrdma stats`: nfsstat-like figures of a running server, read from its /metrics.

Operation: one scrape gives totals since the server started; with ``--watch SECONDS`` the
tool scrapes again every interval and prints what happened in it (deltas, per-second rates,
latency percentiles of that interval's calls only).  `report()` turns one or two scrapes into
the text and is what the tests call; nothing here talks to the server but `fetch`.

Figures: per procedure of each RPC program/version (calls, share, RPC-level errors, mean
and p50/p90/p99 latency from the server's histogram, interpolated inside buckets as
Prometheus's histogram_quantile does); NFS results that were not OK, by op and status (a
LOOKUP of a missing name is an RPC success and an NFS3ERR_NOENT); connections and bytes;
RDMA credits, WRs and SGEs per opcode, DMA contexts and registrations; page pool use.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable

from nfsrdma.admin.scrape import Scrape, ScrapeError, fetch, metrics_url

__all__ = ["add_parser", "quantile", "report", "run"]

#: NFS result statuses that are not errors.
_OK = frozenset({"NFS3_OK", "NFS4_OK", "OK", "MNT3_OK"})
_EMPTY = Scrape(())


def quantile(q: float, buckets: list[tuple[float, float]]) -> float | None:
    """The `q` quantile of a histogram's cumulative (bound, count) buckets, interpolated
    linearly inside the bucket that holds it (as Prometheus's histogram_quantile); None
    without observations.  A rank in the +Inf bucket gives the largest finite bound."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    rank = q * buckets[-1][1]
    lower, below = 0.0, 0.0
    for bound, count in buckets:
        if count >= rank and count > below:
            if math.isinf(bound):
                return lower
            return lower + (bound - lower) * (rank - below) / (count - below)
        lower, below = bound, count
    return lower


def _minus(after: Scrape, before: Scrape) -> tuple[Scrape, bool]:
    """Counters and histograms of `after` less `before` (gauges are read from `after`), and
    whether the server restarted in between.  A counter lower than before was reset by a
    restart (`docker compose restart`, `systemctl restart`): as Prometheus's rate() does,
    its whole value then counts as the interval's, not zero."""
    if before is _EMPTY:
        return after, False
    old = {(s.name, tuple(sorted(s.labels.items()))): s.value for s in before.samples}
    out = []
    reset = False
    for s in after.samples:
        if s.name.endswith(("_total", "_bucket", "_count", "_sum")):
            prev = old.get((s.name, tuple(sorted(s.labels.items()))), 0.0)
            if s.value < prev:
                reset = True
            out.append(type(s)(s.name, s.labels, s.value if s.value < prev else s.value - prev))
        else:
            out.append(s)
    return Scrape(out), reset


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1e3:.3f}" if seconds < 0.01 else f"{seconds * 1e3:.1f}"


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def report(after: Scrape, before: Scrape | None = None, seconds: float | None = None,
           source: str = "") -> str:
    """The figures of `after` (totals since start), or of what happened between `before`
    and `after` when both are given (`seconds` apart: rates per second then)."""
    d, reset = _minus(after, before or _EMPTY)
    per_s = seconds if (before is not None and seconds) else None
    lines: list[str] = []
    out = lines.append

    def rate(n: float, unit: str = "/s", fmt: Callable[[float], str] = lambda v: f"{v:.1f}") -> str:
        return f" ({fmt(n / per_s)}{unit})" if per_s else ""

    span = f"last {seconds:.1f} s" if per_s else "since start"
    out(f"nfsrdma {source} ({span})".replace("  ", " "))
    if reset:
        out("server restarted in this interval: its counters started again from zero")
    conns = after.by("nfsrdma_connections", "transport")
    rdma_conns = after.value("nfsrdma_rdma_connections")
    out("connections: " + (", ".join(f"{t} {int(n)}" for (t,), n in sorted(conns.items()))
                           or "none") + (f"; rdma {int(rdma_conns)}" if rdma_conns and
                                         ("rdma",) not in conns else ""))
    calls = d.value("nfsrdma_rpc_calls_total")
    errors = d.value("nfsrdma_rpc_errors_total")
    b_in = d.value("nfsrdma_rpc_bytes_total", direction="in")
    b_out = d.value("nfsrdma_rpc_bytes_total", direction="out")
    out(f"rpc: {int(calls)} calls{rate(calls)}, {int(errors)} errors; "
        f"in {_mb(b_in)}{rate(b_in, ' MB/s', lambda v: f'{v / 1e6:.1f}')}, "
        f"out {_mb(b_out)}{rate(b_out, ' MB/s', lambda v: f'{v / 1e6:.1f}')}")

    by_proc = d.by("nfsrdma_rpc_calls_total", "program", "version", "procedure")
    errs = d.by("nfsrdma_rpc_errors_total", "program", "version", "procedure")
    progs = sorted({(p, v) for p, v, _ in by_proc})
    for prog, vers in progs:
        rows = [(proc, n) for (p, v, proc), n in by_proc.items() if (p, v) == (prog, vers) and n]
        if not rows:
            continue
        total = sum(n for _, n in rows)
        out("")
        out(f"{prog} v{vers}: {int(total)} calls{rate(total)}")
        out(f"  {'procedure':<22}{'calls':>10}{'%':>7}{'errors':>8}{'mean ms':>10}"
            f"{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}")
        for proc, n in sorted(rows, key=lambda r: (-r[1], r[0])):
            lat = dict(program=prog, procedure=proc)
            count = d.value("nfsrdma_rpc_latency_seconds_count", **lat)
            mean = d.value("nfsrdma_rpc_latency_seconds_sum", **lat) / count if count else None
            bk = d.buckets("nfsrdma_rpc_latency_seconds", **lat)
            out(f"  {proc:<22}{int(n):>10}{100 * n / total:>6.1f}%"
                f"{int(errs.get((prog, vers, proc), 0)):>8}{_ms(mean):>10}"
                f"{_ms(quantile(0.5, bk)):>9}{_ms(quantile(0.9, bk)):>9}"
                f"{_ms(quantile(0.99, bk)):>9}")

    ops = d.by("nfsrdma_nfs_ops_total", "op", "status")
    v4 = {op: 0.0 for (op, _) in ops if op.startswith("v4.")}
    for (op, _), n in ops.items():
        if op in v4:
            v4[op] += n
    if any(v4.values()):
        out("")
        out("nfs v4 operations (inside COMPOUNDs):")
        for op, n in sorted(v4.items(), key=lambda r: (-r[1], r[0])):
            if n:
                out(f"  {op[3:]:<22}{int(n):>10}{rate(n)}")
    bad = sorted(((op, st), n) for (op, st), n in ops.items() if st not in _OK and n)
    if bad:
        out("")
        out("nfs results that were not OK:")
        for (op, st), n in bad:
            out(f"  {op:<22}{st:<24}{int(n):>8}")

    wrs = d.by("nfsrdma_rdma_wrs_total", "opcode")
    if wrs or rdma_conns or after.value("nfsrdma_rdma_credits_granted"):
        sges = d.by("nfsrdma_rdma_sges_total", "opcode")
        out("")
        out(f"rdma: credits granted {int(after.value('nfsrdma_rdma_credits_granted'))}, "
            f"in use {int(after.value('nfsrdma_rdma_credits_in_use'))}; receives posted "
            f"{int(after.value('nfsrdma_rdma_receives_posted'))}; SQ waits "
            f"{int(d.value('nfsrdma_rdma_sq_starvation_total'))}; disconnects "
            f"{int(d.value('nfsrdma_rdma_disconnects_total'))}")
        if wrs:
            out(f"  {'opcode':<22}{'WRs':>10}{'SGEs':>10}{'SGEs/WR':>9}")
            for (op,), n in sorted(wrs.items()):
                sg = sges.get((op,), 0.0)
                out(f"  {op:<22}{int(n):>10}{int(sg):>10}{(sg / n if n else 0):>9.2f}")
        ctx = d.by("nfsrdma_rdma_contexts_total", "backend")
        nctx = sum(ctx.values())
        regs = d.value("nfsrdma_rdma_registrations_total")
        out("  contexts: " + (", ".join(f"{b} {int(n)}" for (b,), n in sorted(ctx.items()))
                              or "none")
            + f"; registrations {int(regs)}"
            + (f" ({regs / nctx:.2f} per context)" if nctx else ""))
        fb = d.by("nfsrdma_rdma_dma_fallbacks_total", "from", "to")
        if any(fb.values()):
            out("  DMA fallbacks: " + ", ".join(f"{a}->{b} {int(n)}"
                                                for (a, b), n in sorted(fb.items()) if n))
    copied = d.value("nfsrdma_payload_bytes_copied_total")
    used = after.value("nfsrdma_pool_pages", state="used")
    free = after.value("nfsrdma_pool_pages", state="free")
    out("")
    out(f"pool: {int(used)} of {int(used + free)} pages used "
        f"({100 * used / (used + free) if used + free else 0:.1f}%), "
        f"waits {int(d.value('nfsrdma_pool_waits_total'))}; payload bytes copied {int(copied)}")
    internal = d.value("nfsrdma_internal_errors_total")
    if internal:
        out(f"internal errors (bugs, logged with tracebacks): {int(internal)}")
    return "\n".join(lines) + "\n"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stats", help="nfsstat-like figures of a running server (from its /metrics)",
        description="Per-procedure calls, errors and latency percentiles, NFS errors by "
                    "status, connections, RDMA credits/WRs/SGEs/registrations and pool use, "
                    "read from a running server's metrics endpoint (nfsrdma serve "
                    "--metrics-port).")
    p.add_argument("--url", metavar="URL",
                   help="metrics endpoint: URL, HOST:PORT or PORT (default "
                        "$NFSRDMA_METRICS_URL, else http://127.0.0.1:9100/metrics)")
    p.add_argument("--watch", type=float, metavar="SECONDS",
                   help="print what happened in each interval (rates, latency of that "
                        "interval's calls) until interrupted")
    p.add_argument("--count", type=int, metavar="N",
                   help="with --watch: stop after N intervals")


def run(args: argparse.Namespace) -> int:
    url = metrics_url(args.url)
    if args.count is not None and args.watch is None:
        raise SystemExit("nfsrdma stats: --count counts --watch intervals; give --watch SECONDS")
    try:
        prev = fetch(url)
        if args.watch is None:
            sys.stdout.write(report(prev, source=url))
            return 0
        if args.watch <= 0:
            raise SystemExit("nfsrdma stats: --watch needs a positive number of seconds")
        n = 0
        t0 = time.monotonic()
        while args.count is None or n < args.count:
            time.sleep(args.watch)
            cur, t1 = fetch(url), time.monotonic()
            sys.stdout.write(("\n" if n else "") + report(cur, prev, t1 - t0, source=url))
            sys.stdout.flush()
            prev, t0, n = cur, t1, n + 1
    except ScrapeError as e:
        print(f"nfsrdma stats: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
