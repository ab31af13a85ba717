"""rpc: XDR codec, RPC call/reply (RFC 5531), auth, dispatcher, duplicate request cache."""

from rpc.auth import Cred
from rpc.buffer import BytesPayload, RpcBuffer, XdrReader, XdrWriter
from rpc.dispatch import CallContext, CallObserver, Dispatcher, Procedure, Program, Version
from rpc.drc import ReplyCache
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
    "CallContext",
    "CallObserver",
    "Cred",
    "Dispatcher",
    "GarbageArgs",
    "MalformedHeader",
    "NotACall",
    "ProcUnavail",
    "Procedure",
    "ProgMismatch",
    "ProgUnavail",
    "Program",
    "ReplyCache",
    "RpcBuffer",
    "RpcError",
    "RpcInternalError",
    "RpcMismatch",
    "RpcProtocolError",
    "SystemErr",
    "Version",
    "XdrEncodeError",
    "XdrError",
    "XdrReader",
    "XdrWriter",
]
