"""Every query of the Prometheus recording rules and of the Grafana dashboard names series a
running server really exposes (Grafana and Prometheus cannot run on the development
machines; promtool checks the rules' syntax in the guest: deploy/vm/run-e2e --compose).

A real server (NFSv3 + NFSv4, TCP and RDMA on the soft fabric, /metrics on a real port)
serves some calls over RDMA, then its /metrics text is the reference: metric names from its
TYPE lines (counters as ``_total``, histograms as ``_bucket``/``_sum``/``_count``), label
names and values from its samples.  Each expression is reduced to the series it selects
(a small PromQL reader: strings, durations, ``by (...)`` lists and function names removed).
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import yaml

from nfsrdma.nfs3.client import Nfs3Client, mount
from tests.transport.rdma._rdma import ROOT_CRED, connect, export_path, running_server

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "compose"
#: series Prometheus makes itself for every target
BUILTIN = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}
_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and",
    "or", "unless", "sum", "min", "max", "avg", "count", "topk", "bottomk", "quantile",
    "stddev", "stdvar", "count_values", "group", "inf", "nan",
}
_SELECTOR = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}")
_MATCHER = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)"')
_LABEL_LIST = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")


class Exposed:
    """What one scrape says the server exposes."""

    def __init__(self, text: str) -> None:
        self.names: set[str] = set()
        self.labels: dict[str, dict[str, set[str]]] = {}
        for line in text.splitlines():
            if line.startswith("# TYPE "):
                _, _, name, kind = line.split()
                if kind == "counter":  # prometheus_client spells counters with _total
                    name = name if name.endswith("_total") else name + "_total"
                suffixes = {"histogram": ["_bucket", "_sum", "_count"],
                            "summary": ["_sum", "_count", ""]}.get(kind, [""])
                self.names.update(name + s for s in suffixes)
            elif line and not line.startswith("#"):
                m = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s", line)
                assert m, line
                labels = self.labels.setdefault(m.group(1), {})
                for k, v in re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"',
                                       m.group(3) or ""):
                    labels.setdefault(k, set()).add(v)


def series(expr: str) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    """(metric name, [(label, op, value)]) of every series selector in a PromQL `expr`."""
    for m in _SELECTOR.finditer(expr):
        yield m.group(1), _MATCHER.findall(m.group(2))
    bare = re.sub(r'"[^"]*"', "", expr)
    bare = re.sub(r"\{[^}]*\}", "", bare)
    bare = re.sub(r"\[[^\]]*\]", "", bare)
    bare = _LABEL_LIST.sub(" ", bare)
    for m in re.finditer(r"(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?", bare):
        name, call = m.group(1), m.group(2)
        if not call and name not in _KEYWORDS:
            yield name, []


def grouping_labels(expr: str) -> set[str]:
    return {lab.strip() for _, labs in _LABEL_LIST.findall(expr)
            for lab in labs.split(",") if lab.strip()}


async def _scrape_after_rdma_calls(tmp_path: Path) -> str:
    (tmp_path / "export").mkdir()
    async with running_server(tmp_path, metrics=True) as srv:
        rpc = await connect(srv)
        try:
            c = Nfs3Client(rpc, ROOT_CRED)
            root = await mount(rpc, export_path(srv), ROOT_CRED)
            fh = await c.create(root, b"f")
            await c.write(fh, 0, b"x" * 65536, stable=2)
            await c.read(fh, 0, 65536)
            url = f"http://127.0.0.1:{srv.ports['metrics']}/metrics"

            def get() -> str:
                with urllib.request.urlopen(url, timeout=10) as r:
                    return str(r.read().decode())

            return await asyncio.to_thread(get)
        finally:
            await rpc.close()


def _queries() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(recording rule name -> expr, [(where, expr)] of every rule and dashboard query)."""
    rules = yaml.safe_load((COMPOSE / "prometheus" / "rules.yml").read_text())
    recorded: dict[str, str] = {}
    queries: list[tuple[str, str]] = []
    for group in rules["groups"]:
        for rule in group["rules"]:
            queries.append((f"rule {rule['record']}", rule["expr"]))
            recorded[rule["record"]] = rule["expr"]
    dash = json.loads((COMPOSE / "grafana" / "dashboards" / "nfsrdma.json").read_text())
    ds = yaml.safe_load((COMPOSE / "grafana" / "provisioning" / "datasources" /
                         "prometheus.yaml").read_text())["datasources"][0]
    want = {"type": "prometheus", "uid": ds["uid"]}
    todo = list(dash["panels"])
    while todo:  # a row's panels (collapsed rows keep theirs inside) are panels too
        panel = todo.pop(0)
        todo.extend(panel.get("panels", []))
        if panel.get("type") == "row":
            continue
        where = f"panel {panel['title']!r}"
        assert panel["targets"], f"{where}: no query"
        for t in panel["targets"]:
            # the provisioned datasource, by uid: another uid is an empty panel in Grafana
            assert t.get("datasource", panel.get("datasource")) == want, where
            queries.append((where, t["expr"]))
    return recorded, queries


def test_every_query_names_series_the_server_exposes(tmp_path: Path) -> None:
    exposed = Exposed(asyncio.run(_scrape_after_rdma_calls(tmp_path)))
    recorded, queries = _queries()
    assert len(recorded) >= 20 and len(queries) > len(recorded)
    checked_values = 0
    for where, expr in queries:
        found = list(series(expr))
        assert found, f"{where}: no series in {expr!r}"
        for name, matchers in found:
            if name in recorded:
                known = grouping_labels(recorded[name])
                for label, _, _ in matchers:
                    assert label in known, f"{where}: {name} has no label {label} ({known})"
                continue
            assert name in exposed.names | BUILTIN, f"{where}: {name} is not exposed"
            have = exposed.labels.get(name)
            if have is None:
                continue  # no sample yet (e.g. no callback made): the name is enough
            for label, op, value in matchers:
                assert label in have or name in BUILTIN, f"{where}: {name} has no {label}"
                if op == "=" and name not in BUILTIN:
                    assert value in have[label], f"{where}: {name}{{{label}={value!r}}} " \
                                                 f"never seen ({sorted(have[label])})"
                    checked_values += 1
            for label in grouping_labels(expr) - {"le"}:
                if label in have or any(label in g for g in
                                        (grouping_labels(recorded.get(n, "")) for n, _ in found)):
                    continue
                assert any(label in exposed.labels.get(n, {}) for n, _ in found), \
                    f"{where}: grouping label {label} on none of its series"
    assert checked_values >= 5  # program="nfs", transport="rdma", state="used"... were seen


def test_the_query_reader_finds_names_and_matchers() -> None:
    expr = ('histogram_quantile(0.9, sum by (program, le) (rate(a_bucket{x="1", y!~"z"}[1m])))'
            ' / on () group_left () sum(b_total) + nfsrdma:rec')
    got = list(series(expr))
    assert ("a_bucket", [("x", "=", "1"), ("y", "!~", "z")]) in got
    assert ("b_total", []) in got and ("nfsrdma:rec", []) in got
    assert not {n for n, _ in got} & {"histogram_quantile", "sum", "rate", "program", "le"}
