"""Bylines split into the people (or the organisation) who wrote an article, as CSL-JSON names."""

from __future__ import annotations

import pytest

from briefing.byline import csl_names


def person(given: str, family: str, **more: str) -> dict[str, str]:
    return {"given": given, "family": family, **more}


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Sawako Uchida and Lee Jay Walker", [person("Sawako", "Uchida"), person("Lee Jay", "Walker")]),
        ("By A. Smith and B. Jones", [person("A.", "Smith"), person("B.", "Jones")]),
        ("by: Jane Doe.", [person("Jane", "Doe")]),
        ("Ann Lee, Bo Park and Cy Young", [person("Ann", "Lee"), person("Bo", "Park"), person("Cy", "Young")]),
        ("Ann Lee, Bo Park, and Cy Young", [person("Ann", "Lee"), person("Bo", "Park"), person("Cy", "Young")]),
        ("Ann Lee & Bo Park", [person("Ann", "Lee"), person("Bo", "Park")]),
        ("Smith, John", [person("John", "Smith")]),
        ("Smith, J. R.", [person("J. R.", "Smith")]),
        ("Smith, John and Doe, Jane", [person("John", "Smith"), person("Jane", "Doe")]),
        ("van der Berg, Anna", [person("Anna", "Berg", **{"non-dropping-particle": "van der"})]),
        ("Ludwig van Beethoven", [person("Ludwig", "Beethoven", **{"non-dropping-particle": "van"})]),
        ("Martin Luther King, Jr.", [person("Martin Luther", "King", suffix="Jr.")]),
        ("Jane Doe, Staff Writer", [person("Jane", "Doe")]),
        ("By JOHN SMITH in Moscow", [person("John", "Smith")]),
        ("Jane Doe (Tokyo)", [person("Jane", "Doe")]),
        ("By: Jane Doe @janedoe", [person("Jane", "Doe")]),
        ("Dr. Jane Doe", [person("Jane", "Doe")]),
        ("Reporting by Jane Doe and Tom Lee; Editing by Mark Twain", [person("Jane", "Doe"), person("Tom", "Lee")]),
        ("Jane Doe | Reuters", [person("Jane", "Doe"), {"literal": "Reuters"}]),
        ("Reuters", [{"literal": "Reuters"}]),
        ("AFP", [{"literal": "AFP"}]),
        ("Reuters and AFP", [{"literal": "Reuters"}, {"literal": "AFP"}]),
        ("Reuters Staff", [{"literal": "Reuters Staff"}]),
        ("Nikkei staff writers", [{"literal": "Nikkei staff writers"}]),
        ("The Associated Press", [{"literal": "The Associated Press"}]),
        ("Radio Free Europe/Radio Liberty", [{"literal": "Radio Free Europe/Radio Liberty"}]),
        ("Ministry of Foreign Affairs and Trade", [{"literal": "Ministry of Foreign Affairs and Trade"}]),
        ("山田太郎", [{"literal": "山田太郎"}]),
        ("Madonna", [{"literal": "Madonna"}]),
        ("   ", []),
    ],
)
def test_a_byline_is_split_into_names(byline: str, names: list[dict[str, str]]):
    assert csl_names(byline) == names


def test_hostile_bylines_still_give_a_name():
    for byline in ["and", "&", ",", "By", "; ;", "<script>", "By , and ,", "a" * 5000, "Smith,, John"]:
        names = csl_names(byline)
        assert names and all(value.strip() for name in names for value in name.values()), (byline, names)
