"""NFSv4 callbacks: the back channel of a 4.1+ session, the callback connection of a 4.0 client.

Operation
---------
A callback is an ordinary RPC call from the server to the client (program ``csa_cb_program``
or SETCLIENTID's ``cb_program``, version 1: CB_NULL and CB_COMPOUND; RFC 8881 20, RFC 7530
15).  The state decides to call; this module picks the connection, numbers the call and
sends it through an `rpc.xprt.Xprt`; the transport does the rest (TCP: a CALL on the same
connection; RDMA: a reverse-direction call, RFC 8167: inline only, within the client's
backchannel credits).

* `SessionCallback` (4.1+, one per session, RFC 8881 2.10.3.1): the connections bound to the
  session's back channel (CREATE_SESSION with CONN_BACK_CHAN, BIND_CONN_TO_SESSION with
  BACK / FORE_OR_BOTH / BACK_OR_BOTH); a connection that closes unbinds itself.  Each bind
  is probed with CB_NULL (as knfsd's nfsd4_probe_callback): PROBING, then UP when the
  client answers, DOWN when it does not or when the last bound connection goes.  Every
  CB_COMPOUND starts with CB_SEQUENCE on a slot of the back-channel slot table (`CbSlots`;
  RFC 8881 20.9: the first sequence id of a slot is 1, it advances on each reply the client
  accepted) and carries the referring-call lists the caller gives.
* `ClientCallback` (4.0, one per confirmed client, RFC 7530 3.2.1 and 16.33): a TCP
  connection of our own to SETCLIENTID's ``cb_location`` (r_netid "tcp"/"tcp6", r_addr a
  universal address), opened by the injected `Connector` and probed with CB_NULL;
  CB_COMPOUND with minor version 0 and the client's ``callback_ident``, no CB_SEQUENCE.
* `Callbacks` (on `Nfs4Service` as ``callbacks``): the shared settings (credential rules,
  the callback timeout, the 4.0 connector, the metrics observer) and the 4.0 paths by
  clientid.

Rules:

- The credential is the one the client asked for: the first AUTH_NONE or AUTH_SYS entry of
  csa_sec_parms / BACKCHANNEL_CTL's bca_sec_parms (RPCSEC_GSS is not served: a list with
  neither is NFS4ERR_ENCR_ALG_UNSUPP, as knfsd's nfsd4_check_cb_sec answers).  4.0 callbacks
  go as AUTH_SYS root of this host when the client used AUTH_SYS, else AUTH_NONE.
- A call is never sent when it is larger than the client allows: the back channel's
  ca_maxrequestsize (RFC 8881 18.36.3: the RPC header included) and, over RDMA, the
  client's inline receive size (no chunks in the reverse direction, RFC 8167 4.2).  It
  fails with `CallbackFailed("too_big")` instead.
- A callback that times out, is refused or whose connection goes marks the path DOWN; the
  next SEQUENCE then carries SEQ4_STATUS_CB_PATH_DOWN_SESSION (and CB_PATH_DOWN when none
  of the client's sessions has a working path), and the client rebinds
  (BIND_CONN_TO_SESSION), which probes again.
- A session whose client never asked for a back channel reports no path down: it has none
  to lose, and nothing is recalled from it (delegations need `up`).
"""

from __future__ import annotations

import asyncio
import enum
import logging
import socket
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Protocol

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_cb_opnum4 as CB
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.errors import Nfs4Error
from rpc.auth import AuthSys
from rpc.buffer import XdrReader, XdrWriter
from rpc.client import encode_call_header
from rpc.errors import RpcCallError, RpcTimeout, XdrError
from rpc.xprt import Xprt

__all__ = [
    "CB_VERSION",
    "CallbackFailed",
    "CallbackObserver",
    "Callbacks",
    "CbSlots",
    "ClientCallback",
    "Connector",
    "PathState",
    "SessionCallback",
    "can_call_back",
    "max_call_size",
    "parse_uaddr",
]

log = logging.getLogger("nfsrdma.nfs4.callback")

#: The callback program's one version (RFC 8881 20, RFC 7530 15: NFS_CB = 1).
CB_VERSION = p.NFS_CB
AUTH_NONE, AUTH_SYS = 0, 1

#: Slots we use on a back channel: the RDMA transport keeps 2 Receives for reverse replies
#: (transport.rdma.conn.BACKCHANNEL_SLOTS), so more calls at once could not be answered; a
#: recall or two in flight per client is what knfsd needs too (it uses one).
CB_SLOTS = 2
#: Smallest back channel a client may offer (else CREATE_SESSION is TOOSMALL, as knfsd's
#: check_backchannel_attrs): a CB_RECALL call carries an RPC header with an AUTH_SYS
#: credential (up to 430 bytes), CB_SEQUENCE (40) and CB_RECALL with a 128-byte handle (164);
#: its reply a verifier and two short results.
CB_MIN_REQUEST = 768
CB_MIN_RESPONSE = 256
#: Largest callback reply we accept: CB_GETATTR's is under 200 bytes; 4 KiB is the smallest
#: receive buffer either transport posts.
CB_MAX_RESPONSE = 4096


class PathState(enum.Enum):
    """Where a callback path stands (knfsd's NFSD4_CB_UNKNOWN / UP / DOWN)."""

    PROBING = "probing"
    UP = "up"
    DOWN = "down"


class CallbackFailed(Exception):
    """A callback could not be delivered or answered.

    ``reason``: "down" (no bound connection, or it went), "too_big" (never sent: larger than
    the client accepts), "timeout", "rejected" (an RPC-level refusal), "bad_reply" (the reply
    did not decode or CB_SEQUENCE answered for another slot).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"callback {reason}: {detail}" if detail else f"callback {reason}")
        self.reason = reason


class CallbackObserver(Protocol):
    """Counts callbacks (`nfsrdma.metrics.Metrics` implements it)."""

    def on_callback(self, transport: str, op: str, result: str) -> None: ...


#: Opens the 4.0 callback connection to (host, port); the server passes the TCP RPC client's.
Connector = Callable[[str, int], Awaitable[Xprt]]


def max_call_size(xprt: Any) -> int | None:
    """The largest call `xprt` can carry to its peer (None: no limit of its own).

    An RDMA connection offers ``max_call_size`` (the client's inline receive size less the
    transport header, 0 when it keeps no Receives for reverse replies)."""
    limit = getattr(xprt, "max_call_size", None)
    return int(limit) if limit is not None else None


def can_call_back(xprt: Any) -> bool:
    """Can calls to the client ride `xprt` (an open connection that carries reverse calls)?"""
    return (xprt is not None and not xprt.closed and callable(getattr(xprt, "call", None))
            and max_call_size(xprt) != 0)


def choose_cred(sec: Iterable[p.callback_sec_parms4]) -> AuthSys | None:
    """The credential of the first usable entry of ``sec`` (module rules).

    Returns: an `AuthSys` for AUTH_SYS, None for AUTH_NONE (and for an empty list: nothing
    was asked for).

    Raises: Nfs4Error(ENCR_ALG_UNSUPP) when every entry is RPCSEC_GSS (or unknown).
    """
    entries = list(sec)
    for e in entries:
        if e.tag == AUTH_NONE:
            return None
        if e.tag == AUTH_SYS:
            a = e.cbsp_sys_cred
            return AuthSys(a.uid, a.gid, tuple(a.gids), bytes(a.machinename), a.stamp)
    if entries:
        raise Nfs4Error(S.NFS4ERR_ENCR_ALG_UNSUPP)
    return None


def parse_uaddr(netid: bytes, uaddr: bytes) -> tuple[str, int]:
    """A universal address (RFC 5665 5.2.3.3/4: "h1.h2.h3.h4.p1.p2", IPv6 "x::y.p1.p2")
    -> (host, port).

    Raises: ValueError for another netid or a malformed address.
    """
    if netid not in (b"tcp", b"tcp6"):
        raise ValueError(f"callback netid {netid!r} is not served (TCP only)")
    host, hi, lo = uaddr.decode("ascii").rsplit(".", 2)
    port = int(hi) << 8 | int(lo)
    if not 0 < port < 65536 or not (0 <= int(hi) < 256 and 0 <= int(lo) < 256):
        raise ValueError(f"bad port in {uaddr!r}")
    try:
        socket.inet_pton(socket.AF_INET if netid == b"tcp" else socket.AF_INET6, host)
    except OSError:
        raise ValueError(f"bad host in {uaddr!r}") from None
    return host, port


def _encode(t: Any, value: Any) -> bytes:
    w = XdrWriter()
    t.encode(w, value)
    return b"".join(bytes(v) for v in w.finish().wire_views())


def _op_label(ops: Sequence[p.nfs_cb_argop4]) -> str:
    names = [CB(o.tag).name[3:] for o in ops if o.tag != CB.OP_CB_SEQUENCE]
    return "+".join(names) or "CB_SEQUENCE"


class CbSlots:
    """The back channel's slot table, from the requester's side (RFC 8881 2.10.6.1, 20.9).

    Invariants: a slot is busy from `acquire` to `release`; ``seqids[i]`` is the sequence id
    of the last request the client accepted on slot i (0: none yet, so the first is 1);
    ``uncertain[i]``: the last request on slot i went unanswered, the client may or may not
    have seen it; only slots up to ``target`` (the client's csr_target_highest_slotid) are
    used.
    """

    __slots__ = ("_waiters", "busy", "seqids", "target", "uncertain")

    def __init__(self, nslots: int) -> None:
        self.seqids = [0] * nslots
        self.busy = [False] * nslots
        self.uncertain = [False] * nslots
        self.target = nslots - 1
        self._waiters: list[asyncio.Future[None]] = []

    def __len__(self) -> int:
        return len(self.seqids)

    def _free(self) -> int | None:
        for i in range(min(self.target, len(self.seqids) - 1) + 1):
            if not self.busy[i]:
                return i
        return None

    async def acquire(self) -> int:
        """A free slot (waits while every usable one is busy); mark it busy."""
        while (i := self._free()) is None:
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            await fut
        self.busy[i] = True
        return i

    def release(self, i: int) -> None:
        self.busy[i] = False
        waiters, self._waiters = self._waiters, []
        for w in waiters:
            if not w.done():
                w.set_result(None)

    def highest(self) -> int:
        """csa_highest_slotid: the highest slot in use (RFC 8881 20.9.3)."""
        return max((i for i, b in enumerate(self.busy) if b), default=0)


class _Path:
    """What both kinds of path share: state, bound connections, the RPC call with its size
    check, the probe, the metrics."""

    __slots__ = ("_probes", "cbs", "conns", "cred", "program", "state", "wanted")

    def __init__(self, cbs: Callbacks, program: int, cred: AuthSys | None) -> None:
        self.cbs = cbs
        self.program = program
        self.cred = cred
        self.conns: list[Xprt] = []
        self.state = PathState.DOWN
        #: the client asked for this path (a 4.1 session's CONN_BACK_CHAN or a back-channel
        #: bind; every 4.0 client): only then is a DOWN path reported.
        self.wanted = False
        self._probes: set[asyncio.Task[None]] = set()

    @property
    def up(self) -> bool:
        return self.state is PathState.UP and bool(self.conns)

    @property
    def down(self) -> bool:
        """No working path although the client wants one (what CB_PATH_DOWN reports)."""
        return self.wanted and self.state is PathState.DOWN

    def _conn(self) -> Xprt:
        while self.conns:
            xprt = self.conns[-1]  # the most recently bound: the client's newest connection
            if not xprt.closed:
                return xprt
            self.conns.pop()
        self.state = PathState.DOWN
        raise CallbackFailed("down", "no connection bound to the back channel")

    def _limit(self, xprt: Xprt) -> int | None:
        return max_call_size(xprt)

    def _count(self, xprt: Any, op: str, result: str) -> None:
        obs = self.cbs.observer
        if obs is not None:
            obs.on_callback(getattr(xprt, "name", "?"), op, result)

    async def _rpc(self, xprt: Xprt, proc: int, args: bytes, op: str) -> bytes:
        """One call on `xprt`; the results as bytes.  Raises CallbackFailed (module rules);
        a failure other than too_big marks the path DOWN."""
        head = len(encode_call_header(0, self.program, CB_VERSION, proc, self.cred))
        limit = self._limit(xprt)
        if limit is not None and head + len(args) > limit:
            self._count(xprt, op, "too_big")
            raise CallbackFailed("too_big", f"{head + len(args)} bytes, the client takes {limit}")
        try:
            reply = await xprt.call(self.program, CB_VERSION, proc, args, self.cred,
                                    timeout=self.cbs.timeout)
        except RpcTimeout:
            self._failed(xprt)
            self._count(xprt, op, "timeout")
            raise CallbackFailed("timeout", f"no reply within {self.cbs.timeout}s") from None
        except RpcCallError as e:
            self._failed(xprt)
            self._count(xprt, op, "rejected")
            raise CallbackFailed("rejected", str(e)) from None
        except (ConnectionError, OSError) as e:
            self._unbind(xprt)
            self._count(xprt, op, "down")
            raise CallbackFailed("down", str(e)) from None
        try:
            data = reply.tobytes()
        finally:
            reply.release()
        self._count(xprt, op, "ok")
        if xprt in self.conns:
            self.state = PathState.UP  # the client answered on a bound connection
        return data

    def _failed(self, xprt: Xprt) -> None:
        """A call on `xprt` failed: the path is DOWN unless a newer connection was bound
        since (its own probe decides)."""
        if not self.conns or self.conns[-1] is xprt:
            self.state = PathState.DOWN

    def _unbind(self, xprt: Any) -> None:
        if xprt in self.conns:
            self.conns.remove(xprt)
        if not any(not c.closed for c in self.conns):
            self.state = PathState.DOWN

    def _start_probe(self, xprt: Xprt) -> None:
        self.state = PathState.PROBING
        task = asyncio.get_running_loop().create_task(self._probe(xprt))
        self._probes.add(task)
        task.add_done_callback(self._probes.discard)

    async def _probe(self, xprt: Xprt) -> None:
        """CB_NULL on `xprt`: UP when the client answers (RFC 8881 20.1 / knfsd's probe)."""
        try:
            await self._rpc(xprt, p.CB_NULL, b"", "CB_NULL")
        except CallbackFailed as e:
            log.info("callback probe of %s failed: %s", xprt.peer, e)

    async def probe(self) -> bool:
        """Probe the newest connection now; True when the path is up afterwards."""
        try:
            xprt = self._conn()
        except CallbackFailed:
            return False
        await self._probe(xprt)
        return self.up

    def close(self) -> None:
        """The session or client is gone: stop probing, forget the connections."""
        for t in list(self._probes):
            t.cancel()
        self.conns.clear()
        self.state = PathState.DOWN
        self.wanted = False


class SessionCallback(_Path):
    """The back channel of one 4.1+ session (module docstring)."""

    __slots__ = ("_watched", "attrs", "minor", "sessionid", "slots")

    def __init__(self, cbs: Callbacks, sessionid: bytes, minor: int, attrs: p.channel_attrs4,
                 program: int, cred: AuthSys | None) -> None:
        super().__init__(cbs, program, cred)
        self.sessionid = sessionid
        self.minor = minor
        #: the negotiated back channel attributes (CREATE_SESSION's csr_back_chan_attrs).
        self.attrs = attrs
        self.slots = CbSlots(max(1, attrs.ca_maxrequests))
        self._watched: set[int] = set()

    def bind(self, xprt: Xprt) -> None:
        """Bind `xprt` to the back channel and probe it (the caller checked
        `can_call_back`)."""
        self.wanted = True
        if xprt in self.conns:
            self.conns.remove(xprt)
        self.conns.append(xprt)
        if id(xprt) not in self._watched:
            self._watched.add(id(xprt))
            xprt.on_close(self._on_conn_closed)
        self._start_probe(xprt)

    def _on_conn_closed(self, xprt: Any) -> None:
        self._watched.discard(id(xprt))
        self._unbind(xprt)

    def set_program(self, program: int, cred: AuthSys | None) -> None:
        """BACKCHANNEL_CTL (RFC 8881 18.33): later callbacks use this program and credential."""
        self.program = program
        self.cred = cred

    def _limit(self, xprt: Xprt) -> int | None:
        own = max_call_size(xprt)
        limit = self.attrs.ca_maxrequestsize
        return limit if own is None else min(limit, own)

    async def call(self, ops: Sequence[p.nfs_cb_argop4],
                   referring: Sequence[p.referring_call_list4] = ()) -> p.CB_COMPOUND4res:
        """CB_COMPOUND of CB_SEQUENCE + `ops` on the newest bound connection.

        `referring`: the fore-channel calls of this client that caused the callback (RFC
        8881 20.9.3: sessionid + (slot, sequence id) pairs), so the client can order them.

        Returns: the client's CB_COMPOUND4res, whatever its status (CB_SEQUENCE's own
        failures included: DELAY is the caller's to retry).

        Raises: CallbackFailed (module rules).
        """
        xprt = self._conn()
        slot = await self.slots.acquire()
        try:
            for _attempt in range(2):
                seqid = (self.slots.seqids[slot] + 1) & 0xFFFFFFFF
                seq = p.CB_SEQUENCE4args(self.sessionid, seqid, slot, self.slots.highest(),
                                         False, list(referring))
                args = p.CB_COMPOUND4args(b"", self.minor, 0, [
                    p.nfs_cb_argop4(CB.OP_CB_SEQUENCE, seq), *ops])
                try:
                    data = await self._rpc(xprt, p.CB_COMPOUND, _encode(p.CB_COMPOUND4args_xdr,
                                                                        args), _op_label(ops))
                except CallbackFailed as e:
                    if e.reason in ("timeout", "down"):
                        # The client may have run it: the next request assumes so, and
                        # steps back once if the client says it did not (below).
                        self.slots.seqids[slot] = seqid
                        self.slots.uncertain[slot] = True
                    raise
                res = self._check(data, slot, seqid)
                first = res.resarray[0].value if res.resarray else None
                status = getattr(first, "tag", None)
                if status == S.NFS4ERR_SEQ_MISORDERED and self.slots.uncertain[slot]:
                    self.slots.seqids[slot] = (seqid - 2) & 0xFFFFFFFF
                    self.slots.uncertain[slot] = False
                    continue
                self.slots.uncertain[slot] = False
                if status == S.NFS4_OK and first is not None:
                    self.slots.seqids[slot] = seqid
                    self.slots.target = first.csr_resok4.csr_target_highest_slotid
                elif status in (S.NFS4ERR_BADSESSION, S.NFS4ERR_BADSLOT,
                                S.NFS4ERR_CONN_NOT_BOUND_TO_SESSION):
                    self.state = PathState.DOWN
                return res
            raise CallbackFailed("bad_reply", "CB_SEQUENCE misordered twice")
        finally:
            self.slots.release(slot)

    def _check(self, data: bytes, slot: int, seqid: int) -> p.CB_COMPOUND4res:
        try:
            res: p.CB_COMPOUND4res = p.CB_COMPOUND4res_xdr.decode(XdrReader(memoryview(data)))
        except (XdrError, ValueError, IndexError) as e:  # the client's bytes, not our bug
            self.state = PathState.DOWN
            raise CallbackFailed("bad_reply", f"CB_COMPOUND4res: {e}") from None
        if res.resarray and res.resarray[0].tag == CB.OP_CB_SEQUENCE:
            first = res.resarray[0].value
            if first.tag == S.NFS4_OK:
                ok = first.csr_resok4
                if (bytes(ok.csr_sessionid), ok.csr_slotid, ok.csr_sequenceid) != (
                        self.sessionid, slot, seqid):
                    raise CallbackFailed("bad_reply", "CB_SEQUENCE answered another call")
            return res
        if res.status == S.NFS4_OK or res.resarray:
            raise CallbackFailed("bad_reply", "CB_SEQUENCE result missing")
        return res


class ClientCallback(_Path):
    """The callback path of one 4.0 client: our own TCP connection to its ``cb_location``."""

    __slots__ = ("_connecting", "addr", "ident", "source")

    def __init__(self, cbs: Callbacks, callback: p.cb_client4, ident: int,
                 cred: AuthSys | None, source: Any = None) -> None:
        super().__init__(cbs, callback.cb_program, cred)
        self.ident = ident
        #: the client record's callback this path was made from (a retransmitted confirm
        #: keeps the path).
        self.source = source
        self.wanted = True
        self._connecting: asyncio.Task[None] | None = None
        try:
            loc = callback.cb_location
            self.addr: tuple[str, int] | None = parse_uaddr(bytes(loc.na_r_netid),
                                                            bytes(loc.na_r_addr))
        except ValueError as e:  # UnicodeDecodeError is one
            log.info("4.0 callback address unusable: %s", e)
            self.addr = None

    def start(self) -> None:
        """Connect and probe in the background (RFC 7530 16.34.4: after the confirm)."""
        if self.addr is None or self.cbs.connect is None:
            self.state = PathState.DOWN
            return
        self.state = PathState.PROBING
        self._connecting = asyncio.get_running_loop().create_task(self._connect_and_probe())

    async def _connect(self) -> Xprt:
        assert self.addr is not None and self.cbs.connect is not None
        try:
            xprt = await asyncio.wait_for(self.cbs.connect(*self.addr), self.cbs.timeout)
        except (OSError, TimeoutError) as e:
            self.state = PathState.DOWN
            raise CallbackFailed("down", f"connect to {self.addr}: {e}") from None
        self.conns = [xprt]
        xprt.on_close(self._unbind)
        return xprt

    async def _connect_and_probe(self) -> None:
        try:
            xprt = await self._connect()
        except CallbackFailed as e:
            log.info("4.0 callback path: %s", e)
            return
        await self._probe(xprt)

    async def call(self, ops: Sequence[p.nfs_cb_argop4]) -> p.CB_COMPOUND4res:
        """CB_COMPOUND (minor version 0, our callback_ident) on the callback connection,
        reconnecting once if it went.  Raises: CallbackFailed."""
        try:
            xprt = self._conn()
        except CallbackFailed:
            if self.addr is None or self.cbs.connect is None:
                raise
            xprt = await self._connect()
        args = p.CB_COMPOUND4args(b"", 0, self.ident, list(ops))
        data = await self._rpc(xprt, p.CB_COMPOUND, _encode(p.CB_COMPOUND4args_xdr, args),
                               _op_label(ops))
        try:
            res: p.CB_COMPOUND4res = p.CB_COMPOUND4res_xdr.decode(XdrReader(memoryview(data)))
        except (XdrError, ValueError, IndexError) as e:
            raise CallbackFailed("bad_reply", f"CB_COMPOUND4res: {e}") from None
        self.state = PathState.UP
        return res

    def close(self) -> None:
        if self._connecting is not None:
            self._connecting.cancel()
        conns = list(self.conns)
        super().close()
        for x in conns:  # our own connection: close it
            closer = getattr(x, "abort", None)
            if closer is not None:
                closer()


class Callbacks:
    """Callback settings of one server instance and the 4.0 paths (module docstring).

    ``timeout``: seconds a callback waits for its reply: a tenth of the lease, at least 1
    (knfsd's max_cb_time), so an unanswered recall is noticed well within the lease.
    ``connect``: opens 4.0 callback connections (None: 4.0 callbacks are not served and
    their paths stay DOWN).  ``observer``: counts callbacks.
    """

    __slots__ = ("by_client", "connect", "observer", "timeout")

    def __init__(self, lease_time: float, connect: Connector | None = None,
                 observer: CallbackObserver | None = None) -> None:
        self.timeout = max(1.0, lease_time / 10)
        self.connect = connect
        self.observer = observer
        self.by_client: dict[int, ClientCallback] = {}

    def for_session(self, sessionid: bytes, minor: int, attrs: p.channel_attrs4,
                    program: int, cred: AuthSys | None) -> SessionCallback:
        return SessionCallback(self, sessionid, minor, attrs, program, cred)

    def confirmed40(self, clientid: int, callback: Any, flavor: int) -> ClientCallback | None:
        """A 4.0 client was confirmed (or its callback updated, RFC 7530 16.34): replace its
        path with one to the new ``callback`` (SETCLIENTID's (cb_client4, ident)) and start
        it; the same ``callback`` again (a retransmitted confirm) keeps the path.  Must run
        on the event loop."""
        old = self.by_client.get(clientid)
        if old is not None and old.source is callback:
            return old
        if old is not None:
            del self.by_client[clientid]
            old.close()
        if callback is None:
            return None
        cb, ident = callback
        cred = AuthSys(0, 0, (), socket.gethostname().encode()[:255]) \
            if flavor == AUTH_SYS else None
        path = ClientCallback(self, cb, ident, cred, callback)
        self.by_client[clientid] = path
        path.start()
        return path

    def client_gone(self, clientid: int) -> None:
        path = self.by_client.pop(clientid, None)
        if path is not None:
            path.close()


def path_down_flags(ses_path: SessionCallback | None,
                    client_paths: Iterable[SessionCallback | None]) -> int:
    """SEQ4_STATUS flags for a SEQUENCE on a session with back channel `ses_path`, its
    client's sessions having `client_paths` (RFC 8881 18.46.3): CB_PATH_DOWN_SESSION when
    this session wants a path and has none working; CB_PATH_DOWN as well when no session of
    the client that wants one has one working."""
    flags = 0
    if ses_path is not None and ses_path.down:
        flags |= p.SEQ4_STATUS_CB_PATH_DOWN_SESSION
    wanting = [cp for cp in client_paths if cp is not None and cp.wanted]
    if wanting and all(cp.down for cp in wanting):
        flags |= p.SEQ4_STATUS_CB_PATH_DOWN
    return flags
