"""The one NFSv4 op table: every op's handler and the properties the COMPOUND loop checks.

Operation: each `ops/<group>.py` module declares its handlers with `@op(...)`, which puts an
`OpSpec` into `OPS`; `nfs4.program` imports the group modules once, so the table is complete
before the first call.  The loop (`nfs4.compound`) reads only this table: whether the op
needs a current filehandle, may come before SEQUENCE (4.1+), exists in the call's minor
version, and how many reply bytes its fixed part can take (knfsd's nfsd4_ops[] with
op_flags and op_rsize_bop).

Handlers are ``async def op_<name>(c: Compound, args: <OP>4args) -> <OP>4res``; they raise
(`nfs4.errors.EXPECTED4`) rather than build failure results.  The table is typed with Any
for the compound because `nfs4.compound` imports this module (no cycle, not even for mypy).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from nfsrdma.gen.nfs4_prot import nfs_opnum4, nfs_resop4_xdr
from rpc import xdr

__all__ = ["ALL_MINORS", "OPS", "SESSION_EXEMPT", "V40", "V41", "V42", "OpSpec", "op"]

Handler = Callable[[Any, Any], Awaitable[Any]]
H = TypeVar("H", bound=Handler)

#: Minor versions an op exists in.  RFC 8881 section 18 lists the ops 4.1 keeps; the 4.0-only
#: ones (SETCLIENTID & co) answer NFS4ERR_NOTSUPP in 4.1+ (RFC 8881 sections 18.33-18.36).
ALL_MINORS = frozenset({0, 1, 2})
V40 = frozenset({0})
V41 = frozenset({1, 2})
V42 = frozenset({2})

#: RFC 8881 2.10.6.4: the ops a 4.1+ COMPOUND may start with instead of SEQUENCE (alone).
SESSION_EXEMPT = frozenset({
    nfs_opnum4.OP_EXCHANGE_ID, nfs_opnum4.OP_CREATE_SESSION, nfs_opnum4.OP_DESTROY_SESSION,
    nfs_opnum4.OP_DESTROY_CLIENTID, nfs_opnum4.OP_BIND_CONN_TO_SESSION,
})

# Most results are a status and a few words; an op whose reply can be larger declares it
# (and charges its variable part with `Compound.charge`).
DEFAULT_ESTIMATE = 64


@dataclass(frozen=True, slots=True)
class OpSpec:
    """One op's row.

    ``needs_fh``: NFS4ERR_NOFILEHANDLE without a current filehandle (RFC 8881 15.2).
    ``session_exempt``: may be the first op of a 4.1+ COMPOUND instead of SEQUENCE
    (RFC 8881 2.10.6.4: EXCHANGE_ID, CREATE_SESSION, DESTROY_SESSION, DESTROY_CLIENTID,
    BIND_CONN_TO_SESSION, and then only alone).
    ``minors``: the minor versions that implement it (others: NOTSUPP).
    ``reply_estimate``: upper bound of the fixed part of its result, in XDR bytes.
    ``status_field``: the attribute of its result that holds the status (a union's ``tag``,
    a struct's first field), so the loop reads it with one getattr.
    """

    opnum: nfs_opnum4
    handler: Handler
    needs_fh: bool = True
    session_exempt: bool = False
    minors: frozenset[int] = ALL_MINORS
    reply_estimate: int = DEFAULT_ESTIMATE
    status_field: str = "tag"


def status_field(opnum: int) -> str:
    """The status attribute of op `opnum`'s result type, as the .x declares it."""
    t = nfs_resop4_xdr.arms[opnum][1]
    if isinstance(t, xdr.Struct):
        fields: tuple[str, ...] = getattr(t.cls, "_fields")  # noqa: B009 (a generated class)
        return fields[0]
    return "tag"


#: opnum -> its row.  Filled by `op` as the group modules are imported.
OPS: dict[int, OpSpec] = {}


def op(
    opnum: nfs_opnum4,
    *,
    needs_fh: bool = True,
    session_exempt: bool | None = None,
    minors: frozenset[int] = ALL_MINORS,
    reply_estimate: int = DEFAULT_ESTIMATE,
) -> Callable[[H], H]:
    """Decorator registering a handler as the op `opnum` (once: a second one is a bug).
    ``session_exempt`` defaults to RFC 8881's list (`SESSION_EXEMPT`).

    Raises ValueError when `opnum` already has a handler.
    """

    def register(handler: H) -> H:
        if opnum in OPS:
            raise ValueError(f"{opnum.name} registered twice")
        exempt = opnum in SESSION_EXEMPT if session_exempt is None else session_exempt
        OPS[opnum] = OpSpec(opnum, handler, needs_fh, exempt, minors, reply_estimate,
                            status_field(opnum))
        return handler

    return register
