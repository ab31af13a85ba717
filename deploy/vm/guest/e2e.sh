#!/bin/bash
# In-guest e2e tests of nfsrdma (and knfsd as the reference), run by vm-init via
# /host-run/job.sh. Usage: e2e.sh PROFILE   (smoke | quick | fio | recovery | locks | deleg | nlm | compose | meta | ceph | shell)
# Environment: see config.sh. KNFSD_ONLY=1 runs the knfsd half only (harness validation).
# Results: "e2e: PASS name" / "e2e: FAIL name: reason" lines on stdout and in $OUT/results.txt.
PROFILE=${1:-smoke}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-/host-run/out}
LOGS=$OUT/logs
mkdir -p "$LOGS" "$OUT/fio"
# shellcheck source=config.sh
. "$HERE/config.sh"
: "${KNFSD_ONLY:=0}"
: "${PROJECT:=/host}"
export PYTHONPYCACHEPREFIX=/var/cache/nfsrdma-pyc PYTHONUNBUFFERED=1
touch "$OUT/results.txt"

T0=$(date +%s)
ts() { echo "$(( $(date +%s) - T0 ))s"; }
say() { echo "[$(ts)] $*"; }
pass() { echo "e2e: PASS $1" | tee -a "$OUT/results.txt"; }
fail() { echo "e2e: FAIL $1: $2" | tee -a "$OUT/results.txt"; }
# check NAME CMD...: run CMD with output in $LOGS/NAME.log; reason = last output line
check() {
  local name=$1; shift
  local log="$LOGS/$name.log" t=$(date +%s)
  if "$@" > "$log" 2>&1; then
    pass "$name ($(( $(date +%s) - t ))s)"; return 0
  else
    local rc=$?
    fail "$name" "rc=$rc $(tail -n1 "$log" | cut -c1-200) (log: logs/$name.log)"; return 1
  fi
}
summary() {
  local p f
  p=$(grep -c '^e2e: PASS' "$OUT/results.txt")
  f=$(grep -c '^e2e: FAIL' "$OUT/results.txt")
  echo "e2e: $p passed, $f failed"
  [ "$f" = 0 ] && [ "$p" -gt 0 ]
}

# ---------------------------------------------------------------- base setup
setup_rxe() {
  modprobe dummy && ip link add rxedummy0 type dummy && ip link set rxedummy0 mtu "$MTU" up &&
  ip addr add "$SERVER_IP/24" dev rxedummy0 &&
  modprobe rdma_rxe && modprobe rdma_ucm && modprobe ib_uverbs &&
  rdma link add rxe0 type rxe netdev rxedummy0 && rdma link show &&
  for i in $(seq 50); do ibv_devinfo -d rxe0 | grep -q PORT_ACTIVE && break; sleep 0.2; done &&
  ibv_devinfo -d rxe0 | grep -E 'state|active_mtu'
}
setup_rpc() {
  modprobe sunrpc; modprobe rpcrdma; modprobe nfs; modprobe nfsv3; modprobe nfsv4
  mountpoint -q /var/lib/nfs/rpc_pipefs || mount -t rpc_pipefs sunrpc /var/lib/nfs/rpc_pipefs
  rpcbind -w && rpc.statd --no-notify && sleep 0.5 && rpcinfo -p localhost
}
base_setup() {
  say "guest $(uname -r), $(nproc) cpus"
  check rxe_up setup_rxe || return 1
  check rpcbind_statd setup_rpc || return 1
}

# ---------------------------------------------------------------- exports (tmpfs)
fresh_tmpfs() {  # DIR
  mountpoint -q "$1" && umount "$1"
  mkdir -p "$1" && mount -t tmpfs -o size="$EXPORT_SIZE" tmpfs "$1" && chmod 0777 "$1"
}

# ---------------------------------------------------------------- knfsd
KNFSD_UP=0
knfsd_start() {
  modprobe nfsd
  mountpoint -q /proc/fs/nfsd || mount -t nfsd nfsd /proc/fs/nfsd
  echo "$KNFSD_EXPORT *(rw,no_root_squash,insecure,no_subtree_check,fsid=1)" > /etc/exports
  echo 10 > /proc/fs/nfsd/nfsv4leasetime 2>/dev/null; echo 10 > /proc/fs/nfsd/nfsv4gracetime 2>/dev/null
  exportfs -ra && { pgrep -x rpc.mountd >/dev/null || rpc.mountd -p "$MOUNT_PORT"; } &&
  rpc.nfsd -p "$NFS_PORT" 8 && echo "rdma $RDMA_PORT" > /proc/fs/nfsd/portlist &&
  cat /proc/fs/nfsd/portlist && KNFSD_UP=1
}
knfsd_restart_threads() { rpc.nfsd -p "$NFS_PORT" 8 && echo "rdma $RDMA_PORT" > /proc/fs/nfsd/portlist; }
knfsd_stop() {
  rpc.nfsd 0
  exportfs -ua
  pkill -x rpc.mountd; sleep 1
  KNFSD_UP=0
  rpcinfo -p localhost
}

# ---------------------------------------------------------------- nfsrdma
SERVER_PID=
SERVER_LOG=/var/log/nfsrdma-server.log
server_cmd() { local BACKEND=$1; eval "echo $NFSRDMA_SERVER_CMD"; }
nfsrdma_start() {  # BACKEND
  local BACKEND=$1 cmd
  cmd=$(server_cmd "$BACKEND")
  mkdir -p /var/lib/nfsrdma "$NFSRDMA_EXPORT"
  echo "=== $(date +%T) start: $cmd" >> "$OUT/server.log"
  echo "$cmd"
  # the log goes straight to the writable share so it survives a host-side timeout
  (cd "$PROJECT" && exec $cmd >> "$OUT/server.log" 2>&1) &
  SERVER_PID=$!
  ln -sf "$OUT/server.log" "$SERVER_LOG"
  local i=0
  while [ $i -lt "$SERVER_START_TIMEOUT" ]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server exited early:"; tail -n 20 "$OUT/server.log"; SERVER_PID=; return 1
    fi
    if server_listening; then
      # still up a moment later? (a crash right after binding leaves listeners briefly)
      sleep 3
      if kill -0 "$SERVER_PID" 2>/dev/null && server_listening; then
        echo "server up after ${i}s (pid $SERVER_PID)"; server_state
        return 0
      fi
      echo "server stopped listening right after start:"; server_state; return 1
    fi
    sleep 1; i=$((i + 1))
  done
  echo "server not listening on tcp $NFS_PORT + rdma $RDMA_PORT after ${SERVER_START_TIMEOUT}s"
  return 1
}
# ready = TCP listeners on the NFS and MOUNT ports and an rdma_cm LISTEN id on the RDMA port
# (SERVER_NS_EXEC: "ip netns exec NS" when the server runs in a network namespace; SERVER_RDMA=0:
# started with --rdma off, no rdma_cm listener to wait for)
server_listening() {
  [ -n "$($SERVER_NS_EXEC ss -Hltn "sport = :$NFS_PORT")" ] &&
  [ -n "$($SERVER_NS_EXEC ss -Hltn "sport = :$MOUNT_PORT")" ] &&
  { [ "${SERVER_RDMA:-1}" = 0 ] ||
    $SERVER_NS_EXEC rdma resource show cm_id 2>/dev/null | grep -Eq "state LISTEN .*src-addr [^ ]*:$RDMA_PORT( |\$)"; }
}
server_state() {
  echo "--- server pid ${SERVER_PID:-none}: $(kill -0 "${SERVER_PID:-0}" 2>/dev/null && echo alive || echo dead)"
  $SERVER_NS_EXEC ss -ltnp; $SERVER_NS_EXEC rdma resource show cm_id; rpcinfo -p localhost
  echo "--- tail of server.log"; tail -n 25 "$OUT/server.log"
}
nfsrdma_kill() {  # SIGNAL
  [ -n "$SERVER_PID" ] || return 0
  kill "-${1:-TERM}" "$SERVER_PID" 2>/dev/null
  pkill "-${1:-TERM}" -f 'python3 -m nfsrdma' 2>/dev/null
  for _ in $(seq 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$SERVER_PID" 2>/dev/null; pkill -9 -f 'python3 -m nfsrdma' 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
  echo "=== $(date +%T) server stopped (${1:-TERM})" >> "$OUT/server.log"
}
nfsrdma_stop() { nfsrdma_kill TERM; }

# ---------------------------------------------------------------- client mount
# mount_nfs SERVER(knfsd|ganesha|nfsrdma) PROTO(rdma|tcp) [VERS(3|4.2|4.1|4.0|default)]
# "default" passes no vers= (what a user types); the client must then land on 4.2.
mount_nfs() {
  local server=$1 proto=$2 vers=${3:-3} port path opts want
  if [ "$proto" = rdma ]; then port=$RDMA_PORT; else port=$NFS_PORT; fi
  case $server in knfsd) path=$KNFSD_EXPORT ;; ganesha) path=$GANESHA_EXPORT ;; *) path=$NFSRDMA_EXPORT ;; esac
  case $vers in
    3) opts="vers=3,proto=$proto,port=$port,mountport=$MOUNT_PORT,mountproto=tcp" want=3 ;;
    default) opts="proto=$proto,port=$port" want=4.2 ;;
    *) opts="vers=$vers,proto=$proto,port=$port" want=$vers ;;
  esac
  opts="$opts${MOUNT_OPTS_EXTRA:+,$MOUNT_OPTS_EXTRA}"
  mkdir -p "$MNT"
  echo "mount -t nfs -o $opts $SERVER_IP:$path $MNT"
  if ! timeout 120 mount -v -t nfs -o "$opts" "$SERVER_IP:$path" "$MNT"; then
    local rc=$?
    [ "$server" = nfsrdma ] && server_state
    echo "mount failed (rc $rc)"; return 1
  fi
  grep " $MNT " /proc/mounts
  grep " $MNT " /proc/mounts | grep -Eq "[ ,]vers=$want(,| )" || { echo "/proc/mounts has no vers=$want"; return 1; }
  local stats
  stats=$(awk -v m="$MNT" '$1=="device" {on = ($5 == m)} on' /proc/self/mountstats)
  echo "$stats" | grep -E 'xprt:|opts:'
  echo "$stats" | grep -q "xprt:[[:space:]]*$proto " || { echo "mountstats has no 'xprt: $proto'"; return 1; }
}
umount_nfs() {
  mountpoint -q "$MNT" || return 0
  timeout 60 umount "$MNT" || timeout 30 umount -f -l "$MNT"
}
remount_nfs() { umount_nfs && mount_nfs "$@"; }

# ---------------------------------------------------------------- quick workload
prepare_quick_src() {
  [ -f /tmp/quick/big.sha ] && return 0
  rm -rf /tmp/quick; mkdir -p /tmp/quick/src/gen /tmp/quick/src/doc
  # a subset of /usr/share/doc (real, small, nested files): the first QUICK_DOC_DIRS package
  # dirs of at most QUICK_DOC_DIR_MAX entries, so a package added to the image with a big doc
  # dir (git's release notes: 631 entries) does not double the tree and the run's time ...
  local d k=0
  for d in /usr/share/doc/*/; do
    [ "$k" -ge "$QUICK_DOC_DIRS" ] && break
    [ "$(find "$d" | wc -l)" -gt "$QUICK_DOC_DIR_MAX" ] && continue
    cp -a "$d" /tmp/quick/src/doc/; k=$((k + 1))
  done
  # ... plus generated sizes around page and rsize/wsize boundaries, a symlink, odd names
  local s
  for s in 0 1 511 4095 4096 4097 65535 65536 131073 524287 524288 524289 1048577 3000000; do
    head -c "$s" /dev/urandom > "/tmp/quick/src/gen/f$s"
  done
  mkdir -p "/tmp/quick/src/gen/deep/a/b/c/d" "/tmp/quick/src/gen/sp ace"
  echo deep > /tmp/quick/src/gen/deep/a/b/c/d/leaf
  echo 'odd' > "/tmp/quick/src/gen/sp ace/name with spaces & ünïcode"
  ln -s deep/a/b/c/d/leaf /tmp/quick/src/gen/link-to-leaf
  chmod 0640 /tmp/quick/src/gen/f4096; chmod 0755 /tmp/quick/src/gen/f1
  head -c "$((QUICK_BIG_MB * 1048576))" /dev/urandom > /tmp/quick/big
  sha256sum < /tmp/quick/big | cut -d' ' -f1 > /tmp/quick/big.sha
  echo "src: $(find /tmp/quick/src | wc -l) entries, $(du -sh /tmp/quick/src | cut -f1)"
}
tree_manifest() {  # DIR -> type mode size path [link target] + sha256 of regular files
  (cd "$1" && find . -printf '%y %m %s %p -> %l\n' | grep -v '^d' | sed 's/^\(l [0-9]*\) [0-9]*/\1/' | LC_ALL=C sort &&
   find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches; }

q_copy() { cp -a /tmp/quick/src "$D/tree" && sync; }
q_verify() {
  tree_manifest /tmp/quick/src > /tmp/quick/m.src
  drop_caches
  tree_manifest "$D/tree" > /tmp/quick/m.dst
  diff /tmp/quick/m.src /tmp/quick/m.dst && echo "$(wc -l < /tmp/quick/m.src) manifest lines equal"
}
q_rename() {
  mv "$D/tree" "$D/tree2" && [ ! -e "$D/tree" ] && [ -d "$D/tree2/gen" ] &&
  mv "$D/tree2/gen/f65536" "$D/tree2/doc/moved" && [ ! -e "$D/tree2/gen/f65536" ] &&
  cmp /tmp/quick/src/gen/f65536 "$D/tree2/doc/moved" &&
  echo x > "$D/tree2/over" && mv -f "$D/tree2/doc/moved" "$D/tree2/over" && cmp /tmp/quick/src/gen/f65536 "$D/tree2/over"
}
q_hardlink() {
  ln "$D/tree2/gen/f4097" "$D/hl" && [ "$(stat -c %h "$D/hl")" = 2 ] &&
  [ "$(stat -c %i "$D/hl")" = "$(stat -c %i "$D/tree2/gen/f4097")" ] && cmp "$D/hl" /tmp/quick/src/gen/f4097 &&
  rm "$D/tree2/gen/f4097" && drop_caches && [ "$(stat -c %h "$D/hl")" = 1 ] && cmp "$D/hl" /tmp/quick/src/gen/f4097
}
q_symlink() {
  ln -s tree2/gen/f131073 "$D/sl" && [ "$(readlink "$D/sl")" = tree2/gen/f131073 ] &&
  drop_caches && cmp "$D/sl" /tmp/quick/src/gen/f131073 && [ "$(stat -c %F "$D/sl")" = "symbolic link" ] &&
  [ "$(readlink "$D/tree2/gen/link-to-leaf")" = deep/a/b/c/d/leaf ]
}
q_remove() {
  rm -rf "$D/tree2" "$D/hl" "$D/sl" && drop_caches && [ -z "$(ls -A "$D")" ]
}
q_bigfile() {
  dd if=/tmp/quick/big of="$D/big" bs=1M conv=fsync status=none || return 1
  drop_caches; [ "$(stat -c %s "$D/big")" = "$((QUICK_BIG_MB * 1048576))" ] || { echo "bad size"; return 1; }
  local got; got=$(sha256sum < "$D/big" | cut -d' ' -f1)
  echo "want $(cat /tmp/quick/big.sha) got $got"
  [ "$got" = "$(cat /tmp/quick/big.sha)" ] && rm -f "$D/big"
}
q_bigdirect() {  # O_DIRECT read-back too: no client page cache involved at all
  dd if=/tmp/quick/big of="$D/bigd" bs=1M oflag=direct status=none || return 1
  local got; got=$(dd if="$D/bigd" bs=1M iflag=direct status=none | sha256sum | cut -d' ' -f1)
  echo "want $(cat /tmp/quick/big.sha) got $got"
  [ "$got" = "$(cat /tmp/quick/big.sha)" ] && rm -f "$D/bigd"
}
q_dir() {
  mkdir "$D/many" && (cd "$D/many" && seq -f 'entry-%05g' "$QUICK_DIR_ENTRIES" | xargs touch) || return 1
  local n1 n2
  n1=$(ls "$D/many" | wc -l); drop_caches; n2=$(ls -f "$D/many" | grep -vc '^\.\.\?$')
  echo "ls: $n1, uncached ls -f: $n2"
  [ "$n1" = "$QUICK_DIR_ENTRIES" ] && [ "$n2" = "$QUICK_DIR_ENTRIES" ] &&
  [ -e "$D/many/entry-$(printf %05d "$QUICK_DIR_ENTRIES")" ] && rm -rf "$D/many" && [ ! -e "$D/many" ]
}
quick_workload() {  # TAG
  D=$MNT/quick-$1
  check "$1:mkdir" mkdir -p "$D" || return 1
  check "$1:copy_tree" q_copy && check "$1:tree_sha256" q_verify &&
  check "$1:rename" q_rename && { check "$1:hardlink" q_hardlink; check "$1:symlink" q_symlink; } ;
  check "$1:remove" q_remove
  check "$1:bigfile_${QUICK_BIG_MB}M_sha256" q_bigfile
  check "$1:bigfile_direct_sha256" q_bigdirect
  check "$1:dir_${QUICK_DIR_ENTRIES}_entries" q_dir
  rmdir "$D" 2>/dev/null
}

# ---------------------------------------------------------------- NFSv4 locks
# POSIX locks between two processes of this client (two lock owners at the server): a
# conflict is refused, a blocked waiter is granted once the holder unlocks; then flock
# (the Linux client sends it as a whole-file POSIX lock).
v4_locks() {  # FILE
  python3 - "$1" <<'PY'
import errno, fcntl, multiprocessing as mp, os, sys, time
path = sys.argv[1]
with open(path, "w") as f:
    f.write("x" * 8192)

def hold(kind, ready, release):
    fd = os.open(path, os.O_RDWR)
    if kind == "posix":
        fcntl.lockf(fd, fcntl.LOCK_EX, 4096, 0)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX)
    ready.set()
    release.wait(120)
    os.close(fd)  # closing drops both kinds

for kind in ("posix", "flock"):
    ready, release = mp.Event(), mp.Event()
    holder = mp.Process(target=hold, args=(kind, ready, release))
    holder.start()
    assert ready.wait(120), f"{kind}: the holder never got its lock"
    fd = os.open(path, os.O_RDWR)
    try:
        if kind == "posix":
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 4096, 0)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        sys.exit(f"{kind}: a conflicting lock was granted")
    except OSError as e:
        assert e.errno in (errno.EAGAIN, errno.EACCES), e
        print(f"{kind}: conflict refused ({errno.errorcode[e.errno]})")
    if kind == "posix":  # a range that does not overlap is free
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 4096, 4096)
        fcntl.lockf(fd, fcntl.LOCK_UN, 4096, 4096)
        print("posix: the other half of the file locks")
    t = time.monotonic()
    mp.Process(target=lambda: (time.sleep(2), release.set())).start()
    if kind == "posix":
        fcntl.lockf(fd, fcntl.LOCK_EX, 4096, 0)  # blocks until the holder lets go
    else:
        fcntl.flock(fd, fcntl.LOCK_EX)
    waited = time.monotonic() - t
    print(f"{kind}: blocked waiter granted after {waited:.1f} s")
    assert waited >= 1.5, "granted while the holder still held it"
    os.close(fd)
    holder.join(60)
os.unlink(path)
PY
}

# The kernel client was granted read delegations over its callback path (server metrics).
v4_delegations_check() {
  python3 - "$METRICS_URL" <<'PY'
import re, sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=20).read().decode()
open("/host-run/out/logs/metrics-v4.txt", "w").write(text)
lines = [ln for ln in text.splitlines()
         if ln.startswith(("nfsrdma_nfs4_delegations_total", "nfsrdma_nfs4_callbacks_total"))]
print("\n".join(lines) or "no delegation/callback samples")
granted = sum(float(ln.split()[-1]) for ln in lines if 'event="granted"' in ln)
print("delegations granted:", granted)
sys.exit(0 if granted > 0 else 1)
PY
}

metrics_check() {  # BACKEND
  python3 - "$METRICS_URL" "$METRIC_CONTEXTS" "$1" <<'PY'
import re, sys, urllib.request
url, name, backend = sys.argv[1:4]
text = urllib.request.urlopen(url, timeout=20).read().decode()
open("/host-run/out/logs/metrics-%s.txt" % backend, "w").write(text)
pat = re.compile(r'^%s\{([^}]*)\}\s+(\S+)' % re.escape(name))
total, seen = 0.0, []
for line in text.splitlines():
    m = pat.match(line)
    if m:
        seen.append(line)
        if re.search(r'(^|,)backend="%s"' % re.escape(backend), m.group(1)):
            total += float(m.group(2))
print("\n".join(seen) or "no %s samples" % name)
# informational: payload copies (should stay 0 on the RDMA path), fallbacks
for line in text.splitlines():
    if line.startswith(("nfsrdma_payload_bytes_copied_total", "nfsrdma_rdma_dma_fallbacks_total")):
        print("info:", line)
print('%s{backend="%s"} = %s' % (name, backend, total))
sys.exit(0 if total > 0 else 1)
PY
}

# ---------------------------------------------------------------- fio
# fio jobs, the NFS-Ganesha server and the --fio profile: guest/fio.sh
# shellcheck source=fio.sh
. "$HERE/fio.sh"

# ---------------------------------------------------------------- kill-and-restart
recovery() {  # SERVER
  local server=$1 file=$MNT/recov.dat wjson=$OUT/fio/recovery-$1-write.json vjson=$OUT/fio/recovery-$1-verify.json
  local common=(--name=recov --filename="$file" --rw=write --bs=64k --size="$RECOVERY_SIZE" --direct=1
                --ioengine=libaio --iodepth=8 --verify=crc32c --verify_state_save=0 --output-format=json)
  rm -f "$file"
  fio "${common[@]}" --do_verify=0 --output="$wjson" > "$LOGS/recovery-$server-fio.log" 2>&1 &
  local fpid=$!
  sleep "$RECOVERY_KILL_AFTER"
  if ! kill -0 $fpid 2>/dev/null; then
    echo "fio finished before the kill (make RECOVERY_SIZE bigger)"; wait $fpid; return 1
  fi
  local done_mb; done_mb=$(( $(stat -c %s "$file" 2>/dev/null || echo 0) / 1048576 ))
  echo "$(date +%T) killing $server with fio ~${done_mb} MiB in"
  if [ "$server" = knfsd ]; then rpc.nfsd 0; else nfsrdma_kill KILL; fi
  sleep "$RECOVERY_DOWN"
  echo "$(date +%T) restarting $server"
  if [ "$server" = knfsd ]; then knfsd_restart_threads; else nfsrdma_start "$FIO_BACKEND"; fi || {
    echo "restart failed"; kill -9 $fpid; return 1; }
  local i=0
  while kill -0 $fpid 2>/dev/null; do
    sleep 1; i=$((i + 1))
    [ $i -ge "$RECOVERY_TIMEOUT" ] && { echo "fio still running ${RECOVERY_TIMEOUT}s after restart"; return 1; }
  done
  wait $fpid; local rc=$?
  echo "$(date +%T) write fio rc=$rc after ${i}s more"; cat "$LOGS/recovery-$server-fio.log"
  [ $rc = 0 ] || { cat "$wjson"; return 1; }
  drop_caches
  fio "${common[@]}" --verify_only --output="$vjson" || { echo "verify pass failed"; cat "$vjson"; return 1; }
  python3 - "$wjson" "$vjson" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))["jobs"][0]; v = json.load(open(sys.argv[2]))["jobs"][0]
print("write: %d MiB err %d; verify read: %d MiB err %d" % (w["write"]["io_bytes"] >> 20, w["error"], v["read"]["io_bytes"] >> 20, v["error"]))
sys.exit(1 if w["error"] or v["error"] or not v["read"]["io_bytes"] else 0)
PY
}

# ---------------------------------------------------------------- profiles
p_smoke() {
  base_setup || return
  check pyverbs_lists_rxe0 sh -c "python3 -c 'import pyverbs.device as d; l = d.get_device_list(); print([x.name.decode() for x in l]); assert any(x.name == b\"rxe0\" for x in l)'"
  check python_deps python3 -c 'import uvloop, xdrlib3, prometheus_client; print(uvloop.__version__, xdrlib3.__file__, prometheus_client.__file__)'
  check rping_loopback sh -c "(timeout 20 rping -s -a $SERVER_IP -C 3 -v & sleep 1; timeout 15 rping -c -a $SERVER_IP -C 3 -v; rc=\$?; wait; exit \$rc)"
  if [ -d "$PROJECT/nfsrdma" ]; then
    (cd "$PROJECT" && timeout 120 python3 -m nfsrdma --help > "$LOGS/nfsrdma-help.log" 2>&1) &&
      say "info: 'python3 -m nfsrdma --help' works in the guest" ||
      say "info: 'python3 -m nfsrdma --help' fails in the guest (see logs/nfsrdma-help.log)"
  fi
}

p_quick() {
  base_setup || return
  check quick_prepare_src prepare_quick_src || return
  fresh_tmpfs "$KNFSD_EXPORT"
  if [ "$KNFSD_ONLY" = 1 ]; then
    check knfsd_start knfsd_start || return
    check "knfsd:mount_rdma" mount_nfs knfsd rdma && quick_workload knfsd
    umount_nfs; knfsd_stop > "$LOGS/knfsd_stop.log" 2>&1
    return
  fi
  local b entries=$QUICK_DIR_ENTRIES first=1
  for b in $BACKENDS; do
    fresh_tmpfs "$NFSRDMA_EXPORT"
    check "$b:server_start" nfsrdma_start "$b" || continue
    if check "$b:mount_rdma" mount_nfs nfsrdma rdma; then
      QUICK_DIR_ENTRIES=$entries; [ $first = 1 ] || QUICK_DIR_ENTRIES=$QUICK_MORE_DIR_ENTRIES
      first=0
      quick_workload "$b"
      QUICK_DIR_ENTRIES=$entries
      check "$b:metric_contexts" metrics_check "$b"
      check "$b:umount" umount_nfs
    fi
    nfsrdma_stop
  done
}

p_recovery_nfsrdma() {
  [ -n "$SERVER_PID" ] || check "nfsrdma:server_start" nfsrdma_start "$FIO_BACKEND" || return
  check "nfsrdma:mount_rdma_recovery" mount_nfs nfsrdma rdma &&
    check "nfsrdma:kill_restart_fio_verify" recovery nfsrdma
  umount_nfs
}
p_recovery() {
  base_setup || return
  if [ "$KNFSD_ONLY" = 1 ]; then
    fresh_tmpfs "$KNFSD_EXPORT"
    check knfsd_start knfsd_start && check "knfsd:mount_rdma" mount_nfs knfsd rdma &&
      check "knfsd:kill_restart_fio_verify" recovery knfsd
    umount_nfs; knfsd_stop > "$LOGS/knfsd_stop.log" 2>&1
    return
  fi
  fresh_tmpfs "$NFSRDMA_EXPORT"
  p_recovery_nfsrdma
  nfsrdma_stop
}

# NFSv4.x: the server with --nfs4; the default mount (no vers=) over RDMA and TCP must be
# 4.2, then 4.1 and 4.0; each runs the file workload and the lock checks; then the kill -9
# recovery under a hard 4.1 RDMA mount (the client reclaims in grace, every byte verifies).
p_v4() {
  base_setup || return
  check quick_prepare_src prepare_quick_src || return
  fresh_tmpfs "$NFSRDMA_EXPORT"
  NFSRDMA_SERVER_CMD="$NFSRDMA_SERVER_CMD $V4_SERVER_ARGS"
  check "v4:server_start" nfsrdma_start "$FIO_BACKEND" || return
  local spec vers proto tag first=1 entries=$QUICK_DIR_ENTRIES
  for spec in $V4_MOUNTS; do
    vers=${spec%%:*} proto=${spec#*:} tag=v4-${spec/:/-}
    if check "$tag:mount" mount_nfs nfsrdma "$proto" "$vers"; then
      QUICK_DIR_ENTRIES=$entries; [ $first = 1 ] || QUICK_DIR_ENTRIES=$V4_MORE_DIR_ENTRIES
      quick_workload "$tag"
      check "$tag:locks_posix_flock" v4_locks "$MNT/locktest"
      check "$tag:umount" umount_nfs
      first=0
    fi
  done
  QUICK_DIR_ENTRIES=$entries
  check "v4:delegations_granted" v4_delegations_check
  if [ "$V4_RECOVERY" = 1 ]; then
    check "v4-4.1-rdma:mount_recovery" mount_nfs nfsrdma rdma 4.1 &&
      check "v4-4.1-rdma:kill_restart_fio_verify" recovery nfsrdma
    umount_nfs
  fi
  nfsrdma_stop
}

# Delegations with the kernel client (guest/deleg.py): per transport, a 4.2 mount is granted
# read and write delegations and a v3 mount of the same export (another client) writes: the
# server recalls over the v4 mount's back channel (RDMA or TCP), the kernel returns them.
# Then the file workload (a tree copy, three passes reading every file and listing the
# tree) with delegations on and with --no-delegations: wall time and NFSv4 operations the
# server counted (deleg-figures.txt).
metric_sum() {  # REGEX over the sample line -> sum of the matching samples
  python3 - "$METRICS_URL" "$1" <<'PY'
import re, sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=20).read().decode()
pat = re.compile(sys.argv[2])
print(int(sum(float(l.split()[-1]) for l in text.splitlines()
              if not l.startswith("#") and pat.search(l))))
PY
}
deleg_workload() {  # TAG: copy, then 3 x (read every file, list the tree); figures appended
  local t0 t1 t2 ops0 ops1 ops2 v4ops='^nfsrdma_nfs_ops_total\{.*op="v4\.'
  ops0=$(metric_sum "$v4ops") t0=$(date +%s.%N)
  cp -a /tmp/quick/src "$MNT/tree" && sync || return 1
  ops1=$(metric_sum "$v4ops") t1=$(date +%s.%N)
  for _ in 1 2 3; do
    find "$MNT/tree" -type f -exec cat {} + > /dev/null && find "$MNT/tree" -ls > /dev/null || return 1
  done
  ops2=$(metric_sum "$v4ops") t2=$(date +%s.%N)
  printf '%s: copy %.1f s %d v4 ops; 3x read+list %.1f s %d v4 ops; granted %s\n' "$1" \
    "$(secs "$t0" "$t1")" $((ops1 - ops0)) "$(secs "$t1" "$t2")" $((ops2 - ops1)) \
    "$(metric_sum '^nfsrdma_nfs4_delegations_total\{event="granted"')" | tee -a "$OUT/deleg-figures.txt"
  rm -rf "$MNT/tree"
}
mount_v3_beside() { MNT=$MNT-3 mount_nfs nfsrdma tcp 3; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
p_deleg() {
  base_setup || return
  QUICK_BIG_MB=8 check quick_prepare_src prepare_quick_src || return
  fresh_tmpfs "$NFSRDMA_EXPORT"
  local base=$NFSRDMA_SERVER_CMD proto mode
  NFSRDMA_SERVER_CMD="$base $V4_SERVER_ARGS"
  check "deleg:server_start" nfsrdma_start "$FIO_BACKEND" || return
  for proto in $DELEG_TRANSPORTS; do
    if check "deleg-$proto:mount_v4" mount_nfs nfsrdma "$proto" default &&
       check "deleg-$proto:mount_v3" mount_v3_beside; then
      check "deleg-$proto:v3_write_recalls_over_$proto" timeout 300 python3 "$HERE/deleg.py" "$MNT" "$MNT-3" "$METRICS_URL" "$proto"
    fi
    MNT=$MNT-3 umount_nfs; check "deleg-$proto:umount" umount_nfs
  done
  for mode in $DELEG_FIGURES; do
    if [ $mode = off ]; then
      nfsrdma_stop; rm -rf /var/lib/nfsrdma/nfs4-clients
      NFSRDMA_SERVER_CMD="$base $V4_SERVER_ARGS --no-delegations"
      check "deleg:server_start_no_delegations" nfsrdma_start "$FIO_BACKEND" || return
    fi
    check "deleg-$mode:mount" mount_nfs nfsrdma rdma default &&
      check "deleg-$mode:workload" deleg_workload "delegations $mode, rdma"
    check "deleg-$mode:umount" umount_nfs
  done
  check "deleg:no_traceback" sh -c "! grep -n Traceback '$OUT/server.log'"
  nfsrdma_stop
}

# NFSv4 byte-range locks with the kernel client: POSIX fcntl and flock between two processes
# (guest/locktest.py) on two mounts that are two NFSv4 clients to the server (another minor
# version: another client record), so the server decides every conflict; on one mount (as
# --v4's v4_locks) the client kernel checks its own processes first and never asks.  The
# server's counters prove it decided.
v4_lock_metrics() {
  python3 - "$METRICS_URL" <<'PY'
import re, sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=20).read().decode()
open("/host-run/out/logs/metrics-locks.txt", "w").write(text)
got = {}
for line in text.splitlines():
    m = re.match(r'^nfsrdma_nfs_ops(?:_total)?\{([^}]*)\}\s+(\S+)', line)
    if m and re.search(r'op="v4\.LOCK[TU]?"', m.group(1)):
        print(line)
        op = re.search(r'op="([^"]+)"', m.group(1)).group(1)
        st = re.search(r'status="([^"]+)"', m.group(1)).group(1)
        got[(op, st)] = got.get((op, st), 0) + float(m.group(2))
need = [("v4.LOCK", "NFS4_OK"), ("v4.LOCK", "NFS4ERR_DENIED"), ("v4.LOCKU", "NFS4_OK")]
missing = [n for n in need if got.get(n, 0) <= 0]
print("missing:", missing if missing else "none")
sys.exit(1 if missing else 0)
PY
}
mount_pair() {  # VERS:PROTO VERS:PROTO -> $MNT and $MNT-2
  mount_nfs nfsrdma "${1#*:}" "${1%:*}" && MNT=$MNT-2 mount_nfs nfsrdma "${2#*:}" "${2%:*}"
}
p_locks() {
  base_setup || return
  fresh_tmpfs "$NFSRDMA_EXPORT"
  NFSRDMA_SERVER_CMD="$NFSRDMA_SERVER_CMD --nfs4"
  check "nfsrdma:server_start" nfsrdma_start "$FIO_BACKEND" || return
  local pair a b name
  for pair in $LOCK_MOUNTS; do
    a=${pair%,*} b=${pair#*,} name="v${a/:/-}+v${b/:/-}"
    if check "$name:mount" mount_pair "$a" "$b"; then
      check "$name:posix_and_flock_locks" timeout 300 python3 "$HERE/locktest.py" "$MNT" "$MNT-2"
    fi
    umount_nfs; MNT=$MNT-2 umount_nfs
  done
  check "nfsrdma:v4_lock_metrics" v4_lock_metrics
  check "nfsrdma:no_traceback" sh -c "! grep -n Traceback '$OUT/server.log'"
}

p_shell() {
  base_setup
  echo "e2e shell: rxe0 is up on $SERVER_IP; functions: knfsd_start, nfsrdma_start BACKEND, mount_nfs knfsd|nfsrdma rdma|tcp, quick_workload TAG, fio_suite SERVER PROTO"
  echo "e2e shell: 'exit' powers the guest off"
  printf '. /root/.bashrc 2>/dev/null\nE2E_LIB_ONLY=1 . %q shell\nKNFSD_UP=%s\n' "$HERE/e2e.sh" "$KNFSD_UP" > /tmp/e2e-shell.rc
  setsid -c bash --rcfile /tmp/e2e-shell.rc -i < /dev/ttyS0 > /dev/ttyS0 2>&1
}

[ -n "${E2E_LIB_ONLY:-}" ] && return 0   # sourced for the --shell helpers
say "e2e profile=$PROFILE knfsd_only=$KNFSD_ONLY"
case $PROFILE in
  smoke) p_smoke ;;
  quick) p_quick ;;
  fio) p_fio ;;
  recovery) p_recovery ;;
  v4) p_v4 ;;
  locks) p_locks ;;
  deleg) p_deleg ;;
  shell) p_shell; exit 0 ;;
  compose) . "$HERE/compose.sh"; p_compose ;;
  nlm) . "$HERE/nlm.sh"; p_nlm ;;
  meta) . "$HERE/meta.sh"; p_meta ;;
  ceph) . "$HERE/ceph.sh"; p_ceph ;;
  *) fail profile "unknown profile $PROFILE" ;;
esac
[ -n "$SERVER_PID" ] && nfsrdma_stop
umount_nfs
say "done"
summary
