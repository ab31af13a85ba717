#!/usr/bin/env python3
"""Side-by-side table of the e2e fio runs: server x transport x workload.

Reads FIO_DIR/<server>-<transport>-<workload>.json (written by deploy/vm/guest/e2e.sh),
prints MB/s and IOPS per server and the nfsrdma/knfsd ratio, writes a summary JSON and,
when matplotlib is importable, a PNG bar chart. Stdlib only apart from the optional chart.
"""
import argparse
import json
import os
import re
import sys

SERVERS = ("knfsd", "nfsrdma")
WORKLOADS = ("seqwrite", "seqread", "randread", "randwrite")
NAME = re.compile(r"^(knfsd|nfsrdma)-(rdma|tcp)-(\w+)\.json$")


def load(fio_dir):
    res = {}
    for fn in sorted(os.listdir(fio_dir)):
        m = NAME.match(fn)
        if not m:
            continue
        server, transport, workload = m.groups()
        try:
            job = json.load(open(os.path.join(fio_dir, fn)))["jobs"][0]
        except (ValueError, KeyError, IndexError) as e:
            print(f"fio-report: cannot read {fn}: {e}", file=sys.stderr)
            continue
        d = job["read"] if job["read"]["io_bytes"] else job["write"]
        res[(server, transport, workload)] = {
            "mb_s": d["bw_bytes"] / 1e6,
            "iops": d["iops"],
            "lat_ms_mean": d["lat_ns"]["mean"] / 1e6,
            "lat_ms_p99": d.get("clat_ns", {}).get("percentile", {}).get("99.000000", 0) / 1e6,
            "io_mib": d["io_bytes"] / 1048576,
            "errors": job["error"],
        }
    return res


def ratio(a, b):
    return a / b if a and b else None


def cell(x, fmt):
    return format(x, fmt) if x is not None else "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fio_dir")
    ap.add_argument("--json")
    ap.add_argument("--png")
    a = ap.parse_args()
    res = load(a.fio_dir)
    if not res:
        print(f"fio-report: no fio results in {a.fio_dir}")
        return 1
    transports = [t for t in ("rdma", "tcp") if any(k[1] == t for k in res)]
    workloads = [w for w in WORKLOADS if any(k[2] == w for k in res)]
    hdr = (f"{'xprt':<5} {'workload':<10} | {'knfsd MB/s':>9} {'IOPS':>8} | "
           f"{'nfsrdma MB/s':>9} {'IOPS':>8} | {'ratio':>7}")
    print()
    print("fio (direct=1, libaio): nfsrdma vs knfsd, same guest, same boot")
    print(hdr)
    print("-" * len(hdr))
    rows = []
    for t in transports:
        for w in workloads:
            k = res.get(("knfsd", t, w))
            n = res.get(("nfsrdma", t, w))
            r = ratio(n and n["iops"], k and k["iops"])
            print(f"{t:<5} {w:<10} | {cell(k and k['mb_s'], '.1f'):>10} "
                  f"{cell(k and k['iops'], '.0f'):>8} | {cell(n and n['mb_s'], '.1f'):>12} "
                  f"{cell(n and n['iops'], '.0f'):>8} | {cell(r, '.2f'):>7}")
            rows.append({"transport": t, "workload": w, "knfsd": k, "nfsrdma": n, "ratio_nfsrdma_knfsd": r})
    print()
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rows": rows}, f, indent=1)
        print(f"fio-report: summary JSON {a.json}")
    if a.png:
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            print("fio-report: note: matplotlib not installed, no chart "
                  "(pip install matplotlib into the project venv)")
            return 0
        fig, axes = plt.subplots(1, len(transports), figsize=(6 * len(transports), 4), squeeze=False)
        for ax, t in zip(axes[0], transports, strict=True):
            xs = range(len(workloads))
            for i, s in enumerate(SERVERS):
                vals = [(res.get((s, t, w)) or {}).get("mb_s", 0) for w in workloads]
                ax.bar([x + (i - 0.5) * 0.4 for x in xs], vals, 0.4, label=s)
                for x, w in zip(xs, workloads, strict=True):
                    v = res.get((s, t, w))
                    if v:
                        ax.annotate(f"{v['iops']:.0f} IOPS", (x + (i - 0.5) * 0.4, v["mb_s"]),
                                    ha="center", va="bottom", fontsize=7, rotation=90)
            ax.set_ylim(top=max([v["mb_s"] for k, v in res.items() if k[1] == t] + [1]) * 1.3)
            ax.set_xticks(list(xs))
            ax.set_xticklabels(workloads)
            ax.set_ylabel("MB/s")
            ax.set_title(f"NFSv3 over {t} (qemu TCG guest, rxe)")
            ax.legend()
        fig.tight_layout()
        fig.savefig(a.png, dpi=100)
        print(f"fio-report: chart {a.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
