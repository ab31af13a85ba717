"""`nfsrdma exports`: what a running server exports to whom, like ``exportfs -v``.

Read from the server's ``nfsrdma_export_info`` samples (one per export and client rule, with
every option in force spelled out), so it shows the table the server is really using: after
a SIGHUP reload the new one, or the old one if the file was refused (the reload counters
say which happened).
"""

from __future__ import annotations

import argparse
import sys
import time

from nfsrdma.admin.scrape import Scrape, ScrapeError, fetch, metrics_url

__all__ = ["add_parser", "report", "run"]


def report(scrape: Scrape) -> str:
    """exportfs -v style lines ``PATH  CLIENT(OPTIONS)``, one per client rule, in path
    order, then when the table was loaded and how reloads went."""
    rows = sorted(
        (s.labels.get("export", ""), s.labels.get("client", ""), s.labels.get("options", ""),
         s.labels.get("id", ""))
        for s in scrape.select("nfsrdma_export_info") if s.value
    )
    if not rows:
        return "no exports reported (a server older than this tool?)\n"
    width = max(len(path) for path, *_ in rows) + 2
    lines = []
    for path, client, options, _ in rows:
        who = "<world>" if client == "*" else client
        lines.append(f"{path:<{width}}{who}({options})")
    loaded = scrape.value("nfsrdma_exports_loaded_timestamp_seconds")
    ok = scrape.value("nfsrdma_exports_reloads_total", result="ok")
    bad = scrape.value("nfsrdma_exports_reloads_total", result="error")
    when = time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(loaded)) if loaded else "?"
    ids = ", ".join(sorted({f"{p} {i}" for p, _, _, i in rows}))
    lines.append(f"# export ids: {ids}")
    lines.append(f"# loaded {when}; reloads: {int(ok)} ok, {int(bad)} refused"
                 + (" (the last refused file left the exports above in force: see the "
                    "server log)" if bad else ""))
    return "\n".join(lines) + "\n"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "exports", help="what a running server exports to whom (exportfs -v)",
        description="The exports a running server is using, with every option in force, "
                    "read from its metrics endpoint (nfsrdma serve --metrics-port). Reload "
                    "the exports file with: kill -HUP <server pid> (systemctl reload "
                    "nfsrdma).")
    p.add_argument("--url", metavar="URL",
                   help="metrics endpoint: URL, HOST:PORT or PORT (default "
                        "$NFSRDMA_METRICS_URL, else http://127.0.0.1:9100/metrics)")


def run(args: argparse.Namespace) -> int:
    url = metrics_url(args.url)
    try:
        sys.stdout.write(report(fetch(url)))
    except ScrapeError as e:
        print(f"nfsrdma exports: {e}", file=sys.stderr)
        return 1
    return 0
