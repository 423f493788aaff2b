"""The portfolio's content file (content/projects.json) for the local API: read, check, turn into items.

The program checks the same file in Java before it writes the items; this reader exists so that
the local server refuses a broken file with the same kind of message (the entry's index and slug,
the field, what was expected) instead of serving something the deployed API never would.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PUBLISHED = "published"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FIELDS = ("slug", "title", "summary", "body", "tags", "publishedAt", "updatedAt", "links", "image")
TEXT_LIMITS = {"title": 120, "summary": 400, "body": 20_000}


class ContentError(ValueError):
    """Every problem of the file, one per line."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"{path} is not valid content:\n" + "\n".join(f"- {p}" for p in problems))
        self.problems = problems


def _text(value: Any, limit: int) -> bool:
    return isinstance(value, str) and value.strip() != "" and len(value) <= limit


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _https_url(value: Any) -> bool:
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.netloc)


def project_problems(entry: Any) -> list[tuple[str, str]]:
    """(field, what was expected) for each problem of one entry."""
    if not isinstance(entry, dict):
        return [("", "expected a JSON object")]
    problems = [(name, "is not a known field; expected only: " + ", ".join(FIELDS))
                for name in entry if name not in FIELDS]
    problems += [(name, "is missing") for name in FIELDS if name not in entry]
    if "slug" in entry and not (isinstance(entry["slug"], str) and SLUG.fullmatch(entry["slug"])
                                and len(entry["slug"]) <= 100):
        problems.append(("slug", "expected lower-case letters, digits and single hyphens, at most 100 characters"))
    for name, limit in TEXT_LIMITS.items():
        if name in entry and not _text(entry[name], limit):
            problems.append((name, f"expected non-blank text of at most {limit} characters"))
    if "tags" in entry:
        tags = entry["tags"]
        if not (isinstance(tags, list) and all(isinstance(t, str) and SLUG.fullmatch(t) and len(t) <= 50 for t in tags)
                and len(set(tags)) == len(tags)):
            problems.append(("tags", "expected a list of distinct tags like machine-learning (lower-case, "
                                     "digits, single hyphens, at most 50 characters)"))
    dates = {name: _date(entry.get(name)) for name in ("publishedAt", "updatedAt") if name in entry}
    for name, parsed in dates.items():
        if parsed is None:
            problems.append((name, "expected a date YYYY-MM-DD"))
    if dates.get("publishedAt") and dates.get("updatedAt") and dates["updatedAt"] < dates["publishedAt"]:
        problems.append(("updatedAt", "expected a date on or after publishedAt"))
    if "links" in entry:
        links = entry["links"]
        if not isinstance(links, list):
            problems.append(("links", "expected a list of {label, url}"))
        else:
            for i, link in enumerate(links):
                if not (isinstance(link, dict) and set(link) == {"label", "url"} and _text(link["label"], 80)
                        and _https_url(link["url"])):
                    problems.append((f"links[{i}]", "expected {label: non-blank text, url: an https:// URL}"))
    if "image" in entry:
        image = entry["image"]
        if not (isinstance(image, dict) and set(image) == {"path", "alt"} and isinstance(image["path"], str)
                and image["path"].startswith("/") and not any(c.isspace() for c in image["path"])
                and _text(image["alt"], 300)):
            problems.append(("image", "expected {path: a site path starting with '/', alt: non-blank text}"))
    return problems


def load_projects(path: Path) -> list[dict[str, Any]]:
    """The projects of the content file, or ContentError naming every problem."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(Path(path), [f"cannot be read: {exc}"]) from None
    except json.JSONDecodeError as exc:
        raise ContentError(Path(path), [f"is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"]) from None
    if not isinstance(data, dict) or set(data) != {"projects"} or not isinstance(data["projects"], list):
        raise ContentError(Path(path), ['expected a JSON object {"projects": [...]} and nothing else'])
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data["projects"]):
        slug = entry.get("slug") if isinstance(entry, dict) else None
        where = f"projects[{index}]" + (f" ({slug!r})" if isinstance(slug, str) else "")
        for field, expected in project_problems(entry):
            problems.append(f"{where}{' field ' + repr(field) if field else ''} {expected}")
        if isinstance(slug, str):
            if slug in seen:
                problems.append(f"{where} field 'slug' repeats projects[{seen[slug]}]; expected unique slugs")
            seen.setdefault(slug, index)
    if problems:
        raise ContentError(Path(path), problems)
    return data["projects"]


def table_item(project: dict[str, Any]) -> dict[str, Any]:
    """The projects table item the program writes for a project (routes/README.md)."""
    return {**project, "status": PUBLISHED, "sortKey": f"{project['publishedAt']}#{project['slug']}"}
