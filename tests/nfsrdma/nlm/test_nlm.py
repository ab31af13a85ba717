"""NLM v4 (and v1/v3) against a running server, with a fake client host receiving the
callbacks.

What this adds beyond the lock manager's unit tests: the wire (every procedure decoded and
answered with its status), the file key from a real NFSv3 handle, NLM_GRANTED reaching the
client's lock manager through its rpcbind, the _MSG/_RES round trips, SHARE/UNSHARE, FREE_ALL,
and each bad input answered with its NLM status while the server keeps serving.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nfsrdma.gen import nlm_prot as g
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import Nfs, RawConn, mount_root
from tests.nfsrdma.nlm._nlm import FakeHost, Nlm, S, lock4, next_event

A, B = b"host-a", b"host-b"


@pytest.fixture
async def host() -> AsyncIterator[FakeHost]:
    async with FakeHost().serve() as h:
        yield h


@pytest.fixture
async def server(tmp_path: Path, host: FakeHost) -> AsyncIterator[ServerProc]:
    srv = make_server(tmp_path, "--peer-rpcbind-port", str(host.port), nfs4=False)
    await asyncio.to_thread(srv.start)
    yield srv
    assert await asyncio.to_thread(srv.stop) == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


def new_file(srv: ServerProc, name: bytes) -> bytes:
    root = mount_root(srv.mount_port, srv.export_path)
    with RawConn(srv.nfs_port) as c:
        return Nfs(c).create_fh(root, name)


@pytest.fixture
async def clients(server: ServerProc) -> AsyncIterator[tuple[Nlm, Nlm]]:
    assert server.nlm_port is not None
    a, b = await Nlm.connect(server.nlm_port, A), await Nlm.connect(server.nlm_port, B)
    yield a, b
    await a.close()
    await b.close()


async def test_two_hosts_conflict_and_split(server: ServerProc, clients: tuple[Nlm, Nlm]) -> None:
    a, b = clients
    fh = new_file(server, b"f")
    assert await a.lock(fh, 1, 0, 100) == S.NLM4_GRANTED
    t = await b.test(fh, 7, 50, 10)
    assert t.tag == S.NLM4_DENIED
    assert (t.holder.svid, t.holder.oh, t.holder.l_offset, t.holder.l_len,
            t.holder.exclusive) == (1, b"1@host-a", 0, 100, True)
    assert await b.lock(fh, 7, 99, 1) == S.NLM4_DENIED
    assert await b.lock(fh, 7, 100, 100) == S.NLM4_GRANTED  # touching, not overlapping
    # A unlocks the middle: its lock splits, B takes the hole.
    assert await a.unlock(fh, 1, 40, 20) == S.NLM4_GRANTED
    assert await b.lock(fh, 7, 40, 20) == S.NLM4_GRANTED
    assert (await b.test(fh, 7, 0, 40)).tag == S.NLM4_DENIED
    assert (await b.test(fh, 7, 60, 40)).tag == S.NLM4_DENIED
    # Shared locks of two hosts coexist; an exclusive TEST against them is denied.
    g2 = new_file(server, b"g")
    assert await a.lock(g2, 1, exclusive=False) == S.NLM4_GRANTED
    assert await b.lock(g2, 7, exclusive=False) == S.NLM4_GRANTED
    assert (await a.test(g2, 2)).tag == S.NLM4_DENIED
    # Same host, another process (svid): a different owner.
    assert await a.lock(fh, 2, 0, 10) == S.NLM4_DENIED


async def test_blocked_lock_granted_by_callback(server: ServerProc, host: FakeHost,
                                                clients: tuple[Nlm, Nlm]) -> None:
    a, b = clients
    fh = new_file(server, b"f")
    assert await a.lock(fh, 1) == S.NLM4_GRANTED
    assert await b.lock(fh, 9, 0, 4096, block=True) == S.NLM4_BLOCKED
    assert await b.lock(fh, 9, 0, 4096, block=True) == S.NLM4_BLOCKED  # a retransmission
    assert await a.unlock(fh, 1) == S.NLM4_GRANTED
    vers, args = await next_event(host.granted)
    assert vers == 4 and args.alock.caller_name == B and args.alock.svid == 9
    assert (args.alock.l_offset, args.alock.l_len, args.exclusive) == (0, 4096, True)
    assert bytes(args.alock.fh) == fh
    # B holds it now: A is refused; B's unlock lets A in.
    assert await a.lock(fh, 1, 100, 1) == S.NLM4_DENIED
    assert await b.unlock(fh, 9, 0, 4096) == S.NLM4_GRANTED
    assert await a.lock(fh, 1, 100, 1) == S.NLM4_GRANTED


async def test_granted_refused_by_client_is_released(server: ServerProc, host: FakeHost,
                                                     clients: tuple[Nlm, Nlm]) -> None:
    a, b = clients
    fh = new_file(server, b"f")
    host.granted_reply = S.NLM4_DENIED  # the process gave up before the grant came
    assert await a.lock(fh, 1) == S.NLM4_GRANTED
    assert await b.lock(fh, 9, block=True) == S.NLM4_BLOCKED
    assert await a.unlock(fh, 1) == S.NLM4_GRANTED
    await next_event(host.granted)
    for _ in range(200):  # the server unlocks right after the callback's reply
        if await a.lock(fh, 1) == S.NLM4_GRANTED:
            break
        await asyncio.sleep(0.02)
    else:
        pytest.fail("a grant the client refused was never released")


async def test_cancel(server: ServerProc, host: FakeHost, clients: tuple[Nlm, Nlm]) -> None:
    a, b = clients
    fh = new_file(server, b"f")
    assert await a.lock(fh, 1) == S.NLM4_GRANTED
    assert await b.lock(fh, 9, block=True) == S.NLM4_BLOCKED
    assert await b.cancel(fh, 9) == S.NLM4_GRANTED
    assert await a.unlock(fh, 1) == S.NLM4_GRANTED
    assert await a.lock(fh, 2) == S.NLM4_GRANTED  # the cancelled waiter got nothing
    # CANCEL of nothing, UNLOCK by an owner that holds nothing: GRANTED (lockd's answer).
    assert await b.cancel(fh, 12345, 7, 7) == S.NLM4_GRANTED
    assert await b.unlock(fh, 12345) == S.NLM4_GRANTED
    assert host.granted.empty()


async def test_async_msg_variants(server: ServerProc, host: FakeHost,
                                  clients: tuple[Nlm, Nlm]) -> None:
    a, b = clients
    fh = new_file(server, b"f")
    lk = lock4(A, fh, 1)
    await a.call(g.NLMPROC4_LOCK_MSG, g.nlm4_lockargs(b"m1", False, True, lk, False, 1))
    proc, res = await next_event(host.results)
    assert (proc, res.cookie, res.stat.stat) == (g.NLMPROC4_LOCK_RES, b"m1", S.NLM4_GRANTED)
    await b.call(g.NLMPROC4_TEST_MSG, g.nlm4_testargs(b"m2", True, lock4(B, fh, 2)))
    proc, res = await next_event(host.results)
    assert (proc, res.cookie, res.stat.tag) == (g.NLMPROC4_TEST_RES, b"m2", S.NLM4_DENIED)
    assert res.stat.holder.svid == 1
    await a.call(g.NLMPROC4_UNLOCK_MSG, g.nlm4_unlockargs(b"m3", lk))
    proc, res = await next_event(host.results)
    assert (proc, res.cookie, res.stat.stat) == (g.NLMPROC4_UNLOCK_RES, b"m3", S.NLM4_GRANTED)
    await a.call(g.NLMPROC4_CANCEL_MSG, g.nlm4_cancargs(b"m4", True, True, lk))
    proc, res = await next_event(host.results)
    assert (proc, res.cookie) == (g.NLMPROC4_CANCEL_RES, b"m4")
    # _RES calls to the server (answers to calls it never made) are taken and ignored.
    await a.call(g.NLMPROC4_LOCK_RES, g.nlm4_res(b"?", g.nlm4_stat(S.NLM4_GRANTED)))
    await a.call(g.NLMPROC4_GRANTED_RES, g.nlm4_res(b"?", g.nlm4_stat(S.NLM4_GRANTED)))
    # GRANTED to the server: it waits for no lock.
    res = await a.call(g.NLMPROC4_GRANTED, g.nlm4_testargs(b"gr", True, lk))
    assert res.stat.stat == S.NLM4_DENIED


async def test_share_unshare(server: ServerProc, clients: tuple[Nlm, Nlm]) -> None:
    a, b = clients
    fh = new_file(server, b"f")
    assert await a.share(fh, b"oa", g.fsa_RW, g.fsm_DW) == S.NLM4_GRANTED
    assert await b.share(fh, b"ob", g.fsa_W, g.fsm_DN) == S.NLM4_DENIED  # A denies writes
    assert await b.share(fh, b"ob", g.fsa_R, g.fsm_DR) == S.NLM4_DENIED  # A reads
    assert await b.share(fh, b"ob", g.fsa_R, g.fsm_DN) == S.NLM4_GRANTED
    assert await a.share(fh, b"oa", g.fsa_R, g.fsm_DN) == S.NLM4_GRANTED  # A's own: replaced
    assert await a.share(fh, b"oa", 0, 0, proc=g.NLMPROC4_UNSHARE) == S.NLM4_GRANTED
    assert await a.share(fh, b"oa", 0, 0, proc=g.NLMPROC4_UNSHARE) == S.NLM4_GRANTED  # again
    assert await a.share(fh, b"oc", g.fsa_W, g.fsm_DN) == S.NLM4_GRANTED
    await b.free_all()  # B's shares go
    assert await a.share(fh, b"od", g.fsa_RW, g.fsm_DRW) == S.NLM4_DENIED  # A's "oc" writes
    assert await a.share(fh, b"oc", 0, 0, proc=g.NLMPROC4_UNSHARE) == S.NLM4_GRANTED
    assert await a.share(fh, b"od", g.fsa_RW, g.fsm_DRW) == S.NLM4_GRANTED


async def test_free_all_and_nm_lock(server: ServerProc, host: FakeHost,
                                    clients: tuple[Nlm, Nlm]) -> None:
    a, b = clients
    fh = new_file(server, b"f")
    assert await a.lock(fh, 1, 0, 10, proc=g.NLMPROC4_NM_LOCK) == S.NLM4_GRANTED
    assert await a.lock(fh, 2, 10, 10) == S.NLM4_GRANTED
    assert await b.lock(fh, 3, 0, 20, block=True) == S.NLM4_BLOCKED
    await a.free_all()  # from loopback: trusted
    _, args = await next_event(host.granted)
    assert args.alock.caller_name == B
    assert (await a.test(fh, 1, 0, 20)).tag == S.NLM4_DENIED


async def test_bad_input(server: ServerProc, clients: tuple[Nlm, Nlm]) -> None:
    a, b = clients
    fh = new_file(server, b"f")
    top = 1 << 63
    # Offsets past the largest off_t: FBIG (lockd since 5.18), never a crash or a clamp.
    assert await a.lock(fh, 1, top, 1) == S.NLM4_FBIG
    assert await a.lock(fh, 1, top - 10, 11) == S.NLM4_FBIG
    assert await a.lock(fh, 1, (1 << 64) - 1, 0) == S.NLM4_FBIG
    assert (await a.test(fh, 1, top + 5, 1)).tag == S.NLM4_FBIG
    assert await a.unlock(fh, 1, top, 1) == S.NLM4_FBIG
    # The last byte is fine; zero length runs to the end of the file.
    assert await a.lock(fh, 1, top - 10, 10) == S.NLM4_GRANTED
    assert await a.lock(fh, 1, 1000, 0) == S.NLM4_GRANTED
    t = await b.test(fh, 2, 1 << 40, 1)
    assert t.tag == S.NLM4_DENIED and (t.holder.l_offset, t.holder.l_len) == (1000, 0)
    # Handles that are not ours, or name a removed file: STALE_FH.
    assert await a.lock(b"\0" * 32, 1) == S.NLM4_STALE_FH
    assert await a.lock(b"", 1) == S.NLM4_STALE_FH
    assert (await a.test(fh[:-1] + bytes([fh[-1] ^ 1]), 1)).tag == S.NLM4_STALE_FH
    gone = new_file(server, b"gone")
    (server.export / "gone").unlink()
    assert await a.lock(gone, 1) == S.NLM4_STALE_FH
    # A deadlock between two hosts' processes: the second blocking request is DEADLCK.
    d = new_file(server, b"d")
    assert await a.lock(d, 1, 0, 1) == S.NLM4_GRANTED
    assert await b.lock(d, 2, 1, 1) == S.NLM4_GRANTED
    assert await a.lock(d, 1, 1, 1, block=True) == S.NLM4_BLOCKED
    assert await b.lock(d, 2, 0, 1, block=True) == S.NLM4_DEADLCK
    # A caller_name past LM_MAXSTRLEN does not decode: GARBAGE_ARGS, connection kept.
    from rpc.errors import RpcAcceptError

    def opaque(b: bytes) -> bytes:
        return struct.pack(">I", len(b)) + b + b"\0" * (-len(b) % 4)

    raw = (opaque(b"") + struct.pack(">I", 1) + opaque(b"x" * 1025) + opaque(fh) + opaque(b"o")
           + struct.pack(">iQQ", 1, 0, 0))
    with pytest.raises(RpcAcceptError) as e:
        await a.conn.call_bytes(g.NLM_PROG, 4, g.NLMPROC4_TEST, raw, a.cred)
    assert e.value.accept_stat == 4  # GARBAGE_ARGS
    assert await a.lock(fh, 1, 0, 1) == S.NLM4_GRANTED


async def test_flood_of_blocking_requests_is_bounded(server: ServerProc,
                                                     clients: tuple[Nlm, Nlm]) -> None:
    a, b = clients
    fh = new_file(server, b"f")
    assert await a.lock(fh, 1) == S.NLM4_GRANTED
    stats = await asyncio.gather(*(b.lock(fh, 100 + i, block=True) for i in range(300)))
    assert stats.count(S.NLM4_BLOCKED) == 256  # the manager's per-file waiter cap
    assert stats.count(S.NLM4_DENIED_NOLOCKS) == 44
    await b.free_all()
    assert await b.lock(fh, 5, block=True) == S.NLM4_BLOCKED  # room again


async def test_v1_and_v3_share_the_locks(server: ServerProc, host: FakeHost,
                                         clients: tuple[Nlm, Nlm]) -> None:
    a, _ = clients
    assert server.nlm_port is not None
    b1 = await Nlm.connect(server.nlm_port, B, vers=1)
    b3 = await Nlm.connect(server.nlm_port, B, vers=3)
    try:
        fh = new_file(server, b"f")
        assert await a.lock(fh, 1, 1 << 40, 0) == S.NLM4_GRANTED  # beyond 32 bits, to EOF
        t = await b1.test(fh, 2, 0xFFFF0000, 0)
        assert t.tag == g.LCK_DENIED
        assert (t.holder.l_offset, t.holder.l_len) == (0x7FFFFFFF, 0)  # clamped (lockd)
        assert await b3.lock(fh, 2, 0, 100) == g.LCK_GRANTED
        assert await b3.lock(fh, 3, 50, 10, block=True) == g.LCK_BLOCKED
        assert await b3.unlock(fh, 2, 0, 100) == g.LCK_GRANTED
        vers, args = await next_event(host.granted)
        assert vers == 3 and args.alock.svid == 3
        # v1/v3 have no FBIG or STALE_FH: lockd's cast makes them DENIED_NOLOCKS.
        assert await b1.lock(b"\0" * 32, 1) == g.LCK_DENIED_NOLOCKS
        res = await b3.call(g.NLM3_SHARE, g.nlm_shareargs(b"s", g.nlm_share(
            B, fh, b"o", g.fsm_DN, g.fsa_R), False))
        assert res.stat == g.LCK_GRANTED
    finally:
        await b1.close()
        await b3.close()


async def test_every_procedure_of_every_version_answers(server: ServerProc,
                                                        clients: tuple[Nlm, Nlm]) -> None:
    """NULL, and the procedures a server only takes (GRANTED_MSG and the _RES answers):
    each is answered (void), none breaks the connection or the server."""
    a, _ = clients
    assert server.nlm_port is not None
    fh = new_file(server, b"f")
    for vers in (1, 3, 4):
        c = await Nlm.connect(server.nlm_port, A, vers=vers)
        try:
            table = c._table()
            assert await c.conn.call_bytes(g.NLM_PROG, vers, 0, b"") == b""
            lk = c.lock_of(fh, 1)
            tests = (g.nlm4_testargs if vers == 4 else g.nlm_testargs)(b"c", True, lk)
            res = (g.nlm4_res if vers == 4 else g.nlm_res)(
                b"c", (g.nlm4_stat if vers == 4 else g.nlm_stat)(0))
            testres = (g.nlm4_testres if vers == 4 else g.nlm_testres)(
                b"c", (g.nlm4_testrply if vers == 4 else g.nlm_testrply)(0, None))
            for proc, args in ((10, tests), (11, testres), (12, res), (13, res), (14, res),
                               (15, res)):
                assert await c.call(proc, args) is None, (vers, table[proc][0])
            assert set(table) == ({*range(16)} | ({20, 21, 22, 23} if vers > 1 else set()))
        finally:
            await c.close()
    assert await a.lock(fh, 1) == S.NLM4_GRANTED  # still serving
