"""exports(5) sec= enforced and advertised (issue 12, "Security").

A running server on a real directory, driven over TCP with AUTH_SYS and AUTH_NONE calls:
MNT lists exactly the export's flavors, an NFS call in a flavor the export does not list
is refused with NFS3ERR_ACCES (knfsd's v3 answer to nfserr_wrongsec) before it touches
anything, and every AUTH_NONE caller acts as the export's anonymous ids.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from nfsrdma import mount3
from nfsrdma.nfs3 import xdr
from tests.helpers import ServerProc, make_server
from tests.nfsrdma._nfs import ROOT, Cred, Nfs, RawConn, S, dirop, sattr

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="vfs needs CAP_DAC_READ_SEARCH")

AUTH_NONE, AUTH_SYS = 0, 1
EXPORTS = {  # name: (options, flavors MNT must list)
    "sys": ("sec=sys", [AUTH_SYS]),
    "none": ("sec=none", [AUTH_NONE]),
    "both": ("sec=sys:none", [AUTH_SYS, AUTH_NONE]),
    "dflt": ("", [AUTH_SYS]),  # no sec=: sys only (AUTH_NONE is not a default here)
    "nonea": ("sec=none,anonuid=1234,anongid=2345", [AUTH_NONE]),
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProc]:
    lines = []
    for name, (opts, _) in EXPORTS.items():
        d = tmp_path / "export" / name
        d.mkdir(parents=True)
        os.chmod(d, 0o777)
        lines.append(f"{{export}}/{name} *(rw,insecure,no_root_squash{',' if opts else ''}{opts})")
    srv = make_server(tmp_path, exports_text="\n".join(lines) + "\n")
    srv.start()
    yield srv
    assert srv.stop() == 0
    assert "Traceback" not in srv.log_text()


def mnt_flavors(port: int, path: Path, cred: Cred | None) -> tuple[bytes, list[int]]:
    with RawConn(port) as m:
        rep = m.call(mount3.PROGRAM, mount3.VERSION, 1, mount3.dirpath.pack(os.fsencode(path)),
                     cred)
    res = mount3.mountres3.unpack(rep.body)
    assert res.tag == 0
    return bytes(res.value.fhandle), [int(f) for f in res.value.auth_flavors]


def test_mnt_advertises_exactly_the_export_flavors(server: ServerProc) -> None:
    for name, (_, want) in EXPORTS.items():
        for cred in (ROOT, None):  # MNT itself answers any flavor: the list is what counts
            assert mnt_flavors(server.mount_port, server.export / name, cred)[1] == want, name


def test_flavor_not_listed_is_refused(server: ServerProc) -> None:
    roots = {n: mnt_flavors(server.mount_port, server.export / n, ROOT)[0] for n in EXPORTS}
    with RawConn(server.nfs_port) as c:
        for name, (_, allowed) in EXPORTS.items():
            for cred, flavor in ((ROOT, AUTH_SYS), (None, AUTH_NONE)):
                nfs = Nfs(c, cred)
                want = 0 if flavor in allowed else S.NFS3ERR_ACCES
                assert nfs.getattr(roots[name])[0] == want, (name, flavor)
                assert nfs.lookup(roots[name], b"x")[0] in (
                    (S.NFS3ERR_NOENT,) if want == 0 else (S.NFS3ERR_ACCES,)), (name, flavor)
                f = f"by-{flavor}".encode()
                assert nfs.create(roots[name], f)[0] == want, (name, flavor)
                # The sec=none attack: root over AUTH_SYS made a device node there.
                node = xdr.MKNOD3args.cls(dirop(roots[name], b"node-%d" % flavor),
                                          (7, sattr(0o666)))
                assert nfs.raw("MKNOD", node)[0] == want, (name, flavor)
                made = {p.name for p in (server.export / name).iterdir()}
                assert (f.decode() in made) == (want == 0), (name, flavor)


def test_auth_none_acts_as_the_anonymous_ids(server: ServerProc) -> None:
    want = {"none": (65534, 65534), "both": (65534, 65534), "nonea": (1234, 2345)}
    with RawConn(server.nfs_port) as c:
        nfs = Nfs(c, None)
        for name, owner in want.items():
            root = mnt_flavors(server.mount_port, server.export / name, ROOT)[0]
            st, res = nfs.create(root, b"anon-file")
            assert st == 0, name
            assert (res.obj_attributes.uid, res.obj_attributes.gid) == owner, name
            st_ = os.lstat(server.export / name / "anon-file")
            assert (st_.st_uid, st_.st_gid) == owner, name
        # AUTH_SYS on an export that lists it keeps its identity (no_root_squash here).
        root = mnt_flavors(server.mount_port, server.export / "both", ROOT)[0]
        st, res = Nfs(c, Cred(1000, 1000, (1000,))).create(root, b"user-file")
        assert st == 0 and (res.obj_attributes.uid, res.obj_attributes.gid) == (1000, 1000)
