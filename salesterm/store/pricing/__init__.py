"""The price system's data (价格体系): what decides a customer's price for a product
(domain/pricing holds the rules)."""
