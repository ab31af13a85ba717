"""rpc.xdrgen: our XDR generator (.x files -> typed Python classes + rpc.xdr codecs).

Operation: `parse` (rpc.xdrgen.parse) reads RFC 4506 XDR with RFC 5531 program blocks into
the syntax tree of rpc.xdrgen.ast; `emit` (rpc.xdrgen.emit) writes a Python module from it
under the target's `Options`.  ``python -m rpc.xdrgen`` regenerates every target listed in
rpc.xdrgen.targets; ``--check`` only compares and exits 1 on any difference (a test runs it).
"""

from __future__ import annotations

from pathlib import Path

from rpc.xdrgen.emit import XdrSemanticError, emit
from rpc.xdrgen.options import PAYLOAD, Options, Override, Target
from rpc.xdrgen.parse import XdrSyntaxError, parse

__all__ = [
    "PAYLOAD",
    "Options",
    "Override",
    "Target",
    "XdrSemanticError",
    "XdrSyntaxError",
    "emit",
    "generate",
    "parse",
]


def generate(target: Target, root: Path) -> str:
    """The module text for ``target`` (paths relative to the tree ``root``)."""
    text = (root / target.source).read_text()
    return emit(parse(text, target.source), target.source, target.options)
