"""arXiv's category taxonomy (arxiv.org/category_taxonomy): each category's code and the name
arXiv's metadata spells out. OAI-PMH's `oai_dc` writes categories only as these names
(`Computer Science - Machine Learning`, `Quantum Physics`), which `category_code` maps back;
aggregator pages write only the subject class (`LG`, `PR`), which `short_codes` maps.
"""

from __future__ import annotations

from functools import lru_cache

# Archive name, archive code, and its subjects as "CODE Name" lines.
_ARCHIVES: tuple[tuple[str, str, str], ...] = (
    ("Computer Science", "cs", """AI Artificial Intelligence|AR Hardware Architecture|CC Computational Complexity|
        CE Computational Engineering, Finance, and Science|CG Computational Geometry|CL Computation and Language|
        CR Cryptography and Security|CV Computer Vision and Pattern Recognition|CY Computers and Society|
        DB Databases|DC Distributed, Parallel, and Cluster Computing|DL Digital Libraries|DM Discrete Mathematics|
        DS Data Structures and Algorithms|ET Emerging Technologies|FL Formal Languages and Automata Theory|
        GL General Literature|GR Graphics|GT Computer Science and Game Theory|HC Human-Computer Interaction|
        IR Information Retrieval|IT Information Theory|LG Machine Learning|LG Learning|LO Logic in Computer Science|
        MA Multiagent Systems|MM Multimedia|MS Mathematical Software|NA Numerical Analysis|
        NE Neural and Evolutionary Computing|NI Networking and Internet Architecture|OH Other Computer Science|
        OS Operating Systems|PF Performance|PL Programming Languages|RO Robotics|SC Symbolic Computation|SD Sound|
        SE Software Engineering|SI Social and Information Networks|SY Systems and Control"""),
    ("Mathematics", "math", """AC Commutative Algebra|AG Algebraic Geometry|AP Analysis of PDEs|AT Algebraic Topology|
        CA Classical Analysis and ODEs|CO Combinatorics|CT Category Theory|CV Complex Variables|
        DG Differential Geometry|DS Dynamical Systems|FA Functional Analysis|GM General Mathematics|
        GN General Topology|GR Group Theory|GT Geometric Topology|HO History and Overview|IT Information Theory|
        KT K-Theory and Homology|LO Logic|MG Metric Geometry|MP Mathematical Physics|NA Numerical Analysis|
        NT Number Theory|OA Operator Algebras|OC Optimization and Control|PR Probability|QA Quantum Algebra|
        RA Rings and Algebras|RT Representation Theory|SG Symplectic Geometry|SP Spectral Theory|
        ST Statistics Theory"""),
    ("Statistics", "stat", """AP Applications|CO Computation|ME Methodology|ML Machine Learning|OT Other Statistics|
        TH Statistics Theory"""),
    ("Electrical Engineering and Systems Science", "eess", """AS Audio and Speech Processing|
        IV Image and Video Processing|SP Signal Processing|SY Systems and Control"""),
    ("Economics", "econ", "EM Econometrics|GN General Economics|TH Theoretical Economics"),
    ("Quantitative Biology", "q-bio", """BM Biomolecules|CB Cell Behavior|GN Genomics|MN Molecular Networks|
        NC Neurons and Cognition|OT Other Quantitative Biology|PE Populations and Evolution|QM Quantitative Methods|
        SC Subcellular Processes|TO Tissues and Organs"""),
    ("Quantitative Finance", "q-fin", """CP Computational Finance|EC Economics|GN General Finance|
        MF Mathematical Finance|PM Portfolio Management|PR Pricing of Securities|RM Risk Management|
        ST Statistical Finance|TR Trading and Market Microstructure"""),
    ("Astrophysics", "astro-ph", """CO Cosmology and Nongalactic Astrophysics|EP Earth and Planetary Astrophysics|
        GA Astrophysics of Galaxies|HE High Energy Astrophysical Phenomena|
        IM Instrumentation and Methods for Astrophysics|SR Solar and Stellar Astrophysics"""),
    ("Condensed Matter", "cond-mat", """dis-nn Disordered Systems and Neural Networks|
        mes-hall Mesoscale and Nanoscale Physics|mtrl-sci Materials Science|other Other Condensed Matter|
        quant-gas Quantum Gases|soft Soft Condensed Matter|stat-mech Statistical Mechanics|
        str-el Strongly Correlated Electrons|supr-con Superconductivity"""),
    ("Physics", "physics", """acc-ph Accelerator Physics|ao-ph Atmospheric and Oceanic Physics|app-ph Applied Physics|
        atm-clus Atomic and Molecular Clusters|atom-ph Atomic Physics|bio-ph Biological Physics|
        chem-ph Chemical Physics|class-ph Classical Physics|comp-ph Computational Physics|
        data-an Data Analysis, Statistics and Probability|ed-ph Physics Education|flu-dyn Fluid Dynamics|
        gen-ph General Physics|geo-ph Geophysics|hist-ph History and Philosophy of Physics|
        ins-det Instrumentation and Detectors|med-ph Medical Physics|optics Optics|plasm-ph Plasma Physics|
        pop-ph Popular Physics|soc-ph Physics and Society|space-ph Space Physics"""),
    ("Nonlinear Sciences", "nlin", """AO Adaptation and Self-Organizing Systems|CD Chaotic Dynamics|
        CG Cellular Automata and Lattice Gases|PS Pattern Formation and Solitons|
        SI Exactly Solvable and Integrable Systems"""),
)
# Archives that are categories themselves, by the name arXiv gives them.
_STANDALONE = {
    "General Relativity and Quantum Cosmology": "gr-qc", "High Energy Physics - Experiment": "hep-ex",
    "High Energy Physics - Lattice": "hep-lat", "High Energy Physics - Phenomenology": "hep-ph",
    "High Energy Physics - Theory": "hep-th", "Mathematical Physics": "math-ph", "Nuclear Experiment": "nucl-ex",
    "Nuclear Theory": "nucl-th", "Quantum Physics": "quant-ph", "Astrophysics": "astro-ph",
    "Condensed Matter": "cond-mat",
}


# arXiv's aliases (arxiv-base, arxiv/taxonomy/definitions.py, CATEGORY_ALIASES): one category
# under two codes, alias -> the canonical code arXiv files the paper under.
ALIASES = {"math.MP": "math-ph", "stat.TH": "math.ST", "math.IT": "cs.IT", "q-fin.EC": "econ.GN",
           "cs.SY": "eess.SY", "cs.NA": "math.NA"}
# A subject class that several archives have (`CO`: math.CO, stat.CO, astro-ph.CO) names, on an
# aggregator's page, the first of them that is no alias in this order (arXiv's own choice where
# two codes are one category: `IT` -> cs.IT, `NA` -> math.NA, `SY` -> eess.SY, `TH` -> econ.TH,
# as stat.TH is math.ST); the pages are mostly machine learning, so cs, stat and eess come
# before mathematics (`CO` -> stat.CO, `PR` -> math.PR, `ST` -> math.ST). A code only an alias
# has is its canonical category (`MP` -> math-ph, `EC` -> econ.GN).
SHORT_CODE_ORDER = ("cs", "stat", "eess", "math", "econ", "q-bio", "q-fin", "astro-ph", "nlin")


def _subjects():
    """(archive name, archive code, subject code, subject name) of every subject class."""
    for archive_name, archive, subjects in _ARCHIVES:
        for entry in subjects.split("|"):
            subject, _, name = " ".join(entry.split()).partition(" ")
            yield archive_name, archive, subject, name


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    table = {name.casefold(): code for name, code in _STANDALONE.items()}
    for archive_name, archive, subject, name in _subjects():
        table[f"{archive_name} - {name}".casefold()] = f"{archive}.{subject}"
    return table


@lru_cache(maxsize=1)
def short_codes() -> dict[str, str]:
    """Every two-letter subject class to the category an aggregator's bare code names (`LG` ->
    `cs.LG`, `PR` -> `math.PR`, `NA` -> `math.NA`, `MP` -> `math-ph`; see SHORT_CODE_ORDER)."""
    rank = {archive: i for i, archive in enumerate(SHORT_CODE_ORDER)}
    owners: dict[str, list[str]] = {}
    for _, archive, subject, _ in _subjects():
        if len(subject) == 2 and subject.isupper() and f"{archive}.{subject}" not in owners.get(subject, ()):
            owners.setdefault(subject, []).append(f"{archive}.{subject}")
    table = {}
    for subject, codes in owners.items():
        codes.sort(key=lambda code: rank.get(code.partition(".")[0], len(rank)))
        table[subject] = next((c for c in codes if c not in ALIASES), ALIASES.get(codes[0], codes[0]))
    return table


def category_code(name: str) -> str | None:
    """`Computer Science - Machine Learning` -> `cs.LG`, `Quantum Physics` -> `quant-ph`; None
    for what is no arXiv category name (MSC and ACM classes, keywords)."""
    return _names().get(" ".join(name.split()).casefold())


def is_category(code: str) -> bool:
    """`cs.LG`, `hep-th`, `cond-mat.stat-mech`: a category of the taxonomy (an archive with
    subjects, such as `cs`, is none)."""
    return code in _codes()


def categories() -> frozenset[str]:
    """Every category code of the taxonomy (aliases included: `math.IT` as well as `cs.IT`)."""
    return _codes()


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    return frozenset(_names().values())
