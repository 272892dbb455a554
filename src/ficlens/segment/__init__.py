"""Segmentation: scenes, paragraphs and sentences inside the reader's chapters, and AO3's word count."""

from __future__ import annotations

from ficlens.model import Stats, Work
from ficlens.segment.paragraphs import find_paragraphs
from ficlens.segment.scenes import find_scenes
from ficlens.segment.sentences import split_sentences
from ficlens.stage import stage
from ficlens.words import count_words


@stage("segment", requires=("text", "chapters"), assigns=("paragraphs", "scenes", "sentences", "stats"))
def segment(work: Work) -> Work:
    work.paragraphs = find_paragraphs(work.text, work.chapters)
    work.scenes = find_scenes(work.text, work.chapters)
    work.sentences = split_sentences(work.text, work.paragraphs)
    work.stats = Stats(words=sum(count_words(work.text[c.start : c.end]) for c in work.chapters))
    return work
