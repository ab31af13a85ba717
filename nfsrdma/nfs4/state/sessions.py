"""NFSv4.1 sessions: CREATE_SESSION, the slot table as the reply cache, SEQUENCE (sans-I/O).

Rules (RFC 8881 2.10, 18.36, 18.37, 18.46; knfsd check_slot_seqid / nfsd4_sequence):

- CREATE_SESSION has its own one-slot cache on the client record: csa_sequence equal to the
  record's sequence + 1 is a new request, equal to it a replay (the cached reply again), any
  other value SEQ_MISORDERED.  The first CREATE_SESSION confirms an EXCHANGE_ID record
  (and expires the owner's previous confirmed record, RFC 8881 18.35.4 case 4).
- Channel attributes are negotiated down, never up: ca_maxrequestsize / ca_maxresponsesize
  to the transport's record limit, ca_maxresponsesize_cached to `MAX_CACHED`,
  ca_maxoperations to `MAX_OPS`, ca_maxrequests (slots) to `MAX_SLOTS`; a client that asks
  for less than a usable minimum (`MIN_SIZE` bytes, `MIN_OPS` ops; a back channel of
  fewer than `MIN_BACK_OPS` or too small for a CB_RECALL) gets NFS4ERR_TOOSMALL.  The principal must match only while
  the record is unconfirmed: a confirmed client may create sessions under another
  credential (RFC 8881 18.36.4; knfsd checks the machine credential only for SP4_MACH_CRED).
  The back channel's attributes bound the callbacks we send (`nfs4.callback`):
  ca_maxrequestsize to what the connection can carry, ca_maxresponsesize to
  `callback.CB_MAX_RESPONSE`, no reply caching, `MIN_BACK_OPS` ops (CB_SEQUENCE + one) and
  at most `callback.CB_SLOTS` slots.  CONN_BACK_CHAN is set in csr_flags only when the
  caller says the connection carries calls to the client.  The session's callback path
  (``Session.cb``) is the caller's: the table only closes it when the session goes.
- SEQUENCE on slot s with sequence id n (RFC 8881 2.10.6.1): s beyond the table -> BADSLOT;
  n == slot's + 1 -> a new request (the lease is renewed, the slot remembers a digest of the
  COMPOUND's arguments and, once done, its reply); n == slot's -> a retry: DELAY while the
  first is still running, SEQ_FALSE_RETRY when the arguments differ (2.10.6.1.3.1), the
  cached reply when there is one, else RETRY_UNCACHED_REP; anything else SEQ_MISORDERED.
- A reply is cached when sa_cachethis asked for it, or when it is SEQUENCE alone and fits
  (knfsd caches those too); then the reply budget is ca_maxresponsesize_cached.  When even
  SEQUENCE's own reply would not fit its budget the request is refused before the slot
  moves: REP_TOO_BIG_TO_CACHE with sa_cachethis, else REP_TOO_BIG (RFC 8881 18.46.3).
- Destroying a client (any reason) destroys its sessions: the table registers itself in
  `ClientTable.on_expire`.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Callable, Hashable
from typing import Any

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.callback import CB_MAX_RESPONSE, CB_MIN_REQUEST, CB_MIN_RESPONSE, CB_SLOTS
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.clients import Client, ClientTable
from nfsrdma.nfs4.state.leases import Leases

__all__ = [
    "MAX_CACHED",
    "MAX_SLOTS",
    "MIN_OPS",
    "Limits",
    "Session",
    "SessionTable",
    "Slot",
    "args_digest",
]

#: Slots per session.  The Linux client asks for 64 (NFS4_DEF_SLOT_TABLE_SIZE); each slot
#: may hold one cached reply, so this times MAX_CACHED bounds a session's cache memory.
MAX_SLOTS = 64
#: Largest reply a slot caches: the replies worth caching (CREATE, REMOVE, RENAME, OPEN with
#: its GETATTRs) are a few hundred bytes; knfsd keeps 2 KiB per slot.
MAX_CACHED = 8192
#: Ops per COMPOUND a fore channel must allow: SEQUENCE and one op.  A client may well ask
#: for fewer than the Linux client's OPEN needs (7-8): it is the client's to live with
#: (pynfs SEQ7 asks for 4; knfsd sets no lower bound).
MIN_OPS = 2
#: Ops a back channel must allow: CB_SEQUENCE and one op (knfsd: 2).
MIN_BACK_OPS = 2
#: Smallest request / reply a channel may allow: a COMPOUND header with SEQUENCE alone and
#: AUTH_NONE (knfsd's NFSD_MIN_REQ_HDR_SEQ_SZ / NFSD_MIN_RESP_HDR_SEQ_SZ, 64 bytes each).
MIN_SIZE = 64
#: How many bytes of a COMPOUND's arguments the false-retry digest covers (with their
#: length): a different request on the same slot and seqid differs in its first ops.
DIGEST_PREFIX = 1024

_LEN = struct.Struct(">Q")

#: SEQ4_STATUS flags every SEQUENCE carries (the callback path's are added by SEQUENCE).
STATUS_FLAGS = 0


def args_digest(raw: bytes | memoryview) -> bytes:
    """The digest SEQUENCE compares to detect a false retry (RFC 8881 2.10.6.1.3.1): of the
    arguments' first `DIGEST_PREFIX` bytes (hashed in place), salted with their length."""
    return hashlib.blake2b(raw[:DIGEST_PREFIX], digest_size=16,
                           salt=_LEN.pack(len(raw))).digest()


class Limits:
    """What the transport allows: the largest request and reply record, in bytes."""

    __slots__ = ("max_reply", "max_request")

    def __init__(self, max_request: int, max_reply: int) -> None:
        self.max_request = max_request
        self.max_reply = max_reply


class Slot:
    """One slot: the last sequence id, the digest of that request's arguments, its cached
    reply (None: not cached) and whether it is still running."""

    __slots__ = ("busy", "cache", "digest", "reply", "seqid")

    def __init__(self) -> None:
        self.seqid = 0
        self.digest: bytes | None = None
        self.reply: Any = None
        self.busy = False
        self.cache = False


class Session:
    """One session: its client, the negotiated fore/back channel attributes, the slots,
    its callback path (``cb``: a `callback.SessionCallback`, set by CREATE_SESSION)."""

    __slots__ = ("back", "cb", "client", "flags", "fore", "sessionid", "slots")

    def __init__(self, sessionid: bytes, client: Client, fore: p.channel_attrs4,
                 back: p.channel_attrs4, flags: int) -> None:
        self.sessionid = sessionid
        self.client = client
        self.fore = fore
        self.back = back
        self.flags = flags
        self.slots = [Slot() for _ in range(fore.ca_maxrequests)]
        self.cb: Any = None

    def close(self) -> None:
        """The session is gone: its callback path stops."""
        if self.cb is not None:
            self.cb.close()


class SessionTable:
    """All sessions of one server instance, over its `ClientTable` and `Leases`."""

    __slots__ = ("_counter", "_sessions", "clients", "leases", "limits", "random")

    def __init__(self, clients: ClientTable, leases: Leases, limits: Limits,
                 random: Callable[[int], bytes] = os.urandom) -> None:
        self.clients = clients
        self.leases = leases
        self.limits = limits
        self.random = random
        self._counter = 0
        self._sessions: dict[bytes, Session] = {}
        clients.on_expire.append(self._client_gone)

    def _client_gone(self, clp: Client) -> None:
        for sid in list(clp.sessions):
            ses = self._sessions.pop(sid, None)
            if ses is not None:
                ses.close()
        clp.sessions.clear()

    def find(self, sessionid: bytes) -> Session | None:
        return self._sessions.get(bytes(sessionid))

    def of_client(self, clp: Client) -> list[Session]:
        """The live sessions of `clp`."""
        return [s for sid in clp.sessions if (s := self._sessions.get(sid)) is not None]

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, sessionid: bytes) -> Session:
        """Raises Nfs4Error(BADSESSION) for an unknown (destroyed, other boot) session."""
        ses = self._sessions.get(bytes(sessionid))
        if ses is None:
            raise Nfs4Error(S.NFS4ERR_BADSESSION)
        return ses

    # -- CREATE_SESSION (RFC 8881 18.36) ------------------------------------------------------

    def negotiate_fore(self, req: p.channel_attrs4, max_ops: int) -> p.channel_attrs4:
        """The fore channel we grant for `req` (module docstring).

        Raises Nfs4Error(TOOSMALL) when `req` leaves too little to run a COMPOUND.
        """
        if (req.ca_maxoperations < MIN_OPS or req.ca_maxrequests < 1
                or req.ca_maxrequestsize < MIN_SIZE or req.ca_maxresponsesize < MIN_SIZE):
            raise Nfs4Error(S.NFS4ERR_TOOSMALL)
        return p.channel_attrs4(
            0,  # no header padding (RFC 8881 18.36.3: the server may return 0)
            min(req.ca_maxrequestsize, self.limits.max_request),
            min(req.ca_maxresponsesize, self.limits.max_reply),
            min(req.ca_maxresponsesize_cached, MAX_CACHED, self.limits.max_reply),
            min(req.ca_maxoperations, max_ops),
            min(req.ca_maxrequests, MAX_SLOTS),
            [],  # RDMA IRD: not negotiated here (RFC 8881 18.36.3 allows none)
        )

    @staticmethod
    def negotiate_back(req: p.channel_attrs4, max_call: int | None = None) -> p.channel_attrs4:
        """The back channel we will use for `req` (module docstring); `max_call`: the
        largest call the connection carries (None: no limit of its own).

        Raises Nfs4Error(TOOSMALL) when `req` could not carry a CB_RECALL and its reply
        (`callback.CB_MIN_REQUEST`, `CB_MIN_RESPONSE`: knfsd's check_backchannel_attrs).
        """
        if (req.ca_maxoperations < MIN_BACK_OPS or req.ca_maxrequests < 1
                or req.ca_maxrequestsize < CB_MIN_REQUEST
                or req.ca_maxresponsesize < CB_MIN_RESPONSE):
            raise Nfs4Error(S.NFS4ERR_TOOSMALL)
        maxreq = req.ca_maxrequestsize if max_call is None else min(req.ca_maxrequestsize,
                                                                     max_call)
        return p.channel_attrs4(0, maxreq, min(req.ca_maxresponsesize, CB_MAX_RESPONSE), 0,
                                MIN_BACK_OPS, min(req.ca_maxrequests, CB_SLOTS), [])

    def create(self, args: p.CREATE_SESSION4args, principal: Hashable,
               max_ops: int, *, back_chan: bool = False,
               max_call: int | None = None) -> p.CREATE_SESSION4resok:
        """CREATE_SESSION: a new session, or the cached reply of a replay.  `back_chan`:
        the connection carries calls to the client (CONN_BACK_CHAN is granted when asked
        for); `max_call`: the largest call it carries.

        Raises Nfs4Error: STALE_CLIENTID (no such record), CLID_INUSE (another principal
        than the unconfirmed record's), SEQ_MISORDERED (csa_sequence neither the next nor
        the last one), TOOSMALL.
        """
        clp = self.clients.find(args.csa_clientid)
        if clp is None:
            raise Nfs4Error(S.NFS4ERR_STALE_CLIENTID)
        if not clp.confirmed and clp.principal != principal:
            raise Nfs4Error(S.NFS4ERR_CLID_INUSE)
        seq = args.csa_sequence
        if seq == clp.cs_seqid and clp.cs_reply is not None:
            return clp.cs_reply  # type: ignore[no-any-return]
        if seq != (clp.cs_seqid + 1) & 0xFFFFFFFF:
            raise Nfs4Error(S.NFS4ERR_SEQ_MISORDERED)
        fore = self.negotiate_fore(args.csa_fore_chan_attrs, max_ops)
        back = self.negotiate_back(args.csa_back_chan_attrs, max_call)
        if not clp.confirmed:
            self.clients.confirm_record(clp)
        self._counter = (self._counter + 1) & 0xFFFFFFFF
        sid = (clp.clientid.to_bytes(8, "big") + self._counter.to_bytes(4, "big")
               + self.random(4))
        # PERSIST is not offered (replies do not survive a restart); CONN_RDMA not either.
        flags = args.csa_flags & p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN if back_chan else 0
        ses = Session(sid, clp, fore, back, flags)
        self._sessions[sid] = ses
        clp.sessions.add(sid)
        self.leases.renew(clp)
        res = p.CREATE_SESSION4resok(sid, seq, flags, fore, back)
        clp.cs_seqid = seq
        clp.cs_reply = res
        return res

    def destroy(self, sessionid: bytes, principal: Hashable) -> None:
        """DESTROY_SESSION (RFC 8881 18.37).

        Raises Nfs4Error: BADSESSION (unknown), PERM (another principal).
        """
        ses = self.get(sessionid)
        if ses.client.principal != principal:
            raise Nfs4Error(S.NFS4ERR_PERM)
        del self._sessions[ses.sessionid]
        ses.client.sessions.discard(ses.sessionid)
        ses.close()

    # -- SEQUENCE (RFC 8881 18.46, 2.10.6.1) --------------------------------------------------

    def sequence(self, args: p.SEQUENCE4args, digest: bytes, solo: bool, reply_floor: int = 0,
                 *, ses: Session | None = None) -> tuple[Session, Slot, Any]:
        """Check `args` against the slot table (module docstring).

        Returns (session, slot, cached COMPOUND reply or None).  With None the caller runs
        the COMPOUND and hands its reply to `finish`; otherwise it answers the cached reply
        as is.  ``reply_floor``: the bytes the reply takes up to SEQUENCE's own result;
        ``ses``: the session of ``args.sa_sessionid`` when the caller looked it up already.

        Raises Nfs4Error: BADSESSION, BADSLOT, DELAY, SEQ_FALSE_RETRY, RETRY_UNCACHED_REP,
        SEQ_MISORDERED, REP_TOO_BIG(_TO_CACHE) (`reply_floor` over the budget).
        """
        if ses is None:
            ses = self.get(args.sa_sessionid)
        if args.sa_slotid >= len(ses.slots):
            raise Nfs4Error(S.NFS4ERR_BADSLOT)
        slot = ses.slots[args.sa_slotid]
        seqid = args.sa_sequenceid
        if seqid == slot.seqid and slot.digest is not None:
            if slot.busy:
                raise Nfs4Error(S.NFS4ERR_DELAY)
            if slot.digest != digest:
                raise Nfs4Error(S.NFS4ERR_SEQ_FALSE_RETRY)
            if slot.reply is None:
                raise Nfs4Error(S.NFS4ERR_RETRY_UNCACHED_REP)
            return ses, slot, slot.reply
        if seqid != (slot.seqid + 1) & 0xFFFFFFFF:
            raise Nfs4Error(S.NFS4ERR_SEQ_MISORDERED)
        fore = ses.fore
        if args.sa_cachethis and reply_floor > fore.ca_maxresponsesize_cached:
            raise Nfs4Error(S.NFS4ERR_REP_TOO_BIG_TO_CACHE)
        if reply_floor > fore.ca_maxresponsesize:
            raise Nfs4Error(S.NFS4ERR_REP_TOO_BIG)
        # A busy slot getting the next seqid: its client saw the previous reply, so that call
        # is over (it died without finishing); the slot is free again.
        slot.seqid = seqid
        slot.digest = digest
        slot.reply = None
        slot.busy = True
        slot.cache = bool(args.sa_cachethis) or (
            solo and reply_floor <= fore.ca_maxresponsesize_cached)
        self.leases.renew(ses.client)
        return ses, slot, None

    def resok(self, ses: Session, slot_id: int, seqid: int) -> p.SEQUENCE4resok:
        """SEQUENCE's result for a new request on `slot_id`."""
        top = len(ses.slots) - 1
        return p.SEQUENCE4resok(ses.sessionid, seqid, slot_id, top, top, STATUS_FLAGS)

    @staticmethod
    def finish(slot: Slot, seqid: int, reply: Any) -> None:
        """The COMPOUND on `slot` (sequence id `seqid`) is done: cache `reply` if asked."""
        if slot.seqid != seqid:
            return  # the slot moved on (its client already sent the next request)
        slot.busy = False
        slot.reply = reply if slot.cache else None
