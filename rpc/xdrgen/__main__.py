"""``python -m rpc.xdrgen [--check]``: regenerate every target (or only compare)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rpc.xdrgen import generate
from rpc.xdrgen.targets import TARGETS

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rpc.xdrgen", description=__doc__)
    ap.add_argument("--check", action="store_true", help="exit 1 if any output differs")
    ap.add_argument("--root", type=Path, default=ROOT, help="tree root (default: this tree)")
    args = ap.parse_args(argv)
    stale = []
    for t in TARGETS:
        text = generate(t, args.root)
        out = args.root / t.output
        if out.exists() and out.read_text() == text:
            continue
        stale.append(t.output)
        if not args.check:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text)
            print(f"wrote {t.output}")
    if args.check and stale:
        for s in stale:
            print(f"{s}: differs from its .x (run python -m rpc.xdrgen)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
