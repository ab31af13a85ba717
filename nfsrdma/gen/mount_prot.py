# Generated from xdr/mount_prot.x by rpc.xdrgen: do not edit.
"""Types and codecs of xdr/mount_prot.x: the mapping is in docs/internal-api.md."""

from __future__ import annotations

import enum
from typing import Final, TypeAlias

from rpc import xdr as _x

MNTPATHLEN: Final = 1024
MNTNAMLEN: Final = 255
FHSIZE3: Final = 64


class mountstat3(enum.IntEnum):
    """enum mountstat3."""

    MNT3_OK = 0
    MNT3ERR_PERM = 1
    MNT3ERR_NOENT = 2
    MNT3ERR_IO = 5
    MNT3ERR_ACCES = 13
    MNT3ERR_NOTDIR = 20
    MNT3ERR_INVAL = 22
    MNT3ERR_NAMETOOLONG = 63
    MNT3ERR_NOTSUPP = 10004
    MNT3ERR_SERVERFAULT = 10006


MNT3_OK: Final = mountstat3.MNT3_OK
MNT3ERR_PERM: Final = mountstat3.MNT3ERR_PERM
MNT3ERR_NOENT: Final = mountstat3.MNT3ERR_NOENT
MNT3ERR_IO: Final = mountstat3.MNT3ERR_IO
MNT3ERR_ACCES: Final = mountstat3.MNT3ERR_ACCES
MNT3ERR_NOTDIR: Final = mountstat3.MNT3ERR_NOTDIR
MNT3ERR_INVAL: Final = mountstat3.MNT3ERR_INVAL
MNT3ERR_NAMETOOLONG: Final = mountstat3.MNT3ERR_NAMETOOLONG
MNT3ERR_NOTSUPP: Final = mountstat3.MNT3ERR_NOTSUPP
MNT3ERR_SERVERFAULT: Final = mountstat3.MNT3ERR_SERVERFAULT


class mountres3_ok(_x.XdrStruct):
    """struct mountres3_ok."""

    __slots__ = ("auth_flavors", "fhandle")
    __match_args__ = ("fhandle", "auth_flavors")
    _fields = ("fhandle", "auth_flavors")

    def __init__(self, fhandle: fhandle3, auth_flavors: list[int]) -> None:
        self.fhandle = fhandle
        self.auth_flavors = auth_flavors


class mountres3(_x.UnionValue):
    """union mountres3 switch (mountstat3 fhs_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: mountres3_ok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def mountinfo(self) -> mountres3_ok:
        """The ``mountinfo`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"mountres3.mountinfo: tag is {self.tag!r}")
        return self.value


class mountbody(_x.XdrStruct):
    """linked-list element of struct mountbody."""

    __slots__ = ("ml_directory", "ml_hostname")
    __match_args__ = ("ml_hostname", "ml_directory")
    _fields = ("ml_hostname", "ml_directory")

    def __init__(self, ml_hostname: name, ml_directory: dirpath) -> None:
        self.ml_hostname = ml_hostname
        self.ml_directory = ml_directory


class groupnode(_x.XdrStruct):
    """linked-list element of struct groupnode."""

    __slots__ = ("gr_name",)
    __match_args__ = ("gr_name",)
    _fields = ("gr_name",)

    def __init__(self, gr_name: name) -> None:
        self.gr_name = gr_name


class exportnode(_x.XdrStruct):
    """linked-list element of struct exportnode."""

    __slots__ = ("ex_dir", "ex_groups")
    __match_args__ = ("ex_dir", "ex_groups")
    _fields = ("ex_dir", "ex_groups")

    def __init__(self, ex_dir: dirpath, ex_groups: groups) -> None:
        self.ex_dir = ex_dir
        self.ex_groups = ex_groups


fhandle3: TypeAlias = "bytes"
dirpath: TypeAlias = "bytes"
name: TypeAlias = "bytes"
mountlist: TypeAlias = "list[mountbody]"
groups: TypeAlias = "list[groupnode]"
exports: TypeAlias = "list[exportnode]"


# -- codecs (rpc.xdr) -------------------------------------------------------------------------------

fhandle3_xdr = _x.VarOpaque(64, name="fhandle3")

dirpath_xdr = _x.String(1024, name="dirpath")

name_xdr = _x.String(255, name="name")

mountstat3_xdr = _x.Enum("mountstat3", mountstat3)

mountres3_ok_xdr = _x.Struct(
    "mountres3_ok",
    [
        ("fhandle", fhandle3_xdr),
        ("auth_flavors", _x.Array(_x.Int32, None)),
    ],
    cls=mountres3_ok,
)

mountres3_xdr = _x.Union(
    "mountres3",
    mountstat3_xdr,
    {
        mountstat3.MNT3_OK: ("mountinfo", mountres3_ok_xdr),
    },
    default=("void", _x.Void),
    cls=mountres3,
)

mountbody_xdr = _x.Struct(
    "mountbody",
    [
        ("ml_hostname", name_xdr),
        ("ml_directory", dirpath_xdr),
    ],
    cls=mountbody,
)

mountlist_xdr = _x.LinkedList(mountbody_xdr, name="mountlist")

groupnode_xdr = _x.Struct(
    "groupnode",
    [
        ("gr_name", name_xdr),
    ],
    cls=groupnode,
)

groups_xdr = _x.LinkedList(groupnode_xdr, name="groups")

exportnode_xdr = _x.Struct(
    "exportnode",
    [
        ("ex_dir", dirpath_xdr),
        ("ex_groups", groups_xdr),
    ],
    cls=exportnode,
)

exports_xdr = _x.LinkedList(exportnode_xdr, name="exports")


# -- program MOUNT_PROGRAM -------------------------------------------------------------------------
MOUNT_PROGRAM: Final = 100005

MOUNT_V3: Final = 3
MOUNTPROC3_NULL: Final = 0
MOUNTPROC3_MNT: Final = 1
MOUNTPROC3_DUMP: Final = 2
MOUNTPROC3_UMNT: Final = 3
MOUNTPROC3_UMNTALL: Final = 4
MOUNTPROC3_EXPORT: Final = 5

#: MOUNT_PROGRAM version 3: procedure -> (name, arguments, results).
MOUNT_V3_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    MOUNTPROC3_NULL: ("MOUNTPROC3_NULL", _x.Void, _x.Void),
    MOUNTPROC3_MNT: ("MOUNTPROC3_MNT", dirpath_xdr, mountres3_xdr),
    MOUNTPROC3_DUMP: ("MOUNTPROC3_DUMP", _x.Void, mountlist_xdr),
    MOUNTPROC3_UMNT: ("MOUNTPROC3_UMNT", dirpath_xdr, _x.Void),
    MOUNTPROC3_UMNTALL: ("MOUNTPROC3_UMNTALL", _x.Void, _x.Void),
    MOUNTPROC3_EXPORT: ("MOUNTPROC3_EXPORT", _x.Void, exports_xdr),
}
