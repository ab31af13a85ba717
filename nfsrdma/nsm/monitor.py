"""The server's status monitor (NSM, "statd") as a table: who to tell when we restart, and
whose locks go when they restart (sans-I/O).

Rules (XNFS status monitor chapter; nfs-utils statd and sm-notify; knfsd fs/lockd/mon.c):

- The state number is odd while the host is up and grows at every start (`next_state`), so a
  peer seeing a larger number knows we restarted.
- A client host is monitored from its first monitored lock or share (NLM LOCK, not NM_LOCK):
  `monitor(name, addr, server_addr)` records its caller_name, its address and the address it
  reached us at.  A record is persisted (`nsm.store`) before the lock is granted, so a
  restart that loses the lock still knows whom to tell.
- At a start the recorded hosts of the previous instance are the ones to notify
  (SM_NOTIFY with our new state, named by the address they used for us, as the Linux client
  monitors its server by address); each record goes once its notify is answered or given up.
- A peer's SM_NOTIFY (it restarted) frees what that host held (`rebooted` returns the
  caller_names whose locks to drop): by name, or by a recorded address equal to the name,
  and only when it comes from that host's recorded address or from loopback (lockd, too,
  frees only the calling host's locks on FREE_ALL).
  A repeat of the same state number is a retransmission and frees nothing more, so locks the
  client takes after its reboot survive a late duplicate.
- SM_MON from a local program (the XNFS interface: call back ``my_id`` when ``mon_name``
  restarts) adds a watcher; SM_UNMON / SM_UNMON_ALL remove them.  Watchers live in memory
  (a caller re-registers after our restart, as it must re-monitor after statd's).
- Bounded memory: at most ``max_hosts`` monitored hosts and watchers each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["MAX_HOSTS", "HostRecord", "MonitorFull", "StatusMonitor", "Watcher", "next_state"]

#: Monitored hosts kept: a server has as many lock clients as mounts; 4096 bounds a flood of
#: made-up caller names to a few hundred KiB and as many small files.
MAX_HOSTS = 4096


class MonitorFull(Exception):
    """No room for another monitored host (NLM answers DENIED_NOLOCKS)."""


def next_state(previous: int) -> int:
    """The state number after a start: the next odd number above ``previous``."""
    return previous + 1 if previous % 2 == 0 else previous + 2


@dataclass(slots=True)
class HostRecord:
    """A monitored client host: its NLM caller_name, its address, the address it used for us."""

    name: bytes
    addr: str
    server_addr: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name.hex(), "addr": self.addr, "server_addr": self.server_addr}

    @classmethod
    def from_json(cls, d: dict[str, str]) -> HostRecord:
        return cls(bytes.fromhex(d["name"]), str(d["addr"]), str(d["server_addr"]))


@dataclass(frozen=True, slots=True)
class Watcher:
    """An SM_MON registration: call ``my_prog``/``my_vers``/``my_proc`` on ``my_name`` with
    ``priv`` when ``mon_name`` restarts."""

    mon_name: bytes
    my_name: bytes
    my_prog: int
    my_vers: int
    my_proc: int
    priv: bytes = field(compare=False)


class StatusMonitor:
    """Our state number, the monitored hosts and the SM_MON watchers."""

    __slots__ = ("_peer_states", "hosts", "max_hosts", "state", "watchers")

    def __init__(self, state: int, max_hosts: int = MAX_HOSTS) -> None:
        self.state = state
        self.max_hosts = max_hosts
        self.hosts: dict[bytes, HostRecord] = {}
        self.watchers: dict[tuple[bytes, bytes, int, int, int], Watcher] = {}
        self._peer_states: dict[bytes, int] = {}

    def monitor(self, name: bytes, addr: str, server_addr: str) -> HostRecord | None:
        """Record a client host that takes a monitored lock.

        Returns: the new or changed record to persist, or None when it is already recorded.
        Raises: MonitorFull past ``max_hosts``.
        """
        old = self.hosts.get(name)
        if old is not None and (old.addr, old.server_addr) == (addr, server_addr):
            return None
        if old is None and len(self.hosts) >= self.max_hosts:
            raise MonitorFull(name)
        rec = self.hosts[name] = HostRecord(name, addr, server_addr)
        return rec

    def unmonitor(self, name: bytes) -> HostRecord | None:
        """Forget a host (its record is to be removed); None if it was not monitored."""
        return self.hosts.pop(name, None)

    def rebooted(self, mon_name: bytes, state: int, caller: str | None) -> list[bytes]:
        """A peer's SM_NOTIFY (or NLM FREE_ALL): the caller_names whose locks and shares to
        free.  ``caller``: the notifying address, or None for a trusted (loopback) caller.
        Only hosts recorded with the caller's address go (a third party cannot free another
        host's locks); a trusted caller frees the hosts so named, recorded or not.  Empty for
        a retransmission of a state already seen."""
        if self._peer_states.get(mon_name) == state:
            return []
        text = mon_name.decode("latin-1")
        names = [n for n, rec in self.hosts.items()
                 if (n == mon_name or rec.addr == text) and caller in (None, rec.addr)]
        if caller is None and mon_name not in names:
            names.append(mon_name)  # an NM_LOCK client: not recorded, freed by name
        if names:
            if mon_name not in self._peer_states and len(self._peer_states) >= self.max_hosts:
                self._peer_states.clear()  # it only dedups retransmissions: forgetting is safe
            self._peer_states[mon_name] = state
        return names

    def watch(self, w: Watcher) -> None:
        """SM_MON.  Raises: MonitorFull past ``max_hosts`` watchers."""
        key = (w.mon_name, w.my_name, w.my_prog, w.my_vers, w.my_proc)
        if key not in self.watchers and len(self.watchers) >= self.max_hosts:
            raise MonitorFull(w.mon_name)
        self.watchers[key] = w

    def unwatch(self, mon_name: bytes, my_name: bytes, prog: int, vers: int, proc: int) -> None:
        """SM_UNMON."""
        self.watchers.pop((mon_name, my_name, prog, vers, proc), None)

    def unwatch_all(self, my_name: bytes, prog: int, vers: int, proc: int) -> None:
        """SM_UNMON_ALL: every watcher registered by that caller."""
        for key in [k for k in self.watchers if k[1:] == (my_name, prog, vers, proc)]:
            del self.watchers[key]

    def watchers_of(self, mon_name: bytes) -> list[Watcher]:
        """The watchers to call back when ``mon_name`` restarts."""
        return [w for w in self.watchers.values() if w.mon_name == mon_name]
