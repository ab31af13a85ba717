# Generated from xdr/rpcb_prot.x by rpc.xdrgen: do not edit.
"""Types and codecs of xdr/rpcb_prot.x: the mapping is in docs/internal-api.md."""

from __future__ import annotations

import struct as _struct
from typing import Final, TypeAlias

from rpc import xdr as _x

RPCB_PORT: Final = 111
RPCBSTAT_HIGHPROC: Final = 13
RPCBVERS_STAT: Final = 3
RPCBVERS_4_STAT: Final = 2
RPCBVERS_3_STAT: Final = 1
RPCBVERS_2_STAT: Final = 0
PMAP_PORT: Final = 111
IPPROTO_TCP: Final = 6
IPPROTO_UDP: Final = 17


class rpcb(_x.XdrStruct):
    """struct rpcb."""

    __slots__ = ("r_addr", "r_netid", "r_owner", "r_prog", "r_vers")
    __match_args__ = ("r_prog", "r_vers", "r_netid", "r_addr", "r_owner")
    _fields = ("r_prog", "r_vers", "r_netid", "r_addr", "r_owner")

    def __init__(
        self,
        r_prog: int,
        r_vers: int,
        r_netid: bytes,
        r_addr: bytes,
        r_owner: bytes,
    ) -> None:
        self.r_prog = r_prog
        self.r_vers = r_vers
        self.r_netid = r_netid
        self.r_addr = r_addr
        self.r_owner = r_owner


class rpcb_rmtcallargs(_x.XdrStruct):
    """struct rpcb_rmtcallargs."""

    __slots__ = ("args", "proc", "prog", "vers")
    __match_args__ = ("prog", "vers", "proc", "args")
    _fields = ("prog", "vers", "proc", "args")

    def __init__(self, prog: int, vers: int, proc: int, args: bytes) -> None:
        self.prog = prog
        self.vers = vers
        self.proc = proc
        self.args = args


class rpcb_rmtcallres(_x.XdrStruct):
    """struct rpcb_rmtcallres."""

    __slots__ = ("addr", "results")
    __match_args__ = ("addr", "results")
    _fields = ("addr", "results")

    def __init__(self, addr: bytes, results: bytes) -> None:
        self.addr = addr
        self.results = results


class rpcb_entry(_x.XdrStruct):
    """struct rpcb_entry."""

    __slots__ = ("r_maddr", "r_nc_netid", "r_nc_proto", "r_nc_protofmly", "r_nc_semantics")
    __match_args__ = ("r_maddr", "r_nc_netid", "r_nc_semantics", "r_nc_protofmly", "r_nc_proto")
    _fields = ("r_maddr", "r_nc_netid", "r_nc_semantics", "r_nc_protofmly", "r_nc_proto")

    def __init__(
        self,
        r_maddr: bytes,
        r_nc_netid: bytes,
        r_nc_semantics: int,
        r_nc_protofmly: bytes,
        r_nc_proto: bytes,
    ) -> None:
        self.r_maddr = r_maddr
        self.r_nc_netid = r_nc_netid
        self.r_nc_semantics = r_nc_semantics
        self.r_nc_protofmly = r_nc_protofmly
        self.r_nc_proto = r_nc_proto


class rpcbs_addr(_x.XdrStruct):
    """linked-list element of struct rpcbs_addr."""

    __slots__ = ("failure", "netid", "prog", "success", "vers")
    __match_args__ = ("prog", "vers", "success", "failure", "netid")
    _fields = ("prog", "vers", "success", "failure", "netid")

    def __init__(self, prog: int, vers: int, success: int, failure: int, netid: bytes) -> None:
        self.prog = prog
        self.vers = vers
        self.success = success
        self.failure = failure
        self.netid = netid


class rpcbs_rmtcall(_x.XdrStruct):
    """linked-list element of struct rpcbs_rmtcall."""

    __slots__ = ("failure", "indirect", "netid", "proc", "prog", "success", "vers")
    __match_args__ = ("prog", "vers", "proc", "success", "failure", "indirect", "netid")
    _fields = ("prog", "vers", "proc", "success", "failure", "indirect", "netid")

    def __init__(
        self,
        prog: int,
        vers: int,
        proc: int,
        success: int,
        failure: int,
        indirect: int,
        netid: bytes,
    ) -> None:
        self.prog = prog
        self.vers = vers
        self.proc = proc
        self.success = success
        self.failure = failure
        self.indirect = indirect
        self.netid = netid


class rpcb_stat(_x.XdrStruct):
    """struct rpcb_stat."""

    __slots__ = ("addrinfo", "info", "rmtinfo", "setinfo", "unsetinfo")
    __match_args__ = ("info", "setinfo", "unsetinfo", "addrinfo", "rmtinfo")
    _fields = ("info", "setinfo", "unsetinfo", "addrinfo", "rmtinfo")

    def __init__(
        self,
        info: rpcbs_proc,
        setinfo: int,
        unsetinfo: int,
        addrinfo: rpcbs_addrlist_ptr,
        rmtinfo: rpcbs_rmtcalllist_ptr,
    ) -> None:
        self.info = info
        self.setinfo = setinfo
        self.unsetinfo = unsetinfo
        self.addrinfo = addrinfo
        self.rmtinfo = rmtinfo


class netbuf(_x.XdrStruct):
    """struct netbuf."""

    __slots__ = ("buf", "maxlen")
    __match_args__ = ("maxlen", "buf")
    _fields = ("maxlen", "buf")

    def __init__(self, maxlen: int, buf: bytes) -> None:
        self.maxlen = maxlen
        self.buf = buf


class mapping(_x.XdrStruct):
    """struct mapping."""

    __slots__ = ("port", "prog", "prot", "vers")
    __match_args__ = ("prog", "vers", "prot", "port")
    _fields = ("prog", "vers", "prot", "port")

    def __init__(self, prog: int, vers: int, prot: int, port: int) -> None:
        self.prog = prog
        self.vers = vers
        self.prot = prot
        self.port = port


class call_args(_x.XdrStruct):
    """struct call_args."""

    __slots__ = ("args", "proc", "prog", "vers")
    __match_args__ = ("prog", "vers", "proc", "args")
    _fields = ("prog", "vers", "proc", "args")

    def __init__(self, prog: int, vers: int, proc: int, args: bytes) -> None:
        self.prog = prog
        self.vers = vers
        self.proc = proc
        self.args = args


class call_result(_x.XdrStruct):
    """struct call_result."""

    __slots__ = ("port", "res")
    __match_args__ = ("port", "res")
    _fields = ("port", "res")

    def __init__(self, port: int, res: bytes) -> None:
        self.port = port
        self.res = res


rpcblist_ptr: TypeAlias = "list[rpcb]"
rpcb_entry_list_ptr: TypeAlias = "list[rpcb_entry]"
rpcbs_addrlist_ptr: TypeAlias = "list[rpcbs_addr]"
rpcbs_rmtcalllist_ptr: TypeAlias = "list[rpcbs_rmtcall]"
rpcbs_proc: TypeAlias = "list[int]"
rpcb_stat_byvers: TypeAlias = "list[rpcb_stat]"
pmaplist_ptr: TypeAlias = "list[mapping]"


# -- codecs (rpc.xdr) -------------------------------------------------------------------------------

rpcb_xdr = _x.Struct(
    "rpcb",
    [
        ("r_prog", _x.UInt32),
        ("r_vers", _x.UInt32),
        ("r_netid", _x.String()),
        ("r_addr", _x.String()),
        ("r_owner", _x.String()),
    ],
    cls=rpcb,
)

rpcblist_ptr_xdr = _x.LinkedList(rpcb_xdr, name="rpcblist_ptr")

rpcb_rmtcallargs_xdr = _x.Struct(
    "rpcb_rmtcallargs",
    [
        ("prog", _x.UInt32),
        ("vers", _x.UInt32),
        ("proc", _x.UInt32),
        ("args", _x.VarOpaque()),
    ],
    cls=rpcb_rmtcallargs,
)

rpcb_rmtcallres_xdr = _x.Struct(
    "rpcb_rmtcallres",
    [
        ("addr", _x.String()),
        ("results", _x.VarOpaque()),
    ],
    cls=rpcb_rmtcallres,
)

rpcb_entry_xdr = _x.Struct(
    "rpcb_entry",
    [
        ("r_maddr", _x.String()),
        ("r_nc_netid", _x.String()),
        ("r_nc_semantics", _x.UInt32),
        ("r_nc_protofmly", _x.String()),
        ("r_nc_proto", _x.String()),
    ],
    cls=rpcb_entry,
)

rpcb_entry_list_ptr_xdr = _x.LinkedList(rpcb_entry_xdr, name="rpcb_entry_list_ptr")

rpcbs_addr_xdr = _x.Struct(
    "rpcbs_addr",
    [
        ("prog", _x.UInt32),
        ("vers", _x.UInt32),
        ("success", _x.Int32),
        ("failure", _x.Int32),
        ("netid", _x.String()),
    ],
    cls=rpcbs_addr,
)

rpcbs_addrlist_ptr_xdr = _x.LinkedList(rpcbs_addr_xdr, name="rpcbs_addrlist_ptr")

rpcbs_rmtcall_xdr = _x.Struct(
    "rpcbs_rmtcall",
    [
        ("prog", _x.UInt32),
        ("vers", _x.UInt32),
        ("proc", _x.UInt32),
        ("success", _x.Int32),
        ("failure", _x.Int32),
        ("indirect", _x.Int32),
        ("netid", _x.String()),
    ],
    cls=rpcbs_rmtcall,
)

rpcbs_rmtcalllist_ptr_xdr = _x.LinkedList(rpcbs_rmtcall_xdr, name="rpcbs_rmtcalllist_ptr")

rpcbs_proc_xdr = _x.FixedArray(_x.Int32, 13, name="rpcbs_proc")

rpcb_stat_xdr = _x.Struct(
    "rpcb_stat",
    [
        ("info", rpcbs_proc_xdr),
        ("setinfo", _x.Int32),
        ("unsetinfo", _x.Int32),
        ("addrinfo", rpcbs_addrlist_ptr_xdr),
        ("rmtinfo", rpcbs_rmtcalllist_ptr_xdr),
    ],
    cls=rpcb_stat,
)

rpcb_stat_byvers_xdr = _x.FixedArray(rpcb_stat_xdr, 3, name="rpcb_stat_byvers")

netbuf_xdr = _x.Struct(
    "netbuf",
    [
        ("maxlen", _x.UInt32),
        ("buf", _x.VarOpaque()),
    ],
    cls=netbuf,
)

mapping_xdr = _x.Struct(
    "mapping",
    [
        ("prog", _x.UInt32),
        ("vers", _x.UInt32),
        ("prot", _x.UInt32),
        ("port", _x.UInt32),
    ],
    cls=mapping,
)

pmaplist_ptr_xdr = _x.LinkedList(mapping_xdr, name="pmaplist_ptr")

call_args_xdr = _x.Struct(
    "call_args",
    [
        ("prog", _x.UInt32),
        ("vers", _x.UInt32),
        ("proc", _x.UInt32),
        ("args", _x.VarOpaque()),
    ],
    cls=call_args,
)

call_result_xdr = _x.Struct(
    "call_result",
    [
        ("port", _x.UInt32),
        ("res", _x.VarOpaque()),
    ],
    cls=call_result,
)


# -- packers of the fixed-size structs -------------------------------------------------------------

#: mapping_packer.pack(prog, vers, prot, port) -> the wire bytes of a mapping, taken by mapping_xdr
#: (and every codec holding one) in place of an instance; enum values are not checked.
mapping_packer: Final = _struct.Struct(">IIII")


# -- program PMAP_PROG -----------------------------------------------------------------------------
PMAP_PROG: Final = 100000

PMAP_VERS: Final = 2
PMAPPROC_NULL: Final = 0
PMAPPROC_SET: Final = 1
PMAPPROC_UNSET: Final = 2
PMAPPROC_GETPORT: Final = 3
PMAPPROC_DUMP: Final = 4
PMAPPROC_CALLIT: Final = 5

#: PMAP_PROG version 2: procedure -> (name, arguments, results).
PMAP_VERS_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    PMAPPROC_NULL: ("PMAPPROC_NULL", _x.Void, _x.Void),
    PMAPPROC_SET: ("PMAPPROC_SET", mapping_xdr, _x.Bool),
    PMAPPROC_UNSET: ("PMAPPROC_UNSET", mapping_xdr, _x.Bool),
    PMAPPROC_GETPORT: ("PMAPPROC_GETPORT", mapping_xdr, _x.UInt32),
    PMAPPROC_DUMP: ("PMAPPROC_DUMP", _x.Void, pmaplist_ptr_xdr),
    PMAPPROC_CALLIT: ("PMAPPROC_CALLIT", call_args_xdr, call_result_xdr),
}


# -- program RPCBPROG ------------------------------------------------------------------------------
RPCBPROG: Final = 100000

RPCBVERS: Final = 3
RPCBPROC_NULL: Final = 0
RPCBPROC_SET: Final = 1
RPCBPROC_UNSET: Final = 2
RPCBPROC_GETADDR: Final = 3
RPCBPROC_DUMP: Final = 4
RPCBPROC_CALLIT: Final = 5
RPCBPROC_GETTIME: Final = 6
RPCBPROC_UADDR2TADDR: Final = 7
RPCBPROC_TADDR2UADDR: Final = 8

#: RPCBPROG version 3: procedure -> (name, arguments, results).
RPCBVERS_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    RPCBPROC_NULL: ("RPCBPROC_NULL", _x.Void, _x.Void),
    RPCBPROC_SET: ("RPCBPROC_SET", rpcb_xdr, _x.Bool),
    RPCBPROC_UNSET: ("RPCBPROC_UNSET", rpcb_xdr, _x.Bool),
    RPCBPROC_GETADDR: ("RPCBPROC_GETADDR", rpcb_xdr, _x.String()),
    RPCBPROC_DUMP: ("RPCBPROC_DUMP", _x.Void, rpcblist_ptr_xdr),
    RPCBPROC_CALLIT: ("RPCBPROC_CALLIT", rpcb_rmtcallargs_xdr, rpcb_rmtcallres_xdr),
    RPCBPROC_GETTIME: ("RPCBPROC_GETTIME", _x.Void, _x.UInt32),
    RPCBPROC_UADDR2TADDR: ("RPCBPROC_UADDR2TADDR", _x.String(), netbuf_xdr),
    RPCBPROC_TADDR2UADDR: ("RPCBPROC_TADDR2UADDR", netbuf_xdr, _x.String()),
}

RPCBVERS4: Final = 4
RPCBPROC_BCAST: Final = 5
RPCBPROC_GETVERSADDR: Final = 9
RPCBPROC_INDIRECT: Final = 10
RPCBPROC_GETADDRLIST: Final = 11
RPCBPROC_GETSTAT: Final = 12

#: RPCBPROG version 4: procedure -> (name, arguments, results).
RPCBVERS4_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    RPCBPROC_NULL: ("RPCBPROC_NULL", _x.Void, _x.Void),
    RPCBPROC_SET: ("RPCBPROC_SET", rpcb_xdr, _x.Bool),
    RPCBPROC_UNSET: ("RPCBPROC_UNSET", rpcb_xdr, _x.Bool),
    RPCBPROC_GETADDR: ("RPCBPROC_GETADDR", rpcb_xdr, _x.String()),
    RPCBPROC_DUMP: ("RPCBPROC_DUMP", _x.Void, rpcblist_ptr_xdr),
    RPCBPROC_BCAST: ("RPCBPROC_BCAST", rpcb_rmtcallargs_xdr, rpcb_rmtcallres_xdr),
    RPCBPROC_GETTIME: ("RPCBPROC_GETTIME", _x.Void, _x.UInt32),
    RPCBPROC_UADDR2TADDR: ("RPCBPROC_UADDR2TADDR", _x.String(), netbuf_xdr),
    RPCBPROC_TADDR2UADDR: ("RPCBPROC_TADDR2UADDR", netbuf_xdr, _x.String()),
    RPCBPROC_GETVERSADDR: ("RPCBPROC_GETVERSADDR", rpcb_xdr, _x.String()),
    RPCBPROC_INDIRECT: ("RPCBPROC_INDIRECT", rpcb_rmtcallargs_xdr, rpcb_rmtcallres_xdr),
    RPCBPROC_GETADDRLIST: ("RPCBPROC_GETADDRLIST", rpcb_xdr, rpcb_entry_list_ptr_xdr),
    RPCBPROC_GETSTAT: ("RPCBPROC_GETSTAT", _x.Void, rpcb_stat_byvers_xdr),
}
