"""Report pages: who sees them, accessible charts beside their tables, the period forms."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.tenants.reports.conftest import YEAR

pytestmark = pytest.mark.django_db

REPORT_NAMES = ["stages", "sources", "calls", "lead-times", "decisions", "trials", "activities"]


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside elements that have an id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, Any]]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag not in {"input", "br", "link", "meta", "img", "rect"}:
            element_id = attributes.get("id")
            self._open.append(element_id)
            if element_id:
                self.text_by_id[element_id] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag not in {"input", "br", "link", "meta", "img", "rect"} and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for element_id in self._open:
            if element_id:
                self.text_by_id[element_id] += data


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


@pytest.fixture
def page(tenant_a, client_for, member_of):  # type: ignore[no-untyped-def]
    def get(url: str, role: str = "viewer") -> Any:
        return client_for(tenant_a, person=member_of(tenant_a, role)).get(url)

    return get


class TestDashboardPage:
    def test_every_chart_is_an_image_named_by_a_visible_title_and_description(self, page, sample):
        response = page(f"/rapporter/?year={YEAR}")

        assert response.status_code == 200
        html = parse(response.content.decode())
        charts = [attrs for tag, attrs in html.tags if tag == "svg"]
        assert len(charts) == len(REPORT_NAMES)
        for chart in charts:
            assert chart["role"] == "img"
            title_id, description_id = chart["aria-labelledby"].split()
            assert html.text_by_id[title_id].strip()
            assert html.text_by_id[description_id].strip()
            assert ("h2", {"id": title_id}) in html.tags
            assert ("p", {"id": description_id}) in html.tags

    def test_each_chart_has_a_table_of_the_same_figures_beside_it(self, page, sample):
        content = page(f"/rapporter/?year={YEAR}").content.decode()

        stages = content[content.index('id="stages-title"') : content.index('id="sources-title"')]
        assert "<caption>Idéer per steg</caption>" in stages
        assert '<th scope="col">Steg</th>' in stages
        assert '<th scope="row">Inkommen</th>' in stages
        bars = re.findall(r'<text x="[\d.]+" y="[\d.]+">([^<]+)</text>', stages)
        cells = re.findall(r'<td class="num">([^<]+)</td>', stages.split("<tfoot>")[0])
        assert bars == cells
        assert "10" in bars
        assert "6" in bars

    def test_links_every_report_as_csv_and_excel_for_the_period_shown(self, page, sample):
        content = page(f"/rapporter/?year={YEAR}").content.decode()

        for name in REPORT_NAMES:
            assert f'href="/rapporter/{name}.csv?year={YEAR}"' in content
            assert f'href="/rapporter/{name}.xlsx?year={YEAR}"' in content

    def test_the_nav_marks_reports_as_the_current_page(self, page, sample):
        content = page("/rapporter/").content.decode()

        assert '<a href="/rapporter/" aria-current="page">Rapporter</a>' in content

    def test_staff_see_neither_the_page_nor_the_link(self, page, tenant_a, sample):
        assert page("/rapporter/", role="staff").status_code == 403
        assert 'href="/rapporter/"' not in page("/", role="staff").content.decode()

    def test_someone_logged_out_is_sent_to_log_in(self, tenant_a, client_for):
        response = client_for(tenant_a).get("/rapporter/")

        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_refuses_a_year_and_a_period_together(self, page, sample):
        response = page(f"/rapporter/?year={YEAR}&from={YEAR}-01-01")

        assert response.status_code == 400
        assert "Välj antingen ett år eller en period, inte båda." in response.content.decode()

    def test_refuses_a_period_in_the_wrong_order(self, page, sample):
        response = page(f"/rapporter/?from={YEAR}-05-01&to={YEAR}-04-01")

        assert response.status_code == 400
        assert "Periodens slutdatum ligger före startdatumet." in response.content.decode()


class TestEqualityPage:
    URL = f"/rapporter/jamstalldhet/?from={YEAR}-01-01&to={YEAR}-12-31"

    def test_shows_small_groups_as_fewer_than_five(self, page, sample):
        content = page(self.URL).content.decode()

        gender = content[content.index('id="funnel-gender"') :].split("</table>")[0]
        submitted = gender.split('<th scope="row">Inlämnade</th>')[1].split("</tr>")[0]
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", submitted)
        # woman, man, other, not stated, total: 3 men are too few, and the 6 who did not
        # say are hidden too, or 16 - 7 - 0 - 6 would give the men away.
        assert cells == ["7", "färre än 5", "0", "dolt", "16"]
        assert "En grupp med färre än 5 idéer visas som ”färre än 5”" in content

    def test_hides_a_second_cell_so_the_small_one_cannot_be_subtracted(self, page, sample):
        content = page(self.URL).content.decode()

        gender = content[content.index('id="funnel-gender"') :].split("</table>")[0]
        funded = gender.split('<th scope="row">Finansierade</th>')[1].split("</tr>")[0]
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", funded)
        # 6 women funded, 1 man (small), so the women's figure is hidden too.
        assert cells == ["dolt", "färre än 5", "0", "0", "7"]

    def test_tables_have_captions_and_headers_with_scope(self, page, sample):
        content = page(self.URL).content.decode()

        assert "<caption>Idéernas väg efter kön</caption>" in content
        assert "<caption>Idéernas väg efter källa</caption>" in content
        assert '<th scope="col" class="num">Ej angivet</th>' in content

    def test_defaults_to_this_year_so_far(self, page, sample):
        response = page("/rapporter/jamstalldhet/")

        assert response.status_code == 200
        assert 'name="from"' in response.content.decode()

    def test_refuses_a_period_in_the_wrong_order_with_a_message(self, page, sample):
        response = page(f"/rapporter/jamstalldhet/?from={YEAR}-06-01&to={YEAR}-01-01")

        assert response.status_code == 400
        content = response.content.decode()
        assert "Periodens slutdatum ligger före startdatumet." in content
        assert 'id="funnel-gender"' not in content

    def test_links_the_downloads_for_the_same_period(self, page, sample):
        content = page(self.URL).content.decode()

        assert f'href="/rapporter/equality.csv?from={YEAR}-01-01&amp;to={YEAR}-12-31"' in content
        assert f'href="/rapporter/equality.xlsx?from={YEAR}-01-01&amp;to={YEAR}-12-31"' in content


class TestDownloads:
    def test_an_unknown_report_is_not_found(self, page, sample):
        assert page("/rapporter/nothing.csv").status_code == 404

    def test_staff_may_not_download(self, page, sample):
        assert page("/rapporter/stages.csv", role="staff").status_code == 403

    def test_a_wrong_period_is_refused_with_the_reason(self, page, sample):
        response = page(f"/rapporter/equality.xlsx?from={YEAR}-06-01&to={YEAR}-01-01")

        assert response.status_code == 400
        assert "Periodens slutdatum ligger före startdatumet." in response.content.decode()
