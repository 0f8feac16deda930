"""A small WebDAV client for CardDAV and CalDAV: the few verbs sync needs, over requests.

Every failure becomes a `SyncError` with a message the user can act on; nothing here
knows about contacts or follow-ups."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from desktop_crm.errors import UserError
from desktop_crm.i18n import _

DAV = "DAV:"
CARDDAV = "urn:ietf:params:xml:ns:carddav"
CALDAV = "urn:ietf:params:xml:ns:caldav"
NAMESPACES = {"d": DAV, "card": CARDDAV, "cal": CALDAV}
# A server that accepts the connection but never answers must not hang a sync.
TIMEOUT_S = (5.0, 30.0)
# A card larger than this is not a contact; it is skipped with a warning.
MAX_BODY_BYTES = 1_000_000


class SyncError(UserError):
    """The server could not be reached or refused a request; the next sync tries again."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status, None when the server was not reached


class PreconditionFailed(SyncError):
    """412: the resource changed on the server since we read it (fetch, merge, retry)."""


@dataclass
class DavResource:
    href: str
    status: int = 200
    props: dict[str, ET.Element] = field(default_factory=dict)

    def text(self, tag: str) -> str:
        element = self.props.get(tag)
        return (element.text or "").strip() if element is not None else ""


def tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _status_code(text: str | None) -> int:
    # "HTTP/1.1 404 Not Found"
    parts = (text or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 200


class DavClient:
    def __init__(
        self, url: str, user: str, password: str, *, timeout: tuple[float, float] = TIMEOUT_S
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SyncError(
                _("{url} is not a server address (http:// or https://).").format(url=url)
            )
        self.base = url if url.endswith("/") else url + "/"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.session = requests.Session()
        self.session.auth = (user, password)
        self.session.headers["User-Agent"] = "DesktopCRM"
        self.timeout = timeout
        self.requests_made = 0

    def close(self) -> None:
        self.session.close()

    def url(self, href: str) -> str:
        return urljoin(self.base, href)

    def path(self, url_or_href: str) -> str:
        """The server-relative path of a URL, as servers write hrefs."""
        return urlsplit(urljoin(self.base, url_or_href)).path

    # --- transport -----------------------------------------------------------------------

    def request(
        self,
        method: str,
        href: str,
        *,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        ok: tuple[int, ...] = (200, 201, 204, 207),
    ) -> requests.Response:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.requests_made += 1
        try:
            response = self.session.request(
                method,
                self.url(href),
                data=data,
                headers=headers or {},
                timeout=self.timeout,
                allow_redirects=True,
            )
        except requests.exceptions.Timeout as exc:
            raise SyncError(
                _(
                    "The server {host} did not answer in time; the sync will try again later."
                ).format(host=self.origin)
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise SyncError(
                _("The server {host} cannot be reached; the sync will try again later.").format(
                    host=self.origin
                )
            ) from exc
        if response.status_code in ok:
            return response
        raise self._error(response)

    def _error(self, response: requests.Response) -> SyncError:
        code = response.status_code
        if code == 412:
            return PreconditionFailed(_("The card changed on the server meanwhile."), status=412)
        messages = {
            401: _("The server refused the user name or password."),
            403: _("The server does not allow this account to do that."),
            404: _("The address book or calendar was not found on the server."),
            507: _("The server is out of storage space."),
        }
        message = messages.get(
            code, _("The server answered with an error ({code}).").format(code=code)
        )
        return SyncError(message, status=code)

    # --- verbs ---------------------------------------------------------------------------

    def propfind(self, href: str, props: list[str], depth: str = "0") -> list[DavResource]:
        body = ['<?xml version="1.0" encoding="utf-8"?>', '<d:propfind xmlns:d="DAV:" ']
        body.append(
            f'xmlns:card="{CARDDAV}" xmlns:cal="{CALDAV}" xmlns:cs="http://calendarserver.org/ns/">'
        )
        body.append("<d:prop>" + "".join(f"<{p}/>" for p in props) + "</d:prop></d:propfind>")
        response = self.request(
            "PROPFIND",
            href,
            body="".join(body),
            headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"},
        )
        return parse_multistatus(response.content)

    def report(self, href: str, body: str, depth: str = "1") -> list[DavResource]:
        return parse_multistatus(self.report_raw(href, body, depth))

    def report_raw(self, href: str, body: str, depth: str = "1") -> bytes:
        response = self.request(
            "REPORT",
            href,
            body=body,
            headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"},
        )
        return response.content

    def get(self, href: str) -> tuple[bytes, str]:
        response = self.request("GET", href, ok=(200,))
        return response.content, response.headers.get("ETag", "")

    def put(self, href: str, body: str, content_type: str, *, etag: str | None = None) -> str:
        """Create (etag None: only if absent) or replace (only if still `etag`); the new ETag."""
        headers = {"Content-Type": content_type}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        response = self.request("PUT", href, body=body, headers=headers, ok=(200, 201, 204))
        return response.headers.get("ETag", "")

    def delete(self, href: str, *, etag: str | None = None) -> None:
        headers = {"If-Match": etag} if etag else {}
        self.request("DELETE", href, headers=headers, ok=(200, 204, 404))

    def make_collection(self, href: str, kind: str, name: str) -> None:
        """Create an address book (`kind` "addressbook") or a calendar ("calendar")."""
        if kind == "addressbook":
            body = (
                '<?xml version="1.0" encoding="utf-8"?>'
                f'<d:mkcol xmlns:d="DAV:" xmlns:card="{CARDDAV}"><d:set><d:prop>'
                "<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>"
                f"<d:displayname>{_xml_text(name)}</d:displayname>"
                "</d:prop></d:set></d:mkcol>"
            )
            self.request("MKCOL", href, body=body, headers={"Content-Type": "application/xml"})
        else:
            body = (
                '<?xml version="1.0" encoding="utf-8"?>'
                f'<cal:mkcalendar xmlns:d="DAV:" xmlns:cal="{CALDAV}"><d:set><d:prop>'
                f"<d:displayname>{_xml_text(name)}</d:displayname>"
                "<cal:supported-calendar-component-set>"
                '<cal:comp name="VTODO"/><cal:comp name="VEVENT"/>'
                "</cal:supported-calendar-component-set>"
                "</d:prop></d:set></cal:mkcalendar>"
            )
            self.request("MKCALENDAR", href, body=body, headers={"Content-Type": "application/xml"})


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def parse_xml(content: bytes) -> ET.Element:
    try:
        return ET.fromstring(content)
    except ET.ParseError as exc:
        raise SyncError(_("The server sent an answer that is not valid XML.")) from exc


def parse_multistatus(content: bytes) -> list[DavResource]:
    root = parse_xml(content)
    resources = []
    for response in root.findall("d:response", NAMESPACES):
        href = (response.findtext("d:href", default="", namespaces=NAMESPACES) or "").strip()
        resource = DavResource(
            href=href, status=_status_code(response.findtext("d:status", None, NAMESPACES))
        )
        for propstat in response.findall("d:propstat", NAMESPACES):
            if _status_code(propstat.findtext("d:status", None, NAMESPACES)) != 200:
                continue
            prop = propstat.find("d:prop", NAMESPACES)
            for element in list(prop) if prop is not None else []:
                resource.props[element.tag] = element
        resources.append(resource)
    return resources
