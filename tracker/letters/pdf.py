"""DOCX → PDF through LibreOffice: one `soffice` process per batch (starting it costs ~1.8 s,
so one process per letter would be 10× slower), with its own profile directory so that it
neither clashes with a LibreOffice the clerk has open nor leaves state behind, and a timeout."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tracker.errors import FileProblem
from tracker.output_files import OutputBatch, check_target

INSTALL_HINT = (
    "Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF: trên Debian/Ubuntu cài bằng "
    "`sudo apt install libreoffice-writer fonts-liberation`, trên Windows/macOS tải tại "
    "https://www.libreoffice.org/download/ rồi chạy lại với --pdf (các tệp DOCX đã được ghi)."
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def timeout_for(count: int) -> float:
    """Start-up plus a generous allowance per document (measured ≈ 0.2 s per letter)."""
    return 60.0 + 2.0 * count


def convert_to_pdf(files: Sequence[Path], outputs: OutputBatch) -> list[Path]:
    """A PDF beside each file of `outputs` (already written there, not yet in place), in one
    LibreOffice call; returns the PDF paths in the same order. Each PDF target is checked
    before LibreOffice starts, and the PDFs join the batch."""
    if not files:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise FileProblem(INSTALL_HINT)
    pdfs = [path.with_suffix(".pdf") for path in files]
    for pdf in pdfs:
        check_target(pdf, overwrite=outputs.overwrite)
    with tempfile.TemporaryDirectory(prefix="tracker-soffice-") as work:
        profile, converted = Path(work) / "profile", Path(work) / "pdf"
        command = [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            *(str(outputs.staged(path)) for path in files),
        ]
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout_for(len(files))
            )
        except subprocess.TimeoutExpired:
            raise FileProblem(
                f"LibreOffice chưa xuất xong PDF sau {timeout_for(len(files)):.0f} giây: hãy "
                "đóng các cửa sổ LibreOffice đang mở rồi thử lại, hoặc xuất ít thư hơn."
            ) from None
        missing = [pdf.name for pdf in pdfs if not (converted / pdf.name).is_file()]
        if missing:
            detail = (completed.stderr or completed.stdout).strip().splitlines()
            raise FileProblem(
                f"LibreOffice không tạo được {len(missing)} tệp PDF ({', '.join(missing[:3])}"
                f"{'…' if len(missing) > 3 else ''}): {detail[-1] if detail else 'không rõ lý do'}."
            )
        for pdf in pdfs:
            outputs.write(pdf, (converted / pdf.name).read_bytes())
    return pdfs
