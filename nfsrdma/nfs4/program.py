"""NFSv4 (RFC 7530, RFC 8881, RFC 7862): version 4 of the one NFS program, beside v3.

Operation: two procedures, NULL and COMPOUND (`nfs4.compound.run_compound`).  4.0 replays
through its open/lock-owner seqids and 4.1+ through session slots (RFC 8881 2.10.6), so a
retransmitted COMPOUND is run (or answered by its slot) by the ops; only a 4.0 namespace
change, which no seqid protects, goes through a DRC first (`nfs4.replay.Nfs40Drc`).
A bug in an op reaches the dispatcher, which logs it with its traceback, counts it
(nfsrdma_internal_errors_total) and answers the `fault` result: NFS4ERR_SERVERFAULT.
Every op's status is counted in nfsrdma_nfs_ops as ``op="v4.<NAME>"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The op groups: importing a module registers its ops in nfs4.ops.OPS.
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.locks.manager import LockManager
from nfsrdma.nfs4.compound import COMPOUND4args_codec, Nfs4Service, run_compound
from nfsrdma.nfs4.delegate import Recalls
from nfsrdma.nfs4.idmap import host_domain
from nfsrdma.nfs4.ops import (  # noqa: F401
    attrs,
    clientid40,
    deleg,
    fh,
    io,
    lock,
    lookup,
    modify,
    readdir,
    secinfo,
    session,
    v42,
    xattr,
)
from nfsrdma.nfs4.ops import open as open_ops  # noqa: F401
from nfsrdma.nfs4.pseudofs import Namespace
from nfsrdma.nfs4.replay import Nfs40Drc
from nfsrdma.nfs4.state.grace import ClusterGrace, RecordStore
from rpc.dispatch import Procedure, Version
from rpc.xdr import Void

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

__all__ = ["VERSION", "build_server", "build_version"]

VERSION = p.NFS_V4
_STATUS = {int(s): s.name for s in p.nfsstat4}


#: op number -> its label in nfsrdma_nfs_ops (``v4.READ``).
_OP_LABEL = {int(o): f"v4.{o.name[3:]}" for o in p.nfs_opnum4}


def _count(svc: NfsService, res: p.COMPOUND4res) -> None:
    """Count each op of `res` with its status: the loop stops at the first op that fails,
    so every op but the last succeeded and the last one's status is the COMPOUND's."""
    ops = svc.ops
    if ops is None:
        return
    results = res.resarray
    if not results:
        return
    for r in results[:-1]:
        ops.on_nfs_op(_OP_LABEL.get(r.tag) or f"v4.{r.tag}", "NFS4_OK")
    st = res.status
    tag = results[-1].tag
    ops.on_nfs_op(_OP_LABEL.get(tag) or f"v4.{tag}", _STATUS.get(st) or str(st))


def build_server(svc: NfsService, max_reply: int, *, lease_time: float = 90.0,
                 grace_time: float = 90.0, store: RecordStore | None = None,
                 locks: LockManager | None = None, id_domain: str | None = None,
                 owner_names: bool = False, grace: ClusterGrace | None = None
                 ) -> Nfs4Service:
    """The NFSv4 state of one server instance (`compound.Nfs4Service`): the server keeps it
    to run the lease timer, and hands it its one lock manager (`locks`, shared with NLM).
    `id_domain` None: the host's (`idmap.host_domain`)."""
    server = Nfs4Service(svc, Namespace(svc.policy), max_reply, lease_time=lease_time,
                         grace_time=grace_time, store=store, locks=locks,
                         id_domain=id_domain or host_domain(), owner_names=owner_names,
                         grace=grace)
    # Every other protocol asks this server's delegations before changing a file.
    svc.delegations = Recalls(server)
    return server


def build_version(svc: NfsService, max_reply: int, server: Nfs4Service | None = None
                  ) -> Version:
    """NFS version 4 bound to `svc` (and `server`'s state, default: fresh); replies are
    kept within `max_reply` bytes until a session sets its own limit."""
    if server is None:
        server = build_server(svc, max_reply)

    async def null(ctx: CallContext, args: Any) -> None:
        return None

    async def compound(ctx: CallContext, args: Any) -> p.COMPOUND4res:
        res = await run_compound(server, ctx, args)
        _count(svc, res)
        return res

    def fault() -> p.COMPOUND4res:
        return p.COMPOUND4res(p.nfsstat4.NFS4ERR_SERVERFAULT, b"", [])

    procs = {
        p.NFSPROC4_NULL: Procedure("NULL", Void, Void, null),
        p.NFSPROC4_COMPOUND: Procedure("COMPOUND", COMPOUND4args_codec, p.COMPOUND4res_xdr,
                                       compound, fault=fault),
    }
    return Version(VERSION, procs, reply_cache=Nfs40Drc())
