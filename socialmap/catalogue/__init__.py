"""Organisations, services, locations, schedules and the taxonomies they use."""
