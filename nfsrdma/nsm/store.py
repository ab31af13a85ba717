"""The status monitor's files under ``<state-dir>/sm/`` (blocking: call through
``storage._offload.run_blocking``, never on the event loop).

Layout, as statd keeps /var/lib/nfs/statd: ``sm/state`` holds the state number (decimal),
``sm/host.<name>`` one monitored host each (JSON of `HostRecord`; the name is percent-quoted
so any caller_name is one safe file name; past 200 characters, its SHA-256).  Every file is written whole to a temporary name,
fsynced and renamed into place, so a crash leaves the old or the new content.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from urllib.parse import quote_from_bytes

from nfsrdma.nsm.monitor import HostRecord

__all__ = ["SmStore"]

log = logging.getLogger(__name__)

_PREFIX = "host."
#: Longest quoted name kept as is (with the prefix and ".tmp" well under NAME_MAX, 255).
_MAX_QUOTED = 200


class SmStore:
    """``<state-dir>/sm``: the state number and one file per monitored host."""

    __slots__ = ("dir",)

    def __init__(self, state_dir: Path) -> None:
        self.dir = state_dir / "sm"

    def load_state(self) -> int:
        """The state number last written (0 when there is none or it is unreadable)."""
        try:
            return max(0, int((self.dir / "state").read_text().strip() or 0))
        except (OSError, ValueError):
            return 0

    def save_state(self, state: int) -> None:
        self._write(self.dir / "state", f"{state}\n")

    def load_hosts(self) -> list[HostRecord]:
        """Every recorded host; a damaged file is logged and skipped."""
        out = []
        try:
            paths = sorted(self.dir.glob(_PREFIX + "*"))
        except OSError:
            return []
        for p in paths:
            if p.name.endswith(".tmp"):
                continue
            try:
                out.append(HostRecord.from_json(json.loads(p.read_text())))
            except (OSError, ValueError, KeyError, TypeError) as e:
                log.warning("nsm: skipping unreadable host record %s: %s", p, e)
        return out

    def save_host(self, rec: HostRecord) -> None:
        self._write(self._path(rec.name), json.dumps(rec.to_json()) + "\n")

    def remove_host(self, name: bytes) -> None:
        try:
            self._path(name).unlink()
        except FileNotFoundError:
            pass

    def _path(self, name: bytes) -> Path:
        quoted = quote_from_bytes(name, safe="")
        if len(quoted) > _MAX_QUOTED:  # NAME_MAX is 255: a long name goes by its digest
            quoted = "~" + hashlib.sha256(name).hexdigest()
        return self.dir / (_PREFIX + quoted)

    def _write(self, path: Path, text: str) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
