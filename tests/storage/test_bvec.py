"""Bvec and BvecList: views, zero-copy slicing, contiguity, copy accounting."""

from __future__ import annotations

import pytest

from storage import COPIES, BvecList, PagePool

PS = 4096


@pytest.fixture
def pool() -> PagePool:
    return PagePool(16 * PS)


def test_views_are_zero_copy(pool: PagePool) -> None:
    bl = pool.try_alloc(2 * PS)
    assert bl is not None
    v = bl.views()[0]
    v[0:3] = b"abc"
    assert bytes(pool.view[0:3]) == b"abc"
    assert bl.bvecs[0].pool_offset == 0
    bl.release()


def test_slice_shares_pages_across_bvecs(pool: PagePool) -> None:
    holes = [pool.try_alloc(PS) for _ in range(16)]
    holes[1].release()  # type: ignore[union-attr]
    holes[3].release()  # type: ignore[union-attr]
    bl = pool.try_alloc(2 * PS)
    assert bl is not None and len(bl) == 2
    data = bytes(range(256)) * (2 * PS // 256)
    bl.fill(data)
    for start, length in [(0, 0), (0, 2 * PS), (PS - 10, 20), (PS, PS), (5, PS - 5), (2 * PS, 0)]:
        sl = bl.slice(start, length)
        assert sl.nbytes == length and not sl.owner
        assert b"".join(bytes(v) for v in sl.views()) == data[start : start + length]
    sl = bl.slice(PS - 10, 20)
    assert [(b.page, b.offset, b.length) for b in sl.bvecs] == [(1, PS - 10, 10), (3, 0, 10)]
    assert sl.contiguous_extent() is None
    sub = bl.slice(PS + 4, 8).slice(2, 4)
    assert sub.bvecs[0].pool_offset == 3 * PS + 6
    assert sub.contiguous_extent() == (3 * PS + 6, 4)
    with pytest.raises(ValueError):
        bl.slice(PS, PS + 1)
    with pytest.raises(ValueError):
        bl.slice(-1, 1)
    bl.release()


def test_contiguous_extent(pool: PagePool) -> None:
    bl = pool.try_alloc(3 * PS)
    assert bl is not None
    assert bl.contiguous_extent() == (0, 3 * PS)
    assert bl.slice(100, PS).contiguous_extent() == (100, PS)
    assert BvecList.empty().contiguous_extent() is None
    bl.release()


def test_fill_and_tobytes_count_copies(pool: PagePool) -> None:
    COPIES.reset()
    bl = pool.try_alloc(10)
    assert bl is not None
    assert bl.fill(b"0123456789abc") == 10
    assert bl.tobytes() == b"0123456789"
    assert COPIES.total == 20
    assert COPIES.by_where == {"bvec.fill": 10, "bvec.tobytes": 10}
    bl.release()


def test_context_manager_releases(pool: PagePool) -> None:
    with pool.try_alloc(PS) as bl:  # type: ignore[union-attr]
        assert pool.used_pages() == 1 and bl.owner
    assert pool.used_pages() == 0
