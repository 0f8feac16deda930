"""What changed in a collection since the last sync: `sync-collection` (RFC 6578) where the
server has it, otherwise the full `getetag` listing; and fetching many items at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_crm.services.sync.webdav import (
    CALDAV,
    CARDDAV,
    DAV,
    DavClient,
    SyncError,
    parse_multistatus,
    parse_xml,
    tag,
)


@dataclass
class Listing:
    etags: dict[str, str] = field(default_factory=dict)  # href → ETag, changed or new
    removed: set[str] = field(default_factory=set)
    token: str = ""
    complete: bool = False  # every item of the collection is in `etags`: absent means gone


def _sync_collection(client: DavClient, collection: str, token: str) -> Listing:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
        f"<d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level>"
        "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    )
    content = client.report_raw(collection, body)
    root = parse_xml(content)
    listing = Listing(token=(root.findtext(tag(DAV, "sync-token")) or "").strip())
    listing.complete = not token
    own = client.path(collection).rstrip("/")
    for resource in parse_multistatus(content):
        href = client.path(resource.href)
        if href.rstrip("/") == own:
            continue
        etag = resource.text(tag(DAV, "getetag"))
        if resource.status == 404 or not etag:
            listing.removed.add(href)
        else:
            listing.etags[href] = etag
    return listing


def _full_listing(client: DavClient, collection: str) -> Listing:
    listing = Listing(complete=True)
    own = client.path(collection).rstrip("/")
    for resource in client.propfind(collection, ["d:getetag"], depth="1"):
        href = client.path(resource.href)
        etag = resource.text(tag(DAV, "getetag"))
        if href.rstrip("/") != own and etag:
            listing.etags[href] = etag
    return listing


def list_changes(client: DavClient, collection: str, token: str) -> Listing:
    """Changes since `token` (everything for an empty one). A server that forgot the token
    gets a full listing, and one without sync-collection a PROPFIND."""
    try:
        return _sync_collection(client, collection, token)
    except SyncError as exc:
        if exc.status is None or exc.status in (401, 404, 507):
            raise
    if token:
        try:
            return _sync_collection(client, collection, "")
        except SyncError as exc:
            if exc.status is None or exc.status in (401, 404, 507):
                raise
    return _full_listing(client, collection)


def fetch_many(
    client: DavClient, collection: str, hrefs: list[str], kind: str
) -> dict[str, tuple[str, str]]:
    """href → (body, ETag) for `hrefs`, in multiget reports of up to 200 items."""
    found: dict[str, tuple[str, str]] = {}
    if kind == "addressbook":
        namespace, report, data = CARDDAV, "addressbook-multiget", "address-data"
    else:
        namespace, report, data = CALDAV, "calendar-multiget", "calendar-data"
    for start in range(0, len(hrefs), 200):
        chunk = hrefs[start : start + 200]
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><x:{report} xmlns:d="DAV:" xmlns:x="{namespace}">'
            f"<d:prop><d:getetag/><x:{data}/></d:prop>"
            + "".join(f"<d:href>{_escape(h)}</d:href>" for h in chunk)
            + f"</x:{report}>"
        )
        for resource in client.report(collection, body):
            text = resource.text(tag(namespace, data))
            etag = resource.text(tag(DAV, "getetag"))
            if resource.status == 200 and text:
                found[client.path(resource.href)] = (text, etag)
    return found


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
