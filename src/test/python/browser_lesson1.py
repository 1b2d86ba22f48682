#!/usr/bin/python3
"""Runs lesson 1 in the Jupyter web page a learner uses, and checks what the page shows.

Starts Debian's Jupyter Notebook server on a free local port with a random token, opens a
temporary copy of notebooks/lesson1.ipynb in headless Chromium (Debian's chromium and
chromium-driver, driven by python3-selenium), clicks Cell > Run All, waits until every code
cell has run, then checks in the page:
  - the image grid: a decoded <img> in the output of the `plots(batch, ...)` cell;
  - the progress bars of `model.fit`: one <progress> element per bar, each at its maximum with
    "100%" in its text, and updates received for them (update_display_data replaced them in place);
  - the training chart: a decoded <img> in the same cell;
  - the submission table: an HTML <table> with rows in the output of the `writeSubmission` cell.
Saves a screenshot of the whole notebook and prints its path ("SCREENSHOT <path>"); prints
"BROWSER TEST PASSED" at the end. Any failure: one line "FAILED: ..." and exit status 1.

Usage: browser_lesson1.py NOTEBOOK OUT_DIR [--timeout SECONDS]
The environment's JUPYTER_PATH must hold the fastai-java kernelspec (the JUnit test installs this
checkout's into target/jupyter); the kernel inherits FASTAI_HOME, FASTAI_QUICK, FASTAI_RESULTS.
"""
import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

INSTALL = "apt-get install -y --no-install-recommends jupyter-notebook chromium chromium-driver python3-selenium (./fastai setup does it)"


def fail(message):
    print(f"FAILED: {message}", flush=True)
    sys.exit(1)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    fail(f"python3-selenium is not installed: {INSTALL}")

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workdir, port, token, scratch, log):
    env = dict(os.environ)
    # The server's own settings go to a scratch folder: the user's ~/.jupyter plays no part.
    env["JUPYTER_CONFIG_DIR"] = os.path.join(scratch, "config")
    env["JUPYTER_RUNTIME_DIR"] = os.path.join(scratch, "runtime")
    env["JUPYTER_DATA_DIR"] = os.path.join(scratch, "data")
    cmd = ["/usr/bin/python3", "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--port-retries=0", f"--NotebookApp.token={token}", f"--notebook-dir={workdir}",
           "--NotebookApp.open_browser=False"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api/status?token={token}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            return server, f"the Jupyter server exited with status {server.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return server, None
        except OSError:
            time.sleep(0.3)
    return server, "the Jupyter server did not answer within 60 s"


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)   # the server shuts its kernels down on SIGTERM
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


def browser():
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--hide-scrollbars"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


# Counts the display updates the page applies, by display id (output_updated.OutputArea is what
# the notebook's OutputArea triggers after update_display_data replaced an output in place).
COUNT_UPDATES = """
window.fastaiUpdates = {};
Jupyter.notebook.events.on('output_updated.OutputArea', function (e, data) {
  var id = ((data.output || {}).transient || {}).display_id || '?';
  window.fastaiUpdates[id] = (window.fastaiUpdates[id] || 0) + 1;
});
"""

# One entry per code cell: its source, prompt number ('*' while running) and outputs' types.
CELL_STATE = """
return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').map(c => ({
  source: c.get_text(), prompt: c.input_prompt_number === undefined ? null : String(c.input_prompt_number),
  errors: c.output_area.outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue)}));
"""


def cell_element(driver, marker):
    """The DOM element of the first code cell whose source contains marker."""
    index = driver.execute_script(
        "return Jupyter.notebook.get_cells().findIndex(c => c.cell_type === 'code' && c.get_text().includes(arguments[0]));",
        marker)
    if index < 0:
        fail(f"no code cell containing {marker!r} in the notebook")
    return driver.execute_script("return Jupyter.notebook.get_cell(arguments[0]).element[0];", index)


def decoded_images(cell):
    return [img for img in cell.find_elements(By.CSS_SELECTOR, ".output_area img")
            if img.get_property("naturalWidth") and img.get_property("naturalWidth") > 0]


def run(notebook, out_dir, timeout):
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            fail(f"{path} is missing: install the Debian package {package}: {INSTALL}")
    try:
        import notebook as _  # noqa: F401
    except ImportError:
        fail(f"the Jupyter Notebook server is not installed: {INSTALL}")
    os.makedirs(out_dir, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="fastai-browser-")
    workdir = os.path.join(scratch, "notebooks")
    os.makedirs(workdir)
    name = os.path.basename(notebook)
    shutil.copyfile(notebook, os.path.join(workdir, name))   # a temporary copy: the page may save it
    port, token = free_port(), secrets.token_hex(16)
    server_log_path = os.path.join(out_dir, "jupyter-server.log")
    with open(server_log_path, "w") as server_log:
        server, problem = start_server(workdir, port, token, scratch, server_log)
        driver = None
        try:
            if problem:
                fail(f"{problem}; log: {server_log_path}")
            t0 = time.time()
            driver = browser()
            driver.get(f"http://127.0.0.1:{port}/notebooks/{name}?token={token}")
            wait_for(driver, "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded"
                             " && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected());",
                     90, "the notebook page did not load and connect to its kernel within 90 s")
            kernel = driver.execute_script("return Jupyter.notebook.kernel.name;")
            if kernel != "fastai-java":
                fail(f"the page started kernel {kernel!r}, not fastai-java")
            driver.execute_script(COUNT_UPDATES)
            # Run All as a learner does: the Cell menu, then "Run All".
            driver.find_element(By.ID, "celllink").click()
            driver.find_element(By.CSS_SELECTOR, "#run_all_cells > a").click()
            cells = wait_for_cells(driver, timeout)
            print(f"ran {len(cells)} code cells in the browser in {time.time() - t0:.1f} s", flush=True)
            check_page(driver)
            print("SCREENSHOT " + screenshot(driver, os.path.join(out_dir, "lesson1-browser.png")), flush=True)
        finally:
            if driver is not None:
                driver.quit()
            stop_server(server)
            shutil.rmtree(scratch, ignore_errors=True)
    print("BROWSER TEST PASSED", flush=True)


def wait_for(driver, script, seconds, message):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if driver.execute_script(script):
                return
        except Exception:   # the page is still loading its scripts
            pass
        time.sleep(0.5)
    fail(message)


def wait_for_cells(driver, timeout):
    """Waits until every code cell has a prompt number and the kernel is idle; fails on a cell error."""
    deadline = time.time() + timeout
    cells = []
    while time.time() < deadline:
        cells = driver.execute_script(CELL_STATE)
        for i, c in enumerate(cells):
            if c["errors"]:
                fail(f"code cell {i + 1} ({c['source'].splitlines()[0][:60]!r}) failed in the page: {c['errors'][0][:300]}")
        busy = driver.execute_script("return document.querySelector('#kernel_indicator_icon').classList.contains('kernel_busy_icon');")
        if not busy and all(c["prompt"] not in (None, "null", "*", "undefined") for c in cells):
            return cells
        time.sleep(1)
    waiting = [i + 1 for i, c in enumerate(cells) if c["prompt"] in (None, "null", "*", "undefined")]
    fail(f"Run All did not finish within {timeout} s (code cells not run: {waiting})")


def check_page(driver):
    grid = cell_element(driver, "plots(batch")
    if not decoded_images(grid):
        fail("the image grid cell (plots(batch, ...)) shows no decoded <img>")
    print("image grid: an <img> of "
          f"{decoded_images(grid)[0].get_property('naturalWidth')}x{decoded_images(grid)[0].get_property('naturalHeight')}", flush=True)

    fit = cell_element(driver, "model.fit(")
    bars = fit.find_elements(By.CSS_SELECTOR, ".output_area progress")
    if not bars:
        fail("the training cell shows no progress bar (<progress>)")
    updates = driver.execute_script("return window.fastaiUpdates;") or {}
    progress_updates = {k: v for k, v in updates.items() if k.startswith("progress")}
    if not progress_updates:
        fail(f"no progress bar was updated in place (display updates seen: {updates})")
    ids = driver.execute_script(
        "var i = Jupyter.notebook.get_cells().findIndex(c => c.cell_type === 'code' && c.get_text().includes('model.fit('));"
        "return Jupyter.notebook.get_cell(i).output_area.outputs.map(o => (o.transient || {}).display_id).filter(d => d && d.startsWith('progress'));")
    if len(bars) != len(set(ids)):
        fail(f"{len(bars)} <progress> elements for {len(set(ids))} progress bars: updates were appended, not applied in place")
    for bar in bars:
        value, maximum = bar.get_attribute("value"), bar.get_attribute("max")
        text = bar.find_element(By.XPATH, "..").text
        if value != maximum or "100%" not in text:
            fail(f"a progress bar did not end full: value {value} of {maximum}, text {text!r}")
    last = bars[-1].find_element(By.XPATH, "..").text
    print(f"progress: {len(bars)} bars, {sum(progress_updates.values())} in-place updates; last: {last}", flush=True)

    if not decoded_images(fit):
        fail("the training cell shows no chart (<img>) after its progress bars")
    chart = decoded_images(fit)[-1]
    print(f"training chart: an <img> of {chart.get_property('naturalWidth')}x{chart.get_property('naturalHeight')}", flush=True)

    sub = cell_element(driver, "writeSubmission(")
    rows = sub.find_elements(By.CSS_SELECTOR, ".output_area table tr")
    if len(rows) < 2:
        fail("the submission cell shows no HTML <table> with rows")
    print(f"submission table: {len(rows)} rows; header {rows[0].text!r}; first row {rows[1].text!r}", flush=True)


def screenshot(driver, path):
    """The whole notebook in one picture: the window is made as tall as the notebook."""
    height = driver.execute_script(
        "return document.getElementById('notebook-container').scrollHeight + document.getElementById('header').offsetHeight + 60;")
    driver.set_window_size(1400, min(int(height) + 200, 16000))
    time.sleep(0.5)
    driver.execute_script("document.getElementById('site').scrollTop = 0; window.scrollTo(0, 0);")   # from the title on
    time.sleep(0.3)
    tmp = path + ".tmp.png"
    if not driver.save_screenshot(tmp):
        fail(f"could not save the screenshot to {path}")
    os.replace(tmp, path)
    return os.path.abspath(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebook")
    ap.add_argument("out_dir")
    ap.add_argument("--timeout", type=int, default=240, help="seconds for Run All")
    args = ap.parse_args()
    if not os.path.isfile(args.notebook):
        fail(f"no notebook at {args.notebook}")
    run(os.path.abspath(args.notebook), os.path.abspath(args.out_dir), args.timeout)


if __name__ == "__main__":
    main()
