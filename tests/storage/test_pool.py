"""PagePool: first-fit extents, scattered fallback, coalescing, FIFO back-pressure, leaks."""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import os
import random

import pytest

from storage import BvecList, PagePool, PoolTooSmall

PS = 4096


def pages(bl: BvecList) -> list[tuple[int, int]]:
    return [(b.page, -(-b.length // PS)) for b in bl.bvecs]


def test_memfd_backed_geometry() -> None:
    pool = PagePool(10 * PS + 1)
    assert pool.npages == 11 and pool.page_size == PS
    assert pool.memfd is not None and os.fstat(pool.memfd).st_size == 11 * PS
    assert pool.free_pages() == 11 and pool.used_pages() == 0
    pool.close()


def test_contiguous_first_fit() -> None:
    pool = PagePool(16 * PS)
    a = pool.try_alloc(3 * PS)
    b = pool.try_alloc(2 * PS + 10)
    c = pool.try_alloc(PS)
    assert a and b and c
    assert pages(a) == [(0, 3)] and pages(b) == [(3, 3)] and pages(c) == [(6, 1)]
    assert b.nbytes == 2 * PS + 10 and b.bvecs[-1].length == 2 * PS + 10
    a.release()
    # first fit: a 2-page request goes into the hole at page 0, not after page 7
    d = pool.try_alloc(2 * PS, contiguous=True)
    assert d and pages(d) == [(0, 2)]
    assert d.contiguous_extent() == (0, 2 * PS)
    # a 4-page request does not fit the 1-page hole, goes to 7
    e = pool.try_alloc(4 * PS, contiguous=True)
    assert e and pages(e) == [(7, 4)]
    for x in (b, c, d, e):
        x.release()
    assert pool.used_pages() == 0 and pool.free_extents() == [(0, 16)]


def test_scattered_fallback_and_contiguous_refusal() -> None:
    pool = PagePool(8 * PS)
    held = [pool.try_alloc(PS) for _ in range(8)]
    assert all(held)
    for i in (1, 3, 4, 6):
        held[i].release()  # type: ignore[union-attr]
    assert pool.free_extents() == [(1, 1), (3, 2), (6, 1)]
    assert pool.try_alloc(3 * PS, contiguous=True) is None
    s = pool.try_alloc(3 * PS + 5)
    assert s is not None and pages(s) == [(1, 1), (3, 2), (6, 1)]
    assert s.nbytes == 3 * PS + 5 and s.contiguous_extent() is None
    assert pool.free_pages() == 0
    assert pool.try_alloc(1) is None
    s.release()
    for i in (0, 2, 5, 7):
        held[i].release()  # type: ignore[union-attr]
    assert pool.free_extents() == [(0, 8)] and pool.used_pages() == 0


def test_coalescing_random_order() -> None:
    rng = random.Random(7)
    pool = PagePool(64 * PS)
    lists = []
    while (bl := pool.try_alloc(rng.randint(1, 3) * PS)) is not None:
        lists.append(bl)
    rng.shuffle(lists)
    for bl in lists:
        bl.release()
        ext = pool.free_extents()
        # extents sorted, disjoint and never adjacent (fully coalesced)
        for (s1, n1), (s2, _) in itertools.pairwise(ext):
            assert s1 + n1 < s2
    assert pool.free_extents() == [(0, 64)]
    assert pool.frees == len(lists) and pool.allocs == len(lists)


def test_release_idempotent_and_slices_never_free() -> None:
    pool = PagePool(4 * PS)
    bl = pool.try_alloc(2 * PS)
    assert bl is not None
    sl = bl.slice(10, PS)
    sl.release()
    assert pool.used_pages() == 2
    bl.release()
    bl.release()
    assert pool.used_pages() == 0 and pool.frees == 1


def test_truncate_frees_tail_pages() -> None:
    pool = PagePool(8 * PS)
    bl = pool.try_alloc(5 * PS)
    assert bl is not None
    bl.truncate(PS + 1)
    assert bl.nbytes == PS + 1 and pool.used_pages() == 2
    bl.truncate(0)
    assert bl.nbytes == 0 and pool.used_pages() == 0
    bl.release()
    assert pool.used_pages() == 0 and pool.free_extents() == [(0, 8)]


def test_counters_and_high_water() -> None:
    pool = PagePool(8 * PS)
    a = pool.try_alloc(3 * PS)
    b = pool.try_alloc(4 * PS)
    assert a and b
    a.release()
    c = pool.try_alloc(PS)
    assert c
    assert pool.high_water == 7 and pool.allocs == 3 and pool.frees == 1
    b.release()
    c.release()
    assert pool.high_water == 7 and pool.used_pages() == 0


def test_zero_and_too_large() -> None:
    pool = PagePool(2 * PS)
    z = pool.try_alloc(0)
    assert z is not None and z.nbytes == 0 and pool.used_pages() == 0
    with pytest.raises(PoolTooSmall):
        pool.try_alloc(2 * PS + 1)


async def test_alloc_too_large_raises_without_waiting() -> None:
    pool = PagePool(2 * PS)
    with pytest.raises(PoolTooSmall):
        await pool.alloc(3 * PS)
    assert pool.waits == 0


async def test_back_pressure_fifo() -> None:
    pool = PagePool(4 * PS)
    hold = await pool.alloc(4 * PS)
    order: list[str] = []

    async def want(name: str, n: int) -> BvecList:
        bl = await pool.alloc(n * PS)
        order.append(name)
        return bl

    big = asyncio.create_task(want("big", 3))
    await asyncio.sleep(0)
    small = asyncio.create_task(want("small", 1))
    await asyncio.sleep(0)
    assert pool.waits == 2 and not big.done() and not small.done()
    # one page back: small would fit, but FIFO keeps it behind big
    hold.truncate(3 * PS)
    await asyncio.sleep(0)
    assert order == []
    hold.release()
    got_big, got_small = await asyncio.gather(big, small)
    assert order == ["big", "small"]
    # a new caller queues behind nothing now, but there is no room: it waits
    late = asyncio.create_task(want("late", 1))
    await asyncio.sleep(0)
    assert not late.done()
    got_small.release()
    assert (await late).nbytes == PS
    got_big.release()
    late.result().release()
    assert pool.used_pages() == 0


async def test_cancelled_waiter_leaks_nothing_and_unblocks_queue() -> None:
    pool = PagePool(2 * PS)
    hold = await pool.alloc(2 * PS)
    first = asyncio.create_task(pool.alloc(2 * PS))
    await asyncio.sleep(0)
    second = asyncio.create_task(pool.alloc(PS))
    await asyncio.sleep(0)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    hold.release()
    got = await asyncio.wait_for(second, 1)
    got.release()
    # served and cancelled before resuming: the pages come back
    hold = await pool.alloc(2 * PS)
    third = asyncio.create_task(pool.alloc(2 * PS))
    await asyncio.sleep(0)
    hold.release()  # third's future now has a result
    third.cancel()
    with pytest.raises(asyncio.CancelledError):
        await third
    assert pool.used_pages() == 0


def test_from_buffer_and_address() -> None:
    raw = bytearray(5 * PS + 100)
    pool = PagePool.from_buffer(memoryview(raw), PS)
    assert pool.memfd is None and pool.npages == 5
    bl = pool.try_alloc(PS + 3)
    assert bl is not None
    bl.fill(b"x" * (PS + 3))
    assert raw[: PS + 3] == b"x" * (PS + 3)
    base = ctypes.addressof((ctypes.c_char * len(raw)).from_buffer(raw))
    assert pool.address() == base
    bl.release()
    with pytest.raises(ValueError):
        PagePool.from_buffer(memoryview(bytes(PS)), PS)


def test_memfd_address_matches_view() -> None:
    pool = PagePool(2 * PS)
    bl = pool.try_alloc(2 * PS)
    assert bl is not None
    bl.fill(b"\x00" * PS + b"\xab" * PS)
    addr = pool.address()
    assert ctypes.string_at(addr + PS, 4) == b"\xab" * 4
    # the memfd shares the pages
    assert os.pread(pool.memfd, 4, PS) == b"\xab" * 4  # type: ignore[arg-type]
    bl.release()


def test_bulk_reserve_leaves_a_quarter_for_small_allocations() -> None:
    pool = PagePool(64 * 4096)
    assert pool.bulk_reserve(4096) == 0  # small calls use the whole pool
    assert pool.bulk_reserve(32 * 1024) == 16 * 4096  # bulk leaves a quarter free
    assert pool.bulk_reserve(60 * 4096) == 4 * 4096  # but a payload that fits still fits
    big = pool.try_alloc(40 * 4096, reserve=pool.bulk_reserve(40 * 4096))
    assert big is not None
    assert pool.try_alloc(16 * 4096, reserve=pool.bulk_reserve(16 * 4096)) is None
    small = pool.try_alloc(8 * 4096)
    assert small is not None
    big.release()
    small.release()
