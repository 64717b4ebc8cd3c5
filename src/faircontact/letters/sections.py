"""A letter's wording as sections of plain text, so that staff edit words, never HTML (issue 17 §6).

The letter is still stored as the sanitised HTML subset (``rendering.sanitise``), with a ``data-element`` marker
around each part the letter must state (``kinds``). :func:`to_sections` reads it into sections — the opening, then one
per marked part, and any text between them — each a heading and a body of plain text; :func:`to_html` writes them
back. In a body:

- a blank line separates paragraphs, and a single line break stays a line break (an address, reasons line by line);
- lines beginning ``- `` are a bulleted list, lines beginning ``1. `` (any number) a numbered list; a line indented
  under an item continues it.

Every word survives: markup the plain text cannot show (bold, a table, a second heading in a part) becomes plain
text in the body, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from .rendering import sanitise

HEADINGS = ("h1", "h2", "h3")
#: elements that end a paragraph (``li`` is handled as a list item)
_BLOCKS = frozenset({"p", "div", "section", "blockquote", "table", "tr", "dl", "dt", "dd", "ul", "ol", *HEADINGS})
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")
ELEMENT_NAME = re.compile(r"[a-z_]{1,40}")


@dataclass
class Section:
    """One part of the letter: ``element`` is the ``data-element`` it states ('' for text the letter needs no
    marker for), ``level`` the heading's tag."""

    element: str = ""
    heading: str = ""
    level: str = "h2"
    body: str = ""


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.open: Section | None = None  # the section being read
        self.blocks: list[str] = []  # its body, block by block
        self.lines: list[str] = []  # the current block's lines
        self.text: list[str] = []  # the current line's words
        self.lists: list[list] = []  # [kind, count] of each open list
        self.item = ""  # the prefix of the current list item ("- ", "2. ") until its first words
        self.depth = 0  # depth of tags inside a marked part (0: outside one)
        self.heading: str | None = None  # the tag of the section heading being read
        self.heading_text: list[str] = []

    def _line(self):
        words = re.sub(r"\s+", " ", "".join(self.text)).strip()
        self.text = []
        if not words:
            return
        if self.item:
            words, self.item = self.item + words, ""
        elif self.lists and self.lines:
            words = "  " + words  # a line break inside a list item: the item continues
        self.lines.append(words)

    def _block(self):
        self._line()
        if self.lines:
            self.blocks.append("\n".join(self.lines))
        self.lines = []

    def _close(self):
        self._block()
        if self.open is not None:
            self.open.body = "\n\n".join(self.blocks)
        self.blocks, self.open = [], None

    def _start(self, **fields) -> Section:
        self._close()
        self.open = Section(**fields)
        self.sections.append(self.open)
        return self.open

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self._line()
            return
        element = dict(attrs).get("data-element") or ""
        if self.depth:
            self.depth += 1
        elif element:
            self._start(element=element)
            self.depth = 1
            return
        if tag in HEADINGS and not self.lists:
            self._block()
            section = self.open
            empty = section is not None and not section.heading and not self.blocks
            if self.depth and not empty:
                return  # a second heading in a marked part: kept as a paragraph of its body
            if not empty:
                section = self._start()
            section.level = tag
            self.heading, self.heading_text = tag, []
        elif tag in ("ul", "ol"):
            self._block()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._line()
            count = 0
            if self.lists:
                self.lists[-1][1] += 1
                count = self.lists[-1][1]
            self.item = f"{count}. " if self.lists and self.lists[-1][0] == "ol" else "- "
        elif tag in ("td", "th"):
            self.text.append(" ")
        elif tag in _BLOCKS and not self.lists:
            self._block()

    def handle_endtag(self, tag):
        if tag == "br":
            return
        if self.heading and tag == self.heading:
            self.open.heading = re.sub(r"\s+", " ", "".join(self.heading_text)).strip()
            self.heading = None
        elif tag in ("ul", "ol") and self.lists:
            self._block()
            self.lists.pop()
        elif tag == "li":
            self._line()
            self.item = ""
        elif tag in _BLOCKS and not self.lists:
            self._block()
        if self.depth:
            self.depth -= 1
            if not self.depth:
                self._close()  # what follows the marked part is a section of its own

    def handle_data(self, data):
        if self.heading:
            self.heading_text.append(data)
        elif data.strip() or self.text:
            if self.open is None:
                self._start()
            self.text.append(data)

    def result(self) -> list[Section]:
        self._close()
        return [s for s in self.sections if s.element or s.heading or s.body]


def to_sections(html: str) -> list[Section]:
    """The letter's sanitised HTML as sections of plain text."""
    reader = _Reader()
    reader.feed(sanitise(html))
    reader.close()
    return reader.result()


def _body_html(body: str) -> str:
    out = []
    for block in re.split(r"\n[ \t]*\n", body.replace("\r\n", "\n").strip()):
        runs: list[tuple[str, list[str]]] = []  # consecutive lines of one kind: ("p" | "ul" | "ol", lines)
        for line in block.split("\n"):
            if not line.strip():
                continue
            kind = "ul" if _BULLET.match(line) else "ol" if _NUMBER.match(line) else "p"
            if kind == "p" and runs and runs[-1][0] != "p" and line[:1].isspace():
                runs[-1][1][-1] += "\n" + line.strip()  # an indented line continues the list item
                continue
            if runs and runs[-1][0] == kind:
                runs[-1][1].append(line)
            else:
                runs.append((kind, [line]))
        for kind, lines in runs:
            if kind == "p":
                out.append("<p>" + "<br>".join(escape(line.strip(), quote=False) for line in lines) + "</p>")
            else:
                marker = _BULLET if kind == "ul" else _NUMBER
                items = "".join(
                    "<li>"
                    + "<br>".join(escape(part, quote=False) for part in marker.sub("", line).split("\n"))
                    + "</li>"
                    for line in lines
                )
                out.append(f"<{kind}>{items}</{kind}>")
    return "\n".join(out)


def to_html(sections: list[Section]) -> str:
    """Sections back into the letter's HTML: each marked part in its ``data-element`` division; an empty section
    leaves nothing (so a required part left empty is reported missing, not sent blank)."""
    out = []
    for s in sections:
        heading, body = s.heading.strip(), s.body.strip()
        if not (heading or body):
            continue
        level = s.level if s.level in HEADINGS else "h2"
        inner = (f"<{level}>{escape(heading, quote=False)}</{level}>\n" if heading else "") + _body_html(body)
        if s.element and ELEMENT_NAME.fullmatch(s.element):
            out.append(f'<div data-element="{s.element}">\n{inner}\n</div>')
        else:
            out.append(inner)
    return "\n".join(out)


def with_parts(sections: list[Section], elements) -> list[Section]:
    """``sections`` and, after them, an empty section for each part the letter must state (``kinds.Element``) that
    it lacks, so the form offers a place to write it."""
    present = {s.element for s in sections}
    return sections + [Section(element=e.name) for e in elements if e.name not in present]
