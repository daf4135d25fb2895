"""Controlled vocabularies shared by every table, chart and filter.

One sector vocabulary runs through the whole product so that a survey estimate,
a published figure and a coded finding for "health" always mean the same group.
Groups that ONS publishes combined (police and fire) are their own ids and are
never split into their members.
"""

from __future__ import annotations

from types import MappingProxyType

#: The six sectors the product compares, in display order.
SECTORS: tuple[str, ...] = (
    "central_government",
    "local_government",
    "health",
    "education",
    "police",
    "fire",
)

SECTOR_LABELS = MappingProxyType(
    {
        "central_government": "Central government",
        "local_government": "Local government",
        "health": "Health",
        "education": "Education",
        "police": "Police",
        "fire": "Fire",
        # Groups that published figures use; members listed in SECTOR_GROUPS.
        "police_and_fire": "Police and fire",
        "frontline": "Frontline",
        "non_frontline": "Non-frontline",
        "frontline_supervisors": "Frontline supervisors",
        "all_public_sector": "All public sector",
        "private_sector": "Private sector",
        "all_sectors": "All sectors (stated generally)",
    }
)

#: Groups and the sectors they contain. "Frontline" follows the ONS article's
#: section 2: education, health, police and fire are the "more public-facing sectors".
SECTOR_GROUPS = MappingProxyType(
    {
        "police_and_fire": ("police", "fire"),
        "frontline": ("health", "education", "police", "fire"),
        "central_and_local": ("central_government", "local_government"),
        "all_public_sector": SECTORS,
    }
)

#: Sectors that published estimates may use: the six, plus the groups ONS reports.
PUBLISHED_SECTORS: tuple[str, ...] = SECTORS + (
    "police_and_fire",
    "frontline",
    "non_frontline",
    "frontline_supervisors",
    "all_public_sector",
    "private_sector",
)

#: The organisation survey follows PSMPS, which classifies police and fire together.
ORG_SURVEY_SECTORS: tuple[str, ...] = (
    "central_government",
    "local_government",
    "health",
    "education",
    "police_and_fire",
)

#: A finding the article attributes to no sector: managers generally ("some managers ...",
#: "managers felt ...") or every sector at once. It is a group of its own: never a member of any
#: sector, never copied into a sector's row, never counted as raised in a sector.
ALL_SECTORS = "all_sectors"

#: Findings name one of the six sectors, or ALL_SECTORS.
FINDING_SECTORS: tuple[str, ...] = SECTORS + (ALL_SECTORS,)

PARTICIPANT_GROUPS = MappingProxyType(
    {"current_manager": "Current manager", "former_civil_servant": "Former civil servant"}
)
METHODS = MappingProxyType({"interview": "Interview", "focus_group": "Focus group"})

THEMES = MappingProxyType(
    {
        "productivity": "Views on productivity",
        "management_practice": "Management practice",
        "innovation": "Innovation",
        "administration": "Administration",
        "ai": "AI and automation",
    }
)

CODE_CATEGORIES = MappingProxyType(
    {
        "barrier": "Barrier",
        "ai_use": "AI use",
        "admin_burden": "Admin burden",
        "practice": "Management practice",
        "productivity_view": "View on productivity",
        "benefit": "Benefit",
    }
)

SOURCE_STATUSES = MappingProxyType(
    {
        "official_statistics_in_development": "Official statistics in development",
        "qualitative_research": "Qualitative research",
        "secondary_analysis": "Secondary analysis (not ONS statistics)",
        "survey_information": "Survey information",
        "synthetic": "Synthetic data (invented for demonstration)",
        "real_extract": "Survey microdata extract",
        # Figures from publishers other than ONS (NAO, LGA, NHS Providers, royal colleges, unions ...).
        "published_research": "Published research (not ONS statistics)",
    }
)

UNITS = MappingProxyType(
    {
        "percent": "%",
        "score_0_1": "score (0 to 1)",
        "hours": "hours",
        "minutes": "minutes",
        "count": "count",
        "ratio": "ratio",
    }
)
#: The evidence map's topics: every published figure, finding and quote is filed under one of them.
TOPICS = MappingProxyType(
    {
        "admin_burden": "Admin burden",
        "ai_use": "AI use",
        "barriers": "Barriers",
        "management_practice": "Management practice",
    }
)

#: What a published figure counts: figures with different units of count never share an axis.
UNITS_OF_COUNT = MappingProxyType(
    {
        "organisations": "Organisations",
        "staff": "Staff",
        "share_of_time": "Share of working time",
        "hours": "Hours",
        "other": "Other",
    }
)

#: How a published figure was produced, said beside it so a census of bodies is not read as a poll.
FIGURE_KINDS = MappingProxyType(
    {
        "official_statistics": "Official statistics",
        "sample_survey": "Sample survey",
        "member_survey": "Survey of members (self-selected)",
        "census_of_bodies": "Census of bodies",
        "trial": "Trial or pilot evaluation",
        "administrative_data": "Administrative data",
        "parliamentary_answer": "Parliamentary answer",
        "modelled_estimate": "Modelled estimate",
        "observational_study": "Observational study",
        "vendor_research": "Vendor research",
        "qualitative_research": "Qualitative research",
    }
)

QUALIFIERS = ("exact", "approximate", "at_least", "up_to", "more_than", "nearly")

SIZE_BANDS: tuple[str, ...] = ("10 to 49", "50 to 249", "250 to 999", "1,000 or more")

#: ITL1 regions and nations of the UK, ONS order.
REGIONS: tuple[str, ...] = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
)

#: Barrier codes shared by the codebook and the organisation survey's flag columns: one name per
#: barrier. A shared name does not make a survey share evidence for a finding, least of all a
#: synthetic one, whose sector differences are random.
BARRIER_CODES: tuple[str, ...] = (
    "barrier_cost",
    "barrier_data_security",
    "barrier_trust_accuracy",
    "barrier_legacy_systems",
    "barrier_training_time",
    "barrier_resistance_to_change",
    "barrier_slow_decisions",
    "barrier_remote_leaders",
    "barrier_targets_pressure",
    "barrier_delegation_permissions",
    "barrier_vulnerable_groups",
    "barrier_no_consultation",
    "barrier_technical_expertise",
)

#: Time-use activity groups. Their shares of a worker's diary day sum to one.
#: Only the first is "sector-specific" in ONS's sense; the rest make up
#: "non-sector-specific" time, which ONS warns is not the same thing as admin.
ACTIVITY_GROUPS = MappingProxyType(
    {
        "share_sector_specific": "Sector-specific activities (e.g. teaching, patient management, policing)",
        "share_admin_records": "Forms, records and data entry",
        "share_email_meetings": "Email, meetings and correspondence",
        "share_planning_management": "Planning, people and project management",
        "share_analysis_research": "Data analysis and research",
        "share_other_non_sector": "Other non-sector-specific activities",
    }
)
#: The project's own admin definition for the synthetic extract (not an ONS measure).
ADMIN_ACTIVITY_GROUPS: tuple[str, ...] = ("share_admin_records", "share_email_meetings")


def sector_label(sector: str | None) -> str:
    """Human label for any sector or group id; former civil servants have no sector."""
    if sector is None or sector == "":
        return "No sector (former civil servants)"
    return SECTOR_LABELS.get(sector, sector)
