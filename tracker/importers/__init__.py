"""Reading one-stop exports (CSV, XLSX, XLS, ODS) into plain records and row errors.

Pure: no database here (an import-linter contract checks it). `tracker.services.imports`
decides what each record means for the stored dossiers.
"""

from tracker.importers.fields import FIELDS, parse_mapping
from tracker.importers.reader import Export, ImportRecord, Layout, RowError

__all__ = ["FIELDS", "Export", "ImportRecord", "Layout", "RowError", "parse_mapping"]
