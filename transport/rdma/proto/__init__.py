"""RPC-over-RDMA Version 1 protocol, sans-I/O: transport headers, chunk lists, CM private data.

Bytes in, values out. Nothing here posts, maps, awaits or logs; ``rw``, ``conn`` and ``listen``
act on what these functions describe. Kernel counterparts: ``svc_rdma_pcl.c`` (Pcl, Chunk,
Segment, region walks) and the ``xdr_check_*`` functions of ``svc_rdma_recvfrom.c``.
"""

from transport.rdma.proto._const import (
    FIXED_HEADER_SIZE,
    READ_SEGMENT_SIZE,
    RPCRDMA_VERSION,
    SEGMENT_SIZE,
    ErrorCode,
    Proc,
    xdr_align,
    xdr_pad,
)
from transport.rdma.proto._credits import DEFAULT_MAX_CREDITS, grant_credits
from transport.rdma.proto._header import (
    DEFAULT_LIMITS,
    MAX_PAYLOAD,
    Decision,
    ErrorReply,
    HeaderError,
    Limits,
    Reason,
    TransportHeader,
    check_read_list,
    check_read_positions,
    check_reply_chunk,
    check_write_list,
    decode_header,
    decode_reply_header,
    encode_call_header,
    encode_error,
    encode_reply_header,
    parse_read_list,
    parse_reply_chunk,
    parse_write_list,
)
from transport.rdma.proto._pcl import (
    EMPTY_PCL,
    Chunk,
    ChunkRegion,
    InlineRegion,
    Pcl,
    ReadSegment,
    Region,
    ResultPayload,
    Segment,
    SegmentSpan,
    call_regions,
    reply_regions,
    split_chunk,
    written_segments,
)
from transport.rdma.proto._private_data import (
    NO_PRIVATE_DATA,
    RPCRDMA_CMP_F_SND_W_INV_OK,
    RPCRDMA_CMP_MAGIC,
    RPCRDMA_CMP_VERSION,
    PrivateData,
    decode_private_data,
    encode_private_data,
)

# Wire names, as RFC 8166 §4.1.2 spells them.
RDMA_MSG = Proc.RDMA_MSG
RDMA_NOMSG = Proc.RDMA_NOMSG
RDMA_MSGP = Proc.RDMA_MSGP
RDMA_DONE = Proc.RDMA_DONE
RDMA_ERROR = Proc.RDMA_ERROR
ERR_VERS = ErrorCode.ERR_VERS
ERR_CHUNK = ErrorCode.ERR_CHUNK

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_CREDITS",
    "EMPTY_PCL",
    "ERR_CHUNK",
    "ERR_VERS",
    "FIXED_HEADER_SIZE",
    "MAX_PAYLOAD",
    "NO_PRIVATE_DATA",
    "RDMA_DONE",
    "RDMA_ERROR",
    "RDMA_MSG",
    "RDMA_MSGP",
    "RDMA_NOMSG",
    "READ_SEGMENT_SIZE",
    "RPCRDMA_CMP_F_SND_W_INV_OK",
    "RPCRDMA_CMP_MAGIC",
    "RPCRDMA_CMP_VERSION",
    "RPCRDMA_VERSION",
    "SEGMENT_SIZE",
    "Chunk",
    "ChunkRegion",
    "Decision",
    "ErrorCode",
    "ErrorReply",
    "HeaderError",
    "InlineRegion",
    "Limits",
    "Pcl",
    "PrivateData",
    "Proc",
    "ReadSegment",
    "Reason",
    "Region",
    "ResultPayload",
    "Segment",
    "SegmentSpan",
    "TransportHeader",
    "call_regions",
    "check_read_list",
    "check_read_positions",
    "check_reply_chunk",
    "check_write_list",
    "decode_header",
    "decode_private_data",
    "decode_reply_header",
    "encode_call_header",
    "encode_error",
    "encode_private_data",
    "encode_reply_header",
    "grant_credits",
    "parse_read_list",
    "parse_reply_chunk",
    "parse_write_list",
    "reply_regions",
    "split_chunk",
    "written_segments",
    "xdr_align",
    "xdr_pad",
]
