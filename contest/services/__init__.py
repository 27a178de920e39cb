"""Use-cases: load rows, call the domain, write, leave an audit event. The caller commits
unless a function says otherwise; the acting user is always a parameter."""
