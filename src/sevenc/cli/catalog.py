"""``sevenc catalog list|export|import``: the frameworks."""

from __future__ import annotations

from sevenc.cli.base import Command, Subparsers, add_group


def register(sub: Subparsers) -> None:
    csub = add_group(sub, "catalog", "list, export and import frameworks")
    c = csub.add_parser("list", help="list the frameworks", description="List the frameworks.")
    c.set_defaults(func=Command("catalog", "cmd_catalog_list"))
    c = csub.add_parser(
        "export",
        help="print a framework as a JSON or YAML document",
        description="Print a framework as the document that `catalog import` reads (format: docs/catalog.md).",
    )
    c.set_defaults(func=Command("catalog", "cmd_catalog_export"))
    c.add_argument("--framework", required=True, metavar="KEY", help="framework key, e.g. 7c")
    c.add_argument("--version", help="framework version (default: the newest)")
    c.add_argument("--format", choices=["json", "yaml"], default="json", help="(default: %(default)s)")
    c.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    c.add_argument("--workspace", metavar="SLUG", help="a version derived in this workspace (default: shipped ones)")
    c = csub.add_parser(
        "import",
        help="load a framework from a JSON or YAML file",
        description="Load a framework document (JSON or YAML). All or nothing: a file with "
        "problems lists every one and changes nothing. Loading the same file "
        "again changes nothing; changed content needs a new version.",
    )
    c.set_defaults(func=Command("catalog", "cmd_catalog_import"))
    c.add_argument("file", metavar="FILE", help="the document ('-' reads standard input)")
    c.add_argument(
        "--workspace",
        metavar="SLUG",
        help="load it as this workspace's own (published) version instead of a shipped one",
    )
