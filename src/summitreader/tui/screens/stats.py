"""Stats as pictures: tag bars for this document and the corpus, highlights per document,
and a strip per document of where its highlights fall."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from summitreader.annotations.model import Record
from summitreader.layout.stats import bar, spread, strip, tag_counts
from summitreader.settings.config import DEFAULT_HIGHLIGHT, Config
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.text.sanitize import excerpt

LABEL = 24  # cells for a bar's label
BAR = 40  # cells for the longest bar
STRIP = 60  # stretches a document is cut into


class StatsScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    StatsScreen {
        align: center middle;
    }
    StatsScreen #stats {
        width: 100;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        background: $panel;
        border: round $accent;
        padding: 1 2;
    }
    """
    BINDINGS: list[BindingType] = [
        Binding("escape,s,q", "dismiss", "Close", id="stats.close"),
    ]

    def __init__(
        self, current: Document | None, documents: list[Document], store: Store, config: Config
    ) -> None:
        super().__init__()
        self.current = current
        self.documents = documents
        self.store = store
        self.config = config

    def compose(self) -> ComposeResult:
        store, config = self.store, self.config
        by_doc = [(doc, store.for_source(doc.source)) for doc in self.documents]
        every = [r for _, records in by_doc for r in records]
        with VerticalScroll(id="stats"):
            if self.current is not None:
                mine = store.for_source(self.current.source)
                yield self._section(f"Tags in {self.current.title}", self._tags(mine, config))
            yield self._section("Tags in every document", self._tags(every, config))
            yield self._section("Highlights per document", self._per_document(by_doc))
            yield self._section("Where the highlights fall", self._spread(by_doc))

    def _section(self, title: str, body: Content) -> Static:
        heading = Content.styled(excerpt(title, 80), "bold $text-accent")
        return Static(Content("\n").join([heading, body, Content("")]), classes="stats-section")

    @staticmethod
    def _row(label: str, drawn: str, color: str, figure: str) -> Content:
        return Content.assemble(
            (f"{excerpt(label, LABEL - 1):<{LABEL}}", "$text"),
            (f"{drawn:<{BAR}}", color),
            f" {figure}",
        )

    def _tags(self, records: list[Record], config: Config) -> Content:
        counts = tag_counts(records)
        if not counts:
            return Content.styled("no tags yet: 1-9 tag a passage", "dim italic")
        top = counts[0][1]
        return Content("\n").join(
            self._row(
                f"#{tag}", bar(n, top, BAR), config.color_of(tag) or DEFAULT_HIGHLIGHT, str(n)
            )
            for tag, n in counts
        )

    def _per_document(self, by_doc: list[tuple[Document, list[Record]]]) -> Content:
        top = max((len(records) for _, records in by_doc), default=0)
        return Content("\n").join(
            self._row(doc.title, bar(len(records), top, BAR), "$accent", str(len(records)))
            for doc, records in by_doc
        )

    def _spread(self, by_doc: list[tuple[Document, list[Record]]]) -> Content:
        lines = [Content.styled(f"{'':<{LABEL}}start{'end':>{STRIP - 5}}", "dim")]
        for doc, records in by_doc:
            drawn = strip(spread(records, len(doc.source.text), STRIP))
            lines.append(
                Content.assemble(
                    (f"{excerpt(doc.title, LABEL - 1):<{LABEL}}", "$text"), (drawn, "$accent")
                )
            )
        return Content("\n").join(lines)
