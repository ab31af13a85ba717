"""deploy/systemd/nfsrdma.service: its command line is one the real CLI accepts, reload is
SIGHUP (what `test_reload` exercises), and its example exports file parses."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

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
