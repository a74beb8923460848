"""Dated happenings of a service: one-off activities and closures ("gesloten 24 december – 2 januari")."""
