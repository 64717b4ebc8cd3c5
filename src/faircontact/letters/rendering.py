"""The letter as a document: sanitised body, the full page and plain text (the PDF: ``core.pdf.render_pdf``).

Standard print is 12 pt Arial; large print (000 §6.2 "written communication in large print") sets every piece of
text at 16 pt or more with a clear, single-column layout. Plain text is for e-mail and screen readers.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .wording import Wording

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "br",
        "div",
        "span",
        "section",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "dl",
        "dt",
        "dd",
    }
)
VOID_TAGS = frozenset({"br"})
DROP_CONTENT = frozenset({"script", "style", "head", "title", "iframe", "object", "template"})
BLOCK_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "ul",
        "ol",
        "li",
        "div",
        "section",
        "blockquote",
        "table",
        "tr",
        "dl",
        "dt",
        "dd",
        "header",
        "footer",
        "address",
    }
)


#: tags that are not kept but sit inside a line of text: dropping them must not add a space ("<u>un</u>til")
INLINE_TAGS = frozenset(
    {"a", "abbr", "big", "cite", "code", "del", "dfn", "font", "ins", "kbd", "label", "mark", "q", "s", "samp"}
    | {"small", "strike", "sub", "sup", "time", "tt", "u", "var"}
)
_LINK = re.compile(r"(https?:|mailto:)[^\s<>\"']{1,500}")


class _Sanitiser(HTMLParser):
    """Keeps the allowed tags; of any other, its words (and a link's address and an image's text, as text), with a
    space where the tag separated words ("<button>click me</button><i>red</i>" is "click me red", never
    "click mered"). Only the content of ``DROP_CONTENT`` elements goes, listed in ``dropped``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0
        self.links: list[tuple[str, int]] = []  # each open link's address and where its words begin in out
        self.dropped: list[tuple[str, list[str]]] = []  # each dropped element and its words

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.dropping += 1
            if self.dropping == 1:
                self.dropped.append((tag, []))
            return
        if self.dropping:
            return
        if tag not in ALLOWED_TAGS:
            values = dict(attrs)
            if tag == "a":
                link = _LINK.fullmatch((values.get("href") or "").strip())
                self.links.append((link.group(0) if link else "", len(self.out)))
            elif tag == "img" and (values.get("alt") or "").strip():
                self.out.append(" " + escape(values["alt"].strip(), quote=False) + " ")
            elif tag not in INLINE_TAGS:
                self.out.append(" ")
            return
        element = dict(attrs).get("data-element")
        extra = f' data-element="{escape(element)}"' if element and re.fullmatch(r"[a-z_]{1,40}", element) else ""
        self.out.append(f"<{tag}{extra}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping:
            return
        if tag == "a" and self.links:
            href, start = self.links.pop()
            if href and escape(href, quote=False) not in "".join(self.out[start:]):
                self.out.append(f" ({escape(href, quote=False)})")
            return
        if tag not in ALLOWED_TAGS and tag not in INLINE_TAGS:
            self.out.append(" ")
        if tag not in self.open:
            return
        while self.open:
            current = self.open.pop()
            self.out.append(f"</{current}>")
            if current == tag:
                break

    def handle_data(self, data):
        if self.dropping:
            self.dropped[-1][1].append(data)
        else:
            self.out.append(escape(data, quote=False))


def _sanitised(html: str) -> _Sanitiser:
    parser = _Sanitiser()
    parser.feed(html or "")
    parser.close()
    return parser


def sanitise(html: str) -> str:
    """Keep only simple text markup and ``data-element`` markers; drop scripts, styles and attributes, keeping the
    words of every other tag (a link's address as text)."""
    parser = _sanitised(html)
    return "".join(parser.out) + "".join(f"</{t}>" for t in reversed(parser.open))


def dropped_text(html: str) -> list[str]:
    """What :func:`sanitise` would remove that has words in it, each as ``<tag> ("its first words…")``: a letter's
    text is refused rather than saved without them (the words never vanish silently)."""
    found = []
    for tag, parts in _sanitised(html).dropped:
        words = re.sub(r"\s+", " ", "".join(parts)).strip()
        if words:
            found.append(f'<{tag}> ("{words[:40]}{"…" if len(words) > 40 else ""}")')
    return found


class _Text(HTMLParser):
    """HTML to plain text: paragraphs separated by blank lines, headings underlined, list items bulleted."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        #: the lines of this paragraph ended by ``<br>``: kept as lines (an address, reasons typed line by line)
        self.broken: list[str] = []
        self.heading = ""
        self.dropping = 0
        self.lists: list[list] = []

    def _flush(self):
        lines = [*self.broken, "".join(self.current)]
        text = "\n".join(line for line in (re.sub(r"\s+", " ", line).strip() for line in lines) if line)
        self.current, self.broken = [], []
        if not text:
            return
        if self.heading:
            self.lines += [text, ("=" if self.heading == "h1" else "-") * min(len(text), 70), ""]
        else:
            self.lines += [text, ""]

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.dropping += 1
        elif tag in BLOCK_TAGS or tag in ("h1", "h2", "h3"):
            self._flush()
            if tag in ("h1", "h2", "h3"):
                self.heading = tag
            if tag in ("ul", "ol"):
                self.lists.append([tag, 0])
            if tag == "li" and self.lists:
                self.lists[-1][1] += 1
                kind, count = self.lists[-1]
                self.current.append(f"{count}. " if kind == "ol" else "- ")
            if tag == "dd":
                self.current.append("  ")
        elif tag == "br":
            self.broken.append("".join(self.current))
            self.current = []

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
        elif tag in BLOCK_TAGS or tag in ("h1", "h2", "h3"):
            if tag == "li":
                lines = [re.sub(r"\s+", " ", line).strip() for line in [*self.broken, "".join(self.current)]]
                self.current, self.broken = [], []
                if any(lines):
                    self.lines.append("\n  ".join(line for line in lines if line))
                return
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
                self.lines.append("")
            self._flush()
            self.heading = ""

    def handle_data(self, data):
        if not self.dropping:
            self.current.append(data)

    def text(self) -> str:
        self._flush()
        out = "\n".join(line.rstrip() for line in self.lines)
        return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.text()


def text_of(html: str) -> str:
    """The words of an HTML fragment on one line, for comparing with recorded values."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html or ""))).strip()


def letters_dir(profile_slug: str) -> Path:
    return Path(settings.FAIRCONTACT_POLICIES_DIR) / "letters" / profile_slug


def policy_appendix(profile_slug: str, language: str = "en") -> str:
    """The profile's plain-language summary of its policy (``policies/letters/<slug>/[cy/]policy.html``, in the
    letter's language where the profile has it, else English), or ''."""
    folder = letters_dir(profile_slug)
    path = folder / language / "policy.html" if language != "en" else folder / "policy.html"
    path = path if path.exists() else folder / "policy.html"
    return sanitise(path.read_text(encoding="utf-8")) if path.exists() else ""


def document_html(letter, *, profile, on: date, draft: bool) -> str:
    """The whole letter: letterhead, addressee, date, reference, body, signature, enclosures and appendix, its
    frame in the letter's language (``letters.wording``)."""
    facts = letter.facts or {}
    say = Wording(facts.get("language", "en"))
    return render_to_string(
        "letters/document.html",
        {
            "letter": letter,
            "profile": profile,
            "facts": facts,
            "lang": "cy" if say.language == "cy" else "en-GB",
            "frame": say.frame(),
            "policy_title": profile.words_in(say.language).policy_title,
            "letter_date": say.day(on),
            "draft": draft,
            "large_print": letter.format == "large_print",
            "body": sanitise(letter.text),
            "appendix": (policy_appendix(profile.slug, say.language) if "policy" in (letter.attachments or []) else ""),
        },
    )
