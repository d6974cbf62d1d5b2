"""Review what moved: every highlight of the library whose text changed under it (moved,
fuzzy, orphaned), each over a diff of the old and new text around it. ``a`` accepts it
where it is, ``r`` re-attaches it to words chosen in the reader, ``x`` deletes it after
asking, ``enter`` reads it in its document."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from summitreader.annotations.review import SAME, Segment, compact, flat, unchanged
from summitreader.errors import SummitError
from summitreader.export.markdown_text import location_text
from summitreader.library import review
from summitreader.library.review import Item
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.text.sanitize import excerpt
from summitreader.text.words import counted
from summitreader.tui.navigation import OpenDocument
from summitreader.tui.screens.dialog_base import Dialog
from summitreader.tui.widgets.inert import plain
from summitreader.tui.widgets.key_hints import KeyHints

STATUS_STYLE = {"moved": "$text-primary", "fuzzy": "$text-warning", "orphaned": "$text-error"}
DELETED = "strike $text-error"
ADDED = "bold $text-success"


def diff_line(sign: str, segments: Iterable[Segment], changed_style: str) -> Content:
    """One side of a diff: its changed words in ``changed_style``, the highlight
    underlined, an orphan's place as ‸. Document text is data: never markup."""
    parts: list[Content] = [Content.styled(f"  {sign} ", "dim")]
    for seg in segments:
        if not seg.text:  # an orphan's place shows as ‸; a cut from the other side, not at all
            if seg.quote and not seg.changed:
                parts.append(Content.styled("‸", "bold $text-warning"))
            continue
        style = " ".join(
            s for s in (changed_style if seg.changed else "", "underline" if seg.quote else "") if s
        )
        parts.append(Content.styled(flat(seg.text), style) if style else Content(flat(seg.text)))
    return Content("").join(parts)


def entry(item: Item, shared_titles: frozenset[str] = frozenset()) -> Content:
    """A highlight to review: what it is and where, then the old and new text around it.
    A title that ``shared_titles`` holds (two texts share it) is followed by the file's
    name, so that each highlight says which text it is in."""
    record, doc = item.record, item.document
    status = item.status
    where = "" if status == "orphaned" else location_text(doc, record).split(" · ")[0]
    tags = " ".join(f"#{t}" for t in record.get("tags", []))
    note = f"✎ {excerpt(record['note'], 40)}" if record.get("note") else ""
    head = Content.assemble(
        (f"{status:<9}", f"bold {STATUS_STYLE.get(status, '')}"),
        (excerpt(doc.title, 50), "bold"),
        *([f" ({excerpt(_name(doc), 50)})"] if doc.title in shared_titles else []),
        *[f"  {part}" for part in (where, excerpt(tags, 40), note) if part],
    )
    lines = [head]
    if item.diff is None:
        lines.append(
            Content.styled("  (no diff: the library kept no copy of the earlier text)", "dim")
        )
        lines.append(diff_line("+", [Segment(record["quote"]["exact"], False, True)], ""))
    elif unchanged(item.diff):
        lines.append(diff_line("-", compact(item.diff.old), ""))
        lines.append(Content.styled(f"  + {SAME}", "dim"))
    else:
        lines.append(diff_line("-", compact(item.diff.old), DELETED))
        if item.diff.new:
            lines.append(diff_line("+", compact(item.diff.new), ADDED))
        else:
            lines.append(Content.styled("  + (nothing around it is left in the text)", "dim"))
    return Content("\n").join([*lines, Content("")])


def _name(doc: Document) -> str:
    return doc.source.origin or doc.source.path.name


def _shared_titles(items: list[Item]) -> frozenset[str]:
    """Titles that more than one of the texts reviewed has."""
    texts: dict[str, set[str]] = {}
    for item in items:
        texts.setdefault(item.document.title, set()).add(item.document.source.sha256)
    return frozenset(title for title, shas in texts.items() if len(shas) > 1)


class ConfirmDelete(Dialog[bool | None]):
    """Deleting a highlight asks first: its note and tags cannot be fetched back."""

    BINDINGS: list[BindingType] = [
        Binding("y", "confirm", "Yes, delete it", id="confirm.delete"),
    ]

    def __init__(self, quote: str) -> None:
        super().__init__()
        self.quote = quote

    def body(self) -> Iterable[Widget]:
        yield Label(plain("Delete this highlight, with its tags and note?"))
        yield Label(plain(excerpt(self.quote, 200)), classes="dim")

    def action_confirm(self) -> None:
        self.answer(True)


class ReviewScreen(Screen[bool]):
    """Dismissed with whether it changed a highlight: a reader below then reads them again."""

    # Its own, not the app's .tcss: a book opened first does not parse it.
    DEFAULT_CSS = """
    ReviewScreen {
        layers: default keymap;  /* the key map (?) lies over the list */
    }
    #review-title {
        padding: 0 1;
        color: $text-muted;
    }
    #review-list {
        height: 1fr;
        border: none;
    }
    """

    BINDINGS: list[BindingType] = [
        Binding("a", "accept", "Accept", id="review.accept"),
        Binding("r", "reattach", "Re-attach", id="review.reattach"),
        Binding("x", "delete", "Delete…", id="review.delete"),
        Binding("enter", "read", "Read it", id="review.read"),
        Binding("j", "move('cursor_down')", "Down", show=False, id="review.down"),
        Binding("k", "move('cursor_up')", "Up", show=False, id="review.up"),
        Binding("g", "move('first')", "First", show=False, id="review.first"),
        Binding("G", "move('last')", "Last", show=False, id="review.last"),
        Binding("question_mark", "app.toggle_help", "Help", id="app.help"),
        Binding("escape,q", "back", "Back", id="review.back"),
    ]

    def __init__(
        self,
        store: Store,
        documents: Callable[[], tuple[list[Document], list[str]]] | None = None,
    ) -> None:
        """``documents``: the library's documents as their files are now (a test or the
        app may give its own)."""
        super().__init__()
        self.store = store
        self._documents = documents or (lambda: review.current_documents(store))
        self.items: list[Item] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        yield OptionList(id="review-list")
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        self.title = "Review what moved"
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        """On the first showing too, and back from a re-attach in the reader."""
        self.refresh_items()

    @property
    def listing(self) -> OptionList:
        return self.query_one(OptionList)

    def refresh_items(self, keep: int | None = None) -> None:
        at = self.listing.highlighted if keep is None else keep
        try:
            documents, problems = self._documents()
            self.items = review.collect(self.store, documents)
        except SummitError as exc:
            self.notify(str(exc), title="Review", severity="error", timeout=10)
            documents, problems, self.items = [], [], []
        for problem in problems:
            self.notify(problem, title="Not read", severity="warning", timeout=8)
        listing = self.listing
        listing.clear_options()
        shared = _shared_titles(self.items)
        listing.add_options(
            Option(entry(item, shared), id=item.record["id"]) for item in self.items
        )
        if self.items:
            listing.highlighted = min(at or 0, len(self.items) - 1)
        n = len(self.items)
        said = (
            f"{counted(n, 'highlight')} moved, fuzzy or orphaned"
            if n
            else "Nothing to review: each highlight is where it was, or accepted there"
        )
        read = counted(len(documents), "document")
        self.query_one("#review-title", Static).update(
            plain(f"Review what moved · {said} · {read} with highlights")
        )

    def action_move(self, how: str) -> None:
        """j, k, g and G in the list, as in the reader and the library."""
        getattr(self.listing, f"action_{how}")()

    def _chosen(self) -> Item | None:
        index = self.listing.highlighted
        if index is None or not 0 <= index < len(self.items):
            self.notify("Nothing to review here.", severity="warning", timeout=3)
            return None
        return self.items[index]

    def action_accept(self) -> None:
        if (item := self._chosen()) is None:
            return
        quote = excerpt(item.record["quote"]["exact"], 50)
        self._apply(lambda: review.accept(self.store, item.record), f"Accepted: {quote}")

    def _apply(self, act: Callable[[], object], done: str) -> None:
        """Make one change to the store, say so (or why not), and list what is left."""
        try:
            act()
        except SummitError as exc:
            self.notify(str(exc), severity="error", timeout=8)
        else:
            self.changed = True
            self.notify(done, timeout=4)
        self.refresh_items()

    def action_reattach(self) -> None:
        if (item := self._chosen()) is None:
            return
        self.changed = True  # most likely: the reader says if it was not
        self.post_message(OpenDocument(item.document, reattach=(item.record, item.place)))

    def action_read(self) -> None:
        if (item := self._chosen()) is None:
            return
        at = None if item.status == "orphaned" else item.record["id"]
        self.post_message(OpenDocument(item.document, at=at))

    def action_delete(self) -> None:
        if (item := self._chosen()) is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self._apply(lambda: review.delete(self.store, item.record), "Highlight deleted.")

        self.app.push_screen(ConfirmDelete(item.record["quote"]["exact"]), answered)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_read()

    def action_back(self) -> None:
        self.dismiss(self.changed)
