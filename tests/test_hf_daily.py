"""The Hugging Face Daily Papers paste: telling a title from a short abstract when the abstract
ends in a bare link instead of a period."""

from __future__ import annotations

import pytest

from papertrack.model import Paper
from papertrack.parse import hf_daily
from papertrack.parse.context import ParseContext, Skipped

from .conftest import AS_OF

KANDINSKY = "Kandinsky 5.0: A Family of Foundation Models for Image and Video Generation"


def run(*lines: str) -> list:
    ctx = ParseContext(file="-", as_of=AS_OF, format=hf_daily.NAME)
    return list(hf_daily.parse(["Daily Papers", "", *lines], ctx))


@pytest.mark.parametrize("abstract,code_url", [
    ("This report introduces Kandinsky 5.0, a family of foundation models for high-resolution image and "
     "10-second video synthesis. Code: https://github.com/kandinskylab/kandinsky-5",
     "https://github.com/kandinskylab/kandinsky-5"),
    ("We release the weights and the training code of all our image and video models at "
     "https://github.com/kandinskylab/kandinsky-5", "https://github.com/kandinskylab/kandinsky-5"),
    ("A family of foundation models for image and video synthesis. Project page: https://kandinskylab.ai/",
     None),
])
def test_a_short_abstract_ending_in_a_link_is_the_abstract_and_the_title_is_kept(abstract, code_url):
    items = run(KANDINSKY, "", abstract, "", "kandinskylab Kandinsky Lab", "·", "Nov 19, 2025 196")
    [paper] = items
    assert isinstance(paper, Paper)
    assert (paper.title, paper.abstract, paper.code_url, paper.has_code) == (KANDINSKY, abstract, code_url,
                                                                           code_url is not None)
    assert (paper.org, paper.date, paper.upvotes) == ("Kandinsky Lab", "2025-11-19", 196)


def test_a_title_with_a_link_and_few_words_is_still_a_title():
    """A short line ending in a link is not prose: two such lines are two skipped titles."""
    items = run("Kandinsky 5.0 https://github.com/kandinskylab/kandinsky-5", "",
                "Demo: https://huggingface.co/spaces/kandinskylab/demo")
    assert [type(i) for i in items] == [Skipped, Skipped]
