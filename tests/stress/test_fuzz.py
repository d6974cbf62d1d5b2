"""Fuzzing with hypothesis: random bytes through the loader and the reading view; random
documents, spans, tags and notes through the real store into W3C JSON that must pass the
W3C assertions and read back the same."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitreader.errors import SummitError
from summitreader.export import w3c
from summitreader.sources.text import Source, load_source
from summitreader.store.store import Store
from summitreader.text.document import Document
from tests.support.w3c_check import check_collection

# Bytes a reader meets: text in several encodings, controls, BOMs, NULs, broken UTF-8.
PIECES = st.sampled_from(
    [
        b"plain words ",
        "caf\u00e9 \u6f22\u5b57 \U0001f600 ".encode(),
        "caf\u00e9".encode("latin-1"),
        b"\x1b[2J\x1b]52;c;eA==\x07",
        b"\r\n",
        b"\n\n",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\x00",
        b"\xc3",
        b"\x9b[31m",
        b"# ",
        b"[bold]",
        b"*",
    ]
)
RAW = st.one_of(st.binary(max_size=300), st.lists(PIECES, max_size=40).map(b"".join))


@settings(max_examples=300, deadline=None)
@given(RAW)
def test_any_bytes_open_as_text_or_are_refused_with_a_message(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.txt"
        path.write_bytes(data)
        try:
            source = load_source(path)
        except SummitError as exc:
            assert "random.txt" in str(exc)  # names the file; one line
            assert "\n" not in str(exc)
            return
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert "\r" not in source.text
    document = Document(source)
    view = document.view
    for i in range(len(view.blocks)):
        rendered = view.rendered(i)
        assert not any(0 < ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in rendered.text)
        for v in range(len(rendered.text)):
            assert rendered.to_visible(rendered.to_source(v)) == v
    assert "\x1b" not in document.title
    document.passages.paragraphs  # noqa: B018 - must not raise


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
    min_size=1,
    max_size=200,
)
TAGS = st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True), max_size=3)
NOTE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.data(), TAGS, NOTE)
def test_any_highlight_exports_to_w3c_that_validates_and_reads_back(text, data, tags, note):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    sha = hashlib.sha256(text.encode()).hexdigest()
    source = Source(Path("/docs/a b.txt"), sha, text, "utf-8", len(text))
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.json") as store:
        record = store.add(source, start, end, tags, note)
    exported = w3c.dumps(w3c.to_collection([record], {source.sha256: str(source.path)}))
    collection = json.loads(exported)
    assert len(collection["first"]["items"]) == 1
    failed = check_collection(collection)  # every "must" of the W3C assertions holds
    assert failed == [], "\n".join([*failed, exported])

    [back] = w3c.parse(exported)
    assert back.quote["exact"] == text[start:end]
    assert back.position == {"start": start, "end": end}
    assert sorted(back.tags) == sorted(set(tags))
    assert back.note == note
