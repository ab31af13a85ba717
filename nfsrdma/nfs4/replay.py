"""NFSv4.0 retransmissions of namespace changes: a duplicate request cache for the COMPOUNDs
no seqid protects (as NFSv3's DRC; Ganesha keeps one for 4.0, knfsd does not).

Operation: 4.0 replays OPEN, CLOSE, LOCK & co through their owners' seqids (`nfs4.ops.open`,
`nfs4.ops.lock`) and 4.1+ every COMPOUND through its session slot, but a 4.0 CREATE, REMOVE,
RENAME, LINK or SETATTR carries nothing of the kind: run twice, a retransmitted mkdir answers
EXIST to a client whose first reply was lost (pynfs RPLY14).  `Nfs40Drc` hands exactly those
COMPOUNDs to the DRC of `rpc.replay` (keyed by xid, client address and an argument checksum)
and runs every other call as it comes.  Which ones: it reads the COMPOUND's header and its op
numbers, decoding the arguments of the ops before the first namespace op only to step over
them; it stops at the first READ or WRITE (their data would make the DRC copy payloads, and
neither needs it), at the first op it cannot read (the COMPOUND's own decode reports it), and
after `SCAN_OPS` ops.
"""

from __future__ import annotations

import struct

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from rpc.buffer import RpcBuffer, XdrReader
from rpc.errors import XdrError
from rpc.replay import DrcPolicy, Execute, ReplayCall

__all__ = ["CACHED_OPS", "SCAN_OPS", "Nfs40Drc", "needs_drc"]

#: The 4.0 ops whose retransmission must not run again and that no seqid protects.
CACHED_OPS = frozenset({O.OP_CREATE, O.OP_REMOVE, O.OP_RENAME, O.OP_LINK, O.OP_SETATTR})
#: Ops that end the scan: their arguments or results carry payloads.
PAYLOAD_OPS = frozenset({O.OP_READ, O.OP_WRITE})
#: How many ops the scan reads at most: a namespace change comes within the first few
#: (PUTFH, LOOKUP..., SAVEFH, CREATE, GETFH, GETATTR); a longer prefix is not worth decoding.
SCAN_OPS = 16

_U32 = struct.Struct(">I")
_U32X2 = struct.Struct(">II")


def needs_drc(reader: XdrReader) -> bool:
    """Is the COMPOUND whose arguments start at ``reader.pos`` a 4.0 one with a namespace
    change in its first `SCAN_OPS` ops (module docstring)?  The reader is not moved.
    Never raises: arguments that do not decode are the COMPOUND's to report."""
    data, pos = reader.data, reader.pos
    try:
        (n,) = _U32.unpack_from(data, pos)  # the tag's length
        pos += 4 + ((n + 3) & ~3)
        minor, count = _U32X2.unpack_from(data, pos)
        if minor != 0:
            return False  # 4.1+: the session slots replay
        pos += 8
        r: XdrReader | None = None
        arms = p.nfs_argop4_xdr.arms
        for _ in range(min(count, SCAN_OPS)):
            (opnum,) = _U32.unpack_from(data, pos)
            pos += 4
            if opnum in CACHED_OPS:
                return True
            if opnum == O.OP_PUTFH:  # the usual first op: an opaque, stepped over
                (n,) = _U32.unpack_from(data, pos)
                pos += 4 + ((n + 3) & ~3)
                continue
            arm = arms.get(opnum)
            if arm is None or opnum in PAYLOAD_OPS:
                return False
            if r is None:
                r = XdrReader(data)
            r.pos = pos
            arm[1].decode(r)
            pos = r.pos
    except (XdrError, struct.error, IndexError, ValueError):
        return False  # short or garbled: the COMPOUND's own decode reports it
    return False


class Nfs40Drc:
    """The reply-cache policy of NFS version 4 (`rpc.replay.ReplyPolicy`)."""

    __slots__ = ("drc",)

    def __init__(self, drc: DrcPolicy | None = None) -> None:
        self.drc = drc if drc is not None else DrcPolicy([p.NFSPROC4_COMPOUND])

    async def process(self, call: ReplayCall, execute: Execute) -> tuple[RpcBuffer | None, str]:
        if call.proc == p.NFSPROC4_COMPOUND and needs_drc(call.reader):
            return await self.drc.process(call, execute)
        return await execute()
