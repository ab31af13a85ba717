#!/bin/bash
# Harness self-test ONLY (run-e2e --standin): stands in for "python3 -m nfsrdma serve" by
# serving $NFSRDMA_EXPORT with knfsd on the same ports (tcp 2049, rdma 20049, mountd 20048)
# and a fake /metrics on 9100 that reports one context for the requested backend. It checks
# the harness plumbing (start/readiness/mount/metrics/kill/restart), not any server.
BACKEND=${1:-iova}
EXPORT=${NFSRDMA_EXPORT:-/srv/nfsrdma}
[ -f /run/standin.pid ] && kill -9 "$(cat /run/standin.pid)" 2>/dev/null
modprobe nfsd; mountpoint -q /proc/fs/nfsd || mount -t nfsd nfsd /proc/fs/nfsd
rpc.nfsd 0
echo "$EXPORT *(rw,no_root_squash,insecure,no_subtree_check,fsid=2)" > /etc/exports
exportfs -ra
pgrep -x rpc.mountd > /dev/null || rpc.mountd -p 20048
rpc.nfsd -p 2049 8 && echo 'rdma 20049' > /proc/fs/nfsd/portlist
python3 - "$BACKEND" <<'PY' &
import http.server, socketserver, sys
body = ('# TYPE nfsrdma_rdma_contexts_total counter\n'
        'nfsrdma_rdma_contexts_total{backend="%s"} 1.0\n' % sys.argv[1]).encode()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
socketserver.TCPServer.allow_reuse_address = True
socketserver.TCPServer(("10.99.0.1", 9100), H).serve_forever()
PY
echo $! > /run/standin.pid
trap 'kill $(cat /run/standin.pid); rpc.nfsd 0; exportfs -ua; exit 0' TERM INT
echo "knfsd stand-in up for backend $BACKEND"
wait
