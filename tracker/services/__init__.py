"""The workflow. Functions take a Session first and the clock/actor as keywords, never commit
(the caller owns the transaction), raise errors from tracker.errors and return plain data."""
