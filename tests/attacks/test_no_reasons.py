"""No output says why a cell is withheld, and no output shows a number the CSV does not.

Why a cell is withheld is itself a disclosure: "fewer than the threshold" puts a group on one
side of it, "withheld so it cannot be worked out by comparing views" on the other, and a
handful of ordinary links then narrows a count to a range of one to three. So every withheld
estimate must look the same wherever a user can see it: the CSV row, the table's Note, the
chart's hover text and the description. The test opens views in which some withheld cells
are small groups and others are not (it reads the truth only to know which is which, and
requires both kinds), and fails on any word or value that tells them apart.

It also checks that every base or estimate on screen (subtitle, hover, description, table) is
the one the CSV gives, so that the CSV attacks in this package see everything a user sees.

Not counted as a reason: a share withheld beside a shown base of its own group (rule (d):
fewer than the threshold have, or lack, the answer). That context is what the rule itself
implies and cannot be hidden without withholding the group's other shares too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.attacks.harness import (
    BASE,
    ESTIMATE,
    ORG_CARDS,
    REGIONS,
    SIZES,
    CardOutput,
    Target,
    View,
    collect,
    differences_by_reason,
    hover_by_cell,
    withheld_cells,
)

#: Views in which both kinds of withheld cell occur on the shipped extract: single regions and
#: sizes (small groups, and larger ones withheld to keep a block whole), and the unfiltered view.
ORG_VIEWS = [View(), *(View(regions=(r,)) for r in REGIONS), *(View(size_bands=(z,)) for z in SIZES)]
FRONTLINE = ("all", "frontline", "non_frontline")


@pytest.fixture(scope="module")
def outputs(shipped_target: Target) -> list[tuple[CardOutput, Callable[[str], int]]]:
    """Each card's output for each view, with a function giving a sector's true base in it."""
    out: list[tuple[CardOutput, Callable[[str], int]]] = []
    for view in ORG_VIEWS:
        for card in ORG_CARDS:
            output = collect(shipped_target, card, view.store(), str(view))
            out.append((output, lambda sector, view=view: shipped_target.true_org_base(view, sector)))
    tus = shipped_target.tus
    for frontline in FRONTLINE:
        store = {"frontline": frontline}
        output = collect(shipped_target, "admin", store, f"frontline={frontline}")
        chosen = tus if frontline == "all" else tus[tus["frontline"] == (frontline == "frontline")]
        counts = chosen["sector"].astype(str).value_counts()
        out.append((output, lambda sector, counts=counts: int(counts.get(sector, 0))))
    return out


def test_no_output_names_a_reason_next_to_a_cell(outputs) -> None:
    hits = [hit for output, _ in outputs for hit in output.reason_words()]
    assert not hits, f"{len(hits)} places say why a cell is withheld, e.g.:\n" + "\n".join(hits[:12])


def test_a_withheld_small_group_looks_exactly_like_any_other_withheld_cell(outputs, shipped_target: Target) -> None:
    cells = [c for output, truth in outputs for c in withheld_cells(output, truth, shipped_target.threshold)]
    small = sum(c.small for c in cells)
    print(f"{len(cells)} withheld cells: {small} of small groups, {len(cells) - small} of larger ones")
    assert small and len(cells) - small, "the views must hold both kinds of withheld cell, or this test proves nothing"
    problems = differences_by_reason(cells)
    assert not problems, "withheld cells differ by why they were withheld:\n" + "\n".join(problems)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def screen_numbers_not_in_the_csv(output: CardOutput) -> list[str]:
    """Bases and estimates on screen that differ from the CSV's for the same cell, or that the
    CSV withholds."""
    csv, rendered, problems = output.csv, output.rendered, []
    where = f"{output.card} {output.label}"
    bases = {r["sector"]: r[BASE] for _, r in csv.iterrows() if r[BASE].isdigit()}
    said = re.search(r"base ([\d,]+)", rendered.subtitle)
    if said and _number(said.group(1)) != sum(int(b) for b in bases.values()):
        problems.append(f"{where} subtitle says base {said.group(1)}; the CSV's shown bases add up to another number")
    labels = dict(zip(csv["measure"], csv["measure_label"], strict=False))
    hovers = hover_by_cell(rendered.figure, labels)
    rows = {(r["sector_label"], r["measure_label"]): r for _, r in csv.iterrows()}
    for _, r in csv.iterrows():
        hover = hovers.get((r["sector"], r["measure"]), "")
        base = re.search(r"base ([\d,]+)", hover)
        if base and base.group(1).replace(",", "") != r[BASE]:
            problems.append(f"{where} hover for {r['sector']} {r['measure']}: base {base.group(1)}, CSV {r[BASE]}")
        shown = re.search(r": (\d+)%", hover)
        if shown and not _close(shown.group(1), r[ESTIMATE]):
            problems.append(f"{where} hover for {r['sector']} {r['measure']}: {shown.group(1)}%, CSV {r[ESTIMATE]}")
    for sector, label in dict(zip(csv["sector"], csv["sector_label"], strict=False)).items():
        for found in re.finditer(rf"{re.escape(label)}[^;.]*?base ([\d,]+)", rendered.description):
            if found.group(1).replace(",", "") != bases.get(sector):
                problems.append(f"{where} description: {label} base {found.group(1)}, CSV {bases.get(sector, '[c]')}")
    table = rendered.table
    if table is not None:
        base_column = next(c for c in table.columns if c.startswith("Base"))
        estimate_column = next(c for c in table.columns if c.startswith("Estimate"))
        for _, row in table.iterrows():
            r = rows[(row["Sector"], row["Measure"])]
            text = row[base_column].replace(",", "")
            if text.isdigit() and text != r[BASE]:
                problems.append(f"{where} table: {row['Sector']} {row['Measure']} base {text}, CSV {r[BASE]}")
            shown = re.match(r"(\d+)%", row[estimate_column])
            if shown and not _close(shown.group(1), r[ESTIMATE]):
                problems.append(f"{where} table: {row['Sector']} {row['Measure']} {shown.group(1)}%, CSV {r[ESTIMATE]}")
    return problems


def _close(percent: str, csv_value: str) -> bool:
    """A whole percentage on screen is the CSV's 0.1-rounded estimate rounded again (or the CSV withholds it)."""
    try:
        return abs(int(percent) - float(csv_value)) <= 0.55
    except ValueError:
        return False


def test_every_number_on_screen_is_the_one_the_csv_gives(outputs) -> None:
    problems = [p for output, _ in outputs for p in screen_numbers_not_in_the_csv(output)]
    assert not problems, "\n".join(problems[:20])


def test_a_group_shows_the_same_base_on_every_card(outputs) -> None:
    """The AI and barriers cards count the same organisations in a view; two different noisy
    bases for one group would be two draws an attacker could average."""
    seen: dict[tuple[str, str], set[str]] = {}
    for output, _ in outputs:
        if output.card in ORG_CARDS:
            for _, r in output.csv.iterrows():
                if r[BASE].isdigit():
                    seen.setdefault((output.label, r["sector"]), set()).add(r[BASE])
    different = {k: v for k, v in seen.items() if len(v) > 1}
    assert not different, f"{len(different)} groups show different bases: {dict(list(different.items())[:5])}"
