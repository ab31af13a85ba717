"""CephfsBackend: an export over a directory of a CephFS file system, through libcephfs.

Operation: the backend mounts one CephFS directory as one libcephfs client (storage._libcephfs,
ctypes over libcephfs.so.2) and serves the export from it with the low-level ``ceph_ll_*``
calls.  A FileId is the object's inode number and snapshot id (16 bytes, little endian):
CephFS never reuses inode numbers, so ``ceph_ll_lookup_vino`` turns a FileId back into the
object after a server restart, or on another gateway mounting the same file system; a removed
object gives ESTALE.  Every libcephfs call may wait for the MDS or the OSDs, so each
operation runs as one function on the storage thread pool (storage._offload), never on the
event loop; each operation's checks and its calls are one hop to a thread and back.

The client's references: objects in use are kept in an LRU of ``_Node``s (an ``Inode*`` the
client holds a reference on, and an open ``Fh*`` once the file has been read or written), so
a READ or WRITE is one ``ceph_ll_readv``/``ceph_ll_writev`` on a cached file handle.  A node
a thread is using is pinned and never evicted under it.

Choices:
- Permissions: like the vfs backend, the backend acts as root (``client_permissions`` off)
  and checks the caller's Cred against the mode bits itself (storage._perm), with knfsd's
  owner override.  New objects are made with the caller's uid and the group
  `_perm.create_owner` picks, so no chown follows a create.
- READ fills pool pages with ``ceph_ll_readv`` and WRITE drains them with
  ``ceph_ll_writev``: the iovecs point into the pool pages, so no payload byte is copied in
  Python (COPIES stays unchanged; libcephfs itself copies between its buffers and the pages,
  as the kernel's page cache does for the vfs backend).  Stable writes and COMMIT fsync the
  file's handle.
- Directory cookies are name hashes (storage._dircache) over a snapshot of the directory
  keyed by its inode, change attribute and times, so they survive changes as the other
  backends' do.
- Snapshots: the ``.snap`` directory is not served (lookup gives ENOENT): libcephfs 16 does
  not say which snapshot an ``Inode*`` belongs to, and a snapshot object has its live
  object's inode number, so its handle would name the live file.  FileIds carry the
  snapshot id so that serving them later does not change the handle format.
- Handles are not confined to the export directory: an object moved out of it by another
  CephFS client keeps its handle (knfsd's no_subtree_check).
"""

from __future__ import annotations

import collections
import errno
import os
import stat
import struct
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from storage import _perm
from storage._dircache import DirCache, cookieverf_of, page_bounds, snapshot
from storage._libcephfs import (
    F_RDLCK,
    F_UNLCK,
    F_WRLCK,
    NOSNAP,
    SETATTR_ATIME,
    SETATTR_GID,
    SETATTR_MODE,
    SETATTR_MTIME,
    SETATTR_SIZE,
    SETATTR_UID,
    XATTR_CREATE,
    XATTR_REPLACE,
    Mount,
    Statx,
)
from storage._offload import Offload, default_offload
from storage.backend import (
    COPY_CHUNK,
    XATTR_LIST_MAX,
    XATTR_PREFIX,
    XATTR_SIZE_MAX,
    Attrs,
    Content,
    CreateMode,
    Cred,
    DirEntry,
    FileId,
    FileType,
    FsStat,
    NotSync,
    ReadDir,
    SetAttrs,
    StorageBackend,
    StorageError,
    XattrHow,
    check_name,
    check_range,
    check_xattr_name,
)
from storage.bvec import BvecList
from storage.copies import COPIES
from storage.memory import _verifier_times
from storage.pool import PagePool

__all__ = ["CephfsBackend"]

T = TypeVar("T")

_FID = struct.Struct("<QQ")  # inode number, snapshot id
_SNAPDIR = b".snap"  # libcephfs's client_snapdir default
# Objects whose Inode (and Fh) the client keeps referenced: enough for a busy export's working
# set; each costs the client a few KB of metadata.
DEFAULT_MAX_NODES = 4096
# What FSSTAT reports as free files (CephFS has no limit): 2^40, as many as a file system
# that large would hold.
_FILES_FREE = 1 << 40
_PUNCH_HOLE, _KEEP_SIZE = 0x02, 0x01  # linux/falloc.h
_TYPES = {
    stat.S_IFREG: FileType.REG,
    stat.S_IFDIR: FileType.DIR,
    stat.S_IFBLK: FileType.BLK,
    stat.S_IFCHR: FileType.CHR,
    stat.S_IFLNK: FileType.LNK,
    stat.S_IFSOCK: FileType.SOCK,
    stat.S_IFIFO: FileType.FIFO,
}
_IFMT = {v: k for k, v in _TYPES.items()}


class _Node:
    """One object the client holds: its ``Inode*``, an ``Fh*`` once opened, and the number
    of threads using it now (``users``; a node in use is never evicted)."""

    __slots__ = ("fh", "ino", "inode", "users")

    def __init__(self, ino: int, inode: int) -> None:
        self.ino = ino
        self.inode = inode
        self.fh = 0
        self.users = 0


def _flock_range(start: int, end: int) -> tuple[int, int]:
    """(l_start, l_len) of ``[start, end)``; an end past what off_t holds is "to EOF" (0)."""
    start = min(start, (1 << 63) - 1)
    return start, 0 if end >= 1 << 63 else end - start


def _subtract(ranges: list[tuple[int, int]], minus: list[tuple[int, int]]
              ) -> list[tuple[int, int]]:
    """The parts of ``ranges`` that no range of ``minus`` covers (half-open ranges)."""
    out = list(ranges)
    for ms, me in minus:
        nxt = []
        for s, e in out:
            if me <= s or e <= ms:
                nxt.append((s, e))
                continue
            if s < ms:
                nxt.append((s, ms))
            if me < e:
                nxt.append((me, e))
        out = nxt
    return out


def _ts(t: object) -> tuple[int, int]:
    return int(t.tv_sec), int(t.tv_nsec)  # type: ignore[attr-defined]


class CephfsBackend(StorageBackend):
    """One CephFS directory, exported."""

    def __init__(
        self,
        conf: str,
        path: str = "/",
        write_verifier: bytes | None = None,
        *,
        client_id: str = "admin",
        offload: Offload | None = None,
        max_nodes: int = DEFAULT_MAX_NODES,
        options: dict[str, str] | None = None,
        uuid: str | None = None,
    ) -> None:
        """Mount ``path`` of the file system ``conf`` names, as client.``client_id``.

        Blocks while mounting (start-up).  ``options`` are extra libcephfs settings
        (``ceph_conf_set``), e.g. ``{"keyring": FILE}``.  ``uuid``: the session's stable
        name (a clustered gateway's): an earlier instance's session under it is ended first.
        Raises: StorageError (ENOENT: no such directory; ETIMEDOUT: no cluster answered).
        """
        self.write_verifier = write_verifier if write_verifier is not None else os.urandom(8)
        if len(self.write_verifier) != 8:
            raise ValueError("write verifier must be 8 bytes")
        self.offload = offload if offload is not None else default_offload()
        self.max_nodes = max_nodes
        self._lock = threading.Lock()
        self._nodes: collections.OrderedDict[int, _Node] = collections.OrderedDict()
        self._snaps: DirCache[tuple[int, bytes, int]] = DirCache()
        try:
            self._m = Mount(conf, client_id, path, options, uuid=uuid)
            inode = self._m.lookup_root()
        except OSError as e:
            raise StorageError(e.errno or errno.EIO, e.strerror or str(e)) from None
        sx = self._m.getattr(inode, self._m.root_perm)
        self._root_ino = int(sx.ino)
        self._nodes[self._root_ino] = _Node(self._root_ino, inode)
        self._nodes[self._root_ino].users = 1  # the export root stays referenced
        self.fsid = 0xCE9F_0000_0000 | (self._m.fs_cid() & 0xFFFF_FFFF)
        self._perms: dict[tuple[int, int], int] = {}
        #: ranges each lock owner may hold in CephFS, by inode number: such a node stays
        #: pinned (its Fh closing would drop the locks)
        self._lockers: dict[int, dict[int, list[tuple[int, int]]]] = {}

    def close(self) -> None:
        """Unmount: the client's data is flushed and its references dropped."""
        with self._lock:
            self._nodes.clear()
            for p in self._perms.values():
                self._m.userperm_destroy(p)
            self._perms.clear()
        self._m.close()

    # -- internals: threads, nodes, attributes ---------------------------------------------

    async def _run(self, fn: Callable[..., T], *args: object) -> T:
        """``fn(*args)`` on a storage thread; libcephfs errors become StorageErrors."""
        try:
            return await self.offload.run(fn, *args)
        except StorageError:
            raise
        except OSError as e:
            raise StorageError(e.errno or errno.EIO, e.strerror or str(e)) from None

    @contextmanager
    def _pin(self, fid: FileId) -> Iterator[_Node]:
        """The node of ``fid``, looked up by inode number if the client does not hold it,
        pinned for the duration (thread side)."""
        if len(fid) != _FID.size:
            raise StorageError(errno.ESTALE, "malformed FileId")
        ino, snapid = _FID.unpack(fid)
        if snapid != NOSNAP:
            raise StorageError(errno.ESTALE, "snapshot handles are not served")
        node = self._acquire(ino)
        try:
            yield node
        finally:
            with self._lock:
                node.users -= 1

    def _acquire(self, ino: int, inode: int = 0) -> _Node:
        """Pin the node of ``ino``; ``inode`` is a referenced Inode* the caller already has
        (handed over: kept or put), else one is looked up."""
        with self._lock:
            node = self._nodes.get(ino)
            if node is not None:
                node.users += 1
                self._nodes.move_to_end(ino)
        if node is not None:
            if inode:
                self._m.put(inode)
            return node
        if not inode:
            try:
                inode = self._m.lookup_inode(ino)
            except OSError as e:
                if e.errno in (errno.ESTALE, errno.ENOENT):
                    raise StorageError(errno.ESTALE) from None
                raise
        extra = 0
        with self._lock:
            node = self._nodes.get(ino)
            if node is None:
                node = self._nodes[ino] = _Node(ino, inode)
                evicted = self._evict_locked()
            else:  # another thread got there first
                extra, evicted = inode, []
            node.users += 1
        if extra:
            self._m.put(extra)
        for old in evicted:
            self._release(old)
        return node

    def _evict_locked(self) -> list[_Node]:
        """Unpinned nodes past ``max_nodes``, oldest first, taken out of the LRU."""
        out: list[_Node] = []
        if len(self._nodes) <= self.max_nodes:
            return out
        for ino, node in list(self._nodes.items()):
            if len(self._nodes) <= self.max_nodes:
                break
            if node.users == 0:
                del self._nodes[ino]
                out.append(node)
        return out

    def _release(self, node: _Node) -> None:
        if node.fh:
            self._m.close_fh(node.fh)
        self._m.put(node.inode)

    def _forget(self, ino: int) -> None:
        """Drop an object that is gone (its last name removed): its Fh and reference go, so
        CephFS can purge it.  A node in use is left to the LRU."""
        with self._lock:
            node = self._nodes.get(ino)
            if node is None or node.users:
                return
            del self._nodes[ino]
        self._release(node)

    def _perm_of(self, uid: int, gid: int) -> int:
        """A cached UserPerm for new objects' owner (uid, gid)."""
        with self._lock:
            p = self._perms.get((uid, gid))
            if p is None:
                if len(self._perms) > 256:
                    for old in self._perms.values():
                        self._m.userperm_destroy(old)
                    self._perms.clear()
                p = self._perms[(uid, gid)] = self._m.userperm(uid, gid, ())
            return p

    def _attrs(self, sx: Statx) -> Attrs:
        return Attrs(
            type=_TYPES.get(stat.S_IFMT(sx.mode), FileType.REG),
            mode=sx.mode & 0o7777,
            nlink=int(sx.nlink),
            uid=int(sx.uid),
            gid=int(sx.gid),
            size=int(sx.size),
            used=int(sx.blocks) * 512,
            rdev=(os.major(sx.rdev), os.minor(sx.rdev)),
            fsid=self.fsid,
            fileid=int(sx.ino),
            atime=_ts(sx.atime),
            mtime=_ts(sx.mtime),
            ctime=_ts(sx.ctime),
        )

    def _stat(self, node: _Node) -> tuple[Statx, Attrs]:
        """Fresh attributes; ESTALE for an object removed meanwhile (nlink 0)."""
        sx = self._m.getattr(node.inode, self._m.root_perm)
        if sx.nlink == 0:
            raise StorageError(errno.ESTALE)
        return sx, self._attrs(sx)

    def _dir(self, node: _Node, cred: Cred, want: int) -> tuple[Statx, Attrs]:
        sx, a = self._stat(node)
        _perm.require_dir(a)
        _perm.require(a, cred, want)
        return sx, a

    # -- byte-range locks in CephFS (nfsrdma.cluster.locks; thread side, blocking) ---------

    def try_lock(self, fid: FileId, owner: int, start: int, end: int, exclusive: bool) -> bool:
        """Take ``[start, end)`` for lock owner ``owner`` in CephFS, not waiting (``end``
        past 2**63: to the end of the file).  False: another CephFS lock owner (this gateway
        or any other CephFS client) holds a conflicting lock.  Blocks."""
        with self._pin(fid) as node:
            ok = self._m.setlk(self._fh(node), F_WRLCK if exclusive else F_RDLCK,
                               *_flock_range(start, end), owner)
            if ok:
                self._track(node, owner, [*self._held(node, owner), (start, end)])
            return ok

    def set_locks(self, fid: FileId, owner: int, locks: list[tuple[int, int, bool]]) -> int:
        """Make ``owner``'s CephFS locks on ``fid`` exactly ``locks`` ((start, end,
        exclusive) each): the bytes it may hold there and no longer holds are unlocked, the
        rest is (re)taken, so a range held before and after is never let go in between
        (another gateway could take it).  Returns how many CephFS refused (held by another
        owner).  A removed object: nothing to do.  Blocks."""
        try:
            with self._pin(fid) as node:
                old = self._held(node, owner)
                if not locks and not old:
                    return 0
                fh = self._fh(node)
                for start, end in _subtract(old, [(s, e) for s, e, _ in locks]):
                    self._m.setlk(fh, F_UNLCK, *_flock_range(start, end), owner)
                refused = 0
                for start, end, excl in locks:
                    if not self._m.setlk(fh, F_WRLCK if excl else F_RDLCK,
                                         *_flock_range(start, end), owner):
                        refused += 1
                self._track(node, owner, [(s, e) for s, e, _ in locks])
                return refused
        except StorageError as e:
            if e.errno == errno.ESTALE:
                return 0
            raise

    def _held(self, node: _Node, owner: int) -> list[tuple[int, int]]:
        with self._lock:
            return list(self._lockers.get(node.ino, {}).get(owner, ()))

    def _track(self, node: _Node, owner: int, ranges: list[tuple[int, int]]) -> None:
        """What ``owner`` may hold in CephFS on the node; a node with any stays pinned (one
        extra user: its Fh closing would drop the locks)."""
        with self._lock:
            owners = self._lockers.get(node.ino)
            if ranges:
                if owners is None:
                    owners = self._lockers[node.ino] = {}
                    node.users += 1
                owners[owner] = ranges
            elif owners is not None:
                owners.pop(owner, None)
                if not owners:
                    del self._lockers[node.ino]
                    node.users -= 1

    def _fid(self, ino: int) -> FileId:
        return _FID.pack(ino, NOSNAP)

    def _fh(self, node: _Node) -> int:
        """The node's open file handle (O_RDWR: the backend acts as root)."""
        if node.fh:
            return node.fh
        fh = self._m.open(node.inode, os.O_RDWR, self._m.root_perm)
        with self._lock:
            if node.fh:
                extra, fh = fh, node.fh
            else:
                node.fh, extra = fh, 0
        if extra:
            self._m.close_fh(extra)
        return fh

    def _child(self, dnode: _Node, name: bytes) -> tuple[int, Statx]:
        """(inode number, statx) of ``name`` in the directory; its Inode goes to the LRU."""
        if name == _SNAPDIR:
            raise StorageError(errno.ENOENT)
        inode, sx = self._m.lookup(dnode.inode, name, self._m.root_perm)
        node = self._acquire(int(sx.ino), inode)
        with self._lock:
            node.users -= 1
        return int(sx.ino), sx

    def _maybe_child(self, dnode: _Node, name: bytes) -> tuple[int, Statx] | None:
        try:
            return self._child(dnode, name)
        except (OSError, StorageError) as e:
            if e.errno == errno.ENOENT:
                return None
            raise

    def _settle_new(self, ino: int, sx: Statx, gid: int, mode: int, ftype: FileType) -> None:
        """Fix what CephFS set differently on a new object than `_perm.create_owner` asked
        (group, setgid bit): one setattr, only when needed."""
        mask, want = 0, Statx()
        if sx.gid != gid:
            mask, want.gid = mask | SETATTR_GID, gid
        if ftype != FileType.LNK and sx.mode & 0o7777 != mode:
            mask, want.mode = mask | SETATTR_MODE, _IFMT[ftype] | mode
        if mask:
            with self._pin(self._fid(ino)) as node:
                self._m.setattr(node.inode, want, mask, self._m.root_perm)

    # -- objects and attributes ------------------------------------------------------------

    async def root(self, export_path: str | bytes | None = None) -> FileId:
        fid = self._fid(self._root_ino)
        if isinstance(export_path, str):
            export_path = export_path.encode()
        for part in (export_path or b"").split(b"/"):
            if part:
                fid = await self.lookup(fid, part, Cred(0, 0))
        await self._run(self._root_check, fid)
        return fid

    def _root_check(self, fid: FileId) -> None:
        with self._pin(fid) as node:
            _perm.require_dir(self._stat(node)[1])

    async def getattr(self, fid: FileId, cred: Cred | None = None) -> Attrs:
        return await self._run(self._getattr, fid)

    def _getattr(self, fid: FileId) -> Attrs:
        with self._pin(fid) as node:
            return self._stat(node)[1]

    async def setattr(
        self,
        fid: FileId,
        attrs: SetAttrs,
        cred: Cred,
        guard_ctime: tuple[int, int] | None = None,
    ) -> Attrs:
        return await self._run(self._setattr, fid, attrs, cred, guard_ctime)

    def _setattr(self, fid: FileId, sa: SetAttrs, cred: Cred,
                 guard_ctime: tuple[int, int] | None) -> Attrs:
        with self._pin(fid) as node:
            a = self._stat(node)[1]
            if guard_ctime is not None and tuple(guard_ctime) != a.ctime:
                raise NotSync()
            _perm.check_setattr(a, sa, cred)
            want, mask = Statx(), 0
            mode: int | None = None
            if sa.size is not None:
                want.size, mask = sa.size, mask | SETATTR_SIZE
                if sa.mode is None:
                    mode = _perm.killed_privs(a, cred)
            if sa.mode is not None and a.type != FileType.LNK:
                mode = _perm.new_mode(a, sa.mode, cred)
            if (sa.uid is not None and sa.uid != a.uid) or (
                    sa.gid is not None and sa.gid != a.gid):
                want.uid = a.uid if sa.uid is None else sa.uid
                want.gid = a.gid if sa.gid is None else sa.gid
                mask |= SETATTR_UID | SETATTR_GID
                if a.type != FileType.DIR:  # chown clears the privilege bits (notify_change)
                    m = a.mode if mode is None else mode
                    m &= ~stat.S_ISUID
                    if m & stat.S_IXGRP:
                        m &= ~stat.S_ISGID
                    mode = m
            if mode is not None and a.type != FileType.LNK:
                want.mode, mask = _IFMT[a.type] | mode, mask | SETATTR_MODE
            now = time.time_ns()
            for t, field, bit in ((sa.atime, "atime", SETATTR_ATIME),
                                  (sa.mtime, "mtime", SETATTR_MTIME)):
                if t is not None:
                    sec, nsec = divmod(now, 1_000_000_000) if len(t) == 1 else t
                    ts = getattr(want, field)
                    ts.tv_sec, ts.tv_nsec = int(sec), int(nsec)
                    mask |= bit
            if mask:
                self._m.setattr(node.inode, want, mask, self._m.root_perm)
            return self._stat(node)[1]

    async def lookup(self, dir: FileId, name: bytes, cred: Cred) -> FileId:
        return (await self._run(self._lookup, dir, name, cred))[0]

    async def lookup_attrs(self, dir: FileId, name: bytes, cred: Cred) -> tuple[FileId, Attrs]:
        return await self._run(self._lookup, dir, name, cred)

    def _lookup(self, dir: FileId, name: bytes, cred: Cred) -> tuple[FileId, Attrs]:
        with self._pin(dir) as d:
            _, da = self._dir(d, cred, _perm.MAY_EXEC)
            if name == b"." or (name == b".." and d.ino == self._root_ino):
                return dir, da
            if name != b"..":
                check_name(name)
            ino, sx = self._child(d, name)
            return self._fid(ino), self._attrs(sx)

    async def access(self, fid: FileId, mask: int, cred: Cred) -> int:
        return _perm.access_mask(await self.getattr(fid), cred, mask)

    async def readlink(self, fid: FileId, cred: Cred) -> bytes:
        return await self._run(self._readlink, fid, cred)

    def _readlink(self, fid: FileId, cred: Cred) -> bytes:
        with self._pin(fid) as node:
            if self._stat(node)[1].type != FileType.LNK:
                raise StorageError(errno.EINVAL)
            return self._m.readlink(node.inode, self._m.root_perm)

    # -- data ------------------------------------------------------------------------------

    def _file(self, node: _Node) -> Attrs:
        a = self._stat(node)[1]
        if a.type == FileType.DIR:
            raise StorageError(errno.EISDIR)
        if a.type != FileType.REG:
            raise StorageError(errno.EINVAL)
        return a

    async def read(
        self, fid: FileId, offset: int, count: int, pool: PagePool, cred: Cred
    ) -> tuple[BvecList, bool]:
        bvecs, eof, _ = await self.read_with_attrs(fid, offset, count, pool, cred)
        return bvecs, eof

    async def read_with_attrs(
        self, fid: FileId, offset: int, count: int, pool: PagePool, cred: Cred
    ) -> tuple[BvecList, bool, Attrs]:
        # The pages are taken on the loop before the hop (the pool is the loop's); a short
        # read gives the rest back at once.
        bl = await pool.alloc(max(0, count))
        try:
            got, a = await self._run(self._read, fid, offset, bl.views() if count else [],
                                     cred)
            bl.truncate(got)
        except BaseException:
            bl.release()
            raise
        return bl, offset + got >= a.size, a

    def _read(self, fid: FileId, offset: int, views: list[memoryview],
              cred: Cred) -> tuple[int, Attrs]:
        with self._pin(fid) as node:
            a = self._file(node)
            _perm.require_read(a, cred)
            if offset < 0:
                raise StorageError(errno.EINVAL)
            got = 0
            if views and offset < a.size:
                fh = self._fh(node)
                got = self._m.readv(fh, views, offset)
            return got, self._stat(node)[1]

    async def write(
        self, fid: FileId, offset: int, data: BvecList, stable: bool, cred: Cred
    ) -> int:
        return (await self.write_with_attrs(fid, offset, data, stable, cred))[0]

    async def write_with_attrs(
        self, fid: FileId, offset: int, data: BvecList, stable: bool, cred: Cred
    ) -> tuple[int, Attrs | None, Attrs | None]:
        # one hop to a storage thread: the attributes before and after come from the stats
        # the write makes anyway (the contract's default would make three hops)
        return await self._run(self._write, fid, offset, data.views(), data.nbytes,
                               stable, cred)

    def _write(self, fid: FileId, offset: int, views: list[memoryview], nbytes: int,
               stable: bool, cred: Cred) -> tuple[int, Attrs | None, Attrs | None]:
        with self._pin(fid) as node:
            a = self._file(node)
            _perm.require_write(a, cred)
            if offset < 0:
                raise StorageError(errno.EINVAL)
            fh = self._fh(node)
            done = 0
            while done < nbytes:  # libcephfs writes it all or fails; a short write resumes
                n = self._m.writev(fh, _advance(views, done), offset + done)
                if n <= 0:
                    raise StorageError(errno.EIO, "short write")
                done += n
            if nbytes:
                self._kill_privs(node, a, cred)  # file_remove_privs
            if stable:
                self._m.fsync(fh)
            return done, a, self._stat(node)[1]

    async def commit(self, fid: FileId, cred: Cred, offset: int = 0, count: int = 0) -> None:
        await self._run(self._commit, fid)

    def _commit(self, fid: FileId) -> None:
        with self._pin(fid) as node:
            self._file(node)
            self._m.fsync(self._fh(node))

    # -- NFSv4.2: sparse files, space, server-side copy -------------------------------------
    # CephFS (16) keeps no hole map a client can ask for: every byte below the size is data,
    # as for the memory backend.  Copies go through a bounce buffer on the storage thread
    # (counted in COPIES under "cephfs-copy"); there is no clone (no shared extents).

    async def seek(self, fid: FileId, offset: int, what: Content, cred: Cred) -> int | None:
        a = await self._run(self._file_for, fid, cred, False)
        if offset >= a.size:
            raise StorageError(errno.ENXIO)
        return offset if what == Content.DATA else a.size

    def _file_for(self, fid: FileId, cred: Cred, write: bool) -> Attrs:
        with self._pin(fid) as node:
            a = self._file(node)
            (_perm.require_write if write else _perm.require_read)(a, cred)
            return a

    async def allocate(self, fid: FileId, offset: int, length: int, cred: Cred) -> None:
        check_range(offset, length)
        await self._run(self._fallocate, fid, 0, offset, length, cred)

    async def deallocate(self, fid: FileId, offset: int, length: int, cred: Cred) -> None:
        check_range(offset, length)
        await self._run(self._fallocate, fid, _PUNCH_HOLE | _KEEP_SIZE, offset, length, cred)

    def _fallocate(self, fid: FileId, mode: int, offset: int, length: int,
                   cred: Cred) -> None:
        with self._pin(fid) as node:
            a = self._file(node)
            _perm.require_write(a, cred)
            self._m.fallocate(self._fh(node), mode, offset, length)
            self._kill_privs(node, a, cred)

    def _kill_privs(self, node: _Node, a: Attrs, cred: Cred) -> None:
        """After a change of the file's data by ``cred``: S_ISUID/S_ISGID go as a local
        write by that user would drop them (root's calls keep them)."""
        kept = _perm.killed_privs(a, cred)
        if kept is not None:
            want = Statx()
            want.mode = stat.S_IFREG | kept
            self._m.setattr(node.inode, want, SETATTR_MODE, self._m.root_perm)

    async def copy_range(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int,
                         count: int, cred: Cred) -> int:
        return await self._run(self._copy, src, src_offset, dst, dst_offset, count, cred)

    def _copy(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int, count: int,
              cred: Cred) -> int:
        with self._pin(src) as s, self._pin(dst) as d:
            sa = self._file(s)
            _perm.require_read(sa, cred)
            da = self._file(d)
            _perm.require_write(da, cred)
            size = sa.size
            if src_offset < 0 or dst_offset < 0 or count < 0 or src_offset > size:
                raise StorageError(errno.EINVAL, "source offset past end of file")
            count = count or size - src_offset
            if src_offset + count > size:
                raise StorageError(errno.EINVAL, "source range past end of file")
            if s.ino == d.ino and src_offset < dst_offset + count and \
                    dst_offset < src_offset + count:
                raise StorageError(errno.EINVAL, "overlapping ranges of one file")
            count = min(count, COPY_CHUNK)
            if not count:
                return 0
            buf = bytearray(count)
            got = self._m.readv(self._fh(s), [memoryview(buf)], src_offset)
            done = self._m.writev(self._fh(d), [memoryview(buf)[:got]], dst_offset)
            COPIES.add(2 * done, "cephfs-copy")
            self._kill_privs(d, da, cred)
            return done

        # -- extended attributes, user. namespace ----------------------------------------------

    async def xattr_support(self, fid: FileId) -> bool:
        return True

    async def getxattr(self, fid: FileId, name: bytes, cred: Cred) -> bytes:
        return await self._run(self._getxattr, fid, check_xattr_name(name), cred)

    def _getxattr(self, fid: FileId, full: bytes, cred: Cred) -> bytes:
        with self._pin(fid) as node:
            _perm.require_xattr(self._stat(node)[1], cred, write=False)
            return self._m.getxattr(node.inode, full, XATTR_SIZE_MAX, self._m.root_perm)

    async def setxattr(self, fid: FileId, name: bytes, value: bytes, how: XattrHow,
                       cred: Cred) -> None:
        full = check_xattr_name(name)
        if len(value) > XATTR_SIZE_MAX:
            raise StorageError(errno.E2BIG)
        flags = {XattrHow.EITHER: 0, XattrHow.CREATE: XATTR_CREATE,
                 XattrHow.REPLACE: XATTR_REPLACE}[how]
        await self._run(self._setxattr, fid, full, bytes(value), flags, cred)

    def _setxattr(self, fid: FileId, full: bytes, value: bytes, flags: int,
                  cred: Cred) -> None:
        with self._pin(fid) as node:
            _perm.require_xattr(self._stat(node)[1], cred, write=True)
            self._m.setxattr(node.inode, full, value, flags, self._m.root_perm)

    async def listxattrs(self, fid: FileId, cred: Cred) -> list[bytes]:
        return await self._run(self._listxattrs, fid, cred)

    def _listxattrs(self, fid: FileId, cred: Cred) -> list[bytes]:
        with self._pin(fid) as node:
            a = self._stat(node)[1]
            if a.type not in (FileType.REG, FileType.DIR):
                return []
            _perm.require(a, cred, _perm.MAY_READ)
            names = self._m.listxattr(node.inode, XATTR_LIST_MAX, self._m.root_perm)
        return sorted(n[len(XATTR_PREFIX):] for n in names if n.startswith(XATTR_PREFIX))

    async def removexattr(self, fid: FileId, name: bytes, cred: Cred) -> None:
        await self._run(self._removexattr, fid, check_xattr_name(name), cred)

    def _removexattr(self, fid: FileId, full: bytes, cred: Cred) -> None:
        with self._pin(fid) as node:
            _perm.require_xattr(self._stat(node)[1], cred, write=True)
            self._m.removexattr(node.inode, full, self._m.root_perm)

    # -- namespace -------------------------------------------------------------------------

    def _new_name(self, d: _Node, name: bytes, cred: Cred) -> Attrs:
        """The parent's attributes once ``cred`` may add ``name`` to it (the name is checked)."""
        _, da = self._dir(d, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        check_name(name)
        if name in (b".", b"..", _SNAPDIR):
            raise StorageError(errno.EEXIST)
        return da

    async def create(
        self,
        dir: FileId,
        name: bytes,
        perm: int,
        cred: Cred,
        *,
        mode: CreateMode = CreateMode.UNCHECKED,
        verifier: bytes | None = None,
    ) -> FileId:
        verf = _verifier_times(mode, verifier)
        return await self._run(self._create, dir, name, perm, cred, mode, verf)

    def _create(self, dir: FileId, name: bytes, perm: int, cred: Cred, how: CreateMode,
                verf: tuple[int, int] | None) -> FileId:
        with self._pin(dir) as d:
            da = self._new_name(d, name, cred)
            gid, mode = _perm.create_owner(da, FileType.REG, perm, cred)
            flags = os.O_CREAT | os.O_EXCL | os.O_RDWR
            try:
                inode, fh, sx = self._m.create(d.inode, name, mode, flags,
                                               self._perm_of(cred.uid, gid))
            except OSError as e:
                if e.errno != errno.EEXIST:
                    raise
                ino, ex = self._child(d, name)
                a = self._attrs(ex)
                if a.type == FileType.REG and (
                        how == CreateMode.UNCHECKED
                        or (verf is not None and (a.mtime[0], a.atime[0]) == verf)):
                    return self._fid(ino)
                if how == CreateMode.UNCHECKED and a.type == FileType.DIR:
                    raise StorageError(errno.EISDIR) from None
                raise StorageError(errno.EEXIST) from None
            ino = int(sx.ino)
            node = self._acquire(ino, inode)
            try:
                with self._lock:
                    if not node.fh:
                        node.fh, fh = fh, 0
                if fh:
                    self._m.close_fh(fh)
                self._settle_new(ino, sx, gid, mode, FileType.REG)
                if verf is not None:
                    want = Statx()
                    want.mtime.tv_sec, want.atime.tv_sec = verf
                    self._m.setattr(node.inode, want, SETATTR_MTIME | SETATTR_ATIME,
                                    self._m.root_perm)
            finally:
                with self._lock:
                    node.users -= 1
            return self._fid(ino)

    async def mkdir(self, dir: FileId, name: bytes, perm: int, cred: Cred) -> FileId:
        return await self._run(self._mkdir, dir, name, perm, cred)

    def _mkdir(self, dir: FileId, name: bytes, perm: int, cred: Cred) -> FileId:
        with self._pin(dir) as d:
            da = self._new_name(d, name, cred)
            gid, mode = _perm.create_owner(da, FileType.DIR, perm, cred)
            inode, sx = self._m.mkdir(d.inode, name, mode, self._perm_of(cred.uid, gid))
            return self._adopt(inode, sx, gid, mode, FileType.DIR)

    def _adopt(self, inode: int, sx: Statx, gid: int, mode: int, ftype: FileType) -> FileId:
        """Take a new object's Inode into the LRU and settle its owner and mode."""
        ino = int(sx.ino)
        node = self._acquire(ino, inode)
        with self._lock:
            node.users -= 1
        self._settle_new(ino, sx, gid, mode, ftype)
        return self._fid(ino)

    async def symlink(self, dir: FileId, name: bytes, target: bytes, cred: Cred) -> FileId:
        if not target or b"\0" in target:
            raise StorageError(errno.EINVAL if b"\0" in target else errno.ENOENT)
        return await self._run(self._symlink, dir, name, bytes(target), cred)

    def _symlink(self, dir: FileId, name: bytes, target: bytes, cred: Cred) -> FileId:
        with self._pin(dir) as d:
            da = self._new_name(d, name, cred)
            gid, _ = _perm.create_owner(da, FileType.LNK, 0o777, cred)
            inode, sx = self._m.symlink(d.inode, name, target, self._perm_of(cred.uid, gid))
            return self._adopt(inode, sx, gid, 0o777, FileType.LNK)

    async def mknod(
        self,
        dir: FileId,
        name: bytes,
        ftype: FileType,
        perm: int,
        rdev: tuple[int, int],
        cred: Cred,
    ) -> FileId:
        if ftype not in (FileType.BLK, FileType.CHR, FileType.SOCK, FileType.FIFO):
            raise StorageError(errno.EINVAL, "MKNOD makes only BLK, CHR, SOCK and FIFO")
        return await self._run(self._mknod, dir, name, ftype, perm, rdev, cred)

    def _mknod(self, dir: FileId, name: bytes, ftype: FileType, perm: int,
               rdev: tuple[int, int], cred: Cred) -> FileId:
        with self._pin(dir) as d:
            da = self._new_name(d, name, cred)
            if ftype in (FileType.BLK, FileType.CHR) and cred.uid != 0:
                raise StorageError(errno.EPERM)
            dev = os.makedev(*rdev) if ftype in (FileType.BLK, FileType.CHR) else 0
            gid, mode = _perm.create_owner(da, ftype, perm, cred)
            inode, sx = self._m.mknod(d.inode, name, _IFMT[ftype] | mode, dev,
                                      self._perm_of(cred.uid, gid))
            return self._adopt(inode, sx, gid, mode, ftype)

    def _victim(self, d: _Node, da: Attrs, name: bytes, cred: Cred) -> tuple[int, Attrs]:
        ino, sx = self._child(d, name)
        a = self._attrs(sx)
        _perm.require_sticky(da, a, cred)
        return ino, a

    async def remove(self, dir: FileId, name: bytes, cred: Cred) -> None:
        await self._run(self._remove, dir, name, cred)

    def _remove(self, dir: FileId, name: bytes, cred: Cred) -> None:
        with self._pin(dir) as d:
            _, da = self._dir(d, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
            check_name(name)
            if name in (b".", b".."):
                raise StorageError(errno.EISDIR)
            ino, a = self._victim(d, da, name, cred)
            if a.type == FileType.DIR:
                raise StorageError(errno.EISDIR)
            self._m.unlink(d.inode, name, self._m.root_perm)
        if a.nlink <= 1:
            self._forget(ino)

    async def rmdir(self, dir: FileId, name: bytes, cred: Cred) -> None:
        await self._run(self._rmdir, dir, name, cred)

    def _rmdir(self, dir: FileId, name: bytes, cred: Cred) -> None:
        with self._pin(dir) as d:
            _, da = self._dir(d, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
            check_name(name)
            if name == b".":
                raise StorageError(errno.EINVAL)
            if name == b"..":
                raise StorageError(errno.ENOTEMPTY)
            ino, a = self._victim(d, da, name, cred)
            if a.type != FileType.DIR:
                raise StorageError(errno.ENOTDIR)
            self._m.rmdir(d.inode, name, self._m.root_perm)
        self._forget(ino)
        self._snaps.forget(self._fid(ino))

    async def rename(
        self, src_dir: FileId, src_name: bytes, dst_dir: FileId, dst_name: bytes, cred: Cred
    ) -> None:
        await self._run(self._rename, src_dir, src_name, dst_dir, dst_name, cred)

    def _rename(self, src_dir: FileId, src_name: bytes, dst_dir: FileId, dst_name: bytes,
                cred: Cred) -> None:
        check_name(src_name)
        check_name(dst_name)
        if src_name in (b".", b"..") or dst_name in (b".", b".."):
            raise StorageError(errno.EINVAL)
        with self._pin(src_dir) as sd, self._pin(dst_dir) as dd:
            _, sda = self._dir(sd, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
            _, dda = self._dir(dd, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
            if dst_name == _SNAPDIR:
                raise StorageError(errno.EINVAL)
            src_ino, src = self._victim(sd, sda, src_name, cred)
            hit = self._maybe_child(dd, dst_name)
            dst = self._attrs(hit[1]) if hit is not None else None
            if hit is not None and hit[0] == src_ino:
                return  # POSIX: both names already link the same object
            is_dir = src.type == FileType.DIR
            if is_dir and sd.ino != dd.ino:  # its ".." changes (vfs_rename)
                _perm.require(src, cred, _perm.MAY_WRITE)
            if dst is not None:
                _perm.require_sticky(dda, dst, cred)
                if is_dir and dst.type != FileType.DIR:
                    raise StorageError(errno.ENOTDIR)
                if not is_dir and dst.type == FileType.DIR:
                    raise StorageError(errno.EISDIR)
            self._m.rename(sd.inode, src_name, dd.inode, dst_name, self._m.root_perm)
        if hit is not None and dst is not None and (dst.nlink <= 1 or dst.type == FileType.DIR):
            self._forget(hit[0])

    async def link(self, fid: FileId, dir: FileId, name: bytes, cred: Cred) -> None:
        await self._run(self._link, fid, dir, name, cred)

    def _link(self, fid: FileId, dir: FileId, name: bytes, cred: Cred) -> None:
        with self._pin(fid) as node, self._pin(dir) as d:
            if self._stat(node)[1].type == FileType.DIR:
                raise StorageError(errno.EPERM)
            self._new_name(d, name, cred)
            self._m.link(node.inode, d.inode, name, self._m.root_perm)

    async def readdir(
        self, dir: FileId, cookie: int, count: int, cred: Cred, *, plus: bool = False
    ) -> ReadDir:
        return await self._run(self._readdir, dir, cookie, count, cred, plus)

    @staticmethod
    def _version(sx: Statx) -> Hashable:
        return (int(sx.ino), int(sx.version), _ts(sx.mtime), _ts(sx.ctime))

    def _readdir(self, dir: FileId, cookie: int, count: int, cred: Cred,
                 plus: bool) -> ReadDir:
        with self._pin(dir) as d:
            sx, _ = self._dir(d, cred, _perm.MAY_READ)
            key = self._version(sx)
            with self._lock:
                snap = self._snaps.peek(dir, key)
            if snap is None:
                snap = snapshot(self._m.listdir(d.inode, self._m.root_perm))
                with self._lock:
                    self._snaps.put(dir, key, snap)
            start, end, eof = page_bounds(snap, cookie, count)
            entries = []
            for i in range(start, end):
                ncookie, name, ino = snap[i]
                attrs = None
                if plus:
                    hit = self._maybe_child(d, name)
                    if hit is None:
                        continue  # removed since the snapshot
                    ino, attrs = hit[0], self._attrs(hit[1])
                entries.append(DirEntry(name, ino, ncookie, self._fid(ino), attrs))
            return ReadDir(entries, eof, cookieverf_of(key))

    async def cookieverf(self, dir: FileId) -> bytes:
        return await self._run(self._cookieverf, dir)

    def _cookieverf(self, dir: FileId) -> bytes:
        with self._pin(dir) as d:
            sx, a = self._stat(d)
            _perm.require_dir(a)
            return cookieverf_of(self._version(sx))

    # -- file system -----------------------------------------------------------------------

    async def statfs(self, fid: FileId, cred: Cred | None = None) -> FsStat:
        return await self._run(self._statfs, fid)

    def _statfs(self, fid: FileId) -> FsStat:
        with self._pin(fid) as node:
            self._stat(node)
            st = self._m.statfs(node.inode)
        frsize = st.frsize or st.bsize
        # CephFS has no inode table: f_files counts the inodes in use and f_ffree is -1
        # ("no limit"); NFS clients get a large finite count instead.
        ffree = min(st.ffree, _FILES_FREE)
        return FsStat(st.blocks * frsize, st.bfree * frsize, st.bavail * frsize,
                      st.files + ffree, ffree, min(st.favail, _FILES_FREE))


def _advance(views: list[memoryview], n: int) -> list[memoryview]:
    """``views`` without their first ``n`` bytes."""
    out = []
    for v in views:
        if n >= len(v):
            n -= len(v)
            continue
        out.append(v[n:])
        n = 0
    return out
