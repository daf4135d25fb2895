"""Links from a finding or quote to the words in the article it comes from.

A link goes to the article's top-level heading (`section_anchor`) and, where the browser
supports text fragments, to the finding's or quote's own words (`section_link`).
"""

from __future__ import annotations

import re
from urllib.parse import quote


def section_anchor(section: str) -> str:
    """The id ONS gives an article's top-level heading, from a finding's section:
    "6. Artificial intelligence (AI) to improve productivity > Risks ..." gives
    "artificial-intelligence-ai-to-improve-productivity" (its number and sub-heading dropped,
    lower case, every run of other characters a hyphen)."""
    top = re.sub(r"^\s*\d+\.\s*", "", section.split(">")[0])
    return re.sub(r"[^a-z0-9]+", "-", top.lower()).strip("-")


#: The longest passage a link names in full; a longer one is named by its first and last words.
TEXT_FRAGMENT_WORDS = 12


def section_link(url: str, section: str, evidence: str = "") -> str:
    """A link to the finding's section of the article; with `evidence` (verbatim words from that
    section), also a text fragment (`#section:~:text=...`) with which browsers that support it
    scroll to the words themselves; others go to the section."""
    link = f"{url.split('#')[0]}#{section_anchor(section)}"
    words = evidence.split()
    if not words:
        return link

    def encoded(part: list[str]) -> str:
        # A text directive's own syntax uses "-", "," and "&": each is percent-encoded in the text.
        return quote(" ".join(part), safe="").replace("-", "%2D")

    # A long passage (a quote) is named by its first and last words: "text=start,end".
    if len(words) > TEXT_FRAGMENT_WORDS:
        half = TEXT_FRAGMENT_WORDS // 2
        return f"{link}:~:text={encoded(words[:half])},{encoded(words[-half:])}"
    return f"{link}:~:text={encoded(words)}"
