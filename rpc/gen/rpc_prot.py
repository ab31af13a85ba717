# Generated from xdr/rpc_prot.x by rpc.xdrgen: do not edit.
"""Types and codecs of xdr/rpc_prot.x: the mapping is in docs/internal-api.md."""

from __future__ import annotations

import enum
import struct as _struct
from typing import Final

from rpc import xdr as _x

RPC_VERS: Final = 2
MAX_AUTH_BYTES: Final = 400
MAX_MACHINE_NAME: Final = 255
MAX_AUTHSYS_GIDS: Final = 16


class auth_flavor(enum.IntEnum):
    """enum auth_flavor."""

    AUTH_NONE = 0
    AUTH_SYS = 1
    AUTH_SHORT = 2
    AUTH_DH = 3
    RPCSEC_GSS = 6


AUTH_NONE: Final = auth_flavor.AUTH_NONE
AUTH_SYS: Final = auth_flavor.AUTH_SYS
AUTH_SHORT: Final = auth_flavor.AUTH_SHORT
AUTH_DH: Final = auth_flavor.AUTH_DH
RPCSEC_GSS: Final = auth_flavor.RPCSEC_GSS


class opaque_auth(_x.XdrStruct):
    """struct opaque_auth."""

    __slots__ = ("body", "flavor")
    __match_args__ = ("flavor", "body")
    _fields = ("flavor", "body")

    def __init__(self, flavor: int, body: bytes) -> None:
        self.flavor = flavor
        self.body = body


class msg_type(enum.IntEnum):
    """enum msg_type."""

    CALL = 0
    REPLY = 1


CALL: Final = msg_type.CALL
REPLY: Final = msg_type.REPLY


class reply_stat(enum.IntEnum):
    """enum reply_stat."""

    MSG_ACCEPTED = 0
    MSG_DENIED = 1


MSG_ACCEPTED: Final = reply_stat.MSG_ACCEPTED
MSG_DENIED: Final = reply_stat.MSG_DENIED


class accept_stat(enum.IntEnum):
    """enum accept_stat."""

    SUCCESS = 0
    PROG_UNAVAIL = 1
    PROG_MISMATCH = 2
    PROC_UNAVAIL = 3
    GARBAGE_ARGS = 4
    SYSTEM_ERR = 5


SUCCESS: Final = accept_stat.SUCCESS
PROG_UNAVAIL: Final = accept_stat.PROG_UNAVAIL
PROG_MISMATCH: Final = accept_stat.PROG_MISMATCH
PROC_UNAVAIL: Final = accept_stat.PROC_UNAVAIL
GARBAGE_ARGS: Final = accept_stat.GARBAGE_ARGS
SYSTEM_ERR: Final = accept_stat.SYSTEM_ERR


class reject_stat(enum.IntEnum):
    """enum reject_stat."""

    RPC_MISMATCH = 0
    AUTH_ERROR = 1


RPC_MISMATCH: Final = reject_stat.RPC_MISMATCH
AUTH_ERROR: Final = reject_stat.AUTH_ERROR


class auth_stat(enum.IntEnum):
    """enum auth_stat."""

    AUTH_OK = 0
    AUTH_BADCRED = 1
    AUTH_REJECTEDCRED = 2
    AUTH_BADVERF = 3
    AUTH_REJECTEDVERF = 4
    AUTH_TOOWEAK = 5
    AUTH_INVALIDRESP = 6
    AUTH_FAILED = 7
    AUTH_KERB_GENERIC = 8
    AUTH_TIMEEXPIRE = 9
    AUTH_TKT_FILE = 10
    AUTH_DECODE = 11
    AUTH_NET_ADDR = 12
    RPCSEC_GSS_CREDPROBLEM = 13
    RPCSEC_GSS_CTXPROBLEM = 14


AUTH_OK: Final = auth_stat.AUTH_OK
AUTH_BADCRED: Final = auth_stat.AUTH_BADCRED
AUTH_REJECTEDCRED: Final = auth_stat.AUTH_REJECTEDCRED
AUTH_BADVERF: Final = auth_stat.AUTH_BADVERF
AUTH_REJECTEDVERF: Final = auth_stat.AUTH_REJECTEDVERF
AUTH_TOOWEAK: Final = auth_stat.AUTH_TOOWEAK
AUTH_INVALIDRESP: Final = auth_stat.AUTH_INVALIDRESP
AUTH_FAILED: Final = auth_stat.AUTH_FAILED
AUTH_KERB_GENERIC: Final = auth_stat.AUTH_KERB_GENERIC
AUTH_TIMEEXPIRE: Final = auth_stat.AUTH_TIMEEXPIRE
AUTH_TKT_FILE: Final = auth_stat.AUTH_TKT_FILE
AUTH_DECODE: Final = auth_stat.AUTH_DECODE
AUTH_NET_ADDR: Final = auth_stat.AUTH_NET_ADDR
RPCSEC_GSS_CREDPROBLEM: Final = auth_stat.RPCSEC_GSS_CREDPROBLEM
RPCSEC_GSS_CTXPROBLEM: Final = auth_stat.RPCSEC_GSS_CTXPROBLEM


class mismatch_info(_x.XdrStruct):
    """struct mismatch_info."""

    __slots__ = ("high", "low")
    __match_args__ = ("low", "high")
    _fields = ("low", "high")

    def __init__(self, low: int, high: int) -> None:
        self.low = low
        self.high = high


class call_body(_x.XdrStruct):
    """struct call_body."""

    __slots__ = ("cred", "proc", "prog", "rpcvers", "verf", "vers")
    __match_args__ = ("rpcvers", "prog", "vers", "proc", "cred", "verf")
    _fields = ("rpcvers", "prog", "vers", "proc", "cred", "verf")

    def __init__(
        self,
        rpcvers: int,
        prog: int,
        vers: int,
        proc: int,
        cred: opaque_auth,
        verf: opaque_auth,
    ) -> None:
        self.rpcvers = rpcvers
        self.prog = prog
        self.vers = vers
        self.proc = proc
        self.cred = cred
        self.verf = verf


class accepted_reply_reply_data(_x.UnionValue):
    """union accepted_reply_reply_data switch (accept_stat stat); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: mismatch_info | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def mismatch_info(self) -> mismatch_info:
        """The ``mismatch_info`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"accepted_reply_reply_data.mismatch_info: tag is {self.tag!r}")
        return self.value


class accepted_reply(_x.XdrStruct):
    """struct accepted_reply."""

    __slots__ = ("reply_data", "verf")
    __match_args__ = ("verf", "reply_data")
    _fields = ("verf", "reply_data")

    def __init__(self, verf: opaque_auth, reply_data: accepted_reply_reply_data) -> None:
        self.verf = verf
        self.reply_data = reply_data


class rejected_reply(_x.UnionValue):
    """union rejected_reply switch (reject_stat stat); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: mismatch_info | int | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def mismatch_info(self) -> mismatch_info:
        """The ``mismatch_info`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"rejected_reply.mismatch_info: tag is {self.tag!r}")
        return self.value

    @property
    def stat(self) -> int:
        """The ``stat`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"rejected_reply.stat: tag is {self.tag!r}")
        return self.value


class reply_body(_x.UnionValue):
    """union reply_body switch (reply_stat stat); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: accepted_reply | rejected_reply | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def areply(self) -> accepted_reply:
        """The ``areply`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"reply_body.areply: tag is {self.tag!r}")
        return self.value

    @property
    def rreply(self) -> rejected_reply:
        """The ``rreply`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"reply_body.rreply: tag is {self.tag!r}")
        return self.value


class rpc_msg_body(_x.UnionValue):
    """union rpc_msg_body switch (msg_type mtype); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: call_body | reply_body | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def cbody(self) -> call_body:
        """The ``cbody`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"rpc_msg_body.cbody: tag is {self.tag!r}")
        return self.value

    @property
    def rbody(self) -> reply_body:
        """The ``rbody`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"rpc_msg_body.rbody: tag is {self.tag!r}")
        return self.value


class rpc_msg(_x.XdrStruct):
    """struct rpc_msg."""

    __slots__ = ("body", "xid")
    __match_args__ = ("xid", "body")
    _fields = ("xid", "body")

    def __init__(self, xid: int, body: rpc_msg_body) -> None:
        self.xid = xid
        self.body = body


class authsys_parms(_x.XdrStruct):
    """struct authsys_parms."""

    __slots__ = ("gid", "gids", "machinename", "stamp", "uid")
    __match_args__ = ("stamp", "machinename", "uid", "gid", "gids")
    _fields = ("stamp", "machinename", "uid", "gid", "gids")

    def __init__(self, stamp: int, machinename: bytes, uid: int, gid: int, gids: list[int]) -> None:
        self.stamp = stamp
        self.machinename = machinename
        self.uid = uid
        self.gid = gid
        self.gids = gids


# -- codecs (rpc.xdr) -------------------------------------------------------------------------------

auth_flavor_xdr = _x.Enum("auth_flavor", auth_flavor)

opaque_auth_xdr = _x.Struct(
    "opaque_auth",
    [
        ("flavor", _x.UInt32),  # option: unknown flavors decode (answered with AUTH_ERROR)
        ("body", _x.VarOpaque(400)),
    ],
    cls=opaque_auth,
)

msg_type_xdr = _x.Enum("msg_type", msg_type)

reply_stat_xdr = _x.Enum("reply_stat", reply_stat)

accept_stat_xdr = _x.Enum("accept_stat", accept_stat)

reject_stat_xdr = _x.Enum("reject_stat", reject_stat)

auth_stat_xdr = _x.Enum("auth_stat", auth_stat)

mismatch_info_xdr = _x.Struct(
    "mismatch_info",
    [
        ("low", _x.UInt32),
        ("high", _x.UInt32),
    ],
    cls=mismatch_info,
)

call_body_xdr = _x.Struct(
    "call_body",
    [
        ("rpcvers", _x.UInt32),
        ("prog", _x.UInt32),
        ("vers", _x.UInt32),
        ("proc", _x.UInt32),
        ("cred", opaque_auth_xdr),
        ("verf", opaque_auth_xdr),
    ],
    cls=call_body,
)

accepted_reply_reply_data_xdr = _x.Union(
    "accepted_reply_reply_data",
    accept_stat_xdr,
    {
        accept_stat.SUCCESS: ("results", _x.Void),
        accept_stat.PROG_MISMATCH: ("mismatch_info", mismatch_info_xdr),
    },
    default=("void", _x.Void),
    cls=accepted_reply_reply_data,
)

accepted_reply_xdr = _x.Struct(
    "accepted_reply",
    [
        ("verf", opaque_auth_xdr),
        ("reply_data", accepted_reply_reply_data_xdr),
    ],
    cls=accepted_reply,
)

rejected_reply_xdr = _x.Union(
    "rejected_reply",
    reject_stat_xdr,
    {
        reject_stat.RPC_MISMATCH: ("mismatch_info", mismatch_info_xdr),
        reject_stat.AUTH_ERROR: ("stat", auth_stat_xdr),
    },
    cls=rejected_reply,
)

reply_body_xdr = _x.Union(
    "reply_body",
    reply_stat_xdr,
    {
        reply_stat.MSG_ACCEPTED: ("areply", accepted_reply_xdr),
        reply_stat.MSG_DENIED: ("rreply", rejected_reply_xdr),
    },
    cls=reply_body,
)

rpc_msg_body_xdr = _x.Union(
    "rpc_msg_body",
    msg_type_xdr,
    {
        msg_type.CALL: ("cbody", call_body_xdr),
        msg_type.REPLY: ("rbody", reply_body_xdr),
    },
    cls=rpc_msg_body,
)

rpc_msg_xdr = _x.Struct(
    "rpc_msg",
    [
        ("xid", _x.UInt32),
        ("body", rpc_msg_body_xdr),
    ],
    cls=rpc_msg,
)

authsys_parms_xdr = _x.Struct(
    "authsys_parms",
    [
        ("stamp", _x.UInt32),
        ("machinename", _x.String(255)),
        ("uid", _x.UInt32),
        ("gid", _x.UInt32),
        ("gids", _x.Array(_x.UInt32, 16)),
    ],
    cls=authsys_parms,
)


# -- packers of the fixed-size structs -------------------------------------------------------------

#: mismatch_info_packer.pack(low, high) -> the wire bytes of a mismatch_info, taken by
#: mismatch_info_xdr (and every codec holding one) in place of an instance; enum values are not
#: checked.
mismatch_info_packer: Final = _struct.Struct(">II")
