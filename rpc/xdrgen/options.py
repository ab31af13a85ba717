"""Generator options: the documented, deliberate departures of the output from the plain RFC
mapping.  Each target in `rpc.xdrgen.targets` says which it uses and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["PAYLOAD", "Options", "Override", "Target"]


@dataclass(frozen=True)
class Override:
    """Replace one field's codec: ``codec`` is an expression over the generated module's names
    (``_x`` is rpc.xdr), ``pytype`` its Python type, ``reason`` goes into the output."""

    codec: str
    pytype: str
    reason: str


#: opaque<> bytes that stay a zero-copy bvec list (rpc.xdr.Payload: RDMA chunk / pool pages).
PAYLOAD = Override(
    "_x.Payload", "PayloadLike", "bulk data stays a bvec list (RDMA chunk or pool pages)"
)


@dataclass(frozen=True)
class Options:
    #: ``"struct.field"`` (or ``"union.arm"``) -> `Override`.
    overrides: Mapping[str, Override] = field(default_factory=dict)
    #: Linked-list node structs whose one non-``next`` field IS the element (RFC 1833's
    #: ``rp__list { rpcb rpcb_map; rp__list *rpcb_next; }``): the list becomes list[rpcb].
    unwrap_list_nodes: frozenset[str] = frozenset()
    #: ``union X switch (bool b) { case TRUE: T v; case FALSE/default: void; }`` decodes to
    #: ``T | None`` (`rpc.xdr.Optional`): the same wire form as ``T *``, and None is the one
    #: natural "absent" value (RFC 1813's post_op_attr, set_mode3, ...).
    bool_unions_as_optional: bool = True


@dataclass(frozen=True)
class Target:
    """One .x file and the Python module generated from it (paths relative to the tree root)."""

    source: str
    output: str
    options: Options = field(default_factory=Options)
