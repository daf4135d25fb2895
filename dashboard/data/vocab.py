"""Controlled vocabularies shared by every table, chart and filter.

One sector vocabulary runs through the whole product so that a survey estimate,
a published figure and a coded finding for "health" always mean the same group.
Groups that ONS publishes combined (police and fire) are their own ids and are
never split into their members. The module runs past 250 lines because it is a list of
vocabularies (and the hand-reviewed search keywords), each short; splitting it would give
the one sector vocabulary more than one home.
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
        # Groups that published figures use; sector groups' members are listed in SECTOR_GROUPS.
        "police_and_fire": "Police and fire",
        # Role groups (ROLE_GROUPS): workers by what they do, in every sector; never a sector's members.
        "frontline": "Frontline workers (role group)",
        "non_frontline": "Non-frontline workers (role group)",
        "frontline_supervisors": "Frontline supervisors (role group)",
        "all_public_sector": "All public sector",
        "private_sector": "Private sector",
        "all_sectors": "All sectors (stated generally)",
    }
)

#: Groups and the sectors they contain. "Frontline" here is the ONS article's name (section 2) for
#: the "more public-facing sectors", education, health, police and fire: the sector shortcut. It is
#: not the frontline role group of published figures (ROLE_GROUPS), which is never read as sectors.
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

#: Role groups of published figures: workers grouped by their role, found in every sector (ONS's time
#: use survey: frontline workers "who tend to work with the public directly", non-frontline workers, and
#: frontline supervisors). They are shown beside the sectors whatever the sector filter and are never
#: counted as, or credited to, any sector.
ROLE_GROUPS: tuple[str, ...] = ("frontline", "non_frontline", "frontline_supervisors")

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


#: Everyday words a reader may search for a code's subject when the text, or the code's label, uses
#: other words: "money" for Cost and finite budgets, "GDPR" or "privacy" for Data security. A search
#: for any of them finds the code's findings and quotes (`analysis.qualitative_search.search_pattern`, whole
#: word and case-insensitive, as for a label). Reviewed by hand against each code's definition in
#: the codebook: a word is listed only where the definition covers it, and a word that names
#: another code's subject as well is listed under both or neither. Codes whose label already holds
#: the words a reader would use have no entry. Labels and definitions live in the codebook table.
# fmt: off
CODE_KEYWORDS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "barrier_cost": (
            "money", "funding", "funds", "budget", "budgets", "cost", "costs", "expensive", "afford",
            "affordable", "finance", "financial", "spending", "investment", "price",
        ),
        "barrier_data_security": (
            "GDPR", "data protection", "privacy", "cyber", "cyber-attack", "cyber-attacks", "cyber security",
            "cybersecurity", "data breach", "data breaches", "breach", "breaches", "hacking", "confidentiality",
        ),
        "barrier_trust_accuracy": (
            "accuracy", "accurate", "inaccurate", "errors", "mistakes", "trust", "reliable", "reliability",
            "hallucination", "hallucinations", "checking",
        ),
        "barrier_legacy_systems": (
            "IT", "IT systems", "legacy", "legacy systems", "old systems", "outdated", "old technology",
            "integration", "integrate", "interoperability", "double entry", "workarounds",
        ),
        "barrier_training_time": ("training", "upskilling", "learning", "learn", "skills", "time to learn"),
        "barrier_resistance_to_change": (
            "resistance", "reluctance", "reluctant", "apprehensive", "culture change", "buy-in",
        ),
        "barrier_slow_decisions": ("delay", "delays", "bureaucracy", "red tape", "sign-off", "approval", "late"),
        "barrier_remote_leaders": ("senior leaders", "leadership", "hierarchy", "disconnect", "communication"),
        "barrier_targets_pressure": ("targets", "workload", "pressure", "firefighting"),
        "barrier_delegation_permissions": ("delegation", "delegate", "permissions", "access", "access rights"),
        "barrier_vulnerable_groups": (
            "vulnerable", "vulnerable people", "safeguarding", "human contact", "chatbot", "chatbots",
            "virtual assistant", "virtual assistants",
        ),
        "barrier_no_consultation": ("consultation", "consulted", "top-down", "imposed", "engagement", "communication"),
        "barrier_technical_expertise": (
            "expertise", "know-how", "technical skills", "digital skills", "software", "skills",
        ),
        "ai_formal_pilot": ("pilot", "trial", "Copilot"),
        "ai_individual_use": ("ChatGPT", "generative AI", "GenAI"),
        "ai_automation_in_use": ("automation", "automated", "automate", "RPA"),
        "admin_email_prominent": ("email", "emails", "inbox", "correspondence"),
        "admin_paperwork": ("paperwork", "forms", "data entry", "filing", "printing"),
        "admin_overwhelmed": ("burnout", "overtime", "evenings", "weekends", "out of hours"),
        "benefit_reduce_admin": ("time saving", "save time", "efficiency", "freeing up time"),
        "benefit_accuracy_speed": ("reporting", "speed", "faster", "handheld devices"),
    }
)
# fmt: on
