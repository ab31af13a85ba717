# Generated from xdr/nfs4_prot.x by rpc.xdrgen: do not edit.
"""Types and codecs of xdr/nfs4_prot.x: the mapping is in docs/internal-api.md."""

from __future__ import annotations

import enum
import struct as _struct
from typing import Final, TypeAlias

from rpc import xdr as _x
from rpc.buffer import PayloadLike

AUTH_NONE: Final = 0
AUTH_SYS: Final = 1
RPCSEC_GSS: Final = 6
NFS4_FHSIZE: Final = 128
NFS4_VERIFIER_SIZE: Final = 8
NFS4_OTHER_SIZE: Final = 12
NFS4_OPAQUE_LIMIT: Final = 1024
NFS4_SESSIONID_SIZE: Final = 16
NFS4_INT64_MAX: Final = 9223372036854775807
NFS4_UINT64_MAX: Final = 18446744073709551615
NFS4_INT32_MAX: Final = 2147483647
NFS4_UINT32_MAX: Final = 4294967295
NFS4_MAXFILELEN: Final = 18446744073709551615
NFS4_MAXFILEOFF: Final = 18446744073709551614
ACL4_SUPPORT_ALLOW_ACL: Final = 1
ACL4_SUPPORT_DENY_ACL: Final = 2
ACL4_SUPPORT_AUDIT_ACL: Final = 4
ACL4_SUPPORT_ALARM_ACL: Final = 8
ACE4_ACCESS_ALLOWED_ACE_TYPE: Final = 0
ACE4_ACCESS_DENIED_ACE_TYPE: Final = 1
ACE4_SYSTEM_AUDIT_ACE_TYPE: Final = 2
ACE4_SYSTEM_ALARM_ACE_TYPE: Final = 3
ACE4_FILE_INHERIT_ACE: Final = 1
ACE4_DIRECTORY_INHERIT_ACE: Final = 2
ACE4_NO_PROPAGATE_INHERIT_ACE: Final = 4
ACE4_INHERIT_ONLY_ACE: Final = 8
ACE4_SUCCESSFUL_ACCESS_ACE_FLAG: Final = 16
ACE4_FAILED_ACCESS_ACE_FLAG: Final = 32
ACE4_IDENTIFIER_GROUP: Final = 64
ACE4_INHERITED_ACE: Final = 128
ACE4_READ_DATA: Final = 1
ACE4_LIST_DIRECTORY: Final = 1
ACE4_WRITE_DATA: Final = 2
ACE4_ADD_FILE: Final = 2
ACE4_APPEND_DATA: Final = 4
ACE4_ADD_SUBDIRECTORY: Final = 4
ACE4_READ_NAMED_ATTRS: Final = 8
ACE4_WRITE_NAMED_ATTRS: Final = 16
ACE4_EXECUTE: Final = 32
ACE4_DELETE_CHILD: Final = 64
ACE4_READ_ATTRIBUTES: Final = 128
ACE4_WRITE_ATTRIBUTES: Final = 256
ACE4_WRITE_RETENTION: Final = 512
ACE4_WRITE_RETENTION_HOLD: Final = 1024
ACE4_DELETE: Final = 65536
ACE4_READ_ACL: Final = 131072
ACE4_WRITE_ACL: Final = 262144
ACE4_WRITE_OWNER: Final = 524288
ACE4_SYNCHRONIZE: Final = 1048576
ACE4_GENERIC_READ: Final = 1179777
ACE4_GENERIC_WRITE: Final = 1442054
ACE4_GENERIC_EXECUTE: Final = 1179808
ACL4_AUTO_INHERIT: Final = 1
ACL4_PROTECTED: Final = 2
ACL4_DEFAULTED: Final = 4
MODE4_SUID: Final = 2048
MODE4_SGID: Final = 1024
MODE4_SVTX: Final = 512
MODE4_RUSR: Final = 256
MODE4_WUSR: Final = 128
MODE4_XUSR: Final = 64
MODE4_RGRP: Final = 32
MODE4_WGRP: Final = 16
MODE4_XGRP: Final = 8
MODE4_ROTH: Final = 4
MODE4_WOTH: Final = 2
MODE4_XOTH: Final = 1
FH4_PERSISTENT: Final = 0
FH4_NOEXPIRE_WITH_OPEN: Final = 1
FH4_VOLATILE_ANY: Final = 2
FH4_VOL_MIGRATION: Final = 4
FH4_VOL_RENAME: Final = 8
NFS4_DEVICEID4_SIZE: Final = 16
LAYOUT4_RET_REC_FILE: Final = 1
LAYOUT4_RET_REC_FSID: Final = 2
LAYOUT4_RET_REC_ALL: Final = 3
TH4_READ_SIZE: Final = 0
TH4_WRITE_SIZE: Final = 1
TH4_READ_IOSIZE: Final = 2
TH4_WRITE_IOSIZE: Final = 3
RET4_DURATION_INFINITE: Final = 18446744073709551615
FSCHARSET_CAP4_CONTAINS_NON_UTF8: Final = 1
FSCHARSET_CAP4_ALLOWS_ONLY_UTF8: Final = 2
FATTR4_SUPPORTED_ATTRS: Final = 0
FATTR4_TYPE: Final = 1
FATTR4_FH_EXPIRE_TYPE: Final = 2
FATTR4_CHANGE: Final = 3
FATTR4_SIZE: Final = 4
FATTR4_LINK_SUPPORT: Final = 5
FATTR4_SYMLINK_SUPPORT: Final = 6
FATTR4_NAMED_ATTR: Final = 7
FATTR4_FSID: Final = 8
FATTR4_UNIQUE_HANDLES: Final = 9
FATTR4_LEASE_TIME: Final = 10
FATTR4_RDATTR_ERROR: Final = 11
FATTR4_FILEHANDLE: Final = 19
FATTR4_SUPPATTR_EXCLCREAT: Final = 75
FATTR4_ACL: Final = 12
FATTR4_ACLSUPPORT: Final = 13
FATTR4_ARCHIVE: Final = 14
FATTR4_CANSETTIME: Final = 15
FATTR4_CASE_INSENSITIVE: Final = 16
FATTR4_CASE_PRESERVING: Final = 17
FATTR4_CHOWN_RESTRICTED: Final = 18
FATTR4_FILEID: Final = 20
FATTR4_FILES_AVAIL: Final = 21
FATTR4_FILES_FREE: Final = 22
FATTR4_FILES_TOTAL: Final = 23
FATTR4_FS_LOCATIONS: Final = 24
FATTR4_HIDDEN: Final = 25
FATTR4_HOMOGENEOUS: Final = 26
FATTR4_MAXFILESIZE: Final = 27
FATTR4_MAXLINK: Final = 28
FATTR4_MAXNAME: Final = 29
FATTR4_MAXREAD: Final = 30
FATTR4_MAXWRITE: Final = 31
FATTR4_MIMETYPE: Final = 32
FATTR4_MODE: Final = 33
FATTR4_NO_TRUNC: Final = 34
FATTR4_NUMLINKS: Final = 35
FATTR4_OWNER: Final = 36
FATTR4_OWNER_GROUP: Final = 37
FATTR4_QUOTA_AVAIL_HARD: Final = 38
FATTR4_QUOTA_AVAIL_SOFT: Final = 39
FATTR4_QUOTA_USED: Final = 40
FATTR4_RAWDEV: Final = 41
FATTR4_SPACE_AVAIL: Final = 42
FATTR4_SPACE_FREE: Final = 43
FATTR4_SPACE_TOTAL: Final = 44
FATTR4_SPACE_USED: Final = 45
FATTR4_SYSTEM: Final = 46
FATTR4_TIME_ACCESS: Final = 47
FATTR4_TIME_ACCESS_SET: Final = 48
FATTR4_TIME_BACKUP: Final = 49
FATTR4_TIME_CREATE: Final = 50
FATTR4_TIME_DELTA: Final = 51
FATTR4_TIME_METADATA: Final = 52
FATTR4_TIME_MODIFY: Final = 53
FATTR4_TIME_MODIFY_SET: Final = 54
FATTR4_MOUNTED_ON_FILEID: Final = 55
FATTR4_DIR_NOTIF_DELAY: Final = 56
FATTR4_DIRENT_NOTIF_DELAY: Final = 57
FATTR4_DACL: Final = 58
FATTR4_SACL: Final = 59
FATTR4_CHANGE_POLICY: Final = 60
FATTR4_FS_STATUS: Final = 61
FATTR4_FS_LAYOUT_TYPES: Final = 62
FATTR4_LAYOUT_HINT: Final = 63
FATTR4_LAYOUT_TYPES: Final = 64
FATTR4_LAYOUT_BLKSIZE: Final = 65
FATTR4_LAYOUT_ALIGNMENT: Final = 66
FATTR4_FS_LOCATIONS_INFO: Final = 67
FATTR4_MDSTHRESHOLD: Final = 68
FATTR4_RETENTION_GET: Final = 69
FATTR4_RETENTION_SET: Final = 70
FATTR4_RETENTEVT_GET: Final = 71
FATTR4_RETENTEVT_SET: Final = 72
FATTR4_RETENTION_HOLD: Final = 73
FATTR4_MODE_SET_MASKED: Final = 74
FATTR4_FS_CHARSET_CAP: Final = 76
FATTR4_CLONE_BLKSIZE: Final = 77
FATTR4_SPACE_FREED: Final = 78
FATTR4_CHANGE_ATTR_TYPE: Final = 79
FATTR4_SEC_LABEL: Final = 80
FATTR4_XATTR_SUPPORT: Final = 82
FATTR4_OPEN_ARGUMENTS: Final = 86
FSLI4BX_GFLAGS: Final = 0
FSLI4BX_TFLAGS: Final = 1
FSLI4BX_CLSIMUL: Final = 2
FSLI4BX_CLHANDLE: Final = 3
FSLI4BX_CLFILEID: Final = 4
FSLI4BX_CLWRITEVER: Final = 5
FSLI4BX_CLCHANGE: Final = 6
FSLI4BX_CLREADDIR: Final = 7
FSLI4BX_READRANK: Final = 8
FSLI4BX_WRITERANK: Final = 9
FSLI4BX_READORDER: Final = 10
FSLI4BX_WRITEORDER: Final = 11
FSLI4GF_WRITABLE: Final = 1
FSLI4GF_CUR_REQ: Final = 2
FSLI4GF_ABSENT: Final = 4
FSLI4GF_GOING: Final = 8
FSLI4GF_SPLIT: Final = 16
FSLI4TF_RDMA: Final = 1
FSLI4IF_VAR_SUB: Final = 1
NFL4_UFLG_MASK: Final = 63
NFL4_UFLG_DENSE: Final = 1
NFL4_UFLG_COMMIT_THRU_MDS: Final = 2
NFL42_UFLG_IO_ADVISE_THRU_MDS: Final = 4
NFL4_UFLG_STRIPE_UNIT_SIZE_MASK: Final = 4294967232
ACCESS4_READ: Final = 1
ACCESS4_LOOKUP: Final = 2
ACCESS4_MODIFY: Final = 4
ACCESS4_EXTEND: Final = 8
ACCESS4_DELETE: Final = 16
ACCESS4_EXECUTE: Final = 32
ACCESS4_XAREAD: Final = 64
ACCESS4_XAWRITE: Final = 128
ACCESS4_XALIST: Final = 256
OPEN4_SHARE_ACCESS_READ: Final = 1
OPEN4_SHARE_ACCESS_WRITE: Final = 2
OPEN4_SHARE_ACCESS_BOTH: Final = 3
OPEN4_SHARE_DENY_NONE: Final = 0
OPEN4_SHARE_DENY_READ: Final = 1
OPEN4_SHARE_DENY_WRITE: Final = 2
OPEN4_SHARE_DENY_BOTH: Final = 3
OPEN4_SHARE_ACCESS_WANT_DELEG_MASK: Final = 65280
OPEN4_SHARE_ACCESS_WANT_NO_PREFERENCE: Final = 0
OPEN4_SHARE_ACCESS_WANT_READ_DELEG: Final = 256
OPEN4_SHARE_ACCESS_WANT_WRITE_DELEG: Final = 512
OPEN4_SHARE_ACCESS_WANT_ANY_DELEG: Final = 768
OPEN4_SHARE_ACCESS_WANT_NO_DELEG: Final = 1024
OPEN4_SHARE_ACCESS_WANT_CANCEL: Final = 1280
OPEN4_SHARE_ACCESS_WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL: Final = 65536
OPEN4_SHARE_ACCESS_WANT_PUSH_DELEG_WHEN_UNCONTENDED: Final = 131072
OPEN4_SHARE_ACCESS_WANT_DELEG_TIMESTAMPS: Final = 1048576
OPEN4_RESULT_CONFIRM: Final = 2
OPEN4_RESULT_LOCKTYPE_POSIX: Final = 4
OPEN4_RESULT_PRESERVE_UNLINKED: Final = 8
OPEN4_RESULT_MAY_NOTIFY_LOCK: Final = 32
EXCHGID4_FLAG_SUPP_MOVED_REFER: Final = 1
EXCHGID4_FLAG_SUPP_MOVED_MIGR: Final = 2
EXCHGID4_FLAG_BIND_PRINC_STATEID: Final = 256
EXCHGID4_FLAG_USE_NON_PNFS: Final = 65536
EXCHGID4_FLAG_USE_PNFS_MDS: Final = 131072
EXCHGID4_FLAG_USE_PNFS_DS: Final = 262144
EXCHGID4_FLAG_MASK_PNFS: Final = 458752
EXCHGID4_FLAG_UPD_CONFIRMED_REC_A: Final = 1073741824
EXCHGID4_FLAG_CONFIRMED_R: Final = 2147483648
CREATE_SESSION4_FLAG_PERSIST: Final = 1
CREATE_SESSION4_FLAG_CONN_BACK_CHAN: Final = 2
CREATE_SESSION4_FLAG_CONN_RDMA: Final = 4
SEQ4_STATUS_CB_PATH_DOWN: Final = 1
SEQ4_STATUS_CB_GSS_CONTEXTS_EXPIRING: Final = 2
SEQ4_STATUS_CB_GSS_CONTEXTS_EXPIRED: Final = 4
SEQ4_STATUS_EXPIRED_ALL_STATE_REVOKED: Final = 8
SEQ4_STATUS_EXPIRED_SOME_STATE_REVOKED: Final = 16
SEQ4_STATUS_ADMIN_STATE_REVOKED: Final = 32
SEQ4_STATUS_RECALLABLE_STATE_REVOKED: Final = 64
SEQ4_STATUS_LEASE_MOVED: Final = 128
SEQ4_STATUS_RESTART_RECLAIM_NEEDED: Final = 256
SEQ4_STATUS_CB_PATH_DOWN_SESSION: Final = 512
SEQ4_STATUS_BACKCHANNEL_FAULT: Final = 1024
SEQ4_STATUS_DEVID_CHANGED: Final = 2048
SEQ4_STATUS_DEVID_DELETED: Final = 4096
RCA4_TYPE_MASK_RDATA_DLG: Final = 0
RCA4_TYPE_MASK_WDATA_DLG: Final = 1
RCA4_TYPE_MASK_DIR_DLG: Final = 2
RCA4_TYPE_MASK_FILE_LAYOUT: Final = 3
RCA4_TYPE_MASK_BLK_LAYOUT: Final = 4
RCA4_TYPE_MASK_OBJ_LAYOUT_MIN: Final = 8
RCA4_TYPE_MASK_OBJ_LAYOUT_MAX: Final = 9
RCA4_TYPE_MASK_OTHER_LAYOUT_MIN: Final = 12
RCA4_TYPE_MASK_OTHER_LAYOUT_MAX: Final = 15


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


class nfs_ftype4(enum.IntEnum):
    """enum nfs_ftype4."""

    NF4REG = 1
    NF4DIR = 2
    NF4BLK = 3
    NF4CHR = 4
    NF4LNK = 5
    NF4SOCK = 6
    NF4FIFO = 7
    NF4ATTRDIR = 8
    NF4NAMEDATTR = 9


NF4REG: Final = nfs_ftype4.NF4REG
NF4DIR: Final = nfs_ftype4.NF4DIR
NF4BLK: Final = nfs_ftype4.NF4BLK
NF4CHR: Final = nfs_ftype4.NF4CHR
NF4LNK: Final = nfs_ftype4.NF4LNK
NF4SOCK: Final = nfs_ftype4.NF4SOCK
NF4FIFO: Final = nfs_ftype4.NF4FIFO
NF4ATTRDIR: Final = nfs_ftype4.NF4ATTRDIR
NF4NAMEDATTR: Final = nfs_ftype4.NF4NAMEDATTR


class nfsstat4(enum.IntEnum):
    """enum nfsstat4."""

    NFS4_OK = 0
    NFS4ERR_PERM = 1
    NFS4ERR_NOENT = 2
    NFS4ERR_IO = 5
    NFS4ERR_NXIO = 6
    NFS4ERR_ACCESS = 13
    NFS4ERR_EXIST = 17
    NFS4ERR_XDEV = 18
    NFS4ERR_NOTDIR = 20
    NFS4ERR_ISDIR = 21
    NFS4ERR_INVAL = 22
    NFS4ERR_FBIG = 27
    NFS4ERR_NOSPC = 28
    NFS4ERR_ROFS = 30
    NFS4ERR_MLINK = 31
    NFS4ERR_NAMETOOLONG = 63
    NFS4ERR_NOTEMPTY = 66
    NFS4ERR_DQUOT = 69
    NFS4ERR_STALE = 70
    NFS4ERR_BADHANDLE = 10001
    NFS4ERR_BAD_COOKIE = 10003
    NFS4ERR_NOTSUPP = 10004
    NFS4ERR_TOOSMALL = 10005
    NFS4ERR_SERVERFAULT = 10006
    NFS4ERR_BADTYPE = 10007
    NFS4ERR_DELAY = 10008
    NFS4ERR_SAME = 10009
    NFS4ERR_DENIED = 10010
    NFS4ERR_EXPIRED = 10011
    NFS4ERR_LOCKED = 10012
    NFS4ERR_GRACE = 10013
    NFS4ERR_FHEXPIRED = 10014
    NFS4ERR_SHARE_DENIED = 10015
    NFS4ERR_WRONGSEC = 10016
    NFS4ERR_CLID_INUSE = 10017
    NFS4ERR_RESOURCE = 10018
    NFS4ERR_MOVED = 10019
    NFS4ERR_NOFILEHANDLE = 10020
    NFS4ERR_MINOR_VERS_MISMATCH = 10021
    NFS4ERR_STALE_CLIENTID = 10022
    NFS4ERR_STALE_STATEID = 10023
    NFS4ERR_OLD_STATEID = 10024
    NFS4ERR_BAD_STATEID = 10025
    NFS4ERR_BAD_SEQID = 10026
    NFS4ERR_NOT_SAME = 10027
    NFS4ERR_LOCK_RANGE = 10028
    NFS4ERR_SYMLINK = 10029
    NFS4ERR_RESTOREFH = 10030
    NFS4ERR_LEASE_MOVED = 10031
    NFS4ERR_ATTRNOTSUPP = 10032
    NFS4ERR_NO_GRACE = 10033
    NFS4ERR_RECLAIM_BAD = 10034
    NFS4ERR_RECLAIM_CONFLICT = 10035
    NFS4ERR_BADXDR = 10036
    NFS4ERR_LOCKS_HELD = 10037
    NFS4ERR_OPENMODE = 10038
    NFS4ERR_BADOWNER = 10039
    NFS4ERR_BADCHAR = 10040
    NFS4ERR_BADNAME = 10041
    NFS4ERR_BAD_RANGE = 10042
    NFS4ERR_LOCK_NOTSUPP = 10043
    NFS4ERR_OP_ILLEGAL = 10044
    NFS4ERR_DEADLOCK = 10045
    NFS4ERR_FILE_OPEN = 10046
    NFS4ERR_ADMIN_REVOKED = 10047
    NFS4ERR_CB_PATH_DOWN = 10048
    NFS4ERR_BADIOMODE = 10049
    NFS4ERR_BADLAYOUT = 10050
    NFS4ERR_BAD_SESSION_DIGEST = 10051
    NFS4ERR_BADSESSION = 10052
    NFS4ERR_BADSLOT = 10053
    NFS4ERR_COMPLETE_ALREADY = 10054
    NFS4ERR_CONN_NOT_BOUND_TO_SESSION = 10055
    NFS4ERR_DELEG_ALREADY_WANTED = 10056
    NFS4ERR_BACK_CHAN_BUSY = 10057
    NFS4ERR_LAYOUTTRYLATER = 10058
    NFS4ERR_LAYOUTUNAVAILABLE = 10059
    NFS4ERR_NOMATCHING_LAYOUT = 10060
    NFS4ERR_RECALLCONFLICT = 10061
    NFS4ERR_UNKNOWN_LAYOUTTYPE = 10062
    NFS4ERR_SEQ_MISORDERED = 10063
    NFS4ERR_SEQUENCE_POS = 10064
    NFS4ERR_REQ_TOO_BIG = 10065
    NFS4ERR_REP_TOO_BIG = 10066
    NFS4ERR_REP_TOO_BIG_TO_CACHE = 10067
    NFS4ERR_RETRY_UNCACHED_REP = 10068
    NFS4ERR_UNSAFE_COMPOUND = 10069
    NFS4ERR_TOO_MANY_OPS = 10070
    NFS4ERR_OP_NOT_IN_SESSION = 10071
    NFS4ERR_HASH_ALG_UNSUPP = 10072
    NFS4ERR_CLIENTID_BUSY = 10074
    NFS4ERR_PNFS_IO_HOLE = 10075
    NFS4ERR_SEQ_FALSE_RETRY = 10076
    NFS4ERR_BAD_HIGH_SLOT = 10077
    NFS4ERR_DEADSESSION = 10078
    NFS4ERR_ENCR_ALG_UNSUPP = 10079
    NFS4ERR_PNFS_NO_LAYOUT = 10080
    NFS4ERR_NOT_ONLY_OP = 10081
    NFS4ERR_WRONG_CRED = 10082
    NFS4ERR_WRONG_TYPE = 10083
    NFS4ERR_DIRDELEG_UNAVAIL = 10084
    NFS4ERR_REJECT_DELEG = 10085
    NFS4ERR_RETURNCONFLICT = 10086
    NFS4ERR_DELEG_REVOKED = 10087
    NFS4ERR_PARTNER_NOTSUPP = 10088
    NFS4ERR_PARTNER_NO_AUTH = 10089
    NFS4ERR_UNION_NOTSUPP = 10090
    NFS4ERR_OFFLOAD_DENIED = 10091
    NFS4ERR_WRONG_LFS = 10092
    NFS4ERR_BADLABEL = 10093
    NFS4ERR_OFFLOAD_NO_REQS = 10094
    NFS4ERR_NOXATTR = 10095
    NFS4ERR_XATTR2BIG = 10096


NFS4_OK: Final = nfsstat4.NFS4_OK
NFS4ERR_PERM: Final = nfsstat4.NFS4ERR_PERM
NFS4ERR_NOENT: Final = nfsstat4.NFS4ERR_NOENT
NFS4ERR_IO: Final = nfsstat4.NFS4ERR_IO
NFS4ERR_NXIO: Final = nfsstat4.NFS4ERR_NXIO
NFS4ERR_ACCESS: Final = nfsstat4.NFS4ERR_ACCESS
NFS4ERR_EXIST: Final = nfsstat4.NFS4ERR_EXIST
NFS4ERR_XDEV: Final = nfsstat4.NFS4ERR_XDEV
NFS4ERR_NOTDIR: Final = nfsstat4.NFS4ERR_NOTDIR
NFS4ERR_ISDIR: Final = nfsstat4.NFS4ERR_ISDIR
NFS4ERR_INVAL: Final = nfsstat4.NFS4ERR_INVAL
NFS4ERR_FBIG: Final = nfsstat4.NFS4ERR_FBIG
NFS4ERR_NOSPC: Final = nfsstat4.NFS4ERR_NOSPC
NFS4ERR_ROFS: Final = nfsstat4.NFS4ERR_ROFS
NFS4ERR_MLINK: Final = nfsstat4.NFS4ERR_MLINK
NFS4ERR_NAMETOOLONG: Final = nfsstat4.NFS4ERR_NAMETOOLONG
NFS4ERR_NOTEMPTY: Final = nfsstat4.NFS4ERR_NOTEMPTY
NFS4ERR_DQUOT: Final = nfsstat4.NFS4ERR_DQUOT
NFS4ERR_STALE: Final = nfsstat4.NFS4ERR_STALE
NFS4ERR_BADHANDLE: Final = nfsstat4.NFS4ERR_BADHANDLE
NFS4ERR_BAD_COOKIE: Final = nfsstat4.NFS4ERR_BAD_COOKIE
NFS4ERR_NOTSUPP: Final = nfsstat4.NFS4ERR_NOTSUPP
NFS4ERR_TOOSMALL: Final = nfsstat4.NFS4ERR_TOOSMALL
NFS4ERR_SERVERFAULT: Final = nfsstat4.NFS4ERR_SERVERFAULT
NFS4ERR_BADTYPE: Final = nfsstat4.NFS4ERR_BADTYPE
NFS4ERR_DELAY: Final = nfsstat4.NFS4ERR_DELAY
NFS4ERR_SAME: Final = nfsstat4.NFS4ERR_SAME
NFS4ERR_DENIED: Final = nfsstat4.NFS4ERR_DENIED
NFS4ERR_EXPIRED: Final = nfsstat4.NFS4ERR_EXPIRED
NFS4ERR_LOCKED: Final = nfsstat4.NFS4ERR_LOCKED
NFS4ERR_GRACE: Final = nfsstat4.NFS4ERR_GRACE
NFS4ERR_FHEXPIRED: Final = nfsstat4.NFS4ERR_FHEXPIRED
NFS4ERR_SHARE_DENIED: Final = nfsstat4.NFS4ERR_SHARE_DENIED
NFS4ERR_WRONGSEC: Final = nfsstat4.NFS4ERR_WRONGSEC
NFS4ERR_CLID_INUSE: Final = nfsstat4.NFS4ERR_CLID_INUSE
NFS4ERR_RESOURCE: Final = nfsstat4.NFS4ERR_RESOURCE
NFS4ERR_MOVED: Final = nfsstat4.NFS4ERR_MOVED
NFS4ERR_NOFILEHANDLE: Final = nfsstat4.NFS4ERR_NOFILEHANDLE
NFS4ERR_MINOR_VERS_MISMATCH: Final = nfsstat4.NFS4ERR_MINOR_VERS_MISMATCH
NFS4ERR_STALE_CLIENTID: Final = nfsstat4.NFS4ERR_STALE_CLIENTID
NFS4ERR_STALE_STATEID: Final = nfsstat4.NFS4ERR_STALE_STATEID
NFS4ERR_OLD_STATEID: Final = nfsstat4.NFS4ERR_OLD_STATEID
NFS4ERR_BAD_STATEID: Final = nfsstat4.NFS4ERR_BAD_STATEID
NFS4ERR_BAD_SEQID: Final = nfsstat4.NFS4ERR_BAD_SEQID
NFS4ERR_NOT_SAME: Final = nfsstat4.NFS4ERR_NOT_SAME
NFS4ERR_LOCK_RANGE: Final = nfsstat4.NFS4ERR_LOCK_RANGE
NFS4ERR_SYMLINK: Final = nfsstat4.NFS4ERR_SYMLINK
NFS4ERR_RESTOREFH: Final = nfsstat4.NFS4ERR_RESTOREFH
NFS4ERR_LEASE_MOVED: Final = nfsstat4.NFS4ERR_LEASE_MOVED
NFS4ERR_ATTRNOTSUPP: Final = nfsstat4.NFS4ERR_ATTRNOTSUPP
NFS4ERR_NO_GRACE: Final = nfsstat4.NFS4ERR_NO_GRACE
NFS4ERR_RECLAIM_BAD: Final = nfsstat4.NFS4ERR_RECLAIM_BAD
NFS4ERR_RECLAIM_CONFLICT: Final = nfsstat4.NFS4ERR_RECLAIM_CONFLICT
NFS4ERR_BADXDR: Final = nfsstat4.NFS4ERR_BADXDR
NFS4ERR_LOCKS_HELD: Final = nfsstat4.NFS4ERR_LOCKS_HELD
NFS4ERR_OPENMODE: Final = nfsstat4.NFS4ERR_OPENMODE
NFS4ERR_BADOWNER: Final = nfsstat4.NFS4ERR_BADOWNER
NFS4ERR_BADCHAR: Final = nfsstat4.NFS4ERR_BADCHAR
NFS4ERR_BADNAME: Final = nfsstat4.NFS4ERR_BADNAME
NFS4ERR_BAD_RANGE: Final = nfsstat4.NFS4ERR_BAD_RANGE
NFS4ERR_LOCK_NOTSUPP: Final = nfsstat4.NFS4ERR_LOCK_NOTSUPP
NFS4ERR_OP_ILLEGAL: Final = nfsstat4.NFS4ERR_OP_ILLEGAL
NFS4ERR_DEADLOCK: Final = nfsstat4.NFS4ERR_DEADLOCK
NFS4ERR_FILE_OPEN: Final = nfsstat4.NFS4ERR_FILE_OPEN
NFS4ERR_ADMIN_REVOKED: Final = nfsstat4.NFS4ERR_ADMIN_REVOKED
NFS4ERR_CB_PATH_DOWN: Final = nfsstat4.NFS4ERR_CB_PATH_DOWN
NFS4ERR_BADIOMODE: Final = nfsstat4.NFS4ERR_BADIOMODE
NFS4ERR_BADLAYOUT: Final = nfsstat4.NFS4ERR_BADLAYOUT
NFS4ERR_BAD_SESSION_DIGEST: Final = nfsstat4.NFS4ERR_BAD_SESSION_DIGEST
NFS4ERR_BADSESSION: Final = nfsstat4.NFS4ERR_BADSESSION
NFS4ERR_BADSLOT: Final = nfsstat4.NFS4ERR_BADSLOT
NFS4ERR_COMPLETE_ALREADY: Final = nfsstat4.NFS4ERR_COMPLETE_ALREADY
NFS4ERR_CONN_NOT_BOUND_TO_SESSION: Final = nfsstat4.NFS4ERR_CONN_NOT_BOUND_TO_SESSION
NFS4ERR_DELEG_ALREADY_WANTED: Final = nfsstat4.NFS4ERR_DELEG_ALREADY_WANTED
NFS4ERR_BACK_CHAN_BUSY: Final = nfsstat4.NFS4ERR_BACK_CHAN_BUSY
NFS4ERR_LAYOUTTRYLATER: Final = nfsstat4.NFS4ERR_LAYOUTTRYLATER
NFS4ERR_LAYOUTUNAVAILABLE: Final = nfsstat4.NFS4ERR_LAYOUTUNAVAILABLE
NFS4ERR_NOMATCHING_LAYOUT: Final = nfsstat4.NFS4ERR_NOMATCHING_LAYOUT
NFS4ERR_RECALLCONFLICT: Final = nfsstat4.NFS4ERR_RECALLCONFLICT
NFS4ERR_UNKNOWN_LAYOUTTYPE: Final = nfsstat4.NFS4ERR_UNKNOWN_LAYOUTTYPE
NFS4ERR_SEQ_MISORDERED: Final = nfsstat4.NFS4ERR_SEQ_MISORDERED
NFS4ERR_SEQUENCE_POS: Final = nfsstat4.NFS4ERR_SEQUENCE_POS
NFS4ERR_REQ_TOO_BIG: Final = nfsstat4.NFS4ERR_REQ_TOO_BIG
NFS4ERR_REP_TOO_BIG: Final = nfsstat4.NFS4ERR_REP_TOO_BIG
NFS4ERR_REP_TOO_BIG_TO_CACHE: Final = nfsstat4.NFS4ERR_REP_TOO_BIG_TO_CACHE
NFS4ERR_RETRY_UNCACHED_REP: Final = nfsstat4.NFS4ERR_RETRY_UNCACHED_REP
NFS4ERR_UNSAFE_COMPOUND: Final = nfsstat4.NFS4ERR_UNSAFE_COMPOUND
NFS4ERR_TOO_MANY_OPS: Final = nfsstat4.NFS4ERR_TOO_MANY_OPS
NFS4ERR_OP_NOT_IN_SESSION: Final = nfsstat4.NFS4ERR_OP_NOT_IN_SESSION
NFS4ERR_HASH_ALG_UNSUPP: Final = nfsstat4.NFS4ERR_HASH_ALG_UNSUPP
NFS4ERR_CLIENTID_BUSY: Final = nfsstat4.NFS4ERR_CLIENTID_BUSY
NFS4ERR_PNFS_IO_HOLE: Final = nfsstat4.NFS4ERR_PNFS_IO_HOLE
NFS4ERR_SEQ_FALSE_RETRY: Final = nfsstat4.NFS4ERR_SEQ_FALSE_RETRY
NFS4ERR_BAD_HIGH_SLOT: Final = nfsstat4.NFS4ERR_BAD_HIGH_SLOT
NFS4ERR_DEADSESSION: Final = nfsstat4.NFS4ERR_DEADSESSION
NFS4ERR_ENCR_ALG_UNSUPP: Final = nfsstat4.NFS4ERR_ENCR_ALG_UNSUPP
NFS4ERR_PNFS_NO_LAYOUT: Final = nfsstat4.NFS4ERR_PNFS_NO_LAYOUT
NFS4ERR_NOT_ONLY_OP: Final = nfsstat4.NFS4ERR_NOT_ONLY_OP
NFS4ERR_WRONG_CRED: Final = nfsstat4.NFS4ERR_WRONG_CRED
NFS4ERR_WRONG_TYPE: Final = nfsstat4.NFS4ERR_WRONG_TYPE
NFS4ERR_DIRDELEG_UNAVAIL: Final = nfsstat4.NFS4ERR_DIRDELEG_UNAVAIL
NFS4ERR_REJECT_DELEG: Final = nfsstat4.NFS4ERR_REJECT_DELEG
NFS4ERR_RETURNCONFLICT: Final = nfsstat4.NFS4ERR_RETURNCONFLICT
NFS4ERR_DELEG_REVOKED: Final = nfsstat4.NFS4ERR_DELEG_REVOKED
NFS4ERR_PARTNER_NOTSUPP: Final = nfsstat4.NFS4ERR_PARTNER_NOTSUPP
NFS4ERR_PARTNER_NO_AUTH: Final = nfsstat4.NFS4ERR_PARTNER_NO_AUTH
NFS4ERR_UNION_NOTSUPP: Final = nfsstat4.NFS4ERR_UNION_NOTSUPP
NFS4ERR_OFFLOAD_DENIED: Final = nfsstat4.NFS4ERR_OFFLOAD_DENIED
NFS4ERR_WRONG_LFS: Final = nfsstat4.NFS4ERR_WRONG_LFS
NFS4ERR_BADLABEL: Final = nfsstat4.NFS4ERR_BADLABEL
NFS4ERR_OFFLOAD_NO_REQS: Final = nfsstat4.NFS4ERR_OFFLOAD_NO_REQS
NFS4ERR_NOXATTR: Final = nfsstat4.NFS4ERR_NOXATTR
NFS4ERR_XATTR2BIG: Final = nfsstat4.NFS4ERR_XATTR2BIG


class nfstime4(_x.XdrStruct):
    """struct nfstime4."""

    __slots__ = ("nseconds", "seconds")
    __match_args__ = ("seconds", "nseconds")
    _fields = ("seconds", "nseconds")

    def __init__(self, seconds: int64_t, nseconds: uint32_t) -> None:
        self.seconds = seconds
        self.nseconds = nseconds


class time_how4(enum.IntEnum):
    """enum time_how4."""

    SET_TO_SERVER_TIME4 = 0
    SET_TO_CLIENT_TIME4 = 1


SET_TO_SERVER_TIME4: Final = time_how4.SET_TO_SERVER_TIME4
SET_TO_CLIENT_TIME4: Final = time_how4.SET_TO_CLIENT_TIME4


class settime4(_x.UnionValue):
    """union settime4 switch (time_how4 set_it); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: nfstime4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def time(self) -> nfstime4:
        """The ``time`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"settime4.time: tag is {self.tag!r}")
        return self.value


class fsid4(_x.XdrStruct):
    """struct fsid4."""

    __slots__ = ("major", "minor")
    __match_args__ = ("major", "minor")
    _fields = ("major", "minor")

    def __init__(self, major: uint64_t, minor: uint64_t) -> None:
        self.major = major
        self.minor = minor


class change_policy4(_x.XdrStruct):
    """struct change_policy4."""

    __slots__ = ("cp_major", "cp_minor")
    __match_args__ = ("cp_major", "cp_minor")
    _fields = ("cp_major", "cp_minor")

    def __init__(self, cp_major: uint64_t, cp_minor: uint64_t) -> None:
        self.cp_major = cp_major
        self.cp_minor = cp_minor


class fs_location4(_x.XdrStruct):
    """struct fs_location4."""

    __slots__ = ("rootpath", "server")
    __match_args__ = ("server", "rootpath")
    _fields = ("server", "rootpath")

    def __init__(self, server: list[utf8str_cis], rootpath: pathname4) -> None:
        self.server = server
        self.rootpath = rootpath


class fs_locations4(_x.XdrStruct):
    """struct fs_locations4."""

    __slots__ = ("fs_root", "locations")
    __match_args__ = ("fs_root", "locations")
    _fields = ("fs_root", "locations")

    def __init__(self, fs_root: pathname4, locations: list[fs_location4]) -> None:
        self.fs_root = fs_root
        self.locations = locations


class nfsace4(_x.XdrStruct):
    """struct nfsace4."""

    __slots__ = ("access_mask", "flag", "type", "who")
    __match_args__ = ("type", "flag", "access_mask", "who")
    _fields = ("type", "flag", "access_mask", "who")

    def __init__(
        self,
        type: acetype4,
        flag: aceflag4,
        access_mask: acemask4,
        who: utf8str_mixed,
    ) -> None:
        self.type = type
        self.flag = flag
        self.access_mask = access_mask
        self.who = who


class nfsacl41(_x.XdrStruct):
    """struct nfsacl41."""

    __slots__ = ("na41_aces", "na41_flag")
    __match_args__ = ("na41_flag", "na41_aces")
    _fields = ("na41_flag", "na41_aces")

    def __init__(self, na41_flag: aclflag4, na41_aces: list[nfsace4]) -> None:
        self.na41_flag = na41_flag
        self.na41_aces = na41_aces


class mode_masked4(_x.XdrStruct):
    """struct mode_masked4."""

    __slots__ = ("mm_mask_bits", "mm_value_to_set")
    __match_args__ = ("mm_value_to_set", "mm_mask_bits")
    _fields = ("mm_value_to_set", "mm_mask_bits")

    def __init__(self, mm_value_to_set: mode4, mm_mask_bits: mode4) -> None:
        self.mm_value_to_set = mm_value_to_set
        self.mm_mask_bits = mm_mask_bits


class specdata4(_x.XdrStruct):
    """struct specdata4."""

    __slots__ = ("specdata1", "specdata2")
    __match_args__ = ("specdata1", "specdata2")
    _fields = ("specdata1", "specdata2")

    def __init__(self, specdata1: uint32_t, specdata2: uint32_t) -> None:
        self.specdata1 = specdata1
        self.specdata2 = specdata2


class netaddr4(_x.XdrStruct):
    """struct netaddr4."""

    __slots__ = ("na_r_addr", "na_r_netid")
    __match_args__ = ("na_r_netid", "na_r_addr")
    _fields = ("na_r_netid", "na_r_addr")

    def __init__(self, na_r_netid: bytes, na_r_addr: bytes) -> None:
        self.na_r_netid = na_r_netid
        self.na_r_addr = na_r_addr


class nfs_impl_id4(_x.XdrStruct):
    """struct nfs_impl_id4."""

    __slots__ = ("nii_date", "nii_domain", "nii_name")
    __match_args__ = ("nii_domain", "nii_name", "nii_date")
    _fields = ("nii_domain", "nii_name", "nii_date")

    def __init__(self, nii_domain: utf8str_cis, nii_name: utf8str_cs, nii_date: nfstime4) -> None:
        self.nii_domain = nii_domain
        self.nii_name = nii_name
        self.nii_date = nii_date


class stateid4(_x.XdrStruct):
    """struct stateid4."""

    __slots__ = ("other", "seqid")
    __match_args__ = ("seqid", "other")
    _fields = ("seqid", "other")

    def __init__(self, seqid: uint32_t, other: bytes) -> None:
        self.seqid = seqid
        self.other = other


class layouttype4(enum.IntEnum):
    """enum layouttype4."""

    LAYOUT4_NFSV4_1_FILES = 1
    LAYOUT4_OSD2_OBJECTS = 2
    LAYOUT4_BLOCK_VOLUME = 3


LAYOUT4_NFSV4_1_FILES: Final = layouttype4.LAYOUT4_NFSV4_1_FILES
LAYOUT4_OSD2_OBJECTS: Final = layouttype4.LAYOUT4_OSD2_OBJECTS
LAYOUT4_BLOCK_VOLUME: Final = layouttype4.LAYOUT4_BLOCK_VOLUME


class layout_content4(_x.XdrStruct):
    """struct layout_content4."""

    __slots__ = ("loc_body", "loc_type")
    __match_args__ = ("loc_type", "loc_body")
    _fields = ("loc_type", "loc_body")

    def __init__(self, loc_type: int, loc_body: bytes) -> None:
        self.loc_type = loc_type
        self.loc_body = loc_body


class layouthint4(_x.XdrStruct):
    """struct layouthint4."""

    __slots__ = ("loh_body", "loh_type")
    __match_args__ = ("loh_type", "loh_body")
    _fields = ("loh_type", "loh_body")

    def __init__(self, loh_type: int, loh_body: bytes) -> None:
        self.loh_type = loh_type
        self.loh_body = loh_body


class layoutiomode4(enum.IntEnum):
    """enum layoutiomode4."""

    LAYOUTIOMODE4_READ = 1
    LAYOUTIOMODE4_RW = 2
    LAYOUTIOMODE4_ANY = 3


LAYOUTIOMODE4_READ: Final = layoutiomode4.LAYOUTIOMODE4_READ
LAYOUTIOMODE4_RW: Final = layoutiomode4.LAYOUTIOMODE4_RW
LAYOUTIOMODE4_ANY: Final = layoutiomode4.LAYOUTIOMODE4_ANY


class layout4(_x.XdrStruct):
    """struct layout4."""

    __slots__ = ("lo_content", "lo_iomode", "lo_length", "lo_offset")
    __match_args__ = ("lo_offset", "lo_length", "lo_iomode", "lo_content")
    _fields = ("lo_offset", "lo_length", "lo_iomode", "lo_content")

    def __init__(
        self,
        lo_offset: offset4,
        lo_length: length4,
        lo_iomode: int,
        lo_content: layout_content4,
    ) -> None:
        self.lo_offset = lo_offset
        self.lo_length = lo_length
        self.lo_iomode = lo_iomode
        self.lo_content = lo_content


class device_addr4(_x.XdrStruct):
    """struct device_addr4."""

    __slots__ = ("da_addr_body", "da_layout_type")
    __match_args__ = ("da_layout_type", "da_addr_body")
    _fields = ("da_layout_type", "da_addr_body")

    def __init__(self, da_layout_type: int, da_addr_body: bytes) -> None:
        self.da_layout_type = da_layout_type
        self.da_addr_body = da_addr_body


class layoutupdate4(_x.XdrStruct):
    """struct layoutupdate4."""

    __slots__ = ("lou_body", "lou_type")
    __match_args__ = ("lou_type", "lou_body")
    _fields = ("lou_type", "lou_body")

    def __init__(self, lou_type: int, lou_body: bytes) -> None:
        self.lou_type = lou_type
        self.lou_body = lou_body


class layoutreturn_type4(enum.IntEnum):
    """enum layoutreturn_type4."""

    LAYOUTRETURN4_FILE = 1
    LAYOUTRETURN4_FSID = 2
    LAYOUTRETURN4_ALL = 3


LAYOUTRETURN4_FILE: Final = layoutreturn_type4.LAYOUTRETURN4_FILE
LAYOUTRETURN4_FSID: Final = layoutreturn_type4.LAYOUTRETURN4_FSID
LAYOUTRETURN4_ALL: Final = layoutreturn_type4.LAYOUTRETURN4_ALL


class layoutreturn_file4(_x.XdrStruct):
    """struct layoutreturn_file4."""

    __slots__ = ("lrf_body", "lrf_length", "lrf_offset", "lrf_stateid")
    __match_args__ = ("lrf_offset", "lrf_length", "lrf_stateid", "lrf_body")
    _fields = ("lrf_offset", "lrf_length", "lrf_stateid", "lrf_body")

    def __init__(
        self,
        lrf_offset: offset4,
        lrf_length: length4,
        lrf_stateid: stateid4,
        lrf_body: bytes,
    ) -> None:
        self.lrf_offset = lrf_offset
        self.lrf_length = lrf_length
        self.lrf_stateid = lrf_stateid
        self.lrf_body = lrf_body


class layoutreturn4(_x.UnionValue):
    """union layoutreturn4 switch (layoutreturn_type4 lr_returntype); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: layoutreturn_file4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def lr_layout(self) -> layoutreturn_file4:
        """The ``lr_layout`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"layoutreturn4.lr_layout: tag is {self.tag!r}")
        return self.value


class fs4_status_type(enum.IntEnum):
    """enum fs4_status_type."""

    STATUS4_FIXED = 1
    STATUS4_UPDATED = 2
    STATUS4_VERSIONED = 3
    STATUS4_WRITABLE = 4
    STATUS4_REFERRAL = 5


STATUS4_FIXED: Final = fs4_status_type.STATUS4_FIXED
STATUS4_UPDATED: Final = fs4_status_type.STATUS4_UPDATED
STATUS4_VERSIONED: Final = fs4_status_type.STATUS4_VERSIONED
STATUS4_WRITABLE: Final = fs4_status_type.STATUS4_WRITABLE
STATUS4_REFERRAL: Final = fs4_status_type.STATUS4_REFERRAL


class fs4_status(_x.XdrStruct):
    """struct fs4_status."""

    __slots__ = ("fss_absent", "fss_age", "fss_current", "fss_source", "fss_type", "fss_version")
    __match_args__ = (
        "fss_absent",
        "fss_type",
        "fss_source",
        "fss_current",
        "fss_age",
        "fss_version",
    )
    _fields = ("fss_absent", "fss_type", "fss_source", "fss_current", "fss_age", "fss_version")

    def __init__(
        self,
        fss_absent: bool,
        fss_type: int,
        fss_source: utf8str_cs,
        fss_current: utf8str_cs,
        fss_age: int32_t,
        fss_version: nfstime4,
    ) -> None:
        self.fss_absent = fss_absent
        self.fss_type = fss_type
        self.fss_source = fss_source
        self.fss_current = fss_current
        self.fss_age = fss_age
        self.fss_version = fss_version


class threshold_item4(_x.XdrStruct):
    """struct threshold_item4."""

    __slots__ = ("thi_hintlist", "thi_hintset", "thi_layout_type")
    __match_args__ = ("thi_layout_type", "thi_hintset", "thi_hintlist")
    _fields = ("thi_layout_type", "thi_hintset", "thi_hintlist")

    def __init__(self, thi_layout_type: int, thi_hintset: bitmap4, thi_hintlist: bytes) -> None:
        self.thi_layout_type = thi_layout_type
        self.thi_hintset = thi_hintset
        self.thi_hintlist = thi_hintlist


class mdsthreshold4(_x.XdrStruct):
    """struct mdsthreshold4."""

    __slots__ = ("mth_hints",)
    __match_args__ = ("mth_hints",)
    _fields = ("mth_hints",)

    def __init__(self, mth_hints: list[threshold_item4]) -> None:
        self.mth_hints = mth_hints


class retention_get4(_x.XdrStruct):
    """struct retention_get4."""

    __slots__ = ("rg_begin_time", "rg_duration")
    __match_args__ = ("rg_duration", "rg_begin_time")
    _fields = ("rg_duration", "rg_begin_time")

    def __init__(self, rg_duration: uint64_t, rg_begin_time: list[nfstime4]) -> None:
        self.rg_duration = rg_duration
        self.rg_begin_time = rg_begin_time


class retention_set4(_x.XdrStruct):
    """struct retention_set4."""

    __slots__ = ("rs_duration", "rs_enable")
    __match_args__ = ("rs_enable", "rs_duration")
    _fields = ("rs_enable", "rs_duration")

    def __init__(self, rs_enable: bool, rs_duration: list[uint64_t]) -> None:
        self.rs_enable = rs_enable
        self.rs_duration = rs_duration


class netloc_type4(enum.IntEnum):
    """enum netloc_type4."""

    NL4_NAME = 1
    NL4_URL = 2
    NL4_NETADDR = 3


NL4_NAME: Final = netloc_type4.NL4_NAME
NL4_URL: Final = netloc_type4.NL4_URL
NL4_NETADDR: Final = netloc_type4.NL4_NETADDR


class netloc4(_x.UnionValue):
    """union netloc4 switch (netloc_type4 nl_type); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: utf8str_cis | netaddr4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def nl_name(self) -> utf8str_cis:
        """The ``nl_name`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"netloc4.nl_name: tag is {self.tag!r}")
        return self.value

    @property
    def nl_url(self) -> utf8str_cis:
        """The ``nl_url`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"netloc4.nl_url: tag is {self.tag!r}")
        return self.value

    @property
    def nl_addr(self) -> netaddr4:
        """The ``nl_addr`` arm."""
        if self.tag not in (3,):
            raise AttributeError(f"netloc4.nl_addr: tag is {self.tag!r}")
        return self.value


class change_attr_type4(enum.IntEnum):
    """enum change_attr_type4."""

    NFS4_CHANGE_TYPE_IS_MONOTONIC_INCR = 0
    NFS4_CHANGE_TYPE_IS_VERSION_COUNTER = 1
    NFS4_CHANGE_TYPE_IS_VERSION_COUNTER_NOPNFS = 2
    NFS4_CHANGE_TYPE_IS_TIME_METADATA = 3
    NFS4_CHANGE_TYPE_IS_UNDEFINED = 4


NFS4_CHANGE_TYPE_IS_MONOTONIC_INCR: Final = change_attr_type4.NFS4_CHANGE_TYPE_IS_MONOTONIC_INCR
NFS4_CHANGE_TYPE_IS_VERSION_COUNTER: Final = change_attr_type4.NFS4_CHANGE_TYPE_IS_VERSION_COUNTER
NFS4_CHANGE_TYPE_IS_VERSION_COUNTER_NOPNFS: Final = change_attr_type4.NFS4_CHANGE_TYPE_IS_VERSION_COUNTER_NOPNFS
NFS4_CHANGE_TYPE_IS_TIME_METADATA: Final = change_attr_type4.NFS4_CHANGE_TYPE_IS_TIME_METADATA
NFS4_CHANGE_TYPE_IS_UNDEFINED: Final = change_attr_type4.NFS4_CHANGE_TYPE_IS_UNDEFINED


class labelformat_spec4(_x.XdrStruct):
    """struct labelformat_spec4."""

    __slots__ = ("lfs_lfs", "lfs_pi")
    __match_args__ = ("lfs_lfs", "lfs_pi")
    _fields = ("lfs_lfs", "lfs_pi")

    def __init__(self, lfs_lfs: policy4, lfs_pi: policy4) -> None:
        self.lfs_lfs = lfs_lfs
        self.lfs_pi = lfs_pi


class sec_label4(_x.XdrStruct):
    """struct sec_label4."""

    __slots__ = ("slai_data", "slai_lfs")
    __match_args__ = ("slai_lfs", "slai_data")
    _fields = ("slai_lfs", "slai_data")

    def __init__(self, slai_lfs: labelformat_spec4, slai_data: bytes) -> None:
        self.slai_lfs = slai_lfs
        self.slai_data = slai_data


class copy_from_auth_priv(_x.XdrStruct):
    """struct copy_from_auth_priv."""

    __slots__ = ("cfap_destination", "cfap_shared_secret", "cfap_username")
    __match_args__ = ("cfap_shared_secret", "cfap_destination", "cfap_username")
    _fields = ("cfap_shared_secret", "cfap_destination", "cfap_username")

    def __init__(
        self,
        cfap_shared_secret: secret4,
        cfap_destination: netloc4,
        cfap_username: utf8str_mixed,
    ) -> None:
        self.cfap_shared_secret = cfap_shared_secret
        self.cfap_destination = cfap_destination
        self.cfap_username = cfap_username


class copy_to_auth_priv(_x.XdrStruct):
    """struct copy_to_auth_priv."""

    __slots__ = ("ctap_shared_secret", "ctap_source", "ctap_username")
    __match_args__ = ("ctap_shared_secret", "ctap_source", "ctap_username")
    _fields = ("ctap_shared_secret", "ctap_source", "ctap_username")

    def __init__(
        self,
        ctap_shared_secret: secret4,
        ctap_source: list[netloc4],
        ctap_username: utf8str_mixed,
    ) -> None:
        self.ctap_shared_secret = ctap_shared_secret
        self.ctap_source = ctap_source
        self.ctap_username = ctap_username


class copy_confirm_auth_priv(_x.XdrStruct):
    """struct copy_confirm_auth_priv."""

    __slots__ = ("ccap_shared_secret_mic", "ccap_username")
    __match_args__ = ("ccap_shared_secret_mic", "ccap_username")
    _fields = ("ccap_shared_secret_mic", "ccap_username")

    def __init__(self, ccap_shared_secret_mic: bytes, ccap_username: utf8str_mixed) -> None:
        self.ccap_shared_secret_mic = ccap_shared_secret_mic
        self.ccap_username = ccap_username


class app_data_block4(_x.XdrStruct):
    """struct app_data_block4."""

    __slots__ = (
        "adb_block_count",
        "adb_block_num",
        "adb_block_size",
        "adb_offset",
        "adb_pattern",
        "adb_reloff_blocknum",
        "adb_reloff_pattern",
    )
    __match_args__ = (
        "adb_offset",
        "adb_block_size",
        "adb_block_count",
        "adb_reloff_blocknum",
        "adb_block_num",
        "adb_reloff_pattern",
        "adb_pattern",
    )
    _fields = (
        "adb_offset",
        "adb_block_size",
        "adb_block_count",
        "adb_reloff_blocknum",
        "adb_block_num",
        "adb_reloff_pattern",
        "adb_pattern",
    )

    def __init__(
        self,
        adb_offset: offset4,
        adb_block_size: length4,
        adb_block_count: length4,
        adb_reloff_blocknum: length4,
        adb_block_num: count4,
        adb_reloff_pattern: length4,
        adb_pattern: bytes,
    ) -> None:
        self.adb_offset = adb_offset
        self.adb_block_size = adb_block_size
        self.adb_block_count = adb_block_count
        self.adb_reloff_blocknum = adb_reloff_blocknum
        self.adb_block_num = adb_block_num
        self.adb_reloff_pattern = adb_reloff_pattern
        self.adb_pattern = adb_pattern


class data4(_x.XdrStruct):
    """struct data4."""

    __slots__ = ("d_data", "d_offset")
    __match_args__ = ("d_offset", "d_data")
    _fields = ("d_offset", "d_data")

    def __init__(self, d_offset: offset4, d_data: PayloadLike) -> None:
        self.d_offset = d_offset
        self.d_data = d_data


class data_info4(_x.XdrStruct):
    """struct data_info4."""

    __slots__ = ("di_length", "di_offset")
    __match_args__ = ("di_offset", "di_length")
    _fields = ("di_offset", "di_length")

    def __init__(self, di_offset: offset4, di_length: length4) -> None:
        self.di_offset = di_offset
        self.di_length = di_length


class data_content4(enum.IntEnum):
    """enum data_content4."""

    NFS4_CONTENT_DATA = 0
    NFS4_CONTENT_HOLE = 1


NFS4_CONTENT_DATA: Final = data_content4.NFS4_CONTENT_DATA
NFS4_CONTENT_HOLE: Final = data_content4.NFS4_CONTENT_HOLE


class stable_how4(enum.IntEnum):
    """enum stable_how4."""

    UNSTABLE4 = 0
    DATA_SYNC4 = 1
    FILE_SYNC4 = 2


UNSTABLE4: Final = stable_how4.UNSTABLE4
DATA_SYNC4: Final = stable_how4.DATA_SYNC4
FILE_SYNC4: Final = stable_how4.FILE_SYNC4


class write_response4(_x.XdrStruct):
    """struct write_response4."""

    __slots__ = ("wr_callback_id", "wr_committed", "wr_count", "wr_writeverf")
    __match_args__ = ("wr_callback_id", "wr_count", "wr_committed", "wr_writeverf")
    _fields = ("wr_callback_id", "wr_count", "wr_committed", "wr_writeverf")

    def __init__(
        self,
        wr_callback_id: list[stateid4],
        wr_count: length4,
        wr_committed: int,
        wr_writeverf: verifier4,
    ) -> None:
        self.wr_callback_id = wr_callback_id
        self.wr_count = wr_count
        self.wr_committed = wr_committed
        self.wr_writeverf = wr_writeverf


class open_arguments4(_x.XdrStruct):
    """struct open_arguments4."""

    __slots__ = (
        "oa_create_mode",
        "oa_open_claim",
        "oa_share_access",
        "oa_share_access_want",
        "oa_share_deny",
    )
    __match_args__ = (
        "oa_share_access",
        "oa_share_deny",
        "oa_share_access_want",
        "oa_open_claim",
        "oa_create_mode",
    )
    _fields = (
        "oa_share_access",
        "oa_share_deny",
        "oa_share_access_want",
        "oa_open_claim",
        "oa_create_mode",
    )

    def __init__(
        self,
        oa_share_access: bitmap4,
        oa_share_deny: bitmap4,
        oa_share_access_want: bitmap4,
        oa_open_claim: bitmap4,
        oa_create_mode: bitmap4,
    ) -> None:
        self.oa_share_access = oa_share_access
        self.oa_share_deny = oa_share_deny
        self.oa_share_access_want = oa_share_access_want
        self.oa_open_claim = oa_open_claim
        self.oa_create_mode = oa_create_mode


class open_args_share_access4(enum.IntEnum):
    """enum open_args_share_access4."""

    OPEN_ARGS_SHARE_ACCESS_READ = 1
    OPEN_ARGS_SHARE_ACCESS_WRITE = 2
    OPEN_ARGS_SHARE_ACCESS_BOTH = 3


OPEN_ARGS_SHARE_ACCESS_READ: Final = open_args_share_access4.OPEN_ARGS_SHARE_ACCESS_READ
OPEN_ARGS_SHARE_ACCESS_WRITE: Final = open_args_share_access4.OPEN_ARGS_SHARE_ACCESS_WRITE
OPEN_ARGS_SHARE_ACCESS_BOTH: Final = open_args_share_access4.OPEN_ARGS_SHARE_ACCESS_BOTH


class open_args_share_deny4(enum.IntEnum):
    """enum open_args_share_deny4."""

    OPEN_ARGS_SHARE_DENY_NONE = 0
    OPEN_ARGS_SHARE_DENY_READ = 1
    OPEN_ARGS_SHARE_DENY_WRITE = 2
    OPEN_ARGS_SHARE_DENY_BOTH = 3


OPEN_ARGS_SHARE_DENY_NONE: Final = open_args_share_deny4.OPEN_ARGS_SHARE_DENY_NONE
OPEN_ARGS_SHARE_DENY_READ: Final = open_args_share_deny4.OPEN_ARGS_SHARE_DENY_READ
OPEN_ARGS_SHARE_DENY_WRITE: Final = open_args_share_deny4.OPEN_ARGS_SHARE_DENY_WRITE
OPEN_ARGS_SHARE_DENY_BOTH: Final = open_args_share_deny4.OPEN_ARGS_SHARE_DENY_BOTH


class open_args_share_access_want4(enum.IntEnum):
    """enum open_args_share_access_want4."""

    OPEN_ARGS_SHARE_ACCESS_WANT_ANY_DELEG = 3
    OPEN_ARGS_SHARE_ACCESS_WANT_NO_DELEG = 4
    OPEN_ARGS_SHARE_ACCESS_WANT_CANCEL = 5
    OPEN_ARGS_SHARE_ACCESS_WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL = 17
    OPEN_ARGS_SHARE_ACCESS_WANT_PUSH_DELEG_WHEN_UNCONTENDED = 18
    OPEN_ARGS_SHARE_ACCESS_WANT_DELEG_TIMESTAMPS = 20
    OPEN_ARGS_SHARE_ACCESS_WANT_OPEN_XOR_DELEGATION = 21


OPEN_ARGS_SHARE_ACCESS_WANT_ANY_DELEG: Final = open_args_share_access_want4.OPEN_ARGS_SHARE_ACCESS_WANT_ANY_DELEG
OPEN_ARGS_SHARE_ACCESS_WANT_NO_DELEG: Final = open_args_share_access_want4.OPEN_ARGS_SHARE_ACCESS_WANT_NO_DELEG
OPEN_ARGS_SHARE_ACCESS_WANT_CANCEL: Final = open_args_share_access_want4.OPEN_ARGS_SHARE_ACCESS_WANT_CANCEL
OPEN_ARGS_SHARE_ACCESS_WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL: Final = open_args_share_access_want4.OPEN_ARGS_SHARE_ACCESS_WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL
OPEN_ARGS_SHARE_ACCESS_WANT_PUSH_DELEG_WHEN_UNCONTENDED: Final = open_args_share_access_want4.OPEN_ARGS_SHARE_ACCESS_WANT_PUSH_DELEG_WHEN_UNCONTENDED
OPEN_ARGS_SHARE_ACCESS_WANT_DELEG_TIMESTAMPS: Final = open_args_share_access_want4.OPEN_ARGS_SHARE_ACCESS_WANT_DELEG_TIMESTAMPS
OPEN_ARGS_SHARE_ACCESS_WANT_OPEN_XOR_DELEGATION: Final = open_args_share_access_want4.OPEN_ARGS_SHARE_ACCESS_WANT_OPEN_XOR_DELEGATION


class open_args_open_claim4(enum.IntEnum):
    """enum open_args_open_claim4."""

    OPEN_ARGS_OPEN_CLAIM_NULL = 0
    OPEN_ARGS_OPEN_CLAIM_PREVIOUS = 1
    OPEN_ARGS_OPEN_CLAIM_DELEGATE_CUR = 2
    OPEN_ARGS_OPEN_CLAIM_DELEGATE_PREV = 3
    OPEN_ARGS_OPEN_CLAIM_FH = 4
    OPEN_ARGS_OPEN_CLAIM_DELEG_CUR_FH = 5
    OPEN_ARGS_OPEN_CLAIM_DELEG_PREV_FH = 6


OPEN_ARGS_OPEN_CLAIM_NULL: Final = open_args_open_claim4.OPEN_ARGS_OPEN_CLAIM_NULL
OPEN_ARGS_OPEN_CLAIM_PREVIOUS: Final = open_args_open_claim4.OPEN_ARGS_OPEN_CLAIM_PREVIOUS
OPEN_ARGS_OPEN_CLAIM_DELEGATE_CUR: Final = open_args_open_claim4.OPEN_ARGS_OPEN_CLAIM_DELEGATE_CUR
OPEN_ARGS_OPEN_CLAIM_DELEGATE_PREV: Final = open_args_open_claim4.OPEN_ARGS_OPEN_CLAIM_DELEGATE_PREV
OPEN_ARGS_OPEN_CLAIM_FH: Final = open_args_open_claim4.OPEN_ARGS_OPEN_CLAIM_FH
OPEN_ARGS_OPEN_CLAIM_DELEG_CUR_FH: Final = open_args_open_claim4.OPEN_ARGS_OPEN_CLAIM_DELEG_CUR_FH
OPEN_ARGS_OPEN_CLAIM_DELEG_PREV_FH: Final = open_args_open_claim4.OPEN_ARGS_OPEN_CLAIM_DELEG_PREV_FH


class open_args_createmode4(enum.IntEnum):
    """enum open_args_createmode4."""

    OPEN_ARGS_CREATEMODE_UNCHECKED4 = 0
    OPEN_ARGS_CREATE_MODE_GUARDED = 1
    OPEN_ARGS_CREATEMODE_EXCLUSIVE4 = 2
    OPEN_ARGS_CREATE_MODE_EXCLUSIVE4_1 = 3


OPEN_ARGS_CREATEMODE_UNCHECKED4: Final = open_args_createmode4.OPEN_ARGS_CREATEMODE_UNCHECKED4
OPEN_ARGS_CREATE_MODE_GUARDED: Final = open_args_createmode4.OPEN_ARGS_CREATE_MODE_GUARDED
OPEN_ARGS_CREATEMODE_EXCLUSIVE4: Final = open_args_createmode4.OPEN_ARGS_CREATEMODE_EXCLUSIVE4
OPEN_ARGS_CREATE_MODE_EXCLUSIVE4_1: Final = open_args_createmode4.OPEN_ARGS_CREATE_MODE_EXCLUSIVE4_1


class fattr4(_x.XdrStruct):
    """struct fattr4."""

    __slots__ = ("attr_vals", "attrmask")
    __match_args__ = ("attrmask", "attr_vals")
    _fields = ("attrmask", "attr_vals")

    def __init__(self, attrmask: bitmap4, attr_vals: attrlist4) -> None:
        self.attrmask = attrmask
        self.attr_vals = attr_vals


class change_info4(_x.XdrStruct):
    """struct change_info4."""

    __slots__ = ("after", "atomic", "before")
    __match_args__ = ("atomic", "before", "after")
    _fields = ("atomic", "before", "after")

    def __init__(self, atomic: bool, before: changeid4, after: changeid4) -> None:
        self.atomic = atomic
        self.before = before
        self.after = after


class cb_client4(_x.XdrStruct):
    """struct cb_client4."""

    __slots__ = ("cb_location", "cb_program")
    __match_args__ = ("cb_program", "cb_location")
    _fields = ("cb_program", "cb_location")

    def __init__(self, cb_program: uint32_t, cb_location: netaddr4) -> None:
        self.cb_program = cb_program
        self.cb_location = cb_location


class nfs_client_id4(_x.XdrStruct):
    """struct nfs_client_id4."""

    __slots__ = ("id", "verifier")
    __match_args__ = ("verifier", "id")
    _fields = ("verifier", "id")

    def __init__(self, verifier: verifier4, id: bytes) -> None:
        self.verifier = verifier
        self.id = id


class client_owner4(_x.XdrStruct):
    """struct client_owner4."""

    __slots__ = ("co_ownerid", "co_verifier")
    __match_args__ = ("co_verifier", "co_ownerid")
    _fields = ("co_verifier", "co_ownerid")

    def __init__(self, co_verifier: verifier4, co_ownerid: bytes) -> None:
        self.co_verifier = co_verifier
        self.co_ownerid = co_ownerid


class server_owner4(_x.XdrStruct):
    """struct server_owner4."""

    __slots__ = ("so_major_id", "so_minor_id")
    __match_args__ = ("so_minor_id", "so_major_id")
    _fields = ("so_minor_id", "so_major_id")

    def __init__(self, so_minor_id: uint64_t, so_major_id: bytes) -> None:
        self.so_minor_id = so_minor_id
        self.so_major_id = so_major_id


class state_owner4(_x.XdrStruct):
    """struct state_owner4."""

    __slots__ = ("clientid", "owner")
    __match_args__ = ("clientid", "owner")
    _fields = ("clientid", "owner")

    def __init__(self, clientid: clientid4, owner: bytes) -> None:
        self.clientid = clientid
        self.owner = owner


class nfs_lock_type4(enum.IntEnum):
    """enum nfs_lock_type4."""

    READ_LT = 1
    WRITE_LT = 2
    READW_LT = 3
    WRITEW_LT = 4


READ_LT: Final = nfs_lock_type4.READ_LT
WRITE_LT: Final = nfs_lock_type4.WRITE_LT
READW_LT: Final = nfs_lock_type4.READW_LT
WRITEW_LT: Final = nfs_lock_type4.WRITEW_LT


class ssv_subkey4(enum.IntEnum):
    """enum ssv_subkey4."""

    SSV4_SUBKEY_MIC_I2T = 1
    SSV4_SUBKEY_MIC_T2I = 2
    SSV4_SUBKEY_SEAL_I2T = 3
    SSV4_SUBKEY_SEAL_T2I = 4


SSV4_SUBKEY_MIC_I2T: Final = ssv_subkey4.SSV4_SUBKEY_MIC_I2T
SSV4_SUBKEY_MIC_T2I: Final = ssv_subkey4.SSV4_SUBKEY_MIC_T2I
SSV4_SUBKEY_SEAL_I2T: Final = ssv_subkey4.SSV4_SUBKEY_SEAL_I2T
SSV4_SUBKEY_SEAL_T2I: Final = ssv_subkey4.SSV4_SUBKEY_SEAL_T2I


class ssv_mic_plain_tkn4(_x.XdrStruct):
    """struct ssv_mic_plain_tkn4."""

    __slots__ = ("smpt_orig_plain", "smpt_ssv_seq")
    __match_args__ = ("smpt_ssv_seq", "smpt_orig_plain")
    _fields = ("smpt_ssv_seq", "smpt_orig_plain")

    def __init__(self, smpt_ssv_seq: uint32_t, smpt_orig_plain: bytes) -> None:
        self.smpt_ssv_seq = smpt_ssv_seq
        self.smpt_orig_plain = smpt_orig_plain


class ssv_mic_tkn4(_x.XdrStruct):
    """struct ssv_mic_tkn4."""

    __slots__ = ("smt_hmac", "smt_ssv_seq")
    __match_args__ = ("smt_ssv_seq", "smt_hmac")
    _fields = ("smt_ssv_seq", "smt_hmac")

    def __init__(self, smt_ssv_seq: uint32_t, smt_hmac: bytes) -> None:
        self.smt_ssv_seq = smt_ssv_seq
        self.smt_hmac = smt_hmac


class ssv_seal_plain_tkn4(_x.XdrStruct):
    """struct ssv_seal_plain_tkn4."""

    __slots__ = ("sspt_confounder", "sspt_orig_plain", "sspt_pad", "sspt_ssv_seq")
    __match_args__ = ("sspt_confounder", "sspt_ssv_seq", "sspt_orig_plain", "sspt_pad")
    _fields = ("sspt_confounder", "sspt_ssv_seq", "sspt_orig_plain", "sspt_pad")

    def __init__(
        self,
        sspt_confounder: bytes,
        sspt_ssv_seq: uint32_t,
        sspt_orig_plain: bytes,
        sspt_pad: bytes,
    ) -> None:
        self.sspt_confounder = sspt_confounder
        self.sspt_ssv_seq = sspt_ssv_seq
        self.sspt_orig_plain = sspt_orig_plain
        self.sspt_pad = sspt_pad


class ssv_seal_cipher_tkn4(_x.XdrStruct):
    """struct ssv_seal_cipher_tkn4."""

    __slots__ = ("ssct_encr_data", "ssct_hmac", "ssct_iv", "ssct_ssv_seq")
    __match_args__ = ("ssct_ssv_seq", "ssct_iv", "ssct_encr_data", "ssct_hmac")
    _fields = ("ssct_ssv_seq", "ssct_iv", "ssct_encr_data", "ssct_hmac")

    def __init__(
        self,
        ssct_ssv_seq: uint32_t,
        ssct_iv: bytes,
        ssct_encr_data: bytes,
        ssct_hmac: bytes,
    ) -> None:
        self.ssct_ssv_seq = ssct_ssv_seq
        self.ssct_iv = ssct_iv
        self.ssct_encr_data = ssct_encr_data
        self.ssct_hmac = ssct_hmac


class fs_locations_server4(_x.XdrStruct):
    """struct fs_locations_server4."""

    __slots__ = ("fls_currency", "fls_info", "fls_server")
    __match_args__ = ("fls_currency", "fls_info", "fls_server")
    _fields = ("fls_currency", "fls_info", "fls_server")

    def __init__(self, fls_currency: int32_t, fls_info: bytes, fls_server: utf8str_cis) -> None:
        self.fls_currency = fls_currency
        self.fls_info = fls_info
        self.fls_server = fls_server


class fs_locations_item4(_x.XdrStruct):
    """struct fs_locations_item4."""

    __slots__ = ("fli_entries", "fli_rootpath")
    __match_args__ = ("fli_entries", "fli_rootpath")
    _fields = ("fli_entries", "fli_rootpath")

    def __init__(self, fli_entries: list[fs_locations_server4], fli_rootpath: pathname4) -> None:
        self.fli_entries = fli_entries
        self.fli_rootpath = fli_rootpath


class fs_locations_info4(_x.XdrStruct):
    """struct fs_locations_info4."""

    __slots__ = ("fli_flags", "fli_fs_root", "fli_items", "fli_valid_for")
    __match_args__ = ("fli_flags", "fli_valid_for", "fli_fs_root", "fli_items")
    _fields = ("fli_flags", "fli_valid_for", "fli_fs_root", "fli_items")

    def __init__(
        self,
        fli_flags: uint32_t,
        fli_valid_for: int32_t,
        fli_fs_root: pathname4,
        fli_items: list[fs_locations_item4],
    ) -> None:
        self.fli_flags = fli_flags
        self.fli_valid_for = fli_valid_for
        self.fli_fs_root = fli_fs_root
        self.fli_items = fli_items


class filelayout_hint_care4(enum.IntEnum):
    """enum filelayout_hint_care4."""

    NFLH4_CARE_DENSE = 1
    NFLH4_CARE_COMMIT_THRU_MDS = 2
    NFL42_CARE_IO_ADVISE_THRU_MDS = 4
    NFLH4_CARE_STRIPE_UNIT_SIZE = 64
    NFLH4_CARE_STRIPE_COUNT = 128


NFLH4_CARE_DENSE: Final = filelayout_hint_care4.NFLH4_CARE_DENSE
NFLH4_CARE_COMMIT_THRU_MDS: Final = filelayout_hint_care4.NFLH4_CARE_COMMIT_THRU_MDS
NFL42_CARE_IO_ADVISE_THRU_MDS: Final = filelayout_hint_care4.NFL42_CARE_IO_ADVISE_THRU_MDS
NFLH4_CARE_STRIPE_UNIT_SIZE: Final = filelayout_hint_care4.NFLH4_CARE_STRIPE_UNIT_SIZE
NFLH4_CARE_STRIPE_COUNT: Final = filelayout_hint_care4.NFLH4_CARE_STRIPE_COUNT


class nfsv4_1_file_layouthint4(_x.XdrStruct):
    """struct nfsv4_1_file_layouthint4."""

    __slots__ = ("nflh_care", "nflh_stripe_count", "nflh_util")
    __match_args__ = ("nflh_care", "nflh_util", "nflh_stripe_count")
    _fields = ("nflh_care", "nflh_util", "nflh_stripe_count")

    def __init__(
        self,
        nflh_care: uint32_t,
        nflh_util: nfl_util4,
        nflh_stripe_count: count4,
    ) -> None:
        self.nflh_care = nflh_care
        self.nflh_util = nflh_util
        self.nflh_stripe_count = nflh_stripe_count


class nfsv4_1_file_layout_ds_addr4(_x.XdrStruct):
    """struct nfsv4_1_file_layout_ds_addr4."""

    __slots__ = ("nflda_multipath_ds_list", "nflda_stripe_indices")
    __match_args__ = ("nflda_stripe_indices", "nflda_multipath_ds_list")
    _fields = ("nflda_stripe_indices", "nflda_multipath_ds_list")

    def __init__(
        self,
        nflda_stripe_indices: list[uint32_t],
        nflda_multipath_ds_list: list[multipath_list4],
    ) -> None:
        self.nflda_stripe_indices = nflda_stripe_indices
        self.nflda_multipath_ds_list = nflda_multipath_ds_list


class nfsv4_1_file_layout4(_x.XdrStruct):
    """struct nfsv4_1_file_layout4."""

    __slots__ = (
        "nfl_deviceid",
        "nfl_fh_list",
        "nfl_first_stripe_index",
        "nfl_pattern_offset",
        "nfl_util",
    )
    __match_args__ = (
        "nfl_deviceid",
        "nfl_util",
        "nfl_first_stripe_index",
        "nfl_pattern_offset",
        "nfl_fh_list",
    )
    _fields = (
        "nfl_deviceid",
        "nfl_util",
        "nfl_first_stripe_index",
        "nfl_pattern_offset",
        "nfl_fh_list",
    )

    def __init__(
        self,
        nfl_deviceid: deviceid4,
        nfl_util: nfl_util4,
        nfl_first_stripe_index: uint32_t,
        nfl_pattern_offset: offset4,
        nfl_fh_list: list[nfs_fh4],
    ) -> None:
        self.nfl_deviceid = nfl_deviceid
        self.nfl_util = nfl_util
        self.nfl_first_stripe_index = nfl_first_stripe_index
        self.nfl_pattern_offset = nfl_pattern_offset
        self.nfl_fh_list = nfl_fh_list


class nfs_opnum4(enum.IntEnum):
    """enum nfs_opnum4."""

    OP_ACCESS = 3
    OP_CLOSE = 4
    OP_COMMIT = 5
    OP_CREATE = 6
    OP_DELEGPURGE = 7
    OP_DELEGRETURN = 8
    OP_GETATTR = 9
    OP_GETFH = 10
    OP_LINK = 11
    OP_LOCK = 12
    OP_LOCKT = 13
    OP_LOCKU = 14
    OP_LOOKUP = 15
    OP_LOOKUPP = 16
    OP_NVERIFY = 17
    OP_OPEN = 18
    OP_OPENATTR = 19
    OP_OPEN_CONFIRM = 20
    OP_OPEN_DOWNGRADE = 21
    OP_PUTFH = 22
    OP_PUTPUBFH = 23
    OP_PUTROOTFH = 24
    OP_READ = 25
    OP_READDIR = 26
    OP_READLINK = 27
    OP_REMOVE = 28
    OP_RENAME = 29
    OP_RENEW = 30
    OP_RESTOREFH = 31
    OP_SAVEFH = 32
    OP_SECINFO = 33
    OP_SETATTR = 34
    OP_SETCLIENTID = 35
    OP_SETCLIENTID_CONFIRM = 36
    OP_VERIFY = 37
    OP_WRITE = 38
    OP_RELEASE_LOCKOWNER = 39
    OP_BACKCHANNEL_CTL = 40
    OP_BIND_CONN_TO_SESSION = 41
    OP_EXCHANGE_ID = 42
    OP_CREATE_SESSION = 43
    OP_DESTROY_SESSION = 44
    OP_FREE_STATEID = 45
    OP_GET_DIR_DELEGATION = 46
    OP_GETDEVICEINFO = 47
    OP_GETDEVICELIST = 48
    OP_LAYOUTCOMMIT = 49
    OP_LAYOUTGET = 50
    OP_LAYOUTRETURN = 51
    OP_SECINFO_NO_NAME = 52
    OP_SEQUENCE = 53
    OP_SET_SSV = 54
    OP_TEST_STATEID = 55
    OP_WANT_DELEGATION = 56
    OP_DESTROY_CLIENTID = 57
    OP_RECLAIM_COMPLETE = 58
    OP_ALLOCATE = 59
    OP_COPY = 60
    OP_COPY_NOTIFY = 61
    OP_DEALLOCATE = 62
    OP_IO_ADVISE = 63
    OP_LAYOUTERROR = 64
    OP_LAYOUTSTATS = 65
    OP_OFFLOAD_CANCEL = 66
    OP_OFFLOAD_STATUS = 67
    OP_READ_PLUS = 68
    OP_SEEK = 69
    OP_WRITE_SAME = 70
    OP_CLONE = 71
    OP_GETXATTR = 72
    OP_SETXATTR = 73
    OP_LISTXATTRS = 74
    OP_REMOVEXATTR = 75
    OP_ILLEGAL = 10044


OP_ACCESS: Final = nfs_opnum4.OP_ACCESS
OP_CLOSE: Final = nfs_opnum4.OP_CLOSE
OP_COMMIT: Final = nfs_opnum4.OP_COMMIT
OP_CREATE: Final = nfs_opnum4.OP_CREATE
OP_DELEGPURGE: Final = nfs_opnum4.OP_DELEGPURGE
OP_DELEGRETURN: Final = nfs_opnum4.OP_DELEGRETURN
OP_GETATTR: Final = nfs_opnum4.OP_GETATTR
OP_GETFH: Final = nfs_opnum4.OP_GETFH
OP_LINK: Final = nfs_opnum4.OP_LINK
OP_LOCK: Final = nfs_opnum4.OP_LOCK
OP_LOCKT: Final = nfs_opnum4.OP_LOCKT
OP_LOCKU: Final = nfs_opnum4.OP_LOCKU
OP_LOOKUP: Final = nfs_opnum4.OP_LOOKUP
OP_LOOKUPP: Final = nfs_opnum4.OP_LOOKUPP
OP_NVERIFY: Final = nfs_opnum4.OP_NVERIFY
OP_OPEN: Final = nfs_opnum4.OP_OPEN
OP_OPENATTR: Final = nfs_opnum4.OP_OPENATTR
OP_OPEN_CONFIRM: Final = nfs_opnum4.OP_OPEN_CONFIRM
OP_OPEN_DOWNGRADE: Final = nfs_opnum4.OP_OPEN_DOWNGRADE
OP_PUTFH: Final = nfs_opnum4.OP_PUTFH
OP_PUTPUBFH: Final = nfs_opnum4.OP_PUTPUBFH
OP_PUTROOTFH: Final = nfs_opnum4.OP_PUTROOTFH
OP_READ: Final = nfs_opnum4.OP_READ
OP_READDIR: Final = nfs_opnum4.OP_READDIR
OP_READLINK: Final = nfs_opnum4.OP_READLINK
OP_REMOVE: Final = nfs_opnum4.OP_REMOVE
OP_RENAME: Final = nfs_opnum4.OP_RENAME
OP_RENEW: Final = nfs_opnum4.OP_RENEW
OP_RESTOREFH: Final = nfs_opnum4.OP_RESTOREFH
OP_SAVEFH: Final = nfs_opnum4.OP_SAVEFH
OP_SECINFO: Final = nfs_opnum4.OP_SECINFO
OP_SETATTR: Final = nfs_opnum4.OP_SETATTR
OP_SETCLIENTID: Final = nfs_opnum4.OP_SETCLIENTID
OP_SETCLIENTID_CONFIRM: Final = nfs_opnum4.OP_SETCLIENTID_CONFIRM
OP_VERIFY: Final = nfs_opnum4.OP_VERIFY
OP_WRITE: Final = nfs_opnum4.OP_WRITE
OP_RELEASE_LOCKOWNER: Final = nfs_opnum4.OP_RELEASE_LOCKOWNER
OP_BACKCHANNEL_CTL: Final = nfs_opnum4.OP_BACKCHANNEL_CTL
OP_BIND_CONN_TO_SESSION: Final = nfs_opnum4.OP_BIND_CONN_TO_SESSION
OP_EXCHANGE_ID: Final = nfs_opnum4.OP_EXCHANGE_ID
OP_CREATE_SESSION: Final = nfs_opnum4.OP_CREATE_SESSION
OP_DESTROY_SESSION: Final = nfs_opnum4.OP_DESTROY_SESSION
OP_FREE_STATEID: Final = nfs_opnum4.OP_FREE_STATEID
OP_GET_DIR_DELEGATION: Final = nfs_opnum4.OP_GET_DIR_DELEGATION
OP_GETDEVICEINFO: Final = nfs_opnum4.OP_GETDEVICEINFO
OP_GETDEVICELIST: Final = nfs_opnum4.OP_GETDEVICELIST
OP_LAYOUTCOMMIT: Final = nfs_opnum4.OP_LAYOUTCOMMIT
OP_LAYOUTGET: Final = nfs_opnum4.OP_LAYOUTGET
OP_LAYOUTRETURN: Final = nfs_opnum4.OP_LAYOUTRETURN
OP_SECINFO_NO_NAME: Final = nfs_opnum4.OP_SECINFO_NO_NAME
OP_SEQUENCE: Final = nfs_opnum4.OP_SEQUENCE
OP_SET_SSV: Final = nfs_opnum4.OP_SET_SSV
OP_TEST_STATEID: Final = nfs_opnum4.OP_TEST_STATEID
OP_WANT_DELEGATION: Final = nfs_opnum4.OP_WANT_DELEGATION
OP_DESTROY_CLIENTID: Final = nfs_opnum4.OP_DESTROY_CLIENTID
OP_RECLAIM_COMPLETE: Final = nfs_opnum4.OP_RECLAIM_COMPLETE
OP_ALLOCATE: Final = nfs_opnum4.OP_ALLOCATE
OP_COPY: Final = nfs_opnum4.OP_COPY
OP_COPY_NOTIFY: Final = nfs_opnum4.OP_COPY_NOTIFY
OP_DEALLOCATE: Final = nfs_opnum4.OP_DEALLOCATE
OP_IO_ADVISE: Final = nfs_opnum4.OP_IO_ADVISE
OP_LAYOUTERROR: Final = nfs_opnum4.OP_LAYOUTERROR
OP_LAYOUTSTATS: Final = nfs_opnum4.OP_LAYOUTSTATS
OP_OFFLOAD_CANCEL: Final = nfs_opnum4.OP_OFFLOAD_CANCEL
OP_OFFLOAD_STATUS: Final = nfs_opnum4.OP_OFFLOAD_STATUS
OP_READ_PLUS: Final = nfs_opnum4.OP_READ_PLUS
OP_SEEK: Final = nfs_opnum4.OP_SEEK
OP_WRITE_SAME: Final = nfs_opnum4.OP_WRITE_SAME
OP_CLONE: Final = nfs_opnum4.OP_CLONE
OP_GETXATTR: Final = nfs_opnum4.OP_GETXATTR
OP_SETXATTR: Final = nfs_opnum4.OP_SETXATTR
OP_LISTXATTRS: Final = nfs_opnum4.OP_LISTXATTRS
OP_REMOVEXATTR: Final = nfs_opnum4.OP_REMOVEXATTR
OP_ILLEGAL: Final = nfs_opnum4.OP_ILLEGAL


class ACCESS4args(_x.XdrStruct):
    """struct ACCESS4args."""

    __slots__ = ("access",)
    __match_args__ = ("access",)
    _fields = ("access",)

    def __init__(self, access: uint32_t) -> None:
        self.access = access


class ACCESS4resok(_x.XdrStruct):
    """struct ACCESS4resok."""

    __slots__ = ("access", "supported")
    __match_args__ = ("supported", "access")
    _fields = ("supported", "access")

    def __init__(self, supported: uint32_t, access: uint32_t) -> None:
        self.supported = supported
        self.access = access


class ACCESS4res(_x.UnionValue):
    """union ACCESS4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: ACCESS4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> ACCESS4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"ACCESS4res.resok4: tag is {self.tag!r}")
        return self.value


class CLOSE4args(_x.XdrStruct):
    """struct CLOSE4args."""

    __slots__ = ("open_stateid", "seqid")
    __match_args__ = ("seqid", "open_stateid")
    _fields = ("seqid", "open_stateid")

    def __init__(self, seqid: seqid4, open_stateid: stateid4) -> None:
        self.seqid = seqid
        self.open_stateid = open_stateid


class CLOSE4res(_x.UnionValue):
    """union CLOSE4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: stateid4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def open_stateid(self) -> stateid4:
        """The ``open_stateid`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"CLOSE4res.open_stateid: tag is {self.tag!r}")
        return self.value


class COMMIT4args(_x.XdrStruct):
    """struct COMMIT4args."""

    __slots__ = ("count", "offset")
    __match_args__ = ("offset", "count")
    _fields = ("offset", "count")

    def __init__(self, offset: offset4, count: count4) -> None:
        self.offset = offset
        self.count = count


class COMMIT4resok(_x.XdrStruct):
    """struct COMMIT4resok."""

    __slots__ = ("writeverf",)
    __match_args__ = ("writeverf",)
    _fields = ("writeverf",)

    def __init__(self, writeverf: verifier4) -> None:
        self.writeverf = writeverf


class COMMIT4res(_x.UnionValue):
    """union COMMIT4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: COMMIT4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> COMMIT4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"COMMIT4res.resok4: tag is {self.tag!r}")
        return self.value


class createtype4(_x.UnionValue):
    """union createtype4 switch (nfs_ftype4 type); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: linktext4 | specdata4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def linkdata(self) -> linktext4:
        """The ``linkdata`` arm."""
        if self.tag not in (5,):
            raise AttributeError(f"createtype4.linkdata: tag is {self.tag!r}")
        return self.value

    @property
    def devdata(self) -> specdata4:
        """The ``devdata`` arm."""
        if self.tag not in (3, 4):
            raise AttributeError(f"createtype4.devdata: tag is {self.tag!r}")
        return self.value


class CREATE4args(_x.XdrStruct):
    """struct CREATE4args."""

    __slots__ = ("createattrs", "objname", "objtype")
    __match_args__ = ("objtype", "objname", "createattrs")
    _fields = ("objtype", "objname", "createattrs")

    def __init__(self, objtype: createtype4, objname: component4, createattrs: fattr4) -> None:
        self.objtype = objtype
        self.objname = objname
        self.createattrs = createattrs


class CREATE4resok(_x.XdrStruct):
    """struct CREATE4resok."""

    __slots__ = ("attrset", "cinfo")
    __match_args__ = ("cinfo", "attrset")
    _fields = ("cinfo", "attrset")

    def __init__(self, cinfo: change_info4, attrset: bitmap4) -> None:
        self.cinfo = cinfo
        self.attrset = attrset


class CREATE4res(_x.UnionValue):
    """union CREATE4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: CREATE4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> CREATE4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"CREATE4res.resok4: tag is {self.tag!r}")
        return self.value


class DELEGPURGE4args(_x.XdrStruct):
    """struct DELEGPURGE4args."""

    __slots__ = ("clientid",)
    __match_args__ = ("clientid",)
    _fields = ("clientid",)

    def __init__(self, clientid: clientid4) -> None:
        self.clientid = clientid


class DELEGPURGE4res(_x.XdrStruct):
    """struct DELEGPURGE4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class DELEGRETURN4args(_x.XdrStruct):
    """struct DELEGRETURN4args."""

    __slots__ = ("deleg_stateid",)
    __match_args__ = ("deleg_stateid",)
    _fields = ("deleg_stateid",)

    def __init__(self, deleg_stateid: stateid4) -> None:
        self.deleg_stateid = deleg_stateid


class DELEGRETURN4res(_x.XdrStruct):
    """struct DELEGRETURN4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class GETATTR4args(_x.XdrStruct):
    """struct GETATTR4args."""

    __slots__ = ("attr_request",)
    __match_args__ = ("attr_request",)
    _fields = ("attr_request",)

    def __init__(self, attr_request: bitmap4) -> None:
        self.attr_request = attr_request


class GETATTR4resok(_x.XdrStruct):
    """struct GETATTR4resok."""

    __slots__ = ("obj_attributes",)
    __match_args__ = ("obj_attributes",)
    _fields = ("obj_attributes",)

    def __init__(self, obj_attributes: fattr4) -> None:
        self.obj_attributes = obj_attributes


class GETATTR4res(_x.UnionValue):
    """union GETATTR4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: GETATTR4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> GETATTR4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"GETATTR4res.resok4: tag is {self.tag!r}")
        return self.value


class GETFH4resok(_x.XdrStruct):
    """struct GETFH4resok."""

    __slots__ = ("object",)
    __match_args__ = ("object",)
    _fields = ("object",)

    def __init__(self, object: nfs_fh4) -> None:
        self.object = object


class GETFH4res(_x.UnionValue):
    """union GETFH4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: GETFH4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> GETFH4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"GETFH4res.resok4: tag is {self.tag!r}")
        return self.value


class LINK4args(_x.XdrStruct):
    """struct LINK4args."""

    __slots__ = ("newname",)
    __match_args__ = ("newname",)
    _fields = ("newname",)

    def __init__(self, newname: component4) -> None:
        self.newname = newname


class LINK4resok(_x.XdrStruct):
    """struct LINK4resok."""

    __slots__ = ("cinfo",)
    __match_args__ = ("cinfo",)
    _fields = ("cinfo",)

    def __init__(self, cinfo: change_info4) -> None:
        self.cinfo = cinfo


class LINK4res(_x.UnionValue):
    """union LINK4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: LINK4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> LINK4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"LINK4res.resok4: tag is {self.tag!r}")
        return self.value


class open_to_lock_owner4(_x.XdrStruct):
    """struct open_to_lock_owner4."""

    __slots__ = ("lock_owner", "lock_seqid", "open_seqid", "open_stateid")
    __match_args__ = ("open_seqid", "open_stateid", "lock_seqid", "lock_owner")
    _fields = ("open_seqid", "open_stateid", "lock_seqid", "lock_owner")

    def __init__(
        self,
        open_seqid: seqid4,
        open_stateid: stateid4,
        lock_seqid: seqid4,
        lock_owner: lock_owner4,
    ) -> None:
        self.open_seqid = open_seqid
        self.open_stateid = open_stateid
        self.lock_seqid = lock_seqid
        self.lock_owner = lock_owner


class exist_lock_owner4(_x.XdrStruct):
    """struct exist_lock_owner4."""

    __slots__ = ("lock_seqid", "lock_stateid")
    __match_args__ = ("lock_stateid", "lock_seqid")
    _fields = ("lock_stateid", "lock_seqid")

    def __init__(self, lock_stateid: stateid4, lock_seqid: seqid4) -> None:
        self.lock_stateid = lock_stateid
        self.lock_seqid = lock_seqid


class locker4(_x.UnionValue):
    """union locker4 switch (bool new_lock_owner); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(
        self,
        tag: bool | int,
        value: open_to_lock_owner4 | exist_lock_owner4 | None = None,
    ) -> None:
        self.tag = tag
        self.value = value

    @property
    def open_owner(self) -> open_to_lock_owner4:
        """The ``open_owner`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"locker4.open_owner: tag is {self.tag!r}")
        return self.value

    @property
    def lock_owner(self) -> exist_lock_owner4:
        """The ``lock_owner`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"locker4.lock_owner: tag is {self.tag!r}")
        return self.value


class LOCK4args(_x.XdrStruct):
    """struct LOCK4args."""

    __slots__ = ("length", "locker", "locktype", "offset", "reclaim")
    __match_args__ = ("locktype", "reclaim", "offset", "length", "locker")
    _fields = ("locktype", "reclaim", "offset", "length", "locker")

    def __init__(
        self,
        locktype: int,
        reclaim: bool,
        offset: offset4,
        length: length4,
        locker: locker4,
    ) -> None:
        self.locktype = locktype
        self.reclaim = reclaim
        self.offset = offset
        self.length = length
        self.locker = locker


class LOCK4denied(_x.XdrStruct):
    """struct LOCK4denied."""

    __slots__ = ("length", "locktype", "offset", "owner")
    __match_args__ = ("offset", "length", "locktype", "owner")
    _fields = ("offset", "length", "locktype", "owner")

    def __init__(self, offset: offset4, length: length4, locktype: int, owner: lock_owner4) -> None:
        self.offset = offset
        self.length = length
        self.locktype = locktype
        self.owner = owner


class LOCK4resok(_x.XdrStruct):
    """struct LOCK4resok."""

    __slots__ = ("lock_stateid",)
    __match_args__ = ("lock_stateid",)
    _fields = ("lock_stateid",)

    def __init__(self, lock_stateid: stateid4) -> None:
        self.lock_stateid = lock_stateid


class LOCK4res(_x.UnionValue):
    """union LOCK4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: LOCK4resok | LOCK4denied | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> LOCK4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"LOCK4res.resok4: tag is {self.tag!r}")
        return self.value

    @property
    def denied(self) -> LOCK4denied:
        """The ``denied`` arm."""
        if self.tag not in (10010,):
            raise AttributeError(f"LOCK4res.denied: tag is {self.tag!r}")
        return self.value


class LOCKT4args(_x.XdrStruct):
    """struct LOCKT4args."""

    __slots__ = ("length", "locktype", "offset", "owner")
    __match_args__ = ("locktype", "offset", "length", "owner")
    _fields = ("locktype", "offset", "length", "owner")

    def __init__(self, locktype: int, offset: offset4, length: length4, owner: lock_owner4) -> None:
        self.locktype = locktype
        self.offset = offset
        self.length = length
        self.owner = owner


class LOCKT4res(_x.UnionValue):
    """union LOCKT4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: LOCK4denied | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def denied(self) -> LOCK4denied:
        """The ``denied`` arm."""
        if self.tag not in (10010,):
            raise AttributeError(f"LOCKT4res.denied: tag is {self.tag!r}")
        return self.value


class LOCKU4args(_x.XdrStruct):
    """struct LOCKU4args."""

    __slots__ = ("length", "lock_stateid", "locktype", "offset", "seqid")
    __match_args__ = ("locktype", "seqid", "lock_stateid", "offset", "length")
    _fields = ("locktype", "seqid", "lock_stateid", "offset", "length")

    def __init__(
        self,
        locktype: int,
        seqid: seqid4,
        lock_stateid: stateid4,
        offset: offset4,
        length: length4,
    ) -> None:
        self.locktype = locktype
        self.seqid = seqid
        self.lock_stateid = lock_stateid
        self.offset = offset
        self.length = length


class LOCKU4res(_x.UnionValue):
    """union LOCKU4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: stateid4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def lock_stateid(self) -> stateid4:
        """The ``lock_stateid`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"LOCKU4res.lock_stateid: tag is {self.tag!r}")
        return self.value


class LOOKUP4args(_x.XdrStruct):
    """struct LOOKUP4args."""

    __slots__ = ("objname",)
    __match_args__ = ("objname",)
    _fields = ("objname",)

    def __init__(self, objname: component4) -> None:
        self.objname = objname


class LOOKUP4res(_x.XdrStruct):
    """struct LOOKUP4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class LOOKUPP4res(_x.XdrStruct):
    """struct LOOKUPP4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class NVERIFY4args(_x.XdrStruct):
    """struct NVERIFY4args."""

    __slots__ = ("obj_attributes",)
    __match_args__ = ("obj_attributes",)
    _fields = ("obj_attributes",)

    def __init__(self, obj_attributes: fattr4) -> None:
        self.obj_attributes = obj_attributes


class NVERIFY4res(_x.XdrStruct):
    """struct NVERIFY4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class createmode4(enum.IntEnum):
    """enum createmode4."""

    UNCHECKED4 = 0
    GUARDED4 = 1
    EXCLUSIVE4 = 2
    EXCLUSIVE4_1 = 3


UNCHECKED4: Final = createmode4.UNCHECKED4
GUARDED4: Final = createmode4.GUARDED4
EXCLUSIVE4: Final = createmode4.EXCLUSIVE4
EXCLUSIVE4_1: Final = createmode4.EXCLUSIVE4_1


class creatverfattr(_x.XdrStruct):
    """struct creatverfattr."""

    __slots__ = ("cva_attrs", "cva_verf")
    __match_args__ = ("cva_verf", "cva_attrs")
    _fields = ("cva_verf", "cva_attrs")

    def __init__(self, cva_verf: verifier4, cva_attrs: fattr4) -> None:
        self.cva_verf = cva_verf
        self.cva_attrs = cva_attrs


class createhow4(_x.UnionValue):
    """union createhow4 switch (createmode4 mode); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: fattr4 | verifier4 | creatverfattr | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def createattrs(self) -> fattr4:
        """The ``createattrs`` arm."""
        if self.tag not in (0, 1):
            raise AttributeError(f"createhow4.createattrs: tag is {self.tag!r}")
        return self.value

    @property
    def createverf(self) -> verifier4:
        """The ``createverf`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"createhow4.createverf: tag is {self.tag!r}")
        return self.value

    @property
    def ch_createboth(self) -> creatverfattr:
        """The ``ch_createboth`` arm."""
        if self.tag not in (3,):
            raise AttributeError(f"createhow4.ch_createboth: tag is {self.tag!r}")
        return self.value


class opentype4(enum.IntEnum):
    """enum opentype4."""

    OPEN4_NOCREATE = 0
    OPEN4_CREATE = 1


OPEN4_NOCREATE: Final = opentype4.OPEN4_NOCREATE
OPEN4_CREATE: Final = opentype4.OPEN4_CREATE


class openflag4(_x.UnionValue):
    """union openflag4 switch (opentype4 opentype); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: createhow4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def how(self) -> createhow4:
        """The ``how`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"openflag4.how: tag is {self.tag!r}")
        return self.value


class limit_by4(enum.IntEnum):
    """enum limit_by4."""

    NFS_LIMIT_SIZE = 1
    NFS_LIMIT_BLOCKS = 2


NFS_LIMIT_SIZE: Final = limit_by4.NFS_LIMIT_SIZE
NFS_LIMIT_BLOCKS: Final = limit_by4.NFS_LIMIT_BLOCKS


class nfs_modified_limit4(_x.XdrStruct):
    """struct nfs_modified_limit4."""

    __slots__ = ("bytes_per_block", "num_blocks")
    __match_args__ = ("num_blocks", "bytes_per_block")
    _fields = ("num_blocks", "bytes_per_block")

    def __init__(self, num_blocks: uint32_t, bytes_per_block: uint32_t) -> None:
        self.num_blocks = num_blocks
        self.bytes_per_block = bytes_per_block


class nfs_space_limit4(_x.UnionValue):
    """union nfs_space_limit4 switch (limit_by4 limitby); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: uint64_t | nfs_modified_limit4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def filesize(self) -> uint64_t:
        """The ``filesize`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"nfs_space_limit4.filesize: tag is {self.tag!r}")
        return self.value

    @property
    def mod_blocks(self) -> nfs_modified_limit4:
        """The ``mod_blocks`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"nfs_space_limit4.mod_blocks: tag is {self.tag!r}")
        return self.value


class open_delegation_type4(enum.IntEnum):
    """enum open_delegation_type4."""

    OPEN_DELEGATE_NONE = 0
    OPEN_DELEGATE_READ = 1
    OPEN_DELEGATE_WRITE = 2
    OPEN_DELEGATE_NONE_EXT = 3


OPEN_DELEGATE_NONE: Final = open_delegation_type4.OPEN_DELEGATE_NONE
OPEN_DELEGATE_READ: Final = open_delegation_type4.OPEN_DELEGATE_READ
OPEN_DELEGATE_WRITE: Final = open_delegation_type4.OPEN_DELEGATE_WRITE
OPEN_DELEGATE_NONE_EXT: Final = open_delegation_type4.OPEN_DELEGATE_NONE_EXT


class open_claim_type4(enum.IntEnum):
    """enum open_claim_type4."""

    CLAIM_NULL = 0
    CLAIM_PREVIOUS = 1
    CLAIM_DELEGATE_CUR = 2
    CLAIM_DELEGATE_PREV = 3
    CLAIM_FH = 4
    CLAIM_DELEG_CUR_FH = 5
    CLAIM_DELEG_PREV_FH = 6


CLAIM_NULL: Final = open_claim_type4.CLAIM_NULL
CLAIM_PREVIOUS: Final = open_claim_type4.CLAIM_PREVIOUS
CLAIM_DELEGATE_CUR: Final = open_claim_type4.CLAIM_DELEGATE_CUR
CLAIM_DELEGATE_PREV: Final = open_claim_type4.CLAIM_DELEGATE_PREV
CLAIM_FH: Final = open_claim_type4.CLAIM_FH
CLAIM_DELEG_CUR_FH: Final = open_claim_type4.CLAIM_DELEG_CUR_FH
CLAIM_DELEG_PREV_FH: Final = open_claim_type4.CLAIM_DELEG_PREV_FH


class open_claim_delegate_cur4(_x.XdrStruct):
    """struct open_claim_delegate_cur4."""

    __slots__ = ("delegate_stateid", "file")
    __match_args__ = ("delegate_stateid", "file")
    _fields = ("delegate_stateid", "file")

    def __init__(self, delegate_stateid: stateid4, file: component4) -> None:
        self.delegate_stateid = delegate_stateid
        self.file = file


class open_claim4(_x.UnionValue):
    """union open_claim4 switch (open_claim_type4 claim); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(
        self,
        tag: int,
        value: component4 | int | open_claim_delegate_cur4 | stateid4 | None = None,
    ) -> None:
        self.tag = tag
        self.value = value

    @property
    def file(self) -> component4:
        """The ``file`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"open_claim4.file: tag is {self.tag!r}")
        return self.value

    @property
    def delegate_type(self) -> int:
        """The ``delegate_type`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"open_claim4.delegate_type: tag is {self.tag!r}")
        return self.value

    @property
    def delegate_cur_info(self) -> open_claim_delegate_cur4:
        """The ``delegate_cur_info`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"open_claim4.delegate_cur_info: tag is {self.tag!r}")
        return self.value

    @property
    def file_delegate_prev(self) -> component4:
        """The ``file_delegate_prev`` arm."""
        if self.tag not in (3,):
            raise AttributeError(f"open_claim4.file_delegate_prev: tag is {self.tag!r}")
        return self.value

    @property
    def oc_delegate_stateid(self) -> stateid4:
        """The ``oc_delegate_stateid`` arm."""
        if self.tag not in (5,):
            raise AttributeError(f"open_claim4.oc_delegate_stateid: tag is {self.tag!r}")
        return self.value


class OPEN4args(_x.XdrStruct):
    """struct OPEN4args."""

    __slots__ = ("claim", "openhow", "owner", "seqid", "share_access", "share_deny")
    __match_args__ = ("seqid", "share_access", "share_deny", "owner", "openhow", "claim")
    _fields = ("seqid", "share_access", "share_deny", "owner", "openhow", "claim")

    def __init__(
        self,
        seqid: seqid4,
        share_access: uint32_t,
        share_deny: uint32_t,
        owner: open_owner4,
        openhow: openflag4,
        claim: open_claim4,
    ) -> None:
        self.seqid = seqid
        self.share_access = share_access
        self.share_deny = share_deny
        self.owner = owner
        self.openhow = openhow
        self.claim = claim


class open_read_delegation4(_x.XdrStruct):
    """struct open_read_delegation4."""

    __slots__ = ("permissions", "recall", "stateid")
    __match_args__ = ("stateid", "recall", "permissions")
    _fields = ("stateid", "recall", "permissions")

    def __init__(self, stateid: stateid4, recall: bool, permissions: nfsace4) -> None:
        self.stateid = stateid
        self.recall = recall
        self.permissions = permissions


class open_write_delegation4(_x.XdrStruct):
    """struct open_write_delegation4."""

    __slots__ = ("permissions", "recall", "space_limit", "stateid")
    __match_args__ = ("stateid", "recall", "space_limit", "permissions")
    _fields = ("stateid", "recall", "space_limit", "permissions")

    def __init__(
        self,
        stateid: stateid4,
        recall: bool,
        space_limit: nfs_space_limit4,
        permissions: nfsace4,
    ) -> None:
        self.stateid = stateid
        self.recall = recall
        self.space_limit = space_limit
        self.permissions = permissions


class why_no_delegation4(enum.IntEnum):
    """enum why_no_delegation4."""

    WND4_NOT_WANTED = 0
    WND4_CONTENTION = 1
    WND4_RESOURCE = 2
    WND4_NOT_SUPP_FTYPE = 3
    WND4_WRITE_DELEG_NOT_SUPP_FTYPE = 4
    WND4_NOT_SUPP_UPGRADE = 5
    WND4_NOT_SUPP_DOWNGRADE = 6
    WND4_CANCELLED = 7
    WND4_IS_DIR = 8


WND4_NOT_WANTED: Final = why_no_delegation4.WND4_NOT_WANTED
WND4_CONTENTION: Final = why_no_delegation4.WND4_CONTENTION
WND4_RESOURCE: Final = why_no_delegation4.WND4_RESOURCE
WND4_NOT_SUPP_FTYPE: Final = why_no_delegation4.WND4_NOT_SUPP_FTYPE
WND4_WRITE_DELEG_NOT_SUPP_FTYPE: Final = why_no_delegation4.WND4_WRITE_DELEG_NOT_SUPP_FTYPE
WND4_NOT_SUPP_UPGRADE: Final = why_no_delegation4.WND4_NOT_SUPP_UPGRADE
WND4_NOT_SUPP_DOWNGRADE: Final = why_no_delegation4.WND4_NOT_SUPP_DOWNGRADE
WND4_CANCELLED: Final = why_no_delegation4.WND4_CANCELLED
WND4_IS_DIR: Final = why_no_delegation4.WND4_IS_DIR


class open_none_delegation4(_x.UnionValue):
    """union open_none_delegation4 switch (why_no_delegation4 ond_why); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: bool | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def ond_server_will_push_deleg(self) -> bool:
        """The ``ond_server_will_push_deleg`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"open_none_delegation4.ond_server_will_push_deleg: tag is {self.tag!r}")
        return self.value

    @property
    def ond_server_will_signal_avail(self) -> bool:
        """The ``ond_server_will_signal_avail`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"open_none_delegation4.ond_server_will_signal_avail: tag is {self.tag!r}")
        return self.value


class open_delegation4(_x.UnionValue):
    """union open_delegation4 switch (open_delegation_type4 delegation_type); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(
        self,
        tag: int,
        value: open_read_delegation4 | open_write_delegation4 | open_none_delegation4 | None = None,
    ) -> None:
        self.tag = tag
        self.value = value

    @property
    def read(self) -> open_read_delegation4:
        """The ``read`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"open_delegation4.read: tag is {self.tag!r}")
        return self.value

    @property
    def write(self) -> open_write_delegation4:
        """The ``write`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"open_delegation4.write: tag is {self.tag!r}")
        return self.value

    @property
    def od_whynone(self) -> open_none_delegation4:
        """The ``od_whynone`` arm."""
        if self.tag not in (3,):
            raise AttributeError(f"open_delegation4.od_whynone: tag is {self.tag!r}")
        return self.value


class OPEN4resok(_x.XdrStruct):
    """struct OPEN4resok."""

    __slots__ = ("attrset", "cinfo", "delegation", "rflags", "stateid")
    __match_args__ = ("stateid", "cinfo", "rflags", "attrset", "delegation")
    _fields = ("stateid", "cinfo", "rflags", "attrset", "delegation")

    def __init__(
        self,
        stateid: stateid4,
        cinfo: change_info4,
        rflags: uint32_t,
        attrset: bitmap4,
        delegation: open_delegation4,
    ) -> None:
        self.stateid = stateid
        self.cinfo = cinfo
        self.rflags = rflags
        self.attrset = attrset
        self.delegation = delegation


class OPEN4res(_x.UnionValue):
    """union OPEN4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: OPEN4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> OPEN4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"OPEN4res.resok4: tag is {self.tag!r}")
        return self.value


class OPENATTR4args(_x.XdrStruct):
    """struct OPENATTR4args."""

    __slots__ = ("createdir",)
    __match_args__ = ("createdir",)
    _fields = ("createdir",)

    def __init__(self, createdir: bool) -> None:
        self.createdir = createdir


class OPENATTR4res(_x.XdrStruct):
    """struct OPENATTR4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class OPEN_CONFIRM4args(_x.XdrStruct):
    """struct OPEN_CONFIRM4args."""

    __slots__ = ("open_stateid", "seqid")
    __match_args__ = ("open_stateid", "seqid")
    _fields = ("open_stateid", "seqid")

    def __init__(self, open_stateid: stateid4, seqid: seqid4) -> None:
        self.open_stateid = open_stateid
        self.seqid = seqid


class OPEN_CONFIRM4resok(_x.XdrStruct):
    """struct OPEN_CONFIRM4resok."""

    __slots__ = ("open_stateid",)
    __match_args__ = ("open_stateid",)
    _fields = ("open_stateid",)

    def __init__(self, open_stateid: stateid4) -> None:
        self.open_stateid = open_stateid


class OPEN_CONFIRM4res(_x.UnionValue):
    """union OPEN_CONFIRM4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: OPEN_CONFIRM4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> OPEN_CONFIRM4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"OPEN_CONFIRM4res.resok4: tag is {self.tag!r}")
        return self.value


class OPEN_DOWNGRADE4args(_x.XdrStruct):
    """struct OPEN_DOWNGRADE4args."""

    __slots__ = ("open_stateid", "seqid", "share_access", "share_deny")
    __match_args__ = ("open_stateid", "seqid", "share_access", "share_deny")
    _fields = ("open_stateid", "seqid", "share_access", "share_deny")

    def __init__(
        self,
        open_stateid: stateid4,
        seqid: seqid4,
        share_access: uint32_t,
        share_deny: uint32_t,
    ) -> None:
        self.open_stateid = open_stateid
        self.seqid = seqid
        self.share_access = share_access
        self.share_deny = share_deny


class OPEN_DOWNGRADE4resok(_x.XdrStruct):
    """struct OPEN_DOWNGRADE4resok."""

    __slots__ = ("open_stateid",)
    __match_args__ = ("open_stateid",)
    _fields = ("open_stateid",)

    def __init__(self, open_stateid: stateid4) -> None:
        self.open_stateid = open_stateid


class OPEN_DOWNGRADE4res(_x.UnionValue):
    """union OPEN_DOWNGRADE4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: OPEN_DOWNGRADE4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> OPEN_DOWNGRADE4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"OPEN_DOWNGRADE4res.resok4: tag is {self.tag!r}")
        return self.value


class PUTFH4args(_x.XdrStruct):
    """struct PUTFH4args."""

    __slots__ = ("object",)
    __match_args__ = ("object",)
    _fields = ("object",)

    def __init__(self, object: nfs_fh4) -> None:
        self.object = object


class PUTFH4res(_x.XdrStruct):
    """struct PUTFH4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class PUTPUBFH4res(_x.XdrStruct):
    """struct PUTPUBFH4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class PUTROOTFH4res(_x.XdrStruct):
    """struct PUTROOTFH4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class READ4args(_x.XdrStruct):
    """struct READ4args."""

    __slots__ = ("count", "offset", "stateid")
    __match_args__ = ("stateid", "offset", "count")
    _fields = ("stateid", "offset", "count")

    def __init__(self, stateid: stateid4, offset: offset4, count: count4) -> None:
        self.stateid = stateid
        self.offset = offset
        self.count = count


class READ4resok(_x.XdrStruct):
    """struct READ4resok."""

    __slots__ = ("data", "eof")
    __match_args__ = ("eof", "data")
    _fields = ("eof", "data")

    def __init__(self, eof: bool, data: PayloadLike) -> None:
        self.eof = eof
        self.data = data


class READ4res(_x.UnionValue):
    """union READ4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: READ4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> READ4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"READ4res.resok4: tag is {self.tag!r}")
        return self.value


class READDIR4args(_x.XdrStruct):
    """struct READDIR4args."""

    __slots__ = ("attr_request", "cookie", "cookieverf", "dircount", "maxcount")
    __match_args__ = ("cookie", "cookieverf", "dircount", "maxcount", "attr_request")
    _fields = ("cookie", "cookieverf", "dircount", "maxcount", "attr_request")

    def __init__(
        self,
        cookie: nfs_cookie4,
        cookieverf: verifier4,
        dircount: count4,
        maxcount: count4,
        attr_request: bitmap4,
    ) -> None:
        self.cookie = cookie
        self.cookieverf = cookieverf
        self.dircount = dircount
        self.maxcount = maxcount
        self.attr_request = attr_request


class entry4(_x.XdrStruct):
    """linked-list element of struct entry4."""

    __slots__ = ("attrs", "cookie", "name")
    __match_args__ = ("cookie", "name", "attrs")
    _fields = ("cookie", "name", "attrs")

    def __init__(self, cookie: nfs_cookie4, name: component4, attrs: fattr4) -> None:
        self.cookie = cookie
        self.name = name
        self.attrs = attrs


class dirlist4(_x.XdrStruct):
    """struct dirlist4."""

    __slots__ = ("entries", "eof")
    __match_args__ = ("entries", "eof")
    _fields = ("entries", "eof")

    def __init__(self, entries: list[entry4], eof: bool) -> None:
        self.entries = entries
        self.eof = eof


class READDIR4resok(_x.XdrStruct):
    """struct READDIR4resok."""

    __slots__ = ("cookieverf", "reply")
    __match_args__ = ("cookieverf", "reply")
    _fields = ("cookieverf", "reply")

    def __init__(self, cookieverf: verifier4, reply: dirlist4) -> None:
        self.cookieverf = cookieverf
        self.reply = reply


class READDIR4res(_x.UnionValue):
    """union READDIR4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: READDIR4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> READDIR4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"READDIR4res.resok4: tag is {self.tag!r}")
        return self.value


class READLINK4resok(_x.XdrStruct):
    """struct READLINK4resok."""

    __slots__ = ("link",)
    __match_args__ = ("link",)
    _fields = ("link",)

    def __init__(self, link: linktext4) -> None:
        self.link = link


class READLINK4res(_x.UnionValue):
    """union READLINK4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: READLINK4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> READLINK4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"READLINK4res.resok4: tag is {self.tag!r}")
        return self.value


class REMOVE4args(_x.XdrStruct):
    """struct REMOVE4args."""

    __slots__ = ("target",)
    __match_args__ = ("target",)
    _fields = ("target",)

    def __init__(self, target: component4) -> None:
        self.target = target


class REMOVE4resok(_x.XdrStruct):
    """struct REMOVE4resok."""

    __slots__ = ("cinfo",)
    __match_args__ = ("cinfo",)
    _fields = ("cinfo",)

    def __init__(self, cinfo: change_info4) -> None:
        self.cinfo = cinfo


class REMOVE4res(_x.UnionValue):
    """union REMOVE4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: REMOVE4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> REMOVE4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"REMOVE4res.resok4: tag is {self.tag!r}")
        return self.value


class RENAME4args(_x.XdrStruct):
    """struct RENAME4args."""

    __slots__ = ("newname", "oldname")
    __match_args__ = ("oldname", "newname")
    _fields = ("oldname", "newname")

    def __init__(self, oldname: component4, newname: component4) -> None:
        self.oldname = oldname
        self.newname = newname


class RENAME4resok(_x.XdrStruct):
    """struct RENAME4resok."""

    __slots__ = ("source_cinfo", "target_cinfo")
    __match_args__ = ("source_cinfo", "target_cinfo")
    _fields = ("source_cinfo", "target_cinfo")

    def __init__(self, source_cinfo: change_info4, target_cinfo: change_info4) -> None:
        self.source_cinfo = source_cinfo
        self.target_cinfo = target_cinfo


class RENAME4res(_x.UnionValue):
    """union RENAME4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: RENAME4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> RENAME4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"RENAME4res.resok4: tag is {self.tag!r}")
        return self.value


class RENEW4args(_x.XdrStruct):
    """struct RENEW4args."""

    __slots__ = ("clientid",)
    __match_args__ = ("clientid",)
    _fields = ("clientid",)

    def __init__(self, clientid: clientid4) -> None:
        self.clientid = clientid


class RENEW4res(_x.XdrStruct):
    """struct RENEW4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class RESTOREFH4res(_x.XdrStruct):
    """struct RESTOREFH4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class SAVEFH4res(_x.XdrStruct):
    """struct SAVEFH4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class SECINFO4args(_x.XdrStruct):
    """struct SECINFO4args."""

    __slots__ = ("name",)
    __match_args__ = ("name",)
    _fields = ("name",)

    def __init__(self, name: component4) -> None:
        self.name = name


class rpc_gss_svc_t(enum.IntEnum):
    """enum rpc_gss_svc_t."""

    RPC_GSS_SVC_NONE = 1
    RPC_GSS_SVC_INTEGRITY = 2
    RPC_GSS_SVC_PRIVACY = 3


RPC_GSS_SVC_NONE: Final = rpc_gss_svc_t.RPC_GSS_SVC_NONE
RPC_GSS_SVC_INTEGRITY: Final = rpc_gss_svc_t.RPC_GSS_SVC_INTEGRITY
RPC_GSS_SVC_PRIVACY: Final = rpc_gss_svc_t.RPC_GSS_SVC_PRIVACY


class rpcsec_gss_info(_x.XdrStruct):
    """struct rpcsec_gss_info."""

    __slots__ = ("oid", "qop", "service")
    __match_args__ = ("oid", "qop", "service")
    _fields = ("oid", "qop", "service")

    def __init__(self, oid: sec_oid4, qop: qop4, service: int) -> None:
        self.oid = oid
        self.qop = qop
        self.service = service


class secinfo4(_x.UnionValue):
    """union secinfo4 switch (uint32_t flavor); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: rpcsec_gss_info | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def flavor_info(self) -> rpcsec_gss_info:
        """The ``flavor_info`` arm."""
        if self.tag not in (6,):
            raise AttributeError(f"secinfo4.flavor_info: tag is {self.tag!r}")
        return self.value


class SECINFO4res(_x.UnionValue):
    """union SECINFO4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: SECINFO4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> SECINFO4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"SECINFO4res.resok4: tag is {self.tag!r}")
        return self.value


class SETATTR4args(_x.XdrStruct):
    """struct SETATTR4args."""

    __slots__ = ("obj_attributes", "stateid")
    __match_args__ = ("stateid", "obj_attributes")
    _fields = ("stateid", "obj_attributes")

    def __init__(self, stateid: stateid4, obj_attributes: fattr4) -> None:
        self.stateid = stateid
        self.obj_attributes = obj_attributes


class SETATTR4res(_x.XdrStruct):
    """struct SETATTR4res."""

    __slots__ = ("attrsset", "status")
    __match_args__ = ("status", "attrsset")
    _fields = ("status", "attrsset")

    def __init__(self, status: int, attrsset: bitmap4) -> None:
        self.status = status
        self.attrsset = attrsset


class SETCLIENTID4args(_x.XdrStruct):
    """struct SETCLIENTID4args."""

    __slots__ = ("callback", "callback_ident", "client")
    __match_args__ = ("client", "callback", "callback_ident")
    _fields = ("client", "callback", "callback_ident")

    def __init__(
        self,
        client: nfs_client_id4,
        callback: cb_client4,
        callback_ident: uint32_t,
    ) -> None:
        self.client = client
        self.callback = callback
        self.callback_ident = callback_ident


class SETCLIENTID4resok(_x.XdrStruct):
    """struct SETCLIENTID4resok."""

    __slots__ = ("clientid", "setclientid_confirm")
    __match_args__ = ("clientid", "setclientid_confirm")
    _fields = ("clientid", "setclientid_confirm")

    def __init__(self, clientid: clientid4, setclientid_confirm: verifier4) -> None:
        self.clientid = clientid
        self.setclientid_confirm = setclientid_confirm


class SETCLIENTID4res(_x.UnionValue):
    """union SETCLIENTID4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: SETCLIENTID4resok | clientaddr4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> SETCLIENTID4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"SETCLIENTID4res.resok4: tag is {self.tag!r}")
        return self.value

    @property
    def client_using(self) -> clientaddr4:
        """The ``client_using`` arm."""
        if self.tag not in (10017,):
            raise AttributeError(f"SETCLIENTID4res.client_using: tag is {self.tag!r}")
        return self.value


class SETCLIENTID_CONFIRM4args(_x.XdrStruct):
    """struct SETCLIENTID_CONFIRM4args."""

    __slots__ = ("clientid", "setclientid_confirm")
    __match_args__ = ("clientid", "setclientid_confirm")
    _fields = ("clientid", "setclientid_confirm")

    def __init__(self, clientid: clientid4, setclientid_confirm: verifier4) -> None:
        self.clientid = clientid
        self.setclientid_confirm = setclientid_confirm


class SETCLIENTID_CONFIRM4res(_x.XdrStruct):
    """struct SETCLIENTID_CONFIRM4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class VERIFY4args(_x.XdrStruct):
    """struct VERIFY4args."""

    __slots__ = ("obj_attributes",)
    __match_args__ = ("obj_attributes",)
    _fields = ("obj_attributes",)

    def __init__(self, obj_attributes: fattr4) -> None:
        self.obj_attributes = obj_attributes


class VERIFY4res(_x.XdrStruct):
    """struct VERIFY4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class WRITE4args(_x.XdrStruct):
    """struct WRITE4args."""

    __slots__ = ("data", "offset", "stable", "stateid")
    __match_args__ = ("stateid", "offset", "stable", "data")
    _fields = ("stateid", "offset", "stable", "data")

    def __init__(self, stateid: stateid4, offset: offset4, stable: int, data: PayloadLike) -> None:
        self.stateid = stateid
        self.offset = offset
        self.stable = stable
        self.data = data


class WRITE4resok(_x.XdrStruct):
    """struct WRITE4resok."""

    __slots__ = ("committed", "count", "writeverf")
    __match_args__ = ("count", "committed", "writeverf")
    _fields = ("count", "committed", "writeverf")

    def __init__(self, count: count4, committed: int, writeverf: verifier4) -> None:
        self.count = count
        self.committed = committed
        self.writeverf = writeverf


class WRITE4res(_x.UnionValue):
    """union WRITE4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: WRITE4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> WRITE4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"WRITE4res.resok4: tag is {self.tag!r}")
        return self.value


class RELEASE_LOCKOWNER4args(_x.XdrStruct):
    """struct RELEASE_LOCKOWNER4args."""

    __slots__ = ("lock_owner",)
    __match_args__ = ("lock_owner",)
    _fields = ("lock_owner",)

    def __init__(self, lock_owner: lock_owner4) -> None:
        self.lock_owner = lock_owner


class RELEASE_LOCKOWNER4res(_x.XdrStruct):
    """struct RELEASE_LOCKOWNER4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class ILLEGAL4res(_x.XdrStruct):
    """struct ILLEGAL4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class gss_cb_handles4(_x.XdrStruct):
    """struct gss_cb_handles4."""

    __slots__ = ("gcbp_handle_from_client", "gcbp_handle_from_server", "gcbp_service")
    __match_args__ = ("gcbp_service", "gcbp_handle_from_server", "gcbp_handle_from_client")
    _fields = ("gcbp_service", "gcbp_handle_from_server", "gcbp_handle_from_client")

    def __init__(
        self,
        gcbp_service: int,
        gcbp_handle_from_server: gsshandle4_t,
        gcbp_handle_from_client: gsshandle4_t,
    ) -> None:
        self.gcbp_service = gcbp_service
        self.gcbp_handle_from_server = gcbp_handle_from_server
        self.gcbp_handle_from_client = gcbp_handle_from_client


class callback_sec_parms4(_x.UnionValue):
    """union callback_sec_parms4 switch (uint32_t cb_secflavor); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: authsys_parms | gss_cb_handles4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def cbsp_sys_cred(self) -> authsys_parms:
        """The ``cbsp_sys_cred`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"callback_sec_parms4.cbsp_sys_cred: tag is {self.tag!r}")
        return self.value

    @property
    def cbsp_gss_handles(self) -> gss_cb_handles4:
        """The ``cbsp_gss_handles`` arm."""
        if self.tag not in (6,):
            raise AttributeError(f"callback_sec_parms4.cbsp_gss_handles: tag is {self.tag!r}")
        return self.value


class BACKCHANNEL_CTL4args(_x.XdrStruct):
    """struct BACKCHANNEL_CTL4args."""

    __slots__ = ("bca_cb_program", "bca_sec_parms")
    __match_args__ = ("bca_cb_program", "bca_sec_parms")
    _fields = ("bca_cb_program", "bca_sec_parms")

    def __init__(self, bca_cb_program: uint32_t, bca_sec_parms: list[callback_sec_parms4]) -> None:
        self.bca_cb_program = bca_cb_program
        self.bca_sec_parms = bca_sec_parms


class BACKCHANNEL_CTL4res(_x.XdrStruct):
    """struct BACKCHANNEL_CTL4res."""

    __slots__ = ("bcr_status",)
    __match_args__ = ("bcr_status",)
    _fields = ("bcr_status",)

    def __init__(self, bcr_status: int) -> None:
        self.bcr_status = bcr_status


class channel_dir_from_client4(enum.IntEnum):
    """enum channel_dir_from_client4."""

    CDFC4_FORE = 1
    CDFC4_BACK = 2
    CDFC4_FORE_OR_BOTH = 3
    CDFC4_BACK_OR_BOTH = 7


CDFC4_FORE: Final = channel_dir_from_client4.CDFC4_FORE
CDFC4_BACK: Final = channel_dir_from_client4.CDFC4_BACK
CDFC4_FORE_OR_BOTH: Final = channel_dir_from_client4.CDFC4_FORE_OR_BOTH
CDFC4_BACK_OR_BOTH: Final = channel_dir_from_client4.CDFC4_BACK_OR_BOTH


class BIND_CONN_TO_SESSION4args(_x.XdrStruct):
    """struct BIND_CONN_TO_SESSION4args."""

    __slots__ = ("bctsa_dir", "bctsa_sessid", "bctsa_use_conn_in_rdma_mode")
    __match_args__ = ("bctsa_sessid", "bctsa_dir", "bctsa_use_conn_in_rdma_mode")
    _fields = ("bctsa_sessid", "bctsa_dir", "bctsa_use_conn_in_rdma_mode")

    def __init__(
        self,
        bctsa_sessid: sessionid4,
        bctsa_dir: int,
        bctsa_use_conn_in_rdma_mode: bool,
    ) -> None:
        self.bctsa_sessid = bctsa_sessid
        self.bctsa_dir = bctsa_dir
        self.bctsa_use_conn_in_rdma_mode = bctsa_use_conn_in_rdma_mode


class channel_dir_from_server4(enum.IntEnum):
    """enum channel_dir_from_server4."""

    CDFS4_FORE = 1
    CDFS4_BACK = 2
    CDFS4_BOTH = 3


CDFS4_FORE: Final = channel_dir_from_server4.CDFS4_FORE
CDFS4_BACK: Final = channel_dir_from_server4.CDFS4_BACK
CDFS4_BOTH: Final = channel_dir_from_server4.CDFS4_BOTH


class BIND_CONN_TO_SESSION4resok(_x.XdrStruct):
    """struct BIND_CONN_TO_SESSION4resok."""

    __slots__ = ("bctsr_dir", "bctsr_sessid", "bctsr_use_conn_in_rdma_mode")
    __match_args__ = ("bctsr_sessid", "bctsr_dir", "bctsr_use_conn_in_rdma_mode")
    _fields = ("bctsr_sessid", "bctsr_dir", "bctsr_use_conn_in_rdma_mode")

    def __init__(
        self,
        bctsr_sessid: sessionid4,
        bctsr_dir: int,
        bctsr_use_conn_in_rdma_mode: bool,
    ) -> None:
        self.bctsr_sessid = bctsr_sessid
        self.bctsr_dir = bctsr_dir
        self.bctsr_use_conn_in_rdma_mode = bctsr_use_conn_in_rdma_mode


class BIND_CONN_TO_SESSION4res(_x.UnionValue):
    """union BIND_CONN_TO_SESSION4res switch (nfsstat4 bctsr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: BIND_CONN_TO_SESSION4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def bctsr_resok4(self) -> BIND_CONN_TO_SESSION4resok:
        """The ``bctsr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"BIND_CONN_TO_SESSION4res.bctsr_resok4: tag is {self.tag!r}")
        return self.value


class state_protect_ops4(_x.XdrStruct):
    """struct state_protect_ops4."""

    __slots__ = ("spo_must_allow", "spo_must_enforce")
    __match_args__ = ("spo_must_enforce", "spo_must_allow")
    _fields = ("spo_must_enforce", "spo_must_allow")

    def __init__(self, spo_must_enforce: bitmap4, spo_must_allow: bitmap4) -> None:
        self.spo_must_enforce = spo_must_enforce
        self.spo_must_allow = spo_must_allow


class ssv_sp_parms4(_x.XdrStruct):
    """struct ssv_sp_parms4."""

    __slots__ = ("ssp_encr_algs", "ssp_hash_algs", "ssp_num_gss_handles", "ssp_ops", "ssp_window")
    __match_args__ = (
        "ssp_ops",
        "ssp_hash_algs",
        "ssp_encr_algs",
        "ssp_window",
        "ssp_num_gss_handles",
    )
    _fields = ("ssp_ops", "ssp_hash_algs", "ssp_encr_algs", "ssp_window", "ssp_num_gss_handles")

    def __init__(
        self,
        ssp_ops: state_protect_ops4,
        ssp_hash_algs: list[sec_oid4],
        ssp_encr_algs: list[sec_oid4],
        ssp_window: uint32_t,
        ssp_num_gss_handles: uint32_t,
    ) -> None:
        self.ssp_ops = ssp_ops
        self.ssp_hash_algs = ssp_hash_algs
        self.ssp_encr_algs = ssp_encr_algs
        self.ssp_window = ssp_window
        self.ssp_num_gss_handles = ssp_num_gss_handles


class state_protect_how4(enum.IntEnum):
    """enum state_protect_how4."""

    SP4_NONE = 0
    SP4_MACH_CRED = 1
    SP4_SSV = 2


SP4_NONE: Final = state_protect_how4.SP4_NONE
SP4_MACH_CRED: Final = state_protect_how4.SP4_MACH_CRED
SP4_SSV: Final = state_protect_how4.SP4_SSV


class state_protect4_a(_x.UnionValue):
    """union state_protect4_a switch (state_protect_how4 spa_how); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: state_protect_ops4 | ssv_sp_parms4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def spa_mach_ops(self) -> state_protect_ops4:
        """The ``spa_mach_ops`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"state_protect4_a.spa_mach_ops: tag is {self.tag!r}")
        return self.value

    @property
    def spa_ssv_parms(self) -> ssv_sp_parms4:
        """The ``spa_ssv_parms`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"state_protect4_a.spa_ssv_parms: tag is {self.tag!r}")
        return self.value


class EXCHANGE_ID4args(_x.XdrStruct):
    """struct EXCHANGE_ID4args."""

    __slots__ = ("eia_client_impl_id", "eia_clientowner", "eia_flags", "eia_state_protect")
    __match_args__ = ("eia_clientowner", "eia_flags", "eia_state_protect", "eia_client_impl_id")
    _fields = ("eia_clientowner", "eia_flags", "eia_state_protect", "eia_client_impl_id")

    def __init__(
        self,
        eia_clientowner: client_owner4,
        eia_flags: uint32_t,
        eia_state_protect: state_protect4_a,
        eia_client_impl_id: list[nfs_impl_id4],
    ) -> None:
        self.eia_clientowner = eia_clientowner
        self.eia_flags = eia_flags
        self.eia_state_protect = eia_state_protect
        self.eia_client_impl_id = eia_client_impl_id


class ssv_prot_info4(_x.XdrStruct):
    """struct ssv_prot_info4."""

    __slots__ = (
        "spi_encr_alg",
        "spi_handles",
        "spi_hash_alg",
        "spi_ops",
        "spi_ssv_len",
        "spi_window",
    )
    __match_args__ = (
        "spi_ops",
        "spi_hash_alg",
        "spi_encr_alg",
        "spi_ssv_len",
        "spi_window",
        "spi_handles",
    )
    _fields = (
        "spi_ops",
        "spi_hash_alg",
        "spi_encr_alg",
        "spi_ssv_len",
        "spi_window",
        "spi_handles",
    )

    def __init__(
        self,
        spi_ops: state_protect_ops4,
        spi_hash_alg: uint32_t,
        spi_encr_alg: uint32_t,
        spi_ssv_len: uint32_t,
        spi_window: uint32_t,
        spi_handles: list[gsshandle4_t],
    ) -> None:
        self.spi_ops = spi_ops
        self.spi_hash_alg = spi_hash_alg
        self.spi_encr_alg = spi_encr_alg
        self.spi_ssv_len = spi_ssv_len
        self.spi_window = spi_window
        self.spi_handles = spi_handles


class state_protect4_r(_x.UnionValue):
    """union state_protect4_r switch (state_protect_how4 spr_how); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: state_protect_ops4 | ssv_prot_info4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def spr_mach_ops(self) -> state_protect_ops4:
        """The ``spr_mach_ops`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"state_protect4_r.spr_mach_ops: tag is {self.tag!r}")
        return self.value

    @property
    def spr_ssv_info(self) -> ssv_prot_info4:
        """The ``spr_ssv_info`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"state_protect4_r.spr_ssv_info: tag is {self.tag!r}")
        return self.value


class EXCHANGE_ID4resok(_x.XdrStruct):
    """struct EXCHANGE_ID4resok."""

    __slots__ = (
        "eir_clientid",
        "eir_flags",
        "eir_sequenceid",
        "eir_server_impl_id",
        "eir_server_owner",
        "eir_server_scope",
        "eir_state_protect",
    )
    __match_args__ = (
        "eir_clientid",
        "eir_sequenceid",
        "eir_flags",
        "eir_state_protect",
        "eir_server_owner",
        "eir_server_scope",
        "eir_server_impl_id",
    )
    _fields = (
        "eir_clientid",
        "eir_sequenceid",
        "eir_flags",
        "eir_state_protect",
        "eir_server_owner",
        "eir_server_scope",
        "eir_server_impl_id",
    )

    def __init__(
        self,
        eir_clientid: clientid4,
        eir_sequenceid: sequenceid4,
        eir_flags: uint32_t,
        eir_state_protect: state_protect4_r,
        eir_server_owner: server_owner4,
        eir_server_scope: bytes,
        eir_server_impl_id: list[nfs_impl_id4],
    ) -> None:
        self.eir_clientid = eir_clientid
        self.eir_sequenceid = eir_sequenceid
        self.eir_flags = eir_flags
        self.eir_state_protect = eir_state_protect
        self.eir_server_owner = eir_server_owner
        self.eir_server_scope = eir_server_scope
        self.eir_server_impl_id = eir_server_impl_id


class EXCHANGE_ID4res(_x.UnionValue):
    """union EXCHANGE_ID4res switch (nfsstat4 eir_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: EXCHANGE_ID4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def eir_resok4(self) -> EXCHANGE_ID4resok:
        """The ``eir_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"EXCHANGE_ID4res.eir_resok4: tag is {self.tag!r}")
        return self.value


class channel_attrs4(_x.XdrStruct):
    """struct channel_attrs4."""

    __slots__ = (
        "ca_headerpadsize",
        "ca_maxoperations",
        "ca_maxrequests",
        "ca_maxrequestsize",
        "ca_maxresponsesize",
        "ca_maxresponsesize_cached",
        "ca_rdma_ird",
    )
    __match_args__ = (
        "ca_headerpadsize",
        "ca_maxrequestsize",
        "ca_maxresponsesize",
        "ca_maxresponsesize_cached",
        "ca_maxoperations",
        "ca_maxrequests",
        "ca_rdma_ird",
    )
    _fields = (
        "ca_headerpadsize",
        "ca_maxrequestsize",
        "ca_maxresponsesize",
        "ca_maxresponsesize_cached",
        "ca_maxoperations",
        "ca_maxrequests",
        "ca_rdma_ird",
    )

    def __init__(
        self,
        ca_headerpadsize: count4,
        ca_maxrequestsize: count4,
        ca_maxresponsesize: count4,
        ca_maxresponsesize_cached: count4,
        ca_maxoperations: count4,
        ca_maxrequests: count4,
        ca_rdma_ird: list[uint32_t],
    ) -> None:
        self.ca_headerpadsize = ca_headerpadsize
        self.ca_maxrequestsize = ca_maxrequestsize
        self.ca_maxresponsesize = ca_maxresponsesize
        self.ca_maxresponsesize_cached = ca_maxresponsesize_cached
        self.ca_maxoperations = ca_maxoperations
        self.ca_maxrequests = ca_maxrequests
        self.ca_rdma_ird = ca_rdma_ird


class CREATE_SESSION4args(_x.XdrStruct):
    """struct CREATE_SESSION4args."""

    __slots__ = (
        "csa_back_chan_attrs",
        "csa_cb_program",
        "csa_clientid",
        "csa_flags",
        "csa_fore_chan_attrs",
        "csa_sec_parms",
        "csa_sequence",
    )
    __match_args__ = (
        "csa_clientid",
        "csa_sequence",
        "csa_flags",
        "csa_fore_chan_attrs",
        "csa_back_chan_attrs",
        "csa_cb_program",
        "csa_sec_parms",
    )
    _fields = (
        "csa_clientid",
        "csa_sequence",
        "csa_flags",
        "csa_fore_chan_attrs",
        "csa_back_chan_attrs",
        "csa_cb_program",
        "csa_sec_parms",
    )

    def __init__(
        self,
        csa_clientid: clientid4,
        csa_sequence: sequenceid4,
        csa_flags: uint32_t,
        csa_fore_chan_attrs: channel_attrs4,
        csa_back_chan_attrs: channel_attrs4,
        csa_cb_program: uint32_t,
        csa_sec_parms: list[callback_sec_parms4],
    ) -> None:
        self.csa_clientid = csa_clientid
        self.csa_sequence = csa_sequence
        self.csa_flags = csa_flags
        self.csa_fore_chan_attrs = csa_fore_chan_attrs
        self.csa_back_chan_attrs = csa_back_chan_attrs
        self.csa_cb_program = csa_cb_program
        self.csa_sec_parms = csa_sec_parms


class CREATE_SESSION4resok(_x.XdrStruct):
    """struct CREATE_SESSION4resok."""

    __slots__ = (
        "csr_back_chan_attrs",
        "csr_flags",
        "csr_fore_chan_attrs",
        "csr_sequence",
        "csr_sessionid",
    )
    __match_args__ = (
        "csr_sessionid",
        "csr_sequence",
        "csr_flags",
        "csr_fore_chan_attrs",
        "csr_back_chan_attrs",
    )
    _fields = (
        "csr_sessionid",
        "csr_sequence",
        "csr_flags",
        "csr_fore_chan_attrs",
        "csr_back_chan_attrs",
    )

    def __init__(
        self,
        csr_sessionid: sessionid4,
        csr_sequence: sequenceid4,
        csr_flags: uint32_t,
        csr_fore_chan_attrs: channel_attrs4,
        csr_back_chan_attrs: channel_attrs4,
    ) -> None:
        self.csr_sessionid = csr_sessionid
        self.csr_sequence = csr_sequence
        self.csr_flags = csr_flags
        self.csr_fore_chan_attrs = csr_fore_chan_attrs
        self.csr_back_chan_attrs = csr_back_chan_attrs


class CREATE_SESSION4res(_x.UnionValue):
    """union CREATE_SESSION4res switch (nfsstat4 csr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: CREATE_SESSION4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def csr_resok4(self) -> CREATE_SESSION4resok:
        """The ``csr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"CREATE_SESSION4res.csr_resok4: tag is {self.tag!r}")
        return self.value


class DESTROY_SESSION4args(_x.XdrStruct):
    """struct DESTROY_SESSION4args."""

    __slots__ = ("dsa_sessionid",)
    __match_args__ = ("dsa_sessionid",)
    _fields = ("dsa_sessionid",)

    def __init__(self, dsa_sessionid: sessionid4) -> None:
        self.dsa_sessionid = dsa_sessionid


class DESTROY_SESSION4res(_x.XdrStruct):
    """struct DESTROY_SESSION4res."""

    __slots__ = ("dsr_status",)
    __match_args__ = ("dsr_status",)
    _fields = ("dsr_status",)

    def __init__(self, dsr_status: int) -> None:
        self.dsr_status = dsr_status


class FREE_STATEID4args(_x.XdrStruct):
    """struct FREE_STATEID4args."""

    __slots__ = ("fsa_stateid",)
    __match_args__ = ("fsa_stateid",)
    _fields = ("fsa_stateid",)

    def __init__(self, fsa_stateid: stateid4) -> None:
        self.fsa_stateid = fsa_stateid


class FREE_STATEID4res(_x.XdrStruct):
    """struct FREE_STATEID4res."""

    __slots__ = ("fsr_status",)
    __match_args__ = ("fsr_status",)
    _fields = ("fsr_status",)

    def __init__(self, fsr_status: int) -> None:
        self.fsr_status = fsr_status


class GET_DIR_DELEGATION4args(_x.XdrStruct):
    """struct GET_DIR_DELEGATION4args."""

    __slots__ = (
        "gdda_child_attr_delay",
        "gdda_child_attributes",
        "gdda_dir_attr_delay",
        "gdda_dir_attributes",
        "gdda_notification_types",
        "gdda_signal_deleg_avail",
    )
    __match_args__ = (
        "gdda_signal_deleg_avail",
        "gdda_notification_types",
        "gdda_child_attr_delay",
        "gdda_dir_attr_delay",
        "gdda_child_attributes",
        "gdda_dir_attributes",
    )
    _fields = (
        "gdda_signal_deleg_avail",
        "gdda_notification_types",
        "gdda_child_attr_delay",
        "gdda_dir_attr_delay",
        "gdda_child_attributes",
        "gdda_dir_attributes",
    )

    def __init__(
        self,
        gdda_signal_deleg_avail: bool,
        gdda_notification_types: bitmap4,
        gdda_child_attr_delay: attr_notice4,
        gdda_dir_attr_delay: attr_notice4,
        gdda_child_attributes: bitmap4,
        gdda_dir_attributes: bitmap4,
    ) -> None:
        self.gdda_signal_deleg_avail = gdda_signal_deleg_avail
        self.gdda_notification_types = gdda_notification_types
        self.gdda_child_attr_delay = gdda_child_attr_delay
        self.gdda_dir_attr_delay = gdda_dir_attr_delay
        self.gdda_child_attributes = gdda_child_attributes
        self.gdda_dir_attributes = gdda_dir_attributes


class GET_DIR_DELEGATION4resok(_x.XdrStruct):
    """struct GET_DIR_DELEGATION4resok."""

    __slots__ = (
        "gddr_child_attributes",
        "gddr_cookieverf",
        "gddr_dir_attributes",
        "gddr_notification",
        "gddr_stateid",
    )
    __match_args__ = (
        "gddr_cookieverf",
        "gddr_stateid",
        "gddr_notification",
        "gddr_child_attributes",
        "gddr_dir_attributes",
    )
    _fields = (
        "gddr_cookieverf",
        "gddr_stateid",
        "gddr_notification",
        "gddr_child_attributes",
        "gddr_dir_attributes",
    )

    def __init__(
        self,
        gddr_cookieverf: verifier4,
        gddr_stateid: stateid4,
        gddr_notification: bitmap4,
        gddr_child_attributes: bitmap4,
        gddr_dir_attributes: bitmap4,
    ) -> None:
        self.gddr_cookieverf = gddr_cookieverf
        self.gddr_stateid = gddr_stateid
        self.gddr_notification = gddr_notification
        self.gddr_child_attributes = gddr_child_attributes
        self.gddr_dir_attributes = gddr_dir_attributes


class gddrnf4_status(enum.IntEnum):
    """enum gddrnf4_status."""

    GDD4_OK = 0
    GDD4_UNAVAIL = 1


GDD4_OK: Final = gddrnf4_status.GDD4_OK
GDD4_UNAVAIL: Final = gddrnf4_status.GDD4_UNAVAIL


class GET_DIR_DELEGATION4res_non_fatal(_x.UnionValue):
    """union GET_DIR_DELEGATION4res_non_fatal switch (gddrnf4_status gddrnf_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: GET_DIR_DELEGATION4resok | bool | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def gddrnf_resok4(self) -> GET_DIR_DELEGATION4resok:
        """The ``gddrnf_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"GET_DIR_DELEGATION4res_non_fatal.gddrnf_resok4: tag is {self.tag!r}")
        return self.value

    @property
    def gddrnf_will_signal_deleg_avail(self) -> bool:
        """The ``gddrnf_will_signal_deleg_avail`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"GET_DIR_DELEGATION4res_non_fatal.gddrnf_will_signal_deleg_avail: tag is {self.tag!r}")
        return self.value


class GET_DIR_DELEGATION4res(_x.UnionValue):
    """union GET_DIR_DELEGATION4res switch (nfsstat4 gddr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: GET_DIR_DELEGATION4res_non_fatal | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def gddr_res_non_fatal4(self) -> GET_DIR_DELEGATION4res_non_fatal:
        """The ``gddr_res_non_fatal4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"GET_DIR_DELEGATION4res.gddr_res_non_fatal4: tag is {self.tag!r}")
        return self.value


class GETDEVICEINFO4args(_x.XdrStruct):
    """struct GETDEVICEINFO4args."""

    __slots__ = ("gdia_device_id", "gdia_layout_type", "gdia_maxcount", "gdia_notify_types")
    __match_args__ = ("gdia_device_id", "gdia_layout_type", "gdia_maxcount", "gdia_notify_types")
    _fields = ("gdia_device_id", "gdia_layout_type", "gdia_maxcount", "gdia_notify_types")

    def __init__(
        self,
        gdia_device_id: deviceid4,
        gdia_layout_type: int,
        gdia_maxcount: count4,
        gdia_notify_types: bitmap4,
    ) -> None:
        self.gdia_device_id = gdia_device_id
        self.gdia_layout_type = gdia_layout_type
        self.gdia_maxcount = gdia_maxcount
        self.gdia_notify_types = gdia_notify_types


class GETDEVICEINFO4resok(_x.XdrStruct):
    """struct GETDEVICEINFO4resok."""

    __slots__ = ("gdir_device_addr", "gdir_notification")
    __match_args__ = ("gdir_device_addr", "gdir_notification")
    _fields = ("gdir_device_addr", "gdir_notification")

    def __init__(self, gdir_device_addr: device_addr4, gdir_notification: bitmap4) -> None:
        self.gdir_device_addr = gdir_device_addr
        self.gdir_notification = gdir_notification


class GETDEVICEINFO4res(_x.UnionValue):
    """union GETDEVICEINFO4res switch (nfsstat4 gdir_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: GETDEVICEINFO4resok | count4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def gdir_resok4(self) -> GETDEVICEINFO4resok:
        """The ``gdir_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"GETDEVICEINFO4res.gdir_resok4: tag is {self.tag!r}")
        return self.value

    @property
    def gdir_mincount(self) -> count4:
        """The ``gdir_mincount`` arm."""
        if self.tag not in (10005,):
            raise AttributeError(f"GETDEVICEINFO4res.gdir_mincount: tag is {self.tag!r}")
        return self.value


class GETDEVICELIST4args(_x.XdrStruct):
    """struct GETDEVICELIST4args."""

    __slots__ = ("gdla_cookie", "gdla_cookieverf", "gdla_layout_type", "gdla_maxdevices")
    __match_args__ = ("gdla_layout_type", "gdla_maxdevices", "gdla_cookie", "gdla_cookieverf")
    _fields = ("gdla_layout_type", "gdla_maxdevices", "gdla_cookie", "gdla_cookieverf")

    def __init__(
        self,
        gdla_layout_type: int,
        gdla_maxdevices: count4,
        gdla_cookie: nfs_cookie4,
        gdla_cookieverf: verifier4,
    ) -> None:
        self.gdla_layout_type = gdla_layout_type
        self.gdla_maxdevices = gdla_maxdevices
        self.gdla_cookie = gdla_cookie
        self.gdla_cookieverf = gdla_cookieverf


class GETDEVICELIST4resok(_x.XdrStruct):
    """struct GETDEVICELIST4resok."""

    __slots__ = ("gdlr_cookie", "gdlr_cookieverf", "gdlr_deviceid_list", "gdlr_eof")
    __match_args__ = ("gdlr_cookie", "gdlr_cookieverf", "gdlr_deviceid_list", "gdlr_eof")
    _fields = ("gdlr_cookie", "gdlr_cookieverf", "gdlr_deviceid_list", "gdlr_eof")

    def __init__(
        self,
        gdlr_cookie: nfs_cookie4,
        gdlr_cookieverf: verifier4,
        gdlr_deviceid_list: list[deviceid4],
        gdlr_eof: bool,
    ) -> None:
        self.gdlr_cookie = gdlr_cookie
        self.gdlr_cookieverf = gdlr_cookieverf
        self.gdlr_deviceid_list = gdlr_deviceid_list
        self.gdlr_eof = gdlr_eof


class GETDEVICELIST4res(_x.UnionValue):
    """union GETDEVICELIST4res switch (nfsstat4 gdlr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: GETDEVICELIST4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def gdlr_resok4(self) -> GETDEVICELIST4resok:
        """The ``gdlr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"GETDEVICELIST4res.gdlr_resok4: tag is {self.tag!r}")
        return self.value


class LAYOUTCOMMIT4args(_x.XdrStruct):
    """struct LAYOUTCOMMIT4args."""

    __slots__ = (
        "loca_last_write_offset",
        "loca_layoutupdate",
        "loca_length",
        "loca_offset",
        "loca_reclaim",
        "loca_stateid",
        "loca_time_modify",
    )
    __match_args__ = (
        "loca_offset",
        "loca_length",
        "loca_reclaim",
        "loca_stateid",
        "loca_last_write_offset",
        "loca_time_modify",
        "loca_layoutupdate",
    )
    _fields = (
        "loca_offset",
        "loca_length",
        "loca_reclaim",
        "loca_stateid",
        "loca_last_write_offset",
        "loca_time_modify",
        "loca_layoutupdate",
    )

    def __init__(
        self,
        loca_offset: offset4,
        loca_length: length4,
        loca_reclaim: bool,
        loca_stateid: stateid4,
        loca_last_write_offset: newoffset4,
        loca_time_modify: newtime4,
        loca_layoutupdate: layoutupdate4,
    ) -> None:
        self.loca_offset = loca_offset
        self.loca_length = loca_length
        self.loca_reclaim = loca_reclaim
        self.loca_stateid = loca_stateid
        self.loca_last_write_offset = loca_last_write_offset
        self.loca_time_modify = loca_time_modify
        self.loca_layoutupdate = loca_layoutupdate


class LAYOUTCOMMIT4resok(_x.XdrStruct):
    """struct LAYOUTCOMMIT4resok."""

    __slots__ = ("locr_newsize",)
    __match_args__ = ("locr_newsize",)
    _fields = ("locr_newsize",)

    def __init__(self, locr_newsize: newsize4) -> None:
        self.locr_newsize = locr_newsize


class LAYOUTCOMMIT4res(_x.UnionValue):
    """union LAYOUTCOMMIT4res switch (nfsstat4 locr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: LAYOUTCOMMIT4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def locr_resok4(self) -> LAYOUTCOMMIT4resok:
        """The ``locr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"LAYOUTCOMMIT4res.locr_resok4: tag is {self.tag!r}")
        return self.value


class LAYOUTGET4args(_x.XdrStruct):
    """struct LAYOUTGET4args."""

    __slots__ = (
        "loga_iomode",
        "loga_layout_type",
        "loga_length",
        "loga_maxcount",
        "loga_minlength",
        "loga_offset",
        "loga_signal_layout_avail",
        "loga_stateid",
    )
    __match_args__ = (
        "loga_signal_layout_avail",
        "loga_layout_type",
        "loga_iomode",
        "loga_offset",
        "loga_length",
        "loga_minlength",
        "loga_stateid",
        "loga_maxcount",
    )
    _fields = (
        "loga_signal_layout_avail",
        "loga_layout_type",
        "loga_iomode",
        "loga_offset",
        "loga_length",
        "loga_minlength",
        "loga_stateid",
        "loga_maxcount",
    )

    def __init__(
        self,
        loga_signal_layout_avail: bool,
        loga_layout_type: int,
        loga_iomode: int,
        loga_offset: offset4,
        loga_length: length4,
        loga_minlength: length4,
        loga_stateid: stateid4,
        loga_maxcount: count4,
    ) -> None:
        self.loga_signal_layout_avail = loga_signal_layout_avail
        self.loga_layout_type = loga_layout_type
        self.loga_iomode = loga_iomode
        self.loga_offset = loga_offset
        self.loga_length = loga_length
        self.loga_minlength = loga_minlength
        self.loga_stateid = loga_stateid
        self.loga_maxcount = loga_maxcount


class LAYOUTGET4resok(_x.XdrStruct):
    """struct LAYOUTGET4resok."""

    __slots__ = ("logr_layout", "logr_return_on_close", "logr_stateid")
    __match_args__ = ("logr_return_on_close", "logr_stateid", "logr_layout")
    _fields = ("logr_return_on_close", "logr_stateid", "logr_layout")

    def __init__(
        self,
        logr_return_on_close: bool,
        logr_stateid: stateid4,
        logr_layout: list[layout4],
    ) -> None:
        self.logr_return_on_close = logr_return_on_close
        self.logr_stateid = logr_stateid
        self.logr_layout = logr_layout


class LAYOUTGET4res(_x.UnionValue):
    """union LAYOUTGET4res switch (nfsstat4 logr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: LAYOUTGET4resok | bool | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def logr_resok4(self) -> LAYOUTGET4resok:
        """The ``logr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"LAYOUTGET4res.logr_resok4: tag is {self.tag!r}")
        return self.value

    @property
    def logr_will_signal_layout_avail(self) -> bool:
        """The ``logr_will_signal_layout_avail`` arm."""
        if self.tag not in (10058,):
            raise AttributeError(f"LAYOUTGET4res.logr_will_signal_layout_avail: tag is {self.tag!r}")
        return self.value


class LAYOUTRETURN4args(_x.XdrStruct):
    """struct LAYOUTRETURN4args."""

    __slots__ = ("lora_iomode", "lora_layout_type", "lora_layoutreturn", "lora_reclaim")
    __match_args__ = ("lora_reclaim", "lora_layout_type", "lora_iomode", "lora_layoutreturn")
    _fields = ("lora_reclaim", "lora_layout_type", "lora_iomode", "lora_layoutreturn")

    def __init__(
        self,
        lora_reclaim: bool,
        lora_layout_type: int,
        lora_iomode: int,
        lora_layoutreturn: layoutreturn4,
    ) -> None:
        self.lora_reclaim = lora_reclaim
        self.lora_layout_type = lora_layout_type
        self.lora_iomode = lora_iomode
        self.lora_layoutreturn = lora_layoutreturn


class LAYOUTRETURN4res(_x.UnionValue):
    """union LAYOUTRETURN4res switch (nfsstat4 lorr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: layoutreturn_stateid | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def lorr_stateid(self) -> layoutreturn_stateid:
        """The ``lorr_stateid`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"LAYOUTRETURN4res.lorr_stateid: tag is {self.tag!r}")
        return self.value


class secinfo_style4(enum.IntEnum):
    """enum secinfo_style4."""

    SECINFO_STYLE4_CURRENT_FH = 0
    SECINFO_STYLE4_PARENT = 1


SECINFO_STYLE4_CURRENT_FH: Final = secinfo_style4.SECINFO_STYLE4_CURRENT_FH
SECINFO_STYLE4_PARENT: Final = secinfo_style4.SECINFO_STYLE4_PARENT


class SEQUENCE4args(_x.XdrStruct):
    """struct SEQUENCE4args."""

    __slots__ = ("sa_cachethis", "sa_highest_slotid", "sa_sequenceid", "sa_sessionid", "sa_slotid")
    __match_args__ = (
        "sa_sessionid",
        "sa_sequenceid",
        "sa_slotid",
        "sa_highest_slotid",
        "sa_cachethis",
    )
    _fields = ("sa_sessionid", "sa_sequenceid", "sa_slotid", "sa_highest_slotid", "sa_cachethis")

    def __init__(
        self,
        sa_sessionid: sessionid4,
        sa_sequenceid: sequenceid4,
        sa_slotid: slotid4,
        sa_highest_slotid: slotid4,
        sa_cachethis: bool,
    ) -> None:
        self.sa_sessionid = sa_sessionid
        self.sa_sequenceid = sa_sequenceid
        self.sa_slotid = sa_slotid
        self.sa_highest_slotid = sa_highest_slotid
        self.sa_cachethis = sa_cachethis


class SEQUENCE4resok(_x.XdrStruct):
    """struct SEQUENCE4resok."""

    __slots__ = (
        "sr_highest_slotid",
        "sr_sequenceid",
        "sr_sessionid",
        "sr_slotid",
        "sr_status_flags",
        "sr_target_highest_slotid",
    )
    __match_args__ = (
        "sr_sessionid",
        "sr_sequenceid",
        "sr_slotid",
        "sr_highest_slotid",
        "sr_target_highest_slotid",
        "sr_status_flags",
    )
    _fields = (
        "sr_sessionid",
        "sr_sequenceid",
        "sr_slotid",
        "sr_highest_slotid",
        "sr_target_highest_slotid",
        "sr_status_flags",
    )

    def __init__(
        self,
        sr_sessionid: sessionid4,
        sr_sequenceid: sequenceid4,
        sr_slotid: slotid4,
        sr_highest_slotid: slotid4,
        sr_target_highest_slotid: slotid4,
        sr_status_flags: uint32_t,
    ) -> None:
        self.sr_sessionid = sr_sessionid
        self.sr_sequenceid = sr_sequenceid
        self.sr_slotid = sr_slotid
        self.sr_highest_slotid = sr_highest_slotid
        self.sr_target_highest_slotid = sr_target_highest_slotid
        self.sr_status_flags = sr_status_flags


class SEQUENCE4res(_x.UnionValue):
    """union SEQUENCE4res switch (nfsstat4 sr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: SEQUENCE4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def sr_resok4(self) -> SEQUENCE4resok:
        """The ``sr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"SEQUENCE4res.sr_resok4: tag is {self.tag!r}")
        return self.value


class ssa_digest_input4(_x.XdrStruct):
    """struct ssa_digest_input4."""

    __slots__ = ("sdi_seqargs",)
    __match_args__ = ("sdi_seqargs",)
    _fields = ("sdi_seqargs",)

    def __init__(self, sdi_seqargs: SEQUENCE4args) -> None:
        self.sdi_seqargs = sdi_seqargs


class SET_SSV4args(_x.XdrStruct):
    """struct SET_SSV4args."""

    __slots__ = ("ssa_digest", "ssa_ssv")
    __match_args__ = ("ssa_ssv", "ssa_digest")
    _fields = ("ssa_ssv", "ssa_digest")

    def __init__(self, ssa_ssv: bytes, ssa_digest: bytes) -> None:
        self.ssa_ssv = ssa_ssv
        self.ssa_digest = ssa_digest


class ssr_digest_input4(_x.XdrStruct):
    """struct ssr_digest_input4."""

    __slots__ = ("sdi_seqres",)
    __match_args__ = ("sdi_seqres",)
    _fields = ("sdi_seqres",)

    def __init__(self, sdi_seqres: SEQUENCE4res) -> None:
        self.sdi_seqres = sdi_seqres


class SET_SSV4resok(_x.XdrStruct):
    """struct SET_SSV4resok."""

    __slots__ = ("ssr_digest",)
    __match_args__ = ("ssr_digest",)
    _fields = ("ssr_digest",)

    def __init__(self, ssr_digest: bytes) -> None:
        self.ssr_digest = ssr_digest


class SET_SSV4res(_x.UnionValue):
    """union SET_SSV4res switch (nfsstat4 ssr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: SET_SSV4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def ssr_resok4(self) -> SET_SSV4resok:
        """The ``ssr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"SET_SSV4res.ssr_resok4: tag is {self.tag!r}")
        return self.value


class TEST_STATEID4args(_x.XdrStruct):
    """struct TEST_STATEID4args."""

    __slots__ = ("ts_stateids",)
    __match_args__ = ("ts_stateids",)
    _fields = ("ts_stateids",)

    def __init__(self, ts_stateids: list[stateid4]) -> None:
        self.ts_stateids = ts_stateids


class TEST_STATEID4resok(_x.XdrStruct):
    """struct TEST_STATEID4resok."""

    __slots__ = ("tsr_status_codes",)
    __match_args__ = ("tsr_status_codes",)
    _fields = ("tsr_status_codes",)

    def __init__(self, tsr_status_codes: list[int]) -> None:
        self.tsr_status_codes = tsr_status_codes


class TEST_STATEID4res(_x.UnionValue):
    """union TEST_STATEID4res switch (nfsstat4 tsr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: TEST_STATEID4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def tsr_resok4(self) -> TEST_STATEID4resok:
        """The ``tsr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"TEST_STATEID4res.tsr_resok4: tag is {self.tag!r}")
        return self.value


class deleg_claim4(_x.UnionValue):
    """union deleg_claim4 switch (open_claim_type4 dc_claim); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: int | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def dc_delegate_type(self) -> int:
        """The ``dc_delegate_type`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"deleg_claim4.dc_delegate_type: tag is {self.tag!r}")
        return self.value


class WANT_DELEGATION4args(_x.XdrStruct):
    """struct WANT_DELEGATION4args."""

    __slots__ = ("wda_claim", "wda_want")
    __match_args__ = ("wda_want", "wda_claim")
    _fields = ("wda_want", "wda_claim")

    def __init__(self, wda_want: uint32_t, wda_claim: deleg_claim4) -> None:
        self.wda_want = wda_want
        self.wda_claim = wda_claim


class WANT_DELEGATION4res(_x.UnionValue):
    """union WANT_DELEGATION4res switch (nfsstat4 wdr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: open_delegation4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def wdr_resok4(self) -> open_delegation4:
        """The ``wdr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"WANT_DELEGATION4res.wdr_resok4: tag is {self.tag!r}")
        return self.value


class DESTROY_CLIENTID4args(_x.XdrStruct):
    """struct DESTROY_CLIENTID4args."""

    __slots__ = ("dca_clientid",)
    __match_args__ = ("dca_clientid",)
    _fields = ("dca_clientid",)

    def __init__(self, dca_clientid: clientid4) -> None:
        self.dca_clientid = dca_clientid


class DESTROY_CLIENTID4res(_x.XdrStruct):
    """struct DESTROY_CLIENTID4res."""

    __slots__ = ("dcr_status",)
    __match_args__ = ("dcr_status",)
    _fields = ("dcr_status",)

    def __init__(self, dcr_status: int) -> None:
        self.dcr_status = dcr_status


class RECLAIM_COMPLETE4args(_x.XdrStruct):
    """struct RECLAIM_COMPLETE4args."""

    __slots__ = ("rca_one_fs",)
    __match_args__ = ("rca_one_fs",)
    _fields = ("rca_one_fs",)

    def __init__(self, rca_one_fs: bool) -> None:
        self.rca_one_fs = rca_one_fs


class RECLAIM_COMPLETE4res(_x.XdrStruct):
    """struct RECLAIM_COMPLETE4res."""

    __slots__ = ("rcr_status",)
    __match_args__ = ("rcr_status",)
    _fields = ("rcr_status",)

    def __init__(self, rcr_status: int) -> None:
        self.rcr_status = rcr_status


class COPY4args(_x.XdrStruct):
    """struct COPY4args."""

    __slots__ = (
        "ca_consecutive",
        "ca_count",
        "ca_dst_offset",
        "ca_dst_stateid",
        "ca_source_server",
        "ca_src_offset",
        "ca_src_stateid",
        "ca_synchronous",
    )
    __match_args__ = (
        "ca_src_stateid",
        "ca_dst_stateid",
        "ca_src_offset",
        "ca_dst_offset",
        "ca_count",
        "ca_consecutive",
        "ca_synchronous",
        "ca_source_server",
    )
    _fields = (
        "ca_src_stateid",
        "ca_dst_stateid",
        "ca_src_offset",
        "ca_dst_offset",
        "ca_count",
        "ca_consecutive",
        "ca_synchronous",
        "ca_source_server",
    )

    def __init__(
        self,
        ca_src_stateid: stateid4,
        ca_dst_stateid: stateid4,
        ca_src_offset: offset4,
        ca_dst_offset: offset4,
        ca_count: length4,
        ca_consecutive: bool,
        ca_synchronous: bool,
        ca_source_server: list[netloc4],
    ) -> None:
        self.ca_src_stateid = ca_src_stateid
        self.ca_dst_stateid = ca_dst_stateid
        self.ca_src_offset = ca_src_offset
        self.ca_dst_offset = ca_dst_offset
        self.ca_count = ca_count
        self.ca_consecutive = ca_consecutive
        self.ca_synchronous = ca_synchronous
        self.ca_source_server = ca_source_server


class copy_requirements4(_x.XdrStruct):
    """struct copy_requirements4."""

    __slots__ = ("cr_consecutive", "cr_synchronous")
    __match_args__ = ("cr_consecutive", "cr_synchronous")
    _fields = ("cr_consecutive", "cr_synchronous")

    def __init__(self, cr_consecutive: bool, cr_synchronous: bool) -> None:
        self.cr_consecutive = cr_consecutive
        self.cr_synchronous = cr_synchronous


class COPY4resok(_x.XdrStruct):
    """struct COPY4resok."""

    __slots__ = ("cr_requirements", "cr_response")
    __match_args__ = ("cr_response", "cr_requirements")
    _fields = ("cr_response", "cr_requirements")

    def __init__(self, cr_response: write_response4, cr_requirements: copy_requirements4) -> None:
        self.cr_response = cr_response
        self.cr_requirements = cr_requirements


class COPY4res(_x.UnionValue):
    """union COPY4res switch (nfsstat4 cr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: COPY4resok | copy_requirements4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def cr_resok4(self) -> COPY4resok:
        """The ``cr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"COPY4res.cr_resok4: tag is {self.tag!r}")
        return self.value

    @property
    def cr_requirements(self) -> copy_requirements4:
        """The ``cr_requirements`` arm."""
        if self.tag not in (10094,):
            raise AttributeError(f"COPY4res.cr_requirements: tag is {self.tag!r}")
        return self.value


class COPY_NOTIFY4args(_x.XdrStruct):
    """struct COPY_NOTIFY4args."""

    __slots__ = ("cna_destination_server", "cna_src_stateid")
    __match_args__ = ("cna_src_stateid", "cna_destination_server")
    _fields = ("cna_src_stateid", "cna_destination_server")

    def __init__(self, cna_src_stateid: stateid4, cna_destination_server: netloc4) -> None:
        self.cna_src_stateid = cna_src_stateid
        self.cna_destination_server = cna_destination_server


class COPY_NOTIFY4resok(_x.XdrStruct):
    """struct COPY_NOTIFY4resok."""

    __slots__ = ("cnr_lease_time", "cnr_source_server", "cnr_stateid")
    __match_args__ = ("cnr_lease_time", "cnr_stateid", "cnr_source_server")
    _fields = ("cnr_lease_time", "cnr_stateid", "cnr_source_server")

    def __init__(
        self,
        cnr_lease_time: nfstime4,
        cnr_stateid: stateid4,
        cnr_source_server: list[netloc4],
    ) -> None:
        self.cnr_lease_time = cnr_lease_time
        self.cnr_stateid = cnr_stateid
        self.cnr_source_server = cnr_source_server


class COPY_NOTIFY4res(_x.UnionValue):
    """union COPY_NOTIFY4res switch (nfsstat4 cnr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: COPY_NOTIFY4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> COPY_NOTIFY4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"COPY_NOTIFY4res.resok4: tag is {self.tag!r}")
        return self.value


class OFFLOAD_CANCEL4args(_x.XdrStruct):
    """struct OFFLOAD_CANCEL4args."""

    __slots__ = ("oca_stateid",)
    __match_args__ = ("oca_stateid",)
    _fields = ("oca_stateid",)

    def __init__(self, oca_stateid: stateid4) -> None:
        self.oca_stateid = oca_stateid


class OFFLOAD_CANCEL4res(_x.XdrStruct):
    """struct OFFLOAD_CANCEL4res."""

    __slots__ = ("ocr_status",)
    __match_args__ = ("ocr_status",)
    _fields = ("ocr_status",)

    def __init__(self, ocr_status: int) -> None:
        self.ocr_status = ocr_status


class OFFLOAD_STATUS4args(_x.XdrStruct):
    """struct OFFLOAD_STATUS4args."""

    __slots__ = ("osa_stateid",)
    __match_args__ = ("osa_stateid",)
    _fields = ("osa_stateid",)

    def __init__(self, osa_stateid: stateid4) -> None:
        self.osa_stateid = osa_stateid


class OFFLOAD_STATUS4resok(_x.XdrStruct):
    """struct OFFLOAD_STATUS4resok."""

    __slots__ = ("osr_complete", "osr_count")
    __match_args__ = ("osr_count", "osr_complete")
    _fields = ("osr_count", "osr_complete")

    def __init__(self, osr_count: length4, osr_complete: list[int]) -> None:
        self.osr_count = osr_count
        self.osr_complete = osr_complete


class OFFLOAD_STATUS4res(_x.UnionValue):
    """union OFFLOAD_STATUS4res switch (nfsstat4 osr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: OFFLOAD_STATUS4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def osr_resok4(self) -> OFFLOAD_STATUS4resok:
        """The ``osr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"OFFLOAD_STATUS4res.osr_resok4: tag is {self.tag!r}")
        return self.value


class ALLOCATE4args(_x.XdrStruct):
    """struct ALLOCATE4args."""

    __slots__ = ("aa_length", "aa_offset", "aa_stateid")
    __match_args__ = ("aa_stateid", "aa_offset", "aa_length")
    _fields = ("aa_stateid", "aa_offset", "aa_length")

    def __init__(self, aa_stateid: stateid4, aa_offset: offset4, aa_length: length4) -> None:
        self.aa_stateid = aa_stateid
        self.aa_offset = aa_offset
        self.aa_length = aa_length


class ALLOCATE4res(_x.XdrStruct):
    """struct ALLOCATE4res."""

    __slots__ = ("ar_status",)
    __match_args__ = ("ar_status",)
    _fields = ("ar_status",)

    def __init__(self, ar_status: int) -> None:
        self.ar_status = ar_status


class DEALLOCATE4args(_x.XdrStruct):
    """struct DEALLOCATE4args."""

    __slots__ = ("da_length", "da_offset", "da_stateid")
    __match_args__ = ("da_stateid", "da_offset", "da_length")
    _fields = ("da_stateid", "da_offset", "da_length")

    def __init__(self, da_stateid: stateid4, da_offset: offset4, da_length: length4) -> None:
        self.da_stateid = da_stateid
        self.da_offset = da_offset
        self.da_length = da_length


class DEALLOCATE4res(_x.XdrStruct):
    """struct DEALLOCATE4res."""

    __slots__ = ("dr_status",)
    __match_args__ = ("dr_status",)
    _fields = ("dr_status",)

    def __init__(self, dr_status: int) -> None:
        self.dr_status = dr_status


class IO_ADVISE_type4(enum.IntEnum):
    """enum IO_ADVISE_type4."""

    IO_ADVISE4_NORMAL = 0
    IO_ADVISE4_SEQUENTIAL = 1
    IO_ADVISE4_SEQUENTIAL_BACKWARDS = 2
    IO_ADVISE4_RANDOM = 3
    IO_ADVISE4_WILLNEED = 4
    IO_ADVISE4_WILLNEED_OPPORTUNISTIC = 5
    IO_ADVISE4_DONTNEED = 6
    IO_ADVISE4_NOREUSE = 7
    IO_ADVISE4_READ = 8
    IO_ADVISE4_WRITE = 9
    IO_ADVISE4_INIT_PROXIMITY = 10


IO_ADVISE4_NORMAL: Final = IO_ADVISE_type4.IO_ADVISE4_NORMAL
IO_ADVISE4_SEQUENTIAL: Final = IO_ADVISE_type4.IO_ADVISE4_SEQUENTIAL
IO_ADVISE4_SEQUENTIAL_BACKWARDS: Final = IO_ADVISE_type4.IO_ADVISE4_SEQUENTIAL_BACKWARDS
IO_ADVISE4_RANDOM: Final = IO_ADVISE_type4.IO_ADVISE4_RANDOM
IO_ADVISE4_WILLNEED: Final = IO_ADVISE_type4.IO_ADVISE4_WILLNEED
IO_ADVISE4_WILLNEED_OPPORTUNISTIC: Final = IO_ADVISE_type4.IO_ADVISE4_WILLNEED_OPPORTUNISTIC
IO_ADVISE4_DONTNEED: Final = IO_ADVISE_type4.IO_ADVISE4_DONTNEED
IO_ADVISE4_NOREUSE: Final = IO_ADVISE_type4.IO_ADVISE4_NOREUSE
IO_ADVISE4_READ: Final = IO_ADVISE_type4.IO_ADVISE4_READ
IO_ADVISE4_WRITE: Final = IO_ADVISE_type4.IO_ADVISE4_WRITE
IO_ADVISE4_INIT_PROXIMITY: Final = IO_ADVISE_type4.IO_ADVISE4_INIT_PROXIMITY


class IO_ADVISE4args(_x.XdrStruct):
    """struct IO_ADVISE4args."""

    __slots__ = ("iaa_count", "iaa_hints", "iaa_offset", "iaa_stateid")
    __match_args__ = ("iaa_stateid", "iaa_offset", "iaa_count", "iaa_hints")
    _fields = ("iaa_stateid", "iaa_offset", "iaa_count", "iaa_hints")

    def __init__(
        self,
        iaa_stateid: stateid4,
        iaa_offset: offset4,
        iaa_count: length4,
        iaa_hints: bitmap4,
    ) -> None:
        self.iaa_stateid = iaa_stateid
        self.iaa_offset = iaa_offset
        self.iaa_count = iaa_count
        self.iaa_hints = iaa_hints


class IO_ADVISE4resok(_x.XdrStruct):
    """struct IO_ADVISE4resok."""

    __slots__ = ("ior_hints",)
    __match_args__ = ("ior_hints",)
    _fields = ("ior_hints",)

    def __init__(self, ior_hints: bitmap4) -> None:
        self.ior_hints = ior_hints


class IO_ADVISE4res(_x.UnionValue):
    """union IO_ADVISE4res switch (nfsstat4 ior_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: IO_ADVISE4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> IO_ADVISE4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"IO_ADVISE4res.resok4: tag is {self.tag!r}")
        return self.value


class device_error4(_x.XdrStruct):
    """struct device_error4."""

    __slots__ = ("de_deviceid", "de_opnum", "de_status")
    __match_args__ = ("de_deviceid", "de_status", "de_opnum")
    _fields = ("de_deviceid", "de_status", "de_opnum")

    def __init__(self, de_deviceid: deviceid4, de_status: int, de_opnum: int) -> None:
        self.de_deviceid = de_deviceid
        self.de_status = de_status
        self.de_opnum = de_opnum


class LAYOUTERROR4args(_x.XdrStruct):
    """struct LAYOUTERROR4args."""

    __slots__ = ("lea_errors", "lea_length", "lea_offset", "lea_stateid")
    __match_args__ = ("lea_offset", "lea_length", "lea_stateid", "lea_errors")
    _fields = ("lea_offset", "lea_length", "lea_stateid", "lea_errors")

    def __init__(
        self,
        lea_offset: offset4,
        lea_length: length4,
        lea_stateid: stateid4,
        lea_errors: list[device_error4],
    ) -> None:
        self.lea_offset = lea_offset
        self.lea_length = lea_length
        self.lea_stateid = lea_stateid
        self.lea_errors = lea_errors


class LAYOUTERROR4res(_x.XdrStruct):
    """struct LAYOUTERROR4res."""

    __slots__ = ("ler_status",)
    __match_args__ = ("ler_status",)
    _fields = ("ler_status",)

    def __init__(self, ler_status: int) -> None:
        self.ler_status = ler_status


class io_info4(_x.XdrStruct):
    """struct io_info4."""

    __slots__ = ("ii_bytes", "ii_count")
    __match_args__ = ("ii_count", "ii_bytes")
    _fields = ("ii_count", "ii_bytes")

    def __init__(self, ii_count: uint64_t, ii_bytes: uint64_t) -> None:
        self.ii_count = ii_count
        self.ii_bytes = ii_bytes


class LAYOUTSTATS4args(_x.XdrStruct):
    """struct LAYOUTSTATS4args."""

    __slots__ = (
        "lsa_deviceid",
        "lsa_layoutupdate",
        "lsa_length",
        "lsa_offset",
        "lsa_read",
        "lsa_stateid",
        "lsa_write",
    )
    __match_args__ = (
        "lsa_offset",
        "lsa_length",
        "lsa_stateid",
        "lsa_read",
        "lsa_write",
        "lsa_deviceid",
        "lsa_layoutupdate",
    )
    _fields = (
        "lsa_offset",
        "lsa_length",
        "lsa_stateid",
        "lsa_read",
        "lsa_write",
        "lsa_deviceid",
        "lsa_layoutupdate",
    )

    def __init__(
        self,
        lsa_offset: offset4,
        lsa_length: length4,
        lsa_stateid: stateid4,
        lsa_read: io_info4,
        lsa_write: io_info4,
        lsa_deviceid: deviceid4,
        lsa_layoutupdate: layoutupdate4,
    ) -> None:
        self.lsa_offset = lsa_offset
        self.lsa_length = lsa_length
        self.lsa_stateid = lsa_stateid
        self.lsa_read = lsa_read
        self.lsa_write = lsa_write
        self.lsa_deviceid = lsa_deviceid
        self.lsa_layoutupdate = lsa_layoutupdate


class LAYOUTSTATS4res(_x.XdrStruct):
    """struct LAYOUTSTATS4res."""

    __slots__ = ("lsr_status",)
    __match_args__ = ("lsr_status",)
    _fields = ("lsr_status",)

    def __init__(self, lsr_status: int) -> None:
        self.lsr_status = lsr_status


class READ_PLUS4args(_x.XdrStruct):
    """struct READ_PLUS4args."""

    __slots__ = ("rpa_count", "rpa_offset", "rpa_stateid")
    __match_args__ = ("rpa_stateid", "rpa_offset", "rpa_count")
    _fields = ("rpa_stateid", "rpa_offset", "rpa_count")

    def __init__(self, rpa_stateid: stateid4, rpa_offset: offset4, rpa_count: count4) -> None:
        self.rpa_stateid = rpa_stateid
        self.rpa_offset = rpa_offset
        self.rpa_count = rpa_count


class read_plus_content(_x.UnionValue):
    """union read_plus_content switch (data_content4 rpc_content); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: data4 | data_info4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def rpc_data(self) -> data4:
        """The ``rpc_data`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"read_plus_content.rpc_data: tag is {self.tag!r}")
        return self.value

    @property
    def rpc_hole(self) -> data_info4:
        """The ``rpc_hole`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"read_plus_content.rpc_hole: tag is {self.tag!r}")
        return self.value


class read_plus_res4(_x.XdrStruct):
    """struct read_plus_res4."""

    __slots__ = ("rpr_contents", "rpr_eof")
    __match_args__ = ("rpr_eof", "rpr_contents")
    _fields = ("rpr_eof", "rpr_contents")

    def __init__(self, rpr_eof: bool, rpr_contents: list[read_plus_content]) -> None:
        self.rpr_eof = rpr_eof
        self.rpr_contents = rpr_contents


class READ_PLUS4res(_x.UnionValue):
    """union READ_PLUS4res switch (nfsstat4 rp_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: read_plus_res4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def rp_resok4(self) -> read_plus_res4:
        """The ``rp_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"READ_PLUS4res.rp_resok4: tag is {self.tag!r}")
        return self.value


class SEEK4args(_x.XdrStruct):
    """struct SEEK4args."""

    __slots__ = ("sa_offset", "sa_stateid", "sa_what")
    __match_args__ = ("sa_stateid", "sa_offset", "sa_what")
    _fields = ("sa_stateid", "sa_offset", "sa_what")

    def __init__(self, sa_stateid: stateid4, sa_offset: offset4, sa_what: int) -> None:
        self.sa_stateid = sa_stateid
        self.sa_offset = sa_offset
        self.sa_what = sa_what


class seek_res4(_x.XdrStruct):
    """struct seek_res4."""

    __slots__ = ("sr_eof", "sr_offset")
    __match_args__ = ("sr_eof", "sr_offset")
    _fields = ("sr_eof", "sr_offset")

    def __init__(self, sr_eof: bool, sr_offset: offset4) -> None:
        self.sr_eof = sr_eof
        self.sr_offset = sr_offset


class SEEK4res(_x.UnionValue):
    """union SEEK4res switch (nfsstat4 sa_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: seek_res4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> seek_res4:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"SEEK4res.resok4: tag is {self.tag!r}")
        return self.value


class WRITE_SAME4args(_x.XdrStruct):
    """struct WRITE_SAME4args."""

    __slots__ = ("wsa_adb", "wsa_stable", "wsa_stateid")
    __match_args__ = ("wsa_stateid", "wsa_stable", "wsa_adb")
    _fields = ("wsa_stateid", "wsa_stable", "wsa_adb")

    def __init__(self, wsa_stateid: stateid4, wsa_stable: int, wsa_adb: app_data_block4) -> None:
        self.wsa_stateid = wsa_stateid
        self.wsa_stable = wsa_stable
        self.wsa_adb = wsa_adb


class WRITE_SAME4res(_x.UnionValue):
    """union WRITE_SAME4res switch (nfsstat4 wsr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: write_response4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> write_response4:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"WRITE_SAME4res.resok4: tag is {self.tag!r}")
        return self.value


class CLONE4args(_x.XdrStruct):
    """struct CLONE4args."""

    __slots__ = ("cl_count", "cl_dst_offset", "cl_dst_stateid", "cl_src_offset", "cl_src_stateid")
    __match_args__ = (
        "cl_src_stateid",
        "cl_dst_stateid",
        "cl_src_offset",
        "cl_dst_offset",
        "cl_count",
    )
    _fields = ("cl_src_stateid", "cl_dst_stateid", "cl_src_offset", "cl_dst_offset", "cl_count")

    def __init__(
        self,
        cl_src_stateid: stateid4,
        cl_dst_stateid: stateid4,
        cl_src_offset: offset4,
        cl_dst_offset: offset4,
        cl_count: length4,
    ) -> None:
        self.cl_src_stateid = cl_src_stateid
        self.cl_dst_stateid = cl_dst_stateid
        self.cl_src_offset = cl_src_offset
        self.cl_dst_offset = cl_dst_offset
        self.cl_count = cl_count


class CLONE4res(_x.XdrStruct):
    """struct CLONE4res."""

    __slots__ = ("cl_status",)
    __match_args__ = ("cl_status",)
    _fields = ("cl_status",)

    def __init__(self, cl_status: int) -> None:
        self.cl_status = cl_status


class GETXATTR4args(_x.XdrStruct):
    """struct GETXATTR4args."""

    __slots__ = ("gxa_name",)
    __match_args__ = ("gxa_name",)
    _fields = ("gxa_name",)

    def __init__(self, gxa_name: xattrkey4) -> None:
        self.gxa_name = gxa_name


class GETXATTR4res(_x.UnionValue):
    """union GETXATTR4res switch (nfsstat4 gxr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: xattrvalue4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def gxr_value(self) -> xattrvalue4:
        """The ``gxr_value`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"GETXATTR4res.gxr_value: tag is {self.tag!r}")
        return self.value


class setxattr_option4(enum.IntEnum):
    """enum setxattr_option4."""

    SETXATTR4_EITHER = 0
    SETXATTR4_CREATE = 1
    SETXATTR4_REPLACE = 2


SETXATTR4_EITHER: Final = setxattr_option4.SETXATTR4_EITHER
SETXATTR4_CREATE: Final = setxattr_option4.SETXATTR4_CREATE
SETXATTR4_REPLACE: Final = setxattr_option4.SETXATTR4_REPLACE


class SETXATTR4args(_x.XdrStruct):
    """struct SETXATTR4args."""

    __slots__ = ("sxa_key", "sxa_option", "sxa_value")
    __match_args__ = ("sxa_option", "sxa_key", "sxa_value")
    _fields = ("sxa_option", "sxa_key", "sxa_value")

    def __init__(self, sxa_option: int, sxa_key: xattrkey4, sxa_value: xattrvalue4) -> None:
        self.sxa_option = sxa_option
        self.sxa_key = sxa_key
        self.sxa_value = sxa_value


class SETXATTR4res(_x.UnionValue):
    """union SETXATTR4res switch (nfsstat4 sxr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: change_info4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def sxr_info(self) -> change_info4:
        """The ``sxr_info`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"SETXATTR4res.sxr_info: tag is {self.tag!r}")
        return self.value


class LISTXATTRS4args(_x.XdrStruct):
    """struct LISTXATTRS4args."""

    __slots__ = ("lxa_cookie", "lxa_maxcount")
    __match_args__ = ("lxa_cookie", "lxa_maxcount")
    _fields = ("lxa_cookie", "lxa_maxcount")

    def __init__(self, lxa_cookie: nfs_cookie4, lxa_maxcount: count4) -> None:
        self.lxa_cookie = lxa_cookie
        self.lxa_maxcount = lxa_maxcount


class LISTXATTRS4resok(_x.XdrStruct):
    """struct LISTXATTRS4resok."""

    __slots__ = ("lxr_cookie", "lxr_eof", "lxr_names")
    __match_args__ = ("lxr_cookie", "lxr_names", "lxr_eof")
    _fields = ("lxr_cookie", "lxr_names", "lxr_eof")

    def __init__(self, lxr_cookie: nfs_cookie4, lxr_names: list[xattrkey4], lxr_eof: bool) -> None:
        self.lxr_cookie = lxr_cookie
        self.lxr_names = lxr_names
        self.lxr_eof = lxr_eof


class LISTXATTRS4res(_x.UnionValue):
    """union LISTXATTRS4res switch (nfsstat4 lxr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: LISTXATTRS4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def lxr_value(self) -> LISTXATTRS4resok:
        """The ``lxr_value`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"LISTXATTRS4res.lxr_value: tag is {self.tag!r}")
        return self.value


class REMOVEXATTR4args(_x.XdrStruct):
    """struct REMOVEXATTR4args."""

    __slots__ = ("rxa_name",)
    __match_args__ = ("rxa_name",)
    _fields = ("rxa_name",)

    def __init__(self, rxa_name: xattrkey4) -> None:
        self.rxa_name = rxa_name


class REMOVEXATTR4res(_x.UnionValue):
    """union REMOVEXATTR4res switch (nfsstat4 rxr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: change_info4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def rxr_info(self) -> change_info4:
        """The ``rxr_info`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"REMOVEXATTR4res.rxr_info: tag is {self.tag!r}")
        return self.value


class nfs_argop4(_x.UnionValue):
    """union nfs_argop4 switch (nfs_opnum4 argop); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(
        self,
        tag: int,
        value: ACCESS4args | CLOSE4args | COMMIT4args | CREATE4args | DELEGPURGE4args | DELEGRETURN4args | GETATTR4args | LINK4args | LOCK4args | LOCKT4args | LOCKU4args | LOOKUP4args | NVERIFY4args | OPEN4args | OPENATTR4args | OPEN_CONFIRM4args | OPEN_DOWNGRADE4args | PUTFH4args | READ4args | READDIR4args | REMOVE4args | RENAME4args | RENEW4args | SECINFO4args | SETATTR4args | SETCLIENTID4args | SETCLIENTID_CONFIRM4args | VERIFY4args | WRITE4args | RELEASE_LOCKOWNER4args | BACKCHANNEL_CTL4args | BIND_CONN_TO_SESSION4args | EXCHANGE_ID4args | CREATE_SESSION4args | DESTROY_SESSION4args | FREE_STATEID4args | GET_DIR_DELEGATION4args | GETDEVICEINFO4args | GETDEVICELIST4args | LAYOUTCOMMIT4args | LAYOUTGET4args | LAYOUTRETURN4args | SECINFO_NO_NAME4args | SEQUENCE4args | SET_SSV4args | TEST_STATEID4args | WANT_DELEGATION4args | DESTROY_CLIENTID4args | RECLAIM_COMPLETE4args | ALLOCATE4args | COPY4args | COPY_NOTIFY4args | DEALLOCATE4args | IO_ADVISE4args | LAYOUTERROR4args | LAYOUTSTATS4args | OFFLOAD_CANCEL4args | OFFLOAD_STATUS4args | READ_PLUS4args | SEEK4args | WRITE_SAME4args | CLONE4args | GETXATTR4args | SETXATTR4args | LISTXATTRS4args | REMOVEXATTR4args | None = None,
    ) -> None:
        self.tag = tag
        self.value = value

    @property
    def opaccess(self) -> ACCESS4args:
        """The ``opaccess`` arm."""
        if self.tag not in (3,):
            raise AttributeError(f"nfs_argop4.opaccess: tag is {self.tag!r}")
        return self.value

    @property
    def opclose(self) -> CLOSE4args:
        """The ``opclose`` arm."""
        if self.tag not in (4,):
            raise AttributeError(f"nfs_argop4.opclose: tag is {self.tag!r}")
        return self.value

    @property
    def opcommit(self) -> COMMIT4args:
        """The ``opcommit`` arm."""
        if self.tag not in (5,):
            raise AttributeError(f"nfs_argop4.opcommit: tag is {self.tag!r}")
        return self.value

    @property
    def opcreate(self) -> CREATE4args:
        """The ``opcreate`` arm."""
        if self.tag not in (6,):
            raise AttributeError(f"nfs_argop4.opcreate: tag is {self.tag!r}")
        return self.value

    @property
    def opdelegpurge(self) -> DELEGPURGE4args:
        """The ``opdelegpurge`` arm."""
        if self.tag not in (7,):
            raise AttributeError(f"nfs_argop4.opdelegpurge: tag is {self.tag!r}")
        return self.value

    @property
    def opdelegreturn(self) -> DELEGRETURN4args:
        """The ``opdelegreturn`` arm."""
        if self.tag not in (8,):
            raise AttributeError(f"nfs_argop4.opdelegreturn: tag is {self.tag!r}")
        return self.value

    @property
    def opgetattr(self) -> GETATTR4args:
        """The ``opgetattr`` arm."""
        if self.tag not in (9,):
            raise AttributeError(f"nfs_argop4.opgetattr: tag is {self.tag!r}")
        return self.value

    @property
    def oplink(self) -> LINK4args:
        """The ``oplink`` arm."""
        if self.tag not in (11,):
            raise AttributeError(f"nfs_argop4.oplink: tag is {self.tag!r}")
        return self.value

    @property
    def oplock(self) -> LOCK4args:
        """The ``oplock`` arm."""
        if self.tag not in (12,):
            raise AttributeError(f"nfs_argop4.oplock: tag is {self.tag!r}")
        return self.value

    @property
    def oplockt(self) -> LOCKT4args:
        """The ``oplockt`` arm."""
        if self.tag not in (13,):
            raise AttributeError(f"nfs_argop4.oplockt: tag is {self.tag!r}")
        return self.value

    @property
    def oplocku(self) -> LOCKU4args:
        """The ``oplocku`` arm."""
        if self.tag not in (14,):
            raise AttributeError(f"nfs_argop4.oplocku: tag is {self.tag!r}")
        return self.value

    @property
    def oplookup(self) -> LOOKUP4args:
        """The ``oplookup`` arm."""
        if self.tag not in (15,):
            raise AttributeError(f"nfs_argop4.oplookup: tag is {self.tag!r}")
        return self.value

    @property
    def opnverify(self) -> NVERIFY4args:
        """The ``opnverify`` arm."""
        if self.tag not in (17,):
            raise AttributeError(f"nfs_argop4.opnverify: tag is {self.tag!r}")
        return self.value

    @property
    def opopen(self) -> OPEN4args:
        """The ``opopen`` arm."""
        if self.tag not in (18,):
            raise AttributeError(f"nfs_argop4.opopen: tag is {self.tag!r}")
        return self.value

    @property
    def opopenattr(self) -> OPENATTR4args:
        """The ``opopenattr`` arm."""
        if self.tag not in (19,):
            raise AttributeError(f"nfs_argop4.opopenattr: tag is {self.tag!r}")
        return self.value

    @property
    def opopen_confirm(self) -> OPEN_CONFIRM4args:
        """The ``opopen_confirm`` arm."""
        if self.tag not in (20,):
            raise AttributeError(f"nfs_argop4.opopen_confirm: tag is {self.tag!r}")
        return self.value

    @property
    def opopen_downgrade(self) -> OPEN_DOWNGRADE4args:
        """The ``opopen_downgrade`` arm."""
        if self.tag not in (21,):
            raise AttributeError(f"nfs_argop4.opopen_downgrade: tag is {self.tag!r}")
        return self.value

    @property
    def opputfh(self) -> PUTFH4args:
        """The ``opputfh`` arm."""
        if self.tag not in (22,):
            raise AttributeError(f"nfs_argop4.opputfh: tag is {self.tag!r}")
        return self.value

    @property
    def opread(self) -> READ4args:
        """The ``opread`` arm."""
        if self.tag not in (25,):
            raise AttributeError(f"nfs_argop4.opread: tag is {self.tag!r}")
        return self.value

    @property
    def opreaddir(self) -> READDIR4args:
        """The ``opreaddir`` arm."""
        if self.tag not in (26,):
            raise AttributeError(f"nfs_argop4.opreaddir: tag is {self.tag!r}")
        return self.value

    @property
    def opremove(self) -> REMOVE4args:
        """The ``opremove`` arm."""
        if self.tag not in (28,):
            raise AttributeError(f"nfs_argop4.opremove: tag is {self.tag!r}")
        return self.value

    @property
    def oprename(self) -> RENAME4args:
        """The ``oprename`` arm."""
        if self.tag not in (29,):
            raise AttributeError(f"nfs_argop4.oprename: tag is {self.tag!r}")
        return self.value

    @property
    def oprenew(self) -> RENEW4args:
        """The ``oprenew`` arm."""
        if self.tag not in (30,):
            raise AttributeError(f"nfs_argop4.oprenew: tag is {self.tag!r}")
        return self.value

    @property
    def opsecinfo(self) -> SECINFO4args:
        """The ``opsecinfo`` arm."""
        if self.tag not in (33,):
            raise AttributeError(f"nfs_argop4.opsecinfo: tag is {self.tag!r}")
        return self.value

    @property
    def opsetattr(self) -> SETATTR4args:
        """The ``opsetattr`` arm."""
        if self.tag not in (34,):
            raise AttributeError(f"nfs_argop4.opsetattr: tag is {self.tag!r}")
        return self.value

    @property
    def opsetclientid(self) -> SETCLIENTID4args:
        """The ``opsetclientid`` arm."""
        if self.tag not in (35,):
            raise AttributeError(f"nfs_argop4.opsetclientid: tag is {self.tag!r}")
        return self.value

    @property
    def opsetclientid_confirm(self) -> SETCLIENTID_CONFIRM4args:
        """The ``opsetclientid_confirm`` arm."""
        if self.tag not in (36,):
            raise AttributeError(f"nfs_argop4.opsetclientid_confirm: tag is {self.tag!r}")
        return self.value

    @property
    def opverify(self) -> VERIFY4args:
        """The ``opverify`` arm."""
        if self.tag not in (37,):
            raise AttributeError(f"nfs_argop4.opverify: tag is {self.tag!r}")
        return self.value

    @property
    def opwrite(self) -> WRITE4args:
        """The ``opwrite`` arm."""
        if self.tag not in (38,):
            raise AttributeError(f"nfs_argop4.opwrite: tag is {self.tag!r}")
        return self.value

    @property
    def oprelease_lockowner(self) -> RELEASE_LOCKOWNER4args:
        """The ``oprelease_lockowner`` arm."""
        if self.tag not in (39,):
            raise AttributeError(f"nfs_argop4.oprelease_lockowner: tag is {self.tag!r}")
        return self.value

    @property
    def opbackchannel_ctl(self) -> BACKCHANNEL_CTL4args:
        """The ``opbackchannel_ctl`` arm."""
        if self.tag not in (40,):
            raise AttributeError(f"nfs_argop4.opbackchannel_ctl: tag is {self.tag!r}")
        return self.value

    @property
    def opbind_conn_to_session(self) -> BIND_CONN_TO_SESSION4args:
        """The ``opbind_conn_to_session`` arm."""
        if self.tag not in (41,):
            raise AttributeError(f"nfs_argop4.opbind_conn_to_session: tag is {self.tag!r}")
        return self.value

    @property
    def opexchange_id(self) -> EXCHANGE_ID4args:
        """The ``opexchange_id`` arm."""
        if self.tag not in (42,):
            raise AttributeError(f"nfs_argop4.opexchange_id: tag is {self.tag!r}")
        return self.value

    @property
    def opcreate_session(self) -> CREATE_SESSION4args:
        """The ``opcreate_session`` arm."""
        if self.tag not in (43,):
            raise AttributeError(f"nfs_argop4.opcreate_session: tag is {self.tag!r}")
        return self.value

    @property
    def opdestroy_session(self) -> DESTROY_SESSION4args:
        """The ``opdestroy_session`` arm."""
        if self.tag not in (44,):
            raise AttributeError(f"nfs_argop4.opdestroy_session: tag is {self.tag!r}")
        return self.value

    @property
    def opfree_stateid(self) -> FREE_STATEID4args:
        """The ``opfree_stateid`` arm."""
        if self.tag not in (45,):
            raise AttributeError(f"nfs_argop4.opfree_stateid: tag is {self.tag!r}")
        return self.value

    @property
    def opget_dir_delegation(self) -> GET_DIR_DELEGATION4args:
        """The ``opget_dir_delegation`` arm."""
        if self.tag not in (46,):
            raise AttributeError(f"nfs_argop4.opget_dir_delegation: tag is {self.tag!r}")
        return self.value

    @property
    def opgetdeviceinfo(self) -> GETDEVICEINFO4args:
        """The ``opgetdeviceinfo`` arm."""
        if self.tag not in (47,):
            raise AttributeError(f"nfs_argop4.opgetdeviceinfo: tag is {self.tag!r}")
        return self.value

    @property
    def opgetdevicelist(self) -> GETDEVICELIST4args:
        """The ``opgetdevicelist`` arm."""
        if self.tag not in (48,):
            raise AttributeError(f"nfs_argop4.opgetdevicelist: tag is {self.tag!r}")
        return self.value

    @property
    def oplayoutcommit(self) -> LAYOUTCOMMIT4args:
        """The ``oplayoutcommit`` arm."""
        if self.tag not in (49,):
            raise AttributeError(f"nfs_argop4.oplayoutcommit: tag is {self.tag!r}")
        return self.value

    @property
    def oplayoutget(self) -> LAYOUTGET4args:
        """The ``oplayoutget`` arm."""
        if self.tag not in (50,):
            raise AttributeError(f"nfs_argop4.oplayoutget: tag is {self.tag!r}")
        return self.value

    @property
    def oplayoutreturn(self) -> LAYOUTRETURN4args:
        """The ``oplayoutreturn`` arm."""
        if self.tag not in (51,):
            raise AttributeError(f"nfs_argop4.oplayoutreturn: tag is {self.tag!r}")
        return self.value

    @property
    def opsecinfo_no_name(self) -> SECINFO_NO_NAME4args:
        """The ``opsecinfo_no_name`` arm."""
        if self.tag not in (52,):
            raise AttributeError(f"nfs_argop4.opsecinfo_no_name: tag is {self.tag!r}")
        return self.value

    @property
    def opsequence(self) -> SEQUENCE4args:
        """The ``opsequence`` arm."""
        if self.tag not in (53,):
            raise AttributeError(f"nfs_argop4.opsequence: tag is {self.tag!r}")
        return self.value

    @property
    def opset_ssv(self) -> SET_SSV4args:
        """The ``opset_ssv`` arm."""
        if self.tag not in (54,):
            raise AttributeError(f"nfs_argop4.opset_ssv: tag is {self.tag!r}")
        return self.value

    @property
    def optest_stateid(self) -> TEST_STATEID4args:
        """The ``optest_stateid`` arm."""
        if self.tag not in (55,):
            raise AttributeError(f"nfs_argop4.optest_stateid: tag is {self.tag!r}")
        return self.value

    @property
    def opwant_delegation(self) -> WANT_DELEGATION4args:
        """The ``opwant_delegation`` arm."""
        if self.tag not in (56,):
            raise AttributeError(f"nfs_argop4.opwant_delegation: tag is {self.tag!r}")
        return self.value

    @property
    def opdestroy_clientid(self) -> DESTROY_CLIENTID4args:
        """The ``opdestroy_clientid`` arm."""
        if self.tag not in (57,):
            raise AttributeError(f"nfs_argop4.opdestroy_clientid: tag is {self.tag!r}")
        return self.value

    @property
    def opreclaim_complete(self) -> RECLAIM_COMPLETE4args:
        """The ``opreclaim_complete`` arm."""
        if self.tag not in (58,):
            raise AttributeError(f"nfs_argop4.opreclaim_complete: tag is {self.tag!r}")
        return self.value

    @property
    def opallocate(self) -> ALLOCATE4args:
        """The ``opallocate`` arm."""
        if self.tag not in (59,):
            raise AttributeError(f"nfs_argop4.opallocate: tag is {self.tag!r}")
        return self.value

    @property
    def opcopy(self) -> COPY4args:
        """The ``opcopy`` arm."""
        if self.tag not in (60,):
            raise AttributeError(f"nfs_argop4.opcopy: tag is {self.tag!r}")
        return self.value

    @property
    def opoffload_notify(self) -> COPY_NOTIFY4args:
        """The ``opoffload_notify`` arm."""
        if self.tag not in (61,):
            raise AttributeError(f"nfs_argop4.opoffload_notify: tag is {self.tag!r}")
        return self.value

    @property
    def opdeallocate(self) -> DEALLOCATE4args:
        """The ``opdeallocate`` arm."""
        if self.tag not in (62,):
            raise AttributeError(f"nfs_argop4.opdeallocate: tag is {self.tag!r}")
        return self.value

    @property
    def opio_advise(self) -> IO_ADVISE4args:
        """The ``opio_advise`` arm."""
        if self.tag not in (63,):
            raise AttributeError(f"nfs_argop4.opio_advise: tag is {self.tag!r}")
        return self.value

    @property
    def oplayouterror(self) -> LAYOUTERROR4args:
        """The ``oplayouterror`` arm."""
        if self.tag not in (64,):
            raise AttributeError(f"nfs_argop4.oplayouterror: tag is {self.tag!r}")
        return self.value

    @property
    def oplayoutstats(self) -> LAYOUTSTATS4args:
        """The ``oplayoutstats`` arm."""
        if self.tag not in (65,):
            raise AttributeError(f"nfs_argop4.oplayoutstats: tag is {self.tag!r}")
        return self.value

    @property
    def opoffload_cancel(self) -> OFFLOAD_CANCEL4args:
        """The ``opoffload_cancel`` arm."""
        if self.tag not in (66,):
            raise AttributeError(f"nfs_argop4.opoffload_cancel: tag is {self.tag!r}")
        return self.value

    @property
    def opoffload_status(self) -> OFFLOAD_STATUS4args:
        """The ``opoffload_status`` arm."""
        if self.tag not in (67,):
            raise AttributeError(f"nfs_argop4.opoffload_status: tag is {self.tag!r}")
        return self.value

    @property
    def opread_plus(self) -> READ_PLUS4args:
        """The ``opread_plus`` arm."""
        if self.tag not in (68,):
            raise AttributeError(f"nfs_argop4.opread_plus: tag is {self.tag!r}")
        return self.value

    @property
    def opseek(self) -> SEEK4args:
        """The ``opseek`` arm."""
        if self.tag not in (69,):
            raise AttributeError(f"nfs_argop4.opseek: tag is {self.tag!r}")
        return self.value

    @property
    def opwrite_same(self) -> WRITE_SAME4args:
        """The ``opwrite_same`` arm."""
        if self.tag not in (70,):
            raise AttributeError(f"nfs_argop4.opwrite_same: tag is {self.tag!r}")
        return self.value

    @property
    def opclone(self) -> CLONE4args:
        """The ``opclone`` arm."""
        if self.tag not in (71,):
            raise AttributeError(f"nfs_argop4.opclone: tag is {self.tag!r}")
        return self.value

    @property
    def opgetxattr(self) -> GETXATTR4args:
        """The ``opgetxattr`` arm."""
        if self.tag not in (72,):
            raise AttributeError(f"nfs_argop4.opgetxattr: tag is {self.tag!r}")
        return self.value

    @property
    def opsetxattr(self) -> SETXATTR4args:
        """The ``opsetxattr`` arm."""
        if self.tag not in (73,):
            raise AttributeError(f"nfs_argop4.opsetxattr: tag is {self.tag!r}")
        return self.value

    @property
    def oplistxattrs(self) -> LISTXATTRS4args:
        """The ``oplistxattrs`` arm."""
        if self.tag not in (74,):
            raise AttributeError(f"nfs_argop4.oplistxattrs: tag is {self.tag!r}")
        return self.value

    @property
    def opremovexattr(self) -> REMOVEXATTR4args:
        """The ``opremovexattr`` arm."""
        if self.tag not in (75,):
            raise AttributeError(f"nfs_argop4.opremovexattr: tag is {self.tag!r}")
        return self.value


class nfs_resop4(_x.UnionValue):
    """union nfs_resop4 switch (nfs_opnum4 resop); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(
        self,
        tag: int,
        value: ACCESS4res | CLOSE4res | COMMIT4res | CREATE4res | DELEGPURGE4res | DELEGRETURN4res | GETATTR4res | GETFH4res | LINK4res | LOCK4res | LOCKT4res | LOCKU4res | LOOKUP4res | LOOKUPP4res | NVERIFY4res | OPEN4res | OPENATTR4res | OPEN_CONFIRM4res | OPEN_DOWNGRADE4res | PUTFH4res | PUTPUBFH4res | PUTROOTFH4res | READ4res | READDIR4res | READLINK4res | REMOVE4res | RENAME4res | RENEW4res | RESTOREFH4res | SAVEFH4res | SECINFO4res | SETATTR4res | SETCLIENTID4res | SETCLIENTID_CONFIRM4res | VERIFY4res | WRITE4res | RELEASE_LOCKOWNER4res | BACKCHANNEL_CTL4res | BIND_CONN_TO_SESSION4res | EXCHANGE_ID4res | CREATE_SESSION4res | DESTROY_SESSION4res | FREE_STATEID4res | GET_DIR_DELEGATION4res | GETDEVICEINFO4res | GETDEVICELIST4res | LAYOUTCOMMIT4res | LAYOUTGET4res | LAYOUTRETURN4res | SECINFO_NO_NAME4res | SEQUENCE4res | SET_SSV4res | TEST_STATEID4res | WANT_DELEGATION4res | DESTROY_CLIENTID4res | RECLAIM_COMPLETE4res | ALLOCATE4res | COPY4res | COPY_NOTIFY4res | DEALLOCATE4res | IO_ADVISE4res | LAYOUTERROR4res | LAYOUTSTATS4res | OFFLOAD_CANCEL4res | OFFLOAD_STATUS4res | READ_PLUS4res | SEEK4res | WRITE_SAME4res | CLONE4res | GETXATTR4res | SETXATTR4res | LISTXATTRS4res | REMOVEXATTR4res | ILLEGAL4res | None = None,
    ) -> None:
        self.tag = tag
        self.value = value

    @property
    def opaccess(self) -> ACCESS4res:
        """The ``opaccess`` arm."""
        if self.tag not in (3,):
            raise AttributeError(f"nfs_resop4.opaccess: tag is {self.tag!r}")
        return self.value

    @property
    def opclose(self) -> CLOSE4res:
        """The ``opclose`` arm."""
        if self.tag not in (4,):
            raise AttributeError(f"nfs_resop4.opclose: tag is {self.tag!r}")
        return self.value

    @property
    def opcommit(self) -> COMMIT4res:
        """The ``opcommit`` arm."""
        if self.tag not in (5,):
            raise AttributeError(f"nfs_resop4.opcommit: tag is {self.tag!r}")
        return self.value

    @property
    def opcreate(self) -> CREATE4res:
        """The ``opcreate`` arm."""
        if self.tag not in (6,):
            raise AttributeError(f"nfs_resop4.opcreate: tag is {self.tag!r}")
        return self.value

    @property
    def opdelegpurge(self) -> DELEGPURGE4res:
        """The ``opdelegpurge`` arm."""
        if self.tag not in (7,):
            raise AttributeError(f"nfs_resop4.opdelegpurge: tag is {self.tag!r}")
        return self.value

    @property
    def opdelegreturn(self) -> DELEGRETURN4res:
        """The ``opdelegreturn`` arm."""
        if self.tag not in (8,):
            raise AttributeError(f"nfs_resop4.opdelegreturn: tag is {self.tag!r}")
        return self.value

    @property
    def opgetattr(self) -> GETATTR4res:
        """The ``opgetattr`` arm."""
        if self.tag not in (9,):
            raise AttributeError(f"nfs_resop4.opgetattr: tag is {self.tag!r}")
        return self.value

    @property
    def opgetfh(self) -> GETFH4res:
        """The ``opgetfh`` arm."""
        if self.tag not in (10,):
            raise AttributeError(f"nfs_resop4.opgetfh: tag is {self.tag!r}")
        return self.value

    @property
    def oplink(self) -> LINK4res:
        """The ``oplink`` arm."""
        if self.tag not in (11,):
            raise AttributeError(f"nfs_resop4.oplink: tag is {self.tag!r}")
        return self.value

    @property
    def oplock(self) -> LOCK4res:
        """The ``oplock`` arm."""
        if self.tag not in (12,):
            raise AttributeError(f"nfs_resop4.oplock: tag is {self.tag!r}")
        return self.value

    @property
    def oplockt(self) -> LOCKT4res:
        """The ``oplockt`` arm."""
        if self.tag not in (13,):
            raise AttributeError(f"nfs_resop4.oplockt: tag is {self.tag!r}")
        return self.value

    @property
    def oplocku(self) -> LOCKU4res:
        """The ``oplocku`` arm."""
        if self.tag not in (14,):
            raise AttributeError(f"nfs_resop4.oplocku: tag is {self.tag!r}")
        return self.value

    @property
    def oplookup(self) -> LOOKUP4res:
        """The ``oplookup`` arm."""
        if self.tag not in (15,):
            raise AttributeError(f"nfs_resop4.oplookup: tag is {self.tag!r}")
        return self.value

    @property
    def oplookupp(self) -> LOOKUPP4res:
        """The ``oplookupp`` arm."""
        if self.tag not in (16,):
            raise AttributeError(f"nfs_resop4.oplookupp: tag is {self.tag!r}")
        return self.value

    @property
    def opnverify(self) -> NVERIFY4res:
        """The ``opnverify`` arm."""
        if self.tag not in (17,):
            raise AttributeError(f"nfs_resop4.opnverify: tag is {self.tag!r}")
        return self.value

    @property
    def opopen(self) -> OPEN4res:
        """The ``opopen`` arm."""
        if self.tag not in (18,):
            raise AttributeError(f"nfs_resop4.opopen: tag is {self.tag!r}")
        return self.value

    @property
    def opopenattr(self) -> OPENATTR4res:
        """The ``opopenattr`` arm."""
        if self.tag not in (19,):
            raise AttributeError(f"nfs_resop4.opopenattr: tag is {self.tag!r}")
        return self.value

    @property
    def opopen_confirm(self) -> OPEN_CONFIRM4res:
        """The ``opopen_confirm`` arm."""
        if self.tag not in (20,):
            raise AttributeError(f"nfs_resop4.opopen_confirm: tag is {self.tag!r}")
        return self.value

    @property
    def opopen_downgrade(self) -> OPEN_DOWNGRADE4res:
        """The ``opopen_downgrade`` arm."""
        if self.tag not in (21,):
            raise AttributeError(f"nfs_resop4.opopen_downgrade: tag is {self.tag!r}")
        return self.value

    @property
    def opputfh(self) -> PUTFH4res:
        """The ``opputfh`` arm."""
        if self.tag not in (22,):
            raise AttributeError(f"nfs_resop4.opputfh: tag is {self.tag!r}")
        return self.value

    @property
    def opputpubfh(self) -> PUTPUBFH4res:
        """The ``opputpubfh`` arm."""
        if self.tag not in (23,):
            raise AttributeError(f"nfs_resop4.opputpubfh: tag is {self.tag!r}")
        return self.value

    @property
    def opputrootfh(self) -> PUTROOTFH4res:
        """The ``opputrootfh`` arm."""
        if self.tag not in (24,):
            raise AttributeError(f"nfs_resop4.opputrootfh: tag is {self.tag!r}")
        return self.value

    @property
    def opread(self) -> READ4res:
        """The ``opread`` arm."""
        if self.tag not in (25,):
            raise AttributeError(f"nfs_resop4.opread: tag is {self.tag!r}")
        return self.value

    @property
    def opreaddir(self) -> READDIR4res:
        """The ``opreaddir`` arm."""
        if self.tag not in (26,):
            raise AttributeError(f"nfs_resop4.opreaddir: tag is {self.tag!r}")
        return self.value

    @property
    def opreadlink(self) -> READLINK4res:
        """The ``opreadlink`` arm."""
        if self.tag not in (27,):
            raise AttributeError(f"nfs_resop4.opreadlink: tag is {self.tag!r}")
        return self.value

    @property
    def opremove(self) -> REMOVE4res:
        """The ``opremove`` arm."""
        if self.tag not in (28,):
            raise AttributeError(f"nfs_resop4.opremove: tag is {self.tag!r}")
        return self.value

    @property
    def oprename(self) -> RENAME4res:
        """The ``oprename`` arm."""
        if self.tag not in (29,):
            raise AttributeError(f"nfs_resop4.oprename: tag is {self.tag!r}")
        return self.value

    @property
    def oprenew(self) -> RENEW4res:
        """The ``oprenew`` arm."""
        if self.tag not in (30,):
            raise AttributeError(f"nfs_resop4.oprenew: tag is {self.tag!r}")
        return self.value

    @property
    def oprestorefh(self) -> RESTOREFH4res:
        """The ``oprestorefh`` arm."""
        if self.tag not in (31,):
            raise AttributeError(f"nfs_resop4.oprestorefh: tag is {self.tag!r}")
        return self.value

    @property
    def opsavefh(self) -> SAVEFH4res:
        """The ``opsavefh`` arm."""
        if self.tag not in (32,):
            raise AttributeError(f"nfs_resop4.opsavefh: tag is {self.tag!r}")
        return self.value

    @property
    def opsecinfo(self) -> SECINFO4res:
        """The ``opsecinfo`` arm."""
        if self.tag not in (33,):
            raise AttributeError(f"nfs_resop4.opsecinfo: tag is {self.tag!r}")
        return self.value

    @property
    def opsetattr(self) -> SETATTR4res:
        """The ``opsetattr`` arm."""
        if self.tag not in (34,):
            raise AttributeError(f"nfs_resop4.opsetattr: tag is {self.tag!r}")
        return self.value

    @property
    def opsetclientid(self) -> SETCLIENTID4res:
        """The ``opsetclientid`` arm."""
        if self.tag not in (35,):
            raise AttributeError(f"nfs_resop4.opsetclientid: tag is {self.tag!r}")
        return self.value

    @property
    def opsetclientid_confirm(self) -> SETCLIENTID_CONFIRM4res:
        """The ``opsetclientid_confirm`` arm."""
        if self.tag not in (36,):
            raise AttributeError(f"nfs_resop4.opsetclientid_confirm: tag is {self.tag!r}")
        return self.value

    @property
    def opverify(self) -> VERIFY4res:
        """The ``opverify`` arm."""
        if self.tag not in (37,):
            raise AttributeError(f"nfs_resop4.opverify: tag is {self.tag!r}")
        return self.value

    @property
    def opwrite(self) -> WRITE4res:
        """The ``opwrite`` arm."""
        if self.tag not in (38,):
            raise AttributeError(f"nfs_resop4.opwrite: tag is {self.tag!r}")
        return self.value

    @property
    def oprelease_lockowner(self) -> RELEASE_LOCKOWNER4res:
        """The ``oprelease_lockowner`` arm."""
        if self.tag not in (39,):
            raise AttributeError(f"nfs_resop4.oprelease_lockowner: tag is {self.tag!r}")
        return self.value

    @property
    def opbackchannel_ctl(self) -> BACKCHANNEL_CTL4res:
        """The ``opbackchannel_ctl`` arm."""
        if self.tag not in (40,):
            raise AttributeError(f"nfs_resop4.opbackchannel_ctl: tag is {self.tag!r}")
        return self.value

    @property
    def opbind_conn_to_session(self) -> BIND_CONN_TO_SESSION4res:
        """The ``opbind_conn_to_session`` arm."""
        if self.tag not in (41,):
            raise AttributeError(f"nfs_resop4.opbind_conn_to_session: tag is {self.tag!r}")
        return self.value

    @property
    def opexchange_id(self) -> EXCHANGE_ID4res:
        """The ``opexchange_id`` arm."""
        if self.tag not in (42,):
            raise AttributeError(f"nfs_resop4.opexchange_id: tag is {self.tag!r}")
        return self.value

    @property
    def opcreate_session(self) -> CREATE_SESSION4res:
        """The ``opcreate_session`` arm."""
        if self.tag not in (43,):
            raise AttributeError(f"nfs_resop4.opcreate_session: tag is {self.tag!r}")
        return self.value

    @property
    def opdestroy_session(self) -> DESTROY_SESSION4res:
        """The ``opdestroy_session`` arm."""
        if self.tag not in (44,):
            raise AttributeError(f"nfs_resop4.opdestroy_session: tag is {self.tag!r}")
        return self.value

    @property
    def opfree_stateid(self) -> FREE_STATEID4res:
        """The ``opfree_stateid`` arm."""
        if self.tag not in (45,):
            raise AttributeError(f"nfs_resop4.opfree_stateid: tag is {self.tag!r}")
        return self.value

    @property
    def opget_dir_delegation(self) -> GET_DIR_DELEGATION4res:
        """The ``opget_dir_delegation`` arm."""
        if self.tag not in (46,):
            raise AttributeError(f"nfs_resop4.opget_dir_delegation: tag is {self.tag!r}")
        return self.value

    @property
    def opgetdeviceinfo(self) -> GETDEVICEINFO4res:
        """The ``opgetdeviceinfo`` arm."""
        if self.tag not in (47,):
            raise AttributeError(f"nfs_resop4.opgetdeviceinfo: tag is {self.tag!r}")
        return self.value

    @property
    def opgetdevicelist(self) -> GETDEVICELIST4res:
        """The ``opgetdevicelist`` arm."""
        if self.tag not in (48,):
            raise AttributeError(f"nfs_resop4.opgetdevicelist: tag is {self.tag!r}")
        return self.value

    @property
    def oplayoutcommit(self) -> LAYOUTCOMMIT4res:
        """The ``oplayoutcommit`` arm."""
        if self.tag not in (49,):
            raise AttributeError(f"nfs_resop4.oplayoutcommit: tag is {self.tag!r}")
        return self.value

    @property
    def oplayoutget(self) -> LAYOUTGET4res:
        """The ``oplayoutget`` arm."""
        if self.tag not in (50,):
            raise AttributeError(f"nfs_resop4.oplayoutget: tag is {self.tag!r}")
        return self.value

    @property
    def oplayoutreturn(self) -> LAYOUTRETURN4res:
        """The ``oplayoutreturn`` arm."""
        if self.tag not in (51,):
            raise AttributeError(f"nfs_resop4.oplayoutreturn: tag is {self.tag!r}")
        return self.value

    @property
    def opsecinfo_no_name(self) -> SECINFO_NO_NAME4res:
        """The ``opsecinfo_no_name`` arm."""
        if self.tag not in (52,):
            raise AttributeError(f"nfs_resop4.opsecinfo_no_name: tag is {self.tag!r}")
        return self.value

    @property
    def opsequence(self) -> SEQUENCE4res:
        """The ``opsequence`` arm."""
        if self.tag not in (53,):
            raise AttributeError(f"nfs_resop4.opsequence: tag is {self.tag!r}")
        return self.value

    @property
    def opset_ssv(self) -> SET_SSV4res:
        """The ``opset_ssv`` arm."""
        if self.tag not in (54,):
            raise AttributeError(f"nfs_resop4.opset_ssv: tag is {self.tag!r}")
        return self.value

    @property
    def optest_stateid(self) -> TEST_STATEID4res:
        """The ``optest_stateid`` arm."""
        if self.tag not in (55,):
            raise AttributeError(f"nfs_resop4.optest_stateid: tag is {self.tag!r}")
        return self.value

    @property
    def opwant_delegation(self) -> WANT_DELEGATION4res:
        """The ``opwant_delegation`` arm."""
        if self.tag not in (56,):
            raise AttributeError(f"nfs_resop4.opwant_delegation: tag is {self.tag!r}")
        return self.value

    @property
    def opdestroy_clientid(self) -> DESTROY_CLIENTID4res:
        """The ``opdestroy_clientid`` arm."""
        if self.tag not in (57,):
            raise AttributeError(f"nfs_resop4.opdestroy_clientid: tag is {self.tag!r}")
        return self.value

    @property
    def opreclaim_complete(self) -> RECLAIM_COMPLETE4res:
        """The ``opreclaim_complete`` arm."""
        if self.tag not in (58,):
            raise AttributeError(f"nfs_resop4.opreclaim_complete: tag is {self.tag!r}")
        return self.value

    @property
    def opallocate(self) -> ALLOCATE4res:
        """The ``opallocate`` arm."""
        if self.tag not in (59,):
            raise AttributeError(f"nfs_resop4.opallocate: tag is {self.tag!r}")
        return self.value

    @property
    def opcopy(self) -> COPY4res:
        """The ``opcopy`` arm."""
        if self.tag not in (60,):
            raise AttributeError(f"nfs_resop4.opcopy: tag is {self.tag!r}")
        return self.value

    @property
    def opcopy_notify(self) -> COPY_NOTIFY4res:
        """The ``opcopy_notify`` arm."""
        if self.tag not in (61,):
            raise AttributeError(f"nfs_resop4.opcopy_notify: tag is {self.tag!r}")
        return self.value

    @property
    def opdeallocate(self) -> DEALLOCATE4res:
        """The ``opdeallocate`` arm."""
        if self.tag not in (62,):
            raise AttributeError(f"nfs_resop4.opdeallocate: tag is {self.tag!r}")
        return self.value

    @property
    def opio_advise(self) -> IO_ADVISE4res:
        """The ``opio_advise`` arm."""
        if self.tag not in (63,):
            raise AttributeError(f"nfs_resop4.opio_advise: tag is {self.tag!r}")
        return self.value

    @property
    def oplayouterror(self) -> LAYOUTERROR4res:
        """The ``oplayouterror`` arm."""
        if self.tag not in (64,):
            raise AttributeError(f"nfs_resop4.oplayouterror: tag is {self.tag!r}")
        return self.value

    @property
    def oplayputstats(self) -> LAYOUTSTATS4res:
        """The ``oplayputstats`` arm."""
        if self.tag not in (65,):
            raise AttributeError(f"nfs_resop4.oplayputstats: tag is {self.tag!r}")
        return self.value

    @property
    def opoffload_cancel(self) -> OFFLOAD_CANCEL4res:
        """The ``opoffload_cancel`` arm."""
        if self.tag not in (66,):
            raise AttributeError(f"nfs_resop4.opoffload_cancel: tag is {self.tag!r}")
        return self.value

    @property
    def opoffload_status(self) -> OFFLOAD_STATUS4res:
        """The ``opoffload_status`` arm."""
        if self.tag not in (67,):
            raise AttributeError(f"nfs_resop4.opoffload_status: tag is {self.tag!r}")
        return self.value

    @property
    def opread_plus(self) -> READ_PLUS4res:
        """The ``opread_plus`` arm."""
        if self.tag not in (68,):
            raise AttributeError(f"nfs_resop4.opread_plus: tag is {self.tag!r}")
        return self.value

    @property
    def opseek(self) -> SEEK4res:
        """The ``opseek`` arm."""
        if self.tag not in (69,):
            raise AttributeError(f"nfs_resop4.opseek: tag is {self.tag!r}")
        return self.value

    @property
    def opwrite_same(self) -> WRITE_SAME4res:
        """The ``opwrite_same`` arm."""
        if self.tag not in (70,):
            raise AttributeError(f"nfs_resop4.opwrite_same: tag is {self.tag!r}")
        return self.value

    @property
    def opclone(self) -> CLONE4res:
        """The ``opclone`` arm."""
        if self.tag not in (71,):
            raise AttributeError(f"nfs_resop4.opclone: tag is {self.tag!r}")
        return self.value

    @property
    def opgetxattr(self) -> GETXATTR4res:
        """The ``opgetxattr`` arm."""
        if self.tag not in (72,):
            raise AttributeError(f"nfs_resop4.opgetxattr: tag is {self.tag!r}")
        return self.value

    @property
    def opsetxattr(self) -> SETXATTR4res:
        """The ``opsetxattr`` arm."""
        if self.tag not in (73,):
            raise AttributeError(f"nfs_resop4.opsetxattr: tag is {self.tag!r}")
        return self.value

    @property
    def oplistxattrs(self) -> LISTXATTRS4res:
        """The ``oplistxattrs`` arm."""
        if self.tag not in (74,):
            raise AttributeError(f"nfs_resop4.oplistxattrs: tag is {self.tag!r}")
        return self.value

    @property
    def opremovexattr(self) -> REMOVEXATTR4res:
        """The ``opremovexattr`` arm."""
        if self.tag not in (75,):
            raise AttributeError(f"nfs_resop4.opremovexattr: tag is {self.tag!r}")
        return self.value

    @property
    def opillegal(self) -> ILLEGAL4res:
        """The ``opillegal`` arm."""
        if self.tag not in (10044,):
            raise AttributeError(f"nfs_resop4.opillegal: tag is {self.tag!r}")
        return self.value


class COMPOUND4args(_x.XdrStruct):
    """struct COMPOUND4args."""

    __slots__ = ("argarray", "minorversion", "tag")
    __match_args__ = ("tag", "minorversion", "argarray")
    _fields = ("tag", "minorversion", "argarray")

    def __init__(self, tag: utf8str_cs, minorversion: uint32_t, argarray: list[nfs_argop4]) -> None:
        self.tag = tag
        self.minorversion = minorversion
        self.argarray = argarray


class COMPOUND4res(_x.XdrStruct):
    """struct COMPOUND4res."""

    __slots__ = ("resarray", "status", "tag")
    __match_args__ = ("status", "tag", "resarray")
    _fields = ("status", "tag", "resarray")

    def __init__(self, status: int, tag: utf8str_cs, resarray: list[nfs_resop4]) -> None:
        self.status = status
        self.tag = tag
        self.resarray = resarray


class CB_GETATTR4args(_x.XdrStruct):
    """struct CB_GETATTR4args."""

    __slots__ = ("attr_request", "fh")
    __match_args__ = ("fh", "attr_request")
    _fields = ("fh", "attr_request")

    def __init__(self, fh: nfs_fh4, attr_request: bitmap4) -> None:
        self.fh = fh
        self.attr_request = attr_request


class CB_GETATTR4resok(_x.XdrStruct):
    """struct CB_GETATTR4resok."""

    __slots__ = ("obj_attributes",)
    __match_args__ = ("obj_attributes",)
    _fields = ("obj_attributes",)

    def __init__(self, obj_attributes: fattr4) -> None:
        self.obj_attributes = obj_attributes


class CB_GETATTR4res(_x.UnionValue):
    """union CB_GETATTR4res switch (nfsstat4 status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: CB_GETATTR4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def resok4(self) -> CB_GETATTR4resok:
        """The ``resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"CB_GETATTR4res.resok4: tag is {self.tag!r}")
        return self.value


class CB_RECALL4args(_x.XdrStruct):
    """struct CB_RECALL4args."""

    __slots__ = ("fh", "stateid", "truncate")
    __match_args__ = ("stateid", "truncate", "fh")
    _fields = ("stateid", "truncate", "fh")

    def __init__(self, stateid: stateid4, truncate: bool, fh: nfs_fh4) -> None:
        self.stateid = stateid
        self.truncate = truncate
        self.fh = fh


class CB_RECALL4res(_x.XdrStruct):
    """struct CB_RECALL4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class CB_ILLEGAL4res(_x.XdrStruct):
    """struct CB_ILLEGAL4res."""

    __slots__ = ("status",)
    __match_args__ = ("status",)
    _fields = ("status",)

    def __init__(self, status: int) -> None:
        self.status = status


class layoutrecall_type4(enum.IntEnum):
    """enum layoutrecall_type4."""

    LAYOUTRECALL4_FILE = 1
    LAYOUTRECALL4_FSID = 2
    LAYOUTRECALL4_ALL = 3


LAYOUTRECALL4_FILE: Final = layoutrecall_type4.LAYOUTRECALL4_FILE
LAYOUTRECALL4_FSID: Final = layoutrecall_type4.LAYOUTRECALL4_FSID
LAYOUTRECALL4_ALL: Final = layoutrecall_type4.LAYOUTRECALL4_ALL


class layoutrecall_file4(_x.XdrStruct):
    """struct layoutrecall_file4."""

    __slots__ = ("lor_fh", "lor_length", "lor_offset", "lor_stateid")
    __match_args__ = ("lor_fh", "lor_offset", "lor_length", "lor_stateid")
    _fields = ("lor_fh", "lor_offset", "lor_length", "lor_stateid")

    def __init__(
        self,
        lor_fh: nfs_fh4,
        lor_offset: offset4,
        lor_length: length4,
        lor_stateid: stateid4,
    ) -> None:
        self.lor_fh = lor_fh
        self.lor_offset = lor_offset
        self.lor_length = lor_length
        self.lor_stateid = lor_stateid


class layoutrecall4(_x.UnionValue):
    """union layoutrecall4 switch (layoutrecall_type4 lor_recalltype); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: layoutrecall_file4 | fsid4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def lor_layout(self) -> layoutrecall_file4:
        """The ``lor_layout`` arm."""
        if self.tag not in (1,):
            raise AttributeError(f"layoutrecall4.lor_layout: tag is {self.tag!r}")
        return self.value

    @property
    def lor_fsid(self) -> fsid4:
        """The ``lor_fsid`` arm."""
        if self.tag not in (2,):
            raise AttributeError(f"layoutrecall4.lor_fsid: tag is {self.tag!r}")
        return self.value


class CB_LAYOUTRECALL4args(_x.XdrStruct):
    """struct CB_LAYOUTRECALL4args."""

    __slots__ = ("clora_changed", "clora_iomode", "clora_recall", "clora_type")
    __match_args__ = ("clora_type", "clora_iomode", "clora_changed", "clora_recall")
    _fields = ("clora_type", "clora_iomode", "clora_changed", "clora_recall")

    def __init__(
        self,
        clora_type: int,
        clora_iomode: int,
        clora_changed: bool,
        clora_recall: layoutrecall4,
    ) -> None:
        self.clora_type = clora_type
        self.clora_iomode = clora_iomode
        self.clora_changed = clora_changed
        self.clora_recall = clora_recall


class CB_LAYOUTRECALL4res(_x.XdrStruct):
    """struct CB_LAYOUTRECALL4res."""

    __slots__ = ("clorr_status",)
    __match_args__ = ("clorr_status",)
    _fields = ("clorr_status",)

    def __init__(self, clorr_status: int) -> None:
        self.clorr_status = clorr_status


class notify_type4(enum.IntEnum):
    """enum notify_type4."""

    NOTIFY4_CHANGE_CHILD_ATTRS = 0
    NOTIFY4_CHANGE_DIR_ATTRS = 1
    NOTIFY4_REMOVE_ENTRY = 2
    NOTIFY4_ADD_ENTRY = 3
    NOTIFY4_RENAME_ENTRY = 4
    NOTIFY4_CHANGE_COOKIE_VERIFIER = 5


NOTIFY4_CHANGE_CHILD_ATTRS: Final = notify_type4.NOTIFY4_CHANGE_CHILD_ATTRS
NOTIFY4_CHANGE_DIR_ATTRS: Final = notify_type4.NOTIFY4_CHANGE_DIR_ATTRS
NOTIFY4_REMOVE_ENTRY: Final = notify_type4.NOTIFY4_REMOVE_ENTRY
NOTIFY4_ADD_ENTRY: Final = notify_type4.NOTIFY4_ADD_ENTRY
NOTIFY4_RENAME_ENTRY: Final = notify_type4.NOTIFY4_RENAME_ENTRY
NOTIFY4_CHANGE_COOKIE_VERIFIER: Final = notify_type4.NOTIFY4_CHANGE_COOKIE_VERIFIER


class notify_entry4(_x.XdrStruct):
    """struct notify_entry4."""

    __slots__ = ("ne_attrs", "ne_file")
    __match_args__ = ("ne_file", "ne_attrs")
    _fields = ("ne_file", "ne_attrs")

    def __init__(self, ne_file: component4, ne_attrs: fattr4) -> None:
        self.ne_file = ne_file
        self.ne_attrs = ne_attrs


class prev_entry4(_x.XdrStruct):
    """struct prev_entry4."""

    __slots__ = ("pe_prev_entry", "pe_prev_entry_cookie")
    __match_args__ = ("pe_prev_entry", "pe_prev_entry_cookie")
    _fields = ("pe_prev_entry", "pe_prev_entry_cookie")

    def __init__(self, pe_prev_entry: notify_entry4, pe_prev_entry_cookie: nfs_cookie4) -> None:
        self.pe_prev_entry = pe_prev_entry
        self.pe_prev_entry_cookie = pe_prev_entry_cookie


class notify_remove4(_x.XdrStruct):
    """struct notify_remove4."""

    __slots__ = ("nrm_old_entry", "nrm_old_entry_cookie")
    __match_args__ = ("nrm_old_entry", "nrm_old_entry_cookie")
    _fields = ("nrm_old_entry", "nrm_old_entry_cookie")

    def __init__(self, nrm_old_entry: notify_entry4, nrm_old_entry_cookie: nfs_cookie4) -> None:
        self.nrm_old_entry = nrm_old_entry
        self.nrm_old_entry_cookie = nrm_old_entry_cookie


class notify_add4(_x.XdrStruct):
    """struct notify_add4."""

    __slots__ = (
        "nad_last_entry",
        "nad_new_entry",
        "nad_new_entry_cookie",
        "nad_old_entry",
        "nad_prev_entry",
    )
    __match_args__ = (
        "nad_old_entry",
        "nad_new_entry",
        "nad_new_entry_cookie",
        "nad_prev_entry",
        "nad_last_entry",
    )
    _fields = (
        "nad_old_entry",
        "nad_new_entry",
        "nad_new_entry_cookie",
        "nad_prev_entry",
        "nad_last_entry",
    )

    def __init__(
        self,
        nad_old_entry: list[notify_remove4],
        nad_new_entry: notify_entry4,
        nad_new_entry_cookie: list[nfs_cookie4],
        nad_prev_entry: list[prev_entry4],
        nad_last_entry: bool,
    ) -> None:
        self.nad_old_entry = nad_old_entry
        self.nad_new_entry = nad_new_entry
        self.nad_new_entry_cookie = nad_new_entry_cookie
        self.nad_prev_entry = nad_prev_entry
        self.nad_last_entry = nad_last_entry


class notify_attr4(_x.XdrStruct):
    """struct notify_attr4."""

    __slots__ = ("na_changed_entry",)
    __match_args__ = ("na_changed_entry",)
    _fields = ("na_changed_entry",)

    def __init__(self, na_changed_entry: notify_entry4) -> None:
        self.na_changed_entry = na_changed_entry


class notify_rename4(_x.XdrStruct):
    """struct notify_rename4."""

    __slots__ = ("nrn_new_entry", "nrn_old_entry")
    __match_args__ = ("nrn_old_entry", "nrn_new_entry")
    _fields = ("nrn_old_entry", "nrn_new_entry")

    def __init__(self, nrn_old_entry: notify_remove4, nrn_new_entry: notify_add4) -> None:
        self.nrn_old_entry = nrn_old_entry
        self.nrn_new_entry = nrn_new_entry


class notify_verifier4(_x.XdrStruct):
    """struct notify_verifier4."""

    __slots__ = ("nv_new_cookieverf", "nv_old_cookieverf")
    __match_args__ = ("nv_old_cookieverf", "nv_new_cookieverf")
    _fields = ("nv_old_cookieverf", "nv_new_cookieverf")

    def __init__(self, nv_old_cookieverf: verifier4, nv_new_cookieverf: verifier4) -> None:
        self.nv_old_cookieverf = nv_old_cookieverf
        self.nv_new_cookieverf = nv_new_cookieverf


class notify4(_x.XdrStruct):
    """struct notify4."""

    __slots__ = ("notify_mask", "notify_vals")
    __match_args__ = ("notify_mask", "notify_vals")
    _fields = ("notify_mask", "notify_vals")

    def __init__(self, notify_mask: bitmap4, notify_vals: notifylist4) -> None:
        self.notify_mask = notify_mask
        self.notify_vals = notify_vals


class CB_NOTIFY4args(_x.XdrStruct):
    """struct CB_NOTIFY4args."""

    __slots__ = ("cna_changes", "cna_fh", "cna_stateid")
    __match_args__ = ("cna_stateid", "cna_fh", "cna_changes")
    _fields = ("cna_stateid", "cna_fh", "cna_changes")

    def __init__(self, cna_stateid: stateid4, cna_fh: nfs_fh4, cna_changes: list[notify4]) -> None:
        self.cna_stateid = cna_stateid
        self.cna_fh = cna_fh
        self.cna_changes = cna_changes


class CB_NOTIFY4res(_x.XdrStruct):
    """struct CB_NOTIFY4res."""

    __slots__ = ("cnr_status",)
    __match_args__ = ("cnr_status",)
    _fields = ("cnr_status",)

    def __init__(self, cnr_status: int) -> None:
        self.cnr_status = cnr_status


class CB_PUSH_DELEG4args(_x.XdrStruct):
    """struct CB_PUSH_DELEG4args."""

    __slots__ = ("cpda_delegation", "cpda_fh")
    __match_args__ = ("cpda_fh", "cpda_delegation")
    _fields = ("cpda_fh", "cpda_delegation")

    def __init__(self, cpda_fh: nfs_fh4, cpda_delegation: open_delegation4) -> None:
        self.cpda_fh = cpda_fh
        self.cpda_delegation = cpda_delegation


class CB_PUSH_DELEG4res(_x.XdrStruct):
    """struct CB_PUSH_DELEG4res."""

    __slots__ = ("cpdr_status",)
    __match_args__ = ("cpdr_status",)
    _fields = ("cpdr_status",)

    def __init__(self, cpdr_status: int) -> None:
        self.cpdr_status = cpdr_status


class CB_RECALL_ANY4args(_x.XdrStruct):
    """struct CB_RECALL_ANY4args."""

    __slots__ = ("craa_objects_to_keep", "craa_type_mask")
    __match_args__ = ("craa_objects_to_keep", "craa_type_mask")
    _fields = ("craa_objects_to_keep", "craa_type_mask")

    def __init__(self, craa_objects_to_keep: uint32_t, craa_type_mask: bitmap4) -> None:
        self.craa_objects_to_keep = craa_objects_to_keep
        self.craa_type_mask = craa_type_mask


class CB_RECALL_ANY4res(_x.XdrStruct):
    """struct CB_RECALL_ANY4res."""

    __slots__ = ("crar_status",)
    __match_args__ = ("crar_status",)
    _fields = ("crar_status",)

    def __init__(self, crar_status: int) -> None:
        self.crar_status = crar_status


class CB_RECALLABLE_OBJ_AVAIL4res(_x.XdrStruct):
    """struct CB_RECALLABLE_OBJ_AVAIL4res."""

    __slots__ = ("croa_status",)
    __match_args__ = ("croa_status",)
    _fields = ("croa_status",)

    def __init__(self, croa_status: int) -> None:
        self.croa_status = croa_status


class CB_RECALL_SLOT4args(_x.XdrStruct):
    """struct CB_RECALL_SLOT4args."""

    __slots__ = ("rsa_target_highest_slotid",)
    __match_args__ = ("rsa_target_highest_slotid",)
    _fields = ("rsa_target_highest_slotid",)

    def __init__(self, rsa_target_highest_slotid: slotid4) -> None:
        self.rsa_target_highest_slotid = rsa_target_highest_slotid


class CB_RECALL_SLOT4res(_x.XdrStruct):
    """struct CB_RECALL_SLOT4res."""

    __slots__ = ("rsr_status",)
    __match_args__ = ("rsr_status",)
    _fields = ("rsr_status",)

    def __init__(self, rsr_status: int) -> None:
        self.rsr_status = rsr_status


class referring_call4(_x.XdrStruct):
    """struct referring_call4."""

    __slots__ = ("rc_sequenceid", "rc_slotid")
    __match_args__ = ("rc_sequenceid", "rc_slotid")
    _fields = ("rc_sequenceid", "rc_slotid")

    def __init__(self, rc_sequenceid: sequenceid4, rc_slotid: slotid4) -> None:
        self.rc_sequenceid = rc_sequenceid
        self.rc_slotid = rc_slotid


class referring_call_list4(_x.XdrStruct):
    """struct referring_call_list4."""

    __slots__ = ("rcl_referring_calls", "rcl_sessionid")
    __match_args__ = ("rcl_sessionid", "rcl_referring_calls")
    _fields = ("rcl_sessionid", "rcl_referring_calls")

    def __init__(
        self,
        rcl_sessionid: sessionid4,
        rcl_referring_calls: list[referring_call4],
    ) -> None:
        self.rcl_sessionid = rcl_sessionid
        self.rcl_referring_calls = rcl_referring_calls


class CB_SEQUENCE4args(_x.XdrStruct):
    """struct CB_SEQUENCE4args."""

    __slots__ = (
        "csa_cachethis",
        "csa_highest_slotid",
        "csa_referring_call_lists",
        "csa_sequenceid",
        "csa_sessionid",
        "csa_slotid",
    )
    __match_args__ = (
        "csa_sessionid",
        "csa_sequenceid",
        "csa_slotid",
        "csa_highest_slotid",
        "csa_cachethis",
        "csa_referring_call_lists",
    )
    _fields = (
        "csa_sessionid",
        "csa_sequenceid",
        "csa_slotid",
        "csa_highest_slotid",
        "csa_cachethis",
        "csa_referring_call_lists",
    )

    def __init__(
        self,
        csa_sessionid: sessionid4,
        csa_sequenceid: sequenceid4,
        csa_slotid: slotid4,
        csa_highest_slotid: slotid4,
        csa_cachethis: bool,
        csa_referring_call_lists: list[referring_call_list4],
    ) -> None:
        self.csa_sessionid = csa_sessionid
        self.csa_sequenceid = csa_sequenceid
        self.csa_slotid = csa_slotid
        self.csa_highest_slotid = csa_highest_slotid
        self.csa_cachethis = csa_cachethis
        self.csa_referring_call_lists = csa_referring_call_lists


class CB_SEQUENCE4resok(_x.XdrStruct):
    """struct CB_SEQUENCE4resok."""

    __slots__ = (
        "csr_highest_slotid",
        "csr_sequenceid",
        "csr_sessionid",
        "csr_slotid",
        "csr_target_highest_slotid",
    )
    __match_args__ = (
        "csr_sessionid",
        "csr_sequenceid",
        "csr_slotid",
        "csr_highest_slotid",
        "csr_target_highest_slotid",
    )
    _fields = (
        "csr_sessionid",
        "csr_sequenceid",
        "csr_slotid",
        "csr_highest_slotid",
        "csr_target_highest_slotid",
    )

    def __init__(
        self,
        csr_sessionid: sessionid4,
        csr_sequenceid: sequenceid4,
        csr_slotid: slotid4,
        csr_highest_slotid: slotid4,
        csr_target_highest_slotid: slotid4,
    ) -> None:
        self.csr_sessionid = csr_sessionid
        self.csr_sequenceid = csr_sequenceid
        self.csr_slotid = csr_slotid
        self.csr_highest_slotid = csr_highest_slotid
        self.csr_target_highest_slotid = csr_target_highest_slotid


class CB_SEQUENCE4res(_x.UnionValue):
    """union CB_SEQUENCE4res switch (nfsstat4 csr_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: CB_SEQUENCE4resok | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def csr_resok4(self) -> CB_SEQUENCE4resok:
        """The ``csr_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"CB_SEQUENCE4res.csr_resok4: tag is {self.tag!r}")
        return self.value


class CB_WANTS_CANCELLED4args(_x.XdrStruct):
    """struct CB_WANTS_CANCELLED4args."""

    __slots__ = ("cwca_contended_wants_cancelled", "cwca_resourced_wants_cancelled")
    __match_args__ = ("cwca_contended_wants_cancelled", "cwca_resourced_wants_cancelled")
    _fields = ("cwca_contended_wants_cancelled", "cwca_resourced_wants_cancelled")

    def __init__(
        self,
        cwca_contended_wants_cancelled: bool,
        cwca_resourced_wants_cancelled: bool,
    ) -> None:
        self.cwca_contended_wants_cancelled = cwca_contended_wants_cancelled
        self.cwca_resourced_wants_cancelled = cwca_resourced_wants_cancelled


class CB_WANTS_CANCELLED4res(_x.XdrStruct):
    """struct CB_WANTS_CANCELLED4res."""

    __slots__ = ("cwcr_status",)
    __match_args__ = ("cwcr_status",)
    _fields = ("cwcr_status",)

    def __init__(self, cwcr_status: int) -> None:
        self.cwcr_status = cwcr_status


class CB_NOTIFY_LOCK4args(_x.XdrStruct):
    """struct CB_NOTIFY_LOCK4args."""

    __slots__ = ("cnla_fh", "cnla_lock_owner")
    __match_args__ = ("cnla_fh", "cnla_lock_owner")
    _fields = ("cnla_fh", "cnla_lock_owner")

    def __init__(self, cnla_fh: nfs_fh4, cnla_lock_owner: lock_owner4) -> None:
        self.cnla_fh = cnla_fh
        self.cnla_lock_owner = cnla_lock_owner


class CB_NOTIFY_LOCK4res(_x.XdrStruct):
    """struct CB_NOTIFY_LOCK4res."""

    __slots__ = ("cnlr_status",)
    __match_args__ = ("cnlr_status",)
    _fields = ("cnlr_status",)

    def __init__(self, cnlr_status: int) -> None:
        self.cnlr_status = cnlr_status


class notify_deviceid_type4(enum.IntEnum):
    """enum notify_deviceid_type4."""

    NOTIFY_DEVICEID4_CHANGE = 1
    NOTIFY_DEVICEID4_DELETE = 2


NOTIFY_DEVICEID4_CHANGE: Final = notify_deviceid_type4.NOTIFY_DEVICEID4_CHANGE
NOTIFY_DEVICEID4_DELETE: Final = notify_deviceid_type4.NOTIFY_DEVICEID4_DELETE


class notify_deviceid_delete4(_x.XdrStruct):
    """struct notify_deviceid_delete4."""

    __slots__ = ("ndd_deviceid", "ndd_layouttype")
    __match_args__ = ("ndd_layouttype", "ndd_deviceid")
    _fields = ("ndd_layouttype", "ndd_deviceid")

    def __init__(self, ndd_layouttype: int, ndd_deviceid: deviceid4) -> None:
        self.ndd_layouttype = ndd_layouttype
        self.ndd_deviceid = ndd_deviceid


class notify_deviceid_change4(_x.XdrStruct):
    """struct notify_deviceid_change4."""

    __slots__ = ("ndc_deviceid", "ndc_immediate", "ndc_layouttype")
    __match_args__ = ("ndc_layouttype", "ndc_deviceid", "ndc_immediate")
    _fields = ("ndc_layouttype", "ndc_deviceid", "ndc_immediate")

    def __init__(self, ndc_layouttype: int, ndc_deviceid: deviceid4, ndc_immediate: bool) -> None:
        self.ndc_layouttype = ndc_layouttype
        self.ndc_deviceid = ndc_deviceid
        self.ndc_immediate = ndc_immediate


class CB_NOTIFY_DEVICEID4args(_x.XdrStruct):
    """struct CB_NOTIFY_DEVICEID4args."""

    __slots__ = ("cnda_changes",)
    __match_args__ = ("cnda_changes",)
    _fields = ("cnda_changes",)

    def __init__(self, cnda_changes: list[notify4]) -> None:
        self.cnda_changes = cnda_changes


class CB_NOTIFY_DEVICEID4res(_x.XdrStruct):
    """struct CB_NOTIFY_DEVICEID4res."""

    __slots__ = ("cndr_status",)
    __match_args__ = ("cndr_status",)
    _fields = ("cndr_status",)

    def __init__(self, cndr_status: int) -> None:
        self.cndr_status = cndr_status


class offload_info4(_x.UnionValue):
    """union offload_info4 switch (nfsstat4 coa_status); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(self, tag: int, value: write_response4 | length4 | None = None) -> None:
        self.tag = tag
        self.value = value

    @property
    def coa_resok4(self) -> write_response4:
        """The ``coa_resok4`` arm."""
        if self.tag not in (0,):
            raise AttributeError(f"offload_info4.coa_resok4: tag is {self.tag!r}")
        return self.value

    @property
    def coa_bytes_copied(self) -> length4:
        """The ``coa_bytes_copied`` arm (default)."""
        if self.tag in (0,):
            raise AttributeError(f"offload_info4.coa_bytes_copied: tag is {self.tag!r}")
        return self.value


class CB_OFFLOAD4args(_x.XdrStruct):
    """struct CB_OFFLOAD4args."""

    __slots__ = ("coa_fh", "coa_offload_info", "coa_stateid")
    __match_args__ = ("coa_fh", "coa_stateid", "coa_offload_info")
    _fields = ("coa_fh", "coa_stateid", "coa_offload_info")

    def __init__(
        self,
        coa_fh: nfs_fh4,
        coa_stateid: stateid4,
        coa_offload_info: offload_info4,
    ) -> None:
        self.coa_fh = coa_fh
        self.coa_stateid = coa_stateid
        self.coa_offload_info = coa_offload_info


class CB_OFFLOAD4res(_x.XdrStruct):
    """struct CB_OFFLOAD4res."""

    __slots__ = ("cor_status",)
    __match_args__ = ("cor_status",)
    _fields = ("cor_status",)

    def __init__(self, cor_status: int) -> None:
        self.cor_status = cor_status


class nfs_cb_opnum4(enum.IntEnum):
    """enum nfs_cb_opnum4."""

    OP_CB_GETATTR = 3
    OP_CB_RECALL = 4
    OP_CB_LAYOUTRECALL = 5
    OP_CB_NOTIFY = 6
    OP_CB_PUSH_DELEG = 7
    OP_CB_RECALL_ANY = 8
    OP_CB_RECALLABLE_OBJ_AVAIL = 9
    OP_CB_RECALL_SLOT = 10
    OP_CB_SEQUENCE = 11
    OP_CB_WANTS_CANCELLED = 12
    OP_CB_NOTIFY_LOCK = 13
    OP_CB_NOTIFY_DEVICEID = 14
    OP_CB_OFFLOAD = 15
    OP_CB_ILLEGAL = 10044


OP_CB_GETATTR: Final = nfs_cb_opnum4.OP_CB_GETATTR
OP_CB_RECALL: Final = nfs_cb_opnum4.OP_CB_RECALL
OP_CB_LAYOUTRECALL: Final = nfs_cb_opnum4.OP_CB_LAYOUTRECALL
OP_CB_NOTIFY: Final = nfs_cb_opnum4.OP_CB_NOTIFY
OP_CB_PUSH_DELEG: Final = nfs_cb_opnum4.OP_CB_PUSH_DELEG
OP_CB_RECALL_ANY: Final = nfs_cb_opnum4.OP_CB_RECALL_ANY
OP_CB_RECALLABLE_OBJ_AVAIL: Final = nfs_cb_opnum4.OP_CB_RECALLABLE_OBJ_AVAIL
OP_CB_RECALL_SLOT: Final = nfs_cb_opnum4.OP_CB_RECALL_SLOT
OP_CB_SEQUENCE: Final = nfs_cb_opnum4.OP_CB_SEQUENCE
OP_CB_WANTS_CANCELLED: Final = nfs_cb_opnum4.OP_CB_WANTS_CANCELLED
OP_CB_NOTIFY_LOCK: Final = nfs_cb_opnum4.OP_CB_NOTIFY_LOCK
OP_CB_NOTIFY_DEVICEID: Final = nfs_cb_opnum4.OP_CB_NOTIFY_DEVICEID
OP_CB_OFFLOAD: Final = nfs_cb_opnum4.OP_CB_OFFLOAD
OP_CB_ILLEGAL: Final = nfs_cb_opnum4.OP_CB_ILLEGAL


class nfs_cb_argop4(_x.UnionValue):
    """union nfs_cb_argop4 switch (nfs_cb_opnum4 argop); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(
        self,
        tag: int,
        value: CB_GETATTR4args | CB_RECALL4args | CB_LAYOUTRECALL4args | CB_NOTIFY4args | CB_PUSH_DELEG4args | CB_RECALL_ANY4args | CB_RECALLABLE_OBJ_AVAIL4args | CB_RECALL_SLOT4args | CB_SEQUENCE4args | CB_WANTS_CANCELLED4args | CB_NOTIFY_LOCK4args | CB_NOTIFY_DEVICEID4args | CB_OFFLOAD4args | None = None,
    ) -> None:
        self.tag = tag
        self.value = value

    @property
    def opcbgetattr(self) -> CB_GETATTR4args:
        """The ``opcbgetattr`` arm."""
        if self.tag not in (3,):
            raise AttributeError(f"nfs_cb_argop4.opcbgetattr: tag is {self.tag!r}")
        return self.value

    @property
    def opcbrecall(self) -> CB_RECALL4args:
        """The ``opcbrecall`` arm."""
        if self.tag not in (4,):
            raise AttributeError(f"nfs_cb_argop4.opcbrecall: tag is {self.tag!r}")
        return self.value

    @property
    def opcblayoutrecall(self) -> CB_LAYOUTRECALL4args:
        """The ``opcblayoutrecall`` arm."""
        if self.tag not in (5,):
            raise AttributeError(f"nfs_cb_argop4.opcblayoutrecall: tag is {self.tag!r}")
        return self.value

    @property
    def opcbnotify(self) -> CB_NOTIFY4args:
        """The ``opcbnotify`` arm."""
        if self.tag not in (6,):
            raise AttributeError(f"nfs_cb_argop4.opcbnotify: tag is {self.tag!r}")
        return self.value

    @property
    def opcbpush_deleg(self) -> CB_PUSH_DELEG4args:
        """The ``opcbpush_deleg`` arm."""
        if self.tag not in (7,):
            raise AttributeError(f"nfs_cb_argop4.opcbpush_deleg: tag is {self.tag!r}")
        return self.value

    @property
    def opcbrecall_any(self) -> CB_RECALL_ANY4args:
        """The ``opcbrecall_any`` arm."""
        if self.tag not in (8,):
            raise AttributeError(f"nfs_cb_argop4.opcbrecall_any: tag is {self.tag!r}")
        return self.value

    @property
    def opcbrecallable_obj_avail(self) -> CB_RECALLABLE_OBJ_AVAIL4args:
        """The ``opcbrecallable_obj_avail`` arm."""
        if self.tag not in (9,):
            raise AttributeError(f"nfs_cb_argop4.opcbrecallable_obj_avail: tag is {self.tag!r}")
        return self.value

    @property
    def opcbrecall_slot(self) -> CB_RECALL_SLOT4args:
        """The ``opcbrecall_slot`` arm."""
        if self.tag not in (10,):
            raise AttributeError(f"nfs_cb_argop4.opcbrecall_slot: tag is {self.tag!r}")
        return self.value

    @property
    def opcbsequence(self) -> CB_SEQUENCE4args:
        """The ``opcbsequence`` arm."""
        if self.tag not in (11,):
            raise AttributeError(f"nfs_cb_argop4.opcbsequence: tag is {self.tag!r}")
        return self.value

    @property
    def opcbwants_cancelled(self) -> CB_WANTS_CANCELLED4args:
        """The ``opcbwants_cancelled`` arm."""
        if self.tag not in (12,):
            raise AttributeError(f"nfs_cb_argop4.opcbwants_cancelled: tag is {self.tag!r}")
        return self.value

    @property
    def opcbnotify_lock(self) -> CB_NOTIFY_LOCK4args:
        """The ``opcbnotify_lock`` arm."""
        if self.tag not in (13,):
            raise AttributeError(f"nfs_cb_argop4.opcbnotify_lock: tag is {self.tag!r}")
        return self.value

    @property
    def opcbnotify_deviceid(self) -> CB_NOTIFY_DEVICEID4args:
        """The ``opcbnotify_deviceid`` arm."""
        if self.tag not in (14,):
            raise AttributeError(f"nfs_cb_argop4.opcbnotify_deviceid: tag is {self.tag!r}")
        return self.value

    @property
    def opcboffload(self) -> CB_OFFLOAD4args:
        """The ``opcboffload`` arm."""
        if self.tag not in (15,):
            raise AttributeError(f"nfs_cb_argop4.opcboffload: tag is {self.tag!r}")
        return self.value


class nfs_cb_resop4(_x.UnionValue):
    """union nfs_cb_resop4 switch (nfs_cb_opnum4 resop); ``.tag`` / ``.value``."""

    __slots__ = ()

    def __init__(
        self,
        tag: int,
        value: CB_GETATTR4res | CB_RECALL4res | CB_LAYOUTRECALL4res | CB_NOTIFY4res | CB_PUSH_DELEG4res | CB_RECALL_ANY4res | CB_RECALLABLE_OBJ_AVAIL4res | CB_RECALL_SLOT4res | CB_SEQUENCE4res | CB_WANTS_CANCELLED4res | CB_NOTIFY_LOCK4res | CB_NOTIFY_DEVICEID4res | CB_OFFLOAD4res | CB_ILLEGAL4res | None = None,
    ) -> None:
        self.tag = tag
        self.value = value

    @property
    def opcbgetattr(self) -> CB_GETATTR4res:
        """The ``opcbgetattr`` arm."""
        if self.tag not in (3,):
            raise AttributeError(f"nfs_cb_resop4.opcbgetattr: tag is {self.tag!r}")
        return self.value

    @property
    def opcbrecall(self) -> CB_RECALL4res:
        """The ``opcbrecall`` arm."""
        if self.tag not in (4,):
            raise AttributeError(f"nfs_cb_resop4.opcbrecall: tag is {self.tag!r}")
        return self.value

    @property
    def opcblayoutrecall(self) -> CB_LAYOUTRECALL4res:
        """The ``opcblayoutrecall`` arm."""
        if self.tag not in (5,):
            raise AttributeError(f"nfs_cb_resop4.opcblayoutrecall: tag is {self.tag!r}")
        return self.value

    @property
    def opcbnotify(self) -> CB_NOTIFY4res:
        """The ``opcbnotify`` arm."""
        if self.tag not in (6,):
            raise AttributeError(f"nfs_cb_resop4.opcbnotify: tag is {self.tag!r}")
        return self.value

    @property
    def opcbpush_deleg(self) -> CB_PUSH_DELEG4res:
        """The ``opcbpush_deleg`` arm."""
        if self.tag not in (7,):
            raise AttributeError(f"nfs_cb_resop4.opcbpush_deleg: tag is {self.tag!r}")
        return self.value

    @property
    def opcbrecall_any(self) -> CB_RECALL_ANY4res:
        """The ``opcbrecall_any`` arm."""
        if self.tag not in (8,):
            raise AttributeError(f"nfs_cb_resop4.opcbrecall_any: tag is {self.tag!r}")
        return self.value

    @property
    def opcbrecallable_obj_avail(self) -> CB_RECALLABLE_OBJ_AVAIL4res:
        """The ``opcbrecallable_obj_avail`` arm."""
        if self.tag not in (9,):
            raise AttributeError(f"nfs_cb_resop4.opcbrecallable_obj_avail: tag is {self.tag!r}")
        return self.value

    @property
    def opcbrecall_slot(self) -> CB_RECALL_SLOT4res:
        """The ``opcbrecall_slot`` arm."""
        if self.tag not in (10,):
            raise AttributeError(f"nfs_cb_resop4.opcbrecall_slot: tag is {self.tag!r}")
        return self.value

    @property
    def opcbsequence(self) -> CB_SEQUENCE4res:
        """The ``opcbsequence`` arm."""
        if self.tag not in (11,):
            raise AttributeError(f"nfs_cb_resop4.opcbsequence: tag is {self.tag!r}")
        return self.value

    @property
    def opcbwants_cancelled(self) -> CB_WANTS_CANCELLED4res:
        """The ``opcbwants_cancelled`` arm."""
        if self.tag not in (12,):
            raise AttributeError(f"nfs_cb_resop4.opcbwants_cancelled: tag is {self.tag!r}")
        return self.value

    @property
    def opcbnotify_lock(self) -> CB_NOTIFY_LOCK4res:
        """The ``opcbnotify_lock`` arm."""
        if self.tag not in (13,):
            raise AttributeError(f"nfs_cb_resop4.opcbnotify_lock: tag is {self.tag!r}")
        return self.value

    @property
    def opcbnotify_deviceid(self) -> CB_NOTIFY_DEVICEID4res:
        """The ``opcbnotify_deviceid`` arm."""
        if self.tag not in (14,):
            raise AttributeError(f"nfs_cb_resop4.opcbnotify_deviceid: tag is {self.tag!r}")
        return self.value

    @property
    def opcboffload(self) -> CB_OFFLOAD4res:
        """The ``opcboffload`` arm."""
        if self.tag not in (15,):
            raise AttributeError(f"nfs_cb_resop4.opcboffload: tag is {self.tag!r}")
        return self.value

    @property
    def opcbillegal(self) -> CB_ILLEGAL4res:
        """The ``opcbillegal`` arm."""
        if self.tag not in (10044,):
            raise AttributeError(f"nfs_cb_resop4.opcbillegal: tag is {self.tag!r}")
        return self.value


class CB_COMPOUND4args(_x.XdrStruct):
    """struct CB_COMPOUND4args."""

    __slots__ = ("argarray", "callback_ident", "minorversion", "tag")
    __match_args__ = ("tag", "minorversion", "callback_ident", "argarray")
    _fields = ("tag", "minorversion", "callback_ident", "argarray")

    def __init__(
        self,
        tag: utf8str_cs,
        minorversion: uint32_t,
        callback_ident: uint32_t,
        argarray: list[nfs_cb_argop4],
    ) -> None:
        self.tag = tag
        self.minorversion = minorversion
        self.callback_ident = callback_ident
        self.argarray = argarray


class CB_COMPOUND4res(_x.XdrStruct):
    """struct CB_COMPOUND4res."""

    __slots__ = ("resarray", "status", "tag")
    __match_args__ = ("status", "tag", "resarray")
    _fields = ("status", "tag", "resarray")

    def __init__(self, status: int, tag: utf8str_cs, resarray: list[nfs_cb_resop4]) -> None:
        self.status = status
        self.tag = tag
        self.resarray = resarray


int32_t: TypeAlias = "int"
uint32_t: TypeAlias = "int"
int64_t: TypeAlias = "int"
uint64_t: TypeAlias = "int"
attrlist4: TypeAlias = "bytes"
bitmap4: TypeAlias = "list[uint32_t]"
changeid4: TypeAlias = "uint64_t"
clientid4: TypeAlias = "uint64_t"
count4: TypeAlias = "uint32_t"
length4: TypeAlias = "uint64_t"
mode4: TypeAlias = "uint32_t"
nfs_cookie4: TypeAlias = "uint64_t"
nfs_fh4: TypeAlias = "bytes"
offset4: TypeAlias = "uint64_t"
qop4: TypeAlias = "uint32_t"
sec_oid4: TypeAlias = "bytes"
sequenceid4: TypeAlias = "uint32_t"
seqid4: TypeAlias = "uint32_t"
sessionid4: TypeAlias = "bytes"
slotid4: TypeAlias = "uint32_t"
utf8string: TypeAlias = "bytes"
utf8str_cis: TypeAlias = "utf8string"
utf8str_cs: TypeAlias = "utf8string"
utf8str_mixed: TypeAlias = "utf8string"
component4: TypeAlias = "utf8str_cs"
linktext4: TypeAlias = "utf8str_cs"
pathname4: TypeAlias = "list[component4]"
verifier4: TypeAlias = "bytes"
secret4: TypeAlias = "bytes"
policy4: TypeAlias = "uint32_t"
nfs_lease4: TypeAlias = "uint32_t"
acetype4: TypeAlias = "uint32_t"
aceflag4: TypeAlias = "uint32_t"
acemask4: TypeAlias = "uint32_t"
aclflag4: TypeAlias = "uint32_t"
deviceid4: TypeAlias = "bytes"
threshold4_read_size: TypeAlias = "length4"
threshold4_write_size: TypeAlias = "length4"
threshold4_read_iosize: TypeAlias = "length4"
threshold4_write_iosize: TypeAlias = "length4"
fs_charset_cap4: TypeAlias = "uint32_t"
xattrkey4: TypeAlias = "component4"
xattrvalue4: TypeAlias = "bytes"
fattr4_supported_attrs: TypeAlias = "bitmap4"
fattr4_type: TypeAlias = "int"
fattr4_fh_expire_type: TypeAlias = "uint32_t"
fattr4_change: TypeAlias = "changeid4"
fattr4_size: TypeAlias = "uint64_t"
fattr4_link_support: TypeAlias = "bool"
fattr4_symlink_support: TypeAlias = "bool"
fattr4_named_attr: TypeAlias = "bool"
fattr4_fsid: TypeAlias = "fsid4"
fattr4_unique_handles: TypeAlias = "bool"
fattr4_lease_time: TypeAlias = "nfs_lease4"
fattr4_rdattr_error: TypeAlias = "int"
fattr4_acl: TypeAlias = "list[nfsace4]"
fattr4_aclsupport: TypeAlias = "uint32_t"
fattr4_archive: TypeAlias = "bool"
fattr4_cansettime: TypeAlias = "bool"
fattr4_case_insensitive: TypeAlias = "bool"
fattr4_case_preserving: TypeAlias = "bool"
fattr4_chown_restricted: TypeAlias = "bool"
fattr4_fileid: TypeAlias = "uint64_t"
fattr4_files_avail: TypeAlias = "uint64_t"
fattr4_filehandle: TypeAlias = "nfs_fh4"
fattr4_files_free: TypeAlias = "uint64_t"
fattr4_files_total: TypeAlias = "uint64_t"
fattr4_fs_locations: TypeAlias = "fs_locations4"
fattr4_hidden: TypeAlias = "bool"
fattr4_homogeneous: TypeAlias = "bool"
fattr4_maxfilesize: TypeAlias = "uint64_t"
fattr4_maxlink: TypeAlias = "uint32_t"
fattr4_maxname: TypeAlias = "uint32_t"
fattr4_maxread: TypeAlias = "uint64_t"
fattr4_maxwrite: TypeAlias = "uint64_t"
fattr4_mimetype: TypeAlias = "utf8str_cs"
fattr4_mode: TypeAlias = "mode4"
fattr4_mode_set_masked: TypeAlias = "mode_masked4"
fattr4_mounted_on_fileid: TypeAlias = "uint64_t"
fattr4_no_trunc: TypeAlias = "bool"
fattr4_numlinks: TypeAlias = "uint32_t"
fattr4_owner: TypeAlias = "utf8str_mixed"
fattr4_owner_group: TypeAlias = "utf8str_mixed"
fattr4_quota_avail_hard: TypeAlias = "uint64_t"
fattr4_quota_avail_soft: TypeAlias = "uint64_t"
fattr4_quota_used: TypeAlias = "uint64_t"
fattr4_rawdev: TypeAlias = "specdata4"
fattr4_space_avail: TypeAlias = "uint64_t"
fattr4_space_free: TypeAlias = "uint64_t"
fattr4_space_total: TypeAlias = "uint64_t"
fattr4_space_used: TypeAlias = "uint64_t"
fattr4_system: TypeAlias = "bool"
fattr4_time_access: TypeAlias = "nfstime4"
fattr4_time_access_set: TypeAlias = "settime4"
fattr4_time_backup: TypeAlias = "nfstime4"
fattr4_time_create: TypeAlias = "nfstime4"
fattr4_time_delta: TypeAlias = "nfstime4"
fattr4_time_metadata: TypeAlias = "nfstime4"
fattr4_time_modify: TypeAlias = "nfstime4"
fattr4_time_modify_set: TypeAlias = "settime4"
fattr4_suppattr_exclcreat: TypeAlias = "bitmap4"
fattr4_dir_notif_delay: TypeAlias = "nfstime4"
fattr4_dirent_notif_delay: TypeAlias = "nfstime4"
fattr4_fs_layout_types: TypeAlias = "list[int]"
fattr4_fs_status: TypeAlias = "fs4_status"
fattr4_fs_charset_cap: TypeAlias = "fs_charset_cap4"
fattr4_layout_alignment: TypeAlias = "uint32_t"
fattr4_layout_blksize: TypeAlias = "uint32_t"
fattr4_layout_hint: TypeAlias = "layouthint4"
fattr4_layout_types: TypeAlias = "list[int]"
fattr4_mdsthreshold: TypeAlias = "mdsthreshold4"
fattr4_retention_get: TypeAlias = "retention_get4"
fattr4_retention_set: TypeAlias = "retention_set4"
fattr4_retentevt_get: TypeAlias = "retention_get4"
fattr4_retentevt_set: TypeAlias = "retention_set4"
fattr4_retention_hold: TypeAlias = "uint64_t"
fattr4_dacl: TypeAlias = "nfsacl41"
fattr4_sacl: TypeAlias = "nfsacl41"
fattr4_change_policy: TypeAlias = "change_policy4"
fattr4_space_freed: TypeAlias = "uint64_t"
fattr4_change_attr_type: TypeAlias = "int"
fattr4_sec_label: TypeAlias = "sec_label4"
fattr4_clone_blksize: TypeAlias = "uint32_t"
fattr4_xattr_support: TypeAlias = "bool"
fattr4_open_arguments: TypeAlias = "open_arguments4"
clientaddr4: TypeAlias = "netaddr4"
open_owner4: TypeAlias = "state_owner4"
lock_owner4: TypeAlias = "state_owner4"
fattr4_fs_locations_info: TypeAlias = "fs_locations_info4"
nfl_util4: TypeAlias = "uint32_t"
multipath_list4: TypeAlias = "list[netaddr4]"
SECINFO4resok: TypeAlias = "list[secinfo4]"
gsshandle4_t: TypeAlias = "bytes"
attr_notice4: TypeAlias = "nfstime4"
newtime4: TypeAlias = "nfstime4 | None"
newoffset4: TypeAlias = "offset4 | None"
newsize4: TypeAlias = "length4 | None"
layoutreturn_stateid: TypeAlias = "stateid4 | None"
SECINFO_NO_NAME4args: TypeAlias = "int"
SECINFO_NO_NAME4res: TypeAlias = "SECINFO4res"
notifylist4: TypeAlias = "bytes"
CB_RECALLABLE_OBJ_AVAIL4args: TypeAlias = "CB_RECALL_ANY4args"


# -- codecs (rpc.xdr) -------------------------------------------------------------------------------

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

int32_t_xdr = _x.Int32

uint32_t_xdr = _x.UInt32

int64_t_xdr = _x.Int64

uint64_t_xdr = _x.UInt64

nfs_ftype4_xdr = _x.Enum("nfs_ftype4", nfs_ftype4)

nfsstat4_xdr = _x.Enum("nfsstat4", nfsstat4)

attrlist4_xdr = _x.VarOpaque(name="attrlist4")

bitmap4_xdr = _x.Array(uint32_t_xdr, None, name="bitmap4")

changeid4_xdr = uint64_t_xdr

clientid4_xdr = uint64_t_xdr

count4_xdr = uint32_t_xdr

length4_xdr = uint64_t_xdr

mode4_xdr = uint32_t_xdr

nfs_cookie4_xdr = uint64_t_xdr

nfs_fh4_xdr = _x.VarOpaque(128, name="nfs_fh4")

offset4_xdr = uint64_t_xdr

qop4_xdr = uint32_t_xdr

sec_oid4_xdr = _x.VarOpaque(name="sec_oid4")

sequenceid4_xdr = uint32_t_xdr

seqid4_xdr = uint32_t_xdr

sessionid4_xdr = _x.Opaque(16, name="sessionid4")

slotid4_xdr = uint32_t_xdr

utf8string_xdr = _x.VarOpaque(name="utf8string")

utf8str_cis_xdr = utf8string_xdr

utf8str_cs_xdr = utf8string_xdr

utf8str_mixed_xdr = utf8string_xdr

component4_xdr = utf8str_cs_xdr

linktext4_xdr = utf8str_cs_xdr

pathname4_xdr = _x.Array(component4_xdr, None, name="pathname4")

verifier4_xdr = _x.Opaque(8, name="verifier4")

secret4_xdr = _x.String(name="secret4")

policy4_xdr = uint32_t_xdr

nfstime4_xdr = _x.Struct(
    "nfstime4",
    [
        ("seconds", int64_t_xdr),
        ("nseconds", uint32_t_xdr),
    ],
    cls=nfstime4,
)

time_how4_xdr = _x.Enum("time_how4", time_how4)

settime4_xdr = _x.Union(
    "settime4",
    time_how4_xdr,
    {
        time_how4.SET_TO_CLIENT_TIME4: ("time", nfstime4_xdr),
    },
    default=("void", _x.Void),
    cls=settime4,
)

nfs_lease4_xdr = uint32_t_xdr

fsid4_xdr = _x.Struct(
    "fsid4",
    [
        ("major", uint64_t_xdr),
        ("minor", uint64_t_xdr),
    ],
    cls=fsid4,
)

change_policy4_xdr = _x.Struct(
    "change_policy4",
    [
        ("cp_major", uint64_t_xdr),
        ("cp_minor", uint64_t_xdr),
    ],
    cls=change_policy4,
)

fs_location4_xdr = _x.Struct(
    "fs_location4",
    [
        ("server", _x.Array(utf8str_cis_xdr, None)),
        ("rootpath", pathname4_xdr),
    ],
    cls=fs_location4,
)

fs_locations4_xdr = _x.Struct(
    "fs_locations4",
    [
        ("fs_root", pathname4_xdr),
        ("locations", _x.Array(fs_location4_xdr, None)),
    ],
    cls=fs_locations4,
)

acetype4_xdr = uint32_t_xdr

aceflag4_xdr = uint32_t_xdr

acemask4_xdr = uint32_t_xdr

nfsace4_xdr = _x.Struct(
    "nfsace4",
    [
        ("type", acetype4_xdr),
        ("flag", aceflag4_xdr),
        ("access_mask", acemask4_xdr),
        ("who", utf8str_mixed_xdr),
    ],
    cls=nfsace4,
)

aclflag4_xdr = uint32_t_xdr

nfsacl41_xdr = _x.Struct(
    "nfsacl41",
    [
        ("na41_flag", aclflag4_xdr),
        ("na41_aces", _x.Array(nfsace4_xdr, None)),
    ],
    cls=nfsacl41,
)

mode_masked4_xdr = _x.Struct(
    "mode_masked4",
    [
        ("mm_value_to_set", mode4_xdr),
        ("mm_mask_bits", mode4_xdr),
    ],
    cls=mode_masked4,
)

specdata4_xdr = _x.Struct(
    "specdata4",
    [
        ("specdata1", uint32_t_xdr),
        ("specdata2", uint32_t_xdr),
    ],
    cls=specdata4,
)

netaddr4_xdr = _x.Struct(
    "netaddr4",
    [
        ("na_r_netid", _x.String()),
        ("na_r_addr", _x.String()),
    ],
    cls=netaddr4,
)

nfs_impl_id4_xdr = _x.Struct(
    "nfs_impl_id4",
    [
        ("nii_domain", utf8str_cis_xdr),
        ("nii_name", utf8str_cs_xdr),
        ("nii_date", nfstime4_xdr),
    ],
    cls=nfs_impl_id4,
)

stateid4_xdr = _x.Struct(
    "stateid4",
    [
        ("seqid", uint32_t_xdr),
        ("other", _x.Opaque(12)),
    ],
    cls=stateid4,
)

layouttype4_xdr = _x.Enum("layouttype4", layouttype4)

layout_content4_xdr = _x.Struct(
    "layout_content4",
    [
        ("loc_type", layouttype4_xdr),
        ("loc_body", _x.VarOpaque()),
    ],
    cls=layout_content4,
)

layouthint4_xdr = _x.Struct(
    "layouthint4",
    [
        ("loh_type", layouttype4_xdr),
        ("loh_body", _x.VarOpaque()),
    ],
    cls=layouthint4,
)

layoutiomode4_xdr = _x.Enum("layoutiomode4", layoutiomode4)

layout4_xdr = _x.Struct(
    "layout4",
    [
        ("lo_offset", offset4_xdr),
        ("lo_length", length4_xdr),
        ("lo_iomode", layoutiomode4_xdr),
        ("lo_content", layout_content4_xdr),
    ],
    cls=layout4,
)

deviceid4_xdr = _x.Opaque(16, name="deviceid4")

device_addr4_xdr = _x.Struct(
    "device_addr4",
    [
        ("da_layout_type", layouttype4_xdr),
        ("da_addr_body", _x.VarOpaque()),
    ],
    cls=device_addr4,
)

layoutupdate4_xdr = _x.Struct(
    "layoutupdate4",
    [
        ("lou_type", layouttype4_xdr),
        ("lou_body", _x.VarOpaque()),
    ],
    cls=layoutupdate4,
)

layoutreturn_type4_xdr = _x.Enum("layoutreturn_type4", layoutreturn_type4)

layoutreturn_file4_xdr = _x.Struct(
    "layoutreturn_file4",
    [
        ("lrf_offset", offset4_xdr),
        ("lrf_length", length4_xdr),
        ("lrf_stateid", stateid4_xdr),
        ("lrf_body", _x.VarOpaque()),
    ],
    cls=layoutreturn_file4,
)

layoutreturn4_xdr = _x.Union(
    "layoutreturn4",
    layoutreturn_type4_xdr,
    {
        layoutreturn_type4.LAYOUTRETURN4_FILE: ("lr_layout", layoutreturn_file4_xdr),
    },
    default=("void", _x.Void),
    cls=layoutreturn4,
)

fs4_status_type_xdr = _x.Enum("fs4_status_type", fs4_status_type)

fs4_status_xdr = _x.Struct(
    "fs4_status",
    [
        ("fss_absent", _x.Bool),
        ("fss_type", fs4_status_type_xdr),
        ("fss_source", utf8str_cs_xdr),
        ("fss_current", utf8str_cs_xdr),
        ("fss_age", int32_t_xdr),
        ("fss_version", nfstime4_xdr),
    ],
    cls=fs4_status,
)

threshold4_read_size_xdr = length4_xdr

threshold4_write_size_xdr = length4_xdr

threshold4_read_iosize_xdr = length4_xdr

threshold4_write_iosize_xdr = length4_xdr

threshold_item4_xdr = _x.Struct(
    "threshold_item4",
    [
        ("thi_layout_type", layouttype4_xdr),
        ("thi_hintset", bitmap4_xdr),
        ("thi_hintlist", _x.VarOpaque()),
    ],
    cls=threshold_item4,
)

mdsthreshold4_xdr = _x.Struct(
    "mdsthreshold4",
    [
        ("mth_hints", _x.Array(threshold_item4_xdr, None)),
    ],
    cls=mdsthreshold4,
)

retention_get4_xdr = _x.Struct(
    "retention_get4",
    [
        ("rg_duration", uint64_t_xdr),
        ("rg_begin_time", _x.Array(nfstime4_xdr, 1)),
    ],
    cls=retention_get4,
)

retention_set4_xdr = _x.Struct(
    "retention_set4",
    [
        ("rs_enable", _x.Bool),
        ("rs_duration", _x.Array(uint64_t_xdr, 1)),
    ],
    cls=retention_set4,
)

fs_charset_cap4_xdr = uint32_t_xdr

netloc_type4_xdr = _x.Enum("netloc_type4", netloc_type4)

netloc4_xdr = _x.Union(
    "netloc4",
    netloc_type4_xdr,
    {
        netloc_type4.NL4_NAME: ("nl_name", utf8str_cis_xdr),
        netloc_type4.NL4_URL: ("nl_url", utf8str_cis_xdr),
        netloc_type4.NL4_NETADDR: ("nl_addr", netaddr4_xdr),
    },
    cls=netloc4,
)

change_attr_type4_xdr = _x.Enum("change_attr_type4", change_attr_type4)

labelformat_spec4_xdr = _x.Struct(
    "labelformat_spec4",
    [
        ("lfs_lfs", policy4_xdr),
        ("lfs_pi", policy4_xdr),
    ],
    cls=labelformat_spec4,
)

sec_label4_xdr = _x.Struct(
    "sec_label4",
    [
        ("slai_lfs", labelformat_spec4_xdr),
        ("slai_data", _x.VarOpaque()),
    ],
    cls=sec_label4,
)

copy_from_auth_priv_xdr = _x.Struct(
    "copy_from_auth_priv",
    [
        ("cfap_shared_secret", secret4_xdr),
        ("cfap_destination", netloc4_xdr),
        ("cfap_username", utf8str_mixed_xdr),
    ],
    cls=copy_from_auth_priv,
)

copy_to_auth_priv_xdr = _x.Struct(
    "copy_to_auth_priv",
    [
        ("ctap_shared_secret", secret4_xdr),
        ("ctap_source", _x.Array(netloc4_xdr, None)),
        ("ctap_username", utf8str_mixed_xdr),
    ],
    cls=copy_to_auth_priv,
)

copy_confirm_auth_priv_xdr = _x.Struct(
    "copy_confirm_auth_priv",
    [
        ("ccap_shared_secret_mic", _x.VarOpaque()),
        ("ccap_username", utf8str_mixed_xdr),
    ],
    cls=copy_confirm_auth_priv,
)

app_data_block4_xdr = _x.Struct(
    "app_data_block4",
    [
        ("adb_offset", offset4_xdr),
        ("adb_block_size", length4_xdr),
        ("adb_block_count", length4_xdr),
        ("adb_reloff_blocknum", length4_xdr),
        ("adb_block_num", count4_xdr),
        ("adb_reloff_pattern", length4_xdr),
        ("adb_pattern", _x.VarOpaque()),
    ],
    cls=app_data_block4,
)

data4_xdr = _x.Struct(
    "data4",
    [
        ("d_offset", offset4_xdr),
        ("d_data", _x.Payload),  # option: bulk data stays a bvec list (RDMA chunk or pool pages)
    ],
    cls=data4,
)

data_info4_xdr = _x.Struct(
    "data_info4",
    [
        ("di_offset", offset4_xdr),
        ("di_length", length4_xdr),
    ],
    cls=data_info4,
)

data_content4_xdr = _x.Enum("data_content4", data_content4)

stable_how4_xdr = _x.Enum("stable_how4", stable_how4)

write_response4_xdr = _x.Struct(
    "write_response4",
    [
        ("wr_callback_id", _x.Array(stateid4_xdr, 1)),
        ("wr_count", length4_xdr),
        ("wr_committed", stable_how4_xdr),
        ("wr_writeverf", verifier4_xdr),
    ],
    cls=write_response4,
)

xattrkey4_xdr = component4_xdr

xattrvalue4_xdr = _x.VarOpaque(name="xattrvalue4")

fattr4_supported_attrs_xdr = bitmap4_xdr

fattr4_type_xdr = nfs_ftype4_xdr

fattr4_fh_expire_type_xdr = uint32_t_xdr

fattr4_change_xdr = changeid4_xdr

fattr4_size_xdr = uint64_t_xdr

fattr4_link_support_xdr = _x.Bool

fattr4_symlink_support_xdr = _x.Bool

fattr4_named_attr_xdr = _x.Bool

fattr4_fsid_xdr = fsid4_xdr

fattr4_unique_handles_xdr = _x.Bool

fattr4_lease_time_xdr = nfs_lease4_xdr

fattr4_rdattr_error_xdr = nfsstat4_xdr

fattr4_acl_xdr = _x.Array(nfsace4_xdr, None, name="fattr4_acl")

fattr4_aclsupport_xdr = uint32_t_xdr

fattr4_archive_xdr = _x.Bool

fattr4_cansettime_xdr = _x.Bool

fattr4_case_insensitive_xdr = _x.Bool

fattr4_case_preserving_xdr = _x.Bool

fattr4_chown_restricted_xdr = _x.Bool

fattr4_fileid_xdr = uint64_t_xdr

fattr4_files_avail_xdr = uint64_t_xdr

fattr4_filehandle_xdr = nfs_fh4_xdr

fattr4_files_free_xdr = uint64_t_xdr

fattr4_files_total_xdr = uint64_t_xdr

fattr4_fs_locations_xdr = fs_locations4_xdr

fattr4_hidden_xdr = _x.Bool

fattr4_homogeneous_xdr = _x.Bool

fattr4_maxfilesize_xdr = uint64_t_xdr

fattr4_maxlink_xdr = uint32_t_xdr

fattr4_maxname_xdr = uint32_t_xdr

fattr4_maxread_xdr = uint64_t_xdr

fattr4_maxwrite_xdr = uint64_t_xdr

fattr4_mimetype_xdr = utf8str_cs_xdr

fattr4_mode_xdr = mode4_xdr

fattr4_mode_set_masked_xdr = mode_masked4_xdr

fattr4_mounted_on_fileid_xdr = uint64_t_xdr

fattr4_no_trunc_xdr = _x.Bool

fattr4_numlinks_xdr = uint32_t_xdr

fattr4_owner_xdr = utf8str_mixed_xdr

fattr4_owner_group_xdr = utf8str_mixed_xdr

fattr4_quota_avail_hard_xdr = uint64_t_xdr

fattr4_quota_avail_soft_xdr = uint64_t_xdr

fattr4_quota_used_xdr = uint64_t_xdr

fattr4_rawdev_xdr = specdata4_xdr

fattr4_space_avail_xdr = uint64_t_xdr

fattr4_space_free_xdr = uint64_t_xdr

fattr4_space_total_xdr = uint64_t_xdr

fattr4_space_used_xdr = uint64_t_xdr

fattr4_system_xdr = _x.Bool

fattr4_time_access_xdr = nfstime4_xdr

fattr4_time_access_set_xdr = settime4_xdr

fattr4_time_backup_xdr = nfstime4_xdr

fattr4_time_create_xdr = nfstime4_xdr

fattr4_time_delta_xdr = nfstime4_xdr

fattr4_time_metadata_xdr = nfstime4_xdr

fattr4_time_modify_xdr = nfstime4_xdr

fattr4_time_modify_set_xdr = settime4_xdr

fattr4_suppattr_exclcreat_xdr = bitmap4_xdr

fattr4_dir_notif_delay_xdr = nfstime4_xdr

fattr4_dirent_notif_delay_xdr = nfstime4_xdr

fattr4_fs_layout_types_xdr = _x.Array(layouttype4_xdr, None, name="fattr4_fs_layout_types")

fattr4_fs_status_xdr = fs4_status_xdr

fattr4_fs_charset_cap_xdr = fs_charset_cap4_xdr

fattr4_layout_alignment_xdr = uint32_t_xdr

fattr4_layout_blksize_xdr = uint32_t_xdr

fattr4_layout_hint_xdr = layouthint4_xdr

fattr4_layout_types_xdr = _x.Array(layouttype4_xdr, None, name="fattr4_layout_types")

fattr4_mdsthreshold_xdr = mdsthreshold4_xdr

fattr4_retention_get_xdr = retention_get4_xdr

fattr4_retention_set_xdr = retention_set4_xdr

fattr4_retentevt_get_xdr = retention_get4_xdr

fattr4_retentevt_set_xdr = retention_set4_xdr

fattr4_retention_hold_xdr = uint64_t_xdr

fattr4_dacl_xdr = nfsacl41_xdr

fattr4_sacl_xdr = nfsacl41_xdr

fattr4_change_policy_xdr = change_policy4_xdr

fattr4_space_freed_xdr = uint64_t_xdr

fattr4_change_attr_type_xdr = change_attr_type4_xdr

fattr4_sec_label_xdr = sec_label4_xdr

fattr4_clone_blksize_xdr = uint32_t_xdr

fattr4_xattr_support_xdr = _x.Bool

open_arguments4_xdr = _x.Struct(
    "open_arguments4",
    [
        ("oa_share_access", bitmap4_xdr),
        ("oa_share_deny", bitmap4_xdr),
        ("oa_share_access_want", bitmap4_xdr),
        ("oa_open_claim", bitmap4_xdr),
        ("oa_create_mode", bitmap4_xdr),
    ],
    cls=open_arguments4,
)

open_args_share_access4_xdr = _x.Enum("open_args_share_access4", open_args_share_access4)

open_args_share_deny4_xdr = _x.Enum("open_args_share_deny4", open_args_share_deny4)

open_args_share_access_want4_xdr = _x.Enum("open_args_share_access_want4", open_args_share_access_want4)

open_args_open_claim4_xdr = _x.Enum("open_args_open_claim4", open_args_open_claim4)

open_args_createmode4_xdr = _x.Enum("open_args_createmode4", open_args_createmode4)

fattr4_open_arguments_xdr = open_arguments4_xdr

fattr4_xdr = _x.Struct(
    "fattr4",
    [
        ("attrmask", bitmap4_xdr),
        ("attr_vals", attrlist4_xdr),
    ],
    cls=fattr4,
)

change_info4_xdr = _x.Struct(
    "change_info4",
    [
        ("atomic", _x.Bool),
        ("before", changeid4_xdr),
        ("after", changeid4_xdr),
    ],
    cls=change_info4,
)

clientaddr4_xdr = netaddr4_xdr

cb_client4_xdr = _x.Struct(
    "cb_client4",
    [
        ("cb_program", uint32_t_xdr),
        ("cb_location", netaddr4_xdr),
    ],
    cls=cb_client4,
)

nfs_client_id4_xdr = _x.Struct(
    "nfs_client_id4",
    [
        ("verifier", verifier4_xdr),
        ("id", _x.VarOpaque(1024)),
    ],
    cls=nfs_client_id4,
)

client_owner4_xdr = _x.Struct(
    "client_owner4",
    [
        ("co_verifier", verifier4_xdr),
        ("co_ownerid", _x.VarOpaque(1024)),
    ],
    cls=client_owner4,
)

server_owner4_xdr = _x.Struct(
    "server_owner4",
    [
        ("so_minor_id", uint64_t_xdr),
        ("so_major_id", _x.VarOpaque(1024)),
    ],
    cls=server_owner4,
)

state_owner4_xdr = _x.Struct(
    "state_owner4",
    [
        ("clientid", clientid4_xdr),
        ("owner", _x.VarOpaque(1024)),
    ],
    cls=state_owner4,
)

open_owner4_xdr = state_owner4_xdr

lock_owner4_xdr = state_owner4_xdr

nfs_lock_type4_xdr = _x.Enum("nfs_lock_type4", nfs_lock_type4)

ssv_subkey4_xdr = _x.Enum("ssv_subkey4", ssv_subkey4)

ssv_mic_plain_tkn4_xdr = _x.Struct(
    "ssv_mic_plain_tkn4",
    [
        ("smpt_ssv_seq", uint32_t_xdr),
        ("smpt_orig_plain", _x.VarOpaque()),
    ],
    cls=ssv_mic_plain_tkn4,
)

ssv_mic_tkn4_xdr = _x.Struct(
    "ssv_mic_tkn4",
    [
        ("smt_ssv_seq", uint32_t_xdr),
        ("smt_hmac", _x.VarOpaque()),
    ],
    cls=ssv_mic_tkn4,
)

ssv_seal_plain_tkn4_xdr = _x.Struct(
    "ssv_seal_plain_tkn4",
    [
        ("sspt_confounder", _x.VarOpaque()),
        ("sspt_ssv_seq", uint32_t_xdr),
        ("sspt_orig_plain", _x.VarOpaque()),
        ("sspt_pad", _x.VarOpaque()),
    ],
    cls=ssv_seal_plain_tkn4,
)

ssv_seal_cipher_tkn4_xdr = _x.Struct(
    "ssv_seal_cipher_tkn4",
    [
        ("ssct_ssv_seq", uint32_t_xdr),
        ("ssct_iv", _x.VarOpaque()),
        ("ssct_encr_data", _x.VarOpaque()),
        ("ssct_hmac", _x.VarOpaque()),
    ],
    cls=ssv_seal_cipher_tkn4,
)

fs_locations_server4_xdr = _x.Struct(
    "fs_locations_server4",
    [
        ("fls_currency", int32_t_xdr),
        ("fls_info", _x.VarOpaque()),
        ("fls_server", utf8str_cis_xdr),
    ],
    cls=fs_locations_server4,
)

fs_locations_item4_xdr = _x.Struct(
    "fs_locations_item4",
    [
        ("fli_entries", _x.Array(fs_locations_server4_xdr, None)),
        ("fli_rootpath", pathname4_xdr),
    ],
    cls=fs_locations_item4,
)

fs_locations_info4_xdr = _x.Struct(
    "fs_locations_info4",
    [
        ("fli_flags", uint32_t_xdr),
        ("fli_valid_for", int32_t_xdr),
        ("fli_fs_root", pathname4_xdr),
        ("fli_items", _x.Array(fs_locations_item4_xdr, None)),
    ],
    cls=fs_locations_info4,
)

fattr4_fs_locations_info_xdr = fs_locations_info4_xdr

nfl_util4_xdr = uint32_t_xdr

filelayout_hint_care4_xdr = _x.Enum("filelayout_hint_care4", filelayout_hint_care4)

nfsv4_1_file_layouthint4_xdr = _x.Struct(
    "nfsv4_1_file_layouthint4",
    [
        ("nflh_care", uint32_t_xdr),
        ("nflh_util", nfl_util4_xdr),
        ("nflh_stripe_count", count4_xdr),
    ],
    cls=nfsv4_1_file_layouthint4,
)

multipath_list4_xdr = _x.Array(netaddr4_xdr, None, name="multipath_list4")

nfsv4_1_file_layout_ds_addr4_xdr = _x.Struct(
    "nfsv4_1_file_layout_ds_addr4",
    [
        ("nflda_stripe_indices", _x.Array(uint32_t_xdr, None)),
        ("nflda_multipath_ds_list", _x.Array(multipath_list4_xdr, None)),
    ],
    cls=nfsv4_1_file_layout_ds_addr4,
)

nfsv4_1_file_layout4_xdr = _x.Struct(
    "nfsv4_1_file_layout4",
    [
        ("nfl_deviceid", deviceid4_xdr),
        ("nfl_util", nfl_util4_xdr),
        ("nfl_first_stripe_index", uint32_t_xdr),
        ("nfl_pattern_offset", offset4_xdr),
        ("nfl_fh_list", _x.Array(nfs_fh4_xdr, None)),
    ],
    cls=nfsv4_1_file_layout4,
)

nfs_opnum4_xdr = _x.Enum("nfs_opnum4", nfs_opnum4)

ACCESS4args_xdr = _x.Struct(
    "ACCESS4args",
    [
        ("access", uint32_t_xdr),
    ],
    cls=ACCESS4args,
)

ACCESS4resok_xdr = _x.Struct(
    "ACCESS4resok",
    [
        ("supported", uint32_t_xdr),
        ("access", uint32_t_xdr),
    ],
    cls=ACCESS4resok,
)

ACCESS4res_xdr = _x.Union(
    "ACCESS4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", ACCESS4resok_xdr),
    },
    default=("void", _x.Void),
    cls=ACCESS4res,
)

CLOSE4args_xdr = _x.Struct(
    "CLOSE4args",
    [
        ("seqid", seqid4_xdr),
        ("open_stateid", stateid4_xdr),
    ],
    cls=CLOSE4args,
)

CLOSE4res_xdr = _x.Union(
    "CLOSE4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("open_stateid", stateid4_xdr),
    },
    default=("void", _x.Void),
    cls=CLOSE4res,
)

COMMIT4args_xdr = _x.Struct(
    "COMMIT4args",
    [
        ("offset", offset4_xdr),
        ("count", count4_xdr),
    ],
    cls=COMMIT4args,
)

COMMIT4resok_xdr = _x.Struct(
    "COMMIT4resok",
    [
        ("writeverf", verifier4_xdr),
    ],
    cls=COMMIT4resok,
)

COMMIT4res_xdr = _x.Union(
    "COMMIT4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", COMMIT4resok_xdr),
    },
    default=("void", _x.Void),
    cls=COMMIT4res,
)

createtype4_xdr = _x.Union(
    "createtype4",
    nfs_ftype4_xdr,
    {
        nfs_ftype4.NF4LNK: ("linkdata", linktext4_xdr),
        nfs_ftype4.NF4BLK: ("devdata", specdata4_xdr),
        nfs_ftype4.NF4CHR: ("devdata", specdata4_xdr),
        nfs_ftype4.NF4SOCK: ("void", _x.Void),
        nfs_ftype4.NF4FIFO: ("void", _x.Void),
        nfs_ftype4.NF4DIR: ("void", _x.Void),
    },
    default=("void", _x.Void),
    cls=createtype4,
)

CREATE4args_xdr = _x.Struct(
    "CREATE4args",
    [
        ("objtype", createtype4_xdr),
        ("objname", component4_xdr),
        ("createattrs", fattr4_xdr),
    ],
    cls=CREATE4args,
)

CREATE4resok_xdr = _x.Struct(
    "CREATE4resok",
    [
        ("cinfo", change_info4_xdr),
        ("attrset", bitmap4_xdr),
    ],
    cls=CREATE4resok,
)

CREATE4res_xdr = _x.Union(
    "CREATE4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", CREATE4resok_xdr),
    },
    default=("void", _x.Void),
    cls=CREATE4res,
)

DELEGPURGE4args_xdr = _x.Struct(
    "DELEGPURGE4args",
    [
        ("clientid", clientid4_xdr),
    ],
    cls=DELEGPURGE4args,
)

DELEGPURGE4res_xdr = _x.Struct(
    "DELEGPURGE4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=DELEGPURGE4res,
)

DELEGRETURN4args_xdr = _x.Struct(
    "DELEGRETURN4args",
    [
        ("deleg_stateid", stateid4_xdr),
    ],
    cls=DELEGRETURN4args,
)

DELEGRETURN4res_xdr = _x.Struct(
    "DELEGRETURN4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=DELEGRETURN4res,
)

GETATTR4args_xdr = _x.Struct(
    "GETATTR4args",
    [
        ("attr_request", bitmap4_xdr),
    ],
    cls=GETATTR4args,
)

GETATTR4resok_xdr = _x.Struct(
    "GETATTR4resok",
    [
        ("obj_attributes", fattr4_xdr),
    ],
    cls=GETATTR4resok,
)

GETATTR4res_xdr = _x.Union(
    "GETATTR4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", GETATTR4resok_xdr),
    },
    default=("void", _x.Void),
    cls=GETATTR4res,
)

GETFH4resok_xdr = _x.Struct(
    "GETFH4resok",
    [
        ("object", nfs_fh4_xdr),
    ],
    cls=GETFH4resok,
)

GETFH4res_xdr = _x.Union(
    "GETFH4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", GETFH4resok_xdr),
    },
    default=("void", _x.Void),
    cls=GETFH4res,
)

LINK4args_xdr = _x.Struct(
    "LINK4args",
    [
        ("newname", component4_xdr),
    ],
    cls=LINK4args,
)

LINK4resok_xdr = _x.Struct(
    "LINK4resok",
    [
        ("cinfo", change_info4_xdr),
    ],
    cls=LINK4resok,
)

LINK4res_xdr = _x.Union(
    "LINK4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", LINK4resok_xdr),
    },
    default=("void", _x.Void),
    cls=LINK4res,
)

open_to_lock_owner4_xdr = _x.Struct(
    "open_to_lock_owner4",
    [
        ("open_seqid", seqid4_xdr),
        ("open_stateid", stateid4_xdr),
        ("lock_seqid", seqid4_xdr),
        ("lock_owner", lock_owner4_xdr),
    ],
    cls=open_to_lock_owner4,
)

exist_lock_owner4_xdr = _x.Struct(
    "exist_lock_owner4",
    [
        ("lock_stateid", stateid4_xdr),
        ("lock_seqid", seqid4_xdr),
    ],
    cls=exist_lock_owner4,
)

locker4_xdr = _x.Union(
    "locker4",
    _x.Bool,
    {
        1: ("open_owner", open_to_lock_owner4_xdr),
        0: ("lock_owner", exist_lock_owner4_xdr),
    },
    cls=locker4,
)

LOCK4args_xdr = _x.Struct(
    "LOCK4args",
    [
        ("locktype", nfs_lock_type4_xdr),
        ("reclaim", _x.Bool),
        ("offset", offset4_xdr),
        ("length", length4_xdr),
        ("locker", locker4_xdr),
    ],
    cls=LOCK4args,
)

LOCK4denied_xdr = _x.Struct(
    "LOCK4denied",
    [
        ("offset", offset4_xdr),
        ("length", length4_xdr),
        ("locktype", nfs_lock_type4_xdr),
        ("owner", lock_owner4_xdr),
    ],
    cls=LOCK4denied,
)

LOCK4resok_xdr = _x.Struct(
    "LOCK4resok",
    [
        ("lock_stateid", stateid4_xdr),
    ],
    cls=LOCK4resok,
)

LOCK4res_xdr = _x.Union(
    "LOCK4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", LOCK4resok_xdr),
        nfsstat4.NFS4ERR_DENIED: ("denied", LOCK4denied_xdr),
    },
    default=("void", _x.Void),
    cls=LOCK4res,
)

LOCKT4args_xdr = _x.Struct(
    "LOCKT4args",
    [
        ("locktype", nfs_lock_type4_xdr),
        ("offset", offset4_xdr),
        ("length", length4_xdr),
        ("owner", lock_owner4_xdr),
    ],
    cls=LOCKT4args,
)

LOCKT4res_xdr = _x.Union(
    "LOCKT4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4ERR_DENIED: ("denied", LOCK4denied_xdr),
        nfsstat4.NFS4_OK: ("void", _x.Void),
    },
    default=("void", _x.Void),
    cls=LOCKT4res,
)

LOCKU4args_xdr = _x.Struct(
    "LOCKU4args",
    [
        ("locktype", nfs_lock_type4_xdr),
        ("seqid", seqid4_xdr),
        ("lock_stateid", stateid4_xdr),
        ("offset", offset4_xdr),
        ("length", length4_xdr),
    ],
    cls=LOCKU4args,
)

LOCKU4res_xdr = _x.Union(
    "LOCKU4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("lock_stateid", stateid4_xdr),
    },
    default=("void", _x.Void),
    cls=LOCKU4res,
)

LOOKUP4args_xdr = _x.Struct(
    "LOOKUP4args",
    [
        ("objname", component4_xdr),
    ],
    cls=LOOKUP4args,
)

LOOKUP4res_xdr = _x.Struct(
    "LOOKUP4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=LOOKUP4res,
)

LOOKUPP4res_xdr = _x.Struct(
    "LOOKUPP4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=LOOKUPP4res,
)

NVERIFY4args_xdr = _x.Struct(
    "NVERIFY4args",
    [
        ("obj_attributes", fattr4_xdr),
    ],
    cls=NVERIFY4args,
)

NVERIFY4res_xdr = _x.Struct(
    "NVERIFY4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=NVERIFY4res,
)

createmode4_xdr = _x.Enum("createmode4", createmode4)

creatverfattr_xdr = _x.Struct(
    "creatverfattr",
    [
        ("cva_verf", verifier4_xdr),
        ("cva_attrs", fattr4_xdr),
    ],
    cls=creatverfattr,
)

createhow4_xdr = _x.Union(
    "createhow4",
    createmode4_xdr,
    {
        createmode4.UNCHECKED4: ("createattrs", fattr4_xdr),
        createmode4.GUARDED4: ("createattrs", fattr4_xdr),
        createmode4.EXCLUSIVE4: ("createverf", verifier4_xdr),
        createmode4.EXCLUSIVE4_1: ("ch_createboth", creatverfattr_xdr),
    },
    cls=createhow4,
)

opentype4_xdr = _x.Enum("opentype4", opentype4)

openflag4_xdr = _x.Union(
    "openflag4",
    opentype4_xdr,
    {
        opentype4.OPEN4_CREATE: ("how", createhow4_xdr),
    },
    default=("void", _x.Void),
    cls=openflag4,
)

limit_by4_xdr = _x.Enum("limit_by4", limit_by4)

nfs_modified_limit4_xdr = _x.Struct(
    "nfs_modified_limit4",
    [
        ("num_blocks", uint32_t_xdr),
        ("bytes_per_block", uint32_t_xdr),
    ],
    cls=nfs_modified_limit4,
)

nfs_space_limit4_xdr = _x.Union(
    "nfs_space_limit4",
    limit_by4_xdr,
    {
        limit_by4.NFS_LIMIT_SIZE: ("filesize", uint64_t_xdr),
        limit_by4.NFS_LIMIT_BLOCKS: ("mod_blocks", nfs_modified_limit4_xdr),
    },
    cls=nfs_space_limit4,
)

open_delegation_type4_xdr = _x.Enum("open_delegation_type4", open_delegation_type4)

open_claim_type4_xdr = _x.Enum("open_claim_type4", open_claim_type4)

open_claim_delegate_cur4_xdr = _x.Struct(
    "open_claim_delegate_cur4",
    [
        ("delegate_stateid", stateid4_xdr),
        ("file", component4_xdr),
    ],
    cls=open_claim_delegate_cur4,
)

open_claim4_xdr = _x.Union(
    "open_claim4",
    open_claim_type4_xdr,
    {
        open_claim_type4.CLAIM_NULL: ("file", component4_xdr),
        open_claim_type4.CLAIM_PREVIOUS: ("delegate_type", open_delegation_type4_xdr),
        open_claim_type4.CLAIM_DELEGATE_CUR: ("delegate_cur_info", open_claim_delegate_cur4_xdr),
        open_claim_type4.CLAIM_DELEGATE_PREV: ("file_delegate_prev", component4_xdr),
        open_claim_type4.CLAIM_FH: ("void", _x.Void),
        open_claim_type4.CLAIM_DELEG_PREV_FH: ("void", _x.Void),
        open_claim_type4.CLAIM_DELEG_CUR_FH: ("oc_delegate_stateid", stateid4_xdr),
    },
    cls=open_claim4,
)

OPEN4args_xdr = _x.Struct(
    "OPEN4args",
    [
        ("seqid", seqid4_xdr),
        ("share_access", uint32_t_xdr),
        ("share_deny", uint32_t_xdr),
        ("owner", open_owner4_xdr),
        ("openhow", openflag4_xdr),
        ("claim", open_claim4_xdr),
    ],
    cls=OPEN4args,
)

open_read_delegation4_xdr = _x.Struct(
    "open_read_delegation4",
    [
        ("stateid", stateid4_xdr),
        ("recall", _x.Bool),
        ("permissions", nfsace4_xdr),
    ],
    cls=open_read_delegation4,
)

open_write_delegation4_xdr = _x.Struct(
    "open_write_delegation4",
    [
        ("stateid", stateid4_xdr),
        ("recall", _x.Bool),
        ("space_limit", nfs_space_limit4_xdr),
        ("permissions", nfsace4_xdr),
    ],
    cls=open_write_delegation4,
)

why_no_delegation4_xdr = _x.Enum("why_no_delegation4", why_no_delegation4)

open_none_delegation4_xdr = _x.Union(
    "open_none_delegation4",
    why_no_delegation4_xdr,
    {
        why_no_delegation4.WND4_CONTENTION: ("ond_server_will_push_deleg", _x.Bool),
        why_no_delegation4.WND4_RESOURCE: ("ond_server_will_signal_avail", _x.Bool),
    },
    default=("void", _x.Void),
    cls=open_none_delegation4,
)

open_delegation4_xdr = _x.Union(
    "open_delegation4",
    open_delegation_type4_xdr,
    {
        open_delegation_type4.OPEN_DELEGATE_NONE: ("void", _x.Void),
        open_delegation_type4.OPEN_DELEGATE_READ: ("read", open_read_delegation4_xdr),
        open_delegation_type4.OPEN_DELEGATE_WRITE: ("write", open_write_delegation4_xdr),
        open_delegation_type4.OPEN_DELEGATE_NONE_EXT: ("od_whynone", open_none_delegation4_xdr),
    },
    cls=open_delegation4,
)

OPEN4resok_xdr = _x.Struct(
    "OPEN4resok",
    [
        ("stateid", stateid4_xdr),
        ("cinfo", change_info4_xdr),
        ("rflags", uint32_t_xdr),
        ("attrset", bitmap4_xdr),
        ("delegation", open_delegation4_xdr),
    ],
    cls=OPEN4resok,
)

OPEN4res_xdr = _x.Union(
    "OPEN4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", OPEN4resok_xdr),
    },
    default=("void", _x.Void),
    cls=OPEN4res,
)

OPENATTR4args_xdr = _x.Struct(
    "OPENATTR4args",
    [
        ("createdir", _x.Bool),
    ],
    cls=OPENATTR4args,
)

OPENATTR4res_xdr = _x.Struct(
    "OPENATTR4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=OPENATTR4res,
)

OPEN_CONFIRM4args_xdr = _x.Struct(
    "OPEN_CONFIRM4args",
    [
        ("open_stateid", stateid4_xdr),
        ("seqid", seqid4_xdr),
    ],
    cls=OPEN_CONFIRM4args,
)

OPEN_CONFIRM4resok_xdr = _x.Struct(
    "OPEN_CONFIRM4resok",
    [
        ("open_stateid", stateid4_xdr),
    ],
    cls=OPEN_CONFIRM4resok,
)

OPEN_CONFIRM4res_xdr = _x.Union(
    "OPEN_CONFIRM4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", OPEN_CONFIRM4resok_xdr),
    },
    default=("void", _x.Void),
    cls=OPEN_CONFIRM4res,
)

OPEN_DOWNGRADE4args_xdr = _x.Struct(
    "OPEN_DOWNGRADE4args",
    [
        ("open_stateid", stateid4_xdr),
        ("seqid", seqid4_xdr),
        ("share_access", uint32_t_xdr),
        ("share_deny", uint32_t_xdr),
    ],
    cls=OPEN_DOWNGRADE4args,
)

OPEN_DOWNGRADE4resok_xdr = _x.Struct(
    "OPEN_DOWNGRADE4resok",
    [
        ("open_stateid", stateid4_xdr),
    ],
    cls=OPEN_DOWNGRADE4resok,
)

OPEN_DOWNGRADE4res_xdr = _x.Union(
    "OPEN_DOWNGRADE4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", OPEN_DOWNGRADE4resok_xdr),
    },
    default=("void", _x.Void),
    cls=OPEN_DOWNGRADE4res,
)

PUTFH4args_xdr = _x.Struct(
    "PUTFH4args",
    [
        ("object", nfs_fh4_xdr),
    ],
    cls=PUTFH4args,
)

PUTFH4res_xdr = _x.Struct(
    "PUTFH4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=PUTFH4res,
)

PUTPUBFH4res_xdr = _x.Struct(
    "PUTPUBFH4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=PUTPUBFH4res,
)

PUTROOTFH4res_xdr = _x.Struct(
    "PUTROOTFH4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=PUTROOTFH4res,
)

READ4args_xdr = _x.Struct(
    "READ4args",
    [
        ("stateid", stateid4_xdr),
        ("offset", offset4_xdr),
        ("count", count4_xdr),
    ],
    cls=READ4args,
)

READ4resok_xdr = _x.Struct(
    "READ4resok",
    [
        ("eof", _x.Bool),
        ("data", _x.Payload),  # option: bulk data stays a bvec list (RDMA chunk or pool pages)
    ],
    cls=READ4resok,
)

READ4res_xdr = _x.Union(
    "READ4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", READ4resok_xdr),
    },
    default=("void", _x.Void),
    cls=READ4res,
)

READDIR4args_xdr = _x.Struct(
    "READDIR4args",
    [
        ("cookie", nfs_cookie4_xdr),
        ("cookieverf", verifier4_xdr),
        ("dircount", count4_xdr),
        ("maxcount", count4_xdr),
        ("attr_request", bitmap4_xdr),
    ],
    cls=READDIR4args,
)

entry4_xdr = _x.Struct(
    "entry4",
    [
        ("cookie", nfs_cookie4_xdr),
        ("name", component4_xdr),
        ("attrs", fattr4_xdr),
    ],
    cls=entry4,
)

dirlist4_xdr = _x.Struct(
    "dirlist4",
    [
        ("entries", _x.LinkedList(entry4_xdr)),
        ("eof", _x.Bool),
    ],
    cls=dirlist4,
)

READDIR4resok_xdr = _x.Struct(
    "READDIR4resok",
    [
        ("cookieverf", verifier4_xdr),
        ("reply", dirlist4_xdr),
    ],
    cls=READDIR4resok,
)

READDIR4res_xdr = _x.Union(
    "READDIR4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", READDIR4resok_xdr),
    },
    default=("void", _x.Void),
    cls=READDIR4res,
)

READLINK4resok_xdr = _x.Struct(
    "READLINK4resok",
    [
        ("link", linktext4_xdr),
    ],
    cls=READLINK4resok,
)

READLINK4res_xdr = _x.Union(
    "READLINK4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", READLINK4resok_xdr),
    },
    default=("void", _x.Void),
    cls=READLINK4res,
)

REMOVE4args_xdr = _x.Struct(
    "REMOVE4args",
    [
        ("target", component4_xdr),
    ],
    cls=REMOVE4args,
)

REMOVE4resok_xdr = _x.Struct(
    "REMOVE4resok",
    [
        ("cinfo", change_info4_xdr),
    ],
    cls=REMOVE4resok,
)

REMOVE4res_xdr = _x.Union(
    "REMOVE4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", REMOVE4resok_xdr),
    },
    default=("void", _x.Void),
    cls=REMOVE4res,
)

RENAME4args_xdr = _x.Struct(
    "RENAME4args",
    [
        ("oldname", component4_xdr),
        ("newname", component4_xdr),
    ],
    cls=RENAME4args,
)

RENAME4resok_xdr = _x.Struct(
    "RENAME4resok",
    [
        ("source_cinfo", change_info4_xdr),
        ("target_cinfo", change_info4_xdr),
    ],
    cls=RENAME4resok,
)

RENAME4res_xdr = _x.Union(
    "RENAME4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", RENAME4resok_xdr),
    },
    default=("void", _x.Void),
    cls=RENAME4res,
)

RENEW4args_xdr = _x.Struct(
    "RENEW4args",
    [
        ("clientid", clientid4_xdr),
    ],
    cls=RENEW4args,
)

RENEW4res_xdr = _x.Struct(
    "RENEW4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=RENEW4res,
)

RESTOREFH4res_xdr = _x.Struct(
    "RESTOREFH4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=RESTOREFH4res,
)

SAVEFH4res_xdr = _x.Struct(
    "SAVEFH4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=SAVEFH4res,
)

SECINFO4args_xdr = _x.Struct(
    "SECINFO4args",
    [
        ("name", component4_xdr),
    ],
    cls=SECINFO4args,
)

rpc_gss_svc_t_xdr = _x.Enum("rpc_gss_svc_t", rpc_gss_svc_t)

rpcsec_gss_info_xdr = _x.Struct(
    "rpcsec_gss_info",
    [
        ("oid", sec_oid4_xdr),
        ("qop", qop4_xdr),
        ("service", rpc_gss_svc_t_xdr),
    ],
    cls=rpcsec_gss_info,
)

secinfo4_xdr = _x.Union(
    "secinfo4",
    uint32_t_xdr,
    {
        6: ("flavor_info", rpcsec_gss_info_xdr),
    },
    default=("void", _x.Void),
    cls=secinfo4,
)

SECINFO4resok_xdr = _x.Array(secinfo4_xdr, None, name="SECINFO4resok")

SECINFO4res_xdr = _x.Union(
    "SECINFO4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", SECINFO4resok_xdr),
    },
    default=("void", _x.Void),
    cls=SECINFO4res,
)

SETATTR4args_xdr = _x.Struct(
    "SETATTR4args",
    [
        ("stateid", stateid4_xdr),
        ("obj_attributes", fattr4_xdr),
    ],
    cls=SETATTR4args,
)

SETATTR4res_xdr = _x.Struct(
    "SETATTR4res",
    [
        ("status", nfsstat4_xdr),
        ("attrsset", bitmap4_xdr),
    ],
    cls=SETATTR4res,
)

SETCLIENTID4args_xdr = _x.Struct(
    "SETCLIENTID4args",
    [
        ("client", nfs_client_id4_xdr),
        ("callback", cb_client4_xdr),
        ("callback_ident", uint32_t_xdr),
    ],
    cls=SETCLIENTID4args,
)

SETCLIENTID4resok_xdr = _x.Struct(
    "SETCLIENTID4resok",
    [
        ("clientid", clientid4_xdr),
        ("setclientid_confirm", verifier4_xdr),
    ],
    cls=SETCLIENTID4resok,
)

SETCLIENTID4res_xdr = _x.Union(
    "SETCLIENTID4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", SETCLIENTID4resok_xdr),
        nfsstat4.NFS4ERR_CLID_INUSE: ("client_using", clientaddr4_xdr),
    },
    default=("void", _x.Void),
    cls=SETCLIENTID4res,
)

SETCLIENTID_CONFIRM4args_xdr = _x.Struct(
    "SETCLIENTID_CONFIRM4args",
    [
        ("clientid", clientid4_xdr),
        ("setclientid_confirm", verifier4_xdr),
    ],
    cls=SETCLIENTID_CONFIRM4args,
)

SETCLIENTID_CONFIRM4res_xdr = _x.Struct(
    "SETCLIENTID_CONFIRM4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=SETCLIENTID_CONFIRM4res,
)

VERIFY4args_xdr = _x.Struct(
    "VERIFY4args",
    [
        ("obj_attributes", fattr4_xdr),
    ],
    cls=VERIFY4args,
)

VERIFY4res_xdr = _x.Struct(
    "VERIFY4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=VERIFY4res,
)

WRITE4args_xdr = _x.Struct(
    "WRITE4args",
    [
        ("stateid", stateid4_xdr),
        ("offset", offset4_xdr),
        ("stable", stable_how4_xdr),
        ("data", _x.Payload),  # option: bulk data stays a bvec list (RDMA chunk or pool pages)
    ],
    cls=WRITE4args,
)

WRITE4resok_xdr = _x.Struct(
    "WRITE4resok",
    [
        ("count", count4_xdr),
        ("committed", stable_how4_xdr),
        ("writeverf", verifier4_xdr),
    ],
    cls=WRITE4resok,
)

WRITE4res_xdr = _x.Union(
    "WRITE4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", WRITE4resok_xdr),
    },
    default=("void", _x.Void),
    cls=WRITE4res,
)

RELEASE_LOCKOWNER4args_xdr = _x.Struct(
    "RELEASE_LOCKOWNER4args",
    [
        ("lock_owner", lock_owner4_xdr),
    ],
    cls=RELEASE_LOCKOWNER4args,
)

RELEASE_LOCKOWNER4res_xdr = _x.Struct(
    "RELEASE_LOCKOWNER4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=RELEASE_LOCKOWNER4res,
)

ILLEGAL4res_xdr = _x.Struct(
    "ILLEGAL4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=ILLEGAL4res,
)

gsshandle4_t_xdr = _x.VarOpaque(name="gsshandle4_t")

gss_cb_handles4_xdr = _x.Struct(
    "gss_cb_handles4",
    [
        ("gcbp_service", rpc_gss_svc_t_xdr),
        ("gcbp_handle_from_server", gsshandle4_t_xdr),
        ("gcbp_handle_from_client", gsshandle4_t_xdr),
    ],
    cls=gss_cb_handles4,
)

callback_sec_parms4_xdr = _x.Union(
    "callback_sec_parms4",
    uint32_t_xdr,
    {
        0: ("void", _x.Void),
        1: ("cbsp_sys_cred", authsys_parms_xdr),
        6: ("cbsp_gss_handles", gss_cb_handles4_xdr),
    },
    cls=callback_sec_parms4,
)

BACKCHANNEL_CTL4args_xdr = _x.Struct(
    "BACKCHANNEL_CTL4args",
    [
        ("bca_cb_program", uint32_t_xdr),
        ("bca_sec_parms", _x.Array(callback_sec_parms4_xdr, None)),
    ],
    cls=BACKCHANNEL_CTL4args,
)

BACKCHANNEL_CTL4res_xdr = _x.Struct(
    "BACKCHANNEL_CTL4res",
    [
        ("bcr_status", nfsstat4_xdr),
    ],
    cls=BACKCHANNEL_CTL4res,
)

channel_dir_from_client4_xdr = _x.Enum("channel_dir_from_client4", channel_dir_from_client4)

BIND_CONN_TO_SESSION4args_xdr = _x.Struct(
    "BIND_CONN_TO_SESSION4args",
    [
        ("bctsa_sessid", sessionid4_xdr),
        ("bctsa_dir", channel_dir_from_client4_xdr),
        ("bctsa_use_conn_in_rdma_mode", _x.Bool),
    ],
    cls=BIND_CONN_TO_SESSION4args,
)

channel_dir_from_server4_xdr = _x.Enum("channel_dir_from_server4", channel_dir_from_server4)

BIND_CONN_TO_SESSION4resok_xdr = _x.Struct(
    "BIND_CONN_TO_SESSION4resok",
    [
        ("bctsr_sessid", sessionid4_xdr),
        ("bctsr_dir", channel_dir_from_server4_xdr),
        ("bctsr_use_conn_in_rdma_mode", _x.Bool),
    ],
    cls=BIND_CONN_TO_SESSION4resok,
)

BIND_CONN_TO_SESSION4res_xdr = _x.Union(
    "BIND_CONN_TO_SESSION4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("bctsr_resok4", BIND_CONN_TO_SESSION4resok_xdr),
    },
    default=("void", _x.Void),
    cls=BIND_CONN_TO_SESSION4res,
)

state_protect_ops4_xdr = _x.Struct(
    "state_protect_ops4",
    [
        ("spo_must_enforce", bitmap4_xdr),
        ("spo_must_allow", bitmap4_xdr),
    ],
    cls=state_protect_ops4,
)

ssv_sp_parms4_xdr = _x.Struct(
    "ssv_sp_parms4",
    [
        ("ssp_ops", state_protect_ops4_xdr),
        ("ssp_hash_algs", _x.Array(sec_oid4_xdr, None)),
        ("ssp_encr_algs", _x.Array(sec_oid4_xdr, None)),
        ("ssp_window", uint32_t_xdr),
        ("ssp_num_gss_handles", uint32_t_xdr),
    ],
    cls=ssv_sp_parms4,
)

state_protect_how4_xdr = _x.Enum("state_protect_how4", state_protect_how4)

state_protect4_a_xdr = _x.Union(
    "state_protect4_a",
    state_protect_how4_xdr,
    {
        state_protect_how4.SP4_NONE: ("void", _x.Void),
        state_protect_how4.SP4_MACH_CRED: ("spa_mach_ops", state_protect_ops4_xdr),
        state_protect_how4.SP4_SSV: ("spa_ssv_parms", ssv_sp_parms4_xdr),
    },
    cls=state_protect4_a,
)

EXCHANGE_ID4args_xdr = _x.Struct(
    "EXCHANGE_ID4args",
    [
        ("eia_clientowner", client_owner4_xdr),
        ("eia_flags", uint32_t_xdr),
        ("eia_state_protect", state_protect4_a_xdr),
        ("eia_client_impl_id", _x.Array(nfs_impl_id4_xdr, 1)),
    ],
    cls=EXCHANGE_ID4args,
)

ssv_prot_info4_xdr = _x.Struct(
    "ssv_prot_info4",
    [
        ("spi_ops", state_protect_ops4_xdr),
        ("spi_hash_alg", uint32_t_xdr),
        ("spi_encr_alg", uint32_t_xdr),
        ("spi_ssv_len", uint32_t_xdr),
        ("spi_window", uint32_t_xdr),
        ("spi_handles", _x.Array(gsshandle4_t_xdr, None)),
    ],
    cls=ssv_prot_info4,
)

state_protect4_r_xdr = _x.Union(
    "state_protect4_r",
    state_protect_how4_xdr,
    {
        state_protect_how4.SP4_NONE: ("void", _x.Void),
        state_protect_how4.SP4_MACH_CRED: ("spr_mach_ops", state_protect_ops4_xdr),
        state_protect_how4.SP4_SSV: ("spr_ssv_info", ssv_prot_info4_xdr),
    },
    cls=state_protect4_r,
)

EXCHANGE_ID4resok_xdr = _x.Struct(
    "EXCHANGE_ID4resok",
    [
        ("eir_clientid", clientid4_xdr),
        ("eir_sequenceid", sequenceid4_xdr),
        ("eir_flags", uint32_t_xdr),
        ("eir_state_protect", state_protect4_r_xdr),
        ("eir_server_owner", server_owner4_xdr),
        ("eir_server_scope", _x.VarOpaque(1024)),
        ("eir_server_impl_id", _x.Array(nfs_impl_id4_xdr, 1)),
    ],
    cls=EXCHANGE_ID4resok,
)

EXCHANGE_ID4res_xdr = _x.Union(
    "EXCHANGE_ID4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("eir_resok4", EXCHANGE_ID4resok_xdr),
    },
    default=("void", _x.Void),
    cls=EXCHANGE_ID4res,
)

channel_attrs4_xdr = _x.Struct(
    "channel_attrs4",
    [
        ("ca_headerpadsize", count4_xdr),
        ("ca_maxrequestsize", count4_xdr),
        ("ca_maxresponsesize", count4_xdr),
        ("ca_maxresponsesize_cached", count4_xdr),
        ("ca_maxoperations", count4_xdr),
        ("ca_maxrequests", count4_xdr),
        ("ca_rdma_ird", _x.Array(uint32_t_xdr, 1)),
    ],
    cls=channel_attrs4,
)

CREATE_SESSION4args_xdr = _x.Struct(
    "CREATE_SESSION4args",
    [
        ("csa_clientid", clientid4_xdr),
        ("csa_sequence", sequenceid4_xdr),
        ("csa_flags", uint32_t_xdr),
        ("csa_fore_chan_attrs", channel_attrs4_xdr),
        ("csa_back_chan_attrs", channel_attrs4_xdr),
        ("csa_cb_program", uint32_t_xdr),
        ("csa_sec_parms", _x.Array(callback_sec_parms4_xdr, None)),
    ],
    cls=CREATE_SESSION4args,
)

CREATE_SESSION4resok_xdr = _x.Struct(
    "CREATE_SESSION4resok",
    [
        ("csr_sessionid", sessionid4_xdr),
        ("csr_sequence", sequenceid4_xdr),
        ("csr_flags", uint32_t_xdr),
        ("csr_fore_chan_attrs", channel_attrs4_xdr),
        ("csr_back_chan_attrs", channel_attrs4_xdr),
    ],
    cls=CREATE_SESSION4resok,
)

CREATE_SESSION4res_xdr = _x.Union(
    "CREATE_SESSION4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("csr_resok4", CREATE_SESSION4resok_xdr),
    },
    default=("void", _x.Void),
    cls=CREATE_SESSION4res,
)

DESTROY_SESSION4args_xdr = _x.Struct(
    "DESTROY_SESSION4args",
    [
        ("dsa_sessionid", sessionid4_xdr),
    ],
    cls=DESTROY_SESSION4args,
)

DESTROY_SESSION4res_xdr = _x.Struct(
    "DESTROY_SESSION4res",
    [
        ("dsr_status", nfsstat4_xdr),
    ],
    cls=DESTROY_SESSION4res,
)

FREE_STATEID4args_xdr = _x.Struct(
    "FREE_STATEID4args",
    [
        ("fsa_stateid", stateid4_xdr),
    ],
    cls=FREE_STATEID4args,
)

FREE_STATEID4res_xdr = _x.Struct(
    "FREE_STATEID4res",
    [
        ("fsr_status", nfsstat4_xdr),
    ],
    cls=FREE_STATEID4res,
)

attr_notice4_xdr = nfstime4_xdr

GET_DIR_DELEGATION4args_xdr = _x.Struct(
    "GET_DIR_DELEGATION4args",
    [
        ("gdda_signal_deleg_avail", _x.Bool),
        ("gdda_notification_types", bitmap4_xdr),
        ("gdda_child_attr_delay", attr_notice4_xdr),
        ("gdda_dir_attr_delay", attr_notice4_xdr),
        ("gdda_child_attributes", bitmap4_xdr),
        ("gdda_dir_attributes", bitmap4_xdr),
    ],
    cls=GET_DIR_DELEGATION4args,
)

GET_DIR_DELEGATION4resok_xdr = _x.Struct(
    "GET_DIR_DELEGATION4resok",
    [
        ("gddr_cookieverf", verifier4_xdr),
        ("gddr_stateid", stateid4_xdr),
        ("gddr_notification", bitmap4_xdr),
        ("gddr_child_attributes", bitmap4_xdr),
        ("gddr_dir_attributes", bitmap4_xdr),
    ],
    cls=GET_DIR_DELEGATION4resok,
)

gddrnf4_status_xdr = _x.Enum("gddrnf4_status", gddrnf4_status)

GET_DIR_DELEGATION4res_non_fatal_xdr = _x.Union(
    "GET_DIR_DELEGATION4res_non_fatal",
    gddrnf4_status_xdr,
    {
        gddrnf4_status.GDD4_OK: ("gddrnf_resok4", GET_DIR_DELEGATION4resok_xdr),
        gddrnf4_status.GDD4_UNAVAIL: ("gddrnf_will_signal_deleg_avail", _x.Bool),
    },
    cls=GET_DIR_DELEGATION4res_non_fatal,
)

GET_DIR_DELEGATION4res_xdr = _x.Union(
    "GET_DIR_DELEGATION4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("gddr_res_non_fatal4", GET_DIR_DELEGATION4res_non_fatal_xdr),
    },
    default=("void", _x.Void),
    cls=GET_DIR_DELEGATION4res,
)

GETDEVICEINFO4args_xdr = _x.Struct(
    "GETDEVICEINFO4args",
    [
        ("gdia_device_id", deviceid4_xdr),
        ("gdia_layout_type", layouttype4_xdr),
        ("gdia_maxcount", count4_xdr),
        ("gdia_notify_types", bitmap4_xdr),
    ],
    cls=GETDEVICEINFO4args,
)

GETDEVICEINFO4resok_xdr = _x.Struct(
    "GETDEVICEINFO4resok",
    [
        ("gdir_device_addr", device_addr4_xdr),
        ("gdir_notification", bitmap4_xdr),
    ],
    cls=GETDEVICEINFO4resok,
)

GETDEVICEINFO4res_xdr = _x.Union(
    "GETDEVICEINFO4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("gdir_resok4", GETDEVICEINFO4resok_xdr),
        nfsstat4.NFS4ERR_TOOSMALL: ("gdir_mincount", count4_xdr),
    },
    default=("void", _x.Void),
    cls=GETDEVICEINFO4res,
)

GETDEVICELIST4args_xdr = _x.Struct(
    "GETDEVICELIST4args",
    [
        ("gdla_layout_type", layouttype4_xdr),
        ("gdla_maxdevices", count4_xdr),
        ("gdla_cookie", nfs_cookie4_xdr),
        ("gdla_cookieverf", verifier4_xdr),
    ],
    cls=GETDEVICELIST4args,
)

GETDEVICELIST4resok_xdr = _x.Struct(
    "GETDEVICELIST4resok",
    [
        ("gdlr_cookie", nfs_cookie4_xdr),
        ("gdlr_cookieverf", verifier4_xdr),
        ("gdlr_deviceid_list", _x.Array(deviceid4_xdr, None)),
        ("gdlr_eof", _x.Bool),
    ],
    cls=GETDEVICELIST4resok,
)

GETDEVICELIST4res_xdr = _x.Union(
    "GETDEVICELIST4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("gdlr_resok4", GETDEVICELIST4resok_xdr),
    },
    default=("void", _x.Void),
    cls=GETDEVICELIST4res,
)

newtime4_xdr = _x.Optional(nfstime4_xdr, name="newtime4")

newoffset4_xdr = _x.Optional(offset4_xdr, name="newoffset4")

LAYOUTCOMMIT4args_xdr = _x.Struct(
    "LAYOUTCOMMIT4args",
    [
        ("loca_offset", offset4_xdr),
        ("loca_length", length4_xdr),
        ("loca_reclaim", _x.Bool),
        ("loca_stateid", stateid4_xdr),
        ("loca_last_write_offset", newoffset4_xdr),
        ("loca_time_modify", newtime4_xdr),
        ("loca_layoutupdate", layoutupdate4_xdr),
    ],
    cls=LAYOUTCOMMIT4args,
)

newsize4_xdr = _x.Optional(length4_xdr, name="newsize4")

LAYOUTCOMMIT4resok_xdr = _x.Struct(
    "LAYOUTCOMMIT4resok",
    [
        ("locr_newsize", newsize4_xdr),
    ],
    cls=LAYOUTCOMMIT4resok,
)

LAYOUTCOMMIT4res_xdr = _x.Union(
    "LAYOUTCOMMIT4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("locr_resok4", LAYOUTCOMMIT4resok_xdr),
    },
    default=("void", _x.Void),
    cls=LAYOUTCOMMIT4res,
)

LAYOUTGET4args_xdr = _x.Struct(
    "LAYOUTGET4args",
    [
        ("loga_signal_layout_avail", _x.Bool),
        ("loga_layout_type", layouttype4_xdr),
        ("loga_iomode", layoutiomode4_xdr),
        ("loga_offset", offset4_xdr),
        ("loga_length", length4_xdr),
        ("loga_minlength", length4_xdr),
        ("loga_stateid", stateid4_xdr),
        ("loga_maxcount", count4_xdr),
    ],
    cls=LAYOUTGET4args,
)

LAYOUTGET4resok_xdr = _x.Struct(
    "LAYOUTGET4resok",
    [
        ("logr_return_on_close", _x.Bool),
        ("logr_stateid", stateid4_xdr),
        ("logr_layout", _x.Array(layout4_xdr, None)),
    ],
    cls=LAYOUTGET4resok,
)

LAYOUTGET4res_xdr = _x.Union(
    "LAYOUTGET4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("logr_resok4", LAYOUTGET4resok_xdr),
        nfsstat4.NFS4ERR_LAYOUTTRYLATER: ("logr_will_signal_layout_avail", _x.Bool),
    },
    default=("void", _x.Void),
    cls=LAYOUTGET4res,
)

LAYOUTRETURN4args_xdr = _x.Struct(
    "LAYOUTRETURN4args",
    [
        ("lora_reclaim", _x.Bool),
        ("lora_layout_type", layouttype4_xdr),
        ("lora_iomode", layoutiomode4_xdr),
        ("lora_layoutreturn", layoutreturn4_xdr),
    ],
    cls=LAYOUTRETURN4args,
)

layoutreturn_stateid_xdr = _x.Optional(stateid4_xdr, name="layoutreturn_stateid")

LAYOUTRETURN4res_xdr = _x.Union(
    "LAYOUTRETURN4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("lorr_stateid", layoutreturn_stateid_xdr),
    },
    default=("void", _x.Void),
    cls=LAYOUTRETURN4res,
)

secinfo_style4_xdr = _x.Enum("secinfo_style4", secinfo_style4)

SECINFO_NO_NAME4args_xdr = secinfo_style4_xdr

SECINFO_NO_NAME4res_xdr = SECINFO4res_xdr

SEQUENCE4args_xdr = _x.Struct(
    "SEQUENCE4args",
    [
        ("sa_sessionid", sessionid4_xdr),
        ("sa_sequenceid", sequenceid4_xdr),
        ("sa_slotid", slotid4_xdr),
        ("sa_highest_slotid", slotid4_xdr),
        ("sa_cachethis", _x.Bool),
    ],
    cls=SEQUENCE4args,
)

SEQUENCE4resok_xdr = _x.Struct(
    "SEQUENCE4resok",
    [
        ("sr_sessionid", sessionid4_xdr),
        ("sr_sequenceid", sequenceid4_xdr),
        ("sr_slotid", slotid4_xdr),
        ("sr_highest_slotid", slotid4_xdr),
        ("sr_target_highest_slotid", slotid4_xdr),
        ("sr_status_flags", uint32_t_xdr),
    ],
    cls=SEQUENCE4resok,
)

SEQUENCE4res_xdr = _x.Union(
    "SEQUENCE4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("sr_resok4", SEQUENCE4resok_xdr),
    },
    default=("void", _x.Void),
    cls=SEQUENCE4res,
)

ssa_digest_input4_xdr = _x.Struct(
    "ssa_digest_input4",
    [
        ("sdi_seqargs", SEQUENCE4args_xdr),
    ],
    cls=ssa_digest_input4,
)

SET_SSV4args_xdr = _x.Struct(
    "SET_SSV4args",
    [
        ("ssa_ssv", _x.VarOpaque()),
        ("ssa_digest", _x.VarOpaque()),
    ],
    cls=SET_SSV4args,
)

ssr_digest_input4_xdr = _x.Struct(
    "ssr_digest_input4",
    [
        ("sdi_seqres", SEQUENCE4res_xdr),
    ],
    cls=ssr_digest_input4,
)

SET_SSV4resok_xdr = _x.Struct(
    "SET_SSV4resok",
    [
        ("ssr_digest", _x.VarOpaque()),
    ],
    cls=SET_SSV4resok,
)

SET_SSV4res_xdr = _x.Union(
    "SET_SSV4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("ssr_resok4", SET_SSV4resok_xdr),
    },
    default=("void", _x.Void),
    cls=SET_SSV4res,
)

TEST_STATEID4args_xdr = _x.Struct(
    "TEST_STATEID4args",
    [
        ("ts_stateids", _x.Array(stateid4_xdr, None)),
    ],
    cls=TEST_STATEID4args,
)

TEST_STATEID4resok_xdr = _x.Struct(
    "TEST_STATEID4resok",
    [
        ("tsr_status_codes", _x.Array(nfsstat4_xdr, None)),
    ],
    cls=TEST_STATEID4resok,
)

TEST_STATEID4res_xdr = _x.Union(
    "TEST_STATEID4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("tsr_resok4", TEST_STATEID4resok_xdr),
    },
    default=("void", _x.Void),
    cls=TEST_STATEID4res,
)

deleg_claim4_xdr = _x.Union(
    "deleg_claim4",
    open_claim_type4_xdr,
    {
        open_claim_type4.CLAIM_FH: ("void", _x.Void),
        open_claim_type4.CLAIM_DELEG_PREV_FH: ("void", _x.Void),
        open_claim_type4.CLAIM_PREVIOUS: ("dc_delegate_type", open_delegation_type4_xdr),
    },
    cls=deleg_claim4,
)

WANT_DELEGATION4args_xdr = _x.Struct(
    "WANT_DELEGATION4args",
    [
        ("wda_want", uint32_t_xdr),
        ("wda_claim", deleg_claim4_xdr),
    ],
    cls=WANT_DELEGATION4args,
)

WANT_DELEGATION4res_xdr = _x.Union(
    "WANT_DELEGATION4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("wdr_resok4", open_delegation4_xdr),
    },
    default=("void", _x.Void),
    cls=WANT_DELEGATION4res,
)

DESTROY_CLIENTID4args_xdr = _x.Struct(
    "DESTROY_CLIENTID4args",
    [
        ("dca_clientid", clientid4_xdr),
    ],
    cls=DESTROY_CLIENTID4args,
)

DESTROY_CLIENTID4res_xdr = _x.Struct(
    "DESTROY_CLIENTID4res",
    [
        ("dcr_status", nfsstat4_xdr),
    ],
    cls=DESTROY_CLIENTID4res,
)

RECLAIM_COMPLETE4args_xdr = _x.Struct(
    "RECLAIM_COMPLETE4args",
    [
        ("rca_one_fs", _x.Bool),
    ],
    cls=RECLAIM_COMPLETE4args,
)

RECLAIM_COMPLETE4res_xdr = _x.Struct(
    "RECLAIM_COMPLETE4res",
    [
        ("rcr_status", nfsstat4_xdr),
    ],
    cls=RECLAIM_COMPLETE4res,
)

COPY4args_xdr = _x.Struct(
    "COPY4args",
    [
        ("ca_src_stateid", stateid4_xdr),
        ("ca_dst_stateid", stateid4_xdr),
        ("ca_src_offset", offset4_xdr),
        ("ca_dst_offset", offset4_xdr),
        ("ca_count", length4_xdr),
        ("ca_consecutive", _x.Bool),
        ("ca_synchronous", _x.Bool),
        ("ca_source_server", _x.Array(netloc4_xdr, None)),
    ],
    cls=COPY4args,
)

copy_requirements4_xdr = _x.Struct(
    "copy_requirements4",
    [
        ("cr_consecutive", _x.Bool),
        ("cr_synchronous", _x.Bool),
    ],
    cls=copy_requirements4,
)

COPY4resok_xdr = _x.Struct(
    "COPY4resok",
    [
        ("cr_response", write_response4_xdr),
        ("cr_requirements", copy_requirements4_xdr),
    ],
    cls=COPY4resok,
)

COPY4res_xdr = _x.Union(
    "COPY4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("cr_resok4", COPY4resok_xdr),
        nfsstat4.NFS4ERR_OFFLOAD_NO_REQS: ("cr_requirements", copy_requirements4_xdr),
    },
    default=("void", _x.Void),
    cls=COPY4res,
)

COPY_NOTIFY4args_xdr = _x.Struct(
    "COPY_NOTIFY4args",
    [
        ("cna_src_stateid", stateid4_xdr),
        ("cna_destination_server", netloc4_xdr),
    ],
    cls=COPY_NOTIFY4args,
)

COPY_NOTIFY4resok_xdr = _x.Struct(
    "COPY_NOTIFY4resok",
    [
        ("cnr_lease_time", nfstime4_xdr),
        ("cnr_stateid", stateid4_xdr),
        ("cnr_source_server", _x.Array(netloc4_xdr, None)),
    ],
    cls=COPY_NOTIFY4resok,
)

COPY_NOTIFY4res_xdr = _x.Union(
    "COPY_NOTIFY4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", COPY_NOTIFY4resok_xdr),
    },
    default=("void", _x.Void),
    cls=COPY_NOTIFY4res,
)

OFFLOAD_CANCEL4args_xdr = _x.Struct(
    "OFFLOAD_CANCEL4args",
    [
        ("oca_stateid", stateid4_xdr),
    ],
    cls=OFFLOAD_CANCEL4args,
)

OFFLOAD_CANCEL4res_xdr = _x.Struct(
    "OFFLOAD_CANCEL4res",
    [
        ("ocr_status", nfsstat4_xdr),
    ],
    cls=OFFLOAD_CANCEL4res,
)

OFFLOAD_STATUS4args_xdr = _x.Struct(
    "OFFLOAD_STATUS4args",
    [
        ("osa_stateid", stateid4_xdr),
    ],
    cls=OFFLOAD_STATUS4args,
)

OFFLOAD_STATUS4resok_xdr = _x.Struct(
    "OFFLOAD_STATUS4resok",
    [
        ("osr_count", length4_xdr),
        ("osr_complete", _x.Array(nfsstat4_xdr, 1)),
    ],
    cls=OFFLOAD_STATUS4resok,
)

OFFLOAD_STATUS4res_xdr = _x.Union(
    "OFFLOAD_STATUS4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("osr_resok4", OFFLOAD_STATUS4resok_xdr),
    },
    default=("void", _x.Void),
    cls=OFFLOAD_STATUS4res,
)

ALLOCATE4args_xdr = _x.Struct(
    "ALLOCATE4args",
    [
        ("aa_stateid", stateid4_xdr),
        ("aa_offset", offset4_xdr),
        ("aa_length", length4_xdr),
    ],
    cls=ALLOCATE4args,
)

ALLOCATE4res_xdr = _x.Struct(
    "ALLOCATE4res",
    [
        ("ar_status", nfsstat4_xdr),
    ],
    cls=ALLOCATE4res,
)

DEALLOCATE4args_xdr = _x.Struct(
    "DEALLOCATE4args",
    [
        ("da_stateid", stateid4_xdr),
        ("da_offset", offset4_xdr),
        ("da_length", length4_xdr),
    ],
    cls=DEALLOCATE4args,
)

DEALLOCATE4res_xdr = _x.Struct(
    "DEALLOCATE4res",
    [
        ("dr_status", nfsstat4_xdr),
    ],
    cls=DEALLOCATE4res,
)

IO_ADVISE_type4_xdr = _x.Enum("IO_ADVISE_type4", IO_ADVISE_type4)

IO_ADVISE4args_xdr = _x.Struct(
    "IO_ADVISE4args",
    [
        ("iaa_stateid", stateid4_xdr),
        ("iaa_offset", offset4_xdr),
        ("iaa_count", length4_xdr),
        ("iaa_hints", bitmap4_xdr),
    ],
    cls=IO_ADVISE4args,
)

IO_ADVISE4resok_xdr = _x.Struct(
    "IO_ADVISE4resok",
    [
        ("ior_hints", bitmap4_xdr),
    ],
    cls=IO_ADVISE4resok,
)

IO_ADVISE4res_xdr = _x.Union(
    "IO_ADVISE4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", IO_ADVISE4resok_xdr),
    },
    default=("void", _x.Void),
    cls=IO_ADVISE4res,
)

device_error4_xdr = _x.Struct(
    "device_error4",
    [
        ("de_deviceid", deviceid4_xdr),
        ("de_status", nfsstat4_xdr),
        ("de_opnum", nfs_opnum4_xdr),
    ],
    cls=device_error4,
)

LAYOUTERROR4args_xdr = _x.Struct(
    "LAYOUTERROR4args",
    [
        ("lea_offset", offset4_xdr),
        ("lea_length", length4_xdr),
        ("lea_stateid", stateid4_xdr),
        ("lea_errors", _x.Array(device_error4_xdr, None)),
    ],
    cls=LAYOUTERROR4args,
)

LAYOUTERROR4res_xdr = _x.Struct(
    "LAYOUTERROR4res",
    [
        ("ler_status", nfsstat4_xdr),
    ],
    cls=LAYOUTERROR4res,
)

io_info4_xdr = _x.Struct(
    "io_info4",
    [
        ("ii_count", uint64_t_xdr),
        ("ii_bytes", uint64_t_xdr),
    ],
    cls=io_info4,
)

LAYOUTSTATS4args_xdr = _x.Struct(
    "LAYOUTSTATS4args",
    [
        ("lsa_offset", offset4_xdr),
        ("lsa_length", length4_xdr),
        ("lsa_stateid", stateid4_xdr),
        ("lsa_read", io_info4_xdr),
        ("lsa_write", io_info4_xdr),
        ("lsa_deviceid", deviceid4_xdr),
        ("lsa_layoutupdate", layoutupdate4_xdr),
    ],
    cls=LAYOUTSTATS4args,
)

LAYOUTSTATS4res_xdr = _x.Struct(
    "LAYOUTSTATS4res",
    [
        ("lsr_status", nfsstat4_xdr),
    ],
    cls=LAYOUTSTATS4res,
)

READ_PLUS4args_xdr = _x.Struct(
    "READ_PLUS4args",
    [
        ("rpa_stateid", stateid4_xdr),
        ("rpa_offset", offset4_xdr),
        ("rpa_count", count4_xdr),
    ],
    cls=READ_PLUS4args,
)

read_plus_content_xdr = _x.Union(
    "read_plus_content",
    data_content4_xdr,
    {
        data_content4.NFS4_CONTENT_DATA: ("rpc_data", data4_xdr),
        data_content4.NFS4_CONTENT_HOLE: ("rpc_hole", data_info4_xdr),
    },
    default=("void", _x.Void),
    cls=read_plus_content,
)

read_plus_res4_xdr = _x.Struct(
    "read_plus_res4",
    [
        ("rpr_eof", _x.Bool),
        ("rpr_contents", _x.Array(read_plus_content_xdr, None)),
    ],
    cls=read_plus_res4,
)

READ_PLUS4res_xdr = _x.Union(
    "READ_PLUS4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("rp_resok4", read_plus_res4_xdr),
    },
    default=("void", _x.Void),
    cls=READ_PLUS4res,
)

SEEK4args_xdr = _x.Struct(
    "SEEK4args",
    [
        ("sa_stateid", stateid4_xdr),
        ("sa_offset", offset4_xdr),
        ("sa_what", data_content4_xdr),
    ],
    cls=SEEK4args,
)

seek_res4_xdr = _x.Struct(
    "seek_res4",
    [
        ("sr_eof", _x.Bool),
        ("sr_offset", offset4_xdr),
    ],
    cls=seek_res4,
)

SEEK4res_xdr = _x.Union(
    "SEEK4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", seek_res4_xdr),
    },
    default=("void", _x.Void),
    cls=SEEK4res,
)

WRITE_SAME4args_xdr = _x.Struct(
    "WRITE_SAME4args",
    [
        ("wsa_stateid", stateid4_xdr),
        ("wsa_stable", stable_how4_xdr),
        ("wsa_adb", app_data_block4_xdr),
    ],
    cls=WRITE_SAME4args,
)

WRITE_SAME4res_xdr = _x.Union(
    "WRITE_SAME4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", write_response4_xdr),
    },
    default=("void", _x.Void),
    cls=WRITE_SAME4res,
)

CLONE4args_xdr = _x.Struct(
    "CLONE4args",
    [
        ("cl_src_stateid", stateid4_xdr),
        ("cl_dst_stateid", stateid4_xdr),
        ("cl_src_offset", offset4_xdr),
        ("cl_dst_offset", offset4_xdr),
        ("cl_count", length4_xdr),
    ],
    cls=CLONE4args,
)

CLONE4res_xdr = _x.Struct(
    "CLONE4res",
    [
        ("cl_status", nfsstat4_xdr),
    ],
    cls=CLONE4res,
)

GETXATTR4args_xdr = _x.Struct(
    "GETXATTR4args",
    [
        ("gxa_name", xattrkey4_xdr),
    ],
    cls=GETXATTR4args,
)

GETXATTR4res_xdr = _x.Union(
    "GETXATTR4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("gxr_value", xattrvalue4_xdr),
    },
    default=("void", _x.Void),
    cls=GETXATTR4res,
)

setxattr_option4_xdr = _x.Enum("setxattr_option4", setxattr_option4)

SETXATTR4args_xdr = _x.Struct(
    "SETXATTR4args",
    [
        ("sxa_option", setxattr_option4_xdr),
        ("sxa_key", xattrkey4_xdr),
        ("sxa_value", xattrvalue4_xdr),
    ],
    cls=SETXATTR4args,
)

SETXATTR4res_xdr = _x.Union(
    "SETXATTR4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("sxr_info", change_info4_xdr),
    },
    default=("void", _x.Void),
    cls=SETXATTR4res,
)

LISTXATTRS4args_xdr = _x.Struct(
    "LISTXATTRS4args",
    [
        ("lxa_cookie", nfs_cookie4_xdr),
        ("lxa_maxcount", count4_xdr),
    ],
    cls=LISTXATTRS4args,
)

LISTXATTRS4resok_xdr = _x.Struct(
    "LISTXATTRS4resok",
    [
        ("lxr_cookie", nfs_cookie4_xdr),
        ("lxr_names", _x.Array(xattrkey4_xdr, None)),
        ("lxr_eof", _x.Bool),
    ],
    cls=LISTXATTRS4resok,
)

LISTXATTRS4res_xdr = _x.Union(
    "LISTXATTRS4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("lxr_value", LISTXATTRS4resok_xdr),
    },
    default=("void", _x.Void),
    cls=LISTXATTRS4res,
)

REMOVEXATTR4args_xdr = _x.Struct(
    "REMOVEXATTR4args",
    [
        ("rxa_name", xattrkey4_xdr),
    ],
    cls=REMOVEXATTR4args,
)

REMOVEXATTR4res_xdr = _x.Union(
    "REMOVEXATTR4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("rxr_info", change_info4_xdr),
    },
    default=("void", _x.Void),
    cls=REMOVEXATTR4res,
)

nfs_argop4_xdr = _x.Union(
    "nfs_argop4",
    nfs_opnum4_xdr,
    {
        nfs_opnum4.OP_ACCESS: ("opaccess", ACCESS4args_xdr),
        nfs_opnum4.OP_CLOSE: ("opclose", CLOSE4args_xdr),
        nfs_opnum4.OP_COMMIT: ("opcommit", COMMIT4args_xdr),
        nfs_opnum4.OP_CREATE: ("opcreate", CREATE4args_xdr),
        nfs_opnum4.OP_DELEGPURGE: ("opdelegpurge", DELEGPURGE4args_xdr),
        nfs_opnum4.OP_DELEGRETURN: ("opdelegreturn", DELEGRETURN4args_xdr),
        nfs_opnum4.OP_GETATTR: ("opgetattr", GETATTR4args_xdr),
        nfs_opnum4.OP_GETFH: ("void", _x.Void),
        nfs_opnum4.OP_LINK: ("oplink", LINK4args_xdr),
        nfs_opnum4.OP_LOCK: ("oplock", LOCK4args_xdr),
        nfs_opnum4.OP_LOCKT: ("oplockt", LOCKT4args_xdr),
        nfs_opnum4.OP_LOCKU: ("oplocku", LOCKU4args_xdr),
        nfs_opnum4.OP_LOOKUP: ("oplookup", LOOKUP4args_xdr),
        nfs_opnum4.OP_LOOKUPP: ("void", _x.Void),
        nfs_opnum4.OP_NVERIFY: ("opnverify", NVERIFY4args_xdr),
        nfs_opnum4.OP_OPEN: ("opopen", OPEN4args_xdr),
        nfs_opnum4.OP_OPENATTR: ("opopenattr", OPENATTR4args_xdr),
        nfs_opnum4.OP_OPEN_CONFIRM: ("opopen_confirm", OPEN_CONFIRM4args_xdr),
        nfs_opnum4.OP_OPEN_DOWNGRADE: ("opopen_downgrade", OPEN_DOWNGRADE4args_xdr),
        nfs_opnum4.OP_PUTFH: ("opputfh", PUTFH4args_xdr),
        nfs_opnum4.OP_PUTPUBFH: ("void", _x.Void),
        nfs_opnum4.OP_PUTROOTFH: ("void", _x.Void),
        nfs_opnum4.OP_READ: ("opread", READ4args_xdr),
        nfs_opnum4.OP_READDIR: ("opreaddir", READDIR4args_xdr),
        nfs_opnum4.OP_READLINK: ("void", _x.Void),
        nfs_opnum4.OP_REMOVE: ("opremove", REMOVE4args_xdr),
        nfs_opnum4.OP_RENAME: ("oprename", RENAME4args_xdr),
        nfs_opnum4.OP_RENEW: ("oprenew", RENEW4args_xdr),
        nfs_opnum4.OP_RESTOREFH: ("void", _x.Void),
        nfs_opnum4.OP_SAVEFH: ("void", _x.Void),
        nfs_opnum4.OP_SECINFO: ("opsecinfo", SECINFO4args_xdr),
        nfs_opnum4.OP_SETATTR: ("opsetattr", SETATTR4args_xdr),
        nfs_opnum4.OP_SETCLIENTID: ("opsetclientid", SETCLIENTID4args_xdr),
        nfs_opnum4.OP_SETCLIENTID_CONFIRM: ("opsetclientid_confirm", SETCLIENTID_CONFIRM4args_xdr),
        nfs_opnum4.OP_VERIFY: ("opverify", VERIFY4args_xdr),
        nfs_opnum4.OP_WRITE: ("opwrite", WRITE4args_xdr),
        nfs_opnum4.OP_RELEASE_LOCKOWNER: ("oprelease_lockowner", RELEASE_LOCKOWNER4args_xdr),
        nfs_opnum4.OP_BACKCHANNEL_CTL: ("opbackchannel_ctl", BACKCHANNEL_CTL4args_xdr),
        nfs_opnum4.OP_BIND_CONN_TO_SESSION: ("opbind_conn_to_session", BIND_CONN_TO_SESSION4args_xdr),
        nfs_opnum4.OP_EXCHANGE_ID: ("opexchange_id", EXCHANGE_ID4args_xdr),
        nfs_opnum4.OP_CREATE_SESSION: ("opcreate_session", CREATE_SESSION4args_xdr),
        nfs_opnum4.OP_DESTROY_SESSION: ("opdestroy_session", DESTROY_SESSION4args_xdr),
        nfs_opnum4.OP_FREE_STATEID: ("opfree_stateid", FREE_STATEID4args_xdr),
        nfs_opnum4.OP_GET_DIR_DELEGATION: ("opget_dir_delegation", GET_DIR_DELEGATION4args_xdr),
        nfs_opnum4.OP_GETDEVICEINFO: ("opgetdeviceinfo", GETDEVICEINFO4args_xdr),
        nfs_opnum4.OP_GETDEVICELIST: ("opgetdevicelist", GETDEVICELIST4args_xdr),
        nfs_opnum4.OP_LAYOUTCOMMIT: ("oplayoutcommit", LAYOUTCOMMIT4args_xdr),
        nfs_opnum4.OP_LAYOUTGET: ("oplayoutget", LAYOUTGET4args_xdr),
        nfs_opnum4.OP_LAYOUTRETURN: ("oplayoutreturn", LAYOUTRETURN4args_xdr),
        nfs_opnum4.OP_SECINFO_NO_NAME: ("opsecinfo_no_name", SECINFO_NO_NAME4args_xdr),
        nfs_opnum4.OP_SEQUENCE: ("opsequence", SEQUENCE4args_xdr),
        nfs_opnum4.OP_SET_SSV: ("opset_ssv", SET_SSV4args_xdr),
        nfs_opnum4.OP_TEST_STATEID: ("optest_stateid", TEST_STATEID4args_xdr),
        nfs_opnum4.OP_WANT_DELEGATION: ("opwant_delegation", WANT_DELEGATION4args_xdr),
        nfs_opnum4.OP_DESTROY_CLIENTID: ("opdestroy_clientid", DESTROY_CLIENTID4args_xdr),
        nfs_opnum4.OP_RECLAIM_COMPLETE: ("opreclaim_complete", RECLAIM_COMPLETE4args_xdr),
        nfs_opnum4.OP_ALLOCATE: ("opallocate", ALLOCATE4args_xdr),
        nfs_opnum4.OP_COPY: ("opcopy", COPY4args_xdr),
        nfs_opnum4.OP_COPY_NOTIFY: ("opoffload_notify", COPY_NOTIFY4args_xdr),
        nfs_opnum4.OP_DEALLOCATE: ("opdeallocate", DEALLOCATE4args_xdr),
        nfs_opnum4.OP_IO_ADVISE: ("opio_advise", IO_ADVISE4args_xdr),
        nfs_opnum4.OP_LAYOUTERROR: ("oplayouterror", LAYOUTERROR4args_xdr),
        nfs_opnum4.OP_LAYOUTSTATS: ("oplayoutstats", LAYOUTSTATS4args_xdr),
        nfs_opnum4.OP_OFFLOAD_CANCEL: ("opoffload_cancel", OFFLOAD_CANCEL4args_xdr),
        nfs_opnum4.OP_OFFLOAD_STATUS: ("opoffload_status", OFFLOAD_STATUS4args_xdr),
        nfs_opnum4.OP_READ_PLUS: ("opread_plus", READ_PLUS4args_xdr),
        nfs_opnum4.OP_SEEK: ("opseek", SEEK4args_xdr),
        nfs_opnum4.OP_WRITE_SAME: ("opwrite_same", WRITE_SAME4args_xdr),
        nfs_opnum4.OP_CLONE: ("opclone", CLONE4args_xdr),
        nfs_opnum4.OP_GETXATTR: ("opgetxattr", GETXATTR4args_xdr),
        nfs_opnum4.OP_SETXATTR: ("opsetxattr", SETXATTR4args_xdr),
        nfs_opnum4.OP_LISTXATTRS: ("oplistxattrs", LISTXATTRS4args_xdr),
        nfs_opnum4.OP_REMOVEXATTR: ("opremovexattr", REMOVEXATTR4args_xdr),
        nfs_opnum4.OP_ILLEGAL: ("void", _x.Void),
    },
    cls=nfs_argop4,
)

nfs_resop4_xdr = _x.Union(
    "nfs_resop4",
    nfs_opnum4_xdr,
    {
        nfs_opnum4.OP_ACCESS: ("opaccess", ACCESS4res_xdr),
        nfs_opnum4.OP_CLOSE: ("opclose", CLOSE4res_xdr),
        nfs_opnum4.OP_COMMIT: ("opcommit", COMMIT4res_xdr),
        nfs_opnum4.OP_CREATE: ("opcreate", CREATE4res_xdr),
        nfs_opnum4.OP_DELEGPURGE: ("opdelegpurge", DELEGPURGE4res_xdr),
        nfs_opnum4.OP_DELEGRETURN: ("opdelegreturn", DELEGRETURN4res_xdr),
        nfs_opnum4.OP_GETATTR: ("opgetattr", GETATTR4res_xdr),
        nfs_opnum4.OP_GETFH: ("opgetfh", GETFH4res_xdr),
        nfs_opnum4.OP_LINK: ("oplink", LINK4res_xdr),
        nfs_opnum4.OP_LOCK: ("oplock", LOCK4res_xdr),
        nfs_opnum4.OP_LOCKT: ("oplockt", LOCKT4res_xdr),
        nfs_opnum4.OP_LOCKU: ("oplocku", LOCKU4res_xdr),
        nfs_opnum4.OP_LOOKUP: ("oplookup", LOOKUP4res_xdr),
        nfs_opnum4.OP_LOOKUPP: ("oplookupp", LOOKUPP4res_xdr),
        nfs_opnum4.OP_NVERIFY: ("opnverify", NVERIFY4res_xdr),
        nfs_opnum4.OP_OPEN: ("opopen", OPEN4res_xdr),
        nfs_opnum4.OP_OPENATTR: ("opopenattr", OPENATTR4res_xdr),
        nfs_opnum4.OP_OPEN_CONFIRM: ("opopen_confirm", OPEN_CONFIRM4res_xdr),
        nfs_opnum4.OP_OPEN_DOWNGRADE: ("opopen_downgrade", OPEN_DOWNGRADE4res_xdr),
        nfs_opnum4.OP_PUTFH: ("opputfh", PUTFH4res_xdr),
        nfs_opnum4.OP_PUTPUBFH: ("opputpubfh", PUTPUBFH4res_xdr),
        nfs_opnum4.OP_PUTROOTFH: ("opputrootfh", PUTROOTFH4res_xdr),
        nfs_opnum4.OP_READ: ("opread", READ4res_xdr),
        nfs_opnum4.OP_READDIR: ("opreaddir", READDIR4res_xdr),
        nfs_opnum4.OP_READLINK: ("opreadlink", READLINK4res_xdr),
        nfs_opnum4.OP_REMOVE: ("opremove", REMOVE4res_xdr),
        nfs_opnum4.OP_RENAME: ("oprename", RENAME4res_xdr),
        nfs_opnum4.OP_RENEW: ("oprenew", RENEW4res_xdr),
        nfs_opnum4.OP_RESTOREFH: ("oprestorefh", RESTOREFH4res_xdr),
        nfs_opnum4.OP_SAVEFH: ("opsavefh", SAVEFH4res_xdr),
        nfs_opnum4.OP_SECINFO: ("opsecinfo", SECINFO4res_xdr),
        nfs_opnum4.OP_SETATTR: ("opsetattr", SETATTR4res_xdr),
        nfs_opnum4.OP_SETCLIENTID: ("opsetclientid", SETCLIENTID4res_xdr),
        nfs_opnum4.OP_SETCLIENTID_CONFIRM: ("opsetclientid_confirm", SETCLIENTID_CONFIRM4res_xdr),
        nfs_opnum4.OP_VERIFY: ("opverify", VERIFY4res_xdr),
        nfs_opnum4.OP_WRITE: ("opwrite", WRITE4res_xdr),
        nfs_opnum4.OP_RELEASE_LOCKOWNER: ("oprelease_lockowner", RELEASE_LOCKOWNER4res_xdr),
        nfs_opnum4.OP_BACKCHANNEL_CTL: ("opbackchannel_ctl", BACKCHANNEL_CTL4res_xdr),
        nfs_opnum4.OP_BIND_CONN_TO_SESSION: ("opbind_conn_to_session", BIND_CONN_TO_SESSION4res_xdr),
        nfs_opnum4.OP_EXCHANGE_ID: ("opexchange_id", EXCHANGE_ID4res_xdr),
        nfs_opnum4.OP_CREATE_SESSION: ("opcreate_session", CREATE_SESSION4res_xdr),
        nfs_opnum4.OP_DESTROY_SESSION: ("opdestroy_session", DESTROY_SESSION4res_xdr),
        nfs_opnum4.OP_FREE_STATEID: ("opfree_stateid", FREE_STATEID4res_xdr),
        nfs_opnum4.OP_GET_DIR_DELEGATION: ("opget_dir_delegation", GET_DIR_DELEGATION4res_xdr),
        nfs_opnum4.OP_GETDEVICEINFO: ("opgetdeviceinfo", GETDEVICEINFO4res_xdr),
        nfs_opnum4.OP_GETDEVICELIST: ("opgetdevicelist", GETDEVICELIST4res_xdr),
        nfs_opnum4.OP_LAYOUTCOMMIT: ("oplayoutcommit", LAYOUTCOMMIT4res_xdr),
        nfs_opnum4.OP_LAYOUTGET: ("oplayoutget", LAYOUTGET4res_xdr),
        nfs_opnum4.OP_LAYOUTRETURN: ("oplayoutreturn", LAYOUTRETURN4res_xdr),
        nfs_opnum4.OP_SECINFO_NO_NAME: ("opsecinfo_no_name", SECINFO_NO_NAME4res_xdr),
        nfs_opnum4.OP_SEQUENCE: ("opsequence", SEQUENCE4res_xdr),
        nfs_opnum4.OP_SET_SSV: ("opset_ssv", SET_SSV4res_xdr),
        nfs_opnum4.OP_TEST_STATEID: ("optest_stateid", TEST_STATEID4res_xdr),
        nfs_opnum4.OP_WANT_DELEGATION: ("opwant_delegation", WANT_DELEGATION4res_xdr),
        nfs_opnum4.OP_DESTROY_CLIENTID: ("opdestroy_clientid", DESTROY_CLIENTID4res_xdr),
        nfs_opnum4.OP_RECLAIM_COMPLETE: ("opreclaim_complete", RECLAIM_COMPLETE4res_xdr),
        nfs_opnum4.OP_ALLOCATE: ("opallocate", ALLOCATE4res_xdr),
        nfs_opnum4.OP_COPY: ("opcopy", COPY4res_xdr),
        nfs_opnum4.OP_COPY_NOTIFY: ("opcopy_notify", COPY_NOTIFY4res_xdr),
        nfs_opnum4.OP_DEALLOCATE: ("opdeallocate", DEALLOCATE4res_xdr),
        nfs_opnum4.OP_IO_ADVISE: ("opio_advise", IO_ADVISE4res_xdr),
        nfs_opnum4.OP_LAYOUTERROR: ("oplayouterror", LAYOUTERROR4res_xdr),
        nfs_opnum4.OP_LAYOUTSTATS: ("oplayputstats", LAYOUTSTATS4res_xdr),
        nfs_opnum4.OP_OFFLOAD_CANCEL: ("opoffload_cancel", OFFLOAD_CANCEL4res_xdr),
        nfs_opnum4.OP_OFFLOAD_STATUS: ("opoffload_status", OFFLOAD_STATUS4res_xdr),
        nfs_opnum4.OP_READ_PLUS: ("opread_plus", READ_PLUS4res_xdr),
        nfs_opnum4.OP_SEEK: ("opseek", SEEK4res_xdr),
        nfs_opnum4.OP_WRITE_SAME: ("opwrite_same", WRITE_SAME4res_xdr),
        nfs_opnum4.OP_CLONE: ("opclone", CLONE4res_xdr),
        nfs_opnum4.OP_GETXATTR: ("opgetxattr", GETXATTR4res_xdr),
        nfs_opnum4.OP_SETXATTR: ("opsetxattr", SETXATTR4res_xdr),
        nfs_opnum4.OP_LISTXATTRS: ("oplistxattrs", LISTXATTRS4res_xdr),
        nfs_opnum4.OP_REMOVEXATTR: ("opremovexattr", REMOVEXATTR4res_xdr),
        nfs_opnum4.OP_ILLEGAL: ("opillegal", ILLEGAL4res_xdr),
    },
    cls=nfs_resop4,
)

COMPOUND4args_xdr = _x.Struct(
    "COMPOUND4args",
    [
        ("tag", utf8str_cs_xdr),
        ("minorversion", uint32_t_xdr),
        ("argarray", _x.Array(nfs_argop4_xdr, None)),
    ],
    cls=COMPOUND4args,
)

COMPOUND4res_xdr = _x.Struct(
    "COMPOUND4res",
    [
        ("status", nfsstat4_xdr),
        ("tag", utf8str_cs_xdr),
        ("resarray", _x.Array(nfs_resop4_xdr, None)),
    ],
    cls=COMPOUND4res,
)

CB_GETATTR4args_xdr = _x.Struct(
    "CB_GETATTR4args",
    [
        ("fh", nfs_fh4_xdr),
        ("attr_request", bitmap4_xdr),
    ],
    cls=CB_GETATTR4args,
)

CB_GETATTR4resok_xdr = _x.Struct(
    "CB_GETATTR4resok",
    [
        ("obj_attributes", fattr4_xdr),
    ],
    cls=CB_GETATTR4resok,
)

CB_GETATTR4res_xdr = _x.Union(
    "CB_GETATTR4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("resok4", CB_GETATTR4resok_xdr),
    },
    default=("void", _x.Void),
    cls=CB_GETATTR4res,
)

CB_RECALL4args_xdr = _x.Struct(
    "CB_RECALL4args",
    [
        ("stateid", stateid4_xdr),
        ("truncate", _x.Bool),
        ("fh", nfs_fh4_xdr),
    ],
    cls=CB_RECALL4args,
)

CB_RECALL4res_xdr = _x.Struct(
    "CB_RECALL4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=CB_RECALL4res,
)

CB_ILLEGAL4res_xdr = _x.Struct(
    "CB_ILLEGAL4res",
    [
        ("status", nfsstat4_xdr),
    ],
    cls=CB_ILLEGAL4res,
)

layoutrecall_type4_xdr = _x.Enum("layoutrecall_type4", layoutrecall_type4)

layoutrecall_file4_xdr = _x.Struct(
    "layoutrecall_file4",
    [
        ("lor_fh", nfs_fh4_xdr),
        ("lor_offset", offset4_xdr),
        ("lor_length", length4_xdr),
        ("lor_stateid", stateid4_xdr),
    ],
    cls=layoutrecall_file4,
)

layoutrecall4_xdr = _x.Union(
    "layoutrecall4",
    layoutrecall_type4_xdr,
    {
        layoutrecall_type4.LAYOUTRECALL4_FILE: ("lor_layout", layoutrecall_file4_xdr),
        layoutrecall_type4.LAYOUTRECALL4_FSID: ("lor_fsid", fsid4_xdr),
        layoutrecall_type4.LAYOUTRECALL4_ALL: ("void", _x.Void),
    },
    cls=layoutrecall4,
)

CB_LAYOUTRECALL4args_xdr = _x.Struct(
    "CB_LAYOUTRECALL4args",
    [
        ("clora_type", layouttype4_xdr),
        ("clora_iomode", layoutiomode4_xdr),
        ("clora_changed", _x.Bool),
        ("clora_recall", layoutrecall4_xdr),
    ],
    cls=CB_LAYOUTRECALL4args,
)

CB_LAYOUTRECALL4res_xdr = _x.Struct(
    "CB_LAYOUTRECALL4res",
    [
        ("clorr_status", nfsstat4_xdr),
    ],
    cls=CB_LAYOUTRECALL4res,
)

notify_type4_xdr = _x.Enum("notify_type4", notify_type4)

notify_entry4_xdr = _x.Struct(
    "notify_entry4",
    [
        ("ne_file", component4_xdr),
        ("ne_attrs", fattr4_xdr),
    ],
    cls=notify_entry4,
)

prev_entry4_xdr = _x.Struct(
    "prev_entry4",
    [
        ("pe_prev_entry", notify_entry4_xdr),
        ("pe_prev_entry_cookie", nfs_cookie4_xdr),
    ],
    cls=prev_entry4,
)

notify_remove4_xdr = _x.Struct(
    "notify_remove4",
    [
        ("nrm_old_entry", notify_entry4_xdr),
        ("nrm_old_entry_cookie", nfs_cookie4_xdr),
    ],
    cls=notify_remove4,
)

notify_add4_xdr = _x.Struct(
    "notify_add4",
    [
        ("nad_old_entry", _x.Array(notify_remove4_xdr, 1)),
        ("nad_new_entry", notify_entry4_xdr),
        ("nad_new_entry_cookie", _x.Array(nfs_cookie4_xdr, 1)),
        ("nad_prev_entry", _x.Array(prev_entry4_xdr, 1)),
        ("nad_last_entry", _x.Bool),
    ],
    cls=notify_add4,
)

notify_attr4_xdr = _x.Struct(
    "notify_attr4",
    [
        ("na_changed_entry", notify_entry4_xdr),
    ],
    cls=notify_attr4,
)

notify_rename4_xdr = _x.Struct(
    "notify_rename4",
    [
        ("nrn_old_entry", notify_remove4_xdr),
        ("nrn_new_entry", notify_add4_xdr),
    ],
    cls=notify_rename4,
)

notify_verifier4_xdr = _x.Struct(
    "notify_verifier4",
    [
        ("nv_old_cookieverf", verifier4_xdr),
        ("nv_new_cookieverf", verifier4_xdr),
    ],
    cls=notify_verifier4,
)

notifylist4_xdr = _x.VarOpaque(name="notifylist4")

notify4_xdr = _x.Struct(
    "notify4",
    [
        ("notify_mask", bitmap4_xdr),
        ("notify_vals", notifylist4_xdr),
    ],
    cls=notify4,
)

CB_NOTIFY4args_xdr = _x.Struct(
    "CB_NOTIFY4args",
    [
        ("cna_stateid", stateid4_xdr),
        ("cna_fh", nfs_fh4_xdr),
        ("cna_changes", _x.Array(notify4_xdr, None)),
    ],
    cls=CB_NOTIFY4args,
)

CB_NOTIFY4res_xdr = _x.Struct(
    "CB_NOTIFY4res",
    [
        ("cnr_status", nfsstat4_xdr),
    ],
    cls=CB_NOTIFY4res,
)

CB_PUSH_DELEG4args_xdr = _x.Struct(
    "CB_PUSH_DELEG4args",
    [
        ("cpda_fh", nfs_fh4_xdr),
        ("cpda_delegation", open_delegation4_xdr),
    ],
    cls=CB_PUSH_DELEG4args,
)

CB_PUSH_DELEG4res_xdr = _x.Struct(
    "CB_PUSH_DELEG4res",
    [
        ("cpdr_status", nfsstat4_xdr),
    ],
    cls=CB_PUSH_DELEG4res,
)

CB_RECALL_ANY4args_xdr = _x.Struct(
    "CB_RECALL_ANY4args",
    [
        ("craa_objects_to_keep", uint32_t_xdr),
        ("craa_type_mask", bitmap4_xdr),
    ],
    cls=CB_RECALL_ANY4args,
)

CB_RECALL_ANY4res_xdr = _x.Struct(
    "CB_RECALL_ANY4res",
    [
        ("crar_status", nfsstat4_xdr),
    ],
    cls=CB_RECALL_ANY4res,
)

CB_RECALLABLE_OBJ_AVAIL4args_xdr = CB_RECALL_ANY4args_xdr

CB_RECALLABLE_OBJ_AVAIL4res_xdr = _x.Struct(
    "CB_RECALLABLE_OBJ_AVAIL4res",
    [
        ("croa_status", nfsstat4_xdr),
    ],
    cls=CB_RECALLABLE_OBJ_AVAIL4res,
)

CB_RECALL_SLOT4args_xdr = _x.Struct(
    "CB_RECALL_SLOT4args",
    [
        ("rsa_target_highest_slotid", slotid4_xdr),
    ],
    cls=CB_RECALL_SLOT4args,
)

CB_RECALL_SLOT4res_xdr = _x.Struct(
    "CB_RECALL_SLOT4res",
    [
        ("rsr_status", nfsstat4_xdr),
    ],
    cls=CB_RECALL_SLOT4res,
)

referring_call4_xdr = _x.Struct(
    "referring_call4",
    [
        ("rc_sequenceid", sequenceid4_xdr),
        ("rc_slotid", slotid4_xdr),
    ],
    cls=referring_call4,
)

referring_call_list4_xdr = _x.Struct(
    "referring_call_list4",
    [
        ("rcl_sessionid", sessionid4_xdr),
        ("rcl_referring_calls", _x.Array(referring_call4_xdr, None)),
    ],
    cls=referring_call_list4,
)

CB_SEQUENCE4args_xdr = _x.Struct(
    "CB_SEQUENCE4args",
    [
        ("csa_sessionid", sessionid4_xdr),
        ("csa_sequenceid", sequenceid4_xdr),
        ("csa_slotid", slotid4_xdr),
        ("csa_highest_slotid", slotid4_xdr),
        ("csa_cachethis", _x.Bool),
        ("csa_referring_call_lists", _x.Array(referring_call_list4_xdr, None)),
    ],
    cls=CB_SEQUENCE4args,
)

CB_SEQUENCE4resok_xdr = _x.Struct(
    "CB_SEQUENCE4resok",
    [
        ("csr_sessionid", sessionid4_xdr),
        ("csr_sequenceid", sequenceid4_xdr),
        ("csr_slotid", slotid4_xdr),
        ("csr_highest_slotid", slotid4_xdr),
        ("csr_target_highest_slotid", slotid4_xdr),
    ],
    cls=CB_SEQUENCE4resok,
)

CB_SEQUENCE4res_xdr = _x.Union(
    "CB_SEQUENCE4res",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("csr_resok4", CB_SEQUENCE4resok_xdr),
    },
    default=("void", _x.Void),
    cls=CB_SEQUENCE4res,
)

CB_WANTS_CANCELLED4args_xdr = _x.Struct(
    "CB_WANTS_CANCELLED4args",
    [
        ("cwca_contended_wants_cancelled", _x.Bool),
        ("cwca_resourced_wants_cancelled", _x.Bool),
    ],
    cls=CB_WANTS_CANCELLED4args,
)

CB_WANTS_CANCELLED4res_xdr = _x.Struct(
    "CB_WANTS_CANCELLED4res",
    [
        ("cwcr_status", nfsstat4_xdr),
    ],
    cls=CB_WANTS_CANCELLED4res,
)

CB_NOTIFY_LOCK4args_xdr = _x.Struct(
    "CB_NOTIFY_LOCK4args",
    [
        ("cnla_fh", nfs_fh4_xdr),
        ("cnla_lock_owner", lock_owner4_xdr),
    ],
    cls=CB_NOTIFY_LOCK4args,
)

CB_NOTIFY_LOCK4res_xdr = _x.Struct(
    "CB_NOTIFY_LOCK4res",
    [
        ("cnlr_status", nfsstat4_xdr),
    ],
    cls=CB_NOTIFY_LOCK4res,
)

notify_deviceid_type4_xdr = _x.Enum("notify_deviceid_type4", notify_deviceid_type4)

notify_deviceid_delete4_xdr = _x.Struct(
    "notify_deviceid_delete4",
    [
        ("ndd_layouttype", layouttype4_xdr),
        ("ndd_deviceid", deviceid4_xdr),
    ],
    cls=notify_deviceid_delete4,
)

notify_deviceid_change4_xdr = _x.Struct(
    "notify_deviceid_change4",
    [
        ("ndc_layouttype", layouttype4_xdr),
        ("ndc_deviceid", deviceid4_xdr),
        ("ndc_immediate", _x.Bool),
    ],
    cls=notify_deviceid_change4,
)

CB_NOTIFY_DEVICEID4args_xdr = _x.Struct(
    "CB_NOTIFY_DEVICEID4args",
    [
        ("cnda_changes", _x.Array(notify4_xdr, None)),
    ],
    cls=CB_NOTIFY_DEVICEID4args,
)

CB_NOTIFY_DEVICEID4res_xdr = _x.Struct(
    "CB_NOTIFY_DEVICEID4res",
    [
        ("cndr_status", nfsstat4_xdr),
    ],
    cls=CB_NOTIFY_DEVICEID4res,
)

offload_info4_xdr = _x.Union(
    "offload_info4",
    nfsstat4_xdr,
    {
        nfsstat4.NFS4_OK: ("coa_resok4", write_response4_xdr),
    },
    default=("coa_bytes_copied", length4_xdr),
    cls=offload_info4,
)

CB_OFFLOAD4args_xdr = _x.Struct(
    "CB_OFFLOAD4args",
    [
        ("coa_fh", nfs_fh4_xdr),
        ("coa_stateid", stateid4_xdr),
        ("coa_offload_info", offload_info4_xdr),
    ],
    cls=CB_OFFLOAD4args,
)

CB_OFFLOAD4res_xdr = _x.Struct(
    "CB_OFFLOAD4res",
    [
        ("cor_status", nfsstat4_xdr),
    ],
    cls=CB_OFFLOAD4res,
)

nfs_cb_opnum4_xdr = _x.Enum("nfs_cb_opnum4", nfs_cb_opnum4)

nfs_cb_argop4_xdr = _x.Union(
    "nfs_cb_argop4",
    nfs_cb_opnum4_xdr,
    {
        nfs_cb_opnum4.OP_CB_GETATTR: ("opcbgetattr", CB_GETATTR4args_xdr),
        nfs_cb_opnum4.OP_CB_RECALL: ("opcbrecall", CB_RECALL4args_xdr),
        nfs_cb_opnum4.OP_CB_LAYOUTRECALL: ("opcblayoutrecall", CB_LAYOUTRECALL4args_xdr),
        nfs_cb_opnum4.OP_CB_NOTIFY: ("opcbnotify", CB_NOTIFY4args_xdr),
        nfs_cb_opnum4.OP_CB_PUSH_DELEG: ("opcbpush_deleg", CB_PUSH_DELEG4args_xdr),
        nfs_cb_opnum4.OP_CB_RECALL_ANY: ("opcbrecall_any", CB_RECALL_ANY4args_xdr),
        nfs_cb_opnum4.OP_CB_RECALLABLE_OBJ_AVAIL: ("opcbrecallable_obj_avail", CB_RECALLABLE_OBJ_AVAIL4args_xdr),
        nfs_cb_opnum4.OP_CB_RECALL_SLOT: ("opcbrecall_slot", CB_RECALL_SLOT4args_xdr),
        nfs_cb_opnum4.OP_CB_SEQUENCE: ("opcbsequence", CB_SEQUENCE4args_xdr),
        nfs_cb_opnum4.OP_CB_WANTS_CANCELLED: ("opcbwants_cancelled", CB_WANTS_CANCELLED4args_xdr),
        nfs_cb_opnum4.OP_CB_NOTIFY_LOCK: ("opcbnotify_lock", CB_NOTIFY_LOCK4args_xdr),
        nfs_cb_opnum4.OP_CB_NOTIFY_DEVICEID: ("opcbnotify_deviceid", CB_NOTIFY_DEVICEID4args_xdr),
        nfs_cb_opnum4.OP_CB_OFFLOAD: ("opcboffload", CB_OFFLOAD4args_xdr),
        nfs_cb_opnum4.OP_CB_ILLEGAL: ("void", _x.Void),
    },
    cls=nfs_cb_argop4,
)

nfs_cb_resop4_xdr = _x.Union(
    "nfs_cb_resop4",
    nfs_cb_opnum4_xdr,
    {
        nfs_cb_opnum4.OP_CB_GETATTR: ("opcbgetattr", CB_GETATTR4res_xdr),
        nfs_cb_opnum4.OP_CB_RECALL: ("opcbrecall", CB_RECALL4res_xdr),
        nfs_cb_opnum4.OP_CB_LAYOUTRECALL: ("opcblayoutrecall", CB_LAYOUTRECALL4res_xdr),
        nfs_cb_opnum4.OP_CB_NOTIFY: ("opcbnotify", CB_NOTIFY4res_xdr),
        nfs_cb_opnum4.OP_CB_PUSH_DELEG: ("opcbpush_deleg", CB_PUSH_DELEG4res_xdr),
        nfs_cb_opnum4.OP_CB_RECALL_ANY: ("opcbrecall_any", CB_RECALL_ANY4res_xdr),
        nfs_cb_opnum4.OP_CB_RECALLABLE_OBJ_AVAIL: ("opcbrecallable_obj_avail", CB_RECALLABLE_OBJ_AVAIL4res_xdr),
        nfs_cb_opnum4.OP_CB_RECALL_SLOT: ("opcbrecall_slot", CB_RECALL_SLOT4res_xdr),
        nfs_cb_opnum4.OP_CB_SEQUENCE: ("opcbsequence", CB_SEQUENCE4res_xdr),
        nfs_cb_opnum4.OP_CB_WANTS_CANCELLED: ("opcbwants_cancelled", CB_WANTS_CANCELLED4res_xdr),
        nfs_cb_opnum4.OP_CB_NOTIFY_LOCK: ("opcbnotify_lock", CB_NOTIFY_LOCK4res_xdr),
        nfs_cb_opnum4.OP_CB_NOTIFY_DEVICEID: ("opcbnotify_deviceid", CB_NOTIFY_DEVICEID4res_xdr),
        nfs_cb_opnum4.OP_CB_OFFLOAD: ("opcboffload", CB_OFFLOAD4res_xdr),
        nfs_cb_opnum4.OP_CB_ILLEGAL: ("opcbillegal", CB_ILLEGAL4res_xdr),
    },
    cls=nfs_cb_resop4,
)

CB_COMPOUND4args_xdr = _x.Struct(
    "CB_COMPOUND4args",
    [
        ("tag", utf8str_cs_xdr),
        ("minorversion", uint32_t_xdr),
        ("callback_ident", uint32_t_xdr),
        ("argarray", _x.Array(nfs_cb_argop4_xdr, None)),
    ],
    cls=CB_COMPOUND4args,
)

CB_COMPOUND4res_xdr = _x.Struct(
    "CB_COMPOUND4res",
    [
        ("status", nfsstat4_xdr),
        ("tag", utf8str_cs_xdr),
        ("resarray", _x.Array(nfs_cb_resop4_xdr, None)),
    ],
    cls=CB_COMPOUND4res,
)


# -- packers of the fixed-size structs -------------------------------------------------------------

#: nfstime4_packer.pack(seconds, nseconds) -> the wire bytes of a nfstime4, taken by nfstime4_xdr
#: (and every codec holding one) in place of an instance; enum values are not checked.
nfstime4_packer: Final = _struct.Struct(">qI")

#: fsid4_packer.pack(major, minor) -> the wire bytes of a fsid4, taken by fsid4_xdr (and every codec
#: holding one) in place of an instance; enum values are not checked.
fsid4_packer: Final = _struct.Struct(">QQ")

#: change_policy4_packer.pack(cp_major, cp_minor) -> the wire bytes of a change_policy4, taken by
#: change_policy4_xdr (and every codec holding one) in place of an instance; enum values are not
#: checked.
change_policy4_packer: Final = _struct.Struct(">QQ")

#: mode_masked4_packer.pack(mm_value_to_set, mm_mask_bits) -> the wire bytes of a mode_masked4,
#: taken by mode_masked4_xdr (and every codec holding one) in place of an instance; enum values are
#: not checked.
mode_masked4_packer: Final = _struct.Struct(">II")

#: specdata4_packer.pack(specdata1, specdata2) -> the wire bytes of a specdata4, taken by
#: specdata4_xdr (and every codec holding one) in place of an instance; enum values are not checked.
specdata4_packer: Final = _struct.Struct(">II")

#: labelformat_spec4_packer.pack(lfs_lfs, lfs_pi) -> the wire bytes of a labelformat_spec4, taken by
#: labelformat_spec4_xdr (and every codec holding one) in place of an instance; enum values are not
#: checked.
labelformat_spec4_packer: Final = _struct.Struct(">II")

#: data_info4_packer.pack(di_offset, di_length) -> the wire bytes of a data_info4, taken by
#: data_info4_xdr (and every codec holding one) in place of an instance; enum values are not
#: checked.
data_info4_packer: Final = _struct.Struct(">QQ")

#: change_info4_packer.pack(atomic, before, after) -> the wire bytes of a change_info4, taken by
#: change_info4_xdr (and every codec holding one) in place of an instance; enum values are not
#: checked.
change_info4_packer: Final = _struct.Struct(">IQQ")

#: nfsv4_1_file_layouthint4_packer.pack(nflh_care, nflh_util, nflh_stripe_count) -> the wire bytes
#: of a nfsv4_1_file_layouthint4, taken by nfsv4_1_file_layouthint4_xdr (and every codec holding
#: one) in place of an instance; enum values are not checked.
nfsv4_1_file_layouthint4_packer: Final = _struct.Struct(">III")

#: ACCESS4resok_packer.pack(supported, access) -> the wire bytes of a ACCESS4resok, taken by
#: ACCESS4resok_xdr (and every codec holding one) in place of an instance; enum values are not
#: checked.
ACCESS4resok_packer: Final = _struct.Struct(">II")

#: COMMIT4args_packer.pack(offset, count) -> the wire bytes of a COMMIT4args, taken by
#: COMMIT4args_xdr (and every codec holding one) in place of an instance; enum values are not
#: checked.
COMMIT4args_packer: Final = _struct.Struct(">QI")

#: nfs_modified_limit4_packer.pack(num_blocks, bytes_per_block) -> the wire bytes of a
#: nfs_modified_limit4, taken by nfs_modified_limit4_xdr (and every codec holding one) in place of
#: an instance; enum values are not checked.
nfs_modified_limit4_packer: Final = _struct.Struct(">II")

#: RENAME4resok_packer.pack(source_cinfo.atomic, source_cinfo.before, source_cinfo.after,
#: target_cinfo.atomic, target_cinfo.before, target_cinfo.after) -> the wire bytes of a
#: RENAME4resok, taken by RENAME4resok_xdr (and every codec holding one) in place of an instance;
#: enum values are not checked.
RENAME4resok_packer: Final = _struct.Struct(">IQQIQQ")

#: copy_requirements4_packer.pack(cr_consecutive, cr_synchronous) -> the wire bytes of a
#: copy_requirements4, taken by copy_requirements4_xdr (and every codec holding one) in place of an
#: instance; enum values are not checked.
copy_requirements4_packer: Final = _struct.Struct(">II")

#: io_info4_packer.pack(ii_count, ii_bytes) -> the wire bytes of a io_info4, taken by io_info4_xdr
#: (and every codec holding one) in place of an instance; enum values are not checked.
io_info4_packer: Final = _struct.Struct(">QQ")

#: seek_res4_packer.pack(sr_eof, sr_offset) -> the wire bytes of a seek_res4, taken by seek_res4_xdr
#: (and every codec holding one) in place of an instance; enum values are not checked.
seek_res4_packer: Final = _struct.Struct(">IQ")

#: LISTXATTRS4args_packer.pack(lxa_cookie, lxa_maxcount) -> the wire bytes of a LISTXATTRS4args,
#: taken by LISTXATTRS4args_xdr (and every codec holding one) in place of an instance; enum values
#: are not checked.
LISTXATTRS4args_packer: Final = _struct.Struct(">QI")

#: referring_call4_packer.pack(rc_sequenceid, rc_slotid) -> the wire bytes of a referring_call4,
#: taken by referring_call4_xdr (and every codec holding one) in place of an instance; enum values
#: are not checked.
referring_call4_packer: Final = _struct.Struct(">II")

#: CB_WANTS_CANCELLED4args_packer.pack(cwca_contended_wants_cancelled,
#: cwca_resourced_wants_cancelled) -> the wire bytes of a CB_WANTS_CANCELLED4args, taken by
#: CB_WANTS_CANCELLED4args_xdr (and every codec holding one) in place of an instance; enum values
#: are not checked.
CB_WANTS_CANCELLED4args_packer: Final = _struct.Struct(">II")


# -- program NFS4_PROGRAM --------------------------------------------------------------------------
NFS4_PROGRAM: Final = 100003

NFS_V4: Final = 4
NFSPROC4_NULL: Final = 0
NFSPROC4_COMPOUND: Final = 1

#: NFS4_PROGRAM version 4: procedure -> (name, arguments, results).
NFS_V4_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    NFSPROC4_NULL: ("NFSPROC4_NULL", _x.Void, _x.Void),
    NFSPROC4_COMPOUND: ("NFSPROC4_COMPOUND", COMPOUND4args_xdr, COMPOUND4res_xdr),
}


# -- program NFS4_CALLBACK -------------------------------------------------------------------------
NFS4_CALLBACK: Final = 1073741824

NFS_CB: Final = 1
CB_NULL: Final = 0
CB_COMPOUND: Final = 1

#: NFS4_CALLBACK version 1: procedure -> (name, arguments, results).
NFS_CB_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {
    CB_NULL: ("CB_NULL", _x.Void, _x.Void),
    CB_COMPOUND: ("CB_COMPOUND", CB_COMPOUND4args_xdr, CB_COMPOUND4res_xdr),
}
