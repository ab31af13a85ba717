"""One scrape of a server's /metrics: fetched over HTTP, parsed into samples, and the few
queries the operator tools ask of it (a sum over matching labels, a breakdown by a label,
a histogram's cumulative buckets).

The server's metrics endpoint is the tools' only interface to it: what an operator reads
is what Prometheus scrapes, so the two never disagree.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families

__all__ = ["DEFAULT_URL", "URL_ENV", "Sample", "Scrape", "ScrapeError", "fetch", "metrics_url"]

#: Where the tools look when not told: `nfsrdma serve --metrics-port 9100` on this host.
DEFAULT_URL = "http://127.0.0.1:9100/metrics"
#: Environment variable naming the endpoint (a URL or HOST:PORT).
URL_ENV = "NFSRDMA_METRICS_URL"


class ScrapeError(Exception):
    """The endpoint cannot be read or is not Prometheus text (message says which)."""


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    labels: dict[str, str]
    value: float


def metrics_url(where: str | None) -> str:
    """`where` (a URL, HOST:PORT or a bare PORT; None: $NFSRDMA_METRICS_URL, else
    `DEFAULT_URL`) as the URL of a /metrics endpoint."""
    where = where or os.environ.get(URL_ENV) or DEFAULT_URL
    if where.isdigit():
        where = f"127.0.0.1:{where}"
    if "://" not in where:
        where = f"http://{where}"
    scheme, _, rest = where.partition("://")
    if "/" not in rest:
        where = f"{scheme}://{rest}/metrics"
    return where


class Scrape:
    """The samples of one scrape (counters keep their ``_total`` names, histograms their
    ``_bucket``/``_sum``/``_count`` ones)."""

    def __init__(self, samples: Iterable[Sample]) -> None:
        self.samples = list(samples)

    @classmethod
    def parse(cls, text: str) -> Scrape:
        """Raises: ScrapeError if `text` is not Prometheus text exposition."""
        try:
            return cls(Sample(s.name, dict(s.labels), float(s.value))
                       for fam in text_string_to_metric_families(text) for s in fam.samples)
        except ValueError as e:
            raise ScrapeError(f"not Prometheus text: {e}") from None

    def names(self) -> set[str]:
        return {s.name for s in self.samples}

    def select(self, name: str, **labels: str) -> list[Sample]:
        return [s for s in self.samples
                if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())]

    def value(self, name: str, **labels: str) -> float:
        """The sum of `name`'s samples whose labels include `labels` (0 when none)."""
        return sum(s.value for s in self.select(name, **labels))

    def by(self, name: str, *keys: str, **labels: str) -> dict[tuple[str, ...], float]:
        """`name` summed by the values of `keys` (samples lacking a key count under "")."""
        out: dict[tuple[str, ...], float] = {}
        for s in self.select(name, **labels):
            k = tuple(s.labels.get(key, "") for key in keys)
            out[k] = out.get(k, 0.0) + s.value
        return out

    def buckets(self, name: str, **labels: str) -> list[tuple[float, float]]:
        """Histogram `name`'s cumulative buckets (upper bound, count), summed over the other
        labels, in bound order (+Inf last)."""
        sums: dict[float, float] = {}
        for s in self.select(f"{name}_bucket", **labels):
            le = float(s.labels["le"])
            sums[le] = sums.get(le, 0.0) + s.value
        return sorted(sums.items())


def fetch(url: str, timeout: float = 10.0) -> Scrape:
    """GET `url` and parse it.

    Raises: ScrapeError naming the URL when it cannot be reached, answers an HTTP error, or
        is not Prometheus text.
    """
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            text = resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        raise ScrapeError(f"{url}: {reason} (is the server running with --metrics-port?)") from None
    return Scrape.parse(text)
