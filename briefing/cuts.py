"""Where a text can be cut so that a regular expression reads the two parts as it reads the whole: what the
streamed spacing pass (``render.spacing``) and the piecewise link reader (``linkcheck``) share.

Both skip "elements" their expressions read whole (raw elements; comments, scripts and styles), met in
order from the text's start, as the expression's own scan meets them. A cut is safe only outside every
such element and not at its very end, and never after the opening of one that does not close within the
text, since only what follows can tell where (or whether) it closes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The last candidate cut before ``bound`` in ``text`` (a position the caller's own rule allows), 0 for none.
Candidates = Callable[[str, int], int]


def last_safe_cut(text: str, opening: re.Pattern[str], element: re.Pattern[str], candidate: Candidates) -> int:
    """The last ``candidate`` cut of ``text`` that no element spans or ends at, and that comes before any
    element ``opening`` begins but ``element`` does not match within ``text``; 0 if there is none."""
    limit, position = len(text), 0
    elements: list[tuple[int, int]] = []  # where the elements before limit begin and end
    while found := opening.search(text, position):
        match = element.match(text, found.start())
        if match is None:  # it may end in the text still to come
            limit = found.start()
            break
        elements.append((found.start(), match.end()))
        position = match.end()
    cut = candidate(text, limit + 1)
    while cut > 0:
        while elements and elements[-1][0] >= cut:  # one that begins at the cut is in what follows
            elements.pop()
        if elements and cut <= elements[-1][1]:  # inside one, or just after its end: at its start or before
            cut = candidate(text, elements[-1][0] + 1)
        else:
            return cut
    return 0
