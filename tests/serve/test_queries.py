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
