"""Can this guest use the host's Ceph?  (run-e2e --ceph, before any gateway starts.)

usage: python3 ceph_probe.py CEPH_CONF EXPORT_DIR

RADOS (python3-rados): connect, `ceph status` through the monitor, the pools.  CephFS
(libcephfs through the project's own ctypes binding, as the gateway uses it): mount the
root, create EXPORT_DIR if missing, then create, write, fsync and remove a file in it (the
data pool's OSD answers).  Prints what it saw and the time each step took; exit 0 when all
worked.
"""

from __future__ import annotations

import errno
import json
import sys
import time

sys.path.insert(0, "/host")  # the project tree on the read-only share


def main(conf: str, export: str) -> int:
    import rados

    t0 = time.monotonic()
    r = rados.Rados(conffile=conf, name="client.admin")
    r.connect(timeout=60)
    t1 = time.monotonic()
    rc, out, err = r.mon_command(json.dumps({"prefix": "status", "format": "json"}), b"")
    if rc != 0:
        print(f"ceph status: rc={rc} {err}")
        return 1
    st = json.loads(out)
    print(f"RADOS connected in {t1 - t0:.2f} s: fsid {r.get_fsid()}, health "
          f"{st['health']['status']}, osds up {st['osdmap'].get('num_up_osds')}, "
          f"fs {st.get('fsmap', {}).get('by_rank')}")
    print("pools:", r.list_pools())
    r.shutdown()

    from storage._libcephfs import Mount

    t2 = time.monotonic()
    m = Mount(conf, "admin", "/")
    try:
        root = m.lookup_root()
        name = export.strip("/").encode()
        try:
            ino, _ = m.mkdir(root, name, 0o777, m.root_perm)
            m.put(ino)
            print(f"created {export}")
        except OSError as e:
            if e.errno != errno.EEXIST:
                raise
            print(f"{export} exists")
        m.put(root)
    finally:
        m.close()
    m = Mount(conf, "admin", export)
    try:
        m.write_probe(b"/.guest-probe", 60)
    finally:
        m.close()
    print(f"libcephfs: mounted, {export} ready, a file written and fsynced in "
          f"{time.monotonic() - t2:.2f} s")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
