"""The course hub (hub/, `make hub`, docs/hub.md): the roster, the checks before anything starts, and a
real JupyterHub with real system users driven through Debian's chromium (the slow test at the end).
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from hub import launch, prepare, roster

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = os.geteuid() == 0


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_roster_has_one_instructor_and_students() -> None:
    read = roster.read(ROOT / "hub" / "roster.csv")
    assert read.errors == []
    assert read.instructor == "teacher"
    assert read.students == ["alice", "bob"]


def test_every_bad_roster_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "# the class\nid,role\nteacher,instructor\nAlice,student\nbob,student\nbob,student\n"
        "carol,teacher\nroot,student\n1dan,student\neve\n\n",
    )
    read = roster.read(path)
    assert len(read.errors) == 6, read.errors
    joined = "\n".join(read.errors)
    assert "line 4: invalid id 'Alice'" in joined
    assert "line 6: 'bob' is already on line 5" in joined
    assert "line 7: role 'teacher' is not one of student, instructor" in joined
    assert "line 8: 'root' is a system account name" in joined
    assert "line 9: invalid id '1dan'" in joined
    assert "line 10: expected 'id,role'" in joined
    assert [a.id for a in read.accounts] == ["teacher", "bob"]


def test_a_roster_needs_its_header_and_exactly_one_instructor(tmp_path: Path) -> None:
    assert "header 'id,role'" in roster.read(_write(tmp_path, "alice,student\n")).errors[0]
    two = roster.read(_write(tmp_path, "id,role\nann,instructor\nben,instructor\ncid,student\n"))
    assert two.errors == ["roster.csv: exactly one instructor is needed (found ann, ben)"]
    none = roster.read(_write(tmp_path, "id,role\ncid,student\n"))
    assert none.errors == ["roster.csv: exactly one instructor is needed (found none)"]
    assert "cannot read the roster" in roster.read(tmp_path / "missing.csv").errors[0]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bad_input_stops_make_hub_before_anything_is_created(tmp_path: Path) -> None:
    """A bad roster line and a port in use: one message listing both, exit 2, no user, no folder."""
    bad = f"hq{uuid.uuid4().hex[:6]}"
    path = _write(tmp_path, f"id,role\nteacher,instructor\n{bad},student\nBad Id,student\n")
    state = tmp_path / "state"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        ports = ["--port", str(port), "--api-port", str(_free_port()), "--proxy-api-port", str(_free_port())]
        done = subprocess.run(
            [sys.executable, "hub/launch.py", "--roster", str(path), "--state", str(state), *ports],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "nothing was created or changed" in done.stderr
    assert "roster.csv line 4: invalid id 'Bad Id'" in done.stderr
    assert f"port {port} (HUB_PORT) is in use" in done.stderr
    assert not state.exists()
    with pytest.raises(KeyError):
        pwd.getpwnam(bad)


def test_make_hub_runs_the_launcher_on_hub_port() -> None:
    dry = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "-o", ".venv/bin/actionlint", "hub", "HUB_PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry.returncode == 0, dry.stderr
    assert "hub/launch.py" in dry.stdout and "--port 8123" in dry.stdout


@pytest.mark.skipif(not IS_ROOT, reason="creating system users needs root")
def test_a_user_who_exists_is_kept_with_their_home_and_a_system_account_is_refused(tmp_path: Path) -> None:
    name = f"hk{uuid.uuid4().hex[:6]}"
    try:
        assert "system user created" in prepare.ensure_user(name)
        home = Path(pwd.getpwnam(name).pw_dir)
        assert home.stat().st_mode & 0o777 == 0o700
        (home / "work.txt").write_text("mine", encoding="utf-8")
        again = prepare.ensure_user(name)
        assert "exists already" in again and "kept as it is" in again
        assert (home / "work.txt").read_text(encoding="utf-8") == "mine"
    finally:
        subprocess.run(["userdel", "--remove", name], capture_output=True)
    with pytest.raises(prepare.SetupError, match="a system account with this name already exists"):
        prepare.ensure_user("daemon")
    args = launch._parser().parse_args(["--roster", str(_write(tmp_path, "id,role\nann,instructor\nbin,student\n"))])
    assert "roster.csv line 3: 'bin' is a system account name, not a person of the class" in launch.check(args)


# --- The whole term on a real hub, in a real browser -------------------------------------------------

ASSIGNMENT = "m1_1_math"
WRITTEN = "written_vanishing_gradients"
WRITTEN_SCORE = 8
ARTIFACTS = ROOT / "test-artifacts"


def _pids_of(uids: set[int]) -> list[int]:
    """Processes running as one of ``uids`` (the test's own users: their servers and kernels)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        line = next((x for x in status.splitlines() if x.startswith("Uid:")), "")
        if line and int(line.split()[1]) in uids:
            found.append(int(entry.name))
    return found


class ClassHub:
    """`make hub` for a class of three throw-away system users, in a temporary folder, on free ports."""

    def __init__(self, base: Path):
        tag = uuid.uuid4().hex[:5]
        self.base = base
        self.teacher, self.alice, self.bob = f"ht{tag}t", f"ht{tag}a", f"ht{tag}b"
        self.roster = base / "roster.csv"
        self.roster.write_text(
            f"id,role\n{self.teacher},instructor\n{self.alice},student\n{self.bob},student\n", encoding="utf-8"
        )
        self.state = base / "state"
        self.course = base / "course"
        self.exchange = self.state / "exchange"
        self.port = _free_port()
        self.ports = [str(self.port), str(_free_port()), str(_free_port())]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log_path = base / "hub.log"
        self.passwords = {u: f"pw-{uuid.uuid4().hex[:10]}" for u in (self.teacher, self.alice, self.bob)}

    def start(self) -> None:
        command = [sys.executable, "hub/launch.py", "--roster", str(self.roster), "--state", str(self.state)]
        command += ["--course", str(self.course), "--port", self.ports[0], "--api-port", self.ports[1]]
        command += ["--proxy-api-port", self.ports[2]]
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        _wait(self._answers, "the hub to answer", 180)

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            pytest.fail(f"the hub exited with {self.process.returncode}:\n{self.log()}")
        try:
            with urllib.request.urlopen(f"{self.url}/hub/api", timeout=2):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        """SIGTERM the hub (it stops its proxy, and leaves the users' servers running, as in a restart)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def users(self) -> list[str]:
        return [self.teacher, self.alice, self.bob]

    def run_as(self, user: str, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["runuser", "-u", user, "--", *command], capture_output=True, text=True, timeout=60)

    def cleanup(self) -> list[str]:
        """Stop the hub, end the test users' processes, delete the users and their homes."""
        self.stop()
        uids = set()
        for user in self.users():
            with contextlib.suppress(KeyError):
                uids.add(pwd.getpwnam(user).pw_uid)
        for pid in _pids_of(uids):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _pids_of(uids) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in _pids_of(uids):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        problems = []
        for user in self.users():
            if user in {p.pw_name for p in pwd.getpwall()}:
                done = subprocess.run(["userdel", "--remove", user], capture_output=True, text=True)
                if done.returncode not in (0, 12):  # 12: home removed with a warning (no mail spool)
                    problems.append(f"userdel {user}: {done.stderr}")
        return problems


@pytest.fixture
def class_hub():
    if not IS_ROOT:
        pytest.skip("the course hub creates system users and starts servers as them: it needs root")
    from tests.test_browser import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian: apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    if not (ROOT / "hub" / "node" / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        pytest.skip("configurable-http-proxy is not installed: bash scripts/install-chp.sh (make install runs it)")
    # Under /tmp (not pytest's tmp_path, which only root may enter): the users reach the exchange there.
    base = Path(tempfile.mkdtemp(prefix="course-hub-test-", dir="/tmp"))
    base.chmod(0o755)
    hub = ClassHub(base)
    try:
        hub.start()
        yield hub
    finally:
        problems = hub.cleanup()
        shutil.rmtree(base, ignore_errors=True)
        assert not problems, problems


class Browser:
    """One person's browser window (own cookies), with a screenshot at each step."""

    def __init__(self, browser, hub: ClassHub, user: str, shots: list):
        self.hub, self.user, self.shots = hub, user, shots
        self.context = browser.new_context(viewport={"width": 1280, "height": 860})
        self.context.set_default_timeout(60_000)
        self.page = self.context.new_page()
        self.server = f"{hub.url}/user/{user}"

    def shot(self, step: str) -> None:
        path = self.hub.base / "shots" / f"hub-{len(self.shots) + 1:02d}-{self.user[-1]}-{step}.png"
        path.parent.mkdir(exist_ok=True)
        self.page.screenshot(path=str(path))
        self.shots.append(path)

    def log_in(self, password: str) -> None:
        """The hub's login form; the first password an account uses becomes its password."""
        self.page.goto(f"{self.hub.url}/hub/login")
        self.page.fill("#username_input", self.user)
        self.page.fill("#password_input", password)
        self.page.click("#login_submit")

    def wait_lab(self) -> None:
        from playwright.sync_api import expect

        self.page.wait_for_url(f"**/user/{self.user}/lab**", timeout=120_000)
        expect(self.page.locator(".jp-DirListing-content")).to_be_visible(timeout=60_000)

    def xsrf(self) -> str:
        cookies = [c for c in self.context.cookies() if c["name"] == "_xsrf" and c["path"].startswith("/user/")]
        return cookies[0]["value"] if cookies else ""

    def api(self, method: str, path: str, body: dict | None = None):
        """The user's own server's REST API, with this browser's login (cookies and XSRF token)."""
        headers = {"X-XSRFToken": self.xsrf(), "Content-Type": "application/json"}
        data = json.dumps(body) if body is not None else None
        return self.page.request.fetch(f"{self.server}/{path}", method=method, headers=headers, data=data)

    def menu(self, top: str, item: str) -> None:
        self.page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
        self.page.locator(".lm-Menu:visible .lm-Menu-itemLabel", has_text=item).first.click()

    def assignments_tab(self) -> None:
        from playwright.sync_api import expect

        self.menu("Nbgrader", "Assignment List")
        expect(self.page.locator("#released_assignments_list")).to_be_visible()

    def terminal(self, command: str, done: Path) -> str:
        """Run ``command`` in a new terminal of this user's server (JupyterLab's terminal API and websocket,
        from this page); wait until it writes its exit status to ``done``.
        """
        self.page.evaluate(
            """async ([server, xsrf, command]) => {
                const made = await fetch(server + "/api/terminals", {method: "POST", headers: {"X-XSRFToken": xsrf}});
                const {name} = await made.json();
                const socket = new WebSocket(server.replace(/^http/, "ws") + "/terminals/websocket/" + name);
                await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
                socket.send(JSON.stringify(["stdin", command + "\\r"]));
                window.courseTerminals = [...(window.courseTerminals || []), socket];
            }""",
            [self.server, self.xsrf(), f"{command}; echo $? > {done}"],
        )
        _wait(lambda: done.exists() and done.read_text().strip(), f"{command!r} in {self.user}'s terminal", 300)
        return done.read_text().strip()


def _wait(condition, what: str, seconds: float) -> None:
    """Poll ``condition``; fail (not hang) when it does not hold after ``seconds``: a guard, not a timing check."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting after {seconds:.0f} s for {what}")
        time.sleep(0.3)


def _feedback_folders(person: Browser) -> list[str]:
    listing = person.api("GET", f"api/contents/{ASSIGNMENT}/feedback")
    return [item["name"] for item in listing.json()["content"]] if listing.ok else []


def _notebook(student_sample: str, written: str = "") -> dict:
    """A bundled sample submission, with ``written`` as the answer to the written question when given."""
    path = ROOT / "samples" / "submitted" / student_sample / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if written and cell["metadata"].get("nbgrader", {}).get("grade_id") == WRITTEN:
            cell["source"] = written
    return notebook


def _scores(course: Path) -> dict[str, tuple[float, float]]:
    """Each student's (total score, written score) in the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        result = {}
        for submission in gradebook.assignment_submissions(ASSIGNMENT):
            notebook = submission.notebooks[0]
            written = sum(g.score for g in notebook.grades if g.name == WRITTEN)
            result[submission.student_id] = (float(submission.score), float(written))
        return result


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_term_on_the_course_hub_with_real_users(class_hub: ClassHub) -> None:
    """Two students and the instructor, each in their own browser, on a real JupyterHub as real users."""
    from playwright.sync_api import expect, sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    hub = class_hub
    shots: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        people = {u: Browser(browser, hub, u, shots) for u in hub.users()}
        teacher, alice, bob = people[hub.teacher], people[hub.alice], people[hub.bob]
        try:
            # 1. Everyone logs in for the first time: the password they type becomes theirs.
            for person in people.values():
                person.log_in(hub.passwords[person.user])
            for person in people.values():
                person.wait_lab()
            teacher.shot("instructor-lab-course-folder")
            # The instructor's server shows the course folder; a student's shows their empty home.
            listing = teacher.api("GET", "api/contents").json()
            assert {"nbgrader_config.py", "source", "autograder"} <= {i["name"] for i in listing["content"]}
            assert "nbgrader_config.py" not in {i["name"] for i in alice.api("GET", "api/contents").json()["content"]}
            # Formgrader is the instructor's only.
            assert teacher.api("GET", "formgrader/api/status").ok
            assert alice.api("GET", "formgrader/api/status").status == 404
            # Students run the light student environment (no PyTorch); the instructor's has the grader's.
            light = hub.run_as(hub.alice, str(hub.state / "student-python/bin/python"), "-c", "import torch")
            assert "No module named 'torch'" in light.stderr, light
            uid = pwd.getpwnam(hub.alice).pw_uid
            commands = [Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0] for pid in _pids_of({uid})]
            assert commands and all(b"/student-python/" in c for c in commands if b"python" in c), commands
            # Someone else cannot take over an account with another password.
            intruder = browser.new_context()
            page = intruder.new_page()
            page.goto(f"{hub.url}/hub/login")
            page.fill("#username_input", hub.alice)
            page.fill("#password_input", "not-alices-password")
            page.click("#login_submit")
            expect(page.locator(".login_error")).to_contain_text("Invalid username or password")
            intruder.close()

            # 2. The instructor releases m1_1_math from a terminal of the hub.
            status = teacher.terminal(
                f"make hub-release A={ASSIGNMENT} > release.log 2>&1", hub.course / "release.done"
            )
            teacher.shot("instructor-released")
            assert status == "0", (hub.course / "release.log").read_text()[-3000:]

            # 3. Each student fetches it in the Assignments tab, answers (alice fully, bob partly), submits.
            answer = "Each sigmoid layer multiplies the gradient by at most 0.25, so twenty of them shrink it ..."
            for person, notebook in ((alice, _notebook("alice_complete", answer)), (bob, _notebook("bob_partial"))):
                person.assignments_tab()
                released = person.page.locator("#released_assignments_list")
                expect(released).to_contain_text(ASSIGNMENT)
                person.shot("assignments-tab")
                released.locator("button", has_text="Fetch").first.click()
                fetched = person.page.locator("#fetched_assignments_list")
                expect(fetched).to_contain_text(ASSIGNMENT)
                saved = person.api(
                    "PUT",
                    f"api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb",
                    {"type": "notebook", "format": "json", "content": notebook},
                )
                assert saved.ok, saved.text()
                fetched.locator("button", has_text="Submit").first.click()
                submitted = person.page.locator("#submitted_assignments_list")
                expect(submitted).to_contain_text(ASSIGNMENT)
                person.shot("submitted")

            # 4. A student cannot read another student's work, nor the course folder, through the hub.
            other = alice.page.request.get(f"{hub.url}/user/{hub.bob}/api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
            assert other.status == 403, (other.status, other.text()[:300])
            outside = alice.api("GET", f"api/contents/..%2F{hub.teacher}%2Fcourse")
            assert outside.status in (403, 404), (outside.status, outside.text()[:300])
            course = alice.page.request.get(f"{hub.url}/user/{hub.teacher}/api/contents/gradebook.db")
            assert course.status == 403, course.status
            # ... nor as their system user (the terminal of their server): nbgrader's exchange permissions.
            inbound = hub.exchange / "ml-foundations-module-1" / "inbound"
            for path in (inbound, hub.course / "gradebook.db", hub.course / "autograder" / "suites" / "m1_1_math.py"):
                denied = hub.run_as(hub.alice, "cat" if path.suffix else "ls", str(path))
                assert denied.returncode != 0 and "Permission denied" in denied.stderr, (path, denied)
            assert hub.run_as(hub.alice, "ls", f"/home/{hub.bob}").returncode != 0

            # 5. The instructor collects and grades with the sandboxed grader (terminal), then the hub
            # restarts mid-term: submissions, scores and passwords survive.
            status = teacher.terminal(f"make hub-grade A={ASSIGNMENT} > grade.log 2>&1", hub.course / "grade.done")
            assert status == "0", (hub.course / "grade.log").read_text()[-3000:]
            graded = _scores(hub.course)
            assert set(graded) == {hub.alice, hub.bob}, graded
            assert graded[hub.alice][0] == 90 and 0 < graded[hub.bob][0] < 90, graded
            submitted_files = sorted(p.relative_to(hub.course) for p in (hub.course / "submitted").rglob("*"))
            hub.stop()
            hub.start()
            assert _scores(hub.course) == graded
            assert sorted(p.relative_to(hub.course) for p in (hub.course / "submitted").rglob("*")) == submitted_files

            # 6. Formgrader: the instructor scores alice's written answer.
            # The password set at the first login still opens the account after the restart.
            teacher = people[hub.teacher] = Browser(browser, hub, hub.teacher, shots)
            teacher.log_in(hub.passwords[hub.teacher])
            teacher.wait_lab()
            notebooks = teacher.api("GET", f"formgrader/api/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}").json()
            alices = next(n for n in notebooks if n["student"] == hub.alice)
            teacher.page.goto(f"{teacher.server}/formgrader/submissions/{alices['id']}/")
            score = teacher.page.locator(f"input.score#{WRITTEN}")
            score.fill(str(WRITTEN_SCORE))
            score.press("Tab")
            _wait(lambda: _scores(hub.course)[hub.alice][1] == WRITTEN_SCORE, "formgrader to save the score", 60)
            teacher.shot("formgrader-written-score")

            # 7. Feedback released; each student fetches it and sees their own score.
            teacher.page.goto(f"{teacher.server}/lab")
            teacher.wait_lab()
            status = teacher.terminal(f"make hub-feedback A={ASSIGNMENT} > feedback.log 2>&1", hub.course / "fb.done")
            assert status == "0", (hub.course / "feedback.log").read_text()[-3000:]
            final = _scores(hub.course)
            assert final[hub.alice] == (90 + WRITTEN_SCORE, WRITTEN_SCORE), final
            for person in (alice, bob):
                person.page.reload()
                person.wait_lab()
                person.assignments_tab()
                submitted = person.page.locator("#submitted_assignments_list")
                submitted.locator("button", has_text="Fetch Feedback").first.click()
                folder = f"{ASSIGNMENT}/feedback"
                _wait(lambda p=person: _feedback_folders(p), "the fetched feedback", 60)
                stamp = _feedback_folders(person)[0]
                page_path = f"{folder}/{stamp}/{ASSIGNMENT}.html"
                person.page.goto(f"{person.server}/files/{page_path}")
                text = person.page.locator("body").inner_text()
                person.shot("feedback")
                shown = re.search(r"Score: ([\d.]+) / ([\d.]+)", text)
                assert shown, text[:500]
                assert float(shown.group(1)) == final[person.user][0], (person.user, shown.group(0), final)
                assert float(shown.group(2)) == 100
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            for path in shots:
                shutil.copy(path, ARTIFACTS / path.name)
            for person in people.values():
                with contextlib.suppress(Exception):
                    person.page.screenshot(path=str(ARTIFACTS / f"hub-failure-{person.user[-1]}.png"))
            (ARTIFACTS / "hub.log").write_text(hub.log(), encoding="utf-8")
            raise
        finally:
            browser.close()
