"""Finding the user's address books and calendars (RFC 6764, 6352, 4791), and making ours."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from desktop_crm.i18n import _
from desktop_crm.services.sync.webdav import CALDAV, CARDDAV, DAV, DavClient, SyncError, tag

OUR_COLLECTION_NAME = "Desktop CRM"
OUR_COLLECTION_SLUG = {"addressbook": "desktop-crm-contacts/", "calendar": "desktop-crm-calendar/"}


@dataclass(frozen=True)
class Collection:
    href: str
    name: str
    kind: str  # addressbook, calendar


@dataclass(frozen=True)
class Homes:
    addressbook_home: str
    calendar_home: str


def _href_of(resource_prop: ET.Element | None) -> str:
    if resource_prop is None:
        return ""
    href = resource_prop.find(tag(DAV, "href"))
    return (href.text or "").strip() if href is not None else ""


def find_principal(client: DavClient) -> str:
    """The principal's href: from the URL given, else through /.well-known/carddav."""
    for start in (client.base, "/.well-known/carddav", "/.well-known/caldav"):
        try:
            found = client.propfind(start, ["d:current-user-principal"])
        except SyncError as exc:
            if exc.status in (
                None,
                401,
                403,
            ):  # unreachable or refused: trying elsewhere won't help
                raise
            continue
        for resource in found:
            href = _href_of(resource.props.get(tag(DAV, "current-user-principal")))
            if href:
                return href
    raise SyncError(_("No address book server was found at {url}.").format(url=client.base))


def find_homes(client: DavClient) -> Homes:
    principal = find_principal(client)
    found = client.propfind(principal, ["card:addressbook-home-set", "cal:calendar-home-set"])
    props = found[0].props if found else {}
    addressbook_home = _href_of(props.get(tag(CARDDAV, "addressbook-home-set"))) or principal
    calendar_home = _href_of(props.get(tag(CALDAV, "calendar-home-set"))) or principal
    return Homes(client.path(addressbook_home), client.path(calendar_home))


def list_collections(client: DavClient, home: str) -> list[Collection]:
    found = client.propfind(home, ["d:resourcetype", "d:displayname"], depth="1")
    collections = []
    for resource in found:
        kinds = resource.props.get(tag(DAV, "resourcetype"))
        if kinds is None:
            continue
        name = resource.text(tag(DAV, "displayname"))
        href = client.path(resource.href)
        if kinds.find(tag(CARDDAV, "addressbook")) is not None:
            collections.append(Collection(href, name, "addressbook"))
        elif kinds.find(tag(CALDAV, "calendar")) is not None:
            collections.append(Collection(href, name, "calendar"))
    return collections


def ensure_collection(client: DavClient, home: str, kind: str) -> str:
    """The href of our "Desktop CRM" address book or calendar, created when missing."""
    for collection in list_collections(client, home):
        if collection.kind == kind and collection.name == OUR_COLLECTION_NAME:
            return collection.href
    href = client.path(home.rstrip("/") + "/" + OUR_COLLECTION_SLUG[kind])
    client.make_collection(href, kind, OUR_COLLECTION_NAME)
    return href


def check_collection(client: DavClient, href: str, kind: str) -> str:
    """The given collection exists and is of the right kind; its normalised href."""
    found = client.propfind(href, ["d:resourcetype"])
    kinds = found[0].props.get(tag(DAV, "resourcetype")) if found else None
    wanted = tag(CARDDAV, "addressbook") if kind == "addressbook" else tag(CALDAV, "calendar")
    if kinds is None or kinds.find(wanted) is None:
        if kind == "addressbook":
            raise SyncError(_("{href} is not an address book.").format(href=href))
        raise SyncError(_("{href} is not a calendar.").format(href=href))
    return client.path(href)
