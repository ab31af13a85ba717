"""`nfsrdma` command line: `serve` runs the server, `bench` measures it, `stats` and
`exports` read a running one (nfsstat and exportfs -v)."""

from __future__ import annotations

import argparse
import logging
import socket
import sys
from pathlib import Path

from nfsrdma.config import (
    DEFAULT_EXPORT_ENV,
    ServerConfig,
    default_export_dir,
    default_state_dir,
)


def _serve_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="run the NFS server",
        description=(
            "Serve NFSv3 + MOUNTv3 over TCP and, when an RDMA device exists (or --verbs soft), "
            "over RPC-over-RDMA v1. With no --exports/--export it exports "
            f"{default_export_dir()} (created if missing; ${DEFAULT_EXPORT_ENV} moves it) "
            "read-write to everyone with every caller squashed to the directory's owner "
            "(rw,all_squash,anonuid=OWNER,anongid=GROUP,insecure; a root-owned directory is "
            "first given to nobody). Narrow or widen it with --exports FILE."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    g = p.add_argument_group("exports and storage")
    g.add_argument("--exports", type=Path, metavar="FILE",
                   help="exports(5) file: '/path host(opts) 10.0.0.0/8(opts) *(opts)'; "
                        "re-read on SIGHUP (exportfs -r: a bad file is logged, the exports in "
                        "force stay)")
    g.add_argument("--export", type=Path, action="append", default=[], metavar="PATH",
                   help="export PATH to everyone with rw,no_root_squash,insecure (repeatable)")
    g.add_argument("--storage", choices=["vfs", "memory", "cephfs"], default="vfs",
                   help="vfs: the exported local directories; memory: an in-memory "
                        "filesystem; cephfs: directories of a CephFS (libcephfs), named by "
                        "--ceph-path or the --exports file")
    c = p.add_argument_group("CephFS (--storage cephfs)")
    c.add_argument("--ceph-conf", type=Path, default=Path("/etc/ceph/ceph.conf"),
                   metavar="FILE", help="the cluster's ceph.conf (monitors, auth)")
    c.add_argument("--ceph-path", action="append", default=[], metavar="PATH",
                   help="a CephFS directory to export to everyone with "
                        "rw,no_root_squash,insecure, mounted by clients as PATH (repeatable; "
                        "the cephfs counterpart of --export)")
    c.add_argument("--ceph-id", default="admin", metavar="NAME",
                   help="the CephX client the server authenticates as (client.NAME)")
    c.add_argument("--ceph-keyring", type=Path, metavar="FILE",
                   help="that client's keyring (default: the one ceph.conf names)")
    c.add_argument("--cluster-name", metavar="NAME",
                   help="serve as one gateway of the cluster NAME: gateways with the same name "
                        "(on the same CephFS) share one grace period and the NFSv4 client "
                        "records in RADOS, so a client of a gateway that died or restarted "
                        "reclaims its opens and locks on any of them")
    c.add_argument("--node-id", metavar="ID",
                   help="this gateway's name in the cluster, stable across its restarts "
                        "(default: the host name); its CephFS sessions are taken over by it")
    c.add_argument("--ceph-recovery-pool", default="nfsrdma", metavar="POOL",
                   help="the RADOS pool of the cluster's grace object and client records "
                        "(created when missing; one namespace per --cluster-name)")
    c.add_argument("--cluster-lease", type=float, default=20.0, metavar="SECONDS",
                   help="a gateway silent this long (no heartbeat in RADOS) is taken as dead: "
                        "another starts a grace for its clients")
    g.add_argument("--state-dir", type=Path, default=default_state_dir(),
                   help="server secret (authenticates file handles across restarts), rmtab")
    g.add_argument("--nfs4", action=argparse.BooleanOptionalAction, default=True,
                   help="serve NFSv4.0/4.1/4.2 beside NFSv3 (--no-nfs4: v3 only; a v4 mount then "
                        "gets PROG_MISMATCH and the Linux client falls back to NFSv3)")
    g.add_argument("--delegations", action=argparse.BooleanOptionalAction, default=True,
                   help="hand NFSv4 clients read and write delegations (--no-delegations: "
                        "none, every open and attribute check goes to the server)")
    g.add_argument("--lease-time", type=float, default=90.0, metavar="SECONDS",
                   help="NFSv4 lease: a client silent this long loses its state")
    g.add_argument("--grace-time", type=float, default=90.0, metavar="SECONDS",
                   help="grace period after a restart, for clients to reclaim their state: "
                        "NFSv4 (ends early once every recorded client has) and NLM locks (when "
                        "clients were monitored)")
    g.add_argument("--nfs4-domain", metavar="DOMAIN",
                   help="NFSv4 id domain: owner strings user@DOMAIN are mapped through "
                        "passwd/group (default: the host's DNS domain, else localdomain)")
    g.add_argument("--nfs4-idmap", choices=["numeric", "names"], default="numeric",
                   help="owner strings the server sends: numeric uids/gids (what Linux "
                        "AUTH_SYS clients expect) or user@DOMAIN; both are accepted")
    g.add_argument("--io-threads", type=int, default=None,
                   help="threads for blocking storage calls: fsync, large reads and writes, "
                        "huge directory scans (default: 4 per core, at most 32)")
    g.add_argument("--pool-mib", type=int, default=256,
                   help="page pool size; bounds payload memory (back-pressure when full)")
    n = p.add_argument_group("network")
    n.add_argument("--listen", action="append", metavar="ADDR",
                   help="address to listen on (repeatable; default 0.0.0.0 and ::)")
    n.add_argument("--nfs-port", type=int, default=2049)
    n.add_argument("--mount-port", type=int, default=20048)
    n.add_argument("--portmapper", action="store_true",
                   help="serve PMAP v2 and rpcbind v3/v4 on port 111 ourselves")
    n.add_argument("--nlm-port", type=int, default=4045,
                   help="TCP port of the lock manager (NLM v1/v3/v4) and status monitor (NSM) "
                        "for NFSv3 locks; 4045 is lockd's traditional port (0: any free port)")
    n.add_argument("--no-nlm", action="store_true",
                   help="serve no NLM/NSM (NFSv3 clients then need -o nolock or local locks)")
    n.add_argument("--peer-rpcbind-port", type=int, default=111,
                   help="port of a client's rpcbind, asked where its lock manager and status "
                        "monitor listen (NLM_GRANTED, SM_NOTIFY calls to it); tests move it")
    n.add_argument("--no-rpcbind", action="store_true",
                   help="do not register MOUNT/NFS with a running rpcbind")
    n.add_argument("--max-record", type=int, default=(1 << 20) + 64 * 1024,
                   help="largest RPC record accepted over TCP, bytes")
    h = p.add_argument_group(
        "hostile clients",
        "What one connection and one client address may make the server hold; past it the "
        "connection is not read (no new calls) until it holds less.")
    h.add_argument("--max-connections", type=int, default=1024, metavar="N",
                   help="connections per TCP listener; at the cap the longest-idle one is "
                        "closed for a new one, which is refused only when all are busy")
    h.add_argument("--idle-timeout", type=float, default=360.0, metavar="SECONDS",
                   help="close a connection idle this long (0: never)")
    h.add_argument("--stall-timeout", type=float, default=30.0, metavar="SECONDS",
                   help="close a connection that holds pool pages and makes no progress "
                        "(a record it does not finish, replies it does not read) this long")
    h.add_argument("--conn-pool-pages", type=int, metavar="PAGES",
                   help="pool pages one connection may pin: received records, running calls' "
                        "reply estimates, unsent replies (default: 1/8 of the pool, at most "
                        "2048)")
    h.add_argument("--client-pool-pages", type=int, metavar="PAGES",
                   help="the same for all connections of one client address (default: half "
                        "the pool)")
    h.add_argument("--conn-reply-kib", type=int, metavar="KIB",
                   help="unsent reply bytes outside the pool per connection (default: 256)")
    h.add_argument("--client-running-calls", type=int, default=4, metavar="N",
                   help="calls one client address may have started and not yet answered "
                        "(over all its connections); the rest wait their turn")
    h.add_argument("--running-calls", type=int, default=8, metavar="N",
                   help="the same for all addresses together (0: no cap): addresses "
                        "refused a start take freed slots round-robin, and one with none "
                        "running may start one beyond the cap (up to 4 more)")
    r = p.add_argument_group("RPC-over-RDMA (RFC 8166/8267/8797)")
    r.add_argument("--rdma", choices=["auto", "on", "off"], default="auto",
                   help="auto: on when a device exists (always with --verbs soft)")
    r.add_argument("--rdma-port", type=int, default=20049)
    r.add_argument("--verbs", choices=["auto", "pyverbs", "soft"], default="auto",
                   help="pyverbs: a real device (rxe/RoCE/IB); soft: the software RC fabric")
    r.add_argument("--dma-backend", choices=["auto", "iova", "mr", "per-page"], default="auto",
                   help="how payloads are mapped: auto tries iova, then mr, then per-page")
    r.add_argument("--credits", type=int, default=128, help="max credits granted per connection")
    r.add_argument("--inline-size", type=int, default=4096,
                   help="receive buffer / inline threshold, bytes")
    o = p.add_argument_group("operations")
    o.add_argument("--metrics-port", type=int, help="serve Prometheus metrics on this port")
    o.add_argument("--workers", type=int, default=1, metavar="N",
                   help="processes serving calls (one core each): a supervisor hands each TCP "
                        "connection to a worker, NFSv3 by client address, NFSv4/NLM/MOUNT/RDMA "
                        "to worker 0; with N > 1 no delegations and --storage vfs only "
                        "(docs/workers.md)")
    o.add_argument("--log-level", default="INFO",
                   choices=["DEBUG", "INFO", "WARNING", "ERROR"])


def config_from_args(a: argparse.Namespace) -> ServerConfig:
    exports = list(a.export) + list(a.ceph_path)
    default = a.exports is None and not exports
    if a.storage == "cephfs" and default:
        raise SystemExit("nfsrdma: --storage cephfs needs --ceph-path PATH or --exports FILE "
                         "(the CephFS directories to export)")
    if a.workers < 1:
        raise SystemExit("nfsrdma: --workers must be at least 1")
    if a.cluster_name is not None and a.storage != "cephfs":
        raise SystemExit("nfsrdma: --cluster-name needs --storage cephfs (the gateways share a "
                         "CephFS and keep their grace in its RADOS)")
    if a.cluster_name is not None and a.workers > 1:
        raise SystemExit("nfsrdma: --cluster-name takes one process per gateway (--workers 1): "
                         "workers of one node would end each other's CephFS sessions")
    if default:
        exports = [default_export_dir()]
    return ServerConfig(
        exports_file=a.exports,
        export_paths=exports,
        default_export=default,
        listen=a.listen or ["0.0.0.0", "::"],
        nfs_port=a.nfs_port,
        mount_port=a.mount_port,
        rdma_port=a.rdma_port,
        rdma=a.rdma,
        verbs=a.verbs,
        dma_backend=a.dma_backend,
        credits=a.credits,
        inline_size=a.inline_size,
        state_dir=a.state_dir,
        storage=a.storage,
        ceph_conf=a.ceph_conf,
        ceph_id=a.ceph_id,
        ceph_keyring=a.ceph_keyring,
        cluster_name=a.cluster_name,
        node_id=a.node_id or socket.gethostname(),
        ceph_recovery_pool=a.ceph_recovery_pool,
        cluster_lease=a.cluster_lease,
        pool_mib=a.pool_mib,
        io_threads=a.io_threads,
        max_record=a.max_record,
        max_connections=a.max_connections,
        idle_timeout=a.idle_timeout,
        stall_timeout=a.stall_timeout,
        conn_pool_pages=a.conn_pool_pages,
        client_pool_pages=a.client_pool_pages,
        conn_reply_kib=a.conn_reply_kib,
        client_running_calls=a.client_running_calls,
        running_calls=a.running_calls,
        nfs4=a.nfs4,
        lease_time=a.lease_time,
        delegations=a.delegations,
        grace_time=a.grace_time,
        nfs4_domain=a.nfs4_domain,
        nfs4_idmap=a.nfs4_idmap,
        metrics_port=a.metrics_port,
        portmapper=a.portmapper,
        nlm=not a.no_nlm,
        nlm_port=a.nlm_port,
        peer_rpcbind_port=a.peer_rpcbind_port,
        register_rpcbind=not a.no_rpcbind,
        log_level=a.log_level,
        workers=a.workers,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="nfsrdma",
        description="A userspace NFS server over TCP and RPC-over-RDMA (svcrdma in userspace).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _serve_parser(sub)
    from nfsrdma.admin import exportlist, ping, stats
    from nfsrdma.bench import add_parser as add_bench_parser

    add_bench_parser(sub)
    stats.add_parser(sub)
    exportlist.add_parser(sub)
    ping.add_parser(sub)
    # No abbreviated options: `serve --port 2049` would otherwise be read as --portmapper
    # followed by a stray argument, `--nfs` as whichever --nfs* option was added first.
    for p in (parser, *sub.choices.values()):
        p.allow_abbrev = False
    args = parser.parse_args(argv)
    if args.command == "ping":
        return ping.run(args)
    if args.command == "stats":
        return stats.run(args)
    if args.command == "exports":
        return exportlist.run(args)
    logging.basicConfig(
        level=getattr(args, "log_level", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command == "serve":
        cfg = config_from_args(args)
        if cfg.workers > 1:
            from nfsrdma.workers import supervise

            return supervise(cfg)
        from nfsrdma.server import serve_forever

        return serve_forever(cfg)
    from nfsrdma.bench import run as run_bench

    return run_bench(args)


if __name__ == "__main__":
    sys.exit(main())
