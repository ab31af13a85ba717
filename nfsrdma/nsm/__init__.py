"""NSM, the server's own status monitor (program 100024): its state number and monitored
hosts (``monitor``), their files under ``<state-dir>/sm`` (``store``), SM_NOTIFY in and out
(``service``) and its procedures (``program``)."""

from nfsrdma.nsm.monitor import StatusMonitor
from nfsrdma.nsm.program import build_program
from nfsrdma.nsm.service import NsmService
from nfsrdma.nsm.store import SmStore

__all__ = ["NsmService", "SmStore", "StatusMonitor", "build_program"]
