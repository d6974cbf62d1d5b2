"""Baseline for key-to-screen: the smallest Textual app that redraws on every key."""

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static


class Keys(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("no key yet", id="count")

    def on_key(self, event: events.Key) -> None:
        if event.key == "q":
            self.exit()
        self.count = getattr(self, "count", 0) + 1
        self.query_one("#count", Static).update(f"{self.count} keys: {event.key}")


if __name__ == "__main__":
    Keys().run()
