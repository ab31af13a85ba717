"""RPC over TCP: record marking (RFC 5531 §11) and the asyncio server."""

from transport.tcp.record import (
    DEFAULT_MAX_RECORD,
    NEED_DATA,
    NeedExtent,
    Record,
    RecordError,
    RecordParser,
    encode_mark,
)
from transport.tcp.server import CallDispatcher, RpcConnection, TcpRpcServer

__all__ = [
    "DEFAULT_MAX_RECORD",
    "NEED_DATA",
    "CallDispatcher",
    "NeedExtent",
    "Record",
    "RecordError",
    "RecordParser",
    "RpcConnection",
    "TcpRpcServer",
    "encode_mark",
]
