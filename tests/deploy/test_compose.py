"""deploy/compose: what the files promise, read with a YAML parser (no Docker engine on the
development machines: the guest's docker-compose 1.29 runs them, deploy/vm/run-e2e
--compose).  The server's command line is one the real CLI accepts, the exports file it
mounts parses and squashes root, RDMA comes from an override file, and the capabilities
match the systemd unit's."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

from nfsrdma.cli import _serve_parser, config_from_args
from nfsrdma.exports import ExportTable, Squash

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
COMPOSE = DEPLOY / "compose"


def _compose(name: str = "compose.yaml") -> dict:
    return dict(yaml.safe_load((COMPOSE / name).read_text()))


def test_server_service() -> None:
    svc = _compose()["services"]["nfsrdma"]
    assert svc["network_mode"] == "host" and svc["init"] is True
    assert svc["ulimits"]["memlock"] == -1
    assert "devices" not in svc  # hosts without RDMA: the base file works as it is
    assert svc["cap_drop"] == ["ALL"] and "privileged" not in svc
    vols = svc["volumes"]
    assert "nfsrdma-state:/var/lib/nfsrdma" in vols
    assert any(v.endswith(":/etc/nfsrdma/exports:ro") for v in vols)
    argv = [a.replace("${NFSRDMA_LISTEN:-0.0.0.0}", "0.0.0.0") for a in svc["command"]]
    parser = argparse.ArgumentParser()
    _serve_parser(parser.add_subparsers(dest="command"))
    cfg = config_from_args(parser.parse_args(argv))
    assert cfg.exports_file == Path("/etc/nfsrdma/exports")
    assert cfg.state_dir == Path("/var/lib/nfsrdma") and cfg.metrics_port == 9100
    rdma = _compose("compose.rdma.yaml")["services"]["nfsrdma"]
    assert rdma["devices"] == ["/dev/infiniband:/dev/infiniband"]


def test_capabilities_match_the_systemd_unit() -> None:
    caps = set(_compose()["services"]["nfsrdma"]["cap_add"])
    unit = (DEPLOY / "systemd" / "nfsrdma.service").read_text()
    line = next(x for x in unit.splitlines() if x.startswith("CapabilityBoundingSet="))
    assert {c.removeprefix("CAP_") for c in line.split("=", 1)[1].split()} == caps
    assert {"DAC_READ_SEARCH", "IPC_LOCK"} <= caps and "SYS_ADMIN" not in caps


def test_exports_file_squashes_root() -> None:
    for f in (COMPOSE / "exports", DEPLOY / "systemd" / "exports.example"):
        table = ExportTable.from_file(f)
        assert len(table) >= 1
        assert all(r.options.squash is not Squash.NONE for e in table for r in e.clients), f
        assert "no_root_squash" not in f.read_text()


def test_prometheus_and_grafana_wiring() -> None:
    services = _compose()["services"]
    prom = yaml.safe_load((COMPOSE / "prometheus" / "prometheus.yml").read_text())
    assert prom["rule_files"] == ["/etc/prometheus/rules.yml"]
    assert prom["scrape_configs"][0]["static_configs"][0]["targets"] == ["127.0.0.1:9100"]
    assert "./prometheus:/etc/prometheus:ro" in services["prometheus"]["volumes"]
    assert services["grafana"]["profiles"] == ["grafana"]  # optional: needs a registry
    ds = yaml.safe_load((COMPOSE / "grafana/provisioning/datasources/prometheus.yaml")
                        .read_text())["datasources"][0]
    assert ds["uid"] == "nfsrdma-prometheus" and ds["url"].endswith(":9090")
    dockerfile = (COMPOSE / "Dockerfile").read_text()
    assert "ARG BASE_IMAGE=debian:bookworm-slim" in dockerfile and "HEALTHCHECK" in dockerfile


def test_ceph_override_makes_the_server_a_cephfs_gateway() -> None:
    """compose.ceph.yaml overrides the one server (no second service on its ports): built with
    libcephfs, it serves --storage cephfs from exports.ceph (CephFS paths, root squashed) and
    reads the user's ceph.conf and keyring, mounted read-only; volumes merge by target, as
    compose merges them, so the exports file replaces the base one."""
    over = _compose("compose.ceph.yaml")["services"]
    assert list(over) == ["nfsrdma"]
    svc = over["nfsrdma"]
    assert svc["build"]["args"]["WITH_CEPH"] == "1"
    assert 'if [ "$WITH_CEPH" = 1 ]' in (COMPOSE / "Dockerfile").read_text()
    argv = [a.replace("${NFSRDMA_LISTEN:-0.0.0.0}", "0.0.0.0")
             .replace("${NFSRDMA_CEPH_ID:-admin}", "admin") for a in svc["command"]]
    parser = argparse.ArgumentParser()
    _serve_parser(parser.add_subparsers(dest="command"))
    cfg = config_from_args(parser.parse_args(argv))
    assert cfg.storage == "cephfs" and cfg.ceph_conf == Path("/etc/ceph/ceph.conf")
    assert cfg.ceph_id == "admin" and cfg.exports_file == Path("/etc/nfsrdma/exports")
    assert cfg.state_dir == Path("/var/lib/nfsrdma") and cfg.metrics_port == 9100
    base = _compose()["services"]["nfsrdma"]["volumes"]
    vols = [re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", v) for v in [*base, *svc["volumes"]]]
    merged = {v.split(":")[1]: v for v in vols}
    assert merged["/etc/ceph"] == "/etc/ceph:/etc/ceph:ro"
    assert merged["/etc/nfsrdma/exports"] == "./exports.ceph:/etc/nfsrdma/exports:ro"
    assert "nfsrdma-state:/var/lib/nfsrdma" in merged.values()  # the handle secret persists
    assert {"/run/ceph", "/var/log/ceph", "/tmp"} <= set(svc["tmpfs"])  # read-only root
    table = ExportTable.from_file(COMPOSE / "exports.ceph")
    assert [e.path for e in table] == ["/nfsrdma"]
    assert all(r.options.squash is not Squash.NONE for e in table for r in e.clients)
