"""A source paragraph as HTML: cited spans highlighted, entity mentions linked.

Cited spans and mentions may overlap or cross each other. HTML elements must
nest, so a span that crosses another is closed and re-opened around it; the
first piece carries the ``id`` the citation links to and every piece carries
``data-span``, so the whole span can be styled as one.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Interval:
    start: int
    end: int
    tag: str
    attributes: tuple[tuple[str, str], ...]
    continued_attributes: tuple[tuple[str, str], ...]

    def open(self, continued: bool) -> str:
        attributes = self.continued_attributes if continued else self.attributes
        rendered = "".join(f' {name}="{escape(value)}"' for name, value in attributes)
        return f"<{self.tag}{rendered}>"

    def close(self) -> str:
        return f"</{self.tag}>"


def cited_span(start: int, end: int, anchor: str, title: str) -> Interval:
    common = (("class", "cited"), ("data-span", anchor), ("title", title))
    return Interval(start, end, "mark", (("id", anchor), *common), common)


def mention_link(start: int, end: int, href: str, title: str) -> Interval:
    attributes = (("class", "mention"), ("href", href), ("title", title))
    return Interval(start, end, "a", attributes, attributes)


def render_intervals(text: str, intervals: list[Interval]) -> Markup:
    """Escape ``text`` and wrap each interval's characters in its element, nesting properly."""
    intervals = [i for i in intervals if 0 <= i.start < i.end <= len(text)]
    starts: dict[int, list[Interval]] = {}
    for interval in sorted(intervals, key=lambda i: (i.start, -i.end, i.tag != "mark")):
        starts.setdefault(interval.start, []).append(interval)
    points = sorted({0, len(text), *(i.start for i in intervals), *(i.end for i in intervals)})
    out: list[str] = []
    stack: list[Interval] = []
    for index, position in enumerate(points):
        if any(open_.end <= position for open_ in stack):
            reopen: list[Interval] = []
            while any(open_.end <= position for open_ in stack):
                top = stack.pop()
                out.append(top.close())
                if top.end > position:
                    reopen.append(top)
            for interval in reversed(reopen):
                out.append(interval.open(continued=True))
                stack.append(interval)
        for interval in starts.get(position, []):
            out.append(interval.open(continued=False))
            stack.append(interval)
        if index + 1 < len(points):
            out.append(str(escape(text[position : points[index + 1]])))
    return Markup("".join(out))
