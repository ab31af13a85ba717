"""exports(5) parser and per-client export policy.

Operation
---------
An exports file is read once at start-up by :meth:`ExportTable.from_file`. Each logical line
(a physical line plus any ``\\``-continued lines, with ``#`` comments removed) names one path and
the clients it is exported to::

    /srv/data        10.0.0.0/8(rw) host1(rw,no_root_squash) *.example.com(ro) *(ro)
    "/srv/my share"  -rw,insecure  2001:db8::/32  @netgroup(rw)
    /srv/x\\040y     (ro)

``-opts`` right after the path sets the default options for the clients on that line; a client
without ``(opts)`` gets those (or the knfsd defaults). A bare ``(opts)`` token, or a path with no
clients at all, exports to everyone, as exportfs does (with a warning, since that is usually a
typo). Options are validated against the knfsd set we implement; anything else is an error
carrying the line number (:class:`ExportsError`).

Client specs are compiled once into :class:`ClientRule` objects:

- an IP literal (IPv4 or IPv6) is an exact host;
- ``addr/prefix`` or ``addr/netmask`` is a network (CIDR);
- a hostname is resolved *once at load* with ``socket.getaddrinfo`` and becomes an exact host
  over all of its addresses (a name that does not resolve matches nobody, with a warning; the
  table is not re-resolved until it is reloaded);
- a name containing ``*``, ``?`` or ``[`` is a wildcard, matched against the reverse-DNS name of
  the client (forward-confirmed, cached with a TTL; no DNS means no match), which
  `nfsrdma.hostnames` looks up in a thread at MNT or first contact, never inside a call: while
  it is unknown, a decision that needs it is `PENDING`;
- ``*`` alone is everyone;
- ``@netgroup`` is not supported: it is ignored with a warning.

:meth:`ExportTable.match` picks the most specific rule for a client, the way knfsd's
``client_check`` ordering does in spirit rather than the first in file order:
exact host > network (longest prefix first) > wildcard name > ``*``; ties go to file order.

Defaults follow knfsd: ``ro,root_squash,secure,sync,wdelay,no_subtree_check,sec=sys`` with
anonuid/anongid 65534.  ``sec=`` (``sys``, ``none`` or both, ``:``-separated) is the list of
flavors NFS calls may use (AUTH_NONE callers act as anonuid/anongid) and what MNT
advertises; ``subtree_check`` is refused (see :func:`parse_options`). :meth:`ExportTable.from_paths` (the CLI's ``--export PATH``) is a
developer convenience and defaults to ``rw,no_root_squash,insecure`` for everyone.
"""

from __future__ import annotations

import enum
import fnmatch
import functools
import hashlib
import ipaddress
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from nfsrdma.hostnames import PENDING, DnsResolver, HostNames, IPAddress, Pending, canonical
from storage.backend import Cred  # the storage layer owns the credential type

__all__ = [
    "DEFAULT_OPTIONS",
    "DEV_EXPORT_OPTIONS",
    "NOBODY",
    "PENDING",
    "ClientRule",
    "Cred",
    "DnsResolver",
    "Export",
    "ExportOptions",
    "ExportTable",
    "ExportsError",
    "RuleKind",
    "Squash",
    "format_options",
    "parse_options",
]

log = logging.getLogger(__name__)

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: knfsd's default anonymous id (the "nobody" user of most distributions).
NOBODY = 65534

#: Largest value accepted for fsid=, anonuid=, anongid= (all are u32 on the wire / in knfsd).
_U32_MAX = 0xFFFFFFFF


class ExportsError(ValueError):
    """A malformed exports file or option string.

    ``str(err)`` reads ``"<source>:<lineno>: <message>"`` when the location is known.
    """

    def __init__(self, message: str, lineno: int | None = None, source: str | None = None):
        self.message = message
        self.lineno = lineno
        self.source = source
        where = ""
        if lineno is not None:
            where = f"{source or 'exports'}:{lineno}: "
        super().__init__(where + message)


class Squash(enum.Enum):
    """Identity squashing mode (exports(5) "User ID Mapping")."""

    NONE = "no_root_squash"
    ROOT = "root_squash"
    ALL = "all_squash"


class RuleKind(enum.IntEnum):
    """Client spec kinds, valued by match precedence (lower wins)."""

    HOST = 0
    NETWORK = 1
    WILDCARD = 2
    ANY = 3


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Options for one (export, client) pair. Defaults are knfsd's."""

    rw: bool = False
    squash: Squash = Squash.ROOT
    anonuid: int = NOBODY
    anongid: int = NOBODY
    secure: bool = True
    sync: bool = True  # recorded; the NFS layer decides what async means for it
    wdelay: bool = True  # recorded only
    subtree_check: bool = False  # always False: parse_options refuses subtree_check
    fsid: int | None = None
    sec: tuple[str, ...] = ("sys",)


#: knfsd defaults: ro,root_squash,secure,sync,wdelay,no_subtree_check,sec=sys.
DEFAULT_OPTIONS = ExportOptions()
#: Options for ``--export PATH`` (developer convenience, documented in the CLI help).
DEV_EXPORT_OPTIONS = "rw,no_root_squash,insecure"

_SEC_FLAVORS = {"sys", "none"}


def _parse_uint(name: str, value: str | None) -> int:
    if value is None or not value.isdigit():
        raise ExportsError(f"option {name}= needs a non-negative integer, got {value!r}")
    n = int(value)
    if n > _U32_MAX:
        raise ExportsError(f"option {name}={n} is out of range (max {_U32_MAX})")
    return n


def parse_options(text: str, base: ExportOptions = DEFAULT_OPTIONS) -> ExportOptions:
    """Apply a comma-separated exports(5) option list on top of *base*.

    **Returns** a new :class:`ExportOptions`; later options override earlier ones.

    **Raises** :class:`ExportsError` (without a line number; the file parser adds it) for an
    unknown option, a missing or bad value, a security flavor other than sys/none, or
    ``subtree_check`` still in force after the list (knfsd's per-file parent check is not
    implemented; handles are confined to their export without it).
    """
    changes: dict[str, Any] = {}
    for raw in text.split(","):
        opt = raw.strip()
        if not opt:
            continue
        name, eq, value = opt.partition("=")
        val = value if eq else None
        flag = None if eq else name
        if flag == "rw":
            changes["rw"] = True
        elif flag == "ro":
            changes["rw"] = False
        elif flag in ("root_squash", "no_root_squash", "all_squash"):
            changes["squash"] = Squash(flag)
        elif flag == "no_all_squash":
            # exportfs: no_all_squash only undoes all_squash, leaving root squashing on.
            if changes.get("squash", base.squash) is Squash.ALL:
                changes["squash"] = Squash.ROOT
        elif flag in ("secure", "insecure"):
            changes["secure"] = flag == "secure"
        elif flag in ("sync", "async"):
            changes["sync"] = flag == "sync"
        elif flag in ("wdelay", "no_wdelay"):
            changes["wdelay"] = flag == "wdelay"
        elif flag in ("subtree_check", "no_subtree_check"):
            changes["subtree_check"] = flag == "subtree_check"
        elif name == "anonuid":
            changes["anonuid"] = _parse_uint(name, val)
        elif name == "anongid":
            changes["anongid"] = _parse_uint(name, val)
        elif name == "fsid":
            # knfsd also accepts fsid=root (== 0) and UUIDs; we take integers and "root".
            changes["fsid"] = 0 if val == "root" else _parse_uint(name, val)
        elif name == "sec":
            flavors = tuple(f.strip() for f in (val or "").split(":"))
            bad = [f for f in flavors if f not in _SEC_FLAVORS]
            if not flavors or bad:
                raise ExportsError(f"unsupported sec= flavor(s) {bad or [val]}: only sys and none")
            changes["sec"] = flavors
        else:
            raise ExportsError(f"unknown export option {opt!r}")
    opts = replace(base, **changes)
    if opts.subtree_check:
        raise ExportsError(
            "subtree_check is not supported: use no_subtree_check (the default); handles "
            "stay confined to their export without it (a directory moved out of it, or a "
            "file whose only name is outside it, is stale)"
        )
    return opts


def format_options(opts: ExportOptions) -> str:
    """The options in force, spelled as exportfs -v does (every one, defaults included), so
    `parse_options` of the result gives *opts* back."""
    words = [
        "rw" if opts.rw else "ro",
        "sync" if opts.sync else "async",
        "wdelay" if opts.wdelay else "no_wdelay",
        opts.squash.value,
        "no_subtree_check",
        "secure" if opts.secure else "insecure",
        "sec=" + ":".join(opts.sec),
        f"anonuid={opts.anonuid}",
        f"anongid={opts.anongid}",
    ]
    if opts.fsid is not None:
        words.append(f"fsid={opts.fsid}")
    return ",".join(words)


def parse_client_address(client_ip: str | IPAddress) -> IPAddress:
    """Client address as seen by a transport -> canonical address (mapped v4, zone stripped).

    **Raises** ValueError if *client_ip* is not an IP address.
    """
    if isinstance(client_ip, str):
        return _parse_text_address(client_ip)
    return canonical(client_ip)


@functools.lru_cache(maxsize=4096)
def _parse_text_address(text: str) -> IPAddress:
    """Every call is checked against the exports: parse each client's address once."""
    return canonical(ipaddress.ip_address(text.split("%", 1)[0]))


@dataclass(frozen=True, slots=True)
class ClientRule:
    """One client spec of one export, compiled for matching.

    Invariants: ``kind`` says which of ``addresses`` (HOST), ``network`` (NETWORK) or
    ``pattern`` (WILDCARD, lower case) is meaningful; ANY uses none of them.
    """

    spec: str
    kind: RuleKind
    options: ExportOptions
    addresses: frozenset[IPAddress] = frozenset()
    network: IPNetwork | None = None
    pattern: str = ""
    order: int = 0  # position in the file, for tie-breaking

    @property
    def writable(self) -> bool:
        return self.options.rw

    @property
    def requires_secure_port(self) -> bool:
        return self.options.secure

    def port_allowed(self, port: int) -> bool:
        """True if a call from source *port* is acceptable (``secure`` means port < 1024)."""
        return not self.options.secure or 0 < port < 1024

    def squash(self, cred: Cred) -> Cred:
        """Apply root_squash / all_squash to an AUTH_SYS credential.

        **Returns** the credential the storage layer should act as:

        - all_squash: everyone becomes anonuid/anongid with no supplementary groups;
        - root_squash: uid 0 becomes anonuid, gid 0 becomes anongid, and gid 0 is dropped from
          the supplementary groups (for every user, as knfsd does);
        - no_root_squash: unchanged.
        """
        opts = self.options
        if opts.squash is Squash.ALL:
            return Cred(uid=opts.anonuid, gid=opts.anongid, gids=())
        if opts.squash is Squash.ROOT:
            uid = opts.anonuid if cred.uid == 0 else cred.uid
            gid = opts.anongid if cred.gid == 0 else cred.gid
            gids = tuple(g for g in cred.gids if g != 0)
            if (uid, gid, gids) != (cred.uid, cred.gid, tuple(cred.gids)):
                return Cred(uid=uid, gid=gid, gids=gids)
        return cred

    def _sort_key(self) -> tuple[int, int, int]:
        prefix = self.network.prefixlen if self.network is not None else 0
        return (int(self.kind), -prefix, self.order)

    def matches(self, addr: IPAddress, reverse: Callable[[], str | None]) -> bool:
        """True if the canonical client *addr* is covered; *reverse* yields its DNS name."""
        if self.kind is RuleKind.ANY:
            return True
        if self.kind is RuleKind.HOST:
            return addr in self.addresses
        if self.kind is RuleKind.NETWORK:
            assert self.network is not None
            return addr.version == self.network.version and addr in self.network
        name = reverse()
        return name is not None and fnmatch.fnmatchcase(name, self.pattern)


def export_id_for(path: str, fsid: int | None) -> int:
    """Stable 64-bit export id.

    ``fsid=N`` gives ``N`` (< 2**32). Otherwise the id is a hash of the path with bit 63 set, so
    hashed ids can never collide with an explicit fsid and survive restarts and reordering.
    """
    if fsid is not None:
        return fsid
    digest = hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(digest, "big") | (1 << 63)


@dataclass(slots=True)
class Export:
    """One exported directory and its client rules (file order)."""

    path: str
    id: int
    clients: list[ClientRule] = field(default_factory=list)

    @property
    def fsid(self) -> int | None:
        return next((c.options.fsid for c in self.clients if c.options.fsid is not None), None)


class ExportTable:
    """All exports, by path and by id, with the client-matching policy.

    Build one with :meth:`from_file`, :meth:`from_text` or :meth:`from_paths`.
    """

    def __init__(self, exports: Iterable[Export], resolver: DnsResolver | None = None):
        self.resolver = resolver or DnsResolver()
        self.names = HostNames(self.resolver)
        self.exports: list[Export] = list(exports)
        self._by_path = {e.path: e for e in self.exports}
        self._by_id: dict[int, Export] = {}
        for e in self.exports:
            other = self._by_id.setdefault(e.id, e)
            if other is not e:
                raise ExportsError(f"exports {other.path} and {e.path} share id {e.id} (fsid=)")
        # Per-call work of `match`, done once: each export's rules in precedence order, and
        # the verdict for an (export, address) pair that no name decided (a name may change
        # with DNS; an address-only verdict holds until the table is replaced on reload).
        self._ordered = {e.id: (e, sorted(e.clients, key=ClientRule._sort_key))
                         for e in self.exports}
        self._decided: dict[tuple[int, str], ClientRule | None] = {}

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_file(
        cls, path: str | os.PathLike[str], resolver: DnsResolver | None = None
    ) -> ExportTable:
        """Parse an exports(5) file.

        **Raises** :class:`ExportsError` with the file name and line number on a syntax or
        option error; OSError if the file cannot be read.
        """
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        return cls.from_text(text, resolver=resolver, source=os.fspath(path))

    @classmethod
    def from_text(
        cls, text: str, resolver: DnsResolver | None = None, source: str = "exports"
    ) -> ExportTable:
        """Parse exports(5) text. See :meth:`from_file`."""
        resolver = resolver or DnsResolver()
        by_path: dict[str, Export] = {}
        order = 0
        for lineno, line in _logical_lines(text, source):
            try:
                tokens = _tokenize(line)
                if not tokens:
                    continue
                path = _parse_path(tokens[0])
                base = DEFAULT_OPTIONS
                rest = tokens[1:]
                if rest and rest[0].startswith("-"):
                    base = parse_options(rest[0][1:], DEFAULT_OPTIONS)
                    rest = rest[1:]
                if not rest:
                    log.warning(
                        "%s:%d: %s has no client list; exporting to everyone", source, lineno, path
                    )
                    rest = ["*"]
                rules = []
                for tok in rest:
                    rule = _parse_client(tok, base, resolver, order, source, lineno)
                    order += 1
                    if rule is not None:
                        rules.append(rule)
                export = by_path.get(path)
                if export is None:
                    export = by_path[path] = Export(path=path, id=0)
                export.clients.extend(rules)
                fsids = {c.options.fsid for c in export.clients if c.options.fsid is not None}
                if len(fsids) > 1:
                    raise ExportsError(f"conflicting fsid= values for {path}: {sorted(fsids)}")
            except ExportsError as e:
                if e.lineno is not None:
                    raise
                raise ExportsError(e.message, lineno, source) from None
        for export in by_path.values():
            export.id = export_id_for(export.path, export.fsid)
        return cls(by_path.values(), resolver)

    @classmethod
    def from_paths(
        cls,
        paths: Iterable[str | os.PathLike[str]],
        options: str = DEV_EXPORT_OPTIONS,
        resolver: DnsResolver | None = None,
    ) -> ExportTable:
        """Export each of *paths* to everyone (``*``) with *options* over the knfsd defaults.

        This backs ``--export PATH``; its default, ``rw,no_root_squash,insecure``, is meant for
        development and benchmarks, not for untrusted networks.
        """
        opts = parse_options(options)
        exports = []
        for i, p in enumerate(paths):
            path = _normalize_path(os.fspath(p))
            rule = ClientRule(spec="*", kind=RuleKind.ANY, options=opts, order=i)
            exports.append(Export(path, export_id_for(path, opts.fsid), [rule]))
        return cls(exports, resolver)

    # -- lookup ---------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Export]:
        return iter(self.exports)

    def __len__(self) -> int:
        return len(self.exports)

    def find(self, path: str) -> Export | None:
        """The export for exactly *path* (normalized), or None."""
        try:
            return self._by_path.get(_normalize_path(path))
        except ExportsError:
            return None

    def by_id(self, export_id: int) -> Export | None:
        return self._by_id.get(export_id)

    def match(self, export: Export, client_ip: str | IPAddress) -> ClientRule | Pending | None:
        """The most specific rule of *export* covering *client_ip*, None (access denied), or
        `PENDING` when that depends on a reverse name still being looked up.

        Precedence: exact host > network (longest prefix) > wildcard name > ``*``; equal
        candidates go by file order. IPv4-mapped IPv6 clients match IPv4 rules. The name is
        asked for only if no more specific rule matched; asking never blocks (it starts the
        lookup in a thread on first contact, see `nfsrdma.hostnames`).

        **Raises** ValueError if *client_ip* is not an IP address.
        """
        key = (export.id, client_ip) if isinstance(client_ip, str) else None
        if key is not None:
            try:
                return self._decided[key]
            except KeyError:
                pass
        addr = parse_client_address(client_ip)
        asked = False

        def reverse() -> str | None:
            nonlocal asked
            asked = True
            name = self.names.lookup(addr)
            if name is PENDING:
                raise _Undecided
            return name

        built = self._ordered.get(export.id)
        if built is not None and built[0] is export:
            rules = built[1]
        else:  # an Export this table was not built from
            rules = sorted(export.clients, key=ClientRule._sort_key)
        found: ClientRule | None = None
        try:
            for rule in rules:
                if rule.matches(addr, reverse):
                    found = rule
                    break
        except _Undecided:
            return PENDING
        if key is not None and not asked:
            if len(self._decided) >= _DECIDED_MAX:
                self._decided.clear()  # many addresses: start over rather than grow
            self._decided[key] = found
        return found

    async def resolve_client(self, export: Export, client_ip: str | IPAddress) -> None:
        """Wait until `match` can decide for *client_ip* (its name is known, when a wildcard
        rule needs it).  MNT calls this, so the client's NFS calls find the name cached; it
        waits for DNS, never blocks the loop, and asks nothing when a more specific rule
        matches.

        **Raises** ValueError if *client_ip* is not an IP address.
        """
        if self.match(export, client_ip) is PENDING:
            await self.names.resolve(parse_client_address(client_ip))


#: Bound on remembered (export, address) verdicts of `ExportTable.match`.
_DECIDED_MAX = 16384


class _Undecided(Exception):
    """A wildcard rule needs a name that is still being looked up."""


# -- parsing helpers ----------------------------------------------------------------------


def _logical_lines(text: str, source: str) -> Iterator[tuple[int, str]]:
    """Yield (first line number, logical line) with comments stripped and continuations joined."""
    buf: list[str] = []
    start = 0
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw, source, lineno)
        if not buf:
            start = lineno
        if line.endswith("\\"):
            buf.append(line[:-1] + " ")
            continue
        buf.append(line)
        yield start, "".join(buf)
        buf = []
    if buf:
        yield start, "".join(buf)


def _strip_comment(line: str, source: str, lineno: int) -> str:
    """Remove a ``#`` comment that is not inside double quotes; strip trailing space."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            return line[:i].rstrip()
    if quoted:
        raise ExportsError("unterminated quote", lineno, source)
    return line.rstrip()


def _tokenize(line: str) -> list[str]:
    """Split on whitespace outside double quotes and parentheses (quotes are kept)."""
    tokens: list[str] = []
    cur: list[str] = []
    quoted = False
    depth = 0
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
            if depth < 0:
                raise ExportsError("unbalanced ')'")
        if ch.isspace() and not quoted and depth == 0:
            if cur:
                tokens.append("".join(cur))
                cur = []
            continue
        cur.append(ch)
    if quoted:
        raise ExportsError("unterminated quote")
    if depth:
        raise ExportsError("unbalanced '('")
    if cur:
        tokens.append("".join(cur))
    return tokens


def _unescape_octal(s: str) -> str:
    """Decode exportfs-style ``\\ooo`` octal escapes (e.g. ``\\040`` for a space)."""
    out: list[str] = []
    i = 0
    while i < len(s):
        if s[i] == "\\" and i + 4 <= len(s):
            digits = s[i + 1 : i + 4]
            if all(c in "01234567" for c in digits):
                out.append(chr(int(digits, 8)))
                i += 4
                continue
        out.append(s[i])
        i += 1
    return "".join(out)


def _normalize_path(path: str) -> str:
    if not path.startswith("/"):
        raise ExportsError(f"export path must be absolute: {path!r}")
    norm = os.path.normpath(path)
    return "/" + norm.lstrip("/")  # POSIX normpath keeps a leading "//"


def _parse_path(token: str) -> str:
    if token.startswith('"'):
        if len(token) < 2 or not token.endswith('"') or '"' in token[1:-1]:
            raise ExportsError(f"bad quoted path {token!r}")
        return _normalize_path(token[1:-1])
    if '"' in token or "(" in token:
        raise ExportsError(f"bad export path {token!r}")
    return _normalize_path(_unescape_octal(token))


def _parse_client(
    token: str,
    base: ExportOptions,
    resolver: DnsResolver,
    order: int,
    source: str,
    lineno: int,
) -> ClientRule | None:
    """Compile one ``spec(opts)`` token; None for an ignored (netgroup) spec."""
    spec, paren, rest = token.partition("(")
    opts = base
    if paren:
        if not rest.endswith(")") or ")" in rest[:-1]:
            raise ExportsError(f"bad client spec {token!r}")
        opts = parse_options(rest[:-1], base)
    if spec == "":
        log.warning("%s:%d: options %r without a client apply to everyone", source, lineno, token)
        spec = "*"
    if spec.startswith("@"):
        log.warning("%s:%d: netgroup %s is not supported; ignored", source, lineno, spec)
        return None
    if spec == "*":
        return ClientRule(spec, RuleKind.ANY, opts, order=order)
    if "/" in spec:
        try:
            net = ipaddress.ip_network(spec, strict=False)
        except ValueError:
            raise ExportsError(f"bad network {spec!r}") from None
        if isinstance(net, ipaddress.IPv6Network) and net.prefixlen >= 96:
            mapped = net.network_address.ipv4_mapped
            if mapped is not None:  # ::ffff:a.b.c.d/120 written in v6 form -> v4 network
                net = ipaddress.ip_network(f"{mapped}/{net.prefixlen - 96}")
        return ClientRule(spec, RuleKind.NETWORK, opts, network=net, order=order)
    try:
        addr = canonical(ipaddress.ip_address(spec))
    except ValueError:
        pass
    else:
        return ClientRule(spec, RuleKind.HOST, opts, addresses=frozenset([addr]), order=order)
    if any(c in spec for c in "*?["):
        return ClientRule(spec, RuleKind.WILDCARD, opts, pattern=spec.lower(), order=order)
    if not _valid_hostname(spec):
        raise ExportsError(f"bad client spec {spec!r}")
    addrs = resolver.lookup_forward(spec)
    if not addrs:
        log.warning("%s:%d: host %s does not resolve; rule matches nobody", source, lineno, spec)
    return ClientRule(spec, RuleKind.HOST, opts, addresses=frozenset(addrs), order=order)


def _valid_hostname(name: str) -> bool:
    labels = name.rstrip(".").split(".")
    return 0 < len(name) <= 253 and all(
        0 < len(lab) <= 63 and all(c.isalnum() or c in "-_" for c in lab) for lab in labels
    )
