"""The reader: the document pane beside a sidebar of highlights and tags."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import wraps

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from summitreader import collector
from summitreader.annotations.anchoring import locate, selectors
from summitreader.annotations.model import Record
from summitreader.annotations.reading_position import follow, mark
from summitreader.errors import SummitError
from summitreader.export.files import export_document, export_to_directory
from summitreader.export.markdown_text import highlight_markdown
from summitreader.export.selection import DocumentHighlights, to_export
from summitreader.fsio import file_sha256, file_signature
from summitreader.library.editing import Annotator
from summitreader.settings.config import DEFAULT_HIGHLIGHT, Config
from summitreader.settings.preferences import MAX_WIDTH, MIN_WIDTH
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.text.find import find_all, match_at_or_after
from summitreader.text.passages import Passage
from summitreader.text.sanitize import excerpt
from summitreader.tui.navigation import CloseDocument
from summitreader.tui.ordered_keys import KeysWelcome
from summitreader.tui.widgets.document_view import DocumentView, Mark
from summitreader.tui.widgets.highlight_list import HighlightList
from summitreader.tui.widgets.inert import plain
from summitreader.tui.widgets.key_hints import KeyHints
from summitreader.tui.widgets.minimap import Minimap

_TAG = Binding.Group("tag", compact=True)
WORDS_PER_MINUTE = 238
SIDEBAR_MIN_WIDTH = 100


MESSAGE_SECONDS = 3.0  # how long an acknowledgement stays on the status line
WATCH_SECONDS = 2.0  # how often the open file is looked at for edits


def _time_left(words: int) -> str:
    minutes = round(words / WORDS_PER_MINUTE)
    if minutes < 1:
        return "under a minute left"
    hours, minutes = divmod(minutes, 60)
    return (f"{hours} h {minutes} min" if hours else f"{minutes} min") + " left"


def _after_layout(action: Callable[..., None]) -> Callable[..., None]:
    """An edit key pressed while a long book is still being laid out waits for the layout:
    paragraph numbers and passages need the whole book, and the key is kept, not refused.
    Meanwhile the reader holds the keys typed after it (``holds_keys``): they may be meant
    for the dialog the edit opens."""

    @wraps(action)
    def run(screen: ReaderScreen, *args: str) -> None:
        if screen.view.ready:
            action(screen, *args)
            return
        screen.say("Measuring the book: done in a moment, then this applies.", seconds=2)
        screen._edit_waiting = True

        def later() -> None:
            screen._edit_waiting = False
            if screen.is_active:
                action(screen, *args)
            screen.post_message(KeysWelcome())

        screen.view.once_ready(later)

    return run


class ReaderScreen(Screen[None]):
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
        Binding("S", "toggle_order", "Order", show=False, id="reader.order"),
        Binding("backslash", "toggle_sidebar", "Sidebar", show=False, id="reader.sidebar"),
        Binding("r", "reload", "Reload", show=False, id="reader.reload"),
        Binding("less_than_sign", "width(-4)", "Narrower text", show=False, id="reader.narrower"),
        Binding("greater_than_sign", "width(4)", "Wider text", show=False, id="reader.wider"),
        Binding("question_mark", "app.toggle_help", "Help", id="app.help"),
        Binding("q,escape", "back", "Back", id="reader.back"),
    ]

    def __init__(
        self,
        document: Document,
        config: Config,
        store: Store,
        *,
        at: str | None = None,
        library: list[Document] | None = None,
    ) -> None:
        """``library``: every open document, for an export of them all."""
        super().__init__()
        self.library = library if library is not None else [document]
        self._at = at  # a highlight's id to open at, instead of the saved position
        self.document = document
        self.config = config
        self.store = store
        self.annotator = Annotator(store, document)
        self._tag_filter: str | None = None
        self._newest_first = False  # the sidebar's order; else the document's
        self._frozen = False  # the book's objects are out of the collector's way
        self._saved: tuple[int, tuple[int, int] | None] = (0, None)
        self._search_origin = 0
        self._autosave: Timer | None = None
        self._sidebar_choice: bool | None = None  # set once the reader toggles it
        self._built = asyncio.Event()  # set once _build_rest has mounted the sidebar lists
        self._message: tuple[str, bool] | None = None  # (text, warning): the status line's
        self._message_timer: Timer | None = None
        self._edit_waiting = False  # an edit key waits for the layout: hold the next keys
        self._on_disk = file_signature(document.source.path)
        self._disk_news: str | None = None  # the file changed or went: said on the status line

    def compose(self) -> ComposeResult:
        with Horizontal(id="reader-body"):
            yield DocumentView(self.document, self.config.reading_width, id="document")
            yield Minimap(id="minimap")
            yield Vertical(id="sidebar")  # its width is kept; _build_rest fills it
        yield Static(id="status")
        yield KeyHints(id="keys")

    async def _build_rest(self) -> None:
        """Build the sidebar's lists and the search bar once the text is on screen.

        Their styles and widgets (an Input above all) cost a third of the time to first
        text, and a reader looks at the text first.
        """
        await self.query_one("#sidebar").mount_all(
            [
                Label(plain("Highlights"), id="highlights-title", classes="sidebar-title"),
                HighlightList(
                    lambda offset: self.document.location(offset)[0],
                    self.config.color_of,
                    id="highlights",
                ),
                Label(plain("Tags"), id="tags-title", classes="sidebar-title"),
                OptionList(id="tags"),
            ]
        )
        # The search bar takes the status line's place, so the pane never changes size.
        await self.mount(
            Horizontal(
                Input(placeholder="search (smart case)", id="search", compact=True),
                Static(id="search-count"),
                id="search-bar",
            ),
            before="#status",
        )
        self._built.set()
        self.view.once_ready(self._fill_sidebar)

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
        self.view.scroll_to_offset(offset)
        if cursor is not None:
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
        """Under a dialog or the library, save where we are and stop the 2 s autosave."""
        self.save_position()
        if self._autosave is not None:
            self._autosave.pause()

    def on_screen_resume(self) -> None:
        if self._autosave is not None:
            self._autosave.resume()

    def _remember_source(self) -> None:
        """Record the text in the store (a durable write) once the first screen is up."""
        try:
            self.store.remember_source(self.document.source, self.document.meta)
        except SummitError as exc:
            self.notify(str(exc), title="Store", severity="error", timeout=10)

    # sidebar and marks ------------------------------------------------------------------

    def _color(self, record: Record) -> str:
        for tag in record.get("tags", []):
            if color := self.config.color_of(tag):
                return color
        return DEFAULT_HIGHLIGHT

    def refresh_annotations(self) -> None:
        records = self.annotator.records
        marks = [
            Mark(r["position"]["start"], r["position"]["end"], self._color(r))
            for r in records
            if r.get("anchor") != "orphaned"
        ]
        self.view.set_marks(marks)
        self.query_one(Minimap).set_marks(marks, len(self.document.source.text))
        # Paragraph numbers need the whole book split; a long one waits for the layout thread.
        if self._built.is_set():
            self.view.once_ready(self._fill_sidebar)
        self.update_status()

    def _fill_sidebar(self) -> None:
        records = self.annotator.records
        shown = [r for r in records if self._tag_filter is None or self._tag_filter in r["tags"]]
        if self._newest_first:
            shown.sort(key=lambda r: (r.get("created", ""), r["id"]), reverse=True)
        listing = self.query_one(HighlightList)
        listing.empty = (
            (f"None tagged #{self._tag_filter}:", "choose the tag again for all.")
            if self._tag_filter
            else HighlightList.EMPTY
        )
        listing.set_records(shown)
        title = (
            f"Highlights ({len(shown)}"
            + (f" of {len(records)}, #{self._tag_filter}" if self._tag_filter else "")
            + (", newest first)" if self._newest_first else ")")
        )
        self.query_one("#highlights-title", Label).update(plain(title))
        tags = self.query_one("#tags", OptionList)
        tags.clear_options()
        tags.add_options(
            [
                Option(
                    Content.assemble(
                        ("● ", self.config.color_of(tag) or DEFAULT_HIGHLIGHT),
                        f"#{tag} ",
                        (str(count), "dim"),
                    ),
                    id=tag,
                )
                for tag, count in self.annotator.tag_counts()
            ]
        )

    def say(self, message: str, *, warning: bool = False, seconds: float = MESSAGE_SECONDS) -> None:
        """Acknowledge a key on the status line, as vi and less do. A toast per key would
        stack up over the text, and costs a widget each (Textual keeps the last 1,024
        widgets' render caches alive)."""
        self._message = (message, warning)
        if self._message_timer is not None:
            self._message_timer.stop()
        self._message_timer = self.set_timer(seconds, self._end_message)
        self.update_status()

    def _end_message(self) -> None:
        self._message = self._message_timer = None
        self.update_status()

    def update_status(self) -> None:
        view = self.view
        parts = [excerpt(self.document.title, 36)]
        length = len(self.document.source.text)
        if view.ready:
            cursor = view.cursor
            count = len(self.document.passages.paragraphs)
            parts.append(f"¶{cursor.paragraph}/{count}" if cursor else f"{count} ¶")
            progress = view.progress
            parts.append(f"{round(progress * 100)}%")
            words_left = self.document.word_count * (1 - view.top_offset / length) if length else 0
            parts.append(_time_left(round(words_left)))
        else:
            parts.append(f"{round(view.top_offset / length * 100) if length else 100}%")
            parts.append("measuring…")
        n = len(self.annotator.records)
        parts.append(f"{n} highlight{'s' if n != 1 else ''}")
        if self._disk_news:
            parts.append(self._disk_news)
        if view.matches or self._search_kept:
            total = len(view.matches)
            where = f"{view.current_match + 1}/" if view.current_match is not None else ""
            query = excerpt(self.query_one("#search", Input).value, 24)
            parts.append(f"/{query} {where}{total}" if total else f"/{query} no match")
            count = f"{where}{total}" if total else "no match"
            self.query_one("#search-count", Static).update(plain(count))
        if view.selection:
            start, end = view.selection
            parts.append(f"{end - start} chars selected")
        elif url := view.link_at_cursor():
            parts.append(f"link {excerpt(url, 60)} (o opens)")
        status = plain(" " + "  ·  ".join(parts))
        if self._message is not None:
            text, warning = self._message
            said = plain(f" {text} ").stylize("bold $warning" if warning else "bold $success")
            status = Content.assemble(said, "│", status)
        self.query_one("#status", Static).update(status)
        self.query_one(Minimap).set_view(
            view.top_offset,
            view.offset_of_row(round(view.scroll_y) + view.scrollable_content_region.height)
            if view.has_layout
            else 0,
        )

    def on_document_view_cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        self.update_status()

    def on_document_view_hint(self, event: DocumentView.Hint) -> None:
        self.say(event.text, warning=True)

    def on_document_view_scrolled(self, event: DocumentView.Scrolled) -> None:
        self.update_status()

    def on_document_view_selection_changed(self, event: DocumentView.SelectionChanged) -> None:
        self.update_status()

    def on_document_view_ready(self, event: DocumentView.Ready) -> None:
        if not self._frozen:  # Ready comes again after every new layout: freeze only once
            self._frozen = True
            collector.freeze_book()
        self.update_status()

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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "tags" and event.option.id:
            tag = event.option.id
            self._tag_filter = None if self._tag_filter == tag else tag
            self.refresh_annotations()

    def _go_to(self, record: Record) -> None:
        position = record["position"]
        span = position["start"], position["end"]
        self.view.once_ready(lambda: self.view.set_cursor(self.document.passages.span(*span)))

    def go_to_id(self, annotation_id: str) -> None:
        record = next((r for r in self.annotator.records if r["id"] == annotation_id), None)
        if record is not None:
            self._go_to(record)
            self.view.focus()

    # actions ------------------------------------------------------------------------------

    def _target(self) -> Passage | None:
        """What h, the digits, t and a act on: the selection if there is one, else the cursor."""
        if self.view.selection is not None:
            span = self.document.passages.span(*self.view.selection)
            self.view.clear_selection()
            if span is not None:
                return span
        cursor = self.view.cursor
        if cursor is None or cursor.end <= cursor.start:
            self.say("Move to a passage first ( } or ) ).", warning=True)
            return None
        return cursor

    def _edit(self, fn, *args: object) -> Record | None:
        try:
            return fn(*args)
        except SummitError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            self.annotator.reload()  # another window may have changed what is shown
            self.refresh_annotations()
            return None

    def _on_target(self, act: Callable[[int, int, Record | None], None]) -> None:
        """h, the digits, t and a act on the selection, else the cursor. Where that shares
        text with highlights without being one of them, ask first: merge them into one, or
        keep both. A highlight is never doubled without the reader saying so."""
        if not self.is_active or (target := self._target()) is None:
            return  # a key that arrived as a dialog opened: it was not meant for the text
        start, end = target.start, target.end
        overlapping = (
            [] if self.annotator.exact(start, end) else self.annotator.overlapping(start, end)
        )
        if not overlapping:
            act(start, end, None)
            return

        def chosen(choice: str | None) -> None:
            if choice == "both":
                act(start, end, None)
            elif choice == "merge":
                merged = self._edit(self.annotator.merge, start, end)
                if merged is not None:
                    act(merged["position"]["start"], merged["position"]["end"], merged)

        from summitreader.tui.screens.dialogs import OverlapDialog

        text = self.document.source.text
        shown = excerpt(text[start:end], 200)
        overlapped = [
            f"¶{self.document.location(r['position']['start'])[0]} "
            + excerpt(text[r["position"]["start"] : r["position"]["end"]], 90)
            + "".join(f" #{t}" for t in r["tags"])
            for r in overlapping
        ]
        self.app.push_screen(OverlapDialog(shown, overlapped), chosen)

    @_after_layout
    def action_highlight(self) -> None:
        def act(start: int, end: int, merged: Record | None) -> None:
            if merged is not None:
                self.say("Merged into one highlight (u to undo).")
            elif (result := self._edit(self.annotator.highlight, start, end)) is not None:
                self.say("Highlighted." if result[1] else "Already highlighted.")
            self.refresh_annotations()

        self._on_target(act)

    @_after_layout
    def action_tag_digit(self, digit: str) -> None:
        spec = self.config.tag_for_key(digit)
        if spec is None:
            self.notify(
                f"No tag is bound to {digit}. Bind one in {self.config.path}.", severity="warning"
            )
            return

        def act(start: int, end: int, merged: Record | None) -> None:
            if merged is not None and spec.name in merged["tags"]:
                self.say(f"Merged into one highlight, #{spec.name} kept (u to undo).")
            elif (
                result := self._edit(self.annotator.toggle_tag, start, end, spec.name)
            ) is not None:
                self.say(f"{'Tagged' if result[1] else 'Removed'} #{spec.name}")
            self.refresh_annotations()

        self._on_target(act)

    @_after_layout
    def action_tag(self) -> None:
        def act(start: int, end: int, merged: Record | None) -> None:
            known = sorted(set(self.store.all_tags()) | {t.name for t in self.config.tags})
            existing = self.annotator.exact(start, end)

            def apply(value: str | None) -> None:
                if value and value.strip():
                    self._edit(self.annotator.add_tags, start, end, value)
                self.refresh_annotations()

            from summitreader.tui.screens.dialogs import TagDialog

            self.app.push_screen(TagDialog(known, existing["tags"] if existing else []), apply)

        self._on_target(act)

    @_after_layout
    def action_note(self) -> None:
        def act(start: int, end: int, merged: Record | None) -> None:
            existing = self.annotator.exact(start, end)
            shown = excerpt(self.document.source.text[start:end], 200)

            def apply(value: str | None) -> None:
                if value is not None and self._edit(self.annotator.set_note, start, end, value):
                    self.say("Note saved.")
                self.refresh_annotations()

            from summitreader.tui.screens.dialogs import NoteDialog

            self.app.push_screen(NoteDialog(existing["note"] if existing else "", shown), apply)

        self._on_target(act)

    def action_delete(self) -> None:
        """Delete the highlight under the cursor, or the one picked in the sidebar list."""
        record: Record | None = None
        listing = self.query(HighlightList).first() if self._built.is_set() else None
        if listing is not None and listing.has_focus and listing.highlighted is not None:
            record = listing.highlighted_record
        elif (cursor := self.view.cursor) is not None:
            record = self.annotator.at(cursor.start, cursor.end)
        if record is None:
            self.say("No highlight under the cursor.", warning=True)
            return
        if self._edit(self.annotator.delete, record["id"]) is not None:
            self.say("Highlight deleted (u to undo).")
        self.refresh_annotations()

    def action_copy(self) -> None:
        """Copy the highlight under the cursor, as Markdown, through the terminal (OSC 52):
        base64 on the wire, so nothing in it can reach the terminal as a sequence."""
        cursor = self.view.cursor
        record = self.annotator.at(cursor.start, cursor.end) if cursor is not None else None
        if record is None:
            self.say("No highlight under the cursor to copy.", warning=True)
            return
        self.app.copy_to_clipboard(highlight_markdown(self.document, record) + "\n")
        self.say("Copied the highlight as Markdown (if your terminal allows OSC 52).")

    def action_toggle_order(self) -> None:
        """The sidebar in document order, or newest first: what did I just mark?"""
        self._newest_first = not self._newest_first
        self.say("Sidebar: newest first." if self._newest_first else "Sidebar: in document order.")
        if self._built.is_set():
            self.view.once_ready(self._fill_sidebar)

    def action_undo(self) -> None:
        self._step_back_or_forward(redo=False)

    def action_redo(self) -> None:
        self._step_back_or_forward(redo=True)

    def _step_back_or_forward(self, *, redo: bool) -> None:
        able = self.annotator.can_redo if redo else self.annotator.can_undo
        verb = "redo" if redo else "undo"
        if not able:
            self.say(f"Nothing to {verb}.", warning=True)
            return
        if label := self._edit(self.annotator.redo if redo else self.annotator.undo):
            self.say(f"{'Redid' if redo else 'Undid'} {label}.")
        self.refresh_annotations()

    def action_next_highlight(self, step: int) -> None:
        records = [r for r in self.annotator.records if r.get("anchor") != "orphaned"]
        if not records:
            self.say("No highlights yet.", warning=True)
            return
        here = self.view.cursor.start if self.view.cursor else self.view.top_offset
        if step > 0:
            record = next((r for r in records if r["position"]["start"] > here), records[0])
        else:
            record = next(
                (r for r in reversed(records) if r["position"]["start"] < here), records[-1]
            )
        self._go_to(record)

    def action_export(self) -> None:
        if not self.annotator.records:
            self.say("No highlights to export yet: h highlights, 1-9 tag.", warning=True)
            return
        item = DocumentHighlights(self.document, self.annotator.records)
        try:
            path = export_document(item, self.config.export_dir)
        except SummitError as exc:
            self.notify(str(exc), title="Export failed", severity="error", timeout=10)
            return
        n = len(item.annotations)
        self.notify(f"{n} highlight{'s' if n != 1 else ''} → {path}", title="Exported", timeout=15)

    def action_export_dialog(self) -> None:
        """The export options of the command line: grouping, order, tags, this document
        or every one, and the folder."""
        from summitreader.tui.screens.dialogs import ExportDialog, ExportRequest

        def export(request: ExportRequest | None) -> None:
            if request is None:
                return
            documents = self.library if request.every_document else [self.document]
            items = [
                DocumentHighlights(d, self.store.for_source(d.source))
                if d is not self.document
                else DocumentHighlights(d, self.annotator.records)
                for d in documents
            ]
            chosen = to_export(items, request.options)
            try:
                result = export_to_directory(chosen, request.folder, request.options)
            except SummitError as exc:
                self.notify(str(exc), title="Export failed", severity="error", timeout=10)
                return
            n = sum(len(i.annotations) for i in chosen)
            files = len(result.files)
            where = result.files[0] if files == 1 else request.folder
            kept = f", {result.unchanged} unchanged" if result.unchanged else ""
            self.notify(
                f"{n} highlight{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}"
                f"{kept} → {where}",
                title="Exported",
                timeout=15,
            )

        self.app.push_screen(ExportDialog(self.config.export_dir), export)

    def save_position(self) -> None:
        """Remember where the reader is, as text offsets; written only when it changed."""
        if not self.view.has_layout:
            return
        cursor = self.view.cursor
        state = (self.view.top_offset, (cursor.start, cursor.end) if cursor else None)
        if state != self._saved:
            try:
                self.store.set_reading_state(
                    self.document.source.sha256,
                    *state,
                    mark=mark(self.document.source.text, state[0]),
                )
            except SummitError as exc:
                self.notify(str(exc), title="Reading position not saved", severity="warning")
            self._saved = state  # once: a timer must not repeat the warning every 2 s

    # search, links, sidebar ----------------------------------------------------------------

    @property
    def _searching(self) -> bool:
        return self._built.is_set() and self.query_one("#search-bar").display

    @property
    def _search_kept(self) -> bool:
        """A search is being typed, or was kept with Enter (even one that found nothing:
        its "no match" stays in the status, and Escape clears it before leaving)."""
        return self._searching or (
            self._built.is_set() and bool(self.query_one("#search", Input).value)
        )

    def _show_search_bar(self, show: bool) -> None:
        self.query_one("#search-bar").display = show
        self.query_one("#status").display = not show

    async def action_search(self) -> None:
        await self._built.wait()  # only if / comes in the instant after the first paint
        view = self.view
        self._search_origin = view.cursor.start if view.cursor else view.top_offset
        self._show_search_bar(True)
        # At once, not through focus()'s call_later: the next key must reach the field.
        self.set_focus(self.query_one("#search", Input))
        self.update_status()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        view = self.view
        matches = find_all(self.document.searchable, event.value)
        view.set_matches(matches, match_at_or_after(matches, self._search_origin))
        self.update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self._show_search_bar(False)
            self.view.focus()
            self.update_status()

    def _end_search(self) -> None:
        field = self.query_one("#search", Input)
        self._show_search_bar(False)
        field.value = ""
        self.view.set_matches([], None)
        self.view.focus()
        self.update_status()

    def action_open_link(self) -> None:
        url = self.view.link_at_cursor()
        if url is None:
            self.say("No link in this passage.", warning=True)
            return
        self.app.open_url(url)
        self.say(f"Opening {excerpt(url, 60)}")

    def _check_file(self) -> None:
        """Notice, within a few seconds, a text edited or removed while it is open."""
        now = file_signature(self.document.source.path)
        if now == self._on_disk:
            return
        self._on_disk = now
        if now is None:
            news = "the file is gone from disk: reading what was loaded"
        elif file_sha256(self.document.source.path) == self.document.source.sha256:
            news = None  # touched, not changed
        else:
            news = "changed on disk: r reloads"
            self.notify(
                f"{self.document.source.path.name} changed on disk. Press r to reload it: "
                "your highlights are anchored again and you stay at the same words.",
                title="Changed on disk",
                timeout=15,
            )
        self._disk_news = news
        self.update_status()

    async def action_reload(self) -> None:
        """Read the edited file again: its highlights are anchored again in the new text,
        and the reading position and cursor follow the words they were on."""
        if self._disk_news != "changed on disk: r reloads":
            self.say("The file has not changed on disk.", warning=True)
            return
        old_text = self.document.source.text
        view = self.view
        top, cursor = view.top_offset, view.cursor
        try:
            document = Document(load_source(self.document.source.path))
        except SummitError as exc:
            self.notify(str(exc), title="Not reloaded", severity="error", timeout=10)
            return
        new_text = document.source.text
        offset = follow(new_text, mark(old_text, top), top)
        span = None
        if cursor is not None:
            quote, position = selectors(old_text, cursor.start, cursor.end)
            found = locate(new_text, quote, position)
            span = (found.start, found.end) if found.status != "orphaned" else None
        self.post_message(self.Reloaded(self.document, document))
        self.document = document
        self._on_disk = file_signature(document.source.path)
        self._disk_news = None
        self._remember_source()
        self.annotator = Annotator(self.store, document)
        collector.release_book()  # the old text's objects go; the new ones freeze when laid out
        self._frozen = False
        fresh = DocumentView(document, view.reading_width, id="document")
        await view.remove()
        await self.query_one("#reader-body").mount(fresh, before=self.query_one(Minimap))
        fresh.scroll_to_offset(offset)
        if span is not None:
            fresh.restore_cursor(*span)
        fresh.focus()
        self.title = document.title
        self.refresh_annotations()
        moved = sum(1 for r in self.annotator.records if r.get("anchor") != "anchored")
        self.say(f"Reloaded; {moved} highlight{'s' if moved != 1 else ''} moved or orphaned.")

    def action_width(self, step: int) -> None:
        view = self.view
        width = min(MAX_WIDTH, max(MIN_WIDTH, view.reading_width + step))
        if width == view.reading_width:
            self.say(f"The text is already {width} columns at most.", warning=True)
            return
        view.set_reading_width(width)
        self.say(f"Text up to {width} columns wide.")
        self.post_message(self.WidthChosen(width))

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = self._sidebar_choice = not sidebar.display

    def on_resize(self, event: Resize) -> None:
        self._fit_sidebar(event.size.width)

    def _fit_sidebar(self, width: int) -> None:
        """Below SIDEBAR_MIN_WIDTH columns the text gets the whole width, unless the reader
        asked for the sidebar with ``\\``: 42 columns of sidebar would leave it a strip."""
        if self._sidebar_choice is None:
            self.query_one("#sidebar").display = width >= SIDEBAR_MIN_WIDTH

    def action_back(self) -> None:
        """Escape undoes the latest mode first: a search, then a selection, then the reader."""
        if self._search_kept or self.view.matches:
            self._end_search()
            return
        if self.view.selection is not None:
            self.view.clear_selection()
            return
        self.save_position()
        self.post_message(CloseDocument())
