"""Keys take effect in the order they were typed, even when one of them changes where
the next ones go.

Textual hands each key to the focused widget's queue as it arrives, and runs a key's
binding later, when the key has travelled up to the app. A fast typist's `a`, `hello`,
`ctrl+s`, `}` is therefore pipelined: `hello` can reach the reader before the note
editor exists, and `}` can reach the editor before `ctrl+s` has closed it. So a key that
opens or closes a field (a *turn* key) goes alone: the keys typed after it are held
until everything typed before it has been handled, its action has run, and the screen it
leads to can take keys. Nothing is dropped and nothing overtakes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from textual import events
from textual.app import App
from textual.binding import ActiveBinding
from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Input

from summitreader.tui import textual_private

# Binding ids whose action opens or closes a field, or leaves the screen.
TURN_BINDINGS = frozenset(
    {
        "reader.tag",
        "reader.note",
        "reader.search",
        "reader.export_dialog",
        "reader.back",
        "reader.close",
        "library.filter",
        "library.add",
        "library.remove",
        "library.back",
        "search.query",
        "search.back",
        "remove.keep",
        "remove.delete",
        "remove.confirm",
        "dialog.save",
        "dialog.cancel",
        "overlap.merge",
        "overlap.both",
        "app.review",
        "review.reattach",
        "review.read",
        "review.delete",
        "review.back",
        "confirm.delete",
        "reader.attach",
    }
)
STUCK_SECONDS = 3.0  # a turn that never ends (a lost message) lets the keys go after this


@runtime_checkable
class HoldsKeys(Protocol):
    """A screen that cannot take keys yet (a dialog being built, a reader waiting for its
    layout before an edit); it posts ``KeysWelcome`` when it can."""

    @property
    def holds_keys(self) -> bool: ...


class KeysWelcome(Message):
    """A screen that held keys back can take them now."""


def is_turn(active: ActiveBinding | None) -> bool:
    if active is None or not active.enabled:
        return False
    binding = active.binding
    return binding.id in TURN_BINDINGS or (
        binding.action == "submit" and isinstance(active.node, Input)
    )


class OrderedKeys(App[None]):
    """The app's half: hold keys while a turn key runs, then give them out in order."""

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[events.Key] = deque()
        self._turn_running = False
        self._stuck_timer = None

    def _holding(self) -> bool:
        screen = self.screen
        return self._turn_running or (isinstance(screen, HoldsKeys) and screen.holds_keys)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held or self._holding():
                if not await textual_private.check_priority_bindings(self, event.key):  # ctrl+q
                    self._held.append(event)
                return
            await self._route(event)
            return
        await super().on_event(event)

    async def _route(self, event: events.Key) -> None:
        active = textual_private.active_binding(self.screen, event.key)
        if not is_turn(active):
            await super().on_event(event)
            return
        assert active is not None
        self._turn_running = True
        self._stuck_timer = self.set_timer(STUCK_SECONDS, self._let_go)
        origin: MessagePump = self.focused or self.screen
        self._after_queued(origin, lambda: self._take_turn(event, origin))

    def _after_queued(self, node: MessagePump, then: Callable[[], Awaitable[None]]) -> None:
        """Run ``then`` in the app once every message already queued in ``node`` and in
        each of its ancestors has been handled: the way a key typed earlier travels."""
        if node is self:
            self.call_later(then)
            return
        parent = node.parent if isinstance(node, DOMNode) and node.parent else self
        if not node.call_later(self._after_queued, parent, then):
            self._after_queued(parent, then)  # a closed widget has nothing left to handle

    async def _take_turn(self, event: events.Key, origin: MessagePump) -> None:
        # The keys typed before may have changed the screen (an `h` that opened a dialog):
        # the key means what it means now, as it would have without the pipeline.
        active = textual_private.active_binding(self.screen, event.key)
        if is_turn(active):
            assert active is not None
            await self.run_action(active.binding.action, active.node)
        else:
            await super().on_event(event)
        # What the action started (an Input's Submitted, a dialog's answer) goes the same way.
        self._after_queued(origin, self._turn_done)

    async def _turn_done(self) -> None:
        self._turn_running = False
        if self._stuck_timer is not None:
            self._stuck_timer.stop()
            self._stuck_timer = None
        await self._give_held()

    async def _let_go(self) -> None:
        """A turn whose end never came: never trap the keys behind it."""
        self._stuck_timer = None
        self._turn_running = False
        await self._give_held()

    async def _give_held(self) -> None:
        while self._held and not self._holding():
            await self._route(self._held.popleft())

    async def on_keys_welcome(self, message: KeysWelcome) -> None:
        await self._give_held()
