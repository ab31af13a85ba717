"""Python emitter: an XDR `Spec` -> the source of a module of typed classes and rpc.xdr codecs.

Operation
---------
`Emitter` first names every type, in-place definitions included (a struct or union written
inside another is named ``<container>_<field>``), resolves constants and enum members, and
finds linked lists (a struct whose last field points to its own type).  It then writes, in
this order: constants; one class per enum (``enum.IntEnum``), struct (`rpc.xdr.XdrStruct`
subclass with ``__slots__`` and a typed positional ``__init__``) and union (`rpc.xdr.UnionValue`
subclass with one typed property per arm); type aliases for typedefs; then the codecs
``<name>_xdr`` in dependency order (rpc.xdr types, so fixed-size runs still merge into one
``struct`` call and counts are still checked); last, program/version/procedure numbers and a
procedure table per version.  The mapping is documented in docs/internal-api.md.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field

from rpc.xdrgen.ast import (
    Const,
    Decl,
    EnumDef,
    Program,
    Spec,
    StructDef,
    Typedef,
    TypeSpec,
    UnionDef,
    Value,
)
from rpc.xdrgen.options import Options

__all__ = ["XdrSemanticError", "emit"]

_PRIM_CODEC = {
    "int": ("_x.Int32", "int"),
    "unsigned int": ("_x.UInt32", "int"),
    "hyper": ("_x.Int64", "int"),
    "unsigned hyper": ("_x.UInt64", "int"),
    "bool": ("_x.Bool", "bool"),
    "void": ("_x.Void", "None"),
}
_BOOL_VALUES = {"TRUE": 1, "FALSE": 0}


class XdrSemanticError(ValueError):
    """The .x parses but cannot be generated (unknown name, unsupported type, clash)."""


def pyname(name: str) -> str:
    """An XDR identifier usable as a Python attribute: keywords get a trailing underscore."""
    return name + "_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


@dataclass
class _Codec:
    name: str
    lines: list[str]
    deps: set[str] = field(default_factory=set)


def _wrap(head: str, items: list[str], tail: str = ")", width: int = 100) -> list[str]:
    """``head + ", ".join(items) + tail`` on one line, or one item per line when too long."""
    one = head + ", ".join(items) + tail
    if len(one) <= width:
        return [one]
    ind = len(head) - len(head.lstrip()) + 4
    return [head] + [" " * ind + i + "," for i in items] + [" " * (ind - 4) + tail]


class Emitter:
    def __init__(self, spec: Spec, source: str, options: Options) -> None:
        self.spec = spec
        self.source = source
        self.opts = options
        self.consts: dict[str, int] = {}
        self.members: dict[str, tuple[str, int]] = {}  # enum member -> (enum, value)
        self.types: dict[str, EnumDef | StructDef | UnionDef | Typedef] = {}
        self.order: list[str] = []
        self.programs: list[Program] = []
        self.list_nodes: dict[str, StructDef] = {}  # node struct -> itself (fields w/o next)
        self.optional_unions: dict[str, Decl] = {}  # bool union -> its TRUE arm
        self.uses_payload = False
        self.proc_numbers: dict[str, int] = {}
        self.proc_emitted: set[str] = set()

    # -- naming and resolution -------------------------------------------------------------

    def _add(self, name: str, d: EnumDef | StructDef | UnionDef | Typedef) -> None:
        if name in self.types or name in self.consts:
            raise XdrSemanticError(f"{self.source}: {name} declared twice")
        self.types[name] = d
        self.order.append(name)

    def _flatten(self, ts: TypeSpec, name: str) -> None:
        """Name an in-place definition and register it (nested ones first)."""
        if ts.body is None:
            return
        body = ts.body
        body.name = name
        self._collect_body(body)
        ts.kind, ts.name, ts.body = "ref", name, None

    def _collect_body(self, body: EnumDef | StructDef | UnionDef) -> None:
        if isinstance(body, StructDef):
            for f in body.fields:
                self._flatten(f.type, f"{body.name}_{f.name}")
        elif isinstance(body, UnionDef):
            self._flatten(body.discriminant.type, f"{body.name}_{body.discriminant.name}")
            for _, arm in body.cases:
                self._flatten(arm.type, f"{body.name}_{arm.name}")
            if body.default is not None:
                self._flatten(body.default.type, f"{body.name}_{body.default.name}")
        else:
            v = 0
            for m, val in body.members:
                v = self.value(val)
                if m in self.members or m in self.consts:
                    raise XdrSemanticError(f"{self.source}: {m} declared twice")
                self.members[m] = (body.name, v)
        self._add(body.name, body)

    def collect(self) -> None:
        for d in self.spec.definitions:
            if isinstance(d, Const):
                self.consts[d.name] = self.value(d.value)
            elif isinstance(d, Typedef):
                assert d.decl.name is not None
                if d.decl.type.body is not None and d.decl.shape == "plain":
                    # typedef struct {...} name;  is simply the struct called name.
                    body = d.decl.type.body
                    body.name = d.decl.name
                    self._collect_body(body)
                else:
                    self._flatten(d.decl.type, d.decl.name + "_t")
                    self._add(d.decl.name, d)
            elif isinstance(d, EnumDef | StructDef | UnionDef):
                self._collect_body(d)
            elif isinstance(d, Program):
                self.programs.append(d)
        for name, t in self.types.items():
            if isinstance(t, StructDef) and t.fields and self._points_to(t.fields[-1], name):
                self.list_nodes[name] = StructDef(name, t.fields[:-1])
            if isinstance(t, UnionDef) and self.opts.bool_unions_as_optional:
                arm = self._optional_arm(t)
                if arm is not None:
                    self.optional_unions[name] = arm

    def _points_to(self, d: Decl, target: str) -> bool:
        if d.shape == "optional":
            return d.type.kind == "ref" and d.type.name == target
        if d.shape == "plain" and d.type.kind == "ref":
            t = self.types.get(d.type.name or "")
            if isinstance(t, Typedef) and t.decl.name != target:
                return self._points_to(t.decl, target)
        return False

    def _optional_arm(self, u: UnionDef) -> Decl | None:
        if u.discriminant.type.kind != "bool":
            return None
        arms = {self.value(v): a for labels, a in u.cases for v in labels}
        true_arm, false_arm = arms.get(1), arms.get(0, u.default)
        if true_arm is None or true_arm.shape == "void" or false_arm is None:
            return None
        if false_arm.shape != "void" or len(arms) + (u.default is not None) > 2:
            return None
        return true_arm

    def value(self, v: Value) -> int:
        if isinstance(v, int):
            return v
        if v in self.consts:
            return self.consts[v]
        if v in self.members:
            return self.members[v][1]
        if v in _BOOL_VALUES:
            return _BOOL_VALUES[v]
        raise XdrSemanticError(f"{self.source}: unknown constant {v}")

    # -- codec and Python type of one declaration ------------------------------------------

    def decl(self, d: Decl, where: str, deps: set[str], name: str | None = None) -> tuple[str, str]:
        """(codec expression, Python type) of declaration ``d`` found at ``where``."""
        ov = self.opts.overrides.get(where)
        if ov is not None:
            if ov.pytype == "PayloadLike":
                self.uses_payload = True
            return ov.codec, ov.pytype
        nm = f', name="{name}"' if name else ""
        kind = d.type.kind
        if d.shape == "void":
            return "_x.Void", "None"
        if kind in ("opaque", "string"):
            if d.shape == "fixed":
                n = self.value(d.size or 0)
                if kind == "string":
                    raise XdrSemanticError(f"{where}: string[n] is not XDR")
                if n == 0:
                    # RFC 5531's "opaque results[0]": marks where results follow; no bytes.
                    return "_x.Void", "None"
                return f"_x.Opaque({n}{nm})", "bytes"
            args = [] if d.size is None else [str(self.value(d.size))]
            if name:
                args.append(f'name="{name}"')
            cls = "_x.String" if kind == "string" else "_x.VarOpaque"
            return f"{cls}({', '.join(args)})", "bytes"
        base, py = self.base(d.type, where, deps)
        if d.shape == "plain":
            return base, py
        if d.shape == "optional":
            node = d.type.name if d.type.kind == "ref" else None
            if node in self.list_nodes:
                return self.list_codec(node, deps, name)
            return f"_x.Optional({base}{nm})", f"{py} | None"
        count = None if d.size is None else self.value(d.size)
        if d.shape == "fixed":
            return f"_x.FixedArray({base}, {count}{nm})", f"list[{py}]"
        return f"_x.Array({base}, {count}{nm})", f"list[{py}]"

    def list_codec(self, node: str, deps: set[str], name: str | None) -> tuple[str, str]:
        nm = f', name="{name}"' if name else ""
        if node in self.opts.unwrap_list_nodes:
            fields = self.list_nodes[node].fields
            if len(fields) != 1:
                raise XdrSemanticError(f"{node}: only one-field nodes unwrap")
            codec, py = self.decl(fields[0], f"{node}.{fields[0].name}", deps)
            return f"_x.LinkedList({codec}{nm})", f"list[{py}]"
        deps.add(node)
        return f"_x.LinkedList({node}_xdr{nm})", f"list[{node}]"

    def base(self, ts: TypeSpec, where: str, deps: set[str]) -> tuple[str, str]:
        if ts.kind in _PRIM_CODEC:
            return _PRIM_CODEC[ts.kind]
        if ts.kind != "ref" or ts.name is None:
            raise XdrSemanticError(f"{where}: {ts.kind} is not supported")
        t = self.types.get(ts.name)
        if t is None:
            raise XdrSemanticError(f"{where}: unknown type {ts.name}")
        deps.add(ts.name)
        if isinstance(t, EnumDef):
            # Enum values are ints (IntEnum members on decode); any int may be passed in.
            return f"{ts.name}_xdr", "int"
        return f"{ts.name}_xdr", ts.name

    # -- fixed-size packers ------------------------------------------------------------------

    _FLAT = {"int": "i", "unsigned int": "I", "hyper": "q", "unsigned hyper": "Q", "bool": "I"}

    def flat(self, d: Decl, where: str) -> list[tuple[str, str]] | None:
        """(field path, struct format char) of declaration ``d`` flattened in wire order, when
        it is a fixed-size integer, bool, enum or a struct of only those; else None."""
        if d.shape != "plain" or where in self.opts.overrides:
            return None
        name = pyname(d.name or "")
        ts = d.type
        if ts.kind in self._FLAT:
            return [(name, self._FLAT[ts.kind])]
        if ts.kind != "ref":
            return None
        t = self.types.get(ts.name or "")
        if isinstance(t, EnumDef):
            return [(name, "i")]
        if isinstance(t, Typedef):
            sub = self.flat(t.decl, ts.name or "")
            return None if sub is None else [(name, f) for _, f in sub]
        if isinstance(t, StructDef) and ts.name not in self.list_nodes:
            inner = self.struct_flat(t)
            return None if inner is None else [(f"{name}.{p}", f) for p, f in inner]
        return None

    def struct_flat(self, s: StructDef) -> list[tuple[str, str]] | None:
        out: list[tuple[str, str]] = []
        for f in s.fields:
            sub = self.flat(f, f"{s.name}.{f.name}")
            if sub is None:
                return None
            out += sub
        return out or None

    def packer(self, s: StructDef) -> list[str]:
        """``<name>_packer``: one struct.Struct for a fixed-size struct, its fields flattened;
        its bytes are accepted by ``<name>_xdr`` (and every codec holding one) as the value."""
        flat = self.struct_flat(s)
        if flat is None or len(flat) < 2 or len(s.fields) < 2:
            return []  # one field: a wrapper's packer would be its field's
        fmt = ">" + "".join(f for _, f in flat)
        words = [*f"{s.name}_packer.pack({', '.join(p for p, _ in flat)})".split(" "),
                 *f"-> the wire bytes of a {s.name}, taken by {s.name}_xdr (and every codec"
                  " holding one) in place of an instance; enum values are not checked.".split()]
        doc, line = [], "#:"
        for w in words:
            if len(line) + 1 + len(w) > 100:
                doc.append(line)
                line = "#:"
            line += " " + w
        doc.append(line)
        return ["", *doc, f'{s.name}_packer: Final = _struct.Struct("{fmt}")']

    # -- output ------------------------------------------------------------------------------

    def run(self) -> str:
        self.collect()
        classes: list[str] = []
        aliases: list[str] = []
        packers: list[str] = []
        codecs: dict[str, _Codec] = {}
        for name in self.order:
            t = self.types[name]
            if isinstance(t, EnumDef):
                classes += self.enum_class(t)
                codecs[name] = _Codec(name, [f'{name}_xdr = _x.Enum("{name}", {name})'])
            elif isinstance(t, StructDef):
                if name in self.list_nodes and name in self.opts.unwrap_list_nodes:
                    continue
                s = self.list_nodes.get(name, t)
                classes += self.struct_class(s)
                codecs[name] = self.struct_codec(s)
                if name not in self.list_nodes:
                    packers += self.packer(s)
            elif isinstance(t, UnionDef):
                if name in self.optional_unions:
                    deps: set[str] = set()
                    arm = self.optional_unions[name]
                    codec, py = self.decl(arm, f"{name}.{arm.name}", deps)
                    aliases.append(f'{name}: TypeAlias = "{py} | None"')
                    codecs[name] = _Codec(
                        name, [f'{name}_xdr = _x.Optional({codec}, name="{name}")'], deps
                    )
                else:
                    cls_lines, codec_ = self.union(t)
                    classes += cls_lines
                    codecs[name] = codec_
            else:
                deps = set()
                codec, py = self.decl(t.decl, name, deps, name=name)
                aliases.append(f'{name}: TypeAlias = "{py}"')
                ov = self.opts.overrides.get(name)
                note = [f"# option: {ov.reason}"] if ov is not None else []
                codecs[name] = _Codec(name, [*note, f"{name}_xdr = {codec}"], deps)
        out = [
            f"# Generated from {self.source} by rpc.xdrgen: do not edit.",
            f'"""Types and codecs of {self.source}: the mapping is in docs/internal-api.md."""',
            "",
            "from __future__ import annotations",
            "",
        ]
        std = []
        if any(isinstance(t, EnumDef) for t in self.types.values()):
            std.append("import enum")
        if packers:
            std.append("import struct as _struct")
        typing_names = []
        if self.consts or self.members or self.programs or packers:
            typing_names.append("Final")
        if aliases:
            typing_names.append("TypeAlias")
        if typing_names:
            std.append(f"from typing import {', '.join(typing_names)}")
        out += std
        if std:
            out.append("")
        out.append("from rpc import xdr as _x")
        if self.uses_payload:
            out.append("from rpc.buffer import PayloadLike")
        if self.consts:
            out.append("")
            out += [f"{k}: Final = {v}" for k, v in self.consts.items()]
        for block in classes:
            out.append(block)
        if aliases:
            out += ["", "", *aliases]
        out += ["", "", "# -- codecs (rpc.xdr) " + "-" * 79]
        for line in self.codec_order(codecs):
            out.append(line)
        if packers:
            out += ["", "", "# -- packers of the fixed-size structs " + "-" * 61, *packers]
        for p in self.programs:
            out += self.program(p)
        return "\n".join(out).rstrip("\n") + "\n"

    def enum_class(self, e: EnumDef) -> list[str]:
        lines = ["", "", f"class {e.name}(enum.IntEnum):", f'    """enum {e.name}."""', ""]
        lines += [f"    {m} = {self.value(v)}" for m, v in e.members]
        lines.append("")
        lines.append("")
        lines += [f"{m}: Final = {e.name}.{m}" for m, _ in e.members]
        return lines

    def struct_class(self, s: StructDef) -> list[str]:
        deps: set[str] = set()
        names = [pyname(f.name or "") for f in s.fields]
        params = [
            f"{n}: {self.decl(f, f'{s.name}.{f.name}', deps)[1]}"
            for n, f in zip(names, s.fields, strict=True)
        ]
        what = "struct" if s.name not in self.list_nodes else "linked-list element of struct"
        lines = ["", "", f"class {s.name}(_x.XdrStruct):", f'    """{what} {s.name}."""', ""]
        slots = [f'"{n}"' for n in sorted(names)]
        lines += (
            _wrap("    __slots__ = (", slots)
            if len(slots) != 1
            else [f"    __slots__ = ({slots[0]},)"]
        )
        wire = [f'"{n}"' for n in names]
        for attr in ("__match_args__", "_fields"):
            lines += (
                _wrap(f"    {attr} = (", wire) if len(wire) != 1 else [f"    {attr} = ({wire[0]},)"]
            )
        lines.append("")
        lines += _wrap("    def __init__(", ["self", *params], ") -> None:")
        lines += [f"        self.{n} = {n}" for n in names] or ["        pass"]
        return lines

    def struct_codec(self, s: StructDef) -> _Codec:
        deps: set[str] = set()
        lines = [f"{s.name}_xdr = _x.Struct(", f'    "{s.name}",']
        if s.fields:
            lines.append("    [")
            for f in s.fields:
                codec = self.decl(f, f"{s.name}.{f.name}", deps)[0]
                ov = self.opts.overrides.get(f"{s.name}.{f.name}")
                note = f"  # option: {ov.reason}" if ov is not None else ""
                lines.append(f'        ("{pyname(f.name or "")}", {codec}),{note}')
            lines.append("    ],")
        else:
            lines.append("    [],")
        lines += [f"    cls={s.name},", ")"]
        return _Codec(s.name, lines, deps)

    def label(self, u: UnionDef, v: Value) -> str:
        if isinstance(v, str) and v in self.members:
            enum_name = self.members[v][0]
            return f"{enum_name}.{v}"
        return str(self.value(v))

    def union(self, u: UnionDef) -> tuple[list[str], _Codec]:
        deps: set[str] = set()
        disc_codec, _ = self.decl(u.discriminant, f"{u.name}.{u.discriminant.name}", deps)
        arms: list[tuple[list[Value], str, str, str]] = []  # labels, armname, codec, pytype
        for labels, d in u.cases:
            codec, py = self.decl(d, f"{u.name}.{d.name}", deps)
            arms.append((labels, pyname(d.name or "void"), codec, py))
        dflt = None
        if u.default is not None:
            codec, py = self.decl(u.default, f"{u.name}.{u.default.name}", deps)
            dflt = (pyname(u.default.name or "void"), codec, py)
        pytypes: list[str] = []
        for py in [a[3] for a in arms] + ([dflt[2]] if dflt else []):
            if py not in pytypes:
                pytypes.append(py)
        vt = " | ".join(p for p in pytypes if p != "None")
        vt = f"{vt} | None" if vt else "None"
        tag_t = "int" if u.discriminant.type.kind != "bool" else "bool | int"
        lines = [
            "",
            "",
            f"class {u.name}(_x.UnionValue):",
            f'    """union {u.name} switch ({self._disc_text(u)}); ``.tag`` / ``.value``."""',
            "",
            "    __slots__ = ()",
            "",
            *_wrap(
                "    def __init__(", ["self", f"tag: {tag_t}", f"value: {vt} = None"], ") -> None:"
            ),
            "        self.tag = tag",
            "        self.value = value",
        ]
        # One typed property per named, non-void arm: reading it under another tag is a bug.
        by_name: dict[str, tuple[list[int], str, bool]] = {}
        all_labels = [self.value(v) for labels, _, _, _ in arms for v in labels]
        for labels, armname, _, py in arms:
            vals = [self.value(v) for v in labels]
            prev = by_name.get(armname)
            if prev is not None:
                by_name[armname] = (prev[0] + vals, py if prev[1] == py else "", False)
            else:
                by_name[armname] = (vals, py, False)
        if dflt is not None and dflt[0] not in by_name:
            by_name[dflt[0]] = (all_labels, dflt[2], True)
        for armname, (vals, py, is_default) in by_name.items():
            if py in ("", "None") or armname in ("tag", "value", "void"):
                continue
            test = "in" if is_default else "not in"
            lines += [
                "",
                "    @property",
                f"    def {armname}(self) -> {py}:",
                f'        """The ``{armname}`` arm{" (default)" if is_default else ""}."""',
                f"        if self.tag {test} {tuple(vals)!r}:",
                f'            raise AttributeError(f"{u.name}.{armname}: tag is {{self.tag!r}}")',
                "        return self.value",
            ]
        clines = [f"{u.name}_xdr = _x.Union(", f'    "{u.name}",', f"    {disc_codec},", "    {"]
        for labels, armname, codec, _ in arms:
            for v in labels:
                clines.append(f'        {self.label(u, v)}: ("{armname}", {codec}),')
        clines.append("    },")
        if dflt is not None:
            clines.append(f'    default=("{dflt[0]}", {dflt[1]}),')
        clines += [f"    cls={u.name},", ")"]
        return lines, _Codec(u.name, clines, deps)

    def _disc_text(self, u: UnionDef) -> str:
        t = u.discriminant.type
        return f"{t.name if t.kind == 'ref' else t.kind} {u.discriminant.name}"

    def codec_order(self, codecs: dict[str, _Codec]) -> list[str]:
        out: list[str] = []
        done: set[str] = set()
        active: set[str] = set()

        def visit(n: str) -> None:
            if n in done:
                return
            if n in active:
                raise XdrSemanticError(f"{self.source}: {n} contains itself (not via a list)")
            active.add(n)
            c = codecs[n]
            for d in sorted(c.deps):
                if d in codecs and d != n:
                    visit(d)
            active.discard(n)
            done.add(n)
            out.append("")
            out.extend(c.lines)

        for n in codecs:
            visit(n)
        return out

    def proc_type(self, ts: TypeSpec, where: str, deps: set[str]) -> str:
        """Codec of a procedure's argument or result: a type name, or string/opaque unbounded."""
        if ts.kind == "string":
            return "_x.String()"
        if ts.kind == "opaque":
            return "_x.VarOpaque()"
        return self.base(ts, where, deps)[0]

    def program(self, p: Program) -> list[str]:
        out = ["", "", f"# -- program {p.name} " + "-" * max(0, 86 - len(p.name))]
        out.append(f"{p.name}: Final = {self.value(p.number)}")
        for v in p.versions:
            out += ["", f"{v.name}: Final = {self.value(v.number)}"]
            for pr in v.procs:
                # A procedure kept by the next version (RPCBPROC_SET in rpcbind v3 and v4) is
                # one constant; the same name with another number is an error.
                num = self.value(pr.number)
                seen = self.proc_numbers.setdefault(pr.name, num)
                if seen != num:
                    raise XdrSemanticError(f"{self.source}: {pr.name} is {seen} and {num}")
                if pr.name not in self.proc_emitted:
                    self.proc_emitted.add(pr.name)
                    out.append(f"{pr.name}: Final = {num}")
            out += [
                "",
                f"#: {p.name} version {self.value(v.number)}: procedure -> (name, arguments, results).",
                f"{v.name}_PROCEDURES: Final[dict[int, tuple[str, _x.XdrType, _x.XdrType]]] = {{",
            ]
            for pr in v.procs:
                if len(pr.args) > 1:
                    raise XdrSemanticError(f"{pr.name}: more than one argument")
                deps: set[str] = set()
                arg = self.proc_type(pr.args[0], pr.name, deps) if pr.args else "_x.Void"
                res = self.proc_type(pr.result, pr.name, deps)
                out.append(f'    {pr.name}: ("{pr.name}", {arg}, {res}),')
            out.append("}")
        return out


def emit(spec: Spec, source: str, options: Options | None = None) -> str:
    """The Python module generated from ``spec`` (``source`` is the .x path for the header).

    Raises:
        XdrSemanticError: an unknown name, a type the generator does not support, a clash.
    """
    return Emitter(spec, source, options or Options()).run()
