"""deploy/vm/guest/meta-report.py, the table of the guest's --meta runs: seconds per step for
each server, version and transport side by side, and nfsrdma's ratios to Ganesha and knfsd."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPORT = Path(__file__).resolve().parents[2] / "deploy" / "vm" / "guest" / "meta-report.py"
STEPS = ("copy", "git_add", "commit", "status", "build", "rm")


def _run(d: Path, server: str, vers: str, proto: str, scale: float, ok: bool = True) -> None:
    secs = {s: round(scale * (i + 1), 2) for i, s in enumerate(STEPS)}
    (d / f"{server}-v{vers}-{proto}.json").write_text(json.dumps(
        {"server": server, "vers": vers, "proto": proto, "ok": ok, "files": 433, "c_files": 24,
         "seconds": secs}))


def test_ratios_per_version_and_failed_runs_left_out(tmp_path: Path) -> None:
    for vers in ("3", "4.1"):
        _run(tmp_path, "knfsd", vers, "rdma", 1.0)
        _run(tmp_path, "knfsd", vers, "tcp", 2.0)
        _run(tmp_path, "ganesha", vers, "tcp", 4.0)
        _run(tmp_path, "nfsrdma", vers, "rdma", 3.0)
    _run(tmp_path, "nfsrdma", "3", "tcp", 5.0)
    _run(tmp_path, "nfsrdma", "4.1", "tcp", 5.0, ok=False)  # e.g. cut off by the timeout
    summary = tmp_path / "summary.json"
    out = subprocess.run([sys.executable, str(REPORT), str(tmp_path), "--json", str(summary),
                          "--txt", str(tmp_path / "summary.txt")],
                         capture_output=True, text=True, check=True).stdout
    j = json.loads(summary.read_text())["summary"]
    assert j["v3"]["build"]["ratios"] == {"tcp/ganesha": 1.25, "rdma/ganesha": 0.75,
                                          "rdma/knfsd": 3.0, "tcp/knfsd": 2.5}
    assert j["v3"]["total"]["seconds"]["nfsrdma-tcp"] == 5.0 * 21
    assert j["v4.1"]["copy"]["ratios"]["tcp/ganesha"] is None
    assert j["v4.1"]["copy"]["ratios"]["rdma/knfsd"] == 3.0
    assert j["failed"] == ["nfsrdma v4.1 tcp"]
    assert "failed runs (not in the table): nfsrdma v4.1 tcp" in out
    assert (tmp_path / "summary.txt").read_text().strip() == out.strip()
