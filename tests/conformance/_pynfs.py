"""pynfs, the NFSv4.0 / 4.1 / 4.2 server conformance suite, run against a real `nfsrdma serve
--nfs4` process: shared by the CI subset (test_pynfs.py) and the full runs (bench/pynfs).

Operation: the suite lives beside the project, never in it: `conformance_dir()` finds the
directory holding `run-pynfs` (`../shared/conformance` from the checkout root, or
$NFSRDMA_CONFORMANCE), which unpacks and builds pynfs into a cache outside the checkout.
`pynfs_server()` starts our server on free loopback ports with one export that pynfs can
use (rw, no_root_squash, insecure: `--export`) and a short lease, so tests that wait out a
lease stay short.  `run()` runs one suite over it and parses run-pynfs's output: each
`FAILED <code> <test>` line, then `N passed, N failed, N skipped` (pynfs's counts; a warning
counts as a pass).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import ROOT, ServerProc, make_server

__all__ = [
    "LEASE", "OPT_OUT", "Result", "SuiteDidNotRun", "conformance_dir", "pynfs_server", "run",
    "suite_args",
]

#: $NFSRDMA_CONFORMANCE set to this skips the suites (a machine without the directory).
OPT_OUT = "off"

#: Lease of the server under test, seconds: pynfs waits out one or two leases in some
#: tests (EID9, COUR*, the 4.0 `timed` ones); Ganesha's measured runs used 15 s too.
LEASE = 15

_SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed, (\d+) skipped$", re.M)
_FAILED = re.compile(r"^FAILED (\S+) (\S+)$", re.M)


def _main_checkout(root: Path) -> Path:
    """The main working tree of `root`: itself, or for a linked worktree (`git worktree
    add`: `.git` is a file naming the worktree's git dir, whose `commondir` names the main
    repository's) the tree whose repository it shares."""
    dotgit = root / ".git"
    if not dotgit.is_file():
        return root
    line = dotgit.read_text().strip()
    if not line.startswith("gitdir:"):
        return root
    gitdir = (root / line.split(":", 1)[1].strip()).resolve()
    common = gitdir / "commondir"
    if not common.is_file():
        return root
    return (gitdir / common.read_text().strip()).resolve().parent


def _origin_checkout(root: Path) -> Path | None:
    """The local repository `root` was cloned from (``git clone /path/to/checkout``, as a
    clean-clone CI run in a temporary directory does), or None."""
    try:
        url = subprocess.run(["git", "-C", str(root), "config", "--get", "remote.origin.url"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(url.removeprefix("file://")) if url else None
    return path.resolve() if path is not None and path.is_dir() else None


def conformance_dir() -> Path | None:
    """The directory with `run-pynfs`, or None when $NFSRDMA_CONFORMANCE is `OPT_OUT`:
    `shared/conformance` beside the checkout, else beside the main working tree of a linked
    worktree, else beside the local checkout this one was cloned from.  A missing directory
    is returned as is (the first place looked): its absence is the caller's failure."""
    env = os.environ.get("NFSRDMA_CONFORMANCE")
    if env == OPT_OUT:
        return None
    if env:
        return Path(env)
    here = ROOT.parent / "shared" / "conformance"
    if here.is_dir():
        return here
    origin = _origin_checkout(ROOT)
    trees = [_main_checkout(ROOT)] + ([origin, _main_checkout(origin)] if origin else [])
    for tree in trees:
        if (tree.parent / "shared" / "conformance").is_dir():
            return tree.parent / "shared" / "conformance"
    return here


def suite_args(version: str) -> tuple[str, list[str]]:
    """run-pynfs's suite directory and extra options for `version` ("4.0", "4.1", "4.2"):
    pynfs's nfs4.1 directory speaks minor version 2 unless told --minorversion=1."""
    if version == "4.0":
        return "4.0", []
    if version == "4.1":
        return "4.1", ["--minorversion=1"]
    if version == "4.2":
        return "4.1", []
    raise ValueError(f"no pynfs suite for NFS {version}")


def pynfs_server(tmp: Path, *extra: str) -> ServerProc:
    """A server (not started) exporting `tmp/export` as pynfs needs it."""
    return make_server(tmp, "--lease-time", str(LEASE), "--grace-time", str(LEASE), *extra)


@dataclass
class Result:
    """One suite run: pynfs's counts, the failed tests' codes and names, the wall time."""

    passed: int
    failed: int
    skipped: int
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    output: str = ""

    def summary(self) -> str:
        return f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped"


class SuiteDidNotRun(RuntimeError):
    """run-pynfs could not run the suite (missing dependency, the tree could not be made)."""


def run(cdir: Path, srv: ServerProc, version: str, selectors: list[str],
        timeout: float = 3600) -> Result:
    """Run the pynfs suite of `version` with `selectors` against the started `srv`.

    Raises SuiteDidNotRun with run-pynfs's output when it gives no counts.
    """
    suite, opts = suite_args(version)
    target = f"127.0.0.1:{srv.nfs_port}{srv.export_path}"
    env = dict(os.environ, PYNFS_TIMEOUT=str(int(timeout)))
    t0 = time.monotonic()
    proc = subprocess.run([str(cdir / "run-pynfs"), suite, target, *selectors, *opts],
                          capture_output=True, text=True, env=env, timeout=timeout + 60)
    took = time.monotonic() - t0
    out = proc.stdout + proc.stderr
    m = _SUMMARY.search(proc.stdout)
    if proc.returncode != 0 or m is None:
        raise SuiteDidNotRun(f"run-pynfs exit {proc.returncode}:\n{out[-4000:]}")
    passed, failed, skipped = map(int, m.groups())
    return Result(passed, failed, skipped, _FAILED.findall(proc.stdout), took, out)
