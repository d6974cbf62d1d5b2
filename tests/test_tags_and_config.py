import pytest

from summitreader.config import DEFAULT_TAGS, load_config
from summitreader.errors import SummitError
from summitreader.tags import normalise_tag


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("  Key Point ", "key-point"),
        ("KEY-POINT", "key-point"),
        ("policy/korea", "policy/korea"),
        ("a  b", "a-b"),
        ("ünïcode", "ünïcode"),
    ],
)
def test_normalise(raw, tag):
    assert normalise_tag(raw) == tag


@pytest.mark.parametrize("raw", ["", "   ", "bad#tag", "no!", "[x]", "a.b", "123"])
def test_refused(raw):
    with pytest.raises(SummitError):
        normalise_tag(raw)


def test_defaults_when_no_file(tmp_path):
    cfg = load_config(tmp_path / "missing.toml")
    assert cfg.tags == DEFAULT_TAGS and cfg.error is None
    assert cfg.tag_for_key("1").name == "key-point"


def test_good_config(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(
        'reading_width = 66\ntheme = "textual-light"\nexport_dir = "/tmp/x"\n'
        '[[tags]]\nname = "Claim"\nkey = "5"\ncolor = "#112233"\n'
        '[keys]\n"reader.highlight" = "m"\n',
        encoding="utf-8",
    )
    cfg = load_config(path)
    assert cfg.error is None
    assert cfg.reading_width == 66 and cfg.theme == "textual-light"
    assert cfg.tag_for_key("5").name == "claim" and cfg.color_of("claim") == "#112233"
    assert cfg.keys == {"reader.highlight": "m"}


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('theme = "x"\n\nreading_width = = 3\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg.tags == DEFAULT_TAGS
    assert str(path) in cfg.error and "line 3" in cfg.error


def test_bad_value_names_file_and_line(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[[tags]]\nname = "x"\nkey = "1"\ncolor = "red"\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg.tags == DEFAULT_TAGS
    assert f"{path}, line 4" in cfg.error and "#rrggbb" in cfg.error
