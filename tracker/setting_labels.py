"""The organisation's settings — a preset's `[organisation]` table, kept dated in the database —
in the words of the people who read about them: a clerk told that a take-over changed
`governing_body, leader_name` learns nothing. Keys stay keys in JSON and in the files; every
sentence and table for a person names them here. Pure."""

from __future__ import annotations

from collections.abc import Iterable

SETTING_LABELS = {
    "name": "tên cơ quan",
    "governing_body": "cơ quan chủ quản in trên thư của các phòng",
    "parent_body": "cơ quan cấp trên in trên công văn",
    "place": "địa danh",
    "province": "tỉnh",
    "office_unit": "văn phòng viết báo cáo và công văn",
    "notice_symbol": "ký hiệu công văn",
    "leader_title": "chức vụ người ký công văn",
    "leader_authority": "thẩm quyền ký công văn",
    "leader_name": "người ký công văn",
    "legal_basis": "căn cứ của công văn",
    "apology_rule": "quy định của tỉnh về xin lỗi",
    "onestop_desk": "nơi nhận thông báo hồ sơ trễ hạn",
}


def setting_label(key: str) -> str:
    """A setting's name for a person; an office's own key (a preset may add one) as it is."""
    return SETTING_LABELS.get(key, key)


def setting_labels(keys: Iterable[str]) -> str:
    """`governing_body, leader_name` → «cơ quan chủ quản …, người ký công văn»."""
    return ", ".join(setting_label(key) for key in keys)
