"""The pynfs subsets CI runs on every commit and the pass counts they must reach.

A floor may only go up: raise it in the commit that makes more tests pass (the run prints
its counts), never lower it to make a regression green.  The subsets leave out what waits
out leases or takes long (4.0: `timed`, WRT15's 8,192 COMPOUNDs, RDDR8b's huge directory,
CID5's 1,024 clients; 4.1 and 4.2: the courtesy-client tests and EID9, which sleep a lease or
two, and CSESS29's 10,000 CREATE_SESSIONs); `bench/pynfs` runs the whole suites.  4.1 is
pynfs's nfs4.1 suite at --minorversion=1, 4.2 the same suite at its default minor version.
"""

from __future__ import annotations

__all__ = ["SUBSETS"]

#: NFS version -> (pynfs selectors, the least number of tests that must pass).
SUBSETS: dict[str, tuple[list[str], int]] = {
    "4.0": (["all", "notimed", "noWRT15", "noRDDR8b", "noCID5"], 570),
    "4.1": (["all", "nocourteous", "noEID9", "noCSESS29"], 174),
    "4.2": (["all", "nocourteous", "noEID9", "noCSESS29"], 190),
}
