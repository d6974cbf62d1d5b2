"""Every use of a private Textual API, in one place. pyproject.toml bounds Textual's
version above for them; when Textual moves, this is the one module to read again."""

from __future__ import annotations

from textual._styles_cache import StylesCache
from textual.app import App


async def check_priority_bindings(app: App, key: str) -> bool:
    """Run ``key``'s priority binding (ctrl+q, say), as Textual does before anything else."""
    return await app._check_bindings(key, priority=True)


def forget_styles_caches() -> None:
    """Textualize/textual#6665: ``StylesCache.get_inner_outer`` is an ``lru_cache`` on a
    method, so it keeps up to 1,024 StylesCaches alive, with every line they drew, long
    after their widgets (toasts, the palette, closed screens) are gone. The cache holds
    two Styles per pair of colours: clearing it costs one recomputation."""
    StylesCache.get_inner_outer.cache_clear()
