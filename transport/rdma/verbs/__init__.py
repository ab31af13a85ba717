"""Verbs providers behind one small interface (see ``_api``).

``soft``: a software RC fabric for tests, no kernel and no device.
``pyverbs``: real devices (rxe, RoCE, IB) through Debian's python3-pyverbs and librdmacm.
``select_provider("auto")`` picks pyverbs when a device exists, else soft.
"""

from __future__ import annotations

from ._api import (
    Access,
    CompletionQueue,
    Connection,
    ConnectRequest,
    Device,
    DeviceAttrs,
    Listener,
    MemoryRegion,
    NoDeviceError,
    ProtectionDomain,
    Provider,
    QpInit,
    QpState,
    QueuePair,
    RecvWR,
    RejectedError,
    SendQueue,
    SendWR,
    Sge,
    VerbsError,
    WcOpcode,
    WcStatus,
    WorkCompletion,
    WrOpcode,
    buffer_address,
)

__all__ = [
    "Access",
    "CompletionQueue",
    "ConnectRequest",
    "Connection",
    "Device",
    "DeviceAttrs",
    "Listener",
    "MemoryRegion",
    "NoDeviceError",
    "ProtectionDomain",
    "Provider",
    "QpInit",
    "QpState",
    "QueuePair",
    "RecvWR",
    "RejectedError",
    "SendQueue",
    "SendWR",
    "Sge",
    "VerbsError",
    "WcOpcode",
    "WcStatus",
    "WorkCompletion",
    "WrOpcode",
    "buffer_address",
    "select_provider",
]


def select_provider(name: str = "auto") -> Provider:
    """Return a provider by name: "soft", "pyverbs", or "auto" (pyverbs when an RDMA device
    is present, else soft).

    **Raises:** NoDeviceError for "pyverbs" without a usable device or bindings; ValueError
    for an unknown name.
    """
    if name == "soft":
        from .soft import SoftProvider

        return SoftProvider()
    if name in ("pyverbs", "auto"):
        try:
            from .pyverbs_provider import PyverbsProvider

            provider = PyverbsProvider()
            provider.list_devices()  # raises NoDeviceError when there is none
            return provider
        except NoDeviceError:
            if name == "pyverbs":
                raise
        from .soft import SoftProvider

        return SoftProvider()
    raise ValueError(f"unknown verbs provider {name!r} (auto, pyverbs, soft)")
