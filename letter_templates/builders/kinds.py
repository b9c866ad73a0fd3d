"""Builds the letters added beside the 2018 form: `mau-04-gia-han.docx`, the apology with a
proposed extension of Thông tư 03/2025/TT-VPCP (Mẫu số 04, Phụ lục I), and
`thu-xin-loi-tre-han.docx`, the letter of apology for a dossier already settled late.

The official wording of the 2025 form was not available: its body is built from what Nghị định
118/2025, Điều 19 khoản 6 requires the letter to say (the addressee, the dossier and its
procedure, the promised date, the reason, the proposed new date, the apology), and an office
aligns it with the annex by editing the DOCX (letter_templates/README.md). Both share the
header, the signature block and the layout of the 2018 form (builders/letter.py).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject

from letter_templates.builders.letter import addressee, body_paragraphs, build_letter, paragraph

EXTENSION_TEMPLATE = "mau-04-gia-han.docx"
APOLOGY_TEMPLATE = "thu-xin-loi-tre-han.docx"


def _title(document: DocumentObject, subtitle: str = "") -> None:
    """The title the regime's file gives this kind of letter, in capitals, bold, centred."""
    paragraph(
        document, "{{ letter_title }}", size=14, bold=True, before=24, after=0 if subtitle else 12
    )
    if subtitle:
        paragraph(document, subtitle, size=14, bold=True, after=12)


def _extension_body(document: DocumentObject) -> None:
    _title(document)
    addressee(document)
    body_paragraphs(
        document,
        "Thực hiện quy định tại {{ legal_basis }}, {{ unit_name }} thông báo và xin lỗi Ông/Bà"
        " về việc giải quyết hồ sơ thủ tục hành chính như sau:",
        "Thủ tục hành chính: {{ procedure }}; mã hồ sơ: {{ code }}.",
        "Hồ sơ được {{ desk }} tiếp nhận {{ received_date }}; ngày hẹn trả kết quả ghi trên"
        " Giấy tiếp nhận hồ sơ và hẹn trả kết quả là {{ old_due_date }}.",
        "Lý do không giải quyết được đúng hạn: {{ reason }}",
        "Thời gian đề nghị gia hạn: đến {{ new_due_date }}.",
        "Sự chậm trễ này đã gây phiền hà, làm tốn kém thời gian, công sức của Ông/Bà."
        " {{ unit_name }} trân trọng xin lỗi Ông/Bà và đề nghị Ông/Bà đồng ý gia hạn thời gian"
        " giải quyết hồ sơ đến {{ new_due_date }}; kết quả được trả tại {{ desk }} hoặc theo"
        " cách Ông/Bà đã đăng ký.",
        "{{ unit_name }} rất mong nhận được sự thông cảm của Ông/Bà.",
        "Trân trọng./.",
    )


def _apology_body(document: DocumentObject) -> None:
    _title(document, "Về việc giải quyết hồ sơ thủ tục hành chính trễ hạn")
    addressee(document)
    body_paragraphs(
        document,
        # The applicant is not last: a masked name ("Nguyễn V. A.") would end in two stops.
        "Vào {{ received_date }}, {{ desk }} đã tiếp nhận hồ sơ của Ông/Bà {{ applicant }} đề"
        " nghị giải quyết thủ tục {{ procedure }} (mã hồ sơ {{ code }}), hẹn trả kết quả"
        " {{ old_due_date }}.",
        "Hồ sơ đã được giải quyết và có kết quả {{ returned_date }}{% if days_late %}, chậm"
        " {{ days_late }} so với ngày hẹn trả{% else %}, sau ngày hẹn trả{% endif %}.",
        "Lý do chậm trễ: {{ reason }}",
        "{%p if apology_rule %}",
        "Thực hiện {{ apology_rule }}, {{ unit_name }} trân trọng xin lỗi Ông/Bà vì sự chậm trễ"
        " đã gây phiền hà, làm tốn kém thời gian, chi phí, công sức của Ông/Bà.",
        "{%p else %}",
        "{{ unit_name }} trân trọng xin lỗi Ông/Bà vì sự chậm trễ đã gây phiền hà, làm tốn kém"
        " thời gian, chi phí, công sức của Ông/Bà.",
        "{%p endif %}",
        "{{ unit_name }} sẽ rút kinh nghiệm để giải quyết hồ sơ của người dân đúng hẹn và rất"
        " mong nhận được sự thông cảm của Ông/Bà.",
        "Trân trọng./.",
    )


def build_extension(out: Path) -> Path:
    return build_letter(
        out,
        _extension_body,
        (
            "- Như trên;",
            "- {{ desk }} (để cập nhật ngày hẹn trả);",
            "- Lưu: VT, {{ unit_abbreviation }}.",
        ),
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu số 04, Phụ lục I,"
        " Thông tư 03/2025/TT-VPCP)",
    )


def build_apology(out: Path) -> Path:
    return build_letter(
        out,
        _apology_body,
        ("- Như trên;", "- {{ desk }} (để theo dõi);", "- Lưu: VT, {{ unit_abbreviation }}."),
        "Thư xin lỗi về việc giải quyết hồ sơ thủ tục hành chính trễ hạn",
    )
