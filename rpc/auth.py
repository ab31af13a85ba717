"""RPC authentication: AUTH_NONE and AUTH_SYS (RFC 5531 sections 10 and 14).

Operation
---------
`authenticate` runs once per call, after the header is decoded and the procedure is known.
A credential of a flavor we parse (AUTH_NONE, AUTH_SYS) is decoded first; a malformed one is
AUTH_BADCRED whatever the procedure.  Then the procedure's policy (``auth_flavors``) decides:

* ``None`` (e.g. NULL procedures): any flavor is accepted, even one we cannot parse
  (the credential is then not interpreted: ``cred`` is None).
* a set of flavors: the call's flavor must be in it.  A flavor we support but the set excludes
  (AUTH_NONE where AUTH_SYS is required) is AUTH_TOOWEAK ("rejected for security reasons",
  RFC 5531 section 9); a flavor we cannot verify at all (AUTH_DH, RPCSEC_GSS, unknown) is
  AUTH_BADCRED, as Linux's svc_authenticate answers for a flavor without an auth module.

Per-export policies (``sec=sys``) are applied by the NFS layer, which raises
``AuthError(AUTH_TOOWEAK)`` from its handler; the dispatcher turns that into the reply.
The reply verifier is always AUTH_NONE for these flavors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rpc.errors import AuthError, XdrError
from rpc.msg import MAX_AUTH_BYTES, authsys_parms

try:  # one Cred type across layers: storage's when present (same shape as the fallback)
    from storage.backend import Cred
except ImportError:  # pragma: no cover - storage not installed

    @dataclass(frozen=True, slots=True)
    class Cred:  # type: ignore[no-redef]
        """AUTH_SYS identity: uid, primary gid, supplementary gids."""

        uid: int
        gid: int
        gids: tuple[int, ...] = ()


__all__ = [
    "ANY_FLAVOR",
    "AUTH_BADCRED",
    "AUTH_BADVERF",
    "AUTH_DH",
    "AUTH_NONE",
    "AUTH_SHORT",
    "AUTH_SYS",
    "AUTH_TOOWEAK",
    "DEFAULT_FLAVORS",
    "RPCSEC_GSS",
    "SUPPORTED_FLAVORS",
    "AuthSys",
    "Cred",
    "authenticate",
    "build_authsys_cred",
    "decode_authsys",
]

AUTH_NONE = 0
AUTH_SYS = 1
AUTH_SHORT = 2
AUTH_DH = 3
RPCSEC_GSS = 6

AUTH_BADCRED = 1
AUTH_BADVERF = 3
AUTH_TOOWEAK = 5

SUPPORTED_FLAVORS = frozenset({AUTH_NONE, AUTH_SYS})
#: Policy of a procedure that takes any credential (NULL procedures).
ANY_FLAVOR = None
#: Policy of a procedure that does not say.
DEFAULT_FLAVORS = SUPPORTED_FLAVORS


@dataclass(frozen=True, slots=True)
class AuthSys:
    """An AUTH_SYS credential (authsys_parms, RFC 5531 appendix A): what the server decodes
    from a call and what a client sends (`opaque_auth`)."""

    uid: int = 0
    gid: int = 0
    gids: tuple[int, ...] = ()
    machinename: bytes = b"nfsrdma-client"
    stamp: int = 0

    @property
    def cred(self) -> Cred:
        return Cred(self.uid, self.gid, self.gids)

    def opaque_auth(self) -> Any:
        """The credential as an ``opaque_auth`` for a call header."""
        return build_authsys_cred(self.uid, self.gid, self.gids, self.machinename, self.stamp)


def decode_authsys(body: bytes, xid: int | None = None) -> AuthSys:
    """Decode an AUTH_SYS credential body.

    Raises:
        AuthError: AUTH_BADCRED when the body is not exactly one authsys_parms (truncated,
            trailing bytes, machinename over 255 or more than 16 gids).
    """
    try:
        p = authsys_parms.unpack(body)
    except XdrError as e:
        raise AuthError(AUTH_BADCRED, f"bad AUTH_SYS credential: {e}", xid) from None
    return AuthSys(p.uid, p.gid, tuple(p.gids), p.machinename, p.stamp)


def authenticate(
    flavor: int, body: bytes, verf: Any, policy: frozenset[int] | None, xid: int | None = None
) -> Cred | None:
    """Check a call's credential against a procedure's flavor policy.

    Returns:
        The AUTH_SYS `Cred`, or None for AUTH_NONE (and for uninterpreted flavors under
        `ANY_FLAVOR`).

    Raises:
        AuthError: AUTH_BADCRED (malformed AUTH_SYS / AUTH_NONE body over 400 bytes cannot
            happen here: the header decode bounds it; unverifiable flavor), AUTH_BADVERF
            (AUTH_SYS with a verifier that is not AUTH_NONE, RFC 5531 section 14: "the
            verifier accompanying the credential should have AUTH_NONE flavor"),
            AUTH_TOOWEAK (supported flavor the policy excludes).
    """
    cred: Cred | None = None
    if flavor == AUTH_SYS:
        p = decode_authsys(body, xid)
        cred = Cred(p.uid, p.gid, p.gids)
        if verf is not None and verf.flavor != AUTH_NONE:
            raise AuthError(AUTH_BADVERF, "AUTH_SYS with a non-null verifier", xid)
    elif flavor == AUTH_NONE:
        if len(body) > MAX_AUTH_BYTES:  # pragma: no cover - bounded by the header decode
            raise AuthError(AUTH_BADCRED, "AUTH_NONE body too long", xid)
    if policy is None or flavor in policy:
        return cred
    if flavor in SUPPORTED_FLAVORS:
        raise AuthError(AUTH_TOOWEAK, f"flavor {flavor} not accepted here", xid)
    raise AuthError(AUTH_BADCRED, f"unsupported flavor {flavor}", xid)


def build_authsys_cred(
    uid: int, gid: int, gids: tuple[int, ...] = (), machinename: bytes = b"", stamp: int = 0
) -> Any:
    """An AUTH_SYS ``opaque_auth`` for clients and tests."""
    from rpc.msg import opaque_auth

    body = authsys_parms.pack((stamp, machinename, uid, gid, list(gids)))
    return opaque_auth.cls(AUTH_SYS, body)
