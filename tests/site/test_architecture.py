"""The map of the code stays the one the README draws: apps depend one way (no import cycle
between Django apps), the search app knows no app, and no product module grows past 500 lines."""
import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 500


def project_apps():
    """Our Django apps' dotted names (those whose code lives in this repository)."""
    return sorted(config.name for config in apps.get_app_configs()
                  if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).relative_to(ROOT).parts)


def app_of(module, names):
    """The most specific app a dotted module belongs to, or None."""
    owners = [name for name in names if module == name or module.startswith(name + ".")]
    return max(owners, key=len, default=None)


def product_modules():
    """(path, dotted module name) of every product module: tests, benchmarks, scripts and migrations aside."""
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "tests", "benchmarks", "scripts", "var"} or "migrations" in relative.parts:
            continue
        parts = relative.with_suffix("").parts
        yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path, module):
    """Every module name an import statement of this file names (relative imports resolved)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def app_dependencies():
    """{app: {app it imports: [files importing it]}}."""
    names = project_apps()
    graph = {name: {} for name in names}
    for path, module in product_modules():
        source = app_of(module, names)
        if source is None:
            continue
        for imported in imported_modules(path, module):
            target = app_of(imported, names)
            if target and target != source:
                graph[source].setdefault(target, set()).add(str(path.relative_to(ROOT)))
    return graph


def cycles(graph):
    """The strongly connected components of more than one app (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while not component or node not in component:
                component.add(stack.pop())
            on_stack.difference_update(component)
            if len(component) > 1:
                found.append(component)

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_checker_sees_a_cycle():
    assert cycles({"a": {"b": {"x"}}, "b": {"c": {"y"}}, "c": {"a": {"z"}}, "d": {"a": {"w"}}}) == [{"a", "b", "c"}]
    assert cycles({"a": {"b": {"x"}}, "b": {}}) == []


def test_the_checker_resolves_relative_imports(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from . import models\nfrom ..other.models import Thing\nimport os\n")
    found = set(imported_modules(module, "app.sub.views"))
    assert {"app.sub", "app.sub.models", "app.other.models", "app.other.models.Thing", "os"} <= found


def test_apps_depend_one_way():
    graph = app_dependencies()
    assert graph["base_documentaire"], "the checker must see the documentary base's imports"
    found = cycles(graph)
    details = {
        " ↔ ".join(sorted(component)): {
            f"{source} → {target}": sorted(files) for source in component
            for target, files in graph[source].items() if target in component
        } for component in found
    }
    assert not found, f"import cycles between apps: {details}"


def test_the_search_app_knows_no_app():
    assert app_dependencies()["search"] == {}


def test_no_product_module_over_500_lines():
    sizes = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
             for path, _module in product_modules()}
    assert len(sizes) > 100, "the checker must see the product's modules"
    assert {path: lines for path, lines in sizes.items() if lines > MAX_MODULE_LINES} == {}
