"""What names one page of the site before it is rendered: :class:`PageSpec`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from briefing.render.context import PageContext


class PageSpec(NamedTuple):
    """One page of the site: where it goes, its template, and the function of its page kind that gives its
    variables (called with the ``Renderer``, and with ``key``, the record's id, if there is one).

    Plain data rather than a bound closure: a large briefing lists tens of thousands of pages on every
    build, most of which are reused without their builder ever being called.
    """

    path: str
    template: str
    builder: Callable[..., dict[str, Any]]
    key: str | None = None
    context: type[PageContext] = PageContext
