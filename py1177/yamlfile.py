"""Reading case and policy files safely: regular files only, bounded size, bounded YAML.

A case file or a policy test file comes from a colleague or a script; whatever it holds,
reading it must end quickly with either data or one clear :class:`InputError`:

- only a regular file is read (a symlink is followed and its target checked); a FIFO or a
  device is refused before it is read, and opened without blocking;
- at most :data:`MAX_FILE_BYTES` bytes;
- YAML is parsed by a safe loader that refuses nesting deeper than :data:`MAX_YAML_DEPTH`,
  more than :data:`MAX_YAML_NODES` values once aliases are expanded (an "anchor bomb" of a
  few hundred bytes would otherwise expand to billions of values), recursive aliases and
  duplicate keys, and leaves dates as text (``2023-02-30`` is then reported as a bad date).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from .errors import InputError

MAX_FILE_BYTES = 1_000_000
"""Largest case or policy file read, in bytes."""
MAX_YAML_NODES = 100_000
"""Most values (scalars, lists, mappings) a YAML document may hold with its aliases expanded."""
MAX_YAML_DEPTH = 64
"""Deepest nesting of lists and mappings in a YAML document, aliases expanded."""


def _reason(exc: OSError) -> object:
    """The operating system's reason, in the run's language (see :func:`py1177.i18n.os_reason`)."""
    from .i18n import os_reason

    return os_reason(exc)


def read_regular_file(path: Path, where: tuple[object, ...], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path`` if it is (or links to) a regular file of at most ``limit`` bytes.

    A FIFO, socket, device or directory is refused without reading it: the target is checked
    with ``stat`` first and again on the descriptor, which is opened with ``O_NONBLOCK`` so that
    a FIFO swapped in between can never block."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("file_missing", where) from None
    except OSError as exc:
        raise InputError("file_unreadable", where, reason=_reason(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("file_not_regular", where)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError("file_unreadable", where, reason=_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("file_not_regular", where)
        if info.st_size > limit:
            raise InputError("file_too_large", where, limit=limit)
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError("file_unreadable", where, reason=_reason(exc)) from None
    finally:
        os.close(fd)
    if size > limit:  # the file grew while it was read
        raise InputError("file_too_large", where, limit=limit)
    return b"".join(chunks)


class YamlRefused(Exception):
    """A YAML document beyond the limits: ``code`` and ``params`` of the :class:`InputError`
    to raise (the caller knows the file); ``str()`` says why in English."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(str(InputError(code, None, **params)))


def load_yaml(text: str) -> Any:
    """Parse one YAML document within the limits above; :class:`YamlRefused` or
    ``yaml.YAMLError`` when it is not valid or too big (never another exception)."""
    import yaml

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return loader.construct_document(node)
    except (yaml.YAMLError, YamlRefused):
        raise
    except RecursionError:
        raise YamlRefused("yaml_too_deep", limit=MAX_YAML_DEPTH) from None
    except Exception as exc:  # e.g. an integer of more digits than Python converts
        raise YamlRefused("yaml_invalid", detail=" ".join(str(exc).split())[:200] or type(exc).__name__) from None
    finally:
        loader.dispose()


def _check_expansion(root: Any) -> None:
    """Refuse a node graph whose expansion (every alias replaced by its value) holds more than
    :data:`MAX_YAML_NODES` nodes or nests deeper than :data:`MAX_YAML_DEPTH`, or is recursive.
    Linear in the graph (sizes are memoised per node), never in the expansion."""
    import yaml

    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded nodes, expanded depth)
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = (1, 1)
            continue
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = list(node.value)
        if children_done:
            on_path.discard(key)
            total = 1 + sum(sizes[id(c)][0] for c in children)
            depth = 1 + max((sizes[id(c)][1] for c in children), default=0)
            if total > MAX_YAML_NODES:
                raise YamlRefused("yaml_too_many", limit=MAX_YAML_NODES)
            if depth > MAX_YAML_DEPTH:
                raise YamlRefused("yaml_too_deep", limit=MAX_YAML_DEPTH)
            sizes[key] = (total, depth)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YamlRefused("yaml_recursive")
        on_path.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in on_path:
                raise YamlRefused("yaml_recursive")
            if id(child) not in sizes:
                stack.append((child, False))


_LOADER: Any = None


def _loader_class() -> Any:
    """A SafeLoader that bounds nesting while composing, refuses duplicate keys, and leaves
    dates as text."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self._depth += 1
            try:
                if self._depth > MAX_YAML_DEPTH:
                    raise YamlRefused("yaml_too_deep", limit=MAX_YAML_DEPTH)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                seen: set[Any] = set()
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=deep)
                    try:
                        duplicate = key in seen
                        seen.add(key)
                    except TypeError:  # unhashable: the base class says so
                        continue
                    if duplicate:
                        raise YamlRefused("yaml_duplicate_key", key=key, line=key_node.start_mark.line + 1)
            return super().construct_mapping(node, deep=deep)

    BoundedLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    _LOADER = BoundedLoader
    return _LOADER

