"""Letter templates prepared once per run: docxtpl's own steps without repeating the fixed work.

docxtpl fills a letter by opening the whole .docx package (python-docx parses every XML part),
cleaning the body's XML for Jinja (`patch_xml`, a dozen regular expressions), compiling that
XML as a Jinja template, rendering it, and saving the package (every part serialised and
deflated again). For 200 letters of seven kinds, everything but the rendering is the same work
done 200 times. Here a template is opened, cleaned and compiled once (`PreparedTemplate`, one
per template file and logo), and a letter is the rendering alone: docxtpl's own methods in the
order of `DocxTemplate.render` (body, tables, picture ids, headers, footers, footnotes), the
body put into the template's document part only to serialise it, and every other member of the
package copied as stored from one save of the prepared package. The result is the file docxtpl
writes, part for part (tests/test_letters_compiled.py compares both for every kind, an office's
own template, a logo, headers, footers and footnotes). A template this does not cover (Jinja
tags in the document properties, a docxtpl without these methods) is not prepared
(`prepare` returns None) and is filled by docxtpl as before.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, Template

from sheets.xlsx_package import PackageWriter

# What DocxTemplate.render calls, in its order; without any of them this docxtpl is not the one
# the steps below follow, and its own render is used.
_STEPS = ("render_init", "get_xml", "patch_xml", "render_xml_part", "fix_tables", "fix_docpr_ids",
          "get_headers_footers", "get_part_xml", "get_headers_footers_encoding", "render_properties",
          "render_footnotes", "HEADER_URI", "FOOTER_URI")
_LISTING = re.compile("[\t\a\n\f]")
# The document properties DocxTemplate.render_properties renders as Jinja.
_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


class CompilingEnvironment(Environment):
    """The letters' Jinja environment (autoescape, StrictUndefined) compiling each template
    source once: docxtpl asks `from_string` for it again on every letter."""

    MAX_TEMPLATES = 256  # a source that changes per letter (a second footnotes pass) must not grow it

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Template:  # noqa: A002
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= self.MAX_TEMPLATES:
                self._compiled.clear()
            template = self._compiled[source] = super().from_string(source)
        return template


@dataclass(frozen=True)
class RenderedLetter:
    """One letter: the package members that differ from the template's, and the document
    (python-docx, read back from the serialised body) for its plain-text twin."""

    members: Mapping[str, bytes]
    document: DocxDocument


class PreparedTemplate:
    """One template opened, cleaned and compiled; `render` fills it, `write` saves a letter."""

    def __init__(self, tpl: DocxTemplate, env: CompilingEnvironment) -> None:
        self.env = env
        self.tpl = tpl
        # resolve_listing turns tabs, line breaks, \a and \f in the text into Word's elements and
        # changes nothing else: without any of them its three regular expressions over every
        # paragraph return the input (most letters have none)
        resolve = tpl.resolve_listing
        tpl.resolve_listing = lambda xml: resolve(xml) if _LISTING.search(xml) else xml
        doc = tpl.docx
        self.part = doc.part
        self.body = tpl.patch_xml(tpl.get_xml())
        # headers, then footers, as DocxTemplate.render does them
        self.headers: list[tuple[Any, str, str]] = []
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _rel, part in tpl.get_headers_footers(uri):
                xml = tpl.get_part_xml(part)
                self.headers.append((part, tpl.patch_xml(xml), tpl.get_headers_footers_encoding(xml)))
        # render_footnotes renders every footnotes part once per section, each pass over the last
        self.passes = len(doc.sections)
        self.footnotes: list[tuple[Any, str]] = []
        for part in doc.part.package.parts:
            if part.content_type == CONTENT_TYPE.WML_FOOTNOTES:
                blob = part.blob
                self.footnotes.append((part, tpl.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes) else blob)))
        # the properties hold no Jinja (checked by `prepare`): rendered once, the same for every letter
        tpl.render_properties({}, env)
        self._snapshot()

    def _state(self) -> tuple[Any, ...]:
        package = self.part.package
        return (len(package.rels), *((p.partname, len(p.rels)) for p in package.iter_parts()))

    def _snapshot(self) -> None:
        """Save the prepared package once: the members every letter copies as they are. Taken
        again when a letter added a part (a logo picture, the first time it is used)."""
        buf = io.BytesIO()
        self.tpl.docx.save(buf)
        self.saved = buf
        self.infos = zipfile.ZipFile(buf).infolist()
        self.state = self._state()

    def render(self, context: Mapping[str, Any]) -> RenderedLetter:
        """Fill the template (docxtpl's steps, in its order); raises what docxtpl raises."""
        tpl, env = self.tpl, self.env
        tpl.pic_map, tpl.current_rendering_part, tpl.docx_ids_index = {}, None, 1000  # as render_init
        xml = tpl.render_xml_part(self.body, self.part, context, env)
        tree = tpl.fix_tables(xml)
        tpl.fix_docpr_ids(tree)
        members: dict[str, bytes] = {}
        for part, source, encoding in self.headers:
            xml = tpl.render_xml_part(source, part, context, env)
            # docxtpl loads the result as a new XML part: parsed, then serialised when saved
            members[part.partname.membername] = serialize_part_xml(parse_xml(xml.encode(encoding)))
        for part, source in self.footnotes:
            blob = tpl.render_xml_part(source, part, context, env).encode("utf-8")
            for _ in range(self.passes - 1):
                blob = tpl.render_xml_part(tpl.patch_xml(blob.decode("utf-8")), part, context, env).encode("utf-8")
            members[part.partname.membername] = blob
        if self._state() != self.state:
            self._snapshot()
        root = self.part.element
        template_body = root.body
        root.replace(template_body, tree)
        try:
            document = serialize_part_xml(root)
        finally:
            root.replace(tree, template_body)  # the next letter starts from the template again
        members[self.part.partname.membername] = document
        return RenderedLetter(members, DocxDocument(parse_xml(document), self.part))

    def write(self, letter: RenderedLetter, out: Path) -> None:
        """The .docx: the letter's own members deflated, every other member copied as stored."""
        with open(out, "wb") as f:
            writer = PackageWriter(f)
            for info in self.infos:
                blob = letter.members.get(info.filename)
                if blob is None:
                    writer.copy_raw(self.saved, info)
                else:
                    writer.add(info.filename, blob, date_time=info.date_time)
            writer.close()


def prepare(data: bytes, env: CompilingEnvironment) -> PreparedTemplate | None:
    """The template in `data` prepared, or None when docxtpl must fill it itself."""
    if not all(hasattr(DocxTemplate, step) for step in _STEPS):
        return None
    tpl = DocxTemplate(io.BytesIO(data))
    tpl.render_init()
    core = tpl.docx.core_properties
    if any("{" in (getattr(core, name) or "") for name in _PROPERTIES):
        return None  # properties rendered per letter: docxtpl's own render does that
    return PreparedTemplate(tpl, env)
