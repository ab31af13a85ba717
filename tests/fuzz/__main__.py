"""The fuzz campaign: ``tests/fuzz/run TARGET|all [--inputs N] [--timeout S] [--save]``.

Each target runs in its own atheris (libFuzzer, coverage-guided) process, started from the
target's seeds (`targets.SEEDS`) and its saved corpus (``corpus/TARGET/``).  An input that
breaks the decoder's contract, or takes longer than ``--timeout`` seconds (a hang), is written
to ``crashers/TARGET/`` and fails the run; move it under ``regressions/TARGET/`` once fixed so
`test_fuzz` replays it forever.  ``--save`` merges the new interesting inputs into
``corpus/TARGET/`` (minimized by libFuzzer's merge).  Printed per target: inputs run, crashes,
hangs, peak RSS (of the fuzzing process) and inputs per second.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def _write_seeds(name: str, into: Path) -> None:
    from tests.fuzz.targets import SEEDS

    for data in SEEDS[name]:
        (into / hashlib.sha1(data).hexdigest()).write_bytes(data)


def run_target(name: str, inputs: int, timeout: int, save: bool, rss_mb: int) -> dict[str, object]:
    crashers = HERE / "crashers" / name
    crashers.mkdir(parents=True, exist_ok=True)
    corpus = HERE / "corpus" / name
    corpus.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as tmp:
        work, seeds = Path(tmp) / "work", Path(tmp) / "seeds"
        work.mkdir()
        seeds.mkdir()
        _write_seeds(name, seeds)
        argv0 = Path(tmp) / "fuzz-target"
        argv0.write_text(f'#!/bin/sh\ncd "{ROOT}" && exec "{sys.executable}" '
                         f'-m tests.fuzz._atheris {name} "$@"\n')
        argv0.chmod(0o755)
        env = {**os.environ, "FUZZ_ARGV0": str(argv0)}
        cmd = [sys.executable, "-m", "tests.fuzz._atheris", name, f"-runs={inputs}",
               f"-timeout={timeout}", f"-rss_limit_mb={rss_mb}", "-max_len=4096",
               f"-artifact_prefix={crashers}/", "-print_final_stats=1",
               str(work), str(seeds), str(corpus)]
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=env)
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.monotonic() - t0
        rc = os.waitstatus_to_exitcode(status)
        (Path(tmp) / "log").write_text(out)
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", out)
        rate = re.findall(r"stat::average_exec_per_sec:\s*(\d+)", out)
        crash = bool(re.search(r"==\d+== ERROR: libFuzzer: deadly signal|Uncaught Python exception", out))
        hang = "ERROR: libFuzzer: timeout" in out
        if rc != 0 and not (crash or hang):
            crash = True  # an exit we did not expect: report the log
        if rc != 0:
            sys.stderr.write(out[-6000:])
        if save and rc == 0:
            subprocess.run([sys.executable, "-m", "tests.fuzz._atheris", name, "-merge=1",
                            str(corpus), str(work)], cwd=ROOT, check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {"target": name, "inputs": int(runs[-1]) if runs else 0, "crashes": int(crash),
            "hangs": int(hang), "peak_rss_mib": usage.ru_maxrss // 1024,
            "per_second": int(rate[-1]) if rate else 0, "seconds": round(elapsed, 1), "rc": rc}


def main() -> int:
    from tests.fuzz.targets import TARGETS

    ap = argparse.ArgumentParser(prog="tests/fuzz/run", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("target", choices=[*TARGETS, "all"])
    ap.add_argument("--inputs", type=int, default=100_000, help="inputs per target")
    ap.add_argument("--timeout", type=int, default=10,
                    help="seconds one input may take before it counts as a hang")
    ap.add_argument("--rss-mb", type=int, default=2048, help="memory limit of a fuzzing process")
    ap.add_argument("--save", action="store_true", help="merge new inputs into corpus/TARGET")
    a = ap.parse_args()
    names = list(TARGETS) if a.target == "all" else [a.target]
    failed = False
    print(f"{'target':<12} {'inputs':>10} {'crashes':>7} {'hangs':>5} {'peak RSS':>9} "
          f"{'inputs/s':>9}")
    for name in names:
        r = run_target(name, a.inputs, a.timeout, a.save, a.rss_mb)
        print(f"{name:<12} {r['inputs']:>10} {r['crashes']:>7} {r['hangs']:>5} "
              f"{r['peak_rss_mib']:>6} MiB {r['per_second']:>9}", flush=True)
        failed |= r["rc"] != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
