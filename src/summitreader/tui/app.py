"""The Textual app: a library screen, and a reader screen per opened document."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from summitreader import collector
from summitreader.errors import StoreError, SummitError
from summitreader.library import catalog
from summitreader.settings.config import Config
from summitreader.settings.preferences import load_preferences, save_preferences
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.tui import textual_private
from summitreader.tui.navigation import CloseDocument, LibraryChanged, OpenDocument, OpenEntry
from summitreader.tui.ordered_keys import OrderedKeys
from summitreader.tui.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.driver import Driver

    from summitreader.tui.widgets.key_map import KeyMap


FORGET_STYLES_EVERY = 15.0  # seconds
# How long a thread laying out a book or exporting keeps the interpreter while the UI
# thread waits for it (Python's default is 5 ms). A key's frame waits for it at each of
# its event loop's turns: during an export of 10,000 highlights keys took 20-60 ms at 5 ms
# and 16-33 ms at 1 ms. Nothing else waits, so nothing else is slower.
SWITCH_INTERVAL = 0.001  # seconds


# The palette, the library and help are imported when first used: a book's first
# screen should not wait for modules it does not show.
def _document_commands() -> type[Provider]:
    from summitreader.tui.commands import DocumentCommands

    return DocumentCommands


def _highlight_commands() -> type[Provider]:
    from summitreader.tui.commands import HighlightCommands

    return HighlightCommands


def _library(store: Store) -> Screen[None]:
    from summitreader.tui.screens.library import LibraryScreen

    return LibraryScreen(store)


class SummitApp(OrderedKeys):
    CSS_PATH = "summitreader.tcss"
    TITLE = "summitreader"
    COMMANDS = App.COMMANDS | {_document_commands, _highlight_commands}
    BINDINGS: list[BindingType] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("H", "all_highlights", "All highlights", id="app.all_highlights"),
        Binding("s", "stats", "Stats", id="app.stats"),
        Binding("R", "review", "Review what moved", id="app.review"),
    ]

    def __init__(
        self,
        documents: list[Document],
        store: Store,
        config: Config,
        *,
        open_single: bool = False,
        problems: list[str] | None = None,
        notices: list[str] | None = None,
        seed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        textual_private.catch_unhandled(self, self._store_failed)
        textual_private.strips_free_themselves()
        self.documents = documents
        self.store = store
        self.config = config
        self.preferences = load_preferences()
        if self.preferences.reading_width:
            config.reading_width = self.preferences.reading_width
        self._remembering = False  # the start-up theme is the config's, not a choice
        self.open_single = open_single
        self.problems = problems or []
        self.notices = notices or []  # about the store: records set aside, a rename pending
        self.store_problem: StoreError | None = None
        self._seed = seed  # the library's first samples, after the first frame
        self._loaded: dict[str, Document] = {d.source.sha256: d for d in documents}
        if documents and not open_single and not store.read_only:
            # listed at once by the library screen: in the library before it is built
            store.remember_sources([(d.source, d.meta, None, None) for d in documents])

    def get_driver_class(self) -> type[Driver]:
        return textual_private.quick_escape_driver(super().get_driver_class())

    def on_mount(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.call_after_refresh(collector.after_first_frame)
        self.call_after_refresh(self._back_up)
        self.set_interval(FORGET_STYLES_EVERY, textual_private.forget_styles_caches)
        if self.config.keys:
            from summitreader.tui.key_check import usable_keymap

            keymap, problems = usable_keymap(self.config.keys, self.config.key_lines)
            self.set_keymap(keymap)
            for problem in problems:
                self.notify(problem, title="Config", severity="warning", timeout=15)
            self.call_after_refresh(self._check_binding_ids)
        theme = self.preferences.theme or self.config.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.notify(
                f"Unknown theme {self.config.theme!r}; using {self.theme}.", severity="warning"
            )
        if self.config.error:
            self.notify(self.config.error, title="Config", severity="error", timeout=15)
        for problem in self.problems:
            opened = problem.endswith(catalog.FROM_COPY)  # opened all the same, from its copy
            title = "Opened from the library's copy" if opened else "Not opened"
            self.notify(problem, title=title, severity="warning" if opened else "error", timeout=15)
        for notice in self.notices:
            self.notify(notice, title="Store", severity="warning", timeout=20)
        self._remembering = True

    def _check_binding_ids(self) -> None:
        """After the first frame: finding every binding id imports every screen."""
        from summitreader.tui.key_check import key_clashes, unknown_ids

        keys, lines = self.config.keys, self.config.key_lines
        for problem in [*unknown_ids(keys, lines), *key_clashes(keys, lines)]:
            self.notify(problem, title="Config", severity="warning", timeout=15)

    def _remember(self, **choice: object) -> None:
        self.preferences = self.preferences._replace(**choice)
        try:
            save_preferences(self.preferences)
        except SummitError as exc:
            self.notify(str(exc), severity="warning", timeout=8)

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the app (the palette's "Change theme") is the next run's too."""
        if self._remembering and theme != self.preferences.theme:
            self._remember(theme=theme)

    def on_reader_screen_reloaded(self, message: ReaderScreen.Reloaded) -> None:
        self.documents[:] = [message.new if d is message.old else d for d in self.documents]
        self._loaded.pop(message.old.source.sha256, None)
        self._loaded[message.new.source.sha256] = message.new

    def on_open_document(self, message: OpenDocument) -> None:
        if message.reattach is not None:
            self._loaded[message.document.source.sha256] = message.document
            self.push_screen(
                ReaderScreen(
                    message.document,
                    self.config,
                    self.store,
                    reattach=message.reattach,
                    library=self.every_document,
                )
            )
            return
        self.open_document(message.document, message.at)

    def on_open_entry(self, message: OpenEntry) -> None:
        document = self._loaded.get(message.entry_id)
        if document is None:
            entry = next((e for e in catalog.entries(self.store) if e.id == message.entry_id), None)
            if entry is None:
                self.notify("That document is no longer in the library.", severity="warning")
                return
            try:
                loaded = catalog.load(self.store, entry)
            except SummitError as exc:
                self.notify(str(exc), title="Not opened", severity="error", timeout=10)
                return
            document = loaded.document
            if loaded.notice:
                self.notify(loaded.notice, title="From the library", timeout=10)
        self.open_document(document)

    def every_document(self) -> list[Document]:
        """Every document of the library (for all highlights, stats, and an export of
        them all), each loaded once: from its file, else from the library's copy."""
        for entry in catalog.entries(self.store):
            if entry.id not in self._loaded:
                try:
                    self._loaded[entry.id] = catalog.load(self.store, entry).document
                except SummitError:
                    continue  # said when it is opened
        return list(self._loaded.values())

    def on_close_document(self, message: CloseDocument) -> None:
        self.close_document()

    def on_reader_screen_width_chosen(self, message: ReaderScreen.WidthChosen) -> None:
        self.config.reading_width = message.width  # for the next document opened
        self._remember(reading_width=message.width)

    def _store_failed(self, error: BaseException) -> bool:
        """A store error nothing else caught (a file another process has just moved aside)
        ends the app without a traceback: the command line shows the recovery screen, or
        the message."""
        if not isinstance(error, StoreError):
            return False
        self.store_problem = error
        self.exit(return_code=1)
        return True

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Never markup, whatever a widget's ``notify`` passes: messages hold paths, titles,
        words from documents and config sections, and ``[keys]`` or ``[export]`` vanished
        from "key bindings go under [keys]" (a stray "[/]" would be a markup error)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
        self.set_timer(0.1, self._drop_empty_toast_holders)

    def _drop_empty_toast_holders(self) -> None:
        """Work around Textual 8's ToastRack.show: when a notification expires by the clock
        before its toast's own timer fires (an app busy for a moment, after each key when
        the store is large), show() removes the Toast but leaves its ToastHolder mounted.
        Each one costs ~100 KB and a place in every layout, for ever."""
        try:
            screen = self.screen
        except ScreenStackError:
            return  # the app is closing: no screen is left to hold a toast
        for holder in screen.query("ToastHolder"):
            if holder.is_mounted and not holder.children:
                holder.remove()

    def _back_up(self) -> None:
        """Back the store up as it was at start-up, then seed a first run's library: after
        the first frame, not before it."""
        try:
            self.store.backup("start")
        except SummitError as exc:
            self.notify(str(exc), title="Backup failed", severity="warning", timeout=10)
        seed, self._seed = self._seed, None
        if seed is not None:
            try:
                seed()
            except SummitError as exc:
                self.notify(str(exc), title="Library", severity="warning", timeout=10)
            self.post_message(LibraryChanged())  # a library shown at once lists them now

    def on_library_changed(self, message: LibraryChanged) -> None:
        from summitreader.tui.screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen) and screen.is_mounted:
                screen.refresh_rows()

    def get_default_screen(self) -> Screen:
        """The first screen is the one shown: no blank screen is laid out and painted first.

        One file opens straight into the reader; its library is built when needed.
        """
        if self.open_single and self.documents:
            return self._reader(self.documents[0])
        return _library(self.store)

    def _reader(self, document: Document, at: str | None = None) -> ReaderScreen:
        self._loaded[document.source.sha256] = document
        return ReaderScreen(document, self.config, self.store, at=at, library=self.every_document)

    def open_document(self, document: Document, at: str | None = None) -> None:
        """Read ``document``; with ``at``, at that highlight instead of where reading left off."""
        self.push_screen(self._reader(document, at))

    def action_stats(self) -> None:
        from summitreader.tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            current = self.screen.document if isinstance(self.screen, ReaderScreen) else None
            every = self.every_document()
            self.push_screen(StatsScreen(current, every, self.store, self.config))

    def action_all_highlights(self) -> None:
        from summitreader.tui.screens.search import Listed, SearchScreen

        if isinstance(self.screen, SearchScreen):
            return
        entries: dict[str, catalog.Entry] = {}

        def listed() -> list[Listed]:
            """The library's documents from its index (no text read), and any open one
            the library does not hold (a read-only store's)."""
            entries.clear()
            entries.update((e.id, e) for e in catalog.entries(self.store))
            found = [Listed(e.id, e.title, e.path) for e in entries.values()]
            found += [
                Listed(sid, d.title, d.source.where)
                for sid, d in self._loaded.items()
                if sid not in entries
            ]
            return found

        def load(entry_id: str) -> Document | None:
            """A document, when a row of it is drawn or opened; each loaded once."""
            document = self._loaded.get(entry_id)
            if document is None and (entry := entries.get(entry_id)) is not None:
                try:
                    document = catalog.load(self.store, entry).document
                except SummitError:
                    return None
                self._loaded[entry_id] = document
            return document

        self.push_screen(SearchScreen(self.store, listed, load))

    def action_review(self) -> None:
        from summitreader.tui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            if isinstance(self.screen, ReaderScreen):
                self.screen.save_position()
            self.push_screen(ReviewScreen(self.store), self._after_review)

    def _after_review(self, changed: bool | None) -> None:
        """Highlights accepted, re-attached or deleted: the readers open show them so."""
        if changed:
            for screen in self.screen_stack:
                if isinstance(screen, ReaderScreen):
                    screen.reload_highlights()

    def close_document(self) -> None:
        """Back from the reader to the library, building the library if it is not underneath.

        A reader that was the first screen stays below the library, paused, because Textual
        cannot switch away the first screen (Textualize/textual#2650).
        """
        from summitreader.tui.screens.library import LibraryScreen

        if any(isinstance(s, LibraryScreen) for s in self.screen_stack):
            self.pop_screen()
        else:
            self.push_screen(_library(self.store))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, ReaderScreen):
            yield SystemCommand(
                "Export this document", "Write its highlights as Markdown", screen.action_export
            )
            yield SystemCommand("Search this document", "Find a phrase (/)", screen.action_search)
            yield SystemCommand(
                "Toggle the sidebar",
                "Hide or show highlights and tags (\\)",
                screen.action_toggle_sidebar,
            )
            yield SystemCommand("Library", "Back to the list of documents", self.close_document)
        yield SystemCommand(
            "Stats", "Tags, highlights per document, where they fall (s)", self.action_stats
        )
        yield SystemCommand(
            "Review what moved",
            "Highlights whose text changed: accept, re-attach or delete them (R)",
            self.action_review,
        )
        yield SystemCommand(
            "All highlights",
            "Every document's highlights, with search (H)",
            self.action_all_highlights,
        )

    def _key_map(self) -> KeyMap | None:
        from summitreader.tui.widgets.key_map import KeyMap

        found = self.screen.query(KeyMap)
        return found.first() if found else None

    def describe_binding(self, binding: Binding) -> str | None:
        """The key map's line for a binding: a digit names its tag; an unbound digit and
        a key without a description are left out."""
        if binding.id and binding.id.startswith("reader.tag_"):
            spec = self.config.tag_for_key(binding.id.removeprefix("reader.tag_"))
            return f"#{spec.name}" if spec else None
        return binding.description or None

    def action_show_help_panel(self) -> None:
        """One key map per screen, shown and hidden: a new widget per ? would live on in
        Textual's focus watchers."""
        from summitreader.tui.widgets.key_map import KeyMap

        if (panel := self._key_map()) is None:
            self.screen.mount(KeyMap(self.describe_binding))
        else:
            panel.display = True
            panel.refill()

    def action_hide_help_panel(self) -> None:
        if (panel := self._key_map()) is not None:
            panel.display = False

    def action_toggle_help(self) -> None:
        panel = self._key_map()
        if panel is not None and panel.display:
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    async def action_quit(self) -> None:
        if isinstance(self.screen, ReaderScreen):
            self.screen.save_position()
        self.exit()
