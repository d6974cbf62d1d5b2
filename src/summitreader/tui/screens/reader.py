"""The reader: the document pane beside a sidebar of highlights and tags."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from summitreader import collector
from summitreader.annotations import quotes
from summitreader.annotations.model import Record
from summitreader.annotations.reading_position import mark
from summitreader.errors import SummitError
from summitreader.fsio import file_signature
from summitreader.layout.row_paint import Mark
from summitreader.library.editing import Annotator
from summitreader.settings.config import Config
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.text.passages import Passage
from summitreader.text.sanitize import excerpt
from summitreader.text.words import counted
from summitreader.tui.navigation import CloseDocument
from summitreader.tui.screens.outline_actions import OutlineActions
from summitreader.tui.screens.reader_edits import EditActions
from summitreader.tui.screens.reader_file import WATCH_SECONDS, FileWatch
from summitreader.tui.screens.reader_layout import LayoutActions
from summitreader.tui.screens.reader_marks import HighlightMarks
from summitreader.tui.screens.reader_reattach import ReattachActions
from summitreader.tui.screens.reader_search import SearchActions
from summitreader.tui.screens.remembering import remember_in_thread
from summitreader.tui.widgets.document_view import DocumentView
from summitreader.tui.widgets.key_hints import KeyHints
from summitreader.tui.widgets.minimap import Minimap
from summitreader.tui.widgets.sidebar import Sidebar
from summitreader.tui.widgets.status_line import MESSAGE_SECONDS, StatusLine, time_left

if TYPE_CHECKING:  # mounted after the first frame, and imported then
    from summitreader.tui.widgets.highlight_list import HighlightList
    from summitreader.tui.widgets.search_bar import SearchBar

_TAG = Binding.Group("tag", compact=True)
COLLECT_UNDER_DIALOG = 1.0  # seconds between looks for a due full collection under a dialog
SAVE_UNDER_DIALOG = 0.05  # seconds: the reading position is saved after a dialog opens
READ_ON = 2  # screens: a page saved this far past what was read continues the reading


class ReaderScreen(
    EditActions,
    FileWatch,
    OutlineActions,
    SearchActions,
    ReattachActions,
    HighlightMarks,
    LayoutActions,
    Screen[None],
):
    class Reloaded(Message):
        """The text was read again from its file: the library should list the new one."""

        def __init__(self, old: Document, new: Document) -> None:
            super().__init__()
            self.old = old
            self.new = new

    class WidthChosen(Message):
        """The reader chose a reading width: remember it."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    BINDINGS: list[BindingType] = [
        Binding("h", "highlight", "Highlight", id="reader.highlight"),
        *[
            Binding(str(d), f"tag_digit('{d}')", "tag", group=_TAG, id=f"reader.tag_{d}")
            for d in range(1, 10)
        ],
        Binding("t", "tag", "Tag…", id="reader.tag"),
        Binding("a", "note", "Note", id="reader.note"),
        Binding("x", "delete", "Delete", id="reader.delete"),
        Binding("y", "copy", "Copy", show=False, id="reader.copy"),
        Binding("u", "undo", "Undo", id="reader.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="reader.redo"),
        Binding(
            "right_square_bracket",
            "next_highlight(1)",
            "Next highlight",
            show=False,
            id="reader.next_highlight",
        ),
        Binding(
            "left_square_bracket",
            "next_highlight(-1)",
            "Previous highlight",
            show=False,
            id="reader.previous_highlight",
        ),
        Binding("e", "export", "Export", id="reader.export"),
        Binding("E", "export_dialog", "Export…", show=False, id="reader.export_dialog"),
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("o", "open_link", "Open link", show=False, id="reader.open_link"),
        Binding("O", "outline", "Outline", show=False, id="reader.outline"),
        Binding("f", "footnote", "Footnote", show=False, id="reader.footnote"),
        Binding("S", "toggle_order", "Order", show=False, id="reader.order"),
        Binding("backslash", "toggle_sidebar", "Sidebar", show=False, id="reader.sidebar"),
        Binding("r", "reload", "Reload", show=False, id="reader.reload"),
        Binding("less_than_sign", "width(-4)", "Narrower text", show=False, id="reader.narrower"),
        Binding("greater_than_sign", "width(4)", "Wider text", show=False, id="reader.wider"),
        Binding("question_mark", "app.toggle_help", "Help", id="app.help"),
        Binding("enter", "attach", "Attach here", id="reader.attach"),
        Binding("q", "close", "Back", id="reader.close"),
        Binding("escape", "back", "Back, a search first", show=False, id="reader.back"),
    ]

    def __init__(
        self,
        document: Document,
        config: Config,
        store: Store,
        *,
        at: str | None = None,
        library: Callable[[], list[Document]] | None = None,
        reattach: tuple[Record, int] | None = None,
    ) -> None:
        """``library``: gives every document of the library, for an export of them all.
        ``reattach``: a highlight to put on words the reader chooses (from the review), and
        where its words were; enter attaches it, escape goes back without."""
        super().__init__()
        self._reattach = reattach
        self.library = library or (lambda: [document])
        self._at = at  # a highlight's id to open at, instead of the saved position
        self.document = document
        self.config = config
        self.store = store
        self.annotator = Annotator(store, document)
        self._tag_filter: str | None = None
        self._newest_first = False  # the sidebar's order; else the document's
        self._frozen = False  # the book's objects are out of the collector's way
        self._saved: tuple[int, tuple[int, int] | None] = (0, None)
        self._read_to = 0  # how far the text has been read on from where it opened
        self._search_origin = 0
        self._autosave: Timer | None = None
        self._collect_under_dialog: Timer | None = None
        self._sidebar_choice: bool | None = None  # set once the reader toggles it
        self._built = asyncio.Event()  # set once _build_rest has mounted the sidebar lists
        self._edit_waiting = False  # an edit key waits for the layout: hold the next keys
        self._on_disk = file_signature(document.source.path)
        self._disk_news: str | None = None  # the file changed or went: said on the status line
        self._footnote_origin: Passage | None = None  # where f came from, for f back
        self._mark_of: dict[str, Mark] = {}  # by highlight id; see _mark_changes
        self._marks_revision = -1  # the annotator's revision they show
        self._marks_for: Annotator | None = None  # and the annotator
        self._sidebar_revision = -1  # the same for the sidebar's list
        self._sidebar_for: Annotator | None = None
        self._tag_colors: dict[tuple[str, ...], str] = {}  # a highlight's colour, by its tags

    def compose(self) -> ComposeResult:
        with Horizontal(id="reader-body"):
            yield DocumentView(
                self.document, self.config.reading_width, id="document", on_moved=self._moved
            )
            yield Minimap(id="minimap")
            # its width is kept; _build_rest fills it
            yield Sidebar(
                lambda offset: self.document.location(offset)[0],
                self.config.color_of,
                quote_of=self.shown_quote,
                id="sidebar",
            )
        yield StatusLine(id="status")
        yield KeyHints(id="keys")

    async def _build_rest(self) -> None:
        """The sidebar's lists and the search bar come once the text is on screen (unless
        the reader quit meanwhile: a screen taken down has nothing to mount into)."""
        if not self.is_attached:
            return
        await self.sidebar.build()
        if not self.is_attached:
            return
        from summitreader.tui.widgets.search_bar import SearchBar

        await self.mount(SearchBar(id="search-bar"), before="#status")
        self._built.set()
        self.view.once_ready(self._fill_sidebar)

    def shown_words(self, start: int, end: int) -> str:
        """The words of [start, end) as the reader shows them (its source where none show)."""
        return quotes.shown_words(self.document, start, end)

    def shown_quote(self, record: Record) -> str:
        """A highlight's words as the reader shows them; an orphan's as they were."""
        return quotes.shown_quote(self.document, record)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @property
    def status_line(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def search_bar(self) -> SearchBar:
        from summitreader.tui.widgets.search_bar import SearchBar  # mounted by _build_rest

        return self.query_one(SearchBar)

    @property
    def holds_keys(self) -> bool:
        return self._edit_waiting

    @property
    def view(self) -> DocumentView:
        return self.query_one(DocumentView)

    def on_mount(self) -> None:
        self.title = self.document.title
        self._fit_sidebar(self.app.size.width)
        store = self.store
        offset, cursor = store.reading_state_following(self.document.source)
        self._saved = (offset, cursor)
        self._read_to = offset
        if self._reattach is not None:  # at the words to re-attach, not where reading was
            record, offset = self._reattach
            cursor = (record["position"]["start"], record["position"]["end"])
        self.view.scroll_to_offset(offset)
        if self._reattach is not None and self._reattach[0].get("anchor") == "orphaned":
            view = self.view  # an orphan has no words: the sentence where they were
            view.once_ready(lambda: view.set_cursor(self.document.passages.sentence_at(offset)))
        elif cursor is not None:
            self.view.restore_cursor(*cursor)
        self.refresh_annotations()
        if self._at is not None:
            self.go_to_id(self._at)
        self.view.focus()
        source = self.document.source
        if source.notice:
            self.notify(f"{source.path.name}: {source.notice}", title="Encoding", timeout=8)
        if source.is_empty:
            self.notify(f"{source.path.name} is empty: there is nothing to read.", timeout=8)
        self._autosave = self.set_interval(2.0, self.save_position)
        self.set_interval(WATCH_SECONDS, self._check_file)
        self.call_after_refresh(self._remember_source)
        self.call_after_refresh(self._build_rest)

    def on_unmount(self) -> None:
        collector.release_book()

    def on_screen_suspend(self) -> None:
        """Under a dialog or the library, save where we are and stop the 2 s autosave.
        Under a dialog, once its first frame is out: the store's write (an fsync) was a
        few ms of every a, t and overlap key, and the position cannot move meanwhile."""
        if isinstance(self.app.screen, ModalScreen):
            self.set_timer(SAVE_UNDER_DIALOG, self.save_position)
            # Full collections stay out of its frames: given back to Python's own rule,
            # one was often due at once, 10-20 ms inside the dialog's first frame. One
            # that comes due while it is up runs between its keys (``after_frame``).
            self._collect_under_dialog = self.set_interval(
                COLLECT_UNDER_DIALOG, collector.after_frame
            )
        else:
            self.save_position()
            collector.full_when_due()  # no frames of ours to collect after
        if self._autosave is not None:
            self._autosave.pause()

    def on_screen_resume(self) -> None:
        if self._collect_under_dialog is not None:
            self._collect_under_dialog.stop()
            self._collect_under_dialog = None
        if self._autosave is not None:
            self._autosave.resume()
        if self._frozen:
            collector.full_after_frames()

    def _remember_source(self) -> None:
        """Record the text in the store once the first screen is up (its copy and word
        count in a thread, then the record here)."""
        remember_in_thread(self.app, self.store, self.document)

    # sidebar and marks ------------------------------------------------------------------

    def reload_highlights(self) -> None:
        """Read this text's highlights again: another screen changed them."""
        self.annotator.reload()
        self.refresh_annotations()

    def refresh_annotations(self) -> None:
        self._show_marks()
        # Paragraph numbers need the whole book split; a long one waits for the layout thread.
        if self._built.is_set():
            self.view.once_ready(self._fill_sidebar)
        self.update_status()

    def _fill_sidebar(self) -> None:
        annotator = self.annotator
        changes = annotator.changes_since(self._sidebar_revision)
        if self._sidebar_for is not annotator:
            changes = None
        self._sidebar_for, self._sidebar_revision = annotator, annotator.revision
        self.sidebar.show(
            annotator.records,
            tag_filter=self._tag_filter,
            newest_first=self._newest_first,
            tag_counts=annotator.tag_counts(),
            changed=changes[0] if changes is not None else None,
        )

    def say(self, message: str, *, warning: bool = False, seconds: float = MESSAGE_SECONDS) -> None:
        self.status_line.say(message, warning=warning, seconds=seconds)

    def update_status(self) -> None:
        """What the reader asked about first (a search's count, the selection, a link, news
        of the file), then where they are: a narrow line cuts the end, not the answer."""
        view = self.view
        asked: list[str] = []
        if self._reattach is not None:
            quote = excerpt(self._reattach[0]["quote"]["exact"], 24)
            asked.append(f"Re-attach “{quote}”: select its words, enter attaches, esc cancels")
        if view.matches or self._search_kept:
            total = len(view.matches)
            where = f"{view.current_match + 1}/" if view.current_match is not None else ""
            query = excerpt(self.search_bar.text, 24)
            found = f"{where}{total}" if total else "no match" if query else ""
            asked.append(f"/{query} {found}".rstrip())
            self.search_bar.count(found)  # nothing yet for a field still empty
        if view.selection:
            start, end = view.selection
            shown, exact = self.document.view.visible_length(start, end)
            asked.append(f"{'' if exact else 'about '}{shown:,} chars selected")
        elif url := view.link_at_cursor():
            asked.append(f"link {excerpt(url, 60)} (o opens)")
        if self._disk_news:
            asked.append(self._disk_news)
        room = max(24 if asked else 36, self.size.width // 4)  # the title yields to them
        parts = [excerpt(self.document.title, room)]
        if section := self.section():
            parts.append(f"§ {excerpt(section, 30)}")
        length = len(self.document.source.text)
        if view.ready:
            cursor = view.cursor
            count = len(self.document.passages.paragraphs)
            parts.append(f"¶{cursor.paragraph}/{count}" if cursor else f"{count} ¶")
            progress = view.progress
            parts.append(f"{round(progress * 100)}%")
            words_left = self.document.word_count * (1 - view.top_offset / length) if length else 0
            parts.append(time_left(round(words_left)))
        else:
            parts.append(f"{round(view.top_offset / length * 100) if length else 100}%")
            parts.append("measuring…")
        n = len(self.annotator.records)
        parts.append(counted(n, "highlight"))
        parts[:0] = asked
        self.status_line.show(parts)
        self.query_one(Minimap).set_view(
            view.top_offset,
            view.offset_of_row(round(view.scroll_y) + view.scrollable_content_region.height)
            if view.has_layout
            else 0,
        )
        # Last: asking for a callback after the next refresh lets the screen draw its
        # frame before a refresh asked for after it (the minimap's came a frame later).
        self.call_after_refresh(collector.after_frame)

    def on_document_view_hint(self, event: DocumentView.Hint) -> None:
        self.say(event.text, warning=True)

    @on(DocumentView.SelectionChanged)
    def _moved(self) -> None:
        """The cursor, the page or the selection moved (the first two are told at once)."""
        if self.is_mounted:
            self.update_status()
            cursor = self.view.cursor
            self.sidebar.follow(cursor.start if cursor is not None else self.view.top_offset)

    def on_document_view_ready(self, event: DocumentView.Ready) -> None:
        if not self._frozen:  # Ready comes again after every new layout: freeze only once
            self._frozen = True
            collector.freeze_book()
            self.call_after_refresh(self._outline_ahead)
        self.update_status()

    def _outline_ahead(self) -> None:
        """Make the outline while the reader reads, so ``O`` only has to show it."""
        self.document.outline  # noqa: B018 - a cached property, made here once

    def on_minimap_jump(self, event: Minimap.Jump) -> None:
        record = next(
            (r for r in self.annotator.records if r["position"]["start"] == event.offset), None
        )
        if record is not None:
            self._go_to(record)
        else:
            self.view.scroll_to_offset(event.offset)
        self.view.focus()

    def on_highlight_list_selected(self, event: HighlightList.Selected) -> None:
        record = event.record
        if record.get("anchor") == "orphaned":
            self.notify(
                "This highlight's words are no longer in the text, so it has no place "
                "to go. It is kept, with its quote, tags and note; x deletes it.",
                title="Orphaned",
                timeout=8,
            )
        else:
            self._go_to(record)
            self.view.focus()

    def on_sidebar_tag_chosen(self, event: Sidebar.TagChosen) -> None:
        self._tag_filter = None if self._tag_filter == event.tag else event.tag
        self.refresh_annotations()

    def _go_to(self, record: Record) -> None:
        position = record["position"]
        span = position["start"], position["end"]
        view = self.view
        view.jumped = True
        view.once_ready(lambda: view.set_cursor(self.document.passages.span(*span)))

    def go_to_id(self, annotation_id: str) -> None:
        record = next((r for r in self.annotator.records if r["id"] == annotation_id), None)
        if record is not None:
            self._go_to(record)
            self.view.focus()

    # actions ------------------------------------------------------------------------------

    def save_position(self) -> None:
        """Remember where the reader is, as text offsets; written only when it changed.
        Not while re-attaching: the reader went to the highlight, not to read on. How far
        the text is read grows only by reading on from where reading got to: a jump to the
        end (``G``, a search, the outline, the minimap) to look is not reading it to its
        end."""
        if self._reattach is not None:
            return
        views = self.query(DocumentView)
        if not views or not views.first().has_layout:
            return  # between two panes (a reload), or before the first layout
        cursor = self.view.cursor
        state = (self.view.top_offset, (cursor.start, cursor.end) if cursor else None)
        if state != self._saved:
            try:
                length = len(self.document.source.text)
                view = self.view
                bottom = round(view.scroll_y) + view.scrollable_content_region.height
                seen = length if view.progress >= 1.0 else view.offset_of_row(bottom)
                # paging on counts up to READ_ON screens past what was read; a jump counts
                # only if it lands in what was read (the search found ¶83 of 91, two
                # screens on: the text was taken as read to its end, and finished)
                ahead = 0 if view.jumped else READ_ON * max(seen - state[0], 1)
                if state[0] <= self._read_to + ahead:
                    self._read_to = max(self._read_to, seen)
                view.jumped = False
                self.store.set_reading_state(
                    self.document.source.sha256,
                    *state,
                    mark=mark(self.document.source.text, state[0]),
                    seen=self._read_to,
                    length=length,
                )
            except SummitError as exc:
                self.notify(str(exc), title="Reading position not saved", severity="warning")
            self._saved = state  # once: a timer must not repeat the warning every 2 s

    # search, links, sidebar ----------------------------------------------------------------

    def action_back(self) -> None:
        """Escape undoes the latest mode first: the key map, a search, then a selection,
        then the reader."""
        from summitreader.tui.widgets.key_map import hide_key_map

        if hide_key_map(self):
            return
        if self._search_kept or self.view.matches:
            self._end_search()
            return
        if self.view.selection is not None:
            self.view.clear_selection()
            return
        self.action_close()

    def action_close(self) -> None:
        """q leaves the reader at once, whatever search or selection it holds."""
        self.save_position()
        if self._reattach is not None:
            self.dismiss()  # back to the review, the highlight as it was
            return
        self.post_message(CloseDocument())
