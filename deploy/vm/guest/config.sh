# Settings of the in-guest e2e tests, sourced by e2e.sh. Every value can be overridden by the
# host (run-e2e writes /host-run/job.env, sourced before this file).
#
# The nfsrdma server command line, in ONE place. $BACKEND is the DMA backend under test
# (iova | mr | per-page); it is expanded when the server is started (eval), from /host.
: "${NFSRDMA_SERVER_CMD:=python3 -m nfsrdma serve --export /srv/nfsrdma --listen 10.99.0.1 --nfs-port 2049 --mount-port 20048 --rdma-port 20049 --verbs pyverbs --dma-backend \$BACKEND --metrics-port 9100 --state-dir /var/lib/nfsrdma}"
# Prometheus counter of RDMA read/write contexts, labelled by backend; --quick requires
# sum(NAME{backend="B",...}) > 0 after the workload with --dma-backend B.
: "${METRIC_CONTEXTS:=nfsrdma_rdma_contexts_total}"
: "${METRICS_URL:=http://10.99.0.1:9100/metrics}"
: "${BACKENDS:=iova mr per-page}"
: "${FIO_BACKEND:=iova}"               # backend used for --fio / --recovery
: "${SERVER_START_TIMEOUT:=240}"       # python under TCG is slow to start

: "${SERVER_IP:=10.99.0.1}"
: "${NFS_PORT:=2049}"
: "${RDMA_PORT:=20049}"
: "${MOUNT_PORT:=20048}"
: "${NFSRDMA_EXPORT:=/srv/nfsrdma}"    # tmpfs, like knfsd's /export
: "${KNFSD_EXPORT:=/export}"
: "${EXPORT_SIZE:=1536M}"
: "${MNT:=/mnt/nfs}"
: "${MTU:=1500}"
# mount options; PROTO/PORT are filled in per transport. MOUNT goes over TCP (to port 20048),
# only NFS itself uses RDMA.
: "${MOUNT_OPTS_EXTRA:=hard}"

: "${FIO_RUNTIME:=8}"
: "${FIO_SIZE:=512M}"
: "${FIO_WORKLOADS:=seqwrite seqread randread randwrite}"
: "${FIO_TRANSPORTS:=rdma tcp}"        # NFS-Ganesha: tcp only (no RDMA in Debian's libntirpc)
: "${FIO_SERVERS:=knfsd ganesha nfsrdma}"  # run one after another (one set of ports)
: "${FIO_VERSIONS:=3 4.1}"             # mount vers= per server and transport
: "${FIO_RECOVERY:=1}"                 # the kill -9 recovery check after nfsrdma's fio runs
: "${GANESHA_EXPORT:=/srv/ganesha}"     # tmpfs, like the other two

: "${QUICK_BIG_MB:=256}"
: "${QUICK_DIR_ENTRIES:=5000}"         # the size; created, listed and rm -rf'd through
                                       # the mount: ~3.5 min per backend under TCG since READDIR
                                       # cookies are name hashes (6 min before: rm -rf restarted)
: "${QUICK_MORE_DIR_ENTRIES:=$QUICK_DIR_ENTRIES}"  # the same for the backends after the first
                                       # (CI sets it lower: the listing code does not depend
                                       # on the DMA backend, and each 5,000 costs ~3.5 min)
: "${QUICK_DOC_DIRS:=40}"              # /usr/share/doc/<pkg> dirs copied into the tree
: "${QUICK_DOC_DIR_MAX:=100}"          # ... each of at most this many entries (git's has 631)

: "${RECOVERY_SIZE:=192M}"
: "${RECOVERY_KILL_AFTER:=4}"          # seconds of fio before kill -9
: "${RECOVERY_DOWN:=3}"                # seconds the server stays dead
: "${RECOVERY_TIMEOUT:=420}"

# --v4: what the server adds to NFSRDMA_SERVER_CMD, the mounts (VERS:PROTO; "default" = no
# vers=, which must land on 4.2), and the directory size for the mounts after the first (the
# first runs QUICK_DIR_ENTRIES; by default all of them do, as the issue asks: the 5,000-entry
# directory costs ~3-4 minutes per mount under TCG, set it lower for a shorter run).
: "${V4_SERVER_ARGS:=--nfs4 --lease-time 20 --grace-time 20}"
: "${V4_MOUNTS:=default:rdma default:tcp 4.1:rdma 4.0:rdma 4.0:tcp}"
: "${V4_MORE_DIR_ENTRIES:=$QUICK_DIR_ENTRIES}"
: "${V4_RECOVERY:=1}"

# --deleg: the transports of the v4 mount whose delegations a v3 mount's writes recall
: "${DELEG_TRANSPORTS:=rdma tcp}"
# ... and the file workload's runs: with delegations ("on") and with --no-delegations ("off")
: "${DELEG_FIGURES=on off}"  # may be set empty: no workload

# --locks: pairs of NFSv4 VERSION:TRANSPORT mounts, holder's and contender's (two clients)
: "${LOCK_MOUNTS:=4.1:rdma,4.0:tcp 4.2:tcp,4.1:rdma}"
