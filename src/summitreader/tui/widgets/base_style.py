"""The style a line-drawn widget starts every row from, kept until the styles change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: Textual inherits CSS through the first DOMNode base only


class BaseStyle(_Base):
    """``rich_style`` walks every ancestor on each call; a widget drawing row by row asks
    for it once per style change (a theme, a focus) instead of once per row.

    Put it before the widget class: ``class View(BaseStyle, ScrollView)``.
    """

    _base_style: Style | None = None

    @property
    def base_style(self) -> Style:
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
