"""A batch manifest: who is who in a reviewer's batch (docs/manifest.md).

One entry per body, as YAML or as a CSV table a reviewer keeps in Excel or WPS:

    bodies:
      - name: 拱墅区人民政府
        aliases: [杭州市拱墅区人民政府, 拱墅区政府]
        own_office: included        # its report adds its own office's figures to its children's
      - name: 康桥街道
        aliases: [康桥街道办事处]
        parent: 拱墅区人民政府
        files: {2020: 2020/kangqiao.pdf}   # which file is this body's report of which year

    body,aliases,parent,own_office,year,file        (CSV: one row per body, or per body and year)
    康桥街道,康桥街道办事处,拱墅区人民政府,,2020,2020/kangqiao.pdf

``aliases`` are other ways the body is written; ``files`` say which file is which body
and year when the document does not say (or says it wrongly). ``parent`` builds the
hierarchy whose roll-up the ``roll_up`` rules check: a parent's figures are the sum of its
children's (``own_office: separate``, the default: the parent's own office has its own
report among the children) or at least that sum (``own_office: included``: the
parent's report also counts its own office, which reports nowhere else).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gkaudit.errors import GkauditError
from gkaudit.text import compact
from gkaudit.yamlio import yaml_list

OwnOffice = Literal["separate", "included"]
OWN_OFFICE: tuple[OwnOffice, ...] = ("separate", "included")
MAX_MANIFEST_BYTES = 8 << 20  # tens of thousands of bodies fit in a few megabytes
_KEYS = ("name", "aliases", "parent", "own_office", "files")
_CSV_COLUMNS = ("body", "aliases", "parent", "own_office", "year", "file")
_ALIAS_SEPARATORS = re.compile(r"[;；、|]")


class ManifestError(GkauditError):
    """A manifest that cannot be read, or an entry that is not a valid body."""

    code = "manifest.invalid"


def normalised(name: str) -> str:
    """A body's name as compared: full-width forms folded, spaces removed."""
    return compact(name)


@dataclass(frozen=True)
class Body:
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    own_office: OwnOffice = "separate"
    files: tuple[tuple[int, Path], ...] = ()  # (year, file), paths relative to the working directory


@dataclass(frozen=True)
class Manifest:
    path: Path
    bodies: tuple[Body, ...]
    _by_name: dict[str, Body] = field(default_factory=dict, compare=False, repr=False)
    _by_file: dict[Path, tuple[Body, int]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for body in self.bodies:
            for name in (body.name, *body.aliases):
                self._by_name[normalised(name)] = body
            for year, file in body.files:
                self._by_file[file.resolve()] = (body, year)

    def body_named(self, name: str) -> Body | None:
        """The body a name denotes: by its name or an alias, or written with more in front
        (杭州市拱墅区康桥街道 for 康桥街道; four characters at least, the longest wins)."""
        written = normalised(name)
        for start in range(max(len(written) - 3, 1)):
            body = self._by_name.get(written[start:])
            if body is not None:
                return body
        return None

    def canonical(self, name: str) -> str:
        """The body's name as the manifest writes it, through its aliases; else as given."""
        body = self.body_named(name)
        return body.name if body is not None else name

    def identify(self, path: str, body: str, year: int | None) -> tuple[str, int | None]:
        """A report's body and year: the manifest's entry for its file wins over the
        document, and a name is given its canonical spelling."""
        entry = self._by_file.get(Path(path).resolve())
        if entry is not None:
            return entry[0].name, entry[1]
        return self.canonical(body), year

    def children(self, parent: str) -> tuple[Body, ...]:
        return tuple(body for body in self.bodies if body.parent == parent)

    def parents(self) -> tuple[Body, ...]:
        """The bodies that have children, in manifest order."""
        named = {body.parent for body in self.bodies if body.parent}
        return tuple(body for body in self.bodies if body.name in named)

    def in_hierarchy(self, name: str) -> bool:
        body = self.body_named(name)
        return body is not None and (body.parent is not None or bool(self.children(body.name)))


def load_manifest(path: Path) -> Manifest:
    """A manifest file, YAML or CSV (by its extension), validated: every parent named is
    a body of the manifest, and no body is its own ancestor."""
    text = _read(path)
    entries = _csv_entries(path, text) if path.suffix.lower() == ".csv" else _yaml_entries(path, text)
    bodies = _merged(path, entries)
    _check_hierarchy(path, bodies)
    return Manifest(path, tuple(bodies))


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()[: MAX_MANIFEST_BYTES + 1]
    except OSError as exc:
        raise ManifestError(str(path), "", f"cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(str(path), "", f"is larger than {MAX_MANIFEST_BYTES >> 20} MiB; is it a manifest?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(str(path), f"byte {exc.start}", "is not UTF-8 text (save it as UTF-8, CSV UTF-8 in Excel)") from exc


def _yaml_entries(path: Path, text: str) -> list[tuple[str, Body]]:
    nodes = yaml_list(path, text, "bodies", ManifestError)
    return [(f"bodies[{i}]", _yaml_body(path, f"bodies[{i}]", node)) for i, node in enumerate(nodes)]


def _yaml_body(path: Path, where: str, node: object) -> Body:
    if not isinstance(node, dict):
        raise ManifestError(str(path), where, "each body must be a mapping (name:, aliases:, parent:, …)")
    unknown = [key for key in node if key not in _KEYS]
    if unknown:
        raise ManifestError(str(path), f"{where}.{unknown[0]}", f"unknown key; expected some of {', '.join(_KEYS)}")
    name = _text(path, f"{where}.name", node.get("name"), required=True)
    aliases = node.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ManifestError(str(path), f"{where}.aliases", "expected a list of names")
    files = node.get("files") or {}
    if not isinstance(files, dict):
        raise ManifestError(str(path), f"{where}.files", "expected a mapping of year to file, e.g. {2020: 2020/report.pdf}")
    return Body(
        name=name, aliases=tuple(a.strip() for a in aliases if a.strip()),
        parent=_text(path, f"{where}.parent", node.get("parent")) or None,
        own_office=_own_office(path, f"{where}.own_office", node.get("own_office")),
        files=tuple((_year(path, f"{where}.files", year), _file(path, f"{where}.files.{year}", file)) for year, file in files.items()),
    )


def _csv_entries(path: Path, text: str) -> list[tuple[str, Body]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in _CSV_COLUMNS]
    if "body" not in header or unknown:
        raise ManifestError(str(path), "line 1", f"expected the columns {', '.join(_CSV_COLUMNS)} (body is required)"
                            + (f"; unknown column {unknown[0]!r}" if unknown else ""))
    entries = []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        where = f"line {line}"
        if not any(row.values()):
            continue
        name = _text(path, f"{where}, body", row.get("body"), required=True)
        year, file = row.get("year", ""), row.get("file", "")
        if bool(year) != bool(file):
            raise ManifestError(str(path), where, "year and file go together: which file is this body's report of which year")
        entries.append((where, Body(
            name=name, aliases=tuple(a.strip() for a in _ALIAS_SEPARATORS.split(row.get("aliases", "")) if a.strip()),
            parent=row.get("parent") or None, own_office=_own_office(path, f"{where}, own_office", row.get("own_office") or None),
            files=((_year(path, f"{where}, year", year), _file(path, f"{where}, file", file)),) if file else (),
        )))
    return entries


def _merged(path: Path, entries: list[tuple[str, Body]]) -> list[Body]:
    """One body per name: a CSV repeats a body on each year's row; its other columns must agree."""
    merged: dict[str, Body] = {}
    for where, body in entries:
        earlier = merged.get(body.name)
        if earlier is None:
            merged[body.name] = body
            continue
        for attribute in ("parent", "own_office"):
            mine, theirs = getattr(body, attribute), getattr(earlier, attribute)
            if mine != theirs and mine not in (None, "separate"):
                raise ManifestError(str(path), where, f"{body.name}: {attribute} {mine!r} differs from {theirs!r} given before")
        merged[body.name] = Body(body.name, tuple(dict.fromkeys(earlier.aliases + body.aliases)), earlier.parent or body.parent,
                                 earlier.own_office if body.own_office == "separate" else body.own_office,
                                 earlier.files + body.files)
    return list(merged.values())


def _check_hierarchy(path: Path, bodies: list[Body]) -> None:
    names = {body.name for body in bodies}
    parents = {body.name: body.parent for body in bodies}
    seen: dict[str, str] = {}
    for body in bodies:
        for name in (body.name, *body.aliases):
            other = seen.setdefault(normalised(name), body.name)
            if other != body.name:
                raise ManifestError(str(path), body.name, f"the name {name!r} is given to {other} as well")
        if body.parent is not None and body.parent not in names:
            raise ManifestError(str(path), body.name, f"parent {body.parent!r} is not a body of the manifest (add it with its own entry)")
        ancestor, steps = body.parent, 0
        while ancestor is not None:
            steps += 1
            if ancestor == body.name or steps > len(bodies):
                raise ManifestError(str(path), body.name, "is its own ancestor: the parents form a loop")
            ancestor = parents.get(ancestor)


def _text(path: Path, where: str, value: object, required: bool = False) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ManifestError(str(path), where, "is required")
        return ""
    if not isinstance(value, str):
        raise ManifestError(str(path), where, f"expected a name, got {value!r}")
    return value.strip()


def _own_office(path: Path, where: str, value: object) -> OwnOffice:
    if value is None:
        return "separate"
    if value not in OWN_OFFICE:
        raise ManifestError(str(path), where, f"expected separate or included, got {value!r}")
    return value  # type: ignore[return-value]


def _year(path: Path, where: str, value: object) -> int:
    try:
        year = int(str(value))
    except ValueError:
        raise ManifestError(str(path), where, f"expected a year, got {value!r}") from None
    if not 1900 <= year <= 2200:
        raise ManifestError(str(path), where, f"expected a year, got {value!r}")
    return year


def _file(path: Path, where: str, value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(str(path), where, f"expected a file path, got {value!r}")
    return path.parent / value.strip()  # relative to the manifest, as a reviewer writes it
