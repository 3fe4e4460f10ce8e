"""``newscrawl bench scale``: analyst operations timed on a database of N invented articles."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from newscrawl.bench import scale

    parser = subparsers.add_parser(
        "bench",
        help="benchmarks that ship with the package (scale: analyst queries at N articles)",
        description="Benchmarks that use only the installed package. The throughput "
        "benchmarks of a source checkout run as `python -m benchmarks`.",
    )
    which = parser.add_subparsers(dest="bench", required=True)
    scale_parser = which.add_parser(
        "scale",
        help="build N varied articles, then time search, daily counts, stats and clustering",
        description=(scale.__doc__ or "").split("\n\n")[0],
    )
    scale.add_arguments(scale_parser)
    scale_parser.set_defaults(func=scale.run)
