"""Codec tests: each type byte-checked, bounds violations, xdrlib3 cross-check, round-trips."""

from __future__ import annotations

import struct

import pytest
import xdrlib3
from hypothesis import given, settings
from hypothesis import strategies as st

from rpc.buffer import BytesPayload, XdrReader, XdrWriter
from rpc.errors import XdrEncodeError, XdrError
from rpc.xdr import (
    Array,
    Bool,
    Enum,
    FixedArray,
    Int32,
    Int64,
    LinkedList,
    Opaque,
    Optional,
    Payload,
    String,
    Struct,
    UInt32,
    UInt64,
    Union,
    UnionValue,
    VarOpaque,
    Void,
)

Color = Enum("color", {"RED": 0, "GREEN": 1, "BLUE": 7})
Entry = Struct("entry", [("fileid", UInt64), ("name", String(255)), ("cookie", UInt64)])
Entries = LinkedList(Entry)
Point = Struct(
    "point", [("x", Int32), ("y", Int32), ("c", Color), ("on", Bool), ("tag", Opaque(3))]
)
Res = Union("res", Color, {Color.RED: ("pt", Point), Color.GREEN: ("none", Void)})
ResDefault = Union("resd", UInt32, {0: ("n", UInt32)}, default=("other", String(8)))
ReadRes = Struct(
    "readres", [("count", UInt32), ("eof", Bool), ("data", Payload), ("after", UInt32)]
)


def ref() -> xdrlib3.Packer:
    return xdrlib3.Packer()


# -- primitives against xdrlib3 --------------------------------------------------------------


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(st.integers(0, 2**32 - 1))
def test_uint32_matches_xdrlib3(v: int) -> None:
    p = ref()
    p.pack_uint(v)
    assert UInt32.pack(v) == p.get_buffer()
    assert UInt32.unpack(p.get_buffer()) == v


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(st.integers(-(2**31), 2**31 - 1))
def test_int32_matches_xdrlib3(v: int) -> None:
    p = ref()
    p.pack_int(v)
    assert Int32.pack(v) == p.get_buffer()
    assert Int32.unpack(p.get_buffer()) == v


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(st.integers(0, 2**64 - 1))
def test_uint64_matches_xdrlib3(v: int) -> None:
    p = ref()
    p.pack_uhyper(v)
    assert UInt64.pack(v) == p.get_buffer()
    assert xdrlib3.Unpacker(UInt64.pack(v)).unpack_uhyper() == v


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(st.integers(-(2**63), 2**63 - 1))
def test_int64_matches_xdrlib3(v: int) -> None:
    p = ref()
    p.pack_hyper(v)
    assert Int64.pack(v) == p.get_buffer()
    assert Int64.unpack(p.get_buffer()) == v


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(st.booleans())
def test_bool_matches_xdrlib3(v: bool) -> None:
    p = ref()
    p.pack_bool(v)
    assert Bool.pack(v) == p.get_buffer()
    assert Bool.unpack(p.get_buffer()) is v


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(st.binary(max_size=300))
def test_string_and_opaque_match_xdrlib3(v: bytes) -> None:
    p = ref()
    p.pack_string(v)
    assert String().pack(v) == p.get_buffer()
    assert VarOpaque(300).unpack(p.get_buffer()) == v
    q = ref()
    q.pack_fopaque(len(v), v)
    assert Opaque(len(v)).pack(v) == q.get_buffer()
    assert Opaque(len(v)).unpack(q.get_buffer()) == v


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(st.lists(st.integers(0, 2**32 - 1), max_size=40))
def test_arrays_match_xdrlib3(v: list[int]) -> None:
    p = ref()
    p.pack_array(v, p.pack_uint)
    assert Array(UInt32).pack(v) == p.get_buffer()
    assert Array(UInt32, 40).unpack(p.get_buffer()) == v
    q = ref()
    q.pack_farray(len(v), v, q.pack_uint)
    assert FixedArray(UInt32, len(v)).pack(v) == q.get_buffer()
    assert FixedArray(UInt32, len(v)).unpack(q.get_buffer()) == v


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(st.lists(st.binary(max_size=9), max_size=10))
def test_array_of_strings_matches_xdrlib3(v: list[bytes]) -> None:
    p = ref()
    p.pack_array(v, p.pack_string)
    assert Array(String(9), 10).pack(v) == p.get_buffer()
    assert Array(String(9), 10).unpack(p.get_buffer()) == v


# -- bounds and errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typ, data",
    [
        (UInt32, b"\0\0\0"),
        (UInt64, b"\0" * 7),
        (Bool, b""),
        (Opaque(3), b"abc"),  # pad missing
        (VarOpaque(4), struct.pack(">I", 5) + b"abcde\0\0\0"),  # over max
        (VarOpaque(), struct.pack(">I", 5) + b"abcde"),  # pad missing
        (VarOpaque(), struct.pack(">I", 2**32 - 1)),  # huge length, no data
        (String(2), struct.pack(">I", 3) + b"abc\0"),
        (Array(UInt32, 2), struct.pack(">III", 3, 1, 2)),  # count over max
        (Array(UInt32), struct.pack(">I", 2**30)),  # count beyond remaining bytes
        (Array(Entry), struct.pack(">I", 2**30) + b"\0" * 64),
        (FixedArray(UInt32, 3), struct.pack(">II", 1, 2)),
        (Color, struct.pack(">i", 2)),  # not a member
        (Res, struct.pack(">i", 7)),  # member without arm, no default
        (Res, struct.pack(">i", 5)),  # not a member at all
        (Entries, struct.pack(">I", 1) + b"\0" * 8),  # chain cut inside an element
        (Entries, struct.pack(">I", 1) * 3),  # TRUE TRUE TRUE... never terminates on its own
        (Optional(UInt32), struct.pack(">I", 1)),
        (Point, b"\0" * 19),
    ],
)
def test_decode_rejects(typ, data: bytes) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(XdrError):
        typ.unpack(data)


def test_xdr_error_is_xdrlib3_conversion_error() -> None:
    assert issubclass(XdrError, xdrlib3.ConversionError)


def test_unpack_rejects_trailing_bytes() -> None:
    with pytest.raises(XdrError, match="trailing"):
        UInt32.unpack(b"\0" * 8)


@pytest.mark.parametrize(
    "typ, value",
    [
        (UInt32, -1),
        (UInt32, 2**32),
        (Int32, 2**31),
        (UInt64, -1),
        (Color, 3),
        (Opaque(3), b"ab"),
        (VarOpaque(2), b"abc"),
        (Array(UInt32, 1), [1, 2]),
        (FixedArray(UInt32, 2), [1]),
        (Point, (1, 2)),
        (Res, (Color.BLUE, None)),
        (Point, object()),
        (LinkedList(UInt32, max=1), [1, 2]),
    ],
)
def test_encode_rejects(typ, value) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(XdrEncodeError):
        typ.pack(value)


def test_linked_list_decode_bounded_by_message_size() -> None:
    # 1000 empty-element links: at most len/4 elements can ever be produced.
    data = struct.pack(">I", 1) * 1000 + struct.pack(">I", 0)
    out = LinkedList(Void).unpack(data)
    assert len(out) == 1000
    with pytest.raises(XdrError):
        LinkedList(Void, max=10).unpack(data)


# -- bytes checked by hand ------------------------------------------------------------------


def test_struct_bytes_and_class() -> None:
    p = Point.cls(x=-1, y=2, c=Color.BLUE, on=True, tag=b"ab\x01")
    data = Point.pack(p)
    assert data == bytes.fromhex("ffffffff00000002000000070000000161620100")
    assert Point.pack((-1, 2, 7, 1, b"ab\x01")) == data  # tuple fast path
    back = Point.unpack(data)
    assert back == p and back.c is Color.BLUE and back.on is True
    assert repr(back) == "point(x=-1, y=2, c=<color.BLUE: 7>, on=True, tag=b'ab\\x01')"
    assert Point.cls(1, 2, 0, False, b"xyz") != p
    assert not hasattr(back, "__dict__")


def test_bool_decodes_nonzero_as_true() -> None:
    assert Bool.unpack(struct.pack(">I", 5)) is True


def test_union_bytes() -> None:
    assert Res.pack(UnionValue(Color.GREEN, None)) == bytes.fromhex("00000001")
    pt = Point.cls(1, 1, 0, False, b"\0\0\0")
    data = Res.pack((Color.RED, pt))
    assert data[:4] == b"\0\0\0\0" and Res.unpack(data) == UnionValue(Color.RED, pt)
    assert Res.arm_name(Color.RED) == "pt"
    assert ResDefault.unpack(ResDefault.pack((9, b"hi"))) == UnionValue(9, b"hi")
    assert ResDefault.pack((0, 5)) == bytes.fromhex("0000000000000005")


def test_linked_list_bytes() -> None:
    data = Entries.pack([(1, b"a", 2), Entry.cls(3, b"bc", 4)])
    assert data == bytes.fromhex(
        "00000001"
        "0000000000000001"
        "00000001"
        "61000000"
        "0000000000000002"
        "00000001"
        "0000000000000003"
        "00000002"
        "62630000"
        "0000000000000004"
        "00000000"
    )
    assert Entries.unpack(data) == [Entry.cls(1, b"a", 2), Entry.cls(3, b"bc", 4)]
    assert Entries.pack([]) == b"\0\0\0\0"


def test_optional_bytes() -> None:
    o = Optional(UInt32)
    assert o.pack(None) == b"\0" * 4
    assert o.pack(9) == bytes.fromhex("0000000100000009")
    assert o.unpack(o.pack(9)) == 9 and o.unpack(o.pack(None)) is None


def test_enum_attribute_access_and_intenum() -> None:
    assert Color.BLUE == 7 and Color.enum(7) is Color.BLUE
    with pytest.raises(AttributeError):
        _ = Color.PURPLE


def test_payload_split_head_tail() -> None:
    w = XdrWriter()
    ReadRes.encode(w, (5, True, BytesPayload(b"hello"), 9))
    rb = w.finish()
    assert bytes(rb.head) == bytes.fromhex("000000050000000100000005")
    assert rb.payload is not None and rb.payload.nbytes == 5
    assert rb.payload_pad == 3 and bytes(rb.tail) == bytes.fromhex("00000009")
    assert rb.payload_xdr_offset == 12
    assert ReadRes.unpack(rb.tobytes()).data.tobytes() == b"hello"


def test_two_payloads_in_one_message() -> None:
    """A COMPOUND may carry several READs: each payload stays zero-copy, in order."""
    two = Struct("two", [("a", Payload), ("b", Payload)])
    w = XdrWriter()
    two.encode(w, (BytesPayload(b"a"), BytesPayload(b"bcdef")))
    rb = w.finish()
    assert rb.payload_offsets() == [4, 12]
    assert [p.nbytes for p in rb.payloads] == [1, 5]
    got = two.unpack(rb.tobytes())
    assert got.a.tobytes() == b"a" and got.b.tobytes() == b"bcdef"


def test_bounded_payload() -> None:
    small = Payload(4)
    with pytest.raises(XdrError):
        small.unpack(struct.pack(">I", 5) + b"abcde\0\0\0")
    assert small.unpack(struct.pack(">I", 4) + b"abcd").tobytes() == b"abcd"


def test_decode_leaves_reader_after_value() -> None:
    r = XdrReader(Entry.pack((1, b"x", 2)) + b"tail")
    Entry.decode(r)
    assert bytes(r.rest()) == b"tail" and r.remaining == 4


def test_generated_source_kept_for_tracebacks() -> None:
    Entry.pack((1, b"", 2))
    assert Entry.source is not None and "def dec(r):" in Entry.source


# -- round-trips ----------------------------------------------------------------------------

points = st.builds(
    Point.cls,
    st.integers(-(2**31), 2**31 - 1),
    st.integers(-(2**31), 2**31 - 1),
    st.sampled_from(list(Color.enum)),
    st.booleans(),
    st.binary(min_size=3, max_size=3),
)
entries = st.lists(
    st.builds(
        Entry.cls, st.integers(0, 2**64 - 1), st.binary(max_size=255), st.integers(0, 2**64 - 1)
    ),
    max_size=8,
)
Nested = Struct(
    "nested",
    [
        ("res", Res),
        ("pts", Array(Point, 5)),
        ("opt", Optional(Point)),
        ("list", Entries),
        ("fixed", FixedArray(Color, 2)),
        ("names", Array(String(5))),
    ],
)


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(
    st.one_of(
        st.builds(UnionValue, st.just(Color.RED), points),
        st.just(UnionValue(Color.GREEN, None)),
    ),
    st.lists(points, max_size=5),
    st.one_of(st.none(), points),
    entries,
    st.lists(st.sampled_from(list(Color.enum)), min_size=2, max_size=2),
    st.lists(st.binary(max_size=5), max_size=4),
)
def test_roundtrip_nested(res, pts, opt, lst, fixed, names) -> None:  # type: ignore[no-untyped-def]
    v = Nested.cls(res, pts, opt, lst, fixed, names)
    data = Nested.pack(v)
    assert Nested.unpack(data) == v
    assert Nested.pack(Nested.unpack(data)) == data


@settings(deadline=None)  # the first example compiles the codec: never a timing test
@given(st.binary(max_size=200))
def test_random_bytes_only_raise_xdr_error(data: bytes) -> None:
    try:
        Nested.unpack(data)
    except XdrError:
        pass


@pytest.mark.parametrize("typ", [Array(UInt32), Array(Entry), Array(String())])
def test_array_count_checked_before_allocating(typ) -> None:  # type: ignore[no-untyped-def]
    # The refusal must come from the up-front count check, not from running out mid-decode.
    with pytest.raises(XdrError, match="exceeds remaining"):
        typ.unpack(struct.pack(">I", 2**20) + b"\0" * 64)
