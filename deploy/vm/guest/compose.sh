# The --compose profile (sourced by e2e.sh): the Docker Compose deployment of
# deploy/compose, run for real in the guest.  Docker 20.10 + docker-compose 1.29 + Prometheus
# come from the compose image (packages-compose.txt); the base image is imported from the
# tarball the host made (build-compose-base), so nothing is pulled from a registry.
#
# Checks: dockerd up; base imported; `docker-compose config` (1.29) accepts compose.yaml
# with the RDMA override; promtool accepts prometheus.yml and rules.yml; the nfsrdma image
# builds from the tarball base with no network; `up -d`; the containerized server listens
# (TCP + rdma_cm) and its healthcheck turns healthy; the kernel client mounts it over RDMA
# and over TCP (xprt in mountstats) and a file workload verifies (root squashed to 65534);
# `nfsrdma stats` / `nfsrdma exports` read it; SIGHUP through compose reloads the exports;
# Prometheus reports the target up and, while the client reads, rates above zero (calls,
# RDMA WRs per call); `docker-compose
# restart nfsrdma` during an O_DIRECT write on a hard RDMA mount loses nothing and a file
# opened before the restart is still readable through its old handle; `docker-compose down`
# stops the server with SIGTERM (exit 0, its "stopped" log line, no traceback in its log).

: "${COMPOSE_DIR:=/host/deploy/compose}"
: "${COMPOSE_PROJECT:=nfsrdma}"
: "${COMPOSE_BASE_TAR:=/host-run/base.tar}"
: "${COMPOSE_BASE_IMAGE:=nfsrdma-e2e/base:bookworm}"
: "${COMPOSE_PROM_IMAGE:=nfsrdma-e2e/prometheus:debian}"
: "${COMPOSE_READY_TIMEOUT:=400}"      # container start: python under TCG, in a container
: "${COMPOSE_WRITE_MB:=48}"            # written with O_DIRECT across the restart
: "${COMPOSE_DOC_DIRS:=10}"
: "${PROM_URL:=http://127.0.0.1:9090}"

dc() {  # docker-compose with the deployment's files and the guest's settings
  (cd "$COMPOSE_DIR" &&
   COMPOSE_FILE=compose.yaml:compose.rdma.yaml NFSRDMA_BASE_IMAGE=$COMPOSE_BASE_IMAGE \
   PROMETHEUS_IMAGE=$COMPOSE_PROM_IMAGE NFSRDMA_EXPORT_DIR=$NFSRDMA_EXPORT \
   docker-compose -p "$COMPOSE_PROJECT" "$@")  # listens on 0.0.0.0: Prometheus scrapes 127.0.0.1
}

c_dockerd() {
  mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup
  for m in overlay br_netfilter bridge veth nf_nat nf_tables; do modprobe $m; done
  mkdir -p /var/lib/docker
  # host networking only: no bridge, no iptables rules (no NIC in the guest anyway)
  dockerd --storage-driver=overlay2 --iptables=false --bridge=none > "$LOGS/dockerd.log" 2>&1 &
  local i
  for i in $(seq 120); do docker info > /dev/null 2>&1 && break; sleep 0.5; done
  docker version && docker-compose version
}
c_import() {
  [ -f "$COMPOSE_BASE_TAR" ] || { echo "no $COMPOSE_BASE_TAR (run-e2e --compose copies it)"; return 1; }
  docker import "$COMPOSE_BASE_TAR" "$COMPOSE_BASE_IMAGE" && docker images
}
c_config() {
  dc config -q && dc config | sed -n '1,200p' &&
  mkdir -p /etc/prometheus && cp "$COMPOSE_DIR"/prometheus/*.yml /etc/prometheus/ &&
  promtool check config /etc/prometheus/prometheus.yml &&
  promtool check rules /etc/prometheus/rules.yml
}
c_build() {
  # the test's Prometheus image: Debian's binary (it links only libc) on the same base
  rm -rf /tmp/promctx && mkdir -p /tmp/promctx && cp /usr/bin/prometheus /tmp/promctx/ &&
  cp "$HERE/prometheus.Dockerfile" /tmp/promctx/Dockerfile &&
  docker build -q --build-arg BASE_IMAGE="$COMPOSE_BASE_IMAGE" -t "$COMPOSE_PROM_IMAGE" /tmp/promctx &&
  dc build nfsrdma && docker images
}
c_up() {
  fresh_tmpfs "$NFSRDMA_EXPORT" && chown 65534:65534 "$NFSRDMA_EXPORT" && chmod 0755 "$NFSRDMA_EXPORT" &&
  dc up -d && c_wait_ready
}
c_wait_ready() {
  local i=0
  while [ $i -lt "$COMPOSE_READY_TIMEOUT" ]; do
    if server_listening; then echo "server ready after ${i}s"; dc ps; return 0; fi
    sleep 2; i=$((i + 2))
  done
  echo "containerized server not listening after ${COMPOSE_READY_TIMEOUT}s"; dc ps; dc logs --tail 40 nfsrdma
  return 1
}
c_healthy() {
  local id i st
  id=$(dc ps -q nfsrdma)
  for i in $(seq 90); do
    st=$(docker inspect -f '{{.State.Health.Status}}' "$id")
    [ "$st" = healthy ] && { echo "healthcheck: $st"; docker inspect -f '{{json .State.Health}}' "$id" | cut -c1-600; return 0; }
    sleep 2
  done
  echo "healthcheck still '$st'"; docker inspect -f '{{json .State.Health}}' "$id"; return 1
}
c_workload() {  # TAG: a tree + a file through the mount at $MNT, verified after drop_caches
  local D=$MNT/$1
  rm -rf /tmp/cw && mkdir -p /tmp/cw/src/gen
  ls -d /usr/share/doc/*/ | head -n "$COMPOSE_DOC_DIRS" | xargs -I{} cp -r {} /tmp/cw/src/
  local s; for s in 0 1 4097 65536 524289 3000000; do head -c "$s" /dev/urandom > "/tmp/cw/src/gen/f$s"; done
  head -c 16M /dev/urandom > /tmp/cw/src/gen/big
  mkdir -p "$D" && cp -r /tmp/cw/src "$D/tree" && sync || return 1
  drop_caches
  (cd /tmp/cw/src && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) > /tmp/cw/m.src
  (cd "$D/tree" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) > /tmp/cw/m.dst
  diff /tmp/cw/m.src /tmp/cw/m.dst || return 1
  echo "$(wc -l < /tmp/cw/m.src) files equal; owner on the server: $(stat -c %u:%g "$NFSRDMA_EXPORT/$1/tree/gen/big")"
  [ "$(stat -c %u "$NFSRDMA_EXPORT/$1/tree/gen/big")" = 65534 ] || { echo "root was not squashed"; return 1; }
  rm -rf "$D"
}
c_mount_rdma_workload() { mount_nfs nfsrdma rdma && c_workload rdma; }
c_mount_tcp_workload() { umount_nfs && mount_nfs nfsrdma tcp && c_workload tcp && umount_nfs; }
c_tools() {
  (cd "$PROJECT" && python3 -m nfsrdma stats --url "$SERVER_IP:9100" && python3 -m nfsrdma exports --url "$SERVER_IP:9100") > /tmp/tools.out 2>&1
  local rc=$?; cat /tmp/tools.out; [ $rc = 0 ] || return 1
  grep -q "nfs v3:" /tmp/tools.out && grep -q "/srv/nfsrdma  <world>(rw,.*root_squash" /tmp/tools.out
}
c_reload() {  # SIGHUP through compose: the same exports file, reloaded
  dc kill -s HUP nfsrdma || return 1
  local i
  for i in $(seq 60); do
    curl_metrics | grep -q '^nfsrdma_exports_reloads_total{result="ok"} 1' && { echo "reloaded"; return 0; }
    sleep 1
  done
  curl_metrics | grep exports_reloads; return 1
}
curl_metrics() { python3 -c "import urllib.request as u; print(u.urlopen('http://$SERVER_IP:9100/metrics', timeout=20).read().decode())"; }
prom_query() {  # QUERY -> the first value, or nothing
  python3 - "$PROM_URL" "$1" <<'PY'
import json, sys, urllib.parse, urllib.request
url, q = sys.argv[1], sys.argv[2]
try:
    r = json.load(urllib.request.urlopen(url + "/api/v1/query?query=" + urllib.parse.quote(q), timeout=20))
except OSError as e:
    sys.exit("query failed: %s" % e)
res = r.get("data", {}).get("result", [])
print(res[0]["value"][1] if res else "")
PY
}
positive() {  # NUMBER: a finite number above zero (not NaN, Inf or empty)
  awk -v v="$1" 'BEGIN { exit !(v ~ /^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/ && v + 0 > 0) }'
}
c_prometheus() {  # while the kernel client reads over RDMA: rates above zero, not 0/0
  local i up rec ratio wrs lpid
  mountpoint -q "$MNT" || mount_nfs nfsrdma rdma || return 1
  head -c 1M /dev/urandom > "$MNT/prom-load" && sync || return 1
  (while :; do drop_caches; cat "$MNT/prom-load" > /dev/null; stat "$MNT" > /dev/null; sleep 0.5; done) &
  lpid=$!
  for i in $(seq 120); do
    up=$(prom_query 'up{job="nfsrdma"}' 2>/dev/null)
    rec=$(prom_query 'sum(nfsrdma:rpc_calls:rate1m)' 2>/dev/null)
    ratio=$(prom_query 'nfsrdma:pool_used:ratio' 2>/dev/null)
    wrs=$(prom_query 'sum(nfsrdma:rdma_wrs_per_call:rate1m)' 2>/dev/null)
    [ "$up" = 1 ] && [ -n "$ratio" ] && positive "$rec" && positive "$wrs" && break
    sleep 2
  done
  kill $lpid; wait $lpid 2>/dev/null; rm -f "$MNT/prom-load"
  echo "after ${i} polls: up{job=nfsrdma} = $up; sum(nfsrdma:rpc_calls:rate1m) = $rec;" \
       "sum(nfsrdma:rdma_wrs_per_call:rate1m) = $wrs; nfsrdma:pool_used:ratio = $ratio"
  prom_query 'nfsrdma:rpc_latency_seconds:p99_1m{procedure="READ"}' | sed 's/^/nfsrdma:rpc_latency_seconds:p99_1m{READ} = /'
  [ "$up" = 1 ] && [ -n "$ratio" ] && positive "$rec" && positive "$wrs"
}
c_restart_under_write() {
  mountpoint -q "$MNT" || mount_nfs nfsrdma rdma || return 1
  head -c "${COMPOSE_WRITE_MB}M" /dev/urandom > /tmp/cw-src
  echo "written before the restart" > "$MNT/before" && sync
  exec 7< "$MNT/before"                         # an open file: its handle predates the restart
  dd if=/tmp/cw-src of="$MNT/during" bs=1M oflag=direct conv=fsync status=none &
  local dpid=$! i=0
  while [ "$(stat -c %s "$MNT/during" 2>/dev/null || echo 0)" -lt $((4 << 20)) ]; do
    sleep 0.5; i=$((i + 1)); [ $i -gt 600 ] && { echo "the write never started"; kill $dpid; return 1; }
  done
  echo "$(date +%T) restart with $(( $(stat -c %s "$MNT/during") >> 20 )) MiB written"
  local t=$(date +%s)
  dc restart nfsrdma || { kill $dpid; return 1; }
  echo "$(date +%T) docker-compose restart returned after $(( $(date +%s) - t ))s"
  c_wait_ready || { kill $dpid; return 1; }
  i=0
  while kill -0 $dpid 2>/dev/null; do
    sleep 1; i=$((i + 1)); [ $i -gt 600 ] && { echo "dd still blocked 600s after the restart"; return 1; }
  done
  wait $dpid || { echo "dd failed"; return 1; }
  echo "$(date +%T) the write completed $(( $(date +%s) - t ))s after the restart began"
  drop_caches
  cmp /tmp/cw-src "$MNT/during" || { echo "data lost or changed across the restart"; return 1; }
  echo "all ${COMPOSE_WRITE_MB} MiB read back equal"
  local got; got=$(cat <&7) && exec 7<&-
  [ "$got" = "written before the restart" ] || { echo "old handle: read '$got'"; return 1; }
  echo "a file opened before the restart reads through its old handle"
}
c_down() {
  umount_nfs
  local id t rc
  id=$(dc ps -q nfsrdma)
  t=$(date +%s)
  dc stop nfsrdma || return 1                  # SIGTERM, up to stop_grace_period (30 s)
  echo "stop took $(( $(date +%s) - t ))s"
  rc=$(docker inspect -f '{{.State.ExitCode}}' "$id")
  docker logs "$id" > "$LOGS/compose-server.log" 2>&1
  tail -n 5 "$LOGS/compose-server.log"
  [ "$rc" = 0 ] || { echo "server container exit code $rc (137: killed after the grace period)"; return 1; }
  grep -q "finishing in-flight replies" "$LOGS/compose-server.log" && grep -q "stopped$" "$LOGS/compose-server.log" ||
    { echo "no clean-stop lines in the server's log"; return 1; }
  # a traceback in the server's log is a bug (the metrics endpoint's hung-up scrapes were six)
  ! grep -q Traceback "$LOGS/compose-server.log" || { echo "tracebacks in the server's log"; return 1; }
  t=$(date +%s)
  dc down || return 1
  echo "docker-compose down took $(( $(date +%s) - t ))s"
  [ -z "$(docker ps -aq)" ] || { docker ps -a; return 1; }
}
p_compose() {
  base_setup || return
  check docker_up c_dockerd || return
  check base_imported c_import || return
  check compose_config_promtool c_config
  check images_built_offline c_build || return
  check compose_up c_up || { dc logs --tail 60 > "$LOGS/compose-server.log" 2>&1; return; }
  check healthcheck_healthy c_healthy
  check mount_rdma_workload c_mount_rdma_workload
  check nfsrdma_stats_exports c_tools
  check sighup_reload c_reload
  check prometheus_up_and_rules c_prometheus
  check restart_under_write c_restart_under_write
  check mount_tcp_workload c_mount_tcp_workload
  check compose_down c_down
}
