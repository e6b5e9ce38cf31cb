"""The lead sentence that names an assumption or alternative in the PDF's summary."""

from __future__ import annotations

import pytest

from briefing.render.lead import lead_sentence


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("The U.N. Security Council met. Then it adjourned.", "The U.N. Security Council met."),
        ("Talks in St. Petersburg are set. Next.", "Talks in St. Petersburg are set."),
        ("Mr. Abe flew to Moscow. He met Putin.", "Mr. Abe flew to Moscow."),
        ("J. Smith wrote it. Then more.", "J. Smith wrote it."),
        ('Russia objects [@src, "No. Then it left."]. China agrees.', 'Russia objects [@src, "No. Then it left."].'),
        ("See [[kuril-islands|the islands. Here]] first. Second.", "See [[kuril-islands|the islands. Here]] first."),
        ("He asked: “Is it over? No.” Then left. Later.", "He asked: “Is it over? No.” Then left."),
        ("Will Russia back it? Probably not.", "Will Russia back it?"),
        ("It was 3.5 per cent. Then 4.", "It was 3.5 per cent."),
        ("One sentence only", "One sentence only"),
        ("First paragraph has no stop\n\nSecond paragraph. More.", "First paragraph has no stop"),
        ("Ends with a quote (“as said”). Next one.", "Ends with a quote (“as said”)."),
    ],
)
def test_lead_sentence(text: str, lead: str):
    assert lead_sentence(text) == lead
