"""FlowControlProtocol against a stub transport: pause, resume, drain, connection_lost."""

from __future__ import annotations

import asyncio

import pytest

from transport.tcp._base_protocol import FlowControlProtocol


class StubTransport:
    def get_extra_info(self, name, default=None):
        return default


def make() -> FlowControlProtocol:
    p = FlowControlProtocol()
    p.connection_made(StubTransport())  # type: ignore[arg-type]
    return p


async def test_drain_not_paused_returns_at_once():
    p = make()
    await asyncio.wait_for(p.drain(), 0.1)


async def test_drain_waits_for_resume_and_all_waiters_share_it():
    p = make()
    p.pause_writing()
    assert p.writing_paused
    waiters = [asyncio.ensure_future(p.drain()) for _ in range(3)]
    await asyncio.sleep(0.01)
    assert not any(w.done() for w in waiters)
    p.resume_writing()
    await asyncio.wait_for(asyncio.gather(*waiters), 1)
    assert not p.writing_paused


async def test_cancelling_one_waiter_leaves_others_waiting():
    p = make()
    p.pause_writing()
    a, b = asyncio.ensure_future(p.drain()), asyncio.ensure_future(p.drain())
    await asyncio.sleep(0)
    a.cancel()
    await asyncio.sleep(0)
    assert not b.done()
    p.resume_writing()
    await asyncio.wait_for(b, 1)


async def test_connection_lost_wakes_writer_with_error():
    p = make()
    p.pause_writing()
    w = asyncio.ensure_future(p.drain())
    await asyncio.sleep(0)
    p.connection_lost(OSError("boom"))
    with pytest.raises(ConnectionResetError):
        await asyncio.wait_for(w, 1)
    with pytest.raises(ConnectionResetError):
        await p.drain()
