#!/usr/bin/env python3
"""Side-by-side table of the e2e fio runs: NFS version x transport x workload x server.

Reads FIO_DIR/<server>-v<vers>-<transport>-<workload>.json (written by deploy/vm/guest/fio.sh;
the older <server>-<transport>-<workload>.json counts as v3), prints MB/s and IOPS per server
(knfsd, NFS-Ganesha, nfsrdma: whichever ran), nfsrdma's ratio to each of the others and its
v4.1/v3 ratio, writes a summary JSON and, when matplotlib is importable, a PNG bar chart.
Stdlib only apart from the optional chart.
"""
import argparse
import json
import os
import re
import sys

SERVERS = ("knfsd", "ganesha", "nfsrdma")
WORKLOADS = ("seqwrite", "seqread", "randread", "randwrite")
NAME = re.compile(r"^(knfsd|ganesha|nfsrdma)-(?:v(\d(?:\.\d)?)-)?(rdma|tcp)-(\w+)\.json$")


def load(fio_dir):
    res = {}
    for fn in sorted(os.listdir(fio_dir)):
        m = NAME.match(fn)
        if not m:
            continue
        server, vers, transport, workload = m.groups()
        try:
            with open(os.path.join(fio_dir, fn)) as f:
                job = json.load(f)["jobs"][0]
        except (ValueError, KeyError, IndexError) as e:
            print(f"fio-report: cannot read {fn}: {e}", file=sys.stderr)
            continue
        d = job["read"] if job["read"]["io_bytes"] else job["write"]
        res[(server, vers or "3", transport, workload)] = {
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


def vkey(v):
    return tuple(int(p) for p in v.split("."))


def table(res):
    """Print the table; return its rows (one per version, transport, workload)."""
    servers = [s for s in SERVERS if any(k[0] == s for k in res)]
    others = [s for s in servers if s != "nfsrdma"]
    versions = sorted({k[1] for k in res}, key=vkey)
    transports = [t for t in ("rdma", "tcp") if any(k[2] == t for k in res)]
    workloads = [w for w in WORKLOADS if any(k[3] == w for k in res)]
    hdr = f"{'vers':<4} {'xprt':<4} {'workload':<9}"
    for s in servers:
        hdr += f" | {s + ' MB/s':>13} {'IOPS':>6}"
    if "nfsrdma" in servers:
        for s in others:
            hdr += f" | {'/' + s:>8}"
        if len(versions) > 1:
            hdr += f" | {'/v' + versions[0]:>6}"
    print()
    print("fio (direct=1, libaio), the kernel client in one guest, one boot, servers one after "
          "another; ratios = nfsrdma / other (IOPS)")
    print(hdr)
    print("-" * len(hdr))
    rows = []
    for v in versions:
        for t in transports:
            for w in workloads:
                got = {s: res.get((s, v, t, w)) for s in servers}
                if not any(got.values()):
                    continue
                line = f"{v:<4} {t:<4} {w:<9}"
                for s in servers:
                    r = got[s]
                    line += (f" | {cell(r and r['mb_s'], '.1f'):>13}"
                             f" {cell(r and r['iops'], '.0f'):>6}")
                row = {"version": v, "transport": t, "workload": w, **got}
                n = got.get("nfsrdma")
                if n:
                    for s in others:
                        o = got[s]
                        rr = ratio(n["iops"], o and o["iops"])
                        row[f"ratio_nfsrdma_{s}"] = rr
                        line += f" | {cell(rr, '.2f'):>8}"
                    if len(versions) > 1:
                        base = res.get(("nfsrdma", versions[0], t, w))
                        rv = ratio(n["iops"], base and base["iops"]) if v != versions[0] else None
                        row[f"ratio_nfsrdma_v{versions[0]}"] = rv
                        line += f" | {cell(rv, '.2f'):>6}"
                print(line)
                rows.append(row)
    print()
    return rows


def chart(res, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("fio-report: note: matplotlib not installed, no chart "
              "(pip install matplotlib into the project venv)")
        return
    servers = [s for s in SERVERS if any(k[0] == s for k in res)]
    panels = sorted({(k[1], k[2]) for k in res}, key=lambda p: (vkey(p[0]), p[1]))
    workloads = [w for w in WORKLOADS if any(k[3] == w for k in res)]
    fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels), 4), squeeze=False)
    width = 0.8 / len(servers)
    for ax, (v, t) in zip(axes[0], panels, strict=True):
        xs = range(len(workloads))
        for i, s in enumerate(servers):
            off = (i - (len(servers) - 1) / 2) * width
            vals = [(res.get((s, v, t, w)) or {}).get("mb_s", 0) for w in workloads]
            ax.bar([x + off for x in xs], vals, width, label=s)
            for x, w in zip(xs, workloads, strict=True):
                r = res.get((s, v, t, w))
                if r:
                    ax.annotate(f"{r['iops']:.0f} IOPS", (x + off, r["mb_s"]),
                                ha="center", va="bottom", fontsize=6, rotation=90)
        top = max([r["mb_s"] for k, r in res.items() if k[1:3] == (v, t)] + [1])
        ax.set_ylim(top=top * 1.35)
        ax.set_xticks(list(xs))
        ax.set_xticklabels(workloads)
        ax.set_ylabel("MB/s")
        ax.set_title(f"NFSv{v} over {t} (qemu TCG guest, rxe)")
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    print(f"fio-report: chart {path}")


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
    rows = table(res)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rows": rows}, f, indent=1)
        print(f"fio-report: summary JSON {a.json}")
    if a.png:
        chart(res, a.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
