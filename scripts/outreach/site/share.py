"""What a procedure page says about itself to other programs: share previews and schema.org.

Pure functions, project model in, data out. `pages.procedure_page` puts the results into the
page's front matter (`outreach_social`, `outreach_json_ld`) and the theme's main.html writes
them into <head>; the share button is plain HTML that theme JavaScript enhances.

Chat apps (Zalo, Facebook) only follow absolute URLs, so og:url and the image tags need
`site_url`; without it they are left out (and `check`/`build` say so once) rather than
written with a relative URL that no crawler resolves.
"""

from __future__ import annotations

import json
from typing import Any

from .. import paths
from ..artifacts import Artifact
from ..catalogue.checks import placeholder_contacts
from ..catalogue.messages import fee_set_by
from ..catalogue.model import Procedure
from ..catalogue.project import Project
from . import labels as L
from .text import escape_attr

LOCALE = "vi_VN"
LANGUAGE = "vi"
CURRENCY = "VND"
COUNTRY = "VN"
SCHEMA_CONTEXT = "https://schema.org"
PREVIEW_TYPE = "image/png"

# ---------------------------------------------------------------- URLs


def page_path(code: str, use_directory_urls: bool = True) -> str:
    """Site-relative URL of a procedure page: thu-tuc/1-001193/ (or .html)."""
    folder = paths.procedure_page(code).removesuffix(".md")
    return f"{folder}/" if use_directory_urls else f"{folder}.html"


def absolute(project: Project, site_path: str) -> str | None:
    """site_url + a site-relative path, or None when the project has no site_url."""
    base = project.settings.site_url
    if not base:
        return None
    return base.rstrip("/") + "/" + site_path.lstrip("/")


# ---------------------------------------------------------------- Open Graph / Twitter


def social_tags(project: Project, procedure: Procedure, preview: Artifact | None,
                use_directory_urls: bool = True) -> list[dict[str, str]]:
    """<meta> tags as {"attr", "key", "content"}, content as plain (unescaped) text."""
    p = procedure
    office = project.office
    url = absolute(project, page_path(p.code, use_directory_urls))
    image = absolute(project, preview.path) if preview is not None else None
    alt = L.PREVIEW_ALT.format(name=p.name, office=office.short_name)
    og: list[tuple[str, str | None]] = [
        ("og:type", "website"),
        ("og:locale", LOCALE),
        ("og:site_name", office.name),
        ("og:title", p.name),
        ("og:description", p.summary),
        ("og:url", url),
    ]
    twitter: list[tuple[str, str | None]] = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", p.name),
        ("twitter:description", p.summary),
    ]
    if image and preview is not None:
        og += [("og:image", image), ("og:image:type", PREVIEW_TYPE),
               ("og:image:width", str(preview.extra.get("width", ""))),
               ("og:image:height", str(preview.extra.get("height", ""))),
               ("og:image:alt", alt)]
        twitter += [("twitter:image", image), ("twitter:image:alt", alt)]
    return ([{"attr": "property", "key": k, "content": v} for k, v in og if v]
            + [{"attr": "name", "key": k, "content": v} for k, v in twitter if v])


# ---------------------------------------------------------------- schema.org JSON-LD


def _address(project: Project) -> dict[str, str]:
    office = project.office
    return {"@type": "PostalAddress", "streetAddress": office.address,
            "addressLocality": office.place, "addressRegion": office.province,
            "addressCountry": COUNTRY}


def _known_contacts(project: Project) -> dict[str, str]:
    """Office phone and e-mail, leaving out placeholders ("0233 3xxx xxx") nobody can call."""
    office = project.office
    placeholders = {problem.field for problem in placeholder_contacts(project)}
    known = {}
    if office.phone and "office.phone" not in placeholders:
        known["telephone"] = office.phone
    if office.email and "office.email" not in placeholders:
        known["email"] = office.email
    return known


def provider(project: Project) -> dict[str, Any]:
    """The commune's People's Committee as a schema.org GovernmentOrganization."""
    office = project.office
    data: dict[str, Any] = {"@type": "GovernmentOrganization", "name": office.name,
                            "alternateName": office.short_name}
    if "office.address" not in {p.field for p in placeholder_contacts(project)}:
        data["address"] = _address(project)
    data.update(_known_contacts(project))
    website = office.website or project.settings.site_url
    if website:
        data["url"] = website
    if office.parent:
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": office.parent}
    return data


def area_served(project: Project) -> dict[str, Any]:
    office = project.office
    return {"@type": "AdministrativeArea", "name": office.place,
            "containedInPlace": {"@type": "AdministrativeArea", "name": office.province}}


def channels(project: Project, procedure: Procedure) -> list[dict[str, Any]]:
    """Where the procedure can be done: the portal (with its URL), the desk, the post."""
    portal, office = project.portal, project.office
    places = {"portal": portal.name, "desk": office.one_stop_desk}
    contacts = _known_contacts(project)
    result: list[dict[str, Any]] = []
    for where in procedure.where:
        channel: dict[str, Any] = {"@type": "ServiceChannel",
                                   "name": L.WHERE[where].format(**places),
                                   "availableLanguage": LANGUAGE}
        if where == "online":
            channel["serviceUrl"] = project.procedure_url(procedure)
        elif where == "one_stop_desk":
            channel["serviceLocation"] = {"@type": "GovernmentOffice",
                                          "name": office.one_stop_desk,
                                          "address": _address(project)}
            if "telephone" in contacts:
                channel["servicePhone"] = {"@type": "ContactPoint",
                                           "telephone": contacts["telephone"]}
        else:
            channel["servicePostalAddress"] = {**_address(project), "name": office.one_stop_desk}
        result.append(channel)
    return result


def offer(procedure: Procedure) -> dict[str, Any]:
    """The fee in VND (0 when free); the note says e.g. the lower fee for online filing.

    A fee the province sets without a known amount has no price, only the description."""
    fee = procedure.fee
    if fee.amount is None:
        said = fee_set_by(fee.set_by)
        return {"@type": "Offer", "priceCurrency": CURRENCY,
                "description": f"{said}. {fee.note}" if fee.note else said}
    data: dict[str, Any] = {"@type": "Offer", "price": fee.amount, "priceCurrency": CURRENCY}
    if fee.note:
        data["description"] = fee.note
    return data


def government_service(project: Project, procedure: Procedure,
                       use_directory_urls: bool = True) -> dict[str, Any]:
    """schema.org GovernmentService for one procedure (https://schema.org/GovernmentService)."""
    p = procedure
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "GovernmentService",
        "name": p.name,
        "description": p.summary,
        "identifier": p.code,
        "serviceType": p.field,
        "provider": provider(project),
        "areaServed": area_served(project),
        "availableChannel": channels(project, p),
        "offers": offer(p),
    }
    url = absolute(project, page_path(p.code, use_directory_urls))
    data["url"] = url or project.procedure_url(p)
    if p.audience:
        data["audience"] = {"@type": "Audience", "audienceType": p.audience}
    if p.keywords:
        data["alternateName"] = list(p.keywords)
    return data


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json"> element, safe inside HTML.

    `<`, `>` and `&` become \\u escapes, so no catalogue text ("</script>", "<!--") can end
    the element or open markup; JSON parsers read the escapes back as the same characters.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


# ---------------------------------------------------------------- share button


def share_button(project: Project, procedure: Procedure, use_directory_urls: bool = True) -> str:
    """A link to the page itself that theme JavaScript turns into share / copy-link.

    Without JavaScript it stays a plain link (a long press copies its address). The
    absolute URL is used when site_url is known; otherwise the script shares the address
    the visitor is looking at.
    """
    p = procedure
    url = absolute(project, page_path(p.code, use_directory_urls)) or ""
    own = "./" if use_directory_urls else page_path(p.code, False).rsplit("/", 1)[-1]
    attrs = {
        "class": "md-button outreach-share__button",
        "href": url or own,
        "data-share-url": url,
        "data-share-title": p.name,
        "data-share-text": p.summary,
        "data-copied": L.SHARE_COPIED,
        "data-failed": L.SHARE_COPY_FAILED,
        "aria-label": L.SHARE_LABEL,
    }
    rendered = " ".join(f'{k}="{escape_attr(v)}"' for k, v in attrs.items())
    return (f'<p class="outreach-share"><a {rendered}>{escape_attr(L.SHARE)}</a> '
            '<span class="outreach-share__status" role="status"></span></p>\n\n')


__all__ = ["absolute", "government_service", "json_ld", "page_path", "share_button",
           "social_tags"]
