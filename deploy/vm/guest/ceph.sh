# The --ceph profile (sourced by e2e.sh): two nfsrdma gateways in the guest on one CephFS
# directory of the host's one-node Ceph, the kernel client over RDMA and TCP (issue 13).
#
# Network: the guest's only NIC for Ceph is a qemu user-mode (slirp) device that run-e2e adds
# for this profile alone.  The host boots its Ceph bound to one of its own non-loopback
# addresses (CEPH_ADDR): the monitor, OSD and MDS advertise the address they are bound to, and
# slirp turns the guest's connections to that address into the host's own sockets to it.  The
# guest routes only that one address through slirp (no default route).  ceph.conf and the
# client.admin keyring come through the writable share (CEPH_CONF).
#
# Gateways: A on 10.99.0.1 and B on 10.99.0.2 (both on rxe0's dummy netdev, same ports: rxe
# loops RDMA back between equal addresses, so each mount's source is its server's address),
# each `--storage cephfs --ceph-path $CEPH_EXPORT` with its own state directory: two CephFS
# clients of one directory, kept coherent by the MDS's capabilities, not by each other.
#
# Per pair of CEPH_PAIRS (WRITER>READER, each GATEWAY:VERS:PROTO): the writer copies the tree,
# the reader compares the manifest and every SHA-256 (caches dropped); the writer renames,
# links and symlinks, the reader sees each change; the reader removes the tree, the writer sees
# it gone; the writer writes CEPH_BIG_MB with dd (conv=fsync: MB/s), the reader reads it back
# with O_DIRECT (MB/s) and its SHA-256 must match.  Figures: out/ceph-figures.txt.

: "${CEPH_CONF:=/host-run/ceph/ceph.conf}"   # written by run-e2e (the guest's view of it)
: "${CEPH_ADDR:=}"                           # the host address Ceph is bound to (run-e2e)
: "${CEPH_EXPORT:=/e2e}"                     # the CephFS directory both gateways export
: "${CEPH_GW_A:=10.99.0.1}"
: "${CEPH_GW_B:=10.99.0.2}"
: "${CEPH_GW_ARGS:=--nfs4 --lease-time 20 --grace-time 20 --no-nlm --no-rpcbind}"
: "${CEPH_BIG_MB:=128}"                      # the dd file (the OSD keeps its data in host RAM)
# /usr/share/doc dirs in the tree (the quick workload's 40 make ~1,000 entries since the image
# has git and gcc: 823 s to copy through a CephFS gateway under TCG, ~1.2 entries/s)
: "${CEPH_DOC_DIRS:=8}"
# writer>reader pairs: every version (4.2 by default mount, 4.1, 3), both transports, both
# directions, and each transport written and read once
: "${CEPH_PAIRS:=A:default:rdma>B:3:tcp B:4.1:tcp>A:3:rdma}"
: "${CEPH_FAILOVER:=auto}"                   # auto: when the server has --cluster-name
: "${CEPH_CLUSTER_ARGS:=--cluster-name e2e --cluster-lease 90}"   # + --node-id A|B
# (lease 90: under TCG a gateway's loop is blocked ~50 s while pyverbs sets up its RDMA
# listener, so its heartbeats stop; with 10 s its peer declared it dead during its start-up)
: "${CEPH_VIP:=10.99.0.10}"                  # the service address the failover mount uses
: "${CEPH_FAILOVER_SIZE:=96M}"
: "${CEPH_SLIRP_IP:=10.0.2.15}"               # qemu user-mode network defaults
: "${CEPH_SLIRP_GW:=10.0.2.2}"

# ---------------------------------------------------------------- network and cluster probe
ceph_net_setup() {
  [ -n "$CEPH_ADDR" ] || { echo "CEPH_ADDR is not set (run-e2e --ceph sets it)"; return 1; }
  modprobe virtio_net || return 1
  local dev= d
  for d in /sys/class/net/*; do
    [ "$(basename "$(readlink -f "$d/device/driver" 2>/dev/null)")" = virtio_net ] && dev=$(basename "$d")
  done
  [ -n "$dev" ] || { echo "no virtio_net device (run-e2e adds one for --ceph only)"; ip -br link; return 1; }
  ip link set "$dev" up && ip addr add "$CEPH_SLIRP_IP/24" dev "$dev" &&
  ip route add "$CEPH_ADDR/32" via "$CEPH_SLIRP_GW" dev "$dev" && ip -br addr && ip route &&
  mkdir -p /var/log/ceph /run/ceph &&
  local mon; mon=$(sed -n 's/^mon host = v2:\([0-9.]*:[0-9]*\)$/\1/p' "$CEPH_CONF")
  echo "monitor at $mon"
  timeout 20 bash -c "exec 3<>/dev/tcp/${mon%:*}/${mon#*:}" && echo "TCP to the monitor connects"
}
ceph_probe() { timeout 180 python3 "$HERE/ceph_probe.py" "$CEPH_CONF" "$CEPH_EXPORT"; }

# ---------------------------------------------------------------- gateways
declare -A GW_PID
gw_ip() { if [ "$1" = A ]; then echo "$CEPH_GW_A"; else echo "$CEPH_GW_B"; fi; }
gw_log() { echo "$OUT/server-$1.log"; }
gw_cmd() {  # NAME
  echo "python3 -m nfsrdma serve --storage cephfs --ceph-conf $CEPH_CONF --ceph-path $CEPH_EXPORT" \
       "--listen $(gw_ip "$1") --nfs-port $NFS_PORT --mount-port $MOUNT_PORT --rdma-port $RDMA_PORT" \
       "--verbs pyverbs --dma-backend $FIO_BACKEND --metrics-port 9100" \
       "--state-dir /var/lib/nfsrdma-$1 $CEPH_GW_ARGS" \
       "$([ "$CEPH_CLUSTERED" = 1 ] && echo "$CEPH_CLUSTER_ARGS --node-id $1")"
}
gw_listening() {  # NAME: TCP NFS + MOUNT listeners and an rdma_cm LISTEN id on its address
  local ip; ip=$(gw_ip "$1")
  [ -n "$(ss -Hltn "src $ip and sport = :$NFS_PORT")" ] &&
  [ -n "$(ss -Hltn "src $ip and sport = :$MOUNT_PORT")" ] &&
  rdma resource show cm_id 2>/dev/null | grep -Eq "state LISTEN .*src-addr $ip:$RDMA_PORT( |\$)"
}
gw_spawn() {  # NAME
  local cmd; cmd=$(gw_cmd "$1")
  mkdir -p "/var/lib/nfsrdma-$1"
  echo "=== $(date +%T) start: $cmd" >> "$(gw_log "$1")"
  (cd "$PROJECT" && exec $cmd >> "$(gw_log "$1")" 2>&1) &
  GW_PID[$1]=$!
}
gw_wait() {  # NAME: up within SERVER_START_TIMEOUT (python under TCG is slow to start)
  local i=0 pid=${GW_PID[$1]}
  echo "$(gw_cmd "$1")"
  while [ $i -lt "$SERVER_START_TIMEOUT" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "gateway $1 exited early:"; tail -n 20 "$(gw_log "$1")"; return 1; }
    if gw_listening "$1"; then
      echo "gateway $1 up after ${i}s (pid $pid)"; ss -ltnp "src $(gw_ip "$1")"; return 0
    fi
    sleep 1; i=$((i + 1))
  done
  echo "gateway $1 not listening after ${SERVER_START_TIMEOUT}s"; tail -n 20 "$(gw_log "$1")"; return 1
}
gw_kill() {  # NAME [SIGNAL]
  local pid=${GW_PID[$1]:-}
  [ -n "$pid" ] || return 0
  kill "-${2:-TERM}" "$pid" 2>/dev/null
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  GW_PID[$1]=
  echo "=== $(date +%T) gateway stopped (${2:-TERM})" >> "$(gw_log "$1")"
}

# mount_gw MNT GATEWAY:VERS:PROTO
mount_gw() {
  local g=${2%%:*} rest=${2#*:}
  MNT=$1 SERVER_IP=$(gw_ip "$g") NFSRDMA_EXPORT=$CEPH_EXPORT mount_nfs nfsrdma "${rest#*:}" "${rest%%:*}"
}

# ---------------------------------------------------------------- the cross-gateway workload
# W and R: the writer's and the reader's directory for this pair (the same CephFS directory).
c_copy() { cp -a /tmp/quick/src "$W/tree" && sync; }
c_read_tree() {  # manifest + SHA-256 through the reader equal the source's
  tree_manifest /tmp/quick/src > /tmp/quick/m.src
  drop_caches
  tree_manifest "$R/tree" > /tmp/quick/m.dst
  diff /tmp/quick/m.src /tmp/quick/m.dst && echo "$(wc -l < /tmp/quick/m.src) manifest lines equal through the other gateway"
}
c_changes() {  # rename, hard link, symlink through the writer (the quick workload's checks)
  D=$W q_rename && D=$W q_hardlink && D=$W q_symlink
}
c_read_changes() {  # ... seen through the reader
  drop_caches
  [ ! -e "$R/tree" ] && [ -d "$R/tree2/gen/deep/a/b/c/d" ] || { echo "rename not seen"; return 1; }
  [ ! -e "$R/tree2/doc/moved" ] && cmp /tmp/quick/src/gen/f65536 "$R/tree2/over" || { echo "rename over a file not seen"; return 1; }
  [ ! -e "$R/tree2/gen/f4097" ] && [ "$(stat -c %h "$R/hl")" = 1 ] && cmp /tmp/quick/src/gen/f4097 "$R/hl" || { echo "link/unlink not seen"; return 1; }
  [ "$(readlink "$R/sl")" = tree2/gen/f131073 ] && cmp /tmp/quick/src/gen/f131073 "$R/sl" || { echo "symlink not seen"; return 1; }
  echo "rename, link, unlink and symlink seen through the other gateway"
}
c_remove() { rm -rf "$R/tree2" "$R/hl" "$R/sl" && [ -z "$(ls -A "$R")" ]; }
c_removed() { drop_caches; local left; left=$(ls -A "$W"); [ -z "$left" ] || { echo "still there: $left"; return 1; }; echo "empty"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
mbps() { awk -v mb="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", mb * 1.048576 / (b - a) }'; }
c_big_write() {  # TAG: dd through the writer, conv=fsync
  local t0 t1
  t0=$(date +%s.%N)
  dd if=/tmp/quick/big of="$W/big" bs=1M conv=fsync status=none || return 1
  t1=$(date +%s.%N)
  printf '%s: dd write %d MiB conv=fsync %.1f s, %s MB/s\n' "$1" "$CEPH_BIG_MB" "$(secs "$t0" "$t1")" \
    "$(mbps "$CEPH_BIG_MB" "$t0" "$t1")" | tee -a "$OUT/ceph-figures.txt"
}
c_big_read() {  # TAG: O_DIRECT read through the reader, SHA-256 equal
  local t0 t1 got
  drop_caches
  [ "$(stat -c %s "$R/big")" = "$((CEPH_BIG_MB * 1048576))" ] || { echo "bad size $(stat -c %s "$R/big")"; return 1; }
  t0=$(date +%s.%N)
  got=$(dd if="$R/big" bs=1M iflag=direct status=none | sha256sum | cut -d' ' -f1)
  t1=$(date +%s.%N)
  echo "want $(cat /tmp/quick/big.sha) got $got"
  [ "$got" = "$(cat /tmp/quick/big.sha)" ] || return 1
  printf '%s: dd read %d MiB O_DIRECT %.1f s, %s MB/s\n' "$1" "$CEPH_BIG_MB" "$(secs "$t0" "$t1")" \
    "$(mbps "$CEPH_BIG_MB" "$t0" "$t1")" | tee -a "$OUT/ceph-figures.txt"
  rm -f "$R/big"
}

ceph_pair() {  # WRITER READER (GATEWAY:VERS:PROTO each)
  local w=$1 r=$2 tag="${1//:/-}_to_${2//:/-}"
  local dir="pair-${tag//[^A-Za-z0-9-]/-}"
  check "$tag:mount_writer" mount_gw "$MNT" "$w" || return 1
  check "$tag:mount_reader" mount_gw "$MNT-2" "$r" || { umount_nfs; return 1; }
  W=$MNT/$dir R=$MNT-2/$dir
  if check "$tag:mkdir" mkdir -p "$W"; then
    check "$tag:copy_tree" c_copy && check "$tag:tree_sha256_through_reader" c_read_tree &&
      check "$tag:rename_link_symlink" c_changes && check "$tag:changes_seen_through_reader" c_read_changes
    check "$tag:rm_rf_through_reader" c_remove && check "$tag:removal_seen_through_writer" c_removed
    check "$tag:dd_write_${CEPH_BIG_MB}M" c_big_write "$w write ($r reads)" &&
      check "$tag:dd_read_direct_sha256" c_big_read "$r read ($w wrote)"
    rm -rf "$W"
  fi
  check "$tag:umount" umount_both
}
umount_both() { MNT=$MNT-2 umount_nfs && umount_nfs; }

# ---------------------------------------------------------------- failover (clustered gateways)
# A hard NFSv4.1 TCP mount of the service address (CEPH_VIP, ceph_ingress.py forwarding to A);
# fio writes with verify; A gets SIGKILL; once B's cluster grace has taken A over (A's
# heartbeat ran out: "is dead" in B's log) the address moves to B (the ingress's target);
# the client reconnects to B, reclaims its open in the shared grace, fio completes, and a
# verify pass (caches dropped) reads every byte back through B.
INGRESS_TARGET=/run/ceph-ingress.target
ingress_start() {
  echo "$CEPH_GW_A:$NFS_PORT" > "$INGRESS_TARGET"
  ip addr add "$CEPH_VIP/24" dev rxedummy0 2>/dev/null
  python3 "$HERE/ceph_ingress.py" "$CEPH_VIP" "$NFS_PORT" "$INGRESS_TARGET" >> "$OUT/ceph-ingress.log" 2>&1 &
  for _ in $(seq 60); do [ -n "$(ss -Hltn "src $CEPH_VIP and sport = :$NFS_PORT")" ] && return 0; sleep 0.5; done
  echo "ingress not listening"; return 1
}
mount_vip() {
  mkdir -p "$MNT"
  timeout 120 mount -v -t nfs -o "vers=4.1,proto=tcp,port=$NFS_PORT,hard" "$CEPH_VIP:$CEPH_EXPORT" "$MNT" &&
  grep " $MNT " /proc/mounts | grep -q "vers=4.1" && grep " $MNT " /proc/mounts
}
ceph_failover() {
  local file=$MNT/failover.dat wjson=$OUT/fio/failover-write.json vjson=$OUT/fio/failover-verify.json
  local common=(--name=failover --filename="$file" --rw=write --bs=64k --size="$CEPH_FAILOVER_SIZE" --direct=1
                --ioengine=libaio --iodepth=8 --verify=crc32c --verify_state_save=0 --output-format=json)
  rm -f "$file"
  b_before || { echo "cannot read B's metrics"; return 1; }
  local a0 a1 b0 b1
  a0=$(gw_ok A WRITE) b0=$(gw_ok B WRITE)
  fio "${common[@]}" --do_verify=0 --output="$wjson" > "$LOGS/failover-fio.log" 2>&1 &
  local fpid=$! t0 i=0
  sleep "$RECOVERY_KILL_AFTER"
  kill -0 $fpid 2>/dev/null || { echo "fio finished before the kill (make CEPH_FAILOVER_SIZE bigger)"; wait $fpid; return 1; }
  # the mount's writes went to A, not to B (the client must not have reached B some other way)
  a1=$(gw_ok A WRITE) b1=$(gw_ok B WRITE)
  echo "before the kill: WRITEs on A $a0 -> $a1, on B $b0 -> $b1"
  [ "$a1" -gt "$a0" ] && [ "$b1" = "$b0" ] || { echo "fio's writes did not go (only) to A"; kill -9 $fpid; return 1; }
  echo "$(date +%T) SIGKILL gateway A with ~$(( $(stat -c %s "$file" 2>/dev/null || echo 0) / 1048576 )) MiB written"
  t0=$(date +%s)
  gw_kill A KILL
  until grep -q "is dead" "$(gw_log B)"; do
    i=$((i + 1)); [ $i -ge 600 ] && { echo "B never took A over (no 'is dead' in its log)"; kill -9 $fpid; return 1; }
    sleep 0.5
  done
  echo "$CEPH_GW_B:$NFS_PORT" > "$INGRESS_TARGET"
  echo "$(date +%T) B took A over $(( $(date +%s) - t0 )) s after the kill: the address moves to B"
  grep "is dead" "$(gw_log B)" | tail -n 1
  i=0
  while kill -0 $fpid 2>/dev/null; do
    sleep 1; i=$((i + 1))
    [ $i -ge "$RECOVERY_TIMEOUT" ] && { echo "fio still running ${RECOVERY_TIMEOUT}s after the move"; return 1; }
  done
  wait $fpid; local rc=$?
  echo "$(date +%T) write fio rc=$rc, $(( $(date +%s) - t0 )) s after the kill"; cat "$LOGS/failover-fio.log"
  [ $rc = 0 ] || { cat "$wjson"; return 1; }
  drop_caches
  fio "${common[@]}" --verify_only --output="$vjson" || { echo "verify pass failed"; cat "$vjson"; return 1; }
  python3 - "$wjson" "$vjson" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))["jobs"][0]; v = json.load(open(sys.argv[2]))["jobs"][0]
print("write: %d MiB err %d; verify read: %d MiB err %d" % (w["write"]["io_bytes"] >> 20, w["error"], v["read"]["io_bytes"] >> 20, v["error"]))
sys.exit(1 if w["error"] or v["error"] or not v["read"]["io_bytes"] else 0)
PY
  echo "after the move: WRITEs on B $b1 -> $(gw_ok B WRITE)"
  echo "--- ingress"; tail -n 5 "$OUT/ceph-ingress.log"
  rm -f "$file"
}
# A gateway's count of an NFSv4 operation answered NFS4_OK (the failover compares counts)
gw_ok() {  # GATEWAY OP
  METRICS_URL="http://$(gw_ip "$1"):9100/metrics" metric_sum \
    "^nfsrdma_nfs_ops_total\\{(?=[^}]*op=\"v4\\.$2\")(?=[^}]*status=\"NFS4_OK\")"
}
b_ok() { gw_ok B "$1"; }
# After the move B answered the moved client's recovery: EXCHANGE_ID, OPEN (the reclaim) and
# RECLAIM_COMPLETE, each more often than before the kill.
b_reclaimed() {
  local op now
  METRICS_URL="http://$CEPH_GW_B:9100/metrics" metric_sum . > /dev/null || return 1
  for op in EXCHANGE_ID OPEN RECLAIM_COMPLETE; do
    now=$(b_ok $op)
    echo "B: v4.$op NFS4_OK ${B_BEFORE[$op]} before the kill, $now after"
    [ "$now" -gt "${B_BEFORE[$op]}" ] || return 1
  done
}
declare -A B_BEFORE
b_before() { local op; for op in EXCHANGE_ID OPEN RECLAIM_COMPLETE; do B_BEFORE[$op]=$(b_ok $op) || return 1; done; }

# Both gateways served (their own metrics) and neither logged a traceback.
gw_served() {  # NAME
  local url="http://$(gw_ip "$1"):9100/metrics"
  python3 - "$url" "$LOGS/metrics-gateway-$1.txt" <<'PY'
import sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=30).read().decode()
open(sys.argv[2], "w").write(text)
calls = sum(float(l.split()[-1]) for l in text.splitlines()
            if l.startswith("nfsrdma_rpc_calls_total{"))
for l in text.splitlines():
    if l.startswith(("nfsrdma_payload_bytes_copied_total", "nfsrdma_rdma_contexts_total")):
        print("info:", l)
print("rpc calls served:", calls)
# mean latency per procedure (decoded call to reply): where a gateway on CephFS spends its time
import re
agg = {}
for l in text.splitlines():
    m = re.match(r'^nfsrdma_rpc_latency_seconds_(sum|count)\{([^}]*)\}\s+(\S+)', l)
    if m:
        key = tuple(re.findall(r'(?:program|procedure|transport)="([^"]*)"', m.group(2)))
        agg.setdefault(key, {})[m.group(1)] = float(m.group(3))
for key, v in sorted(agg.items(), key=lambda kv: -kv[1].get("sum", 0)):
    if v.get("count"):
        print("latency %-40s %7d calls, mean %7.1f ms, total %6.1f s" % (
            "/".join(key), v["count"], 1000 * v["sum"] / v["count"], v["sum"]))
sys.exit(0 if calls > 0 else 1)
PY
}

p_ceph() {
  CEPH_CLUSTERED=0
  if [ "$CEPH_FAILOVER" = 1 ] || { [ "$CEPH_FAILOVER" = auto ] && grep -q -- '"--cluster-name"' "$PROJECT/nfsrdma/cli.py"; }; then
    CEPH_CLUSTERED=1
  fi
  base_setup || return
  check ceph:network_to_host_ceph ceph_net_setup || return
  check ceph:cluster_probe ceph_probe || return
  QUICK_BIG_MB=$CEPH_BIG_MB QUICK_DOC_DIRS=$CEPH_DOC_DIRS check quick_prepare_src prepare_quick_src || return
  ip addr add "$CEPH_GW_B/24" dev rxedummy0
  gw_spawn A; gw_spawn B   # both start at once: each takes 30-60 s under TCG
  check ceph:gateway_A_start gw_wait A && check ceph:gateway_B_start gw_wait B || return
  local pair
  for pair in $CEPH_PAIRS; do
    ceph_pair "${pair%%>*}" "${pair#*>}"
  done
  check ceph:gateway_A_served gw_served A
  check ceph:gateway_B_served gw_served B
  check ceph:no_traceback sh -c "! grep -n Traceback '$(gw_log A)' '$(gw_log B)'"
  if [ "$CEPH_CLUSTERED" = 1 ]; then
    check ceph:ingress_start ingress_start &&
    check ceph:failover_mount_vip_4.1_tcp mount_vip &&
      check ceph:failover_kill_A_move_to_B_fio_verify ceph_failover &&
      check ceph:failover_B_counted_reclaim b_reclaimed
    umount_nfs
    check ceph:failover_no_traceback sh -c "! grep -n Traceback '$(gw_log B)'"
  else
    say "info: no failover: the server has no --cluster-name (clustered gateways) or CEPH_FAILOVER=0"
  fi
  gw_kill A; gw_kill B
}
