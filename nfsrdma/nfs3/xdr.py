"""NFSv3 wire types (RFC 1813 §2, §3), declared once with the rpc.xdr schema.

Every argument and result of the 22 procedures is declared here and nowhere else; the
procedure modules only build and read these values.  Result unions use the RFC's shape:
`switch (nfsstat3 status) { case NFS3_OK: XXXresok; default: XXXresfail; }`.
"""

from __future__ import annotations

from typing import Any

from rpc.xdr import (
    Bool,
    Enum,
    LinkedList,
    Opaque,
    Optional,
    Payload,
    String,
    Struct,
    UInt32,
    UInt64,
    Union,
    VarOpaque,
    Void,
)

PROGRAM = 100003
VERSION = 3

NFS3_FHSIZE = 64
NFS3_COOKIEVERFSIZE = 8
NFS3_CREATEVERFSIZE = 8
NFS3_WRITEVERFSIZE = 8

nfsstat3 = Enum(
    "nfsstat3",
    {
        "NFS3_OK": 0,
        "NFS3ERR_PERM": 1,
        "NFS3ERR_NOENT": 2,
        "NFS3ERR_IO": 5,
        "NFS3ERR_NXIO": 6,
        "NFS3ERR_ACCES": 13,
        "NFS3ERR_EXIST": 17,
        "NFS3ERR_XDEV": 18,
        "NFS3ERR_NODEV": 19,
        "NFS3ERR_NOTDIR": 20,
        "NFS3ERR_ISDIR": 21,
        "NFS3ERR_INVAL": 22,
        "NFS3ERR_FBIG": 27,
        "NFS3ERR_NOSPC": 28,
        "NFS3ERR_ROFS": 30,
        "NFS3ERR_MLINK": 31,
        "NFS3ERR_NAMETOOLONG": 63,
        "NFS3ERR_NOTEMPTY": 66,
        "NFS3ERR_DQUOT": 69,
        "NFS3ERR_STALE": 70,
        "NFS3ERR_REMOTE": 71,
        "NFS3ERR_BADHANDLE": 10001,
        "NFS3ERR_NOT_SYNC": 10002,
        "NFS3ERR_BAD_COOKIE": 10003,
        "NFS3ERR_NOTSUPP": 10004,
        "NFS3ERR_TOOSMALL": 10005,
        "NFS3ERR_SERVERFAULT": 10006,
        "NFS3ERR_BADTYPE": 10007,
        "NFS3ERR_JUKEBOX": 10008,
    },
)
# The member names are built at run time (rpc.xdr.Enum), so mypy cannot see them: Any.
Status: Any = nfsstat3.enum

ftype3 = Enum(
    "ftype3",
    {"NF3REG": 1, "NF3DIR": 2, "NF3BLK": 3, "NF3CHR": 4, "NF3LNK": 5, "NF3SOCK": 6, "NF3FIFO": 7},
)

nfs_fh3 = Struct("nfs_fh3", [("data", VarOpaque(NFS3_FHSIZE))])
# RFC 1813 §2.5: filename3 is string<> (unbounded).  A bound here would turn a long name
# into GARBAGE_ARGS; the procedures answer NFS3ERR_NAMETOOLONG instead (common.check_name),
# and the record size already bounds what one name can cost.
filename3 = String()
nfspath3 = String(4096)
cookieverf3 = Opaque(NFS3_COOKIEVERFSIZE)
createverf3 = Opaque(NFS3_CREATEVERFSIZE)
writeverf3 = Opaque(NFS3_WRITEVERFSIZE)

specdata3 = Struct("specdata3", [("specdata1", UInt32), ("specdata2", UInt32)])
nfstime3 = Struct("nfstime3", [("seconds", UInt32), ("nseconds", UInt32)])

fattr3 = Struct(
    "fattr3",
    [
        ("type", ftype3),
        ("mode", UInt32),
        ("nlink", UInt32),
        ("uid", UInt32),
        ("gid", UInt32),
        ("size", UInt64),
        ("used", UInt64),
        ("rdev", specdata3),
        ("fsid", UInt64),
        ("fileid", UInt64),
        ("atime", nfstime3),
        ("mtime", nfstime3),
        ("ctime", nfstime3),
    ],
)
post_op_attr = Optional(fattr3)

wcc_attr = Struct("wcc_attr", [("size", UInt64), ("mtime", nfstime3), ("ctime", nfstime3)])
pre_op_attr = Optional(wcc_attr)
wcc_data = Struct("wcc_data", [("before", pre_op_attr), ("after", post_op_attr)])
post_op_fh3 = Optional(nfs_fh3)

time_how = Enum("time_how", {"DONT_CHANGE": 0, "SET_TO_SERVER_TIME": 1, "SET_TO_CLIENT_TIME": 2})
set_mode3 = Optional(UInt32)
set_uid3 = Optional(UInt32)
set_gid3 = Optional(UInt32)
set_size3 = Optional(UInt64)
set_time = Union(
    "set_time",
    time_how,
    {0: ("none", Void), 1: ("none", Void), 2: ("time", nfstime3)},
)
sattr3 = Struct(
    "sattr3",
    [
        ("mode", set_mode3),
        ("uid", set_uid3),
        ("gid", set_gid3),
        ("size", set_size3),
        ("atime", set_time),
        ("mtime", set_time),
    ],
)

diropargs3 = Struct("diropargs3", [("dir", nfs_fh3), ("name", filename3)])


def result(name: str, resok: list, resfail: list) -> Union:
    """Declare `NAMEres`: NFS3_OK carries `resok`, every other status `resfail`."""
    return Union(
        name,
        nfsstat3,
        {0: ("resok", Struct(name + "ok", resok))},
        default=("resfail", Struct(name + "fail", resfail)),
    )


# GETATTR (1)
GETATTR3args = Struct("GETATTR3args", [("object", nfs_fh3)])
GETATTR3res = Union(
    "GETATTR3res", nfsstat3, {0: ("resok", Struct("GETATTR3resok", [("obj_attributes", fattr3)]))},
    default=("resfail", Void),
)

# SETATTR (2)
sattrguard3 = Optional(nfstime3)
SETATTR3args = Struct(
    "SETATTR3args", [("object", nfs_fh3), ("new_attributes", sattr3), ("guard", sattrguard3)]
)
SETATTR3res = result("SETATTR3res", [("obj_wcc", wcc_data)], [("obj_wcc", wcc_data)])

# LOOKUP (3)
LOOKUP3args = Struct("LOOKUP3args", [("what", diropargs3)])
LOOKUP3res = result(
    "LOOKUP3res",
    [("object", nfs_fh3), ("obj_attributes", post_op_attr), ("dir_attributes", post_op_attr)],
    [("dir_attributes", post_op_attr)],
)

# ACCESS (4)
ACCESS3_READ = 0x0001
ACCESS3_LOOKUP = 0x0002
ACCESS3_MODIFY = 0x0004
ACCESS3_EXTEND = 0x0008
ACCESS3_DELETE = 0x0010
ACCESS3_EXECUTE = 0x0020
ACCESS3args = Struct("ACCESS3args", [("object", nfs_fh3), ("access", UInt32)])
ACCESS3res = result(
    "ACCESS3res", [("obj_attributes", post_op_attr), ("access", UInt32)],
    [("obj_attributes", post_op_attr)],
)

# READLINK (5)
READLINK3args = Struct("READLINK3args", [("symlink", nfs_fh3)])
READLINK3res = result(
    "READLINK3res", [("symlink_attributes", post_op_attr), ("data", nfspath3)],
    [("symlink_attributes", post_op_attr)],
)

# READ (6): the data is a Payload so it travels as a bvec list (RDMA: Write chunk).
READ3args = Struct("READ3args", [("file", nfs_fh3), ("offset", UInt64), ("count", UInt32)])
READ3res = result(
    "READ3res",
    [("file_attributes", post_op_attr), ("count", UInt32), ("eof", Bool), ("data", Payload)],
    [("file_attributes", post_op_attr)],
)

# WRITE (7): the data is a Payload (RDMA: Read chunk; TCP: slice of the record's pool pages).
stable_how = Enum("stable_how", {"UNSTABLE": 0, "DATA_SYNC": 1, "FILE_SYNC": 2})
WRITE3args = Struct(
    "WRITE3args",
    [
        ("file", nfs_fh3),
        ("offset", UInt64),
        ("count", UInt32),
        ("stable", stable_how),
        ("data", Payload),
    ],
)
WRITE3res = result(
    "WRITE3res",
    [("file_wcc", wcc_data), ("count", UInt32), ("committed", stable_how), ("verf", writeverf3)],
    [("file_wcc", wcc_data)],
)

# CREATE (8)
createmode3 = Enum("createmode3", {"UNCHECKED": 0, "GUARDED": 1, "EXCLUSIVE": 2})
createhow3 = Union(
    "createhow3",
    createmode3,
    {0: ("obj_attributes", sattr3), 1: ("obj_attributes", sattr3), 2: ("verf", createverf3)},
)
CREATE3args = Struct("CREATE3args", [("where", diropargs3), ("how", createhow3)])
diropres_ok = [("obj", post_op_fh3), ("obj_attributes", post_op_attr), ("dir_wcc", wcc_data)]
CREATE3res = result("CREATE3res", diropres_ok, [("dir_wcc", wcc_data)])

# MKDIR (9)
MKDIR3args = Struct("MKDIR3args", [("where", diropargs3), ("attributes", sattr3)])
MKDIR3res = result("MKDIR3res", diropres_ok, [("dir_wcc", wcc_data)])

# SYMLINK (10)
symlinkdata3 = Struct("symlinkdata3", [("symlink_attributes", sattr3), ("symlink_data", nfspath3)])
SYMLINK3args = Struct("SYMLINK3args", [("where", diropargs3), ("symlink", symlinkdata3)])
SYMLINK3res = result("SYMLINK3res", diropres_ok, [("dir_wcc", wcc_data)])

# MKNOD (11)
devicedata3 = Struct("devicedata3", [("dev_attributes", sattr3), ("spec", specdata3)])
mknoddata3 = Union(
    "mknoddata3",
    ftype3,
    {
        3: ("device", devicedata3),
        4: ("device", devicedata3),
        6: ("pipe_attributes", sattr3),
        7: ("pipe_attributes", sattr3),
    },
    default=("none", Void),
)
MKNOD3args = Struct("MKNOD3args", [("where", diropargs3), ("what", mknoddata3)])
MKNOD3res = result("MKNOD3res", diropres_ok, [("dir_wcc", wcc_data)])

# REMOVE (12), RMDIR (13)
REMOVE3args = Struct("REMOVE3args", [("object", diropargs3)])
REMOVE3res = result("REMOVE3res", [("dir_wcc", wcc_data)], [("dir_wcc", wcc_data)])
RMDIR3args = Struct("RMDIR3args", [("object", diropargs3)])
RMDIR3res = result("RMDIR3res", [("dir_wcc", wcc_data)], [("dir_wcc", wcc_data)])

# RENAME (14)
RENAME3args = Struct("RENAME3args", [("from_", diropargs3), ("to", diropargs3)])
RENAME3res = result(
    "RENAME3res",
    [("fromdir_wcc", wcc_data), ("todir_wcc", wcc_data)],
    [("fromdir_wcc", wcc_data), ("todir_wcc", wcc_data)],
)

# LINK (15)
LINK3args = Struct("LINK3args", [("file", nfs_fh3), ("link", diropargs3)])
LINK3res = result(
    "LINK3res",
    [("file_attributes", post_op_attr), ("linkdir_wcc", wcc_data)],
    [("file_attributes", post_op_attr), ("linkdir_wcc", wcc_data)],
)

# READDIR (16)
READDIR3args = Struct(
    "READDIR3args",
    [("dir", nfs_fh3), ("cookie", UInt64), ("cookieverf", cookieverf3), ("count", UInt32)],
)
entry3 = Struct("entry3", [("fileid", UInt64), ("name", filename3), ("cookie", UInt64)])
dirlist3 = Struct("dirlist3", [("entries", LinkedList(entry3)), ("eof", Bool)])
READDIR3res = result(
    "READDIR3res",
    [("dir_attributes", post_op_attr), ("cookieverf", cookieverf3), ("reply", dirlist3)],
    [("dir_attributes", post_op_attr)],
)

# READDIRPLUS (17)
READDIRPLUS3args = Struct(
    "READDIRPLUS3args",
    [
        ("dir", nfs_fh3),
        ("cookie", UInt64),
        ("cookieverf", cookieverf3),
        ("dircount", UInt32),
        ("maxcount", UInt32),
    ],
)
entryplus3 = Struct(
    "entryplus3",
    [
        ("fileid", UInt64),
        ("name", filename3),
        ("cookie", UInt64),
        ("name_attributes", post_op_attr),
        ("name_handle", post_op_fh3),
    ],
)
dirlistplus3 = Struct("dirlistplus3", [("entries", LinkedList(entryplus3)), ("eof", Bool)])
READDIRPLUS3res = result(
    "READDIRPLUS3res",
    [("dir_attributes", post_op_attr), ("cookieverf", cookieverf3), ("reply", dirlistplus3)],
    [("dir_attributes", post_op_attr)],
)

# FSSTAT (18)
FSSTAT3args = Struct("FSSTAT3args", [("fsroot", nfs_fh3)])
FSSTAT3res = result(
    "FSSTAT3res",
    [
        ("obj_attributes", post_op_attr),
        ("tbytes", UInt64),
        ("fbytes", UInt64),
        ("abytes", UInt64),
        ("tfiles", UInt64),
        ("ffiles", UInt64),
        ("afiles", UInt64),
        ("invarsec", UInt32),
    ],
    [("obj_attributes", post_op_attr)],
)

# FSINFO (19)
FSF3_LINK = 0x0001
FSF3_SYMLINK = 0x0002
FSF3_HOMOGENEOUS = 0x0008
FSF3_CANSETTIME = 0x0010
FSINFO3args = Struct("FSINFO3args", [("fsroot", nfs_fh3)])
FSINFO3res = result(
    "FSINFO3res",
    [
        ("obj_attributes", post_op_attr),
        ("rtmax", UInt32),
        ("rtpref", UInt32),
        ("rtmult", UInt32),
        ("wtmax", UInt32),
        ("wtpref", UInt32),
        ("wtmult", UInt32),
        ("dtpref", UInt32),
        ("maxfilesize", UInt64),
        ("time_delta", nfstime3),
        ("properties", UInt32),
    ],
    [("obj_attributes", post_op_attr)],
)

# PATHCONF (20)
PATHCONF3args = Struct("PATHCONF3args", [("object", nfs_fh3)])
PATHCONF3res = result(
    "PATHCONF3res",
    [
        ("obj_attributes", post_op_attr),
        ("linkmax", UInt32),
        ("name_max", UInt32),
        ("no_trunc", Bool),
        ("chown_restricted", Bool),
        ("case_insensitive", Bool),
        ("case_preserving", Bool),
    ],
    [("obj_attributes", post_op_attr)],
)

# COMMIT (21)
COMMIT3args = Struct("COMMIT3args", [("file", nfs_fh3), ("offset", UInt64), ("count", UInt32)])
COMMIT3res = result(
    "COMMIT3res", [("file_wcc", wcc_data), ("verf", writeverf3)], [("file_wcc", wcc_data)]
)

__all__ = [name for name in dir() if not name.startswith("_")]
