"""Small modal dialogs: tag by name (with completion), edit a note, settle an overlap,
choose what to export."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from textual.app import App
from textual.binding import Binding, BindingType
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, TextArea

from summitreader.annotations.tags import normalise_tag
from summitreader.errors import SummitError
from summitreader.text.words import counted
from summitreader.tui.screens.dialog_base import Dialog
from summitreader.tui.widgets.inert import plain

if TYPE_CHECKING:
    from summitreader.export.selection import ExportOptions


class TagDialog(Dialog[str | None]):
    """Ask for one or more tag names; completes from tags already in use. ``apply`` stores
    them as Enter closes the dialog and says whether it could: a name the store refused
    (not a tag, a full disk) keeps the dialog open with what was typed."""

    def __init__(
        self, known: list[str], current: list[str], apply: Callable[[str], bool] | None = None
    ) -> None:
        super().__init__()
        self.known = known
        self.current = current
        self._apply = apply

    FIELD_KEYS = (("enter", "Apply"),)

    def body(self) -> Iterable[Widget]:
        yield Label(plain("Tag (Enter applies, → completes, commas for several)"))
        if self.current:
            yield Label(plain("Current: " + " ".join(f"#{t}" for t in self.current)), classes="dim")
        yield Input(
            placeholder="tag name",
            suggester=SuggestFromList(self.known, case_sensitive=False),
            id="tag-input",
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._apply is not None and event.value.strip() and not self._apply(event.value):
            return
        self.answer(event.value)


class NoteDialog(Dialog[str | None]):
    """Edit a highlight's note in a multi-line editor.

    One is kept per app and shown again for each note (``note_dialog``): composing a new
    one, with its editor, styles and first layout over the reader, was most of an ``a``
    key (about 45 ms on War and Peace with 10,000 highlights)."""

    BINDINGS: list[BindingType] = [
        # Not a priority binding: it then comes in turn after the keys typed before it,
        # instead of overtaking those still on their way to the editor.
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
    ]

    def __init__(self, note: str = "", excerpt: str = "") -> None:
        super().__init__()
        self.note = note
        self.excerpt = excerpt
        self._save: Callable[[str], bool] | None = None

    DEFAULT_CSS = """
    NoteDialog #note-input {
        height: 10;
        max-height: 45vh;
    }
    """

    def body(self) -> Iterable[Widget]:
        yield Label(plain("Note (ctrl+s saves, escape cancels)"))
        yield Label(plain(self.excerpt), classes="dim", id="note-excerpt")
        yield TextArea(self.note, id="note-input", soft_wrap=True, show_line_numbers=False)

    def show_note(self, note: str, excerpt: str, save: Callable[[str], bool] | None = None) -> None:
        """Before it is shown again: this note, in an editor with no undo history from
        the last one, its cursor at the start as in a new editor, and focused. ``save``
        stores the note, called as ctrl+s closes the dialog (see ``action_save``), and says
        whether it could: a note that was not stored keeps the dialog open, with its words."""
        self.reopen()
        self.note, self.excerpt, self._save = note, excerpt, save
        if not self.is_mounted:
            return  # composed from these when first shown
        label, quote = self.query_one("#note-excerpt", Label), plain(excerpt)
        # As many lines as the last quote (most are cut at 200 characters): no layout,
        # which, a frame after the dialog's first, laid it out and drew it once more.
        width = label.content_region.width
        same = width > 0 and len(quote.wrap(width)) == label.content_region.height
        label.update(quote, layout=not same)
        editor = self.query_one(TextArea)
        editor.load_text(note)
        editor.move_cursor((0, 0))
        editor.scroll_to(0, 0, animate=False, immediate=True)
        self.set_focus(editor, scroll_visible=False)

    def action_save(self) -> None:
        """The note is stored, and the reader below told, before the dialog closes: the
        reader then comes back in one frame that holds the note. Stored by the result
        callback, after the pop, the reader came back without it and the edit followed a
        frame (some 30 ms) later."""
        if not self.answerable:
            return
        text = self.query_one(TextArea).text
        if self._save is not None and not self._save(text):
            return  # the store refused it (full disk, no permission): nothing typed is lost
        self.answer(text)

    def answer(self, result: str | None) -> None:
        super().answer(result)
        if self._answered:
            # ``save`` holds the reader: kept past this showing, it kept a closed reader,
            # with its text and layout, alive until the next note
            self._save = None


NOTE_DIALOG = "summitreader-note"  # the name the app's one note dialog is installed under


def note_dialog(
    app: App[object], note: str, excerpt: str, save: Callable[[str], bool] | None = None
) -> str:
    """The app's note dialog, made ready for ``note``: the name to push it by."""
    if not app.is_screen_installed(NOTE_DIALOG):
        app.install_screen(NoteDialog(), NOTE_DIALOG)
    dialog = app.get_screen(NOTE_DIALOG, NoteDialog)
    dialog.show_note(note, excerpt, save)
    return NOTE_DIALOG


class OverlapDialog(Dialog[str | None]):
    """The passage shares text with highlights: merge them into one, or keep both."""

    BINDINGS: list[BindingType] = [
        Binding("m", "choose('merge')", "Merge into one", id="overlap.merge"),
        Binding("b", "choose('both')", "Keep both", id="overlap.both"),
    ]

    def __init__(self, excerpt: str, overlapped: list[str]) -> None:
        """``overlapped``: a line for each highlight the passage shares text with."""
        super().__init__()
        self.excerpt = excerpt
        self.overlapped = overlapped

    def body(self) -> Iterable[Widget]:
        count = len(self.overlapped)
        yield Label(plain(f"This passage overlaps {counted(count, 'highlight')}:"))
        yield Label(plain(self.excerpt), classes="dim")
        for line in self.overlapped:
            yield Label(plain(f"• {line}"), classes="overlapped")

    def action_choose(self, choice: str) -> None:
        self.answer(choice)


class ExportRequest(NamedTuple):
    options: ExportOptions
    every_document: bool  # else only the one being read
    folder: Path


class ExportDialog(Dialog[ExportRequest | None]):
    """The command line's export options, in the app: grouping, order, tags, which
    documents, and the folder (one file per document)."""

    BINDINGS: list[BindingType] = [
        Binding("ctrl+s", "save", "Export", id="dialog.save"),
    ]
    DEFAULT_CSS = """
    ExportDialog RadioSet {
        width: 100%;
        layout: horizontal;
        border: none;
        margin-bottom: 1;
    }
    ExportDialog Checkbox {
        border: none;
        margin: 1 0;
    }
    """

    def __init__(self, folder: Path, flavor: str = "obsidian", deleted: str = "remove") -> None:
        super().__init__()
        self.folder = folder
        self.flavor = flavor
        self.deleted = deleted

    def body(self) -> Iterable[Widget]:
        yield Label(plain("Export to Markdown"))
        yield from self._fields()

    def _fields(self) -> Iterable[Widget]:
        yield Label(plain("Group by"), classes="dim")
        with RadioSet(id="group-by"):
            yield RadioButton("document order", value=True, id="doc")
            yield RadioButton("tag", id="tag")
        yield Label(plain("Order"), classes="dim")
        with RadioSet(id="sort"):
            yield RadioButton("position in the text", value=True, id="position")
            yield RadioButton("when highlighted", id="created")
        yield Label(plain("Only these tags (blank for all)"), classes="dim")
        yield Input(placeholder="e.g. key-point, evidence", id="export-tags")
        yield Checkbox("Every document in the library", id="every-document")
        yield Label(plain("Written for"), classes="dim")
        with RadioSet(id="flavor"):
            for flavor, name in (
                ("obsidian", "Obsidian"),
                ("logseq", "Logseq"),
                ("commonmark", "CommonMark"),
            ):
                yield RadioButton(name, value=flavor == self.flavor, id=flavor)
        yield Label(plain("Into the folder"), classes="dim")
        yield Input(str(self.folder), id="export-folder")
        yield Label(plain("Template file (blank for the built-in format)"), classes="dim")
        yield Input(placeholder="e.g. ~/notes/highlights.md.j2", id="export-template")

    def on_mount(self) -> None:
        self.query_one("#group-by", RadioSet).focus()

    def _choice(self, radio_set: str) -> str:
        pressed = self.query_one(f"#{radio_set}", RadioSet).pressed_button
        assert pressed is not None and pressed.id is not None
        return pressed.id

    def action_save(self) -> None:
        # Here, not at the top: the note dialog's first showing imported the templates.
        from summitreader.export.selection import ExportOptions
        from summitreader.export.template import load_template

        raw = self.query_one("#export-tags", Input).value.replace(",", " ").split()
        template_path = self.query_one("#export-template", Input).value.strip()
        try:
            tags = tuple(normalise_tag(t) for t in raw)
            template = load_template(Path(template_path).expanduser()) if template_path else None
        except SummitError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        folder = self.query_one("#export-folder", Input).value.strip()
        self.answer(
            ExportRequest(
                ExportOptions(
                    self._choice("group-by"),
                    self._choice("sort"),
                    tags,
                    template,
                    self._choice("flavor"),
                    self.deleted,
                ),
                self.query_one("#every-document", Checkbox).value,
                Path(folder).expanduser() if folder else self.folder,
            )
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()
