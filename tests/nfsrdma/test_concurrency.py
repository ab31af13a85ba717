"""Many connections at once, and clients that hold memory without finishing their records.

What this adds beyond tests/transport/tcp (flow control against stub peers): hundreds of real
connections doing small I/O through the whole server at once, and the page-pool bound seen
from outside: clients that announce 1 MiB records and then stall must not starve a
well-behaved client of the pool (back-pressure on them, service for everyone else).
"""

from __future__ import annotations

import asyncio
import os
import socket
from pathlib import Path

from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.client import Nfs3Client, mount
from rpc.auth import AuthSys
from rpc.buffer import BytesPayload
from tests.helpers import make_server
from tests.nfsrdma._nfs import (
    NFS_PROG,
    NFS_VERS,
    PROC,
    Nfs,
    RawConn,
    call_bytes,
    encode,
    fh,
    mark,
    mount_root,
    next_xid,
)
from transport.client.tcp import RpcTcpClient

CRED = AuthSys(0, 0)


async def test_300_connections_small_io(tmp_path: Path) -> None:
    srv = make_server(tmp_path)
    srv.start()
    try:
        boot = await RpcTcpClient.connect("127.0.0.1", srv.mount_port)
        root = await mount(boot, srv.export_path.encode(), CRED)
        await boot.close()
        errors: list[BaseException] = []
        connected = 0
        all_connected = asyncio.Event()

        async def client(i: int) -> None:
            nonlocal connected
            rpc = await RpcTcpClient.connect("127.0.0.1", srv.nfs_port, timeout=120)
            connected += 1
            if connected == 300:
                all_connected.set()
            await all_connected.wait()  # 300 connections open at the same time
            try:
                nfs = Nfs3Client(rpc, CRED)
                name = f"c{i:03d}".encode()
                data = os.urandom(4096)
                fh = await nfs.create(root, name)
                res = await nfs.write(fh, 0, data, stable=2)
                assert res.count == 4096
                got, eof = await nfs.read(fh, 0, 8192)
                assert got == data and eof
                assert (srv.export / name.decode()).read_bytes() == data
                await nfs.call("REMOVE", nfs_remove_args(root, name))
            except BaseException as e:
                errors.append(e)
                raise
            finally:
                await rpc.close()

        await asyncio.wait_for(asyncio.gather(*(client(i) for i in range(300))), 240)
        assert errors == []
        assert list(srv.export.iterdir()) == []
    finally:
        assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]


def nfs_remove_args(d: bytes, name: bytes) -> object:
    return xdr.REMOVE3args.cls(xdr.diropargs3.cls(xdr.nfs_fh3.cls(d), name))


def test_stalled_big_records_do_not_starve_other_clients(tmp_path: Path) -> None:
    # A 4 MiB pool and 50 clients that each announce a 1 MiB record, send a few bytes and
    # stall: together they ask for 12 times the pool.
    srv = make_server(tmp_path)
    srv.args[srv.args.index("--pool-mib") + 1] = "4"
    srv.start()
    stalled: list[socket.socket] = []
    try:
        root = mount_root(srv.mount_port, srv.export_path)
        with RawConn(srv.nfs_port) as c:  # connected before the attack
            nfs = Nfs(c)
            f = nfs.create_fh(root, b"f")
            assert nfs.write(f, 0, b"x" * 8192)[0] == 0
            for _ in range(50):
                s = socket.create_connection(("127.0.0.1", srv.nfs_port))
                s.sendall(mark(1 << 20) + b"\0" * 100)
                stalled.append(s)
            # The existing connection and a new one are both served, for small calls and
            # for calls that need pool pages (READ replies, WRITE records).
            for i, conn in enumerate((c, RawConn(srv.nfs_port), RawConn(srv.mount_port))):
                n = Nfs(conn)
                assert n.getattr(root)[0] == 0
                assert n.lookup_fh(root, b"f") == f
                assert n.read_data(f, 0, 8192) == (srv.export / "f").read_bytes()
                data = bytes([65 + i]) * 4096
                assert n.write(f, 0, data)[0] == 0
                assert n.read_data(f, 0, 8192) == data + b"x" * 4096
            # Trickling more bytes into the stalled records changes nothing.
            for s in stalled:
                s.sendall(b"\0" * 1000)
            assert nfs.getattr(root)[0] == 0
            # A large WRITE meanwhile is back-pressured, not failed: it completes once the
            # stalled peers go away.
            big = os.urandom(256 * 1024)
            args = encode(xdr.WRITE3args, xdr.WRITE3args.cls(fh(f), 0, len(big), 2,
                                                             BytesPayload(big)))
            c.send_record(call_bytes(next_xid(), NFS_PROG, NFS_VERS, PROC["WRITE"], args))
            for s in stalled:
                s.close()
            stalled.clear()
            rep = c.recv_reply()
            assert rep.accept_stat == 0 and rep.body[:4] == b"\0\0\0\0"  # NFS3_OK
            assert nfs.read_data(f, 0, len(big)) == big
        assert srv.alive()
    finally:
        for s in stalled:
            s.close()
        rc = srv.stop()
    assert rc == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]
