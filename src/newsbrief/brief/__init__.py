"""Brief: a headline and a few attributed key sentences per story."""

from newsbrief.brief.rank import BriefOptions, carrier_units, write_brief

__all__ = ["BriefOptions", "carrier_units", "write_brief"]
