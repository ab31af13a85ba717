"""Read/write contexts: chunk segments + mapped payload -> chained RDMA WRs.

Operation: a `ChunkCtxt` covers all I/O for one chunk and completes once.  `build_chain()`
lays the payload's SGEs over the remote segments (one `RwCtxt` per segment, i.e. one R_key)
and splits each segment's SGEs into WRs of at most `max_sge` SGEs, as
`rdma_rw_init_map_wrs` does.  Building is separate from posting: the connection posts the
chain (split further by send-queue space and, for READs, by ORD) and only the last WR of
each posted batch is signaled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transport.rdma.dma import Mapping, slice_sges
from transport.rdma.proto import Chunk, split_chunk
from transport.rdma.verbs import SendWR, WrOpcode


@dataclass(slots=True)
class RwCtxt:
    """One WR chain against one R_key (one remote segment)."""

    rkey: int
    wrs: list[SendWR]


@dataclass(slots=True)
class ChunkCtxt:
    """All RDMA I/O for one chunk: its mapping, its per-segment contexts, one completion.

    Invariants: `mapping` stays mapped until `release()`; the WRs reference its SGEs.
    """

    chunk: Chunk
    mapping: Mapping
    opcode: WrOpcode
    rw: list[RwCtxt] = field(default_factory=list)

    @property
    def wrs(self) -> list[SendWR]:
        return [wr for r in self.rw for wr in r.wrs]

    @property
    def sge_count(self) -> int:
        return sum(len(wr.sges) for r in self.rw for wr in r.wrs)

    def release(self) -> None:
        self.mapping.release()


def build_chain(chunk: Chunk, mapping: Mapping, opcode: WrOpcode, max_sge: int,
                nbytes: int | None = None, chunk_offset: int = 0) -> ChunkCtxt:
    """Lay `nbytes` of the mapped payload over `chunk` starting `chunk_offset` into it.

    Assumptions: nbytes <= chunk.length - chunk_offset (checked by the caller, which answers
    ERR_CHUNK otherwise) and <= mapping.nbytes.
    Returns: the context with unsignaled WRs (the poster decides which are signaled).
    """
    n = mapping.nbytes if nbytes is None else nbytes
    ctxt = ChunkCtxt(chunk, mapping, opcode)
    for span in split_chunk(chunk, n, chunk_offset):
        sges = slice_sges(mapping.sges, span.data_offset, span.length)
        remote = span.segment.offset + span.segment_offset
        wrs: list[SendWR] = []
        for i in range(0, len(sges), max_sge):
            part = sges[i : i + max_sge]
            wrs.append(SendWR(0, opcode, part, remote_addr=remote, rkey=span.segment.handle,
                              signaled=False))
            remote += sum(s.length for s in part)
        ctxt.rw.append(RwCtxt(span.segment.handle, wrs))
    return ctxt


def single_rkey(*pcls: Any) -> int | None:
    """The one R_key used by every segment of these chunk lists, else None.

    Send-With-Invalidate may only name an R_key when exactly one appears in the call
    (RFC 8797 §4.1 leaves the choice to the responder; svc_rdma_get_inv_rkey requires one).
    """
    keys = {seg.handle for pcl in pcls for chunk in pcl.chunks for seg in chunk.segments}
    return keys.pop() if len(keys) == 1 else None
