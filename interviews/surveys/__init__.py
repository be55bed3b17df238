"""Feedback surveys after the interview: templates, invitations with a signed single-use link, answering,
the report (aggregates with a minimum group size), free-text themes and the suggestion rules."""
