"""Links from a finding or quote to its section of the article, and to its own words."""

from __future__ import annotations

from dashboard.analysis import qualitative_links as links


def test_section_link_goes_to_the_articles_heading_and_names_the_words():
    url = "https://www.ons.gov.uk/article"
    section = (
        "6. Artificial intelligence (AI) to improve productivity > Risks and barriers to using new technology and AI"
    )
    assert links.section_anchor(section) == "artificial-intelligence-ai-to-improve-productivity"
    assert links.section_anchor("1. Main points") == "main-points"
    assert links.section_link(url, section) == url + "#artificial-intelligence-ai-to-improve-productivity"
    # Short evidence is named whole; "-", "," and "&" are encoded, as a text fragment needs.
    assert links.section_link(url + "#old", "5. Administration", "public-facing, paper & ink") == (
        url + "#administration:~:text=public%2Dfacing%2C%20paper%20%26%20ink"
    )
    # A long passage by its first and last six words.
    words = " ".join(f"w{i}" for i in range(20))
    assert links.section_link(url, "1. Main points", words) == (
        url + "#main-points:~:text=w0%20w1%20w2%20w3%20w4%20w5,w14%20w15%20w16%20w17%20w18%20w19"
    )
