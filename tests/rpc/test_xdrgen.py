"""rpc.xdrgen: the .x grammar, the generated module's types and bytes, and the freshness check.

Generated code is exec'd as a real module and its bytes are checked against xdrlib3 (an
independent XDR packer), so a wrong field order, bound or arm shows up as different bytes.
"""

from __future__ import annotations

import enum
import shutil
import types
from pathlib import Path

import pytest
import xdrlib3

from rpc.errors import XdrEncodeError, XdrError
from rpc.xdrgen import Options, XdrSemanticError, XdrSyntaxError, emit, parse
from rpc.xdrgen.__main__ import ROOT, main
from rpc.xdrgen.targets import TARGETS

SAMPLE = """
/* every construct the generator supports */
const MAXNAME = 16;
const MASK = 0x0F;
enum color { RED = 0, GREEN = 1, BLUE = 7 };
typedef string name<MAXNAME>;
typedef opaque verf[8];
typedef unsigned hyper cookie;
struct point { int x; int y; color c; bool on; };
union res switch (color c) {
case RED:
    point pt;
case GREEN:
case BLUE:
    void;
};
union maybe switch (unsigned int kind) {
case 0:
    hyper n;
default:
    name other;
};
union post_attr switch (bool follows) {
case TRUE:
    point attrs;
case FALSE:
    void;
};
struct entry { cookie fileid; name nm; entry *next; };
struct outer {
    struct { int a; unsigned int b; } inner;
    union switch (int k) { case 1: int one; default: void; } u;
    point *opt;
    int fixed[2];
    unsigned int var<3>;
    opaque blob<>;
    verf v;
    entry *list;
    post_attr pa;
    hyper h;
};
program DEMO_PROG {
    version DEMO_V1 {
        void DEMO_NULL(void) = 0;
        res DEMO_GET(point) = 1;
    } = 1;
} = 400123;
"""


def load(text: str, options: Options | None = None) -> types.ModuleType:
    src = emit(parse(text, "xdr/demo.x"), "xdr/demo.x", options)
    mod = types.ModuleType("demo_gen")
    exec(compile(src, "demo_gen", "exec"), mod.__dict__)
    return mod


@pytest.fixture(scope="module")
def demo() -> types.ModuleType:
    return load(SAMPLE)


def test_header_and_names(demo: types.ModuleType) -> None:
    src = emit(parse(SAMPLE, "xdr/demo.x"), "xdr/demo.x")
    assert src.startswith("# Generated from xdr/demo.x by rpc.xdrgen: do not edit.\n")
    assert demo.MAXNAME == 16 and demo.MASK == 15
    assert issubclass(demo.color, enum.IntEnum) and demo.color.BLUE == 7
    assert demo.BLUE is demo.color.BLUE
    assert demo.DEMO_PROG == 400123 and demo.DEMO_V1 == 1 and demo.DEMO_GET == 1
    name, arg, res = demo.DEMO_V1_PROCEDURES[demo.DEMO_GET]
    assert (name, arg, res) == ("DEMO_GET", demo.point_xdr, demo.res_xdr)


def test_struct_class_and_bytes(demo: types.ModuleType) -> None:
    p = demo.point(-1, 2, demo.color.BLUE, True)
    assert p.__slots__ == ("c", "on", "x", "y") and demo.point._fields == ("x", "y", "c", "on")
    ref = xdrlib3.Packer()
    ref.pack_int(-1), ref.pack_int(2), ref.pack_enum(7), ref.pack_bool(True)
    assert demo.point_xdr.pack(p) == ref.get_buffer()
    back = demo.point_xdr.unpack(ref.get_buffer())
    assert type(back) is demo.point and back == p and back.c is demo.color.BLUE


def test_fixed_size_structs_get_a_packer(demo: types.ModuleType) -> None:
    """A struct of fixed-size integers, bools, enums and such structs gets one struct.Struct
    whose bytes every codec holding the struct takes in place of an instance; others none."""
    assert demo.point_packer.format == ">iiiI" and demo.point_xdr.flat_fmt == "iiiI"
    assert demo.outer_inner_packer.format == ">iI"
    for name in ("outer", "entry", "res"):  # arrays, opaques, strings, unions, lists: none
        assert not hasattr(demo, name + "_packer")
    p = demo.point(-1, 2, demo.color.BLUE, True)
    packed = demo.point_packer.pack(-1, 2, demo.color.BLUE, True)
    assert packed == demo.point_xdr.pack(p)
    # nested: the optional, the union arm and the bool union take the bytes as the value
    assert demo.res_xdr.pack((demo.RED, packed)) == demo.res_xdr.pack((demo.RED, p))
    assert demo.post_attr_xdr.pack(packed) == demo.post_attr_xdr.pack(p)
    with pytest.raises(XdrEncodeError, match="packed length"):
        demo.point_xdr.pack(packed[:-4])
    with pytest.raises(XdrEncodeError, match="packed length"):
        demo.post_attr_xdr.pack(packed + b"\0\0\0\0")


def test_union_arms_and_default(demo: types.ModuleType) -> None:
    ref = xdrlib3.Packer()
    ref.pack_enum(0), ref.pack_int(1), ref.pack_int(2), ref.pack_enum(1), ref.pack_bool(False)
    r = demo.res_xdr.unpack(ref.get_buffer())
    assert type(r) is demo.res and r.tag is demo.color.RED and r.pt.y == 2
    assert demo.res_xdr.pack((0, demo.point(1, 2, 1, False))) == ref.get_buffer()
    blue = demo.res_xdr.unpack(b"\0\0\0\x07")
    assert blue.tag == demo.color.BLUE and blue.value is None
    with pytest.raises(AttributeError):
        _ = blue.pt  # typed arm read under the wrong tag is an error, not a wrong value
    with pytest.raises(XdrError):
        demo.res_xdr.unpack(b"\0\0\0\x02")  # not a member of color
    ref = xdrlib3.Packer()
    ref.pack_uint(9), ref.pack_string(b"abc")
    m = demo.maybe_xdr.unpack(ref.get_buffer())
    assert (m.tag, m.other) == (9, b"abc")
    with pytest.raises(AttributeError):
        _ = m.n
    assert demo.maybe_xdr.pack(demo.maybe(0, -5)) == b"\0" * 4 + (-5).to_bytes(
        8, "big", signed=True
    )


def test_bounds_from_constants(demo: types.ModuleType) -> None:
    with pytest.raises(XdrEncodeError):
        demo.name_xdr.pack(b"x" * 17)
    with pytest.raises(XdrError):
        demo.name_xdr.unpack(b"\0\0\0\x11" + b"x" * 20)
    with pytest.raises(XdrEncodeError):
        demo.verf_xdr.pack(b"1234567")


def test_nested_optional_arrays_lists(demo: types.ModuleType) -> None:
    e = [demo.entry(1, b"a"), demo.entry(2, b"bc")]
    assert demo.entry._fields == ("fileid", "nm")  # the next pointer became the list
    o = demo.outer(
        demo.outer_inner(-3, 4),
        demo.outer_u(1, 11),
        None,
        [5, 6],
        [7],
        b"xyz",
        b"8bytes!!",
        e,
        demo.point(0, 0, 0, True),
        -(2**40),
    )
    ref = xdrlib3.Packer()
    ref.pack_int(-3), ref.pack_uint(4)
    ref.pack_int(1), ref.pack_int(11)
    ref.pack_bool(False)
    ref.pack_int(5), ref.pack_int(6)
    ref.pack_uint(1), ref.pack_uint(7)
    ref.pack_opaque(b"xyz")
    ref.pack_fopaque(8, b"8bytes!!")
    for fileid, nm in ((1, b"a"), (2, b"bc")):
        ref.pack_bool(True), ref.pack_uhyper(fileid), ref.pack_string(nm)
    ref.pack_bool(False)
    ref.pack_bool(True), ref.pack_int(0), ref.pack_int(0), ref.pack_enum(0), ref.pack_bool(True)
    ref.pack_hyper(-(2**40))
    assert demo.outer_xdr.pack(o) == ref.get_buffer()
    back = demo.outer_xdr.unpack(ref.get_buffer())
    assert back == o and back.list[1].nm == b"bc" and back.pa.on is True
    with pytest.raises(XdrEncodeError):
        demo.outer_xdr.pack(demo.outer(*[*o._astuple()[:4], [1, 2, 3, 4], *o._astuple()[5:]]))


def test_bool_union_option(demo: types.ModuleType) -> None:
    # post_attr has the wire form of "point *": decoded as point | None by default ...
    assert demo.post_attr_xdr.unpack(b"\0\0\0\0") is None
    # ... and as a typed union class when the option is off.
    plain = load(SAMPLE, Options(bool_unions_as_optional=False))
    u = plain.post_attr_xdr.unpack(b"\0\0\0\0")
    assert type(u) is plain.post_attr and u.tag is False and u.value is None


def test_big_union_dispatches_by_dict() -> None:
    arms = "\n".join(f"case {i}: unsigned int a{i};" for i in range(80))
    mod = load(f"union big switch (int op) {{ {arms} }};")
    for i in (0, 41, 79):
        v = mod.big_xdr.unpack(i.to_bytes(4, "big") + (i * 3).to_bytes(4, "big"))
        assert v.tag == i and getattr(v, f"a{i}") == i * 3
    with pytest.raises(XdrError):
        mod.big_xdr.unpack((80).to_bytes(4, "big") + b"\0" * 4)
    source = mod.big_xdr.source or ""
    assert ".get(tag" in source and "== 41" not in source  # one dict lookup, no if/elif chain


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("struct a { int x; \n int y }", ":2:"),
        ("const X = ;", ":1:"),
        ("union u switch (int k) { int x; };", ":1:"),
        ("typedef opaque o;", ":1:"),
    ],
)
def test_syntax_errors_name_the_line(text: str, where: str) -> None:
    with pytest.raises(XdrSyntaxError, match=where):
        parse(text, "bad.x")


def test_semantic_errors() -> None:
    with pytest.raises(XdrSemanticError, match="unknown type"):
        emit(parse("struct a { nosuch x; };"), "a.x")
    with pytest.raises(XdrSemanticError, match="unknown constant"):
        emit(parse("typedef int a<NOPE>;"), "a.x")


def test_checked_in_outputs_are_fresh() -> None:
    """Regenerating the tree is a no-op: a stale or hand-edited output fails here."""
    assert main(["--check"]) == 0


def test_check_catches_a_hand_edit(tmp_path: Path) -> None:
    for t in TARGETS:
        for rel in (t.source, t.output):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / rel, tmp_path / rel)
    assert main(["--check", "--root", str(tmp_path)]) == 0
    out = tmp_path / TARGETS[0].output
    out.write_text(out.read_text().replace("= 400", "= 401", 1))
    assert main(["--check", "--root", str(tmp_path)]) == 1
    assert main(["--root", str(tmp_path)]) == 0  # regenerates it
    assert main(["--check", "--root", str(tmp_path)]) == 0
