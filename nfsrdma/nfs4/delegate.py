"""Delegations: granted by OPEN, recalled when another client's OPEN or any other change
conflicts, CB_GETATTR for a write delegation (RFC 8881 10.2, 10.4, 20.1, 20.2; RFC 7530
10.4).  DELEGRETURN is `nfs4.ops.deleg`.

Operation: the state (`nfs4.state.delegations`) decides; this module asks it and sends.
OPEN calls `offer` once the open is recorded: a read delegation for a read-only open, a
write delegation for a 4.1+ open for read and write by the file's only user (4.0 clients
get read delegations only, as from knfsd), when the table allows it and the client's
callback path is up (RFC 8881 10.2.1: no delegation without a way to recall it).  Before
recording an open, OPEN calls `check_conflicts`: every other client's delegation the open
conflicts with is recalled (CB_RECALL through that client's `nfs4.callback` path, in a
task of its own) and the OPEN is answered NFS4ERR_DELAY; the client retries until
DELEGRETURN, or the lease timer revokes the delegation a lease after the recall
(`Nfs4Service.sweep`).  A recall that cannot be sent changes nothing: the delegation is
revoked on the same schedule.  `Recalls` offers the same to every other protocol as
`NfsService.delegations` (`core.delegations`).  A GETATTR of size or change from another
client on a write-delegated file waits for the holder's CB_GETATTR answer
(`delegated_attrs`, RFC 8881 10.4.3, knfsd's nfsd4_deleg_getattr_conflict); when the
holder cannot answer, the delegation is recalled and the GETATTR answered DELAY.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import struct
from collections.abc import Iterable

from nfsrdma.core.delegations import check, check_named
from nfsrdma.core.policy import Target
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_cb_opnum4 as CB
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.callback import CallbackFailed, ClientCallback, SessionCallback
from nfsrdma.nfs4.compound import Compound, Nfs4Service
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.fattr import A, change_of, decode_bitmap, make_bitmap
from nfsrdma.nfs4.state.delegations import Delegation
from nfsrdma.nfs4.state.opens import ACCESS_WRITE
from storage.backend import Attrs

__all__ = ["Recalls", "callback_path", "check_change", "check_change_named",
           "check_conflicts", "count", "delegated_attrs", "offer"]

log = logging.getLogger("nfsrdma.nfs4.deleg")

OK = S.NFS4_OK
#: The permissions a read delegation carries: none promised beyond the file's own ACL
#: (knfsd sends the same empty ACE; the client checks ACCESS itself).
NO_ACE = p.nfsace4(0, 0, 0, b"")
_recalls: set[asyncio.Task[None]] = set()


def callback_path(server: Nfs4Service, clientid: int) -> SessionCallback | ClientCallback | None:
    """The callback path of client `clientid`: its 4.0 connection, or the back channel of
    one of its sessions (one that is up, else any that has a connection)."""
    clp = server.clients.find(clientid)
    if clp is None:
        return None
    if clp.minor == 0:
        return server.callbacks.by_client.get(clientid)
    paths = [s.cb for s in server.sessions.of_client(clp) if s.cb is not None]
    for cb in paths:
        if cb.up:
            return cb  # type: ignore[no-any-return]
    return next((cb for cb in paths if cb.conns), None)


def count(server: Nfs4Service, event: str) -> None:
    obs = server.callbacks.observer
    on = getattr(obs, "on_delegation", None)
    if on is not None:
        on(event)


def offer(c: Compound, clientid: int, fh: bytes, file: tuple[int, bytes], access: int,
          deny: int, want: int, change: int = 0) -> p.open_delegation4:
    """The delegation OPEN answers with (module docstring): OPEN_DELEGATE_READ or _WRITE,
    or NONE (NONE_EXT with a reason when a 4.1 client said what it wants).  `change`: the
    file's change attribute now (what a write delegation's CB_GETATTR compares with)."""
    server = c.server
    tbl = server.delegs
    wants_none = want in (p.OPEN4_SHARE_ACCESS_WANT_NO_DELEG, p.OPEN4_SHARE_ACCESS_WANT_CANCEL)
    write = bool(access & ACCESS_WRITE)
    wants = want in (0, p.OPEN4_SHARE_ACCESS_WANT_ANY_DELEG) or want == (
        p.OPEN4_SHARE_ACCESS_WANT_WRITE_DELEG if write else p.OPEN4_SHARE_ACCESS_WANT_READ_DELEG)
    if not wants_none and wants and (not write or c.minorversion > 0):
        path = callback_path(server, clientid)

        def others_open(any_access: bool) -> bool:
            # Another client's byte-range lock counts as an open: an NLM client has no open
            # at all, and the holder of a delegation takes its locks without asking
            # (knfsd's lease cannot be set while lockd holds the file open).
            return any(o.owner.client != clientid and (
                any_access or o.access & ACCESS_WRITE or o.deny)
                for o in server.opens.opens_of(file)) or any(
                lk.owner.client != ("v4", clientid) for lk in server.locks.locks(file))

        if path is not None and path.up and tbl.may_grant(file, clientid, access, deny,
                                                           others_open, write):
            d = tbl.grant(file, clientid, fh, write, change)
            clp = server.clients.find(clientid)
            if clp is not None:
                clp.state += 1
            count(server, "granted")
            sid = p.stateid4(*d.state.stateid)
            if write:
                # No space limit promised beyond the file's own (knfsd: NFS_LIMIT_SIZE,
                # the largest size).
                limit = p.nfs_space_limit4(p.NFS_LIMIT_SIZE, 0xFFFF_FFFF_FFFF_FFFF)
                return p.open_delegation4(p.OPEN_DELEGATE_WRITE, p.open_write_delegation4(
                    sid, False, limit, NO_ACE))
            return p.open_delegation4(p.OPEN_DELEGATE_READ, p.open_read_delegation4(
                sid, False, NO_ACE))
    if c.minorversion > 0 and want:
        why = p.WND4_NOT_WANTED if wants_none else (
            p.WND4_CONTENTION if tbl.on_file(file) else p.WND4_RESOURCE)
        # WND4_CONTENTION / WND4_RESOURCE carry ond_server_will_*: no, we never will.
        none = p.open_none_delegation4(
            why, False if why in (p.WND4_CONTENTION, p.WND4_RESOURCE) else None)
        return p.open_delegation4(p.OPEN_DELEGATE_NONE_EXT, none)
    return p.open_delegation4(p.OPEN_DELEGATE_NONE)


def check_conflicts(c: Compound, clientid: int, file: tuple[int, bytes], access: int,
                    deny: int) -> None:
    """Recall every delegation an OPEN (access, deny) by `clientid` conflicts with.

    Raises: Nfs4Error(DELAY) while any is held (RFC 8881 10.4.6).
    """
    server = c.server
    held = server.delegs.conflicts(file, clientid, access, deny)
    if not held:
        return
    recall(server, held)
    raise Nfs4Error(S.NFS4ERR_DELAY)


def recall(server: Nfs4Service, held: Iterable[Delegation]) -> None:
    """Start CB_RECALL of each of `held` not recalled yet (each in a task of its own)."""
    for d in held:
        if server.delegs.recalling(d):
            count(server, "recalled")
            task = asyncio.get_running_loop().create_task(_recall(server, d))
            _recalls.add(task)
            task.add_done_callback(_recalls.discard)


def _by(c: Compound) -> int | None:
    """The client a COMPOUND comes from: its session's (4.1+); None in 4.0, where ops that
    change a file name no client (knfsd's lease breaker is unknown there too)."""
    return c.session.client.clientid if c.minorversion > 0 and c.session is not None else None


def check_change(c: Compound, t: Target, write: bool = True) -> None:
    """Before a v4 change of `t`'s file (SETATTR, LINK; `write` False: a READ with a
    special stateid): recall the other clients' delegations on it (RFC 8881 10.4.6).

    Raises: NfsError(DELAY) while any is held.
    """
    if c.server.delegs:
        check(c.svc.delegations, t, write, _by(c))


async def check_change_named(c: Compound, t: Target, name: bytes) -> None:
    """`check_change` for the object `name` in directory `t` (REMOVE, RENAME).
    Raises: NfsError(DELAY) while a delegation of it is held."""
    if c.server.delegs:
        await check_named(c.svc.delegations, t, name, _by(c))


class Recalls:
    """`core.delegations.Delegations` over this server's table: what NFSv3, NLM and the v4
    ops other than OPEN ask before changing a file (module docstring)."""

    __slots__ = ("_files", "server")

    def __init__(self, server: Nfs4Service) -> None:
        self.server = server
        #: the table's files with delegations (the one dict lookup a change costs).
        self._files = server.delegs.files

    @property
    def outstanding(self) -> bool:
        return bool(self._files)

    def conflicts(self, file_key: tuple[int, bytes], write: bool, by: int | None = None
                  ) -> bool:
        if file_key not in self._files:
            return False
        held = self.server.delegs.changes(file_key, write, by)
        if not held:
            return False
        recall(self.server, held)
        return True


#: What CB_GETATTR asks (RFC 8881 10.4.3: size and change are what the holder must answer).
CB_GETATTR_MASK = make_bitmap((A.CHANGE, A.SIZE))
_U64 = struct.Struct(">Q")


def _cb_values(f: p.fattr4) -> tuple[int | None, int | None]:
    """(change, size) of a CB_GETATTR reply's fattr4 (None: not sent).

    Raises: ValueError when it names an attribute before them (what we cannot skip) or is
    short.
    """
    attrs = decode_bitmap(list(f.attrmask))
    vals = bytes(f.attr_vals)
    change = size = None
    off = 0
    for a in attrs:
        if a < A.CHANGE:
            raise ValueError(f"CB_GETATTR answered attribute {a}")
        if a > A.SIZE:
            break
        (v,) = _U64.unpack_from(vals, off)
        off += 8
        if a == A.CHANGE:
            change = v
        else:
            size = v
    return change, size


async def delegated_attrs(c: Compound, a: Attrs, request: list[int]
                          ) -> tuple[Attrs, int | None]:
    """The attributes a GETATTR of the current file serves when another client holds a
    write delegation on it (module docstring, RFC 8881 10.4.3): the holder's size, and a
    change attribute that moved when the holder changed the file.

    Returns: (attributes, change attribute to serve or None: the file's own).

    Raises: Nfs4Error(DELAY) when the holder did not answer CB_GETATTR (the delegation is
    recalled).
    """
    fh = c.fh()
    if fh.export is None or (A.CHANGE not in request and A.SIZE not in request):
        return a, None
    server = c.server
    d = server.delegs.write_deleg((fh.export.id, fh.fid), _by(c))
    if d is None:
        return a, None
    path = callback_path(server, d.client)
    op_ = p.nfs_cb_argop4(CB.OP_CB_GETATTR, p.CB_GETATTR4args(d.fh, CB_GETATTR_MASK))
    try:
        if path is None:
            raise CallbackFailed("down", "no callback path")
        res = await path.call([op_])
        last = res.resarray[-1] if res.resarray else None
        if res.status != OK or last is None or last.tag != CB.OP_CB_GETATTR:
            raise CallbackFailed("bad_reply", S(res.status).name)
        change, size = _cb_values(last.value.resok4.obj_attributes)
    except (CallbackFailed, ValueError, struct.error) as e:
        log.info("CB_GETATTR to client %#x failed (%s): recalling", d.client, e)
        if not d.revoked and d in server.delegs.on_file(d.file):
            recall(server, [d])
        raise Nfs4Error(S.NFS4ERR_DELAY) from None
    served, served_size = server.delegs.cb_attrs(d, change, size, change_of(a), a.size)
    return dataclasses.replace(a, size=served_size), served


async def _recall(server: Nfs4Service, d: Delegation) -> None:
    """CB_RECALL of `d` on its client's callback path (RFC 8881 20.2).  Any failure leaves
    the delegation to the lease timer (module docstring)."""
    path = callback_path(server, d.client)
    if path is None:
        log.info("no callback path to recall delegation %s of client %#x",
                 d.state.other.hex(), d.client)
        return
    recall = p.nfs_cb_argop4(CB.OP_CB_RECALL, p.CB_RECALL4args(
        p.stateid4(*d.state.stateid), False, d.fh))
    try:
        res = await path.call([recall])
    except CallbackFailed as e:
        log.info("CB_RECALL to client %#x failed: %s", d.client, e)
        return
    if res.status != OK:
        log.info("CB_RECALL to client %#x answered %s", d.client, S(res.status).name)
