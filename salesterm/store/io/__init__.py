"""Files in and out: reading and writing CSV/XLSX, exports, customer and ledger imports, bulk writes."""
