"""The version-neutral NFS core: handles, export policy, identity, shared attribute rules and
errors.  NFSv3 (and NFSv4 beside it) map `NfsError` kinds to their own statuses."""

from nfsrdma.core.attrs import MAX_FILE_SIZE, check_name, check_size, is_empty
from nfsrdma.core.errors import EXPECTED, ErrorKind, NfsError, kind_of, kind_of_errno
from nfsrdma.core.handles import BadHandle, HandleCodec, load_secret
from nfsrdma.core.identity import ANON, ANONYMOUS, effective_cred
from nfsrdma.core.policy import ExportPolicy, ExportRuntime, Target

__all__ = [
    "ANON",
    "ANONYMOUS",
    "EXPECTED",
    "MAX_FILE_SIZE",
    "BadHandle",
    "ErrorKind",
    "ExportPolicy",
    "ExportRuntime",
    "HandleCodec",
    "NfsError",
    "Target",
    "check_name",
    "check_size",
    "effective_cred",
    "is_empty",
    "kind_of",
    "kind_of_errno",
    "load_secret",
]
