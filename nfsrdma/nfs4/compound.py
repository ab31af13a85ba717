"""COMPOUND: one call's state and the loop that runs its ops (RFC 8881 sections 15.2, 16.2).

Operation: `CompoundArgsXdr` decodes the arguments op by op, so an op number the call's minor
version does not know becomes OP_ILLEGAL (and an op whose arguments do not decode, BADXDR)
instead of failing the whole call with GARBAGE_ARGS; it decodes at most `MAX_OPS` ops, so a
huge COMPOUND costs no more memory than a legal one.  `run_compound` then checks, in order:
the minor version (else MINOR_VERS_MISMATCH and no results), the op count (RESOURCE in 4.0,
TOO_MANY_OPS in 4.1+), SEQUENCE first in 4.1+ (or a session-exempt op alone), and runs each
op through its `OpSpec` (`nfs4.ops.OPS`): minor version, current filehandle, reply budget,
handler.  It stops at the first op that fails; the COMPOUND's status is that op's.

Sessions (n4state) hook in through the `Compound`: SEQUENCE's handler sets ``session``,
``slot``, ``budget`` / ``max_ops`` from the channel attributes and either ``replay`` (a cached
COMPOUND4res answered as is: RFC 8881 2.10.6.1) or ``on_reply`` (called with the finished
result so the slot can cache it).  There is no dispatcher reply cache for v4.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from nfsrdma.core.errors import ErrorKind, NfsError
from nfsrdma.core.policy import Target
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4
from nfsrdma.locks.manager import LockManager
from nfsrdma.nfs4.callback import Callbacks
from nfsrdma.nfs4.errors import EXPECTED4, Nfs4Error, status_of
from nfsrdma.nfs4.fattr import LEASE_TIME
from nfsrdma.nfs4.ops import OPS, SESSION_EXEMPT
from nfsrdma.nfs4.pseudofs import Fh
from nfsrdma.nfs4.state.clients import Client, ClientTable, Clock
from nfsrdma.nfs4.state.delegations import DelegationTable
from nfsrdma.nfs4.state.grace import ClusterGrace, Grace, MemoryStore, RecordStore
from nfsrdma.nfs4.state.leases import MIN_SWEEP, Leases
from nfsrdma.nfs4.state.lockowners import LockOwnerTable
from nfsrdma.nfs4.state.opens import OpenTable
from nfsrdma.nfs4.state.sessions import Limits, SessionTable
from nfsrdma.nfs4.state.stateids import StateidTable
from rpc import xdr as x
from rpc.errors import XdrError

if TYPE_CHECKING:
    from nfsrdma.nfs4.pseudofs import Namespace
    from nfsrdma.service import NfsService
    from rpc.buffer import XdrReader, XdrWriter
    from rpc.dispatch import CallContext

__all__ = [
    "MAX_OPS",
    "RESOP_HEADER",
    "Compound",
    "CompoundArgs",
    "CompoundArgsXdr",
    "Nfs4Service",
    "fail_result",
    "run_compound",
]

S = nfsstat4

#: Ops per COMPOUND.  The Linux client's longest (OPEN with its GETATTRs, 4.1 with SEQUENCE)
#: has about 10, pynfs's about 20; knfsd allows 50 and Ganesha 100.  Sessions advertise at
#: most this as ca_maxoperations.
MAX_OPS = 128

#: Largest op number valid in each minor version (RFC 7530 16.2, RFC 8881 16.2, RFC 7862 +
#: RFC 8276 for 4.2); anything else is OP_ILLEGAL (RFC 8881 15.2).
LAST_OP = {0: O.OP_RELEASE_LOCKOWNER, 1: O.OP_RECLAIM_COMPLETE, 2: O.OP_REMOVEXATTR}
FIRST_OP = O.OP_ACCESS

#: The minor versions served.
MINORS = frozenset(LAST_OP)

_U32 = struct.Struct(">I")
_U32X2 = struct.Struct(">II")

# Bytes of the RPC reply header (xid, REPLY, MSG_ACCEPTED, AUTH_NONE verifier, SUCCESS) and
# of an op's result discriminant.
RPC_REPLY_HEADER = 24
RESOP_HEADER = 4


class Nfs4Service:
    """What every NFSv4 call shares: the NFS service (exports, policy, storage), the pseudo
    filesystem, the reply-size budget.  State tables (clients, sessions, stateids, locks)
    hang here too as their owners add them.

    ``clients`` / ``leases`` / ``sessions`` / ``grace``: `nfs4.state` tables on `clock`
    (monotonic seconds), leases of `lease_time` seconds, clientids of boot `epoch`
    (default: now), a grace period of `grace_time` seconds over the client records in
    `store` (default: in memory, nothing to reclaim).  ``locks``: the server's one byte-range
    lock manager, shared with NLM (default: a fresh one on `clock`); NFSv4's grace period
    is one of its grace sources.
    """

    def __init__(self, svc: NfsService, ns: Namespace, max_reply: int, *,
                 lease_time: float = LEASE_TIME, clock: Clock = time.monotonic,
                 epoch: int | None = None, grace_time: float = 90.0,
                 store: RecordStore | None = None, locks: LockManager | None = None,
                 id_domain: str = "localdomain", owner_names: bool = False,
                 grace: ClusterGrace | None = None) -> None:
        self.svc = svc
        self.ns = ns
        #: reply budget without a session: the transport's record limit.
        self.max_reply = max_reply
        #: lease_time attribute (whole seconds, at least 1): the lease the tables enforce.
        self.lease_time = max(1, round(lease_time))
        #: the NFSv4 id domain: owner strings ``name@<it>`` are accepted (`nfs4.idmap`).
        self.id_domain = id_domain
        #: owner strings sent: numeric ids (False: what Linux AUTH_SYS clients expect, as
        #: knfsd sends them) or ``name@id_domain``.
        self.owner_names = owner_names
        boot = int(time.time()) if epoch is None else epoch
        self.clients = ClientTable(clock, lease_time, boot)
        self.leases = Leases(self.clients)
        self.sessions = SessionTable(self.clients, self.leases, Limits(max_reply, max_reply))
        #: this server's grace, or the cluster's (``grace``: gateways sharing one)
        self.grace: Grace | ClusterGrace = grace or Grace(
            store if store is not None else MemoryStore(), clock, grace_time)
        self.clients.on_expire.append(self.grace.forget)
        #: so_major_id and server scope: the host name, stable across restarts so clients
        #: may reclaim (RFC 8881 2.10.4).
        self.owner = socket.gethostname().encode() or b"nfsrdma"
        #: stateids of this boot (its epoch in every ``other``) and the opens they name; a
        #: client that goes away (lease expiry, DESTROY_CLIENTID, a reboot's new record)
        #: takes its opens and their share reservations with it.
        self.stateids = StateidTable(
            boot, clock, client_known=lambda clientid: self.clients.find(clientid) is not None)
        self.opens = OpenTable(self.stateids, clock, lease_time)
        self.clients.on_expire.append(self._drop_opens)
        #: the one lock manager of the server: while NFSv4 is in grace, so are its locks
        #: (NLM's too: one grace for every protocol, as knfsd's locks_in_grace).
        self.locks = locks if locks is not None else LockManager(clock=clock)
        self.locks.grace_sources.append(self.grace.in_grace)
        #: v4 lock-owners and lock stateids on that manager; a client that goes away
        #: takes its locks and waiters with it.
        self.lockowners = LockOwnerTable(self.stateids, self.locks, clock, lease_time)
        self.clients.on_expire.append(self._drop_locks)
        #: callback paths (4.1 sessions keep theirs on ``Session.cb``; 4.0 clients here);
        #: the server sets ``callbacks.connect`` (4.0 callback connections) and
        #: ``callbacks.observer`` (metrics).
        self.callbacks = Callbacks(lease_time)
        self.clients.on_expire.append(lambda clp: self.callbacks.client_gone(clp.clientid))
        #: read delegations (`nfs4.delegate` grants and recalls them); a recall not
        #: answered within a lease is revoked by `sweep`.
        self.delegs = DelegationTable(self.stateids, clock, lease_time)
        self.clients.on_expire.append(self._drop_delegs)

    def sweep(self) -> float:
        """The timer's work: expire clients whose lease ran out, then the lock waiters'
        and pending grants' deadlines.  Returns: seconds until it is due again."""
        delay = self.leases.sweep()
        nxt = self.lockowners.sweep()
        revoked, due = self.delegs.revoke_overdue()
        for d in revoked:
            clp = self.clients.find(d.client)
            if clp is not None and clp.state > 0:
                clp.state -= 1
            on = getattr(self.callbacks.observer, "on_delegation", None)
            if on is not None:
                on("revoked")
        for more in (nxt, due):
            if more is not None:
                delay = max(min(delay, more), MIN_SWEEP)
        return delay

    def _drop_delegs(self, clp: Client) -> None:
        """A client went away: its delegations (and their stateids) go too."""
        self.delegs.expire_client(clp.clientid)

    def _drop_locks(self, clp: Client) -> None:
        """A client went away: every lock and waiter of it goes (lockowners rule 6)."""
        self.lockowners.expire_client(clp.clientid)

    @property
    def names_domain(self) -> str | None:
        """The domain owner strings are sent in (`fattr.FsFacts.id_domain`), None for numeric
        ids."""
        return self.id_domain if self.owner_names else None

    def _drop_opens(self, clp: Client) -> None:
        """A client went away: its opens (and share reservations) go too; its stateids are
        EXPIRED (4.0) or BAD_STATEID (4.1) from now on (no courtesy clients: the record
        itself is gone; `StateidTable` rule 3)."""
        self.opens.expire_client(clp.clientid, keep_revoked=False)


class Compound:
    """One COMPOUND call's state, passed to every op handler.

    ``current_fh`` / ``saved_fh``: `pseudofs.Fh` (an export object or a pseudo directory);
    ``current_stateid`` / ``saved_stateid``: for 4.1's current-stateid rules (n4open);
    ``session`` / ``slot``: set by SEQUENCE; ``budget``: reply bytes allowed, ``used``: so far.
    """

    __slots__ = (
        "args_raw",
        "budget",
        "ctx",
        "current_fh",
        "current_stateid",
        "max_ops",
        "minorversion",
        "nops",
        "ns",
        "on_reply",
        "opindex",
        "replay",
        "saved_fh",
        "saved_stateid",
        "server",
        "session",
        "slot",
        "svc",
        "tag",
        "used",
    )

    def __init__(self, server: Nfs4Service, ctx: CallContext, minorversion: int, tag: bytes,
                 nops: int) -> None:
        self.server = server
        #: the server's NFS service and pseudo filesystem (plain attributes: ops read them
        #: often).
        self.svc: NfsService = server.svc
        self.ns: Namespace = server.ns
        self.ctx = ctx
        self.minorversion = minorversion
        self.tag = tag
        self.nops = nops
        self.opindex = 0
        self.current_fh: Fh | None = None
        self.saved_fh: Fh | None = None
        self.current_stateid: Any = None
        self.saved_stateid: Any = None
        self.session: Any = None
        self.slot: Any = None
        self.budget = server.max_reply
        self.max_ops = MAX_OPS
        self.used = RPC_REPLY_HEADER + 8 + _pad4(len(tag)) + 4
        self.replay: p.COMPOUND4res | None = None
        self.on_reply: Callable[[p.COMPOUND4res], None] | None = None
        #: the COMPOUND's argument bytes as received (valid during the call only): SEQUENCE
        #: digests them to tell a retry from a false retry (RFC 8881 2.10.6.1.3.1).
        self.args_raw: memoryview = memoryview(b"")

    def fh(self) -> Fh:
        """The current filehandle.  Raises Nfs4Error(NOFILEHANDLE) when there is none."""
        if self.current_fh is None:
            raise Nfs4Error(S.NFS4ERR_NOFILEHANDLE)
        return self.current_fh

    def target(self, fh: Fh | None = None, *, write: bool = False, sec: bool = True) -> Target:
        """`fh` (default: the current one) as an export object, the client rule applied
        (core.policy: ACCES, PERM, WRONGSEC, DELAY, and ROFS for `write`) on every op.

        Raises: NfsError(ROFS) for `write` on a pseudo directory, NfsError(ISDIR) for other
        uses of one (pseudo entries are directories); as `ExportPolicy.authorize` (``sec``
        False: any flavor, for SECINFO).
        """
        fh = fh or self.fh()
        if fh.export is None:
            raise NfsError(ErrorKind.ROFS if write else ErrorKind.ISDIR, "pseudo directory")
        cred = self.svc.policy.authorize(fh.export, self.ctx, write=write, sec=sec)
        return Target(fh.export, fh.fid, cred)

    def reply_left(self) -> int:
        """Reply bytes an op may still add (for READDIR's and READ's own limits)."""
        return self.budget - self.used

    def charge(self, nbytes: int) -> None:
        """Count `nbytes` of variable-size result against the reply budget."""
        self.used += nbytes

    def too_big(self) -> Nfs4Error:
        """The error for a reply over budget: RESOURCE in 4.0, REP_TOO_BIG in 4.1+, and
        REP_TOO_BIG_TO_CACHE when the slot caches the reply (the budget is then the session's
        ca_maxresponsesize_cached; RFC 8881 18.46.3)."""
        if self.minorversion == 0:
            return Nfs4Error(S.NFS4ERR_RESOURCE)
        if self.slot is not None and self.slot.cache:
            return Nfs4Error(S.NFS4ERR_REP_TOO_BIG_TO_CACHE)
        return Nfs4Error(S.NFS4ERR_REP_TOO_BIG)


def _pad4(n: int) -> int:
    return (n + 3) & ~3


# -- arguments -------------------------------------------------------------------------------

class CompoundArgs:
    """COMPOUND4args as decoded: ``ops`` holds at most `MAX_OPS` ops; ``count`` is how many
    the client sent; ``bad`` is the status of the last op when decoding stopped at it
    (OP_ILLEGAL, BADXDR), else None; ``raw`` the argument bytes decoded (valid during the
    call only)."""

    __slots__ = ("bad", "count", "minorversion", "ops", "raw", "tag")

    def __init__(self, tag: bytes, minorversion: int, ops: list[p.nfs_argop4], count: int,
                 bad: nfsstat4 | None = None) -> None:
        self.tag = tag
        self.minorversion = minorversion
        self.ops = ops
        self.count = count
        self.bad = bad
        self.raw: memoryview = memoryview(b"")


class CompoundArgsXdr(x.XdrType):
    """COMPOUND4args decoded op by op (see the module docstring); encodes as the generated
    `COMPOUND4args_xdr` (the tests' client)."""

    def __init__(self) -> None:
        super().__init__("COMPOUND4args")
        self._arms = p.nfs_argop4_xdr.arms

    def encode(self, writer: XdrWriter, value: Any) -> None:
        if isinstance(value, CompoundArgs):
            value = p.COMPOUND4args(value.tag, value.minorversion, value.ops)
        p.COMPOUND4args_xdr.encode(writer, value)

    def decode(self, reader: XdrReader) -> CompoundArgs:
        """Raises XdrError only when the header (tag, minorversion, count) or an op number
        itself cannot be read: GARBAGE_ARGS.  The header and op numbers are read straight
        from the buffer (one unpack each, no reader calls)."""
        data = reader.data
        start = pos = reader.pos
        end = len(data)
        try:
            (n,) = _U32.unpack_from(data, pos)
            tpos = pos + 4
            pos = tpos + ((n + 3) & ~3)
            if pos + 8 > end:
                raise XdrError(f"COMPOUND4args: header needs {pos + 8 - start} bytes, "
                               f"has {end - start}")
            tag = data[tpos : tpos + n].tobytes()
            minor, count = _U32X2.unpack_from(data, pos)
        except struct.error as e:  # not even a tag length
            raise XdrError(f"COMPOUND4args: {e}") from None
        pos += 8
        args = CompoundArgs(tag, minor, [], count)
        if minor not in MINORS:
            reader.pos = pos
            return args  # answered MINOR_VERS_MISMATCH without looking at the ops
        last = LAST_OP[minor]
        ops = args.ops
        arms = self._arms
        argop = p.nfs_argop4
        for _ in range(min(count, MAX_OPS)):
            if pos + 4 > end:
                raise XdrError("COMPOUND4args: op number: short input")
            (opnum,) = _U32.unpack_from(data, pos)
            reader.pos = pos = pos + 4
            arm = arms.get(opnum) if FIRST_OP <= opnum <= last else None
            if arm is None:
                ops.append(argop(O.OP_ILLEGAL, None))
                args.bad = S.NFS4ERR_OP_ILLEGAL
                break
            try:
                value = arm[1].decode(reader)
            except XdrError:
                ops.append(argop(opnum, None))
                args.bad = S.NFS4ERR_BADXDR
                pos = reader.pos
                break
            ops.append(argop(opnum, value))
            pos = reader.pos
        reader.pos = pos
        args.raw = data[start:pos]
        return args


COMPOUND4args_codec = CompoundArgsXdr()


# -- results ---------------------------------------------------------------------------------

def fail_result(opnum: int, status: int) -> Any:
    """The result of op `opnum` failing with `status` (every <OP>4res is a union whose default
    arm is void, or a struct led by the status: SETATTR4res also carries an empty bitmap)."""
    t = p.nfs_resop4_xdr.arms[opnum][1]
    if isinstance(t, x.Union):
        return t.cls(status, None)
    assert isinstance(t, x.Struct)
    if opnum == O.OP_SETATTR:
        return p.SETATTR4res(status, [])
    return t.cls(status)


def result_status(res: Any) -> int:
    """The status of an op's result (a union's tag or a struct's first field, its status)."""
    if isinstance(res, x.XdrStruct):
        return int(getattr(res, res._fields[0]))
    return int(res.tag)


# -- the loop --------------------------------------------------------------------------------

def _ordering(args: CompoundArgs) -> nfsstat4 | None:
    """4.1+: SEQUENCE first, or a session-exempt op alone (RFC 8881 2.10.6.4 and 18.46.3;
    knfsd's nfs41_check_op_ordering).  Returns the first op's status when violated."""
    if args.minorversion == 0 or not args.ops or (args.bad is not None and len(args.ops) == 1):
        return None
    first = args.ops[0].tag
    if first == O.OP_SEQUENCE:
        return None
    spec = OPS.get(first)
    if not (spec.session_exempt if spec is not None else first in SESSION_EXEMPT):
        return S.NFS4ERR_OP_NOT_IN_SESSION
    if args.count != 1:
        return S.NFS4ERR_NOT_ONLY_OP
    return None


async def run_compound(server: Nfs4Service, ctx: CallContext, args: CompoundArgs
                       ) -> p.COMPOUND4res:
    """Run one COMPOUND (module docstring).  Returns its result; raises only bugs (the
    dispatcher logs, counts and answers them NFS4ERR_SERVERFAULT).

    Each op: its checks (`OpSpec`), then its handler, awaited here (no coroutine of its
    own: a COMPOUND's ops cost one call each beyond their handlers).  A handler returns its
    result or raises (`EXPECTED4` becomes the op's failure result); the status of what it
    returned is read through ``OpSpec.status_field``, and only a failure becomes an
    `nfsstat4` member."""
    tag = args.tag
    minor = args.minorversion
    if minor not in MINORS:
        return p.COMPOUND4res(S.NFS4ERR_MINOR_VERS_MISMATCH, tag, [])
    c = Compound(server, ctx, minor, tag, args.count)
    c.args_raw = args.raw
    ops = args.ops
    if ops and args.count > MAX_OPS:
        # knfsd answers the first op so (nfsd4_proc_compound); the rest is never looked at.
        st = S.NFS4ERR_RESOURCE if minor == 0 else S.NFS4ERR_TOO_MANY_OPS
        first = ops[0].tag
        return p.COMPOUND4res(st, tag, [p.nfs_resop4(first, fail_result(first, st))])
    if minor and ops:
        bad_order = _ordering(args)
        if bad_order is not None:
            first = ops[0].tag
            return p.COMPOUND4res(bad_order, tag,
                                  [p.nfs_resop4(first, fail_result(first, bad_order))])
    results: list[p.nfs_resop4] = []
    status = S.NFS4_OK
    bad = args.bad
    last = len(ops) - 1
    resop = p.nfs_resop4
    for i, op in enumerate(ops):
        c.opindex = i
        opnum = op.tag
        spec = OPS.get(opnum)
        try:
            if bad is not None and i == last:
                raise Nfs4Error(bad)
            if spec is None or minor not in spec.minors:
                raise Nfs4Error(S.NFS4ERR_NOTSUPP)
            if spec.needs_fh and c.current_fh is None:
                raise Nfs4Error(S.NFS4ERR_NOFILEHANDLE)
            cost = RESOP_HEADER + spec.reply_estimate
            if c.used + cost > c.budget:
                raise c.too_big()
            res = await spec.handler(c, op.value)
        except EXPECTED4 as e:
            st = status_of(e)
            results.append(resop(opnum, fail_result(opnum, st)))
            status = st
            break
        c.used += cost
        if i == 0 and c.replay is not None:
            return c.replay
        results.append(resop(opnum, res))
        st = getattr(res, spec.status_field)
        if st:
            status = S(st)
            break
    out = p.COMPOUND4res(status, tag, results)
    if c.on_reply is not None:
        c.on_reply(out)
    return out
