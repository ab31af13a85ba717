"""The NFS service state shared by the MOUNT and NFS programs, independent of transports.

Operation: `NfsService` owns the export table, one storage backend per export, the handle
codec (keyed by the server secret), the write verifier (new on every start, so a client
that sent UNSTABLE writes before a restart re-sends them, RFC 1813 §3.3.7), the page pool
and the advisory mount list.  `authorize()` is the single place where an export's client
rule is applied to a call: allowed client, secure port, squashing, read-only.
"""

from __future__ import annotations

import logging
import os
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nfsrdma.exports import Export, ExportTable
from nfsrdma.fh import HandleCodec, load_secret
from nfsrdma.nfs3.common import NfsError
from nfsrdma.nfs3.xdr import Status
from storage.backend import Cred, StorageBackend

if TYPE_CHECKING:
    from rpc.dispatch import CallContext
    from storage.pool import PagePool

log = logging.getLogger(__name__)

ANON = 65534
MIB = 1 << 20


@dataclass(slots=True)
class NfsConfig:
    rtmax: int = MIB  # FSINFO rtmax/rtpref: the Linux client then uses 1 MiB rsize
    wtmax: int = MIB
    dtmax: int = 64 * 1024  # READDIR reply size; large directories list in few round trips


@dataclass(slots=True)
class ExportRuntime:
    """An export as served: its configuration, its backend and its root object."""

    export: Export
    backend: StorageBackend
    root: bytes

    @property
    def id(self) -> int:
        return self.export.id

    @property
    def path(self) -> str:
        return self.export.path

    @property
    def path_bytes(self) -> bytes:
        return os.fsencode(self.export.path)

    def client_names(self) -> list[str]:
        return [r.spec for r in self.export.clients]


@dataclass
class MountList:
    """The advisory rmtab behind MOUNT DUMP/UMNT/UMNTALL, persisted in the state dir."""

    path: Path | None = None
    _entries: set[tuple[str, bytes]] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.path and self.path.exists():
            for line in self.path.read_bytes().splitlines():
                host, _, p = line.partition(b" ")
                if host and p:
                    self._entries.add((host.decode(), p))

    def _save(self) -> None:
        if self.path is None:
            return
        data = b"".join(h.encode() + b" " + p + b"\n" for h, p in sorted(self._entries))
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, self.path)

    def add(self, host: str, path: bytes) -> None:
        if (host, path) not in self._entries:
            self._entries.add((host, path))
            self._save()

    def remove(self, host: str, path: bytes) -> None:
        self._entries.discard((host, path))
        self._save()

    def remove_host(self, host: str) -> None:
        self._entries = {e for e in self._entries if e[0] != host}
        self._save()

    def entries(self) -> list[tuple[str, bytes]]:
        return sorted(self._entries)


def new_write_verifier() -> bytes:
    """Eight bytes that differ on every server start: boot time in ns plus the pid."""
    return struct.pack(">Q", (time.time_ns() ^ (os.getpid() << 48)) & 0xFFFFFFFFFFFFFFFF)


class NfsService:
    def __init__(
        self,
        table: ExportTable,
        backends: dict[int, StorageBackend],
        pool: PagePool,
        state_dir: Path,
        config: NfsConfig | None = None,
    ) -> None:
        self.table = table
        self.pool = pool
        self.config = config or NfsConfig()
        self.handles = HandleCodec(load_secret(state_dir))
        self.write_verifier = new_write_verifier()
        self.mounts = MountList(state_dir / "rmtab")
        self.exports: list[ExportRuntime] = []
        self.exports_by_id: dict[int, ExportRuntime] = {}
        self._backends = backends

    async def open(self) -> None:
        """Resolve every export's root object (storage calls are async)."""
        for export in self.table:
            backend = self._backends[export.id]
            rt = ExportRuntime(export, backend, await backend.root())
            self.exports.append(rt)
            self.exports_by_id[export.id] = rt

    # -- policy --------------------------------------------------------------------------

    def _rule(self, export: ExportRuntime, ctx: CallContext) -> Any:
        host, port = ctx.client[0], ctx.client[1]
        try:
            rule = self.table.match(export.export, host)
        except ValueError:
            rule = None
        if rule is None:
            log.warning("client %s not allowed by export %s", host, export.path)
            raise NfsError(Status.NFS3ERR_ACCES, "client not allowed")
        # RPC-over-RDMA has no source port to check; knfsd treats RDMA as secure (RQ_SECURE).
        if ctx.transport != "rdma" and not rule.port_allowed(port):
            log.warning("client %s:%d uses an insecure port on secure export %s",
                        host, port, export.path)
            raise NfsError(Status.NFS3ERR_PERM, "insecure port")
        return rule

    def authorize(self, export: ExportRuntime, ctx: CallContext, *, write: bool) -> Cred:
        """Apply the export's client rule; returns the (squashed) credential to act as."""
        rule = self._rule(export, ctx)
        if write and not rule.writable:
            raise NfsError(Status.NFS3ERR_ROFS, "read-only export")
        cred = ctx.cred if ctx.cred is not None else Cred(ANON, ANON, ())
        return rule.squash(cred)

    def writable(self, export: ExportRuntime, ctx: CallContext) -> bool:
        try:
            return bool(self._rule(export, ctx).writable)
        except NfsError:
            return False

    async def mount_path(self, path: bytes, ctx: CallContext) -> tuple[ExportRuntime, bytes]:
        """Resolve a MNT path: an export root or a directory below one (no symlinks followed).

        Raises PermissionError (client not allowed), FileNotFoundError, NotADirectoryError.
        """
        text = os.fsdecode(path).rstrip("/") or "/"
        best: ExportRuntime | None = None
        for rt in self.exports:
            root = rt.path.rstrip("/") or "/"
            if text == root or text.startswith(root + "/") or root == "/":
                if best is None or len(root) > len(best.path):
                    best = rt
        if best is None:
            raise FileNotFoundError(2, "no such export", text)
        try:
            cred = self.authorize(best, ctx, write=False)
        except NfsError as e:
            raise PermissionError(13, str(e)) from None
        fid = best.root
        rest = text[len(best.path.rstrip("/")):].strip("/")
        for part in filter(None, rest.split("/")):
            if part in (".", ".."):
                raise PermissionError(13, "dot components are not allowed in a mount path")
            fid = await best.backend.lookup(fid, os.fsencode(part), cred)
        attrs = await best.backend.getattr(fid)
        if int(attrs.type) != 2:
            raise NotADirectoryError(20, "not a directory", text)
        return best, fid
