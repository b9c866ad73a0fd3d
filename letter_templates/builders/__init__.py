"""The builders of the templates shipped in letter_templates/: python-docx scripts that make
each DOCX reproducible. They are not part of tracker (nor of its wheel): tracker only renders
the templates. Run from the repository root:

    python -m letter_templates.builders [NAME.docx …] [--out DIR]      (or: make templates)

A test rebuilds every template and compares its text and layout with the shipped copy. An
office edits the DOCX files, never these scripts.
"""
