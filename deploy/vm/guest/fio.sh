# fio in the guest: the jobs, NFS-Ganesha as the userspace peer, and the --fio profile.
# Sourced by e2e.sh (uses its check/mount_nfs/knfsd_*/nfsrdma_* and config.sh's settings).
#
# --fio: FIO_SERVERS (knfsd ganesha nfsrdma) one after another, since all three want ports
# 2049/20048 and rpcbind's entries; for each, FIO_VERSIONS (3 4.1) x FIO_TRANSPORTS (rdma tcp;
# Ganesha tcp only: its RDMA needs libntirpc's RDMA, which Debian builds without) x
# FIO_WORKLOADS; one JSON per run in $OUT/fio/<server>-v<vers>-<xprt>-<workload>.json, read by
# deploy/vm/fio-report.py on the host. Then the kill -9 recovery check against nfsrdma.

fio_job() {  # NAME RW BS IODEPTH FILE JSON [extra...]
  local name=$1 rw=$2 bs=$3 qd=$4 file=$5 json=$6; shift 6
  fio --name="$name" --filename="$file" --rw="$rw" --bs="$bs" --iodepth="$qd" \
      --size="$FIO_SIZE" --direct=1 --ioengine=libaio --numjobs=1 \
      --time_based --runtime="$FIO_RUNTIME" --ramp_time=1 --invalidate=1 \
      --output-format=json --output="$json" "$@"
}
fio_suite() {  # SERVER PROTO [VERS]
  local server=$1 proto=$2 vers=${3:-3} w rw bs qd file=$MNT/fio.dat tag
  for w in $FIO_WORKLOADS; do
    tag="fio:$server:v$vers:$proto:$w"
    case $w in
      seqwrite) rw=write bs=1M qd=16 ;;
      seqread) rw=read bs=1M qd=16 ;;
      randread) rw=randread bs=4k qd=32 ;;
      randwrite) rw=randwrite bs=4k qd=32 ;;
      *) fail "$tag" "unknown workload"; continue ;;
    esac
    fio_snapshot "$server" "$OUT/fio/$server-v$vers-$proto-$w.before"
    check "$tag" fio_run_one "$w" "$rw" "$bs" "$qd" "$file" "$OUT/fio/$server-v$vers-$proto-$w.json"
    fio_snapshot "$server" "$OUT/fio/$server-v$vers-$proto-$w.after"
  done
}
# the mount's /proc/self/mountstats (per-op counts, RTT and execute times, the transport's
# backlog) and, for nfsrdma, its /metrics: a job's figures are after minus before
fio_snapshot() {  # SERVER PREFIX
  awk -v m="$MNT" '$1=="device" {on = ($5 == m)} on' /proc/self/mountstats > "$2.mountstats"
  # CPU: the guest's (/proc/stat) and, for nfsrdma, each thread of the server's
  { cat /proc/stat; [ "$1" = nfsrdma ] && [ -n "$SERVER_PID" ] &&
      cat /proc/"$SERVER_PID"/task/*/stat 2>/dev/null; } > "$2.cpu"
  # and its main thread's syscalls (syscr/syscw) and context switches
  [ "$1" = nfsrdma ] && [ -n "$SERVER_PID" ] &&
    { cat /proc/"$SERVER_PID"/io; grep ctxt /proc/"$SERVER_PID"/status; } > "$2.io" 2>/dev/null
  [ "$1" = nfsrdma ] || return 0
  python3 - "$METRICS_URL" "$2.metrics" <<'PY' || true
import sys, urllib.request
open(sys.argv[2], "w").write(urllib.request.urlopen(sys.argv[1], timeout=20).read().decode())
PY
}
fio_run_one() {
  fio_job "$@" || { cat "$6"; return 1; }
  python3 - "$6" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
d = j["read"] if j["read"]["io_bytes"] else j["write"]
print("%.1f MB/s %.0f IOPS lat(ms) mean %.2f errors %d" % (d["bw_bytes"] / 1e6, d["iops"], d["lat_ns"]["mean"] / 1e6, j["error"]))
sys.exit(1 if j["error"] or not d["io_bytes"] else 0)
PY
}
# lay the fio file out on the server side (the export is a local tmpfs): fio would otherwise
# spend minutes writing 512 MiB through the slow TCG path before the first timed job
fio_layout() {  # EXPORT_DIR
  rm -f "$1/fio.dat"; head -c "$(numfmt --from=iec "$FIO_SIZE")" /dev/zero > "$1/fio.dat" && chmod 666 "$1/fio.dat"
}

# ---------------------------------------------------------------- NFS-Ganesha (FSAL VFS)
# NFSv3 + NFSv4 (minor versions 0-2) over TCP on the same ports as the others; no NLM or
# RQUOTA (the kernel's lockd holds NLM's rpcbind entry), no grace at start (nothing to
# reclaim). The v4 path (Pseudo) is the export's path, as for knfsd and nfsrdma.
GANESHA_PID=
GANESHA_CONF=/etc/ganesha/e2e-fio.conf
ganesha_start() {
  mkdir -p /var/lib/nfs/ganesha /run/ganesha "$GANESHA_EXPORT"
  # FSAL VFS finds the export's filesystem in /etc/mtab, which the minbase guest lacks
  [ -e /etc/mtab ] || ln -s ../proc/self/mounts /etc/mtab
  cat > "$GANESHA_CONF" <<EOF
NFS_CORE_PARAM {
    Enable_UDP = false;
    NFS_Port = $NFS_PORT;
    MNT_Port = $MOUNT_PORT;
    Protocols = 3, 4;
    Enable_NLM = false;
    Enable_RQUOTA = false;
}
NFSV4 {
    Graceless = true;
    Grace_Period = 0;
    Minor_Versions = 0, 1, 2;
}
EXPORT {
    Export_Id = 1;
    Path = $GANESHA_EXPORT;
    Pseudo = $GANESHA_EXPORT;
    Access_Type = RW;
    Squash = No_Root_Squash;
    SecType = sys;
    Protocols = 3, 4;
    Transports = TCP;
    FSAL { Name = VFS; }
}
EOF
  cp "$GANESHA_CONF" "$LOGS/ganesha.conf"
  # entries a server before it left in rpcbind would make Ganesha's registration fail
  local prog v
  for prog in "100003 3" "100003 4" "100005 1" "100005 2" "100005 3"; do
    v=${prog#* }; rpcinfo -d "${prog% *}" "$v" 2>/dev/null
  done
  echo "=== $(date +%T) start: ganesha.nfsd -F -f $GANESHA_CONF" >> "$OUT/ganesha.log"
  ganesha.nfsd -F -f "$GANESHA_CONF" -L "$OUT/ganesha.log" -p /run/ganesha/ganesha.pid &
  GANESHA_PID=$!
  local i
  for i in $(seq 120); do
    kill -0 "$GANESHA_PID" 2>/dev/null || { echo "ganesha exited"; tail -n 30 "$OUT/ganesha.log"; GANESHA_PID=; return 1; }
    if grep -qE 'Could not create export|No export entries' "$OUT/ganesha.log"; then
      echo "ganesha did not create its export:"; grep -E ':(CRIT|MAJ) :' "$OUT/ganesha.log" | grep -v DBUS | tail -n 8
      ganesha_stop; return 1
    fi
    if grep -q 'NFS SERVER INITIALIZED' "$OUT/ganesha.log" &&
       [ -n "$(ss -Hltn "sport = :$NFS_PORT")" ] && [ -n "$(ss -Hltn "sport = :$MOUNT_PORT")" ]; then
      echo "ganesha up after ${i}s (pid $GANESHA_PID)"; ss -ltnp; rpcinfo -p localhost
      return 0
    fi
    sleep 1
  done
  echo "ganesha not serving after 120 s"; tail -n 30 "$OUT/ganesha.log"; return 1
}
ganesha_stop() {
  [ -n "$GANESHA_PID" ] || return 0
  kill "$GANESHA_PID" 2>/dev/null
  for _ in $(seq 60); do kill -0 "$GANESHA_PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$GANESHA_PID" 2>/dev/null
  wait "$GANESHA_PID" 2>/dev/null
  GANESHA_PID=
  echo "=== $(date +%T) ganesha stopped" >> "$OUT/ganesha.log"
}

# ---------------------------------------------------------------- the --fio profile
fio_server() {  # SERVER: every version x transport it serves
  local s=$1 p v export
  case $s in knfsd) export=$KNFSD_EXPORT ;; ganesha) export=$GANESHA_EXPORT ;; *) export=$NFSRDMA_EXPORT ;; esac
  fio_layout "$export"
  for v in $FIO_VERSIONS; do
    for p in $FIO_TRANSPORTS; do
      if [ "$s" = ganesha ] && [ "$p" = rdma ]; then
        say "info: ganesha: no RDMA (Debian's libntirpc is built without it): v$v rdma skipped"
        continue
      fi
      check "$s:v$v:mount_$p" mount_nfs "$s" "$p" "$v" || continue
      fio_suite "$s" "$p" "$v"
      umount_nfs
    done
  done
}

p_fio() {
  base_setup || return
  local s servers=$FIO_SERVERS
  [ "$KNFSD_ONLY" = 1 ] && servers=knfsd
  for s in $servers; do
    case $s in
      knfsd)
        fresh_tmpfs "$KNFSD_EXPORT"
        if check knfsd_start knfsd_start; then
          fio_server knfsd
          if [ "$KNFSD_ONLY" = 1 ]; then
            check "knfsd:mount_rdma_recovery" mount_nfs knfsd rdma && check "knfsd:kill_restart_fio_verify" recovery knfsd
            umount_nfs
          fi
          knfsd_stop > "$LOGS/knfsd_stop.log" 2>&1
        fi
        umount "$KNFSD_EXPORT" ;;
      ganesha)
        fresh_tmpfs "$GANESHA_EXPORT"
        if check ganesha_start ganesha_start; then
          fio_server ganesha
          ganesha_stop
          check "ganesha:no_fatal_log" sh -c "! grep -E ':(FATAL|MAJ) :' '$OUT/ganesha.log' | grep -vE 'DBUS|dbus|krb5|keytab|principal|RADOS|realm'"
        fi
        umount "$GANESHA_EXPORT" ;;
      nfsrdma)
        fresh_tmpfs "$NFSRDMA_EXPORT"
        if check "nfsrdma:server_start" nfsrdma_start "$FIO_BACKEND"; then
          fio_server nfsrdma
          [ "$FIO_RECOVERY" = 1 ] && p_recovery_nfsrdma
          nfsrdma_stop
        fi ;;
      *) fail "fio:$s" "unknown server (knfsd, ganesha, nfsrdma)" ;;
    esac
  done
}
