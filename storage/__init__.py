"""storage: page pool, bvec lists, and the storage backends (memory, vfs).

The package root reads as its map: everything public is re-exported here.
"""

from storage.bvec import Bvec, BvecList
from storage.copies import COPIES, CopyCounter
from storage.pool import PagePool, PoolTooSmall

__all__ = [
    "COPIES",
    "Bvec",
    "BvecList",
    "CopyCounter",
    "PagePool",
    "PoolTooSmall",
]
