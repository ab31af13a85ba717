# The --nlm profile (sourced by e2e.sh): NFSv3 file locks of the guest's kernel client served
# by nfsrdma's NLM v4 and NSM, over TCP and RDMA mounts.
#
# The trap of a one-guest test: the client's own kernel lockd registers NLM (100021) with the
# guest's rpcbind, so a server sharing that rpcbind is bypassed (or its registration taken
# over) and the kernel answers the locks.  So:
#   netns   nfsrdma runs in its own network namespace (veth pair, 10.99.1.2 there, 10.99.1.1
#           here) with --portmapper: its own portmapper on port 111 of that namespace; the
#           client (kernel NFS client, lockd, rpcbind, rpc.statd) stays in the root namespace.
#   root    RDMA: rxe in this kernel (6.1) opens its UDP socket in the initial namespace only,
#           so rdma_cm does not connect into another namespace (probed below, evidence in
#           logs/nlm-rdma-netns.log).  nfsrdma then runs in the root namespace on 10.99.0.1
#           with --portmapper bound to that address only; the guest's rpcbind is restricted to
#           127.0.0.1, 10.99.0.2 (the client's address) and 10.99.1.1 (nlm-rpcbind.py), and
#           TCP to 10.99.0.1 is routed with source 10.99.0.2 (a policy rule), so the client's
#           NLM calls come from 10.99.0.2 and the server's NLM_GRANTED and SM_NOTIFY (sent
#           from 10.99.0.1) reach the client's rpcbind, lockd and statd there; NFS itself
#           goes over RDMA from 10.99.0.1 (rxe loops back only between equal addresses).
# In both, the server's metrics prove that nfsrdma answered: nfsrdma_rpc_calls_total with
# program="nlockmgr" (LOCK, TEST, UNLOCK, CANCEL) and nfsrdma_lock_calls_out_total
# {call="GRANTED"}; `rpcinfo -p SERVER` lists nlockmgr on --nlm-port.
#
# Per transport: two mounts of the export (the second with nosharecache: two superblocks, so
# the client asks the server about every conflict) and guest/nlmtest.py: fcntl conflict
# (EAGAIN) and F_GETLK, byte ranges, a blocked F_SETLKW granted by NLM_GRANTED, flock conflict
# and a blocked flock granted; an NFSv4.1 mount beside them: an NLM lock excludes an NFSv4
# LOCK and the other way round.  Then a restart: a process holds a lock, the server is killed
# (-9) and started again; its SM_NOTIFY reaches the client's statd, the client reclaims in the
# grace period (a LOCK counted by the new instance), and after the grace the lock still
# excludes another locker; once the holder exits the range is free.

: "${NLM_NS:=nfsrdma-srv}"
: "${NLM_NS_SERVER_IP:=10.99.1.2}"     # nfsrdma in its namespace
: "${NLM_NS_CLIENT_IP:=10.99.1.1}"     # the root namespace's end of the veth pair
: "${NLM_ROOT_CLIENT_IP:=10.99.0.2}"   # the client's source address towards 10.99.0.1
: "${NLM_PORT:=4045}"
: "${NLM_GRACE:=20}"
: "${NLM_PHASES:=netns:tcp root:rdma}" # where the server runs : the mounts' transport
: "${NLM_RESTART:=1}"                  # the kill/restart/reclaim check in each phase
: "${NLM_RECLAIM_TIMEOUT:=120}"

nlm_server_args() {
  echo "--portmapper --nlm-port $NLM_PORT --grace-time $NLM_GRACE --lease-time $NLM_GRACE" \
       "--state-dir /var/lib/nfsrdma-nlm-$PHASE"
}

# ---------------------------------------------------------------- namespaces and addresses
nlm_netns_setup() {
  ip netns add "$NLM_NS" &&
  ip link add nlmveth0 type veth peer name nlmveth1 &&
  ip link set nlmveth1 netns "$NLM_NS" &&
  ip addr add "$NLM_NS_CLIENT_IP/24" dev nlmveth0 && ip link set nlmveth0 mtu "$MTU" up &&
  ip netns exec "$NLM_NS" ip addr add "$NLM_NS_SERVER_IP/24" dev nlmveth1 &&
  ip netns exec "$NLM_NS" ip link set nlmveth1 mtu "$MTU" up &&
  ip netns exec "$NLM_NS" ip link set lo up &&
  ping -c 1 -W 10 "$NLM_NS_SERVER_IP" && ip netns exec "$NLM_NS" ip -br addr
}

# Does rdma_cm connect from this namespace to a listener in the server's? rxe on both veth
# ends, rping across.  (Linux 6.1's rxe routes and receives in the initial namespace only.)
nlm_rdma_netns_probe() {
  rdma system show
  rdma link add rxenlm0 type rxe netdev nlmveth0
  ip netns exec "$NLM_NS" rdma link add rxenlm1 type rxe netdev nlmveth1
  rdma link show; ip netns exec "$NLM_NS" rdma link show
  ip netns exec "$NLM_NS" timeout 30 rping -s -a "$NLM_NS_SERVER_IP" -C 3 -v &
  local spid=$! rc
  sleep 3
  timeout 20 rping -c -d -a "$NLM_NS_SERVER_IP" -C 3 -v; rc=$?
  kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
  # rxe's packet counters: what left the root end and what the namespace's end took in
  grep -H . /sys/class/infiniband/rxenlm*/ports/1/hw_counters/{sent_pkts,rcvd_pkts}
  echo "rping from the root namespace to $NLM_NS_SERVER_IP in $NLM_NS: rc=$rc" \
    "(rxenlm1 rcvd_pkts $(cat /sys/class/infiniband/rxenlm1/ports/1/hw_counters/rcvd_pkts))"
  return $rc
}

# The client's rpcbind on the client's addresses only (never 10.99.0.1:111, where nfsrdma's
# portmapper listens in the root phase): guest/nlm-rpcbind.py hands it sockets bound to
# 127.0.0.1, 10.99.0.2 and 10.99.1.1 (`rpcbind -h` restricts UDP only).  rpc.statd is
# restarted after it, to register again.  Before any NFSv3 mount: lockd registers at its start.
nlm_client_rpcbind() {
  ip addr add "$NLM_ROOT_CLIENT_IP/24" dev rxedummy0 2>/dev/null
  pkill -x rpc.statd; pkill -x rpcbind; sleep 1
  python3 "$HERE/nlm-rpcbind.py" 127.0.0.1 "$NLM_ROOT_CLIENT_IP" "$NLM_NS_CLIENT_IP" \
    > "$LOGS/nlm-rpcbind.log" 2>&1 || { cat "$LOGS/nlm-rpcbind.log"; return 1; }
  sleep 1
  rpc.statd --no-notify || return 1
  sleep 1
  ss -Hltnu 'sport = :111'
  if ss -Hltn 'sport = :111' | grep -Eq ' (0\.0\.0\.0|\*):111 '; then
    echo "rpcbind still listens on every IPv4 address"; return 1
  fi
  rpcinfo -p "$NLM_ROOT_CLIENT_IP" && rpcinfo -p 127.0.0.1 | grep -q status
}

# TCP to the server's address leaves from the client's own address (10.99.0.2), so the server
# calls back (NLM_GRANTED, SM_NOTIFY, from 10.99.0.1) an rpcbind that is the client's.  Only
# TCP: rxe loops a packet back to itself only when its source and destination addresses are
# equal (else it goes out through lo, where no rxe device takes it), so rdma_cm's route
# (protocol 0) keeps source 10.99.0.1.  The local table's rule moves behind a rule for TCP.
nlm_root_route() {
  ip rule add pref 1000 lookup local && ip rule del pref 0 &&
  ip route add local "$SERVER_IP" dev rxedummy0 table 100 scope host src "$NLM_ROOT_CLIENT_IP" &&
  ip rule add pref 500 to "$SERVER_IP" ipproto tcp lookup 100 || return 1
  ip rule show; ip route get "$SERVER_IP" ipproto tcp; ip route get "$SERVER_IP"
  ip route get "$SERVER_IP" ipproto tcp | grep -q "src $NLM_ROOT_CLIENT_IP " &&
  ip route get "$SERVER_IP" | grep -q "src $SERVER_IP "
}

# ---------------------------------------------------------------- checks
# The server's own portmapper maps NLM v4 over TCP to --nlm-port and nfsrdma answers its NULL;
# the client's rpcbind lists the kernel's lockd on other ports (the two lock managers apart).
nlm_portmap_check() {
  local i uaddr=".$((NLM_PORT / 256)).$((NLM_PORT % 256))"
  for i in $(seq 60); do
    rpcinfo -s "$SERVER_IP" 2>/dev/null | grep -q nlockmgr && break
    sleep 1
  done
  echo "--- rpcinfo -p $SERVER_IP (nfsrdma's portmapper)"; rpcinfo -p "$SERVER_IP"
  echo "--- rpcinfo -l -T tcp $SERVER_IP 100021 4"; rpcinfo -l -T tcp "$SERVER_IP" 100021 4
  echo "--- rpcinfo -p 127.0.0.1 (the client's rpcbind)"; rpcinfo -p 127.0.0.1
  rpcinfo -T tcp "$SERVER_IP" 100021 4 &&
  rpcinfo -l -T tcp "$SERVER_IP" 100021 4 | grep -q "^ *100021 *4 .*0\.0\.0\.0$uaddr "
}

# NAME=VALUE lines of the samples asked for; exit 1 when a required one is missing or zero.
# usage: nlm_metrics FILE_TAG 'REGEX>=N' ...   (REGEX matched against the whole sample line)
nlm_metrics() {
  local tag=$1; shift
  python3 - "$METRICS_URL" "$OUT/logs/metrics-nlm-$tag.txt" "$@" <<'PY'
import re, sys, urllib.request
url, dump, *need = sys.argv[1:]
text = urllib.request.urlopen(url, timeout=20).read().decode()
open(dump, "w").write(text)
samples = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
for ln in samples:
    if 'program="nlockmgr"' in ln and ln.startswith("nfsrdma_rpc_calls_total") or \
            ln.startswith(("nfsrdma_lock_calls_out_total", "nfsrdma_internal_errors_total")) or \
            'program="status"' in ln and ln.startswith("nfsrdma_rpc_calls_total"):
        print(ln)
bad = []
for n in need:
    pat, want = n.rsplit(">=", 1)
    got = sum(float(ln.rsplit(None, 1)[1]) for ln in samples if re.search(pat, ln))
    print(f"need {pat} >= {want}: {got:g}")
    if got < float(want):
        bad.append(pat)
errors = sum(float(ln.rsplit(None, 1)[1]) for ln in samples
             if ln.startswith("nfsrdma_internal_errors_total"))
if errors:
    bad.append(f"{errors:g} internal errors")
print("missing:", bad or "none")
sys.exit(1 if bad else 0)
PY
}
# nfsrdma_rpc_calls_total of one NLM v4 procedure (labels in any order)
nlm_calls() { echo "^nfsrdma_rpc_calls_total\\{(?=[^}]*program=\"nlockmgr\")(?=[^}]*procedure=\"NLMPROC4_$1\")"; }

nlm_mounts() {  # PROTO: $MNT and $MNT-2 (nosharecache) NFSv3, $MNT-3 NFSv4.1
  mount_nfs nfsrdma "$1" 3 && MNT=$MNT-2 MOUNT_OPTS_EXTRA="$MOUNT_OPTS_EXTRA,nosharecache" mount_nfs nfsrdma "$1" 3 &&
  MNT=$MNT-3 mount_nfs nfsrdma "$1" 4.1
}
nlm_umounts() { umount_nfs; MNT=$MNT-2 umount_nfs; MNT=$MNT-3 umount_nfs; }

# A process holds [0, 100) through $MNT; the server is killed and restarted; the client must
# reclaim (SM_NOTIFY to its statd, a LOCK in the new instance) and the lock must still exclude
# a locker on $MNT-2 after the grace; once the holder exits the range is free.
nlm_restart() {
  local f=held-$PHASE ready=/tmp/nlm-held-$PHASE hp i t
  rm -f "$ready" "$MNT/$f"
  python3 "$HERE/nlmtest.py" hold "$MNT/$f" "$ready" > "$LOGS/nlm-$PHASE-holder.log" 2>&1 &
  hp=$!
  for i in $(seq 120); do [ -e "$ready" ] && break; sleep 0.5; done
  [ -e "$ready" ] || { echo "the holder did not get its lock"; cat "$LOGS/nlm-$PHASE-holder.log"; return 1; }
  python3 "$HERE/nlmtest.py" try "$MNT-2/$f" || { echo "not held before the restart"; return 1; }
  echo "$(date +%T) kill -9 the server"
  nfsrdma_kill KILL
  sleep 2
  t=$(date +%s)
  nfsrdma_start "$FIO_BACKEND" || { kill "$hp"; return 1; }
  echo "$(date +%T) server up again; waiting for SM_NOTIFY and the client's reclaim"
  for i in $(seq "$NLM_RECLAIM_TIMEOUT"); do
    nlm_metrics "$PHASE-reclaim" 'nfsrdma_lock_calls_out_total\{call="SM_NOTIFY",result="ok"\}>=1' \
      "$(nlm_calls LOCK)>=1" > "$LOGS/nlm-$PHASE-reclaim-poll.log" 2>&1 && break
    sleep 1
  done
  cat "$LOGS/nlm-$PHASE-reclaim-poll.log"
  grep -q 'missing: none' "$LOGS/nlm-$PHASE-reclaim-poll.log" || {
    echo "no SM_NOTIFY delivered or no reclaim within ${NLM_RECLAIM_TIMEOUT}s"; kill "$hp"; return 1; }
  echo "reclaimed $(( $(date +%s) - t ))s after the restart began"
  # a lock asked for in the grace is refused (LCK_DENIED_GRACE_PERIOD: the client retries
  # every 15 s); ask once the grace is over
  while [ $(( $(date +%s) - t )) -lt $(( NLM_GRACE + 5 )) ]; do sleep 1; done
  python3 "$HERE/nlmtest.py" try "$MNT-2/$f" || {
    echo "after the restart the reclaimed lock did not exclude another locker"; kill "$hp"; return 1; }
  kill "$hp"; wait "$hp" 2>/dev/null
  sleep 1
  python3 "$HERE/nlmtest.py" try "$MNT-2/$f"
  [ $? = 3 ] || { echo "the range is still held after the holder exited"; return 1; }
  rm -f "$MNT/$f"
}

# One phase: where the server runs (netns | root) and the mounts' transport (tcp | rdma).
nlm_phase() {  # WHERE PROTO
  local where=$1 proto=$2 tag
  PHASE=$where-$proto tag=nlm-$where-$proto
  if [ "$where" = netns ]; then
    SERVER_IP=$NLM_NS_SERVER_IP SERVER_NS_EXEC="ip netns exec $NLM_NS"
    [ "$proto" = rdma ] && SERVER_RDMA=1 || SERVER_RDMA=0
  else
    SERVER_IP=10.99.0.1 SERVER_NS_EXEC= SERVER_RDMA=1
    check "$tag:client_source_address" nlm_root_route || return 1
  fi
  METRICS_URL=http://$SERVER_IP:9100/metrics
  local rdma_arg=; [ "$SERVER_RDMA" = 0 ] && rdma_arg="--rdma off"
  NFSRDMA_SERVER_CMD="$SERVER_NS_EXEC $NLM_BASE_CMD --listen $SERVER_IP $(nlm_server_args) $rdma_arg"
  fresh_tmpfs "$NFSRDMA_EXPORT"; mkdir -p "/var/lib/nfsrdma-nlm-$PHASE"
  check "$tag:server_start" nfsrdma_start "$FIO_BACKEND" || return 1
  check "$tag:nfsrdma_portmapper_serves_nlm" nlm_portmap_check
  if check "$tag:mounts_v3_v3_v4.1" nlm_mounts "$proto"; then
    check "$tag:fcntl_flock_granted" timeout 300 python3 "$HERE/nlmtest.py" locks "$MNT" "$MNT-2"
    check "$tag:nlm_vs_nfs4" timeout 120 python3 "$HERE/nlmtest.py" cross "$MNT" "$MNT-3"
    # nfsrdma answered: LOCK, TEST, UNLOCK counted, NLM_GRANTED sent and accepted
    check "$tag:metrics_nfsrdma_answered" nlm_metrics "$PHASE" \
      "$(nlm_calls LOCK)>=6" "$(nlm_calls TEST)>=1" "$(nlm_calls UNLOCK)>=4" \
      'nfsrdma_lock_calls_out_total\{call="GRANTED",result="ok"\}>=2'
    MNT=$MNT-3 umount_nfs  # the NFSv4 client would reclaim too: keep the restart NLM's
    [ "$NLM_RESTART" = 1 ] && check "$tag:restart_reclaim" nlm_restart
  fi
  nlm_umounts
  nfsrdma_stop
  check "$tag:no_traceback" sh -c "! grep -n Traceback '$OUT/server.log'"
}

p_nlm() {
  base_setup || return
  check nlm:netns_veth nlm_netns_setup || return
  if nlm_rdma_netns_probe > "$LOGS/nlm-rdma-netns.log" 2>&1; then
    say "info: rdma_cm connects into the server's namespace (logs/nlm-rdma-netns.log): RDMA runs there too"
    NLM_PHASES=${NLM_PHASES/root:rdma/netns:rdma}
  else
    say "info: rdma_cm does not connect into another namespace here: $(tail -n1 "$LOGS/nlm-rdma-netns.log") (logs/nlm-rdma-netns.log); RDMA runs with the server in the root namespace"
  fi
  check nlm:client_rpcbind_restricted nlm_client_rpcbind || return
  NLM_BASE_CMD=${NFSRDMA_SERVER_CMD//--listen 10.99.0.1/}
  NLM_BASE_CMD=${NLM_BASE_CMD//\$BACKEND/$FIO_BACKEND}
  local spec
  for spec in $NLM_PHASES; do
    nlm_phase "${spec%%:*}" "${spec#*:}"
  done
}
