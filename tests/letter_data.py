"""The letter every letter test starts from: the letter of Phòng TN&MT for a dossier of
November 2024, issued 02/12/2024 (DATA), the shipped Mẫu 04 template, and a copy of that template
with one text changed (what a clerk's edit in Word does)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from tracker.config import resource_dir
from tracker.letters.context import LetterData

SHIPPED = resource_dir("letter_templates") / "mau-04-xin-loi.docx"

DATA = LetterData(
    code="000.00.19.H53-241101-0001",
    procedure="Tách thửa hoặc hợp thửa đất",
    applicant="Nguyễn Văn An",
    applicant_address="12 Trần Phú, khu phố 1, thị trấn Gò Dầu",
    applicant_phone="0912345678",
    applicant_email="an.nguyen@example.vn",
    received_at=dt.date(2024, 11, 1),
    old_due_at=dt.date(2024, 11, 15),
    new_due_at=dt.date(2024, 12, 5),
    reason="Phải đo đạc lại ranh giới thửa đất do có tranh chấp với hộ liền kề",
    unit_name="Phòng Tài nguyên và Môi trường",
    unit_kind="department",
    unit_abbreviation="TNMT",
    governing_body="UBND huyện Gò Dầu",
    place="Gò Dầu",
    number="05/PXL-TNMT",
    drafted_on=dt.date(2024, 11, 26),
    issued_on=dt.date(2024, 12, 2),
    signer_name="Nguyễn Hoàng Phúc",
    signer_title="TRƯỞNG PHÒNG",
    acting=False,
)


def template_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped template with one text replaced in the document part."""
    path = tmp_path / "edited.docx"
    with zipfile.ZipFile(SHIPPED) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.decode("utf-8").replace(old, new, 1).encode("utf-8")
            target.writestr(item, data)
    return path
