"""The web interview of `py1177 serve` (issue 14), tested as a person would use it.

A real `py1177 serve` subprocess on a free loopback port; the pages are read over HTTP (headers,
CSP, language, state in the request) and driven in Debian's Chromium through Playwright for Python
(no browser download: ``executable_path``), through realistic cases to their answers — one with
JavaScript disabled, one that changes an earlier answer. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow   # a real server; the browser tests drive Chromium

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
DATE = "2023-09-01"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    proc = subprocess.Popen([sys.executable, "-m", "py1177", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT.parent)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        else:
            raise AssertionError("py1177 serve did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read().decode("utf-8")


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(page: str) -> list[tuple[str, dict[str, str]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


# --- over HTTP -------------------------------------------------------------------------------

def test_first_page_is_one_labelled_question_in_swedish_with_a_strict_csp(base_url):
    status, headers, page = get(base_url + "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert headers["content-language"] == "sv" and '<html lang="sv">' in page
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "style-src 'self'" in csp and "script" not in csp
    assert "<script" not in page and "style=" not in page and "<style" not in page
    assert page.count("<fieldset>") == 1
    assert re.search(r"<legend>Vem hanterade ärendet först i 1177 direkt\?</legend>", page)
    radios = [a for t, a in tags(page) if t == "input" and a.get("type") == "radio"]
    labels = {a["for"] for t, a in tags(page) if t == "label"}
    assert len(radios) == 3 and {r["id"] for r in radios} == labels   # every radio has its label
    assert ">Nästa</button>" in page
    # no external resources: only the served CSS file
    sources = [a.get("href") or a.get("src") for t, a in tags(page) if t in ("link", "script", "img")]
    assert sources == ["/static/py1177.css"]


def test_language_from_query_then_accept_language(base_url):
    assert '<html lang="en">' in get(base_url + "/?lang=en")[2]
    status, headers, page = get(base_url + "/", {"Accept-Language": "en-GB,en;q=0.9"})
    assert headers["content-language"] == "en" and "Who handled the case first in 1177 direkt?" in page
    assert '<html lang="sv">' in get(base_url + "/", {"Accept-Language": "de"})[2]


def test_state_travels_in_the_request_and_the_answer_page_has_card_and_command(base_url):
    answers = ["1.role.doctor", "1.channel.digital", "1.purpose.prescription_renewal",
               "1.replaces_visit.true"]
    query = "&".join(f"a={a}" for a in answers) + f"&v=1.more.no&date={DATE}"
    status, _, page = get(f"{base_url}/?{query}")
    assert status == 200
    assert 'id="answer"' in page
    # §3.1.4 "Läkare via 1177 direkt (receptförnyelse)", "Ersätter ett besök"
    assert "Läkaren: registrera vårdkontakt <strong>Distanskontakt realtid bild/ljud/chatt</strong>" in page
    command = re.search(r'<code id="command">(.*?)</code>', page).group(1)
    assert command == ("py1177 advise --step doctor:digital:purpose=prescription_renewal:replaces_visit=true "
                       f"--date {DATE}")
    assert page.count(">Ändra<") == 5 and "<details" in page


def test_bad_state_is_a_400_page_with_one_message(base_url):
    status, headers, page = get(base_url + "/?a=1.role.pilot")
    assert status == 400 and headers["content-type"].startswith("text/html")
    assert 'role="alert"' in page and "pilot" in page and "Traceback" not in page


def test_anvisning_and_css_are_served_under_the_csp(base_url):
    status, headers, page = get(base_url + "/anvisning")
    assert status == 200 and "content-security-policy" in headers
    assert page.count('class="scenario"') == 12
    assert "<style" not in page and '<link rel="stylesheet" href="/static/document.css">' in page
    status, headers, css = get(base_url + "/static/document.css")
    assert status == 200 and headers["content-type"].startswith("text/css") and "table" in css
    assert get(base_url + "/static/../pyproject.toml")[0] == 404


# --- in a browser ----------------------------------------------------------------------------

def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    if os.environ.get("CI") == "true":
        pytest.fail("CI must install chromium (dev.sh test does it with apt-get)")
    pytest.skip("chromium is not installed")


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install playwright (the test extra)")
        pytest.skip("playwright is not installed")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def interview(page, answers: dict[str, str], shot: str) -> str:
    """Answer each question page as a person would: read the legend, pick the label given for
    the first key found in it (else keep the preselected default), press Nästa. Returns the card."""
    for _ in range(30):
        if page.locator("#answer").count():
            break
        legend = page.locator("legend").inner_text()
        for key, label in answers.items():
            if key in legend:
                page.get_by_label(label, exact=True).check()
                break
        page.get_by_role("button", name=re.compile("^(Nästa|Next)$")).click()
        page.wait_for_load_state()
    else:
        raise AssertionError("the interview did not end")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{shot}.png"), full_page=True)
    return page.locator("#answer").inner_text()


def command(page) -> str:
    return page.locator("#command").inner_text()


@pytest.mark.slow
def test_browser_3_1_2c_nurse_then_doctor_another_day(browser, base_url):
    page = browser.new_page(locale="sv-SE")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base_url}/?date={DATE}")
    card = interview(page, {"först": "sjuksköterska", "Steg 1 (sjuksköterska): gick": "ja", "tog över": "läkare",
                            "samma dag": "annan dag"}, "3.1.2c")
    # §3.1.2 "Sjuksköterskan behöver registrera med tanke på att ärendet hanteras av läkare … annan dag"
    assert "Sjuksköterskan: registrera vårdkontakt Text som inte ersätter besök" in card
    assert "Avslutar inte ärendet – det gör läkaren (steg 2)." in card
    assert command(page) == f"py1177 advise --step nurse:digital --step doctor:digital:day=other:unit=same --date {DATE}"
    assert errors == []   # the CSP blocks nothing the page needs
    page.close()


@pytest.mark.slow
def test_browser_3_1_4b_prescription_renewal_replacing_a_visit(browser, base_url):
    page = browser.new_page(locale="sv-SE")
    page.goto(f"{base_url}/?date={DATE}")
    card = interview(page, {"först": "läkare", "vad gällde": "receptförnyelse",
                            "ersatte kontakten": "Ersätter ett besök"}, "3.1.4b")
    assert card.count("Distanskontakt realtid bild/ljud/chatt") == 1 and "Text som inte" not in card
    assert "registrera diagnos och eventuellt KVÅ-kod. Avslutar ärendet i 1177 direkt." in card
    page.close()


@pytest.mark.slow
def test_browser_3_1_2b_same_day_same_unit_nurse_registers_nothing(browser, base_url):
    page = browser.new_page(locale="sv-SE")
    page.goto(f"{base_url}/?date={DATE}")
    card = interview(page, {"först": "sjuksköterska", "Steg 1 (sjuksköterska): gick": "ja",
                            "tog över": "läkare"}, "3.1.2b")
    # §3.1.2 "Ingen dokumentation i PMO eftersom det är läkare … på samma enhet och samma dag"
    assert "Sjuksköterskan: registrera inget i PMO för detta steg." in card
    page.close()


@pytest.mark.slow
def test_browser_3_1_1c_a_skipped_question_is_shown_not_as_a_fact(browser, base_url):
    page = browser.new_page(locale="sv-SE")
    page.goto(f"{base_url}/?date={DATE}")
    interview(page, {"först": "sjuksköterska", "Steg 1 (sjuksköterska): gick": "ja", "tog över": "sjuksköterska",
                     "Steg 2 (sjuksköterska): hur": "fysiskt"}, "3.1.1c")
    answers = page.locator(".answers").inner_text()
    assert "samma dag som steg 1?\n(spelar ingen roll här)" in answers
    assert "day=" not in command(page) and "nurse:physical" in command(page)
    page.close()


@pytest.mark.slow
def test_browser_gap_in_english_says_what_to_do(browser, base_url):
    context = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en-GB,en;q=0.8"})
    page = context.new_page()
    page.goto(f"{base_url}/?date={DATE}")
    card = interview(page, {"first": "nurse", "how did the contact": "in person"}, "gap-en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "The nurse: the guideline does not decide this step" in card and "do not invent a registration" in card
    assert not re.search(r"\b[qr]_[a-z]", card)   # no internal ids on the page's answer
    context.close()


@pytest.mark.slow
def test_browser_without_javascript_by_keyboard(browser, base_url):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{base_url}/?date={DATE}")
    # keyboard only: the default is preselected; arrows move within the radio group, Enter submits
    page.locator("input[type=radio]:checked").focus()
    page.keyboard.press("ArrowDown")          # läkare
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    card = interview(page, {"vad gällde": "åtgärd/behandling"}, "nojs-3.1.4a")
    assert card.startswith("Svar") and "Läkaren: registrera vårdkontakt Distanskontakt realtid bild/ljud/chatt" in card
    assert command(page) == f"py1177 advise --step doctor:digital:purpose=treatment --date {DATE}"
    context.close()


@pytest.mark.slow
def test_browser_change_an_earlier_answer_keeps_the_rest(browser, base_url):
    page = browser.new_page(locale="sv-SE")
    page.goto(f"{base_url}/?date={DATE}")
    interview(page, {"först": "läkare", "vad gällde": "åtgärd/behandling"}, "change-before")
    assert "purpose=treatment" in command(page)
    row = page.locator(".answer-row", has_text="vad gällde kontakten?")
    row.get_by_role("link", name=re.compile("^Ändra")).click()
    page.wait_for_load_state()
    assert page.locator("legend").inner_text() == "Steg 1 (läkare): vad gällde kontakten?"
    assert page.get_by_label("åtgärd/behandling", exact=True).is_checked()   # the earlier answer
    page.get_by_label("receptförnyelse", exact=True).check()
    page.get_by_role("button", name="Nästa").click()
    page.wait_for_load_state()
    # only the question whose premise changed (replaced a visit?) is asked again; the rest is kept
    asked = []
    while not page.locator("#answer").count():
        asked.append(page.locator("legend").inner_text())
        page.get_by_role("button", name="Nästa").click()
        page.wait_for_load_state()
    assert all("ersatte kontakten" in q for q in asked), asked
    page.screenshot(path=str(ARTIFACTS / "web-change-after.png"), full_page=True)
    assert "purpose=prescription_renewal" in command(page)
    page.close()


@pytest.mark.slow
def test_browser_phone_width_has_no_horizontal_scroll(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{base_url}/?a=1.role.nurse&a=1.channel.digital&date={DATE}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.screenshot(path=str(ARTIFACTS / "web-phone.png"), full_page=True)
    context.close()


CONTRAST_JS = """() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = (rgb) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) return c; }
    return [255, 255, 255, 1]; };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    const fg = parse(style.color), bg = background(el);
    const a = fg[3];  // a translucent text colour is blended over its background
    const mixed = [0, 1, 2].map(i => fg[i] * a + bg[i] * (1 - a));
    const l1 = lum(mixed), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    out.push({tag: el.tagName, text: el.textContent.trim().slice(0, 40), ratio: ratio, need: large ? 3 : 4.5});
  }
  return out;
}"""


@pytest.mark.slow
def test_browser_text_contrast_meets_wcag_aa(browser, base_url):
    """Every visible text on the question page, the answer page (why tree open) and the rendered
    anvisning has a contrast of at least 4.5:1 against its background (3:1 for large text), WCAG
    2.x AA, computed from the styles Chromium applies."""
    page = browser.new_page(locale="sv-SE")

    def measure(what: str) -> int:
        for details in page.locator("details").all():
            details.evaluate("d => d.open = true")
        texts = page.evaluate(CONTRAST_JS)
        low = [t for t in texts if t["ratio"] < t["need"]]
        assert texts and not low, (what, low[:5])
        return len(texts)

    page.goto(f"{base_url}/?a=1.role.nurse&date={DATE}")   # a question, with an answer to change
    counted = measure("question")
    interview(page, {"först": "sjuksköterska", "Steg 1 (sjuksköterska): gick": "ja", "tog över": "läkare",
                     "samma dag": "annan dag"}, "contrast")
    counted += measure("answer")
    page.goto(f"{base_url}/anvisning")
    counted += measure("anvisning")
    assert counted > 100, counted
    page.close()
