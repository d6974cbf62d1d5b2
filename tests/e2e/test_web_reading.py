"""Reading a web page in the real app: fetched from a server on 127.0.0.1, its article
without the page's furniture, tagged and exported, then read again from the library with
the server gone; and a page piped in on standard input."""

from __future__ import annotations

import shlex

from tests.support.http_server import Route, serve
from tests.support.terminal import EXE, Terminal, env_for
from tests.support.web_pages import BOILERPLATE, PARAGRAPHS, article_page


def test_a_url_is_read_tagged_exported_and_read_again_offline(term, tmp_path):
    env = env_for(tmp_path)
    with serve() as server:
        url = server.add("/article.html", Route(article_page().encode()))
        term.start(url, env=env)
        screen = term.wait_for("Reining in goals", timeout=30)
        assert not any(junk in screen for junk in BOILERPLATE)
        term.keys("}", "}", "}", "1")
        term.wait_for("Tagged #key-point")
        exported = term.export_and_quit()
    text = exported.read_text(encoding="utf-8")
    assert f'source: "{url}"' in text and "#key-point" in text
    term.close()
    again = Terminal()  # the server is gone: the library's copy is read
    try:
        again.start(env=env)
        again.wait_for("The Devil Is in the Details")
        again.keys("Enter")
        screen = again.wait_for("1 highlight")
        assert any(p[:30] in screen for p in PARAGRAPHS)
        again.keys("q", "q")
        again.wait_for("EXIT=0")
    finally:
        again.close()


def test_a_page_piped_in_is_read_and_the_keys_come_from_the_terminal(term, tmp_path):
    env = env_for(tmp_path)
    page = tmp_path / "saved.html"
    page.write_text(article_page(), encoding="utf-8")
    command = (
        f"cat {shlex.quote(str(page))} | {shlex.quote(str(EXE))} - --url https://example.org/a"
    )
    term.start_command(["bash", "-c", command], env=env)
    term.wait_for("Reining in goals", timeout=30)
    term.keys("}", "}", "h")
    term.wait_for("Highlighted")  # keys reach the app: standard input is the terminal again
    term.keys("q", "q")
    term.wait_for("EXIT=0")
