"""Declarative XDR (RFC 4506) schema compiled to fast encode/decode functions.

Operation
---------
A schema is built from type objects (`UInt32`, `Struct(...)`, `Union(...)` ...).  The first time a
type is used, it generates the Python source of two functions, ``enc(w, v)`` appending to the
writer's bytearray and ``dec(r)`` reading the reader's memoryview from ``r.pos``, compiles them
with ``exec`` and caches them on the type object.  Nested aggregates call each other's compiled
functions; primitives, enums, bools and opaques are inlined.

Why generated code: pure-Python XDR is dominated by per-field interpretive overhead (a method
call and a dispatch per field).  Straight-line code per type folds each run of consecutive
fixed-size fields into ONE ``struct.Struct.unpack_from``/``pack`` (an NFS fattr3 is 2 calls
instead of 21), with no per-field dispatch.  The generated source is the only code path; it is
never edited by hand, is kept on the type as ``.source`` and is registered with ``linecache`` so
tracebacks show it.

Bounds: every decode checks lengths against declared maxima and against the bytes remaining
before allocating (`Array` refuses a count whose minimum wire size exceeds what is left;
`LinkedList` consumes at least 4 bytes per element, so a malicious chain is bounded by the
message size).  Short input surfaces as ``struct.error`` inside generated code and is turned into
`XdrError` by `XdrType.decode`.  Encoding a value that does not fit raises `XdrEncodeError`.

Leniency: a `Bool` or optional-data flag decodes any non-zero word as TRUE, as Linux's xdrgen
does (``*p != xdr_zero``); enums and union discriminants are strict.
"""

from __future__ import annotations

import enum
import itertools
import keyword
import linecache
import struct
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from rpc.buffer import XdrReader, XdrWriter
from rpc.errors import XdrEncodeError, XdrError

__all__ = [
    "Array",
    "Bool",
    "Enum",
    "FixedArray",
    "Int32",
    "Int64",
    "LinkedList",
    "Opaque",
    "Optional",
    "Payload",
    "String",
    "Struct",
    "UInt32",
    "UInt64",
    "Union",
    "UnionValue",
    "VarOpaque",
    "Void",
    "XdrEncodeError",
    "XdrError",
    "XdrStruct",
    "XdrType",
]

_U32 = struct.Struct(">I")
_PADS = (b"", b"\0\0\0", b"\0\0", b"\0")  # indexed by n & 3: bytes to reach a 4-byte boundary
_TRUE = _U32.pack(1)
_FALSE = _U32.pack(0)
_UINT32_MAX = 0xFFFFFFFF
_ENCODE_ERRORS = (struct.error, TypeError, AttributeError, ValueError, KeyError, OverflowError)
_compile_ids = itertools.count()


class UnionValue:
    """A decoded union: ``tag`` is the discriminant value, ``value`` the arm's value (None: void)."""

    __slots__ = ("tag", "value")
    __match_args__ = ("tag", "value")

    def __init__(self, tag: Any, value: Any = None) -> None:
        self.tag = tag
        self.value = value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, UnionValue):
            return self.tag == other.tag and self.value == other.value
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"UnionValue({self.tag!r}, {self.value!r})"


class XdrStruct:
    """Base of generated struct classes (rpc.xdrgen): equality, repr and tuple view by ``_fields``.

    Subclasses declare ``__slots__``, ``_fields`` (wire order) and a positional ``__init__``;
    `Struct` decodes by calling the class with the field values in wire order.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        body = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({body})"

    def _astuple(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in self._fields)


class _Gen:
    """Source builder: names the objects generated code refers to, hands out temporaries."""

    def __init__(self) -> None:
        self.ns: dict[str, Any] = {
            "XdrError": XdrError,
            "XdrEncodeError": XdrEncodeError,
            "_u32": _U32.unpack_from,
            "_p32": _U32.pack,
            "_PADS": _PADS,
            "_TRUE": _TRUE,
            "_FALSE": _FALSE,
            "_unpack_from": struct.unpack_from,
            "_pack": struct.pack,
            "UnionValue": UnionValue,
        }
        self.lines: list[str] = []
        self._ids: dict[int, str] = {}
        self._n = 0

    def ref(self, obj: Any, hint: str = "o") -> str:
        key = id(obj)
        name = self._ids.get(key)
        if name is None:
            name = f"_{hint}{len(self._ids)}"
            self._ids[key] = name
            self.ns[name] = obj
        return name

    def tmp(self, hint: str = "t") -> str:
        self._n += 1
        return f"{hint}{self._n}"

    def line(self, ind: int, text: str) -> None:
        self.lines.append("    " * ind + text)


class XdrType:
    """Base of every XDR type object.

    Subclasses describe themselves to the generator; users only call the four public methods.
    ``min_size`` is the fewest wire bytes a value can take (used to bound counts on decode).
    """

    #: struct format char when the type is a fixed-size primitive that can be merged with its
    #: neighbours into one struct.Struct; None otherwise.
    fmt: ClassVar[str | None] = None
    min_size: int = 4

    def __init__(self, name: str) -> None:
        self.name = name
        self.source: str | None = None
        self._enc_fn: Callable[[XdrWriter, Any], None] | None = None
        self._dec_fn: Callable[[XdrReader], Any] | None = None

    def __repr__(self) -> str:
        return f"<XdrType {self.name}>"

    # -- public API ------------------------------------------------------------------------

    def encode(self, writer: XdrWriter, value: Any) -> None:
        """Append ``value`` to ``writer``.

        Raises:
            XdrEncodeError: the value does not fit the type (wrong shape, over a bound).
        """
        fn = self._enc_fn or self._compiled()[0]
        try:
            fn(writer, value)
        except XdrError:
            raise
        except _ENCODE_ERRORS as e:
            raise XdrEncodeError(f"{self.name}: cannot encode {value!r}: {e}") from e

    def decode(self, reader: XdrReader) -> Any:
        """Decode one value at ``reader.pos`` and advance past it.

        Raises:
            XdrError: short input, a length over its maximum, a bad enum or discriminant.
        """
        fn = self._dec_fn or self._compiled()[1]
        try:
            return fn(reader)
        except struct.error as e:
            raise XdrError(f"{self.name}: short input at {reader.pos}: {e}") from None

    def pack(self, value: Any) -> bytes:
        """Encode to bytes (payload bytes copied in: tests and clients only)."""
        w = XdrWriter()
        self.encode(w, value)
        return w.finish().tobytes()

    def unpack(self, data: bytes | bytearray | memoryview) -> Any:
        """Decode a whole buffer.

        Raises:
            XdrError: as `decode`, or bytes left over.
        """
        r = XdrReader(data)
        v = self.decode(r)
        if r.remaining:
            raise XdrError(f"{self.name}: {r.remaining} trailing bytes")
        return v

    # -- generator protocol --------------------------------------------------------------

    def _compiled(self) -> tuple[Callable[[XdrWriter, Any], None], Callable[[XdrReader], Any]]:
        if self._enc_fn is None or self._dec_fn is None:
            g = _Gen()
            g.line(0, "def enc(w, v):")
            g.line(1, "b = w.buf")
            self.emit_enc_top(g, "v", 1)
            g.line(1, "return None")
            g.line(0, "def dec(r):")
            g.line(1, "d = r.data")
            g.line(1, "p = r.pos")
            self.emit_dec_top(g, "v", 1)
            g.line(1, "r.pos = p")
            g.line(1, "return v")
            src = "\n".join(g.lines) + "\n"
            fname = f"<xdr {self.name} #{next(_compile_ids)}>"
            linecache.cache[fname] = (len(src), None, src.splitlines(True), fname)
            exec(compile(src, fname, "exec"), g.ns)
            self.source = src
            self._enc_fn = g.ns["enc"]
            self._dec_fn = g.ns["dec"]
        assert self._enc_fn is not None and self._dec_fn is not None
        return self._enc_fn, self._dec_fn

    # Top-level bodies default to the inline code; aggregates override to inline their fields.
    def emit_enc_top(self, g: _Gen, x: str, ind: int) -> None:
        self.emit_enc(g, x, ind)

    def emit_dec_top(self, g: _Gen, t: str, ind: int) -> None:
        self.emit_dec(g, t, ind)

    # When nested: by default call our own compiled function (keeps generated code small).
    def emit_enc(self, g: _Gen, x: str, ind: int) -> None:
        f = g.ref(self._compiled()[0], "e")
        g.line(ind, f"{f}(w, {x})")

    def emit_dec(self, g: _Gen, t: str, ind: int) -> None:
        f = g.ref(self._compiled()[1], "d")
        g.line(ind, "r.pos = p")
        g.line(ind, f"{t} = {f}(r)")
        g.line(ind, "p = r.pos")

    @property
    def inline(self) -> bool:
        """True when nested code is emitted inline rather than as a call."""
        return False

    # Fixed-size primitives: value conversion around a merged struct pack/unpack.
    def enc_expr(self, g: _Gen, x: str, ind: int) -> str:
        return x

    def dec_post(self, g: _Gen, t: str, ind: int) -> None:
        return None


class _Prim(XdrType):
    size = 4

    def __init__(self, name: str, fmt: str, size: int) -> None:
        super().__init__(name)
        self.fmt = fmt  # type: ignore[misc]
        self.size = size
        self.min_size = size
        self._st = struct.Struct(">" + fmt)

    @property
    def inline(self) -> bool:
        return True

    def emit_enc(self, g: _Gen, x: str, ind: int) -> None:
        e = self.enc_expr(g, x, ind)
        g.line(ind, f"b += {g.ref(self._st.pack, 'pk')}({e})")

    def emit_dec(self, g: _Gen, t: str, ind: int) -> None:
        g.line(ind, f"{t} = {g.ref(self._st.unpack_from, 'up')}(d, p)[0]")
        g.line(ind, f"p += {self.size}")
        self.dec_post(g, t, ind)


class _Bool(_Prim):
    def enc_expr(self, g: _Gen, x: str, ind: int) -> str:
        return f"(1 if {x} else 0)"

    def dec_post(self, g: _Gen, t: str, ind: int) -> None:
        g.line(ind, f"{t} = {t} != 0")


class _Void(XdrType):
    min_size = 0

    @property
    def inline(self) -> bool:
        return True

    def emit_enc(self, g: _Gen, x: str, ind: int) -> None:
        g.line(ind, "pass")

    def emit_dec(self, g: _Gen, t: str, ind: int) -> None:
        g.line(ind, f"{t} = None")


UInt32: XdrType = _Prim("uint32", "I", 4)
Int32: XdrType = _Prim("int32", "i", 4)
UInt64: XdrType = _Prim("uint64", "Q", 8)
Int64: XdrType = _Prim("int64", "q", 8)
Bool: XdrType = _Bool("bool", "I", 4)
Void: XdrType = _Void("void")


class Enum(_Prim):
    """XDR enum: values are ints (decoded as members of the IntEnum ``.enum``).

    ``members`` is a name -> value mapping (an IntEnum is built at run time) or a ready IntEnum
    class (what rpc.xdrgen emits, so mypy sees the members).  Decoding a value that is not a
    member raises `XdrError`; so does encoding one.
    """

    def __init__(self, name: str, members: Mapping[str, int] | type[enum.IntEnum]) -> None:
        super().__init__(name, "i", 4)
        if isinstance(members, type) and issubclass(members, enum.IntEnum):
            self.enum: type[enum.IntEnum] = members
        else:
            self.enum = enum.IntEnum(name, dict(members))  # type: ignore[misc]
        self._by_value: dict[int, enum.IntEnum] = {int(m): m for m in self.enum}

    def __getattr__(self, item: str) -> Any:
        # Enum("x", {"A": 1}).A -> the member; convenient in schemas and handlers.
        if item.startswith("_"):
            raise AttributeError(item)
        try:
            return self.enum[item]
        except KeyError:
            raise AttributeError(item) from None

    def enc_expr(self, g: _Gen, x: str, ind: int) -> str:
        m = g.ref(self._by_value, "m")
        g.line(ind, f"if {x} not in {m}:")
        g.line(ind + 1, f"raise XdrEncodeError({self.name + ': not a member: '!r} + repr({x}))")
        return x

    def dec_post(self, g: _Gen, t: str, ind: int) -> None:
        m = g.ref(self._by_value, "m")
        g.line(ind, f"{t}_ = {m}.get({t})")
        g.line(ind, f"if {t}_ is None:")
        g.line(ind + 1, f"raise XdrError({self.name + ': bad value '!r} + repr({t}))")
        g.line(ind, f"{t} = {t}_")


def _pad(n: int) -> int:
    return (n + 3) & ~3


class Opaque(XdrType):
    """opaque[n]: exactly n bytes (plus pad to 4)."""

    def __init__(self, n: int, name: str | None = None) -> None:
        super().__init__(name or f"opaque[{n}]")
        self.n = n
        self.min_size = _pad(n)

    @property
    def inline(self) -> bool:
        return True

    def emit_enc(self, g: _Gen, x: str, ind: int) -> None:
        g.line(ind, f"if len({x}) != {self.n}:")
        g.line(ind + 1, f"raise XdrEncodeError({self.name + ': wrong length '!r} + str(len({x})))")
        g.line(ind, f"b += {x}")
        if self.n & 3:
            g.line(ind, f"b += {_PADS[self.n & 3]!r}")

    def emit_dec(self, g: _Gen, t: str, ind: int) -> None:
        g.line(ind, f"if p + {_pad(self.n)} > len(d):")
        g.line(ind + 1, f"raise XdrError({self.name + ': short'!r})")
        g.line(ind, f"{t} = bytes(d[p:p + {self.n}])")
        g.line(ind, f"p += {_pad(self.n)}")


class VarOpaque(XdrType):
    """opaque<max>: length word + bytes + pad; decodes to bytes."""

    def __init__(self, max: int | None = None, name: str | None = None) -> None:
        super().__init__(name or (f"opaque<{max}>" if max is not None else "opaque<>"))
        self.max = _UINT32_MAX if max is None else max

    @property
    def inline(self) -> bool:
        return True

    def emit_enc(self, g: _Gen, x: str, ind: int) -> None:
        n = g.tmp("n")
        g.line(ind, f"{n} = len({x})")
        g.line(ind, f"if {n} > {self.max}:")
        g.line(ind + 1, f"raise XdrEncodeError({self.name + ': too long '!r} + str({n}))")
        g.line(ind, f"b += _p32({n})")
        g.line(ind, f"b += {x}")
        g.line(ind, f"b += _PADS[{n} & 3]")

    def emit_dec(self, g: _Gen, t: str, ind: int) -> None:
        n, e = g.tmp("n"), g.tmp("e")
        g.line(ind, f"{n} = _u32(d, p)[0]")
        g.line(ind, f"if {n} > {self.max}:")
        g.line(ind + 1, f"raise XdrError({self.name + ': length over max: '!r} + str({n}))")
        g.line(ind, f"{e} = p + 4 + {n}")
        g.line(ind, f"if {e} + (-{n} & 3) > len(d):")
        g.line(ind + 1, f"raise XdrError({self.name + ': short'!r})")
        g.line(ind, f"{t} = bytes(d[p + 4:{e}])")
        g.line(ind, f"p = {e} + (-{n} & 3)")


class String(VarOpaque):
    """string<max>: same wire form as opaque<max>; decodes to bytes (NFS names are bytes)."""

    def __init__(self, max: int | None = None, name: str | None = None) -> None:
        super().__init__(max, name or (f"string<{max}>" if max is not None else "string<>"))


def _check_ident(name: str, what: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("__"):
        raise ValueError(f"{what} {name!r} is not usable as a Python attribute")


def _make_struct_class(name: str, fields: Sequence[str]) -> type:
    """Generate a __slots__ record class: positional/keyword __init__, __eq__, __repr__."""
    cls_name = name if name.isidentifier() else "Record"
    args = ", ".join(fields)
    lines = [f"class {cls_name}:"]
    lines.append(f"    __slots__ = {tuple(fields)!r}")
    lines.append(f"    __match_args__ = {tuple(fields)!r}")
    lines.append(f"    _fields = {tuple(fields)!r}")
    lines.append(f"    def __init__(self{', ' if fields else ''}{args}):")
    for f in fields:
        lines.append(f"        self.{f} = {f}")
    if not fields:
        lines.append("        pass")
    lines.append("    def __eq__(self, other):")
    lines.append("        if other.__class__ is not self.__class__:")
    lines.append("            return NotImplemented")
    cmp = " and ".join(f"self.{f} == other.{f}" for f in fields) or "True"
    lines.append(f"        return {cmp}")
    lines.append("    __hash__ = None")
    lines.append("    def __repr__(self):")
    body = ", ".join(f"{f}={{self.{f}!r}}" for f in fields)
    lines.append(f"        return f'{name}({body})'")
    lines.append("    def _astuple(self):")
    lines.append(f"        return ({''.join(f'self.{f}, ' for f in fields)})")
    src = "\n".join(lines) + "\n"
    ns: dict[str, Any] = {}
    exec(compile(src, f"<xdr struct {name}>", "exec"), ns)
    cls: type = ns[cls_name]
    cls.__qualname__ = name
    cls.__module__ = "rpc.xdr.generated"
    return cls


def _emit_fields_enc(g: _Gen, items: Sequence[tuple[str, XdrType]], ind: int) -> None:
    """Encode local variables in order, merging runs of fixed-size primitives."""
    run: list[tuple[str, XdrType]] = []

    def flush() -> None:
        if not run:
            return
        if len(run) == 1:
            run[0][1].emit_enc(g, run[0][0], ind)
        else:
            st = struct.Struct(">" + "".join(t.fmt or "" for _, t in run))
            exprs = [t.enc_expr(g, v, ind) for v, t in run]
            g.line(ind, f"b += {g.ref(st.pack, 'pk')}({', '.join(exprs)})")
        run.clear()

    for var, t in items:
        if t.fmt is not None:
            run.append((var, t))
        else:
            flush()
            t.emit_enc(g, var, ind)
    flush()


def _emit_fields_dec(g: _Gen, items: Sequence[tuple[str, XdrType]], ind: int) -> None:
    run: list[tuple[str, XdrType]] = []

    def flush() -> None:
        if not run:
            return
        if len(run) == 1:
            run[0][1].emit_dec(g, run[0][0], ind)
        else:
            st = struct.Struct(">" + "".join(t.fmt or "" for _, t in run))
            names = ", ".join(v for v, _ in run)
            g.line(ind, f"{names} = {g.ref(st.unpack_from, 'up')}(d, p)")
            g.line(ind, f"p += {st.size}")
            for v, t in run:
                t.dec_post(g, v, ind)
        run.clear()

    for var, t in items:
        if t.fmt is not None:
            run.append((var, t))
        else:
            flush()
            t.emit_dec(g, var, ind)
    flush()


class Struct(XdrType):
    """XDR struct; decodes to instances of the generated ``.cls``.

    Encoding accepts an instance of ``.cls`` (or any object with the field attributes) or a
    plain tuple in field order (the fast path for hot replies).  ``cls`` is a ready class
    (rpc.xdrgen's typed `XdrStruct` subclasses) whose ``__init__`` takes the fields positionally
    in wire order; without it a record class is generated at run time.
    """

    def __init__(
        self, name: str, fields: Sequence[tuple[str, XdrType]], cls: type | None = None
    ) -> None:
        super().__init__(name)
        names = [f for f, _ in fields]
        for f in names:
            _check_ident(f, f"{name} field")
        if len(set(names)) != len(names):
            raise ValueError(f"{name}: duplicate field names")
        self.fields: list[tuple[str, XdrType]] = list(fields)
        if cls is not None and tuple(getattr(cls, "_fields", names)) != tuple(names):
            raise ValueError(f"{name}: {cls.__name__}._fields do not match the fields")
        self.cls: type = cls if cls is not None else _make_struct_class(name, names)
        self.min_size = sum(t.min_size for _, t in fields)
        #: struct format (no byte order) of the fields flattened in wire order when every one
        #: is a fixed-size integer, bool, enum or such a struct, else None: the generated
        #: packer (rpc.xdrgen's ``<name>_packer``) packs a value to its wire bytes in one call.
        self.flat_fmt: str | None = _flat_fmt(self)
        self.fixed_size = struct.calcsize(">" + self.flat_fmt) if self.flat_fmt else None

    # A fixed-size struct also encodes from ``bytes`` already packed by its packer (the hot
    # NFS replies' fattr3 / wcc_attr, packed straight from a stat result): appended as they
    # are, no object per field, no nested codec call. The length is checked, the contents
    # are the packer's (enum members are not checked there).
    def _emit_packed(self, g: _Gen, x: str, ind: int) -> None:
        g.line(ind, f"if len({x}) != {self.fixed_size}:")
        g.line(ind + 1, f"raise XdrEncodeError({self.name + ': packed length '!r} + str(len({x})))")
        g.line(ind, f"b += {x}")

    def emit_enc(self, g: _Gen, x: str, ind: int) -> None:
        if self.fixed_size is None:
            super().emit_enc(g, x, ind)
            return
        g.line(ind, f"if {x}.__class__ is bytes:")
        self._emit_packed(g, x, ind + 1)
        g.line(ind, "else:")
        super().emit_enc(g, x, ind + 1)

    def emit_enc_top(self, g: _Gen, x: str, ind: int) -> None:
        vs = [g.tmp("f") for _ in self.fields]
        if self.fixed_size is not None:
            g.line(ind, f"if {x}.__class__ is bytes:")
            self._emit_packed(g, x, ind + 1)
            g.line(ind + 1, "return None")
        if vs:
            g.line(ind, f"if {x}.__class__ is tuple:")
            g.line(ind + 1, f"{', '.join(vs)}, = {x}")
            g.line(ind, "else:")
            for v, (f, _) in zip(vs, self.fields, strict=True):
                g.line(ind + 1, f"{v} = {x}.{f}")
        _emit_fields_enc(g, [(v, t) for v, (_, t) in zip(vs, self.fields, strict=True)], ind)

    def emit_dec_top(self, g: _Gen, t: str, ind: int) -> None:
        vs = [g.tmp("f") for _ in self.fields]
        _emit_fields_dec(g, [(v, ft) for v, (_, ft) in zip(vs, self.fields, strict=True)], ind)
        g.line(ind, f"{t} = {g.ref(self.cls, 'C')}({', '.join(vs)})")


def _flat_fmt(t: XdrType) -> str | None:
    """Struct format of ``t``'s wire form when it is a fixed-size run of integers (see
    `Struct.flat_fmt`), else None."""
    if isinstance(t, Struct):
        parts = [_flat_fmt(ft) for _, ft in t.fields]
        if not parts or None in parts:
            return None
        return "".join(p for p in parts if p is not None)
    if isinstance(t, _Prim) and t.fmt in ("I", "i", "Q", "q"):
        return t.fmt
    return None


class Union(XdrType):
    """XDR discriminated union; decodes to ``cls(tag, value)`` (default `UnionValue`).

    ``arms`` maps discriminant values to ``(armname, type)`` (use `Void` for empty arms);
    ``default`` is the arm for any other value, or None (then other values are an `XdrError`).
    Encoding accepts a `UnionValue` (or anything with ``.tag``/``.value``) or a ``(tag, value)``
    tuple.  With an `Enum` discriminant the decoded tag is the enum member.  ``cls`` is a
    `UnionValue` subclass (rpc.xdrgen emits one per union, with typed arm properties).

    Arms are found through a dict from discriminant to the arm's compiled function, not an
    if/elif chain: an NFSv4 COMPOUND op union has ~75 arms, and a chain costs one comparison
    per arm before the one that matches.  A union with a single case (plus default) is one
    ``if``: no chain to avoid, and the NFS reply path is spared a lookup and a call.
    """

    def __init__(
        self,
        name: str,
        discriminant: XdrType,
        arms: Mapping[Any, tuple[str, XdrType]],
        default: tuple[str, XdrType] | None = None,
        cls: type[UnionValue] | None = None,
    ) -> None:
        super().__init__(name)
        if discriminant.fmt not in ("I", "i"):
            raise ValueError(f"{name}: discriminant must be int, unsigned int, enum or bool")
        self.discriminant = discriminant
        self.arms: dict[Any, tuple[str, XdrType]] = dict(arms)
        self.default = default
        self.cls: type[UnionValue] = cls if cls is not None else UnionValue
        if isinstance(discriminant, Enum):
            for k in self.arms:
                if k not in discriminant._by_value:
                    raise ValueError(f"{name}: arm {k!r} is not a member of {discriminant.name}")
        arm_sizes = [t.min_size for _, t in self.arms.values()]
        if default is not None:
            arm_sizes.append(default[1].min_size)
        self.min_size = 4 + (min(arm_sizes) if arm_sizes else 0)

    def arm_name(self, tag: Any) -> str | None:
        arm = self.arms.get(tag, self.default)
        return arm[0] if arm is not None else None

    def _arm_fns(self, which: int) -> tuple[dict[int, Callable[..., Any]], Any]:
        # Compiled lazily (at first use of this union), so arm types may be declared later.
        table = {int(k): t._compiled()[which] for k, (_, t) in self.arms.items()}
        dflt = self.default[1]._compiled()[which] if self.default is not None else None
        return table, dflt

    # One case and a default (every NFS result: "case NFS3_OK: resok; default: resfail") is
    # one comparison, cheaper than a dict lookup and a call on the READ/WRITE reply path.
    def _emit_one_enc(self, g: _Gen, tag: str, val: str, ind: int) -> None:
        ind2 = ind
        for k, (_, t) in self.arms.items():
            g.line(ind, f"if {tag} == {int(k)}:")
            t.emit_enc(g, val, ind + 1)
            g.line(ind, "else:")
            ind2 = ind + 1
        if self.default is not None:
            self.default[1].emit_enc(g, val, ind2)
        else:
            g.line(ind2, f"raise XdrEncodeError({self.name + ': no arm for '!r} + repr({tag}))")

    def _emit_one_dec(self, g: _Gen, tag: str, val: str, ind: int) -> None:
        ind2 = ind
        for k, (_, t) in self.arms.items():
            g.line(ind, f"if {tag} == {int(k)}:")
            t.emit_dec(g, val, ind + 1)
            g.line(ind, "else:")
            ind2 = ind + 1
        if self.default is not None:
            self.default[1].emit_dec(g, val, ind2)
        else:
            g.line(ind2, f"raise XdrError({self.name + ': bad discriminant '!r} + repr({tag}))")

    def emit_enc_top(self, g: _Gen, x: str, ind: int) -> None:
        tag, val, fn = g.tmp("tag"), g.tmp("val"), g.tmp("fn")
        g.line(ind, f"if {x}.__class__ is tuple:")
        g.line(ind + 1, f"{tag}, {val} = {x}")
        g.line(ind, "else:")
        g.line(ind + 1, f"{tag} = {x}.tag")
        g.line(ind + 1, f"{val} = {x}.value")
        self.discriminant.emit_enc(g, tag, ind)
        if len(self.arms) <= 1:
            self._emit_one_enc(g, tag, val, ind)
            return
        table, dflt = self._arm_fns(0)
        g.line(ind, f"{fn} = {g.ref(table, 'arms')}.get({tag}, {g.ref(dflt, 'dflt')})")
        g.line(ind, f"if {fn} is None:")
        g.line(ind + 1, f"raise XdrEncodeError({self.name + ': no arm for '!r} + repr({tag}))")
        g.line(ind, f"{fn}(w, {val})")

    def emit_dec_top(self, g: _Gen, t: str, ind: int) -> None:
        tag, val, fn = g.tmp("tag"), g.tmp("val"), g.tmp("fn")
        self.discriminant.emit_dec(g, tag, ind)
        if len(self.arms) <= 1:
            self._emit_one_dec(g, tag, val, ind)
            g.line(ind, f"{t} = {g.ref(self.cls, 'U')}({tag}, {val})")
            return
        table, dflt = self._arm_fns(1)
        g.line(ind, f"{fn} = {g.ref(table, 'arms')}.get({tag}, {g.ref(dflt, 'dflt')})")
        g.line(ind, f"if {fn} is None:")
        g.line(ind + 1, f"raise XdrError({self.name + ': bad discriminant '!r} + repr({tag}))")
        g.line(ind, "r.pos = p")
        g.line(ind, f"{val} = {fn}(r)")
        g.line(ind, "p = r.pos")
        g.line(ind, f"{t} = {g.ref(self.cls, 'U')}({tag}, {val})")


class Optional(XdrType):
    """XDR optional-data (``type *name``): None or a value."""

    def __init__(self, type: XdrType, name: str | None = None) -> None:
        super().__init__(name or f"*{type.name}")
        self.type = type

    def emit_enc_top(self, g: _Gen, x: str, ind: int) -> None:
        g.line(ind, f"if {x} is None:")
        g.line(ind + 1, "b += _FALSE")
        g.line(ind, "else:")
        g.line(ind + 1, "b += _TRUE")
        self.type.emit_enc(g, x, ind + 1)

    def emit_dec_top(self, g: _Gen, t: str, ind: int) -> None:
        g.line(ind, "if _u32(d, p)[0]:")
        g.line(ind + 1, "p += 4")
        self.type.emit_dec(g, t, ind + 1)
        g.line(ind, "else:")
        g.line(ind + 1, "p += 4")
        g.line(ind + 1, f"{t} = None")


_INT_FMTS = {"I": 4, "i": 4, "Q": 8, "q": 8}


def _is_plain_int(t: XdrType) -> bool:
    return type(t) is _Prim and t.fmt in _INT_FMTS


class Array(XdrType):
    """Variable-length array ``type<max>``; decodes to a list."""

    def __init__(self, type: XdrType, max: int | None = None, name: str | None = None) -> None:
        super().__init__(name or (f"{type.name}<{max}>" if max is not None else f"{type.name}<>"))
        self.type = type
        self.max = _UINT32_MAX if max is None else max

    def emit_enc_top(self, g: _Gen, x: str, ind: int) -> None:
        n = g.tmp("n")
        g.line(ind, f"{n} = len({x})")
        g.line(ind, f"if {n} > {self.max}:")
        g.line(ind + 1, f"raise XdrEncodeError({self.name + ': too many elements '!r} + str({n}))")
        g.line(ind, f"b += _p32({n})")
        _emit_items_enc(g, self.type, x, n, ind)

    def emit_dec_top(self, g: _Gen, t: str, ind: int) -> None:
        n = g.tmp("n")
        g.line(ind, f"{n} = _u32(d, p)[0]")
        g.line(ind, "p += 4")
        g.line(ind, f"if {n} > {self.max}:")
        g.line(ind + 1, f"raise XdrError({self.name + ': count over max: '!r} + str({n}))")
        _emit_items_dec(g, self.type, t, n, ind, self.name)


class FixedArray(XdrType):
    """Fixed-length array ``type[n]``; decodes to a list."""

    def __init__(self, type: XdrType, n: int, name: str | None = None) -> None:
        super().__init__(name or f"{type.name}[{n}]")
        self.type = type
        self.n = n
        self.min_size = n * type.min_size

    def emit_enc_top(self, g: _Gen, x: str, ind: int) -> None:
        g.line(ind, f"if len({x}) != {self.n}:")
        g.line(ind + 1, f"raise XdrEncodeError({self.name + ': wrong count '!r} + str(len({x})))")
        _emit_items_enc(g, self.type, x, str(self.n), ind)

    def emit_dec_top(self, g: _Gen, t: str, ind: int) -> None:
        _emit_items_dec(g, self.type, t, str(self.n), ind, self.name)


def _emit_items_enc(g: _Gen, et: XdrType, x: str, n: str, ind: int) -> None:
    if _is_plain_int(et):
        g.line(ind, f"b += _pack('>%d{et.fmt}' % {n}, *{x})")
        return
    it = g.tmp("it")
    g.line(ind, f"for {it} in {x}:")
    et.emit_enc(g, it, ind + 1)


def _emit_items_dec(g: _Gen, et: XdrType, t: str, n: str, ind: int, name: str) -> None:
    # Refuse counts the remaining bytes cannot hold before allocating anything.
    g.line(ind, f"if {n} * {max(et.min_size, 1)} > len(d) - p:")
    g.line(ind + 1, f"raise XdrError({name + ': count exceeds remaining bytes: '!r} + str({n}))")
    if _is_plain_int(et):
        g.line(ind, f"{t} = list(_unpack_from('>%d{et.fmt}' % {n}, d, p))")
        g.line(ind, f"p += {n} * {_INT_FMTS[et.fmt or 'I']}")
        return
    if not et.inline:
        f = g.ref(et._compiled()[1], "d")
        g.line(ind, "r.pos = p")
        g.line(ind, f"{t} = [{f}(r) for _ in range({n})]")
        g.line(ind, "p = r.pos")
        return
    it = g.tmp("it")
    g.line(ind, f"{t} = []")
    g.line(ind, f"for _ in range({n}):")
    et.emit_dec(g, it, ind + 1)
    g.line(ind + 1, f"{t}.append({it})")


class LinkedList(XdrType):
    """An XDR optional-data chain (``struct entry {...; entry *next;}``, head ``entry *first``).

    ``type`` is the element WITHOUT its next pointer; the value is a Python list.  Wire form:
    ``TRUE elem TRUE elem ... FALSE``.  Decoding consumes at least 4 bytes per element, so the
    list length is bounded by the message size; ``max`` optionally bounds it further.
    """

    def __init__(self, type: XdrType, max: int | None = None, name: str | None = None) -> None:
        super().__init__(name or f"list<{type.name}>")
        self.type = type
        self.max = max

    def emit_enc_top(self, g: _Gen, x: str, ind: int) -> None:
        if self.max is not None:
            g.line(ind, f"if len({x}) > {self.max}:")
            g.line(ind + 1, f"raise XdrEncodeError({self.name + ': too many elements'!r})")
        it = g.tmp("it")
        g.line(ind, f"for {it} in {x}:")
        g.line(ind + 1, "b += _TRUE")
        self.type.emit_enc(g, it, ind + 1)
        g.line(ind, "b += _FALSE")

    def emit_dec_top(self, g: _Gen, t: str, ind: int) -> None:
        it = g.tmp("it")
        g.line(ind, f"{t} = []")
        g.line(ind, "while _u32(d, p)[0]:")
        g.line(ind + 1, "p += 4")
        self.type.emit_dec(g, it, ind + 1)
        g.line(ind + 1, f"{t}.append({it})")
        if self.max is not None:
            g.line(ind + 1, f"if len({t}) > {self.max}:")
            g.line(ind + 2, f"raise XdrError({self.name + ': too many elements'!r})")
        g.line(ind, "p += 4")


class _Payload(XdrType):
    """opaque<> whose bytes stay a BvecList: see `XdrWriter.write_payload` / `read_payload`."""

    def __init__(self, max: int | None = None) -> None:
        super().__init__("payload" if max is None else f"payload<{max}>")
        self.max = max

    def __call__(self, max: int) -> _Payload:
        """``Payload(max)``: a payload type with a length bound (``Payload`` alone: unbounded)."""
        return _Payload(max)

    def emit_enc_top(self, g: _Gen, x: str, ind: int) -> None:
        if self.max is not None:
            g.line(ind, f"if {x}.nbytes > {self.max}:")
            g.line(ind + 1, f"raise XdrEncodeError({self.name + ': too long'!r})")
        g.line(ind, f"w.write_payload({x})")

    def emit_dec_top(self, g: _Gen, t: str, ind: int) -> None:
        g.line(ind, "r.pos = p")
        g.line(ind, f"{t} = r.read_payload({self.max})")
        g.line(ind, "p = r.pos")


Payload: _Payload = _Payload()


def struct_fields(t: Struct) -> list[str]:
    """Field names of a Struct, in wire order."""
    return [f for f, _ in t.fields]
