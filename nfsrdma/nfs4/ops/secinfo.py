"""SECINFO and SECINFO_NO_NAME (RFC 8881 sections 18.29, 18.45; RFC 7530 16.31).

Operation: the flavors come from the export's sec= for this client (`core.policy`), in its
order; a pseudo directory offers the flavors of the exports below it that the client sees.
Neither op requires the caller to use one of those flavors: they are how a client learns
them (RFC 8881 2.6.3.1.1.8).  In 4.1+ both consume the current filehandle (18.29.3).
"""

from __future__ import annotations

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.ops import op
from nfsrdma.nfs4.ops.lookup import parent_of
from nfsrdma.nfs4.ops.names import lookup_in
from nfsrdma.nfs4.pseudofs import Fh, PseudoNode
from rpc.auth import AUTH_SYS

OK = S.NFS4_OK


def _flavors(c: Compound, fh: Fh) -> list[int]:
    if fh.export is not None:
        return c.svc.policy.flavors(fh.export, c.ctx)
    assert fh.node is not None
    out: list[int] = []
    stack: list[PseudoNode] = [fh.node]
    while stack:
        node = stack.pop()
        for _, entry in c.ns.children(node, c.ctx):
            if isinstance(entry, PseudoNode):
                stack.append(entry)
            else:
                out += [f for f in c.svc.policy.flavors(entry, c.ctx) if f not in out]
    return out or [AUTH_SYS]


def _result(c: Compound, fh: Fh) -> list[p.secinfo4]:
    flavors = _flavors(c, fh)
    if c.minorversion >= 1:
        c.current_fh = None
    return [p.secinfo4(f) for f in flavors]


@op(O.OP_SECINFO, reply_estimate=4 + 4 + 8 * 4)
async def op_secinfo(c: Compound, args: p.SECINFO4args) -> p.SECINFO4res:
    fh = await lookup_in(c, c.fh(), args.name, sec=False)
    return p.SECINFO4res(OK, _result(c, fh))


@op(O.OP_SECINFO_NO_NAME, minors=frozenset({1, 2}), reply_estimate=4 + 4 + 8 * 4)
async def op_secinfo_no_name(c: Compound, args: int) -> p.SECINFO4res:
    fh = c.fh()
    if args == p.SECINFO_STYLE4_PARENT:
        fh = await parent_of(c, fh, sec=False)
    # SECINFO_NO_NAME4res is a typedef of SECINFO4res: its Python name is only an alias.
    return p.SECINFO4res(OK, _result(c, fh))
