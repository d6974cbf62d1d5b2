import codecs
import hashlib
from pathlib import Path

import pytest

from summitreader.errors import NotTextError, SummitError
from summitreader.sources.text import load_source
from tests.support.corpus import CORPUS


def write(tmp_path: Path, data: bytes, name: str = "a.txt") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_identity_is_sha256_of_raw_bytes(tmp_path):
    data = "caf\u00e9\r\nline two\rthree".encode()
    src = load_source(write(tmp_path, data))
    assert src.sha256 == hashlib.sha256(data).hexdigest()
    assert src.size == len(data)


def test_crlf_and_lone_cr_become_lf(tmp_path):
    src = load_source(write(tmp_path, b"one\r\ntwo\rthree\n"))
    assert src.text == "one\ntwo\nthree\n"


def test_utf8_bom_is_dropped(tmp_path):
    src = load_source(write(tmp_path, codecs.BOM_UTF8 + "Ünïcode".encode()))
    assert src.text == "Ünïcode"
    assert src.notice is None


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    src = load_source(write(tmp_path, bom + "Grüße, 世界".encode(codec)))
    assert src.text == "Grüße, 世界"
    assert "UTF-16" in (src.notice or "")


def test_invalid_utf8_falls_back_to_cp1252_with_notice(tmp_path):
    src = load_source(write(tmp_path, b"smart \x93quotes\x94 and caf\xe9"))
    assert src.text == "smart \u201cquotes\u201d and caf\u00e9"
    assert src.encoding == "cp1252"
    assert "Windows-1252" in (src.notice or "")


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path):
    src = load_source(write(tmp_path, b"control \x81 byte \xff"))
    assert src.encoding == "latin-1"
    assert src.text == "control \x81 byte \xff"


def test_utf8_with_a_stray_byte_stays_utf8_and_the_byte_is_shown_as_a_replacement(tmp_path):
    """Before: one bad byte made the whole file Windows-1252, every "é" read "Ã©", and
    neither search nor a quote found the words on screen."""
    good = "Café résumé naïve — “quotes” here.\n\nOne stray byte "
    src = load_source(write(tmp_path, good.encode() + b"\xff in an otherwise UTF-8 file.\n"))
    assert src.encoding == "utf-8"
    assert src.text == good + "\ufffd in an otherwise UTF-8 file.\n"
    assert src.notice == "not all valid UTF-8: a byte shown as �"


def test_binary_is_refused_with_the_file_name(tmp_path):
    path = write(tmp_path, b"\x89PNG\r\n\x00\x00data", "image.txt")
    with pytest.raises(NotTextError) as err:
        load_source(path)
    assert "image.txt" in str(err.value) and "NUL" in str(err.value)


@pytest.mark.parametrize("data", [b"", b"  \n\t\n  "])
def test_empty_files_open_and_say_so(tmp_path, data):
    assert load_source(write(tmp_path, data)).is_empty


def test_missing_file_message(tmp_path):
    with pytest.raises(SummitError, match="no such file"):
        load_source(tmp_path / "nope.txt")


# SHA-256 of the two files of the project's seed corpus, as it was handed out beside the
# repository, noted here so that the check needs nothing outside the repository.
SEED_CORPUS = {
    "ffa97b860f680afb5365de94d6abb7e89b8ccfbcf0e33c61acebb05dd79aeee2",  # 000_4f53943360cb6f1f.txt
    "d8c1019b78d3b9845eb7050e14a593fab24b46b68a4c97ca1c43235fda16767c",  # 004_c93350d46c88e9cc.txt
}


def test_sample_corpus_is_the_seed_corpus_byte_for_byte():
    ours = {hashlib.sha256(p.read_bytes()).hexdigest() for p in CORPUS.glob("*.txt")}
    assert ours == SEED_CORPUS and len(list(CORPUS.glob("*.txt"))) == 2
