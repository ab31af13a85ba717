"""The fuzz targets in the default test run: every seed, every saved corpus input and every
past crasher (``regressions/TARGET/``) replayed, then a short budget of mutated inputs per
target (deterministic: a fixed random seed).  The coverage-guided campaign, with millions
of inputs, is ``tests/fuzz/run`` (README.md)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.fuzz.targets import SEEDS, TARGETS

HERE = Path(__file__).resolve().parent
#: mutated inputs per target in the default run (about 0.2 s each)
BUDGET = 5000


def _saved(kind: str, name: str) -> list[bytes]:
    d = HERE / kind / name
    return [p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()] if d.is_dir() else []


def _mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    """One libFuzzer-style mutation: flip, set an interesting word, insert, erase, splice."""
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        at = rng.randrange(len(b) + 1)
        if op == 0 and b:
            b[at % len(b)] ^= 1 << rng.randrange(8)
        elif op == 1:
            word = rng.choice((0, 1, 2, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 4096, 1 << 20))
            b[at:at + 4] = word.to_bytes(4, "big")
        elif op == 2:
            b[at:at] = rng.randbytes(rng.randint(1, 16))
        elif op == 3 and b:
            del b[at:at + rng.randint(1, 16)]
        elif op == 4:
            other = rng.choice(pool)
            cut = rng.randrange(len(other) + 1)
            b = b[:at] + bytearray(other[cut:])
        else:
            b = b[:at]
    return bytes(b[:4096])


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_target_replays_and_short_budget(name: str) -> None:
    target = TARGETS[name]
    known = SEEDS[name] + _saved("corpus", name) + _saved("regressions", name)
    for data in known:
        target(data)
    rng = random.Random(name)
    for _ in range(BUDGET):
        target(_mutate(rng, rng.choice(known), known))


def test_targets_catch_a_broken_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """A decoder raising what its contract does not allow is reported (the harness is not a
    catch-all that could never fail)."""
    from tests.fuzz import targets

    def broken(*_: object, **__: object) -> object:
        raise IndexError("read past the end")

    monkeypatch.setattr(targets, "decode_header", broken)
    with pytest.raises(IndexError):
        targets.fuzz_rdma_header(SEEDS["rdma_header"][0])
