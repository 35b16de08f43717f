"""The only layer that knows SQL: Peewee models, database lifecycle, queries, import/export."""
