"""deploy/vm/fio-report.py, the host-side table of the guest's --fio runs: it reads fio's JSON
as fio writes it (one file per server, NFS version, transport and workload), puts the three
servers side by side and computes nfsrdma's ratios to each other server and to its own v3."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPORT = Path(__file__).resolve().parents[2] / "deploy" / "vm" / "fio-report.py"


def _fio_json(path: Path, *, read: bool, bw: float, iops: float) -> None:
    side = {"io_bytes": int(bw * 8), "bw_bytes": bw, "iops": iops,
            "lat_ns": {"mean": 2e6}, "clat_ns": {"percentile": {"99.000000": 5e6}}}
    idle = {"io_bytes": 0, "bw_bytes": 0, "iops": 0.0, "lat_ns": {"mean": 0.0}}
    job = {"jobname": path.stem, "error": 0,
           "read": side if read else idle, "write": idle if read else side}
    path.write_text(json.dumps({"fio version": "fio-3.33", "jobs": [job]}))


def test_three_servers_two_versions(tmp_path: Path) -> None:
    iops = {"knfsd": 4000.0, "ganesha": 1000.0, "nfsrdma": 500.0}
    for server, base in iops.items():
        for vers, scale in (("3", 1.0), ("4.1", 0.8)):
            for xprt in ("rdma", "tcp"):
                if server == "ganesha" and xprt == "rdma":
                    continue
                _fio_json(tmp_path / f"{server}-v{vers}-{xprt}-randread.json",
                          read=True, bw=base * scale * 4096, iops=base * scale)
    # the name the profile used before versions: v3
    _fio_json(tmp_path / "knfsd-tcp-seqwrite.json", read=False, bw=50e6, iops=47.7)
    (tmp_path / "recovery-nfsrdma-write.json").write_text("{}")  # not a workload: ignored
    summary = tmp_path / "summary.json"
    out = subprocess.run([sys.executable, str(REPORT), str(tmp_path), "--json", str(summary)],
                         capture_output=True, text=True, check=True).stdout
    lines = [ln for ln in out.splitlines() if ln.startswith(("3 ", "4.1 "))]
    assert len(lines) == 5  # randread x {v3, v4.1} x {rdma, tcp} + the old v3 seqwrite
    rows = {(r["version"], r["transport"], r["workload"]): r
            for r in json.loads(summary.read_text())["rows"]}
    tcp41 = rows[("4.1", "tcp", "randread")]
    assert tcp41["ratio_nfsrdma_knfsd"] == 0.125 and tcp41["ratio_nfsrdma_ganesha"] == 0.5
    assert abs(tcp41["ratio_nfsrdma_v3"] - 0.8) < 1e-9
    assert tcp41["ganesha"]["iops"] == 800.0
    rdma3 = rows[("3", "rdma", "randread")]
    assert rdma3["ganesha"] is None and rdma3["ratio_nfsrdma_ganesha"] is None
    assert rdma3["ratio_nfsrdma_knfsd"] == 0.125 and rdma3["ratio_nfsrdma_v3"] is None
    old = rows[("3", "tcp", "seqwrite")]
    assert old["knfsd"]["mb_s"] == 50.0 and old["nfsrdma"] is None


def test_no_results(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, str(REPORT), str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 1 and "no fio results" in r.stdout
