"""Fuzz targets: every decoder a peer's bytes reach before any NFS code runs, and every
procedure's argument decoder.

Operation: a target is ``fn(data: bytes) -> None``.  It feeds ``data`` to one decoder and lets
through only the outcomes that decoder's contract allows (a value, or its documented error:
`RecordError`, an `RpcError` the dispatcher turns into a reply, `XdrError` for
GARBAGE_ARGS, a `HeaderError` value for RDMA_ERROR).  Anything else escaping (IndexError,
struct.error, a RecursionError, a value that does not re-encode to what was read) is a bug:
the fuzzer reports it as a crash.  The argument targets are one loop over the generated
procedure tables: the first input byte picks the procedure, the rest is its arguments,
decoded with the very codec the server registers (NFSv4: the op-by-op COMPOUND decoder).

`SEEDS` gives each target a few valid and edge-case inputs to start from; the corpus and
crasher directories beside this file hold what campaigns found (see README.md).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from nfsrdma.gen import mount_prot, nfs3_prot, nfs4_prot, nlm_prot, rpcb_prot, sm_inter
from nfsrdma.nfs4.compound import COMPOUND4args_codec, CompoundArgs
from rpc.auth import AUTH_SYS, authenticate, build_authsys_cred
from rpc.buffer import XdrReader, XdrWriter
from rpc.errors import RpcError, XdrError
from rpc.msg import decode_call_header, encode_call
from rpc.xdr import XdrType
from rpc.xprt import classify
from transport.rdma.proto import (
    Chunk,
    HeaderError,
    Limits,
    Proc,
    Segment,
    TransportHeader,
    classify_at_responder,
    decode_header,
    decode_private_data,
    decode_reply_header,
    encode_call_header,
    reverse_credits,
)
from transport.rdma.proto import Direction as RdmaDirection
from transport.tcp.record import NEED_DATA, NeedExtent, Record, RecordError, RecordParser

__all__ = ["SEEDS", "TARGETS", "FuzzBug"]

Target = Callable[[bytes], None]


class FuzzBug(AssertionError):
    """A decoder broke its contract on this input (what the fuzzer reports as a crash)."""


# -- record marking ---------------------------------------------------------------------------

#: A small record limit, so the fuzzer reaches "oversized" with short inputs.
_RECORD_LIMIT = 1 << 12


class _Extent:
    """A stand-in for pool pages: counts its releases."""

    __slots__ = ("buf", "released")

    def __init__(self, n: int) -> None:
        self.buf = bytearray(n)
        self.released = 0

    def release(self) -> None:
        self.released += 1


def fuzz_record(data: bytes) -> None:
    """Record marking (RFC 5531 section 11) fed in pieces: the first byte sets the piece size,
    so the fuzzer explores marks and bodies split anywhere."""
    if not data:
        return
    step = data[0] % 16 + 1
    stream = memoryview(data)[1:]
    parser = RecordParser(_RECORD_LIMIT)
    extents: list[_Extent] = []
    at = 0
    got = 0
    try:
        while at < len(stream):
            buf = parser.get_buffer()
            n = min(len(buf), step, len(stream) - at)
            buf[:n] = stream[at:at + n]
            at += n
            ev = parser.buffer_updated(n)
            while ev is not NEED_DATA:  # one receive may end a record and start the next
                if isinstance(ev, NeedExtent):
                    if not 0 < ev.nbytes <= _RECORD_LIMIT:
                        raise FuzzBug(f"extent of {ev.nbytes} bytes asked for")
                    # room after the record, as a pool page has: the parser's lookahead
                    ext = _Extent(ev.nbytes + data[0] % 64)
                    extents.append(ext)
                    parser.provide_extent(ext, memoryview(ext.buf))
                elif isinstance(ev, Record):
                    if not 0 < len(ev.view) <= _RECORD_LIMIT:
                        raise FuzzBug(f"record of {len(ev.view)} bytes")
                    got += len(ev.view)
                    ev.owner.release()
                else:
                    raise FuzzBug(f"unexpected event {ev!r}")
                ev = parser.next_event()
    except RecordError:
        pass
    parser.discard()
    if got > len(stream):
        raise FuzzBug(f"{got} record bytes out of {len(stream)} input bytes")
    if any(e.released != 1 for e in extents):
        raise FuzzBug("an extent was not released exactly once")


# -- RPC call header --------------------------------------------------------------------------


def fuzz_rpc_call(data: bytes) -> None:
    """The RPC call header (RFC 5531 section 9), the CALL/REPLY sort every transport does
    first, and the credential check the dispatcher runs."""
    classify(data)
    reader = XdrReader(data)
    try:
        hdr = decode_call_header(reader)
    except RpcError:
        return
    if not 24 <= reader.pos <= len(data):
        raise FuzzBug(f"reader left at {reader.pos} of {len(data)}")
    try:
        authenticate(hdr.cred.flavor, hdr.cred.body, hdr.verf, None, hdr.xid)
    except RpcError:
        return


# -- RPC-over-RDMA header ---------------------------------------------------------------------

_LIMITS = Limits(inline_size=4096)


def fuzz_rdma_header(data: bytes) -> None:
    """The RPC-over-RDMA header as the server decodes each Receive (RFC 8166 section 4): the
    reverse-direction sort, then `decode_header`, which must answer a value for any bytes;
    also the requester's reply decoder and the CM private data (RFC 8797)."""
    if classify_at_responder(data) is RdmaDirection.REVERSE_REPLY:
        reverse_credits(data)
    hdr = decode_header(data, _LIMITS)
    if isinstance(hdr, TransportHeader):
        if hdr.inline_offset + hdr.inline_length > len(data):
            raise FuzzBug("inline region past the message")
        for pcl in (hdr.read_pcl, hdr.write_pcl, hdr.reply_pcl, hdr.call_pcl):
            for chunk in pcl.chunks:
                if chunk.length != sum(s.length for s in chunk.segments):
                    raise FuzzBug("chunk length is not the sum of its segments")
    elif not isinstance(hdr, HeaderError):
        raise FuzzBug(f"decode_header returned {type(hdr).__name__}")
    decode_reply_header(data, _LIMITS)
    decode_private_data(data[:56])


# -- procedure arguments ----------------------------------------------------------------------


def _procs(*tables: dict[int, tuple[str, XdrType, XdrType]]) -> list[tuple[str, XdrType]]:
    return [(name, args) for table in tables for _, (name, args, _) in sorted(table.items())]


_NFS3 = _procs(nfs3_prot.NFS_V3_PROCEDURES)
_MOUNT = _procs(mount_prot.MOUNT_V3_PROCEDURES)
_NLM = _procs(nlm_prot.NLM_VERS_PROCEDURES, nlm_prot.NLM_VERSX_PROCEDURES,
              nlm_prot.NLM4_VERS_PROCEDURES, sm_inter.SM_VERS_PROCEDURES)
_RPCB = _procs(rpcb_prot.PMAP_VERS_PROCEDURES, rpcb_prot.RPCBVERS_PROCEDURES,
               rpcb_prot.RPCBVERS4_PROCEDURES)
_NFS4: list[tuple[str, XdrType]] = [("NULL", nfs4_prot.NFS_V4_PROCEDURES[0][1]),
                                    ("COMPOUND", COMPOUND4args_codec),
                                    *_procs(nfs4_prot.NFS_CB_PROCEDURES)]


def _args_target(procs: list[tuple[str, XdrType]]) -> Target:
    def target(data: bytes) -> None:
        if not data:
            return
        name, codec = procs[data[0] % len(procs)]
        try:
            value = codec.decode(XdrReader(data[1:]))
        except XdrError:
            return  # GARBAGE_ARGS (or BADXDR inside a COMPOUND): the contract
        # What was decoded must encode, and encoding what that decodes to must give the same
        # bytes: the generated encoder and decoder agree on every value the decoder accepts.
        if isinstance(value, CompoundArgs):
            if value.bad is not None or value.count != len(value.ops):
                return  # a partial COMPOUND is answered op by op, never re-encoded
        first = _encode(name, codec, value)
        if _encode(name, codec, codec.decode(XdrReader(first))) != first:
            raise FuzzBug(f"{name}: encode(decode(encode(x))) != encode(x)")
    return target


def _encode(name: str, codec: XdrType, value: Any) -> bytes:
    w = XdrWriter()
    try:
        codec.encode(w, value)
    except XdrError as e:
        raise FuzzBug(f"{name}: a decoded value does not encode: {e}") from None
    return w.finish().tobytes()  # payloads (WRITE data) included, in place


fuzz_nfs3_args = _args_target(_NFS3)
fuzz_mount_args = _args_target(_MOUNT)
fuzz_nlm_args = _args_target(_NLM)
fuzz_nfs4_args = _args_target(_NFS4)
fuzz_rpcb_args = _args_target(_RPCB)

TARGETS: dict[str, Target] = {
    "record": fuzz_record,
    "rpc_call": fuzz_rpc_call,
    "rdma_header": fuzz_rdma_header,
    "nfs3_args": fuzz_nfs3_args,
    "mount_args": fuzz_mount_args,
    "nlm_args": fuzz_nlm_args,
    "nfs4_args": fuzz_nfs4_args,
    "rpcb_args": fuzz_rpcb_args,
}


# -- seeds ------------------------------------------------------------------------------------


def _rpc_call(xid: int = 1, prog: int = 100003, vers: int = 3, proc: int = 0,
              args: bytes = b"") -> bytes:
    w = XdrWriter()
    cred = build_authsys_cred(1000, 1000, (1000, 10), b"client")
    encode_call(w, xid, prog, vers, proc, cred)
    return bytes(w.buf) + args


def _record_seeds() -> list[bytes]:
    call = _rpc_call()
    one = struct.pack(">I", 0x8000_0000 | len(call)) + call
    two = (struct.pack(">I", 10) + call[:10]
           + struct.pack(">I", 0x8000_0000 | (len(call) - 10)) + call[10:])
    return [b"\x03" + one, b"\x00" + two + one, b"\x07" + struct.pack(">I", 0x8000_0000),
            b"\x0f" + struct.pack(">I", 0xFFFF_FFFF)]


def _rdma_seeds() -> list[bytes]:
    seg = Segment(0x1234, 4096, 0x7F00_0000_1000)
    call = _rpc_call(xid=7)
    return [
        encode_call_header(7, 32, Proc.RDMA_MSG, (), (), None) + call,
        encode_call_header(7, 32, Proc.RDMA_MSG, (Chunk(64, (seg,)),), (Chunk(0, (seg,)),),
                           Chunk(0, (seg, seg))) + call,
        encode_call_header(7, 32, Proc.RDMA_NOMSG, (Chunk(0, (seg,)),), (), None),
        struct.pack(">7I", 7, 1, 2, 0, 0, 0, 0) + struct.pack(">3I", 7, 1, 0),  # reverse reply
        struct.pack(">4I", 7, 2, 32, 0),  # wrong version
    ]


def _args_seeds(procs: list[tuple[str, XdrType]]) -> list[bytes]:
    return [bytes([i]) + bytes(n) for i in range(len(procs)) for n in (0, 8, 64)]


def _nfs4_seeds() -> list[bytes]:
    p = nfs4_prot
    o = p.nfs_opnum4
    ops = [p.nfs_argop4(o.OP_PUTROOTFH, None),
           p.nfs_argop4(o.OP_LOOKUP, p.LOOKUP4args(b"export")),
           p.nfs_argop4(o.OP_GETATTR, p.GETATTR4args([0x0010011A, 0x00B0A23A]))]
    compound = p.COMPOUND4args_xdr.pack(p.COMPOUND4args(b"tag", 1, ops))
    return [b"\x01" + compound, *_args_seeds(_NFS4)]


SEEDS: dict[str, list[bytes]] = {
    "record": _record_seeds(),
    "rpc_call": [_rpc_call(), _rpc_call(proc=6, args=bytes(40)),
                 _rpc_call()[:30], struct.pack(">6I", 1, 0, 3, 100003, 3, 0)],
    "rdma_header": _rdma_seeds(),
    "nfs3_args": _args_seeds(_NFS3),
    "mount_args": _args_seeds(_MOUNT),
    "nlm_args": _args_seeds(_NLM),
    "nfs4_args": _nfs4_seeds(),
    "rpcb_args": _args_seeds(_RPCB),
}

assert AUTH_SYS == 1  # the seeds' credentials are AUTH_SYS
