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
from collections.abc import Callable
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
        self.nested = await _nesting(self.exports)

    async def reload(
        self, table: ExportTable, open_backend: Callable[[Export], StorageBackend]
    ) -> list[ExportRuntime]:
        """Serve `table` from now on (exportfs -r), swapping it in at once.

        An export whose id and path are unchanged keeps its runtime, backend and root, so its
        handles stay valid; its client rules are replaced in place, so calls already holding
        the runtime see the new options too.  A new one gets `open_backend(export)`.  Nothing
        changes until every new backend has opened: the swap itself has no await in it, so a
        call sees the old table or the new one, never a mix.

        Returns: the runtimes no longer served (their handles are STALE from now on: the
            caller closes their backends once calls in flight are done with them).
        Raises: whatever `open_backend` or a new root raises (StorageError, OSError); the
            old table then stays in force and the backends opened so far are closed.
        """
        old = {rt.id: rt for rt in self.exports}
        kept: dict[int, ExportRuntime] = {}
        opened: list[ExportRuntime] = []
        try:
            for export in table:
                prev = old.get(export.id)
                if prev is not None and prev.path == export.path:
                    kept[export.id] = prev
                    continue
                backend = open_backend(export)
                try:
                    root = await backend.root()
                except BaseException:
                    _close(backend)
                    raise
                opened.append(ExportRuntime(export, backend, root))
            fresh = {rt.id: rt for rt in opened}
            staged = [kept.get(e.id) or fresh[e.id] for e in table]
            # Nesting is computed on the runtimes as they will be; kept ones only change
            # their rules below, never their backend or root.
            nested = await _nesting(staged, {e.id: e for e in table})
        except BaseException:
            for rt in opened:
                _close(rt.backend)
            raise
        # -- the swap: no await from here on -------------------------------------------
        for export in table:
            if export.id in kept:
                kept[export.id].export = export
        self.table = table
        self.exports = staged
        self.by_id = {rt.id: rt for rt in staged}
        self.nested = nested
        return [rt for i, rt in old.items() if i not in kept]

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


async def _nesting(
    exports: list[ExportRuntime], configs: dict[int, Export] | None = None
) -> dict[tuple[int, FileId], ExportRuntime]:
    """(outer export id, outer's FileId of an inner export's root) -> the inner export, for
    every export below another one.  `configs` overrides the paths to compare (a reload's
    new configuration of runtimes not yet updated)."""
    def path_of(rt: ExportRuntime) -> str:
        return configs[rt.id].path if configs is not None else rt.path

    nested: dict[tuple[int, FileId], ExportRuntime] = {}
    for outer in exports:
        for inner in exports:
            if inner is not outer and path_of(inner).startswith(path_of(outer).rstrip("/") + "/"):
                fid = await _reaches(outer, path_of(outer), inner, path_of(inner))
                if fid is not None:
                    nested[(outer.id, fid)] = inner
    return nested


async def _reaches(outer: ExportRuntime, outer_path: str, inner: ExportRuntime,
                   inner_path: str) -> FileId | None:
    """Where `outer`'s tree reaches `inner`'s root, if it really does (the same object
    through both backends): handles minted there belong to `inner`, so its rules (ro,
    squashing, clients) hold however a client walks into it."""
    fid = outer.root
    rest = inner_path[len(outer_path.rstrip("/")):]
    try:
        for part in filter(None, rest.split("/")):
            fid = await outer.backend.lookup(fid, os.fsencode(part), ROOT)
        a, b = await outer.backend.getattr(fid), await inner.backend.getattr(inner.root)
    except OSError:
        return None  # not reachable from outer (another file system or backend)
    if (a.fsid, a.fileid) == (b.fsid, b.fileid):
        return fid
    return None


def _close(backend: StorageBackend) -> None:
    close = getattr(backend, "close", None)
    if close is not None:
        try:
            close()
        except OSError:
            log.exception("closing a backend")
