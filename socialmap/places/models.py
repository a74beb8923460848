from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Float, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialmap.extensions import db

PLACE_KINDS = ("woonplaats", "kern", "hamlet")


class Municipality(db.Model):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_fy: Mapped[str | None] = mapped_column(String(120))

    places: Mapped[list[Place]] = relationship(back_populates="municipality", order_by="Place.name_nl")

    def display_name(self, language: str) -> str:
        return (self.name_fy if language == "fy" else None) or self.name


class Place(db.Model):
    """A village (official woonplaats or kern) or hamlet, with its Dutch and Frisian name."""

    __tablename__ = "place"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name_nl: Mapped[str] = mapped_column(String(120))
    name_fy: Mapped[str | None] = mapped_column(String(120))
    # Which of the two names is the official one: "fy" for the villages of former Littenseradiel and
    # Boarnsterhim and It Heidenskip (Easterein, Raerd …), whose Dutch form is no name of theirs any more.
    official_language: Mapped[str] = mapped_column(String(2), default="nl", server_default="nl")
    kind: Mapped[str] = mapped_column(String(20))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)
    geonameid: Mapped[int | None] = mapped_column(Integer)

    municipality: Mapped[Municipality] = relationship(back_populates="places")
    names: Mapped[list[PlaceName]] = relationship(
        back_populates="place", cascade="all, delete-orphan"
    )

    @property
    def official_name(self) -> str:
        return official_name(self.name_nl, self.name_fy, self.official_language)

    def display_name(self, language: str) -> str:
        """Drylts on the Frisian page, IJlst on the Dutch and English ones; Easterein on every page."""
        return display_name(self.name_nl, self.name_fy, self.official_language, language)

    def other_name(self, language: str) -> tuple[str, str] | None:
        """(language, name) of the place's second name worth showing beside the displayed one, if any:
        IJlst on the Frisian page, Drylts on the others. An unofficial Dutch form (Oosterend) is not
        shown: it only helps search."""
        shown = self.display_name(language)
        if self.official_language == "nl" and self.name_fy and self.name_fy != self.name_nl:
            other = ("nl", self.name_nl) if language == "fy" else ("fy", self.name_fy)
            return other if other[1] != shown else None
        return None

    def __repr__(self) -> str:
        return f"<Place {self.name_nl}>"


def official_name(name_nl: str, name_fy: str | None, official_language: str) -> str:
    return (name_fy if official_language == "fy" else None) or name_nl


def display_name(name_nl: str, name_fy: str | None, official_language: str, language: str) -> str:
    """The name a page in ``language`` shows: the Frisian one on Frisian pages, else the official one."""
    if language == "fy":
        return name_fy or name_nl
    return official_name(name_nl, name_fy, official_language)


class PlaceName(db.Model):
    """Every name a place is known by, normalised for matching what people type."""

    __tablename__ = "place_name"
    __table_args__ = (UniqueConstraint("place_id", "normalized"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    normalized: Mapped[str] = mapped_column(String(120), index=True)
    language: Mapped[str] = mapped_column(String(8))  # nl, fy or alias

    place: Mapped[Place] = relationship(back_populates="names")


class Postcode(db.Model):
    """A four-digit postcode area (PC4); one PC4 can touch several places."""

    __tablename__ = "postcode"
    __table_args__ = (UniqueConstraint("pc4", "place_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pc4: Mapped[str] = mapped_column(String(4), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)

    place: Mapped[Place] = relationship()
    municipality: Mapped[Municipality] = relationship()


contact_point_place = Table(
    "contact_point_place",
    db.metadata,
    Column("contact_point_id", ForeignKey("contact_point.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("place.id"), primary_key=True, index=True),
)


class ContactPoint(db.Model):
    """Who to ask when nothing in the catalogue fits (centraal aanspreekpunt): the social team or desk
    for some villages of a municipality, kept by its municipal editors. One that lists no villages
    covers every village of the municipality that no other one lists."""

    __tablename__ = "contact_point"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(7))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))  # where the desk is
    # Walk-in hours as the editors write them ("di en do 9.00–12.00 in het gemeentehuis"), per language.
    walk_in_nl: Mapped[str | None] = mapped_column(String(300))
    walk_in_fy: Mapped[str | None] = mapped_column(String(300))
    walk_in_en: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    municipality: Mapped[Municipality] = relationship()
    place: Mapped[Place | None] = relationship()
    places: Mapped[list[Place]] = relationship(secondary=contact_point_place, order_by="Place.name_nl")

    def walk_in(self, language: str) -> tuple[str | None, str]:
        """(text, its language): the page's language, else Dutch."""
        text = getattr(self, f"walk_in_{language}", None)
        return (text, language) if text else (self.walk_in_nl, "nl")

    @property
    def phone_link(self) -> str:
        return "".join(c for c in self.phone if c.isdigit() or c == "+")
