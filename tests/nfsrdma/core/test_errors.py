"""core.errors: the one errno -> kind table, and that each protocol maps every kind."""

from __future__ import annotations

import errno

import pytest

from nfsrdma.core.errors import ErrorKind, NfsError, kind_of, kind_of_errno
from nfsrdma.mount3 import MountStat, mount_status
from nfsrdma.nfs3.common import status_of
from nfsrdma.nfs3.xdr import Status
from storage.backend import NotSync, StorageError


@pytest.mark.parametrize("kind", list(ErrorKind))
def test_every_kind_has_an_nfs3_status(kind: ErrorKind) -> None:
    status = status_of(NfsError(kind))
    assert status != Status.NFS3_OK
    if kind is not ErrorKind.SERVERFAULT:
        assert status != Status.NFS3ERR_SERVERFAULT, kind


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (StorageError(errno.ENOENT), Status.NFS3ERR_NOENT),
        (StorageError(errno.EMFILE), Status.NFS3ERR_JUKEBOX),
        (StorageError(errno.ELOOP), Status.NFS3ERR_ACCES),
        (StorageError(errno.EHOSTDOWN), Status.NFS3ERR_IO),  # unknown errno: IO, as knfsd
        (OSError(errno.ENOSPC, "full"), Status.NFS3ERR_NOSPC),
        (NotSync(), Status.NFS3ERR_NOT_SYNC),
        (NfsError(ErrorKind.BADNAME), Status.NFS3ERR_ACCES),  # "/" in a v3 name, as knfsd
        (NfsError(ErrorKind.DELAY), Status.NFS3ERR_JUKEBOX),
    ],
)
def test_nfs3_status_of(exc: NfsError | OSError, status: int) -> None:
    assert status_of(exc) == status


def test_kind_of_errno_none_and_unknown_are_io() -> None:
    assert kind_of_errno(None) is ErrorKind.IO
    assert kind_of_errno(errno.ECHILD) is ErrorKind.IO
    assert kind_of(StorageError(errno.ESTALE)) is ErrorKind.STALE


def test_mount_status_maps_kinds_and_errnos() -> None:
    assert mount_status(NfsError(ErrorKind.NOTDIR)) == MountStat.MNT3ERR_NOTDIR
    assert mount_status(StorageError(errno.ENOENT)) == MountStat.MNT3ERR_NOENT
    assert mount_status(NfsError(ErrorKind.STALE)) == MountStat.MNT3ERR_IO
