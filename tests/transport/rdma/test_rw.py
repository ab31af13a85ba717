"""transport/rdma/rw.py: `build_chain` lays mapped SGEs over a chunk's segments -- one RwCtxt
per segment (one R_key), WRs split by max_sge, remote addresses advancing with the data,
partial lengths and chunk offsets -- and `single_rkey`.  Also once with a real mapping from
the soft provider, so every SGE of the chain validates against the device's MRs."""

from __future__ import annotations

import math

import pytest

from storage.pool import PagePool
from transport.rdma.dma import DmaMapper, Mapping, Strategy
from transport.rdma.proto import EMPTY_PCL, Chunk, Pcl, Segment
from transport.rdma.rw import build_chain, single_rkey
from transport.rdma.verbs import Access, Sge, WrOpcode
from transport.rdma.verbs.soft import SoftProvider

PS = 4096


def page_mapping(npages: int, base: int = 0x10_0000, lkey: int = 9, tail: int = PS) -> Mapping:
    sges = [Sge(base + i * PS, PS, lkey) for i in range(npages - 1)]
    sges.append(Sge(base + (npages - 1) * PS, tail, lkey))
    return Mapping(Strategy.PER_PAGE, sges, sum(s.length for s in sges))


def flat(wrs: list) -> list[Sge]:  # type: ignore[type-arg]
    return [s for wr in wrs for s in wr.sges]


def runs(sges: list[Sge]) -> list[tuple[int, int, int]]:
    """(addr, length, lkey) with adjacent pieces merged: what the SGEs cover, in order."""
    out: list[tuple[int, int, int]] = []
    for s in sges:
        if out and out[-1][0] + out[-1][1] == s.addr and out[-1][2] == s.lkey:
            out[-1] = (out[-1][0], out[-1][1] + s.length, s.lkey)
        else:
            out.append((s.addr, s.length, s.lkey))
    return out


@pytest.mark.parametrize(("npages", "max_sge"), [(256, 30), (256, 256), (1, 30), (31, 30)])
def test_one_segment_split_by_max_sge(npages: int, max_sge: int) -> None:
    m = page_mapping(npages)
    chunk = Chunk(0, (Segment(0x77, npages * PS, 0xA000_0000),))
    ctxt = build_chain(chunk, m, WrOpcode.RDMA_WRITE, max_sge)
    assert len(ctxt.rw) == 1 and ctxt.rw[0].rkey == 0x77
    wrs = ctxt.wrs
    assert len(wrs) == math.ceil(npages / max_sge)
    assert [len(wr.sges) for wr in wrs[:-1]] == [max_sge] * (len(wrs) - 1)
    assert ctxt.sge_count == npages and flat(wrs) == m.sges
    at = 0xA000_0000
    for wr in wrs:
        assert (wr.opcode, wr.rkey, wr.remote_addr, wr.signaled) == \
            (WrOpcode.RDMA_WRITE, 0x77, at, False)
        at += sum(s.length for s in wr.sges)
    assert at == 0xA000_0000 + npages * PS


def test_segments_each_get_their_rkey_and_address() -> None:
    m = page_mapping(5, tail=1616)  # 18000 bytes
    segs = (Segment(1, 5000, 0x1000), Segment(2, 3000, 0x9000), Segment(3, 10000, 0x20000))
    ctxt = build_chain(Chunk(0, segs), m, WrOpcode.RDMA_READ, max_sge=2)
    assert [r.rkey for r in ctxt.rw] == [1, 2, 3]
    assert runs(flat(ctxt.wrs)) == runs(m.sges)  # the same bytes in order, cut differently
    for seg, r in zip(segs, ctxt.rw, strict=True):
        assert sum(s.length for wr in r.wrs for s in wr.sges) == seg.length
        assert r.wrs[0].remote_addr == seg.offset
        assert all(wr.rkey == seg.handle and len(wr.sges) <= 2 for wr in r.wrs)
    # Segment 1 (5000 bytes) covers a whole page and 904 bytes of the next.
    assert [s.length for s in ctxt.rw[0].wrs[0].sges] == [PS, 5000 - PS]


def test_partial_length_uses_only_the_segments_needed() -> None:
    m = page_mapping(2)
    segs = (Segment(1, 5000, 0x1000), Segment(2, 3000, 0x9000), Segment(3, 10000, 0x20000))
    ctxt = build_chain(Chunk(0, segs), m, WrOpcode.RDMA_WRITE, 30, nbytes=6000)
    assert [r.rkey for r in ctxt.rw] == [1, 2]
    assert sum(s.length for s in flat(ctxt.wrs)) == 6000
    assert ctxt.rw[1].wrs[0].remote_addr == 0x9000


def test_chunk_offset_starts_inside_a_segment() -> None:
    m = page_mapping(1, tail=2000)
    segs = (Segment(1, 5000, 0x1000), Segment(2, 3000, 0x9000))
    ctxt = build_chain(Chunk(0, segs), m, WrOpcode.RDMA_READ, 30, nbytes=2000,
                       chunk_offset=4500)
    assert [(r.rkey, r.wrs[0].remote_addr) for r in ctxt.rw] == [(1, 0x1000 + 4500),
                                                                 (2, 0x9000)]
    assert [[s.length for s in r.wrs[0].sges] for r in ctxt.rw] == [[500], [1500]]
    assert flat(ctxt.wrs)[1].addr == m.sges[0].addr + 500


def test_chain_from_a_soft_mapping_validates() -> None:
    pool = PagePool(64 * PS, page_size=PS)
    dev = SoftProvider().open_device()
    pd = dev.default_pd
    pool_mr = pd.reg_mr(pool.view, Access.LOCAL_WRITE)
    mapper = DmaMapper(pd, pool, pool_mr, dev.attrs.max_sge, "per-page")
    payload = pool.try_alloc(40 * PS, contiguous=True)
    assert payload is not None
    m = mapper.map(payload)
    ctxt = build_chain(Chunk(0, (Segment(5, 40 * PS, 0),)), m, WrOpcode.RDMA_WRITE,
                       mapper.max_sge)
    assert len(ctxt.wrs) == math.ceil(40 / dev.attrs.max_sge)
    for s in flat(ctxt.wrs):
        assert dev.local_view(pd, s.addr, s.length, s.lkey, True) is not None
    ctxt.release()
    payload.release()
    pool_mr.dereg()


def test_single_rkey() -> None:
    one = Pcl((Chunk(0, (Segment(7, 10, 0), Segment(7, 10, 100))),))
    other = Pcl((Chunk(0, (Segment(8, 10, 0),)),))
    assert single_rkey(one, EMPTY_PCL, EMPTY_PCL) == 7
    assert single_rkey(one, other, EMPTY_PCL) is None
    assert single_rkey(EMPTY_PCL, EMPTY_PCL, EMPTY_PCL) is None
