"""What one imported file may hold at most: the bounds that keep any file, however crafted, within
a few hundred megabytes of memory and a time proportional to its real content.

Each limit is a setting (`[import]` table of the config file) with a default that no real
one-stop export comes near; a file past a limit is refused whole with one sentence naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from tracker.errors import InvalidInput

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    max_file_mb: int = 2048  # bytes read from the file (or from standard input, spooled)
    max_rows: int = 1_048_576  # rows of a sheet or a CSV file (Excel's own maximum)
    max_columns: int = 256  # columns a row may use
    max_cell_chars: int = 32_767  # characters in one cell (Excel's own maximum)
    max_row_kb: int = 4096  # one CSV line, or one row's XML in a spreadsheet
    max_shared_strings_mb: int = 256  # an XLSX workbook's table of shared texts

    @classmethod
    def from_config(cls, table: Any) -> ImportLimits:
        """The `[import]` table of the config file: any of the fields above, positive integers."""
        if table is None:
            return cls()
        names = {f.name for f in fields(cls)}
        if not isinstance(table, dict) or not set(table) <= names:
            raise InvalidInput(
                "Mục [import] trong tệp cấu hình chỉ nhận các giới hạn "
                f"{', '.join(sorted(names))} (số nguyên dương)."
            )
        for name, value in table.items():
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise InvalidInput(
                    f"Giới hạn {name} trong mục [import] của tệp cấu hình phải là số nguyên dương."
                )
        return cls(**table)

    @property
    def file_bytes(self) -> int:
        return self.max_file_mb * MB

    @property
    def row_bytes(self) -> int:
        return self.max_row_kb * 1024

    @property
    def shared_strings_bytes(self) -> int:
        return self.max_shared_strings_mb * MB


def number(value: int) -> str:
    """1048576 → 1.048.576, as Vietnamese prose writes numbers."""
    return f"{value:,}".replace(",", ".")
