"""pynfs against a running `nfsrdma serve --nfs4`: the CI subsets of the 4.0 suite and of the
4.1 suite at minor versions 1 and 2 must pass at least their floors (`floors.py`), and no
test may make the server log a traceback or die.

Adds beyond the unit and client tests: an independent client written from the RFCs that
probes every op's error cases, the way other servers are measured.  The suite directory
is `../shared/conformance` beside the checkout (or $NFSRDMA_CONFORMANCE); it must exist,
unless $NFSRDMA_CONFORMANCE=off says this machine runs without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance._pynfs import OPT_OUT, SuiteDidNotRun, conformance_dir, pynfs_server, run
from tests.conformance.floors import SUBSETS


@pytest.mark.timeout(240)
@pytest.mark.parametrize("version", sorted(SUBSETS))
def test_pynfs_subset(version: str, tmp_path: Path) -> None:
    cdir = conformance_dir()
    if cdir is None:
        pytest.skip(f"NFSRDMA_CONFORMANCE={OPT_OUT}")
    assert (cdir / "run-pynfs").is_file(), (
        f"no pynfs runner in {cdir}: set NFSRDMA_CONFORMANCE to its directory "
        f"(or to {OPT_OUT} to skip)")
    selectors, floor = SUBSETS[version]
    srv = pynfs_server(tmp_path)
    srv.start()
    try:
        try:
            res = run(cdir, srv, version, selectors, timeout=180)
        except SuiteDidNotRun as e:
            pytest.fail(f"pynfs {version} did not run: {e}\nserver log:\n{srv.log_text()[-3000:]}")
        assert srv.alive(), f"the server died during pynfs {version}:\n{srv.log_text()[-5000:]}"
    finally:
        if srv.alive():
            srv.stop()
    log = srv.log_text()
    assert "Traceback" not in log, f"pynfs {version} crashed an op:\n{log[-5000:]}"
    failures = "\n".join(f"  {code} {name}" for code, name in res.failures)
    print(f"pynfs {version} {' '.join(selectors)}: {res.summary()} in {res.seconds:.0f} s")
    assert res.passed >= floor, (
        f"pynfs {version}: {res.summary()}, below the floor of {floor} passes; failed:\n"
        f"{failures}")
