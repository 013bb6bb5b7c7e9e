"""Every rule that turns stored events and stances into signed relations, in one place.

The relations analysis (`dyads`, `network`, `balance`, `why`, `shifts`) reads its constants from this
module only; change a rule here and every command follows. The rules, in the order they apply:

1. **Evidence records.** An *event* gives one record per (source, target) pair of its actors; a
   *stance* ("Azerbaijan's closeness with Israel") gives one record for its pair (a, b). Relations are
   undirected: the pair is stored as (min, max) of the two codes. A record whose two ends are the same
   node (after rule 2) is dropped.

2. **Nodes.** An actor that is a state (a three-letter ISO 3166 code that pycountry knows, current or
   historic, plus `EXTRA_STATES`) is its own node. An actor that acts *for* a state - a person, organ
   or unit whose `country` is a state and whose `sector` begins with one of `STATE_SECTORS` (government,
   military, police, judiciary, legislature, intelligence, diplomacy) - is rolled up into that state:
   "Ilham Aliyev" (AZE, GOV) speaks for Azerbaijan. People of a state who do not act for it - a
   mention coded with the state but with another sector: "a British man" (GBR, UNK), "Cuban migrants"
   (CUB, REF) - are the node country.sector (`GBR.CVL`, `CUB.REF`; an unknown sector counts as
   civilians, `PEOPLE_SECTOR_ALIASES`): Albania charging a Briton is no act against the United Kingdom.
   A reference whose sector says it is no actor (`NO_ACTOR_SECTORS`, "a British typhoon") is dropped.
   Stances follow the same rule when they are stored (`rules.node`). Every other actor (a rebel group, a party, an international
   organisation, a company) stays its own node; the `states` network keeps only state nodes.

3. **Mode weight.** A record counts with the weight of its modality (`MODE_WEIGHTS`), from "it
   happened" down to "it did not":

   ============  ======  ==========================================================================
   mode          weight  why
   ============  ======  ==========================================================================
   asserted      1       the writer says it happened
   reported      0.7     someone the writer quotes says so ("according to Reuters")
   alleged       0.5     an accusation ("Iran accused Azerbaijan of helping Israel")
   historical    0.5     it happened, told in passing as background; it counts in its own period
                         (rule 10), never in the article's
   planned       0.25    intent, not yet an act ("plans to", "vowed to", "will")
   hypothetical  0       *excluded*: "if Israel struck Iran" is no evidence that it did
   denied        0       *excluded*: "Israeli officials denied the report" is none that it happened
   negated       0       *excluded*: "did not", "never", "refused to"
   ============  ======  ==========================================================================

   A compound mode ("reported+alleged", outermost frame first, as `entente.events.modes` writes it)
   multiplies the weights of its parts: reported+alleged 0.7 x 0.5 = 0.35, reported+planned 0.175,
   and any excluded part excludes the whole (reported+planned+hypothetical = 0). A missing mode is
   asserted; an unknown part weighs `UNKNOWN_MODE_WEIGHT`. A record whose weight is 0 is *excluded*:
   it is still listed as evidence (marked "not counted"); an evidence unit (rule 7) all of whose
   records weigh 0 is counted in `n_excluded`, by mode (a denial told in the same unit as a counted
   record - same article, pair, type and date - is folded into that unit).
   Every relation says which weights it used: `legend()` (the table above on one line) and, for each
   piece of evidence, `explain_weight()` (its mode's parts, denial factor and confidence, and their
   product). (`entente.events.modes.MODE_WEIGHTS` is the extractor's own view of certainty and is not
   used by relations.)

4. **Denials.** An event that another record denies (its `denied_by` is set, or a `claims` row
   `denies` it) is *disputed*: its weight is multiplied by `DISPUTED_FACTOR` (0.25). It still shows as
   evidence, flagged, but never counts as an asserted event.

5. **Extraction confidence.** The weight is multiplied by the extractor's `confidence` (1.0 when the
   extractor gives none).

6. **Intensity.** The signed value of an event is its Goldstein intensity / 10, in [-1, +1]; when the
   intensity is missing, the typical intensity of its quad class (`QUAD_INTENSITY`). A stance's value is
   `sign * strength`, with `STANCE_STRENGTH` when no strength is given, times `STANCE_SCALE`.

7. **Near-duplicates counted once.** Records from an article that the store marks
   `near_duplicate_of` another are dropped: the story was counted with its first copy. Within one
   article, records of the same pair, type and date are one *evidence unit* (an attack told three times
   in one story is one attack), and so are events of different articles that share an event-group key
   (`entente.store.groups`: type, actors, date at its precision, happened or only expected), so that an
   act reported by ten outlets counts once: the unit's weight is the largest of its records' weights
   and its value their weighted mean; its articles and outlets are all counted as sources (rule 9).

8. **Score.** A dyad's score over a window is the net intensity ratio of its units::

       score = sum(w * v) / sum(w * max(|v|, VALUE_FLOOR))

   in [-1, +1]: +1 when all the evidence is friendly, -1 when all is hostile, near 0 when it is mixed or
   neutral (statements of intensity 0 dilute it through the floor). `sign` is +1 / -1 by the score, 0
   when `|score| < NEUTRAL_BAND` or when no unit has a positive weight.

9. **Confidence.** It grows with independent outlets and with evidence weight::

       confidence = (1 - 2 ** -n_sources) * (1 - exp(-sum(w) / EVIDENCE_SCALE))

   `n_sources` counts distinct outlets (an article without an outlet is its own source) among the
   articles left after rule 7; so one outlet repeating itself never looks like corroboration.

10. **Time.** A record's time is the event's own date when the text gives one, at any precision,
    else the article's publication date (a stance always takes the publication date). A historical
    event (a mode with the part `historical`) is counted in its own period only: dated, it falls in
    the windows of its own date ("the 2010 raid" in 2010, however late the article); undated, it is
    in no window and no range, never in the article's - it counts only in a relation over all time.
    An event the text dates only to a decade or a century ("in World War Two", "in the 1990s") is in
    no year, month or day window, and never in its publication's. A
    record belongs to a window only if its time is at least as precise as the window (an event dated
    "2012" is in the year 2012, but in no month of it) and to a `since`/`until` range only if its whole
    period lies inside the range. Undated records count only when no range or window is asked for.

11. **Evidence.** The evidence of a relation is its records ordered by `|w * v|`, strongest first.

Shift detection and balance have their own documented constants below (`SHIFT_*`, `EXACT_*`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pycountry

#: Rule 3: weight of each modality (see `entente.events.modes.MODES`).
MODE_WEIGHTS: dict[str, float] = {
    "asserted": 1.0,
    "reported": 0.7,
    "alleged": 0.5,
    "historical": 0.5,
    "planned": 0.25,
    "hypothetical": 0.0,
    "denied": 0.0,
    "negated": 0.0,
}
#: Rule 10: the mode part counted in its own period only.
HISTORICAL = "historical"
#: Rule 3: weight of a mode part not in `MODE_WEIGHTS`.
UNKNOWN_MODE_WEIGHT = 0.5
#: Rule 4: factor for an event that another record denies.
DISPUTED_FACTOR = 0.25
#: Rule 6: Goldstein intensity assumed for an event without one, by quad class.
QUAD_INTENSITY: dict[int, float] = {1: 3.0, 2: 6.0, 3: -4.0, 4: -8.0}
#: Rule 6: a stance without strength, and the scale of stance values relative to events.
STANCE_STRENGTH = 0.5
STANCE_SCALE = 1.0
#: Rule 8: the smallest |value| a unit adds to the score's denominator (Goldstein 1 / 10).
VALUE_FLOOR = 0.1
#: Rule 8: |score| below this is no sign (0).
NEUTRAL_BAND = 0.05
#: Rule 9: the evidence weight at which confidence has grown to 1 - 1/e of its source term.
EVIDENCE_SCALE = 2.0

#: Rule 2: sectors (prefixes) of actors that act for their state.
STATE_SECTORS: tuple[str, ...] = ("GOV", "MIL", "COP", "JUD", "LEG", "SPY", "DIP")
#: Rule 2: codes treated as states although ISO 3166 leaves them user-assigned.
EXTRA_STATES: frozenset[str] = frozenset({"XKX"})

#: Window granularities, finest last, with their precision rank (rule 10).
WINDOWS: dict[str, int] = {"year": 1, "month": 2, "day": 3}
#: How a window is labelled (strftime).
WINDOW_LABEL: dict[str, str] = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}

#: Shifts (`shifts.py`): Welch's t-test on the unit values (w * v) of two consecutive windows of a
#: dyad; each window needs at least SHIFT_MIN_EVENTS units, the score must move by SHIFT_MIN_DELTA,
#: and the Benjamini-Hochberg adjusted p-value over every pair of windows tested must be below SHIFT_ALPHA.
SHIFT_MIN_EVENTS = 3
SHIFT_MIN_DELTA = 0.2
SHIFT_ALPHA = 0.05

#: Balance (`balance.py`): the frustration index is exact for every biconnected block of at most
#: EXACT_NODES nodes (exhaustive over 2-colourings); larger blocks use a multi-start local search
#: with at most HEURISTIC_RESTARTS starts, seeded for reproducibility.
EXACT_NODES = 20
HEURISTIC_RESTARTS = 16
HEURISTIC_SEED = 7


def mode_weight(mode: str | None) -> float:
    """Rule 3: the weight of a (possibly compound, '+'-joined) mode: the product of its parts' weights."""
    weight = 1.0
    for _, part_weight in mode_parts(mode):
        weight *= part_weight
    return weight


def mode_parts(mode: str | None) -> list[tuple[str, float]]:
    """Rule 3: the parts of a mode (outermost first) with the weight of each; `[("asserted", 1.0)]` for none."""
    parts = [p.strip().lower() for p in (mode or "asserted").split("+") if p.strip()]
    return [(p, MODE_WEIGHTS.get(p, UNKNOWN_MODE_WEIGHT)) for p in parts or ["asserted"]]


def is_historical(mode: str | None) -> bool:
    """Rule 10: whether a mode has the part `historical` (counted in its own period only)."""
    return any(p == HISTORICAL for p, _ in mode_parts(mode))


def number(value: float) -> str:
    """A weight as the legend prints it: 1, 0.7, 0.175."""
    return f"{round(value, 4):g}"


def legend(modes: Iterable[str] | None = None) -> str:
    """Rule 3 on one line: "asserted 1 · reported 0.7 · alleged 0.5 · ..." (of `modes`, or of every mode)."""
    wanted = list(MODE_WEIGHTS) if modes is None else [m for m in MODE_WEIGHTS if m in set(modes)]
    return " · ".join(f"{m} {number(MODE_WEIGHTS[m])}" for m in wanted)


#: Rule 3 in words, for reports that show the legend.
COMPOUND_RULE = (
    "compound modes multiply their parts (reported+alleged = "
    f"{number(MODE_WEIGHTS['reported'])} × {number(MODE_WEIGHTS['alleged'])} = "
    f"{number(MODE_WEIGHTS['reported'] * MODE_WEIGHTS['alleged'])}); a part of weight 0 excludes the whole"
)
CONFIDENCE_RULE = "× the extractor's confidence (1 when it gives none)"
HISTORICAL_RULE = "historical events count in their own period (their own date, never the article's; undated: in no window)"


def weights_used() -> dict[str, object]:
    """The weights a relation used (rules 3-5), as reports show them beside their evidence."""
    return {
        "modes": {m: MODE_WEIGHTS[m] for m in MODE_WEIGHTS},
        "legend": legend(),
        "compound": COMPOUND_RULE,
        "unknown_mode": UNKNOWN_MODE_WEIGHT,
        "excluded": [m for m, w in MODE_WEIGHTS.items() if w == 0],
        "disputed_factor": DISPUTED_FACTOR,
        "confidence": CONFIDENCE_RULE,
        "historical": HISTORICAL_RULE,
    }


def explain_weight(
    mode: str | None, *, disputed: bool = False, confidence: float | None = None
) -> dict[str, object]:
    """How one record's weight came about (rules 3-5): its mode's parts, the denial factor, the
    extractor's confidence, their product, and the same as text ("reported 0.7 x alleged 0.5 = 0.35")."""
    parts = mode_parts(mode)
    mode_w = mode_weight(mode)
    disputed_f = DISPUTED_FACTOR if disputed else 1.0
    conf = 1.0 if confidence is None else float(confidence)
    weight = mode_w * disputed_f * conf
    terms = [f"{p} {number(w)}" for p, w in parts]
    if disputed:
        terms.append(f"disputed {number(DISPUTED_FACTOR)}")
    if confidence is not None and conf != 1.0:
        terms.append(f"confidence {number(conf)}")
    text = " × ".join(terms)
    if len(terms) > 1:
        text += f" = {number(weight)}"
    return {
        "mode": "+".join(p for p, _ in parts),
        "parts": {p: w for p, w in parts},
        "mode_weight": round(mode_w, 4),
        "disputed_factor": disputed_f,
        "confidence": None if confidence is None else round(conf, 4),
        "weight": round(weight, 4),
        "excluded": weight <= 0,
        "text": text,
    }


def confidence(n_sources: int, weight: float) -> float:
    """Rule 9: confidence in a relation from its independent sources and its evidence weight."""
    if n_sources <= 0 or weight <= 0:
        return 0.0
    return (1.0 - 2.0**-n_sources) * (1.0 - math.exp(-weight / EVIDENCE_SCALE))


def sign_of(score: float | None) -> int:
    """Rule 8: +1, -1, or 0 inside the neutral band."""
    if score is None or abs(score) < NEUTRAL_BAND:
        return 0
    return 1 if score > 0 else -1


@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    """Rule 2: every code that is a state: ISO 3166-1 alpha-3, current or historic, plus EXTRA_STATES."""
    codes = {c.alpha_3 for c in pycountry.countries}
    codes |= {getattr(c, "alpha_3", "") for c in pycountry.historic_countries}
    return frozenset(c for c in codes if c and len(c) == 3) | EXTRA_STATES


def is_state(code: str | None) -> bool:
    return bool(code) and code in state_codes()


#: Rule 2: sectors that name no actor ("not an actor"), and sectors read as another for people of a state.
NO_ACTOR_SECTORS: frozenset[str] = frozenset({"JNK"})
PEOPLE_SECTOR_ALIASES: dict[str, str] = {"UNK": "CVL"}


def acts_for_state(sector: str | None) -> bool:
    return bool(sector) and sector.upper().startswith(STATE_SECTORS)


def node(actor: str | None, country: str | None, sector: str | None) -> str | None:
    """Rule 2: the network node an actor reference stands for (None: no actor).

    `ISR` -> `ISR`; an official of Israel (ISR, GOV) -> `ISR`; "a British man" (GBR, UNK) and "a
    Briton" (GBR, CVL) -> `GBR.CVL`; a rebel group -> its own code. The SQL of `dyads.node_sql` is
    written from the same constants.
    """
    sector = (sector or "").upper() or None
    if not actor or sector in NO_ACTOR_SECTORS:
        return None
    if is_state(actor) and (sector is None or acts_for_state(sector)):
        return actor
    if is_state(country) and acts_for_state(sector):
        return country
    if is_state(actor) and sector is not None:
        return f"{actor}.{PEOPLE_SECTOR_ALIASES.get(sector, sector)}"
    return actor


@dataclass(frozen=True, slots=True)
class Rules:
    """The rule constants as one record, for reports that say which rules produced them."""

    mode_weights: dict[str, float]
    unknown_mode_weight: float
    disputed_factor: float
    quad_intensity: dict[int, float]
    stance_strength: float
    stance_scale: float
    value_floor: float
    neutral_band: float
    evidence_scale: float
    state_sectors: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "mode_weights": dict(self.mode_weights),
            "unknown_mode_weight": self.unknown_mode_weight,
            "disputed_factor": self.disputed_factor,
            "quad_intensity": {str(k): v for k, v in self.quad_intensity.items()},
            "stance_strength": self.stance_strength,
            "stance_scale": self.stance_scale,
            "value_floor": self.value_floor,
            "neutral_band": self.neutral_band,
            "evidence_scale": self.evidence_scale,
            "state_sectors": list(self.state_sectors),
        }


def current() -> Rules:
    """The rules in force."""
    return Rules(
        dict(MODE_WEIGHTS),
        UNKNOWN_MODE_WEIGHT,
        DISPUTED_FACTOR,
        dict(QUAD_INTENSITY),
        STANCE_STRENGTH,
        STANCE_SCALE,
        VALUE_FLOOR,
        NEUTRAL_BAND,
        EVIDENCE_SCALE,
        STATE_SECTORS,
    )
