"""NlmService's own rules without sockets: the status mapping and the cap on client hosts."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from nfsrdma.core.errors import ErrorKind, NfsError
from nfsrdma.gen import nlm_prot as g
from nfsrdma.gen.nlm_prot import nlm4_stats as S
from nfsrdma.locks.manager import LockError, LockErrorKind, LockManager, Owner
from nfsrdma.nlm.service import NlmError, NlmService, status_of, to_v1
from nfsrdma.nsm.monitor import MonitorFull


def service(max_hosts: int) -> NlmService:
    nsm: Any = SimpleNamespace(on_reboot=[])
    return NlmService(None, LockManager(), nsm, None, max_hosts=max_hosts)  # type: ignore[arg-type]


def test_new_hosts_are_refused_past_the_cap_known_ones_pass() -> None:
    svc = service(max_hosts=2)
    for i, name in enumerate((b"a", b"b")):
        svc.admit(name)
        svc.locks.lock("f", Owner(("nlm", name), (b"o", 1)), i, i + 1, True)
    svc.locks.lock("g", Owner(("v4", 7), b"o"), 0, 1, True)  # NFSv4 clients do not count
    with pytest.raises(NlmError) as e:
        svc.admit(b"c")
    assert e.value.stat == S.NLM4_DENIED_NOLOCKS
    svc.admit(b"a")  # holding state already: always admitted
    svc.free_hosts([b"a"])
    svc.admit(b"c")
    svc.shares.share("f", Owner(("nlm", b"c"), (b"o", None)), 1, 0)
    with pytest.raises(NlmError):
        svc.admit(b"d")  # b's lock and c's share fill the two places


@pytest.mark.parametrize(("exc", "stat"), [
    (NfsError(ErrorKind.BADHANDLE), S.NLM4_STALE_FH),
    (NfsError(ErrorKind.STALE), S.NLM4_STALE_FH),
    (NfsError(ErrorKind.ACCES), S.NLM4_FAILED),
    (NfsError(ErrorKind.DELAY), S.NLM4_DENIED_GRACE_PERIOD),
    (OSError(5, "EIO"), S.NLM4_FAILED),
    (LockError(LockErrorKind.DEADLOCK), S.NLM4_DEADLCK),
    (LockError(LockErrorKind.NO_RESOURCES), S.NLM4_DENIED_NOLOCKS),
    (LockError(LockErrorKind.GRACE), S.NLM4_DENIED_GRACE_PERIOD),
    (LockError(LockErrorKind.NO_GRACE), S.NLM4_DENIED_GRACE_PERIOD),
    (MonitorFull(b"x"), S.NLM4_DENIED_NOLOCKS),
    (NlmError(S.NLM4_FBIG), S.NLM4_FBIG),
])
def test_status_of(exc: Exception, stat: S) -> None:
    assert status_of(exc) == stat


def test_v1_statuses_are_narrowed_as_lockd_does() -> None:
    assert [to_v1(s) for s in S] == [
        g.LCK_GRANTED, g.LCK_DENIED, g.LCK_DENIED_NOLOCKS, g.LCK_BLOCKED,
        g.LCK_DENIED_GRACE_PERIOD, g.LCK_DENIED,  # DEADLCK
        *[g.LCK_DENIED_NOLOCKS] * 4]  # ROFS, STALE_FH, FBIG, FAILED
    with pytest.raises(TypeError):
        status_of(ValueError("a bug, not a status"))
