"""Tests for nfsrdma.portmap: universal addresses, the registration table, the PMAP v2 / rpcbind
v3/v4 programs through the real rpc Dispatcher (wire bytes built and parsed independently with
xdrlib3), and the rpcbind client against our own portmapper on a loopback TCP port."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest
import xdrlib3

from nfsrdma import portmap
from nfsrdma.portmap import (
    PortmapRegistry,
    RpcbindRegistrar,
    build_programs,
    decode_uaddr,
    encode_uaddr,
    register_with_rpcbind,
    unregister_from_rpcbind,
)
from rpc.buffer import XdrReader
from rpc.dispatch import Dispatcher

LOCAL = ("127.0.0.1", 700)
REMOTE = ("192.0.2.7", 700)

# -- universal addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "port", "uaddr"),
    [
        ("10.0.0.1", 2049, "10.0.0.1.8.1"),
        ("0.0.0.0", 111, "0.0.0.0.0.111"),
        ("::", 20049, "::.78.81"),
        ("fe80::1", 65535, "fe80::1.255.255"),
        ("::ffff:10.0.0.1", 1, "::ffff:a00:1.0.1"),
    ],
)
def test_uaddr_round_trip(host, port, uaddr):
    assert encode_uaddr(host, port) == uaddr
    h, p = decode_uaddr(uaddr)
    assert p == port and encode_uaddr(h, p) == uaddr


@pytest.mark.parametrize(
    "bad", ["", "10.0.0.1", "10.0.0.1.8", "10.0.0.1.256.1", "x.y.1.2", "::.a.1"]
)
def test_uaddr_rejects(bad):
    with pytest.raises(ValueError):
        decode_uaddr(bad)


def test_encode_uaddr_rejects_bad_port():
    with pytest.raises(ValueError):
        encode_uaddr("10.0.0.1", 65536)


# -- registry ---------------------------------------------------------------------------------


def test_registry_semantics():
    reg = PortmapRegistry()
    assert reg.set(100003, 3, "tcp", "0.0.0.0.8.1", "me")
    assert not reg.set(100003, 3, "tcp", "0.0.0.0.8.2")  # occupied: FALSE, entry kept
    assert reg.set(100003, 3, "tcp6", "::.8.1")
    assert reg.set(100003, 4, "tcp", "0.0.0.0.8.4")
    assert reg.lookup(100003, 3, "tcp") == "0.0.0.0.8.1"
    assert reg.lookup(100003, 2, "tcp") == ""
    assert reg.lookup(100003, 2, "tcp", any_version=True) == "0.0.0.0.8.4"
    assert reg.unset(100003, 3, "tcp6")
    assert reg.lookup(100003, 3, "tcp6") == ""
    assert reg.unset(100003, 3) and not reg.unset(100003, 3)
    assert [(r.prog, r.vers, r.netid) for r in reg.dump()] == [(100003, 4, "tcp")]
    with pytest.raises(ValueError):
        reg.set(1, 1, "tcp", "nonsense")
    with pytest.raises(ValueError):
        reg.set(1, 1, "", "0.0.0.0.0.1")


# -- wire helpers (independent of rpc/: xdrlib3 only) -----------------------------------------

_xid = [0x1000]


def call_bytes(vers: int, proc: int, pack_args=None) -> bytes:
    _xid[0] += 1
    p = xdrlib3.Packer()
    for word in (_xid[0], 0, 2, 100000, vers, proc):
        p.pack_uint(word)
    for _ in range(2):  # AUTH_NONE credential and verifier
        p.pack_uint(0)
        p.pack_opaque(b"")
    if pack_args is not None:
        pack_args(p)
    return p.get_buffer()


def rpcb_args(prog, vers, netid=b"", addr=b"", owner=b""):
    def pack(p):
        p.pack_uint(prog)
        p.pack_uint(vers)
        p.pack_string(netid)
        p.pack_string(addr)
        p.pack_string(owner)

    return pack


def mapping_args(prog, vers, prot, port):
    def pack(p):
        for w in (prog, vers, prot, port):
            p.pack_uint(w)

    return pack


def parse_reply(data: bytes) -> tuple[int, xdrlib3.Unpacker]:
    """-> (accept_stat, unpacker at the results); asserts MSG_ACCEPTED."""
    u = xdrlib3.Unpacker(data)
    assert u.unpack_uint() == _xid[0]
    assert u.unpack_uint() == 1  # REPLY
    assert u.unpack_uint() == 0  # MSG_ACCEPTED
    u.unpack_uint()
    u.unpack_opaque()  # verifier
    return u.unpack_uint(), u


@pytest.fixture
def server():
    reg = PortmapRegistry()
    d = Dispatcher()
    for prog in build_programs(reg):
        d.register(prog)

    async def call(vers, proc, pack_args=None, client=LOCAL):
        reply = await d.handle_call(XdrReader(call_bytes(vers, proc, pack_args)), client, "tcp")
        assert reply is not None
        return parse_reply(reply.tobytes())

    return reg, call


def ok(result):
    stat, u = result
    assert stat == 0, f"accept_stat {stat}"
    return u


async def test_rpcb_set_getaddr_dump(server):
    reg, call = server
    u = ok(await call(4, 1, rpcb_args(100005, 3, b"tcp", b"0.0.0.0.3.122", b"mountd")))
    assert u.unpack_bool() is True
    u.done()
    assert (
        ok(await call(4, 1, rpcb_args(100005, 3, b"tcp", b"0.0.0.0.3.123"))).unpack_bool() is False
    )
    ok(await call(3, 1, rpcb_args(100005, 1, b"tcp6", b"::.3.122", b"x")))
    # v3 GETADDR: exact version; v4 GETADDR: any version; GETVERSADDR: exact.
    u = ok(await call(3, 3, rpcb_args(100005, 3, b"tcp")))
    assert u.unpack_string() == b"0.0.0.0.3.122"
    u.done()
    assert ok(await call(3, 3, rpcb_args(100005, 2, b"tcp"))).unpack_string() == b""
    assert ok(await call(4, 3, rpcb_args(100005, 2, b"tcp"))).unpack_string() == b"0.0.0.0.3.122"
    assert ok(await call(4, 9, rpcb_args(100005, 2, b"tcp"))).unpack_string() == b""
    # empty netid: the netid of the call's transport (IPv4 TCP here, IPv6 below)
    assert ok(await call(4, 3, rpcb_args(100005, 3))).unpack_string() == b"0.0.0.0.3.122"
    u = ok(await call(4, 9, rpcb_args(100005, 1), client=("::1", 5)))
    assert u.unpack_string() == b"::.3.122"
    # DUMP (v4 and v3): rpcblist_ptr
    for vers in (3, 4):
        u = ok(await call(vers, 4))
        seen = []
        while u.unpack_bool():
            seen.append(tuple(f() for f in [u.unpack_uint, u.unpack_uint] + [u.unpack_string] * 3))
        u.done()
        assert seen == [
            (100005, 3, b"tcp", b"0.0.0.0.3.122", b"mountd"),
            (100005, 1, b"tcp6", b"::.3.122", b"x"),
        ]
    # GETADDRLIST (v4 only)
    u = ok(await call(4, 11, rpcb_args(100005, 3)))
    assert u.unpack_bool()
    entry = (
        u.unpack_string(),
        u.unpack_string(),
        u.unpack_uint(),
        u.unpack_string(),
        u.unpack_string(),
    )
    assert entry == (b"0.0.0.0.3.122", b"tcp", 3, b"inet", b"tcp")
    assert not u.unpack_bool()
    u.done()
    # UNSET with an empty netid removes every netid
    ok(await call(4, 1, rpcb_args(100005, 3, b"tcp6", b"::.3.122")))
    assert ok(await call(4, 2, rpcb_args(100005, 3))).unpack_bool() is True
    assert [r.vers for r in reg.dump()] == [1]


async def test_pmap_v2_getport_dump(server):
    reg, call = server
    assert ok(await call(2, 1, mapping_args(100003, 3, 6, 2049))).unpack_bool() is True
    assert ok(await call(2, 1, mapping_args(100003, 3, 99, 2049))).unpack_bool() is False
    reg.set(100003, 3, "tcp6", "::.8.1")  # IPv6 entries are invisible to v2
    reg.set(100021, 4, "udp", "0.0.0.0.3.0")
    u = ok(await call(2, 3, mapping_args(100003, 3, 6, 0)))
    assert u.unpack_uint() == 2049
    u.done()
    assert ok(await call(2, 3, mapping_args(100003, 3, 17, 0))).unpack_uint() == 0
    assert ok(await call(2, 3, mapping_args(100021, 4, 17, 0))).unpack_uint() == 768
    # the v2 SET is visible through rpcbind v3 as a tcp uaddr
    assert ok(await call(3, 3, rpcb_args(100003, 3, b"tcp"))).unpack_string() == b"0.0.0.0.8.1"
    u = ok(await call(2, 4))
    maps = []
    while u.unpack_bool():
        maps.append(tuple(u.unpack_uint() for _ in range(4)))
    u.done()
    assert maps == [(100003, 3, 6, 2049), (100021, 4, 17, 768)]
    assert ok(await call(2, 2, mapping_args(100003, 3, 0, 0))).unpack_bool() is True
    assert ok(await call(2, 3, mapping_args(100003, 3, 6, 0))).unpack_uint() == 0


async def test_remote_callers_cannot_set_or_unset(server):
    reg, call = server
    reg.set(100003, 3, "tcp", "0.0.0.0.8.1")
    args = rpcb_args(100003, 4, b"tcp", b"0.0.0.0.8.1")
    assert ok(await call(4, 1, args, client=REMOTE)).unpack_bool() is False
    assert ok(await call(4, 2, rpcb_args(100003, 3), client=REMOTE)).unpack_bool() is False
    assert ok(await call(2, 1, mapping_args(1, 1, 6, 1), client=REMOTE)).unpack_bool() is False
    assert ok(await call(4, 1, args, client=("::ffff:127.0.0.1", 9))).unpack_bool() is True
    # lookups stay open to everyone
    assert ok(await call(4, 3, rpcb_args(100003, 3, b"tcp"), client=REMOTE)).unpack_string() == (
        b"0.0.0.0.8.1"
    )


async def test_null_gettime_unavailable_and_mismatch(server):
    _, call = server
    for vers in (2, 3, 4):
        ok(await call(vers, 0)).done()
    t = ok(await call(4, 6)).unpack_uint()
    assert abs(t - int(time.time())) < 5
    assert (await call(2, 5))[0] == 3  # CALLIT: PROC_UNAVAIL
    assert (await call(4, 5))[0] == 3  # BCAST
    assert (await call(3, 7))[0] == 3  # UADDR2TADDR
    assert (await call(4, 9))[0] == 4  # GETVERSADDR exists: no body is GARBAGE_ARGS
    stat, u = await call(5, 0)
    assert stat == 2 and (u.unpack_uint(), u.unpack_uint()) == (2, 4)  # PROG_MISMATCH 2..4
    assert (await call(4, 1, lambda p: p.pack_uint(1)))[0] == 4  # short args: GARBAGE_ARGS


# -- the client against our own portmapper on loopback ----------------------------------------


@contextlib.asynccontextmanager
async def portmapper_on_loopback(reg: PortmapRegistry):
    """Our portmapper behind the real Dispatcher and TCP transport, on 127.0.0.1:<ephemeral>."""
    from storage.pool import PagePool
    from transport.tcp.server import TcpRpcServer

    d = Dispatcher()
    for prog in build_programs(reg):
        d.register(prog)
    # Not closed explicitly: the transport may still hold views of it at close time.
    pool = PagePool(1 << 20)
    srv = TcpRpcServer(d, pool, "127.0.0.1", 0)
    await srv.start()
    try:
        yield srv.port
    finally:
        await srv.close(1.0)


@pytest.fixture
async def tcp_portmapper():
    reg = PortmapRegistry()
    async with portmapper_on_loopback(reg) as port:
        yield reg, port


async def test_client_registers_and_unregisters(tcp_portmapper):
    reg, port = tcp_portmapper
    reg.set(100005, 3, "tcp", "0.0.0.0.0.1", "stale")  # a previous run's leftover
    progs = [(100005, 1), (100005, 3), (100003, 3)]
    assert await register_with_rpcbind(2049, progs, rpcbind_port=port, unix_paths=())
    got = sorted((r.prog, r.vers, r.netid, r.uaddr, r.owner) for r in reg.dump())
    assert got == sorted(
        [(p, v, "tcp", "0.0.0.0.8.1", "nfsrdma") for p, v in progs]
        + [(p, v, "tcp6", "::.8.1", "nfsrdma") for p, v in progs]
    )
    assert await unregister_from_rpcbind(progs[:2], rpcbind_port=port, unix_paths=())
    assert sorted((r.prog, r.netid) for r in reg.dump()) == [(100003, "tcp"), (100003, "tcp6")]


async def test_registrar_falls_back_to_pmap_v2(monkeypatch):
    reg = PortmapRegistry()
    # Make our portmapper speak only PMAP v2: rpcbind v3/v4 calls then get PROG_MISMATCH.
    only_v2 = {2: portmap.PROCEDURES[2]}
    monkeypatch.setattr(portmap, "PROCEDURES", only_v2)
    async with portmapper_on_loopback(reg) as v2_port:
        r = RpcbindRegistrar(port=v2_port, unix_paths=())
        assert await r.register_server(nfs_port=2049, mount_port=20048)
        got = sorted((x.prog, x.vers, x.netid, decode_uaddr(x.uaddr)[1]) for x in reg.dump())
        assert got == [
            (100003, 3, "tcp", 2049),
            (100005, 1, "tcp", 20048),
            (100005, 3, "tcp", 20048),
        ]
        assert await r.unregister_all()
        assert reg.dump() == []


async def test_no_rpcbind_is_not_an_error(caplog):
    # a port nobody listens on: bind one, close it, use its number
    s = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = s.sockets[0].getsockname()[1]
    s.close()
    await s.wait_closed()
    caplog.set_level("INFO", logger="nfsrdma.portmap")
    assert await register_with_rpcbind(2049, rpcbind_port=port, unix_paths=()) is False
    assert "no rpcbind" in caplog.text
    r = RpcbindRegistrar(port=port, unix_paths=("/nonexistent/rpcbind.sock",))
    assert await r.register_server(2049, 20048) is False
    assert await r.unregister_all() is True  # nothing was registered


async def test_client_reports_refusal(tcp_portmapper):
    reg, port = tcp_portmapper
    # rpcbind answering SET with FALSE (e.g. a stock rpcbind without -L over TCP)
    orig = reg.set
    reg.set = lambda *a, **k: False  # type: ignore[method-assign]
    try:
        assert (
            await register_with_rpcbind(2049, [(100003, 3)], rpcbind_port=port, unix_paths=())
            is False
        )
    finally:
        reg.set = orig  # type: ignore[method-assign]
