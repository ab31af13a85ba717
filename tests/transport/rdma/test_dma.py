"""transport/rdma/dma.py: the mapping choice, forced modes, the fallback chain, the `mr`
alias window for scattered payloads, release, and `slice_sges` -- against the soft provider's
PD and MRs (real addresses and keys, no connection)."""

from __future__ import annotations

import ctypes
import errno
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from storage.bvec import BvecList
from storage.pool import PagePool
from transport.rdma.dma import DmaMapper, DmaStats, MappingUnavailable, Strategy, slice_sges
from transport.rdma.verbs import Access, Sge, VerbsError
from transport.rdma.verbs.soft import SoftDevice, SoftProvider

PS = 4096
NPAGES = 64


@dataclass
class Rig:
    pool: PagePool
    dev: SoftDevice
    pd: Any
    pool_mr: Any
    held: list[BvecList] = field(default_factory=list)

    def mapper(self, force: str = "auto", max_sge: int = 4, observer: Any = None) -> DmaMapper:
        return DmaMapper(self.pd, self.pool, self.pool_mr, max_sge, force, DmaStats(), observer)

    def contiguous(self, npages: int) -> BvecList:
        got = self.pool.try_alloc(npages * PS, contiguous=True)
        assert got is not None and got.contiguous_extent() is not None
        self.held.append(got)
        return got

    def scattered(self, npages: int) -> BvecList:
        """`npages` single pages with a held page between each two: the rest of the pool is
        taken page by page and every other page given back, so no free run is longer than a
        page (allocate anything contiguous first)."""
        singles = []
        while (one := self.pool.try_alloc(PS)) is not None:
            singles.append(one)
        assert len(singles) >= 2 * npages
        for i, s in enumerate(singles):
            if i % 2 == 0:
                s.release()
            else:
                self.held.append(s)
        got = self.pool.try_alloc(npages * PS)
        assert got is not None and len(got.bvecs) == npages
        assert got.contiguous_extent() is None
        self.held.append(got)
        return got

    def sge_bytes(self, sge: Sge) -> bytes:
        view = self.dev.local_view(self.pd, sge.addr, sge.length, sge.lkey, False)
        assert view is not None, f"{sge} does not validate against the device's MRs"
        return bytes(view)


@pytest.fixture
def rig() -> Iterator[Rig]:
    pool = PagePool(NPAGES * PS, page_size=PS)
    dev = SoftProvider().open_device()
    pd = dev.default_pd
    r = Rig(pool, dev, pd, pd.reg_mr(pool.view, Access.LOCAL_WRITE))
    yield r
    for h in r.held:
        h.release()
    r.pool_mr.dereg()


def fill(bvecs: BvecList) -> bytes:
    out = b""
    for i, b in enumerate(bvecs.bvecs):
        chunk = bytes([(i * 7 + 1) % 256]) * b.length
        b.view()[:] = chunk
        out += chunk
    return out


class Recorder:
    def __init__(self) -> None:
        self.fallbacks: list[tuple[str, str]] = []
        self.kinds: list[str] = []
        self.deregs = 0

    def on_dma_fallback(self, frm: str, to: str, kind: str) -> None:
        self.fallbacks.append((frm, to))
        self.kinds.append(kind)

    def on_dma_dereg(self) -> None:
        self.deregs += 1


def test_auto_contiguous_is_one_iova_sge(rig: Rig) -> None:
    m = rig.mapper()
    payload = rig.contiguous(8)
    want = fill(payload)
    mp = m.map(payload)
    assert mp.strategy is Strategy.IOVA and mp.mr is None
    off, n = payload.contiguous_extent()  # type: ignore[misc]
    assert mp.sges == [Sge(rig.pool_mr.addr + off, n, rig.pool_mr.lkey)]
    assert rig.sge_bytes(mp.sges[0]) == want
    assert m.stats.registrations == 0 and m.stats.contexts == {"iova": 1}
    assert not m.stats.fallbacks


def test_auto_scattered_within_max_sge_is_per_page(rig: Rig) -> None:
    obs = Recorder()
    m = rig.mapper(max_sge=4, observer=obs)
    payload = rig.scattered(4)
    want = fill(payload)
    mp = m.map(payload)
    assert mp.strategy is Strategy.PER_PAGE
    assert len(mp.sges) == 4 and all(s.lkey == rig.pool_mr.lkey for s in mp.sges)
    assert b"".join(rig.sge_bytes(s) for s in mp.sges) == want
    assert m.stats.fallbacks == {("iova", "per-page"): 1}
    assert obs.fallbacks == [("iova", "per-page")] and obs.kinds == ["scattered"]
    assert m.stats.fallback_kinds == {"scattered": 1}
    assert m.stats.registrations == 0


def test_auto_scattered_beyond_max_sge_registers_an_alias_window(rig: Rig) -> None:
    obs = Recorder()
    m = rig.mapper(max_sge=4, observer=obs)
    payload = rig.scattered(6)  # per-page would need 2 WRs: mr pays off
    want = fill(payload)
    mp = m.map(payload, Access.LOCAL_WRITE)
    assert mp.strategy is Strategy.MR and mp.mr is not None and mp.window is not None
    (sge,) = mp.sges
    assert sge.lkey == mp.mr.lkey and sge.length == 6 * PS
    assert rig.sge_bytes(sge) == want  # the window shows the scattered pages in order
    # ... and it is the same memory, not a copy: a write through the window lands in the pool.
    ctypes.memset(sge.addr, 0xAB, 1)
    assert payload.bvecs[0].view()[0] == 0xAB
    assert m.stats.fallbacks == {("iova", "mr"): 1} and m.stats.registrations == 1
    lkey = mp.mr.lkey
    mp.release()
    mp.release()  # idempotent
    assert (m.stats.registrations, m.stats.deregistrations, obs.deregs) == (1, 1, 1)
    assert rig.dev.local_view(rig.pd, sge.addr, sge.length, lkey, False) is None


def test_forced_mr_on_contiguous_payload(rig: Rig) -> None:
    m = rig.mapper("mr")
    payload = rig.contiguous(3)
    want = fill(payload)
    mp = m.map(payload)
    assert mp.strategy is Strategy.MR and mp.window is None and mp.mr is not None
    assert mp.mr.lkey != rig.pool_mr.lkey
    assert rig.sge_bytes(mp.sges[0]) == want
    assert not m.stats.fallbacks
    mp.release()
    assert m.stats.registrations == m.stats.deregistrations == 1


def test_forced_per_page_cuts_at_page_boundaries(rig: Rig) -> None:
    m = rig.mapper("per-page", max_sge=30)
    run = rig.contiguous(3)
    payload = run.slice(100, 3 * PS - 200)
    want = fill(payload)
    mp = m.map(payload)
    assert mp.strategy is Strategy.PER_PAGE
    assert [s.length for s in mp.sges] == [PS - 100, PS, PS - 100]
    assert b"".join(rig.sge_bytes(s) for s in mp.sges) == want
    assert mp.nbytes == payload.nbytes


def test_forced_iova_falls_back_along_the_chain(rig: Rig) -> None:
    m = rig.mapper("iova", max_sge=4)
    mp = m.map(rig.scattered(2))  # not contiguous: iova cannot, mr (next in chain) can
    assert mp.strategy is Strategy.MR
    assert m.stats.fallbacks == {("iova", "mr"): 1}
    mp.release()


class _RefusingPD:
    def __init__(self, err: int) -> None:
        self.err = err

    def reg_mr(self, buf: Any, access: Access = Access.LOCAL_WRITE) -> Any:
        raise VerbsError(self.err, "refused")


def test_mr_not_supported_falls_back_to_per_page(rig: Rig) -> None:
    m = rig.mapper("mr")
    m.pd = _RefusingPD(errno.EOPNOTSUPP)  # type: ignore[assignment]
    mp = m.map(rig.contiguous(2))
    assert mp.strategy is Strategy.PER_PAGE
    assert m.stats.fallbacks == {("mr", "per-page"): 1} and m.stats.registrations == 0
    assert m.stats.fallback_kinds == {"refused": 1}


def test_other_registration_failure_is_final(rig: Rig) -> None:
    m = rig.mapper("mr")
    m.pd = _RefusingPD(errno.ENOMEM)  # type: ignore[assignment]
    with pytest.raises(VerbsError):
        m.map(rig.scattered(2))


def test_unaligned_interior_bvec_cannot_be_aliased(rig: Rig) -> None:
    m = rig.mapper(max_sge=2)
    a, b, c = (rig.contiguous(1) for _ in range(3))
    rig.contiguous(1)  # keep c from touching free space
    # a | first 100 bytes of a page | c: three pages, scattered, the middle one partial.
    payload = BvecList([*a.bvecs, *b.slice(0, 100).bvecs, *c.bvecs])
    with pytest.raises(MappingUnavailable) as e:
        m._alias(rig.pool.memfd, payload)  # type: ignore[arg-type]
    assert e.value.kind == "unaligned"
    # a, b, c are adjacent in the pool, but b is cut short: not one extent either.
    assert payload.contiguous_extent() is None
    mp = m.map(payload)
    assert mp.strategy is Strategy.PER_PAGE
    assert m.stats.fallbacks == {("iova", "per-page"): 1}
    assert m.stats.registrations == 0


@pytest.mark.parametrize(
    ("offset", "length", "expected"),
    [
        (0, 60, [(0, 10), (100, 20), (200, 30)]),
        (5, 10, [(5, 5), (100, 5)]),
        (10, 20, [(100, 20)]),
        (25, 30, [(115, 5), (200, 25)]),
        (59, 1, [(229, 1)]),
        (0, 0, []),
        (60, 0, []),
    ],
)
def test_slice_sges(offset: int, length: int, expected: list[tuple[int, int]]) -> None:
    sges = [Sge(0, 10, 1), Sge(100, 20, 2), Sge(200, 30, 3)]
    got = slice_sges(sges, offset, length)
    assert [(s.addr, s.length) for s in got] == expected
    keys = {s.addr: s.lkey for s in sges}
    for s in got:  # each piece keeps the key of the SGE it came from
        base = max(a for a in keys if a <= s.addr)
        assert s.lkey == keys[base]
