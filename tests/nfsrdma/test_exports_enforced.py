"""exports(5) options enforced end to end: ro, allowed clients, secure ports, squashing.

What this adds beyond tests/nfsrdma/test_exports.py (the parser and matching in-process): a
real server started from a real exports file, driven over TCP from real source ports (the
privileged ones bound as root, as the Linux client and pyNfsClient do), with the effect of
squashing checked on the files the server created on disk.
"""

from __future__ import annotations

import os
import random
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyNfsClient import Mount

from nfsrdma.nfs3 import xdr
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import Cred, Nfs, RawConn, S, mnt, sattr

MODIFY = xdr.ACCESS3_MODIFY | xdr.ACCESS3_EXTEND | xdr.ACCESS3_DELETE
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (privileged ports)")


def privileged_conn(port: int) -> RawConn:
    """A RawConn from a free source port below 1024."""
    ports = list(range(600, 1024))
    random.shuffle(ports)
    for p in ports:
        try:
            return RawConn(port, src_port=p)
        except OSError:
            continue
    raise OSError("no free privileged port")


def started(tmp_path: Path, exports_text: str, *dirs: str) -> ServerProc:
    for d in dirs:
        (tmp_path / "export" / d).mkdir(parents=True, exist_ok=True)
    srv = make_server(tmp_path, exports_text=exports_text)
    srv.start()
    return srv


def stopped_cleanly(srv: ServerProc) -> None:
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text(), srv.log_text()[-4000:]


@pytest.fixture
def ro_server(tmp_path: Path) -> Iterator[ServerProc]:
    export = tmp_path / "export"
    export.mkdir()
    os.chmod(export, 0o777)
    (export / "f").write_bytes(b"read me")
    os.chmod(export / "f", 0o666)
    (export / "d").mkdir()
    srv = started(tmp_path, "{export} *(ro)\n")
    yield srv
    stopped_cleanly(srv)


def test_read_only_export(ro_server: ServerProc) -> None:
    with privileged_conn(ro_server.mount_port) as m:
        st, root = mnt(m, ro_server.export_path.encode())
    assert st == 0
    before = sorted(p.name for p in ro_server.export.iterdir())
    with privileged_conn(ro_server.nfs_port) as c:
        nfs = Nfs(c)
        f = nfs.lookup_fh(root, b"f")
        assert nfs.read_data(f, 0, 100) == b"read me"
        assert nfs.write(f, 0, b"XXXX")[0] == S.NFS3ERR_ROFS
        assert nfs.write(f, 0, b"XXXX", stable=0)[0] == S.NFS3ERR_ROFS
        assert nfs.create(root, b"new")[0] == S.NFS3ERR_ROFS
        assert nfs.create(root, b"new", how=2, verf=b"12345678")[0] == S.NFS3ERR_ROFS
        assert nfs.mkdir(root, b"newdir")[0] == S.NFS3ERR_ROFS
        assert nfs.remove(root, b"f")[0] == S.NFS3ERR_ROFS
        assert nfs.rmdir(root, b"d")[0] == S.NFS3ERR_ROFS
        assert nfs.rename(root, b"f", root, b"g")[0] == S.NFS3ERR_ROFS
        assert nfs.setattr(f, sattr(mode=0o600))[0] == S.NFS3ERR_ROFS
        assert nfs.setattr(f, sattr(size=0))[0] == S.NFS3ERR_ROFS
        assert nfs.commit(f)[0] == S.NFS3ERR_ROFS
        # The file is 0666 and the directory 0777: only the export makes them read-only.
        st, acc = nfs.access(f)
        assert st == 0 and acc.access & xdr.ACCESS3_READ and not acc.access & MODIFY
        st, acc = nfs.access(root)
        assert st == 0 and acc.access & xdr.ACCESS3_LOOKUP and not acc.access & MODIFY
    assert (ro_server.export / "f").read_bytes() == b"read me"
    assert stat.S_IMODE(os.stat(ro_server.export / "f").st_mode) == 0o666
    assert sorted(p.name for p in ro_server.export.iterdir()) == before


def test_access_grants_modify_on_rw_export(tmp_path: Path) -> None:
    # The control for the test above: same tree, same client, rw export.
    export = tmp_path / "export"
    export.mkdir()
    (export / "f").write_bytes(b"x")
    os.chmod(export / "f", 0o666)
    srv = started(tmp_path, "{export} *(rw)\n")
    try:
        with privileged_conn(srv.mount_port) as m:
            root = mnt(m, srv.export_path.encode())[1]
        with privileged_conn(srv.nfs_port) as c:
            nfs = Nfs(c)
            st, acc = nfs.access(nfs.lookup_fh(root, b"f"))
            assert st == 0 and acc.access & MODIFY == xdr.ACCESS3_MODIFY | xdr.ACCESS3_EXTEND
    finally:
        stopped_cleanly(srv)


def test_client_not_allowed(tmp_path: Path) -> None:
    # Get a genuine handle while allowed, then restart allowing only 10.9.9.9.
    srv = started(tmp_path, "{export} *(rw,insecure,no_root_squash)\n")
    with RawConn(srv.mount_port) as m:
        st, root = mnt(m, srv.export_path.encode())
    assert st == 0
    assert srv.stop() == 0
    (tmp_path / "exports").write_text(f"{srv.export} 10.9.9.9(rw,insecure,no_root_squash)\n")
    srv.start()
    try:
        with RawConn(srv.mount_port) as m:
            assert mnt(m, srv.export_path.encode()) == (13, b"")  # MNT3ERR_ACCES
        with RawConn(srv.nfs_port) as c:
            nfs = Nfs(c)
            assert nfs.getattr(root)[0] == S.NFS3ERR_ACCES
            assert nfs.lookup(root, b"x")[0] == S.NFS3ERR_ACCES
            assert nfs.create(root, b"x")[0] == S.NFS3ERR_ACCES
            assert nfs.raw("FSINFO", xdr.FSINFO3args.cls(xdr.nfs_fh3.cls(root)))[0] == \
                S.NFS3ERR_ACCES
        assert list(srv.export.iterdir()) == []
        assert "not allowed" in srv.log_text()
    finally:
        stopped_cleanly(srv)


def test_secure_export_needs_privileged_port(tmp_path: Path) -> None:
    srv = started(tmp_path, "{export} *(rw,secure,no_root_squash)\n")
    try:
        # pyNfsClient binds a source port below 1024 when run as root.
        mount = Mount(host="127.0.0.1", port=srv.mount_port, timeout=30,
                      auth={"flavor": 1, "machine_name": "t", "uid": 0, "gid": 0,
                            "aux_gid": []})
        mount.connect()
        try:
            assert mount.client_port is not None and mount.client_port < 1024
            res = mount.mnt(srv.export_path)
        finally:
            mount.disconnect()
        assert res["status"] == 0
        root = res["mountinfo"]["fhandle"]
        with RawConn(srv.nfs_port) as c:
            assert c.local_port >= 1024
            nfs = Nfs(c)
            assert nfs.getattr(root)[0] == S.NFS3ERR_PERM
            assert nfs.create(root, b"x")[0] == S.NFS3ERR_PERM
        with RawConn(srv.mount_port) as m:
            assert mnt(m, srv.export_path.encode())[0] != 0
        with privileged_conn(srv.nfs_port) as c:
            nfs = Nfs(c)
            assert nfs.getattr(root)[0] == 0
            assert nfs.create(root, b"x")[0] == 0
        assert (srv.export / "x").exists()
        assert "insecure port" in srv.log_text()
    finally:
        stopped_cleanly(srv)


def test_squashing(tmp_path: Path) -> None:
    exports = (
        "{export}/rs *(rw,insecure,root_squash)\n"
        "{export}/nrs *(rw,insecure,no_root_squash)\n"
        "{export}/as *(rw,insecure,all_squash)\n"
        "{export}/anon *(rw,insecure,all_squash,anonuid=1234,anongid=2345)\n"
        "{export}/rsanon *(rw,insecure,anonuid=4321,anongid=5432)\n"
    )
    names = ["rs", "nrs", "as", "anon", "rsanon"]
    for n in names:
        (tmp_path / "export" / n).mkdir(parents=True)
        os.chmod(tmp_path / "export" / n, 0o777)
    srv = started(tmp_path, exports)
    users = {"root": Cred(0, 0, (0,)), "user": Cred(1000, 1000, (1000,))}
    want = {
        ("rs", "root"): (65534, 65534), ("rs", "user"): (1000, 1000),
        ("nrs", "root"): (0, 0), ("nrs", "user"): (1000, 1000),
        ("as", "root"): (65534, 65534), ("as", "user"): (65534, 65534),
        ("anon", "root"): (1234, 2345), ("anon", "user"): (1234, 2345),
        ("rsanon", "root"): (4321, 5432), ("rsanon", "user"): (1000, 1000),
    }
    try:
        roots = {}
        with RawConn(srv.mount_port) as m:
            for n in names:
                st, roots[n] = mnt(m, f"{srv.export}/{n}".encode())
                assert st == 0, n
        with RawConn(srv.nfs_port) as c:
            for (n, who), owner in want.items():
                nfs = Nfs(c, users[who])
                st, res = nfs.create(roots[n], f"by-{who}".encode())
                assert st == 0, (n, who)
                assert (res.obj_attributes.uid, res.obj_attributes.gid) == owner, (n, who)
                st_ = os.lstat(srv.export / n / f"by-{who}")
                assert (st_.st_uid, st_.st_gid) == owner, (n, who)
                st, res = nfs.mkdir(roots[n], f"dir-{who}".encode())
                assert st == 0
                st_ = os.lstat(srv.export / n / f"dir-{who}")
                assert (st_.st_uid, st_.st_gid) == owner, (n, who)
            # A squashed root cannot chown to root, nor read a 0600 root-owned file.
            secret = srv.export / "rs" / "secret"
            secret.write_bytes(b"s")
            os.chmod(secret, 0o600)
            nfs = Nfs(c, users["root"])
            h = nfs.lookup_fh(roots["rs"], b"secret")
            assert nfs.read(h, 0, 1)[0] == S.NFS3ERR_ACCES
            h = nfs.lookup_fh(roots["rs"], b"by-root")
            assert nfs.setattr(h, sattr(uid=0))[0] == S.NFS3ERR_PERM
            assert os.lstat(srv.export / "rs" / "by-root").st_uid == 65534
            h = nfs.lookup_fh(roots["nrs"], b"by-user")
            assert nfs.setattr(h, sattr(uid=0, gid=0))[0] == 0  # unsquashed root may chown
            assert os.lstat(srv.export / "nrs" / "by-user").st_uid == 0
    finally:
        stopped_cleanly(srv)


def test_privileged_conn_helper_really_binds_low_ports(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        c = privileged_conn(s.getsockname()[1])
        assert c.local_port < 1024
        c.close()
