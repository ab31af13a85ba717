"""Several gateways serving one shared file system (CephFS): the cluster-wide grace period
and client records (docs/cephfs-gateways.md).

`cluster.grace` is the sans-I/O state machine of the shared grace object; `cluster.rados`
keeps it, the client records and the watch in a RADOS pool.
"""
