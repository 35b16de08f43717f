"""The money owed and collected: receivables and payments, promises to pay, collection attempts,
aging, the collection queue and its triage, each customer's collection summary."""
