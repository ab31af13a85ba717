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
            print("fio-report: cannot read %s: %s" % (fn, e), file=sys.stderr)
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fio_dir")
    ap.add_argument("--json")
    ap.add_argument("--png")
    a = ap.parse_args()
    res = load(a.fio_dir)
    if not res:
        print("fio-report: no fio results in %s" % a.fio_dir)
        return 1
    transports = [t for t in ("rdma", "tcp") if any(k[1] == t for k in res)]
    workloads = [w for w in WORKLOADS if any(k[2] == w for k in res)]
    hdr = "%-5s %-10s | %9s %8s | %9s %8s | %7s" % (
        "xprt", "workload", "knfsd MB/s", "IOPS", "nfsrdma MB/s", "IOPS", "ratio")
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
            cell = lambda x, f: (f % x) if x is not None else "-"
            print("%-5s %-10s | %10s %8s | %12s %8s | %7s" % (
                t, w,
                cell(k and k["mb_s"], "%.1f"), cell(k and k["iops"], "%.0f"),
                cell(n and n["mb_s"], "%.1f"), cell(n and n["iops"], "%.0f"),
                cell(r, "%.2f")))
            rows.append({"transport": t, "workload": w, "knfsd": k, "nfsrdma": n, "ratio_nfsrdma_knfsd": r})
    print()
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rows": rows}, f, indent=1)
        print("fio-report: summary JSON %s" % a.json)
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
        for ax, t in zip(axes[0], transports):
            xs = range(len(workloads))
            for i, s in enumerate(SERVERS):
                vals = [(res.get((s, t, w)) or {}).get("mb_s", 0) for w in workloads]
                ax.bar([x + (i - 0.5) * 0.4 for x in xs], vals, 0.4, label=s)
                for x, w in zip(xs, workloads):
                    v = res.get((s, t, w))
                    if v:
                        ax.annotate("%.0f IOPS" % v["iops"], (x + (i - 0.5) * 0.4, v["mb_s"]),
                                    ha="center", va="bottom", fontsize=7, rotation=90)
            ax.set_ylim(top=max([v["mb_s"] for k, v in res.items() if k[1] == t] + [1]) * 1.3)
            ax.set_xticks(list(xs))
            ax.set_xticklabels(workloads)
            ax.set_ylabel("MB/s")
            ax.set_title("NFSv3 over %s (qemu TCG guest, rxe)" % t)
            ax.legend()
        fig.tight_layout()
        fig.savefig(a.png, dpi=100)
        print("fio-report: chart %s" % a.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
