"""The office's browser (`tracker serve`): a sibling of the CLI over the same services.

app.py builds the Flask application; auth.py signs in and out; pages.py and admin.py are the
pages; queries.py is the one module that calls tracker.services; templates/ and static/ hold
every word and every asset (nothing comes from the internet).
"""
