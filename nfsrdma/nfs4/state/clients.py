"""NFSv4 client records: who a client is, its clientid, confirmed or not (sans-I/O).

Rules (RFC 8881 2.4 and 18.35.4, RFC 7530 9.1 and 16.33-16.34; knfsd nfs4state.c):

- A client is named by its owner (co_ownerid / nfs_client_id4.id) and its boot verifier.
  The server names it by a 64-bit clientid: the server's boot epoch in the high word and a
  counter in the low word, so a clientid from before a restart is STALE_CLIENTID, never
  someone else's.
- Records are confirmed or unconfirmed.  At most one of each per owner; a 4.0 callback
  update keeps an unconfirmed record with the *same* clientid as the confirmed one, so the
  two kinds are indexed separately (as knfsd's conf/unconf trees).
- The principal (flavor + identity of the call that made the record) must match on every
  later EXCHANGE_ID / SETCLIENTID / CREATE_SESSION / SETCLIENTID_CONFIRM / DESTROY_CLIENTID.
- EXCHANGE_ID without UPD_CONFIRMED_REC_A: 1 new owner -> new unconfirmed record;
  2 confirmed, same verifier and principal -> that record; 3 confirmed, other principal ->
  CLID_INUSE while it holds state or sessions, else replaced as 1 (knfsd's
  client_has_state: a running lease alone protects nothing); 4 confirmed, other
  verifier (client rebooted) -> a new unconfirmed record, the old one lives until the new
  one is confirmed by CREATE_SESSION; 5 only an unconfirmed record -> dropped, as 1.
  With UPD_CONFIRMED_REC_A: 6 confirmed, same verifier and principal -> updated; 7 other
  verifier -> NOT_SAME; 8 other principal -> PERM; 9 no confirmed record -> NOENT.
- SETCLIENTID: no confirmed record -> new unconfirmed one (new clientid, new confirm
  verifier); confirmed with other principal -> CLID_INUSE while it holds state (as case
  3), else replaced; confirmed, same
  verifier -> a callback update (unconfirmed, same clientid); other verifier -> new clientid.
  SETCLIENTID_CONFIRM: the unconfirmed record whose clientid and confirm verifier match is
  confirmed (a callback update replaces the confirmed record's callback; a reboot expires
  the old confirmed record); a retransmission for an already confirmed record is OK;
  anything else STALE_CLIENTID.
- Freeing a client (lease expiry, DESTROY_CLIENTID, replacement by a rebooted client)
  goes through `ClientTable.expire`, which calls every registered expiry callback, so the
  owners of opens, locks and sessions let go of the client's state in one place.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from typing import Any

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error

__all__ = [
    "Client",
    "ClientTable",
    "Clock",
    "ExpireCallback",
]

#: Monotonic seconds (time.monotonic in production, a fake in tests).
Clock = Callable[[], float]

UPD = p.EXCHGID4_FLAG_UPD_CONFIRMED_REC_A


class Client:
    """One client record.

    ``minor``: 0 for a SETCLIENTID client, 1 for an EXCHANGE_ID one (4.1 and 4.2 alike).
    ``cs_seqid`` / ``cs_reply``: the CREATE_SESSION single-slot cache (RFC 8881 18.36.4).
    ``confirm``: the SETCLIENTID confirm verifier (4.0).  ``renewed``: clock of the last
    lease renewal.  ``sessions``: session ids (owned by `sessions.SessionTable`).
    ``state``: how many state objects (opens, locks) the owner of opens holds for it;
    a client with state is "in use" (CLID_INUSE) and cannot be destroyed.
    """

    __slots__ = (
        "callback",
        "clientid",
        "confirm",
        "confirmed",
        "cs_reply",
        "cs_seqid",
        "expired",
        "flags",
        "minor",
        "owner",
        "principal",
        "reclaim_complete",
        "renewed",
        "sessions",
        "state",
        "verifier",
    )

    def __init__(self, clientid: int, owner: bytes, verifier: bytes, principal: Hashable,
                 minor: int, now: float) -> None:
        self.clientid = clientid
        self.owner = owner
        self.verifier = verifier
        self.principal = principal
        self.minor = minor
        self.confirmed = False
        self.expired = False
        self.flags = 0
        self.confirm = b""
        self.callback: Any = None
        self.cs_seqid = 0
        self.cs_reply: Any = None
        self.renewed = now
        self.sessions: set[bytes] = set()
        self.state = 0
        self.reclaim_complete = False

    def __repr__(self) -> str:
        kind = "confirmed" if self.confirmed else "unconfirmed"
        return f"<Client {self.clientid:#x} {self.owner!r} {kind}>"


#: Called once for every client the table frees, before it is forgotten.
ExpireCallback = Callable[[Client], None]


class ClientTable:
    """All client records of one server instance.

    `epoch` is the server's boot epoch (32 bits; seconds since 1970 at start in production)
    and `verifier_source` makes the 8-byte SETCLIENTID confirm verifiers (os.urandom).
    """

    __slots__ = ("_conf", "_conf_owner", "_counter", "_unconf", "_unconf_owner", "clock",
                 "epoch", "lease_time", "on_expire", "verifier_source")

    def __init__(self, clock: Clock, lease_time: float, epoch: int,
                 verifier_source: Callable[[int], bytes] = os.urandom) -> None:
        self.clock = clock
        self.lease_time = lease_time
        self.epoch = epoch & 0xFFFFFFFF
        self.verifier_source = verifier_source
        # A random start: two instances started within the same second (same epoch) still
        # hand out different clientids, so an old one is STALE_CLIENTID, not someone else's.
        self._counter = int.from_bytes(verifier_source(4), "big")
        self._conf: dict[int, Client] = {}
        self._unconf: dict[int, Client] = {}
        self._conf_owner: dict[bytes, Client] = {}
        self._unconf_owner: dict[bytes, Client] = {}
        #: expiry callbacks (the session table, the owner of opens and locks).
        self.on_expire: list[ExpireCallback] = []

    # -- lookups -----------------------------------------------------------------------------

    def confirmed(self) -> list[Client]:
        return list(self._conf.values())

    def unconfirmed(self) -> list[Client]:
        return list(self._unconf.values())

    def find(self, clientid: int) -> Client | None:
        """The confirmed record with `clientid`, else the unconfirmed one, else None."""
        return self._conf.get(clientid) or self._unconf.get(clientid)

    def get(self, clientid: int) -> Client:
        """The confirmed client `clientid` (what every state-bearing op needs).

        Raises Nfs4Error: STALE_CLIENTID for a clientid of another boot or one not confirmed
        yet; EXPIRED for one of this boot whose record is gone (its lease ran out, it was
        replaced: knfsd's lookup_clientid; pynfs RENEW3).
        """
        clp = self._conf.get(clientid)
        if clp is None:
            if clientid >> 32 == self.epoch and clientid not in self._unconf:
                raise Nfs4Error(S.NFS4ERR_EXPIRED)
            raise Nfs4Error(S.NFS4ERR_STALE_CLIENTID)
        return clp

    @staticmethod
    def in_use(clp: Client) -> bool:
        """A record another principal may not take over (RFC 8881 18.35.4 case 3, RFC 7530
        16.33.5) nor DESTROY_CLIENTID free: it holds state (opens, locks) or sessions.  A
        running lease with nothing under it protects nothing (knfsd's client_has_state), so
        a client that changed its credentials, or lost its sessions, gets a fresh record."""
        return bool(clp.state or clp.sessions)

    # -- records -----------------------------------------------------------------------------

    def _new_clientid(self) -> int:
        self._counter = (self._counter + 1) & 0xFFFFFFFF
        return self.epoch << 32 | self._counter

    def _add(self, clp: Client) -> None:
        table, owners = (self._conf, self._conf_owner) if clp.confirmed else \
            (self._unconf, self._unconf_owner)
        table[clp.clientid] = clp
        owners[clp.owner] = clp

    def _drop(self, clp: Client) -> None:
        table, owners = (self._conf, self._conf_owner) if clp.confirmed else \
            (self._unconf, self._unconf_owner)
        if table.get(clp.clientid) is clp:
            del table[clp.clientid]
        if owners.get(clp.owner) is clp:
            del owners[clp.owner]

    def expire(self, clp: Client) -> None:
        """Forget `clp` and free everything it holds: every expiry callback is called once
        (lease expiry, DESTROY_CLIENTID, a rebooted client's new record confirmed)."""
        if clp.expired:
            return
        clp.expired = True
        self._drop(clp)
        for cb in list(self.on_expire):
            cb(clp)

    def confirm_record(self, clp: Client) -> None:
        """Make the unconfirmed `clp` confirmed; a confirmed record of the same owner (the
        client's previous boot) is expired first (RFC 8881 18.35.4 case 4, 18.36.4)."""
        old = self._conf_owner.get(clp.owner)
        if old is not None and old is not clp:
            self.expire(old)
        self._drop(clp)
        clp.confirmed = True
        clp.renewed = self.clock()
        self._add(clp)

    def _fresh(self, owner: bytes, verifier: bytes, principal: Hashable, minor: int,
               clientid: int | None = None) -> Client:
        clp = Client(self._new_clientid() if clientid is None else clientid, owner, verifier,
                     principal, minor, self.clock())
        self._add(clp)
        return clp

    # -- EXCHANGE_ID (RFC 8881 18.35.4) -------------------------------------------------------

    def exchange_id(self, owner: bytes, verifier: bytes, flags: int,
                    principal: Hashable) -> Client:
        """Apply the EXCHANGE_ID case table (module docstring); returns the record to answer
        with (its ``confirmed`` gives EXCHGID4_FLAG_CONFIRMED_R, ``cs_seqid + 1`` the
        eir_sequenceid).

        Raises Nfs4Error: CLID_INUSE (case 3), NOT_SAME (7), PERM (8), NOENT (9).
        """
        conf = self._conf_owner.get(owner)
        unconf = self._unconf_owner.get(owner)
        if flags & UPD:
            if conf is None:
                raise Nfs4Error(S.NFS4ERR_NOENT)  # case 9
            if conf.principal != principal:
                raise Nfs4Error(S.NFS4ERR_PERM)  # case 8
            if conf.verifier != verifier:
                raise Nfs4Error(S.NFS4ERR_NOT_SAME)  # case 7
            return conf  # case 6
        if conf is not None:
            if conf.principal != principal:
                if self.in_use(conf):
                    raise Nfs4Error(S.NFS4ERR_CLID_INUSE)  # case 3
                self.expire(conf)  # case 3, nothing to protect: as case 1
            elif conf.verifier == verifier:
                if unconf is not None:
                    self.expire(unconf)
                return conf  # case 2
            # case 4: the client rebooted; the old record stays until the new is confirmed
        if unconf is not None:
            self.expire(unconf)  # case 5 (and a retry of case 1 or 4)
        return self._fresh(owner, verifier, principal, 1)

    # -- SETCLIENTID / SETCLIENTID_CONFIRM (RFC 7530 16.33-16.34) ----------------------------

    def setclientid(self, owner: bytes, verifier: bytes, principal: Hashable,
                    callback: Any = None) -> Client:
        """A new unconfirmed 4.0 record with a fresh confirm verifier (module docstring).

        Raises Nfs4Error(CLID_INUSE) when another principal's record is in use.
        """
        conf = self._conf_owner.get(owner)
        unconf = self._unconf_owner.get(owner)
        if conf is not None and conf.principal != principal:
            if self.in_use(conf):
                raise Nfs4Error(S.NFS4ERR_CLID_INUSE)
            self.expire(conf)
            conf = None
        if unconf is not None:
            self.expire(unconf)
        same = conf is not None and conf.verifier == verifier
        clp = self._fresh(owner, verifier, principal, 0, conf.clientid if same and conf else None)
        clp.confirm = self.verifier_source(p.NFS4_VERIFIER_SIZE)
        clp.callback = callback
        return clp

    def setclientid_confirm(self, clientid: int, confirm: bytes, principal: Hashable) -> Client:
        """Confirm the 4.0 record (module docstring); returns the confirmed record.

        Raises Nfs4Error: CLID_INUSE (another principal), STALE_CLIENTID (no record with
        this clientid and confirm verifier).
        """
        unconf = self._unconf.get(clientid)
        conf = self._conf.get(clientid)
        for clp in (unconf, conf):
            if clp is not None and clp.principal != principal:
                raise Nfs4Error(S.NFS4ERR_CLID_INUSE)
        if unconf is not None and unconf.confirm == confirm:
            if conf is not None:  # callback update: the confirmed record keeps its state
                conf.callback = unconf.callback
                conf.confirm = unconf.confirm
                self._drop(unconf)
                unconf.expired = True
                conf.renewed = self.clock()
                return conf
            self.confirm_record(unconf)
            return unconf
        if conf is not None and conf.confirm == confirm:
            return conf  # a retransmission
        raise Nfs4Error(S.NFS4ERR_STALE_CLIENTID)

    def destroy(self, clientid: int, principal: Hashable) -> None:
        """DESTROY_CLIENTID (RFC 8881 18.50.3).

        Raises Nfs4Error: STALE_CLIENTID (unknown), WRONG_CRED (another principal),
        CLIENTID_BUSY (the client still has sessions or state).
        """
        clp = self.find(clientid)
        if clp is None:
            raise Nfs4Error(S.NFS4ERR_STALE_CLIENTID)
        if clp.principal != principal:
            raise Nfs4Error(S.NFS4ERR_WRONG_CRED)
        if self.in_use(clp):
            raise Nfs4Error(S.NFS4ERR_CLIENTID_BUSY)
        self.expire(clp)
