"""HTML extraction on real news pages (../shared/data/html-pages) against their reference texts."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from newsbrief.errors import InputError
from newsbrief.ingest import read_articles

ENGLISH_ARTICLES = ["cnn_article", "cnn_test_nlp", "fox13now_001", "time_001", "wired_001", "cleveland.com1", "yna_co_kr"]


def token_f1(got: str, want: str) -> float:
    a, b = Counter(re.findall(r"\w+", got.lower())), Counter(re.findall(r"\w+", want.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def pages(shared: Path) -> Path:
    return shared / "data" / "html-pages"


def test_main_text_matches_reference(pages: Path) -> None:
    scores = {}
    for stem in ENGLISH_ARTICLES:
        [article] = read_articles([pages / "html" / f"{stem}.html"])
        scores[stem] = token_f1(article.text, (pages / "txt" / f"{stem}.txt").read_text(encoding="utf-8"))
    assert min(scores.values()) > 0.75, scores
    assert sum(scores.values()) / len(scores) > 0.9, scores


def test_title_and_date(pages: Path) -> None:
    checked = 0
    for stem in ENGLISH_ARTICLES:
        meta_path = pages / "metadata" / f"{stem}.json"
        if not meta_path.exists():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        [article] = read_articles([pages / "html" / f"{stem}.html"])
        # Pages carry several headline variants (<title>, og:title, <h1>) and the reference may
        # hold another one, so only check that there is a title without the outlet appended.
        assert article.title and "|" not in article.title and "CNN" not in article.title, stem
        if meta.get("publish_date"):
            assert article.published is not None and article.published.date().isoformat() == meta["publish_date"][:10], stem
        checked += 1
    assert checked >= 4


def test_declared_language(pages: Path) -> None:
    # Pages that declare a language (<html lang>) have it; the reference's language agrees.
    declared = {}
    for meta_path in sorted((pages / "metadata").glob("*.json")):
        want = json.loads(meta_path.read_text(encoding="utf-8")).get("language")
        html = pages / "html" / f"{meta_path.stem}.html"
        if want and html.exists():
            [article] = read_articles([html])
            declared[meta_path.stem] = (article.language, want)
    found = {stem: (got, want) for stem, (got, want) in declared.items() if got}
    assert {"spanish_article", "arabic_article", "japanese_article", "cnn_test_nlp"} <= set(found)
    assert all(got.split("-")[0].lower() == want for got, want in found.values()), found


def test_pages_without_an_article_are_reported(pages: Path) -> None:
    problems: list[InputError] = []
    found = list(read_articles([pages / "html" / "google_meta_refresh.html", pages / "html" / "sample_rss.html"],
                               on_error=problems.append))
    assert found == [] and len(problems) == 2
    assert all("no article text" in p.reason for p in problems)


def test_section_fronts_are_reported_and_articles_kept(pages: Path) -> None:
    problems: list[InputError] = []
    found = {Path(a.origin).stem for a in read_articles([pages / "html"], on_error=problems.append)}
    fronts = {Path(p.path).stem for p in problems if p.reason.startswith("not an article page: a section front")}
    assert fronts == {"cnn_main_site", "wired_main_site", "yahoo_main_site"}
    assert len(found) == 25 and set(ENGLISH_ARTICLES) <= found
