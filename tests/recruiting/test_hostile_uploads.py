"""Issue 14 item 7: the standing hostile-input suite, through the real upload view. Every file of the hostile
corpus (tests/screening/test_hostile_files.py and the issue-14 additions in hostile_corpus.py, all generated)
is posted in ONE multi-file upload together with three good resumes: no 500, one named item with a message
for every file, every good resume taken in (nothing lost from the rest of the batch), and the structural
caps that bound memory are what refused the big files (the memory itself: test_hostile_memory.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recruiting.models import Candidate, IntakeBatch, IntakeItem
from tests.screening import builders, hostile_corpus
from tests.screening.test_hostile_files import _corpus

pytestmark = pytest.mark.django_db

GOOD_FILES = {
    "好简历_1.txt": "李娜\n手机：13700001111\n工作经历\n2018.07-至今 北京某某有限公司 销售经理\n".encode(),
    "好简历_2.docx": builders.make_docx("赵敏\n手机：13700002222\n教育背景\n2012.09-2016.06 复旦大学 本科"),
    "好简历_3.html": "<html><body><h1>孙强</h1><p>手机：13700003333</p><p>Python 工程师</p></body></html>".encode(),
}
CAPPED = {  # the big files and the message that says which cap refused them
    "paragraphs_49mb.docx": "个段落", "tags_450k.html": "HTML", "content_bomb.pdf": "PDF 内容解压后",
    "pages_5000.pdf": "页", "objects_250k.pdf": "对象", "one_digit_5mb.txt": "没有简历内容",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _files() -> dict[str, tuple[bytes, set[str]]]:
    files = dict(_corpus())
    files.update(hostile_corpus.corpus(full_size=False))
    files.pop("good.txt"), files.pop("good.docx")  # the corpus' own good files share one phone number
    return files


def _items_of(batch, name):
    return [i for i in batch.items.all() if i.filename == name or i.filename.startswith(name + "/")]


def test_the_whole_hostile_corpus_through_the_upload_view(client, users, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 500
    corpus = _files()
    uploads = [SimpleUploadedFile(name, data) for name, (data, _) in corpus.items()]
    uploads += [SimpleUploadedFile(name, data) for name, data in GOOD_FILES.items()]
    client.force_login(users["hr"])
    client.raise_request_exception = False

    response = client.post(reverse("recruiting:intake"), {"files": uploads, "candidate_source": "other"})

    assert response.status_code == 302, response.status_code
    batch = IntakeBatch.objects.get()
    assert batch.status == IntakeBatch.Status.DONE
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()

    problems = []
    for name, (_, expected) in corpus.items():
        items = _items_of(batch, name)
        if not items:
            problems.append(f"{name}: no item")
            continue
        for item in items:
            if not item.message.strip():
                problems.append(f"{item.filename}: no message")
            failed = item.outcome == IntakeItem.Outcome.FAILED
            if "ok" not in expected and not failed:
                problems.append(f"{item.filename}: {item.outcome}, expected a refusal {sorted(expected)}")
            if expected == {"ok"} and failed:
                problems.append(f"{item.filename}: refused ({item.message}), expected to be taken in")
            if "Traceback" in item.message or "内部错误" in item.message:
                problems.append(f"{item.filename}: internal error {item.message}")
        if name in CAPPED and not any(CAPPED[name] in item.message for item in items):
            problems.append(f"{name}: not refused by its cap: {[i.message for i in items]}")
        assert name in html or any(i.filename in html for i in items), name
    assert problems == []

    for name in GOOD_FILES:
        (item,) = _items_of(batch, name)
        assert item.outcome == IntakeItem.Outcome.CREATED, (name, item.message)
    assert set(Candidate.objects.values_list("name", flat=True)) >= {"李娜", "赵敏", "孙强"}
