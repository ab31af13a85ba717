# Generated from xdr/sm_inter.x by rpc.xdrgen: do not edit.
"""Types and codecs of xdr/sm_inter.x: the mapping is in docs/internal-api.md."""

from __future__ import annotations

import enum
import struct as _struct
from typing import Final

from rpc import xdr as _x

SM_MAXSTRLEN: Final = 1024


class sm_name(_x.XdrStruct):
    """struct sm_name."""

    __slots__ = ("mon_name",)
    __match_args__ = ("mon_name",)
    _fields = ("mon_name",)

    def __init__(self, mon_name: bytes) -> None:
        self.mon_name = mon_name


class my_id(_x.XdrStruct):
    """struct my_id."""

    __slots__ = ("my_name", "my_proc", "my_prog", "my_vers")
    __match_args__ = ("my_name", "my_prog", "my_vers", "my_proc")
    _fields = ("my_name", "my_prog", "my_vers", "my_proc")

    def __init__(self, my_name: bytes, my_prog: int, my_vers: int, my_proc: int) -> None:
        self.my_name = my_name
        self.my_prog = my_prog
        self.my_vers = my_vers
        self.my_proc = my_proc


class mon_id(_x.XdrStruct):
    """struct mon_id."""

    __slots__ = ("mon_name", "my_id")
    __match_args__ = ("mon_name", "my_id")
    _fields = ("mon_name", "my_id")

    def __init__(self, mon_name: bytes, my_id: my_id) -> None:
        self.mon_name = mon_name
        self.my_id = my_id


class mon(_x.XdrStruct):
    """struct mon."""

    __slots__ = ("mon_id", "priv")
    __match_args__ = ("mon_id", "priv")
    _fields = ("mon_id", "priv")

    def __init__(self, mon_id: mon_id, priv: bytes) -> None:
        self.mon_id = mon_id
        self.priv = priv


class sm_stat(_x.XdrStruct):
    """struct sm_stat."""

    __slots__ = ("state",)
    __match_args__ = ("state",)
    _fields = ("state",)

    def __init__(self, state: int) -> None:
        self.state = state


class sm_res(enum.IntEnum):
    """enum sm_res."""

    STAT_SUCC = 0
    STAT_FAIL = 1


STAT_SUCC: Final = sm_res.STAT_SUCC
STAT_FAIL: Final = sm_res.STAT_FAIL


class sm_stat_res(_x.XdrStruct):
    """struct sm_stat_res."""

    __slots__ = ("res_stat", "state")
    __match_args__ = ("res_stat", "state")
    _fields = ("res_stat", "state")

    def __init__(self, res_stat: int, state: int) -> None:
        self.res_stat = res_stat
        self.state = state


class stat_chge(_x.XdrStruct):
    """struct stat_chge."""

    __slots__ = ("mon_name", "state")
    __match_args__ = ("mon_name", "state")
    _fields = ("mon_name", "state")

    def __init__(self, mon_name: bytes, state: int) -> None:
        self.mon_name = mon_name
        self.state = state


class sm_status(_x.XdrStruct):
    """struct sm_status."""

    __slots__ = ("mon_name", "priv", "state")
    __match_args__ = ("mon_name", "state", "priv")
    _fields = ("mon_name", "state", "priv")

    def __init__(self, mon_name: bytes, state: int, priv: bytes) -> None:
        self.mon_name = mon_name
        self.state = state
        self.priv = priv


# -- codecs (rpc.xdr) -------------------------------------------------------------------------------

sm_name_xdr = _x.Struct(
    "sm_name",
    [
        ("mon_name", _x.String(1024)),
    ],
    cls=sm_name,
)

my_id_xdr = _x.Struct(
    "my_id",
    [
        ("my_name", _x.String(1024)),
        ("my_prog", _x.Int32),
        ("my_vers", _x.Int32),
        ("my_proc", _x.Int32),
    ],
    cls=my_id,
)

mon_id_xdr = _x.Struct(
    "mon_id",
    [
        ("mon_name", _x.String(1024)),
        ("my_id", my_id_xdr),
    ],
    cls=mon_id,
)

mon_xdr = _x.Struct(
    "mon",
    [
        ("mon_id", mon_id_xdr),
        ("priv", _x.Opaque(16)),
    ],
    cls=mon,
)

sm_stat_xdr = _x.Struct(
    "sm_stat",
    [
        ("state", _x.Int32),
    ],
    cls=sm_stat,
)

sm_res_xdr = _x.Enum("sm_res", sm_res)

sm_stat_res_xdr = _x.Struct(
    "sm_stat_res",
    [
        ("res_stat", sm_res_xdr),
        ("state", _x.Int32),
    ],
    cls=sm_stat_res,
)

stat_chge_xdr = _x.Struct(
    "stat_chge",
    [
        ("mon_name", _x.String(1024)),
        ("state", _x.Int32),
    ],
    cls=stat_chge,
)

sm_status_xdr = _x.Struct(
    "sm_status",
    [
        ("mon_name", _x.String(1024)),
        ("state", _x.Int32),
        ("priv", _x.Opaque(16)),
    ],
    cls=sm_status,
)


# -- packers of the fixed-size structs -------------------------------------------------------------

#: sm_stat_res_packer.pack(res_stat, state) -> the wire bytes of a sm_stat_res, taken by
#: sm_stat_res_xdr (and every codec holding one) in place of an instance; enum values are not
#: checked.
sm_stat_res_packer: Final = _struct.Struct(">ii")


# -- program SM_PROG -------------------------------------------------------------------------------
SM_PROG: Final = 100024

SM_VERS: Final = 1
SM_NULL: Final = 0
SM_STAT: Final = 1
SM_MON: Final = 2
SM_UNMON: Final = 3
SM_UNMON_ALL: Final = 4
SM_SIMU_CRASH: Final = 5
SM_NOTIFY: Final = 6

#: SM_PROG version 1: procedure -> (name, arguments, results).
SM_VERS_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    SM_NULL: ("SM_NULL", _x.Void, _x.Void),
    SM_STAT: ("SM_STAT", sm_name_xdr, sm_stat_res_xdr),
    SM_MON: ("SM_MON", mon_xdr, sm_stat_res_xdr),
    SM_UNMON: ("SM_UNMON", mon_id_xdr, sm_stat_xdr),
    SM_UNMON_ALL: ("SM_UNMON_ALL", my_id_xdr, sm_stat_xdr),
    SM_SIMU_CRASH: ("SM_SIMU_CRASH", _x.Void, _x.Void),
    SM_NOTIFY: ("SM_NOTIFY", stat_chge_xdr, _x.Void),
}
