"""The XDR language's syntax tree (RFC 4506 section 6.3, RFC 5531 section 12.2).

The parser builds it, the emitter reads it; nothing here knows about Python output.  Values
(sizes, case labels, enum values) stay as written: an int or a constant's name, resolved by
the emitter against the file's constants and enum members.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Const",
    "Decl",
    "EnumDef",
    "Proc",
    "Program",
    "Spec",
    "StructDef",
    "TypeSpec",
    "Typedef",
    "UnionDef",
    "Value",
    "Version",
]

#: A number as written, or the name of a constant / enum member.
Value = int | str


@dataclass
class EnumDef:
    name: str
    members: list[tuple[str, Value]]


@dataclass
class StructDef:
    name: str
    fields: list[Decl]


@dataclass
class UnionDef:
    name: str
    discriminant: Decl
    #: (case labels, arm declaration): "case A: case B: T x;" is one entry with two labels.
    cases: list[tuple[list[Value], Decl]]
    default: Decl | None = None


@dataclass
class TypeSpec:
    """A type as used in a declaration.

    ``kind`` is a primitive ("int", "unsigned int", "hyper", "unsigned hyper", "bool",
    "float", "double", "quadruple", "opaque", "string", "void"), "ref" (``name`` names a
    declared type, ``struct X``/``union X``/``enum X`` included) or "struct"/"union"/"enum" for
    a definition written in place (``body``; the emitter names it after its container).
    """

    kind: str
    name: str | None = None
    body: EnumDef | StructDef | UnionDef | None = None


@dataclass
class Decl:
    """``T x``, ``T x[n]``, ``T x<m>``, ``T *x`` or ``void``.

    ``shape`` is "plain", "fixed", "var", "optional" or "void"; ``size`` the bound (None: no
    maximum for var).
    """

    type: TypeSpec
    name: str | None
    shape: str = "plain"
    size: Value | None = None


@dataclass
class Const:
    name: str
    value: Value


@dataclass
class Typedef:
    decl: Decl


@dataclass
class Proc:
    name: str
    number: Value
    result: TypeSpec
    args: list[TypeSpec]


@dataclass
class Version:
    name: str
    number: Value
    procs: list[Proc] = field(default_factory=list)


@dataclass
class Program:
    name: str
    number: Value
    versions: list[Version] = field(default_factory=list)


#: One top-level definition, in file order.
Definition = Const | Typedef | EnumDef | StructDef | UnionDef | Program


@dataclass
class Spec:
    """A whole .x file."""

    definitions: list[Definition]
