"""RPC clients (tests, benchmarks, callbacks' peers): TCP here; RDMA alongside.

The call codec, credentials and errors are the rpc layer's (`rpc.client`, `rpc.auth`,
`rpc.errors`); they are re-exported here for the clients' users.
"""

from rpc.auth import AuthSys
from rpc.client import Reply
from rpc.errors import RpcAcceptError, RpcDenied, RpcError, RpcTimeout
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
