"""The app's routes: escaped values, a strict policy, exports of the rows shown, and nothing but GET."""

from __future__ import annotations

import csv
import io
import re

import pytest
from xss import PAYLOAD, XSS

from ficlens.serve.app import CSP, create_app

PAGES = (
    "/",
    "/works",
    "/works?fandom=Testfandom",
    "/quotes",
    "/quotes?fandom=Testfandom",
    "/characters?fandom=Testfandom",
    "/relationships",
    "/relationships?fandom=Testfandom",
)


@pytest.fixture(scope="module")
def client(corpus):
    from fastapi.testclient import TestClient

    return TestClient(create_app(corpus), base_url="http://127.0.0.1")


def xss_work_id(corpus) -> str:
    return corpus.one("SELECT work_id FROM works WHERE title = ?", [f"Title {PAYLOAD}"])


@pytest.mark.parametrize("path", PAGES)
def test_every_page_escapes_the_payloads_and_sends_the_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    for payload in XSS[:-1]:
        assert payload not in response.text
    assert "<script>window.__xss" not in response.text


def test_the_payloads_are_shown_as_text(client):
    page = client.get("/works?fandom=Testfandom").text
    assert "Title &lt;script&gt;window.__xss=1&lt;/script&gt;" in page


def test_the_report_keeps_its_own_policy_and_may_be_framed_by_the_app_only(client, corpus):
    work_id = xss_work_id(corpus)
    response = client.get(f"/work/{work_id}/report")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and policy.endswith("frame-ancestors 'self'")
    assert "<script>window.__xss" not in response.text
    assert client.get(f"/work/{work_id}").headers["content-security-policy"] == CSP
    again = client.get(f"/work/{work_id}/report")  # kept from the first time: the same document and policy
    assert again.text == response.text and again.headers["content-security-policy"] == policy


def test_an_export_holds_the_rows_the_page_shows(client):
    page = client.get("/works?fandom=Testfandom&sort=title&order=asc").text
    shown = re.findall(r'<li class="work">\s*<h2><a href="/work/([0-9a-f]+)"', page)
    exported = list(
        csv.DictReader(io.StringIO(client.get("/works.csv?fandom=Testfandom&sort=title&order=asc").text))
    )
    assert [r["work_id"] for r in exported] == shown and len(shown) == 2
    records = client.get("/works.json?fandom=Testfandom&sort=title&order=asc").json()
    assert [r["work_id"] for r in records] == shown
    assert records[0]["title"] == "Coming Back"


def test_a_csv_cell_never_starts_a_formula(client):
    rows = list(csv.reader(io.StringIO(client.get("/quotes.csv?q=%3Dhyperlink").text)))
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_only_reads_are_served_and_only_for_the_bound_host(client, corpus):
    assert client.post("/works").status_code == 405
    assert client.get("/static/../manifest.json").status_code == 404
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/work/..%2Fmanifest.json").status_code == 404
    assert client.get("/works", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/work/" + "0" * 16).status_code == 404
