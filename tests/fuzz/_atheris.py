"""One atheris (libFuzzer) process for one target: ``python -m tests.fuzz._atheris TARGET
[libFuzzer args and corpus dirs]``.  `tests.fuzz.__main__` starts it and reads its figures;
atheris ends the process itself (exit 0 when the run finished, non-zero on a crash)."""

from __future__ import annotations

import os
import sys

import atheris


def main() -> None:
    name = sys.argv[1]
    with atheris.instrument_imports(include=["rpc", "transport", "nfsrdma", "tests.fuzz"]):
        from tests.fuzz.targets import TARGETS
    # The XDR codecs are generated at import time (exec): instrument those functions too,
    # or the fuzzer would be blind inside every argument decoder.
    atheris.instrument_all()
    target = TARGETS[name]
    # libFuzzer's -merge re-runs argv[0]: `__main__` hands us an executable that does.
    atheris.Setup([os.environ.get("FUZZ_ARGV0", sys.argv[0]), *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
