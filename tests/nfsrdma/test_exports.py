"""Tests for nfsrdma.exports: parsing, options, client precedence, squashing, errors."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from nfsrdma.exports import (
    DEFAULT_OPTIONS,
    PENDING,
    ClientRule,
    Cred,
    DnsResolver,
    ExportOptions,
    ExportsError,
    ExportTable,
    RuleKind,
    Squash,
    parse_options,
)


class FakeResolver(DnsResolver):
    """Deterministic DNS: forward and reverse tables, with lookup counting."""

    def __init__(self, forward=None, reverse=None, **kw):
        super().__init__(**kw)
        self.fwd = {k: {ipaddress.ip_address(a) for a in v} for k, v in (forward or {}).items()}
        self.rev = {ipaddress.ip_address(k): v for k, v in (reverse or {}).items()}
        self.reverse_calls = 0

    def lookup_forward(self, name):
        return set(self.fwd.get(name.lower(), set()))

    def lookup_reverse(self, addr):
        self.reverse_calls += 1
        return self.rev.get(addr)


def table(text: str, **dns) -> ExportTable:
    return ExportTable.from_text(text, resolver=FakeResolver(**dns))


# -- options ----------------------------------------------------------------------------------


def test_defaults_are_knfsd():
    o = DEFAULT_OPTIONS
    assert (o.rw, o.squash, o.secure, o.sync, o.wdelay, o.subtree_check) == (
        False,
        Squash.ROOT,
        True,
        True,
        True,
        False,
    )
    assert (o.anonuid, o.anongid, o.fsid, o.sec) == (65534, 65534, None, ("sys",))


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("rw", "rw", True),
        ("rw,ro", "rw", False),
        ("no_root_squash", "squash", Squash.NONE),
        ("all_squash", "squash", Squash.ALL),
        ("all_squash,no_all_squash", "squash", Squash.ROOT),
        ("root_squash", "squash", Squash.ROOT),
        ("anonuid=1000", "anonuid", 1000),
        ("anongid=4294967295", "anongid", 4294967295),
        ("insecure", "secure", False),
        ("insecure,secure", "secure", True),
        ("async", "sync", False),
        ("no_wdelay", "wdelay", False),
        ("subtree_check,no_subtree_check", "subtree_check", False),
        ("fsid=7", "fsid", 7),
        ("fsid=root", "fsid", 0),
        ("sec=sys", "sec", ("sys",)),
        ("sec=sys:none", "sec", ("sys", "none")),
    ],
)
def test_each_option(text, field, value):
    assert getattr(parse_options(text), field) == value


@pytest.mark.parametrize(
    "text",
    ["rx", "anonuid", "anonuid=-1", "anonuid=x", "fsid=4294967296", "sec=krb5", "sec=",
     "subtree_check", "no_subtree_check,subtree_check"],
)
def test_bad_options(text):
    with pytest.raises(ExportsError):
        parse_options(text)


# -- file syntax ------------------------------------------------------------------------------


def test_good_file_with_comments_continuations_quotes(tmp_path: Path):
    f = tmp_path / "exports"
    f.write_text(
        "# full-line comment\n"
        "\n"
        "/srv/a   10.0.0.0/8(rw,no_root_squash) \\\n"
        "         *(ro)   # trailing comment\n"
        '"/srv/with space"  host1(rw,fsid=12)\n'
        "/srv/oct\\040al  -rw,insecure  192.168.1.5 (async)\n"
        '"/srv/has#hash"   *\n'
        "/srv/bare\n"
        "/srv/a/../b//   @group(rw)  ::1(rw)\n"
    )
    t = ExportTable.from_file(f, resolver=FakeResolver(forward={"host1": ["10.9.9.9"]}))
    assert [e.path for e in t] == [
        "/srv/a",
        "/srv/with space",
        "/srv/oct al",
        "/srv/has#hash",
        "/srv/bare",
        "/srv/b",
    ]
    a = t.find("/srv/a/")
    assert a is not None and [c.spec for c in a.clients] == ["10.0.0.0/8", "*"]
    assert a.clients[0].options == ExportOptions(rw=True, squash=Squash.NONE)
    assert a.clients[1].options == DEFAULT_OPTIONS
    spaced = t.find("/srv/with space")
    assert (
        spaced is not None
        and spaced.id == 12
        and spaced.clients[0].addresses == {ipaddress.ip_address("10.9.9.9")}
    )
    octal = t.find("/srv/oct al")
    assert octal is not None
    # "-opts" sets the line default; the bare "(async)" token exports to everyone on top of it.
    host, world = octal.clients
    assert host.kind is RuleKind.HOST and host.writable and not host.requires_secure_port
    assert world.kind is RuleKind.ANY and world.writable and not world.options.sync
    bare = t.find("/srv/bare")
    assert bare is not None and [c.kind for c in bare.clients] == [RuleKind.ANY]
    b = t.find("/srv/b")
    assert b is not None and [c.spec for c in b.clients] == ["::1"]  # netgroup ignored


def test_same_path_on_two_lines_merges():
    t = table("/x 10.0.0.1(rw)\n/x/ 10.0.0.2\n")
    assert len(t) == 1
    assert [c.spec for c in t.find("/x").clients] == ["10.0.0.1", "10.0.0.2"]  # type: ignore[union-attr]


def test_export_ids_stable_and_distinct():
    t1 = table("/a *\n/b *\n/c *(fsid=5)\n")
    t2 = table("/c *(fsid=5)\n/b *\n/a *\n")
    ids1 = {e.path: e.id for e in t1}
    assert ids1 == {e.path: e.id for e in t2}
    assert ids1["/c"] == 5
    assert ids1["/a"] != ids1["/b"] and ids1["/a"] >= 1 << 63
    assert t1.by_id(ids1["/b"]) is t1.find("/b")
    dev = ExportTable.from_paths(["/a"])
    assert dev.find("/a").id == ids1["/a"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "lineno", "fragment"),
    [
        ("/ok *\n\n/bad *(rw,bogus)\n", 3, "bogus"),
        ("# c\nrelative *(rw)\n", 2, "absolute"),
        ("/ok *\n/x \\\n  10.0.0.0/33(rw)\n", 2, "bad network"),
        ('/ok *\n"/unterminated *\n', 2, "quote"),
        ("/a *(rw\n", 1, "unbalanced"),
        ("/a *(rw))\n", 1, "unbalanced"),
        ("/a *(sec=krb5p)\n", 1, "sec"),
        ("/a h(fsid=1)\n/a *(fsid=2)\n", 2, "conflicting fsid"),
        ("/a bad!host\n", 1, "bad client"),
        ("/a *\n/b *(fsid=3)\n/c *(fsid=3)\n", None, "share id"),
    ],
)
def test_errors_carry_line_numbers(tmp_path: Path, text, lineno, fragment):
    f = tmp_path / "exports"
    f.write_text(text)
    with pytest.raises(ExportsError) as ei:
        ExportTable.from_file(f, resolver=FakeResolver())
    assert isinstance(ei.value, ValueError)
    assert ei.value.lineno == lineno
    assert fragment in str(ei.value)
    if lineno is not None:
        assert str(ei.value).startswith(f"{f}:{lineno}: ")


# -- matching ---------------------------------------------------------------------------------

PRECEDENCE = """
/e  *(ro,anonuid=1)  *.example.com(ro,anonuid=2)  10.0.0.0/8(ro,anonuid=3) \\
    10.1.0.0/16(ro,anonuid=4)  client1(rw,anonuid=5)  10.1.2.3(rw,anonuid=6) \\
    2001:db8::/32(anonuid=7)  2001:db8::5(anonuid=8)  fe80::/10(anonuid=9)
"""


@pytest.mark.parametrize(
    ("client", "anonuid"),
    [
        ("10.1.2.3", 5),  # hosts tie on kind: the earlier (client1) wins; beats networks
        ("10.1.2.4", 5),  # hostname resolved at load
        ("::ffff:10.1.2.4", 5),  # IPv4-mapped client matches IPv4 host rules
        ("10.1.9.9", 4),  # longest prefix wins regardless of file order
        ("::ffff:10.200.0.1", 3),
        ("172.16.0.9", 2),  # reverse name in example.com
        ("192.0.2.1", 1),  # nothing better than *
        ("2001:db8::5", 8),
        ("2001:db8::6", 7),
        ("fe80::1%eth0", 9),  # zone id stripped
        (ipaddress.ip_address("2001:db8:1::1"), 7),
    ],
)
async def test_precedence(client, anonuid):
    t = table(
        PRECEDENCE,
        forward={"client1": ["10.1.2.4", "10.1.2.3"], "w.example.com": ["172.16.0.9"]},
        reverse={"172.16.0.9": "W.Example.COM."},
    )
    await t.resolve_client(t.find("/e"), client)  # type: ignore[arg-type]  # as MNT does
    rule = t.match(t.find("/e"), client)  # type: ignore[arg-type]
    assert rule is not None and rule.options.anonuid == anonuid


async def test_no_match_and_v4_rules_do_not_match_v6():
    t = table("/e 10.0.0.0/8(rw) 1.2.3.4 *.example.com\n")
    e = t.find("/e")
    assert e is not None
    for client in ("11.0.0.1", "::a00:1"):
        await t.resolve_client(e, client)
    assert t.match(e, "11.0.0.1") is None
    assert t.match(e, "::a00:1") is None  # IPv4-compatible (not mapped) is IPv6
    assert t.match(e, "::ffff:10.0.0.1") is not None
    with pytest.raises(ValueError):
        t.match(e, "not-an-ip")


def test_mapped_network_in_v6_form_is_v4():
    t = table("/e ::ffff:10.0.0.0/104(rw)\n")
    rule = t.find("/e").clients[0]  # type: ignore[union-attr]
    assert rule.network == ipaddress.ip_network("10.0.0.0/8")
    assert t.match(t.find("/e"), "10.2.3.4") is rule  # type: ignore[arg-type]


async def test_wildcard_reverse_dns_is_lazy_confirmed_and_cached():
    now = [0.0]
    r = FakeResolver(
        forward={"a.example.com": ["10.0.0.1"], "spoof.example.com": []},
        reverse={"10.0.0.1": "a.example.com", "10.0.0.2": "spoof.example.com"},
        ttl=10,
        negative_ttl=5,
        clock=lambda: now[0],
    )
    t = ExportTable.from_text("/e 10.0.0.1/32 *.example.com(rw)\n", resolver=r)
    e = t.find("/e")
    assert e is not None
    assert t.match(e, "10.0.0.1").kind is RuleKind.NETWORK  # type: ignore[union-attr]
    assert r.reverse_calls == 0  # a more specific rule matched: no DNS
    assert t.match(e, "10.0.0.2") is PENDING  # first contact: the lookup starts, off the loop
    await t.resolve_client(e, "10.0.0.2")
    assert t.match(e, "10.0.0.2") is None  # PTR not forward-confirmed
    assert r.reverse_calls == 1
    r.rev[ipaddress.ip_address("10.0.0.2")] = "a.example.com"
    r.fwd["a.example.com"].add(ipaddress.ip_address("10.0.0.2"))
    assert t.match(e, "10.0.0.2") is None  # negative answer cached
    await t.resolve_client(e, "10.0.0.2")
    assert r.reverse_calls == 1
    now[0] = 6
    assert t.match(e, "10.0.0.2") is None  # expired: the old answer, while it is refreshed
    assert t.match(e, "10.0.0.2") is None  # (one refresh in flight, not one per call)
    assert await t.names.resolve(ipaddress.ip_address("10.0.0.2")) == "a.example.com"
    assert t.match(e, "10.0.0.2").kind is RuleKind.WILDCARD  # type: ignore[union-attr]
    assert t.match(e, "10.0.0.2") is not None
    assert r.reverse_calls == 2


def test_unresolvable_hostname_matches_nobody():
    t = table("/e nosuch.invalid(rw)\n")
    e = t.find("/e")
    assert e is not None and e.clients[0].addresses == frozenset()
    assert t.match(e, "127.0.0.1") is None


def test_from_paths_dev_defaults():
    t = ExportTable.from_paths(["/srv/x/", "/srv/y"])
    assert [e.path for e in t] == ["/srv/x", "/srv/y"]
    rule = t.match(t.find("/srv/x"), "203.0.113.9")  # type: ignore[arg-type]
    assert rule is not None
    assert rule.writable and not rule.requires_secure_port and rule.options.squash is Squash.NONE
    ro = ExportTable.from_paths(["/z"], options="ro")
    z = ro.match(ro.find("/z"), "::1")  # type: ignore[arg-type]
    assert z is not None and not z.writable and z.requires_secure_port


def test_port_allowed():
    secure = ClientRule("*", RuleKind.ANY, DEFAULT_OPTIONS)
    assert secure.port_allowed(1023) and not secure.port_allowed(1024)
    insecure = ClientRule("*", RuleKind.ANY, parse_options("insecure"))
    assert insecure.port_allowed(40000)


# -- squashing --------------------------------------------------------------------------------


def rule(opts: str) -> ClientRule:
    return ClientRule("*", RuleKind.ANY, parse_options(opts))


@pytest.mark.parametrize(
    ("opts", "cred", "expected"),
    [
        ("", Cred(0, 0, (0, 5)), Cred(65534, 65534, (5,))),
        ("anonuid=99,anongid=98", Cred(0, 7, (7,)), Cred(99, 7, (7,))),
        ("root_squash", Cred(1000, 0, (0, 10)), Cred(1000, 65534, (10,))),
        ("root_squash", Cred(1000, 100, (10,)), Cred(1000, 100, (10,))),
        ("no_root_squash", Cred(0, 0, (0,)), Cred(0, 0, (0,))),
        ("all_squash,anonuid=5,anongid=6", Cred(1000, 100, (1, 2)), Cred(5, 6, ())),
        ("all_squash", Cred(0, 0, (0,)), Cred(65534, 65534, ())),
    ],
)
def test_squash(opts, cred, expected):
    out = rule(opts).squash(cred)
    assert (out.uid, out.gid, tuple(out.gids)) == (expected.uid, expected.gid, expected.gids)
