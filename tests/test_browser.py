"""The pages in a real browser: headless Chromium (Debian's) driven by Playwright, against the
app under gunicorn exactly as the Procfile starts it, over an index of the seeds built by the
real `warta index`. One server and one browser serve the whole module.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
READY = re.compile(r"Warta siap: buka (http://127\.0\.0\.1:\d+)/ di peramban")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
TITLES = {
    "000": "Bentuk Unit Keamanan Siber, Trump Akan Temui Putin",
    "001": "Putin Mengaku Belum Hilang Harapan Jalin Kerjasama Keamanan Siber dengan AS",
    "002": "Presiden Putin Ajak AS Buat Kesepakatan Dunia Maya untuk Hindari Risiko Besar",
    "003": "Hadapi Ancaman Cyber, Indonesia-China Jalin Kerja Sama di Bidang Keamanan Cyber",
    "004": "Putin Ucapkan Terima Kasih Ke Trump Atas Bantuan CIA Gagalkan Serangan",
}


def procfile_command() -> list[str]:
    """The Procfile's `web:` line, with this virtualenv's gunicorn."""
    line = next(l for l in (ROOT / "Procfile").read_text().splitlines() if l.startswith("web:"))
    command = shlex.split(line.removeprefix("web:"))
    assert command[0] == "gunicorn"
    return [str(Path(sys.executable).with_name("gunicorn")), *command[1:]]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    target = tmp_path_factory.mktemp("index")
    warta = str(Path(sys.executable).with_name("warta"))
    env = dict(os.environ, WARTA_INDEX_DIR=str(target))
    subprocess.run([warta, "index", str(seeds_dir)], check=True, env=env, cwd=ROOT,
                   capture_output=True, timeout=120)
    return target


@pytest.fixture(scope="module")
def server(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Gunicorn on a port the kernel picks (PORT=0), read back from the address it prints."""
    logs = tmp_path_factory.mktemp("gunicorn")
    env = dict(os.environ, WARTA_INDEX_DIR=str(index_dir), PORT="0", WEB_CONCURRENCY="2")
    with open(logs / "stdout", "w") as stdout, open(logs / "stderr", "w") as stderr:
        process = subprocess.Popen(procfile_command(), cwd=ROOT, env=env, stdout=stdout,
                                   stderr=stderr)
        try:
            yield {"base": wait_until_serving(process, logs), "logs": logs}
        finally:
            process.terminate()
            process.wait(timeout=15)


def wait_until_serving(process: subprocess.Popen, logs: Path) -> str:
    """The address gunicorn printed, once a page is served from it."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited: {(logs / 'stderr').read_text()[-2000:]}")
        ready = READY.search((logs / "stdout").read_text())
        if ready:
            try:
                with urllib.request.urlopen(ready.group(1) + "/static/warta.css", timeout=2):
                    return ready.group(1)
            except OSError:
                pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not serve within 30 s: {(logs / 'stderr').read_text()[-2000:]}")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Session:
    """A browser tab on the server, collecting the problems a user would not see."""

    def __init__(self, browser, base: str, **context_options) -> None:
        self.context = browser.new_context(
            base_url=base, **{"viewport": {"width": 1280, "height": 900}, **context_options}
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(message.text)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


@pytest.fixture
def session(browser, server) -> Iterator[Session]:
    tab = Session(browser, server["base"])
    yield tab
    tab.context.close()
    assert tab.problems == []


@pytest.fixture
def page(session: Session):
    return session.page


def count_of(page, facet: str, value: str) -> str:
    """The count shown beside a facet value."""
    item = page.locator(f"#facet-{facet} li").filter(has=page.get_by_text(value, exact=True))
    return item.locator(".facet-count").inner_text()


def hit_titles(page) -> set[str]:
    return set(page.locator(".hit h2 a").all_inner_texts())


def test_type_a_query_and_submit(page, session: Session) -> None:
    page.goto("/")
    expect(page.locator("#result-count")).to_contain_text("5 artikel")
    page.get_by_label("Cari berita").fill("putin")
    page.get_by_label("Cari berita").press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=putin$"))
    expect(page.locator("#result-count")).to_contain_text("4 artikel untuk")
    assert hit_titles(page) == {TITLES[n] for n in ("000", "001", "002", "004")}
    expect(page.locator(".hit .snippet mark").first).to_have_text(re.compile("putin", re.I))
    session.screenshot("search-page.png")


def test_tick_an_outlet_and_the_list_and_counts_change(page) -> None:
    page.goto("/")
    assert count_of(page, "actor", "Vladimir Putin") == "4"
    page.get_by_role("checkbox", name="Kompas.com").check()
    expect(page).to_have_url(re.compile(r"outlet=Kompas\.com"))
    expect(page.locator("#result-count")).to_contain_text("1 artikel")
    assert hit_titles(page) == {TITLES["002"]}
    assert count_of(page, "actor", "Vladimir Putin") == "1"
    # Multi-select: the other outlets keep the counts they would add.
    assert count_of(page, "outlet", "SINDOnews") == "1"
    expect(page.get_by_role("checkbox", name="Kompas.com")).to_be_checked()
    expect(page.get_by_role("link", name="Hapus filter Media: Kompas.com")).to_be_visible()


def test_tick_two_actors(page) -> None:
    page.goto("/")
    persons = page.locator("#facet-actor")  # the quoted persons' facet lists the same names
    persons.get_by_role("button", name="Tampilkan 3 lainnya").click()
    persons.get_by_role("checkbox", name="Wiranto").check()
    expect(page).to_have_url(re.compile(r"/\?actor=Wiranto$"))
    page.locator("#facet-actor").get_by_role("checkbox", name="Dmitry Peskov").check()
    both = r"/\?actor=(Wiranto&actor=Dmitry\+Peskov|Dmitry\+Peskov&actor=Wiranto)$"
    expect(page).to_have_url(re.compile(both))
    expect(page.locator("#result-count")).to_contain_text("2 artikel")
    assert hit_titles(page) == {TITLES["000"], TITLES["003"]}
    page.get_by_role("link", name="Hapus filter Tokoh: Wiranto").click()
    expect(page.locator("#result-count")).to_contain_text("1 artikel")
    assert hit_titles(page) == {TITLES["000"]}


def test_who_appears_with_whom(page, session: Session) -> None:
    page.goto("/?actor=Donald+Trump&actor=Dmitry+Peskov")
    expect(page.locator("#result-count")).to_contain_text("3 artikel")
    page.get_by_label("Semua tokoh terpilih").check()
    expect(page).to_have_url(re.compile(r"actor_op=and"))
    expect(page.locator("#result-count")).to_contain_text("1 artikel")
    assert hit_titles(page) == {TITLES["000"]}
    # the person list now counts within the selection: who appears with both
    expect(page.locator("#facet-actor li")).to_have_count(4)
    session.screenshot("search-actors-and.png")


def test_a_persons_name_leads_to_their_page(page, session: Session) -> None:
    page.goto("/?q=kesepakatan")
    page.locator(".hit .actors").first.get_by_role("link", name="Donald Trump").click()
    expect(page.locator("h1")).to_have_text("Donald Trump")
    expect(page.get_by_text("Sering muncul bersama")).to_be_visible()
    expect(page.locator(".people li").first).to_contain_text("Vladimir Putin")
    session.screenshot("person-donald-trump.png")


def test_click_a_year_bar(page, session: Session) -> None:
    page.goto("/")
    page.get_by_role("link", name="2020: 2 artikel").click()
    expect(page).to_have_url(re.compile(r"from=2020&to=2020"))
    expect(page.locator("#result-count")).to_contain_text("2 artikel")
    assert hit_titles(page) == {TITLES["001"], TITLES["002"]}
    expect(page.get_by_label("Dari", exact=True)).to_have_value("2020")
    # The date facet is counted without its own filter: every year stays, 2020 is marked.
    expect(page.locator(".chart").first.locator(".bar")).to_have_count(3)
    expect(page.locator(".chart .bar.selected")).to_have_attribute("aria-label", "2020: 2 artikel")
    # the chart zooms in: the selected year's months under the years
    expect(page.locator(".chart")).to_have_count(2)
    expect(page.get_by_role("link", name="September 2020: 1 artikel")).to_be_visible()
    # one chip for the year, not a "Dari" and a "Sampai"
    expect(page.get_by_role("link", name="Hapus filter Tanggal: 2020")).to_be_visible()
    expect(page.locator(".chip")).to_have_count(1)
    session.screenshot("search-year-2020.png")


def test_results_per_page_export_links_and_the_help_panel(page, session: Session) -> None:
    page.goto("/?q=putin")
    page.get_by_label("Per halaman").select_option("25")
    expect(page).to_have_url(re.compile(r"q=putin&per_page=25"))
    csv_link = page.get_by_role("link", name="CSV")
    assert csv_link.get_attribute("href") == "/search?q=putin&format=csv"
    with page.expect_download() as download:
        csv_link.click()
    assert download.value.suggested_filename == "warta-search.csv"
    page.get_by_text("Bantuan pencarian").click()
    expect(page.get_by_text("frasa persis: kata-kata berurutan")).to_be_visible()
    session.screenshot("search-help-export.png")


def test_an_author_and_a_place_filter_the_results(page) -> None:
    page.goto("/")
    page.locator("#facet-author").get_by_text("Kristian Erdianto", exact=True).click()
    expect(page).to_have_url(re.compile(r"author=Kristian"))
    expect(page.locator("#result-count")).to_contain_text("1 artikel")
    page.goto("/?place=Moskwa")
    expect(page.locator("#result-count")).to_contain_text("1 artikel")


def test_open_an_article_and_go_back(page, session: Session) -> None:
    page.goto("/?q=keamanan+siber")
    results_url = page.url
    page.get_by_role("link", name=TITLES["001"]).click()
    expect(page.locator("h1")).to_have_text(TITLES["001"])
    expect(page.locator(".facts")).to_contain_text("Senin, 12 Oktober 2020, 18.10 WIB")
    marked = {text.lower() for text in page.locator(".body mark").all_inner_texts()}
    assert {"keamanan", "siber"} <= marked
    session.screenshot("article-page.png")
    page.get_by_role("link", name=re.compile("Kembali ke hasil pencarian")).click()
    expect(page).to_have_url(results_url)
    page.get_by_role("link", name=TITLES["001"]).click()
    page.go_back()
    expect(page).to_have_url(results_url)
    expect(page.get_by_label("Cari berita")).to_have_value("keamanan siber")


def test_a_script_in_the_query_stays_text(page, session: Session) -> None:
    attack = "<script>alert(1)</script>"
    page.goto("/?q=" + urllib.request.quote(attack))
    expect(page.get_by_label("Cari berita")).to_have_value(attack)
    expect(page.locator("#result-count")).to_contain_text(attack)
    assert session.dialogs == []
    session.screenshot("search-xss.png")


def test_actor_names_are_suggested_as_you_type(page) -> None:
    page.goto("/")
    page.get_by_label("Cari tokoh").press_sequentially("pesk")
    expect(page.locator("#actor-suggestions option")).to_have_count(1)
    assert page.locator("#actor-suggestions option").get_attribute("value") == "Dmitry Peskov"
    page.get_by_label("Cari tokoh").fill("Dmitry Peskov")
    page.get_by_label("Cari tokoh").press("Enter")
    expect(page).to_have_url(re.compile(r"actor=Dmitry\+Peskov"))
    assert hit_titles(page) == {TITLES["000"]}


def test_the_keyboard_reaches_the_search_box_and_the_filters(page) -> None:
    page.goto("/")
    for _ in range(3):  # skip link, Warta, the search box
        page.keyboard.press("Tab")
    page.keyboard.type("putin")
    page.keyboard.press("Enter")
    expect(page.locator("#result-count")).to_contain_text("4 artikel")
    page.get_by_role("checkbox", name="Selidiki.com").focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/\?q=putin&outlet=Selidiki\.com$"))
    expect(page.locator("#result-count")).to_contain_text("1 artikel")
    # The new page gives the focus back to the box just ticked.
    expect(page.get_by_role("checkbox", name="Selidiki.com")).to_be_focused()


def test_works_with_javascript_disabled(browser, server) -> None:
    tab = Session(browser, server["base"], java_script_enabled=False)
    try:
        page = tab.page
        page.goto("/")
        page.get_by_role("checkbox", name="Kompas.com").check()
        expect(page).to_have_url(re.compile(r"/$"))  # nothing happens until the user applies
        page.get_by_role("button", name="Terapkan filter").click()
        expect(page).to_have_url(re.compile(r"outlet=Kompas\.com"))
        expect(page.locator("#result-count")).to_contain_text("1 artikel")
        page.get_by_label("Cari tokoh").fill("Vladimir Putin")
        page.get_by_label("Cari tokoh").press("Enter")
        expect(page).to_have_url(re.compile(r"outlet=Kompas\.com&actor=Vladimir\+Putin"))
        expect(page.locator("#result-count")).to_contain_text("1 artikel")
        tab.screenshot("search-no-javascript.png")
        page.get_by_role("link", name=TITLES["002"]).click()
        expect(page.locator("h1")).to_have_text(TITLES["002"])
    finally:
        tab.context.close()
    assert tab.problems == []


def test_readable_at_phone_width(browser, server) -> None:
    tab = Session(browser, server["base"], viewport={"width": 390, "height": 844})
    try:
        page = tab.page
        page.goto("/?q=putin")
        expect(page.locator(".hit").first).to_be_in_viewport()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        took = page.locator(".took").bounding_box()
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.took'))"
                             ".lineHeight) || 20")
        assert took is not None and took["height"] < 1.5 * line  # "(12 md)" on one line
        tab.screenshot("search-phone.png")
    finally:
        tab.context.close()
    assert tab.problems == []


def test_gunicorn_logs_requests_to_stdout_and_prints_the_address(page, server) -> None:
    page.goto("/?q=wiranto")
    expect(page.locator("#result-count")).to_contain_text("1 artikel")
    port = server["base"].rsplit(":", 1)[1]
    stdout = server["logs"] / "stdout"
    deadline = time.monotonic() + 5
    while "GET /?q=wiranto" not in stdout.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    log = stdout.read_text()
    assert f"Warta siap: buka http://127.0.0.1:{port}/ di peramban" in log
    assert re.search(r'"GET /\?q=wiranto HTTP/1\.1" 200 ', log)
