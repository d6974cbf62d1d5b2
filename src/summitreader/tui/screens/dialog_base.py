"""The base of every dialog: it answers once, and takes the keys typed while it opened."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region, Size
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, ScreenResultType
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

from summitreader.tui.ordered_keys import KeysWelcome
from summitreader.tui.textual_private import laid_out_size, screen_strips


class TintedOnce(BackgroundScreen):
    """Textual's tinted copy of the screen below a dialog, with each distinct style tinted
    once: a frame of the reader is some 1,200 segments in a few dozen styles, and tinting
    every segment (colour arithmetic and a new Style each) was 10 of the 46 ms a note
    dialog spent drawing. Each style is tinted by Textual's own ``process_segments``, so
    the copy is the same."""

    @classmethod
    def process_segments(cls, segments: Iterable[Segment], color: Color) -> Iterable[Segment]:
        tint = super().process_segments
        tinted: dict[Style, Style | None] = {}
        plain = Style()
        for segment in segments:
            text, style, control = segment
            if control:
                yield segment
                continue
            # the tint drops a style's meta (the reader's offsets), so it keys the cache
            key = plain if style is None else style.clear_meta_and_links()
            if key not in tinted:
                tinted[key] = next(iter(tint([Segment("", key)], color))).style
            yield Segment(text, tinted[key], control)

    _lines: tuple[tuple[int, int, Size], list[Strip]] | None = None

    def strips(self, width: int, height: int) -> list[Strip]:
        """The copy as the dialog's lines, made once per size from the strips of the
        screen below: a dialog draws its background again a frame after it opens, and
        the screen below stays as it was while the dialog is up, until it is laid out at
        a new size (``stale``). Made through Rich, as Textual makes it, its lines were
        split and measured again: about 1 ms of a note dialog's 19."""
        key = (width, height, laid_out_size(self.screen))
        if self._lines is None or self._lines[0] != key:
            rows = screen_strips(self.screen)[:height]
            tinted = list(self.process_segments([s for row in rows for s in row], self.color))
            lines, at = [], 0
            for row in rows:
                count = len(row)
                line = Strip(tinted[at : at + count], row.cell_length)
                lines.append(line if row.cell_length == width else line.crop_extend(0, width, None))
                at += count
            self._lines = (key, lines)
        return self._lines[1]

    @property
    def stale(self) -> bool:
        """The screen below was laid out at another size since the copy was made: after a
        resize, the dialog (resized first) made its copy of the reader's old layout."""
        return self._lines is not None and self._lines[0][2] != laid_out_size(self.screen)


class Dialog(ModalScreen[ScreenResultType]):
    """Every dialog: Escape cancels, giving None (its binding id is shared: one rebind).

    A dialog answers once, and only while it is on top: a second Enter or Escape already
    on its way would otherwise pop the screen below it. Until it is mounted it holds the
    keys typed for it (see ``ordered_keys``), so its field gets them all, in order.

    Its body scrolls; the line of its keys below the body never does, so on a 40×12
    terminal the keys that save and cancel stay in sight.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > .dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $primary;
        background: $surface;
    }
    Dialog .dialog-body {
        height: auto;
        max-height: 70vh;
    }
    Dialog .dialog-keys {
        color: $text-accent;
        margin-top: 1;
    }
    Dialog .dim {
        color: $text-muted;
    }
    Dialog Label {
        width: 100%;
    }
    """

    BINDINGS: list[BindingType] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    FIELD_KEYS: tuple[tuple[str, str], ...] = ()  # keys the field answers to (Enter), for the line

    def __init__(self) -> None:
        super().__init__()
        self._answered = False
        self._opening = True

    @property
    def holds_keys(self) -> bool:
        return self._opening

    def reopen(self) -> None:
        """A dialog kept to be shown again (see ``note_dialog``) answers once per showing."""
        self._answered = False

    @property
    def answerable(self) -> bool:
        """Not answered yet this showing, and on top."""
        return not self._answered and self.is_active

    def answer(self, result: ScreenResultType | None) -> None:
        if not self.answerable:
            return
        self._answered = True
        self.dismiss(result)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            with VerticalScroll(classes="dialog-body", can_focus=False):
                yield from self.body()
            # Filled here, not once mounted: a line set after the first frame laid the
            # dialog out again and drew it again (the note dialog's first showing).
            yield Label(self._keys_line(), classes="dialog-keys")

    _background: TintedOnce | None = None  # while the dialog is showing

    def render(self) -> RenderableType:
        """The reader below, tinted as Textual tints it, each of its styles tinted once."""
        below = super().render()
        if not isinstance(below, BackgroundScreen):
            return below
        kept = self._background
        if kept is None or kept.screen is not below.screen or kept.color != below.color:
            kept = self._background = TintedOnce(below.screen, below.color)
        return kept

    _drawn_over: list[Strip] | None = None  # this frame's tinted copy (``render_lines``)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Asks for the background once a frame: Textual's ``Screen.render`` takes the
        screen below off the stack of the frame being drawn, so a second call that frame
        gets none (each line after the first came out blank)."""
        background = self.render()
        width, height = self.size
        tinted = isinstance(background, TintedOnce)
        self._drawn_over = background.strips(width, height) if tinted else None
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        lines = self._drawn_over
        if lines is None:
            return super().render_line(y)
        return lines[y] if y < len(lines) else Strip.blank(self.size.width)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Regions are refreshed here only when the screen below changed under them
        (Textual's ``Screen._compositor_refresh``): the dialog shows a copy of that screen
        kept as it was, so a refresh would draw the same frame again. The reader blurred
        and restyled as a note dialog opened, and each of its changes drew the whole
        screen again: three frames for one key."""
        kept = self._background
        if regions and kept is not None and not (layout or recompose):
            # the whole dialog again, over a new copy, once the screen below was resized
            return super().refresh(repaint=repaint) if kept.stale else self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def on_screen_suspend(self) -> None:
        # when shown again, the screen below will have changed; and a kept dialog (the
        # note dialog) must not hold the reader below it alive after that reader closes
        self._background = self._drawn_over = None

    def body(self) -> Iterable[Widget]:
        """What the dialog shows and asks, above its keys."""
        return ()

    def action_cancel(self) -> None:
        self.answer(None)

    def on_mount(self) -> None:
        """Runs after a subclass's own on_mount, so its focus is where the keys now go."""
        self._opening = False
        self.post_message(KeysWelcome())

    def _keys_line(self) -> Content:
        """The dialog's own keys (escape, ctrl+s...), as the app's keymap binds them."""
        keys = [
            (self.app.get_key_display(a.binding), a.binding.description)
            for a in self.active_bindings.values()
            if a.node is self and a.binding.id and a.binding.description
        ]
        keys = [*self.FIELD_KEYS, *keys]
        return Content("    ").join(
            Content.assemble((key, "bold"), " ", description) for key, description in keys
        )
