"""Tests of ``newsbrief.facts.entities`` with the real spaCy model: mentions, alias merging,
counts per source, the seeds, and life without spaCy."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsbrief import Article, build_briefs
from newsbrief.errors import NewsbriefError
from newsbrief.facts.entities import EntityTagger, merge_entities
from newsbrief.facts.story import FactOptions, entity_tagger, fact_sentences
from newsbrief.model import Fact, Sentence
from newsbrief.pipeline import prepare
from newsbrief.text.aliases import ALIASES


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger()


def _sentences(texts: dict[str, list[str]]) -> list[Sentence]:
    return [Sentence(a, i, t, 0, len(t)) for a, lines in texts.items() for i, t in enumerate(lines)]


# Invented copy from two outlets naming the same entities in different ways.
TWO_OUTLETS = {
    "post": [
        "US Secretary of State John Kerry flew to Geneva on Monday to meet officials of the Russian Federation.",
        "Kerry said the United States would press Russia to stop the shelling.",
        "The IS group claimed the attack, and Islamic State fighters later posted a video.",
    ],
    "wire": [
        "John Kerry told reporters in Geneva that the USA and its allies were united.",
        "Analysts said ISIS had lost ground, and IS commanders fled the city.",
        "Russian forces struck targets near the city, the U.S. military said.",
    ],
}


@pytest.fixture(scope="module")
def merged(tagger: EntityTagger) -> dict[str, Fact]:
    facts = merge_entities(tagger(_sentences(TWO_OUTLETS)))
    by_form = {form: f for f in facts for form in f.forms}
    assert len(by_form) == sum(len(f.forms) for f in facts)  # each form in one entity only
    return by_form


@pytest.mark.parametrize(
    "names",
    [
        ("Russia", "Russian Federation"),
        ("U.S.", "USA", "United States"),
        ("IS", "ISIS", "Islamic State", "IS group"),
        ("Kerry", "John Kerry"),
    ],
)
def test_aliases_merge_into_one_entity(merged: dict[str, Fact], names: tuple[str, ...]) -> None:
    entity = merged[names[0]]
    assert all(merged[name] is entity for name in names)
    assert set(names) <= set(entity.forms)
    assert entity.sources == ("post", "wire")


def test_person_takes_the_full_name_without_titles(merged: dict[str, Fact]) -> None:
    kerry = merged["Kerry"]
    assert (kerry.value, kerry.what) == ("John Kerry", "person")
    assert kerry.mentions == (("post", 2), ("wire", 1))  # "US Secretary of State John Kerry", "Kerry"; "John Kerry"
    assert "State" not in merged  # the title is not an organisation


def test_mentions_count_every_source(merged: dict[str, Fact]) -> None:
    islamic_state = merged["ISIS"]
    assert islamic_state.what == "organisation"
    assert dict(islamic_state.mentions) == {"post": 2, "wire": 2}
    assert merged["Geneva"].what == "place" and dict(merged["Geneva"].mentions) == {"post": 1, "wire": 1}


def test_mention_facts_point_at_their_words(tagger: EntityTagger) -> None:
    sentences = _sentences(TWO_OUTLETS)
    mentions = tagger(sentences)
    assert mentions and all(m.kind == "entity" and m.text[slice(*m.span)] == m.value for m in mentions)
    assert [(m.article, m.sentence) for m in mentions] == sorted(
        [(m.article, m.sentence) for m in mentions], key=lambda key: (list(TWO_OUTLETS).index(key[0]), key[1])
    )


def test_name_windows_find_what_whole_sentences_find(tagger: EntityTagger) -> None:
    sentences = _sentences(TWO_OUTLETS)
    whole = EntityTagger(window=None)
    assert [(m.value, m.span) for m in tagger(sentences)] == [(m.value, m.span) for m in whole(sentences)]
    lower = Sentence("a", 0, "the talks went on all night and nothing was agreed.", 0, 52)
    assert tagger([lower]) == []  # no capitalised word: the model does not read it


def test_merge_folds_initials_and_leaves_namesakes_apart() -> None:
    def mention(name: str, kind: str, article: str = "a") -> Fact:
        return Fact("entity", name, kind, "...", (article,), article=article)

    facts = merge_entities([
        mention("Syrian Observatory for Human Rights", "organisation"), mention("SOHR", "organisation", "b"),
        mention("Anna Smith", "person"), mention("Tom Smith", "person"), mention("Smith", "person", "b"),
        mention("Western", "group"), mention("French", "group"), mention("France", "place", "b"),
    ])  # fmt: skip
    assert [(f.value, f.forms) for f in facts] == [
        ("Syrian Observatory for Human Rights", ("Syrian Observatory for Human Rights", "SOHR")),
        ("France", ("French", "France")),
        ("Anna Smith", ("Anna Smith",)),
        ("Tom Smith", ("Tom Smith",)),
        ("Smith", ("Smith",)),  # two Smiths: which one is unknown
    ]


def test_a_nickname_in_quotes_names_the_same_person() -> None:
    def mention(name: str, article: str) -> Fact:
        return Fact("entity", name, "person", "...", (article,), article=article)

    facts = merge_entities([mention('Robert "Bob" Hale', "a"), mention("Bob Hale", "b"), mention("Robert Hale", "c"),
                            mention("Hale", "b"), mention("Ann Chen", "a")])
    assert [(f.value, set(f.forms), f.sources) for f in facts] == [
        ('Robert "Bob" Hale', {'Robert "Bob" Hale', "Bob Hale", "Robert Hale", "Hale"}, ("a", "b", "c")),
        ("Ann Chen", {"Ann Chen"}, ("a",)),
    ]


def test_a_government_body_folds_the_initials_that_leave_its_head_out() -> None:
    def mention(name: str, article: str) -> Fact:
        return Fact("entity", name, "organisation", "...", (article,), article=article)

    facts = merge_entities([mention("Department of Housing and Urban Development", "a"), mention("HUD", "b"),
                            mention("Office of Water Supply", "a"), mention("OWS", "b")])
    assert [(f.value, f.forms) for f in facts] == [
        ("Department of Housing and Urban Development", ("Department of Housing and Urban Development", "HUD")),
        ("Office of Water Supply", ("Office of Water Supply", "OWS")),
    ]


# Invented copy in which the model tags a bare surname as a place or an organisation.
SURNAMES = {
    "gazette": [
        "Harbour commissioner Joan Quimby opened the inquiry on Monday.",
        "Quimby said the ferry had been overloaded for years.",
        "The report reached Quimby late on Tuesday.",
    ],
    "wire": [
        "Retired judge Marten Okoro chaired the panel.",
        "Okoro told reporters the panel would sit in public.",
        "But Okoro declined to name the owners.",
    ],
}


def test_a_surname_joins_its_person_whatever_its_tagged_type(tagger: EntityTagger) -> None:
    mentions = tagger(_sentences(SURNAMES))
    # The model calls "Quimby" an organisation and a place, "Okoro" a place: each mention takes its entity's type.
    assert {m.what for m in mentions if m.value in ("Quimby", "Okoro")} == {"person"}
    by_form = {form: f for f in merge_entities(mentions) for form in f.forms}
    assert by_form["Quimby"] is by_form["Joan Quimby"] and by_form["Okoro"] is by_form["Marten Okoro"]
    assert (by_form["Quimby"].value, by_form["Quimby"].what) == ("Joan Quimby", "person")
    assert by_form["Okoro"].mentions == (("wire", 3),)


def test_the_fuller_name_gives_the_type_and_aliases_are_no_surnames() -> None:
    def mention(name: str, kind: str, article: str = "a") -> Fact:
        return Fact("entity", name, kind, "...", (article,), article=article)

    facts = merge_entities([
        mention("Robert Gates", "person"), mention("Gates", "organisation", "b"), mention("Gates", "organisation", "b"),
        mention("Lena France", "person"), mention("France", "place"), mention("Paris", "place"),
    ])  # fmt: skip
    assert [(f.value, f.what, f.forms) for f in facts] == [
        ("Robert Gates", "person", ("Gates", "Robert Gates")),  # two "organisation" votes count as the person's
        ("Lena France", "person", ("Lena France",)),
        ("France", "place", ("France",)),  # a country of the alias table, not her surname
        ("Paris", "place", ("Paris",)),
    ]


# Invented sentences, each read alone, and the type their words give a name the model mistypes
# (its label in the comment).
@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("TARVIK (Brindle Wire) — Fishing boats stayed in port on Monday after the storm.", "TARVIK", "place"),  # ORG
        ("TARVIK (Brindle Wire) — Fishing boats stayed in port on Monday after the storm.", "Brindle Wire", "organisation"),  # PERSON
        ("OSTRAVEL, Norland (Brindle Wire) — The council met on Monday.", "OSTRAVEL", "place"),  # ORG
        ("OSTRAVEL, Norland (Brindle Wire) — The council met on Monday.", "Norland", "place"),  # ORG
        ("Captain Ilse Varn said the crew was safe.", "Ilse Varn", "person"),  # ORG "Captain Ilse Varn"
        ("Farm workers were travelling to the island of Merrow for the harvest.", "Merrow", "place"),  # PERSON
        ("A warning was issued for the Dunmore coast.", "Dunmore", "place"),  # PERSON
        ("Port Ambry's mayor asked for help.", "Port Ambry", "place"),  # PERSON
        ("Power was cut in Anneka Dorr after the storm.", "Anneka Dorr", "place"),  # PERSON
        ("He spoke after a meeting in Larkin's office.", "Larkin", "person"),  # PERSON: in his office, not in him
        ("She worked in the Carter administration for years.", "Carter", "person"),  # PERSON
        ("Gunmen killed the editors of Charlie Hebdo in Paris on Wednesday.", "Charlie Hebdo", "organisation"),  # PERSON
        ("Protesters gathered outside the offices of Nancy Pelosi.", "Nancy Pelosi", "person"),
        ("The magazine Charlie Hebdo printed new cartoons.", "Charlie Hebdo", "organisation"),  # PERSON
        ("The president flew to Mar-a-Lago on Friday to meet aides.", "Mar-a-Lago", "place"),  # PERSON "Mar"
    ],
)
def test_the_words_around_a_name_give_its_type(tagger: EntityTagger, text: str, name: str, kind: str) -> None:
    found = {m.value: m.what for m in tagger([Sentence("a", 0, text, 0, len(text))])}
    assert found[name] == kind
    assert "Captain" not in " ".join(found)  # the title is no part of the name


def test_a_hyphen_compound_is_not_read_as_part_of_a_name(tagger: EntityTagger) -> None:
    text = "The Halvard-backed candidate won the primary in Mar-a-Lago."
    names = {m.value for m in tagger([Sentence("a", 0, text, 0, len(text))])}
    assert "Halvard-backed" not in names and "Mar-a-Lago" in names


def test_an_opening_bracket_after_a_name_is_no_part_of_it(tagger: EntityTagger) -> None:
    text = "The Bank of Ostrava (BoO) raised its main rate by a quarter point on Wednesday."
    names = {m.value for m in tagger([Sentence("a", 0, text, 0, len(text))])}
    assert "Bank of Ostrava" in names and not any(n.endswith("(") for n in names)


def test_a_dateline_credits_no_entity_and_its_place_counts_only_as_the_story_names_it() -> None:
    def mention(name: str, kind: str, text: str, article: str, nth: int = 0) -> Fact:
        start = [i for i in range(len(text)) if text.startswith(name, i)][nth]
        return Fact("entity", name, kind, text, (article,), article=article, span=(start, start + len(name)))

    filed = "MERROWAY, Norland (Brindle Wire) -- The harbour board of Merroway closed the port on Monday."
    other = "DUNHOLT, Norland (Brindle Wire) -- Ferries stayed in port, Ilse Varn said."
    merged = {f.value: f for f in merge_entities([
        mention("MERROWAY", "place", filed, "wire"), mention("Norland", "place", filed, "wire"),
        mention("Brindle Wire", "organisation", filed, "wire"), mention("Merroway", "place", filed, "wire"),
        mention("DUNHOLT", "place", other, "post"), mention("Norland", "place", other, "post"),
        mention("Brindle Wire", "organisation", other, "post"), mention("Ilse Varn", "person", other, "post"),
        mention("Norland", "place", "Officials in Norland said the storm would pass.", "post"),
    ])}  # fmt: skip
    assert "Brindle Wire" not in merged  # the credit is no entity of the story
    assert "MERROWAY" not in merged and merged["Merroway"].mentions == (("wire", 2),)  # written as the story does
    assert merged["Merroway"].forms == ("Merroway",)
    assert merged["Norland"].mentions == (("post", 2), ("wire", 1))
    assert "DUNHOLT" not in merged and "Ilse Varn" in merged  # filed from there, and named nowhere else


def test_an_abbreviation_the_story_defines_is_its_names_alias(tagger: EntityTagger) -> None:
    mentions = tagger(_sentences({
        "post": ["The Bank of Ostrava (BoO) raised its main rate by a quarter point on Wednesday.",
                 "The BoO will publish new forecasts in May."],
        "wire": ["Traders said the BoO had surprised them.", "Ilse Varn (NP) said the rise came too late."],
    }))  # fmt: skip
    by_form = {form: f for f in merge_entities(mentions) for form in f.forms}
    bank = by_form["BoO"]
    assert bank is by_form["Bank of Ostrava"] and bank.value == "Bank of Ostrava"  # the full name, though less used
    assert bank.mentions == (("post", 3), ("wire", 1))  # defined in one article, an alias in the whole story
    assert by_form["NP"] is not by_form["Ilse Varn"]  # brackets that are not her initials define nothing


def test_an_organisation_written_with_dots_is_the_one_written_without(tagger: EntityTagger) -> None:
    mentions = tagger(_sentences({
        "post": ["The Environmental Protection Agency (EPA) fined the Tolbek Chemical plant on Monday.",
                 "The EPA said the fine would stand."],
        "wire": ["The E.P.A. said on Monday that the Tolbek Chemical plant had broken the rules.",
                 "A spokesman for the E.P.A. declined to say more."],
        "daily": ["The Veldra Rail Safety Board (V.R.S.B.) will lead the inquiry into the Tolbek derailment.",
                  "Investigators of the VRSB reached the site on Tuesday, and the V.R.S.B. said it would report in May."],
    }))  # fmt: skip
    by_form = {form: f for f in merge_entities(mentions) for form in f.forms}
    agency = by_form["E.P.A."]
    assert agency is by_form["EPA"] is by_form["Environmental Protection Agency"]
    assert agency.value == "Environmental Protection Agency"  # the name, not an abbreviation of it
    assert agency.mentions == (("post", 3), ("wire", 2))  # "(EPA)" counts as a mention, as before
    board = by_form["V.R.S.B."]
    assert board is by_form["VRSB"] is by_form["Veldra Rail Safety Board"] and board.value == "Veldra Rail Safety Board"
    assert board.mentions == (("daily", 4),)


def test_initials_with_dots_fold_without_a_definition() -> None:
    def mention(name: str, article: str, kind: str = "organisation") -> Fact:
        return Fact("entity", name, kind, "...", (article,), article=article)

    facts = merge_entities([mention("Tolbek Water Authority", "a"), mention("T.W.A.", "b"), mention("TWA", "c"),
                            mention("F.B.I.", "a"), mention("FBI", "b"), mention("R.J. Calloway", "c", "person"),
                            mention("Dorn City", "a", "place"), mention("DaimlerChrysler Corp", "a"),
                            mention("D.C.", "b", "place"), mention("R.C.", "c", "person")])
    assert [(f.value, f.forms, f.mentions) for f in facts] == [
        ("Tolbek Water Authority", ("Tolbek Water Authority", "T.W.A.", "TWA"), (("a", 1), ("b", 1), ("c", 1))),
        ("F.B.I.", ("F.B.I.", "FBI"), (("a", 1), ("b", 1))),
        ("Dorn City", ("Dorn City", "D.C."), (("a", 1), ("b", 1))),  # the place of those initials, not the firm
        ("R.J. Calloway", ("R.J. Calloway",), (("c", 1),)),
        ("DaimlerChrysler Corp", ("DaimlerChrysler Corp",), (("a", 1),)),
        ("R.C.", ("R.C.",), (("c", 1),)),  # initials are no person's name
    ]


def test_the_un_childrens_agency_is_unicef_however_it_is_written(tagger: EntityTagger) -> None:
    mentions = tagger(_sentences({
        "post": ["The United Nations Children's Fund flew 12 tonnes of medicine to Merrow."],
        "wire": ["UNICEF said more flights would follow."],
        "daily": ["The UN children's agency said the UN would pay for them."],
    }))  # fmt: skip
    by_form = {form: f for f in merge_entities(mentions) for form in f.forms}
    unicef = by_form["UNICEF"]
    assert unicef is by_form["United Nations Children's Fund"] is by_form["UN children's agency"]
    assert unicef.sources == ("daily", "post", "wire")
    assert by_form["UN"] is not unicef  # "the UN would pay": the United Nations itself


def test_the_outlets_of_the_articles_are_organisations(tagger: EntityTagger) -> None:
    text = "By Brindle Wire staff"
    byline = [Sentence("a", 0, text, 0, len(text))]
    assert [(m.value, m.what) for m in tagger(byline)] == [("Brindle Wire", "person")]  # the model's guess
    for source in ("Brindle Wire", "brindle-wire", "The Brindle Wire"):  # as a feed, a folder, a page name it
        article = Article.create(title="Storm", text=text, source=source)
        assert [m.what for m in tagger(byline, {"a": article})] == ["organisation"]


def test_a_title_word_inside_an_organisations_name_stays(tagger: EntityTagger) -> None:
    text = "The striker scored twice as the club climbed to third in the Premier League on Sunday."
    names = [(m.value, m.what) for m in tagger([Sentence("a", 0, text, 0, len(text))])]
    assert ("League", "person") not in names


def test_a_folder_named_after_a_country_does_not_make_it_an_outlet(tagger: EntityTagger) -> None:
    text = "Shelling hit the outskirts of Kharkiv as Ukraine asked for more air defences."
    sentences = [Sentence("a", 0, text, 0, len(text))]
    article = Article.create(title="Shelling", text=text, source="ukraine")  # read from news/ukraine/
    assert ("Ukraine", "place") in [(m.value, m.what) for m in tagger(sentences, {"a": article})]


def test_articles_in_another_language_are_not_tagged(tagger: EntityTagger) -> None:
    # Invented Spanish, read by the English model unless the article says it is Spanish.
    spanish = "El juez Andrés Lledó citó a declarar a la alcaldesa ante el Tribunal de Palmira el próximo martes."
    english = "Judge Andrés Lledó summoned the mayor to the Palmira court on Tuesday."
    sentences = [Sentence("es", 0, spanish, 0, len(spanish)), Sentence("en", 0, english, 0, len(english))]
    assert {m.article for m in tagger(sentences)} == {"es", "en"}  # language unknown: both are read
    for language, english_as in (("es", "en-GB"), ("es-ES", "english"), ("spanish", "eng"), ("spa", "en, fr")):
        articles = {"es": Article.create(title="", text=spanish, language=language),
                    "en": Article.create(title="", text=english, language=english_as)}
        mentions = tagger(sentences, articles)
        assert mentions and {m.article for m in mentions} == {"en"}, (language, english_as)


def test_an_undeclared_article_is_tagged_only_when_it_reads_as_english(tagger: EntityTagger) -> None:
    # A .txt file declares no language: German read by the English model gave "Donau" as a person.
    german = ("Nach tagelangem Regen sind in Niederbayern am Sonntag mehr als 2000 Menschen aus ihren Wohnungen "
              "gebracht worden, teilte die Polizei in Deggendorf mit. Besonders betroffen ist die Stadt Plattling, "
              "wo die Isar über die Ufer trat.")
    english = ("After days of rain more than 2,000 people were taken from their homes in Lower Bavaria on Sunday, "
               "police in Deggendorf said. The town of Plattling, where the Isar burst its banks, was worst hit.")
    short = "Bürgermeisterin Anna Huber besucht Plattling"  # a headline: too short to tell, read
    articles = {i: Article.create(title="", text=t) for i, t in (("de", german), ("en", english), ("short", short))}
    sentences = [Sentence(i, 0, a.text, 0, len(a.text)) for i, a in articles.items()]
    assert {m.article for m in tagger(sentences, articles)} == {"en", "short"}
    assert {m.article for m in tagger(sentences)} == {"de", "en", "short"}  # no articles given: all read


def test_the_pipeline_skips_entities_of_another_language() -> None:
    text = "El alcalde Tomás Iribe visitó Palmira el martes y dijo que el puerto abrirá pronto."
    (brief,) = build_briefs([Article.create(title="Visita", text=text, source="Diario", language="es"),
                             Article.create(title="Visita al puerto", text=text, source="Gaceta", language="es")])
    assert not [f for f in brief.facts if f.kind == "entity"]


def test_initials_of_the_alias_table_merge(tagger: EntityTagger) -> None:
    texts = {"a": ["The European Central Bank raised its main rate on Thursday.", "Analysts expect the ECB to pause."]}
    by_form = {form: f for f in merge_entities(tagger(_sentences(texts))) for form in f.forms}
    assert by_form["ECB"] is by_form["European Central Bank"] and by_form["ECB"].what == "organisation"


def test_seed_entities_merge_aliases(tagger: EntityTagger, seed_paths: list[Path]) -> None:
    from newsbrief import read_articles

    texts = [prepare(a) for a in read_articles(seed_paths)]
    entities = merge_entities(tagger(s for s in fact_sentences(texts) if s.index >= 0))
    by_form = {form: f for f in entities for form in f.forms}
    both = tuple(sorted(t.id for t in texts))
    assert by_form["Russian Federation"] is by_form["Russia"]
    assert {"IS", "ISIS", "Islamic State"} <= set(by_form["ISIS"].forms) and by_form["IS"].sources == both
    assert by_form["Kerry"] is by_form["John Kerry"] and by_form["Kerry"].what == "person"
    assert by_form["U.S."] is by_form["United States"] is by_form["USA"]
    for entity in entities:
        assert sum(n for _, n in entity.mentions) >= len(entity.sources) >= 1
        assert {a for a, _ in entity.mentions} == set(entity.sources)


def test_a_model_named_by_the_user_must_load() -> None:
    with pytest.raises(NewsbriefError, match="no_such_model"):
        EntityTagger("no_such_model")
    with pytest.raises(NewsbriefError):
        entity_tagger(FactOptions(ner_model="no_such_model"))
    assert entity_tagger(FactOptions(entities=False)) is None


def test_without_spacy_the_pipeline_runs_and_has_no_entities(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    with pytest.raises(NewsbriefError, match="spaCy"):
        EntityTagger()
    assert entity_tagger() is None  # the default model is optional
    text = "Kerry met officials in Geneva on Monday, and 12 people were killed in Russia."
    (brief,) = build_briefs([Article.create(title="Talks", text=text, source="Post"),
                             Article.create(title="Talks held", text=text, source="Wire")])
    assert brief.facts and not [f for f in brief.facts if f.kind == "entity"]


def test_alias_table_is_the_one_shared_with_normalise() -> None:
    # The merge reads newsbrief.text.aliases; this pins the entries the examples need.
    assert ALIASES[("russian", "federation")] == ALIASES[("russia",)]
    assert ALIASES[("usa",)] == ALIASES[("u.s.",)] == ALIASES[("united", "states")]
    assert ALIASES[("isis",)] == ALIASES[("islamic", "state")] == ALIASES[("is",)]
    assert ALIASES[("ecb",)] == ALIASES[("european", "central", "bank")]
