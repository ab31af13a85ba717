"""RFC 8797 CM private data: exact bytes, round trips, and the defaults for anything else."""

from __future__ import annotations

import pytest

from transport.rdma.proto import (
    NO_PRIVATE_DATA,
    PrivateData,
    decode_private_data,
    encode_private_data,
)

# fmt: off
# The kernel client's usual advertisement: 4 KiB both ways, Send With Invalidate accepted.
LINUX_CLIENT = bytes.fromhex(
    "f6ab0e18"  # format identifier
    "01"        # version 1
    "01"        # flags: RPCRDMA_CMP_F_SND_W_INV_OK
    "03"        # send size: (4096 / 1024) - 1
    "03"        # receive size
)
# fmt: on


def test_encode_example() -> None:
    assert encode_private_data(4096, 4096, remote_invalidation=True) == LINUX_CLIENT
    assert encode_private_data(1024, 256 * 1024) == bytes.fromhex("f6ab0e18010000ff")


def test_decode_example() -> None:
    pd = decode_private_data(LINUX_CLIENT)
    assert pd == PrivateData(1, True, 4096, 4096)
    assert pd is not NO_PRIVATE_DATA


@pytest.mark.parametrize("inv", [False, True])
@pytest.mark.parametrize(("send", "recv"), [(1024, 1024), (4096, 8192), (262144, 2048)])
def test_round_trip(send: int, recv: int, inv: bool) -> None:
    assert decode_private_data(encode_private_data(send, recv, inv)) == PrivateData(
        1, inv, send, recv
    )


def test_ib_cm_zero_padding_is_ignored() -> None:
    # InfiniBand CM delivers private data padded with zeros to a fixed length.
    assert decode_private_data(LINUX_CLIENT + bytes(48)) == PrivateData(1, True, 4096, 4096)


def test_unknown_flag_bits_are_ignored() -> None:
    assert decode_private_data(bytes.fromhex("f6ab0e1801fe0303")) == PrivateData(
        1, False, 4096, 4096
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        b"",
        LINUX_CLIENT[:7],  # short
        bytes.fromhex("f6ab0e1902010303"),  # another format identifier
        bytes.fromhex("f6ab0e1802010303"),  # version 2
        bytes.fromhex("180eabf601010303"),  # identifier in the wrong byte order
        bytes(56),  # all zeros (an empty IB CM private data area)
    ],
)
def test_absent_or_garbage_means_rfc8166_defaults(data: bytes | None) -> None:
    pd = decode_private_data(data)
    assert pd is NO_PRIVATE_DATA
    assert (pd.inline_send_size, pd.inline_recv_size, pd.remote_invalidation) == (1024, 1024, False)


@pytest.mark.parametrize(("send", "recv"), [(0, 1024), (1000, 1024), (1024, 1536), (1024, 263168)])
def test_encode_refuses_unrepresentable_sizes(send: int, recv: int) -> None:
    with pytest.raises(ValueError, match="multiple of 1 KiB"):
        encode_private_data(send, recv)


def test_encode_refuses_version_over_a_byte() -> None:
    with pytest.raises(ValueError, match="one byte"):
        encode_private_data(1024, 1024, version=256)
