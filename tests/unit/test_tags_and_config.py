import pytest

from summitreader.annotations.tags import normalise_tag
from summitreader.errors import SummitError
from summitreader.settings.config import DEFAULT_HIGHLIGHT, DEFAULT_TAGS, load_config


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


def config_of(tmp_path, text: str):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_a_tag_on_one_key_keeps_the_other_defaults(tmp_path):
    cfg = config_of(tmp_path, '[[tags]]\nname = "Policy Lever"\nkey = "5"\ncolor = "#ff0000"\n')
    assert cfg.error is None
    assert cfg.tag_for_key("5") == ("policy-lever", "5", "#ff0000")
    assert [t.key for t in cfg.tags] == list("123456789")
    assert "idea" not in [t.name for t in cfg.tags]  # 5's default made way
    assert cfg.tag_for_key("1") == DEFAULT_TAGS[0]


def test_a_default_tag_given_a_new_key_or_colour_moves_rather_than_doubles(tmp_path):
    cfg = config_of(tmp_path, '[[tags]]\nname = "idea"\nkey = "9"\ncolor = "#010203"\n')
    names = [t.name for t in cfg.tags]
    assert names.count("idea") == 1 and "reference" not in names  # 9's default made way
    assert cfg.tag_for_key("9").color == "#010203" and cfg.tag_for_key("5") is None


def test_default_tags_false_keeps_only_the_users(tmp_path):
    cfg = config_of(tmp_path, 'default_tags = false\n[[tags]]\nname = "claim"\nkey = "1"\n')
    assert [t.name for t in cfg.tags] == ["claim"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[[tags]]\nname = "a"\nkey = "3"\n[[tags]]\nname = "b"\nkey = "3"\n', 5, "both #a and #b"),
        ('[[tags]]\nname = "a"\nkey = "12"\n', 3, "digit 1-9"),
        ('default_tags = "no"\n', 1, "true or false"),
    ],
)
def test_bad_tag_settings_name_the_line(tmp_path, text, line, words):
    cfg = config_of(tmp_path, text)
    assert "b" not in [t.name for t in cfg.tags]  # the tag in the wrong is left out
    assert f"line {line}:" in cfg.error and words in cfg.error


def test_one_wrong_setting_leaves_the_others_in_use(tmp_path):
    """Before: one typo (reading_width = 0) put the whole file back to its defaults, the
    user's tags with it."""
    cfg = config_of(
        tmp_path,
        'theme = "nord"\nreading_width = 0\nhighlight = "m"\n'
        '[[tags]]\nname = "idea-x"\nkey = "5"\n[export]\nflavor = "logseq"\nsize = 3\n',
    )
    assert cfg.theme == "nord" and cfg.reading_width == 80
    assert cfg.tag_for_key("5").name == "idea-x" and cfg.export_flavor == "logseq"
    assert "line 2: reading_width must be" in cfg.error
    assert "line 3: there is no setting 'highlight' (key bindings go under [keys])" in cfg.error
    assert "line 9: [export] has no setting 'size'" in cfg.error


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('theme = "x"\n\nreading_width = = 3\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg.tags == DEFAULT_TAGS
    assert str(path) in cfg.error and "line 3" in cfg.error


def test_bad_value_names_file_and_line_and_only_that_value_falls_back(tmp_path):
    """A tag's wrong colour is its default colour, not the tag dropped (key 5 stayed
    #idea when policy-lever's colour was "green")."""
    path = tmp_path / "c.toml"
    path.write_text('[[tags]]\nname = "x"\nkey = "1"\ncolor = "red"\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg.tag_for_key("1").name == "x" and cfg.color_of("x") == DEFAULT_HIGHLIGHT
    assert f"{path}, line 4" in cfg.error and "#rrggbb, not 'red'" in cfg.error


def test_a_tags_wrong_key_leaves_it_without_a_key(tmp_path):
    cfg = config_of(tmp_path, '[[tags]]\nname = "policy"\nkey = "12"\ncolor = "#102030"\n')
    assert "policy" in [t.name for t in cfg.tags] and cfg.color_of("policy") == "#102030"
    assert all(t.name != "policy" for t in (cfg.tag_for_key(k) for k in "123456789") if t)
    assert "line 3:" in cfg.error and "digit 1-9, not '12'" in cfg.error


@pytest.mark.parametrize("value", ['"a\\u0000b"', '""', "3"])
def test_an_export_folder_is_checked_before_it_becomes_a_path(tmp_path, value):
    """Issue 15: no value from a config becomes a path unchecked. A NUL in export_dir used
    to reach the app's e key as 'ValueError: embedded null byte'."""
    path = tmp_path / "c.toml"
    path.write_text(f'theme = "nord"\nexport_dir = {value}\n', encoding="utf-8")
    cfg = load_config(path)
    assert f"{path}, line 2: export_dir must be the path of a folder" in cfg.error
    assert "\0" not in str(cfg.export_dir) and str(cfg.export_dir).strip()
