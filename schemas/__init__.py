"""Marshmallow schemas: what the API accepts and returns. Unknown fields are refused."""
