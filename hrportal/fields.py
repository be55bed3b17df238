"""Model fields that keep personal data encrypted at rest (see hrportal.crypto)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import models

from hrportal import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted with AES-256-GCM before it reaches the database; ``None`` and ``""`` stay clear.

    Encrypted columns cannot be filtered or ordered on; pair them with a blind-index field for
    equality lookups.
    """

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self.to_python_from_plain(crypto.decrypt(value))

    def to_python_from_plain(self, plain: str):
        return plain

    def plain_to_text(self, value) -> str:
        return str(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(self.plain_to_text(value))

    def to_python(self, value):
        return value


class EncryptedDecimalField(EncryptedTextField):
    """A money figure (yuan) kept encrypted; reads back as ``Decimal``."""

    description = "Encrypted decimal"

    def to_python_from_plain(self, plain: str):
        return Decimal(plain)

    def plain_to_text(self, value) -> str:
        try:
            return str(Decimal(str(value)).quantize(Decimal("0.01")))
        except InvalidOperation as exc:
            raise ValueError(f"not a decimal amount: {value!r}") from exc

    def get_prep_value(self, value):
        if value is None or value == "":
            return None
        return crypto.encrypt(self.plain_to_text(value))

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return value

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("form_class", forms.DecimalField)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.pop("max_length", None)
        return models.Field.formfield(self, **kwargs)


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
