"""Server configuration: one dataclass filled from the command line (or by tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: Environment variable that moves the embedded default export (tests, packaging).
DEFAULT_EXPORT_ENV = "NFSRDMA_DEFAULT_EXPORT"


def default_export_dir() -> Path:
    """The embedded default export: $NFSRDMA_DEFAULT_EXPORT, else /srv/nfsrdma as root, else
    under the user's data dir."""
    env = os.environ.get(DEFAULT_EXPORT_ENV)
    if env:
        return Path(env)
    if os.geteuid() == 0:
        return Path("/srv/nfsrdma")
    return Path.home() / ".local/share/nfsrdma/export"


def default_state_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/var/lib/nfsrdma")
    return Path.home() / ".local/share/nfsrdma/state"


@dataclass
class WorkerRole:
    """What a worker process of `--workers N` is told by its supervisor (docs/workers.md)."""

    index: int  # 0..count-1; worker 0 holds NFSv4, NLM/NSM, MOUNT, the portmapper and RDMA
    count: int
    write_verifier: bytes  # the supervisor's: one verifier for every worker and restart
    ports: dict[str, int]  # the listeners the supervisor bound (name -> port)
    portmapper_serving: bool = False

    @property
    def holds_state(self) -> bool:
        """This worker serves the stateful programs (every call not NFSv3 is routed here)."""
        return self.index == 0


@dataclass
class ServerConfig:
    exports_file: Path | None = None
    export_paths: list[Path] = field(default_factory=list)
    # True when export_paths is the embedded default (no --exports/--export): it is then
    # exported all_squash to the directory's owner instead of the --export dev options.
    default_export: bool = False
    listen: list[str] = field(default_factory=lambda: ["0.0.0.0"])
    nfs_port: int = 2049
    mount_port: int = 20048
    rdma_port: int = 20049
    rdma: str = "auto"  # auto: on when a device exists | on | off
    verbs: str = "auto"  # auto | pyverbs | soft
    dma_backend: str = "auto"  # auto | iova | mr | per-page
    credits: int = 128
    inline_size: int = 4096
    state_dir: Path = field(default_factory=default_state_dir)
    storage: str = "vfs"  # vfs | memory | cephfs
    # --storage cephfs: the cluster's ceph.conf, the client id (client.<id>) and its keyring
    # (None: the one ceph.conf names); export paths then name CephFS directories.
    ceph_conf: Path = Path("/etc/ceph/ceph.conf")
    ceph_id: str = "admin"
    ceph_keyring: Path | None = None
    # Clustered gateways (--cluster-name; nfsrdma.cluster): the cluster's name (None: a lone
    # server), this gateway's stable name in it, the RADOS pool of the shared grace and
    # records, and how long a silent gateway counts as alive.
    cluster_name: str | None = None
    node_id: str = "localhost"
    ceph_recovery_pool: str = "nfsrdma"
    cluster_lease: float = 20.0
    pool_mib: int = 256
    io_threads: int | None = None  # storage thread pool size (None: storage's default)
    max_record: int = (1 << 20) + 64 * 1024
    # Hostile clients (transport.budget): per listener connection cap, seconds before an idle
    # connection is closed (0: never; knfsd closes idle TCP connections after 6 minutes),
    # seconds a peer may hold pages without progress; per connection / per address budgets
    # (None: derived from the pool, see transport.budget.Limits.for_pool).
    max_connections: int = 1024
    idle_timeout: float = 360.0
    stall_timeout: float = 30.0
    conn_pool_pages: int | None = None
    client_pool_pages: int | None = None
    conn_reply_kib: int | None = None
    # Calls busy at once (started, reply not yet built) per client address and in all
    # (0: no cap in all): the loop's turns (transport.budget).
    client_running_calls: int = 4
    running_calls: int = 8
    metrics_port: int | None = None
    portmapper: bool = False
    register_rpcbind: bool = True
    log_level: str = "INFO"
    # NFSv4 is served only when asked: it is not complete yet (no LOCK, back channel), and a kernel client mounting without vers= would land
    # on a half-working v4.2 instead of falling back to a complete v3 (PROG_MISMATCH 3..3).
    nfs4: bool = True
    # NLM (lock manager, 100021 v1/v3/v4) and NSM (status monitor, 100024) for NFSv3 locks.
    nlm: bool = True
    # Their own TCP port; None serves (and registers) them on the NFS port only.  The CLI's
    # default is 4045, lockd's traditional port.
    nlm_port: int | None = None
    # Where a client's rpcbind is asked for its lock manager and status monitor (NLM_GRANTED
    # callbacks, SM_NOTIFY after a restart); 111 except in tests.
    peer_rpcbind_port: int = 111
    lease_time: float = 90.0  # NFSv4 lease, seconds (knfsd's default)
    # NFSv4 delegations handed out (False: none, as knfsd's leases-enable=0; recalls of
    # nothing then cost nothing).
    delegations: bool = True
    grace_time: float = 90.0  # NFSv4 grace period after a restart, seconds
    nfs4_domain: str | None = None  # NFSv4 id domain (None: the host's DNS domain)
    nfs4_idmap: str = "numeric"  # owner strings sent: numeric | names (name@domain)
    # --workers N: processes serving calls (1: this process, as always; docs/workers.md).
    workers: int = 1
    # Set in a worker process by its supervisor: listen on nothing, adopt what is handed over.
    worker: WorkerRole | None = None
