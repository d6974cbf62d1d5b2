"""Fault tests with real processes: concurrent writers, and writers killed with SIGKILL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from summitreader.store import storage
from summitreader.store.store import Store
from tests.support.corpus import GOMEZ, LANDAU

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX processes")

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from summitreader.sources.text import load_source
    from summitreader.store.store import Store

    db, count, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    sources = [load_source(Path(p)) for p in sys.argv[4:]]
    store = Store(db, lock_timeout=60)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    for i in range(count):
        src = sources[i % len(sources)]
        start = (i * 7) % (len(src.text) - 20)
        print(store.add(src, start, start + 12, tags=[f"t{i % 3}"])["id"], flush=True)
    """
)


def test_two_processes_adding_500_each_lose_nothing(tmp_path):
    db = tmp_path / "store.json"
    Store(db).close()
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), "500", str(go), str(GOMEZ), str(LANDAU)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    go.touch()  # both start writing at the same moment
    printed: list[str] = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        printed.extend(out.split())
    elapsed = time.perf_counter() - started
    assert len(printed) == 1000 and len(set(printed)) == 1000

    store = Store(db)
    stored = [r["id"] for r in store.all_annotations()]
    assert len(stored) == 1000
    assert set(stored) == set(printed)
    assert store.all_tags() == ["t0", "t1", "t2"]
    print(f"\n1000 concurrent adds from 2 processes in {elapsed:.1f} s")


def _writer_child(db: str, fd: int) -> None:
    """Runs in a forked child: add highlights forever, reporting each id once it is on disk."""
    from summitreader.sources.text import load_source

    store = Store(db, lock_timeout=60)
    sources = [load_source(GOMEZ), load_source(LANDAU)]
    i = 0
    while True:
        src = sources[i % 2]
        start = (i * 13) % (len(src.text) - 30)
        record = store.add(src, start, start + 25, note=f"n{i}")
        os.write(fd, (record["id"] + "\n").encode())
        i += 1


@pytest.mark.parametrize(("seed", "compact_at"), [(20261122, None), (20261130, 3000)])
def test_sigkill_at_random_moments_never_loses_an_acknowledged_write(
    tmp_path, seed, compact_at, monkeypatch
):
    """Each add is a line of the text's journal; with ``compact_at`` the journal is written
    into the file every few adds, so kills also land in the middle of those whole writes
    (the writers are forked from this process, so they see the setting)."""
    if compact_at is not None:
        monkeypatch.setattr(storage, "COMPACT_AT", compact_at)
    rng = random.Random(seed)
    db = tmp_path / "store.json"
    Store(db).close()
    acknowledged: set[str] = set()
    kills = 60
    for _ in range(kills):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                _writer_child(str(db), write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        time.sleep(rng.uniform(0.005, 0.12))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        with os.fdopen(read_end, "rb") as fh:
            acknowledged.update(line.decode() for line in fh.read().split())

        store = Store(db)  # opens and parses after every kill
        stored = {r["id"] for r in store.all_annotations()}
        store.close()
        missing = acknowledged - stored
        assert not missing, f"{len(missing)} acknowledged highlights lost"
    assert len(acknowledged) > kills  # the writers really wrote between kills
    leftovers = [p for p in tmp_path.rglob(".summitreader-tmp-*")]
    assert leftovers == []  # the last open cleaned any half-written temp file
    print(f"\n{kills} SIGKILLs, {len(acknowledged)} acknowledged writes, none lost")
