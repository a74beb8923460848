"""Municipalities, villages and hamlets, postcodes, and resolving "near"."""
