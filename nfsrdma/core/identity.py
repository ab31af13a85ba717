"""Who a call acts as: the caller's credential, squashed by the export rule that admitted it.

Operation: the RPC layer authenticates the flavor and hands over an AUTH_SYS `Cred` (or
None for AUTH_NONE).  A call without one acts as the export rule's anonymous user, as knfsd
maps AUTH_NONE to anonuid/anongid; an AUTH_SYS one gets root_squash / all_squash
(`ClientRule.squash`).  Storage only ever sees the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.backend import Cred

if TYPE_CHECKING:
    from nfsrdma.exports import ClientRule

__all__ = ["ANON", "ANONYMOUS", "effective_cred"]

#: nobody/nogroup: the identity of a call that carries no credential.
ANON = 65534
ANONYMOUS = Cred(ANON, ANON, ())


def effective_cred(cred: Cred | None, rule: ClientRule) -> Cred:
    """The credential storage acts as for a call carrying `cred` admitted by `rule`.

    A call without one (AUTH_NONE) is the rule's anonuid/anongid, as knfsd maps
    AUTH_NULL's INVALID_UID to the export's anonymous ids.
    """
    if cred is None:
        return Cred(rule.options.anonuid, rule.options.anongid, ())
    return rule.squash(cred)
