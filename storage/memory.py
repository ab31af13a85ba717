"""MemoryBackend: the reference StorageBackend, and the default in tests (cf. Ganesha FSAL_MEM).

Operation: an inode table maps inode numbers to `_Inode` objects; a FileId is the inode number
(8 bytes, little endian), never reused, so a removed object gives ESTALE.  Directories hold a
name -> inode dict and their parent's number; regular files keep their bytes in a bytearray,
so READ and WRITE copy once between it and the pool pages (counted in COPIES under
"memory-backend").  Semantics follow POSIX and knfsd: hard links and nlink, rename over an
existing target, times, permission checks against the caller's Cred (storage._perm), and
EXCLUSIVE create verifiers stored in atime/mtime as knfsd does.
"""

from __future__ import annotations

import errno
import os
import stat
import struct
import time

from storage import _perm
from storage._dircache import DirCache, cookieverf_of, page_bounds, snapshot
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
    TimeSpec,
    XattrHow,
    check_name,
    check_range,
    check_xattr_name,
)
from storage.bvec import BvecList
from storage.copies import COPIES
from storage.pool import PagePool

__all__ = ["MemoryBackend"]

_ROOT_INO = 1
_BLOCK = 4096
_FID = struct.Struct("<Q")


class _Inode:
    __slots__ = (
        "atime",
        "ctime",
        "data",
        "entries",
        "gid",
        "ino",
        "mode",
        "mtime",
        "nlink",
        "parent",
        "rdev",
        "target",
        "type",
        "uid",
        "version",
        "xattrs",
    )

    def __init__(self, ino: int, ftype: FileType, mode: int, uid: int, gid: int) -> None:
        now = time.time_ns()
        self.ino = ino
        self.type = ftype
        self.mode = mode & 0o7777
        self.uid = uid
        self.gid = gid
        self.nlink = 2 if ftype == FileType.DIR else 1
        self.atime = self.mtime = self.ctime = now
        self.rdev = (0, 0)
        self.data = bytearray()
        self.entries: dict[bytes, int] = {}
        self.parent = 0
        self.target = b""
        self.version = 0
        self.xattrs: dict[bytes, bytes] = {}

    def touch(self, *, m: bool = True) -> None:
        """Content changed (m) or only metadata: update mtime/ctime and the dir version."""
        now = time.time_ns()
        if m:
            self.mtime = now
            self.version += 1
        self.ctime = now


def _ts(ns: int) -> tuple[int, int]:
    return divmod(ns, 1_000_000_000)


class MemoryBackend(StorageBackend):
    """In-memory export.  Not persistent: a new instance is a new, empty file system."""

    def __init__(
        self,
        write_verifier: bytes | None = None,
        *,
        root_mode: int = 0o755,
        root_uid: int = 0,
        root_gid: int = 0,
        fsid: int = 0x6D656D,
        max_bytes: int = 1 << 40,
    ) -> None:
        self.write_verifier = write_verifier if write_verifier is not None else os.urandom(8)
        if len(self.write_verifier) != 8:
            raise ValueError("write verifier must be 8 bytes")
        self.fsid = fsid
        self.max_bytes = max_bytes
        self._next_ino = _ROOT_INO
        self._inodes: dict[int, _Inode] = {}
        root = self._new(FileType.DIR, root_mode, root_uid, root_gid)
        root.parent = root.ino
        self._snaps: DirCache[tuple[int, bytes, int]] = DirCache()

    # -- internals -------------------------------------------------------------------------

    def _new(self, ftype: FileType, mode: int, uid: int, gid: int) -> _Inode:
        ino = self._next_ino
        self._next_ino += 1
        node = _Inode(ino, ftype, mode, uid, gid)
        self._inodes[ino] = node
        return node

    def _get(self, fid: FileId) -> _Inode:
        if len(fid) != _FID.size:
            raise StorageError(errno.ESTALE, "malformed FileId")
        node = self._inodes.get(_FID.unpack(fid)[0])
        if node is None:
            raise StorageError(errno.ESTALE)
        return node

    def _dir(self, fid: FileId) -> _Inode:
        node = self._get(fid)
        if node.type != FileType.DIR:
            raise StorageError(errno.ENOTDIR)
        return node

    @staticmethod
    def _fid(node: _Inode) -> FileId:
        return _FID.pack(node.ino)

    def _attrs(self, n: _Inode) -> Attrs:
        if n.type == FileType.REG:
            size = len(n.data)
        elif n.type == FileType.LNK:
            size = len(n.target)
        elif n.type == FileType.DIR:
            size = _BLOCK
        else:
            size = 0
        return Attrs(
            type=n.type,
            mode=n.mode,
            nlink=n.nlink,
            uid=n.uid,
            gid=n.gid,
            size=size,
            used=-(-size // _BLOCK) * _BLOCK,
            rdev=n.rdev,
            fsid=self.fsid,
            fileid=n.ino,
            atime=_ts(n.atime),
            mtime=_ts(n.mtime),
            ctime=_ts(n.ctime),
        )

    def _writable_dir(self, fid: FileId, cred: Cred) -> _Inode:
        d = self._dir(fid)
        _perm.require(self._attrs(d), cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        return d

    def _child(self, d: _Inode, name: bytes) -> _Inode:
        ino = d.entries.get(name)
        if ino is None:
            raise StorageError(errno.ENOENT)
        return self._inodes[ino]

    def _link_new(self, d: _Inode, name: bytes, node: _Inode, cred: Cred) -> FileId:
        """Enter a new object: owner cred, group from a setgid directory."""
        node.uid = cred.uid
        node.gid, node.mode = _perm.create_owner(self._attrs(d), node.type, node.mode, cred)
        d.entries[name] = node.ino
        d.touch()
        return self._fid(node)

    def _unlink(self, d: _Inode, name: bytes, victim: _Inode) -> None:
        del d.entries[name]
        d.touch()
        if victim.type == FileType.DIR:
            d.nlink -= 1
            victim.nlink = 0
        else:
            victim.nlink -= 1
            victim.touch(m=False)
        if victim.nlink == 0:
            del self._inodes[victim.ino]
            self._snaps.forget(self._fid(victim))

    def _check_new_name(self, d: _Inode, name: bytes) -> None:
        check_name(name)
        if name in (b".", b"..") or name in d.entries:
            raise StorageError(errno.EEXIST)

    # -- objects and attributes ------------------------------------------------------------

    async def root(self, export_path: str | bytes | None = None) -> FileId:
        fid = _FID.pack(_ROOT_INO)
        if isinstance(export_path, str):
            export_path = export_path.encode()
        for part in (export_path or b"").split(b"/"):
            if part:
                fid = await self.lookup(fid, part, Cred(0, 0))
        self._dir(fid)
        return fid

    async def getattr(self, fid: FileId, cred: Cred | None = None) -> Attrs:
        return self._attrs(self._get(fid))

    async def setattr(
        self,
        fid: FileId,
        attrs: SetAttrs,
        cred: Cred,
        guard_ctime: tuple[int, int] | None = None,
    ) -> Attrs:
        n = self._get(fid)
        a = self._attrs(n)
        if guard_ctime is not None and tuple(guard_ctime) != a.ctime:
            raise NotSync()
        _perm.check_setattr(a, attrs, cred)
        now = time.time_ns()
        if attrs.size is not None:
            self._resize(n, attrs.size)
            n.mtime = now
            kept = _perm.killed_privs(a, cred) if attrs.mode is None else None
            if kept is not None:
                n.mode = kept
        if attrs.mode is not None and n.type != FileType.LNK:
            n.mode = _perm.new_mode(a, attrs.mode, cred)
        if (attrs.uid is not None and attrs.uid != n.uid) or (
            attrs.gid is not None and attrs.gid != n.gid
        ):
            if n.type != FileType.DIR:
                n.mode &= ~stat.S_ISUID
                if n.mode & stat.S_IXGRP:
                    n.mode &= ~stat.S_ISGID
            n.uid = n.uid if attrs.uid is None else attrs.uid
            n.gid = n.gid if attrs.gid is None else attrs.gid
        if attrs.atime is not None:
            n.atime = _time_ns(attrs.atime, now)
        if attrs.mtime is not None:
            n.mtime = _time_ns(attrs.mtime, now)
        n.ctime = now
        return self._attrs(n)

    def _resize(self, n: _Inode, size: int) -> None:
        if size > self.max_bytes:
            raise StorageError(errno.EFBIG)
        if size < len(n.data):
            del n.data[size:]
        else:
            n.data.extend(bytes(size - len(n.data)))

    async def lookup(self, dir: FileId, name: bytes, cred: Cred) -> FileId:
        d = self._dir(dir)
        _perm.require(self._attrs(d), cred, _perm.MAY_EXEC)
        if name == b".":
            return dir
        if name == b"..":
            return _FID.pack(d.parent)
        check_name(name)
        return self._fid(self._child(d, name))

    async def access(self, fid: FileId, mask: int, cred: Cred) -> int:
        return _perm.access_mask(self._attrs(self._get(fid)), cred, mask)

    async def readlink(self, fid: FileId, cred: Cred) -> bytes:
        n = self._get(fid)
        if n.type != FileType.LNK:
            raise StorageError(errno.EINVAL)
        return n.target

    # -- data ------------------------------------------------------------------------------

    def _file(self, fid: FileId) -> _Inode:
        n = self._get(fid)
        if n.type == FileType.DIR:
            raise StorageError(errno.EISDIR)
        if n.type != FileType.REG:
            raise StorageError(errno.EINVAL)
        return n

    async def read(
        self, fid: FileId, offset: int, count: int, pool: PagePool, cred: Cred
    ) -> tuple[BvecList, bool]:
        n = self._file(fid)
        _perm.require_read(self._attrs(n), cred)
        want = max(0, min(count, len(n.data) - offset))
        bl = await pool.alloc(want)
        try:
            n = self._file(fid)  # the await may have let a REMOVE or truncate in
            got = max(0, min(want, len(n.data) - offset))
            bl.truncate(got)
            done = 0
            for v in bl.views():
                v[:] = n.data[offset + done : offset + done + len(v)]
                done += len(v)
        except BaseException:
            bl.release()
            raise
        COPIES.add(done, "memory-backend")
        n.atime = time.time_ns()
        return bl, offset + done >= len(n.data)

    async def write(
        self, fid: FileId, offset: int, data: BvecList, stable: bool, cred: Cred
    ) -> int:
        n = self._file(fid)
        _perm.require_write(self._attrs(n), cred)
        end = offset + data.nbytes
        if end > self.max_bytes:
            raise StorageError(errno.EFBIG)
        if end > len(n.data):
            n.data.extend(bytes(end - len(n.data)))
        pos = offset
        for v in data.views():
            n.data[pos : pos + len(v)] = v
            pos += len(v)
        COPIES.add(data.nbytes, "memory-backend")
        kept = _perm.killed_privs(self._attrs(n), cred) if data.nbytes else None
        if kept is not None:  # file_remove_privs
            n.mode = kept
        n.touch()
        return data.nbytes

    # -- NFSv4.2: sparse files, space, copies ------------------------------------------------
    # A bytearray has no holes: every byte is data (what POSIX allows a file system without
    # hole tracking to answer) and a punched range is zeros.

    def _written(self, n: _Inode, cred: Cred) -> None:
        """After a change of `n`'s data by `cred`: privileges go as a WRITE's, times move."""
        kept = _perm.killed_privs(self._attrs(n), cred)
        if kept is not None:
            n.mode = kept
        n.touch()

    async def seek(self, fid: FileId, offset: int, what: Content, cred: Cred) -> int | None:
        n = self._file(fid)
        _perm.require_read(self._attrs(n), cred)
        if offset >= len(n.data):
            raise StorageError(errno.ENXIO)
        return offset if what == Content.DATA else len(n.data)

    async def allocate(self, fid: FileId, offset: int, length: int, cred: Cred) -> None:
        n = self._file(fid)
        _perm.require_write(self._attrs(n), cred)
        check_range(offset, length)
        if offset + length > len(n.data):
            self._resize(n, offset + length)
        self._written(n, cred)

    async def deallocate(self, fid: FileId, offset: int, length: int, cred: Cred) -> None:
        n = self._file(fid)
        _perm.require_write(self._attrs(n), cred)
        check_range(offset, length)
        end = min(offset + length, len(n.data))
        if end > offset:
            n.data[offset:end] = bytes(end - offset)
        self._written(n, cred)

    def _copy_args(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int,
                   count: int, cred: Cred) -> tuple[_Inode, _Inode, int]:
        """Both files checked (read, write), the count resolved (0: to the source's EOF)."""
        s, d = self._file(src), self._file(dst)
        _perm.require_read(self._attrs(s), cred)
        _perm.require_write(self._attrs(d), cred)
        size = len(s.data)
        if src_offset < 0 or dst_offset < 0 or count < 0 or src_offset > size:
            raise StorageError(errno.EINVAL, "source offset past end of file")
        count = count or size - src_offset
        if src_offset + count > size:
            raise StorageError(errno.EINVAL, "source range past end of file")
        if s is d and src_offset < dst_offset + count and dst_offset < src_offset + count:
            raise StorageError(errno.EINVAL, "overlapping ranges of one file")
        if dst_offset + count > self.max_bytes:
            raise StorageError(errno.EFBIG)
        return s, d, count

    def _copy(self, s: _Inode, src_offset: int, d: _Inode, dst_offset: int, count: int,
              cred: Cred) -> None:
        chunk = bytes(s.data[src_offset:src_offset + count])
        if dst_offset + count > len(d.data):
            self._resize(d, dst_offset + count)
        d.data[dst_offset:dst_offset + count] = chunk
        COPIES.add(count, "memory-backend")
        self._written(d, cred)

    async def copy_range(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int,
                         count: int, cred: Cred) -> int:
        s, d, count = self._copy_args(src, src_offset, dst, dst_offset, count, cred)
        count = min(count, COPY_CHUNK)
        if count:
            self._copy(s, src_offset, d, dst_offset, count, cred)
        return count

    async def clone_range(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int,
                          count: int, cred: Cred) -> None:
        s, d, count = self._copy_args(src, src_offset, dst, dst_offset, count, cred)
        if count:
            self._copy(s, src_offset, d, dst_offset, count, cred)  # all at once: a clone

    # -- extended attributes (user.) -------------------------------------------------------

    async def xattr_support(self, fid: FileId) -> bool:
        self._get(fid)
        return True

    async def getxattr(self, fid: FileId, name: bytes, cred: Cred) -> bytes:
        n = self._get(fid)
        check_xattr_name(name)
        _perm.require_xattr(self._attrs(n), cred, write=False)
        value = n.xattrs.get(name)
        if value is None:
            raise StorageError(errno.ENODATA)
        return value

    async def setxattr(self, fid: FileId, name: bytes, value: bytes, how: XattrHow,
                       cred: Cred) -> None:
        n = self._get(fid)
        check_xattr_name(name)
        _perm.require_xattr(self._attrs(n), cred, write=True)
        if len(value) > XATTR_SIZE_MAX:
            raise StorageError(errno.E2BIG)
        if how == XattrHow.CREATE and name in n.xattrs:
            raise StorageError(errno.EEXIST)
        if how == XattrHow.REPLACE and name not in n.xattrs:
            raise StorageError(errno.ENODATA)
        if name not in n.xattrs and sum(len(XATTR_PREFIX) + len(k) + 1 for k in n.xattrs) \
                + len(XATTR_PREFIX) + len(name) + 1 > XATTR_LIST_MAX:
            raise StorageError(errno.ENOSPC)  # its names would no longer list
        n.xattrs[name] = bytes(value)
        n.touch(m=False)

    async def listxattrs(self, fid: FileId, cred: Cred) -> list[bytes]:
        n = self._get(fid)
        a = self._attrs(n)
        if a.type not in (FileType.REG, FileType.DIR):
            return []
        _perm.require_xattr(a, cred, write=False)
        return sorted(n.xattrs)

    async def removexattr(self, fid: FileId, name: bytes, cred: Cred) -> None:
        n = self._get(fid)
        check_xattr_name(name)
        _perm.require_xattr(self._attrs(n), cred, write=True)
        if n.xattrs.pop(name, None) is None:
            raise StorageError(errno.ENODATA)
        n.touch(m=False)

    # -- namespace -------------------------------------------------------------------------

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
        d = self._writable_dir(dir, cred)
        check_name(name)
        verf_times = _verifier_times(mode, verifier)
        ino = d.entries.get(name)
        if ino is not None or name in (b".", b".."):
            existing = self._inodes[ino] if ino is not None else d
            if mode == CreateMode.UNCHECKED and existing.type == FileType.REG:
                return self._fid(existing)
            if (
                verf_times is not None
                and existing.type == FileType.REG
                and (existing.mtime // 1_000_000_000, existing.atime // 1_000_000_000) == verf_times
            ):
                return self._fid(existing)
            if mode == CreateMode.UNCHECKED and existing.type == FileType.DIR:
                raise StorageError(errno.EISDIR)
            raise StorageError(errno.EEXIST)
        node = self._new(FileType.REG, perm, cred.uid, cred.gid)
        fid = self._link_new(d, name, node, cred)
        if verf_times is not None:
            node.mtime = verf_times[0] * 1_000_000_000
            node.atime = verf_times[1] * 1_000_000_000
        return fid

    async def mkdir(self, dir: FileId, name: bytes, perm: int, cred: Cred) -> FileId:
        d = self._writable_dir(dir, cred)
        self._check_new_name(d, name)
        node = self._new(FileType.DIR, perm, cred.uid, cred.gid)
        node.parent = d.ino
        d.nlink += 1
        return self._link_new(d, name, node, cred)

    async def symlink(self, dir: FileId, name: bytes, target: bytes, cred: Cred) -> FileId:
        d = self._writable_dir(dir, cred)
        self._check_new_name(d, name)
        if not target or b"\0" in target:
            raise StorageError(errno.EINVAL if b"\0" in target else errno.ENOENT)
        node = self._new(FileType.LNK, 0o777, cred.uid, cred.gid)
        node.target = bytes(target)
        return self._link_new(d, name, node, cred)

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
        d = self._writable_dir(dir, cred)
        self._check_new_name(d, name)
        if ftype in (FileType.BLK, FileType.CHR) and cred.uid != 0:
            raise StorageError(errno.EPERM)
        node = self._new(ftype, perm, cred.uid, cred.gid)
        if ftype in (FileType.BLK, FileType.CHR):
            node.rdev = (rdev[0], rdev[1])
        return self._link_new(d, name, node, cred)

    async def remove(self, dir: FileId, name: bytes, cred: Cred) -> None:
        d = self._writable_dir(dir, cred)
        check_name(name)
        if name in (b".", b".."):
            raise StorageError(errno.EISDIR)
        victim = self._child(d, name)
        if victim.type == FileType.DIR:
            raise StorageError(errno.EISDIR)
        _perm.require_sticky(self._attrs(d), self._attrs(victim), cred)
        self._unlink(d, name, victim)

    async def rmdir(self, dir: FileId, name: bytes, cred: Cred) -> None:
        d = self._writable_dir(dir, cred)
        check_name(name)
        if name == b".":
            raise StorageError(errno.EINVAL)
        if name == b"..":
            raise StorageError(errno.ENOTEMPTY)
        victim = self._child(d, name)
        if victim.type != FileType.DIR:
            raise StorageError(errno.ENOTDIR)
        _perm.require_sticky(self._attrs(d), self._attrs(victim), cred)
        if victim.entries:
            raise StorageError(errno.ENOTEMPTY)
        self._unlink(d, name, victim)

    async def rename(
        self, src_dir: FileId, src_name: bytes, dst_dir: FileId, dst_name: bytes, cred: Cred
    ) -> None:
        sd = self._writable_dir(src_dir, cred)
        dd = self._writable_dir(dst_dir, cred)
        check_name(src_name)
        check_name(dst_name)
        if src_name in (b".", b"..") or dst_name in (b".", b".."):
            raise StorageError(errno.EINVAL)
        src = self._child(sd, src_name)
        _perm.require_sticky(self._attrs(sd), self._attrs(src), cred)
        dst_ino = dd.entries.get(dst_name)
        dst = self._inodes[dst_ino] if dst_ino is not None else None
        if dst is src:
            return  # POSIX: both names already link the same object
        is_dir = src.type == FileType.DIR
        if is_dir:
            p = dd
            while True:  # no moving a directory below itself
                if p is src:
                    raise StorageError(errno.EINVAL)
                if p.ino == _ROOT_INO:
                    break
                p = self._inodes[p.parent]
            if sd is not dd:  # its ".." changes: needs write permission on it (vfs_rename)
                _perm.require(self._attrs(src), cred, _perm.MAY_WRITE)
        if dst is not None:
            _perm.require_sticky(self._attrs(dd), self._attrs(dst), cred)
            if is_dir and dst.type != FileType.DIR:
                raise StorageError(errno.ENOTDIR)
            if not is_dir and dst.type == FileType.DIR:
                raise StorageError(errno.EISDIR)
            if dst.type == FileType.DIR and dst.entries:
                raise StorageError(errno.ENOTEMPTY)
            self._unlink(dd, dst_name, dst)
        del sd.entries[src_name]
        dd.entries[dst_name] = src.ino
        if is_dir and sd is not dd:
            sd.nlink -= 1
            dd.nlink += 1
            src.parent = dd.ino
        sd.touch()
        dd.touch()
        src.touch(m=False)

    async def link(self, fid: FileId, dir: FileId, name: bytes, cred: Cred) -> None:
        n = self._get(fid)
        d = self._writable_dir(dir, cred)
        self._check_new_name(d, name)
        if n.type == FileType.DIR:
            raise StorageError(errno.EPERM)
        d.entries[name] = n.ino
        n.nlink += 1
        n.touch(m=False)
        d.touch()

    async def readdir(
        self, dir: FileId, cookie: int, count: int, cred: Cred, *, plus: bool = False
    ) -> ReadDir:
        d = self._dir(dir)
        _perm.require(self._attrs(d), cred, _perm.MAY_READ)
        key = (d.ino, d.version)
        snap = self._snaps.get(dir, key, lambda: snapshot(d.entries.items()))
        start, end, eof = page_bounds(snap, cookie, count)
        entries = []
        for i in range(start, end):
            ncookie, name, ino = snap[i]
            node = self._inodes[ino]
            entries.append(
                DirEntry(
                    name,
                    ino,
                    ncookie,
                    self._fid(node),
                    self._attrs(node) if plus else None,
                )
            )
        return ReadDir(entries, eof, cookieverf_of(key))

    async def cookieverf(self, dir: FileId) -> bytes:
        d = self._dir(dir)
        return cookieverf_of((d.ino, d.version))

    # -- file system -----------------------------------------------------------------------

    async def statfs(self, fid: FileId, cred: Cred | None = None) -> FsStat:
        self._get(fid)
        used = sum(len(n.data) for n in self._inodes.values())
        free = max(0, self.max_bytes - used)
        files = 1 << 32
        ffree = files - len(self._inodes)
        return FsStat(self.max_bytes, free, free, files, ffree, ffree)


def _time_ns(t: TimeSpec, now: int) -> int:
    if len(t) == 1:
        return now
    return int(t[0]) * 1_000_000_000 + int(t[1])


def _verifier_times(mode: CreateMode, verifier: bytes | None) -> tuple[int, int] | None:
    """EXCLUSIVE: the (mtime, atime) seconds knfsd stores the verifier in (31 bits each)."""
    if mode != CreateMode.EXCLUSIVE:
        return None
    if verifier is None or len(verifier) != 8:
        raise StorageError(errno.EINVAL, "EXCLUSIVE create needs an 8-byte verifier")
    v0, v1 = struct.unpack(">II", verifier)
    return v0 & 0x7FFFFFFF, v1 & 0x7FFFFFFF
