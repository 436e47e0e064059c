"""The staff of `benchmarks/load.py`: consultant social workers searching and recording calls,
managers reading their queues, police officers answering MASH checks, and someone watching
the dashboard. Each save the service answers as a success is written to the client's log
(FRONTDOOR_LOAD_LOG, one JSON line per save) with the text that was typed, so that load.py
can find every one of them in the database afterwards. A save answered "try again" (503) is
logged too, with whether the page kept the typed text."""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
import uuid
from html.parser import HTMLParser

import urllib3
from locust import HttpUser, between, task

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # our throwaway certificate

PASSWORD = "frontdoor-demo"
LOG = os.environ.get("FRONTDOOR_LOAD_LOG", "load-client.jsonl")
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Nicholls", "Evans", "Khan")
_log_lock = threading.Lock()
_numbers = itertools.count(1)


def log(**entry: object) -> None:
    with _log_lock, open(LOG, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")


class Forms(HTMLParser):
    """Each form of a page: its named inputs with their shown values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = True
            self.forms.append({})
        elif self.inside and tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].setdefault(a["name"], a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def form_values(html: str, holding: str) -> dict[str, str]:
    """The shown values of the page's first form with a field named `holding`."""
    reader = Forms()
    reader.feed(html)
    return next((form for form in reader.forms if holding in form), {})


class Staff(HttpUser):
    abstract = True
    wait_time = between(2, 6)
    username = ""

    def on_start(self) -> None:
        self.client.verify = False
        self.client.headers["Referer"] = f"{self.host}/"
        page = self.client.get("/accounts/login/", name="sign in page")
        token = form_values(page.text, "csrfmiddlewaretoken").get("csrfmiddlewaretoken", "")
        self.client.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD},
            name="sign in",
        )

    def try_again_page(self, response: object, action: str, typed: str, **ids: object) -> bool:
        """A 503 is the database being away: log whether the page kept what was typed."""
        if getattr(response, "status_code", 0) != 503:
            return False
        log(action=action, outcome="try again", kept=typed in response.text, **ids)  # type: ignore[attr-defined]
        return True


class ConsultantSocialWorker(Staff):
    weight = 30

    def on_start(self) -> None:
        self.username = f"csw{next(_numbers) % 3 + 1}"
        super().on_start()

    @task(3)
    def search(self) -> None:
        self.client.get(
            "/people/", params={"q": SURNAMES[next(_numbers) % len(SURNAMES)]}, name="search people"
        )

    @task(2)
    def record_a_call(self) -> None:
        start = self.client.get("/contacts/new/", name="start page")
        values = form_values(start.text, "once")
        if start.status_code != 200 or not values:
            return  # the page did not come (a 503 while the database restarts): as a person would
        with self.client.post(
            "/contacts/start/",
            values,
            name="start contact",
            catch_response=True,
            allow_redirects=False,
        ) as started:
            if self.try_again_page(started, "start", ""):
                started.failure("503 try again")
                return
            match = re.search(r"/contacts/(\d+)/edit/", started.headers.get("Location", ""))
            if started.status_code != 302 or not match:
                started.failure(f"start answered {started.status_code}")
                return
            contact = int(match.group(1))
            log(action="start", outcome="saved", contact=contact)
        edit = self.client.get(f"/contacts/{contact}/edit/", name="contact page")
        values = form_values(edit.text, "version")
        if edit.status_code != 200 or not values:
            return
        typed = (
            f"Load test {uuid.uuid4()}: school reports bruising, child says she fell.\n"
            "Seen by the nurse."
        )
        values.update(
            action="save",
            concern_summary=typed,
            referrer_name="A. Teacher",
            referrer_agency="Load Primary School",
            channel="professional_line",
        )
        with self.client.post(
            f"/contacts/{contact}/edit/", values, name="save contact draft", catch_response=True
        ) as saved:
            if self.try_again_page(saved, "save contact", typed, contact=contact):
                saved.failure("503 try again")
            elif saved.status_code == 200 and "There is a problem" not in saved.text:
                log(action="save contact", outcome="saved", contact=contact, typed=typed)
            else:
                saved.failure(f"save answered {saved.status_code}")

    @task(1)
    def tray(self) -> None:
        self.client.get("/", name="work tray")


class Manager(Staff):
    weight = 8
    username = "manager"

    @task
    def queues(self) -> None:
        self.client.get("/", name="work tray")
        self.client.get("/casework/unallocated/", name="unallocated work")


class PoliceOfficer(Staff):
    weight = 8
    username = "police"

    @task
    def answer_a_check(self) -> None:
        checks = self.client.get("/safeguarding/checks/", name="partner checks")
        ids = re.findall(r"/safeguarding/checks/(\d+)/", checks.text)
        if not ids:
            return
        check = int(ids[next(_numbers) % len(ids)])
        page = self.client.get(f"/safeguarding/checks/{check}/", name="partner check")
        values = form_values(page.text, "version")
        if page.status_code != 200 or not values:
            return  # answered by another officer meanwhile (no form), or a 503
        typed = f"Load test {uuid.uuid4()}: known to police, one incident in 2025."
        values["answer"] = typed
        with self.client.post(
            f"/safeguarding/checks/{check}/",
            values,
            name="answer check",
            catch_response=True,
            allow_redirects=False,
        ) as sent:
            if self.try_again_page(sent, "answer check", typed, check=check):
                sent.failure("503 try again")
            elif sent.status_code == 302:
                log(action="answer check", outcome="saved", check=check, typed=typed)
            elif sent.status_code == 200 and "There is a problem" in sent.text:
                sent.success()  # another officer answered first: refused at the field
            else:
                sent.failure(f"answer answered {sent.status_code}")


class DashboardReader(Staff):
    weight = 4
    username = "hos"

    @task
    def dashboard(self) -> None:
        self.client.get("/insights/", name="dashboard")
