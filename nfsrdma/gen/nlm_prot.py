# Generated from xdr/nlm_prot.x by rpc.xdrgen: do not edit.
"""Types and codecs of xdr/nlm_prot.x: the mapping is in docs/internal-api.md."""

from __future__ import annotations

import enum
from typing import Final, TypeAlias

from rpc import xdr as _x

LM_MAXSTRLEN: Final = 1024
LM_MAXNAMELEN: Final = 1025
MAXNETOBJ_SZ: Final = 1024


class nlm4_stats(enum.IntEnum):
    """enum nlm4_stats."""

    NLM4_GRANTED = 0
    NLM4_DENIED = 1
    NLM4_DENIED_NOLOCKS = 2
    NLM4_BLOCKED = 3
    NLM4_DENIED_GRACE_PERIOD = 4
    NLM4_DEADLCK = 5
    NLM4_ROFS = 6
    NLM4_STALE_FH = 7
    NLM4_FBIG = 8
    NLM4_FAILED = 9


NLM4_GRANTED: Final = nlm4_stats.NLM4_GRANTED
NLM4_DENIED: Final = nlm4_stats.NLM4_DENIED
NLM4_DENIED_NOLOCKS: Final = nlm4_stats.NLM4_DENIED_NOLOCKS
NLM4_BLOCKED: Final = nlm4_stats.NLM4_BLOCKED
NLM4_DENIED_GRACE_PERIOD: Final = nlm4_stats.NLM4_DENIED_GRACE_PERIOD
NLM4_DEADLCK: Final = nlm4_stats.NLM4_DEADLCK
NLM4_ROFS: Final = nlm4_stats.NLM4_ROFS
NLM4_STALE_FH: Final = nlm4_stats.NLM4_STALE_FH
NLM4_FBIG: Final = nlm4_stats.NLM4_FBIG
NLM4_FAILED: Final = nlm4_stats.NLM4_FAILED


class nlm4_holder(_x.XdrStruct):
    """struct nlm4_holder."""

    __slots__ = ("exclusive", "l_len", "l_offset", "oh", "svid")
    __match_args__ = ("exclusive", "svid", "oh", "l_offset", "l_len")
    _fields = ("exclusive", "svid", "oh", "l_offset", "l_len")

    def __init__(
        self,
        exclusive: bool,
        svid: int32,
        oh: netobj,
        l_offset: uint64,
        l_len: uint64,
    ) -> None:
        self.exclusive = exclusive
        self.svid = svid
        self.oh = oh
        self.l_offset = l_offset
        self.l_len = l_len


class nlm4_testrply(_x.UnionValue):
    """union nlm4_testrply switch (nlm4_stats stat); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: nlm4_holder | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def holder(self) -> nlm4_holder:
        """The ``holder`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"nlm4_testrply.holder: tag is {self.tag!r}")
        return self.value


class nlm4_stat(_x.XdrStruct):
    """struct nlm4_stat."""

    __slots__ = ("stat",)
    __match_args__ = ("stat",)
    _fields = ("stat",)

    def __init__(self, stat: int) -> None:
        self.stat = stat


class nlm4_res(_x.XdrStruct):
    """struct nlm4_res."""

    __slots__ = ("cookie", "stat")
    __match_args__ = ("cookie", "stat")
    _fields = ("cookie", "stat")

    def __init__(self, cookie: netobj, stat: nlm4_stat) -> None:
        self.cookie = cookie
        self.stat = stat


class nlm4_testres(_x.XdrStruct):
    """struct nlm4_testres."""

    __slots__ = ("cookie", "stat")
    __match_args__ = ("cookie", "stat")
    _fields = ("cookie", "stat")

    def __init__(self, cookie: netobj, stat: nlm4_testrply) -> None:
        self.cookie = cookie
        self.stat = stat


class nlm4_lock(_x.XdrStruct):
    """struct nlm4_lock."""

    __slots__ = ("caller_name", "fh", "l_len", "l_offset", "oh", "svid")
    __match_args__ = ("caller_name", "fh", "oh", "svid", "l_offset", "l_len")
    _fields = ("caller_name", "fh", "oh", "svid", "l_offset", "l_len")

    def __init__(
        self,
        caller_name: bytes,
        fh: netobj,
        oh: netobj,
        svid: int32,
        l_offset: uint64,
        l_len: uint64,
    ) -> None:
        self.caller_name = caller_name
        self.fh = fh
        self.oh = oh
        self.svid = svid
        self.l_offset = l_offset
        self.l_len = l_len


class nlm4_lockargs(_x.XdrStruct):
    """struct nlm4_lockargs."""

    __slots__ = ("alock", "block", "cookie", "exclusive", "reclaim", "state")
    __match_args__ = ("cookie", "block", "exclusive", "alock", "reclaim", "state")
    _fields = ("cookie", "block", "exclusive", "alock", "reclaim", "state")

    def __init__(
        self,
        cookie: netobj,
        block: bool,
        exclusive: bool,
        alock: nlm4_lock,
        reclaim: bool,
        state: int32,
    ) -> None:
        self.cookie = cookie
        self.block = block
        self.exclusive = exclusive
        self.alock = alock
        self.reclaim = reclaim
        self.state = state


class nlm4_cancargs(_x.XdrStruct):
    """struct nlm4_cancargs."""

    __slots__ = ("alock", "block", "cookie", "exclusive")
    __match_args__ = ("cookie", "block", "exclusive", "alock")
    _fields = ("cookie", "block", "exclusive", "alock")

    def __init__(self, cookie: netobj, block: bool, exclusive: bool, alock: nlm4_lock) -> None:
        self.cookie = cookie
        self.block = block
        self.exclusive = exclusive
        self.alock = alock


class nlm4_testargs(_x.XdrStruct):
    """struct nlm4_testargs."""

    __slots__ = ("alock", "cookie", "exclusive")
    __match_args__ = ("cookie", "exclusive", "alock")
    _fields = ("cookie", "exclusive", "alock")

    def __init__(self, cookie: netobj, exclusive: bool, alock: nlm4_lock) -> None:
        self.cookie = cookie
        self.exclusive = exclusive
        self.alock = alock


class nlm4_unlockargs(_x.XdrStruct):
    """struct nlm4_unlockargs."""

    __slots__ = ("alock", "cookie")
    __match_args__ = ("cookie", "alock")
    _fields = ("cookie", "alock")

    def __init__(self, cookie: netobj, alock: nlm4_lock) -> None:
        self.cookie = cookie
        self.alock = alock


class fsh4_mode(enum.IntEnum):
    """enum fsh4_mode."""

    fsm_DN = 0
    fsm_DR = 1
    fsm_DW = 2
    fsm_DRW = 3


fsm_DN: Final = fsh4_mode.fsm_DN
fsm_DR: Final = fsh4_mode.fsm_DR
fsm_DW: Final = fsh4_mode.fsm_DW
fsm_DRW: Final = fsh4_mode.fsm_DRW


class fsh4_access(enum.IntEnum):
    """enum fsh4_access."""

    fsa_NONE = 0
    fsa_R = 1
    fsa_W = 2
    fsa_RW = 3


fsa_NONE: Final = fsh4_access.fsa_NONE
fsa_R: Final = fsh4_access.fsa_R
fsa_W: Final = fsh4_access.fsa_W
fsa_RW: Final = fsh4_access.fsa_RW


class nlm4_share(_x.XdrStruct):
    """struct nlm4_share."""

    __slots__ = ("access", "caller_name", "fh", "mode", "oh")
    __match_args__ = ("caller_name", "fh", "oh", "mode", "access")
    _fields = ("caller_name", "fh", "oh", "mode", "access")

    def __init__(self, caller_name: bytes, fh: netobj, oh: netobj, mode: int, access: int) -> None:
        self.caller_name = caller_name
        self.fh = fh
        self.oh = oh
        self.mode = mode
        self.access = access


class nlm4_shareargs(_x.XdrStruct):
    """struct nlm4_shareargs."""

    __slots__ = ("cookie", "reclaim", "share")
    __match_args__ = ("cookie", "share", "reclaim")
    _fields = ("cookie", "share", "reclaim")

    def __init__(self, cookie: netobj, share: nlm4_share, reclaim: bool) -> None:
        self.cookie = cookie
        self.share = share
        self.reclaim = reclaim


class nlm4_shareres(_x.XdrStruct):
    """struct nlm4_shareres."""

    __slots__ = ("cookie", "sequence", "stat")
    __match_args__ = ("cookie", "stat", "sequence")
    _fields = ("cookie", "stat", "sequence")

    def __init__(self, cookie: netobj, stat: int, sequence: int32) -> None:
        self.cookie = cookie
        self.stat = stat
        self.sequence = sequence


class nlm4_notify(_x.XdrStruct):
    """struct nlm4_notify."""

    __slots__ = ("name", "state")
    __match_args__ = ("name", "state")
    _fields = ("name", "state")

    def __init__(self, name: bytes, state: int32) -> None:
        self.name = name
        self.state = state


class nlm_stats(enum.IntEnum):
    """enum nlm_stats."""

    LCK_GRANTED = 0
    LCK_DENIED = 1
    LCK_DENIED_NOLOCKS = 2
    LCK_BLOCKED = 3
    LCK_DENIED_GRACE_PERIOD = 4


LCK_GRANTED: Final = nlm_stats.LCK_GRANTED
LCK_DENIED: Final = nlm_stats.LCK_DENIED
LCK_DENIED_NOLOCKS: Final = nlm_stats.LCK_DENIED_NOLOCKS
LCK_BLOCKED: Final = nlm_stats.LCK_BLOCKED
LCK_DENIED_GRACE_PERIOD: Final = nlm_stats.LCK_DENIED_GRACE_PERIOD


class nlm_holder(_x.XdrStruct):
    """struct nlm_holder."""

    __slots__ = ("exclusive", "l_len", "l_offset", "oh", "svid")
    __match_args__ = ("exclusive", "svid", "oh", "l_offset", "l_len")
    _fields = ("exclusive", "svid", "oh", "l_offset", "l_len")

    def __init__(
        self,
        exclusive: bool,
        svid: int32,
        oh: netobj,
        l_offset: uint32,
        l_len: uint32,
    ) -> None:
        self.exclusive = exclusive
        self.svid = svid
        self.oh = oh
        self.l_offset = l_offset
        self.l_len = l_len


class nlm_testrply(_x.UnionValue):
    """union nlm_testrply switch (nlm_stats stat); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: nlm_holder | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def holder(self) -> nlm_holder:
        """The ``holder`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"nlm_testrply.holder: tag is {self.tag!r}")
        return self.value


class nlm_stat(_x.XdrStruct):
    """struct nlm_stat."""

    __slots__ = ("stat",)
    __match_args__ = ("stat",)
    _fields = ("stat",)

    def __init__(self, stat: int) -> None:
        self.stat = stat


class nlm_res(_x.XdrStruct):
    """struct nlm_res."""

    __slots__ = ("cookie", "stat")
    __match_args__ = ("cookie", "stat")
    _fields = ("cookie", "stat")

    def __init__(self, cookie: netobj, stat: nlm_stat) -> None:
        self.cookie = cookie
        self.stat = stat


class nlm_testres(_x.XdrStruct):
    """struct nlm_testres."""

    __slots__ = ("cookie", "stat")
    __match_args__ = ("cookie", "stat")
    _fields = ("cookie", "stat")

    def __init__(self, cookie: netobj, stat: nlm_testrply) -> None:
        self.cookie = cookie
        self.stat = stat


class nlm_lock(_x.XdrStruct):
    """struct nlm_lock."""

    __slots__ = ("caller_name", "fh", "l_len", "l_offset", "oh", "svid")
    __match_args__ = ("caller_name", "fh", "oh", "svid", "l_offset", "l_len")
    _fields = ("caller_name", "fh", "oh", "svid", "l_offset", "l_len")

    def __init__(
        self,
        caller_name: bytes,
        fh: netobj,
        oh: netobj,
        svid: int32,
        l_offset: uint32,
        l_len: uint32,
    ) -> None:
        self.caller_name = caller_name
        self.fh = fh
        self.oh = oh
        self.svid = svid
        self.l_offset = l_offset
        self.l_len = l_len


class nlm_lockargs(_x.XdrStruct):
    """struct nlm_lockargs."""

    __slots__ = ("alock", "block", "cookie", "exclusive", "reclaim", "state")
    __match_args__ = ("cookie", "block", "exclusive", "alock", "reclaim", "state")
    _fields = ("cookie", "block", "exclusive", "alock", "reclaim", "state")

    def __init__(
        self,
        cookie: netobj,
        block: bool,
        exclusive: bool,
        alock: nlm_lock,
        reclaim: bool,
        state: int32,
    ) -> None:
        self.cookie = cookie
        self.block = block
        self.exclusive = exclusive
        self.alock = alock
        self.reclaim = reclaim
        self.state = state


class nlm_cancargs(_x.XdrStruct):
    """struct nlm_cancargs."""

    __slots__ = ("alock", "block", "cookie", "exclusive")
    __match_args__ = ("cookie", "block", "exclusive", "alock")
    _fields = ("cookie", "block", "exclusive", "alock")

    def __init__(self, cookie: netobj, block: bool, exclusive: bool, alock: nlm_lock) -> None:
        self.cookie = cookie
        self.block = block
        self.exclusive = exclusive
        self.alock = alock


class nlm_testargs(_x.XdrStruct):
    """struct nlm_testargs."""

    __slots__ = ("alock", "cookie", "exclusive")
    __match_args__ = ("cookie", "exclusive", "alock")
    _fields = ("cookie", "exclusive", "alock")

    def __init__(self, cookie: netobj, exclusive: bool, alock: nlm_lock) -> None:
        self.cookie = cookie
        self.exclusive = exclusive
        self.alock = alock


class nlm_unlockargs(_x.XdrStruct):
    """struct nlm_unlockargs."""

    __slots__ = ("alock", "cookie")
    __match_args__ = ("cookie", "alock")
    _fields = ("cookie", "alock")

    def __init__(self, cookie: netobj, alock: nlm_lock) -> None:
        self.cookie = cookie
        self.alock = alock


class nlm_share(_x.XdrStruct):
    """struct nlm_share."""

    __slots__ = ("access", "caller_name", "fh", "mode", "oh")
    __match_args__ = ("caller_name", "fh", "oh", "mode", "access")
    _fields = ("caller_name", "fh", "oh", "mode", "access")

    def __init__(self, caller_name: bytes, fh: netobj, oh: netobj, mode: int, access: int) -> None:
        self.caller_name = caller_name
        self.fh = fh
        self.oh = oh
        self.mode = mode
        self.access = access


class nlm_shareargs(_x.XdrStruct):
    """struct nlm_shareargs."""

    __slots__ = ("cookie", "reclaim", "share")
    __match_args__ = ("cookie", "share", "reclaim")
    _fields = ("cookie", "share", "reclaim")

    def __init__(self, cookie: netobj, share: nlm_share, reclaim: bool) -> None:
        self.cookie = cookie
        self.share = share
        self.reclaim = reclaim


class nlm_shareres(_x.XdrStruct):
    """struct nlm_shareres."""

    __slots__ = ("cookie", "sequence", "stat")
    __match_args__ = ("cookie", "stat", "sequence")
    _fields = ("cookie", "stat", "sequence")

    def __init__(self, cookie: netobj, stat: int, sequence: int32) -> None:
        self.cookie = cookie
        self.stat = stat
        self.sequence = sequence


class nlm_notify(_x.XdrStruct):
    """struct nlm_notify."""

    __slots__ = ("name", "state")
    __match_args__ = ("name", "state")
    _fields = ("name", "state")

    def __init__(self, name: bytes, state: int32) -> None:
        self.name = name
        self.state = state


uint64: TypeAlias = "int"
int64: TypeAlias = "int"
uint32: TypeAlias = "int"
int32: TypeAlias = "int"
netobj: TypeAlias = "bytes"


# -- codecs (rpc.xdr) -------------------------------------------------------------------------------

uint64_xdr = _x.UInt64

int64_xdr = _x.Int64

uint32_xdr = _x.UInt32

int32_xdr = _x.Int32

netobj_xdr = _x.VarOpaque(1024, name="netobj")

nlm4_stats_xdr = _x.Enum("nlm4_stats", nlm4_stats)

nlm4_holder_xdr = _x.Struct(
    "nlm4_holder",
    [
        ("exclusive", _x.Bool),
        ("svid", int32_xdr),
        ("oh", netobj_xdr),
        ("l_offset", uint64_xdr),
        ("l_len", uint64_xdr),
    ],
    cls=nlm4_holder,
)

nlm4_testrply_xdr = _x.Union(
    "nlm4_testrply",
    nlm4_stats_xdr,
    {
        nlm4_stats.NLM4_DENIED: ("holder", nlm4_holder_xdr),
    },
    default=("void", _x.Void),
    cls=nlm4_testrply,
)

nlm4_stat_xdr = _x.Struct(
    "nlm4_stat",
    [
        ("stat", nlm4_stats_xdr),
    ],
    cls=nlm4_stat,
)

nlm4_res_xdr = _x.Struct(
    "nlm4_res",
    [
        ("cookie", netobj_xdr),
        ("stat", nlm4_stat_xdr),
    ],
    cls=nlm4_res,
)

nlm4_testres_xdr = _x.Struct(
    "nlm4_testres",
    [
        ("cookie", netobj_xdr),
        ("stat", nlm4_testrply_xdr),
    ],
    cls=nlm4_testres,
)

nlm4_lock_xdr = _x.Struct(
    "nlm4_lock",
    [
        ("caller_name", _x.String(1024)),
        ("fh", netobj_xdr),
        ("oh", netobj_xdr),
        ("svid", int32_xdr),
        ("l_offset", uint64_xdr),
        ("l_len", uint64_xdr),
    ],
    cls=nlm4_lock,
)

nlm4_lockargs_xdr = _x.Struct(
    "nlm4_lockargs",
    [
        ("cookie", netobj_xdr),
        ("block", _x.Bool),
        ("exclusive", _x.Bool),
        ("alock", nlm4_lock_xdr),
        ("reclaim", _x.Bool),
        ("state", int32_xdr),
    ],
    cls=nlm4_lockargs,
)

nlm4_cancargs_xdr = _x.Struct(
    "nlm4_cancargs",
    [
        ("cookie", netobj_xdr),
        ("block", _x.Bool),
        ("exclusive", _x.Bool),
        ("alock", nlm4_lock_xdr),
    ],
    cls=nlm4_cancargs,
)

nlm4_testargs_xdr = _x.Struct(
    "nlm4_testargs",
    [
        ("cookie", netobj_xdr),
        ("exclusive", _x.Bool),
        ("alock", nlm4_lock_xdr),
    ],
    cls=nlm4_testargs,
)

nlm4_unlockargs_xdr = _x.Struct(
    "nlm4_unlockargs",
    [
        ("cookie", netobj_xdr),
        ("alock", nlm4_lock_xdr),
    ],
    cls=nlm4_unlockargs,
)

fsh4_mode_xdr = _x.Enum("fsh4_mode", fsh4_mode)

fsh4_access_xdr = _x.Enum("fsh4_access", fsh4_access)

nlm4_share_xdr = _x.Struct(
    "nlm4_share",
    [
        ("caller_name", _x.String(1024)),
        ("fh", netobj_xdr),
        ("oh", netobj_xdr),
        ("mode", fsh4_mode_xdr),
        ("access", fsh4_access_xdr),
    ],
    cls=nlm4_share,
)

nlm4_shareargs_xdr = _x.Struct(
    "nlm4_shareargs",
    [
        ("cookie", netobj_xdr),
        ("share", nlm4_share_xdr),
        ("reclaim", _x.Bool),
    ],
    cls=nlm4_shareargs,
)

nlm4_shareres_xdr = _x.Struct(
    "nlm4_shareres",
    [
        ("cookie", netobj_xdr),
        ("stat", nlm4_stats_xdr),
        ("sequence", int32_xdr),
    ],
    cls=nlm4_shareres,
)

nlm4_notify_xdr = _x.Struct(
    "nlm4_notify",
    [
        ("name", _x.String(1025)),
        ("state", int32_xdr),
    ],
    cls=nlm4_notify,
)

nlm_stats_xdr = _x.Enum("nlm_stats", nlm_stats)

nlm_holder_xdr = _x.Struct(
    "nlm_holder",
    [
        ("exclusive", _x.Bool),
        ("svid", int32_xdr),
        ("oh", netobj_xdr),
        ("l_offset", uint32_xdr),
        ("l_len", uint32_xdr),
    ],
    cls=nlm_holder,
)

nlm_testrply_xdr = _x.Union(
    "nlm_testrply",
    nlm_stats_xdr,
    {
        nlm_stats.LCK_DENIED: ("holder", nlm_holder_xdr),
    },
    default=("void", _x.Void),
    cls=nlm_testrply,
)

nlm_stat_xdr = _x.Struct(
    "nlm_stat",
    [
        ("stat", nlm_stats_xdr),
    ],
    cls=nlm_stat,
)

nlm_res_xdr = _x.Struct(
    "nlm_res",
    [
        ("cookie", netobj_xdr),
        ("stat", nlm_stat_xdr),
    ],
    cls=nlm_res,
)

nlm_testres_xdr = _x.Struct(
    "nlm_testres",
    [
        ("cookie", netobj_xdr),
        ("stat", nlm_testrply_xdr),
    ],
    cls=nlm_testres,
)

nlm_lock_xdr = _x.Struct(
    "nlm_lock",
    [
        ("caller_name", _x.String(1024)),
        ("fh", netobj_xdr),
        ("oh", netobj_xdr),
        ("svid", int32_xdr),
        ("l_offset", uint32_xdr),
        ("l_len", uint32_xdr),
    ],
    cls=nlm_lock,
)

nlm_lockargs_xdr = _x.Struct(
    "nlm_lockargs",
    [
        ("cookie", netobj_xdr),
        ("block", _x.Bool),
        ("exclusive", _x.Bool),
        ("alock", nlm_lock_xdr),
        ("reclaim", _x.Bool),
        ("state", int32_xdr),
    ],
    cls=nlm_lockargs,
)

nlm_cancargs_xdr = _x.Struct(
    "nlm_cancargs",
    [
        ("cookie", netobj_xdr),
        ("block", _x.Bool),
        ("exclusive", _x.Bool),
        ("alock", nlm_lock_xdr),
    ],
    cls=nlm_cancargs,
)

nlm_testargs_xdr = _x.Struct(
    "nlm_testargs",
    [
        ("cookie", netobj_xdr),
        ("exclusive", _x.Bool),
        ("alock", nlm_lock_xdr),
    ],
    cls=nlm_testargs,
)

nlm_unlockargs_xdr = _x.Struct(
    "nlm_unlockargs",
    [
        ("cookie", netobj_xdr),
        ("alock", nlm_lock_xdr),
    ],
    cls=nlm_unlockargs,
)

nlm_share_xdr = _x.Struct(
    "nlm_share",
    [
        ("caller_name", _x.String(1024)),
        ("fh", netobj_xdr),
        ("oh", netobj_xdr),
        ("mode", fsh4_mode_xdr),
        ("access", fsh4_access_xdr),
    ],
    cls=nlm_share,
)

nlm_shareargs_xdr = _x.Struct(
    "nlm_shareargs",
    [
        ("cookie", netobj_xdr),
        ("share", nlm_share_xdr),
        ("reclaim", _x.Bool),
    ],
    cls=nlm_shareargs,
)

nlm_shareres_xdr = _x.Struct(
    "nlm_shareres",
    [
        ("cookie", netobj_xdr),
        ("stat", nlm_stats_xdr),
        ("sequence", int32_xdr),
    ],
    cls=nlm_shareres,
)

nlm_notify_xdr = _x.Struct(
    "nlm_notify",
    [
        ("name", _x.String(1025)),
        ("state", int32_xdr),
    ],
    cls=nlm_notify,
)


# -- program NLM_PROG ------------------------------------------------------------------------------
NLM_PROG: Final = 100021

NLM_VERS: Final = 1
NLM_NULL: Final = 0
NLM_TEST: Final = 1
NLM_LOCK: Final = 2
NLM_CANCEL: Final = 3
NLM_UNLOCK: Final = 4
NLM_GRANTED: Final = 5
NLM_TEST_MSG: Final = 6
NLM_LOCK_MSG: Final = 7
NLM_CANCEL_MSG: Final = 8
NLM_UNLOCK_MSG: Final = 9
NLM_GRANTED_MSG: Final = 10
NLM_TEST_RES: Final = 11
NLM_LOCK_RES: Final = 12
NLM_CANCEL_RES: Final = 13
NLM_UNLOCK_RES: Final = 14
NLM_GRANTED_RES: Final = 15

#: NLM_PROG version 1: procedure -> (name, arguments, results).
NLM_VERS_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    NLM_NULL: ("NLM_NULL", _x.Void, _x.Void),
    NLM_TEST: ("NLM_TEST", nlm_testargs_xdr, nlm_testres_xdr),
    NLM_LOCK: ("NLM_LOCK", nlm_lockargs_xdr, nlm_res_xdr),
    NLM_CANCEL: ("NLM_CANCEL", nlm_cancargs_xdr, nlm_res_xdr),
    NLM_UNLOCK: ("NLM_UNLOCK", nlm_unlockargs_xdr, nlm_res_xdr),
    NLM_GRANTED: ("NLM_GRANTED", nlm_testargs_xdr, nlm_res_xdr),
    NLM_TEST_MSG: ("NLM_TEST_MSG", nlm_testargs_xdr, _x.Void),
    NLM_LOCK_MSG: ("NLM_LOCK_MSG", nlm_lockargs_xdr, _x.Void),
    NLM_CANCEL_MSG: ("NLM_CANCEL_MSG", nlm_cancargs_xdr, _x.Void),
    NLM_UNLOCK_MSG: ("NLM_UNLOCK_MSG", nlm_unlockargs_xdr, _x.Void),
    NLM_GRANTED_MSG: ("NLM_GRANTED_MSG", nlm_testargs_xdr, _x.Void),
    NLM_TEST_RES: ("NLM_TEST_RES", nlm_testres_xdr, _x.Void),
    NLM_LOCK_RES: ("NLM_LOCK_RES", nlm_res_xdr, _x.Void),
    NLM_CANCEL_RES: ("NLM_CANCEL_RES", nlm_res_xdr, _x.Void),
    NLM_UNLOCK_RES: ("NLM_UNLOCK_RES", nlm_res_xdr, _x.Void),
    NLM_GRANTED_RES: ("NLM_GRANTED_RES", nlm_res_xdr, _x.Void),
}

NLM_VERSX: Final = 3
NLM3_NULL: Final = 0
NLM3_TEST: Final = 1
NLM3_LOCK: Final = 2
NLM3_CANCEL: Final = 3
NLM3_UNLOCK: Final = 4
NLM3_GRANTED: Final = 5
NLM3_TEST_MSG: Final = 6
NLM3_LOCK_MSG: Final = 7
NLM3_CANCEL_MSG: Final = 8
NLM3_UNLOCK_MSG: Final = 9
NLM3_GRANTED_MSG: Final = 10
NLM3_TEST_RES: Final = 11
NLM3_LOCK_RES: Final = 12
NLM3_CANCEL_RES: Final = 13
NLM3_UNLOCK_RES: Final = 14
NLM3_GRANTED_RES: Final = 15
NLM3_SHARE: Final = 20
NLM3_UNSHARE: Final = 21
NLM3_NM_LOCK: Final = 22
NLM3_FREE_ALL: Final = 23

#: NLM_PROG version 3: procedure -> (name, arguments, results).
NLM_VERSX_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    NLM3_NULL: ("NLM3_NULL", _x.Void, _x.Void),
    NLM3_TEST: ("NLM3_TEST", nlm_testargs_xdr, nlm_testres_xdr),
    NLM3_LOCK: ("NLM3_LOCK", nlm_lockargs_xdr, nlm_res_xdr),
    NLM3_CANCEL: ("NLM3_CANCEL", nlm_cancargs_xdr, nlm_res_xdr),
    NLM3_UNLOCK: ("NLM3_UNLOCK", nlm_unlockargs_xdr, nlm_res_xdr),
    NLM3_GRANTED: ("NLM3_GRANTED", nlm_testargs_xdr, nlm_res_xdr),
    NLM3_TEST_MSG: ("NLM3_TEST_MSG", nlm_testargs_xdr, _x.Void),
    NLM3_LOCK_MSG: ("NLM3_LOCK_MSG", nlm_lockargs_xdr, _x.Void),
    NLM3_CANCEL_MSG: ("NLM3_CANCEL_MSG", nlm_cancargs_xdr, _x.Void),
    NLM3_UNLOCK_MSG: ("NLM3_UNLOCK_MSG", nlm_unlockargs_xdr, _x.Void),
    NLM3_GRANTED_MSG: ("NLM3_GRANTED_MSG", nlm_testargs_xdr, _x.Void),
    NLM3_TEST_RES: ("NLM3_TEST_RES", nlm_testres_xdr, _x.Void),
    NLM3_LOCK_RES: ("NLM3_LOCK_RES", nlm_res_xdr, _x.Void),
    NLM3_CANCEL_RES: ("NLM3_CANCEL_RES", nlm_res_xdr, _x.Void),
    NLM3_UNLOCK_RES: ("NLM3_UNLOCK_RES", nlm_res_xdr, _x.Void),
    NLM3_GRANTED_RES: ("NLM3_GRANTED_RES", nlm_res_xdr, _x.Void),
    NLM3_SHARE: ("NLM3_SHARE", nlm_shareargs_xdr, nlm_shareres_xdr),
    NLM3_UNSHARE: ("NLM3_UNSHARE", nlm_shareargs_xdr, nlm_shareres_xdr),
    NLM3_NM_LOCK: ("NLM3_NM_LOCK", nlm_lockargs_xdr, nlm_res_xdr),
    NLM3_FREE_ALL: ("NLM3_FREE_ALL", nlm_notify_xdr, _x.Void),
}

NLM4_VERS: Final = 4
NLMPROC4_NULL: Final = 0
NLMPROC4_TEST: Final = 1
NLMPROC4_LOCK: Final = 2
NLMPROC4_CANCEL: Final = 3
NLMPROC4_UNLOCK: Final = 4
NLMPROC4_GRANTED: Final = 5
NLMPROC4_TEST_MSG: Final = 6
NLMPROC4_LOCK_MSG: Final = 7
NLMPROC4_CANCEL_MSG: Final = 8
NLMPROC4_UNLOCK_MSG: Final = 9
NLMPROC4_GRANTED_MSG: Final = 10
NLMPROC4_TEST_RES: Final = 11
NLMPROC4_LOCK_RES: Final = 12
NLMPROC4_CANCEL_RES: Final = 13
NLMPROC4_UNLOCK_RES: Final = 14
NLMPROC4_GRANTED_RES: Final = 15
NLMPROC4_SHARE: Final = 20
NLMPROC4_UNSHARE: Final = 21
NLMPROC4_NM_LOCK: Final = 22
NLMPROC4_FREE_ALL: Final = 23

#: NLM_PROG version 4: procedure -> (name, arguments, results).
NLM4_VERS_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    NLMPROC4_NULL: ("NLMPROC4_NULL", _x.Void, _x.Void),
    NLMPROC4_TEST: ("NLMPROC4_TEST", nlm4_testargs_xdr, nlm4_testres_xdr),
    NLMPROC4_LOCK: ("NLMPROC4_LOCK", nlm4_lockargs_xdr, nlm4_res_xdr),
    NLMPROC4_CANCEL: ("NLMPROC4_CANCEL", nlm4_cancargs_xdr, nlm4_res_xdr),
    NLMPROC4_UNLOCK: ("NLMPROC4_UNLOCK", nlm4_unlockargs_xdr, nlm4_res_xdr),
    NLMPROC4_GRANTED: ("NLMPROC4_GRANTED", nlm4_testargs_xdr, nlm4_res_xdr),
    NLMPROC4_TEST_MSG: ("NLMPROC4_TEST_MSG", nlm4_testargs_xdr, _x.Void),
    NLMPROC4_LOCK_MSG: ("NLMPROC4_LOCK_MSG", nlm4_lockargs_xdr, _x.Void),
    NLMPROC4_CANCEL_MSG: ("NLMPROC4_CANCEL_MSG", nlm4_cancargs_xdr, _x.Void),
    NLMPROC4_UNLOCK_MSG: ("NLMPROC4_UNLOCK_MSG", nlm4_unlockargs_xdr, _x.Void),
    NLMPROC4_GRANTED_MSG: ("NLMPROC4_GRANTED_MSG", nlm4_testargs_xdr, _x.Void),
    NLMPROC4_TEST_RES: ("NLMPROC4_TEST_RES", nlm4_testres_xdr, _x.Void),
    NLMPROC4_LOCK_RES: ("NLMPROC4_LOCK_RES", nlm4_res_xdr, _x.Void),
    NLMPROC4_CANCEL_RES: ("NLMPROC4_CANCEL_RES", nlm4_res_xdr, _x.Void),
    NLMPROC4_UNLOCK_RES: ("NLMPROC4_UNLOCK_RES", nlm4_res_xdr, _x.Void),
    NLMPROC4_GRANTED_RES: ("NLMPROC4_GRANTED_RES", nlm4_res_xdr, _x.Void),
    NLMPROC4_SHARE: ("NLMPROC4_SHARE", nlm4_shareargs_xdr, nlm4_shareres_xdr),
    NLMPROC4_UNSHARE: ("NLMPROC4_UNSHARE", nlm4_shareargs_xdr, nlm4_shareres_xdr),
    NLMPROC4_NM_LOCK: ("NLMPROC4_NM_LOCK", nlm4_lockargs_xdr, nlm4_res_xdr),
    NLMPROC4_FREE_ALL: ("NLMPROC4_FREE_ALL", nlm4_notify_xdr, _x.Void),
}
