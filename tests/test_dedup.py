"""dedup: the seeds merge into the 80 hand-checked papers; one test per rule and guard;
property tests (idempotent, order-independent, every input in exactly one output)."""

from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from papertrack.dedup import deduplicate, merge
from papertrack.model import Paper, SourceRef
from papertrack.parse.read import read_file

from .conftest import AS_OF, DEDUP_FIXTURES, PARSE_FIXTURES, fixture_inputs, read_jsonl

# The seed dumps, by the names seeds.expected.jsonl gives them, and their fixture paths.
SEEDS = {"profile_hanyang-zhao.txt": "profile/hanyang-zhao.txt", "profile_david-d-yao.txt": "profile/david-d-yao.txt",
         "profile_glued-lines.txt": "profile/glued-lines.txt", "hf_daily-papers.txt": "hf-daily/daily-papers.txt",
         "arxiv_abstracts_trailing-ids.txt": "arxiv-trailing-ids/trailing-ids.txt"}


def _parse(name: str) -> list[Paper]:
    return list(read_file(str(PARSE_FIXTURES / name), AS_OF, lambda *a: None))


def test_seeds_merge_into_the_80_papers():
    want = read_jsonl(DEDUP_FIXTURES / "seeds.expected.jsonl")
    records, where = [], {}
    for seed, name in SEEDS.items():
        for index, paper in enumerate(_parse(name)):
            where[(paper.sources[0].file, paper.sources[0].line)] = [seed, index]
            records.append(paper)
    got = list(deduplicate(records))
    assert len(got) == len(want) == 80

    def sources(p: Paper):
        return sorted(tuple(where[(s.file, s.line)]) for s in p.sources)

    got_by_sources = {tuple(sources(p)): p for p in got}
    for w in want:
        key = tuple(sorted(tuple(s) for s in w["sources"]))
        assert key in got_by_sources, f"no merged record with sources {key}"
        p = got_by_sources[key].to_dict(merged=True)
        for field in ("title", "authors", "date", "category", "arxiv_id", "code_url"):
            assert p[field] == w[field], f"{w['title']!r} {field}"


def test_score_as_action_papers_stay_apart():
    got = list(deduplicate(r for name in SEEDS.values() for r in _parse(name)))
    titles = [p.title for p in got if p.title and "as Action" in p.title]
    assert len(titles) == 2
    ids = {p.arxiv_id for p in got if p.title in titles}
    assert ids == {"2409.08400", "2502.01819"}


def rec(i=0, fmt="profile", **kw) -> Paper:
    p = Paper(**kw)
    p.sources = [SourceRef(fmt, f"f{i}.txt", i + 1)]
    return p


def groups(records: list[Paper]) -> list[list[int]]:
    """The grouping as lists of source lines, for readable assertions."""
    return sorted(sorted(s.line for s in p.sources) for p in deduplicate(records))


def test_same_arxiv_id_joins_and_versions_collapse():
    a = rec(0, title="A", arxiv_id="2501.00001", arxiv_version=1, authors=["Ann Lee"])
    b = rec(1, title="Completely different words", arxiv_id="2501.00001", arxiv_version=3, authors=["A. Lee"])
    (m,) = deduplicate([a, b])
    assert m.arxiv_version == 3 and len(m.sources) == 2


def test_arxiv_doi_is_the_arxiv_id():
    a = rec(0, title="X", arxiv_id="2501.00001")
    b = rec(1, doi="10.48550/arxiv.2501.00001")
    assert groups([a, b]) == [[1, 2]]


def test_same_doi_joins_and_different_dois_never_do():
    a = rec(0, title="Paper on graphs", doi="10.1/a")
    b = rec(1, title="Another name for the paper on graphs", doi="10.1/a")
    c = rec(2, title="Paper on graphs", doi="10.1/b")
    assert groups([a, b, c]) == [[1, 2], [3]]


def test_different_arxiv_ids_never_join_even_with_the_same_title():
    a = rec(0, title="Deep learning for graphs", arxiv_id="2501.00001")
    b = rec(1, title="Deep learning for graphs", arxiv_id="2501.00002")
    assert groups([a, b]) == [[1], [2]]


def test_no_chaining_across_different_ids():
    a = rec(0, title="Deep learning for graphs", arxiv_id="2501.00001")
    b = rec(1, title="Deep learning for graphs")
    c = rec(2, title="Deep learning for graphs", arxiv_id="2501.00002")
    assert len(groups([a, b, c])) == 2


def test_title_key_folds_case_punctuation_latex_and_diacritics():
    a = rec(0, title="On {B}ayesian Méthods: a Survey.", authors=["Ana Ruiz"])
    b = rec(1, title="on bayesian methods   A survey", authors=["A. Ruiz"])
    assert groups([a, b]) == [[1, 2]]


def test_same_title_needs_a_shared_surname():
    a = rec(0, title="Introduction to the special issue", authors=["Ann Lee"])
    b = rec(1, title="Introduction to the special issue", authors=["Bo Chen"])
    assert groups([a, b]) == [[1], [2]]


def test_fuzzy_title_joins_a_dropped_word():
    a = rec(0, title="Scaling laws for neural language models trained on code", date="2024-01-02")
    b = rec(1, title="Scaling laws for neural language models trained on the code", date="2024-03-02")
    assert groups([a, b]) == [[1, 2]]


def test_fuzzy_title_guard_numbers_and_parts_must_agree():
    a = rec(0, title="Secrets of RLHF in Large Language Models Part I: PPO")
    b = rec(1, title="Secrets of RLHF in Large Language Models Part II: PPO")
    c = rec(2, title="The 2023 shared task on machine translation evaluation")
    d = rec(3, title="The 2024 shared task on machine translation evaluation")
    assert groups([a, b, c, d]) == [[1], [2], [3], [4]]


def test_fuzzy_title_guard_dates_within_a_year():
    a = rec(0, title="Learning to rank with graph neural networks", date="2019-01-01")
    b = rec(1, title="Learning to rank with graph neural network", date="2023-01-01")
    assert groups([a, b]) == [[1], [2]]


def test_fuzzy_title_guard_shared_surname():
    a = rec(0, title="Learning to rank with graph neural networks", authors=["Ann Lee"])
    b = rec(1, title="Learning to rank with graph neural network", authors=["Bo Chen"])
    assert groups([a, b]) == [[1], [2]]


def test_untitled_record_joins_by_abstract_despite_small_edits():
    text = ("We study reinforcement learning in continuous time and space with a discounted "
            "objective and dynamics driven by a stochastic differential equation, and derive "
            "performance difference formulas for policy gradient methods in this setting.")
    a = rec(0, title="Policy optimization in continuous time", abstract=text)
    b = rec(1, fmt="arxiv-trailing-ids", arxiv_id="2301.00001",
            abstract=text.replace("derive", "we derive").replace("this setting", "the setting"))
    assert groups([a, b]) == [[1, 2]]


def test_titled_records_do_not_join_by_abstract_alone():
    text = "A long shared abstract " * 10
    a = rec(0, title="First paper about one thing", abstract=text)
    b = rec(1, title="Second paper about other matters", abstract=text)
    assert groups([a, b]) == [[1], [2]]


def test_merge_prefers_authority_full_authors_and_keeps_provenance():
    profile = rec(0, "profile", title="T", authors=["A B", "C D"], authors_truncated=True,
                  date="2025-01-01", profile_of=["A B"], has_code=True)
    api = rec(1, "arxiv-atom", title="T.", authors=["A B", "C D", "E F"], date="2024-12-30",
              arxiv_id="2412.00001", category="cs.LG")
    other_profile = rec(2, "profile", title="T", profile_of=["C D"])
    m = merge([profile, api, other_profile])
    assert m.title == "T." and m.date == "2024-12-30"
    assert m.authors == ["A B", "C D", "E F"] and not m.authors_truncated
    assert m.has_code and m.profile_of == ["A B", "C D"]
    assert [s.line for s in m.sources] == [1, 2, 3]


def test_authors_truncated_only_if_every_list_was():
    a = rec(0, title="T", authors=["A B"], authors_truncated=True)
    b = rec(1, title="T", authors=["A B", "C D"], authors_truncated=True)
    assert merge([a, b]).authors_truncated


def test_explain_names_rule_and_places():
    lines: list[str] = []
    a = rec(0, title="Deep learning for graphs", arxiv_id="2501.00001")
    b = rec(1, title="Deep learning for graphs")
    list(deduplicate([a, b], explain=lines.append))
    text = "\n".join(lines)
    assert "same title" in text and "f0.txt:1" in text and "f1.txt:2" in text


# ---------------------------------------------------------------- properties

WORDS = ["graph", "neural", "learning", "diffusion", "policy", "reward", "model", "language",
         "robust", "scaling", "control", "optimal", "sparse", "kernel", "bayesian", "transport"]


@st.composite
def corpora(draw):
    """Distinct papers, some repeated with the variation real copies show."""
    n = draw(st.integers(1, 12))
    papers = []
    for k in range(n):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=9))
        title = " ".join(words).capitalize() + f" {k}"
        papers.append({"title": title, "arxiv_id": f"2501.{k:05d}" if draw(st.booleans()) else None,
                       "authors": [f"Author{k} Surname{k}"], "date": f"2024-0{1 + k % 9}-1{k % 10}"})
    out = []
    for p in papers:
        for copy in range(draw(st.integers(1, 3))):
            v = dict(p)
            if copy:
                v["title"] = draw(st.sampled_from([p["title"].upper(), p["title"] + ".",
                                                   "  ".join(p["title"].split()), p["title"]]))
                if draw(st.booleans()):
                    v["arxiv_id"] = None
            out.append(v)
    return out


def _records(dicts):
    return [rec(i, **d) for i, d in enumerate(dicts)]


@settings(max_examples=60, deadline=None)
@given(corpora(), st.randoms(use_true_random=False))
def test_grouping_does_not_depend_on_input_order(dicts, rnd):
    records = _records(dicts)
    shuffled = list(records)
    rnd.shuffle(shuffled)

    def grouping(rs):
        return sorted(sorted(s.file for s in p.sources) for p in deduplicate(rs))

    assert grouping(records) == grouping(shuffled)


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_every_input_lands_in_exactly_one_output(dicts):
    records = _records(dicts)
    out = list(deduplicate(records))
    seen = [(s.file, s.line) for p in out for s in p.sources]
    assert sorted(seen) == sorted((r.sources[0].file, r.sources[0].line) for r in records)


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_dedup_of_dedup_output_changes_nothing(dicts):
    once = [p.to_dict(merged=True) for p in deduplicate(_records(dicts))]
    twice = [p.to_dict(merged=True) for p in deduplicate(Paper.from_dict(d) for d in once)]
    assert once == twice


def test_digits_inside_a_word_count_as_the_same_number():
    a = rec(0, title="Evaluating GPT-4 on medical board exams in radiology", authors=["Ann Lee"])
    b = rec(1, title="Evaluating GPT4 on medical board exams in radiology", authors=["Ann Lee"])
    c = rec(2, title="Evaluating GPT-3 on medical board exams in radiology", authors=["Ann Lee"])
    assert groups([a, b, c]) == [[1, 2], [3]]


def test_a_record_close_to_two_papers_joins_the_closer_one():
    a = rec(0, title="Caching of misinformation in large social networks", arxiv_id="2501.00001")
    b = rec(1, title="Cachings of misinformation in large social network", arxiv_id="2501.00002")
    c = rec(2, title="Cachings of misinformation in large social networ")  # 97.0 to a, 99.0 to b
    assert groups([a, b, c]) == [[1], [2, 3]]


def test_an_authorless_record_does_not_bridge_two_author_lists():
    a = rec(0, title="A survey on mechanism design for prompts", authors=["Li Cai", "Ann Evans"])
    bridge = rec(1, title="A survey on mechanism design for prompts.")
    c = rec(2, title="A survey on mechanism design for prompt", authors=["Jan Kowalski"])
    assert len(groups([a, bridge, c])) == 2


# ---------------------------------------------------------------- one id, two papers

CLASH = DEDUP_FIXTURES / "same-id-clash.jsonl"
CLASH_WARNING = (f'{CLASH}:2: warning: arXiv id 2401.01234 also names "Graph Neural Networks for Molecular '
                 'Property Prediction"; kept apart: the titles are unalike and no author is in both')


def test_one_wrong_arxiv_id_does_not_fuse_two_papers(cli):
    """Smith and Jones's paper and Rossi's share an id by mistake: two papers, one warning; the
    later version of the first (a longer title, one author in common) still joins it."""
    done = cli("dedup", str(CLASH), "--explain")
    stderr = done.stderr.decode()
    assert done.returncode == 0, done.stderr
    papers = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted((p["title"], len(p["sources"])) for p in papers) == [
        ("Graph Neural Networks for Molecular Property Prediction", 2),
        ("Medieval Poetry and the Rhetoric of Exile", 1)]
    assert CLASH_WARNING in stderr.splitlines()
    assert f"kept apart: {CLASH}:2" in stderr
    assert cli("dedup", str(CLASH), "--strict").returncode == 1


def test_the_library_keeps_a_wrong_id_apart_too(cli, tmp_path):
    db = str(tmp_path / "lib.db")
    done = cli("add", str(CLASH), "--db", db)
    assert done.returncode == 0 and CLASH_WARNING in done.stderr.decode().splitlines(), done.stderr
    shown = cli("show", "2401.01234", "--db", db, "--format", "jsonl")
    assert sorted(json.loads(line)["title"] for line in shown.stdout.splitlines()) == [
        "Graph Neural Networks for Molecular Property Prediction", "Medieval Poetry and the Rhetoric of Exile"]
    # Added again: nothing changes, and nothing new is flagged.
    again = cli("add", str(CLASH), "--db", db, "--strict")
    assert again.returncode == 0 and b"warning" not in again.stderr, again.stderr
    # Rossi's paper alone, into a library that has the other: flagged as it comes in.
    rossi = tmp_path / "rossi.jsonl"
    rossi.write_text(CLASH.read_text().splitlines()[1] + "\n")
    other_db = str(tmp_path / "other.db")
    cli("add", str(rossi), "--db", other_db)
    late = cli("add", str(CLASH), "--db", other_db, "--strict")
    assert late.returncode == 1 and ": warning: arXiv id 2401.01234 also names" in late.stderr.decode()


def test_the_same_id_joins_when_title_or_authors_agree():
    renamed = [rec(0, title="Graph networks for molecules", arxiv_id="2401.01234", authors=["John Smith"]),
               rec(1, title="Medieval poetry", arxiv_id="2401.01234", authors=["J. Smith", "Giulia Rossi"])]
    assert groups(renamed) == [[1, 2]]
    family_first = [rec(0, title="Score as action", arxiv_id="2502.01819", authors=["Hanyang Zhao", "Wenpin Tang"]),
                    rec(1, title="Fine-tuning diffusion generative models", arxiv_id="2502.01819",
                        authors=["Zhao Hanyang"])]
    assert groups(family_first) == [[1, 2]]
    retitled = [rec(0, title="Graph neural networks for molecular property prediction", doi="10.1/x",
                    authors=["John Smith"]),
                rec(1, title="Graph neural networks for molecular property prediction, revisited", doi="10.1/x",
                    authors=["Li Wei"])]
    assert groups(retitled) == [[1, 2]]


def test_no_bundled_fixture_fuses_two_papers_under_one_id():
    """Across every bundled input, the Atom entry 'Diffusion Policies with O(1) ...' (Nowak et
    al.) and DiFFPO (Zhao et al.), both given 2510.02212, stay two papers."""
    records = [r for path in fixture_inputs() for r in read_file(str(path), AS_OF, lambda *a: None)]
    flagged: list[tuple] = []
    merged = list(deduplicate(records, warn=lambda *a: flagged.append(a)))
    for p in merged:
        titles = {r.title for r in records if r.sources[0] in p.sources and r.title}
        assert not (any("Diffusion Policies with" in t for t in titles) and any("DiFFPO" in t for t in titles))
    assert any("2510.02212" in what for _, _, what in flagged)


def test_what_one_side_shows_is_enough_to_part_a_wrong_id():
    """No authors to compare, but unalike titles: two papers. No title and no authors: one."""
    titled = [rec(0, title="Graph Neural Networks for Molecular Property Prediction", arxiv_id="2401.01234"),
              rec(1, title="Medieval Poetry and the Rhetoric of Exile", arxiv_id="2401.01234")]
    assert groups(titled) == [[1], [2]]
    untitled = [rec(0, arxiv_id="2401.01234", authors=["John Smith"]), rec(1, arxiv_id="2401.01234", authors=["Giulia Rossi"])]
    assert groups(untitled) == [[1], [2]]
    bare = [rec(0, title="Graph Neural Networks for Molecular Property Prediction", arxiv_id="2401.01234"),
            rec(1, fmt="arxiv-trailing-ids", arxiv_id="2401.01234")]
    assert groups(bare) == [[1, 2]]


def test_a_copy_that_shows_little_joins_the_paper_it_agrees_with():
    """An authorless daily-listing copy of Rossi's paper comes first; it still lands with Rossi's
    paper, not with the first record of the id, and does not bridge the two."""
    smith = rec(1, title="Graph Neural Networks for Molecular Property Prediction", arxiv_id="2401.01234",
                authors=["John Smith", "Mary Jones"])
    rossi = rec(2, title="Medieval Poetry and the Rhetoric of Exile", arxiv_id="2401.01234",
                authors=["Giulia Rossi"])
    copy = rec(0, fmt="hf-daily", title="Medieval poetry and the rhetoric of exile", arxiv_id="2401.01234", arxiv_version=2)
    untitled = rec(3, fmt="arxiv-trailing-ids", arxiv_id="2401.01234")
    assert groups([copy, smith, rossi, untitled]) == [[1, 3], [2, 4]]


def test_dedup_leaves_nothing_frozen_for_the_garbage_collector():
    """dedup keeps what it holds out of the collector's passes while it merges (gc.freeze); the
    objects are given back when the groups are done, or when the reader stops early."""
    import gc

    papers = [rec(i, title=f"Paper number {i} on graphs", arxiv_id=f"2401.{10000 + i}") for i in range(50)]
    assert gc.get_freeze_count() == 0
    assert len(list(deduplicate(papers))) == 50
    assert gc.get_freeze_count() == 0
    merged = deduplicate(papers)
    next(merged)
    assert gc.get_freeze_count() > 0  # held out while the groups are merged
    merged.close()
    assert gc.get_freeze_count() == 0
