"""Integer ids taken from a query string or a posted form, validated through a Django form.

``str.isdigit()`` accepts "²" and "١٢٣", and ``int()`` then raises (a 500), while a number past the 64-bit
range passes ``int()`` and fails inside the database driver (OverflowError, another 500). Every view that
reads an id from ``request.GET``/``request.POST`` by hand goes through ``id_param`` instead: a value that is
not a positive id of a database row is treated as absent.
"""

from __future__ import annotations

from django import forms

# The largest value a BigAutoField holds on SQLite and PostgreSQL.
MAX_DB_ID = 2**63 - 1


class IdForm(forms.Form):
    value = forms.IntegerField(min_value=1, max_value=MAX_DB_ID)


def id_param(params, name: str) -> int | None:
    """The id in ``params[name]`` (a QueryDict or dict), or None when it is absent or not a valid id."""
    raw = params.get(name)
    if raw in (None, ""):
        return None
    raw = str(raw).strip()
    if not raw.isascii() or len(raw) > 20:  # only ASCII digits are ids (int() also reads "١٢٣")
        return None
    form = IdForm({"value": raw})
    return form.cleaned_data["value"] if form.is_valid() else None
