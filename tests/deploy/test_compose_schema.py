"""deploy/compose against the Compose Specification's JSON schema, the one `docker compose` (v2)
reads its files by (as vendored in check-jsonschema, a test extra).  The guest's docker-compose
1.29 runs the files for real (deploy/vm/run-e2e --compose); Debian bookworm has no v2, so this
is the check that v2 accepts them: every file, as written and with its `${VAR:-default}`
settings interpolated to their defaults, as compose does before it validates."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "compose"
FILES = ["compose.yaml", "compose.rdma.yaml", "compose.ceph.yaml"]
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}")


def _schema() -> dict[str, Any]:
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema: dict[str, Any] = json.loads(vendor.joinpath("compose-spec.json").read_text())
    assert schema["title"] == "Compose Specification"
    return schema


def _errors(doc: object) -> list[str]:
    schema = _schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in cls(schema).iter_errors(doc)]


def _interpolated(node: object) -> object:
    """The document with every ${VAR:-default} replaced by its default (unset variables)."""
    if isinstance(node, dict):
        return {k: _interpolated(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_interpolated(v) for v in node]
    if isinstance(node, str):
        return _VAR.sub(lambda m: m.group(2) or "", node)
    return node


@pytest.mark.parametrize("name", FILES)
def test_compose_file_is_valid_compose_spec(name: str) -> None:
    doc = yaml.safe_load((COMPOSE / name).read_text())
    assert "version" not in doc  # obsolete in v2 (a warning), and not needed by 1.29
    assert _errors(doc) == []
    assert _errors(_interpolated(doc)) == []


def test_schema_rejects_what_compose_v2_rejects() -> None:
    """The check bites: a misspelt key, a wrong type and an unknown top-level key are refused."""
    doc = yaml.safe_load((COMPOSE / "compose.yaml").read_text())
    bad = copy.deepcopy(doc)
    bad["services"]["nfsrdma"]["cap_drops"] = ["ALL"]
    assert any("cap_drops" in e for e in _errors(bad))
    bad = copy.deepcopy(doc)
    bad["services"]["nfsrdma"]["cap_add"] = {"IPC_LOCK": True}
    assert any(e.startswith("services/nfsrdma/cap_add") for e in _errors(bad))
    bad = copy.deepcopy(doc)
    bad["service"] = bad.pop("services")
    assert _errors(bad)
