"""Read delegations: granted by OPEN, recalled when another client's OPEN conflicts (RFC
8881 10.2, 10.4, 20.2; RFC 7530 10.4).  DELEGRETURN is `nfs4.ops.deleg`.

Operation: the state (`nfs4.state.delegations`) decides; this module asks it and sends.
OPEN calls `offer` once the open is recorded: a read delegation when the table allows it
and the client's callback path is up (RFC 8881 10.2.1: no delegation without a way to
recall it).  Before recording an open, OPEN calls `check_conflicts`: every other client's
delegation the open conflicts with is recalled (CB_RECALL through that client's
`nfs4.callback` path, in a task of its own) and the OPEN is answered NFS4ERR_DELAY; the
client retries until DELEGRETURN, or the lease timer revokes the delegation a lease after
the recall (`Nfs4Service.sweep`).  A recall that cannot be sent changes nothing: the
delegation is revoked on the same schedule.
"""

from __future__ import annotations

import asyncio
import logging

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_cb_opnum4 as CB
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.callback import CallbackFailed, ClientCallback, SessionCallback
from nfsrdma.nfs4.compound import Compound, Nfs4Service
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.delegations import Delegation
from nfsrdma.nfs4.state.opens import ACCESS_WRITE

__all__ = ["callback_path", "check_conflicts", "count", "offer"]

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
          deny: int, want: int) -> p.open_delegation4:
    """The delegation OPEN answers with (module docstring): OPEN_DELEGATE_READ, or NONE
    (NONE_EXT with a reason when a 4.1 client said what it wants)."""
    server = c.server
    tbl = server.delegs
    wants_none = want in (p.OPEN4_SHARE_ACCESS_WANT_NO_DELEG, p.OPEN4_SHARE_ACCESS_WANT_CANCEL)
    wants_read = want in (0, p.OPEN4_SHARE_ACCESS_WANT_READ_DELEG,
                          p.OPEN4_SHARE_ACCESS_WANT_ANY_DELEG)
    if not wants_none and wants_read:
        path = callback_path(server, clientid)

        def others_open() -> bool:
            return any(o.owner.client != clientid and (o.access & ACCESS_WRITE or o.deny)
                       for o in server.opens.opens_of(file))

        if path is not None and path.up and tbl.may_grant(file, clientid, access, deny,
                                                           others_open):
            d = tbl.grant(file, clientid, fh)
            clp = server.clients.find(clientid)
            if clp is not None:
                clp.state += 1
            count(server, "granted")
            return p.open_delegation4(p.OPEN_DELEGATE_READ, p.open_read_delegation4(
                p.stateid4(*d.state.stateid), False, NO_ACE))
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
    for d in held:
        if server.delegs.recalling(d):
            count(server, "recalled")
            task = asyncio.get_running_loop().create_task(_recall(server, d))
            _recalls.add(task)
            task.add_done_callback(_recalls.discard)
    raise Nfs4Error(S.NFS4ERR_DELAY)


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
