"""The product catalogue (商品): writes and reads (catalogue), the in-memory search (search)."""
