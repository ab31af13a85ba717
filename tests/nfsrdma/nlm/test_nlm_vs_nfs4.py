"""NLM locks and NFSv4 LOCKs on one file conflict, both ways, on a running server.

What this adds: the two protocols' requests meet in the server's one lock manager under the
same file key (the NFSv4 file handle is the NFSv3 one), each protocol names the other's
holder in its own denial, a v4 LOCKU wakes a blocked NLM waiter (NLM_GRANTED reaches the
client), and an NLM UNLOCK lets a polling v4 WRITEW client in.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S4
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import mount_root
from tests.nfsrdma.nfs4._v4 import lookup, op
from tests.nfsrdma.nfs4.test_delegate import Client, opened
from tests.nfsrdma.nfs4.test_delegate import server as deleg_server
from tests.nfsrdma.nfs4.test_lock import TO_EOF, Locker, denied, status
from tests.nfsrdma.nfs4.test_open_io import B
from tests.nfsrdma.nlm._nlm import FakeHost, Nlm, S, next_event


@pytest.fixture
async def host() -> AsyncIterator[FakeHost]:
    async with FakeHost().serve() as h:
        yield h


@pytest.fixture
async def server(tmp_path: Path, host: FakeHost) -> AsyncIterator[ServerProc]:
    srv = make_server(tmp_path, "--peer-rpcbind-port", str(host.port))
    await asyncio.to_thread(srv.start)
    yield srv
    assert await asyncio.to_thread(srv.stop) == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


async def test_nlm_and_nfs4_locks_conflict_both_ways(server: ServerProc,
                                                     host: FakeHost) -> None:
    assert server.nlm_port is not None
    v4 = Locker(server, mount_root(server.mount_port, server.export))
    nlm = await Nlm.connect(server.nlm_port, b"v3-host")
    try:
        fh, sid = v4.open(b"shared", B, create=True)
        # NLM first: the v4 LOCK and LOCKT are DENIED, naming the NLM holder (clientid 0).
        assert await nlm.lock(fh, 42, 0, 100) == S.NLM4_GRANTED
        d = denied(v4.lock(fh, sid, b"v4-owner", p.WRITE_LT, 50, 10))
        assert d[:4] == (0, 100, p.WRITE_LT, 0) and b"v3-host" in d[4]
        assert denied(v4.test(fh, b"v4-owner", p.READ_LT, 99, 1))[:2] == (0, 100)
        assert status(v4.lock(fh, sid, b"v4-owner", p.WRITE_LT, 100, TO_EOF)) == S4.NFS4_OK
        # The v4 lock excludes NLM: TEST names it (svid 0, the lock-owner as oh).
        t = await nlm.test(fh, 43, 200, 1)
        assert t.tag == S.NLM4_DENIED
        assert (t.holder.svid, t.holder.oh, t.holder.l_offset, t.holder.l_len) == (
            0, b"v4-owner", 100, 0)
        assert await nlm.lock(fh, 43, 150, 10) == S.NLM4_DENIED
        # A blocked NLM request is granted by callback when the v4 client unlocks.
        assert await nlm.lock(fh, 43, 150, 10, block=True) == S.NLM4_BLOCKED
        assert status(v4.unlock(fh, b"v4-owner", 100, TO_EOF)) == S4.NFS4_OK
        _, args = await next_event(host.granted)
        assert (args.alock.svid, args.alock.l_offset, args.alock.l_len) == (43, 150, 10)
        # A polling v4 WRITEW client waits for NLM's unlock, and then gets the bytes.
        assert denied(v4.lock(fh, sid, b"v4-owner", p.WRITEW_LT, 0, 10))[3] == 0
        assert await nlm.unlock(fh, 42, 0, 100) == S.NLM4_GRANTED
        assert status(v4.lock(fh, sid, b"v4-owner", p.WRITEW_LT, 0, 10)) == S4.NFS4_OK
        assert await nlm.lock(fh, 42, 5, 1) == S.NLM4_DENIED
    finally:
        v4.close_conn()
        await nlm.close()


async def test_no_delegation_while_an_nlm_client_holds_a_lock(tmp_path: Path) -> None:
    """A 4.1 client opening a file that an NFSv3 client has locked gets no delegation: its
    holder would take locks without asking (the Linux client does), past the NLM lock.  Once
    the NLM lock is gone the sole opener gets its write delegation again."""
    async with deleg_server(tmp_path) as srv:
        a = await Client.connect(srv, b"v4-a")
        nlm = await Nlm.connect(srv.ports["nfs"], b"v3-host")
        try:
            res = await a.v4.ok([a.ses.seq(), *a.root, lookup(b"f"), op(O.OP_GETFH)])
            fh = bytes(res[-1].value.object)
            assert await nlm.lock(fh, 7, 0, 100) == S.NLM4_GRANTED
            for access, owner in ((p.OPEN4_SHARE_ACCESS_BOTH, b"rw"),
                                  (p.OPEN4_SHARE_ACCESS_READ, b"r")):
                ok, _ = opened(await a.open(access, owner))
                assert ok.delegation.tag == p.OPEN_DELEGATE_NONE, (access, ok.delegation)
            assert await nlm.unlock(fh, 7, 0, 100) == S.NLM4_GRANTED
            ok, _ = opened(await a.open(p.OPEN4_SHARE_ACCESS_BOTH, b"rw2"))
            assert ok.delegation.tag == p.OPEN_DELEGATE_WRITE
        finally:
            await nlm.close()
            await a.close()
