"""storage: page pool, bvec lists, and the storage backends (memory, vfs, cephfs).

The package root reads as its map: everything public is re-exported here.
"""

from storage._offload import Offload, run_blocking
from storage.backend import (
    SERVER_TIME,
    Attrs,
    Content,
    CreateMode,
    Cred,
    DirEntry,
    FileId,
    FileType,
    FsStat,
    NotSync,
    PathConf,
    ReadDir,
    SetAttrs,
    StorageBackend,
    StorageError,
    XattrHow,
)
from storage.bvec import Bvec, BvecList
from storage.cephfs import CephfsBackend
from storage.copies import COPIES, CopyCounter
from storage.memory import MemoryBackend
from storage.pool import PagePool, PoolTooSmall
from storage.vfs import VfsBackend

__all__ = [
    "COPIES",
    "SERVER_TIME",
    "Attrs",
    "Bvec",
    "BvecList",
    "CephfsBackend",
    "Content",
    "CopyCounter",
    "CreateMode",
    "Cred",
    "DirEntry",
    "FileId",
    "FileType",
    "FsStat",
    "MemoryBackend",
    "NotSync",
    "Offload",
    "PagePool",
    "PathConf",
    "PoolTooSmall",
    "ReadDir",
    "SetAttrs",
    "StorageBackend",
    "StorageError",
    "VfsBackend",
    "XattrHow",
    "run_blocking",
]
