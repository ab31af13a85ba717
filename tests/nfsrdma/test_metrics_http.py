"""The /metrics endpoint over a real socket when its scraper misbehaves.

A scraper that hangs up before its reply is written (Prometheus past its scrape_timeout on a
loaded host: the compose run in the guest logged a BrokenPipe traceback per such scrape) is
expected and stays out of the log; an exception while answering is a bug, logged with its
traceback and counted in ``nfsrdma_internal_errors_total{program="metrics"}``.  Either way
the next scrape is answered.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from nfsrdma.metrics import Metrics


class _Slow(Collector):
    """Holds each scrape for `delay` seconds; raises when `fail` is set."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.fail = False
        self.entered = threading.Event()

    def collect(self) -> Iterator[Metric]:
        self.entered.set()
        time.sleep(self.delay)
        if self.fail:
            raise ValueError("injected collector bug")
        yield GaugeMetricFamily("test_slow", "a gauge", value=1.0)


def _get(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
        return str(r.read().decode())


def _internal(text: str) -> float:
    for line in text.splitlines():
        if line.startswith('nfsrdma_internal_errors_total{procedure="GET",program="metrics"}'):
            return float(line.split()[-1])
    return 0.0


@pytest.fixture
def served() -> Iterator[tuple[Metrics, _Slow, int]]:
    m = Metrics(copies_module=None)
    slow = _Slow()
    m.registry.register(slow)
    port = m.start_http(0, "127.0.0.1")
    try:
        yield m, slow, port
    finally:
        m.stop_http()


def test_a_scraper_that_hangs_up_is_not_a_traceback(
        served: tuple[Metrics, _Slow, int], capfd: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    _, slow, port = served
    slow.delay = 0.5
    for _ in range(3):
        slow.entered.clear()
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        assert slow.entered.wait(10)
        # reset, not FIN: the server's write of the reply then fails (EPIPE / ECONNRESET)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    time.sleep(1.0)  # the last reply written into the reset connection
    slow.delay = 0.0
    text = _get(port)
    assert "test_slow 1.0" in text and _internal(text) == 0
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Broken pipe" not in err, err
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_an_error_while_answering_is_logged_and_counted(
        served: tuple[Metrics, _Slow, int], caplog: pytest.LogCaptureFixture) -> None:
    _, slow, port = served
    slow.fail = True
    with caplog.at_level(logging.ERROR, logger="nfsrdma.metrics"):
        with pytest.raises(OSError):  # the handler died: no reply, or an incomplete one
            _get(port)
    slow.fail = False
    assert _internal(_get(port)) == 1
    bugs = [r for r in caplog.records if r.name == "nfsrdma.metrics"]
    assert bugs and bugs[0].exc_info and "injected collector bug" in str(bugs[0].exc_info[1])
