"""Sales orders (issue 14): placing (check_order, place_order), lifecycle (ship, deliver, cancel,
release, decide_price), returns, complaints, listing (list_orders, order_detail,
awaiting_manager), numbers, linking (imported receivables to their order), settings
(receivables_source). The rules are domain/order_rules.py."""
