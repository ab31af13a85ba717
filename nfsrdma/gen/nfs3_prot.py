# Generated from xdr/nfs3_prot.x by rpc.xdrgen: do not edit.
"""Types and codecs of xdr/nfs3_prot.x: the mapping is in docs/internal-api.md."""

from __future__ import annotations

import enum
import struct as _struct
from typing import Final, TypeAlias

from rpc import xdr as _x
from rpc.buffer import PayloadLike

NFS3_FHSIZE: Final = 64
NFS3_COOKIEVERFSIZE: Final = 8
NFS3_CREATEVERFSIZE: Final = 8
NFS3_WRITEVERFSIZE: Final = 8
ACCESS3_READ: Final = 1
ACCESS3_LOOKUP: Final = 2
ACCESS3_MODIFY: Final = 4
ACCESS3_EXTEND: Final = 8
ACCESS3_DELETE: Final = 16
ACCESS3_EXECUTE: Final = 32
FSF3_LINK: Final = 1
FSF3_SYMLINK: Final = 2
FSF3_HOMOGENEOUS: Final = 8
FSF3_CANSETTIME: Final = 16


class nfsstat3(enum.IntEnum):
    """enum nfsstat3."""

    NFS3_OK = 0
    NFS3ERR_PERM = 1
    NFS3ERR_NOENT = 2
    NFS3ERR_IO = 5
    NFS3ERR_NXIO = 6
    NFS3ERR_ACCES = 13
    NFS3ERR_EXIST = 17
    NFS3ERR_XDEV = 18
    NFS3ERR_NODEV = 19
    NFS3ERR_NOTDIR = 20
    NFS3ERR_ISDIR = 21
    NFS3ERR_INVAL = 22
    NFS3ERR_FBIG = 27
    NFS3ERR_NOSPC = 28
    NFS3ERR_ROFS = 30
    NFS3ERR_MLINK = 31
    NFS3ERR_NAMETOOLONG = 63
    NFS3ERR_NOTEMPTY = 66
    NFS3ERR_DQUOT = 69
    NFS3ERR_STALE = 70
    NFS3ERR_REMOTE = 71
    NFS3ERR_BADHANDLE = 10001
    NFS3ERR_NOT_SYNC = 10002
    NFS3ERR_BAD_COOKIE = 10003
    NFS3ERR_NOTSUPP = 10004
    NFS3ERR_TOOSMALL = 10005
    NFS3ERR_SERVERFAULT = 10006
    NFS3ERR_BADTYPE = 10007
    NFS3ERR_JUKEBOX = 10008


NFS3_OK: Final = nfsstat3.NFS3_OK
NFS3ERR_PERM: Final = nfsstat3.NFS3ERR_PERM
NFS3ERR_NOENT: Final = nfsstat3.NFS3ERR_NOENT
NFS3ERR_IO: Final = nfsstat3.NFS3ERR_IO
NFS3ERR_NXIO: Final = nfsstat3.NFS3ERR_NXIO
NFS3ERR_ACCES: Final = nfsstat3.NFS3ERR_ACCES
NFS3ERR_EXIST: Final = nfsstat3.NFS3ERR_EXIST
NFS3ERR_XDEV: Final = nfsstat3.NFS3ERR_XDEV
NFS3ERR_NODEV: Final = nfsstat3.NFS3ERR_NODEV
NFS3ERR_NOTDIR: Final = nfsstat3.NFS3ERR_NOTDIR
NFS3ERR_ISDIR: Final = nfsstat3.NFS3ERR_ISDIR
NFS3ERR_INVAL: Final = nfsstat3.NFS3ERR_INVAL
NFS3ERR_FBIG: Final = nfsstat3.NFS3ERR_FBIG
NFS3ERR_NOSPC: Final = nfsstat3.NFS3ERR_NOSPC
NFS3ERR_ROFS: Final = nfsstat3.NFS3ERR_ROFS
NFS3ERR_MLINK: Final = nfsstat3.NFS3ERR_MLINK
NFS3ERR_NAMETOOLONG: Final = nfsstat3.NFS3ERR_NAMETOOLONG
NFS3ERR_NOTEMPTY: Final = nfsstat3.NFS3ERR_NOTEMPTY
NFS3ERR_DQUOT: Final = nfsstat3.NFS3ERR_DQUOT
NFS3ERR_STALE: Final = nfsstat3.NFS3ERR_STALE
NFS3ERR_REMOTE: Final = nfsstat3.NFS3ERR_REMOTE
NFS3ERR_BADHANDLE: Final = nfsstat3.NFS3ERR_BADHANDLE
NFS3ERR_NOT_SYNC: Final = nfsstat3.NFS3ERR_NOT_SYNC
NFS3ERR_BAD_COOKIE: Final = nfsstat3.NFS3ERR_BAD_COOKIE
NFS3ERR_NOTSUPP: Final = nfsstat3.NFS3ERR_NOTSUPP
NFS3ERR_TOOSMALL: Final = nfsstat3.NFS3ERR_TOOSMALL
NFS3ERR_SERVERFAULT: Final = nfsstat3.NFS3ERR_SERVERFAULT
NFS3ERR_BADTYPE: Final = nfsstat3.NFS3ERR_BADTYPE
NFS3ERR_JUKEBOX: Final = nfsstat3.NFS3ERR_JUKEBOX


class ftype3(enum.IntEnum):
    """enum ftype3."""

    NF3REG = 1
    NF3DIR = 2
    NF3BLK = 3
    NF3CHR = 4
    NF3LNK = 5
    NF3SOCK = 6
    NF3FIFO = 7


NF3REG: Final = ftype3.NF3REG
NF3DIR: Final = ftype3.NF3DIR
NF3BLK: Final = ftype3.NF3BLK
NF3CHR: Final = ftype3.NF3CHR
NF3LNK: Final = ftype3.NF3LNK
NF3SOCK: Final = ftype3.NF3SOCK
NF3FIFO: Final = ftype3.NF3FIFO


class specdata3(_x.XdrStruct):
    """struct specdata3."""

    __slots__ = ("specdata1", "specdata2")
    __match_args__ = ("specdata1", "specdata2")
    _fields = ("specdata1", "specdata2")

    def __init__(self, specdata1: uint32, specdata2: uint32) -> None:
        self.specdata1 = specdata1
        self.specdata2 = specdata2


class nfs_fh3(_x.XdrStruct):
    """struct nfs_fh3."""

    __slots__ = ("data",)
    __match_args__ = ("data",)
    _fields = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


class nfstime3(_x.XdrStruct):
    """struct nfstime3."""

    __slots__ = ("nseconds", "seconds")
    __match_args__ = ("seconds", "nseconds")
    _fields = ("seconds", "nseconds")

    def __init__(self, seconds: uint32, nseconds: uint32) -> None:
        self.seconds = seconds
        self.nseconds = nseconds


class fattr3(_x.XdrStruct):
    """struct fattr3."""

    __slots__ = (
        "atime",
        "ctime",
        "fileid",
        "fsid",
        "gid",
        "mode",
        "mtime",
        "nlink",
        "rdev",
        "size",
        "type",
        "uid",
        "used",
    )
    __match_args__ = (
        "type",
        "mode",
        "nlink",
        "uid",
        "gid",
        "size",
        "used",
        "rdev",
        "fsid",
        "fileid",
        "atime",
        "mtime",
        "ctime",
    )
    _fields = (
        "type",
        "mode",
        "nlink",
        "uid",
        "gid",
        "size",
        "used",
        "rdev",
        "fsid",
        "fileid",
        "atime",
        "mtime",
        "ctime",
    )

    def __init__(
        self,
        type: int,
        mode: mode3,
        nlink: uint32,
        uid: uid3,
        gid: gid3,
        size: size3,
        used: size3,
        rdev: specdata3,
        fsid: uint64,
        fileid: fileid3,
        atime: nfstime3,
        mtime: nfstime3,
        ctime: nfstime3,
    ) -> None:
        self.type = type
        self.mode = mode
        self.nlink = nlink
        self.uid = uid
        self.gid = gid
        self.size = size
        self.used = used
        self.rdev = rdev
        self.fsid = fsid
        self.fileid = fileid
        self.atime = atime
        self.mtime = mtime
        self.ctime = ctime


class wcc_attr(_x.XdrStruct):
    """struct wcc_attr."""

    __slots__ = ("ctime", "mtime", "size")
    __match_args__ = ("size", "mtime", "ctime")
    _fields = ("size", "mtime", "ctime")

    def __init__(self, size: size3, mtime: nfstime3, ctime: nfstime3) -> None:
        self.size = size
        self.mtime = mtime
        self.ctime = ctime


class wcc_data(_x.XdrStruct):
    """struct wcc_data."""

    __slots__ = ("after", "before")
    __match_args__ = ("before", "after")
    _fields = ("before", "after")

    def __init__(self, before: pre_op_attr, after: post_op_attr) -> None:
        self.before = before
        self.after = after


class time_how(enum.IntEnum):
    """enum time_how."""

    DONT_CHANGE = 0
    SET_TO_SERVER_TIME = 1
    SET_TO_CLIENT_TIME = 2


DONT_CHANGE: Final = time_how.DONT_CHANGE
SET_TO_SERVER_TIME: Final = time_how.SET_TO_SERVER_TIME
SET_TO_CLIENT_TIME: Final = time_how.SET_TO_CLIENT_TIME


class set_atime(_x.UnionValue):
    """union set_atime switch (time_how set_it); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: nfstime3 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def atime(self) -> nfstime3:
        """The ``atime`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"set_atime.atime: tag is {self.tag!r}")
        return self.value


class set_mtime(_x.UnionValue):
    """union set_mtime switch (time_how set_it); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: nfstime3 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def mtime(self) -> nfstime3:
        """The ``mtime`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"set_mtime.mtime: tag is {self.tag!r}")
        return self.value


class sattr3(_x.XdrStruct):
    """struct sattr3."""

    __slots__ = ("atime", "gid", "mode", "mtime", "size", "uid")
    __match_args__ = ("mode", "uid", "gid", "size", "atime", "mtime")
    _fields = ("mode", "uid", "gid", "size", "atime", "mtime")

    def __init__(
        self,
        mode: set_mode3,
        uid: set_uid3,
        gid: set_gid3,
        size: set_size3,
        atime: set_atime,
        mtime: set_mtime,
    ) -> None:
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.atime = atime
        self.mtime = mtime


class diropargs3(_x.XdrStruct):
    """struct diropargs3."""

    __slots__ = ("dir", "name")
    __match_args__ = ("dir", "name")
    _fields = ("dir", "name")

    def __init__(self, dir: nfs_fh3, name: filename3) -> None:
        self.dir = dir
        self.name = name


class GETATTR3args(_x.XdrStruct):
    """struct GETATTR3args."""

    __slots__ = ("object",)
    __match_args__ = ("object",)
    _fields = ("object",)

    def __init__(self, object: nfs_fh3) -> None:
        self.object = object


class GETATTR3resok(_x.XdrStruct):
    """struct GETATTR3resok."""

    __slots__ = ("obj_attributes",)
    __match_args__ = ("obj_attributes",)
    _fields = ("obj_attributes",)

    def __init__(self, obj_attributes: fattr3) -> None:
        self.obj_attributes = obj_attributes


class GETATTR3res(_x.UnionValue):
    """union GETATTR3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: GETATTR3resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> GETATTR3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"GETATTR3res.resok: tag is {self.tag!r}")
        return self.value


class SETATTR3args(_x.XdrStruct):
    """struct SETATTR3args."""

    __slots__ = ("guard", "new_attributes", "object")
    __match_args__ = ("object", "new_attributes", "guard")
    _fields = ("object", "new_attributes", "guard")

    def __init__(self, object: nfs_fh3, new_attributes: sattr3, guard: sattrguard3) -> None:
        self.object = object
        self.new_attributes = new_attributes
        self.guard = guard


class SETATTR3resok(_x.XdrStruct):
    """struct SETATTR3resok."""

    __slots__ = ("obj_wcc",)
    __match_args__ = ("obj_wcc",)
    _fields = ("obj_wcc",)

    def __init__(self, obj_wcc: wcc_data) -> None:
        self.obj_wcc = obj_wcc


class SETATTR3resfail(_x.XdrStruct):
    """struct SETATTR3resfail."""

    __slots__ = ("obj_wcc",)
    __match_args__ = ("obj_wcc",)
    _fields = ("obj_wcc",)

    def __init__(self, obj_wcc: wcc_data) -> None:
        self.obj_wcc = obj_wcc


class SETATTR3res(_x.UnionValue):
    """union SETATTR3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: SETATTR3resok | SETATTR3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> SETATTR3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"SETATTR3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> SETATTR3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"SETATTR3res.resfail: tag is {self.tag!r}")
        return self.value


class LOOKUP3args(_x.XdrStruct):
    """struct LOOKUP3args."""

    __slots__ = ("what",)
    __match_args__ = ("what",)
    _fields = ("what",)

    def __init__(self, what: diropargs3) -> None:
        self.what = what


class LOOKUP3resok(_x.XdrStruct):
    """struct LOOKUP3resok."""

    __slots__ = ("dir_attributes", "obj_attributes", "object")
    __match_args__ = ("object", "obj_attributes", "dir_attributes")
    _fields = ("object", "obj_attributes", "dir_attributes")

    def __init__(
        self,
        object: nfs_fh3,
        obj_attributes: post_op_attr,
        dir_attributes: post_op_attr,
    ) -> None:
        self.object = object
        self.obj_attributes = obj_attributes
        self.dir_attributes = dir_attributes


class LOOKUP3resfail(_x.XdrStruct):
    """struct LOOKUP3resfail."""

    __slots__ = ("dir_attributes",)
    __match_args__ = ("dir_attributes",)
    _fields = ("dir_attributes",)

    def __init__(self, dir_attributes: post_op_attr) -> None:
        self.dir_attributes = dir_attributes


class LOOKUP3res(_x.UnionValue):
    """union LOOKUP3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: LOOKUP3resok | LOOKUP3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> LOOKUP3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"LOOKUP3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> LOOKUP3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"LOOKUP3res.resfail: tag is {self.tag!r}")
        return self.value


class ACCESS3args(_x.XdrStruct):
    """struct ACCESS3args."""

    __slots__ = ("access", "object")
    __match_args__ = ("object", "access")
    _fields = ("object", "access")

    def __init__(self, object: nfs_fh3, access: uint32) -> None:
        self.object = object
        self.access = access


class ACCESS3resok(_x.XdrStruct):
    """struct ACCESS3resok."""

    __slots__ = ("access", "obj_attributes")
    __match_args__ = ("obj_attributes", "access")
    _fields = ("obj_attributes", "access")

    def __init__(self, obj_attributes: post_op_attr, access: uint32) -> None:
        self.obj_attributes = obj_attributes
        self.access = access


class ACCESS3resfail(_x.XdrStruct):
    """struct ACCESS3resfail."""

    __slots__ = ("obj_attributes",)
    __match_args__ = ("obj_attributes",)
    _fields = ("obj_attributes",)

    def __init__(self, obj_attributes: post_op_attr) -> None:
        self.obj_attributes = obj_attributes


class ACCESS3res(_x.UnionValue):
    """union ACCESS3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: ACCESS3resok | ACCESS3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> ACCESS3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"ACCESS3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> ACCESS3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"ACCESS3res.resfail: tag is {self.tag!r}")
        return self.value


class READLINK3args(_x.XdrStruct):
    """struct READLINK3args."""

    __slots__ = ("symlink",)
    __match_args__ = ("symlink",)
    _fields = ("symlink",)

    def __init__(self, symlink: nfs_fh3) -> None:
        self.symlink = symlink


class READLINK3resok(_x.XdrStruct):
    """struct READLINK3resok."""

    __slots__ = ("data", "symlink_attributes")
    __match_args__ = ("symlink_attributes", "data")
    _fields = ("symlink_attributes", "data")

    def __init__(self, symlink_attributes: post_op_attr, data: nfspath3) -> None:
        self.symlink_attributes = symlink_attributes
        self.data = data


class READLINK3resfail(_x.XdrStruct):
    """struct READLINK3resfail."""

    __slots__ = ("symlink_attributes",)
    __match_args__ = ("symlink_attributes",)
    _fields = ("symlink_attributes",)

    def __init__(self, symlink_attributes: post_op_attr) -> None:
        self.symlink_attributes = symlink_attributes


class READLINK3res(_x.UnionValue):
    """union READLINK3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: READLINK3resok | READLINK3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> READLINK3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"READLINK3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> READLINK3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"READLINK3res.resfail: tag is {self.tag!r}")
        return self.value


class READ3args(_x.XdrStruct):
    """struct READ3args."""

    __slots__ = ("count", "file", "offset")
    __match_args__ = ("file", "offset", "count")
    _fields = ("file", "offset", "count")

    def __init__(self, file: nfs_fh3, offset: offset3, count: count3) -> None:
        self.file = file
        self.offset = offset
        self.count = count


class READ3resok(_x.XdrStruct):
    """struct READ3resok."""

    __slots__ = ("count", "data", "eof", "file_attributes")
    __match_args__ = ("file_attributes", "count", "eof", "data")
    _fields = ("file_attributes", "count", "eof", "data")

    def __init__(
        self,
        file_attributes: post_op_attr,
        count: count3,
        eof: bool,
        data: PayloadLike,
    ) -> None:
        self.file_attributes = file_attributes
        self.count = count
        self.eof = eof
        self.data = data


class READ3resfail(_x.XdrStruct):
    """struct READ3resfail."""

    __slots__ = ("file_attributes",)
    __match_args__ = ("file_attributes",)
    _fields = ("file_attributes",)

    def __init__(self, file_attributes: post_op_attr) -> None:
        self.file_attributes = file_attributes


class READ3res(_x.UnionValue):
    """union READ3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: READ3resok | READ3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> READ3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"READ3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> READ3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"READ3res.resfail: tag is {self.tag!r}")
        return self.value


class stable_how(enum.IntEnum):
    """enum stable_how."""

    UNSTABLE = 0
    DATA_SYNC = 1
    FILE_SYNC = 2


UNSTABLE: Final = stable_how.UNSTABLE
DATA_SYNC: Final = stable_how.DATA_SYNC
FILE_SYNC: Final = stable_how.FILE_SYNC


class WRITE3args(_x.XdrStruct):
    """struct WRITE3args."""

    __slots__ = ("count", "data", "file", "offset", "stable")
    __match_args__ = ("file", "offset", "count", "stable", "data")
    _fields = ("file", "offset", "count", "stable", "data")

    def __init__(
        self,
        file: nfs_fh3,
        offset: offset3,
        count: count3,
        stable: int,
        data: PayloadLike,
    ) -> None:
        self.file = file
        self.offset = offset
        self.count = count
        self.stable = stable
        self.data = data


class WRITE3resok(_x.XdrStruct):
    """struct WRITE3resok."""

    __slots__ = ("committed", "count", "file_wcc", "verf")
    __match_args__ = ("file_wcc", "count", "committed", "verf")
    _fields = ("file_wcc", "count", "committed", "verf")

    def __init__(self, file_wcc: wcc_data, count: count3, committed: int, verf: writeverf3) -> None:
        self.file_wcc = file_wcc
        self.count = count
        self.committed = committed
        self.verf = verf


class WRITE3resfail(_x.XdrStruct):
    """struct WRITE3resfail."""

    __slots__ = ("file_wcc",)
    __match_args__ = ("file_wcc",)
    _fields = ("file_wcc",)

    def __init__(self, file_wcc: wcc_data) -> None:
        self.file_wcc = file_wcc


class WRITE3res(_x.UnionValue):
    """union WRITE3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: WRITE3resok | WRITE3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> WRITE3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"WRITE3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> WRITE3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"WRITE3res.resfail: tag is {self.tag!r}")
        return self.value


class createmode3(enum.IntEnum):
    """enum createmode3."""

    UNCHECKED = 0
    GUARDED = 1
    EXCLUSIVE = 2


UNCHECKED: Final = createmode3.UNCHECKED
GUARDED: Final = createmode3.GUARDED
EXCLUSIVE: Final = createmode3.EXCLUSIVE


class createhow3(_x.UnionValue):
    """union createhow3 switch (createmode3 mode); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: sattr3 | createverf3 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def obj_attributes(self) -> sattr3:
        """The ``obj_attributes`` arm."""
        if self.tag not in (0, 1):
            raise AttributeError(f"createhow3.obj_attributes: tag is {self.tag!r}")
        return self.value

    @property
    def verf(self) -> createverf3:
        """The ``verf`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"createhow3.verf: tag is {self.tag!r}")
        return self.value


class CREATE3args(_x.XdrStruct):
    """struct CREATE3args."""

    __slots__ = ("how", "where")
    __match_args__ = ("where", "how")
    _fields = ("where", "how")

    def __init__(self, where: diropargs3, how: createhow3) -> None:
        self.where = where
        self.how = how


class CREATE3resok(_x.XdrStruct):
    """struct CREATE3resok."""

    __slots__ = ("dir_wcc", "obj", "obj_attributes")
    __match_args__ = ("obj", "obj_attributes", "dir_wcc")
    _fields = ("obj", "obj_attributes", "dir_wcc")

    def __init__(self, obj: post_op_fh3, obj_attributes: post_op_attr, dir_wcc: wcc_data) -> None:
        self.obj = obj
        self.obj_attributes = obj_attributes
        self.dir_wcc = dir_wcc


class CREATE3resfail(_x.XdrStruct):
    """struct CREATE3resfail."""

    __slots__ = ("dir_wcc",)
    __match_args__ = ("dir_wcc",)
    _fields = ("dir_wcc",)

    def __init__(self, dir_wcc: wcc_data) -> None:
        self.dir_wcc = dir_wcc


class CREATE3res(_x.UnionValue):
    """union CREATE3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: CREATE3resok | CREATE3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> CREATE3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"CREATE3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> CREATE3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"CREATE3res.resfail: tag is {self.tag!r}")
        return self.value


class MKDIR3args(_x.XdrStruct):
    """struct MKDIR3args."""

    __slots__ = ("attributes", "where")
    __match_args__ = ("where", "attributes")
    _fields = ("where", "attributes")

    def __init__(self, where: diropargs3, attributes: sattr3) -> None:
        self.where = where
        self.attributes = attributes


class MKDIR3resok(_x.XdrStruct):
    """struct MKDIR3resok."""

    __slots__ = ("dir_wcc", "obj", "obj_attributes")
    __match_args__ = ("obj", "obj_attributes", "dir_wcc")
    _fields = ("obj", "obj_attributes", "dir_wcc")

    def __init__(self, obj: post_op_fh3, obj_attributes: post_op_attr, dir_wcc: wcc_data) -> None:
        self.obj = obj
        self.obj_attributes = obj_attributes
        self.dir_wcc = dir_wcc


class MKDIR3resfail(_x.XdrStruct):
    """struct MKDIR3resfail."""

    __slots__ = ("dir_wcc",)
    __match_args__ = ("dir_wcc",)
    _fields = ("dir_wcc",)

    def __init__(self, dir_wcc: wcc_data) -> None:
        self.dir_wcc = dir_wcc


class MKDIR3res(_x.UnionValue):
    """union MKDIR3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: MKDIR3resok | MKDIR3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> MKDIR3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"MKDIR3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> MKDIR3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"MKDIR3res.resfail: tag is {self.tag!r}")
        return self.value


class symlinkdata3(_x.XdrStruct):
    """struct symlinkdata3."""

    __slots__ = ("symlink_attributes", "symlink_data")
    __match_args__ = ("symlink_attributes", "symlink_data")
    _fields = ("symlink_attributes", "symlink_data")

    def __init__(self, symlink_attributes: sattr3, symlink_data: nfspath3) -> None:
        self.symlink_attributes = symlink_attributes
        self.symlink_data = symlink_data


class SYMLINK3args(_x.XdrStruct):
    """struct SYMLINK3args."""

    __slots__ = ("symlink", "where")
    __match_args__ = ("where", "symlink")
    _fields = ("where", "symlink")

    def __init__(self, where: diropargs3, symlink: symlinkdata3) -> None:
        self.where = where
        self.symlink = symlink


class SYMLINK3resok(_x.XdrStruct):
    """struct SYMLINK3resok."""

    __slots__ = ("dir_wcc", "obj", "obj_attributes")
    __match_args__ = ("obj", "obj_attributes", "dir_wcc")
    _fields = ("obj", "obj_attributes", "dir_wcc")

    def __init__(self, obj: post_op_fh3, obj_attributes: post_op_attr, dir_wcc: wcc_data) -> None:
        self.obj = obj
        self.obj_attributes = obj_attributes
        self.dir_wcc = dir_wcc


class SYMLINK3resfail(_x.XdrStruct):
    """struct SYMLINK3resfail."""

    __slots__ = ("dir_wcc",)
    __match_args__ = ("dir_wcc",)
    _fields = ("dir_wcc",)

    def __init__(self, dir_wcc: wcc_data) -> None:
        self.dir_wcc = dir_wcc


class SYMLINK3res(_x.UnionValue):
    """union SYMLINK3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: SYMLINK3resok | SYMLINK3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> SYMLINK3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"SYMLINK3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> SYMLINK3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"SYMLINK3res.resfail: tag is {self.tag!r}")
        return self.value


class devicedata3(_x.XdrStruct):
    """struct devicedata3."""

    __slots__ = ("dev_attributes", "spec")
    __match_args__ = ("dev_attributes", "spec")
    _fields = ("dev_attributes", "spec")

    def __init__(self, dev_attributes: sattr3, spec: specdata3) -> None:
        self.dev_attributes = dev_attributes
        self.spec = spec


class mknoddata3(_x.UnionValue):
    """union mknoddata3 switch (ftype3 type); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: devicedata3 | sattr3 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def device(self) -> devicedata3:
        """The ``device`` arm."""
        if self.tag not in (4, 3):
            raise AttributeError(f"mknoddata3.device: tag is {self.tag!r}")
        return self.value

    @property
    def pipe_attributes(self) -> sattr3:
        """The ``pipe_attributes`` arm."""
        if self.tag not in (6, 7):
            raise AttributeError(f"mknoddata3.pipe_attributes: tag is {self.tag!r}")
        return self.value


class MKNOD3args(_x.XdrStruct):
    """struct MKNOD3args."""

    __slots__ = ("what", "where")
    __match_args__ = ("where", "what")
    _fields = ("where", "what")

    def __init__(self, where: diropargs3, what: mknoddata3) -> None:
        self.where = where
        self.what = what


class MKNOD3resok(_x.XdrStruct):
    """struct MKNOD3resok."""

    __slots__ = ("dir_wcc", "obj", "obj_attributes")
    __match_args__ = ("obj", "obj_attributes", "dir_wcc")
    _fields = ("obj", "obj_attributes", "dir_wcc")

    def __init__(self, obj: post_op_fh3, obj_attributes: post_op_attr, dir_wcc: wcc_data) -> None:
        self.obj = obj
        self.obj_attributes = obj_attributes
        self.dir_wcc = dir_wcc


class MKNOD3resfail(_x.XdrStruct):
    """struct MKNOD3resfail."""

    __slots__ = ("dir_wcc",)
    __match_args__ = ("dir_wcc",)
    _fields = ("dir_wcc",)

    def __init__(self, dir_wcc: wcc_data) -> None:
        self.dir_wcc = dir_wcc


class MKNOD3res(_x.UnionValue):
    """union MKNOD3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: MKNOD3resok | MKNOD3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> MKNOD3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"MKNOD3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> MKNOD3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"MKNOD3res.resfail: tag is {self.tag!r}")
        return self.value


class REMOVE3args(_x.XdrStruct):
    """struct REMOVE3args."""

    __slots__ = ("object",)
    __match_args__ = ("object",)
    _fields = ("object",)

    def __init__(self, object: diropargs3) -> None:
        self.object = object


class REMOVE3resok(_x.XdrStruct):
    """struct REMOVE3resok."""

    __slots__ = ("dir_wcc",)
    __match_args__ = ("dir_wcc",)
    _fields = ("dir_wcc",)

    def __init__(self, dir_wcc: wcc_data) -> None:
        self.dir_wcc = dir_wcc


class REMOVE3resfail(_x.XdrStruct):
    """struct REMOVE3resfail."""

    __slots__ = ("dir_wcc",)
    __match_args__ = ("dir_wcc",)
    _fields = ("dir_wcc",)

    def __init__(self, dir_wcc: wcc_data) -> None:
        self.dir_wcc = dir_wcc


class REMOVE3res(_x.UnionValue):
    """union REMOVE3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: REMOVE3resok | REMOVE3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> REMOVE3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"REMOVE3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> REMOVE3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"REMOVE3res.resfail: tag is {self.tag!r}")
        return self.value


class RMDIR3args(_x.XdrStruct):
    """struct RMDIR3args."""

    __slots__ = ("object",)
    __match_args__ = ("object",)
    _fields = ("object",)

    def __init__(self, object: diropargs3) -> None:
        self.object = object


class RMDIR3resok(_x.XdrStruct):
    """struct RMDIR3resok."""

    __slots__ = ("dir_wcc",)
    __match_args__ = ("dir_wcc",)
    _fields = ("dir_wcc",)

    def __init__(self, dir_wcc: wcc_data) -> None:
        self.dir_wcc = dir_wcc


class RMDIR3resfail(_x.XdrStruct):
    """struct RMDIR3resfail."""

    __slots__ = ("dir_wcc",)
    __match_args__ = ("dir_wcc",)
    _fields = ("dir_wcc",)

    def __init__(self, dir_wcc: wcc_data) -> None:
        self.dir_wcc = dir_wcc


class RMDIR3res(_x.UnionValue):
    """union RMDIR3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: RMDIR3resok | RMDIR3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> RMDIR3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"RMDIR3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> RMDIR3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"RMDIR3res.resfail: tag is {self.tag!r}")
        return self.value


class RENAME3args(_x.XdrStruct):
    """struct RENAME3args."""

    __slots__ = ("from_", "to")
    __match_args__ = ("from_", "to")
    _fields = ("from_", "to")

    def __init__(self, from_: diropargs3, to: diropargs3) -> None:
        self.from_ = from_
        self.to = to


class RENAME3resok(_x.XdrStruct):
    """struct RENAME3resok."""

    __slots__ = ("fromdir_wcc", "todir_wcc")
    __match_args__ = ("fromdir_wcc", "todir_wcc")
    _fields = ("fromdir_wcc", "todir_wcc")

    def __init__(self, fromdir_wcc: wcc_data, todir_wcc: wcc_data) -> None:
        self.fromdir_wcc = fromdir_wcc
        self.todir_wcc = todir_wcc


class RENAME3resfail(_x.XdrStruct):
    """struct RENAME3resfail."""

    __slots__ = ("fromdir_wcc", "todir_wcc")
    __match_args__ = ("fromdir_wcc", "todir_wcc")
    _fields = ("fromdir_wcc", "todir_wcc")

    def __init__(self, fromdir_wcc: wcc_data, todir_wcc: wcc_data) -> None:
        self.fromdir_wcc = fromdir_wcc
        self.todir_wcc = todir_wcc


class RENAME3res(_x.UnionValue):
    """union RENAME3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: RENAME3resok | RENAME3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> RENAME3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"RENAME3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> RENAME3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"RENAME3res.resfail: tag is {self.tag!r}")
        return self.value


class LINK3args(_x.XdrStruct):
    """struct LINK3args."""

    __slots__ = ("file", "link")
    __match_args__ = ("file", "link")
    _fields = ("file", "link")

    def __init__(self, file: nfs_fh3, link: diropargs3) -> None:
        self.file = file
        self.link = link


class LINK3resok(_x.XdrStruct):
    """struct LINK3resok."""

    __slots__ = ("file_attributes", "linkdir_wcc")
    __match_args__ = ("file_attributes", "linkdir_wcc")
    _fields = ("file_attributes", "linkdir_wcc")

    def __init__(self, file_attributes: post_op_attr, linkdir_wcc: wcc_data) -> None:
        self.file_attributes = file_attributes
        self.linkdir_wcc = linkdir_wcc


class LINK3resfail(_x.XdrStruct):
    """struct LINK3resfail."""

    __slots__ = ("file_attributes", "linkdir_wcc")
    __match_args__ = ("file_attributes", "linkdir_wcc")
    _fields = ("file_attributes", "linkdir_wcc")

    def __init__(self, file_attributes: post_op_attr, linkdir_wcc: wcc_data) -> None:
        self.file_attributes = file_attributes
        self.linkdir_wcc = linkdir_wcc


class LINK3res(_x.UnionValue):
    """union LINK3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: LINK3resok | LINK3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> LINK3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"LINK3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> LINK3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"LINK3res.resfail: tag is {self.tag!r}")
        return self.value


class READDIR3args(_x.XdrStruct):
    """struct READDIR3args."""

    __slots__ = ("cookie", "cookieverf", "count", "dir")
    __match_args__ = ("dir", "cookie", "cookieverf", "count")
    _fields = ("dir", "cookie", "cookieverf", "count")

    def __init__(
        self,
        dir: nfs_fh3,
        cookie: cookie3,
        cookieverf: cookieverf3,
        count: count3,
    ) -> None:
        self.dir = dir
        self.cookie = cookie
        self.cookieverf = cookieverf
        self.count = count


class entry3(_x.XdrStruct):
    """linked-list element of struct entry3."""

    __slots__ = ("cookie", "fileid", "name")
    __match_args__ = ("fileid", "name", "cookie")
    _fields = ("fileid", "name", "cookie")

    def __init__(self, fileid: fileid3, name: filename3, cookie: cookie3) -> None:
        self.fileid = fileid
        self.name = name
        self.cookie = cookie


class dirlist3(_x.XdrStruct):
    """struct dirlist3."""

    __slots__ = ("entries", "eof")
    __match_args__ = ("entries", "eof")
    _fields = ("entries", "eof")

    def __init__(self, entries: list[entry3], eof: bool) -> None:
        self.entries = entries
        self.eof = eof


class READDIR3resok(_x.XdrStruct):
    """struct READDIR3resok."""

    __slots__ = ("cookieverf", "dir_attributes", "reply")
    __match_args__ = ("dir_attributes", "cookieverf", "reply")
    _fields = ("dir_attributes", "cookieverf", "reply")

    def __init__(
        self,
        dir_attributes: post_op_attr,
        cookieverf: cookieverf3,
        reply: dirlist3,
    ) -> None:
        self.dir_attributes = dir_attributes
        self.cookieverf = cookieverf
        self.reply = reply


class READDIR3resfail(_x.XdrStruct):
    """struct READDIR3resfail."""

    __slots__ = ("dir_attributes",)
    __match_args__ = ("dir_attributes",)
    _fields = ("dir_attributes",)

    def __init__(self, dir_attributes: post_op_attr) -> None:
        self.dir_attributes = dir_attributes


class READDIR3res(_x.UnionValue):
    """union READDIR3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: READDIR3resok | READDIR3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> READDIR3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"READDIR3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> READDIR3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"READDIR3res.resfail: tag is {self.tag!r}")
        return self.value


class READDIRPLUS3args(_x.XdrStruct):
    """struct READDIRPLUS3args."""

    __slots__ = ("cookie", "cookieverf", "dir", "dircount", "maxcount")
    __match_args__ = ("dir", "cookie", "cookieverf", "dircount", "maxcount")
    _fields = ("dir", "cookie", "cookieverf", "dircount", "maxcount")

    def __init__(
        self,
        dir: nfs_fh3,
        cookie: cookie3,
        cookieverf: cookieverf3,
        dircount: count3,
        maxcount: count3,
    ) -> None:
        self.dir = dir
        self.cookie = cookie
        self.cookieverf = cookieverf
        self.dircount = dircount
        self.maxcount = maxcount


class entryplus3(_x.XdrStruct):
    """linked-list element of struct entryplus3."""

    __slots__ = ("cookie", "fileid", "name", "name_attributes", "name_handle")
    __match_args__ = ("fileid", "name", "cookie", "name_attributes", "name_handle")
    _fields = ("fileid", "name", "cookie", "name_attributes", "name_handle")

    def __init__(
        self,
        fileid: fileid3,
        name: filename3,
        cookie: cookie3,
        name_attributes: post_op_attr,
        name_handle: post_op_fh3,
    ) -> None:
        self.fileid = fileid
        self.name = name
        self.cookie = cookie
        self.name_attributes = name_attributes
        self.name_handle = name_handle


class dirlistplus3(_x.XdrStruct):
    """struct dirlistplus3."""

    __slots__ = ("entries", "eof")
    __match_args__ = ("entries", "eof")
    _fields = ("entries", "eof")

    def __init__(self, entries: list[entryplus3], eof: bool) -> None:
        self.entries = entries
        self.eof = eof


class READDIRPLUS3resok(_x.XdrStruct):
    """struct READDIRPLUS3resok."""

    __slots__ = ("cookieverf", "dir_attributes", "reply")
    __match_args__ = ("dir_attributes", "cookieverf", "reply")
    _fields = ("dir_attributes", "cookieverf", "reply")

    def __init__(
        self,
        dir_attributes: post_op_attr,
        cookieverf: cookieverf3,
        reply: dirlistplus3,
    ) -> None:
        self.dir_attributes = dir_attributes
        self.cookieverf = cookieverf
        self.reply = reply


class READDIRPLUS3resfail(_x.XdrStruct):
    """struct READDIRPLUS3resfail."""

    __slots__ = ("dir_attributes",)
    __match_args__ = ("dir_attributes",)
    _fields = ("dir_attributes",)

    def __init__(self, dir_attributes: post_op_attr) -> None:
        self.dir_attributes = dir_attributes


class READDIRPLUS3res(_x.UnionValue):
    """union READDIRPLUS3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(
        self,
        tag: int,
        value: READDIRPLUS3resok | READDIRPLUS3resfail | None = None,
    ) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> READDIRPLUS3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"READDIRPLUS3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> READDIRPLUS3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"READDIRPLUS3res.resfail: tag is {self.tag!r}")
        return self.value


class FSSTAT3args(_x.XdrStruct):
    """struct FSSTAT3args."""

    __slots__ = ("fsroot",)
    __match_args__ = ("fsroot",)
    _fields = ("fsroot",)

    def __init__(self, fsroot: nfs_fh3) -> None:
        self.fsroot = fsroot


class FSSTAT3resok(_x.XdrStruct):
    """struct FSSTAT3resok."""

    __slots__ = (
        "abytes",
        "afiles",
        "fbytes",
        "ffiles",
        "invarsec",
        "obj_attributes",
        "tbytes",
        "tfiles",
    )
    __match_args__ = (
        "obj_attributes",
        "tbytes",
        "fbytes",
        "abytes",
        "tfiles",
        "ffiles",
        "afiles",
        "invarsec",
    )
    _fields = (
        "obj_attributes",
        "tbytes",
        "fbytes",
        "abytes",
        "tfiles",
        "ffiles",
        "afiles",
        "invarsec",
    )

    def __init__(
        self,
        obj_attributes: post_op_attr,
        tbytes: size3,
        fbytes: size3,
        abytes: size3,
        tfiles: size3,
        ffiles: size3,
        afiles: size3,
        invarsec: uint32,
    ) -> None:
        self.obj_attributes = obj_attributes
        self.tbytes = tbytes
        self.fbytes = fbytes
        self.abytes = abytes
        self.tfiles = tfiles
        self.ffiles = ffiles
        self.afiles = afiles
        self.invarsec = invarsec


class FSSTAT3resfail(_x.XdrStruct):
    """struct FSSTAT3resfail."""

    __slots__ = ("obj_attributes",)
    __match_args__ = ("obj_attributes",)
    _fields = ("obj_attributes",)

    def __init__(self, obj_attributes: post_op_attr) -> None:
        self.obj_attributes = obj_attributes


class FSSTAT3res(_x.UnionValue):
    """union FSSTAT3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: FSSTAT3resok | FSSTAT3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> FSSTAT3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"FSSTAT3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> FSSTAT3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"FSSTAT3res.resfail: tag is {self.tag!r}")
        return self.value


class FSINFO3args(_x.XdrStruct):
    """struct FSINFO3args."""

    __slots__ = ("fsroot",)
    __match_args__ = ("fsroot",)
    _fields = ("fsroot",)

    def __init__(self, fsroot: nfs_fh3) -> None:
        self.fsroot = fsroot


class FSINFO3resok(_x.XdrStruct):
    """struct FSINFO3resok."""

    __slots__ = (
        "dtpref",
        "maxfilesize",
        "obj_attributes",
        "properties",
        "rtmax",
        "rtmult",
        "rtpref",
        "time_delta",
        "wtmax",
        "wtmult",
        "wtpref",
    )
    __match_args__ = (
        "obj_attributes",
        "rtmax",
        "rtpref",
        "rtmult",
        "wtmax",
        "wtpref",
        "wtmult",
        "dtpref",
        "maxfilesize",
        "time_delta",
        "properties",
    )
    _fields = (
        "obj_attributes",
        "rtmax",
        "rtpref",
        "rtmult",
        "wtmax",
        "wtpref",
        "wtmult",
        "dtpref",
        "maxfilesize",
        "time_delta",
        "properties",
    )

    def __init__(
        self,
        obj_attributes: post_op_attr,
        rtmax: uint32,
        rtpref: uint32,
        rtmult: uint32,
        wtmax: uint32,
        wtpref: uint32,
        wtmult: uint32,
        dtpref: uint32,
        maxfilesize: size3,
        time_delta: nfstime3,
        properties: uint32,
    ) -> None:
        self.obj_attributes = obj_attributes
        self.rtmax = rtmax
        self.rtpref = rtpref
        self.rtmult = rtmult
        self.wtmax = wtmax
        self.wtpref = wtpref
        self.wtmult = wtmult
        self.dtpref = dtpref
        self.maxfilesize = maxfilesize
        self.time_delta = time_delta
        self.properties = properties


class FSINFO3resfail(_x.XdrStruct):
    """struct FSINFO3resfail."""

    __slots__ = ("obj_attributes",)
    __match_args__ = ("obj_attributes",)
    _fields = ("obj_attributes",)

    def __init__(self, obj_attributes: post_op_attr) -> None:
        self.obj_attributes = obj_attributes


class FSINFO3res(_x.UnionValue):
    """union FSINFO3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: FSINFO3resok | FSINFO3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> FSINFO3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"FSINFO3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> FSINFO3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"FSINFO3res.resfail: tag is {self.tag!r}")
        return self.value


class PATHCONF3args(_x.XdrStruct):
    """struct PATHCONF3args."""

    __slots__ = ("object",)
    __match_args__ = ("object",)
    _fields = ("object",)

    def __init__(self, object: nfs_fh3) -> None:
        self.object = object


class PATHCONF3resok(_x.XdrStruct):
    """struct PATHCONF3resok."""

    __slots__ = (
        "case_insensitive",
        "case_preserving",
        "chown_restricted",
        "linkmax",
        "name_max",
        "no_trunc",
        "obj_attributes",
    )
    __match_args__ = (
        "obj_attributes",
        "linkmax",
        "name_max",
        "no_trunc",
        "chown_restricted",
        "case_insensitive",
        "case_preserving",
    )
    _fields = (
        "obj_attributes",
        "linkmax",
        "name_max",
        "no_trunc",
        "chown_restricted",
        "case_insensitive",
        "case_preserving",
    )

    def __init__(
        self,
        obj_attributes: post_op_attr,
        linkmax: uint32,
        name_max: uint32,
        no_trunc: bool,
        chown_restricted: bool,
        case_insensitive: bool,
        case_preserving: bool,
    ) -> None:
        self.obj_attributes = obj_attributes
        self.linkmax = linkmax
        self.name_max = name_max
        self.no_trunc = no_trunc
        self.chown_restricted = chown_restricted
        self.case_insensitive = case_insensitive
        self.case_preserving = case_preserving


class PATHCONF3resfail(_x.XdrStruct):
    """struct PATHCONF3resfail."""

    __slots__ = ("obj_attributes",)
    __match_args__ = ("obj_attributes",)
    _fields = ("obj_attributes",)

    def __init__(self, obj_attributes: post_op_attr) -> None:
        self.obj_attributes = obj_attributes


class PATHCONF3res(_x.UnionValue):
    """union PATHCONF3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: PATHCONF3resok | PATHCONF3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> PATHCONF3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"PATHCONF3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> PATHCONF3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"PATHCONF3res.resfail: tag is {self.tag!r}")
        return self.value


class COMMIT3args(_x.XdrStruct):
    """struct COMMIT3args."""

    __slots__ = ("count", "file", "offset")
    __match_args__ = ("file", "offset", "count")
    _fields = ("file", "offset", "count")

    def __init__(self, file: nfs_fh3, offset: offset3, count: count3) -> None:
        self.file = file
        self.offset = offset
        self.count = count


class COMMIT3resok(_x.XdrStruct):
    """struct COMMIT3resok."""

    __slots__ = ("file_wcc", "verf")
    __match_args__ = ("file_wcc", "verf")
    _fields = ("file_wcc", "verf")

    def __init__(self, file_wcc: wcc_data, verf: writeverf3) -> None:
        self.file_wcc = file_wcc
        self.verf = verf


class COMMIT3resfail(_x.XdrStruct):
    """struct COMMIT3resfail."""

    __slots__ = ("file_wcc",)
    __match_args__ = ("file_wcc",)
    _fields = ("file_wcc",)

    def __init__(self, file_wcc: wcc_data) -> None:
        self.file_wcc = file_wcc


class COMMIT3res(_x.UnionValue):
    """union COMMIT3res switch (nfsstat3 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: COMMIT3resok | COMMIT3resfail | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok(self) -> COMMIT3resok:
        """The ``resok`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"COMMIT3res.resok: tag is {self.tag!r}")
        return self.value

    @property
    def resfail(self) -> COMMIT3resfail:
        """The ``resfail`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"COMMIT3res.resfail: tag is {self.tag!r}")
        return self.value


uint64: TypeAlias = "int"
int64: TypeAlias = "int"
uint32: TypeAlias = "int"
int32: TypeAlias = "int"
filename3: TypeAlias = "bytes"
nfspath3: TypeAlias = "bytes"
fileid3: TypeAlias = "uint64"
cookie3: TypeAlias = "uint64"
cookieverf3: TypeAlias = "bytes"
createverf3: TypeAlias = "bytes"
writeverf3: TypeAlias = "bytes"
uid3: TypeAlias = "uint32"
gid3: TypeAlias = "uint32"
size3: TypeAlias = "uint64"
offset3: TypeAlias = "uint64"
mode3: TypeAlias = "uint32"
count3: TypeAlias = "uint32"
post_op_attr: TypeAlias = "fattr3 | None"
pre_op_attr: TypeAlias = "wcc_attr | None"
post_op_fh3: TypeAlias = "nfs_fh3 | None"
set_mode3: TypeAlias = "mode3 | None"
set_uid3: TypeAlias = "uid3 | None"
set_gid3: TypeAlias = "gid3 | None"
set_size3: TypeAlias = "size3 | None"
sattrguard3: TypeAlias = "nfstime3 | None"


# -- codecs (rpc.xdr) -------------------------------------------------------------------------------

uint64_xdr = _x.UInt64

int64_xdr = _x.Int64

uint32_xdr = _x.UInt32

int32_xdr = _x.Int32

filename3_xdr = _x.String(name="filename3")

# option: at most PATH_MAX (4096) bytes
nfspath3_xdr = _x.String(4096, name="nfspath3")

fileid3_xdr = uint64_xdr

cookie3_xdr = uint64_xdr

cookieverf3_xdr = _x.Opaque(8, name="cookieverf3")

createverf3_xdr = _x.Opaque(8, name="createverf3")

writeverf3_xdr = _x.Opaque(8, name="writeverf3")

uid3_xdr = uint32_xdr

gid3_xdr = uint32_xdr

size3_xdr = uint64_xdr

offset3_xdr = uint64_xdr

mode3_xdr = uint32_xdr

count3_xdr = uint32_xdr

nfsstat3_xdr = _x.Enum("nfsstat3", nfsstat3)

ftype3_xdr = _x.Enum("ftype3", ftype3)

specdata3_xdr = _x.Struct(
    "specdata3",
    [
        ("specdata1", uint32_xdr),
        ("specdata2", uint32_xdr),
    ],
    cls=specdata3,
)

nfs_fh3_xdr = _x.Struct(
    "nfs_fh3",
    [
        ("data", _x.VarOpaque(64)),
    ],
    cls=nfs_fh3,
)

nfstime3_xdr = _x.Struct(
    "nfstime3",
    [
        ("seconds", uint32_xdr),
        ("nseconds", uint32_xdr),
    ],
    cls=nfstime3,
)

fattr3_xdr = _x.Struct(
    "fattr3",
    [
        ("type", ftype3_xdr),
        ("mode", mode3_xdr),
        ("nlink", uint32_xdr),
        ("uid", uid3_xdr),
        ("gid", gid3_xdr),
        ("size", size3_xdr),
        ("used", size3_xdr),
        ("rdev", specdata3_xdr),
        ("fsid", uint64_xdr),
        ("fileid", fileid3_xdr),
        ("atime", nfstime3_xdr),
        ("mtime", nfstime3_xdr),
        ("ctime", nfstime3_xdr),
    ],
    cls=fattr3,
)

post_op_attr_xdr = _x.Optional(fattr3_xdr, name="post_op_attr")

wcc_attr_xdr = _x.Struct(
    "wcc_attr",
    [
        ("size", size3_xdr),
        ("mtime", nfstime3_xdr),
        ("ctime", nfstime3_xdr),
    ],
    cls=wcc_attr,
)

pre_op_attr_xdr = _x.Optional(wcc_attr_xdr, name="pre_op_attr")

wcc_data_xdr = _x.Struct(
    "wcc_data",
    [
        ("before", pre_op_attr_xdr),
        ("after", post_op_attr_xdr),
    ],
    cls=wcc_data,
)

post_op_fh3_xdr = _x.Optional(nfs_fh3_xdr, name="post_op_fh3")

time_how_xdr = _x.Enum("time_how", time_how)

set_mode3_xdr = _x.Optional(mode3_xdr, name="set_mode3")

set_uid3_xdr = _x.Optional(uid3_xdr, name="set_uid3")

set_gid3_xdr = _x.Optional(gid3_xdr, name="set_gid3")

set_size3_xdr = _x.Optional(size3_xdr, name="set_size3")

set_atime_xdr = _x.Union(
    "set_atime",
    time_how_xdr,
    {
        time_how.SET_TO_CLIENT_TIME: ("atime", nfstime3_xdr),
    },
    default=("void", _x.Void),
    cls=set_atime,
)

set_mtime_xdr = _x.Union(
    "set_mtime",
    time_how_xdr,
    {
        time_how.SET_TO_CLIENT_TIME: ("mtime", nfstime3_xdr),
    },
    default=("void", _x.Void),
    cls=set_mtime,
)

sattr3_xdr = _x.Struct(
    "sattr3",
    [
        ("mode", set_mode3_xdr),
        ("uid", set_uid3_xdr),
        ("gid", set_gid3_xdr),
        ("size", set_size3_xdr),
        ("atime", set_atime_xdr),
        ("mtime", set_mtime_xdr),
    ],
    cls=sattr3,
)

diropargs3_xdr = _x.Struct(
    "diropargs3",
    [
        ("dir", nfs_fh3_xdr),
        ("name", filename3_xdr),
    ],
    cls=diropargs3,
)

GETATTR3args_xdr = _x.Struct(
    "GETATTR3args",
    [
        ("object", nfs_fh3_xdr),
    ],
    cls=GETATTR3args,
)

GETATTR3resok_xdr = _x.Struct(
    "GETATTR3resok",
    [
        ("obj_attributes", fattr3_xdr),
    ],
    cls=GETATTR3resok,
)

GETATTR3res_xdr = _x.Union(
    "GETATTR3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", GETATTR3resok_xdr),
    },
    default=("void", _x.Void),
    cls=GETATTR3res,
)

sattrguard3_xdr = _x.Optional(nfstime3_xdr, name="sattrguard3")

SETATTR3args_xdr = _x.Struct(
    "SETATTR3args",
    [
        ("object", nfs_fh3_xdr),
        ("new_attributes", sattr3_xdr),
        ("guard", sattrguard3_xdr),
    ],
    cls=SETATTR3args,
)

SETATTR3resok_xdr = _x.Struct(
    "SETATTR3resok",
    [
        ("obj_wcc", wcc_data_xdr),
    ],
    cls=SETATTR3resok,
)

SETATTR3resfail_xdr = _x.Struct(
    "SETATTR3resfail",
    [
        ("obj_wcc", wcc_data_xdr),
    ],
    cls=SETATTR3resfail,
)

SETATTR3res_xdr = _x.Union(
    "SETATTR3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", SETATTR3resok_xdr),
    },
    default=("resfail", SETATTR3resfail_xdr),
    cls=SETATTR3res,
)

LOOKUP3args_xdr = _x.Struct(
    "LOOKUP3args",
    [
        ("what", diropargs3_xdr),
    ],
    cls=LOOKUP3args,
)

LOOKUP3resok_xdr = _x.Struct(
    "LOOKUP3resok",
    [
        ("object", nfs_fh3_xdr),
        ("obj_attributes", post_op_attr_xdr),
        ("dir_attributes", post_op_attr_xdr),
    ],
    cls=LOOKUP3resok,
)

LOOKUP3resfail_xdr = _x.Struct(
    "LOOKUP3resfail",
    [
        ("dir_attributes", post_op_attr_xdr),
    ],
    cls=LOOKUP3resfail,
)

LOOKUP3res_xdr = _x.Union(
    "LOOKUP3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", LOOKUP3resok_xdr),
    },
    default=("resfail", LOOKUP3resfail_xdr),
    cls=LOOKUP3res,
)

ACCESS3args_xdr = _x.Struct(
    "ACCESS3args",
    [
        ("object", nfs_fh3_xdr),
        ("access", uint32_xdr),
    ],
    cls=ACCESS3args,
)

ACCESS3resok_xdr = _x.Struct(
    "ACCESS3resok",
    [
        ("obj_attributes", post_op_attr_xdr),
        ("access", uint32_xdr),
    ],
    cls=ACCESS3resok,
)

ACCESS3resfail_xdr = _x.Struct(
    "ACCESS3resfail",
    [
        ("obj_attributes", post_op_attr_xdr),
    ],
    cls=ACCESS3resfail,
)

ACCESS3res_xdr = _x.Union(
    "ACCESS3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", ACCESS3resok_xdr),
    },
    default=("resfail", ACCESS3resfail_xdr),
    cls=ACCESS3res,
)

READLINK3args_xdr = _x.Struct(
    "READLINK3args",
    [
        ("symlink", nfs_fh3_xdr),
    ],
    cls=READLINK3args,
)

READLINK3resok_xdr = _x.Struct(
    "READLINK3resok",
    [
        ("symlink_attributes", post_op_attr_xdr),
        ("data", nfspath3_xdr),
    ],
    cls=READLINK3resok,
)

READLINK3resfail_xdr = _x.Struct(
    "READLINK3resfail",
    [
        ("symlink_attributes", post_op_attr_xdr),
    ],
    cls=READLINK3resfail,
)

READLINK3res_xdr = _x.Union(
    "READLINK3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", READLINK3resok_xdr),
    },
    default=("resfail", READLINK3resfail_xdr),
    cls=READLINK3res,
)

READ3args_xdr = _x.Struct(
    "READ3args",
    [
        ("file", nfs_fh3_xdr),
        ("offset", offset3_xdr),
        ("count", count3_xdr),
    ],
    cls=READ3args,
)

READ3resok_xdr = _x.Struct(
    "READ3resok",
    [
        ("file_attributes", post_op_attr_xdr),
        ("count", count3_xdr),
        ("eof", _x.Bool),
        ("data", _x.Payload),  # option: bulk data stays a bvec list (RDMA chunk or pool pages)
    ],
    cls=READ3resok,
)

READ3resfail_xdr = _x.Struct(
    "READ3resfail",
    [
        ("file_attributes", post_op_attr_xdr),
    ],
    cls=READ3resfail,
)

READ3res_xdr = _x.Union(
    "READ3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", READ3resok_xdr),
    },
    default=("resfail", READ3resfail_xdr),
    cls=READ3res,
)

stable_how_xdr = _x.Enum("stable_how", stable_how)

WRITE3args_xdr = _x.Struct(
    "WRITE3args",
    [
        ("file", nfs_fh3_xdr),
        ("offset", offset3_xdr),
        ("count", count3_xdr),
        ("stable", stable_how_xdr),
        ("data", _x.Payload),  # option: bulk data stays a bvec list (RDMA chunk or pool pages)
    ],
    cls=WRITE3args,
)

WRITE3resok_xdr = _x.Struct(
    "WRITE3resok",
    [
        ("file_wcc", wcc_data_xdr),
        ("count", count3_xdr),
        ("committed", stable_how_xdr),
        ("verf", writeverf3_xdr),
    ],
    cls=WRITE3resok,
)

WRITE3resfail_xdr = _x.Struct(
    "WRITE3resfail",
    [
        ("file_wcc", wcc_data_xdr),
    ],
    cls=WRITE3resfail,
)

WRITE3res_xdr = _x.Union(
    "WRITE3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", WRITE3resok_xdr),
    },
    default=("resfail", WRITE3resfail_xdr),
    cls=WRITE3res,
)

createmode3_xdr = _x.Enum("createmode3", createmode3)

createhow3_xdr = _x.Union(
    "createhow3",
    createmode3_xdr,
    {
        createmode3.UNCHECKED: ("obj_attributes", sattr3_xdr),
        createmode3.GUARDED: ("obj_attributes", sattr3_xdr),
        createmode3.EXCLUSIVE: ("verf", createverf3_xdr),
    },
    cls=createhow3,
)

CREATE3args_xdr = _x.Struct(
    "CREATE3args",
    [
        ("where", diropargs3_xdr),
        ("how", createhow3_xdr),
    ],
    cls=CREATE3args,
)

CREATE3resok_xdr = _x.Struct(
    "CREATE3resok",
    [
        ("obj", post_op_fh3_xdr),
        ("obj_attributes", post_op_attr_xdr),
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=CREATE3resok,
)

CREATE3resfail_xdr = _x.Struct(
    "CREATE3resfail",
    [
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=CREATE3resfail,
)

CREATE3res_xdr = _x.Union(
    "CREATE3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", CREATE3resok_xdr),
    },
    default=("resfail", CREATE3resfail_xdr),
    cls=CREATE3res,
)

MKDIR3args_xdr = _x.Struct(
    "MKDIR3args",
    [
        ("where", diropargs3_xdr),
        ("attributes", sattr3_xdr),
    ],
    cls=MKDIR3args,
)

MKDIR3resok_xdr = _x.Struct(
    "MKDIR3resok",
    [
        ("obj", post_op_fh3_xdr),
        ("obj_attributes", post_op_attr_xdr),
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=MKDIR3resok,
)

MKDIR3resfail_xdr = _x.Struct(
    "MKDIR3resfail",
    [
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=MKDIR3resfail,
)

MKDIR3res_xdr = _x.Union(
    "MKDIR3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", MKDIR3resok_xdr),
    },
    default=("resfail", MKDIR3resfail_xdr),
    cls=MKDIR3res,
)

symlinkdata3_xdr = _x.Struct(
    "symlinkdata3",
    [
        ("symlink_attributes", sattr3_xdr),
        ("symlink_data", nfspath3_xdr),
    ],
    cls=symlinkdata3,
)

SYMLINK3args_xdr = _x.Struct(
    "SYMLINK3args",
    [
        ("where", diropargs3_xdr),
        ("symlink", symlinkdata3_xdr),
    ],
    cls=SYMLINK3args,
)

SYMLINK3resok_xdr = _x.Struct(
    "SYMLINK3resok",
    [
        ("obj", post_op_fh3_xdr),
        ("obj_attributes", post_op_attr_xdr),
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=SYMLINK3resok,
)

SYMLINK3resfail_xdr = _x.Struct(
    "SYMLINK3resfail",
    [
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=SYMLINK3resfail,
)

SYMLINK3res_xdr = _x.Union(
    "SYMLINK3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", SYMLINK3resok_xdr),
    },
    default=("resfail", SYMLINK3resfail_xdr),
    cls=SYMLINK3res,
)

devicedata3_xdr = _x.Struct(
    "devicedata3",
    [
        ("dev_attributes", sattr3_xdr),
        ("spec", specdata3_xdr),
    ],
    cls=devicedata3,
)

mknoddata3_xdr = _x.Union(
    "mknoddata3",
    ftype3_xdr,
    {
        ftype3.NF3CHR: ("device", devicedata3_xdr),
        ftype3.NF3BLK: ("device", devicedata3_xdr),
        ftype3.NF3SOCK: ("pipe_attributes", sattr3_xdr),
        ftype3.NF3FIFO: ("pipe_attributes", sattr3_xdr),
    },
    default=("void", _x.Void),
    cls=mknoddata3,
)

MKNOD3args_xdr = _x.Struct(
    "MKNOD3args",
    [
        ("where", diropargs3_xdr),
        ("what", mknoddata3_xdr),
    ],
    cls=MKNOD3args,
)

MKNOD3resok_xdr = _x.Struct(
    "MKNOD3resok",
    [
        ("obj", post_op_fh3_xdr),
        ("obj_attributes", post_op_attr_xdr),
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=MKNOD3resok,
)

MKNOD3resfail_xdr = _x.Struct(
    "MKNOD3resfail",
    [
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=MKNOD3resfail,
)

MKNOD3res_xdr = _x.Union(
    "MKNOD3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", MKNOD3resok_xdr),
    },
    default=("resfail", MKNOD3resfail_xdr),
    cls=MKNOD3res,
)

REMOVE3args_xdr = _x.Struct(
    "REMOVE3args",
    [
        ("object", diropargs3_xdr),
    ],
    cls=REMOVE3args,
)

REMOVE3resok_xdr = _x.Struct(
    "REMOVE3resok",
    [
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=REMOVE3resok,
)

REMOVE3resfail_xdr = _x.Struct(
    "REMOVE3resfail",
    [
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=REMOVE3resfail,
)

REMOVE3res_xdr = _x.Union(
    "REMOVE3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", REMOVE3resok_xdr),
    },
    default=("resfail", REMOVE3resfail_xdr),
    cls=REMOVE3res,
)

RMDIR3args_xdr = _x.Struct(
    "RMDIR3args",
    [
        ("object", diropargs3_xdr),
    ],
    cls=RMDIR3args,
)

RMDIR3resok_xdr = _x.Struct(
    "RMDIR3resok",
    [
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=RMDIR3resok,
)

RMDIR3resfail_xdr = _x.Struct(
    "RMDIR3resfail",
    [
        ("dir_wcc", wcc_data_xdr),
    ],
    cls=RMDIR3resfail,
)

RMDIR3res_xdr = _x.Union(
    "RMDIR3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", RMDIR3resok_xdr),
    },
    default=("resfail", RMDIR3resfail_xdr),
    cls=RMDIR3res,
)

RENAME3args_xdr = _x.Struct(
    "RENAME3args",
    [
        ("from_", diropargs3_xdr),
        ("to", diropargs3_xdr),
    ],
    cls=RENAME3args,
)

RENAME3resok_xdr = _x.Struct(
    "RENAME3resok",
    [
        ("fromdir_wcc", wcc_data_xdr),
        ("todir_wcc", wcc_data_xdr),
    ],
    cls=RENAME3resok,
)

RENAME3resfail_xdr = _x.Struct(
    "RENAME3resfail",
    [
        ("fromdir_wcc", wcc_data_xdr),
        ("todir_wcc", wcc_data_xdr),
    ],
    cls=RENAME3resfail,
)

RENAME3res_xdr = _x.Union(
    "RENAME3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", RENAME3resok_xdr),
    },
    default=("resfail", RENAME3resfail_xdr),
    cls=RENAME3res,
)

LINK3args_xdr = _x.Struct(
    "LINK3args",
    [
        ("file", nfs_fh3_xdr),
        ("link", diropargs3_xdr),
    ],
    cls=LINK3args,
)

LINK3resok_xdr = _x.Struct(
    "LINK3resok",
    [
        ("file_attributes", post_op_attr_xdr),
        ("linkdir_wcc", wcc_data_xdr),
    ],
    cls=LINK3resok,
)

LINK3resfail_xdr = _x.Struct(
    "LINK3resfail",
    [
        ("file_attributes", post_op_attr_xdr),
        ("linkdir_wcc", wcc_data_xdr),
    ],
    cls=LINK3resfail,
)

LINK3res_xdr = _x.Union(
    "LINK3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", LINK3resok_xdr),
    },
    default=("resfail", LINK3resfail_xdr),
    cls=LINK3res,
)

READDIR3args_xdr = _x.Struct(
    "READDIR3args",
    [
        ("dir", nfs_fh3_xdr),
        ("cookie", cookie3_xdr),
        ("cookieverf", cookieverf3_xdr),
        ("count", count3_xdr),
    ],
    cls=READDIR3args,
)

entry3_xdr = _x.Struct(
    "entry3",
    [
        ("fileid", fileid3_xdr),
        ("name", filename3_xdr),
        ("cookie", cookie3_xdr),
    ],
    cls=entry3,
)

dirlist3_xdr = _x.Struct(
    "dirlist3",
    [
        ("entries", _x.LinkedList(entry3_xdr)),
        ("eof", _x.Bool),
    ],
    cls=dirlist3,
)

READDIR3resok_xdr = _x.Struct(
    "READDIR3resok",
    [
        ("dir_attributes", post_op_attr_xdr),
        ("cookieverf", cookieverf3_xdr),
        ("reply", dirlist3_xdr),
    ],
    cls=READDIR3resok,
)

READDIR3resfail_xdr = _x.Struct(
    "READDIR3resfail",
    [
        ("dir_attributes", post_op_attr_xdr),
    ],
    cls=READDIR3resfail,
)

READDIR3res_xdr = _x.Union(
    "READDIR3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", READDIR3resok_xdr),
    },
    default=("resfail", READDIR3resfail_xdr),
    cls=READDIR3res,
)

READDIRPLUS3args_xdr = _x.Struct(
    "READDIRPLUS3args",
    [
        ("dir", nfs_fh3_xdr),
        ("cookie", cookie3_xdr),
        ("cookieverf", cookieverf3_xdr),
        ("dircount", count3_xdr),
        ("maxcount", count3_xdr),
    ],
    cls=READDIRPLUS3args,
)

entryplus3_xdr = _x.Struct(
    "entryplus3",
    [
        ("fileid", fileid3_xdr),
        ("name", filename3_xdr),
        ("cookie", cookie3_xdr),
        ("name_attributes", post_op_attr_xdr),
        ("name_handle", post_op_fh3_xdr),
    ],
    cls=entryplus3,
)

dirlistplus3_xdr = _x.Struct(
    "dirlistplus3",
    [
        ("entries", _x.LinkedList(entryplus3_xdr)),
        ("eof", _x.Bool),
    ],
    cls=dirlistplus3,
)

READDIRPLUS3resok_xdr = _x.Struct(
    "READDIRPLUS3resok",
    [
        ("dir_attributes", post_op_attr_xdr),
        ("cookieverf", cookieverf3_xdr),
        ("reply", dirlistplus3_xdr),
    ],
    cls=READDIRPLUS3resok,
)

READDIRPLUS3resfail_xdr = _x.Struct(
    "READDIRPLUS3resfail",
    [
        ("dir_attributes", post_op_attr_xdr),
    ],
    cls=READDIRPLUS3resfail,
)

READDIRPLUS3res_xdr = _x.Union(
    "READDIRPLUS3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", READDIRPLUS3resok_xdr),
    },
    default=("resfail", READDIRPLUS3resfail_xdr),
    cls=READDIRPLUS3res,
)

FSSTAT3args_xdr = _x.Struct(
    "FSSTAT3args",
    [
        ("fsroot", nfs_fh3_xdr),
    ],
    cls=FSSTAT3args,
)

FSSTAT3resok_xdr = _x.Struct(
    "FSSTAT3resok",
    [
        ("obj_attributes", post_op_attr_xdr),
        ("tbytes", size3_xdr),
        ("fbytes", size3_xdr),
        ("abytes", size3_xdr),
        ("tfiles", size3_xdr),
        ("ffiles", size3_xdr),
        ("afiles", size3_xdr),
        ("invarsec", uint32_xdr),
    ],
    cls=FSSTAT3resok,
)

FSSTAT3resfail_xdr = _x.Struct(
    "FSSTAT3resfail",
    [
        ("obj_attributes", post_op_attr_xdr),
    ],
    cls=FSSTAT3resfail,
)

FSSTAT3res_xdr = _x.Union(
    "FSSTAT3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", FSSTAT3resok_xdr),
    },
    default=("resfail", FSSTAT3resfail_xdr),
    cls=FSSTAT3res,
)

FSINFO3args_xdr = _x.Struct(
    "FSINFO3args",
    [
        ("fsroot", nfs_fh3_xdr),
    ],
    cls=FSINFO3args,
)

FSINFO3resok_xdr = _x.Struct(
    "FSINFO3resok",
    [
        ("obj_attributes", post_op_attr_xdr),
        ("rtmax", uint32_xdr),
        ("rtpref", uint32_xdr),
        ("rtmult", uint32_xdr),
        ("wtmax", uint32_xdr),
        ("wtpref", uint32_xdr),
        ("wtmult", uint32_xdr),
        ("dtpref", uint32_xdr),
        ("maxfilesize", size3_xdr),
        ("time_delta", nfstime3_xdr),
        ("properties", uint32_xdr),
    ],
    cls=FSINFO3resok,
)

FSINFO3resfail_xdr = _x.Struct(
    "FSINFO3resfail",
    [
        ("obj_attributes", post_op_attr_xdr),
    ],
    cls=FSINFO3resfail,
)

FSINFO3res_xdr = _x.Union(
    "FSINFO3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", FSINFO3resok_xdr),
    },
    default=("resfail", FSINFO3resfail_xdr),
    cls=FSINFO3res,
)

PATHCONF3args_xdr = _x.Struct(
    "PATHCONF3args",
    [
        ("object", nfs_fh3_xdr),
    ],
    cls=PATHCONF3args,
)

PATHCONF3resok_xdr = _x.Struct(
    "PATHCONF3resok",
    [
        ("obj_attributes", post_op_attr_xdr),
        ("linkmax", uint32_xdr),
        ("name_max", uint32_xdr),
        ("no_trunc", _x.Bool),
        ("chown_restricted", _x.Bool),
        ("case_insensitive", _x.Bool),
        ("case_preserving", _x.Bool),
    ],
    cls=PATHCONF3resok,
)

PATHCONF3resfail_xdr = _x.Struct(
    "PATHCONF3resfail",
    [
        ("obj_attributes", post_op_attr_xdr),
    ],
    cls=PATHCONF3resfail,
)

PATHCONF3res_xdr = _x.Union(
    "PATHCONF3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", PATHCONF3resok_xdr),
    },
    default=("resfail", PATHCONF3resfail_xdr),
    cls=PATHCONF3res,
)

COMMIT3args_xdr = _x.Struct(
    "COMMIT3args",
    [
        ("file", nfs_fh3_xdr),
        ("offset", offset3_xdr),
        ("count", count3_xdr),
    ],
    cls=COMMIT3args,
)

COMMIT3resok_xdr = _x.Struct(
    "COMMIT3resok",
    [
        ("file_wcc", wcc_data_xdr),
        ("verf", writeverf3_xdr),
    ],
    cls=COMMIT3resok,
)

COMMIT3resfail_xdr = _x.Struct(
    "COMMIT3resfail",
    [
        ("file_wcc", wcc_data_xdr),
    ],
    cls=COMMIT3resfail,
)

COMMIT3res_xdr = _x.Union(
    "COMMIT3res",
    nfsstat3_xdr,
    {
        nfsstat3.NFS3_OK: ("resok", COMMIT3resok_xdr),
    },
    default=("resfail", COMMIT3resfail_xdr),
    cls=COMMIT3res,
)


# -- packers of the fixed-size structs -------------------------------------------------------------

#: specdata3_packer.pack(specdata1, specdata2) -> the wire bytes of a specdata3, taken by
#: specdata3_xdr (and every codec holding one) in place of an instance; enum values are not checked.
specdata3_packer: Final = _struct.Struct(">II")

#: nfstime3_packer.pack(seconds, nseconds) -> the wire bytes of a nfstime3, taken by nfstime3_xdr
#: (and every codec holding one) in place of an instance; enum values are not checked.
nfstime3_packer: Final = _struct.Struct(">II")

#: fattr3_packer.pack(type, mode, nlink, uid, gid, size, used, rdev.specdata1, rdev.specdata2, fsid,
#: fileid, atime.seconds, atime.nseconds, mtime.seconds, mtime.nseconds, ctime.seconds,
#: ctime.nseconds) -> the wire bytes of a fattr3, taken by fattr3_xdr (and every codec holding one)
#: in place of an instance; enum values are not checked.
fattr3_packer: Final = _struct.Struct(">iIIIIQQIIQQIIIIII")

#: wcc_attr_packer.pack(size, mtime.seconds, mtime.nseconds, ctime.seconds, ctime.nseconds) -> the
#: wire bytes of a wcc_attr, taken by wcc_attr_xdr (and every codec holding one) in place of an
#: instance; enum values are not checked.
wcc_attr_packer: Final = _struct.Struct(">QIIII")


# -- program NFS_PROGRAM ---------------------------------------------------------------------------
NFS_PROGRAM: Final = 100003

NFS_V3: Final = 3
NFSPROC3_NULL: Final = 0
NFSPROC3_GETATTR: Final = 1
NFSPROC3_SETATTR: Final = 2
NFSPROC3_LOOKUP: Final = 3
NFSPROC3_ACCESS: Final = 4
NFSPROC3_READLINK: Final = 5
NFSPROC3_READ: Final = 6
NFSPROC3_WRITE: Final = 7
NFSPROC3_CREATE: Final = 8
NFSPROC3_MKDIR: Final = 9
NFSPROC3_SYMLINK: Final = 10
NFSPROC3_MKNOD: Final = 11
NFSPROC3_REMOVE: Final = 12
NFSPROC3_RMDIR: Final = 13
NFSPROC3_RENAME: Final = 14
NFSPROC3_LINK: Final = 15
NFSPROC3_READDIR: Final = 16
NFSPROC3_READDIRPLUS: Final = 17
NFSPROC3_FSSTAT: Final = 18
NFSPROC3_FSINFO: Final = 19
NFSPROC3_PATHCONF: Final = 20
NFSPROC3_COMMIT: Final = 21

#: NFS_PROGRAM version 3: procedure -> (name, arguments, results).
NFS_V3_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    NFSPROC3_NULL: ("NFSPROC3_NULL", _x.Void, _x.Void),
    NFSPROC3_GETATTR: ("NFSPROC3_GETATTR", GETATTR3args_xdr, GETATTR3res_xdr),
    NFSPROC3_SETATTR: ("NFSPROC3_SETATTR", SETATTR3args_xdr, SETATTR3res_xdr),
    NFSPROC3_LOOKUP: ("NFSPROC3_LOOKUP", LOOKUP3args_xdr, LOOKUP3res_xdr),
    NFSPROC3_ACCESS: ("NFSPROC3_ACCESS", ACCESS3args_xdr, ACCESS3res_xdr),
    NFSPROC3_READLINK: ("NFSPROC3_READLINK", READLINK3args_xdr, READLINK3res_xdr),
    NFSPROC3_READ: ("NFSPROC3_READ", READ3args_xdr, READ3res_xdr),
    NFSPROC3_WRITE: ("NFSPROC3_WRITE", WRITE3args_xdr, WRITE3res_xdr),
    NFSPROC3_CREATE: ("NFSPROC3_CREATE", CREATE3args_xdr, CREATE3res_xdr),
    NFSPROC3_MKDIR: ("NFSPROC3_MKDIR", MKDIR3args_xdr, MKDIR3res_xdr),
    NFSPROC3_SYMLINK: ("NFSPROC3_SYMLINK", SYMLINK3args_xdr, SYMLINK3res_xdr),
    NFSPROC3_MKNOD: ("NFSPROC3_MKNOD", MKNOD3args_xdr, MKNOD3res_xdr),
    NFSPROC3_REMOVE: ("NFSPROC3_REMOVE", REMOVE3args_xdr, REMOVE3res_xdr),
    NFSPROC3_RMDIR: ("NFSPROC3_RMDIR", RMDIR3args_xdr, RMDIR3res_xdr),
    NFSPROC3_RENAME: ("NFSPROC3_RENAME", RENAME3args_xdr, RENAME3res_xdr),
    NFSPROC3_LINK: ("NFSPROC3_LINK", LINK3args_xdr, LINK3res_xdr),
    NFSPROC3_READDIR: ("NFSPROC3_READDIR", READDIR3args_xdr, READDIR3res_xdr),
    NFSPROC3_READDIRPLUS: ("NFSPROC3_READDIRPLUS", READDIRPLUS3args_xdr, READDIRPLUS3res_xdr),
    NFSPROC3_FSSTAT: ("NFSPROC3_FSSTAT", FSSTAT3args_xdr, FSSTAT3res_xdr),
    NFSPROC3_FSINFO: ("NFSPROC3_FSINFO", FSINFO3args_xdr, FSINFO3res_xdr),
    NFSPROC3_PATHCONF: ("NFSPROC3_PATHCONF", PATHCONF3args_xdr, PATHCONF3res_xdr),
    NFSPROC3_COMMIT: ("NFSPROC3_COMMIT", COMMIT3args_xdr, COMMIT3res_xdr),
}
