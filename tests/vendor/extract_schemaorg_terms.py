"""Write schemaorg-terms.json: the schema.org types and properties outreach's JSON-LD uses.

Run after adding a term to site/share.py (needs a schema.org release file, not the network):

    python tests/vendor/extract_schemaorg_terms.py schemaorg-current-https.jsonld 30.0

The release file is `data/releases/<version>/schemaorg-current-https.jsonld` in the
schemaorg/schemaorg repository (also served at https://schema.org/version/latest/).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

TYPES = ("GovernmentService", "GovernmentOrganization", "GovernmentOffice", "PostalAddress",
         "AdministrativeArea", "ServiceChannel", "ContactPoint", "Offer", "Audience",
         "Text", "URL", "Number", "Integer")
PROPERTIES = ("name", "description", "identifier", "url", "alternateName", "serviceType",
              "provider", "areaServed", "availableChannel", "offers", "audience",
              "audienceType", "address", "telephone", "email", "parentOrganization",
              "streetAddress", "addressLocality", "addressRegion", "addressCountry",
              "containedInPlace", "availableLanguage", "serviceUrl", "serviceLocation",
              "servicePhone", "servicePostalAddress", "price", "priceCurrency")
OUT = Path(__file__).with_name("schemaorg-terms.json")


def ids(value) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return sorted(item["@id"].removeprefix("schema:") for item in items
                  if item["@id"].startswith("schema:"))


def main(source: Path, version: str) -> None:
    raw = source.read_bytes()
    graph = {node["@id"].removeprefix("schema:"): node
             for node in json.loads(raw)["@graph"] if node["@id"].startswith("schema:")}

    def superclasses(name: str) -> list[str]:
        seen: list[str] = []
        todo = ids(graph[name].get("rdfs:subClassOf"))
        while todo:
            parent = todo.pop(0)
            if parent not in seen:
                seen.append(parent)
                todo += ids(graph[parent].get("rdfs:subClassOf"))
        return sorted(seen)

    types = {name: {"superclasses": superclasses(name)} for name in TYPES}
    properties = {name: {"domains": ids(graph[name].get("schema:domainIncludes")),
                         "ranges": ids(graph[name].get("schema:rangeIncludes"))}
                  for name in PROPERTIES}
    data = {"source": f"schemaorg/schemaorg data/releases/{version}/"
                      "schemaorg-current-https.jsonld",
            "version": version, "sha256": hashlib.sha256(raw).hexdigest(),
            "types": types, "properties": properties}
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
