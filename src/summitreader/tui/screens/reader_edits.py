"""The reader's edit keys: highlight, tag by digit or by name, note, delete, copy, undo
and redo, and export. Each acts on the selection, else the passage cursor; a passage that
shares text with highlights asks first whether to merge them or keep both."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summitreader import collector
from summitreader.annotations.model import Record
from summitreader.errors import SummitError
from summitreader.text.passages import Passage
from summitreader.text.sanitize import excerpt
from summitreader.text.words import counted
from summitreader.tui.mixins import ScreenMixin
from summitreader.tui.ordered_keys import KeysWelcome

if TYPE_CHECKING:
    import asyncio

    from summitreader.export.selection import DocumentHighlights, ExportOptions
    from summitreader.library.editing import Annotator
    from summitreader.settings.config import Config
    from summitreader.store.store import Store
    from summitreader.text.document import Document
    from summitreader.tui.widgets.document_view import DocumentView
    from summitreader.tui.widgets.sidebar import Sidebar

_EXPORTING = threading.Lock()  # exports from the reader write one after another


def _after_layout(action: Callable[..., None]) -> Callable[..., None]:
    """An edit key pressed while a long book is still being laid out waits for the layout:
    paragraph numbers and passages need the whole book, and the key is kept, not refused.
    Meanwhile the reader holds the keys typed after it (``holds_keys``): they may be meant
    for the dialog the edit opens."""

    @wraps(action)
    def run(screen: EditActions, *args: str) -> None:
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


class EditActions(ScreenMixin):
    """Mixed into ReaderScreen, whose view, annotator, store and status line it uses."""

    # What the reader screen provides (reader.py), declared for the type checker.
    if TYPE_CHECKING:
        document: Document
        config: Config
        store: Store
        annotator: Annotator
        library: Callable[[], list[Document]]
        _built: asyncio.Event
        _newest_first: bool
        _edit_waiting: bool
        _frozen: bool
        _on_disk: tuple[int, int, int] | None
        _disk_news: str | None

        @property
        def view(self) -> DocumentView: ...
        @property
        def sidebar(self) -> Sidebar: ...
        def say(self, message: str, *, warning: bool = False, seconds: float = 3.0) -> None: ...
        def refresh_annotations(self) -> None: ...
        def update_status(self) -> None: ...
        def _fill_sidebar(self) -> None: ...
        def _go_to(self, record: Record) -> None: ...
        def shown_words(self, start: int, end: int) -> str: ...
        def shown_quote(self, record: Record) -> str: ...
        def _remember_source(self) -> None: ...

    def _target(self) -> Passage | None:
        """What h, the digits, t and a act on: the selection if there is one, else the cursor."""
        if self.view.selection is not None:
            span = self.document.passages.span(*self.view.selection)
            self.view.clear_selection()
            if span is not None:
                # the cursor takes the words, so the next key (a note after a tag, say)
                # acts on the highlight just made, not on the sentence around it
                self.view.set_cursor(span, scroll=False)
                return span
        cursor = self.view.cursor
        if cursor is None or cursor.end <= cursor.start:
            if not self.document.source.text.strip():
                self.say("This text is empty: there is nothing to highlight.", warning=True)
            else:
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

    def _report(self, done: str) -> None:
        """Say what an edit did, or, as a warning, what it had to do besides."""
        notice = self.annotator.take_notice()
        self.say(notice or done, warning=notice is not None)

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

        shown = excerpt(self.shown_words(start, end), 200)
        overlapped = [
            f"¶{self.document.location(r['position']['start'])[0]} "
            + excerpt(self.shown_quote(r), 90)
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
                self._report(f"{'Tagged' if result[1] else 'Removed'} #{spec.name}")
            self.refresh_annotations()

        self._on_target(act)

    @_after_layout
    def action_tag(self) -> None:
        def act(start: int, end: int, merged: Record | None) -> None:
            known = sorted(set(self.store.all_tags()) | {t.name for t in self.config.tags})
            existing = self.annotator.exact(start, end)

            def apply(value: str) -> bool:  # as Enter closes the dialog
                if self._edit(self.annotator.add_tags, start, end, value) is None:
                    return False  # said; the dialog stays open with the words typed
                self._report("Tagged.")
                return True

            def closed(_value: str | None) -> None:
                self.refresh_annotations()

            from summitreader.tui.screens.dialogs import TagDialog

            current = existing["tags"] if existing else []
            self.app.push_screen(TagDialog(known, current, apply), closed)

        self._on_target(act)

    @_after_layout
    def action_note(self) -> None:
        def act(start: int, end: int, merged: Record | None) -> None:
            existing = self.annotator.exact(start, end)
            shown = excerpt(self.shown_words(start, end), 200)

            def save(value: str) -> bool:  # as the dialog closes: one frame shows both
                saved = self._edit(self.annotator.set_note, start, end, value, existing)
                if saved is not None:
                    self._report("Note saved.")
                self.refresh_annotations()
                return saved is not None  # not stored: the dialog stays open, the words in it

            def closed(value: str | None) -> None:
                if value is None:  # cancelled: saved notes are shown by ``save``
                    self.refresh_annotations()

            from summitreader.tui.screens.dialogs import note_dialog

            note = existing["note"] if existing else ""
            self.app.push_screen(note_dialog(self.app, note, shown, save), closed)

        self._on_target(act)

    def action_delete(self) -> None:
        """Delete the highlight under the cursor, or the one picked in the sidebar list."""
        record = self.sidebar.picked
        if record is None and (cursor := self.view.cursor) is not None:
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
        from summitreader.export.markdown_text import highlight_markdown, short_id  # y only

        block_id = short_id(record["id"]) if self.config.export_flavor == "obsidian" else None
        self.app.copy_to_clipboard(highlight_markdown(self.document, record, block_id) + "\n")
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
            record = next((r for r in records if r["position"]["start"] > here), None)
            wrapped = record is None
            record = record or records[0]
        else:
            record = next((r for r in reversed(records) if r["position"]["start"] < here), None)
            wrapped = record is None
            record = record or records[-1]
        self._go_to(record)
        n = records.index(record) + 1
        # where it went, as less and vim say it: past the last, it starts again
        self.say(
            f"Highlight {n}/{len(records)}"
            + ((": back to the first" if step > 0 else ": round to the last") if wrapped else "")
        )

    def action_export(self) -> None:
        if not self.annotator.records:
            self.say("No highlights to export yet: h highlights, 1-9 tag.", warning=True)
            return
        from summitreader.export.selection import DocumentHighlights  # e only

        item = DocumentHighlights(self.document, self.annotator.records)
        self._export([item], self.config.export_dir, self._export_options())

    def _export_options(self) -> ExportOptions:
        from summitreader.export.selection import ExportOptions

        return ExportOptions(flavor=self.config.export_flavor, deleted=self.config.export_deleted)

    def _export(
        self, items: list[DocumentHighlights], folder: Path, options: ExportOptions
    ) -> None:
        """Update each document's file in place, in a thread, then say what changed and
        where. With 10,000 highlights an export takes a second or more: on the UI thread
        every key after ``e`` waited for it. One export at a time writes (a lock)."""
        from summitreader.export.selection import DocumentHighlights  # e, E and y only

        items = [DocumentHighlights(i.document, list(i.annotations)) for i in items]
        self.say("Exporting…")
        # Started once the frame saying so is out: the thread competes for the interpreter.
        self.call_after_refresh(
            self.run_worker,
            partial(self._export_in_thread, items, folder, options),
            thread=True,
            group="export",
            description="export",  # Textual's default is repr(work): 10,000 records, 200 ms
            exit_on_error=False,
        )

    def _export_in_thread(
        self, items: list[DocumentHighlights], folder: Path, options: ExportOptions
    ) -> None:
        from summitreader.export.files import NotOurs, describe, export_to_directory  # on e only

        def tell(message: str, **how: Any) -> None:
            def show() -> None:  # the status line's "Exporting…" is over too
                self.notify(message, **how)
                self.say(f"{how['title']}.", warning=how.get("severity") == "error")

            with suppress(RuntimeError):  # the app closed meanwhile: the file is written
                self.app.call_from_thread(show)

        try:
            with _EXPORTING:
                result = export_to_directory(items, folder, options)
                collector.give_back_memory()  # what the export built is freed by now
        except NotOurs as exc:
            tell(
                f"{exc}. From the command line: summitreader export --out-dir {folder} --force",
                title="Not exported",
                severity="error",
                timeout=15,
            )
            return
        except SummitError as exc:
            tell(str(exc), title="Export failed", severity="error", timeout=10)
            return
        n = sum(len(i.annotations) for i in items)
        files = len(result.files)
        where = result.files[0].path if files == 1 else folder
        in_files = f" in {files} files" if files != 1 else ""
        tell(
            f"{counted(n, 'highlight')}{in_files} → {where}{describe(result.files)}",
            title="Exported",
            timeout=15,
        )

    def action_export_dialog(self) -> None:
        """The export options of the command line: grouping, order, tags, this document
        or every one, and the folder."""
        from summitreader.export.selection import DocumentHighlights, to_export
        from summitreader.tui.screens.dialogs import ExportDialog, ExportRequest

        def export(request: ExportRequest | None) -> None:
            if request is None:
                return
            documents = self.library() if request.every_document else [self.document]
            items = [
                DocumentHighlights(d, self.store.for_source(d.source))
                if d is not self.document
                else DocumentHighlights(d, self.annotator.records)
                for d in documents
            ]
            self._export(to_export(items, request.options), request.folder, request.options)

        dialog = ExportDialog(
            self.config.export_dir, self.config.export_flavor, self.config.export_deleted
        )
        self.app.push_screen(dialog, export)
