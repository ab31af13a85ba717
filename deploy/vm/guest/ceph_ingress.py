"""The service address of run-e2e --ceph's failover: a TCP forwarder in front of the gateways.

usage: python3 ceph_ingress.py LISTEN_ADDR PORT TARGET_FILE

Clients mount LISTEN_ADDR:PORT; each new connection is forwarded to the gateway named in
TARGET_FILE ("ADDR:PORT", re-read for every connection).  Moving the service address from
gateway A to gateway B is writing B into the file: the connections to A died with A, and the
client's reconnect lands on B.  While the target refuses (A is dead, the address not yet
moved) a new connection is held and the file re-read every half second for up to
HOLD_SECONDS, as a client's SYNs to an address in transit go unanswered until it is up
again; then it is closed (the client retries).

This plays the part of Ceph's "ingress" (haproxy in front of the NFS gateways, keepalived
moving its address) inside one guest, where two processes cannot listen on one address and
port and the image has no NAT tools.  TCP only: RDMA connections cannot be forwarded.
Prints one line per connection forwarded or given up.
"""

from __future__ import annotations

import asyncio
import sys
import time

HOLD_SECONDS = 180.0


async def _pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
    try:
        while data := await src.read(1 << 16):
            dst.write(data)
            await dst.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        dst.close()


async def _serve(listen: str, port: int, target_file: str) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        t0 = time.monotonic()
        while True:
            with open(target_file) as f:
                target = f.read().strip()
            host, _, tport = target.rpartition(":")
            try:
                r2, w2 = await asyncio.open_connection(host, int(tport))
                break
            except OSError as e:
                if time.monotonic() - t0 > HOLD_SECONDS:
                    print(f"ingress: {peer} -> {target}: {e}; given up", flush=True)
                    writer.close()
                    return
                await asyncio.sleep(0.5)
        print(f"ingress: {peer} -> {target} (held {time.monotonic() - t0:.1f} s)", flush=True)
        await asyncio.gather(_pipe(reader, w2), _pipe(r2, writer))

    server = await asyncio.start_server(handle, listen, port, reuse_address=True)
    print(f"ingress: listening on {listen}:{port}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    asyncio.run(_serve(argv[0], int(argv[1]), argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
