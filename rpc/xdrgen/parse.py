"""Recursive-descent parser for the XDR language with RPC program blocks.

Operation: `tokenize` turns the text into (kind, text, line) tokens, dropping comments and
the ``%`` pass-through and ``#`` preprocessor lines rpcgen files carry; `Parser` walks them
with one method per grammar rule of RFC 4506 section 6.3 (``declaration``, ``type-specifier``,
``enum-body``, ``struct-body``, ``union-body``, ``constant-def``, ``type-def``) plus RFC 5531
section 12.2's ``program-def``.  Errors name the file and line.
"""

from __future__ import annotations

import re

from rpc.xdrgen.ast import (
    Const,
    Decl,
    Definition,
    EnumDef,
    Proc,
    Program,
    Spec,
    StructDef,
    Typedef,
    TypeSpec,
    UnionDef,
    Value,
    Version,
)

__all__ = ["XdrSyntaxError", "parse", "tokenize"]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<passthru>^[ \t]*[%\#][^\n]*)
  | (?P<num>-?(?:0[xX][0-9a-fA-F]+|[0-9]+))
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[{}\[\]<>();:,=*])
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)

_PRIMS = {"int", "hyper", "bool", "float", "double", "quadruple", "void", "opaque", "string"}


def _number(tok: str) -> int:
    """RFC 4506 section 6.3 constants: decimal, 0x hexadecimal, or 0-led octal."""
    digits = tok.lstrip("-")
    sign = -1 if tok.startswith("-") else 1
    if digits[:2] in ("0x", "0X"):
        return sign * int(digits[2:], 16)
    if len(digits) > 1 and digits[0] == "0":
        return sign * int(digits[1:], 8)
    return sign * int(digits)


class XdrSyntaxError(ValueError):
    """The .x text does not follow the grammar; the message says where."""


def tokenize(text: str, source: str = "<x>") -> list[tuple[str, str, int]]:
    """Tokens as (kind, text, line); kind is "num", "ident" or "punct"."""
    out: list[tuple[str, str, int]] = []
    pos, line = 0, 1
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise XdrSyntaxError(f"{source}:{line}: unexpected {text[pos]!r}")
        kind = m.lastgroup or ""
        tok = m.group()
        if kind in ("num", "ident", "punct"):
            out.append((kind, tok, line))
        line += tok.count("\n")
        pos = m.end()
    return out


class Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.toks = tokenize(text, source)
        self.i = 0

    # -- token helpers -------------------------------------------------------------------

    def _fail(self, msg: str) -> XdrSyntaxError:
        at = min(self.i, len(self.toks) - 1)
        line = self.toks[at][2] if self.toks else 0
        return XdrSyntaxError(f"{self.source}:{line}: {msg}")

    def peek(self, k: int = 0) -> str | None:
        j = self.i + k
        return self.toks[j][1] if j < len(self.toks) else None

    def take(self, want: str | None = None) -> str:
        if self.i >= len(self.toks):
            raise self._fail(f"unexpected end of file (wanted {want or 'more'})")
        tok = self.toks[self.i][1]
        if want is not None and tok != want:
            raise self._fail(f"expected {want!r}, got {tok!r}")
        self.i += 1
        return tok

    def accept(self, want: str) -> bool:
        if self.peek() == want:
            self.i += 1
            return True
        return False

    def ident(self) -> str:
        if self.i >= len(self.toks) or self.toks[self.i][0] != "ident":
            raise self._fail(f"expected a name, got {self.peek()!r}")
        return self.take()

    def value(self) -> Value:
        """constant | identifier (RFC 4506: value)."""
        if self.i < len(self.toks) and self.toks[self.i][0] == "num":
            return _number(self.take())
        return self.ident()

    # -- grammar -------------------------------------------------------------------------

    def spec(self) -> Spec:
        defs: list[Definition] = []
        while self.i < len(self.toks):
            defs.append(self.definition())
        return Spec(defs)

    def definition(self) -> Definition:
        kw = self.peek()
        if kw == "const":
            self.take()
            name = self.ident()
            self.take("=")
            v = self.value()
            self.take(";")
            return Const(name, v)
        if kw == "typedef":
            self.take()
            d = self.declaration()
            self.take(";")
            if d.name is None:
                raise self._fail("typedef void")
            return Typedef(d)
        if kw == "enum":
            self.take()
            name = self.ident()
            e = self.enum_body(name)
            self.take(";")
            return e
        if kw == "struct":
            self.take()
            name = self.ident()
            s = self.struct_body(name)
            self.take(";")
            return s
        if kw == "union":
            self.take()
            name = self.ident()
            u = self.union_body(name)
            self.take(";")
            return u
        if kw == "program":
            return self.program()
        raise self._fail(f"expected a definition, got {kw!r}")

    def enum_body(self, name: str) -> EnumDef:
        self.take("{")
        members: list[tuple[str, Value]] = []
        while True:
            m = self.ident()
            self.take("=")
            members.append((m, self.value()))
            if not self.accept(","):
                break
        self.take("}")
        return EnumDef(name, members)

    def struct_body(self, name: str) -> StructDef:
        self.take("{")
        fields: list[Decl] = []
        while not self.accept("}"):
            fields.append(self.declaration())
            self.take(";")
        return StructDef(name, fields)

    def union_body(self, name: str) -> UnionDef:
        self.take("switch")
        self.take("(")
        disc = self.declaration()
        self.take(")")
        self.take("{")
        u = UnionDef(name, disc, [])
        labels: list[Value] = []
        while not self.accept("}"):
            if self.accept("case"):
                labels.append(self.value())
                self.take(":")
                continue
            if self.accept("default"):
                self.take(":")
                if labels:
                    raise self._fail("case labels run into default")
                u.default = self.declaration()
                self.take(";")
                continue
            if not labels:
                raise self._fail("arm without a case label")
            u.cases.append((labels, self.declaration()))
            labels = []
            self.take(";")
        if labels:
            raise self._fail("case labels without an arm")
        return u

    def type_specifier(self) -> TypeSpec:
        tok = self.peek()
        if tok == "unsigned":
            self.take()
            nxt = self.peek()
            if nxt in ("int", "hyper"):
                self.take()
                return TypeSpec(f"unsigned {nxt}")
            return TypeSpec("unsigned int")  # "unsigned" alone means unsigned int
        if tok in ("enum", "struct", "union"):
            self.take()
            if self.peek() in ("{", "switch"):
                # Named after its container by the emitter.
                body: EnumDef | StructDef | UnionDef
                if tok == "enum":
                    body = self.enum_body("")
                elif tok == "struct":
                    body = self.struct_body("")
                else:
                    body = self.union_body("")
                return TypeSpec(tok, body=body)
            return TypeSpec("ref", self.ident())
        if tok in _PRIMS:
            self.take()
            return TypeSpec(tok)
        return TypeSpec("ref", self.ident())

    def declaration(self) -> Decl:
        if self.peek() == "void" and self.peek(1) in (";", ")"):
            self.take()
            return Decl(TypeSpec("void"), None, "void")
        ts = self.type_specifier()
        if self.accept("*"):
            return Decl(ts, self.ident(), "optional")
        name = self.ident()
        if self.accept("["):
            fixed = self.value()
            self.take("]")
            return Decl(ts, name, "fixed", fixed)
        if self.accept("<"):
            bound = None if self.peek() == ">" else self.value()
            self.take(">")
            return Decl(ts, name, "var", bound)
        if ts.kind in ("opaque", "string"):
            raise self._fail(f"{ts.kind} {name} needs [n] or <m>")
        return Decl(ts, name)

    def program(self) -> Program:
        self.take("program")
        prog = Program(self.ident(), 0)
        self.take("{")
        while not self.accept("}"):
            self.take("version")
            ver = Version(self.ident(), 0)
            self.take("{")
            while not self.accept("}"):
                res = self.type_specifier()
                pname = self.ident()
                self.take("(")
                args = [self.type_specifier()]
                while self.accept(","):
                    args.append(self.type_specifier())
                self.take(")")
                self.take("=")
                number = self.value()
                ver.procs.append(Proc(pname, number, res, [a for a in args if a.kind != "void"]))
                self.take(";")
            self.take("=")
            ver.number = self.value()
            self.take(";")
            prog.versions.append(ver)
        self.take("=")
        prog.number = self.value()
        self.take(";")
        return prog


def parse(text: str, source: str = "<x>") -> Spec:
    """Parse a whole .x file.

    Raises:
        XdrSyntaxError: the text does not follow the grammar (message has file:line).
    """
    return Parser(text, source).spec()
