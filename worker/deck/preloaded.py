"""python-pptx opening a deck from parts already inflated, instead of inflating the zip again.

Opening checks every zip member's data and CRC (worker/deck/archive.py), which inflates each one;
python-pptx then opened the same zip and inflated every member once more. Here it is given the
bytes the check kept. Everything else is python-pptx's own loading (content types, relationships,
part classes); only where the bytes come from differs. Relies on python-pptx 1.0's loader classes
(pinned in pyproject.toml).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import IO, Any

import pptx.opc.package
import pptx.oxml
import pptx.presentation
from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.package import Part, PartFactory, XmlPart, _PackageLoader, _Relationship, _Relationships
from pptx.opc.packuri import PACKAGE_URI, PackURI
from pptx.opc.serialized import PackageReader, _PhysPkgReader
from pptx.oxml import parse_xml
from pptx.package import Package
from pptx.parts.presentation import PresentationPart
from pptx.util import lazyproperty

from worker.deck import repair, table_rows
from worker.deck.xml import safe_parser

log = logging.getLogger(__name__)

# python-pptx parses every part with this module-level parser (pptx.oxml.parse_xml reads the name
# when called): the same options and element classes, with ours on top (deep nesting, no network).
_PYTHON_PPTX_PARSER = safe_parser(remove_blank_text=True)
_PYTHON_PPTX_PARSER.set_element_class_lookup(pptx.oxml.element_class_lookup)
pptx.oxml.oxml_parser = _PYTHON_PPTX_PARSER
# Every XML part python-pptx loads (XmlPart.load, here or in its own loader) is parsed through
# table_rows.parse_part: the same parse, but a very large table's rows are kept as serialized
# blocks rather than ~2.7 KB of nodes a cell (worker/deck/table_rows.py).
pptx.opc.package.parse_xml = table_rows.parse_part  # type: ignore[assignment]  # (a function of its own)

# The main part's content types python-pptx accepts (pptx.api.Presentation's check).
_PRESENTATION_TYPES = (CT.PML_PRESENTATION_MAIN, CT.PML_PRES_MACRO_MAIN)


def load_presentation(source: IO[bytes], blobs: dict[str, bytes]) -> pptx.presentation.Presentation:
    """``pptx.Presentation(source)`` with the zip members' bytes (member name -> bytes) given."""
    part = _Package(source, _Blobs(blobs))._load().main_document_part
    if part.content_type not in _PRESENTATION_TYPES:
        raise ValueError(f"file '{source}' is not a PowerPoint file, content type is '{part.content_type}'")
    assert isinstance(part, PresentationPart)  # python-pptx's part class for those content types
    return part.presentation


class _Blobs(_PhysPkgReader):
    """The members by part name, as python-pptx's zip reader holds them after reading them all."""

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self._blobs = {PackURI(f"/{name}"): blob for name, blob in blobs.items()}

    def __contains__(self, pack_uri: object) -> bool:
        return pack_uri in self._blobs

    def __getitem__(self, pack_uri: PackURI) -> bytes:
        if pack_uri not in self._blobs:
            raise KeyError(f"no member '{pack_uri}' in package")
        return self._blobs[pack_uri]


class _Reader(PackageReader):
    def __init__(self, source: IO[bytes], blobs: _Blobs) -> None:
        super().__init__(source)
        self._given = blobs

    @property
    def _blob_reader(self) -> _PhysPkgReader:
        return self._given


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# The options python-pptx's parser is given below (_PYTHON_PPTX_PARSER), without its element
# classes: what it accepts or refuses, this does too.
_RELS_PARSER = safe_parser(remove_blank_text=True)


@dataclass(frozen=True)
class _Rel:
    """A <Relationship> as python-pptx's loader reads it (CT_Relationship's four attributes)."""

    rId: str  # noqa: N815 (python-pptx's attribute names)
    reltype: str
    target_ref: str
    targetMode: str  # noqa: N815


@dataclass(frozen=True)
class _Rels:
    """A relationships part as python-pptx's loader reads it (CT_Relationships.relationship_lst)."""

    relationship_lst: list[_Rel] = field(default_factory=list)


_NO_RELS = _Rels()


# Parts a conversion reads only when a slide draws from them or notes pages are made: a deck's
# layouts (slides use a few of them: 129 of the corpus's 752), notes, the notes master, the
# document properties (read from the zip by worker/deck/package.py). Their XML is parsed when first
# read instead of when the deck opens; over the corpus 1,000 of 1,800 parts were never read.
_PARSED_WHEN_READ = frozenset((CT.PML_SLIDE_LAYOUT, CT.PML_NOTES_SLIDE, CT.PML_NOTES_MASTER, CT.OPC_CORE_PROPERTIES))


class _ParsedWhenRead:
    """An XmlPart's ``_element`` parsed from the part's bytes when first read. Bytes that are not
    well-formed give the empty stand-in of the part's kind (worker/deck/repair.py), as opening such
    a deck gave before (there python-pptx failed on them and the deck was loaded again with
    stand-ins): the slides drawn from the part say what they were drawn without."""

    def __get__(self, part: Any, owner: type | None = None) -> Any:
        if part is None:
            return self
        state = part.__dict__
        element = state.get("_parsed")
        if element is None:
            blob, stand_in = state.pop("_unparsed")
            try:
                element = table_rows.parse_part(blob)
            except etree.XMLSyntaxError as exc:
                log.warning("part %s is unreadable (%s); an empty one stands in", part.partname, exc)
                element = pptx.oxml.parse_xml(stand_in)
            state["_parsed"] = element
        return element

    def __set__(self, part: Any, element: Any) -> None:
        part.__dict__["_parsed"] = element
        part.__dict__.pop("_unparsed", None)


_PARSED_WHEN_READ_CLASSES: dict[type[Part], type[Part]] = {}


def _parsed_when_read(cls: type[XmlPart]) -> type[Part]:
    """A subclass of python-pptx's part class ``cls`` whose XML is parsed when first read."""
    found = _PARSED_WHEN_READ_CLASSES.get(cls)
    if found is None:
        found = type(cls.__name__, (cls,), {"_element": _ParsedWhenRead(), "__module__": cls.__module__})
        _PARSED_WHEN_READ_CLASSES[cls] = found
    return found


def _part(partname: PackURI, content_type: str, package: Package, blob: bytes) -> Part:
    """PartFactory's part, with the XML of the kinds above left unparsed until read."""
    cls = PartFactory._part_cls_for(content_type)
    stand_in = repair.stand_in_for(content_type, repair.DAMAGED_XML) if content_type in _PARSED_WHEN_READ else None
    if stand_in is None or not issubclass(cls, XmlPart):
        return PartFactory(partname, content_type, package, blob)
    lazy = _parsed_when_read(cls)
    part = lazy.__new__(lazy)
    Part.__init__(part, partname, content_type, package)
    part.__dict__["_unparsed"] = (blob, stand_in)
    return part


# Content types by extension for parts [Content_Types].xml leaves out: pandoc copies a reference
# deck's embedded fonts (.fntdata) without a Default for them, and LibreOffice and PowerPoint (after
# its repair) open such decks. Anything else is kept as bytes.
_TYPES_BY_EXTENSION = {
    "fntdata": "application/x-fontdata",
    "odttf": "application/vnd.openxmlformats-officedocument.obfuscatedFont",
    "ttf": "application/x-font-ttf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "emf": "image/x-emf",
    "wmf": "image/x-wmf",
    "svg": "image/svg+xml",
    "xml": "application/xml",
}


def _content_type(content_types: Any, partname: PackURI) -> str:
    """The part's content type from [Content_Types].xml, else one its extension implies."""
    try:
        return str(content_types[partname])
    except KeyError:
        found = _TYPES_BY_EXTENSION.get(partname.ext.lower(), "application/octet-stream")
        log.info("%s has no content type in [Content_Types].xml; read as %s", partname, found)
        return found


class _Loader(_PackageLoader):
    def __init__(self, source: IO[bytes], package: Package, blobs: _Blobs) -> None:
        super().__init__(source, package)
        self._reader = _Reader(source, blobs)

    @property
    def _package_reader(self) -> PackageReader:
        return self._reader

    def _load(self) -> tuple[Any, dict[PackURI, Part]]:
        # _PackageLoader._load, each part's relationships loaded by _load_rels.
        parts, xml_rels = self._parts, self._xml_rels
        for partname, part in parts.items():
            _load_rels(part._rels, partname.baseURI, xml_rels[partname], parts, self._partname)
        return xml_rels[PACKAGE_URI], parts

    def _partname(self, base_uri: str, target_ref: str) -> PackURI:
        """PackURI.from_rel_ref, worked out once per base and target: the slides of a deck name the
        same layouts and pictures, and every relationship is resolved twice (walk, then load)."""
        key = (base_uri, target_ref)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = PackURI.from_rel_ref(base_uri, target_ref)
        return found

    @lazyproperty
    def _resolved(self) -> dict[tuple[str, str], PackURI]:
        return {}

    @lazyproperty
    def _xml_rels(self) -> dict[PackURI, Any]:
        # _PackageLoader._xml_rels (the relationships of every part reached from the package,
        # depth-first), with targets resolved by _partname.
        xml_rels: dict[PackURI, Any] = {}

        def load_rels(source: PackURI, rels: Any) -> None:
            xml_rels[source] = rels
            base_uri = source.baseURI
            for rel in rels.relationship_lst:
                if rel.targetMode == RTM.EXTERNAL:
                    continue
                target = self._partname(base_uri, rel.target_ref)
                if target not in xml_rels:
                    load_rels(target, self._xml_rels_for(target))

        load_rels(PACKAGE_URI, self._xml_rels_for(PACKAGE_URI))
        return xml_rels

    @lazyproperty
    def _parts(self) -> dict[PackURI, Part]:
        # _PackageLoader._parts, with _part for PartFactory.
        content_types = self._content_types
        reader = self._package_reader
        return {
            partname: _part(partname, _content_type(content_types, partname), self._package, reader[partname])
            for partname in (p for p in self._xml_rels if p != "/")
            if partname in reader
        }

    def _xml_rels_for(self, partname: PackURI) -> Any:
        """The relationships of ``partname`` as python-pptx's loader reads them, without building
        its element classes: the loader only reads each relationship's Id, Type, Target and
        TargetMode, once to walk the package and once to link the parts, and discards the XML.
        Anything else (not well-formed, another root, a relationship missing an attribute) is
        left to python-pptx's own parse, which raises or reads it as before."""
        rels_xml = self._package_reader.rels_xml_for(partname)
        if rels_xml is None:
            return _NO_RELS
        try:
            root = etree.fromstring(rels_xml, _RELS_PARSER)
        except etree.XMLSyntaxError:
            root = None
        if root is not None and root.tag == f"{_RELS}Relationships":
            found = []
            for el in root.iterchildren(f"{_RELS}Relationship"):
                rid, reltype, target = el.get("Id"), el.get("Type"), el.get("Target")
                if rid is None or reltype is None or target is None:
                    break
                found.append(_Rel(rid, reltype, target, el.get("TargetMode", "Internal")))
            else:
                return _Rels(found)
        return parse_xml(rels_xml)


def _load_rels(rels: _Relationships, base_uri: str, xml_rels: Any, parts: dict[PackURI, Part], partname: Any) -> None:
    """_Relationships.load_from_xml with targets resolved by ``partname`` (base, target) -> PackURI:
    internal relationships to parts not in the package are left out; the others kept in order."""
    loaded: dict[str, _Relationship] = {}
    for rel in xml_rels.relationship_lst:
        if rel.targetMode == RTM.INTERNAL and partname(base_uri, rel.target_ref) not in parts:
            continue
        target = rel.target_ref if rel.targetMode == RTM.EXTERNAL else parts[partname(base_uri, rel.target_ref)]
        loaded[rel.rId] = _Relationship(base_uri, rel.rId, rel.reltype, rel.targetMode, target)
    rels._rels.clear()
    rels._rels.update(loaded)


class _Package(Package):
    def __init__(self, source: IO[bytes], blobs: _Blobs) -> None:
        super().__init__(source)
        self._given = blobs

    def _load(self) -> _Package:
        # OpcPackage._load, with the loader reading the given bytes.
        pkg_xml_rels, parts = _Loader(self._pkg_file, self, self._given)._load()  # type: ignore[arg-type]
        self._rels.load_from_xml(PACKAGE_URI, pkg_xml_rels, parts)
        return self
