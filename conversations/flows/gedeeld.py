"""Recognitions more than one topic shares."""

from __future__ import annotations

from conversations.flow import Herkenning

PARTNER = (
    Herkenning(
        (
            "mijn vrouw",
            "mijn man",
            "mijn partner",
            "mijn echtgenote",
            "mijn echtgenoot",
            "getrouwd",
            "samenwonend",
            "fiscale partner",
        ),
        True,
    ),
    Herkenning(("geen partner", "alleenstaand", "geen fiscale partner", "single"), False),
)
"""'ja, mijn vrouw' — and the same words in a first message answer 'Heeft u een fiscale partner?'."""
