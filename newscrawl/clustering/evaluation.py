"""Scoring the story matcher on labelled texts (``newscrawl clusters evaluate``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from newscrawl.clustering.minhash import is_match, signature, similarity


@dataclass(frozen=True)
class LabelledText:
    """One fixture text: ``story`` is the label (texts of one story are copies of each other)."""

    name: str
    story: str
    source: str
    title: str
    published: str
    body: str


def load_labelled(folder: Path) -> list[LabelledText]:
    """Read ``*.txt`` files: ``key: value`` header lines, a ``---`` line, then the body."""
    texts = []
    for path in sorted(Path(folder).glob("*.txt")):
        header, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        meta = dict(line.split(":", 1) for line in header.splitlines() if ":" in line)
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        texts.append(
            LabelledText(
                path.stem,
                meta["story"],
                meta["source"],
                meta["title"],
                meta["published"],
                body.strip(),
            )
        )
    return texts


@dataclass(frozen=True)
class PairScores:
    pairs: int
    positives: int
    true_positives: int
    false_positives: int
    false_negatives: int
    mistakes: tuple[tuple[str, str, str], ...]

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0


def score_pairs(texts: Sequence[LabelledText], same: Mapping[tuple[str, str], bool]) -> PairScores:
    """Precision and recall of a same-story decision over every pair of labelled texts."""
    tp = fp = fn = positives = 0
    mistakes = []
    names = [t.name for t in texts]
    stories = {t.name: t.story for t in texts}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            truth = stories[a] == stories[b]
            said = same[(a, b)] if (a, b) in same else same[(b, a)]
            positives += truth
            if said and truth:
                tp += 1
            elif said:
                fp += 1
                mistakes.append(("false positive", a, b))
            elif truth:
                fn += 1
                mistakes.append(("false negative", a, b))
    pairs = len(names) * (len(names) - 1) // 2
    return PairScores(pairs, positives, tp, fp, fn, tuple(mistakes))


def pairwise_decisions(texts: Sequence[LabelledText]) -> dict[tuple[str, str], bool]:
    """The matcher's verdict on every pair (what LSH candidates are then checked with)."""
    sigs = {t.name: signature(t.body) for t in texts}
    out = {}
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            sa, sb = sigs[a.name], sigs[b.name]
            out[(a.name, b.name)] = bool(sa and sb and is_match(*similarity(sa, sb)))
    return out
