"""Each page's filters narrow what it shows, and values never reach SQL as text."""

from __future__ import annotations

from starlette.datastructures import QueryParams

from ficlens.serve import queries


def works(corpus, query: str) -> queries.Page:
    return queries.works_page(corpus, queries.WorkFilters.parse(QueryParams(query)))


def test_a_facet_and_a_search_narrow_the_works(corpus):
    every = works(corpus, "")
    fandom = works(corpus, "fandom=Testfandom")
    both = works(corpus, "fandom=Testfandom&q=reunions")
    assert every.total == corpus.one("SELECT count(*) FROM works") > fandom.total == 2 > both.total == 1
    assert both.rows[0]["title"] == "Coming Back"
    assert works(corpus, "rating=Mature&rating=General+Audiences").total >= 2


def test_facet_counts_are_the_works_each_value_would_leave(corpus):
    f = queries.WorkFilters.parse(QueryParams("fandom=Testfandom"))
    facets = queries.work_facets(corpus, f)
    ratings = {v.value: v.count for v in facets["rating"]}
    for value, count in ratings.items():
        assert works(corpus, f"fandom=Testfandom&rating={value}").total == count


def test_sql_in_a_filter_is_a_value_not_sql(corpus):
    hostile = "x' OR 1=1 --"
    assert works(corpus, f"q={hostile}").total == 0
    assert works(corpus, f"fandom={hostile}").total == 0
    quotes = queries.quotes_page(corpus, queries.QuoteFilters.parse(QueryParams({"speaker": hostile})))
    assert quotes.total == 0
    assert works(corpus, "sort=title;DROP TABLE w").total == corpus.one("SELECT count(*) FROM w")


def test_quotes_by_speaker_and_addressee_with_their_context(corpus):
    f = queries.QuoteFilters.parse(QueryParams("speaker=mara&addressee=Jonah&fandom=Testfandom"))
    page = queries.quotes_page(corpus, f)
    assert page.total >= 2
    for r in page.rows:
        assert r["speaker_name"] == "Mara" and "Jonah" in r["addressee_names"]
        text = corpus.one("SELECT text FROM texts WHERE work_id = ?", [r["work_id"]])
        assert text[r["start"] : r["end"]] == r["text"]
        assert (r["before"] + r["text"] + r["after"]).strip("…") in text


def test_a_character_joins_across_a_fandoms_works(corpus):
    page = queries.characters_page(corpus, queries.CharacterFilters.parse(QueryParams("fandom=Testfandom")))
    by_name = {r["name"]: r for r in page.rows}
    assert by_name["Mara"]["works"] == 2
    assert by_name["Mara"]["speech_partners"][0][0] == "Jonah"


def test_relationships_compare_the_tags_with_the_central_pair(corpus):
    f = queries.RelationshipFilters.parse(QueryParams("fandom=Testfandom"))
    page = queries.relationships_page(corpus, f)
    statuses = {r["title"]: r["status"] for r in page.rows}
    assert statuses["Coming Back"] in {"agrees", "kind differs"}
    summary = queries.agreement_by_fandom(corpus, f)
    assert summary[0]["fandom"] == "Testfandom" and summary[0]["works"] == 2


def test_the_overview_counts_and_lists_what_was_not_read(corpus):
    o = queries.overview(corpus)
    assert o["totals"]["works"] == corpus.one("SELECT count(*) FROM works")
    errors = queries.errors_page(corpus, 1)
    assert errors.total == 1 and errors.rows[0]["code"] == "E008"
    shares = next(r for r in o["dialogue"] if r["fandom"] == "Testfandom")["shares"]
    assert abs(sum(shares.values()) - 1) < 1e-9


def test_quotes_by_work_and_type_in_dataset_order(corpus):
    work_id = corpus.one("SELECT work_id FROM works WHERE title = 'Coming Back'")
    page = queries.quotes_page(corpus, queries.QuoteFilters.parse(QueryParams(f"work={work_id}")))
    assert page.total == len(page.rows) > 0 and {r["work_id"] for r in page.rows} == {work_id}
    assert [r["start"] for r in page.rows] == sorted(r["start"] for r in page.rows)
    explicit = queries.quotes_page(corpus, queries.QuoteFilters.parse(QueryParams("type=explicit")))
    assert explicit.total > 0 and {r["type"] for r in explicit.rows} == {"explicit"}


def test_a_quote_search_matches_words_inside_the_quote_only(corpus):
    page = queries.quotes_page(corpus, queries.QuoteFilters.parse(QueryParams("q=STAY")))
    assert page.total >= 1 and all("stay" in r["text"].lower() for r in page.rows)


def test_a_quotes_page_past_the_counting_cap_still_has_its_rows(corpus, monkeypatch):
    every = queries.quotes_page(corpus, queries.QuoteFilters.parse(QueryParams("")))
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    third = queries.quotes_page(corpus, queries.QuoteFilters.parse(QueryParams("page=3")))
    assert third.capped and third.total == 3
    assert [(r["work_id"], r["id"]) for r in third.rows] == [(r["work_id"], r["id"]) for r in every.rows[4:6]]


def test_a_character_is_found_by_an_alias(corpus):
    f = queries.CharacterFilters.parse(QueryParams({"fandom": "", "q": "BUSHY-BROWS"}))  # the seed: Lee's
    assert [r["name"] for r in queries.characters_page(corpus, f).rows] == ["Lee"]
