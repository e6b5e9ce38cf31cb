"""The README shows the product: every image it references exists, and the script that makes the
screenshots (scripts/screenshots → briefing.screenshots) runs, here on the small fixture project."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from briefing import screenshots
from conftest import REPO

IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_readme_opens_with_screenshots_that_exist():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    images = IMAGE.findall(readme)
    assert {Path(target).stem for _, target in images} >= {"home", "source", "claim", "phone"}
    for alt, target in images:
        assert alt.strip(), f"{target} has no alt text"
        assert (REPO / target).is_file(), f"README.md shows {target}, which does not exist"
    assert readme.index("![") < readme.index("## The two commands"), "the screenshots come before the set-up"
    assert "scripts/preview" in readme and "scripts/test" in readme
    assert png_size(REPO / "docs/screenshots/phone.png") == (390, 844)
    assert png_size(REPO / "docs/screenshots/home.png") == (1280, 800)


@pytest.mark.browser
def test_the_screenshot_script_builds_a_project_and_shoots_it(project: Path, tmp_path: Path, browser):
    written = screenshots.build_and_take(project, tmp_path / "shots", browser=browser)
    assert [path.name for path in written] == ["home.png", "source.png", "claim.png", "phone.png"]
    sizes = {path.stem: png_size(path) for path in written}
    assert sizes["phone"] == (390, 844) and sizes["home"] == (1280, 800)
    assert all(path.stat().st_size > 5000 for path in written)  # a picture, not a blank page
