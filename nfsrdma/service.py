"""The NFS service state shared by the MOUNT and NFS programs, independent of transports.

Operation: `NfsService` owns the export table, one storage backend per export, the handle
codec (keyed by the server secret), the write verifier (new on every start, so a client
that sent UNSTABLE writes before a restart re-sends them, RFC 1813 §3.3.7), the page pool
and the advisory mount list.  Export policy (handles,
client rules, squashing, the read-only gate) lives in `nfsrdma.core.policy`; nothing here
speaks a protocol version's statuses.
"""

from __future__ import annotations

import os
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from nfsrdma.core.delegations import NO_DELEGATIONS, Delegations
from nfsrdma.core.handles import HandleCodec, load_secret
from nfsrdma.core.policy import ExportPolicy, ExportRuntime, Target
from nfsrdma.exports import ExportTable
from nfsrdma.rmtab import MountList
from storage.backend import Cred, FileId, StorageBackend

if TYPE_CHECKING:
    from rpc.dispatch import CallContext
    from storage.pool import PagePool

__all__ = [
    "ExportRuntime",
    "MountList",
    "NfsConfig",
    "NfsService",
    "OpObserver",
    "new_write_verifier",
]

MIB = 1 << 20


class OpObserver(Protocol):
    """Metrics hook: one call per NFS reply (`nfsrdma.metrics.Metrics` is one)."""

    def on_nfs_op(self, op: str, status: str) -> None: ...


@dataclass(slots=True)
class NfsConfig:
    rtmax: int = MIB  # FSINFO rtmax/rtpref: the Linux client then uses 1 MiB rsize
    wtmax: int = MIB
    dtmax: int = 64 * 1024  # READDIR reply size; large directories list in few round trips


def new_write_verifier() -> bytes:
    """Eight bytes that differ on every server start: boot time in ns plus the pid."""
    return struct.pack(">Q", (time.time_ns() ^ (os.getpid() << 48)) & 0xFFFFFFFFFFFFFFFF)


class NfsService:
    """Server-wide state every NFS version and MOUNT share (no protocol statuses in here)."""

    def __init__(
        self,
        table: ExportTable,
        backends: dict[int, StorageBackend],
        pool: PagePool,
        state_dir: Path,
        config: NfsConfig | None = None,
        secret: bytes | None = None,
    ) -> None:
        """``secret``: the key of the file handles (None: the one kept in ``state_dir``;
        gateways of a cluster share theirs)."""
        self.pool = pool
        self.config = config or NfsConfig()
        self.handles = HandleCodec(secret if secret is not None else load_secret(state_dir))
        self.policy = ExportPolicy(table, self.handles)
        self.write_verifier = new_write_verifier()
        self.mounts = MountList(state_dir / "rmtab")
        self._backends = backends
        self.ops: OpObserver | None = None  # set by the server when metrics are on
        #: asked before any change to a file (`core.delegations`); NFSv4 installs its own.
        self.delegations: Delegations = NO_DELEGATIONS

    async def open(self) -> None:
        """Resolve every export's root object (storage calls are async)."""
        await self.policy.open(self._backends)

    @property
    def table(self) -> ExportTable:
        """The export table in force (a reload swaps it: `ExportPolicy.reload`)."""
        return self.policy.table

    @property
    def exports(self) -> list[ExportRuntime]:
        return self.policy.exports

    @property
    def exports_by_id(self) -> dict[int, ExportRuntime]:
        return self.policy.by_id

    # -- policy (core.policy; errors are core.errors.NfsError) --------------------------

    def authorize(self, export: ExportRuntime, ctx: CallContext, *, write: bool) -> Cred:
        return self.policy.authorize(export, ctx, write=write)

    def writable(self, export: ExportRuntime, ctx: CallContext) -> bool:
        return self.policy.writable(export, ctx)

    def resolve(self, handle: bytes, ctx: CallContext, *, write: bool = False) -> Target:
        return self.policy.resolve(handle, ctx, write=write)

    async def mount_path(self, path: bytes, ctx: CallContext) -> tuple[ExportRuntime, FileId]:
        return await self.policy.mount_path(path, ctx)
