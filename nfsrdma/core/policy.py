"""Export resolution and policy: which export a handle or a path names, and who may use it.

Operation: every call that names an object passes through `ExportPolicy.resolve()` (a file
handle) or `mount_path()` (a MNT path).  The handle is authenticated first (a forged or
truncated one never reaches storage: BADHANDLE), then its export looked up (gone: STALE),
then the export's client rule applied (`authorize`): allowed client (ACCES), secure
source port (PERM), the read-only gate for modifying calls (ROFS) and squashing.  The
errors are version-neutral (`core.errors`): each protocol maps them to its own status.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nfsrdma.core.errors import ErrorKind, NfsError
from nfsrdma.core.handles import HandleCodec
from nfsrdma.core.identity import effective_cred
from nfsrdma.hostnames import PENDING
from rpc.auth import AUTH_NONE, AUTH_SYS
from storage.backend import ROOT, FileType

if TYPE_CHECKING:
    from nfsrdma.exports import ClientRule, Export, ExportTable
    from rpc.dispatch import CallContext
    from storage.backend import Cred, FileId, StorageBackend

__all__ = ["ExportPolicy", "ExportRuntime", "Target"]

log = logging.getLogger("nfsrdma.core.policy")

#: exports(5) sec= names -> RPC auth flavors (RFC 5531 section 8.2).
FLAVORS = {"sys": AUTH_SYS, "none": AUTH_NONE}


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


@dataclass(slots=True)
class Target:
    """A resolved handle: where it lives and who is asking."""

    export: ExportRuntime
    fid: FileId
    cred: Cred


class ExportPolicy:
    """The served exports, their handles and the rules that admit a call to them."""

    __slots__ = ("by_id", "exports", "handles", "nested", "table")

    def __init__(self, table: ExportTable, handles: HandleCodec) -> None:
        self.table = table
        self.handles = handles
        self.exports: list[ExportRuntime] = []
        self.by_id: dict[int, ExportRuntime] = {}
        #: (outer export id, outer's FileId of an inner export's root) -> the inner export
        self.nested: dict[tuple[int, FileId], ExportRuntime] = {}

    async def open(self, backends: dict[int, StorageBackend]) -> None:
        """Resolve every export's root object (storage calls are async)."""
        for export in self.table:
            backend = backends[export.id]
            rt = ExportRuntime(export, backend, await backend.root())
            self.exports.append(rt)
            self.by_id[export.id] = rt
        for outer in self.exports:
            for inner in self.exports:
                if inner is not outer and inner.path.startswith(outer.path.rstrip("/") + "/"):
                    await self._nest(outer, inner)

    async def _nest(self, outer: ExportRuntime, inner: ExportRuntime) -> None:
        """Record where `outer`'s tree reaches `inner`'s root, if it really does (the same
        object through both backends): handles minted there belong to `inner`, so its
        rules (ro, squashing, clients) hold however a client walks into it."""
        fid = outer.root
        rest = inner.path[len(outer.path.rstrip("/")):]
        try:
            for part in filter(None, rest.split("/")):
                fid = await outer.backend.lookup(fid, os.fsencode(part), ROOT)
            a, b = await outer.backend.getattr(fid), await inner.backend.getattr(inner.root)
        except OSError:
            return  # not reachable from outer (another file system or backend)
        if (a.fsid, a.fileid) == (b.fsid, b.fileid):
            self.nested[(outer.id, fid)] = inner

    def rule(self, export: ExportRuntime, ctx: CallContext) -> ClientRule:
        """The client rule of `export` that admits this call.

        Raises: NfsError(ACCES) when no rule matches the client; NfsError(PERM) for an
        insecure source port on a `secure` export; NfsError(DELAY) while only the client's
        reverse name (being looked up off the loop, `nfsrdma.hostnames`) can decide.
        """
        host, port = ctx.client[0], ctx.client[1]
        try:
            rule = self.table.match(export.export, host)
        except ValueError:
            rule = None
        if rule is PENDING:
            # DELAY (v3 JUKEBOX): the client retries shortly instead of getting a wrong answer.
            raise NfsError(ErrorKind.DELAY, "client name being looked up")
        if rule is None:
            log.warning("client %s not allowed by export %s", host, export.path)
            raise NfsError(ErrorKind.ACCES, "client not allowed")
        # RPC-over-RDMA has no source port to check; knfsd treats RDMA as secure (RQ_SECURE).
        if ctx.transport != "rdma" and not rule.port_allowed(port):
            log.warning("client %s:%d uses an insecure port on secure export %s",
                        host, port, export.path)
            raise NfsError(ErrorKind.PERM, "insecure port")
        return rule

    def flavors(self, export: ExportRuntime, ctx: CallContext) -> list[int]:
        """The auth flavors this client may use on `export`, in sec= order (MNT's list).

        Raises: as `rule`.
        """
        return [FLAVORS[name] for name in self.rule(export, ctx).options.sec]

    def authorize(
        self, export: ExportRuntime, ctx: CallContext, *, write: bool, sec: bool = True
    ) -> Cred:
        """Apply the export's client rule; returns the (squashed) credential to act as.

        ``sec``: the call's flavor must be one the rule's sec= lists, as knfsd's
        check_nfsd_access for every file handle (MNT itself is exempt: a client mounts
        with AUTH_SYS and learns the export's flavors from the reply).

        Raises: as `rule`, NfsError(WRONGSEC) for a flavor sec= does not list, and
            NfsError(ROFS) for `write` on a read-only export.
        """
        rule = self.rule(export, ctx)
        if sec and ctx.flavor not in [FLAVORS[name] for name in rule.options.sec]:
            log.debug("client %s: flavor %d not in sec=%s of export %s", ctx.client[0],
                      ctx.flavor, ":".join(rule.options.sec), export.path)
            raise NfsError(ErrorKind.WRONGSEC, f"flavor {ctx.flavor} not allowed by sec=")
        if write and not rule.writable:
            raise NfsError(ErrorKind.ROFS, "read-only export")
        return effective_cred(ctx.cred, rule)

    def writable(self, export: ExportRuntime, ctx: CallContext) -> bool:
        """May this caller modify `export` (what ACCESS reports)?"""
        try:
            return self.rule(export, ctx).writable
        except NfsError:
            return False

    def resolve(self, handle: bytes, ctx: CallContext, *, write: bool = False) -> Target:
        """Authenticate `handle` and apply the export policy for this caller.

        Raises NfsError: BADHANDLE (not ours / MAC fails), STALE (export gone), and as
        `authorize`.
        """
        export_id, fid = self.handles.decode(handle)
        export = self.by_id.get(export_id)
        if export is None:
            raise NfsError(ErrorKind.STALE, "export no longer served")
        return Target(export, fid, self.authorize(export, ctx, write=write))

    def make_handle(self, export: ExportRuntime, fid: FileId) -> bytes:
        """The handle for `fid` reached in `export`; a nested export's root is minted in
        that export (as knfsd's nohide), so a rw export never hands out a handle that
        writes in a read-only one below it."""
        inner = self.nested.get((export.id, fid))
        if inner is not None:
            return self.handles.encode(inner.id, inner.root)
        return self.handles.encode(export.id, fid)

    async def mount_path(self, path: bytes, ctx: CallContext) -> tuple[ExportRuntime, FileId]:
        """Resolve a MNT path: an export root or a directory below one (no symlinks followed).

        Raises: NfsError(NOENT) for a path under no export; NfsError(ACCES) for a client
        not allowed (or on an insecure port) or a "." / ".." component; NfsError(NOTDIR); storage errors of the walk.
        """
        text = os.fsdecode(path).rstrip("/") or "/"
        best: ExportRuntime | None = None
        for rt in self.exports:
            root = rt.path.rstrip("/") or "/"
            if text == root or text.startswith(root + "/") or root == "/":
                if best is None or len(root) > len(best.path):
                    best = rt
        if best is None:
            raise NfsError(ErrorKind.NOENT, f"no export holds {text}")
        try:
            # MNT (not an NFS call) waits for the client's name, so its calls find it cached.
            await self.table.resolve_client(best.export, ctx.client[0])
        except ValueError:
            pass  # not an IP address: authorize() refuses it
        try:
            cred = self.authorize(best, ctx, write=False, sec=False)
        except NfsError as e:  # an insecure port is refused as ACCES too, as before
            raise NfsError(ErrorKind.ACCES, str(e)) from None
        fid = best.root
        rest = text[len(best.path.rstrip("/")):].strip("/")
        for part in filter(None, rest.split("/")):
            if part in (".", ".."):
                raise NfsError(ErrorKind.ACCES, "dot components are not allowed in a mount path")
            fid = await best.backend.lookup(fid, os.fsencode(part), cred)
        attrs = await best.backend.getattr(fid)
        if attrs.type != FileType.DIR:
            raise NfsError(ErrorKind.NOTDIR, f"{text} is not a directory")
        return best, fid
