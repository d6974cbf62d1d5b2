"""Check W3C Web Annotations against the Working Group's "must" assertions.

The tests must not reach outside the repository, so the W3C Web Annotation Data
Model test assertions are vendored in ``w3c_model/`` (provenance and licence in
``w3c_model/LICENSE.md``) and run here by a small JSONtest runner of our own.

JSONtest, as used by the suite: a ``.test`` file lists assertions; each one is
a JSON Schema (draft-04) plus ``assertionType`` (must/should/may),
``expectedResult`` (valid/invalid) and ``onUnexpectedResult``
(``{fail,pass}And{Continue,Skip,Abort}``). A nested list is a sub-list with its
own skip scope; an object with ``assertions`` is a condition combining its
children with ``compareWith`` (and/or); an object with ``assertionFile`` reuses
a file with some keys overridden.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urldefrag, urljoin

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import SchemaError, best_match
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4

MODEL_DIR = Path(__file__).parent / "w3c_model"
MUSTS_TEST = "annotations/annotationMusts.test"

# One flat virtual folder for every schema: the suite's files name each other by
# bare file name ("id.json#/definitions/stringUri"), as in the flat namespace
# of the tool they were written for.
_BASE = "https://w3c-annotation-model.invalid/schemas/"

_SEVERITIES = ("must", "should", "may")
_EXPECTED = ("valid", "invalid")
_ACTIONS = tuple(f"{r}And{a}" for r in ("fail", "pass") for a in ("Continue", "Skip", "Abort"))


class SuiteError(RuntimeError):
    """The vendored suite is missing or malformed: a broken test set-up, never
    a verdict on the annotation being checked."""


# --- formats -------------------------------------------------------------------
# Draft-04 "format" is only enforced for formats the checker knows, and
# jsonschema's own "uri" and "date-time" checks silently pass unless optional
# packages are installed, so both formats the suite uses are defined here.

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")
_IRI_ASCII = frozenset(  # RFC 3986 unreserved, gen-delims and sub-delims
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;="
)
# RFC 3987 ucschar and iprivate: the non-ASCII code points an IRI may hold. Unicode
# spaces among them are refused as well: in an exported id they are always a bug.
_IRI_WIDE = (
    (0xA0, 0xD7FF),
    (0xE000, 0xF8FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((p << 16, (p << 16) + 0xFFFD) for p in range(1, 17)),
)
_DATE_TIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:[Zz]|[+-](\d\d):(\d\d))"
)


def _is_iri(value: object) -> bool:
    """Absolute IRI (RFC 3987), as annotation ids and sources are: a scheme, then
    only IRI characters (non-ASCII letters yes; spaces, controls, ``<>"{}|\\^```
    and non-characters no), well-formed ``%`` escapes and at most one ``#``."""
    if not isinstance(value, str):
        return True
    scheme = _SCHEME.match(value)
    if scheme is None or value.count("#") > 1:
        return False
    rest = value[scheme.end() :]
    if "%" in rest and "%" in _PCT.sub("", rest):
        return False
    for ch in rest:
        if ch in _IRI_ASCII or ch == "%":
            continue
        code = ord(ch)
        if ch.isspace() or not any(lo <= code <= hi for lo, hi in _IRI_WIDE):
            return False
    return True


def _is_date_time(value: object) -> bool:
    """RFC 3339 date-time: full date, ``T``, full time and a mandatory offset."""
    if not isinstance(value, str):
        return True
    m = _DATE_TIME.fullmatch(value)
    if m is None:
        return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    offset_ok = m.group(7) is None or (int(m.group(7)) < 24 and int(m.group(8)) < 60)
    return hour < 24 and minute < 60 and second <= 60 and offset_ok  # 60: leap second


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("uri")(_is_iri)
    checker.checks("date-time")(_is_date_time)
    return checker


# --- the compiled suite --------------------------------------------------------


@dataclass(frozen=True)
class _Meta:
    """What an assertion expects and what happens when that is not met."""

    name: str
    severity: str
    expect_valid: bool
    on_unexpected: str
    message: str

    @property
    def counts_as_pass(self) -> bool:
        return self.on_unexpected.startswith("pass")

    @property
    def stop(self) -> str | None:
        """``"skip"``/``"abort"`` when an unexpected result ends a list."""
        for word in ("Skip", "Abort"):
            if self.on_unexpected.endswith(word):
                return word.lower()
        return None


@dataclass(frozen=True)
class _Schema:
    meta: _Meta
    validator: Draft4Validator


@dataclass(frozen=True)
class _Condition:
    meta: _Meta
    any_of: bool
    children: tuple[_Node, ...]


@dataclass(frozen=True)
class _List:
    children: tuple[_Node, ...]


_Node = _Schema | _Condition | _List


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise SuiteError(f"cannot load {path}: {exc}") from None


def _clean(text: str) -> str:
    """The suite's messages carry markdown emphasis and an ``ERROR:`` prefix."""
    text = re.sub(r"\*\*|(?<!\w)_|_(?!\w)", "", text)
    text = re.sub(r"^\s*ERROR:\s*", "", text)
    return " ".join(text.split())


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key != "enum":
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


# What draft-04 validation reads. Everything else (titles, the suite's own keys,
# "$schema", "id", "definitions") is dropped from compiled schemas, which keeps
# the validator from re-examining them at every step.
_KEYWORDS = frozenset(Draft4Validator.VALIDATORS) | {"exclusiveMaximum", "exclusiveMinimum"}


class _Inliner:
    """Replaces every ``$ref`` by the schema it names, resolved once through the
    registry. Validation then does no URI work at all, which makes it about
    three times faster. Targets are shared, so a recursive definition becomes a cyclic
    dict that the validator follows only as deep as the instance goes."""

    _ONE = frozenset({"not", "additionalProperties", "additionalItems"})
    _MANY = frozenset({"allOf", "anyOf", "oneOf"})
    _MAPS = frozenset({"properties", "patternProperties", "dependencies"})

    def __init__(self, registry: Registry) -> None:
        self.resolver = registry.resolver()
        self.done: dict[tuple[str, str], Any] = {}

    def schema(self, node: Any, base: str) -> Any:
        """A copy of ``node`` with its subschemas inlined (draft-04 keywords)."""
        if not isinstance(node, dict):
            return node  # a boolean "additionalProperties", a "dependencies" list
        if isinstance(node.get("$ref"), str):  # draft-04: siblings of $ref are ignored
            return self.target(urljoin(base, node["$ref"]))
        if isinstance(node.get("id"), str):
            base = urljoin(base, node["id"])
        out = {k: v for k, v in node.items() if k in _KEYWORDS}
        for key, value in list(out.items()):
            if key in self._ONE or (key == "items" and isinstance(value, dict)):
                out[key] = self.schema(value, base)
            elif key in self._MANY or (key == "items" and isinstance(value, list)):
                out[key] = [self.schema(v, base) for v in value]
            elif key in self._MAPS and isinstance(value, dict):
                out[key] = {k: self.schema(v, base) for k, v in value.items()}
        return out

    def target(self, uri: str) -> Any:
        doc, fragment = urldefrag(uri)
        key = (doc, fragment)
        if key in self.done:
            return self.done[key]
        try:
            contents = self.resolver.lookup(uri).contents
        except Unresolvable:
            raise SuiteError(f"$ref {uri!r} does not resolve") from None
        if isinstance(contents, dict) and isinstance(contents.get("$ref"), str):
            self.done[key] = {}  # a cycle of bare $refs accepts anything, as in jsonschema
            self.done[key] = self.target(urljoin(doc, contents["$ref"]))
            return self.done[key]
        placeholder: dict = {}
        self.done[key] = placeholder
        placeholder.update(self.schema(contents, doc))
        return placeholder


class _Loader:
    """Reads a ``.test`` file and compiles every assertion it reaches."""

    def __init__(self, root: Path, *, inline: bool = True) -> None:
        self.root = root
        self.inline = inline
        definitions = sorted((root / "definitions").glob("*.json"))
        if not definitions:
            raise SuiteError(f"no definitions/*.json under {root}")
        resources = [(_BASE + p.name, self._resource(p, _read_json(p))) for p in definitions]
        self.registry: Registry = Registry().with_resources(resources).crawl()
        for uri, resource in resources:
            self._check_refs(uri, resource.contents, uri[len(_BASE) :])
        self.formats = _format_checker()
        self.count = 0

    @staticmethod
    def _resource(path: Path, contents: Any) -> Any:
        if not isinstance(contents, dict):
            raise SuiteError(f"{path} is not a JSON object")
        try:
            Draft4Validator.check_schema(contents)
        except SchemaError as exc:
            raise SuiteError(f"{path} is not a draft-04 schema: {exc.message}") from None
        return DRAFT4.create_resource(contents)

    def _check_refs(self, uri: str, schema: dict, where: str) -> None:
        """Fail at load time, not on some later input, if a ``$ref`` dangles."""
        resolver = self.registry.resolver(base_uri=uri)
        for ref in set(_refs(schema)):
            try:
                resolver.lookup(ref)
            except Unresolvable:
                raise SuiteError(f"{where}: $ref {ref!r} does not resolve") from None

    def load_test(self, test: str) -> tuple[_Node, ...]:
        path = self.root / test
        spec = _read_json(path)
        if not isinstance(spec, dict) or not isinstance(spec.get("assertions"), list):
            raise SuiteError(f"{path} has no 'assertions' list")
        return self._entries(spec["assertions"], path.parent, test)

    def _path(self, ref: str, here: Path) -> Path:
        """JSONtest paths: with a slash, relative to the suite root (a leading
        ``/annotation-model/`` names that root); without, to the ``.test`` file."""
        if "://" in ref:
            raise SuiteError(f"remote assertion {ref!r} is not supported")
        if ref.startswith("/"):
            ref = PurePosixPath(*PurePosixPath(ref).parts[2:]).as_posix()
        return self.root / ref if "/" in ref else here / ref

    def _entries(self, items: list, here: Path, where: str) -> tuple[_Node, ...]:
        if not items:
            raise SuiteError(f"{where}: empty assertion list")
        return tuple(self._entry(item, here, f"{where}[{i}]") for i, item in enumerate(items))

    def _entry(self, item: Any, here: Path, where: str) -> _Node:
        if isinstance(item, list):
            return _List(self._entries(item, here, where))
        if isinstance(item, str):
            path = self._path(item, here)
            if path.suffix == ".test":  # an included test: its list, inline
                return _List(self.load_test(path.relative_to(self.root).as_posix()))
            return self._schema(_read_json(path), path.stem)
        if not isinstance(item, dict):
            raise SuiteError(f"{where}: unsupported assertion entry {item!r:.60}")
        if "assertions" in item:
            if not isinstance(item["assertions"], list):
                raise SuiteError(f"{where}: 'assertions' must be a list")
            compare = item.get("compareWith", "and")
            if compare not in ("and", "or"):
                raise SuiteError(f"{where}: compareWith must be 'and' or 'or'")
            children = self._entries(item["assertions"], here, where)
            return _Condition(self._meta(item, where), compare == "or", children)
        if "assertionFile" in item:
            path = self._path(item["assertionFile"], here)
            base = _read_json(path)
            if not isinstance(base, dict):
                raise SuiteError(f"{path} is not a JSON object")
            overrides = {k: v for k, v in item.items() if k != "assertionFile"}
            return self._schema({**base, **overrides}, f"{path.stem} ({where})")
        return self._schema(item, where)

    def _meta(self, spec: dict, name: str) -> _Meta:
        def pick(key: str, default: str, allowed: tuple[str, ...]) -> str:
            value = spec.get(key, default)
            if value not in allowed:
                raise SuiteError(f"{name}: {key} is {value!r}, not one of {allowed}")
            return value

        severity = pick("assertionType", "must", _SEVERITIES)
        expected = pick("expectedResult", "valid", _EXPECTED)
        action = pick("onUnexpectedResult", "failAndContinue", _ACTIONS)
        text = spec.get("errorMessage") or spec.get("title") or f"result was not {expected}"
        return _Meta(name, severity, expected == "valid", action, _clean(str(text)))

    def _schema(self, schema: Any, name: str) -> _Schema:
        if not isinstance(schema, dict):
            raise SuiteError(f"{name}: assertion is not a JSON object")
        meta = self._meta(schema, name)
        # Registered without its own "id": the file names differ from some ids
        # and an id shared by two assertions (or with a definitions file) would
        # make the registry resolve one's "#/definitions/..." inside the other.
        schema = {k: v for k, v in schema.items() if k != "id"}
        self.count += 1
        uri = f"{_BASE}assertion-{self.count}.json"
        resource = self._resource(Path(name), schema)
        self.registry = self.registry.with_resource(uri, resource).crawl()
        self._check_refs(uri, schema, name)
        if self.inline:
            compiled = _Inliner(self.registry).target(uri)
            validator = Draft4Validator(compiled, format_checker=self.formats)
        else:  # resolve each $ref while validating: slower, kept to cross-check the inliner
            validator = Draft4Validator(
                {"$ref": uri}, registry=self.registry, format_checker=self.formats
            )
        return _Schema(meta, validator)


@functools.cache
def _suite(
    root: Path = MODEL_DIR, test: str = MUSTS_TEST, *, inline: bool = True
) -> tuple[_Node, ...]:
    """Load and compile once per process; checking is then pure validation."""
    return _Loader(root, inline=inline).load_test(test)


# --- evaluation ----------------------------------------------------------------


def _holds(node: _Node, instance: Any) -> bool:
    """Whether the schema (or condition) validates, before ``expectedResult``."""
    if isinstance(node, _Schema):
        try:
            return node.validator.is_valid(instance)
        except Unresolvable as exc:  # the registry was checked; this is a suite bug
            raise SuiteError(f"{node.meta.name}: {exc}") from None
    if isinstance(node, _Condition):
        results = (_passes(child, instance) for child in node.children)
        return any(results) if node.any_of else all(results)
    return all(_passes(child, instance) for child in node.children)


def _passes(node: _Node, instance: Any) -> bool:
    """A condition's child passes when its result was expected, or when its
    ``onUnexpectedResult`` says to report the surprise as a pass."""
    if isinstance(node, _List):
        return _holds(node, instance)
    return _holds(node, instance) == node.meta.expect_valid or node.meta.counts_as_pass


def _hint(node: _Node, instance: Any) -> str:
    """The most relevant schema error, for a readable failure line."""
    if not isinstance(node, _Schema) or not node.meta.expect_valid:
        return ""
    error = best_match(node.validator.iter_errors(instance))
    if error is None:
        return ""
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    return f" [at {where}: {message}]"


def _run(nodes: Sequence[_Node], instance: Any, failures: list[str]) -> str | None:
    """Run one list in order; return ``"skip"`` or ``"abort"`` if it was cut short."""
    for node in nodes:
        if isinstance(node, _List):
            if _run(node.children, instance, failures) == "abort":
                return "abort"
            continue
        if _holds(node, instance) == node.meta.expect_valid:
            continue
        if not node.meta.counts_as_pass and node.meta.severity == "must":
            failures.append(f"{node.meta.name}: {node.meta.message}{_hint(node, instance)}")
        if node.meta.stop:
            return node.meta.stop
    return None


def check_annotation(annotation: dict, *, context: object | None = None) -> list[str]:
    """One line per failed "must" assertion of ``annotationMusts.test``; empty
    when the annotation conforms. ``context`` is the ``@context`` of an
    enclosing page or collection, used when the annotation has none of its own."""
    if context is not None and isinstance(annotation, dict) and "@context" not in annotation:
        annotation = {"@context": context, **annotation}
    failures: list[str] = []
    _run(_suite(), annotation, failures)
    return failures


def _types(obj: dict) -> set[str]:
    value = obj.get("type", obj.get("@type"))
    values = value if isinstance(value, list) else [value]
    return {v for v in values if isinstance(v, str)}


def _members(data: dict | list) -> tuple[list, object | None]:
    """The annotations a document holds, and the ``@context`` they inherit."""
    if isinstance(data, list):
        return data, None
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object or array, got {type(data).__name__}")
    types, context = _types(data), data.get("@context")
    if "Annotation" in types:
        return [data], None
    if "AnnotationCollection" in types or "first" in data:
        first = data.get("first")
        if isinstance(first, dict):
            page_context = first.get("@context", context)
            items = first.get("items")
            if not isinstance(items, list):
                raise ValueError("the collection's first page has no 'items' list")
            return items, page_context
        if isinstance(data.get("items"), list):
            return data["items"], context
        if first is None:
            return [], None
        raise ValueError(f"the collection's first page is a link ({first!r:.60}), not embedded")
    if "AnnotationPage" in types or "items" in data:
        if not isinstance(data.get("items"), list):
            raise ValueError("the AnnotationPage has no 'items' list")
        return data["items"], context
    return [data], None


def check_collection(data: dict | list) -> list[str]:
    """Check every annotation in one annotation, a list, an AnnotationPage or an
    AnnotationCollection with an embedded first page. Members without their own
    ``@context`` inherit the container's (JSON-LD scoping). Each failure line
    starts with the annotation's id, or ``#index`` when it has none."""
    items, context = _members(data)
    failures: list[str] = []
    for index, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        label = ident if isinstance(ident, str) and ident else f"#{index}"
        failures.extend(f"{label}: {line}" for line in check_annotation(item, context=context))
    return failures
