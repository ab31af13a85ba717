"""owner / owner_group strings both ways (RFC 8881 5.9, RFC 7530 5.9).

Operation: GETATTR sends a uid/gid as a string and SETATTR, CREATE and OPEN send strings
back; this module is the one place that turns one into the other, so the server accepts
every string it sends.

- Numeric strings ("1000") are what the Linux client sends and expects with AUTH_SYS (its
  nfs4_disable_idmapping default) and what knfsd sends to AUTH_SYS callers: the default
  both ways.
- ``name@domain`` is resolved through the system's passwd / group databases (NSS) when the
  domain is the server's id domain (`host_domain`, or ``--nfs4-domain``), compared without
  case as libnfsidmap's nsswitch plugin does.  With ``--nfs4-idmap names`` the server also
  sends names (a number for an id without a name, which it accepts back).
- Anything else is NFS4ERR_BADOWNER: an unknown name, another domain, a bare name, an id
  that does not fit in 32 bits or is (uid_t)-1 (chown's "no change", never an owner).
  An empty or non-UTF-8 string is NFS4ERR_INVAL (RFC 8881 14.4: malformed UTF-8).

passwd / group lookups run on the loop, as the encoder's always did: they read local files
(a directory service behind NSS would be slow here; the encoder caches what it sends).
"""

from __future__ import annotations

import functools
import grp
import pwd
import socket

from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error

__all__ = ["gid_of", "group_string", "host_domain", "owner_string", "uid_of"]

#: (uid_t)-1 / (gid_t)-1: chown's "leave unchanged", not an id anyone can own a file as.
_NO_ID = 0xFFFF_FFFF
#: A 32-bit id has at most 10 decimal digits (knfsd's numeric_name_to_id bound).
_MAX_DIGITS = 10


def host_domain() -> str:
    """The NFSv4 id domain a server defaults to: the DNS domain of the host's name, else
    "localdomain" (libnfsidmap's fallback)."""
    fqdn = socket.getfqdn()
    _, dot, domain = fqdn.partition(".")
    return domain.lower() if dot and domain else "localdomain"


@functools.lru_cache(maxsize=4096)
def owner_string(uid: int, domain: str | None) -> bytes:
    """`uid` as an owner string: numeric, or name@domain when `domain` is given and the
    system knows the name."""
    if domain is not None:
        try:
            return f"{pwd.getpwuid(uid).pw_name}@{domain}".encode()
        except KeyError:
            pass
    return str(uid).encode()


@functools.lru_cache(maxsize=4096)
def group_string(gid: int, domain: str | None) -> bytes:
    """`gid` as an owner_group string (as `owner_string`)."""
    if domain is not None:
        try:
            return f"{grp.getgrgid(gid).gr_name}@{domain}".encode()
        except KeyError:
            pass
    return str(gid).encode()


def _numeric(s: str) -> int | None:
    """The id a decimal string names, None when `s` is not one (RFC 8881 5.9 numeric form)."""
    if not s.isascii() or not s.isdigit():
        return None
    if len(s) > _MAX_DIGITS or int(s) >= _NO_ID:
        raise Nfs4Error(S.NFS4ERR_BADOWNER, "id out of range")
    return int(s)


def _name(raw: bytes, domain: str) -> tuple[int | None, str]:
    """(numeric id or None, the local name) of an owner string.

    Raises: Nfs4Error(INVAL) empty / not UTF-8; Nfs4Error(BADOWNER) no domain, another one.
    """
    if not raw:
        raise Nfs4Error(S.NFS4ERR_INVAL, "empty owner")
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Nfs4Error(S.NFS4ERR_INVAL, "owner is not UTF-8") from None
    n = _numeric(s)
    if n is not None:
        return n, s
    user, at, dom = s.rpartition("@")
    if not at or not user or dom.lower() != domain.lower():
        raise Nfs4Error(S.NFS4ERR_BADOWNER, f"owner {s!r} not in domain {domain!r}")
    return None, user


def uid_of(raw: bytes, domain: str) -> int:
    """The uid an owner string names (module docstring).

    Raises: Nfs4Error(BADOWNER) for a string this server cannot map, Nfs4Error(INVAL) for an
    empty or non-UTF-8 one.
    """
    n, user = _name(raw, domain)
    if n is not None:
        return n
    try:
        return pwd.getpwnam(user).pw_uid
    except (KeyError, ValueError):  # ValueError: a NUL in the name
        raise Nfs4Error(S.NFS4ERR_BADOWNER, f"no user {user!r}") from None


def gid_of(raw: bytes, domain: str) -> int:
    """The gid an owner_group string names (as `uid_of`, through the group database)."""
    n, group = _name(raw, domain)
    if n is not None:
        return n
    try:
        return grp.getgrnam(group).gr_gid
    except (KeyError, ValueError):
        raise Nfs4Error(S.NFS4ERR_BADOWNER, f"no group {group!r}") from None
