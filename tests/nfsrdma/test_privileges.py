"""setuid/setgid bits under a server that runs as root (issue 12, "Security").

The server writes, truncates and creates with root's CAP_FSETID, so the kernel never strips
S_ISUID/S_ISGID for it; the backends must do what a local syscall by the caller would.  Each
case runs over TCP against a running server (vfs on a real directory, and the memory
backend), and on vfs the same operation is also done locally, by a child process that has
become the caller, so the expected modes are the running kernel's own rules, not ours.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nfsrdma.nfs3 import xdr
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import ROOT, Cred, Nfs, RawConn, dirop, mnt, sattr

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (chown, setuid files)")

USER = Cred(1000, 1000, (1000,))  # not in group 2000 nor 3000
MEMBER = Cred(1000, 1000, (1000, 2000))  # in the files' group
MEMBER3 = Cred(1000, 1000, (1000, 3000))  # in the setgid directory's group

# (name, mode, owner uid, caller, mode left by a WRITE or truncate from that caller)
WRITE_CASES = [
    ("suid-sgid-x", 0o6777, 2000, USER, 0o0777),  # both go (S_ISGID with group-exec)
    ("sgid-nox", 0o2666, 2000, USER, 0o0666),  # not in the group: S_ISGID goes too
    ("sgid-nox-member", 0o2666, 2000, MEMBER, 0o2666),  # a member keeps it (no group-exec)
    ("suid-root", 0o6777, 2000, ROOT, 0o6777),  # root has CAP_FSETID
    ("suid-owner", 0o4766, 1000, USER, 0o0766),  # the owner's write strips S_ISUID too
]

# (name, kind, mode asked, in the setgid dir?, caller, (gid, mode) of the new object)
CREATE_CASES = [
    ("f-user", "file", 0o2755, True, USER, (3000, 0o0755)),  # not in group 3000: dropped
    ("f-member", "file", 0o2755, True, MEMBER3, (3000, 0o2755)),
    ("f-root", "file", 0o2755, True, ROOT, (3000, 0o2755)),
    ("f-nox", "file", 0o2644, True, USER, (3000, 0o2644)),  # no group-exec: kept (mode_strip_sgid)
    ("f-plain", "file", 0o2755, False, USER, (1000, 0o2755)),  # own group: kept
    ("d-user", "dir", 0o0755, True, USER, (3000, 0o2755)),  # directories inherit S_ISGID
    ("p-user", "fifo", 0o2755, True, USER, (3000, 0o0755)),
]


def as_user(cred: Cred, fn: Callable[[], None]) -> None:
    """Run ``fn`` in a child process that has become ``cred`` (umask 0)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.umask(0)
            os.setgroups(list(cred.gids))
            os.setresgid(cred.gid, cred.gid, cred.gid)
            os.setresuid(cred.uid, cred.uid, cred.uid)
            fn()
            os._exit(0)
        except BaseException:
            os._exit(1)
    assert os.waitpid(pid, 0)[1] == 0


@pytest.fixture(params=["vfs", "memory"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProc]:
    srv = make_server(tmp_path, "--storage", request.param,
                      exports_text="{export} *(rw,insecure,no_root_squash)\n")
    os.chmod(srv.export, 0o777)
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text()


def is_vfs(srv: ServerProc) -> bool:
    return "memory" not in srv.extra


def mode_of(nfs: Nfs, h: bytes) -> int:
    st, a = nfs.getattr(h)
    assert st == 0
    return int(a.obj_attributes.mode) & 0o7777


@pytest.mark.parametrize("op", ["write", "truncate"])
def test_write_and_truncate_drop_setid_bits(server: ServerProc, op: str) -> None:
    with RawConn(server.mount_port) as m:
        root = mnt(m, server.export_path.encode())[1]
    dfd = os.open(server.export, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with RawConn(server.nfs_port) as c:
            for name, mode, owner, caller, want in WRITE_CASES:
                admin = Nfs(c, ROOT)
                h = admin.create_fh(root, name.encode(), 0o644)
                assert admin.write(h, 0, b"original")[0] == 0
                assert admin.setattr(h, sattr(uid=owner, gid=2000))[0] == 0
                assert admin.setattr(h, sattr(mode=mode))[0] == 0
                assert mode_of(admin, h) == mode, name
                nfs = Nfs(c, caller)
                if op == "write":
                    assert nfs.write(h, 0, b"x")[0] == 0, name
                else:
                    assert nfs.setattr(h, sattr(size=0))[0] == 0, name
                assert mode_of(admin, h) == want, (name, oct(mode_of(admin, h)))
                if not is_vfs(server):
                    continue
                local = f"local-{name}"
                fd = os.open(local, os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=dfd)
                os.fchown(fd, owner, 2000)
                os.fchmod(fd, mode)
                os.close(fd)

                def act(local: str = local) -> None:
                    fd = os.open(local, os.O_WRONLY, dir_fd=dfd)
                    if op == "write":
                        os.write(fd, b"x")
                    else:
                        os.ftruncate(fd, 0)
                    os.close(fd)

                as_user(caller, act)
                assert stat.S_IMODE(os.stat(local, dir_fd=dfd).st_mode) == want, name
                assert stat.S_IMODE(os.stat(name, dir_fd=dfd).st_mode) == want, name
    finally:
        os.close(dfd)


def test_create_honours_setgid_group_rules(server: ServerProc) -> None:
    with RawConn(server.mount_port) as m:
        root = mnt(m, server.export_path.encode())[1]
    with RawConn(server.nfs_port) as c:
        admin = Nfs(c, ROOT)
        dirs = {}
        for dn, (uid, gid, mode) in {"sg": (2000, 3000, 0o2777), "plain": (0, 0, 0o777)}.items():
            st, res = admin.mkdir(root, dn.encode())
            assert st == 0
            dirs[dn] = bytes(res.obj.data)
            assert admin.setattr(dirs[dn], sattr(uid=uid, gid=gid))[0] == 0
            assert admin.setattr(dirs[dn], sattr(mode=mode))[0] == 0
        for name, kind, mode, in_sg, caller, want in CREATE_CASES:
            d = dirs["sg" if in_sg else "plain"]
            nfs = Nfs(c, caller)
            if kind == "file":
                st, res = nfs.create(d, name.encode(), mode)
            elif kind == "dir":
                st, res = nfs.mkdir(d, name.encode(), mode)
            else:
                st, res = nfs.raw("MKNOD", xdr.MKNOD3args.cls(dirop(d, name.encode()),
                                                              (7, sattr(mode))))
            assert st == 0, name
            a = res.obj_attributes
            assert (a.gid, a.mode & 0o7777) == want, (name, a.gid, oct(a.mode))
            if not is_vfs(server):
                continue
            where = server.export / ("sg" if in_sg else "plain")
            st_ = os.lstat(where / name)
            assert (st_.st_gid, stat.S_IMODE(st_.st_mode)) == want, name
            dfd = os.open(where, os.O_RDONLY | os.O_DIRECTORY)
            local = f"local-{name}"

            def act(kind: str = kind, local: str = local, mode: int = mode, dfd: int = dfd) -> None:
                if kind == "file":
                    os.close(os.open(local, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode,
                                     dir_fd=dfd))
                elif kind == "dir":
                    os.mkdir(local, mode, dir_fd=dfd)
                else:
                    os.mkfifo(local, mode, dir_fd=dfd)

            try:
                as_user(caller, act)
                st_ = os.lstat(where / local)
            finally:
                os.close(dfd)
            assert (st_.st_gid, stat.S_IMODE(st_.st_mode)) == want, ("local", name)
