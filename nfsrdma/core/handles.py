"""Authenticated, export-bound NFS file handles.

Operation: a handle is minted only for an object reached by a walk inside an export, so it
binds the export's id and the storage backend's own stable object id (`FileId`), and carries
a keyed MAC over both.  The key is the server secret kept in the state directory, so handles
survive a restart; a forged, truncated or foreign handle fails the MAC and is refused before
any storage call sees it (BADHANDLE), and a well-formed handle for an export that is no
longer served is stale (STALE).

Layout (at most 64 bytes, RFC 1813 NFS3_FHSIZE)::

    version:1 | export_id:8 | fid_len:1 | fid:fid_len | mac:MAC_LEN
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from pathlib import Path

from nfsrdma.core.errors import ErrorKind, NfsError

VERSION = 1
MAC_LEN = 12  # 96-bit truncated BLAKE2b: forging needs ~2^96 tries; leaves 42 bytes for fids
MAX_HANDLE = 64
_HDR = struct.Struct(">BQB")
MAX_FID = MAX_HANDLE - _HDR.size - MAC_LEN
#: Bound on remembered verified handles (at most ~1 MiB: MAX_HANDLE-byte keys); only
#: handles whose MAC verified are kept, so junk from a client cannot fill it.
VERIFIED_MAX = 8192


class BadHandle(NfsError):
    """The bytes are not a handle this server issued (kind BADHANDLE)."""

    def __init__(self, msg: str = "") -> None:
        super().__init__(ErrorKind.BADHANDLE, msg)


def load_secret(state_dir: Path) -> bytes:
    """Read the server secret from `state_dir/secret`, creating it (mode 0600) on first start."""
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "secret"
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data[:32]
    except FileNotFoundError:
        pass
    data = os.urandom(32)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return data


class HandleCodec:
    """Mints and checks handles with one secret."""

    __slots__ = ("_key", "_verified")

    def __init__(self, secret: bytes) -> None:
        self._key = secret
        # Handles whose MAC verified, so a client's hot handles cost a dict lookup instead
        # of a keyed hash per call; the same bytes always decode the same way.
        self._verified: dict[bytes, tuple[int, bytes]] = {}

    def _mac(self, body: bytes) -> bytes:
        return hashlib.blake2b(body, key=self._key, digest_size=MAC_LEN).digest()

    def encode(self, export_id: int, fid: bytes) -> bytes:
        """Returns the wire handle for `fid` inside export `export_id`.

        Raises ValueError if the backend's id does not fit (a backend bug, not client input).
        """
        if len(fid) > MAX_FID:
            raise ValueError(f"file id of {len(fid)} bytes exceeds {MAX_FID}")
        body = _HDR.pack(VERSION, export_id & 0xFFFFFFFFFFFFFFFF, len(fid)) + fid
        return body + self._mac(body)

    def decode(self, handle: bytes) -> tuple[int, bytes]:
        """Returns (export_id, fid).

        Raises BadHandle when the handle is malformed or its MAC does not verify.
        """
        key = bytes(handle)
        hit = self._verified.get(key)
        if hit is not None:
            return hit
        if len(handle) < _HDR.size + MAC_LEN:
            raise BadHandle("short handle")
        version, export_id, fid_len = _HDR.unpack_from(handle)
        if version != VERSION or len(handle) != _HDR.size + fid_len + MAC_LEN:
            raise BadHandle("malformed handle")
        body = bytes(handle[: _HDR.size + fid_len])
        if not hmac.compare_digest(self._mac(body), bytes(handle[-MAC_LEN:])):
            raise BadHandle("handle MAC mismatch")
        decoded = export_id, body[_HDR.size :]
        if len(self._verified) >= VERIFIED_MAX:
            self._verified.clear()  # a scan over many files: start over rather than grow
        self._verified[key] = decoded
        return decoded
