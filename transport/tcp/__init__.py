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

__all__ = [
    "DEFAULT_MAX_RECORD",
    "NEED_DATA",
    "NeedExtent",
    "Record",
    "RecordError",
    "RecordParser",
    "encode_mark",
]
