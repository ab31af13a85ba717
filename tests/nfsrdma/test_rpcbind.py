"""Port 111: our own portmapper (--portmapper), a real Debian rpcbind, and 111 held by others.

What this adds beyond tests/nfsrdma/test_portmap.py (programs and client in-process): the
server process answering PMAP GETPORT on the real port 111 for pyNfsClient and for libnfs's
nfs-ls (which then finds MOUNT and NFS with no ports in its URL), registration with the
system's rpcbind as `rpcinfo -p` sees it, and a server that still starts and serves when
port 111 belongs to something that never answers.

Port 111 is one per machine: when it is taken here, each test re-runs itself in a private
network and mount namespace (`unshare -n -m`: its own loopback and its own /run), and skips
only when that is not possible either.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import xdrlib3
from pyNfsClient import Portmap

from rpc.auth import AuthSys
from tests.helpers import ServerProc, make_server, wait_port
from tests.nfsrdma._nfs import Nfs, RawConn, mount_root
from transport.client.tcp import RpcTcpClient

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="port 111 needs root")


def port_111_free() -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("0.0.0.0", 111))
        except OSError:
            return False
    return True


def rpcbind_socket_live() -> bool:
    """True if something answers on rpcbind's unix socket (the registrar tries it first)."""
    with socket.socket(socket.AF_UNIX) as s:
        try:
            s.connect("/run/rpcbind.sock")
        except OSError:
            return False
    return True


_NETNS_ENV = "NFSRDMA_TEST_PRIVATE_NETNS"


@pytest.fixture
def port_111(request: pytest.FixtureRequest) -> bool:
    """True: run the test here.  False: it already ran (and passed) in a private namespace."""
    if port_111_free() and not rpcbind_socket_live():
        return True
    if os.environ.get(_NETNS_ENV) or not (shutil.which("unshare") and shutil.which("ip")):
        pytest.skip("port 111 (or /run/rpcbind.sock) is in use on this machine")
    script = ('ip link set lo up && mount -t tmpfs tmpfs /run && '
              'exec "$0" -m pytest -q -p no:cacheprovider "$1"')
    proc = subprocess.run(
        ["unshare", "-n", "-m", "--propagation", "private", "sh", "-c", script,
         sys.executable, request.node.nodeid],
        cwd=request.config.rootpath, env=dict(os.environ, **{_NETNS_ENV: "1"}),
        capture_output=True, timeout=240)
    out = proc.stdout.decode(errors="replace")
    if proc.returncode != 0 and "Operation not permitted" in proc.stderr.decode():
        pytest.skip("port 111 is in use and namespaces are not available")
    assert proc.returncode == 0 and " passed" in out, out[-6000:] + proc.stderr.decode()
    return False


def _without(args: list[str], flag: str) -> list[str]:
    return [a for a in args if a != flag]


async def _getaddr(prog: int, vers: int) -> str:
    """rpcbind v4 GETADDR of (prog, vers) over TCP from the portmapper on 127.0.0.1."""
    p = xdrlib3.Packer()
    p.pack_uint(prog)
    p.pack_uint(vers)
    for field in (b"tcp", b"", b""):
        p.pack_string(field)
    conn = await RpcTcpClient.connect("127.0.0.1", 111, timeout=10)
    try:
        body = await conn.call_bytes(100000, 4, 3, p.get_buffer(), AuthSys())
    finally:
        await conn.close()
    return xdrlib3.Unpacker(body).unpack_string().decode()


def test_own_portmapper_answers_getport(tmp_path: Path, port_111: bool) -> None:
    if not port_111:
        return
    srv = make_server(tmp_path, "--portmapper")
    srv.start()
    try:
        wait_port(111, srv.proc)
        pm = Portmap("127.0.0.1", timeout=30)
        pm.connect()
        try:
            assert pm.getport(100005, 3) == srv.mount_port
            assert pm.getport(100003, 3) == srv.nfs_port
            assert pm.getport(100003, 2) == 0  # not registered
            for prog, vers in ((100021, 1), (100021, 3), (100021, 4), (100024, 1)):
                assert pm.getport(prog, vers) == srv.nlm_port  # NLM and NSM
            assert pm.getport(100005, 3, 17) == 0  # UDP: we only listen on TCP
            entries = pm.dump()
        finally:
            pm.disconnect()
        assert {"program": 100003, "version": 3, "protocol": "tcp",
                "port": srv.nfs_port} in entries
        assert {"program": 100000, "version": 2, "protocol": "tcp", "port": 111} in entries
        # rpcbind v4 GETADDR answers with the address the caller reached (mergeaddr), not the
        # wildcard it was registered on, which a client would take for its own host
        assert asyncio.run(_getaddr(100021, 4)).rsplit(".", 2)[0] == "127.0.0.1"
        if shutil.which("rpcinfo"):  # the system's client: it finds the portmapper through itself
            out = subprocess.run(["rpcinfo", "-p", "127.0.0.1"], capture_output=True,
                                 timeout=60, check=True).stdout.decode()
            rows = {tuple(ln.split()[:4]) for ln in out.splitlines()[1:]}
            assert ("100000", "2", "tcp", "111") in rows, out
            assert ("100021", "4", "tcp", str(srv.nlm_port)) in rows, out
            assert ("100003", "3", "tcp", str(srv.nfs_port)) in rows, out
        (srv.export / "via-portmapper.txt").write_text("found\n")
        if shutil.which("nfs-ls"):
            out = subprocess.run(
                ["nfs-ls", f"nfs://127.0.0.1{srv.export_path}?version=3"],
                capture_output=True, timeout=60, check=True).stdout.decode()
            assert "via-portmapper.txt" in out
            out = subprocess.run(
                ["nfs-cat", f"nfs://127.0.0.1{srv.export_path}/via-portmapper.txt?version=3"],
                capture_output=True, timeout=60, check=True).stdout
            assert out == b"found\n"
    finally:
        assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-4000:]


@pytest.fixture
def rpcbind(port_111: bool, tmp_path: Path) -> Iterator[subprocess.Popen[bytes] | None]:
    if not port_111:
        yield None
        return
    exe = shutil.which("rpcbind") or ("/usr/sbin/rpcbind" if os.path.exists(
        "/usr/sbin/rpcbind") else None)
    if exe is None or shutil.which("rpcinfo") is None:
        pytest.skip("rpcbind/rpcinfo not installed")
    Path("/run/rpcbind").mkdir(exist_ok=True)
    proc = subprocess.Popen([exe, "-f", "-w"], stdout=subprocess.DEVNULL,
                            stderr=open(tmp_path / "rpcbind.log", "wb"))
    try:
        wait_port(111, proc, timeout=30)
    except Exception:
        proc.kill()
        proc.wait()
        pytest.skip(f"rpcbind did not start: {(tmp_path / 'rpcbind.log').read_text()}")
    yield proc
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _rpcinfo() -> str:
    return subprocess.run(["rpcinfo", "-p", "127.0.0.1"], capture_output=True, timeout=30,
                          check=True).stdout.decode()


def _registered(text: str, prog: int, vers: int, port: int) -> bool:
    return any(line.split()[:4] == [str(prog), str(vers), "tcp", str(port)]
               for line in text.splitlines())


def test_registers_with_real_rpcbind(tmp_path: Path,
                                     rpcbind: subprocess.Popen[bytes] | None) -> None:
    if rpcbind is None:
        return
    srv = make_server(tmp_path)
    srv.args = _without(srv.args, "--no-rpcbind")
    srv.start()
    try:
        # Registration follows the listeners (the ports open first): poll, don't race it.
        deadline = time.monotonic() + 30
        while True:
            text = _rpcinfo()
            if (_registered(text, 100005, 3, srv.mount_port)
                    and _registered(text, 100003, 3, srv.nfs_port)
                    and _registered(text, 100024, 1, srv.nlm_port)) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert _registered(text, 100003, 3, srv.nfs_port), text
        assert _registered(text, 100005, 3, srv.mount_port), text
        assert _registered(text, 100021, 4, srv.nlm_port), text
        assert _registered(text, 100021, 1, srv.nlm_port), text
        assert _registered(text, 100024, 1, srv.nlm_port), text
        root = mount_root(srv.mount_port, srv.export_path)
        with RawConn(srv.nfs_port) as c:
            assert Nfs(c).getattr(root)[0] == 0
    finally:
        assert srv.stop() == 0
    text = _rpcinfo()  # unregistered at shutdown
    assert not _registered(text, 100003, 3, srv.nfs_port), text
    assert not _registered(text, 100005, 3, srv.mount_port), text
    assert not _registered(text, 100021, 4, srv.nlm_port), text
    assert "Traceback" not in srv.log_text()


@contextlib.contextmanager
def squatter_on_111() -> Iterator[None]:
    """Something on TCP port 111 that accepts connections and never answers."""
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", 111))
    ls.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        ls.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(ls.accept()[0])

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield
    finally:
        stop.set()
        t.join()
        for s in held:
            s.close()
        ls.close()


def _serves(srv: ServerProc) -> None:
    root = mount_root(srv.mount_port, srv.export_path)
    with RawConn(srv.nfs_port) as c:
        assert Nfs(c).getattr(root)[0] == 0


def test_server_starts_when_111_is_held_by_a_silent_peer(tmp_path: Path,
                                                        port_111: bool) -> None:
    if not port_111:
        return
    with squatter_on_111():
        srv = make_server(tmp_path)
        srv.args = _without(srv.args, "--no-rpcbind")
        srv.start()
        try:
            _serves(srv)
        finally:
            assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-4000:]


def test_portmapper_flag_when_111_is_taken_still_serves_nfs(tmp_path: Path,
                                                           port_111: bool) -> None:
    if not port_111:
        return
    with squatter_on_111():
        srv = make_server(tmp_path, "--portmapper")
        srv.start()
        try:
            _serves(srv)
            assert "111" in srv.log_text()  # says why there is no portmapper
        finally:
            assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-4000:]
