"""The advisory mount list (rmtab) behind MOUNT DUMP/UMNT/UMNTALL.

Any client can send MNT as often as it likes, with as many spellings of a path as it likes,
so the list is keyed by the canonical path, capped, and persisted off the event loop: a new
entry is appended to ``state_dir/rmtab``; removals (and a file that holds more lines than
entries) make the next write a compaction.  Writes are coalesced: at most one is in flight,
and whatever changed meanwhile goes out in the next one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import posixpath
from pathlib import Path

from storage import run_blocking

log = logging.getLogger(__name__)

#: Entries kept at most; further MNTs still succeed but are not recorded.
DEFAULT_CAP = 4096


def canonical_path(path: bytes) -> bytes:
    """``/srv//x/``, ``/srv/./x`` and ``/srv/x`` are one mount: a lexical normal form."""
    p = posixpath.normpath(b"/" + path)
    return b"/" + p.lstrip(b"/")


class MountList:
    """(host, canonical path) pairs, in memory and (when *path* is set) on disk."""

    __slots__ = ("_compact", "_entries", "_file_lines", "_full_logged", "_pending", "_task",
                 "cap", "path")

    def __init__(self, path: Path | None = None, cap: int = DEFAULT_CAP) -> None:
        self.path = path
        self.cap = cap
        self._entries: dict[tuple[str, bytes], None] = {}
        self._pending: list[bytes] = []
        self._compact = False
        self._file_lines = 0
        self._full_logged = False
        self._task: asyncio.Task[None] | None = None
        if path is not None and path.exists():
            for line in path.read_bytes().splitlines():
                self._file_lines += 1
                host, _, p = line.partition(b" ")
                if host and p and len(self._entries) < cap:
                    self._entries[(host.decode(errors="replace"), canonical_path(p))] = None
            self._compact = self._file_lines != len(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, host: str, path: bytes) -> None:
        key = (host, canonical_path(path))
        if key in self._entries:
            return
        if len(self._entries) >= self.cap:
            if not self._full_logged:
                self._full_logged = True
                log.warning("rmtab full (%d entries): further mounts are served but not "
                            "listed by DUMP until clients unmount", self.cap)
            return
        self._entries[key] = None
        self._pending.append(_line(key))
        self._kick()

    def remove(self, host: str, path: bytes) -> None:
        if self._entries.pop((host, canonical_path(path)), 0) is None:
            self._removed()

    def remove_host(self, host: str) -> None:
        gone = [k for k in self._entries if k[0] == host]
        for k in gone:
            del self._entries[k]
        if gone:
            self._removed()

    def entries(self) -> list[tuple[str, bytes]]:
        return sorted(self._entries)

    async def flush(self) -> None:
        """Wait until every change so far is on disk (server stop, tests)."""
        while self._task is not None:
            await asyncio.shield(self._task)

    def _removed(self) -> None:
        self._full_logged = False
        self._compact = True
        self._kick()

    def _kick(self) -> None:
        if self.path is None or self._task is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside the server (tools, tests): write now
            self._write(*self._take())
            return
        self._task = loop.create_task(self._writer())

    def _take(self) -> tuple[bytes, bool]:
        if self._compact or self._file_lines > 2 * len(self._entries) + 64:
            data, rewrite = b"".join(_line(k) for k in self._entries), True
            self._file_lines = len(self._entries)
        else:
            data, rewrite = b"".join(self._pending), False
            self._file_lines += len(self._pending)
        self._pending.clear()
        self._compact = False
        return data, rewrite

    async def _writer(self) -> None:
        try:
            while self._pending or self._compact:
                await run_blocking(self._write, *self._take())
        except OSError:
            log.exception("rmtab: cannot write %s", self.path)
        finally:
            self._task = None

    def _write(self, data: bytes, rewrite: bool) -> None:
        assert self.path is not None
        if not rewrite:
            with open(self.path, "ab") as f:
                f.write(data)
            return
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, self.path)


def _line(key: tuple[str, bytes]) -> bytes:
    return key[0].encode() + b" " + key[1] + b"\n"
