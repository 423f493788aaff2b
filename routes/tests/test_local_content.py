"""The content file's reader: the real file loads; every kind of problem is named with entry and field."""

import copy
import json

import pytest

from local_content import ContentError, load_projects, table_item
from routes_test_support import ROUTES_DIR

CONTENT = ROUTES_DIR.parent / "content" / "projects.json"
REAL = json.loads(CONTENT.read_text())


def test_the_repositorys_content_loads_with_at_least_six_projects():
    projects = load_projects(CONTENT)
    assert len(projects) >= 6
    assert len({p["slug"] for p in projects}) == len(projects)


def test_table_item_is_what_the_program_writes():
    project = REAL["projects"][0]
    item = table_item(project)
    assert item == {**project, "status": "published", "sortKey": f"{project['publishedAt']}#{project['slug']}"}


def problems(tmp_path, data):
    path = tmp_path / "projects.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    with pytest.raises(ContentError) as info:
        load_projects(path)
    assert str(info.value).startswith(f"{path} is not valid content:\n- ")
    return info.value.problems


def broken(change):
    data = copy.deepcopy(REAL)
    change(data["projects"])
    return data


@pytest.mark.parametrize("change, expected", [
    (lambda p: p[1].update(slug="Bad Slug"),
     "projects[1] ('Bad Slug') field 'slug' expected lower-case letters, digits and single hyphens, at most 100 characters"),
    (lambda p: p[0].pop("title"), "projects[0] ('spot-gpu-training-platform') field 'title' is missing"),
    (lambda p: p[0].update(title="  "), "field 'title' expected non-blank text of at most 120 characters"),
    (lambda p: p[2].update(publishedAt="2026-02-30"), "projects[2] ('policy-as-code-gate') field 'publishedAt' expected a date YYYY-MM-DD"),
    (lambda p: p[2].update(updatedAt="2000-01-01"), "field 'updatedAt' expected a date on or after publishedAt"),
    (lambda p: p[0].update(tags=["AWS"]), "field 'tags' expected a list of distinct tags like machine-learning"),
    (lambda p: p[0].update(tags=["aws", "aws"]), "field 'tags' expected a list of distinct tags"),
    (lambda p: p[0]["links"].append({"label": "x", "url": "http://insecure.example"}),
     "field 'links[2]' expected {label: non-blank text, url: an https:// URL}"),
    (lambda p: p[0].update(image={"path": "images/x.svg", "alt": "x"}),
     "field 'image' expected {path: a site path starting with '/', alt: non-blank text}"),
    (lambda p: p[0].update(draft=True), "field 'draft' is not a known field; expected only: slug, title"),
    (lambda p: p[3].update(slug=p[0]["slug"]), "projects[3] ('spot-gpu-training-platform') field 'slug' repeats projects[0]; expected unique slugs"),
    (lambda p: p.append("text"), "projects[7] expected a JSON object"),
])
def test_each_problem_names_entry_field_and_expectation(tmp_path, change, expected):
    assert any(expected in line for line in problems(tmp_path, broken(change))), problems(tmp_path, broken(change))


def test_all_problems_are_reported_together(tmp_path):
    found = problems(tmp_path, broken(lambda p: (p[0].pop("body"), p[5].update(tags="web"))))
    assert len(found) == 2


@pytest.mark.parametrize("text, expected", [
    ("{", "is not JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
    ("[]", 'expected a JSON object {"projects": [...]} and nothing else'),
    ('{"projects": [], "extra": 1}', 'expected a JSON object {"projects": [...]} and nothing else'),
])
def test_a_file_of_the_wrong_shape(tmp_path, text, expected):
    assert problems(tmp_path, text) == [expected]
