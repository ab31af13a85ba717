"""The I/O ops: READ, WRITE, COMMIT (RFC 8881 18.22, 18.32, 18.3) on the bvec path of v3.

Operation: each checks its stateid against the current filehandle (`check_stateid`: an open
stateid, or a lock stateid through its open, needs the right access, the anonymous and READ-bypass stateids meet share denies,
knfsd's nfs4_preprocess_stateid_op), then calls storage.  READ's data stays the pool pages
storage filled: the result carries the BvecList as an `rpc.xdr.Payload`, so TCP sends it with
the reply and RDMA writes the nth READ of a COMPOUND through the nth Write chunk (RFC 8267
5); WRITE's data arrives as pool pages (the TCP record or the RDMA Read chunk) and goes to
storage as is.  No payload byte is copied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from nfsrdma.core.attrs import check_size
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.delegate import check_change
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import op
from nfsrdma.nfs4.ops.open import client_of, file_key, resolve_stateid
from nfsrdma.nfs4.state.delegations import Delegation
from nfsrdma.nfs4.state.lockowners import LockState
from nfsrdma.nfs4.state.opens import Open
from nfsrdma.nfs4.state.stateids import Special, StateKind
from rpc.buffer import BytesPayload
from storage.backend import FileType
from storage.copies import COPIES

if TYPE_CHECKING:
    from nfsrdma.core.policy import Target
    from nfsrdma.nfs4.pseudofs import Fh
    from storage.bvec import BvecList

__all__ = ["check_stateid", "kept"]

OK = S.NFS4_OK
#: READ4resok without its data: status, eof, the length word.
READ_FIXED = 12


def check_stateid(c: Compound, sid: p.stateid4, *, write: bool, fh: Fh | None = None,
                  target: Target | None = None) -> None:
    """May the caller do I/O (READ, or WRITE / SETATTR(size) when `write`) on the current
    filehandle (or `fh`: COPY's source is the saved one) with `sid`?  (RFC 8881 8.2.3, 9.7;
    the rules of `nfs4.state.opens`.)  ``target``: `Compound.target` of that filehandle
    when the caller has it already.

    The READ bypass stateid on a write is taken as the anonymous one (knfsd's
    check_special_stateids; RFC 7530 9.1.4.3 restricts only what it bypasses for READ).

    Raises: Nfs4Error BAD_STATEID (a stateid of another file, a reserved pattern, a current
    stateid without one), OLD_STATEID, STALE_STATEID, EXPIRED,
    OPENMODE (an open without that access), LOCKED (no open, and an open denies it).
    """
    key = file_key(fh or c.fh())
    opens = c.server.opens
    seqid, other, kind = resolve_stateid(c, sid)
    if kind in (Special.ANONYMOUS, Special.READ_BYPASS):
        # No open, so no OPEN recalled a delegation: this I/O does (RFC 8881 10.4.6).
        check_change(c, target or c.target(fh), write)
    if kind is Special.ANONYMOUS or (kind is Special.READ_BYPASS and write):
        opens.check_anonymous(key, write)
        return
    if kind is Special.READ_BYPASS:
        opens.check_anonymous(key, write, bypass=True)
        return
    if kind is not Special.NONE:
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    st = c.server.stateids.check(seqid, other, c.minorversion)
    o = st.ref
    if st.kind is StateKind.DELEG and isinstance(o, Delegation):
        # A delegation's stateid reads its file (RFC 8881 9.1.3), a write delegation's
        # writes it too; a read one's write is OPENMODE (knfsd's nfs4_check_delegmode).
        if o.file != key:
            raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
        if write and not o.write:
            raise Nfs4Error(S.NFS4ERR_OPENMODE)
        if c.minorversion == 0:
            client_of(c, st.client)
        return
    if st.kind is StateKind.LOCK and isinstance(o, LockState):
        o = o.open  # a lock stateid does I/O with its open's access (RFC 8881 8.2.2)
    elif st.kind is not StateKind.OPEN or not isinstance(o, Open):
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    opens.check_io(o, key, write)
    if c.minorversion == 0:
        client_of(c, st.client)  # any 4.0 op naming a client's state renews its lease


@op(O.OP_READ, reply_estimate=READ_FIXED)
async def op_read(c: Compound, args: p.READ4args) -> p.READ4res:
    t = c.target()
    check_stateid(c, args.stateid, write=False, target=t)
    # The reply budget bounds the data (RFC 8881 18.22.3: the server may return less).
    count = min(args.count, c.svc.config.rtmax, max(c.reply_left() - READ_FIXED - 4, 0))
    if count == 0 and args.count > 0:
        raise c.too_big()
    bvecs, eof = await t.export.backend.read(t.fid, args.offset, count, c.svc.pool, t.cred)
    c.charge(bvecs.nbytes + (-bvecs.nbytes & 3))
    if c.slot is not None and c.slot.cache:
        return p.READ4res(OK, p.READ4resok(eof, kept(bvecs)))
    return p.READ4res(OK, p.READ4resok(eof, bvecs))


def kept(bvecs: BvecList, where: str = "nfs4_read_cached") -> BytesPayload:
    """READ data for a reply a 4.1 slot caches (sa_cachethis): the reply is sent again on a
    retry (RFC 8881 2.10.6.1.3) long after the send released the pool pages, so it keeps a
    copy, counted under `where` (bounded by ca_maxresponsesize_cached; the Linux client asks
    for caching only for non-idempotent COMPOUNDs, so READ rarely comes here)."""
    try:
        data = b"".join(bytes(v) for v in bvecs.views())
        COPIES.add(len(data), where)
        return BytesPayload(data)
    finally:
        bvecs.release()


@op(O.OP_WRITE)
async def op_write(c: Compound, args: p.WRITE4args) -> p.WRITE4res:
    t = c.target(write=True)
    check_stateid(c, args.stateid, write=True, target=t)
    # The server's reader hands WRITE data over as a BvecList slice of the call's pages
    # (rpc.buffer.XdrReader.read_payload); only a reader without pages makes anything else.
    data = cast("BvecList", args.data)
    if data.nbytes > c.svc.config.wtmax:  # RFC 8881 18.32.3: the server may write less
        data = data.slice(0, c.svc.config.wtmax)
    check_size(args.offset + data.nbytes)  # FBIG past off_t max, as v3
    stable = args.stable != p.UNSTABLE4
    n = await t.export.backend.write(t.fid, args.offset, data, stable, t.cred)
    committed = p.FILE_SYNC4 if stable else p.UNSTABLE4
    return p.WRITE4res(OK, p.WRITE4resok(n, committed, c.svc.write_verifier))


@op(O.OP_COMMIT)
async def op_commit(c: Compound, args: p.COMMIT4args) -> p.COMMIT4res:
    t = c.target(write=True)
    attrs = await t.export.backend.getattr(t.fid, t.cred)
    if attrs.type is not FileType.REG:
        raise Nfs4Error(S.NFS4ERR_ISDIR if attrs.type is FileType.DIR else S.NFS4ERR_SYMLINK
                        if attrs.type is FileType.LNK else S.NFS4ERR_INVAL)
    await t.export.backend.commit(t.fid, t.cred, args.offset, args.count)
    return p.COMMIT4res(OK, p.COMMIT4resok(c.svc.write_verifier))
