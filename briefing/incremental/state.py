"""Everything a build keeps for the next one (``BuildCaches``), and what tells that nothing changed.

A ``Builder`` holds one ``BuildCaches`` for as long as it lives (``serve`` keeps one alive); ``store`` keeps
it on disk between runs of ``build``.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field, replace

from briefing.incremental.fingerprint import bytes_digest
from briefing.incremental.loadcache import LoadCache
from briefing.incremental.outputs import MadeOutputs
from briefing.incremental.queries import Queries
from briefing.incremental.rendercache import RenderCache
from briefing.model import Briefing
from briefing.project import Project
from briefing.render.cache import ON_DISK, template_digest
from briefing.report import BuildReport
from briefing.write import WriteState


@dataclass(frozen=True)
class BuildInputs:
    """Everything a build's output is made from, besides the code: if these are equal, so is the output.

    In memory the texts themselves are kept (comparing them costs nothing while load keeps the same
    objects); on disk, their digests (``digested``).
    """

    files: dict[str, bytes] | dict[str, str]  # content files' texts (UTF-8) by path, or their digests
    raw_captures: dict[str, bytes] | dict[str, str]  # by source, or their digests
    capture_digests: dict[str, str]
    templates: str  # digest of every template and static file
    with_pdf: bool
    source_date_epoch: str
    texts_digested: bool = False  # whether ``files`` and ``raw_captures`` hold digests of the texts

    def digested(self) -> BuildInputs:
        if self.texts_digested:
            return self
        files, raw_captures = (
            {path: bytes_digest(data) for path, data in texts.items()} for texts in (self.files, self.raw_captures)
        )
        return replace(self, files=files, raw_captures=raw_captures, texts_digested=True)

    def same_as(self, other: BuildInputs) -> bool:
        if self.texts_digested == other.texts_digested:
            return self == other
        return self.digested() == other.digested()

    @classmethod
    def of(cls, briefing: Briefing, project: Project, with_pdf: bool) -> BuildInputs:
        return cls(
            briefing.files,
            briefing.raw_captures,
            briefing.capture_digests,
            template_digest(project),
            with_pdf,
            os.environ.get("SOURCE_DATE_EPOCH", ""),
        )


@dataclass
class LastBuild:
    inputs: BuildInputs
    report: BuildReport

    def to_keep(self) -> LastBuild:
        """What the store keeps of it: the inputs' digests, and the report without the briefing and its graph."""
        return LastBuild(self.inputs.digested(), replace(self.report, briefing=None, graph=None))


@dataclass
class BuildCaches:
    """Everything a build keeps for the next one, by stage (``store`` keeps some of it on disk between runs)."""

    load: LoadCache = field(default_factory=LoadCache)
    validate: Queries = field(default_factory=Queries)  # the validate stage's queries
    link: Queries = field(default_factory=Queries)  # the link stage's queries
    lint: Queries = field(default_factory=Queries)
    render: RenderCache = field(default_factory=RenderCache)
    search: MadeOutputs = field(default_factory=MadeOutputs)  # the search index's parts
    write: WriteState = field(default_factory=WriteState)
    last: LastBuild | None = None  # the last successful build: a build of the same inputs only reports it

    def for_one_build(self) -> None:
        """Keep no more than the store saves, for a builder that builds once (see ``for_one_build`` of the
        dependency index and of the link index)."""
        self.render.index.for_one_build()
        self.write.links.for_one_build()

    def forget_checks(self, briefing: Briefing) -> None:
        """Let go of what validate, link and lint keep, which only a later build of this process reuses
        (the store does not keep it: see ``snapshot``), and of the sources' text as quotes are found in it."""
        self.validate, self.link, self.lint = Queries(), Queries(), Queries()
        for source in briefing.sources.values():
            source.forget_normalised_blocks()

    def without_output(self) -> BuildCaches:
        """A shallow copy without the bytes of the output files (pages, exports, raw captures, the search
        index), for a builder that will not build again: they are on disk in the output folder."""
        render = copy.copy(self.render)
        render.pages = {path: replace(page, data=ON_DISK) for path, page in self.render.pages.items()}
        render.outputs = self.render.outputs.without_bytes()
        render.files, render.file_digests = {}, {}
        return replace(self, render=render, search=self.search.without_bytes())
