"""What one line of a capture is, read on its own: prose, a heading, a caption, or a kind of site furniture.

The pattern rules here name a line by its words alone; where a line stands
(above the article, between its paragraphs, after its end) is decided in
`furniture`, which uses these rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROSE_MIN_WORDS = 15
HEADING_MAX_WORDS = 8

# Each rule: (reason, pattern). The first that matches names the line's furniture.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "site navigation",
            r"^(accessibility links|skip to (main )?(content|navigation|search)|breaking news|menu|search|home|sign in|"
            r"log ?in|"
            r"main navigation|toggle navigation|back to top|print( version| this( article| page)?)?|close|save|"
            r"bookmark|listen|copy link|skip links|navigation menu|site ?map|contact us|about us)$",
        ),
        ("the notes and references after the article", r"^(notes|footnotes|endnotes|references|sources)$"),
        ("about the author", r"^(about the authors?|the authors?|authors?|author bios?)$"),
        ("link prompt", r"^click here\b|^(permalink|short link|share link)\s*:?\s*https?://"),
        ("reading time", r"^(time to read\s*)?\d+(\s*[–-]\s*\d+)?\s*min(ute)?s?\.?( read)?$|^reading time\b"),
        (
            "link to the page in another language",
            r"^(read in|lire en|leer en|lesen sie|auf deutsch|en français|en español|in english|日本語)\b.{0,20}$",
        ),
        ("list of other stories", r"^(list \d+ of \d+|end of list|start of list)$"),  # labels for screen readers
        (
            "copyright notice of the site",
            r"^(©|\(c\)|copyright\b)(?!\s*(AP|AFP|EPA|Reuters|Getty|Bloomberg|Sputnik|Kyodo|Yonhap|Xinhua)\b)"
            r"(?![^/]{1,40}\s/\s)|all rights reserved",  # not "© AP Photo / Name", "© Orbita / Name": credits
        ),
        (
            "cookie notice",
            r"\bcookies?\b.{0,160}\b(agree|accept|consent|settings|preferences|policy|continu(e|ing) to|choices|"
            r"partners|personali[sz]e)|^(accept|reject|allow|refuse|manage)( all)?( cookies)?$|"
            r"^manage (preferences|choices|settings|options)$|^cookie (settings|preferences|policy)$|"
            r"^we (value|care about|respect) your privacy$|^privacy (settings|preferences|choices)$|"
            r"^accept and close$|^customi[sz]e( settings)?$",
        ),
        (
            "link to another story",
            r"^(read|see|watch|listen)( more| also)?\s*[:|]\s*\S|"
            r"^related( (article|story|stories|content|coverage|link|video))?s?\s*:\s*\S",
        ),
        (
            "live-blog timestamp",
            r"^((posted|updated|published|last updated)( at| on)?:?\s*)?(\d{1,2}[:.]\d\d\s*"
            r"(am|pm|a\.m\.|p\.m\.)?\s*([A-Z]{2,4})?|\d+\s*(s|secs?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago)$",
        ),
        ("notice of the article's age", r"^this (article|story|page) is (more than|over) .{1,20} old$"),
        (
            "comment section",
            r"^\d+ comments?$|^(view|show|read|load|see) (all |more )?(\d+ )?comments?$|"
            r"^(reader |user )?comments?( \(\d+\))?$|"
            r"^(join|start) the (conversation|discussion)$",
        ),
        (
            "paywall or subscription prompt",
            r"\{\{|free articles?\b|subscri(be|ption)|trial period|unlimited access|"
            r"^try \d+ (days?|weeks?|months?)|^offer ends|^sign up|newsletter|already a (subscriber|member)|"
            r"\b(for|to) (paying )?members only\b|^become a (member|subscriber)\b|"
            r"available (only )?to (members|subscribers)|"
            r"^by (registering|signing up|subscribing|clicking)\b",
        ),
        (
            "advertising (sponsored content)",
            r"^(sponsored( content)?|advertisement|about sponsored content\b)|"
            r"commissioned by .* business bureau",
        ),
        (
            "photo gallery or image label",
            r"^photo gallery\b|^\W*\d+x\d+ image$|\(click to open\)|^(image|video|watch)\s*:?$",
        ),
        (
            "breadcrumb or section label",
            r"^(?!by\s)[^.!?]{1,80}\s[>»›/]\s[^.!?]{1,80}$|^[\w &'’-]{1,30}\|[\w &'’-]{1,30}$",
        ),
        ("share or follow prompt", r"^(share( this( article)?)?|tweet|email|please join on \w+|follow us\b)"),
        (
            "share, save or print buttons",
            r"^((download|save|print|share|email|e-mail|tweet|facebook|twitter|linkedin|whatsapp|copy|link|the|"
            r"pdf|this|article|page|comment|comments|bookmark|gift|listen)\s*){2,}$",
        ),
        ("donation appeal", r"\bdonat(e|ions?)\b|paypal"),
        ("comment form", r"^leave a (reply|comment)$|email address will not be published|required fields are marked"),
        (
            "the author's disclaimer",
            r"views expressed .* (are|is) (those of )?the author|^the (views|opinions) .* are (the author'?s?|their) "
            r"own|do(es)? not necessarily (reflect|represent)",
        ),
    )
)
_ICON_RUN = re.compile(r"[a-z][A-Z]")
_GLUED_PART = re.compile(r"[A-Z]?[a-z]+")
_CONTROL_LABELS = frozenset(
    {
        "close",
        "open",
        "play",
        "pause",
        "mute",
        "unmute",
        "next",
        "previous",
        "prev",
        "menu",
        "search",
        "share",
        "expand",
    }
)
RELATED_HEADING = re.compile(
    r"^(latest (videos|news|stories)|related( (stories|articles|coverage|topics|subjects))?|more (from|on|stories)\b.*|"
    r"keywords|tags|topics|related|related (story|article|link)|"
    r"most (read|popular|viewed)|read more|recommended( for you)?|you may also like|trending( now)?|top stories):?$",
    re.IGNORECASE,
)
PHOTO_LABEL = re.compile(  # a credit or label on a line of its own, next to its caption: "Photo: Name"
    r"^(?:photo|photograph|picture|image|video)(?:/illu?st?ration)?(?:\s*(?:credit)?\s*[:/]\s*[\w .'’-]{0,40})?$",
    re.IGNORECASE,
)
TRANSCRIPT_CUE = re.compile(  # "(Laughter)", "Question:", "Sergey Lavrov:"
    r"^(\((?i:applause|laughter|inaudible|crosstalk)\)|(?i:question|answer|q|a):"
    r"|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}:)$"
)
SUMMARY_HEADING = re.compile(
    r"^(summary|key (events|points|developments|moments)|highlights|at a glance|in brief|what we know( so far)?|"
    r"the latest|catch up)\s*:?$",
    re.IGNORECASE,
)
BYLINE_OR_DATE = re.compile(
    r"^(by|text:|words:|author:?)\s+[A-Z]|\b(19|20)\d\d\b|\b\d{1,2}[:.]\d\d\s*(am|pm)\b|"
    r"^[A-Z][\w'’-]+( [A-Z][\w'’-]+){1,2} and [A-Z][\w'’-]+( [A-Z][\w'’-]+){1,2}$|"
    r"\bwith (AFP|Reuters|AP|the Associated Press|agencies|dpa|Kyodo|Yonhap)$",
    re.IGNORECASE,
)
_HEADING_MARKER = re.compile(r"^(?:[■●▪◆►]\s*|\d{1,2}\.\s+|['‘\"“])")
LIST_ITEM = re.compile(r"^\s*([-•*·]|\d+[.)])\s+")
ATTRIBUTION = re.compile(
    r"(?i:^((with )?(additional )?reporting (by|from)|editing by|compiled by)\b)"
    r"|^[a-z]{1,4}(/[a-z]{1,4})+\s*\("  # the editors' initials and the agencies: "jh/rc (AFP, dpa)"
)
SENTENCE_END = re.compile(r"[.!?][\"”’)]?$")
_AUTHOR_BIO = re.compile(r"^(?:[A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’.-]+,? (?:is|was|has been|serves as) (?:a|an|the)\b")
_AUTHOR_ROLE = re.compile(
    r"\b(fellow|professor|lecturer|researcher|analyst|director|editor|correspondent|columnist|writer|journalist|"
    r"author|scholar|expert|adviser|advisor|diplomat|ambassador|former|reporter)\b",
    re.IGNORECASE,
)
BARE_URL = re.compile(r"^\s*https?://\S+\s*$")
URL_WITH_TEXT = re.compile(r"^\s*https?://\S+\s+\S")
CAPTION = re.compile(
    r"\((left|right|centre|center)\)|, (left|right),|©|\b(photo|getty images|afp photo|ap photo)\b", re.IGNORECASE
)
# A picture credit: whatever the caption's length, a line carrying one is a caption, not the article's text.
CREDIT = re.compile(
    r"\b[A-Z]{2,}(?: [A-Z]{2,})?/[A-Z][\w.'’-]+"  # REUTERS/Sergei Ilnitsky, AFP/Getty
    r"|\|\s*[A-Z][A-Z .&-]{1,30}$"  # … | KYODO
    r"|\((?:[A-Z][\w.&-]*\s?){1,3}/[^)]{2,40}\)\s*$"  # (Xinhua/Wang Ye)
    r"|\b(?:[Pp]hoto(?:graph)?|[Pp]icture|[Ii]mage|[Vv]ideo)\s*(?:credit)?\s*(?:by|:)\s*[A-Z]"  # Photo: Press …
    r"|\b[Ii]mage (?:copyright|source)\b"  # Image copyright Getty Images
    r"|\s/\s?[A-Z][\w-]+(?: [A-Z][\w-]+)?$"  # … Russian Defense Ministry / TASS, … Sept. 7. / Yonhap
    r"|(?i:\bvia getty images\b|\b(?:ap|afp|epa|reuters) photo\b)"
    r"|\((?:file )?(?:photo|picture|image)\b[^)]*\)"  # (Photo: Reuters), (file photo)
    r"|\[[^\]]*\b(?:File|Photo|Image|Credit)\b[^\]]*\]\s*$"  # [File: Maxim Shemetov/Reuters]
    r"|\[[A-Z][A-Z .&/-]{1,30}\]\s*$"  # … [YONHAP]
    r"|^©\s*\S.{0,40}\s/\s*\S|^©\s*(?:AP|AFP|EPA|Reuters|Getty Images|Bloomberg)\b"  # © AP Photo / Name, © Bloomberg
    r"|\b[A-Z][\w'’-]+/[A-Z][\w-]+(?: [A-Z][\w-]+)?[\])]?\s*$"  # … Kim Kyung-hoon/Reuters
)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the capture
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def furniture_reason(text: str) -> str | None:
    """The reason a line is site furniture wherever it appears, or None."""
    stripped = text.strip()
    if len(_ICON_RUN.findall(stripped)) >= 4 and "Icon" in stripped or _glued_controls(stripped):
        return "icon and menu labels run together (page furniture)"
    if RELATED_HEADING.match(stripped) and not SENTENCE_END.search(stripped):
        return "list of other stories"
    for reason, pattern in _RULES:
        if pattern.search(stripped):
            return reason
    return None


def _glued_controls(text: str) -> bool:
    """A short line with a player's or menu's control labels glued to a word ("Video PlayerClose")."""
    words = text.split()
    return len(words) <= 4 and any(
        part.lower() in _CONTROL_LABELS for word in words for part in _GLUED_PART.findall(word)[1:]
    )


def is_prose(line: Line) -> bool:
    """A line long enough to be a paragraph, not in capitals, and not furniture or a photo caption."""
    text = line.text
    long_enough = line.words >= PROSE_MIN_WORDS and not text.isupper()  # a paragraph in capitals is a promotion
    return long_enough and furniture_reason(text) is None and not is_caption(text)


def is_caption(text: str) -> bool:
    return bool(CAPTION.search(text) or CREDIT.search(text))


def is_heading(line: Line) -> bool:
    """A few words, capitalised, not ending as a sentence does; after a marker a heading may carry ("■ Airport
    at Etorofu", "2. Overview") or inside quotes ("'Not in my lifetime'")."""
    text = _HEADING_MARKER.sub("", line.text.strip()).rstrip("'’\"”")
    return 0 < line.words <= HEADING_MAX_WORDS and bool(text) and text[-1] not in ".,;:!?" and text[0].isupper()


def is_header_line(line: Line) -> bool:
    """A byline or date line as a headline has them: short, not a sentence."""
    text = line.text.strip()
    return line.words <= 14 and not SENTENCE_END.search(text) and bool(BYLINE_OR_DATE.search(text))


def is_author_role(text: str) -> bool:
    return _AUTHOR_ROLE.search(text) is not None


def is_author_bio(text: str) -> bool:
    """'Jane Roe is a senior fellow at …': the note on the author that closes a commentary."""
    return bool(_AUTHOR_BIO.match(text.strip()) and is_author_role(text))
