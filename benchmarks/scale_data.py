"""A library of many highlights over many texts, made through the real store, for the
benchmarks of the all-highlights screen and of the commands over the whole library.

    python benchmarks/scale_data.py DIR [--texts 1000] [--highlights 100000]

writes DIR/texts/*.txt and the store DIR/store.json (with DIR/config.toml absent and
DIR/home as HOME), so that a profiler can be pointed at the same library again.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

WORDS = (
    "the summit talks of and sanctions Korea a détente envoy treaty missile pledge border "
    "trade accord verify freeze inspection dialogue pressure alliance deterrence reform"
).split()
TAGS = [f"t{i}" for i in range(20)]  # so that typing #t3 narrows the list key by key


def make_texts(folder: Path, count: int, rng: random.Random) -> list[Path]:
    """``count`` articles of about 3 KB: a heading, then twelve paragraphs."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{i // 100:02d}" / f"article-{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article(i, rng, WORDS), encoding="utf-8")
        paths.append(path)
    return paths


def article(i: int, rng: random.Random, words: list[str]) -> str:
    """Article ``i``: a heading, then twelve paragraphs of two to five sentences."""
    paragraphs = []
    for _ in range(12):
        sentences = [
            " ".join(rng.choices(words, k=rng.randint(6, 18))).capitalize() + "."
            for _ in range(rng.randint(2, 5))
        ]
        paragraphs.append(" ".join(sentences))
    return f"# Article {i}\n\n" + "\n\n".join(paragraphs) + "\n"


def env_for(work: Path) -> dict[str, str]:
    """The store, config and HOME of the run's own, so no user file is touched."""
    return {
        "SUMMITREADER_DB": str(work / "store.json"),
        "SUMMITREADER_CONFIG": str(work / "config.toml"),
        "HOME": str(work / "home"),
        "XDG_STATE_HOME": str(work / "state"),
        "XDG_DATA_HOME": str(work / "data"),
        "XDG_CONFIG_HOME": str(work / "config"),
    }


def build(work: Path, texts: int, highlights: int, seed: int = 22) -> float:
    """Make the library in ``work``; returns the seconds it took."""
    from summitreader.annotations.model import new_record
    from summitreader.library import catalog
    from summitreader.sources.text import load_source
    from summitreader.store.store import Store

    began = time.perf_counter()
    rng = random.Random(seed)
    paths = make_texts(work / "texts", texts, rng)
    per = max(1, highlights // texts)
    with Store(work / "store.json") as store:
        store.mark_seeded()  # exactly these texts: no sample articles
        catalog.add(store, [work / "texts"])
        for n, path in enumerate(paths):
            source = load_source(path)
            records = []
            for k in range(per):
                start = rng.randrange(0, len(source.text) - 80)
                record = new_record(
                    source,
                    start,
                    start + rng.randint(20, 70),
                    rng.sample(TAGS, 2),
                    "a note on this" if k % 3 == 0 else "",
                    stamp=f"2026-{1 + n % 12:02d}-{1 + k % 28:02d}T10:00:00.000Z",
                )
                records.append((record, None))
            store.insert_many(records)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--highlights", type=int, default=100_000)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    took = build(args.dir, args.texts, args.highlights)
    print(f"{args.highlights} highlights over {args.texts} texts in {args.dir} ({took:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
