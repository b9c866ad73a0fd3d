"""The law by date: the legal regimes (decree, deadline and its reading, forms, citations) read
from `regimes/*.toml`, the one rule that says which regime governs a dossier, and the calendar
that counts a dossier's apology deadline under it. Pure: files in, plain values out."""
