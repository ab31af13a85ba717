"""NFSv3 wire types (RFC 1813 §2, §3): the codecs generated from xdr/nfs3_prot.x.

Every argument and result of the 22 procedures is declared in the .x file and nowhere else;
rpc.xdrgen turns it into nfsrdma.gen.nfs3_prot (typed classes, IntEnums and rpc.xdr codecs).
This module keeps the names the procedure modules use: each XDR type name is its codec (with
``.cls`` the generated class), ``Status`` is the ``nfsstat3`` IntEnum, and the constants are
the .x file's.  Result unions have the RFC's shape:
`switch (nfsstat3 status) { case NFS3_OK: XXXresok; default: XXXresfail; }`.
"""

from __future__ import annotations

from nfsrdma.gen import nfs3_prot as _g

PROGRAM = _g.NFS_PROGRAM
VERSION = _g.NFS_V3

ACCESS3_DELETE = _g.ACCESS3_DELETE
ACCESS3_EXECUTE = _g.ACCESS3_EXECUTE
ACCESS3_EXTEND = _g.ACCESS3_EXTEND
ACCESS3_LOOKUP = _g.ACCESS3_LOOKUP
ACCESS3_MODIFY = _g.ACCESS3_MODIFY
ACCESS3_READ = _g.ACCESS3_READ
FSF3_CANSETTIME = _g.FSF3_CANSETTIME
FSF3_HOMOGENEOUS = _g.FSF3_HOMOGENEOUS
FSF3_LINK = _g.FSF3_LINK
FSF3_SYMLINK = _g.FSF3_SYMLINK
NFS3_COOKIEVERFSIZE = _g.NFS3_COOKIEVERFSIZE
NFS3_CREATEVERFSIZE = _g.NFS3_CREATEVERFSIZE
NFS3_FHSIZE = _g.NFS3_FHSIZE
NFS3_WRITEVERFSIZE = _g.NFS3_WRITEVERFSIZE

#: nfsstat3 as an IntEnum (mypy sees every member).
Status = _g.nfsstat3

nfsstat3 = _g.nfsstat3_xdr
ftype3 = _g.ftype3_xdr
nfs_fh3 = _g.nfs_fh3_xdr
filename3 = _g.filename3_xdr
nfspath3 = _g.nfspath3_xdr
cookieverf3 = _g.cookieverf3_xdr
createverf3 = _g.createverf3_xdr
writeverf3 = _g.writeverf3_xdr
specdata3 = _g.specdata3_xdr
nfstime3 = _g.nfstime3_xdr
fattr3 = _g.fattr3_xdr
#: fattr3's wire bytes in one call (rpc.xdrgen's packer of a fixed-size struct)
fattr3_packer = _g.fattr3_packer
post_op_attr = _g.post_op_attr_xdr
wcc_attr = _g.wcc_attr_xdr
wcc_attr_packer = _g.wcc_attr_packer
pre_op_attr = _g.pre_op_attr_xdr
wcc_data = _g.wcc_data_xdr
post_op_fh3 = _g.post_op_fh3_xdr
time_how = _g.time_how_xdr
set_mode3 = _g.set_mode3_xdr
set_uid3 = _g.set_uid3_xdr
set_gid3 = _g.set_gid3_xdr
set_size3 = _g.set_size3_xdr
sattr3 = _g.sattr3_xdr
diropargs3 = _g.diropargs3_xdr
GETATTR3args = _g.GETATTR3args_xdr
GETATTR3res = _g.GETATTR3res_xdr
sattrguard3 = _g.sattrguard3_xdr
SETATTR3args = _g.SETATTR3args_xdr
SETATTR3res = _g.SETATTR3res_xdr
LOOKUP3args = _g.LOOKUP3args_xdr
LOOKUP3res = _g.LOOKUP3res_xdr
ACCESS3args = _g.ACCESS3args_xdr
ACCESS3res = _g.ACCESS3res_xdr
READLINK3args = _g.READLINK3args_xdr
READLINK3res = _g.READLINK3res_xdr
READ3args = _g.READ3args_xdr
READ3res = _g.READ3res_xdr
stable_how = _g.stable_how_xdr
WRITE3args = _g.WRITE3args_xdr
WRITE3res = _g.WRITE3res_xdr
createmode3 = _g.createmode3_xdr
createhow3 = _g.createhow3_xdr
CREATE3args = _g.CREATE3args_xdr
CREATE3res = _g.CREATE3res_xdr
MKDIR3args = _g.MKDIR3args_xdr
MKDIR3res = _g.MKDIR3res_xdr
symlinkdata3 = _g.symlinkdata3_xdr
SYMLINK3args = _g.SYMLINK3args_xdr
SYMLINK3res = _g.SYMLINK3res_xdr
devicedata3 = _g.devicedata3_xdr
mknoddata3 = _g.mknoddata3_xdr
MKNOD3args = _g.MKNOD3args_xdr
MKNOD3res = _g.MKNOD3res_xdr
REMOVE3args = _g.REMOVE3args_xdr
REMOVE3res = _g.REMOVE3res_xdr
RMDIR3args = _g.RMDIR3args_xdr
RMDIR3res = _g.RMDIR3res_xdr
RENAME3args = _g.RENAME3args_xdr
RENAME3res = _g.RENAME3res_xdr
LINK3args = _g.LINK3args_xdr
LINK3res = _g.LINK3res_xdr
READDIR3args = _g.READDIR3args_xdr
entry3 = _g.entry3_xdr
dirlist3 = _g.dirlist3_xdr
READDIR3res = _g.READDIR3res_xdr
READDIRPLUS3args = _g.READDIRPLUS3args_xdr
entryplus3 = _g.entryplus3_xdr
dirlistplus3 = _g.dirlistplus3_xdr
READDIRPLUS3res = _g.READDIRPLUS3res_xdr
FSSTAT3args = _g.FSSTAT3args_xdr
FSSTAT3res = _g.FSSTAT3res_xdr
FSINFO3args = _g.FSINFO3args_xdr
FSINFO3res = _g.FSINFO3res_xdr
PATHCONF3args = _g.PATHCONF3args_xdr
PATHCONF3res = _g.PATHCONF3res_xdr
COMMIT3args = _g.COMMIT3args_xdr
COMMIT3res = _g.COMMIT3res_xdr
#: Before the generator, sattr3's two time unions were one declaration; same wire form.
set_time = _g.set_atime_xdr

__all__ = [name for name in dir() if not name.startswith("_")]
