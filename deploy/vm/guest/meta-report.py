#!/usr/bin/env python3
"""The --meta profile's table: wall seconds per step for each server, version and transport,
and nfsrdma's ratios (its seconds / the other server's: below 1.0 is faster).

usage: meta-report.py DIR [--json OUT.json] [--txt OUT.txt]   (DIR holds meta.sh's JSONs)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

STEPS = ("copy", "git_add", "commit", "status", "build", "rm")
COLUMNS = (("knfsd", "rdma"), ("knfsd", "tcp"), ("ganesha", "tcp"), ("nfsrdma", "rdma"),
           ("nfsrdma", "tcp"))
# (label, numerator, denominator)
RATIOS = (("tcp/ganesha", ("nfsrdma", "tcp"), ("ganesha", "tcp")),
          ("rdma/ganesha", ("nfsrdma", "rdma"), ("ganesha", "tcp")),
          ("rdma/knfsd", ("nfsrdma", "rdma"), ("knfsd", "rdma")),
          ("tcp/knfsd", ("nfsrdma", "tcp"), ("knfsd", "tcp")))


def load(d: Path) -> dict[tuple[str, str, str], dict]:
    runs = {}
    for f in sorted(d.glob("*.json")):
        j = json.loads(f.read_text())
        runs[(j["vers"], j["server"], j["proto"])] = j
    return runs


def table(runs: dict[tuple[str, str, str], dict]) -> tuple[str, dict]:
    lines: list[str] = []
    summary: dict = {}
    for vers in sorted({k[0] for k in runs}):
        head = ["v" + vers] + [f"{s} {p}" for s, p in COLUMNS] + [r[0] for r in RATIOS]
        lines.append(" | ".join(f"{h:>13}" for h in head))
        lines.append("-" * len(lines[-1]))
        sv: dict = summary.setdefault("v" + vers, {})
        for step in (*STEPS, "total"):
            row = [step]
            vals: dict[tuple[str, str], float | None] = {}
            for s, p in COLUMNS:
                j = runs.get((vers, s, p))
                v = None
                if j is not None and j["ok"]:
                    secs = j["seconds"]
                    v = sum(secs.get(k, 0.0) for k in STEPS) if step == "total" else secs.get(step)
                vals[(s, p)] = v
                row.append("-" if v is None else f"{v:.2f}")
            ratios = {}
            for label, num, den in RATIOS:
                a, b = vals[num], vals[den]
                r = round(a / b, 2) if a is not None and b else None
                ratios[label] = r
                row.append("-" if r is None else f"{r:.2f}")
            sv[step] = {"seconds": {f"{s}-{p}": vals[(s, p)] for s, p in COLUMNS},
                        "ratios": ratios}
            lines.append(" | ".join(f"{c:>13}" for c in row))
        lines.append("")
    files = {j["files"] for j in runs.values()}
    lines.append(f"tree: {', '.join(map(str, sorted(files)))} files; seconds of wall time; "
                 "ratios are nfsrdma's seconds / the other server's (below 1.0: nfsrdma faster)")
    failed = [f"{s} v{v} {p}" for (v, s, p), j in runs.items() if not j["ok"]]
    if failed:
        lines.append("failed runs (not in the table): " + ", ".join(failed))
    summary["failed"] = failed
    return "\n".join(lines), summary


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--txt", type=Path)
    a = ap.parse_args()
    runs = load(a.dir)
    if not runs:
        print(f"meta-report: no JSON in {a.dir}", file=sys.stderr)
        return 1
    text, summary = table(runs)
    print(text)
    if a.txt:
        a.txt.write_text(text + "\n")
    if a.json:
        a.json.write_text(json.dumps({"runs": list(runs.values()), "summary": summary}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
