"""The organisation's settings (a preset's `[organisation]` table, `organisation_settings`) in
the words a page shows them with: a take-over's preview says which of them change."""

from __future__ import annotations

from collections.abc import Iterable

SETTING_LABELS = {
    "name": "Tên cơ quan",
    "governing_body": "Cơ quan chủ quản (dòng đầu tiêu đề văn bản của các phòng)",
    "parent_body": "Cơ quan cấp trên (tiêu đề công văn hằng tháng)",
    "place": "Địa danh ghi ngày tháng",
    "province": "Tỉnh",
    "office_unit": "Đơn vị gửi thư, viết báo cáo và công văn",
    "notice_symbol": "Ký hiệu công văn hằng tháng",
    "leader_authority": "Thẩm quyền ký công văn",
    "leader_title": "Chức vụ người ký công văn",
    "leader_name": "Người ký công văn",
    "legal_basis": "Căn cứ ghi trong công văn",
    "apology_rule": "Quy định của tỉnh về xin lỗi",
    "onestop_desk": "Nơi nhận thông báo (Bộ phận Một cửa)",
}


def setting_label(key: str) -> str:
    """A setting's words; a key an office added to its own preset is shown as it is written."""
    return SETTING_LABELS.get(key, key)


def in_label_order(keys: Iterable[str]) -> list[str]:
    """`keys` in the table's order (the office's name first, as a person reads a letterhead
    down), then any key of an office's own, alphabetically."""
    wanted = set(keys)
    known = [key for key in SETTING_LABELS if key in wanted]
    return known + sorted(wanted - set(SETTING_LABELS))


def setting_labels(keys: Iterable[str]) -> str:
    """The settings named inside a sentence: «tên cơ quan, người ký công văn»."""
    return ", ".join(_in_sentence(setting_label(key)) for key in keys)


def _in_sentence(label: str) -> str:
    return label[:1].lower() + label[1:]
