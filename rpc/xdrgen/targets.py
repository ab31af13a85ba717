"""Every generated module: its .x source, its output path and its generator options.

Outputs for RPC itself live under rpc/gen/; NFS-side programs under nfsrdma/gen/, because rpc
never imports NFS.  Each option says why it departs from the plain RFC mapping.
"""

from __future__ import annotations

from rpc.xdrgen.options import Options, Override, Target

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
]
