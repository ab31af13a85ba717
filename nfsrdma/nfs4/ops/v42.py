"""The NFSv4.2 data ops (RFC 7862 section 15): SEEK, ALLOCATE, DEALLOCATE, READ_PLUS, COPY,
CLONE, OFFLOAD_STATUS, OFFLOAD_CANCEL, IO_ADVISE.

Operation: each op checks its stateids as READ and WRITE do (`io.check_stateid`: SEEK,
READ_PLUS, IO_ADVISE and the source of COPY / CLONE read; ALLOCATE, DEALLOCATE and the
destination write), wants a regular file (NFS4ERR_WRONG_TYPE, RFC 7862 15.1.3; READ_PLUS
answers a directory as READ does), then makes one storage call (`StorageBackend.seek`,
`allocate`, `deallocate`, `copy_range`, `clone_range`), which runs on the storage threads.
The ops exist in minor version 2 only: 4.0 and 4.1 COMPOUNDs never reach them (their op
numbers are OP_ILLEGAL there, `compound.LAST_OP`).

- COPY is intra-server and synchronous: an inter-server COPY (a source server named) is
  NOTSUPP, as is COPY_NOTIFY (not registered); an asynchronous request is answered
  synchronously, as RFC 7862 15.2.3 allows: no callback id, cr_consecutive and
  cr_synchronous true.  One COPY copies at most `storage.backend.COPY_CHUNK` bytes (a short
  count the client continues from, as knfsd's 4 MiB); the data is UNSTABLE4 until COMMIT.
  With no asynchronous copy ever running, OFFLOAD_STATUS and OFFLOAD_CANCEL know no
  stateid: NFS4ERR_BAD_STATEID.
- CLONE shares blocks where the file system can (FICLONERANGE); where it cannot
  (EOPNOTSUPP, or EXDEV between the two files) the answer is NOTSUPP, never a copy that
  pretends to be a clone.  COPY and CLONE across two exports are XDEV.
- READ_PLUS (RFC 7862 15.10) answers data and hole segments: holes are found with
  SEEK_HOLE / SEEK_DATA; each data segment is the pool pages storage filled, sent as a
  payload of the reply like READ's data (no copy; a caching slot keeps a counted copy).  A
  file whose blocks cover its size has no hole: one data segment, no lseek.  Over RDMA it
  is NOTSUPP: RFC 8267 makes only READ's data DDP-eligible, so a READ_PLUS payload could
  take the Write chunk of a READ after it; the Linux client never sends it there, and
  falls back to READ on NOTSUPP.
- IO_ADVISE is answered with no hint honoured (RFC 7862 15.5.3 lets a server ignore them).
- LAYOUTERROR, LAYOUTSTATS, WRITE_SAME and COPY_NOTIFY are not registered: NOTSUPP.
"""

from __future__ import annotations

import errno
from typing import Any

from nfsrdma.core.attrs import check_size
from nfsrdma.core.policy import Target
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import V42, op
from nfsrdma.nfs4.ops.io import check_stateid, kept
from nfsrdma.nfs4.pseudofs import Fh
from storage.backend import Attrs, Content, FileType, StorageError

__all__: list[str] = []

OK = S.NFS4_OK
#: READ_PLUS4res without its segments: status, eof, the segment count.
READ_PLUS_FIXED = 12
#: One segment's words: content, offset, and a data length (data + pad follow) or a hole
#: length.
DATA_SEGMENT = 4 + 8 + 4
HOLE_SEGMENT = 4 + 8 + 8
#: Segments per READ_PLUS reply.  Each hole costs two lseeks on a storage thread; 16 lets a
#: client skip the holes of a fragmented file in a 1 MiB reply while bounding the work and
#: the payload parts of one reply (the rest comes with its next READ_PLUS).
MAX_SEGMENTS = 16
#: COPY4resok: status, callback id count, count, committed, verifier, two booleans.
COPY_FIXED = 4 + 4 + 8 + 4 + 8 + 8


async def _regular(t: Target) -> Attrs:
    """The attributes of `t`, a regular file.  Raises Nfs4Error(WRONG_TYPE) otherwise
    (RFC 7862 15.1.3, 15.4.3, 15.11.3; knfsd's nfsd4_verify_copy)."""
    a = await t.export.backend.getattr(t.fid)
    if a.type is not FileType.REG:
        raise Nfs4Error(S.NFS4ERR_WRONG_TYPE)
    return a


# -- SEEK, IO_ADVISE -------------------------------------------------------------------------

@op(O.OP_SEEK, minors=V42, reply_estimate=4 + 4 + 8)
async def op_seek(c: Compound, args: p.SEEK4args) -> p.SEEK4res:
    """RFC 7862 15.11: the next data (or hole) at or after sa_offset.  An offset at or past
    the end of file is NXIO; no data after it (a trailing hole) is sr_eof TRUE with the
    file's size, which the Linux client turns into ENXIO for SEEK_DATA."""
    t = c.target()
    check_stateid(c, args.sa_stateid, write=False)
    a = await _regular(t)
    found = await t.export.backend.seek(t.fid, args.sa_offset, Content(args.sa_what), t.cred)
    if found is None:
        return p.SEEK4res(OK, p.seek_res4(True, max(a.size, args.sa_offset)))
    return p.SEEK4res(OK, p.seek_res4(found >= a.size, found))


@op(O.OP_IO_ADVISE, minors=V42, reply_estimate=4 + 4)
async def op_io_advise(c: Compound, args: p.IO_ADVISE4args) -> p.IO_ADVISE4res:
    t = c.target()
    check_stateid(c, args.iaa_stateid, write=False)
    await _regular(t)
    return p.IO_ADVISE4res(OK, p.IO_ADVISE4resok([]))


# -- ALLOCATE, DEALLOCATE --------------------------------------------------------------------

async def _space(c: Compound, sid: p.stateid4, offset: int, length: int) -> Target:
    """What ALLOCATE and DEALLOCATE share: a writable export, a stateid valid for WRITE, a
    regular file, a range within the largest file (FBIG)."""
    t = c.target(write=True)
    check_stateid(c, sid, write=True)
    await _regular(t)
    check_size(offset + length)
    return t


@op(O.OP_ALLOCATE, minors=V42)
async def op_allocate(c: Compound, args: p.ALLOCATE4args) -> p.ALLOCATE4res:
    """RFC 7862 15.1: blocks reserved, the file grown to aa_offset + aa_length if shorter."""
    t = await _space(c, args.aa_stateid, args.aa_offset, args.aa_length)
    await t.export.backend.allocate(t.fid, args.aa_offset, args.aa_length, t.cred)
    return p.ALLOCATE4res(OK)


@op(O.OP_DEALLOCATE, minors=V42)
async def op_deallocate(c: Compound, args: p.DEALLOCATE4args) -> p.DEALLOCATE4res:
    """RFC 7862 15.4: the range reads back as zeros, the size stays (a punched hole)."""
    t = await _space(c, args.da_stateid, args.da_offset, args.da_length)
    await t.export.backend.deallocate(t.fid, args.da_offset, args.da_length, t.cred)
    return p.DEALLOCATE4res(OK)


# -- READ_PLUS -------------------------------------------------------------------------------

@op(O.OP_READ_PLUS, minors=V42, reply_estimate=READ_PLUS_FIXED)
async def op_read_plus(c: Compound, args: p.READ_PLUS4args) -> p.READ_PLUS4res:
    if c.ctx.transport == "rdma":
        raise Nfs4Error(S.NFS4ERR_NOTSUPP, "READ_PLUS over RDMA")  # module docstring
    t = c.target()
    check_stateid(c, args.rpa_stateid, write=False)
    be = t.export.backend
    a = await be.getattr(t.fid)
    if a.type is not FileType.REG:  # as READ (RFC 8881 18.22.3)
        raise Nfs4Error(S.NFS4ERR_ISDIR if a.type is FileType.DIR else S.NFS4ERR_INVAL)
    overhead = READ_PLUS_FIXED + MAX_SEGMENTS * HOLE_SEGMENT + 4
    count = min(args.rpa_count, c.svc.config.rtmax, max(c.reply_left() - overhead, 0))
    if count == 0 and args.rpa_count > 0:
        raise c.too_big()
    offset = args.rpa_offset
    end = min(offset + count, a.size)
    sparse = a.used < a.size  # blocks that cover the size leave no room for a hole
    segments: list[p.read_plus_content] = []
    nbytes = 0
    pos = offset
    shrank = False  # the file ended before `end` while we read it
    try:
        while pos < end and len(segments) < MAX_SEGMENTS:
            hole = await be.seek(t.fid, pos, Content.HOLE, t.cred) if sparse else end
            if hole is None or hole > pos:  # data from pos up to the next hole
                want = min(end if hole is None else hole, end) - pos
                bvecs, _ = await be.read(t.fid, pos, want, c.svc.pool, t.cred)
                got = bvecs.nbytes
                data: Any = bvecs
                if c.slot is not None and c.slot.cache:
                    data = kept(bvecs, "nfs4_read_plus_cached")
                segments.append(p.read_plus_content(p.NFS4_CONTENT_DATA, p.data4(pos, data)))
                nbytes += DATA_SEGMENT + got + (-got & 3)
                pos += got
                if got < want:  # the file shrank meanwhile: it ends here
                    shrank = True
                    break
            else:  # a hole from pos up to the next data
                nxt = await be.seek(t.fid, pos, Content.DATA, t.cred)
                stop = min(end if nxt is None else nxt, end)
                if stop <= pos:  # data written there between the two lseeks: read it
                    sparse = False
                    continue
                segments.append(p.read_plus_content(p.NFS4_CONTENT_HOLE,
                                                    p.data_info4(pos, stop - pos)))
                nbytes += HOLE_SEGMENT
                pos = stop
    except StorageError as e:
        if e.errno != errno.ENXIO:  # ENXIO: truncated under us, the file ends at pos
            _release(segments)
            raise
        shrank = True
    except BaseException:
        _release(segments)
        raise
    c.charge(nbytes)
    return p.READ_PLUS4res(OK, p.read_plus_res4(shrank or pos >= a.size, segments))


def _release(segments: list[p.read_plus_content]) -> None:
    for s in segments:
        if s.tag == p.NFS4_CONTENT_DATA:
            s.value.d_data.release()


# -- COPY, CLONE, OFFLOAD_* ------------------------------------------------------------------

def _saved(c: Compound) -> Fh:
    if c.saved_fh is None:
        raise Nfs4Error(S.NFS4ERR_NOFILEHANDLE, "no saved filehandle")
    return c.saved_fh


async def _pair(c: Compound, src_sid: p.stateid4, dst_sid: p.stateid4, dst_offset: int
                ) -> tuple[Target, Target]:
    """COPY's and CLONE's (source, destination): saved and current filehandles, one export
    (XDEV), the source readable and the destination writable by their stateids, both
    regular files (knfsd's nfsd4_verify_copy)."""
    src_fh = _saved(c)
    dst = c.target(write=True)
    src = c.target(src_fh)
    if src.export is not dst.export:
        raise Nfs4Error(S.NFS4ERR_XDEV, "source and destination in two exports")
    check_stateid(c, src_sid, write=False, fh=src_fh)
    check_stateid(c, dst_sid, write=True)
    await _regular(src)
    await _regular(dst)
    check_size(dst_offset)
    return src, dst


@op(O.OP_COPY, minors=V42, reply_estimate=COPY_FIXED)
async def op_copy(c: Compound, args: p.COPY4args) -> p.COPY4res:
    """RFC 7862 15.2 (module docstring: intra-server, synchronous, bounded per call)."""
    if args.ca_source_server:
        raise Nfs4Error(S.NFS4ERR_NOTSUPP, "inter-server copy")
    src, dst = await _pair(c, args.ca_src_stateid, args.ca_dst_stateid, args.ca_dst_offset)
    n = await dst.export.backend.copy_range(src.fid, args.ca_src_offset, dst.fid,
                                            args.ca_dst_offset, args.ca_count, dst.cred)
    resp = p.write_response4([], n, p.UNSTABLE4, c.svc.write_verifier)
    return p.COPY4res(OK, p.COPY4resok(resp, p.copy_requirements4(True, True)))


@op(O.OP_CLONE, minors=V42)
async def op_clone(c: Compound, args: p.CLONE4args) -> p.CLONE4res:
    """RFC 7862 15.13: blocks shared, or NOTSUPP where the file system cannot share them."""
    src, dst = await _pair(c, args.cl_src_stateid, args.cl_dst_stateid, args.cl_dst_offset)
    try:
        await dst.export.backend.clone_range(src.fid, args.cl_src_offset, dst.fid,
                                             args.cl_dst_offset, args.cl_count, dst.cred)
    except StorageError as e:
        # EXDEV from FICLONERANGE means these two files cannot share blocks (another
        # superblock, or a file system without reflinks): for CLONE that is NOTSUPP.
        if e.errno == errno.EXDEV:
            raise Nfs4Error(S.NFS4ERR_NOTSUPP, "no reflink between these files") from None
        raise
    return p.CLONE4res(OK)


@op(O.OP_OFFLOAD_STATUS, minors=V42)
async def op_offload_status(c: Compound, args: p.OFFLOAD_STATUS4args
                            ) -> p.OFFLOAD_STATUS4res:
    raise Nfs4Error(S.NFS4ERR_BAD_STATEID, "no asynchronous copy exists")


@op(O.OP_OFFLOAD_CANCEL, minors=V42)
async def op_offload_cancel(c: Compound, args: p.OFFLOAD_CANCEL4args
                            ) -> p.OFFLOAD_CANCEL4res:
    raise Nfs4Error(S.NFS4ERR_BAD_STATEID, "no asynchronous copy exists")
