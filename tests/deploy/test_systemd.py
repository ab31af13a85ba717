"""deploy/systemd/nfsrdma.service: its command line is one the real CLI accepts, reload is
SIGHUP (what `test_reload` exercises), and its example exports file parses."""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from nfsrdma.cli import _serve_parser, config_from_args
from nfsrdma.exports import ExportTable, Squash

UNIT_DIR = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def _unit() -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    cur: dict[str, str] = {}
    for line in (UNIT_DIR / "nfsrdma.service").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            cur = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        cur[key] = value
    return sections


def test_unit_command_line_is_one_the_server_accepts() -> None:
    svc = _unit()["Service"]
    argv = shlex.split(svc["ExecStart"].replace("$NFSRDMA_OPTS", ""))
    assert argv[0].endswith("/nfsrdma") and argv[1] == "serve"
    parser = argparse.ArgumentParser()
    _serve_parser(parser.add_subparsers(dest="command"))
    cfg = config_from_args(parser.parse_args(argv[1:]))
    assert cfg.exports_file == Path("/etc/nfsrdma/exports") and not cfg.default_export
    assert cfg.state_dir == Path("/var/lib/nfsrdma") and cfg.metrics_port == 9100
    assert svc["ExecReload"] == "/bin/kill -HUP $MAINPID"
    assert svc["KillSignal"] == "SIGTERM" and svc["LimitMEMLOCK"] == "infinity"
    caps = set(svc["CapabilityBoundingSet"].split())
    assert {"CAP_DAC_READ_SEARCH", "CAP_IPC_LOCK"} <= caps and "CAP_SYS_ADMIN" not in caps


def test_example_exports_parse_and_squash_root() -> None:
    table = ExportTable.from_file(UNIT_DIR / "exports.example")
    assert [e.path for e in table] == ["/srv/nfsrdma"]
    assert all(r.options.squash is not Squash.NONE for e in table for r in e.clients)


def test_systemd_reads_the_unit_without_a_complaint(tmp_path: Path) -> None:
    """systemd's own parser (systemd-analyze verify): every key known, every value parsed
    (an unknown key or a bad signal name is only a warning to systemd: any output fails),
    with the checkout standing in for /opt/nfsrdma so ExecStart names a real program."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    root = UNIT_DIR.parents[1]
    if not (root / ".venv" / "bin" / "nfsrdma").exists():
        pytest.skip("no .venv/bin/nfsrdma in the checkout (./bootstrap install makes it)")
    unit = tmp_path / "nfsrdma.service"
    unit.write_text((UNIT_DIR / "nfsrdma.service").read_text().replace("/opt/nfsrdma", str(root)))
    r = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and not r.stderr.strip() and not r.stdout.strip(), r.stderr
    unit.write_text(unit.read_text().replace("KillSignal=SIGTERM", "KillSignal=SIGTREM"))
    r = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True,
                       timeout=60)
    assert "SIGTREM" in r.stderr  # the check sees what systemd only warns about
