"""The pages in a real browser: headless Chromium driven by Selenium through chromedriver.

Debian's ``chromium`` and ``chromium-driver`` packages provide the browser (``.ci/run``
installs them); without them the test skips, except in CI where it fails. Screenshots go
to the test's temporary folder, or to $ADCKG_SCREENSHOT_DIR when set (that is how the
screenshots of docs/serving.md, under docs/screenshots/, are refreshed).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import PROJECT
from tests.serving import running_server

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
)


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = "install Debian's chromium and chromium-driver (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def test_home_saved_query_entity_page_in_chromium(browser, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    shots = Path(os.environ.get("ADCKG_SCREENSHOT_DIR") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    wait = WebDriverWait(browser, 30)
    with running_server() as (base, _app):
        browser.get(base + "/")
        assert "ADC resistance knowledge graph" in browser.title
        browser.save_screenshot(str(shots / "home.png"))

        browser.find_element(By.CSS_SELECTOR, "#q-adc-components summary").click()
        browser.find_element(By.ID, "run-adc-components").click()
        table = wait.until(ec.visibility_of_element_located((By.ID, "results")))
        rows = [r.text for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
        assert any(
            r.startswith("trastuzumab deruxtecan HER2 trastuzumab cleavable linker") for r in rows
        ), rows
        browser.save_screenshot(str(shots / "query.png"))

        table.find_element(By.LINK_TEXT, "trastuzumab deruxtecan").click()
        heading = wait.until(ec.visibility_of_element_located((By.ID, "label")))
        assert heading.text == "trastuzumab deruxtecan"
        assert browser.current_url == base + "/resource/T-DXd"
        quotes = browser.find_elements(By.CSS_SELECTOR, "#findings blockquote")
        assert quotes and quotes[0].is_displayed()
        store = ox.Store()
        store.bulk_load(
            (PROJECT.release_dir / "adckg.ttl").read_bytes(), format=ox.RdfFormat.TURTLE
        )
        exact = {
            row["e"].value
            for row in store.query(  # pages show a quote's display form (markup removed)
                "SELECT ?e WHERE { ?q <https://w3id.org/adckg/ontology/displayText> ?e }"
            )
        }
        shown = quotes[0].text.split("\n")[0].strip("“”")
        assert shown in exact, shown
        browser.save_screenshot(str(shots / "entity.png"))

        browser.get(base + "/editor")
        editor = browser.find_element(By.ID, "query")
        assert "PREFIX adcko:" in editor.get_attribute("value")
        browser.find_element(By.ID, "run").click()
        results = wait.until(ec.visibility_of_element_located((By.ID, "results")))
        assert "trastuzumab emtansine" in results.text
        browser.save_screenshot(str(shots / "editor.png"))

        browser.get(base + "/ontology")
        assert browser.find_element(By.LINK_TEXT, "antibody-drug conjugate").is_displayed()
        browser.save_screenshot(str(shots / "ontology.png"))
    for name in ("home", "query", "entity", "editor", "ontology"):
        assert (shots / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("ADCKG_SCREENSHOT_DIR") is None:
        shutil.rmtree(tmp_path / "profile", ignore_errors=True)
