"""Apology letters as documents: plain context in, DOCX (and PDF) out. No database here."""
