"""RecordParser: bytes in, events out. No loop, no sockets, no pool (a bytearray-backed owner)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transport.tcp.record import (
    DEFAULT_MAX_RECORD,
    LOOKAHEAD,
    NEED_DATA,
    NeedExtent,
    Record,
    RecordError,
    RecordParser,
    encode_mark,
)


class FakeOwner:
    """Stands in for a pool BvecList: tracks live extents so leaks are visible."""

    live: set[int] = set()

    def __init__(self, nbytes: int) -> None:
        self.buf = bytearray(nbytes)
        self.released = False
        FakeOwner.live.add(id(self))

    def release(self) -> None:
        self.released = True
        FakeOwner.live.discard(id(self))


@pytest.fixture(autouse=True)
def _no_leaks():
    FakeOwner.live.clear()
    yield


def feed(parser: RecordParser, data: bytes, cuts: list[int] | None = None, slack: int = 0):
    """Feed ``data`` honouring get_buffer() sizes, split at ``cuts``; return (records, copied).
    Extents are ``slack`` bytes longer than asked (a pool page's room after the record)."""
    records: list[bytes] = []
    owners: list[FakeOwner] = []
    copied = 0
    pos = 0
    cuts = sorted(set(cuts or []))
    while pos < len(data):
        buf = parser.get_buffer()
        assert len(buf) > 0
        nxt = min([c for c in cuts if c > pos] + [len(data)])
        n = min(len(buf), nxt - pos)
        buf[:n] = data[pos : pos + n]
        pos += n
        ev = parser.buffer_updated(n)
        while ev is not NEED_DATA:
            if isinstance(ev, NeedExtent):
                owner = FakeOwner(ev.nbytes + slack)
                copied += parser.provide_extent(owner, memoryview(owner.buf))
            else:
                assert isinstance(ev, Record)
                records.append(bytes(ev.view))
                assert isinstance(ev.owner, FakeOwner)
                owners.append(ev.owner)
            ev = parser.next_event()
    for o in owners:
        o.release()
    return records, copied


def frag(body: bytes, last: bool = True) -> bytes:
    return encode_mark(len(body), last) + body


# (name, wire bytes, expected records) -- hand-decoded RFC 5531 §11 examples.
CASES = [
    ("one fragment", b"\x80\x00\x00\x03abc", [b"abc"]),
    ("two records", b"\x80\x00\x00\x01a\x80\x00\x00\x02bc", [b"a", b"bc"]),
    ("two fragments", b"\x00\x00\x00\x02ab\x80\x00\x00\x01c", [b"abc"]),
    ("zero-length first fragment", b"\x00\x00\x00\x00\x80\x00\x00\x02ab", [b"ab"]),
    ("zero-length last fragment", b"\x00\x00\x00\x02ab\x80\x00\x00\x00", [b"ab"]),
    (
        "three fragments",
        frag(b"x" * 5, False) + frag(b"y" * 100, False) + frag(b"z", True),
        [b"x" * 5 + b"y" * 100 + b"z"],
    ),
]


@pytest.mark.parametrize("name,wire,expected", CASES, ids=[c[0] for c in CASES])
def test_table(name, wire, expected):
    p = RecordParser()
    records, _ = feed(p, wire)
    assert records == expected
    assert p.idle
    assert not FakeOwner.live


@pytest.mark.parametrize(
    "wire,reason",
    [
        (b"\x80\x00\x00\x00", "empty record"),
        (b"\x00\x00\x00\x00\x80\x00\x00\x00", "empty record"),
        (b"\xff\xff\xff\xff", "exceeds limit"),
        (encode_mark(DEFAULT_MAX_RECORD + 1), "exceeds limit"),
        # the record grows past the limit only in its second fragment
        (frag(b"a" * 10, False) + encode_mark(DEFAULT_MAX_RECORD - 9), "exceeds limit"),
    ],
)
def test_errors(wire, reason):
    p = RecordParser()
    with pytest.raises(RecordError) as ei:
        feed(p, wire)
    assert reason in ei.value.reason
    assert not FakeOwner.live, "a failed record must release its partial extent"
    with pytest.raises(RuntimeError):
        p.get_buffer()


def test_max_record_boundary():
    p = RecordParser(max_record=8)
    assert feed(p, frag(b"12345678"))[0] == [b"12345678"]
    with pytest.raises(RecordError):
        feed(p, frag(b"123456789"))


def test_single_fragment_needs_exact_extent_and_no_copy():
    p = RecordParser()
    buf = p.get_buffer()
    assert len(buf) == 4 + LOOKAHEAD  # the mark and at most the next call's fixed header
    head = bytes(range(LOOKAHEAD))
    buf[:] = encode_mark(1 << 20) + head
    ev = p.buffer_updated(4 + LOOKAHEAD)
    assert ev == NeedExtent(1 << 20)
    owner = FakeOwner(1 << 20)
    assert p.provide_extent(owner, memoryview(owner.buf)) == 0
    assert owner.buf[:LOOKAHEAD] == head  # the header bytes that came with the mark
    body = p.get_buffer()
    # The body is received straight into the extent: the view aliases the owner's memory.
    assert len(body) == (1 << 20) - LOOKAHEAD
    body[0:1] = b"Z"
    assert owner.buf[LOOKAHEAD : LOOKAHEAD + 1] == b"Z"


def test_lookahead_takes_the_next_head_never_past_it():
    """A body read ends at most LOOKAHEAD bytes past the record (room in the extent's last
    page permitting); a burst of small calls is one read each; mid-record, a fragment mark is
    read alone (the fragment after it may be payload)."""
    calls = [bytes([i]) * (100 + i) for i in range(5)]
    wire = b"".join(frag(c) for c in calls)
    reads: list[int] = []

    class Spy(RecordParser):
        def get_buffer(self) -> memoryview:
            buf = super().get_buffer()
            reads.append(len(buf))
            return buf

    records, copied = feed(Spy(), wire, slack=4096)
    assert records == calls and copied == 0
    assert len(reads) == 1 + len(calls)  # the first head, then one read per call
    assert all(r - (len(c) - LOOKAHEAD) <= 4 + LOOKAHEAD for r, c in zip(reads[1:], calls, strict=True))
    # no room after the record: an exact read, the next mark read by itself
    records, _ = feed(RecordParser(), wire, slack=0)
    assert records == calls
    # inside a record: after a non-last fragment, only its mark
    p = RecordParser()
    first = frag(b"x" * 100, last=False)
    p.get_buffer()[:] = first[: 4 + LOOKAHEAD]
    ev = p.buffer_updated(4 + LOOKAHEAD)
    owner = FakeOwner(ev.nbytes + 4096)
    p.provide_extent(owner, memoryview(owner.buf))
    assert len(p.get_buffer()) == 100 - LOOKAHEAD  # the fragment's rest, nothing past it
    p.buffer_updated(100 - LOOKAHEAD)
    assert p.next_event() is NEED_DATA and len(p.get_buffer()) == 4
    p.discard()


def test_get_buffer_while_awaiting_extent_is_a_caller_bug():
    p = RecordParser()
    p.get_buffer()[:4] = encode_mark(10)
    assert isinstance(p.buffer_updated(4), NeedExtent)
    with pytest.raises(RuntimeError):
        p.get_buffer()


def test_provide_extent_too_small_rejected_and_released():
    p = RecordParser()
    p.get_buffer()[:4] = encode_mark(10)
    p.buffer_updated(4)
    small = FakeOwner(5)
    with pytest.raises(ValueError):
        p.provide_extent(small, memoryview(small.buf))
    assert small.released


def test_multifragment_copies_are_linear():
    # 64 fragments of 1 KiB: geometric growth keeps total copying under 2x the record.
    body = bytes(range(256)) * 4
    wire = b"".join(frag(body, i == 63) for i in range(64))
    records, copied = feed(RecordParser(), wire)
    assert records == [body * 64]
    assert copied < 2 * len(body) * 64
    assert not FakeOwner.live


def test_discard_mid_record_releases():
    p = RecordParser()
    wire = frag(b"abcdef")
    p.get_buffer()[:4] = wire[:4]
    ev = p.buffer_updated(4)
    assert isinstance(ev, NeedExtent)
    owner = FakeOwner(ev.nbytes)
    p.provide_extent(owner, memoryview(owner.buf))
    assert not p.idle
    p.discard()
    assert owner.released


records_st = st.lists(
    st.lists(st.binary(min_size=0, max_size=300), min_size=1, max_size=4).filter(
        lambda frags: sum(map(len, frags)) > 0
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(records=records_st, data=st.data())
def test_split_anywhere(records, data):
    wire = b"".join(
        b"".join(frag(f, i == len(frags) - 1) for i, f in enumerate(frags)) for frags in records
    )
    cuts = data.draw(st.lists(st.integers(0, len(wire)), max_size=20))
    FakeOwner.live.clear()
    slack = data.draw(st.sampled_from([0, 3, LOOKAHEAD, 4096]))
    got, _ = feed(RecordParser(), wire, cuts, slack)
    assert got == [b"".join(frags) for frags in records]
    assert not FakeOwner.live
