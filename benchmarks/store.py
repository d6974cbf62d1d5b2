"""The store at scale: add and delete latency, open time and Markdown export time.

Runs with 1,000, 10,000 and 100,000 highlights spread over 1,000 sources (real
text files, real store files in a temp directory). The library is built by
writing the store files directly, the way the store itself lays them out, so
that setting up 100,000 highlights does not take hours; every measured
operation then goes through the real ``Store``.

Baselines in the same run:
- a single-file TinyDB with the same records, using TinyDB's own JSONStorage
  (what we would have without sharding), for add latency and open time;
- reading the same files with no parsing, for open and export;
- json against orjson on a shard and on the whole library, to see whether
  orjson earns a place as a dependency.

Usage: python benchmarks/store.py [--sizes 1000,10000,100000] [--ops 200]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tinydb import TinyDB  # noqa: E402

from benchmarks.scale_data import article  # noqa: E402
from summitreader.annotations.model import new_record  # noqa: E402
from summitreader.export.markdown import render_markdown  # noqa: E402
from summitreader.export.selection import DocumentHighlights  # noqa: E402
from summitreader.library.opening import open_documents  # noqa: E402
from summitreader.sources.text import load_source  # noqa: E402
from summitreader.store.migrations import SCHEMA_VERSION  # noqa: E402
from summitreader.store.storage import encode  # noqa: E402
from summitreader.store.store import Store, store_paths  # noqa: E402

SOURCES = 1000
WORDS = [
    "the",
    "summit",
    "talks",
    "of",
    "and",
    "sanctions",
    "Korea",
    "a",
    "détente",
    "envoy",
    "treaty",
    "missile",
]


def make_texts(folder: Path, rng: random.Random) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(SOURCES):
        path = folder / f"article-{i:04d}.txt"
        path.write_text(article(i, rng, WORDS), encoding="utf-8")
        paths.append(path)
    return paths


def build(db: Path, texts: list[Path], total: int, rng: random.Random) -> list[dict]:
    """Write an index and one annotation file per source, as Store lays them out."""
    shard_dir, _, _ = store_paths(db)
    shard_dir.mkdir(parents=True, exist_ok=True)
    sources, everything = {}, []
    per = total // len(texts)
    for n, path in enumerate(texts):
        src = load_source(path)
        sources[str(n + 1)] = {
            "id": src.sha256,
            "path": str(path),
            "title": f"Article {n}",
            "authors": [],
            "date": None,
            "encoding": "utf-8",
            "size": src.size,
            "first_seen": "2026-01-01T00:00:00.000Z",
        }
        table = {}
        for k in range(per):
            start = rng.randrange(0, len(src.text) - 80)
            record = new_record(
                src,
                start,
                start + rng.randint(20, 70),
                rng.sample(["key", "evidence", "method", "question"], 2),
                "a note" if k % 3 == 0 else "",
                stamp="2026-01-01T00:00:00.000Z",
            )
            table[str(k + 1)] = record
            everything.append(record)
        (shard_dir / f"{src.sha256}.json").write_bytes(encode({"annotations": table}))
    index = {
        "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        "sources": sources,
        "state": {},
        "tags": {
            str(i): {"name": t} for i, t in enumerate(["key", "evidence", "method", "question"], 1)
        },
    }
    db.write_bytes(encode(index))
    return everything


def ms(values: list[float]) -> str:
    values = sorted(v * 1e3 for v in values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"p50 {statistics.median(values):7.2f} ms  p95 {p95:7.2f} ms"


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_size(total: int, texts: list[Path], work: Path, ops: int, rng: random.Random) -> dict:
    db = work / f"store-{total}.json"
    records = build(db, texts, total, rng)
    print(f"\n{total:,} highlights over {SOURCES} sources")
    raw = timed(lambda: [p.read_bytes() for p in [db, *store_paths(db)[0].glob("*.json")]])
    open_t = min(timed(lambda: Store(db).close()) for _ in range(3))
    backup_t = timed(lambda: Store(db, backup="start").close())
    print(
        f"  open store       {open_t * 1e3:8.1f} ms   (at app start, with backup "
        f"{backup_t * 1e3:.1f} ms; reading every file raw {raw * 1e3:.1f} ms)"
    )

    store = Store(db)
    docs = [load_source(p) for p in rng.sample(texts, min(ops, len(texts)))]
    adds, added = [], []
    for i in range(ops):
        src = docs[i % len(docs)]
        t0 = time.perf_counter()
        added.append(store.add(src, 10, 40, tags=["bench"]))
        adds.append(time.perf_counter() - t0)
    deletes = [timed(lambda r=r: store.delete(r["id"], r["source_id"])) for r in added]
    print(f"  add              {ms(adds)}")
    print(f"  delete           {ms(deletes)}")
    store.close()

    export_n = min(total, 10_000)
    per = max(1, total // SOURCES)
    chosen = texts[: max(1, export_n // per)]

    def export() -> str:
        s = Store(db)
        loaded, _ = open_documents(chosen)
        items = [DocumentHighlights(d, s.for_source(d.source)) for d in loaded]
        s.close()
        return render_markdown(items)

    t_export = timed(export)
    files = timed(lambda: [p.read_bytes() for p in chosen])
    print(
        f"  markdown export  {t_export * 1e3:8.1f} ms for {len(chosen) * per:,} highlights "
        f"from {len(chosen)} documents (reading those texts alone {files * 1e3:.1f} ms)"
    )

    # the unsharded alternative: one TinyDB file, TinyDB's own storage
    single = work / f"single-{total}.json"
    single.write_bytes(encode({"annotations": {str(i): r for i, r in enumerate(records, 1)}}))
    t_single_open = timed(lambda: len(TinyDB(single).table("annotations")))
    tdb = TinyDB(single)
    table = tdb.table("annotations")
    single_adds = [
        timed(lambda: table.insert(dict(records[0], id=str(uuid.uuid4()))))
        for _ in range(5 if total >= 100_000 else 20)
    ]
    tdb.close()
    print(
        f"  baseline: one TinyDB JSON file  open {t_single_open * 1e3:.1f} ms, "
        f"add {ms(single_adds)}"
    )
    return {
        "open": open_t,
        "add95": sorted(adds)[int(len(adds) * 0.95)],
        "export": t_export,
        "records": records,
    }


def codec(records: list[dict]) -> None:
    try:
        import orjson
    except ImportError:
        print("\norjson is not installed: codec comparison skipped")
        return
    for label, chunk in (("one shard (100)", records[:100]), (f"all ({len(records):,})", records)):
        data = {"annotations": {str(i): r for i, r in enumerate(chunk, 1)}}
        blob = json.dumps(data).encode()
        jd = timed(lambda d=data: json.dumps(d, ensure_ascii=False, separators=(",", ":")))
        od = timed(lambda d=data: orjson.dumps(d))
        jl = timed(lambda b=blob: json.loads(b))
        ol = timed(lambda b=blob: orjson.loads(b))
        print(
            f"  {label:18} dumps json {jd * 1e3:8.2f} ms  orjson {od * 1e3:7.2f} ms   "
            f"loads json {jl * 1e3:8.2f} ms  orjson {ol * 1e3:7.2f} ms"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--ops", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(20261122)
    work = Path(tempfile.mkdtemp(prefix="summitreader-bench-"))
    try:
        texts = make_texts(work / "texts", rng)
        results = {
            n: run_size(n, texts, work, args.ops, rng)
            for n in (int(s) for s in args.sizes.split(","))
        }
        print("\njson or orjson (the store keeps json; see the README):")
        codec(results[max(results)]["records"])
        checks = []
        if 10_000 in results:
            checks.append(("add p95 <= 30 ms at 10,000", results[10_000]["add95"] <= 0.030))
            checks.append(("export of 10,000 <= 1 s", results[10_000]["export"] <= 1.0))
        if 100_000 in results:
            checks.append(("add p95 <= 100 ms at 100,000", results[100_000]["add95"] <= 0.100))
            checks.append(("open <= 1 s at 100,000", results[100_000]["open"] <= 1.0))
        print()
        for name, ok in checks:
            print(f"{'PASS' if ok else 'FAIL'} {name}")
        return 0 if all(ok for _, ok in checks) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
