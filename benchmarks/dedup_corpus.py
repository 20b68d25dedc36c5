"""Seeded synthetic corpus for the dedup benchmark: papertrack records as `papertrack parse`
writes them (JSONL), with a side file of the truth (which paper each record is).

80% of the records are distinct papers, 20% repeats of some of them with the variations a
second listing shows (case, punctuation, spacing, arXiv version, missing id, trailing period,
LaTeX braces, a dropped or added small word), their arXiv ids written as other tools write them
(`ID`, `IDvN`, `arXiv:ID`, abs and pdf URLs, the arXiv DOI); plus `Part I`/`Part II` twins and pairs of
different papers with near-identical titles. Run alone: `python benchmarks/dedup_corpus.py N`.
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from bisect import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from papertrack.model import Paper, SourceRef
from papertrack.normalize import title_key

DATA = Path(__file__).resolve().parent / "data"
VERSION = 4  # bump when the generator changes, so cached corpora are rebuilt
# Twin pairs and near-identical pairs, each, per 250,000 records.
HARD_PAIRS_PER_250K = 300

WORDS = """
learning neural network networks model models deep graph attention transformer transformers language
vision reinforcement policy optimization gradient stochastic bayesian inference variational generative
adversarial diffusion representation representations embedding embeddings retrieval reasoning agent
agents robust efficient scalable adaptive sparse dense causal contrastive self-supervised semi-supervised
unsupervised supervised federated distributed parallel online offline zero-shot few-shot fine-grained
multi-agent multi-modal multimodal cross-lingual long-context large-scale real-time end-to-end
data-efficient open-vocabulary training pretraining fine-tuning alignment preference reward feedback
human instruction instructions tuning prompt prompting prompts benchmark benchmarks evaluation dataset
datasets analysis framework approach method methods algorithm algorithms theory theoretical empirical
study survey review perspective understanding improving scaling laws limits generalization
compositional hierarchical structured unstructured latent discrete continuous temporal spatial
spatiotemporal dynamic dynamics system systems control controller planning search tree trees
sequence sequences token tokens tokenization memory recurrent convolutional layer layers depth width
kernel kernels gaussian process processes random matrix matrices tensor tensors low-rank adaptation
quantization pruning distillation compression acceleration hardware inference-time test-time
decoding speculative sampling samplers sampler score matching flow flows normalizing energy-based
markov chain monte carlo estimation estimator estimators uncertainty calibration conformal prediction
predictions forecasting time series anomaly detection segmentation classification regression
clustering ranking recommendation recommender collaborative filtering retrieval-augmented generation
question answering summarization translation dialogue conversational speech audio music video image
images visual scene scenes 3d point cloud clouds mesh rendering radiance fields neural-field novel
view synthesis depth estimation pose tracking object objects instance semantic panoptic medical
clinical biomedical protein proteins molecular molecules drug discovery chemistry materials physics
physical climate weather earth satellite remote sensing robotic robotics manipulation locomotion
navigation autonomous driving vehicles traffic urban legal financial finance economic social
fairness privacy differential secure security attack attacks adversarially defense backdoor
watermarking jailbreak safety harmful toxic bias biases interpretability explainability mechanistic
circuits features sparse-autoencoders probing steering editing knowledge factual hallucination
hallucinations grounding grounded visual-language vision-language code program programs synthesis
mathematical math theorem proving proof formal verification logic logical symbolic neuro-symbolic
commonsense world models simulation simulator simulators environment environments games game
multi-task meta-learning continual lifelong transfer domain adaptation shift distribution
out-of-distribution robustness invariance invariant equivariant symmetry geometric manifold
hyperbolic topological persistent homology optimal transport wasserstein divergence entropy
information mutual bounds bound regret bandits bandit convergence complexity sample sample-efficient
exploration exploitation imitation inverse offline-to-online model-based model-free actor-critic
value function functions q-learning hierarchical-rl curriculum emergent communication cooperative
competitive equilibrium mechanism design auction auctions incentives market markets pricing
allocation scheduling routing combinatorial integer linear nonlinear convex nonconvex
non-convex first-order second-order newton quasi-newton momentum adam learning-rate
warmup batch normalization dropout regularization overfitting implicit explicit bias-variance
double descent grokking memorization emergence capabilities abilities evaluation-driven
agentic tool tools use calling function-calling web browsing software engineering repair bugs
testing fuzzing compilers compiler databases query queries sql tables tabular spreadsheet
documents document long short multi-hop open-domain closed-book retrieval-based dense-retrieval
reranking rerankers search-based tree-of-thought chain-of-thought reflection critique verifier
verifiers process outcome supervision reward-model rejection self-play debate
persuasion deception honesty truthfulness sycophancy values culture cultural multilingual
low-resource languages dialects morphology syntax parsing semantics pragmatics discourse
narrative stories story creative writing poetry humor emotion sentiment stance misinformation
news media education students tutoring feedback-driven healthcare diagnosis imaging radiology
pathology genomics single-cell gene expression sequencing cells tissue brain neuroscience
cognitive cognition perception attention-based saliency eye gaze gesture sign hand hands body
motion human-object interaction interactions affordance affordances embodied grasping dexterous
legged humanoid aerial drones swarm multi-robot localization mapping odometry radar
event cameras thermal hyperspectral microscopy astronomy cosmology particle quantum circuits-based
quantum-inspired chemistry-informed physics-informed operator operators fourier spectral
wavelet signal signals processing communication wireless channel channels networks-on-chip edge
cloud serverless energy-efficient carbon green sustainable efficient-inference serving systems-level
caching cache attention-free state-space mamba linear-time subquadratic recurrent-memory
mixture experts routing-based sparse-experts modular compositionality systematic generalizing
"""

FIXED_WORDS = """GPT-4 LLM LLMs VLM VLMs RAG BERT CLIP ViT GAN GANs VAE VAEs MLP CNN RNN LSTM RL MCTS
NeRF SAM LoRA MoE PDE SGD 3D 2D T5 Llama-2 Qwen2.5 GNN GNNs DNN DNNs ASR TTS OCR QA NLP SQL API APIs
RLHF DPO PPO GRPO PDEs KV SLAM LiDAR"""

PREFIXES = ("Graph Meta Auto Hyper Neuro Flash Fast Deep Quant Dyna Omni Uni Poly Mono Chrono Geo Bio "
            "Vision Lingo Sparse Mix Flow Token Prompt Code Math Med Chem Robo Audio Video Point Mesh "
            "Scene Motion Pixel Voxel Layout Struct Logic Agent Tool Plan Reason Memo Cache Kernel "
            "Tensor Vector Sym").split()
SUFFIXES = ("Former Net GPT BERT Flow Gen Mamba Diff Bench Fusion Mixer Search Mind Scope Lens Graph "
            "Agent Coder Tune Align Guard Bot RL Nav Map Seg Det Pose Edit Talk Sense Pilot Forge Lab "
            "Eval Zero Star Sync Link Path Rank Loop Craft Shift Spark").split()
SMALL_WORDS = ("of", "for", "with", "via", "in", "on", "and", "the", "a", "to", "from", "by",
               "under", "through", "across", "without", "beyond")
OPENERS = ("Towards", "Rethinking", "On the", "Learning to", "A Survey on", "Large Language Models for",
           "Scaling Laws for", "An Empirical Study of", "Beyond", "Understanding", "Improving",
           "Benchmarking", "What Makes", "When Do", "A Unified Framework for")

FIRST_NAMES = """James Mary John Wei Jing Yue Hao Xin Li Ming Yan Jun Lei Chen Yu Tao Feng Ahmed Fatima
Mohammed Ali Omar Sara Anna Maria Elena Olga Ivan Dmitri Sergei Hans Jurgen Klaus Sophie Camille
Pierre Louis Lucas Mateo Sofia Valentina Diego Carlos Juan Jose Luis Ana Priya Rahul Arjun Ananya
Vikram Deepak Kavya Sanjay Kenji Yuki Hiroshi Takeshi Min-jun Ji-woo Seo-yeon Hyun Daniel David
Michael Sarah Emily Jessica Thomas Robert William Richard Joseph Laura Julia Emma Noah Liam Olivia
Ava Ethan Mason Logan Aisha Amir Reza Mehdi Nikolai Katarzyna Piotr Tomasz Giulia Marco Luca
Francesca Andrea Matteo Lars Erik Ingrid Astrid Nils Johan Kofi Ama Chinedu Ngozi Thabo Zanele""".split()

SURNAMES = """Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng
Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei
Su Lu Ding Ren Shen Yao Lu Jiang Cui Zhong Tan Lu Fan Wang Jin Shi Liao Jia Xia Wei Fu Fang Bai Zou
Meng Xiong Qin Qiu Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Tanaka Suzuki Takahashi Watanabe
Ito Yamamoto Nakamura Kobayashi Sato Kato Smith Johnson Williams Brown Jones Garcia Miller Davis
Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin
Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams
Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart
Morris Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Kelly Howard Ward Cox Richardson
Wood Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster Sharma Patel
Singh Kumar Gupta Reddy Iyer Nair Rao Mehta Shah Joshi Agarwal Banerjee Chatterjee Mukherjee Das
Bose Ghosh Sen Khan Hussain Ahmed Rahman Hassan Ibrahim Mahmoud Haddad Nasser Cohen Levi Mizrahi
Friedman Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf
Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Werner Krause Lehmann Köhler Müller Dubois
Durand Lefebvre Moreau Laurent Simon Michel Leroy Roux David Bertrand Fournier Girard Bonnet Rossi
Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa Giordano
Mancini Rizzo Lombardi Moretti Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov
Novak Kowalski Nowak Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański
Nguyen Tran Pham Hoang Phan Vu Dang Bui Do Ngo Duong Ly García Fernández González Rodríguez
Sánchez Pérez Martín Gómez Ruiz Díaz Hernández Jiménez Álvarez Moreno Muñoz Romero Navarro Torres
Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro
Ortiz Rubio Marín Sanz Iglesias Núñez Medina Garrido Silva Santos Oliveira Souza Pereira Lima
Carvalho Ferreira Almeida Ribeiro Rocha Dias Nunes Mendes Barbosa Cardoso Teixeira Andersson
Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Hansen Jensen Nielsen Pedersen
Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Yilmaz Kaya Demir Şahin Çelik Yıldız
Öztürk Aydın Okafor Adeyemi Mensah Mwangi Otieno Dlamini Nkosi Abebe Tesfaye""".split()

CATEGORIES = ("cs.LG cs.CL cs.CV cs.AI cs.RO cs.IR cs.NE cs.CR cs.SE cs.DC cs.HC stat.ML stat.ME "
              "math.OC eess.IV eess.AS eess.SP q-bio.QM physics.comp-ph quant-ph").split()
OLD_ARCHIVES = ("cond-mat", "hep-th", "math", "physics", "quant-ph", "astro-ph", "cs")
DOI_PREFIXES = ("10.1109", "10.1145", "10.1007", "10.1016", "10.18653/v1", "10.1038", "10.1103",
                "10.1093", "10.3390", "10.1162")
# Formats of the listings a record may come from, with how often an original appears in each.
ORIGIN_FORMATS = (("arxiv-atom", 30), ("arxiv-listing", 20), ("hf-daily", 15), ("profile", 15), ("s2", 20))
# Variations of a repeat's title and ids, with their weights.
VARIATIONS = (("case", 20), ("punctuation", 12), ("spacing", 6), ("arxiv_version", 15), ("missing_id", 25),
              ("trailing_period", 10), ("latex_braces", 8), ("small_word", 12))
# How a repeat writes its arXiv id (parse brings every form to the record's).
ID_FORMS = ("id", "version", "prefix", "abs_url", "pdf_url", "doi")
TWIN_FORMS = (("{b}, Part I: {s}", "{b}, Part II: {s}"), ("{b} (Part 1)", "{b} (Part 2)"),
              ("{b}. Part I", "{b}. Part II"), ("{b} I: {s}", "{b} II: {s}"),
              ("{b}, Part One: {s}", "{b}, Part Two: {s}"))


class Zipf:
    """Draw items with weight 1/(rank+2)^s: a few words common, most rare, as in real titles."""

    def __init__(self, items: list, s: float = 1.0):
        self.items = items
        self.cum = list(accumulate(1 / (r + 2) ** s for r in range(len(items))))

    def draw(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


@dataclass
class Spec:
    """One distinct paper: what every record of it shares."""

    pid: int
    title: str
    authors: list[str]
    day: date
    arxiv_id: str | None
    doi: str | None
    category: str
    kind: str = "plain"  # plain, twin, near or wrongid
    partner: int = -1  # the twin, near-identical paper, or paper whose arXiv id it was given


class Corpus:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        vocab_rng = random.Random(1)  # the vocabulary is the same whatever the seed
        words = list(dict.fromkeys(WORDS.split()))
        vocab_rng.shuffle(words)
        names = [p + s for p in PREFIXES for s in SUFFIXES if p != s]
        vocab_rng.shuffle(names)
        acronyms = FIXED_WORDS.split() + ["".join(vocab_rng.choices("ABCDEFGHIKLMNPRSTVX", k=vocab_rng.randint(2, 5)))
                                          for _ in range(300)]
        self.words, self.names, self.acronyms = Zipf(words, 0.9), Zipf(names, 0.5), Zipf(acronyms, 0.8)
        self.surnames, self.firsts = Zipf(SURNAMES, 0.7), Zipf(FIRST_NAMES, 0.5)
        self.vocabulary = len(words) + len(names) + len(acronyms)
        self.keys: set[str] = set()
        self.arxiv_ids: set[str] = set()

    # ------------------------------------------------------------------ papers

    def word(self) -> str:
        roll = self.rng.random()
        if roll < 0.86:
            return self.words.draw(self.rng)
        return self.acronyms.draw(self.rng) if roll < 0.95 else self.names.draw(self.rng)

    def phrase(self, n: int) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            out.append(self.word())
            if len(out) < n - 1 and self.rng.random() < 0.3:
                out.append(self.rng.choice(SMALL_WORDS[:12]))
        return out

    def cased(self, words: list[str]) -> str:
        title_case = self.rng.random() < 0.75
        out = []
        for k, w in enumerate(words):
            if w != w.lower():
                out.append(w)  # acronyms and method names keep their case
            elif k == 0 or (title_case and w not in SMALL_WORDS):
                out.append("-".join(part[:1].upper() + part[1:] for part in w.split("-")))
            else:
                out.append(w)
        return " ".join(out)

    def fresh_title(self) -> str:
        """A title of 6-15 words whose key no other paper has."""
        while True:
            n = round(self.rng.triangular(6, 15, 9))
            roll = self.rng.random()
            if roll < 0.35:
                name = self.names.draw(self.rng) if self.rng.random() < 0.7 else self.acronyms.draw(self.rng)
                title = f"{name}: {self.cased(self.phrase(n - 1))}"
            elif roll < 0.5:
                opener = self.rng.choice(OPENERS)
                rest = self.cased(self.phrase(max(2, n - len(opener.split()))))
                title = f"{opener} {rest}"
            else:
                title = self.cased(self.phrase(n))
            key = title_key(title)
            if key not in self.keys:
                self.keys.add(key)
                return title

    def authors(self) -> list[str]:
        n = min(max(1, round(self.rng.lognormvariate(1.4, 0.55))), 20)
        out = []
        for _ in range(n):
            first = self.firsts.draw(self.rng)
            middle = f" {self.rng.choice('ABCDEFGHJKLMNPRSTW')}." if self.rng.random() < 0.15 else ""
            out.append(f"{first}{middle} {self.surnames.draw(self.rng)}")
        return out

    def arxiv_id(self, day: date) -> str:
        while True:
            if day.year < 2007:
                num = f"{self.rng.choice(OLD_ARCHIVES)}/{day:%y%m}{self.rng.randint(1, 999):03d}"
            elif day.year < 2015:
                num = f"{day:%y%m}.{self.rng.randint(1, 9999):04d}"
            else:
                num = f"{day:%y%m}.{self.rng.randint(1, 29999):05d}"
            if num not in self.arxiv_ids:
                self.arxiv_ids.add(num)
                return num

    def doi(self, day: date) -> str:
        return f"{self.rng.choice(DOI_PREFIXES)}/{self.rng.choice('abcdefghijklmnopqrstuvwxyz')}" \
               f"{self.rng.choice('abcdefghijklmnopqrstuvwxyz')}.{day.year}.{self.rng.randint(10000, 9999999)}"

    def day(self) -> date:
        if self.rng.random() < 0.06:
            return date(1998, 1, 1) + timedelta(days=self.rng.randrange(17 * 365))
        return date(2015, 1, 1) + timedelta(days=self.rng.randrange(4300))

    def spec(self, pid: int, title: str | None = None, authors: list[str] | None = None,
             day: date | None = None, with_id: bool | None = None) -> Spec:
        day = day or self.day()
        with_id = self.rng.random() < 0.6 if with_id is None else with_id
        return Spec(pid, title or self.fresh_title(), authors or self.authors(), day,
                    self.arxiv_id(day) if with_id else None,
                    self.doi(day) if self.rng.random() < 0.2 else None, self.rng.choice(CATEGORIES))

    def twins(self, pid: int) -> tuple[Spec, Spec]:
        """Two papers whose titles differ only in the part number: same authors, close dates."""
        first_form, second_form = self.rng.choice(TWIN_FORMS)
        base, sub = self.fresh_title(), self.cased(self.phrase(self.rng.randint(2, 4)))
        authors, day = self.authors(), self.day()
        a = self.spec(pid, first_form.format(b=base, s=sub), authors, day)
        b = self.spec(pid + 1, second_form.format(b=base, s=sub), list(authors),
                      day + timedelta(days=self.rng.randint(0, 120)))
        a.kind = b.kind = "twin"
        a.partner, b.partner = b.pid, a.pid
        return a, b

    def near_pair(self, pid: int) -> tuple[Spec, Spec]:
        """Two papers, both with arXiv ids, whose titles differ by a plural, one word or nothing."""
        a = self.spec(pid, with_id=True)
        words = a.title.split()
        roll = self.rng.random()
        if roll < 0.2:
            title, authors = a.title, self.authors()  # a reused title: only the authors tell them apart
        else:
            k = self.rng.randrange(len(words))
            if roll < 0.6:
                words[k] = words[k][:-1] if words[k].endswith("s") else words[k] + "s"
            elif roll < 0.85:
                words[k] = self.cased([self.words.draw(self.rng)])
            else:
                words.insert(k, self.cased([self.words.draw(self.rng)]))
            title = " ".join(words)
            # The same group often writes the follow-up: first author kept.
            authors = a.authors[:1] + self.authors()[: self.rng.randint(0, 4)]
        if title != a.title and title_key(title) in self.keys:
            return self.near_pair(pid)
        self.keys.add(title_key(title))
        b = self.spec(pid + 1, title, authors, a.day + timedelta(days=self.rng.randint(0, 200)), with_id=True)
        a.kind = b.kind = "near"
        a.partner, b.partner = b.pid, a.pid
        return a, b

    def wrong_id(self, pid: int) -> tuple[Spec, Spec]:
        """Two unrelated papers under one arXiv id: the second was given the first's id by
        mistake (a typo, a line copied from the paper above), on every record of it."""
        a = self.spec(pid, with_id=True)
        surnames = {name.split()[-1] for name in a.authors}
        authors = self.authors()
        while {name.split()[-1] for name in authors} & surnames:  # no author in common, as the rule asks
            authors = self.authors()
        b = self.spec(pid + 1, authors=authors, with_id=False)
        b.arxiv_id, b.doi = a.arxiv_id, None
        a.kind = b.kind = "wrongid"
        a.partner, b.partner = b.pid, a.pid
        return a, b

    def papers(self, count: int, hard_pairs: int) -> list[Spec]:
        specs: list[Spec] = []
        for make in (self.twins, self.near_pair, self.wrong_id):
            for _ in range(hard_pairs):
                specs.extend(make(len(specs)))
        while len(specs) < count:
            specs.append(self.spec(len(specs)))
        return specs

    # ------------------------------------------------------------------ records

    def choose_repeats(self, specs: list[Spec], repeats: int) -> list[tuple[int, str]]:
        """(paper, role) of every record: each paper once, and `repeats` second sightings.

        Twins and near-identical papers are repeated twice as often as the rest; 15% of the
        repeats go to a paper already repeated (up to 3 times), as one paper can be on
        arXiv, a daily listing and a profile page at once.
        """
        order = list(range(len(specs)))
        self.rng.shuffle(order)
        hard = [i for i in order if specs[i].kind != "plain" and self.rng.random() < 0.5]
        pool = hard + [i for i in order if specs[i].kind == "plain"]
        chosen: list[int] = []
        counts: dict[int, int] = {}
        next_fresh = 0
        while len(chosen) < repeats:
            if chosen and self.rng.random() < 0.15:
                i = self.rng.choice(chosen)
                if counts[i] >= 3:
                    continue
            else:
                i, next_fresh = pool[next_fresh], next_fresh + 1
            counts[i] = counts.get(i, 0) + 1
            chosen.append(i)
        records = [(i, "original") for i in range(len(specs))] + [(i, "repeat") for i in chosen]
        self.rng.shuffle(records)
        return records

    def vary_title(self, title: str, how: str) -> str:
        rng = self.rng
        if how == "case":
            return rng.choice((title.lower(), title.upper(), title[:1] + title[1:].lower(),
                               " ".join(w[:1].upper() + w[1:] for w in title.split())))
        if how == "punctuation":
            if ":" in title and rng.random() < 0.6:
                return title.replace(":", rng.choice((" -", "", " —", ".")), 1)
            hyphenated = [w for w in title.split() if "-" in w.strip("-")]
            if hyphenated:
                w = rng.choice(hyphenated)
                joined = w.replace("-", "") if rng.random() < 0.3 else w.replace("-", " ")
                return title.replace(w, joined, 1)
            return title.replace(" ", ", ", 1) if rng.random() < 0.5 else title + "?"
        if how == "spacing":
            camel = [w for w in title.split() if re.fullmatch(r"[A-Z][a-z]+[A-Z][a-z]+", w)]
            if camel and rng.random() < 0.4:
                w = camel[0]
                cut = next(k for k in range(1, len(w)) if w[k].isupper())
                return title.replace(w, f"{w[:cut]} {w[cut:]}", 1)  # `SceneScope` as `Scene Scope`
            if ":" in title:
                return title.replace(":", " :", 1)
            return title.replace("-", " - ", 1) if "-" in title else title + " ."
        if how == "trailing_period":
            return title + "."
        if how == "latex_braces":
            words = title.split()
            capped = [k for k, w in enumerate(words) if w[:1].isupper() and w[1:2].isalpha()]
            if not capped or rng.random() < 0.2:
                return "{" + title + "}"
            k = rng.choice(capped)
            w = words[k]
            words[k] = "{" + w + "}" if w.isupper() else "{" + w[0] + "}" + w[1:]
            return " ".join(words)
        if how == "small_word":
            words = title.split()
            small = [k for k, w in enumerate(words) if w.lower() in SMALL_WORDS]
            if small and rng.random() < 0.5:
                del words[rng.choice(small)]
            else:
                k = rng.randrange(1, len(words))
                words.insert(k, rng.choice(("the", "a", "of", "for", "and", "on")))
            return " ".join(words)
        return title

    def record(self, spec: Spec, role: str, place: SourceRef) -> tuple[Paper, list[str]]:
        """The record one listing shows of the paper, and the variations it applied."""
        rng = self.rng
        fmt = place.format
        paper = Paper(title=spec.title, authors=list(spec.authors), date=spec.day.isoformat(),
                      category=spec.category, categories=[spec.category], arxiv_id=spec.arxiv_id,
                      doi=spec.doi, sources=[place])
        applied: list[str] = []
        if role == "repeat":
            n = rng.choices((1, 2, 3), (45, 35, 20))[0]
            applied = list(dict.fromkeys(rng.choices([v for v, _ in VARIATIONS], [w for _, w in VARIATIONS], k=n)))
            for how in applied:
                if how == "arxiv_version":
                    paper.arxiv_version = rng.randint(2, 5) if spec.arxiv_id else None
                elif how == "missing_id":
                    paper.arxiv_id = paper.doi = None
                else:
                    paper.title = self.vary_title(paper.title, how)
            if rng.random() < 0.2:
                paper.date = (spec.day + timedelta(days=rng.randint(1, 60))).isoformat()
                applied.append("date_shift")
        if fmt == "arxiv-atom":
            paper.arxiv_version = paper.arxiv_version or (1 if paper.arxiv_id else None)
            paper.comment = rng.choice((None, None, "Preprint", f"{rng.randint(8, 40)} pages, {rng.randint(1, 12)} figures"))
        elif fmt == "hf-daily":
            paper.categories, paper.category = [], None
            paper.upvotes, paper.authors_truncated = rng.randint(0, 300), True
            paper.authors = [] if rng.random() < 0.5 else paper.authors[:3]
            paper.listed_on = (spec.day + timedelta(days=rng.randint(1, 10))).isoformat()
        elif fmt == "profile":
            paper.profile_of = [rng.choice(spec.authors)]
            paper.categories = []
            if len(paper.authors) > 6:
                paper.authors, paper.authors_truncated = paper.authors[:6], True
        elif fmt == "s2":
            paper.category, paper.categories = None, []
            if role == "repeat" and rng.random() < 0.4:
                # A published version: initials for first names, sometimes dated a year later.
                paper.authors = [f"{a[0]}. {a.split()[-1]}" for a in paper.authors]
                applied.append("initials")
                if rng.random() < 0.1:
                    paper.date = (spec.day + timedelta(days=rng.randint(300, 500))).isoformat()
                    applied.append("late_date")
        if role == "repeat" and rng.random() < 0.05:
            paper.authors = [ascii_folded(a) for a in paper.authors]  # `Müller` as `Muller`
            applied.append("ascii_authors")
        if role == "repeat" and paper.arxiv_id:
            form = self.id_form(paper)
            if form != "id":
                applied.append(f"id_{form}")
        paper.has_code = rng.random() < 0.2
        return paper, applied

    def id_form(self, paper: Paper) -> str:
        """Write a repeat's arXiv id as other tools do: bare, with its version, `arXiv:ID`, an
        abs or pdf URL, or only as the DOI arXiv gives it (the record form comes from parse)."""
        rng, ident = self.rng, paper.arxiv_id
        version = paper.arxiv_version or rng.randint(1, 5)
        form = rng.choice(ID_FORMS)
        if form == "version":
            paper.arxiv_id = f"{ident}v{version}"
        elif form == "prefix":
            paper.arxiv_id = rng.choice(("arXiv:", "arxiv:", "arXiv: ")) + ident
        elif form == "abs_url":
            paper.arxiv_id = rng.choice(("https://arxiv.org/abs/", "http://arxiv.org/abs/")) + f"{ident}v{version}"
        elif form == "pdf_url":
            paper.arxiv_id = f"https://arxiv.org/pdf/{ident}" + rng.choice((f"v{version}", f"v{version}.pdf", ".pdf"))
        elif form == "doi":
            paper.arxiv_id = None
            paper.doi = rng.choice(("10.48550/arXiv.", "10.48550/ARXIV.", "https://doi.org/10.48550/arXiv.")) + ident
        return form


def ascii_folded(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def paths(size: int, seed: int) -> tuple[Path, Path]:
    stem = f"dedup-{size}-s{seed}-v{VERSION}"
    return DATA / f"{stem}.jsonl", DATA / f"{stem}.truth.tsv"


def generate(size: int, seed: int = 7) -> tuple[Path, Path]:
    """Write the records and their truth, unless this size and seed are already written.

    The truth file has one line per record, in the same order: `file:line` of the record's
    source, the paper id, original/repeat, plain/twin/near, the partner paper (or -1), the
    variations applied.
    """
    records_path, truth_path = paths(size, seed)
    if records_path.exists() and truth_path.exists():
        return records_path, truth_path
    corpus = Corpus(seed)
    distinct = size * 4 // 5
    hard_pairs = max(1, round(size * HARD_PAIRS_PER_250K / 250_000))
    specs = corpus.papers(distinct, hard_pairs)
    order = corpus.choose_repeats(specs, size - distinct)
    formats, weights = zip(*ORIGIN_FORMATS)
    files_per_format = max(1, size // 1000)
    next_line: dict[str, int] = {}
    DATA.mkdir(parents=True, exist_ok=True)
    partial = records_path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out, open(truth_path, "w", encoding="utf-8") as truth:
        for pid, role in order:
            spec = specs[pid]
            fmt = corpus.rng.choices(formats, weights)[0]
            file = f"dumps/{fmt}/{corpus.rng.randrange(files_per_format):04d}.txt"
            line = next_line.get(file, 1)
            next_line[file] = line + corpus.rng.randint(6, 12)  # a listing block is several lines
            paper, applied = corpus.record(spec, role, SourceRef(fmt, file, line))
            out.write(json.dumps(paper.to_dict(), ensure_ascii=False) + "\n")
            truth.write(f"{file}:{line}\t{pid}\t{role}\t{spec.kind}\t{spec.partner}\t{','.join(applied)}\n")
    partial.rename(records_path)
    return records_path, truth_path


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 250_000
    print(*generate(size), sep="\n")
