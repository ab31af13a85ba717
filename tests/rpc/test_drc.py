"""ReplyCache: keys, state transitions, bounds, owned copies."""

from __future__ import annotations

import asyncio

import pytest

from rpc.buffer import BytesPayload, RpcBuffer, XdrReader
from rpc.drc import CSUM_LEN, DrcState, ReplyCache
from rpc.errors import RpcInternalError


def key(cache: ReplyCache, xid: int = 1, host: str = "h", args: bytes = b"args"):  # type: ignore[no-untyped-def]
    return cache.build_key(xid, host, 100003, 3, 8, XdrReader(args))


def test_key_ignores_bytes_beyond_csum_len_but_not_length() -> None:
    c = ReplyCache()
    base = b"a" * CSUM_LEN
    assert key(c, args=base + b"x") == key(c, args=base + b"y")
    assert key(c, args=base + b"x") != key(c, args=base + b"xx")
    assert key(c, args=b"b" + base[1:]) != key(c, args=base)


def test_key_starts_at_reader_pos() -> None:
    r = XdrReader(b"HEADERargs")
    r.pos = 6
    assert ReplyCache.build_key(1, "h", 1, 1, 1, r) == key(ReplyCache(), args=b"args")._replace(
        prog=1, vers=1, proc=1
    )


async def test_miss_complete_hit_owns_copy() -> None:
    c = ReplyCache()
    k = key(c)
    assert c.lookup(k) is None and c.state(k) is DrcState.IN_PROGRESS
    head = bytearray(b"HEAD")
    c.complete(k, RpcBuffer(head, BytesPayload(b"pay"), 1, b"TAIL"))
    head[:] = b"XXXX"  # the cache must not share the sender's buffer
    hit = c.lookup(k)
    assert isinstance(hit, RpcBuffer) and hit.tobytes() == b"HEADpay\0TAIL"
    assert c.hits == 1 and c.misses == 1


async def test_abandon_wakes_waiters_with_none() -> None:
    c = ReplyCache()
    k = key(c)
    assert c.lookup(k) is None
    fut = c.lookup(k)
    assert isinstance(fut, asyncio.Future)
    waiter = asyncio.create_task(c.wait(fut, k))
    await asyncio.sleep(0)
    c.abandon(k)
    assert await waiter is None and c.state(k) is DrcState.ABSENT


async def test_waiter_gets_reply() -> None:
    c = ReplyCache()
    k = key(c)
    c.lookup(k)
    fut = c.lookup(k)
    assert isinstance(fut, asyncio.Future)
    waiter = asyncio.create_task(c.wait(fut, k))
    await asyncio.sleep(0)
    assert not waiter.done()
    c.complete(k, RpcBuffer(b"R"))
    got = await waiter
    assert got is not None and got.tobytes() == b"R"


def test_illegal_transitions() -> None:
    c = ReplyCache()
    k = key(c)
    with pytest.raises(RpcInternalError):
        c.complete(k, RpcBuffer(b"x"))
    c.lookup(k)
    c.complete(k, RpcBuffer(b"x"))
    with pytest.raises(RpcInternalError):
        c.complete(k, RpcBuffer(b"x"))
    with pytest.raises(RpcInternalError):
        c.abandon(k)


def test_lru_entry_bound_keeps_in_progress() -> None:
    c = ReplyCache(max_entries=3)
    ks = [key(c, xid=i) for i in range(5)]
    c.lookup(ks[0])  # stays in progress: never evicted
    for k in ks[1:]:
        c.lookup(k)
        c.complete(k, RpcBuffer(b"r"))
    assert len(c) == 3 and c.state(ks[0]) is DrcState.IN_PROGRESS
    assert c.state(ks[1]) is DrcState.ABSENT and c.state(ks[2]) is DrcState.ABSENT
    assert c.state(ks[4]) is DrcState.DONE and c.evictions == 2


def test_hit_refreshes_lru() -> None:
    c = ReplyCache(max_entries=2)
    a, b, d = (key(c, xid=i) for i in range(3))
    for k in (a, b):
        c.lookup(k)
        c.complete(k, RpcBuffer(b"r"))
    c.lookup(a)  # hit: a becomes most recent
    c.lookup(d)
    assert c.state(b) is DrcState.ABSENT and c.state(a) is DrcState.DONE


def test_byte_bound() -> None:
    c = ReplyCache(max_bytes=3000)
    for i in range(10):
        k = key(c, xid=i)
        c.lookup(k)
        c.complete(k, RpcBuffer(b"x" * 1000))
    assert c.nbytes <= 3000 and len(c) == 2
