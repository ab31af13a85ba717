"""NFSv4 leases: renewal and expiry of client records (sans-I/O; RFC 8881 8.3, RFC 7530 9.5).

Rules:

- A client's lease is renewed by any SEQUENCE of one of its sessions (4.1+; RFC 8881 8.3)
  and by RENEW or any op naming its clientid or its state (4.0; RFC 7530 9.5).
- A confirmed client whose lease ran out (lease_time seconds without renewal) is expired:
  `ClientTable.expire` frees its sessions and, through the callbacks the owners of opens
  and locks registered, all its state.  knfsd's laundromat does the same, with no
  "courtesy" grace for expired clients here.
- An unconfirmed record that was never confirmed within a lease is dropped too (knfsd
  expires unconfirmed clients on the same clock).
- Nothing here sleeps: `Leases.sweep` is called by a timer at the server's edge and says
  when it wants to be called next.
"""

from __future__ import annotations

from nfsrdma.nfs4.state.clients import Client, ClientTable

__all__ = ["MIN_SWEEP", "Leases"]

#: Shortest wait between two sweeps (seconds): a client expires at most this late, and a
#: burst of renewals never turns the timer into a busy loop.
MIN_SWEEP = 0.5


class Leases:
    """Lease bookkeeping over one `ClientTable` (its clock and lease_time)."""

    __slots__ = ("clients",)

    def __init__(self, clients: ClientTable) -> None:
        self.clients = clients

    @property
    def lease_time(self) -> float:
        return self.clients.lease_time

    def renew(self, clp: Client) -> None:
        """Start a new lease period for `clp` (SEQUENCE, RENEW, a 4.0 stateful op)."""
        clp.renewed = self.clients.clock()

    def renew_clientid(self, clientid: int) -> Client:
        """RENEW (RFC 7530 16.29): renew the confirmed client `clientid`.

        Raises Nfs4Error(STALE_CLIENTID) when there is no such confirmed client (never
        confirmed, expired, or of another boot): knfsd answers so too.
        """
        clp = self.clients.get(clientid)
        self.renew(clp)
        return clp

    def remaining(self, clp: Client) -> float:
        """Seconds left in `clp`'s lease (negative once it ran out)."""
        return clp.renewed + self.lease_time - self.clients.clock()

    def sweep(self) -> float:
        """Expire every client (confirmed or not) whose lease ran out.

        Returns: seconds until the next sweep is due (the earliest remaining lease, at
        least MIN_SWEEP, at most lease_time).
        """
        nxt = self.lease_time
        for clp in self.clients.confirmed() + self.clients.unconfirmed():
            left = self.remaining(clp)
            if left <= 0:
                self.clients.expire(clp)
            else:
                nxt = min(nxt, left)
        return max(nxt, MIN_SWEEP)
