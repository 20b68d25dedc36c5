"""dedup across formats: the same paper as an arXiv API entry, a Hugging Face daily-papers
JSON item and a pasted profile entry becomes one record, each field from the best source."""

from __future__ import annotations

import json

from papertrack.dedup import deduplicate
from papertrack.parse.read import read_file

from .conftest import AS_OF

ABSTRACT = ("We propose DiFFPO, Diffusion Fast and Furious Policy Optimization, a unified framework for "
            "training masked diffusion large language models to reason not only better but also faster "
            "via reinforcement learning.")

ATOM = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>arXiv Query: search_query=id:2510.02212</title>
  <id>http://arxiv.org/api/abc</id>
  <entry>
    <id>http://arxiv.org/abs/2510.02212v2</id>
    <updated>2025-10-09T17:00:00Z</updated>
    <published>2025-10-02T17:00:00Z</published>
    <title>DiFFPO: Training Diffusion LLMs to Reason Fast and Furious via
  Reinforcement Learning</title>
    <summary>  {ABSTRACT}</summary>
    <author><name>Hanyang Zhao</name></author>
    <author><name>Dawen Liang</name></author>
    <author><name>Wenpin Tang</name></author>
    <author><name>David Yao</name></author>
    <author><name>Nathan Kallus</name></author>
    <arxiv:comment>Code: https://github.com/example/diffpo</arxiv:comment>
    <link href="http://arxiv.org/abs/2510.02212v2" rel="alternate" type="text/html"/>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG"/>
    <category term="cs.AI"/>
  </entry>
</feed>
"""

HF = [{
    "paper": {"id": "2510.02212", "title": "DiFFPO: Training Diffusion LLMs to Reason Fast and Furious "
              "via Reinforcement Learning", "summary": ABSTRACT, "upvotes": 12,
              "publishedAt": "2025-10-02T17:00:00.000Z",
              "authors": [{"name": "Hanyang Zhao"}, {"name": "Dawen Liang"}]},
    "publishedAt": "2025-10-03T05:00:00.000Z", "title": "DiFFPO", "numComments": 1,
}]

PROFILE = f"""Hanyang Zhao

LG
h-index42

LGOct 2, 2025Code
DiFFPO: Training Diffusion LLMs to Reason Fast and Furious via Reinforcement Learning

Hanyang Zhao, Dawen Liang, Wenpin Tang et al.

{ABSTRACT}
"""


def test_one_paper_from_three_formats_takes_each_field_from_the_best_source(tmp_path):
    (tmp_path / "api.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "daily.json").write_text(json.dumps(HF), encoding="utf-8")
    (tmp_path / "profile.txt").write_text(PROFILE, encoding="utf-8")
    records = []
    for name in ("profile.txt", "daily.json", "api.xml"):  # the least authoritative first
        records += list(read_file(str(tmp_path / name), AS_OF, lambda *a: None))
    assert [r.sources[0].format for r in records] == ["profile", "hf-api", "arxiv-atom"]
    (paper,) = deduplicate(records)
    assert paper.arxiv_id == "2510.02212" and paper.arxiv_version == 2
    assert paper.authors[-1] == "Nathan Kallus" and not paper.authors_truncated  # full list, from arXiv
    assert paper.date == "2025-10-02" and paper.category == "cs.LG"
    assert paper.categories == ["cs.LG", "cs.AI"]
    assert paper.code_url == "https://github.com/example/diffpo" and paper.has_code
    assert paper.upvotes == 12  # only Hugging Face shows it
    assert paper.listed_on == "2025-10-03"
    assert paper.profile_of == ["Hanyang Zhao"]
    assert sorted(s.format for s in paper.sources) == ["arxiv-atom", "hf-api", "profile"]
