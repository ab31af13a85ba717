"""Every generated module: its .x source, its output path and its generator options.

Outputs for RPC itself live under rpc/gen/; NFS-side programs under nfsrdma/gen/, because rpc
never imports NFS.  Each option says why it departs from the plain RFC mapping.
"""

from __future__ import annotations

from rpc.xdrgen.options import PAYLOAD, Options, Override, Target

__all__ = ["TARGETS"]

TARGETS: list[Target] = [
    Target(
        "xdr/rpc_prot.x",
        "rpc/gen/rpc_prot.py",
        Options(
            overrides={
                # RFC 5531 declares "auth_flavor flavor"; decoding it as an enum would drop a
                # call with an unknown flavor as garbage, where section 9 wants AUTH_ERROR.
                "opaque_auth.flavor": Override(
                    "_x.UInt32", "int", "unknown flavors decode (answered with AUTH_ERROR)"
                ),
            }
        ),
    ),
    Target(
        "xdr/nfs3_prot.x",
        "nfsrdma/gen/nfs3_prot.py",
        Options(
            overrides={
                # READ/WRITE data never becomes bytes: storage's pool pages go out (and come
                # in) as a bvec list, through the client's Write/Read chunk on RDMA.
                "READ3resok.data": PAYLOAD,
                "WRITE3args.data": PAYLOAD,
                # RFC 1813 leaves nfspath3 unbounded; a symlink target is at most PATH_MAX, so
                # a longer one is refused while decoding (GARBAGE_ARGS), before any storage call.
                "nfspath3": Override(
                    '_x.String(4096, name="nfspath3")', "bytes", "at most PATH_MAX (4096) bytes"
                ),
            }
        ),
    ),
    Target("xdr/mount_prot.x", "nfsrdma/gen/mount_prot.py"),
    Target(
        "xdr/rpcb_prot.x",
        "nfsrdma/gen/rpcb_prot.py",
        Options(
            # RFC 1833's list nodes wrap one value ("rp__list { rpcb rpcb_map; rp__list
            # *rpcb_next; }"): a list of rpcb is what the handlers build and read.
            unwrap_list_nodes=frozenset({"pmaplist", "rp__list", "rpcb_entry_list"}),
        ),
    ),
    Target(
        "xdr/nfs4_prot.x",
        "nfsrdma/gen/nfs4_prot.py",
        Options(
            overrides={
                # As NFSv3: READ/WRITE data stays pool pages (RFC 8267 5: the nth Write chunk
                # carries the nth READ's data, WRITE data comes by a Read chunk).
                "READ4resok.data": PAYLOAD,
                "WRITE4args.data": PAYLOAD,
                # READ_PLUS's data segments (RFC 7862 15.10) come from storage's pool pages
                # too, and go out with the reply without a copy.
                "data4.d_data": PAYLOAD,
            }
        ),
    ),
    # NLM v1/v3/v4 and NSM: the plain mapping.
    Target("xdr/nlm_prot.x", "nfsrdma/gen/nlm_prot.py"),
    Target("xdr/sm_inter.x", "nfsrdma/gen/sm_inter.py"),
]
