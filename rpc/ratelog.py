"""Rate-limited logging for lines a peer can trigger once per packet or per connection.

A hostile or broken client can make the server log a warning for every record it sends
(3,000 bad RDMA headers in a second were 3,000 WARNING lines): the log then hides everything
else and costs more than the packets.  `RateLog` lets through at most ``burst`` lines per
key per ``interval`` seconds, says once that it is suppressing, and reports how many lines it
suppressed when the key's next window opens.  Keys are fixed strings per call site, never
per peer, so its state stays as small as the code.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

__all__ = ["RateLog"]


class _Window:
    __slots__ = ("emitted", "start", "suppressed")

    def __init__(self, start: float) -> None:
        self.start = start
        self.emitted = 0
        self.suppressed = 0


class RateLog:
    """At most *burst* lines per key per *interval* seconds on *logger*, then a count."""

    __slots__ = ("_clock", "_windows", "burst", "interval", "logger")

    def __init__(self, logger: logging.Logger, burst: int = 10, interval: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.logger = logger
        self.burst = burst
        self.interval = interval
        self._clock = clock
        self._windows: dict[str, _Window] = {}

    def warning(self, key: str, msg: str, *args: object) -> None:
        self.log(logging.WARNING, key, msg, *args)

    def log(self, level: int, key: str, msg: str, *args: object) -> None:
        if not self.logger.isEnabledFor(level):
            return
        now = self._clock()
        w = self._windows.get(key)
        if w is None or now - w.start >= self.interval:
            if w is not None and w.suppressed:
                self.logger.log(level, "%s: suppressed %d similar lines in %.0f s", key,
                                w.suppressed, now - w.start)
            w = self._windows[key] = _Window(now)
        if w.emitted < self.burst:
            w.emitted += 1
            self.logger.log(level, msg, *args)
            return
        if not w.suppressed:
            self.logger.log(level, "%s: more than %d lines in %.0f s; suppressing similar "
                            "lines (their count follows)", key, self.burst, self.interval)
        w.suppressed += 1
