"""RPC clients (tests and benchmarks): TCP here; RDMA alongside."""

from transport.client._base import (
    AuthSys,
    Reply,
    RpcAcceptError,
    RpcDenied,
    RpcError,
    RpcTimeout,
)
from transport.client.tcp import RpcTcpClient

__all__ = [
    "AuthSys",
    "Reply",
    "RpcAcceptError",
    "RpcDenied",
    "RpcError",
    "RpcTcpClient",
    "RpcTimeout",
]
