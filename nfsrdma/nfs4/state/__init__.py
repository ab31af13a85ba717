"""NFSv4 state as sans-I/O tables with an injected clock (RFC 8881, RFC 7530).

`clients` (client records, EXCHANGE_ID / SETCLIENTID case tables), `leases` (renewal and
expiry), `sessions` (4.1 sessions and their slot reply cache), `grace` (the grace period
after a restart, client records kept in a store), `stateids` (stateid generation, special
stateids, seqid rules), `opens` (open-owners, opens, share reservations), `lockowners`
(lock-owners and lock stateids on the server's one `locks.LockManager`).
"""
