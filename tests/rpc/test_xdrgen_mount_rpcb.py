"""MOUNT and portmap/rpcbind schemas generated from xdr/mount_prot.x and xdr/rpcb_prot.x:
the linked lists, the RFC field names and the program tables, checked against xdrlib3."""

from __future__ import annotations

import enum

import xdrlib3

from nfsrdma import mount3, portmap
from nfsrdma.gen import mount_prot as m
from nfsrdma.gen import rpcb_prot as r


def test_rpcb_dump_is_a_list_of_rpcb() -> None:
    entries = [r.rpcb(100003, 3, b"tcp", b"0.0.0.0.8.1", b"nfsrdma"), r.rpcb(1, 2, b"", b"", b"")]
    ref = xdrlib3.Packer()
    for e in entries:
        ref.pack_bool(True), ref.pack_uint(e.r_prog), ref.pack_uint(e.r_vers)
        for s in (e.r_netid, e.r_addr, e.r_owner):
            ref.pack_string(s)
    ref.pack_bool(False)
    assert portmap.RpcbList.pack(entries) == ref.get_buffer()
    assert portmap.RpcbList.unpack(ref.get_buffer()) == entries
    assert r.rpcb._fields == ("r_prog", "r_vers", "r_netid", "r_addr", "r_owner")


def test_pmap_dump_starts_with_the_value_follows_flag() -> None:
    got = portmap.PmapList.pack([r.mapping(100005, 3, r.IPPROTO_TCP, 20048)])
    ref = xdrlib3.Packer()
    ref.pack_bool(True)
    for v in (100005, 3, 6, 20048):
        ref.pack_uint(v)
    ref.pack_bool(False)
    assert got == ref.get_buffer()
    assert portmap.PmapList.pack([]) == b"\0\0\0\0"


def test_rpcbind_program_tables() -> None:
    assert r.PMAP_PROG == r.RPCBPROG == portmap.PMAP_PROG == 100000
    assert (r.PMAP_VERS, r.RPCBVERS, r.RPCBVERS4) == (2, 3, 4)
    name, arg, res = r.RPCBVERS4_PROCEDURES[r.RPCBPROC_GETADDRLIST]
    assert (name, arg, res) == ("RPCBPROC_GETADDRLIST", r.rpcb_xdr, r.rpcb_entry_list_ptr_xdr)
    assert r.RPCBVERS_PROCEDURES[r.RPCBPROC_SET][2] is r.RPCBVERS4_PROCEDURES[1][2]
    assert r.PMAP_VERS_PROCEDURES[r.PMAPPROC_DUMP][2] is portmap.PmapList
    stats = [r.rpcb_stat([0] * 13, 1, 0, [r.rpcbs_addr(1, 2, 3, 4, b"tcp")], []) for _ in range(3)]
    assert r.rpcb_stat_byvers_xdr.unpack(r.rpcb_stat_byvers_xdr.pack(stats)) == stats


def test_mount_exports_nest_lists() -> None:
    ex = [m.exportnode(b"/srv", [m.groupnode(b"*"), m.groupnode(b"10.0.0.0/8")])]
    ref = xdrlib3.Packer()
    ref.pack_bool(True), ref.pack_string(b"/srv")
    for g in (b"*", b"10.0.0.0/8"):
        ref.pack_bool(True), ref.pack_string(g)
    ref.pack_bool(False), ref.pack_bool(False)
    assert mount3.exports.pack(ex) == ref.get_buffer()
    assert mount3.exports.unpack(ref.get_buffer()) == ex
    assert issubclass(mount3.MountStat, enum.IntEnum) and mount3.MountStat.MNT3ERR_ACCES == 13
    assert m.MOUNT_V3_PROCEDURES[m.MOUNTPROC3_MNT][1:] == (mount3.dirpath, mount3.mountres3)
    ok = mount3.mountres3.unpack(mount3.mountres3.pack((0, m.mountres3_ok(b"fh", [1, 390003]))))
    assert type(ok) is m.mountres3 and ok.mountinfo.auth_flavors == [1, 390003]
