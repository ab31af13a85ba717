"""rpc: XDR codec, RPC call/reply (RFC 5531), auth, dispatcher, duplicate request cache."""

from rpc.buffer import BytesPayload, RpcBuffer, XdrReader, XdrWriter
from rpc.errors import (
    AuthError,
    GarbageArgs,
    MalformedHeader,
    NotACall,
    ProcUnavail,
    ProgMismatch,
    ProgUnavail,
    RpcError,
    RpcInternalError,
    RpcMismatch,
    RpcProtocolError,
    SystemErr,
    XdrEncodeError,
    XdrError,
)

__all__ = [
    "AuthError",
    "BytesPayload",
    "GarbageArgs",
    "MalformedHeader",
    "NotACall",
    "ProcUnavail",
    "ProgMismatch",
    "ProgUnavail",
    "RpcBuffer",
    "RpcError",
    "RpcInternalError",
    "RpcMismatch",
    "RpcProtocolError",
    "SystemErr",
    "XdrEncodeError",
    "XdrError",
    "XdrReader",
    "XdrWriter",
]
