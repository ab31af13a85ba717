"""The NFSv4 pseudo filesystem: read-only directories joining the exports into one tree.

Operation: built once from the exports' paths (the v4 path of an export is its v3 path, as
knfsd and Ganesha do).  Every proper prefix of an export path is a pseudo directory; the
export's last component, looked up in its parent, is the export's root.  Pseudo directories
live in their own filesystem (their own fsid, `PSEUDO_EXPORT_ID`), are read-only, and their
handles use the one handle format of `core.handles` with that reserved export id, so they
are authenticated and persistent like any other.  An export at "/" is the root itself.

A client sees only the pseudo entries leading to an export whose rules admit it (knfsd
shows the same: the pseudo root of a client is built from the exports it may mount).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nfsrdma.core.errors import ErrorKind, NfsError
from storage.backend import Attrs, FileType

if TYPE_CHECKING:
    from nfsrdma.core.policy import ExportPolicy, ExportRuntime
    from rpc.dispatch import CallContext

__all__ = ["PSEUDO_EXPORT_ID", "Fh", "Namespace", "PseudoNode", "fsid_of"]

#: The export id of pseudo handles: never a real export's (explicit fsid= ids are below 2**32,
#: hashed ones have bit 63 set: `nfsrdma.exports.export_id_for`).
PSEUDO_EXPORT_ID = 0x7FFF_FFFF_FFFF_FFFF


def fsid_of(export_id: int) -> tuple[int, int]:
    """The fsid4 (major, minor) of an export (or of the pseudo fs): its id split in two, so
    each export is a filesystem of its own and crossing into one changes the fsid."""
    return export_id >> 32, export_id & 0xFFFF_FFFF


def _node_id(path: str) -> bytes:
    return hashlib.blake2b(os.fsencode(path), digest_size=8, person=b"nfs4pseudo").digest()


@dataclass(slots=True, eq=False)
class PseudoNode:
    """One pseudo directory: its path, its stable id and what is under it."""

    path: str
    id: bytes
    parent: PseudoNode | None
    #: name -> a deeper pseudo directory, or the export whose root that name is.
    children: dict[bytes, PseudoNode | ExportRuntime] = field(default_factory=dict)

    @property
    def fileid(self) -> int:
        """Stable 63-bit fileid (the path's hash; never 0, a value clients treat as unset)."""
        return (int.from_bytes(self.id, "big") >> 1) or 1


@dataclass(slots=True)
class Fh:
    """A current or saved filehandle: its wire bytes and what it names (an object of an export,
    or a pseudo directory when `node` is set)."""

    handle: bytes
    export: ExportRuntime | None
    fid: bytes
    node: PseudoNode | None = None

    @property
    def is_pseudo(self) -> bool:
        return self.node is not None


class Namespace:
    """The pseudo tree of one export table, and the handles that name its parts."""

    __slots__ = ("_by_id", "_mounted_on", "_policy", "boot", "root")

    def __init__(self, policy: ExportPolicy) -> None:
        self._policy = policy
        #: seconds since the epoch at start: the pseudo fs's times and change attribute.
        self.boot = time.time_ns()
        self.root = PseudoNode("/", _node_id("/"), None)
        self._by_id: dict[bytes, PseudoNode] = {self.root.id: self.root}
        #: export id -> the pseudo node it is mounted in (its parent in the pseudo tree).
        self._mounted_on: dict[int, PseudoNode] = {}
        for rt in sorted(policy.exports, key=lambda e: e.path):
            self._add(rt)

    def _add(self, rt: ExportRuntime) -> None:
        parts = [p for p in rt.path.split("/") if p]
        node = self.root
        for i, part in enumerate(parts):
            name = os.fsencode(part)
            child = node.children.get(name)
            if i == len(parts) - 1:
                if child is None:
                    node.children[name] = rt
                    self._mounted_on[rt.id] = node
                return
            if child is None:
                path = "/" + "/".join(parts[: i + 1])
                child = PseudoNode(path, _node_id(path), node)
                node.children[name] = child
                self._by_id[child.id] = child
            elif not isinstance(child, PseudoNode):
                return  # nested inside another export: reached through that export's tree
            node = child

    # -- handles ---------------------------------------------------------------------------

    def node_fh(self, node: PseudoNode) -> Fh:
        return Fh(self._policy.handles.encode(PSEUDO_EXPORT_ID, node.id), None, node.id, node)

    def export_fh(self, rt: ExportRuntime, fid: bytes) -> Fh:
        """The object `fid` reached in `rt`; a nested export's root belongs to that export
        (its rules, its fsid), as its handle does (`ExportPolicy.make_handle`, nohide)."""
        inner = self._policy.nested.get((rt.id, fid))
        if inner is not None:
            return Fh(self._policy.make_handle(inner, inner.root), inner, inner.root)
        return Fh(self._policy.make_handle(rt, fid), rt, fid)

    def nested_in(self, rt: ExportRuntime) -> tuple[ExportRuntime, bytes] | None:
        """(outer export, outer's id of `rt`'s root) when `rt` is nested in another export."""
        for (outer_id, fid), inner in self._policy.nested.items():
            if inner is rt:
                return self._policy.by_id[outer_id], fid
        return None

    def root_fh(self) -> Fh:
        """PUTROOTFH: the pseudo root, or the export at "/" when there is one."""
        top = [rt for rt in self._policy.exports if rt.path.rstrip("/") == ""]
        if top:
            return self.export_fh(top[0], top[0].root)
        return self.node_fh(self.root)

    def from_handle(self, handle: bytes) -> Fh:
        """PUTFH: what `handle` names (the client rule is checked by the ops that use it).

        Raises: BadHandle (not ours, malformed, MAC mismatch); NfsError(STALE) for an export
        no longer served or a pseudo directory the exports no longer have.
        """
        export_id, fid = self._policy.handles.decode(handle)
        if export_id == PSEUDO_EXPORT_ID:
            node = self._by_id.get(fid)
            if node is None:
                raise NfsError(ErrorKind.STALE, "pseudo directory no longer exported")
            return Fh(bytes(handle), None, fid, node)
        rt = self._policy.by_id.get(export_id)
        if rt is None:
            raise NfsError(ErrorKind.STALE, "export no longer served")
        return Fh(bytes(handle), rt, fid)

    def attrs(self, node: PseudoNode) -> Attrs:
        """A pseudo directory's attributes: read-only (0555, root), times of the server's
        start (the pseudo fs changes only with the exports, i.e. across restarts)."""
        t = (self.boot // 1_000_000_000, self.boot % 1_000_000_000)
        subdirs = sum(1 for e in node.children.values())
        return Attrs(type=FileType.DIR, mode=0o555, nlink=2 + subdirs, uid=0, gid=0, size=4096,
                     used=4096, rdev=(0, 0), fsid=PSEUDO_EXPORT_ID, fileid=node.fileid,
                     atime=t, mtime=t, ctime=t)

    def parent(self, node: PseudoNode) -> Fh:
        """LOOKUPP of a pseudo directory.  Raises NfsError(NOENT) at the root."""
        if node.parent is None:
            raise NfsError(ErrorKind.NOENT, "the root has no parent")
        return self.node_fh(node.parent)

    # -- the tree ----------------------------------------------------------------------------

    def visible(self, entry: PseudoNode | ExportRuntime, ctx: CallContext) -> bool:
        """Does this client see `entry`: an export admitting it, or a directory leading to one?"""
        if isinstance(entry, PseudoNode):
            return any(self.visible(c, ctx) for c in entry.children.values())
        try:
            self._policy.rule(entry, ctx)
        except NfsError:
            return False
        return True

    def children(self, node: PseudoNode, ctx: CallContext) -> list[tuple[bytes,
                                                                       PseudoNode | ExportRuntime]]:
        """The entries of `node` this client sees, in name order (stable READDIR cookies)."""
        return [(n, e) for n, e in sorted(node.children.items()) if self.visible(e, ctx)]

    def lookup(self, node: PseudoNode, name: bytes, ctx: CallContext) -> Fh:
        """LOOKUP in a pseudo directory.

        Raises: NfsError(NOENT) for a name that leads to no export this client sees.
        """
        entry = node.children.get(name)
        if entry is None or not self.visible(entry, ctx):
            raise NfsError(ErrorKind.NOENT, "not in the pseudo filesystem")
        if isinstance(entry, PseudoNode):
            return self.node_fh(entry)
        return self.export_fh(entry, entry.root)

    def mounted_on(self, rt: ExportRuntime) -> PseudoNode | None:
        """The pseudo directory holding export `rt`'s root (None for an export at "/" or
        nested in another export)."""
        return self._mounted_on.get(rt.id)

    def mounted_on_fileid(self, rt: ExportRuntime) -> int | None:
        """RFC 8881 5.8.2.23: the fileid of the directory the export root is mounted on:
        the pseudo entry's own fileid as it would be (the hash of the export's path)."""
        if rt.id not in self._mounted_on:
            return None
        return PseudoNode(rt.path, _node_id(rt.path.rstrip("/") or "/"), None).fileid
