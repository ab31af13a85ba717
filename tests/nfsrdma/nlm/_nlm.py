"""An NLM client and a fake client host for the NLM/NSM tests.

`Nlm` makes NLM v4 (or v1/v3) calls to the server over the one RPC client
(`transport.client.tcp`) with the generated types, and returns the decoded results whatever
their status.  `FakeHost` is what a client machine runs beside its NFS client: an rpcbind
(our portmapper's programs), a lock manager that receives NLM_GRANTED and the ``_RES`` calls,
and a statd that receives SM_NOTIFY, all on one loopback port; the server under test is told
to find clients' rpcbind there (``--peer-rpcbind-port``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator
from typing import Any

from nfsrdma.gen import nlm_prot as g
from nfsrdma.gen import sm_inter as sm
from nfsrdma.portmap import PortmapRegistry, build_programs
from rpc.auth import AuthSys
from rpc.dispatch import Dispatcher, Procedure, Program, Version
from rpc.xdr import Void
from storage.pool import PagePool
from transport.client.tcp import RpcTcpClient
from transport.tcp.server import TcpRpcServer

S = g.nlm4_stats
_cookies = itertools.count(1)


def lock4(caller: bytes, fh: bytes, svid: int, offset: int = 0, length: int = 0,
          oh: bytes | None = None) -> g.nlm4_lock:
    return g.nlm4_lock(caller, fh, oh if oh is not None else b"%d@" % svid + caller, svid,
                       offset, length)


class Nlm:
    """NLM calls from one client host (``caller``) to the server."""

    def __init__(self, conn: RpcTcpClient, caller: bytes, vers: int = 4) -> None:
        self.conn = conn
        self.caller = caller
        self.vers = vers
        self.cred = AuthSys(machinename=caller)

    @classmethod
    async def connect(cls, port: int, caller: bytes, vers: int = 4) -> Nlm:
        return cls(await RpcTcpClient.connect("127.0.0.1", port, timeout=10), caller, vers)

    async def close(self) -> None:
        await self.conn.close()

    def _table(self) -> dict[int, tuple[str, Any, Any]]:
        return {4: g.NLM4_VERS_PROCEDURES, 3: g.NLM_VERSX_PROCEDURES,
                1: g.NLM_VERS_PROCEDURES}[self.vers]

    async def call(self, proc: int, args: Any) -> Any:
        _, arg_codec, res_codec = self._table()[proc]
        body = await self.conn.call_bytes(g.NLM_PROG, self.vers, proc, arg_codec.pack(args),
                                          self.cred)
        return res_codec.unpack(body)

    def lock_of(self, fh: bytes, svid: int, offset: int = 0, length: int = 0) -> Any:
        if self.vers == 4:
            return lock4(self.caller, fh, svid, offset, length)
        return g.nlm_lock(self.caller, fh, b"%d@" % svid + self.caller, svid, offset, length)

    def _lockargs(self, lk: Any, exclusive: bool, block: bool, reclaim: bool,
                  cookie: bytes) -> Any:
        cls = g.nlm4_lockargs if self.vers == 4 else g.nlm_lockargs
        return cls(cookie, block, exclusive, lk, reclaim, 1)

    async def lock(self, fh: bytes, svid: int, offset: int = 0, length: int = 0, *,
                   exclusive: bool = True, block: bool = False, reclaim: bool = False,
                   proc: int = 2) -> int:
        res = await self.call(proc, self._lockargs(self.lock_of(fh, svid, offset, length),
                                                   exclusive, block, reclaim,
                                                   b"c%d" % next(_cookies)))
        return int(res.stat.stat)

    async def test(self, fh: bytes, svid: int, offset: int = 0, length: int = 0, *,
                   exclusive: bool = True) -> Any:
        cls = g.nlm4_testargs if self.vers == 4 else g.nlm_testargs
        res = await self.call(1, cls(b"t", exclusive, self.lock_of(fh, svid, offset, length)))
        return res.stat  # .tag, and .holder when DENIED

    async def cancel(self, fh: bytes, svid: int, offset: int = 0, length: int = 0, *,
                     exclusive: bool = True) -> int:
        cls = g.nlm4_cancargs if self.vers == 4 else g.nlm_cancargs
        res = await self.call(3, cls(b"x", True, exclusive,
                                     self.lock_of(fh, svid, offset, length)))
        return int(res.stat.stat)

    async def unlock(self, fh: bytes, svid: int, offset: int = 0, length: int = 0) -> int:
        cls = g.nlm4_unlockargs if self.vers == 4 else g.nlm_unlockargs
        res = await self.call(4, cls(b"u", self.lock_of(fh, svid, offset, length)))
        return int(res.stat.stat)

    async def share(self, fh: bytes, oh: bytes, access: int, mode: int, *, proc: int = 20,
                    reclaim: bool = False) -> int:
        share = g.nlm4_share(self.caller, fh, oh, mode, access)
        res = await self.call(proc, g.nlm4_shareargs(b"s", share, reclaim))
        return int(res.stat)

    async def free_all(self, name: bytes | None = None, state: int = 0) -> None:
        await self.call(23, g.nlm4_notify(name if name is not None else self.caller, state))


class FakeHost:
    """A client machine's rpcbind + lock manager + statd on one loopback port."""

    def __init__(self) -> None:
        self.registry = PortmapRegistry()
        self.granted: asyncio.Queue[tuple[int, Any]] = asyncio.Queue()  # (vers, testargs)
        self.results: asyncio.Queue[tuple[int, Any]] = asyncio.Queue()  # (proc, result)
        self.notified: asyncio.Queue[sm.stat_chge] = asyncio.Queue()
        self.notify_from: list[str] = []
        #: SM_MON callbacks to our lock manager (Linux lockd's private procedure 16)
        self.sm_callbacks: asyncio.Queue[sm.sm_status] = asyncio.Queue()
        #: what our lock manager answers to NLM_GRANTED
        self.granted_reply = S.NLM4_GRANTED
        self.port = 0

    def _dispatcher(self) -> Dispatcher:
        d = Dispatcher()
        for prog in build_programs(self.registry):
            d.register(prog)

        async def granted(ctx: Any, args: Any) -> Any:
            self.granted.put_nowait((ctx.vers, args))
            if ctx.vers == 4:
                return g.nlm4_res(args.cookie, g.nlm4_stat(self.granted_reply))
            return g.nlm_res(args.cookie, g.nlm_stat(int(self.granted_reply)))

        def result(proc: int) -> Any:
            async def h(ctx: Any, args: Any) -> None:
                self.results.put_nowait((proc, args))
            return h

        async def sm_callback(ctx: Any, args: sm.sm_status) -> None:
            self.sm_callbacks.put_nowait(args)

        versions = []
        for vers, table in ((1, g.NLM_VERS_PROCEDURES), (3, g.NLM_VERSX_PROCEDURES),
                            (4, g.NLM4_VERS_PROCEDURES)):
            procs = {5: Procedure(*table[5], granted, auth_flavors=None)}
            for p in (11, 12, 13, 14, 15):
                procs[p] = Procedure(*table[p], result(p), auth_flavors=None)
            procs[16] = Procedure("SM_NOTIFY_CB", sm.sm_status_xdr, Void, sm_callback,
                                  auth_flavors=None)
            versions.append(Version(vers, procs))
        d.register(Program(g.NLM_PROG, versions))

        async def notify(ctx: Any, args: sm.stat_chge) -> None:
            self.notify_from.append(ctx.client[0])
            self.notified.put_nowait(args)

        d.register(Program(sm.SM_PROG, [Version(sm.SM_VERS, {
            sm.SM_NOTIFY: Procedure(*sm.SM_VERS_PROCEDURES[sm.SM_NOTIFY], notify,
                                    auth_flavors=None)})]))
        return d

    @contextlib.asynccontextmanager
    async def serve(self) -> AsyncIterator[FakeHost]:
        srv = TcpRpcServer(self._dispatcher(), PagePool(1 << 20), "127.0.0.1", 0)
        await srv.start()
        self.port = srv.port
        self.registry.register_local([(g.NLM_PROG, v) for v in (1, 3, 4)] + [(sm.SM_PROG, 1)],
                                     srv.port, netids=("tcp",))
        try:
            yield self
        finally:
            await srv.close(1.0)


async def next_event(q: asyncio.Queue[Any], timeout: float = 20.0) -> Any:
    """The next event of ``q`` (a generous timeout: only a hang fails it)."""
    return await asyncio.wait_for(q.get(), timeout)
