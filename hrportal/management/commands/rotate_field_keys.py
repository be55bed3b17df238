"""manage.py rotate_field_keys — re-encrypt personal data under the primary field-encryption key.

After a new key is put first in FIELD_ENCRYPTION_KEYS ("k2:...,k1:..."), every stored value still
sealed with an older key id is decrypted and encrypted again with the primary key. Values are read
raw (a cursor, not the model fields, so nothing is decoded twice), rotated in batches, each batch in
its own transaction, and written back with a compare-and-set UPDATE so a value edited meanwhile is
never overwritten with stale data. Once the command reports nothing left to rotate, the old key can
be removed from FIELD_ENCRYPTION_KEYS.
"""

from __future__ import annotations

from collections import Counter

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction

from hrportal import crypto
from hrportal.fields import encrypted_fields

MAX_FAILURES_LISTED = 10  # per model; the total is always reported


class Command(BaseCommand):
    help = "Re-encrypt every encrypted model field whose key id is not the primary key's."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be re-encrypted, write nothing")
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias (default 'default')")

    def handle(self, *args, dry_run=False, batch_size=500, database=DEFAULT_DB_ALIAS, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        primary = crypto.keyring().primary_id
        self.stdout.write(f"primary key id: {primary}" + (" (dry run)" if dry_run else ""))
        failures = 0
        total = 0
        for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
            fields = encrypted_fields(model)
            if not fields or model._meta.proxy or not model._meta.managed:
                continue
            if not router.allow_migrate_model(database, model):
                continue
            rows, rotated, failed = self._rotate_model(model, fields, database, batch_size, dry_run)
            failures += failed
            total += sum(rotated.values())
            detail = ", ".join(f"{name} {rotated[name]}" for name in sorted(rotated)) or "nothing to rotate"
            verb = "would re-encrypt" if dry_run else "re-encrypted"
            line = f"{model._meta.label}: {rows} rows scanned, {verb} {sum(rotated.values())} values ({detail})"
            if failed:
                line += f", {failed} values could not be decrypted"
            self.stdout.write(line)
        self.stdout.write(f"total: {total} values {'to re-encrypt' if dry_run else 're-encrypted'}")
        if failures:
            raise CommandError(
                f"{failures} values could not be decrypted with the configured keys; they were left unchanged"
            )

    def _rotate_model(self, model, fields, database, batch_size, dry_run) -> tuple[int, Counter, int]:
        connection = connections[database]
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        pk = quote(model._meta.pk.column)
        columns = [quote(f.column) for f in fields]
        select = f"SELECT {pk}, {', '.join(columns)} FROM {table}"  # noqa: S608 — identifiers from model meta
        rotated: Counter = Counter()
        scanned = failed = 0
        last_pk = None
        while True:
            with transaction.atomic(using=database), connection.cursor() as cursor:
                if last_pk is None:
                    cursor.execute(f"{select} ORDER BY {pk} LIMIT %s", [batch_size])
                else:
                    cursor.execute(f"{select} WHERE {pk} > %s ORDER BY {pk} LIMIT %s", [last_pk, batch_size])
                batch = cursor.fetchall()
                if not batch:
                    break
                last_pk = batch[-1][0]
                scanned += len(batch)
                for row in batch:
                    row_pk = row[0]
                    for field, column, raw in zip(fields, columns, row[1:], strict=True):
                        if raw in (None, "") or not crypto.needs_rotation(raw):
                            continue
                        try:
                            plain = crypto.decrypt(raw)
                        except crypto.DecryptionError:
                            failed += 1
                            if failed <= MAX_FAILURES_LISTED:
                                self.stderr.write(f"{model._meta.label} pk={row_pk} field={field.name}: "
                                                  f"cannot decrypt (key id {crypto.key_id_of(raw)!r})")
                            continue
                        if dry_run:
                            rotated[field.name] += 1
                            continue
                        cursor.execute(
                            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s",  # noqa: S608
                            [crypto.encrypt(plain), row_pk, raw],
                        )
                        if cursor.rowcount == 1:
                            rotated[field.name] += 1
            if len(batch) < batch_size:
                break
        return scanned, rotated, failed
