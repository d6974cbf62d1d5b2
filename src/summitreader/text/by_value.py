"""What ``@dataclass`` gives a class, for the few made before every first screen: the
decorator writes and compiles their methods at import, about 0.4 ms a class."""

from __future__ import annotations

from typing import Any


class ByValue:
    """Equal when of one class and equal field by field, unhashable, shown with its fields:
    as a dataclass is. The fields are the subclass's ``__slots__``, in order."""

    __slots__ = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment] - mutable, as a dataclass is

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"
