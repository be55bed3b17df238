"""The public careers page (issue 23): published positions, the position page and the candidate's own
application, which goes through the one intake path (recruiting.intake). See docs/careers.md."""
