"""AUTH_NONE / AUTH_SYS parsing and flavor policies."""

from __future__ import annotations

import struct

import pytest

from rpc.auth import (
    ANY_FLAVOR,
    AUTH_BADCRED,
    AUTH_BADVERF,
    AUTH_DH,
    AUTH_NONE,
    AUTH_SYS,
    AUTH_TOOWEAK,
    RPCSEC_GSS,
    Cred,
    authenticate,
    build_authsys_cred,
    decode_authsys,
)
from rpc.errors import AuthError
from rpc.msg import authsys_parms, opaque_auth

NULL = opaque_auth.cls(0, b"")
SYS_ONLY = frozenset({AUTH_SYS})


def test_authsys_decodes_to_cred() -> None:
    c = build_authsys_cred(1000, 100, (1, 2, 3), b"client", stamp=9)
    a = decode_authsys(c.body)
    assert a.cred == Cred(1000, 100, (1, 2, 3)) and a.machinename == b"client" and a.stamp == 9


def test_cred_is_storage_cred_when_available() -> None:
    backend = pytest.importorskip("storage.backend")
    assert Cred is backend.Cred


@pytest.mark.parametrize(
    "body",
    [
        authsys_parms.pack((0, b"m" * 255, 0, 0, []))[:-4],  # truncated
        authsys_parms.pack((0, b"", 0, 0, [])) + b"\0\0\0\0",  # trailing bytes
        struct.pack(">II", 0, 256) + b"m" * 256 + struct.pack(">III", 0, 0, 0),  # name of 256
        struct.pack(">IIIII", 0, 0, 0, 0, 17) + b"\0" * 68,  # 17 gids
    ],
)
def test_malformed_authsys_is_badcred(body: bytes) -> None:
    with pytest.raises(AuthError) as e:
        authenticate(AUTH_SYS, body, NULL, ANY_FLAVOR)
    assert e.value.stat == AUTH_BADCRED


def test_policies() -> None:
    sys_body = build_authsys_cred(5, 6).body
    assert authenticate(AUTH_SYS, sys_body, NULL, SYS_ONLY) == Cred(5, 6, ())
    assert authenticate(AUTH_NONE, b"", NULL, ANY_FLAVOR) is None
    assert authenticate(RPCSEC_GSS, b"whatever", NULL, ANY_FLAVOR) is None  # NULL proc
    for flavor, stat in [
        (AUTH_NONE, AUTH_TOOWEAK),
        (RPCSEC_GSS, AUTH_BADCRED),
        (AUTH_DH, AUTH_BADCRED),
    ]:
        with pytest.raises(AuthError) as e:
            authenticate(flavor, b"", NULL, SYS_ONLY)
        assert e.value.stat == stat
    with pytest.raises(AuthError) as e:
        authenticate(AUTH_SYS, sys_body, opaque_auth.cls(AUTH_SYS, b"x"), SYS_ONLY)
    assert e.value.stat == AUTH_BADVERF
