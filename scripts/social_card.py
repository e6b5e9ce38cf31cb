"""Draw templates/static/social-card.png, the site-wide image link previews show (og:image, 1200×630).

It names no briefing, so every project can ship it as is; a project overrides it with its own
templates/static/social-card.png. Run: python scripts/social_card.py (needs Pillow and DejaVu fonts).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "templates/static/social-card.png"
ACCENT, PANEL, TEXT, MARK = (31, 78, 121), (245, 246, 247), (29, 33, 37), (255, 210, 77)


def main() -> None:
    image = Image.new("RGB", (1200, 630), PANEL)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1200, 150), fill=ACCENT)
    title = ImageFont.truetype(str(FONTS / "DejaVuSerif-Bold.ttf"), 64)
    body = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 38)
    draw.text((80, 40), "Research briefing", font=title, fill=(255, 255, 255))
    lines = ["Every statement traced to the", "exact words of a source."]
    for number, line in enumerate(lines):
        draw.text((80, 230 + number * 60), line, font=body, fill=TEXT)
    draw.rectangle((80, 360, 80 + draw.textlength("exact words", font=body), 372), fill=MARK)
    for number, label in enumerate(("Sources", "Claims", "Timeline", "Quotes")):
        left = 80 + number * 260
        draw.rounded_rectangle((left, 460, left + 230, 540), radius=12, outline=ACCENT, width=4)
        draw.text((left + 115, 500), label, font=body, fill=ACCENT, anchor="mm")
    image.save(TARGET, optimize=True)


if __name__ == "__main__":
    main()
