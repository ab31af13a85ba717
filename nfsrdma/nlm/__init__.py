"""NLM, the Network Lock Manager (program 100021 v1/v3/v4) for NFSv3 clients' file locks, on
the server's one lock manager: the service (``service``), its procedures (``program``) and
DOS share reservations (``shares``)."""

from nfsrdma.nlm.program import build_program
from nfsrdma.nlm.service import NlmService, status_of
from nfsrdma.nlm.shares import ShareTable

__all__ = ["NlmService", "ShareTable", "build_program", "status_of"]
