"""Commands over highlights: annotate a quote, check anchoring, search, tags, and recover
a damaged store."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from summitreader.cli import args as cli_args
from summitreader.cli.common import _documents, _err, _store, command
from summitreader.errors import SummitError
from summitreader.settings import paths
from summitreader.text.sanitize import excerpt
from summitreader.text.words import counted

if TYPE_CHECKING:
    from summitreader.annotations.model import Record
    from summitreader.store.store import Store


@command(
    "annotate",
    "PATH|URL --quote TEXT [--tag T ...] [--note N] [--occurrence K]",
    "highlight a quote; prints its id",
    takes_paths=False,
    arguments=cli_args.annotate_arguments,
)
def cmd_annotate(args: argparse.Namespace) -> int:
    from summitreader.annotations.anchoring import occurrences
    from summitreader.library.intake import is_url
    from summitreader.library.opening import open_documents
    from summitreader.text.find import find_all

    if is_url(args.path):  # the library's copy of the page (fetched and kept if it is new)
        with _store(args) as store:
            docs, problems = open_documents([args.path], store, fetch=False)
    else:
        docs, problems = open_documents([args.path])
    if not docs:
        raise SummitError(problems[0] if problems else f"{args.path}: cannot be read")
    source = docs[0].source
    quote = args.quote
    if not quote:
        raise SummitError("--quote must not be empty")
    spans = [(at, at + len(quote)) for at in occurrences(source.text, quote, len(source.text))]
    if not spans:  # the words as the reader shows them: across line breaks and emphasis
        spans = docs[0].shown_only(find_all(docs[0].searchable, quote))
    if not spans:
        raise SummitError(f"the quote does not occur in {source.where}")
    hits = [start for start, _ in spans]
    if args.occurrence is None and len(hits) > 1:
        raise SummitError(
            f"the quote occurs {len(hits)} times in {source.where}; "
            f"choose one with --occurrence 1..{len(hits)}"
        )
    k = args.occurrence or 1
    if not 1 <= k <= len(hits):
        raise SummitError(f"--occurrence {k} is out of range: the quote occurs {len(hits)} time(s)")
    start, end = spans[k - 1]
    with _store(args) as store:
        same = [r for r in store.for_source(source) if _span_of(r) == (start, end)]
        if same:  # run again (a script, say): the highlight gains what is new, not a twin
            record = _added_to(store, same[0], args.tag or [], args.note or "")
            _err("already highlighted there: added to that highlight")
        else:
            record = store.add(source, start, end, args.tag, args.note)
        # in the library with its title, author and date, as opening or adding it records
        # it (it was listed by its file name, "unknown author · no date")
        store.remember_source(source, docs[0].meta)
    print(record["id"], flush=True)
    return 0


def _span_of(record: Record) -> tuple[int, int] | None:
    if record.get("anchor") == "orphaned":
        return None
    return record["position"]["start"], record["position"]["end"]


def _added_to(store: Store, record: Record, tags: list[str], note: str) -> Record:
    """``record`` with ``tags`` added and ``note`` after its own unless it holds it."""
    from summitreader.annotations.model import clean_tags

    note = note.strip()
    mine = record.get("note", "")
    changes = {}
    if note and note not in mine:
        changes["note"] = f"{mine}\n\n{note}" if mine else note
    if not changes and set(clean_tags(tags)) <= set(record.get("tags", [])):
        return record
    return store.update(record["id"], add_tags=tags, **changes)


@command(
    "check",
    "[--review] [PATH ...]",
    "anchor again; counts, or --review: what moved",
    arguments=cli_args.check_arguments,
)
def cmd_check(args: argparse.Namespace) -> int:
    from summitreader.annotations.anchoring import STATUSES

    if args.accept and not args.review:
        raise SummitError("--accept goes with --review: summitreader check --review --accept ID")
    if args.review:
        return _review(args)
    with _store(args) as store:
        docs, _ = _documents(args, store)
        for doc in docs:
            store.remember_source(doc.source, doc.meta)
            records = store.reanchor(doc.source)
            counts = {s: 0 for s in STATUSES}
            for r in records:
                counts[r.get("anchor", "anchored")] += 1
            line = ", ".join(f"{n} {status}" for status, n in counts.items())
            print(f"{doc.title}\n  {line}\n  {doc.source.where}")
            for r in records:
                if r.get("anchor") == "orphaned":
                    print(f"  orphaned: {r['quote']['exact'][:70]!r} (id {r['id'][:8]})")
    return 0


def _review(args: argparse.Namespace) -> int:
    """``check --review``: each highlight that moved, became fuzzy or was orphaned, with a
    word diff of the text around it; ``--accept`` settles the ones named first."""
    from summitreader.library import review

    with _store(args) as store:
        docs, _ = _documents(args, store)
        items = review.collect(store, docs)
        if args.accept:
            keys = [k for k in args.accept if k.strip().lower() != "all"]
            every = len(keys) < len(args.accept)
            chosen = items if every else [review.find(items, k) for k in keys]
            for item in dict((i.record["id"], i) for i in chosen).values():
                review.accept(store, item.record)
                quote = excerpt(item.record["quote"]["exact"], 60)
                print(f"accepted {short(item)} {quote!r}")
            items = review.collect(store, docs)
    _print_review(items)
    return 0


def short(item) -> str:  # -> the id as listed: its first 8 characters
    return item.record["id"][:8]


def _print_review(items: list) -> None:
    import textwrap

    from summitreader.annotations.review import plain_lines
    from summitreader.export.markdown_text import location_text

    if not items:
        print("nothing to review: every highlight is where it was, or was accepted there")
        return
    shown_doc = None
    pad = " " * 6
    for item in items:
        doc, record = item.document, item.record
        if doc is not shown_doc:
            shown_doc = doc
            print(f"{excerpt(doc.title, 100)}\n  {excerpt(doc.source.where, 200)}")
        tags = " ".join(f"#{t}" for t in record.get("tags", []))
        note = f"  ✎ {excerpt(record['note'], 50)}" if record.get("note") else ""
        where = "" if item.status == "orphaned" else location_text(doc, record).split(" · ")[0]
        line = f"  {item.status:<8} {short(item)}  {where}  {excerpt(tags, 60)}{note}"
        print(" ".join(line.split(" ")).rstrip())
        if item.diff is None:
            print("    (no diff: the library kept no copy of the earlier text)")
            continue
        for sign, line in zip("-+", plain_lines(item.diff), strict=True):
            if not line:
                line = "(nothing around it is left)"
            print(textwrap.fill(line, 100, initial_indent=f"    {sign} ", subsequent_indent=pad))
    n = len(items)
    print(
        f"{counted(n, 'highlight')} to review; settle one where it is with "
        "summitreader check --review --accept ID"
    )


@command(
    "recover",
    "[--empty]",
    "after a corrupt store: restore the backup",
    takes_paths=False,
    arguments=cli_args.recover_arguments,
)
def cmd_recover(args: argparse.Namespace) -> int:
    from summitreader.library.relisting import recover_and_relist

    for line in recover_and_relist(paths.store_path(args.db), empty=args.empty):
        print(line)
    return 0


@command(
    "search",
    "QUERY [PATH ...]",
    "highlights whose quote, note or tags match",
    takes_paths=False,
    arguments=cli_args.search_arguments,
)
def cmd_search(args: argparse.Namespace) -> int:
    from summitreader.cli import search_highlights
    from summitreader.export.markdown_text import location_text
    from summitreader.library.search import Query
    from summitreader.text.sanitize import excerpt

    if args.text:
        return _search_texts(args)
    query = Query.parse(args.query)
    if not query:
        raise SummitError("the query is empty: give words, #tags, doc:NAME or from:/to:/on:DATE")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        words = " ".join([args.query, *missing])
        raise SummitError(
            f"{missing[0]}: no such file (to search for several words, quote them:"
            f' summitreader search "{words}")'
        )
    found = 0
    with _store(args) as store:
        docs, _ = _documents(args, store)
        for doc, hits in search_highlights.found(store, docs, query, library=not args.paths):
            if not hits:
                continue
            lines = [excerpt(doc.title, 100), f"  {excerpt(doc.source.where, 200)}"]
            places = [location_text(doc, record) for record in hits]
            # one column for the text's quotes, clear of its longest place ("· moved")
            width = max(16, *map(len, places))
            for record, where in zip(hits, places, strict=True):
                tags = " ".join(f"#{t}" for t in record.get("tags", []))
                lines.append(f"  {where:<{width}}  {excerpt(record['quote']['exact'], 90)}")
                if tags or record.get("note"):
                    note = excerpt(record.get("note", ""), 60)
                    lines.append(f"  {'':<{width}}  {tags}{'  ✎ ' + note if note else ''}")
            sys.stdout.write("\n".join(lines) + "\n")  # a text at a time: 10,000 hits, 1 call
            found += len(hits)
    if not found:
        _err(f"no highlight matches {args.query!r}")
        return 1
    print(counted(found, "highlight"))
    return 0


@command(
    "tags",
    "[PATH ...] | rename OLD NEW",
    "tags with counts; rename or merge one",
    takes_paths=False,
    arguments=cli_args.tags_arguments,
)
def cmd_tags(args: argparse.Namespace) -> int:
    from summitreader.annotations.model import tag_counts
    from summitreader.annotations.tags import normalise_tag
    from summitreader.library import catalog

    words = args.words
    if words[:1] == ["rename"] and not Path("rename").exists():
        if len(words) != 3:
            raise SummitError("tags rename needs OLD and NEW: summitreader tags rename OLD NEW")
        with _store(args) as store:
            changed = store.rename_tag(words[1], words[2])
        old, new = normalise_tag(words[1]), normalise_tag(words[2])
        print(f"renamed #{old} to #{new} on {counted(changed, 'highlight')}")
        return 0
    with _store(args) as store:
        if words:
            args.paths = words
            docs, _ = _documents(args, store)
            counts = tag_counts(r for d in docs for r in store.for_source(d.source))
        else:  # the library's, as search and export see it: from the index, no text read
            catalog.seed(store)
            ids = [e.id for e in catalog.entries(store)]
            counts = tag_counts(r for sid in ids for r in store.annotations(sid))
    if not counts:
        print("no tags yet")
    for tag, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{n:>6}  #{tag}")
    return 0


def _in_library(store: Store, paths: list[str]) -> set[str]:
    """The library's paths of these files; one not in it is an error that says how."""
    from summitreader.library import catalog

    known = {p for e in catalog.entries(store) for p in (e.path, *e.paths)}
    wanted = {str(Path(p).resolve()) for p in paths}
    if missing := sorted(wanted - known):
        quoted = " ".join(shlex.quote(p) for p in missing)
        raise SummitError(
            f"{missing[0]} is not in the library, which search --text looks in: "
            f"summitreader add {quoted}"
        )
    return wanted


def _search_texts(args: argparse.Namespace) -> int:
    from summitreader.library.fulltext import search_texts
    from summitreader.text.sanitize import excerpt

    if not args.query.split():
        raise SummitError("the query is empty: give the words to find")
    documents = found = 0
    with _store(args) as store:
        only = _in_library(store, args.paths) if args.paths else None
        for hits in search_texts(store, args.query, only):
            documents += 1
            found += hits.count
            print(excerpt(hits.entry.title, 100))
            print(f"  {excerpt(hits.entry.path, 200)}")
            for start, end in hits.spans:
                before, match, after = hits.shown(start, end)
                print(f"    {excerpt(f'…{before}[{match}]{after}…', 110)}")
            if hits.count > len(hits.spans):
                print(f"    … {hits.count - len(hits.spans)} more")
    if not found:
        _err(f"no document holds {args.query!r}")
        return 1
    print(
        f"{found} match{'es' if found != 1 else ''} in {documents} document"
        f"{'s' if documents != 1 else ''}"
    )
    return 0
