"""owner / owner_group strings both ways (nfs4.idmap): what the server sends, it accepts back;
numeric strings as Linux AUTH_SYS clients send them; name@domain through the real passwd and
group databases of this machine; everything else BADOWNER (or INVAL when malformed)."""

from __future__ import annotations

import grp
import pwd

import pytest

from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import idmap
from nfsrdma.nfs4.errors import Nfs4Error

DOM = "example.test"
ROOT_USER = pwd.getpwuid(0).pw_name
ROOT_GROUP = grp.getgrgid(0).gr_name


def _unnamed_id() -> int:
    """An id neither database knows (the encoder sends it as a number)."""
    n = 54321
    while True:
        try:
            pwd.getpwuid(n)
        except KeyError:
            try:
                grp.getgrgid(n)
            except KeyError:
                return n
        n += 1


def status(fn: object, *args: object) -> int:
    with pytest.raises(Nfs4Error) as e:
        fn(*args)  # type: ignore[operator]
    return int(e.value.status)


def test_numeric_strings_both_ways() -> None:
    assert idmap.owner_string(1000, None) == b"1000"
    assert idmap.uid_of(b"1000", DOM) == 1000
    assert idmap.gid_of(b"0", DOM) == 0
    assert idmap.uid_of(b"4294967294", DOM) == 4294967294


def test_names_in_the_id_domain_both_ways() -> None:
    sent = idmap.owner_string(0, DOM)
    assert sent == f"{ROOT_USER}@{DOM}".encode()
    assert idmap.uid_of(sent, DOM) == 0
    assert idmap.uid_of(f"{ROOT_USER}@EXAMPLE.Test".encode(), DOM) == 0  # domain: any case
    gsent = idmap.group_string(0, DOM)
    assert gsent == f"{ROOT_GROUP}@{DOM}".encode()
    assert idmap.gid_of(gsent, DOM) == 0
    # an id without a name goes out as a number, which comes back as the same id
    n = _unnamed_id()
    assert idmap.owner_string(n, DOM) == str(n).encode()
    assert idmap.uid_of(idmap.owner_string(n, DOM), DOM) == n
    assert idmap.gid_of(idmap.group_string(n, DOM), DOM) == n


@pytest.mark.parametrize("s", [
    b"no-such-user-n4ns@" + DOM.encode(),
    f"{ROOT_USER}@other.test".encode(),  # another domain
    ROOT_USER.encode(),  # no domain at all
    b"@" + DOM.encode(),
    b"4294967295",  # (uid_t)-1: chown's "no change"
    b"99999999999",
    b"root\0x@" + DOM.encode(),
])
def test_unmappable_owners_are_badowner(s: bytes) -> None:
    assert status(idmap.uid_of, s, DOM) == S.NFS4ERR_BADOWNER
    assert status(idmap.gid_of, s, DOM) == S.NFS4ERR_BADOWNER


@pytest.mark.parametrize("s", [b"", b"\xff\xfe@" + DOM.encode()])
def test_malformed_owners_are_inval(s: bytes) -> None:
    assert status(idmap.uid_of, s, DOM) == S.NFS4ERR_INVAL


def test_host_domain_is_a_domain() -> None:
    d = idmap.host_domain()
    assert d and "@" not in d and not d.startswith(".")
